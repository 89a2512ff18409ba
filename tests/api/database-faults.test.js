// A bad day at the database: statements cancelled while they wait for a lock, backends
// terminated between requests, a database that accepts connections and never answers. Each
// answer must be right or a 503 problem, and the daemon must be itself again as soon as the
// database is (issue 20, items 1, 6 and 10).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, startCluster, psql, lockHeld } from './lib/harness.js';
import { createAccount, fileDraft, uploadDocument } from './lib/fixtures.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function assertProblem(res, status) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(res.body.status, status);
}

/** Polls `sql` (psql, on `url`) until it prints something other than '' or '0'; resolves to that.
 * A wait for a state, not a measure of speed: generous, for a busy machine. */
async function until(url, sql, what, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const out = await psql(url, sql);
    if (out !== '' && out !== '0') return out;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Terminates every other client backend of the server's database and waits until they are gone. */
async function terminateBackends(dbUrl) {
  const pids = await psql(dbUrl, 'SELECT string_agg(pid::text, \',\') FROM pg_stat_activity WHERE ' +
    'datname = current_database() AND pid <> pg_backend_pid() AND backend_type = \'client backend\'');
  assert.ok(pids, 'the server has database connections');
  await psql(dbUrl, `SELECT pg_terminate_backend(pid) FROM unnest('{${pids}}'::int[]) AS pid`);
  await until(dbUrl, `SELECT 1 WHERE NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = ANY('{${pids}}'))`,
    'the backends to exit');
}

/** The pid of a test cluster's postmaster. */
function postmasterOf(cluster) {
  return Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Calls `request` until it answers 200 (every 50 ms, for at most `ms`); resolves to the last answer. */
async function answered(request, ms = 2000) {
  const end = Date.now() + ms;
  for (;;) {
    const res = await request();
    if (res.status === 200 || Date.now() > end) return res;
    await sleep(50);
  }
}

describe('a statement cancelled while it waits', () => {
  test('a pipelined statement whose PREPARE was cancelled is prepared again on its next use', async () => {
    // One loop, one pipelined connection: the lookups below all use it, and it is new (nothing
    // prepared on it yet) when the first one waits for the lock.
    const server = await startServer({ env: { IPR_THREADS: '1', IPR_DB_PIPELINES: '1' } });
    try {
      const holder = await createAccount(server, 'rights_holder');
      const draft = await fileDraft(server, holder);
      const lookup = (id) => server.request('GET', `/v1/recordations/${id}`, { token: holder.token });
      const locker = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
        'BEGIN; LOCK TABLE recordations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT;']);
      const released = new Promise((r) => locker.on('exit', r));
      await lockHeld(server.databaseUrl, 'recordations');
      const waiting = lookup(draft.id);
      const pid = await until(server.databaseUrl,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' LIMIT 1",
        'the lookup to wait for the lock');
      await psql(server.databaseUrl, `SELECT pg_cancel_backend(${pid})`);
      // A cancelled statement did not run: the client is told to try again (503). When the cancel
      // lands on the PREPARE instead, the EXECUTE behind it in the pipeline cannot have run either,
      // and it is sent again once the statement is prepared: then the lookup answers, rightly.
      const first = await waiting;
      if (first.status === 200) assert.equal(first.body.id, draft.id);
      else assertProblem(first, 503);
      await released;
      for (let i = 0; i < 5; i++) {
        const res = await lookup(draft.id);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.id, draft.id);
      }
      assertProblem(await lookup(randomUUID()), 404);
    } finally {
      await server.stop();
    }
  });
});

describe('a failing statement among others', () => {
  test('a cancelled statement fails alone: the lookups sent with it in its batch are answered', async () => {
    // One loop, one pipelined connection: the lookups queue behind the one that waits for the
    // lock, and those read in the same turn share a batch (one Sync). PostgreSQL skips the rest
    // of a batch after a failure: those did not run and must be sent again, not answered 503.
    // Twice: the first waiting lookup may have been alone in its batch, the next one hardly is.
    const server = await startServer({ env: { IPR_THREADS: '1', IPR_DB_PIPELINES: '1' } });
    try {
      const holder = await createAccount(server, 'rights_holder');
      const draft = await fileDraft(server, holder);
      const lookup = (id) => server.request('GET', `/v1/recordations/${id}`, { token: holder.token });
      assert.equal((await lookup(draft.id)).status, 200); // prepared, the session cached
      const locker = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
        'BEGIN; LOCK TABLE recordations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT;']);
      const released = new Promise((r) => locker.on('exit', r));
      await lockHeld(server.databaseUrl, 'recordations');
      const waiting = Array.from({ length: 12 }, () => lookup(draft.id));
      const waiter = "SELECT pid || ':' || query_start FROM pg_stat_activity WHERE datname = current_database() " +
        "AND wait_event_type = 'Lock' AND query NOT LIKE '%LOCK TABLE%'";
      const first = await until(server.databaseUrl, waiter, 'a lookup to wait for the lock');
      await sleep(200); // the others are sent meanwhile
      await psql(server.databaseUrl, `SELECT pg_cancel_backend(${first.split(':')[0]})`);
      const second = await until(server.databaseUrl, `SELECT x FROM (${waiter}) AS w(x) WHERE x <> '${first}'`,
        'the next lookup to wait for the lock');
      await psql(server.databaseUrl, `SELECT pg_cancel_backend(${second.split(':')[0]})`);
      const answers = await Promise.all(waiting);
      await released;
      const refused = answers.filter((res) => res.status !== 200);
      assert.ok(refused.length <= 2, `only the two cancelled lookups may fail: ${answers.map((r) => r.status)}`);
      for (const res of refused) assertProblem(res, 503);
      for (const res of answers.filter((r) => r.status === 200)) assert.equal(res.body.id, draft.id);
    } finally {
      await server.stop();
    }
  });
});

describe('backends lost between requests', () => {
  test('the first statements after the database lost every backend are answered, writes included', async () => {
    // One handler thread: its connection is the one lost, and the next write is its first use.
    const server = await startServer({ env: { IPR_THREADS: '1', IPR_HANDLER_THREADS: '1' } });
    try {
      const holder = await createAccount(server, 'rights_holder');
      const draft = await fileDraft(server, holder);
      await terminateBackends(server.databaseUrl);
      // A transaction (BEGIN first): the upload of a document.
      await uploadDocument(server, holder, draft.id, 'registration_certificate');
      await terminateBackends(server.databaseUrl);
      // One statement outside a transaction: a new draft.
      const second = await fileDraft(server, holder);
      await terminateBackends(server.databaseUrl);
      const res = await server.request('GET', `/v1/recordations/${second.id}`, { token: holder.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.id, second.id);
      const count = await psql(server.databaseUrl, 'SELECT count(*) FROM documents');
      assert.equal(count, '1');
    } finally {
      await server.stop();
    }
  });
});

describe('a database that does not answer', () => {
  test('the event loop goes on serving while a connection attempt hangs, which gives up after the connect timeout', async () => {
    const cluster = await startCluster();
    const server = await startServer({ databaseUrl: cluster.url,
      env: { IPR_THREADS: '1', IPR_DB_CONNECT_TIMEOUT: '2' } });
    const postmaster = postmasterOf(cluster);
    let stopped = false;
    try {
      const holder = await createAccount(server, 'rights_holder');
      const draft = await fileDraft(server, holder);
      // The loop's pipelined connection is made on its first lookup: after this, it hangs.
      process.kill(postmaster, 'SIGSTOP');
      stopped = true;
      const started = Date.now();
      const waiting = server.request('GET', `/v1/recordations/${draft.id}`, { token: holder.token });
      await sleep(300);
      for (let i = 0; i < 5; i++) {
        const t = Date.now();
        const health = await server.request('GET', '/healthz', { signal: AbortSignal.timeout(3000) });
        assert.equal(health.status, 200);
        // a loop held up by the attempt would take its 2 s connect timeout
        assert.ok(Date.now() - t < 1500, `/healthz took ${Date.now() - t} ms`);
        await sleep(100);
      }
      assertProblem(await waiting, 503);
      const took = Date.now() - started;
      // the connect timeout (2 s), not a hang; a busy machine adds its delays on top
      assert.ok(took >= 1500 && took < 6000, `the connection attempt gave up after ${took} ms`);
      process.kill(postmaster, 'SIGCONT');
      stopped = false;
      const res = await answered(() => server.request('GET', `/v1/recordations/${draft.id}`, { token: holder.token }));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.id, draft.id);
    } finally {
      if (stopped) process.kill(postmaster, 'SIGCONT');
      await server.stop();
      await cluster.remove();
    }
  });

  test('after a connection attempt timed out, the next requests are not made to wait for another one at once', async () => {
    const cluster = await startCluster();
    const server = await startServer({ databaseUrl: cluster.url,
      env: { IPR_THREADS: '1', IPR_HANDLER_THREADS: '1', IPR_DB_CONNECT_TIMEOUT: '2' } });
    const postmaster = postmasterOf(cluster);
    let stopped = false;
    try {
      // /readyz runs on the one handler thread; its connection is lost, and the postmaster hangs.
      assert.equal((await server.request('GET', '/readyz')).status, 200);
      const dbUrl = server.databaseUrl;
      await psql(dbUrl, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'iprd'");
      await until(dbUrl, "SELECT 1 WHERE NOT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = 'iprd')",
        'the backend to exit');
      process.kill(postmaster, 'SIGSTOP');
      stopped = true;
      // Three at once, one after the other on that thread: the first waits for the connect
      // timeout; the others come within DB_RECONNECT_INTERVAL_NS of its failure and get 503 at once.
      const started = Date.now();
      const answers = await Promise.all([1, 2, 3].map(() => server.request('GET', '/readyz')));
      const took = Date.now() - started;
      for (const res of answers) assertProblem(res, 503);
      // one connect timeout (2 s), not three (6 s)
      assert.ok(took >= 1500 && took < 4500, `three requests took ${took} ms`);
      process.kill(postmaster, 'SIGCONT');
      stopped = false;
      assert.equal((await answered(() => server.request('GET', '/readyz'))).status, 200);
    } finally {
      if (stopped) process.kill(postmaster, 'SIGCONT');
      await server.stop();
      await cluster.remove();
    }
  });

  test('a statement on a stopped server is given up after the statement and connect timeouts', async () => {
    const cluster = await startCluster();
    const server = await startServer({ databaseUrl: cluster.url,
      env: { IPR_THREADS: '1', IPR_HANDLER_THREADS: '1', IPR_DB_CONNECT_TIMEOUT: '2', IPR_DB_STATEMENT_TIMEOUT: '1' } });
    const postmaster = postmasterOf(cluster);
    const children = () => readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).map(Number);
    let stopped = [];
    try {
      const holder = await createAccount(server, 'rights_holder');
      const draft = await fileDraft(server, holder);
      const lookup = () => server.request('GET', `/v1/recordations/${draft.id}`, { token: holder.token });
      assert.equal((await lookup()).status, 200);
      assert.equal((await server.request('GET', '/readyz')).status, 200);
      // The whole server stops: its backends too, so that no timeout of its own can fire.
      stopped = [postmaster, ...children()];
      for (const pid of stopped) process.kill(pid, 'SIGSTOP');
      const started = Date.now();
      // A pipelined lookup (the loop's connection) and a handler thread's statement (/readyz).
      const signal = AbortSignal.timeout(10000);
      const [pipelined, handled] = await Promise.all([
        server.request('GET', `/v1/recordations/${draft.id}`, { token: holder.token, signal }),
        server.request('GET', '/readyz', { signal })]);
      const took = Date.now() - started;
      assertProblem(pipelined, 503);
      assertProblem(handled, 503);
      assert.ok(took >= 2500 && took < 8000, `gave up after ${took} ms`);
      assert.equal((await server.request('GET', '/healthz', { signal: AbortSignal.timeout(1000) })).status, 200);
      for (const pid of stopped) process.kill(pid, 'SIGCONT');
      stopped = [];
      const res = await answered(lookup);
      assert.equal(res.status, 200, res.text);
      assert.equal((await server.request('GET', '/readyz')).status, 200);
    } finally {
      for (const pid of stopped) process.kill(pid, 'SIGCONT');
      await server.stop();
      await cluster.remove();
    }
  });
});
