// The daemon's in-memory caches (sessions, the working-day calendar) follow changes made
// behind its back: by a second iprd on the same database, or by an administrator's SQL
// (server/db/listen.h, migration 0007). Two real daemons share one real database here.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql, within } from './lib/harness.js';
import { createAccount, createAdmin } from './lib/fixtures.js';

describe('caches across daemons', async () => {
  const a = await startServer();
  const b = await startServer({ databaseUrl: a.databaseUrl });
  const admin = await createAdmin(a);
  test.after(async () => { await b.stop(); await a.stop(); });

  const me = (server, token) => server.request('GET', '/v1/me', { token });

  test('a logout on one daemon ends the token on the other', async () => {
    const { token } = await createAccount(a, 'importer');
    assert.equal((await me(b, token)).status, 200, 'b knows the token (and caches it)');
    assert.equal((await me(b, token)).status, 200);
    assert.equal((await a.request('DELETE', '/v1/sessions/current', { token })).status, 204);
    const ms = await within(async () => (await me(b, token)).status === 401, 'the logout on b');
    assert.ok(ms < 1000, `${ms} ms`);
  });

  test('a session revoked in SQL by an administrator stops working on every daemon', async () => {
    const { token, user } = await createAccount(a, 'rights_holder');
    assert.equal((await me(a, token)).status, 200);
    assert.equal((await me(b, token)).status, 200);
    await psql(a.databaseUrl, `UPDATE sessions SET revoked_at = now() WHERE user_id = '${user.id}'`);
    await within(async () => (await me(a, token)).status === 401, 'the revocation on a');
    await within(async () => (await me(b, token)).status === 401, 'the revocation on b');
  });

  test('a change to the user behind a cached session is seen', async () => {
    const { token, organization } = await createAccount(a, 'importer');
    assert.equal((await me(b, token)).status, 200);
    // Deleting the user's sessions and the user is what an administrator does to shut an account.
    await psql(a.databaseUrl, `DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE organization_id = '${organization.id}')`);
    await within(async () => (await me(b, token)).status === 401, 'the deleted session on b');
  });

  test('a holiday declared through one daemon moves the deadlines the other computes', async () => {
    const addDay = (server) => server.request('GET', '/v1/calendar/working-days?start=2032-03-01&add=1');
    assert.equal((await addDay(b)).body.date, '2032-03-02', 'b has its calendar loaded');
    const put = await a.request('PUT', '/v1/calendar/2032-03-02', {
      token: admin.token, body: { kind: 'holiday', name: 'Test holiday' },
    });
    assert.ok([200, 201].includes(put.status), `PUT answered ${put.status}`);
    await within(async () => (await addDay(b)).body.date === '2032-03-03', 'the holiday on b');
    await psql(a.databaseUrl, "DELETE FROM calendar_exceptions WHERE day = '2032-03-02'");
    await within(async () => (await addDay(a)).body.date === '2032-03-02', 'the SQL deletion on a');
    await within(async () => (await addDay(b)).body.date === '2032-03-02', 'the SQL deletion on b');
  });

  test('while a daemon cannot listen for changes it trusts no cache, and it listens again by itself', async () => {
    const { token, user } = await createAccount(a, 'importer');
    assert.equal((await me(b, token)).status, 200);
    // Cut every daemon's listening connection, then revoke at once: whatever the daemons heard
    // or not, the token must be refused.
    await psql(a.databaseUrl, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'iprd-listen'");
    await psql(a.databaseUrl, `UPDATE sessions SET revoked_at = now() WHERE user_id = '${user.id}'`);
    await within(async () => (await me(b, token)).status === 401, 'the revocation on b');
    await within(async () => /listen: caches follow the database's changes again/.test(b.log()),
      'b listening again', 5000);
    assert.match(b.log(), /listen: connection lost/);
    const second = await createAccount(a, 'importer');
    assert.equal((await me(b, second.token)).status, 200);
    assert.equal((await a.request('DELETE', '/v1/sessions/current', { token: second.token })).status, 204);
    await within(async () => (await me(b, second.token)).status === 401, 'a logout after the reconnection');
  });
});
