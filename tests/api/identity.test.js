// Accounts, sessions, offices and officers, through the real server and database.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, psql } from './lib/harness.js';
import { accountBody, createAdmin, createAccount, ensureOffice, login, PASSWORD, unique } from './lib/fixtures.js';

const run = promisify(execFile);

describe('identity', async () => {
  const server = await startServer();
  const admin = await createAdmin(server);

  test.after(() => server.stop());

  test('a rights holder registers, logs in, sees itself, logs out', async () => {
    const body = accountBody('rights_holder');
    const created = await server.request('POST', '/v1/accounts', { body });
    assert.equal(created.status, 201);
    assert.equal(created.body.organization.name, body.organization.name);
    assert.equal(created.body.organization.kind, 'rights_holder');
    assert.equal(created.body.user.email, body.user.email);
    assert.equal(created.body.user.role, 'rights_holder');
    assert.ok(!created.text.includes(PASSWORD), 'the password never comes back');
    assert.ok(!created.text.includes('argon2'), 'nor its hash');

    const session = await server.request('POST', '/v1/sessions', {
      body: { email: body.user.email.toUpperCase(), password: PASSWORD },
    });
    assert.equal(session.status, 201);
    assert.match(session.body.token, /^ipr_[A-Za-z0-9_-]{43}$/);
    assert.ok(Date.parse(session.body.expires_at) > Date.now());

    const me = await server.request('GET', '/v1/me', { token: session.body.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.user.id, created.body.user.id);
    assert.equal(me.body.organization.id, created.body.organization.id);
    assert.equal(me.body.office, null);

    const out = await server.request('DELETE', '/v1/sessions/current', { token: session.body.token });
    assert.equal(out.status, 204);
    const after = await server.request('GET', '/v1/me', { token: session.body.token });
    assert.equal(after.status, 401);
    assert.match(after.headers.get('www-authenticate'), /^Bearer/);
  });

  test('only a hash of the token is stored', async () => {
    const holder = await createAccount(server, 'importer');
    const rows = await psql(server.databaseUrl, `SELECT count(*) FROM sessions WHERE token_hash = '${holder.token}'`);
    assert.equal(rows.trim(), '0');
    const all = await psql(server.databaseUrl, 'SELECT token_hash FROM sessions');
    assert.ok(!all.includes(holder.token));
  });

  test('every bad field of a registration is named, and nothing is written', async () => {
    const before = await psql(server.databaseUrl, 'SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM users)');
    const res = await server.request('POST', '/v1/accounts', {
      body: {
        kind: 'smuggler',
        organization: { name: '', country: 'cn', registration_number: 'x'.repeat(65), address: 'A',
          contact_email: 'not-an-email', phone: 'call me', extra: 1 },
        user: { email: 'a@b', password: 'short', full_name: 'X' },
        colour: 'red',
      },
    });
    assert.equal(res.status, 422);
    const fields = res.body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['colour', 'kind', 'organization.contact_email', 'organization.country',
      'organization.extra', 'organization.name', 'organization.phone', 'organization.registration_number',
      'user.email', 'user.password'].sort());
    const after = await psql(server.databaseUrl, 'SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM users)');
    assert.equal(after, before);
  });

  test('missing objects and wrong types are named', async () => {
    const res = await server.request('POST', '/v1/accounts', { body: { kind: 'importer', organization: 'ACME' } });
    assert.equal(res.status, 422);
    const fields = res.body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['organization', 'user']);
  });

  test('emails are unique without regard to case', async () => {
    const body = accountBody('importer');
    assert.equal((await server.request('POST', '/v1/accounts', { body })).status, 201);
    const again = accountBody('importer', { user: { email: body.user.email.toUpperCase() } });
    const res = await server.request('POST', '/v1/accounts', { body: again });
    assert.equal(res.status, 409);
    assert.equal(res.body.errors[0].field, 'user.email');
  });

  test('unknown email and wrong password get the same answer', async () => {
    const holder = await createAccount(server, 'rights_holder');
    const wrong = await server.request('POST', '/v1/sessions', { body: { email: holder.email, password: 'wrong password!' } });
    const unknown = await server.request('POST', '/v1/sessions', {
      body: { email: `${unique('nobody')}@nowhere.example`, password: 'wrong password!' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.detail, unknown.body.detail);
    assert.equal(wrong.body.title, unknown.body.title);
  });

  test('customs offices: the admin creates them, users list them, others may not create', async () => {
    const code = unique('P').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12);
    const created = await server.request('POST', '/v1/customs-offices', {
      token: admin.token, body: { code, name: 'Ningbo Customs', kind: 'port' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.code, code);
    const dup = await server.request('POST', '/v1/customs-offices', {
      token: admin.token, body: { code, name: 'Again', kind: 'port' },
    });
    assert.equal(dup.status, 409);
    const bad = await server.request('POST', '/v1/customs-offices', {
      token: admin.token, body: { code: 'x', name: '', kind: 'airport' },
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['code', 'kind', 'name']);

    const holder = await createAccount(server, 'rights_holder');
    const refused = await server.request('POST', '/v1/customs-offices', {
      token: holder.token, body: { code: 'ZZ99', name: 'Fake', kind: 'port' },
    });
    assert.equal(refused.status, 403);

    const seen = [];
    let cursor = null;
    do {
      const page = await server.request('GET', `/v1/customs-offices?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: holder.token });
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 1);
      seen.push(...page.body.items.map((o) => o.code));
      cursor = page.body.next_cursor;
    } while (cursor);
    assert.ok(seen.includes(code));
    assert.equal(new Set(seen).size, seen.length, 'no office repeated across pages');
  });

  test('officers: created by the admin in an office, with the role of its kind', async () => {
    await ensureOffice(server, admin, 'HQ', 'headquarters');
    await ensureOffice(server, admin, 'CNSHA', 'port');
    const email = `${unique('officer')}@customs.example`;
    const res = await server.request('POST', '/v1/officers', {
      token: admin.token, body: { email, password: PASSWORD, full_name: 'Wang Fang', office_code: 'CNSHA' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.role, 'port_officer');
    assert.equal(res.body.office_code, 'CNSHA');
    const officer = await login(server, email);
    const me = await server.request('GET', '/v1/me', { token: officer.token });
    assert.equal(me.body.office.code, 'CNSHA');
    assert.equal(me.body.organization, null);

    const hq = await server.request('POST', '/v1/officers', {
      token: admin.token, body: { email: `${unique('hq')}@customs.example`, password: PASSWORD, full_name: 'Chen Jing', office_code: 'HQ' },
    });
    assert.equal(hq.body.role, 'hq_officer');

    const unknownOffice = await server.request('POST', '/v1/officers', {
      token: admin.token, body: { email: `${unique('o')}@customs.example`, password: PASSWORD, full_name: 'X', office_code: 'NOPE' },
    });
    assert.equal(unknownOffice.status, 422);
    assert.equal(unknownOffice.body.errors[0].field, 'office_code');
  });

  test('create-admin reads the password from standard input and refuses a duplicate', async () => {
    const email = `${unique('root')}@registry.example`;
    const env = { ...process.env, IPR_DATABASE_URL: server.databaseUrl, IPR_PASSWORD_OPS: '1', IPR_PASSWORD_MEMORY: '8M' };
    delete env.IPR_ADMIN_PASSWORD;
    const child = execFile(process.env.IPR_TEST_BIN, ['create-admin', '--email', email], { env });
    child.stdin.end(`${PASSWORD}\n`);
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    const session = await login(server, email);
    assert.equal(session.user.role, 'admin');
    await assert.rejects(run(process.env.IPR_TEST_BIN, ['create-admin', '--email', email],
      { env: { ...env, IPR_ADMIN_PASSWORD: PASSWORD } }));
    await assert.rejects(run(process.env.IPR_TEST_BIN, ['create-admin', '--email', `${unique('r')}@x.example`],
      { env: { ...env, IPR_ADMIN_PASSWORD: 'short' } }));
  });
});

describe('password hashes follow the cost settings', async () => {
  test('a hash made with an older cost is redone at the next login', async () => {
    const first = await startServer({ env: { IPR_PASSWORD_OPS: '1', IPR_PASSWORD_MEMORY: '8M' } });
    const holder = await createAccount(first, 'rights_holder');
    const before = await psql(first.databaseUrl, `SELECT password_hash FROM users WHERE id = '${holder.user.id}'`);
    assert.match(before, /m=8192,t=1/);
    await first.stop();
    const second = await startServer({ databaseUrl: first.databaseUrl, env: { IPR_PASSWORD_OPS: '2', IPR_PASSWORD_MEMORY: '16M' } });
    try {
      await login(second, holder.email);
      const after = await psql(second.databaseUrl, `SELECT password_hash FROM users WHERE id = '${holder.user.id}'`);
      assert.match(after, /m=16384,t=2/);
      await login(second, holder.email);
    } finally {
      await second.stop();
    }
  });
});

test('unknown email and wrong password take about the same time (Argon2 runs for both)', async () => {
  const server = await startServer({ env: { IPR_PASSWORD_OPS: '2', IPR_PASSWORD_MEMORY: '32M', IPR_LOGIN_FREE_FAILURES: '1000' } });
  try {
    const holder = await createAccount(server, 'rights_holder');
    const time = async (email) => {
      const started = process.hrtime.bigint();
      const res = await server.request('POST', '/v1/sessions', { body: { email, password: 'wrong password!' } });
      assert.equal(res.status, 401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known = [];
    const unknown = [];
    for (let i = 0; i < 7; i++) {
      known.push(await time(holder.email));
      unknown.push(await time(`${unique('nobody')}@nowhere.example`));
    }
    const ratio = median(unknown) / median(known);
    assert.ok(ratio > 0.5 && ratio < 2, `unknown ${median(unknown).toFixed(1)} ms vs wrong password ${median(known).toFixed(1)} ms`);
    assert.ok(median(unknown) > 5, 'an unknown email must cost a hash too');
  } finally {
    await server.stop();
  }
});
