// Hardening of what a client sends (issue 20, items 12 to 15): paths are routed on their raw
// segments, /metrics is not public, every answer carries nosniff and a CSP, log lines escape
// what a client wrote, reals are as precise as they are checked, and the login budget of an
// account is the database's idea of which account it is.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, rawHttp } from './lib/harness.js';
import { createAccount, createAdmin, fileDraft, accountBody, PASSWORD, unique } from './lib/fixtures.js';

/** POST /v1/sessions from another loopback address (each its own client budget). */
function loginFrom(port, localAddress, email, password) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ email, password });
    const req = http.request({ host: '127.0.0.1', port, localAddress, method: 'POST', path: '/v1/sessions',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('hardening', async () => {
  const metricsToken = 'prometheus-'.padEnd(48, 'k');
  const server = await startServer({ env: { IPR_METRICS_TOKEN: metricsToken, IPR_LOGIN_MAX_FAILURES: '5' } });
  const admin = await createAdmin(server);
  const holder = await createAccount(server, 'rights_holder');
  test.after(() => server.stop());

  test('an escaped "/" stays in its segment, an escaped NUL or a broken escape is refused', async () => {
    const draft = await fileDraft(server, holder);
    const opts = { token: holder.token, validate: false };
    assert.equal((await server.request('GET', `/v1/recordations/${draft.id}/history`, opts)).status, 200);
    const slash = await server.request('GET', `/v1/recordations/${draft.id}%2Fhistory`, opts);
    assert.equal(slash.status, 404, 'the history must not answer a path with an escaped slash');
    assert.equal((await server.request('GET', `/v1/recordations/${draft.id}%2fhistory`, opts)).status, 404);
    const nul = await server.request('GET', `/v1/recordations/${draft.id}%00`, opts);
    assert.equal(nul.status, 400, nul.text);
    assert.match(nul.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal((await server.request('GET', '/healthz%00', opts)).status, 400);
    assert.equal((await server.request('GET', '/healthz%zz', opts)).status, 400);
    // an escape of a character that needs none is that character
    assert.equal((await server.request('GET', '/%68ealthz', opts)).status, 200);
    // nor does a query parameter hide an escaped NUL (the handlers would see it cut short)
    assert.equal((await server.request('GET', '/v1/register?q=acme%00drop', opts)).status, 400);
    assert.equal((await server.request('GET', '/v1/register?q%00x=acme', opts)).status, 400);
    assert.equal((await server.request('GET', '/v1/register?q=acme', opts)).status, 200);
  });

  test('/metrics: an administrator or the scraper token, no one else; the token reads nothing else', async () => {
    const anonymous = await server.request('GET', '/metrics');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate'), /^Bearer/);
    assert.equal((await server.request('GET', '/metrics', { token: holder.token })).status, 403);
    assert.equal((await server.request('GET', '/metrics', { token: `${metricsToken}x` })).status, 401);
    const scraped = await server.request('GET', '/metrics', { token: metricsToken });
    assert.equal(scraped.status, 200);
    assert.match(scraped.text, /iprd_http_requests_total/);
    assert.equal((await server.request('GET', '/metrics', { token: admin.token })).status, 200);
    assert.equal((await server.request('GET', '/v1/me', { token: metricsToken })).status, 403);
    assert.equal((await server.request('GET', '/v1/recordations', { token: metricsToken })).status, 403);
  });

  test('every answer carries nosniff and a CSP that loads nothing and is never framed', async () => {
    const answers = [
      await server.request('GET', '/healthz'),
      await server.request('GET', '/v1/me', { token: holder.token }),
      await server.request('GET', '/v1/me'),
      await server.request('GET', '/v1/nothing-here'),
      await server.request('DELETE', '/healthz'),
      await server.request('GET', '/v1/openapi.yaml'),
      await server.request('GET', '/metrics', { token: metricsToken }),
      await server.request('POST', '/v1/recordations', { token: holder.token, raw: '{', headers: { 'content-type': 'application/json' } }),
      await server.request('DELETE', '/v1/sessions/current', { token: (await createAccount(server, 'importer')).token }),
    ];
    for (const res of answers) {
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${res.status} ${res.text.slice(0, 80)}`);
      assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
    }
  });

  test('what a client writes in a path reaches the log escaped: valid UTF-8, no control characters', async () => {
    const marker = unique('logged');
    const answer = await rawHttp(server.port,
      Buffer.concat([Buffer.from(`GET /v1/${marker}/`), Buffer.from([0xff, 0xfe, 0x1b, 0x5c, 0xc3]), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
    assert.match(answer, /^HTTP\/1\.1 404/);
    await new Promise((r) => setTimeout(r, 200));
    const line = server.log().split('\n').find((l) => l.includes(marker));
    assert.ok(line, 'the request is logged');
    assert.ok(line.includes(`/v1/${marker}/\\xFF\\xFE\\x1B\\x5C\\xC3 `), line);
    assert.ok(!line.includes('\ufffd'), 'no invalid UTF-8 in the log');
  });

  test('a real with more digits than a double holds is refused, naming it, before any check of its value', async () => {
    const importer = await createAccount(server, 'importer');
    const raw = '{"office_code":"CNSHA","goods":[{"quantity":1000000000000.00000000001,"value":12.5},{"quantity":0.5,"value":1e15}]}';
    const res = await server.request('POST', '/v1/pre-confirmations', { token: importer.token, raw, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.body.errors, [{ field: 'goods[0].quantity', message: 'must have at most 15 significant digits' }]);
    // fifteen digits, trailing zeros and exponents are fine: the rest of the checks run
    const fine = '{"goods":[{"quantity":999999999999.999,"value":1.50000000000000000000e3}]}';
    const checked = await server.request('POST', '/v1/pre-confirmations', { token: importer.token, raw: fine, headers: { 'content-type': 'application/json' } });
    assert.equal(checked.status, 422);
    assert.ok(!checked.body.errors.some((e) => /goods\[0\]\.(quantity|value)/.test(e.field)), checked.text);
  });

  test('an unknown field with a long non-ASCII name is still named (cut between characters)', async () => {
    const key = 'é'.repeat(200);
    const res = await server.request('POST', '/v1/recordations', { token: holder.token, body: { [key]: 1 } });
    assert.equal(res.status, 422);
    const unknown = res.body.errors.filter((e) => e.message === 'unknown field');
    assert.equal(unknown.length, 1, res.text);
    assert.ok(unknown[0].field.length > 100 && key.startsWith(unknown[0].field), unknown[0].field);
  });

  test('the case variants of a non-ASCII email share one login budget, as the database matches them', async () => {
    const local = unique('élodie.');
    const account = accountBody('rights_holder', { user: { email: `${local}@exämple.cn` } });
    // (not checked against the API document, whose format "email" is ASCII only: the server
    // accepts internationalized addresses, and accounts with them exist)
    assert.equal((await server.request('POST', '/v1/accounts', { body: account, validate: false })).status, 201);
    const variants = [`${local}@exämple.cn`, `${local.toUpperCase()}@EXÄMPLE.CN`, `${local.replace('é', 'É')}@exÄmple.cn`];
    assert.equal(await loginFrom(server.port, '127.0.0.31', variants[1], PASSWORD), 201, 'the database matches the variant');
    // five failures, each variant, each from another address (so the address budget is not what counts)
    for (let i = 0; i < 5; i++) {
      assert.equal(await loginFrom(server.port, `127.0.0.${40 + i}`, variants[i % 3], 'not the password'), 401);
    }
    assert.equal(await loginFrom(server.port, '127.0.0.50', variants[2], PASSWORD), 429, 'one account, one budget');
    assert.equal(await loginFrom(server.port, '127.0.0.51', variants[0], PASSWORD), 429);
  });
});
