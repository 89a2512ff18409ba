// Webhooks through the real server and a real receiver: an HTTP server inside this test, on
// 127.0.0.1 (allowed by IPR_WEBHOOK_ALLOWED_NETWORKS), checks the signature of every delivery
// with node's own HMAC (the Standard Webhooks scheme, independently of the server's libsodium),
// answers as each test wants (500 twice then 200, 410, slowly, not at all), and counts what it
// accepted. Retries are seconds apart (IPR_WEBHOOK_RETRY_BASE=1).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, unique, fileDraft, fileSubmitted, fileApproved } from './lib/fixtures.js';
import { completeFiling } from './lib/filings.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Verifies a delivery as a receiver would, with the endpoint's secret; returns the reason it fails, or null. */
function verify(secret, headers, body) {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sig = headers['webhook-signature'];
  if (!id || !ts || !sig) return 'a webhook-* header is missing';
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return 'timestamp too far from now';
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  const ok = sig.split(' ').some((s) => {
    const [version, value] = s.split(',');
    const got = Buffer.from(value || '', 'base64');
    return version === 'v1' && got.length === expected.length && timingSafeEqual(got, expected);
  });
  return ok ? null : 'bad signature';
}

/**
 * A receiving server. behave(path, id, n) → { status, delayMs } decides the answer to the
 * n-th request (1, 2, ...) of event `id` on `path`. Records every request.
 */
async function startReceiver(behave) {
  const requests = [];
  const secrets = new Map(); // path → secret
  let inFlight = new Map(); // path → requests being answered now
  const maxInFlight = new Map();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', async () => {
      const path = req.url;
      const id = req.headers['webhook-id'];
      const n = requests.filter((r) => r.path === path && r.id === id).length + 1;
      const secret = secrets.get(path);
      const problem = secret ? verify(secret, req.headers, body) : 'no secret for this path';
      const { status, delayMs = 0 } = behave(path, id, n);
      inFlight.set(path, (inFlight.get(path) || 0) + 1);
      maxInFlight.set(path, Math.max(maxInFlight.get(path) || 0, inFlight.get(path)));
      const entry = { path, id, n, status, problem, body: body ? JSON.parse(body) : null, at: Date.now(),
        type: req.headers['content-type'] };
      requests.push(entry);
      if (delayMs) await sleep(delayMs);
      inFlight.set(path, inFlight.get(path) - 1);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base, requests, secrets, maxInFlight,
    accepted: (path) => requests.filter((r) => r.path === path && r.status >= 200 && r.status < 300),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

async function until(what, check, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

const WEBHOOK_ENV = { IPR_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1', IPR_WEBHOOK_RETRY_BASE: '1', IPR_WEBHOOK_TIMEOUT: '3' };

describe('webhooks', async () => {
  const receiver = await startReceiver((path, id, n) => {
    if (path === '/flaky') return { status: n <= 2 ? 500 : 200 };
    if (path === '/gone') return { status: 410 };
    if (path === '/slow') return { status: 200, delayMs: 1500 };
    return { status: 200 };
  });
  const server = await startServer({ env: { ...WEBHOOK_ENV, IPR_WEBHOOK_WORKERS: '3' } });
  const cast = await setupRegistry(server);
  const { holder, holder2, importer, hq } = cast;
  test.after(async () => { await server.stop(); await receiver.close(); });
  const sql = (text) => psql(server.databaseUrl, text);
  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });

  async function register(who, path, extra = {}) {
    const res = await as(who, 'POST', '/v1/webhook-endpoints', { url: receiver.base + path, ...extra });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    receiver.secrets.set(path, res.body.secret);
    return res.body;
  }
  const deliveries = async (who, endpoint, query = '') => {
    const res = await as(who, 'GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=200${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
  };

  test('every event once per endpoint after retries (500 twice, then 200), each signature verified', async () => {
    const endpoint = await register(holder, '/flaky');
    // The secret is shown once: never again when the endpoint is read or listed.
    const read = await as(holder, 'GET', `/v1/webhook-endpoints/${endpoint.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.secret, undefined);
    assert.ok(!JSON.stringify((await as(holder, 'GET', '/v1/webhook-endpoints')).body).includes('whsec_'));

    const r = await fileSubmitted(server, holder, completeFiling({ title: `Hooked ${unique()}` }));
    const decided = await as(hq, 'POST', `/v1/recordations/${r.id}/decision`, { outcome: 'approve' });
    assert.equal(decided.status, 200);
    const expected = ['recordation.created', 'recordation.submitted', 'recordation.approved'];
    // (an event shows in the feed once older transactions of the cluster ended: poll)
    const feed = await until('the feed shows the three', async () => {
      const items = (await as(holder, 'GET', '/v1/events?limit=200')).body.items.filter((e) => e.data.subject.id === r.id);
      return items.length >= 3 && items;
    });
    assert.deepEqual(feed.map((e) => e.type), expected);

    const seen = await until('three events accepted', () => {
      const ok = receiver.accepted('/flaky').filter((q) => q.body.data.subject.id === r.id);
      return ok.length >= 3 && ok;
    });
    await sleep(1500); // nothing more arrives
    const all = receiver.requests.filter((q) => q.path === '/flaky' && q.body.data.subject.id === r.id);
    assert.deepEqual(all.map((q) => q.problem).filter(Boolean), [], 'every delivery is signed with the secret');
    assert.equal(all.length, 9, 'three attempts of each event');
    assert.deepEqual(seen.map((q) => q.id).sort(), feed.map((e) => e.id).sort(), 'webhook-id is the event id');
    assert.equal(new Set(seen.map((q) => q.id)).size, 3, 'each event accepted once');
    for (const q of seen) {
      assert.match(q.type, /^application\/json/);
      assert.deepEqual(q.body, feed.find((e) => e.id === q.id), 'the payload is the event as the feed shows it');
    }
    // The log: three attempts each, 500, 500, 200, with latency.
    const log = (await deliveries(holder, endpoint)).filter((d) => feed.some((e) => e.id === d.event.id));
    assert.equal(log.length, 3);
    for (const d of log) {
      assert.equal(d.status, 'succeeded');
      assert.equal(d.attempts, 3);
      assert.deepEqual(d.log.map((a) => a.status_code), [500, 500, 200]);
      assert.ok(d.log.every((a) => a.latency_ms >= 0 && a.error === null));
      assert.ok(new Date(d.log[1].at) - new Date(d.log[0].at) >= 700, 'the retry waited (1 s, jittered)');
    }
    // Filtered by status.
    assert.ok((await deliveries(holder, endpoint, '&status=failed')).every((d) => d.status === 'failed'));
    // Redelivery: sent again with the same id, once more.
    const again = await as(holder, 'POST', `/v1/webhook-endpoints/${endpoint.id}/deliveries/${log[0].id}/redelivery`);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.status, 'pending');
    const conflict = await as(holder, 'POST', `/v1/webhook-endpoints/${endpoint.id}/deliveries/${log[0].id}/redelivery`);
    assert.ok([200, 409].includes(conflict.status)); // 409 while still pending; 200 if already sent
    await until('the redelivery', () => receiver.requests.filter((q) => q.id === log[0].event.id).length > 3);
    assert.equal(await sql(`DELETE FROM webhook_endpoints WHERE id = '${endpoint.id}' RETURNING 1`), '1');
  });

  test('no delivery for a change that was refused or rolled back; none for another organization', async () => {
    const endpoint = await register(holder, '/ok');
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `Quiet ${unique()}` }));
    await until('the approval delivered', () => receiver.accepted('/ok').some((q) => q.body.type === 'recordation.approved'
      && q.body.data.subject.id === r.id));
    const before = receiver.requests.length;
    const rows = await sql('SELECT count(*) FROM webhook_deliveries');
    assert.equal((await as(hq, 'POST', `/v1/recordations/${r.id}/decision`, { outcome: 'approve' })).status, 409);
    assert.equal((await as(holder, 'POST', `/v1/recordations/${r.id}/renewal`, {})).status, 409);
    await fileDraft(server, holder2, completeFiling({ title: `Elsewhere ${unique()}` })); // holder2 has no endpoint
    await sleep(1500);
    assert.equal(receiver.requests.length, before);
    assert.equal(await sql('SELECT count(*) FROM webhook_deliveries'), rows);
    // Another organization cannot see, read or delete this endpoint.
    assert.equal((await as(holder2, 'GET', `/v1/webhook-endpoints/${endpoint.id}`)).status, 404);
    assert.equal((await as(holder2, 'GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).status, 404);
    assert.equal((await as(holder2, 'DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status, 404);
    assert.ok(!(await as(holder2, 'GET', '/v1/webhook-endpoints')).body.items.some((e) => e.id === endpoint.id));
    assert.equal((await as(holder, 'DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status, 204);
    assert.equal((await as(holder, 'GET', `/v1/webhook-endpoints/${endpoint.id}`)).status, 404);
  });

  test('an agent\'s endpoint hears of its client\'s records while the mandate covers them', async () => {
    const { agent } = cast; // mandated by holder for all its recordations
    const endpoint = await register(agent, '/agent', { event_types: ['recordation.approved'] });
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `Agency ${unique()}` }));
    const got = await until('the client\'s approval delivered to the agent', () => receiver.accepted('/agent')
      .find((q) => q.body.data.subject.id === r.id));
    assert.equal(got.problem, null);
    assert.equal(got.body.type, 'recordation.approved');
    // Another holder's approval is not the agent's to hear of.
    const other = await fileApproved(server, holder2, hq, completeFiling({ title: `Not agency ${unique()}` }));
    await sleep(1500);
    assert.ok(!receiver.requests.some((q) => q.path === '/agent' && q.body.data.subject.id === other.id));
    assert.equal((await as(holder, 'GET', `/v1/webhook-endpoints/${endpoint.id}`)).status, 404, 'the agent\'s own endpoint');
    assert.equal((await as(agent, 'DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status, 204);
  });

  test('410 Gone disables the endpoint: no further deliveries until it is enabled again', async () => {
    const endpoint = await register(importer, '/gone', { event_types: ['pre_confirmation.submitted'] });
    const r = await fileApproved(server, holder2, hq, completeFiling({ title: `Gone ${unique()}` }));
    const file = () => as(importer, 'POST', '/v1/pre-confirmations', {
      office_code: 'CNSHA', direction: 'import', recordation_number: r.number,
      goods: [{ description: 'Phones', hs_code: '85171300', quantity: 1, unit: 'pcs', value: 10, currency: 'USD' }],
      expected_on: new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10) });
    assert.equal((await file()).status, 201);
    const disabled = await until('the endpoint disabled', async () => {
      const e = (await as(importer, 'GET', `/v1/webhook-endpoints/${endpoint.id}`)).body;
      return e.disabled_at && e;
    });
    assert.match(disabled.disabled_reason, /410/);
    const [d] = await deliveries(importer, endpoint);
    assert.equal(d.status, 'failed');
    assert.equal(d.attempts, 1, 'not retried');
    const count = receiver.requests.filter((q) => q.path === '/gone').length;
    assert.equal((await file()).status, 201);
    await sleep(1500);
    assert.equal(receiver.requests.filter((q) => q.path === '/gone').length, count, 'nothing sent to a disabled endpoint');
    assert.equal((await deliveries(importer, endpoint)).length, 1, 'no delivery written for it');
    const enabled = await as(importer, 'POST', `/v1/webhook-endpoints/${endpoint.id}/enable`);
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.disabled_at, null);
  });

  test('a slow receiver holds one worker at most; the others serve the rest meanwhile', async () => {
    await register(holder, '/slow');
    await register(holder2, '/fast');
    const slowStart = receiver.requests.length;
    for (let i = 0; i < 3; i++) await fileDraft(server, holder, completeFiling({ title: `Slow ${i} ${unique()}` }));
    const t0 = Date.now();
    await fileDraft(server, holder2, completeFiling({ title: `Fast ${unique()}` }));
    await until('the fast receiver served', () => receiver.accepted('/fast').length >= 1, 5000);
    assert.ok(Date.now() - t0 < 1500, `the fast receiver waited ${Date.now() - t0} ms`);
    await until('the slow receiver served', () => receiver.accepted('/slow').length >= 3, 15000);
    assert.equal(receiver.maxInFlight.get('/slow'), 1, 'one delivery at a time to one endpoint');
    assert.ok(receiver.requests.length > slowStart);
  });

  test('endpoints: bad input named, private addresses refused, 404 for unknown ids', async () => {
    for (const [url, why] of [['ftp://example.com/x', /http/], ['not a url at all', /URL/],
      ['http://user:pw@example.com/', /password/], ['http://10.0.0.1/hook', /private/], ['http://[::1]:8/x', /private/],
      ['http://169.254.169.254/latest', /private/], ['http://no-such-host.invalid/', /resolve/]]) {
      const res = await as(holder, 'POST', '/v1/webhook-endpoints', { url });
      assert.equal(res.status, 422, `${url}: ${res.text}`);
      const e = res.body.errors.find((x) => x.field === 'url');
      assert.ok(e, url);
      assert.match(e.message, why);
    }
    const bad = await as(holder, 'POST', '/v1/webhook-endpoints',
      { url: `${receiver.base}/x`, event_types: ['recordation.approved', 'no.such', 'recordation.approved'] });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['event_types[1]', 'event_types[2]']);
    // A registration repeated with its Idempotency-Key is answered again (with the same secret),
    // not registered twice.
    const key = `hook-${unique()}`;
    const keyed = () => server.request('POST', '/v1/webhook-endpoints', { token: holder.token,
      body: { url: `${receiver.base}/keyed` }, headers: { 'idempotency-key': key } });
    const first = await keyed();
    assert.equal(first.status, 201, first.text);
    const again = await keyed();
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(await sql(`SELECT count(*) FROM webhook_endpoints WHERE url = '${receiver.base}/keyed'`), '1');
    const none = '00000000-0000-4000-8000-000000000000';
    assert.equal((await as(holder, 'GET', `/v1/webhook-endpoints/${none}/deliveries`)).status, 404);
    assert.equal((await as(holder, 'POST', `/v1/webhook-endpoints/${none}/enable`)).status, 404);
    assert.equal((await as(holder, 'POST', `/v1/webhook-endpoints/${none}/deliveries/${none}/redelivery`)).status, 404);
  });
});

describe('webhooks: the address a delivery connects to is checked, not only the registered one', async () => {
  const receiver = await startReceiver(() => ({ status: 200 }));
  const allowed = await startServer({ env: WEBHOOK_ENV });
  const cast = await setupRegistry(allowed);
  test.after(async () => { await receiver.close(); });

  test('a daemon that does not allow 127.0.0.1 refuses to connect there, and logs why', async () => {
    const res = await allowed.request('POST', '/v1/webhook-endpoints', { token: cast.holder.token, body: { url: `${receiver.base}/in` } });
    assert.equal(res.status, 201);
    await allowed.stop();
    // The same database, served by a daemon that allows no private address: as if the name
    // now resolved to the inside of the network.
    const strict = await startServer({ databaseUrl: allowed.databaseUrl, env: { IPR_WEBHOOK_RETRY_BASE: '1' } });
    try {
      await fileDraft(strict, cast.holder, completeFiling({ title: `Rebound ${unique()}` }));
      const items = await until('an attempt logged', async () => {
        const r = await strict.request('GET', `/v1/webhook-endpoints/${res.body.id}/deliveries`, { token: cast.holder.token });
        return r.body.items.find((d) => d.log.length > 0 && d.event.type === 'recordation.created') && r.body.items;
      });
      const attempt = items.find((d) => d.event.type === 'recordation.created').log[0];
      assert.equal(attempt.status_code, null);
      assert.match(attempt.error, /refused to connect to 127\.0\.0\.1/);
      assert.equal(receiver.requests.length, 0, 'nothing reached the receiver');
    } finally {
      await strict.stop();
    }
  });
});

describe('webhooks: a daemon killed between the commit and the delivery', async () => {
  let hang = true;
  const receiver = await startReceiver(() => (hang ? { status: 200, delayMs: 60000 } : { status: 200 }));
  const first = await startServer({ env: { ...WEBHOOK_ENV, IPR_WEBHOOK_TIMEOUT: '2' } });
  const cast = await setupRegistry(first);
  test.after(async () => { await receiver.close(); });

  test('SIGKILL while the delivery is under way: it is delivered after the restart', async () => {
    const res = await first.request('POST', '/v1/webhook-endpoints', { token: cast.holder.token,
      body: { url: `${receiver.base}/k`, event_types: ['recordation.created'] } });
    assert.equal(res.status, 201);
    receiver.secrets.set('/k', res.body.secret);
    const draft = await fileDraft(first, cast.holder, completeFiling({ title: `Killed ${unique()}` }));
    await until('the first attempt under way', () => receiver.requests.some((q) => q.path === '/k'));
    first.process.kill('SIGKILL');
    await first.exited;
    hang = false;
    const second = await startServer({ databaseUrl: first.databaseUrl, env: WEBHOOK_ENV });
    try {
      const ok = await until('delivered after the restart', () => receiver.accepted('/k')
        .find((q) => !q.problem && q.body.data.subject.id === draft.id && q.n >= 2), 20000);
      assert.equal(ok.body.type, 'recordation.created');
    } finally {
      await second.stop();
    }
  });
});
