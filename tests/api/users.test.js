// The administrator's list of users, and taking a user's access away and giving it back.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql } from './lib/harness.js';
import { createAdmin, createOfficer, ensureOffice, login, setupRegistry, PASSWORD } from './lib/fixtures.js';

describe('users', async () => {
  const server = await startServer();
  const { admin, holder, importer } = await setupRegistry(server);
  test.after(() => server.stop());

  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });
  const me = (who) => as(who, 'GET', '/v1/me');
  const logIn = (email, password = PASSWORD) => server.request('POST', '/v1/sessions', { body: { email, password } });

  test('the administrator lists users, sorted by email and filtered', async () => {
    const all = await as(admin, 'GET', '/v1/users?limit=200');
    assert.equal(all.status, 200);
    const emails = all.body.items.map((u) => u.email.toLowerCase());
    assert.deepEqual(emails, [...emails].sort(), 'sorted by email');
    assert.ok(all.body.items.some((u) => u.id === holder.user.id));
    assert.ok(all.body.items.every((u) => u.disabled_at === null && u.disabled_reason === null));

    const importers = await as(admin, 'GET', '/v1/users?role=importer&limit=200');
    assert.equal(importers.status, 200);
    assert.ok(importers.body.items.length >= 1);
    assert.ok(importers.body.items.every((u) => u.role === 'importer'));

    const ofOrganization = await as(admin, 'GET', `/v1/users?organization_id=${holder.organization.id}`);
    assert.deepEqual(ofOrganization.body.items.map((u) => u.id), [holder.user.id]);

    await ensureOffice(server, admin, 'CNNGB', 'port', 'Ningbo customs');
    const officer = await createOfficer(server, admin, 'CNNGB');
    const ofOffice = await as(admin, 'GET', '/v1/users?office_code=CNNGB');
    assert.deepEqual(ofOffice.body.items.map((u) => u.id), [officer.user.id]);

    // Pages of one: every user once, in order.
    const seen = [];
    let cursor = null;
    do {
      const page = await as(admin, 'GET', `/v1/users?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((u) => u.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    const everyone = await as(admin, 'GET', '/v1/users?limit=200');
    assert.deepEqual(seen, everyone.body.items.map((u) => u.id));

    const bad = await as(admin, 'GET', '/v1/users?role=smuggler&disabled=maybe&organization_id=42');
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['disabled', 'organization_id', 'role']);
  });

  test('a disabled officer is refused at once, cannot log in, and can be enabled again', async () => {
    await ensureOffice(server, admin, 'CNXMN', 'port', 'Xiamen customs');
    const officer = await createOfficer(server, admin, 'CNXMN');
    const second = await login(server, officer.email);
    assert.equal((await me(officer)).status, 200);
    assert.equal((await me(second)).status, 200);

    const off = await as(admin, 'POST', `/v1/users/${officer.user.id}/disable`, { reason: 'Left the Xiamen district' });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.id, officer.user.id);
    assert.ok(Date.parse(off.body.disabled_at) <= Date.now());
    assert.equal(off.body.disabled_reason, 'Left the Xiamen district');

    assert.equal((await me(officer)).status, 401, 'every session ended');
    assert.equal((await me(second)).status, 401);
    const open = await psql(server.databaseUrl,
      `SELECT count(*) FROM sessions WHERE user_id = '${officer.user.id}' AND revoked_at IS NULL`);
    assert.equal(open.trim(), '0');

    const refused = await logIn(officer.email);
    const wrong = await logIn(holder.email, 'not the password at all');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.detail, wrong.body.detail, 'like a wrong password');

    const again = await as(admin, 'POST', `/v1/users/${officer.user.id}/disable`, { reason: 'twice' });
    assert.equal(again.status, 409);
    const listed = await as(admin, 'GET', '/v1/users?disabled=true&limit=200');
    assert.ok(listed.body.items.some((u) => u.id === officer.user.id));

    const on = await as(admin, 'POST', `/v1/users/${officer.user.id}/enable`);
    assert.equal(on.status, 200, on.text);
    assert.equal(on.body.disabled_at, null);
    assert.equal(on.body.disabled_reason, null);
    assert.equal((await me(officer)).status, 401, 'old sessions stay ended');
    assert.equal((await logIn(officer.email)).status, 201, 'logs in again');
    assert.equal((await as(admin, 'POST', `/v1/users/${officer.user.id}/enable`)).status, 409);
  });

  test('a company account is disabled the same way; its records stay', async () => {
    const before = await as(admin, 'GET', `/v1/users?organization_id=${importer.organization.id}`);
    const res = await as(admin, 'POST', `/v1/users/${importer.user.id}/disable`, { reason: 'Credentials leaked' });
    assert.equal(res.status, 200);
    assert.equal((await me(importer)).status, 401);
    assert.equal((await logIn(importer.email)).status, 401);
    const after = await as(admin, 'GET', `/v1/users?organization_id=${importer.organization.id}`);
    assert.equal(after.body.items.length, before.body.items.length);
    assert.equal((await as(admin, 'POST', `/v1/users/${importer.user.id}/enable`)).status, 200);
  });

  test('what cannot be disabled, and what a disable needs', async () => {
    const self = await as(admin, 'POST', `/v1/users/${admin.user.id}/disable`, { reason: 'oops' });
    assert.equal(self.status, 409);
    assert.equal((await me(admin)).status, 200);

    const other = await createAdmin(server);
    const unknown = await as(admin, 'POST', '/v1/users/00000000-0000-4000-8000-000000000000/disable', { reason: 'x' });
    assert.equal(unknown.status, 404);
    assert.equal((await as(admin, 'POST', '/v1/users/00000000-0000-4000-8000-000000000000/enable')).status, 404);

    const noReason = await as(admin, 'POST', `/v1/users/${other.user.id}/disable`, {});
    assert.equal(noReason.status, 422);
    assert.deepEqual(noReason.body.errors.map((e) => e.field), ['reason']);
    assert.equal((await me(other)).status, 200, 'nothing happened');

    const byHolder = await as(holder, 'POST', `/v1/users/${other.user.id}/disable`, { reason: 'x' });
    assert.equal(byHolder.status, 403);
  });
});

describe('changing one\'s own password', async () => {
  const server = await startServer();
  const { admin } = await setupRegistry(server);
  test.after(() => server.stop());

  const change = (who, body) => server.request('PUT', '/v1/me/password', { token: who.token, body });
  const me = (who) => server.request('GET', '/v1/me', { token: who.token });
  const logIn = (email, password) => server.request('POST', '/v1/sessions', { body: { email, password } });

  test('an officer replaces the password the administrator gave; the other sessions end', async () => {
    await ensureOffice(server, admin, 'CNTAO', 'port', 'Qingdao customs');
    const officer = await createOfficer(server, admin, 'CNTAO');
    const elsewhere = await login(server, officer.email);

    const wrong = await change(officer, { current_password: 'not it at all', new_password: 'my very own passphrase' });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.body.errors.map((e) => e.field), ['current_password']);
    const short = await change(officer, { current_password: PASSWORD, new_password: 'short' });
    assert.equal(short.status, 422);
    assert.deepEqual(short.body.errors.map((e) => e.field), ['new_password']);
    assert.equal((await logIn(officer.email, PASSWORD)).status, 201, 'nothing changed yet');

    const done = await change(officer, { current_password: PASSWORD, new_password: 'my very own passphrase' });
    assert.equal(done.status, 204, done.text);
    assert.equal((await me(officer)).status, 200, 'the session that changed it stays');
    assert.equal((await me(elsewhere)).status, 401, 'the other sessions end');
    assert.equal((await logIn(officer.email, PASSWORD)).status, 401, 'the old password is gone');
    assert.equal((await logIn(officer.email, 'my very own passphrase')).status, 201);
  });

  test('guessing the current password with a stolen token is throttled', async () => {
    const victim = await createAdmin(server);
    let last;
    for (let i = 0; i < 8 && last?.status !== 429; i++) {
      last = await change(victim, { current_password: `guess number ${i}`, new_password: 'attacker passphrase 1' });
    }
    assert.equal(last.status, 429);
    const retry = Number(last.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    // the owner is slowed down, not locked out: once the wait is over the right password works
    await new Promise((resolve) => setTimeout(resolve, retry * 1000 + 50));
    assert.equal((await change(victim, { current_password: PASSWORD, new_password: 'the owner passphrase 1' })).status, 204);
  });
});
