// What one client may take from the registry: connections from one address, time to send a
// request's headers and body, memory for bodies, disk for uploads, storage for documents, and
// the database's time for anonymous searches. Each bound is tried as an attacker would.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { startServer } from './lib/harness.js';

/** GET path from another client address; resolves to { status, body } or rejects. */
function getFrom(localAddress, port, path, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * A slow client: opens a connection, sends `start`, then `drip` every `everyMs`, and never
 * finishes. Resolves `closed` with the milliseconds until the server closed it.
 */
function slowClient(port, start, drip, everyMs) {
  const sock = net.connect({ port, host: '127.0.0.1' });
  const opened = Date.now();
  let timer = null;
  const closed = new Promise((resolve) => {
    sock.on('close', () => { clearInterval(timer); resolve(Date.now() - opened); });
  });
  sock.on('error', () => {});
  sock.on('connect', () => {
    sock.write(start);
    timer = setInterval(() => { if (sock.writable) sock.write(drip); }, everyMs);
  });
  return { closed, end: () => { clearInterval(timer); sock.destroy(); } };
}

describe('slow clients (slowloris)', () => {
  test('many slow connections from one address leave room for another client', async () => {
    const server = await startServer({
      env: { IPR_CONNECTION_LIMIT: '64', IPR_CONNECTIONS_PER_ADDRESS: '16', IPR_HEADER_TIMEOUT: '60' },
    });
    const clients = [];
    try {
      for (let i = 0; i < 80; i++) {
        clients.push(slowClient(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-a: b\r\n', 500));
      }
      await new Promise((r) => setTimeout(r, 1000));
      const res = await getFrom('127.0.0.2', server.port, '/healthz');
      assert.equal(res.status, 200);
      // Those over the address's limit were refused at once; the others are still held.
      const refused = (await Promise.all(clients.map((c) => Promise.race([c.closed, new Promise((r) => setTimeout(() => r(null), 200))]))))
        .filter((ms) => ms !== null).length;
      assert.ok(refused >= 80 - 16 - 3 && refused <= 80 - 16, `${refused} of 80 refused`);
    } finally {
      clients.forEach((c) => c.end());
      await server.stop();
    }
  });

  test('headers that trickle in are cut off at IPR_HEADER_TIMEOUT, however steady', async () => {
    const server = await startServer({ env: { IPR_HEADER_TIMEOUT: '2' } });
    try {
      const c = slowClient(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X', 200);
      const ms = await Promise.race([c.closed, new Promise((r) => setTimeout(() => r(null), 6000))]);
      c.end();
      assert.ok(ms !== null, 'the connection was still open after 6 s');
      assert.ok(ms >= 1900 && ms < 4000, `closed after ${ms} ms`);
      assert.match(server.log(), /closing a connection from \S+: no complete request headers/);
      assert.equal((await server.request('GET', '/healthz')).status, 200);
    } finally {
      await server.stop();
    }
  });

  test('a body slower than IPR_MIN_BODY_RATE is cut off', async () => {
    const server = await startServer({ env: { IPR_HEADER_TIMEOUT: '1', IPR_MIN_BODY_RATE: '4K' } });
    try {
      const head = 'POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
      const c = slowClient(server.port, head, '          ', 100);
      const ms = await Promise.race([c.closed, new Promise((r) => setTimeout(() => r(null), 6000))]);
      c.end();
      assert.ok(ms !== null, 'the connection was still open after 6 s');
      assert.ok(ms >= 1900 && ms < 4500, `closed after ${ms} ms`);
      assert.match(server.log(), /its body arrives slower than IPR_MIN_BODY_RATE/);
    } finally {
      await server.stop();
    }
  });
});

describe('anonymous searches', () => {
  test('text the search index cannot serve is refused (422 naming q), before any statement runs', async () => {
    const server = await startServer();
    try {
      for (const q of ['_', 'zq', '\\', '%%', 'a_b c%d']) {
        const res = await server.request('GET', `/v1/register?q=${encodeURIComponent(q)}`);
        assert.equal(res.status, 422, `q=${q}: ${res.text}`);
        assert.deepEqual(res.body.errors.map((e) => e.field), ['q']);
        assert.match(res.body.errors[0].message, /3 letters or digits in a row/);
      }
      for (const q of ['acm', '100%', '中国商']) {
        assert.equal((await server.request('GET', `/v1/register?q=${encodeURIComponent(q)}`)).status, 200, q);
      }
    } finally {
      await server.stop();
    }
  });

  test('an anonymous statement stops at IPR_ANONYMOUS_STATEMENT_TIMEOUT: 503 with Retry-After', async () => {
    const server = await startServer({ env: { IPR_ANONYMOUS_STATEMENT_TIMEOUT: '300' } });
    try {
      // A migration or a long transaction holds the table.
      const holder = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
        'BEGIN; LOCK TABLE recordations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;'], { stdio: 'ignore' });
      const released = new Promise((resolve) => holder.on('exit', resolve));
      await new Promise((r) => setTimeout(r, 500));
      const started = Date.now();
      const res = await server.request('GET', '/v1/register?q=acme');
      assert.equal(res.status, 503, res.text);
      assert.ok(res.headers.get('retry-after'));
      assert.ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms`);
      await released;
      assert.equal((await server.request('GET', '/v1/register?q=acme')).status, 200);
    } finally {
      await server.stop();
    }
  });
});
