// What one client may take from the registry: connections from one address, time to send a
// request's headers and body, memory for bodies, disk for uploads, storage for documents, and
// the database's time for anonymous searches. Each bound is tried as an attacker would.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { startServer, psql, lockHeld } from './lib/harness.js';
import { createAccount, fileDraft, sampleFile } from './lib/fixtures.js';

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
      // A migration or a long transaction holds the tables (the search reads the register's
      // words first, then the recordations).
      const holder = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
        'BEGIN; LOCK TABLE register_vocabulary, recordations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;'],
        { stdio: 'ignore' });
      const released = new Promise((resolve) => holder.on('exit', resolve));
      await lockHeld(server.databaseUrl, 'recordations'); // not a fixed wait: psql may be slow to start
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

/** A new rights holder and a draft of its own, for documents. */
async function holderWithDraft(server) {
  const holder = await createAccount(server, 'rights_holder');
  return { holder, draft: await fileDraft(server, holder) };
}

/** A connection that sends a request's headers and `sent` bytes of its body, then stalls. */
function stalledBody(port, head, sent) {
  const sock = net.connect({ port, host: '127.0.0.1' });
  sock.on('error', () => {});
  const ready = new Promise((resolve) => sock.on('connect', () => { sock.write(head); sock.write(Buffer.alloc(sent, 0x20)); setTimeout(resolve, 100); }));
  return { ready, end: () => sock.destroy() };
}

describe('bodies in flight and stored documents', () => {
  test('buffered JSON bodies are bounded by IPR_BODY_MEMORY_BUDGET: 503 with Retry-After, then room again', async () => {
    const server = await startServer({ env: { IPR_BODY_MEMORY_BUDGET: '100K' } });
    const stalled = [];
    try {
      const head = 'POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 30000\r\n\r\n';
      for (let i = 0; i < 3; i++) stalled.push(stalledBody(server.port, head, 1000));
      await Promise.all(stalled.map((c) => c.ready));
      const body = { padding: 'x'.repeat(20000) };
      const res = await server.request('POST', '/v1/accounts', { body });
      assert.equal(res.status, 503, res.text);
      assert.match(res.body.detail, /IPR_BODY_MEMORY_BUDGET/);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      stalled.forEach((c) => c.end());
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await server.request('POST', '/v1/accounts', { body })).status, 422);
    } finally {
      stalled.forEach((c) => c.end());
      await server.stop();
    }
  });

  test('uploads spooled to disk are bounded by IPR_UPLOAD_DISK_BUDGET', async () => {
    const server = await startServer({ env: { IPR_UPLOAD_DISK_BUDGET: '100K' } });
    let stalled = null;
    try {
      const { holder, draft } = await holderWithDraft(server);
      const path = `/v1/recordations/${draft.id}/documents?kind=other`;
      stalled = stalledBody(server.port, `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${holder.token}\r\n`
        + 'Content-Type: application/pdf\r\nContent-Length: 80000\r\n\r\n%PDF-1.4\n', 1000);
      await stalled.ready;
      const file = sampleFile('pdf', { size: 30000 });
      const upload = () => server.request('POST', path, { token: holder.token, raw: file.bytes, headers: { 'content-type': file.type } });
      const res = await upload();
      assert.equal(res.status, 503, res.text);
      assert.match(res.body.detail, /IPR_UPLOAD_DISK_BUDGET/);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      stalled.end();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await upload()).status, 201);
    } finally {
      stalled?.end();
      await server.stop();
    }
  });

  test('an organization stores at most IPR_DOCUMENT_QUOTA bytes of documents, each file counted once', async () => {
    const server = await startServer({ env: { IPR_DOCUMENT_QUOTA: '10K' } });
    try {
      const holder = await createAccount(server, 'rights_holder');
      const other = await createAccount(server, 'rights_holder');
      const [a, b] = [await fileDraft(server, holder), await fileDraft(server, holder)];
      const upload = (who, id, file) => server.request('POST', `/v1/recordations/${id}/documents?kind=other`,
        { token: who.token, raw: file.bytes, headers: { 'content-type': file.type } });
      const first = sampleFile('pdf', { size: 6000 });
      assert.equal((await upload(holder, a.id, first)).status, 201);
      const over = await upload(holder, a.id, sampleFile('pdf', { size: 6000 }));
      assert.equal(over.status, 413, over.text);
      assert.equal(over.body.type, 'urn:iprd:problem:storage-quota');
      assert.equal(over.body.quota, 10240);
      assert.equal(over.body.used, 6000);
      assert.equal(await psql(server.databaseUrl, 'SELECT count(*) FROM document_contents'), '1');
      // The same file on another record takes no more room; another organization has its own quota.
      assert.equal((await upload(holder, b.id, first)).status, 201);
      const theirs = await fileDraft(server, other);
      assert.equal((await upload(other, theirs.id, sampleFile('pdf', { size: 6000 }))).status, 201);
    } finally {
      await server.stop();
    }
  });
});

describe('downloads', () => {
  test('a download waiting for its next chunk does not hold up the event loop', async () => {
    const server = await startServer({ env: { IPR_THREADS: '1' } });
    let sock = null;
    try {
      const { holder, draft } = await holderWithDraft(server);
      const file = sampleFile('pdf', { size: 20 * 1024 * 1024 });
      const up = await server.request('POST', `/v1/recordations/${draft.id}/documents?kind=other`,
        { token: holder.token, raw: file.bytes, headers: { 'content-type': file.type } });
      assert.equal(up.status, 201, up.text);
      // A client that does not read yet: the first chunks fill the socket's buffers.
      let received = 0;
      sock = net.connect({ port: server.port, host: '127.0.0.1' });
      sock.on('error', () => {});
      sock.on('data', (d) => { received += d.length; });
      sock.pause();
      sock.write(`GET /v1/recordations/${draft.id}/documents/${up.body.id} HTTP/1.1\r\nHost: x\r\n`
        + `Authorization: Bearer ${holder.token}\r\n\r\n`);
      await new Promise((r) => setTimeout(r, 500));
      // The chunks' table is locked (a migration, a vacuum full): the next chunks wait for it.
      const locker = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
        'BEGIN; LOCK TABLE document_chunks IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT;'], { stdio: 'ignore' });
      const released = new Promise((resolve) => locker.on('exit', resolve));
      await new Promise((r) => setTimeout(r, 400));
      sock.resume();
      let slowest = 0;
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        assert.equal((await server.request('GET', '/healthz')).status, 200);
        slowest = Math.max(slowest, Date.now() - started);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(slowest < 500, `/healthz waited ${slowest} ms behind the download`);
      await released;
      const deadline = Date.now() + 10000;
      while (received < file.bytes.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(received > file.bytes.length, `only ${received} bytes came`);
    } finally {
      sock?.destroy();
      await server.stop();
    }
  });
});
