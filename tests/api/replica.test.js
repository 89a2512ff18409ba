// Reads from a replica and a database named by several hosts (issue 23). bench/failover runs
// the real topology (a streaming standby, its promotion); here: the register's statements go
// to IPR_DATABASE_READ_URL's connections and nothing else does, the primary answers when the
// replica cannot, and a multi-host IPR_DATABASE_URL finds the host that takes writes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newDatabase, psql, freePort } from './lib/harness.js';
import { setupRegistry, fileApproved } from './lib/fixtures.js';
import { completeFiling } from './lib/filings.js';

/** The statements iprd's connections named `name` last ran, in the test cluster. */
async function lastStatements(url, name) {
  return psql(url, `SELECT string_agg(query, E'\\n') FROM pg_stat_activity WHERE application_name = '${name}'
                     AND datname = current_database()`);
}

describe('a read replica', () => {
  test('serves the public register, and only it; the primary serves everything else', async () => {
    const databaseUrl = await newDatabase();
    // The same database stands in for the standby: what is checked is who is asked.
    const server = await startServer({ databaseUrl, env: { IPR_DATABASE_READ_URL: databaseUrl } });
    try {
      const { holder, hq } = await setupRegistry(server);
      const a = await fileApproved(server, holder, hq, completeFiling({ title: 'Replica Lotus' }));
      const res = await server.request('GET', '/v1/register?q=replica+lotus');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.items.map((x) => x.number), [a.number]);
      assert.match(await lastStatements(databaseUrl, 'iprd-replica'), /register_vocabulary/);
      const own = await server.request('GET', '/v1/recordations?limit=1', { token: holder.token });
      assert.equal(own.status, 200);
      assert.doesNotMatch(await lastStatements(databaseUrl, 'iprd-replica'), /FROM recordations r\s+WHERE r.organization_id/,
        'a holder reads its own writes from the primary');
    } finally {
      await server.stop();
    }
  });

  test('when the replica cannot answer, the primary does', async () => {
    const databaseUrl = await newDatabase();
    const nowhere = `postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`;
    const server = await startServer({ databaseUrl, env: { IPR_DATABASE_READ_URL: nowhere } });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await server.request('GET', '/v1/register?q=anything');
        assert.equal(res.status, 200, res.text);
      }
      assert.match(server.log(), /database connection failed/);
    } finally {
      await server.stop();
    }
  });
});

describe('a database named by several hosts', () => {
  test('target_session_attrs=read-write: the first host that takes writes', async () => {
    const databaseUrl = await newDatabase();
    const u = new URL(databaseUrl);
    const down = await freePort();
    // A host that refuses first, then the real one.
    const multi = `postgresql://${u.username}@127.0.0.1:${down},${u.host}${u.pathname}?target_session_attrs=read-write`;
    const server = await startServer({ databaseUrl: multi });
    try {
      const { holder } = await setupRegistry(server);
      const res = await server.request('POST', '/v1/recordations', { token: holder.token, body: completeFiling() });
      assert.equal(res.status, 201, res.text);
      assert.equal((await server.request('GET', `/v1/recordations/${res.body.id}`, { token: holder.token })).status, 200);
      assert.equal(await psql(databaseUrl, `SELECT count(*) FROM recordations WHERE id = '${res.body.id}'`), '1');
    } finally {
      await server.stop();
    }
  });
});
