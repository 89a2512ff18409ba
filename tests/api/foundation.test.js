// The daemon itself: operations endpoints, the router's and the HTTP layer's answers, request
// ids, settings, losing and regaining the database, and a clean stop under SIGTERM.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, startCluster, psql, lockHeld, rawHttp } from './lib/harness.js';
import { createAccount } from './lib/fixtures.js';

const run = promisify(execFile);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertProblem(res, status) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, 'string');
  assert.equal(typeof res.body.detail, 'string');
  assert.equal(res.body.request_id, res.headers.get('x-request-id'));
}

describe('foundation', async () => {
  const metricsToken = 'scraper-'.padEnd(40, 'x');
  const server = await startServer({ env: { IPR_MAX_BODY: '64K', IPR_METRICS_TOKEN: metricsToken } });
  test.after(() => server.stop());

  test('health, readiness and the API document', async () => {
    const health = await server.request('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok' });
    const ready = await server.request('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ready');
    assert.match(ready.body.migration, /^\d{4}$/);
    const doc = await server.request('GET', '/v1/openapi.yaml');
    assert.equal(doc.status, 200);
    assert.match(doc.text, /^openapi: 3\.1/);
    const head = await server.request('HEAD', '/healthz', { validate: false });
    assert.equal(head.status, 200);
  });

  test('every response carries a request id: the client\'s when sane, else a new one', async () => {
    const own = await server.request('GET', '/healthz', { headers: { 'x-request-id': 'trace-42.a:b' } });
    assert.equal(own.headers.get('x-request-id'), 'trace-42.a:b');
    const generated = await server.request('GET', '/healthz');
    assert.match(generated.headers.get('x-request-id'), UUID);
    const hostile = await server.request('GET', '/healthz', { headers: { 'x-request-id': 'a b<script>' } });
    assert.match(hostile.headers.get('x-request-id'), UUID);
    const missing = await server.request('GET', '/v1/no/such/thing', { headers: { 'x-request-id': 'r-404' } });
    assert.equal(missing.headers.get('x-request-id'), 'r-404');
    assert.equal(missing.body.request_id, 'r-404');
    // the log line names method, route, status, duration and request id
    await new Promise((r) => setTimeout(r, 50));
    const line = server.log().split('\n').find((l) => l.includes('r-404'));
    assert.ok(line, 'no log line for the request');
    assert.match(line, /GET/);
    assert.match(line, /404/);
  });

  test('the router: unknown path 404, wrong method 405 with Allow, bad id 404', async () => {
    assertProblem(await server.request('GET', '/v1/nothing-here'), 404);
    const wrong = await server.request('DELETE', '/v1/accounts');
    assertProblem(wrong, 405);
    assert.match(wrong.headers.get('allow'), /POST/);
    const badId = await server.request('GET', '/v1/recordations/not-a-uuid', { token: 'ipr_x' });
    assert.ok([401, 404].includes(badId.status));
  });

  test('bodies: malformed JSON 400, wrong content type 415, over the limit 413', async () => {
    const malformed = await server.request('POST', '/v1/accounts', { raw: '{"kind": ', headers: { 'content-type': 'application/json' } });
    assertProblem(malformed, 400);
    const form = await server.request('POST', '/v1/accounts', { raw: 'kind=importer', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assertProblem(form, 415);
    const big = await server.request('POST', '/v1/accounts', { raw: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }),
      headers: { 'content-type': 'application/json' } });
    assertProblem(big, 413);
    // announced too large: refused before the body is sent
    const raw = await rawHttp(server.port, 'POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${100 * 1024 * 1024}\r\n\r\n`);
    assert.match(raw, /^HTTP\/1\.1 413/);
    assert.match(raw, /application\/problem\+json/);
    // chunked past the limit: cut off with 413
    const chunk = 'x'.repeat(16 * 1024);
    let req = 'POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    for (let i = 0; i < 6; i++) req += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    req += '0\r\n\r\n';
    assert.match(await rawHttp(server.port, req), /^HTTP\/1\.1 413/);
    // and the server is fine afterwards
    assert.equal((await server.request('GET', '/healthz')).status, 200);
  });

  test('metrics: requests by route and status, latency histogram, database pool', async () => {
    await server.request('GET', '/v1/nothing-here');
    const res = await server.request('GET', '/metrics', { token: metricsToken });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain/);
    assert.match(res.text, /iprd_http_requests_total\{[^}]*route="\/healthz"[^}]*status="200"[^}]*\} [1-9]/);
    assert.match(res.text, /iprd_http_requests_total\{[^}]*status="404"[^}]*\} [1-9]/);
    assert.match(res.text, /iprd_http_request_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*\} [1-9]/);
    assert.match(res.text, /iprd_db_connections \d+/);
    assert.match(res.text, /# TYPE iprd_http_request_duration_seconds histogram/);
  });
});

describe('the command line', () => {
  test('--help lists every setting with its default', async () => {
    const { stdout } = await run(process.env.IPR_TEST_BIN, ['--help']);
    for (const name of ['IPR_DATABASE_URL', 'IPR_LISTEN', 'IPR_THREADS', 'IPR_MAX_BODY', 'IPR_TIMEZONE',
      'IPR_SESSION_TTL', 'IPR_PASSWORD_OPS', 'IPR_MAX_DOCUMENT', 'IPR_PRE_CONFIRMATION_DUE_DAYS']) {
      assert.match(stdout, new RegExp(`${name}\\s+--[a-z-]+\\s+default: `), name);
    }
  });

  test('the README documents every setting', async () => {
    const { stdout } = await run(process.env.IPR_TEST_BIN, ['--help']);
    const readme = readFileSync(join(process.env.IPR_ROOT, 'README.md'), 'utf8');
    const names = [...stdout.matchAll(/^\s+(IPR_[A-Z_]+)\s/gm)].map((m) => m[1]);
    assert.ok(names.length > 20);
    assert.deepEqual(names.filter((n) => !readme.includes(`| \`${n}\` |`)), []);
  });

  test('an invalid setting stops start-up with a message naming it', async () => {
    for (const [name, value] of [['IPR_THREADS', 'many'], ['IPR_MAX_BODY', '-1'], ['IPR_TIMEZONE', 'Mars/Olympus'],
      ['IPR_LISTEN', 'nowhere']]) {
      const err = await run(process.env.IPR_TEST_BIN, ['serve'], { env: { ...process.env, [name]: value } })
        .then(() => null, (e) => e);
      assert.ok(err, `${name}=${value} was accepted`);
      assert.notEqual(err.code, 0);
      assert.match(err.stderr, new RegExp(name));
    }
    const flag = await run(process.env.IPR_TEST_BIN, ['serve', '--threads=0']).then(() => null, (e) => e);
    assert.ok(flag);
    assert.match(flag.stderr, /IPR_THREADS|--threads/);
  });
});

describe('the database goes away and comes back', () => {
  test('503 while PostgreSQL is down, 200 again when it returns, without restarting iprd', async () => {
    const cluster = await startCluster();
    const server = await startServer({ databaseUrl: cluster.url });
    try {
      assert.equal((await server.request('GET', '/readyz')).status, 200);
      assert.equal((await server.request('GET', '/v1/calendar?from=2026-01-01&to=2026-12-31')).status, 200);
      // GET /v1/recordations/{id} goes through the database pipeline (its own connection).
      const holder = await createAccount(server, 'rights_holder');
      const lookup = () => server.request('GET', `/v1/recordations/${randomUUID()}`, { token: holder.token });
      assertProblem(await lookup(), 404);
      await cluster.stop();
      const down = await server.request('GET', '/readyz');
      assertProblem(down, 503);
      const calendar = await server.request('GET', '/v1/calendar?from=2026-01-01&to=2026-12-31');
      assertProblem(calendar, 503);
      assertProblem(await lookup(), 503);
      assert.equal((await server.request('GET', '/healthz')).status, 200, 'liveness does not depend on the database');
      await cluster.start();
      // Each connection (one per HTTP thread, and the pipeline's) dials again at most every
      // 250 ms, so the first answers after the return may still be 503 for that long.
      const soon = async (path, options, want) => {
        let res;
        for (let i = 0; i < 50; i++) {
          res = await server.request('GET', path, { ...options, validate: false });
          if (res.status === want) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(res.status, want, res.text);
        return res;
      };
      await soon('/readyz', {}, 200);
      await soon('/v1/calendar?from=2026-01-01&to=2026-12-31', {}, 200);
      assertProblem(await soon(`/v1/recordations/${randomUUID()}`, { token: holder.token }, 404), 404);
    } finally {
      await server.stop();
      await cluster.remove();
    }
  });
});

describe('the event loop', () => {
  test('requests waiting for the database do not hold up the lookups and /healthz', async () => {
    // /readyz is anonymous: its statements may wait longer than the anonymous 2 s here.
    const server = await startServer({ env: { IPR_THREADS: '1', IPR_HANDLER_THREADS: '2', IPR_DB_PIPELINES: '2',
      IPR_ANONYMOUS_STATEMENT_TIMEOUT: '10000' } });
    try {
      const holder = await createAccount(server, 'rights_holder');
      // GET /readyz runs on a handler thread and waits for this lock; three of them keep both
      // handler threads waiting and one queued. The loop must go on serving meanwhile: the
      // health check and the lookups are answered while the lock is still held and before any
      // readiness check (an order, not a time: a busy CI machine is slow, not wrong).
      const locker = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
        'BEGIN; LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;']);
      let lockGone = false;
      const lockReleased = new Promise((r) => locker.on('exit', () => { lockGone = true; r(); }));
      await lockHeld(server.databaseUrl, 'schema_migrations');
      let readyAnswered = 0;
      const waiting = [1, 2, 3].map(() => server.request('GET', '/readyz').then((res) => {
        readyAnswered++;
        return res;
      }));
      await new Promise((r) => setTimeout(r, 100));
      const health = await server.request('GET', '/healthz');
      // Lookups at once, spread over the loop's two pipelined connections, each its own answer.
      const lookups = await Promise.all(Array.from({ length: 20 }, () => server.request(
        'GET', `/v1/recordations/${randomUUID()}`, { token: holder.token })));
      assert.equal(lockGone, false, 'the lookups were answered only after the lock was released');
      assert.equal(readyAnswered, 0, 'a readiness check was answered before the lookups');
      assert.equal(health.status, 200);
      for (const lookup of lookups)
        assertProblem(lookup, 404);
      for (const res of await Promise.all(waiting))
        assert.equal(res.status, 200);
      await lockReleased;
    } finally {
      await server.stop();
    }
  });
});

describe('SIGTERM', () => {
  test('a request in flight is still answered, new connections are not taken, exit status 0', async () => {
    const server = await startServer();
    const holder = await createAccount(server, 'rights_holder');
    // Hold locks that GET /readyz and GET /v1/recordations/{id} (a query on the database
    // pipeline) wait for, so that both requests are in flight when SIGTERM comes.
    const locker = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
      'BEGIN; LOCK TABLE schema_migrations, recordations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT;']);
    const lockReleased = new Promise((r) => locker.on('exit', r));
    await lockHeld(server.databaseUrl, 'recordations');
    const started = Date.now();
    const slow = server.request('GET', '/readyz');
    const slowLookup = server.request('GET', `/v1/recordations/${randomUUID()}`, { token: holder.token });
    await new Promise((r) => setTimeout(r, 300));
    server.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const refused = await fetch(`${server.url}/healthz`).then(() => false, () => true);
    assert.ok(refused, 'a new connection was served after SIGTERM');
    const res = await slow;
    assert.equal(res.status, 200);
    assertProblem(await slowLookup, 404);
    assert.ok(Date.now() - started > 500, 'the request did not wait for the lock');
    const { code } = await server.exited;
    assert.equal(code, 0);
    await lockReleased;
    await server.stop();
  });
});
