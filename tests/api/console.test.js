// The web console's static files (IPR_CONSOLE_DIR, server/http/console.c): safe paths, types,
// ETag/304, gzip variants, caching and the security headers of HTML. A folder made here holds
// the files, a symbolic link that leads out of it and a secret beside it; the last tests look
// at the console scripts/build-console built (build/console).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, existsSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/harness.js';
import { createAccount } from './lib/fixtures.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;
const SECRET = 'the secret beside the console folder';

let server;
let dir;

/** One request with node:http, which sends the path exactly as written and does not decompress. */
function raw(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method, headers, path }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, bytes, text: bytes.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function assertProblem404(res, what) {
  assert.equal(res.status, 404, `${what}: ${res.status} ${res.text.slice(0, 200)}`);
  assert.equal(res.headers['content-type'], 'application/problem+json', what);
  assert.equal(JSON.parse(res.text).status, 404, what);
  assert.ok(!res.text.includes(SECRET), `${what} leaked the secret`);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iprd-console-'));
  const root = join(dir, 'console');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'index.html.gz'), gzipSync(INDEX));
  writeFileSync(join(root, 'assets', 'app-1a2b3c.js'), SCRIPT);
  writeFileSync(join(root, 'assets', 'app-1a2b3c.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(root, 'assets', 'style-9f8e.css'), 'body{margin:0}');
  writeFileSync(join(root, '.hidden'), SECRET);
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'leak.txt'));
  symlinkSync(dir, join(root, 'up'));
  symlinkSync(join(root, 'assets', 'style-9f8e.css'), join(root, 'alias.css'));
  server = await startServer({ env: { IPR_CONSOLE_DIR: root, IPR_TIMEZONE: 'Europe/Paris' } });
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('/ is index.html with the security headers of HTML and no-cache', async () => {
  const res = await raw('/');
  assert.equal(res.status, 200);
  assert.equal(res.text, INDEX);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(res.headers['cache-control'], 'no-cache');
  assert.match(res.headers.etag, /^"[0-9a-f]{32}"$/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  const csp = res.headers['content-security-policy'];
  for (const part of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
    "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
    assert.ok(csp.split(/;\s*/).includes(part), `CSP lacks ${part}: ${csp}`);
  }
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/, 'the policy allows nothing inline or foreign');
  // A document fetched with the token is shown from a blob: URL (a PDF in a frame, an image);
  // nothing else may come from blob:, and no plugin object at all.
  const sources = (name) => csp.split(/;\s*/).find((d) => d.startsWith(`${name} `))?.split(' ').slice(1);
  assert.deepEqual(sources('img-src'), ["'self'", 'data:', 'blob:'], csp);
  assert.deepEqual(sources('frame-src'), ["'self'", 'blob:'], csp);
  assert.deepEqual(sources('object-src'), ["'none'"], csp);
  for (const name of ['default-src', 'script-src', 'style-src', 'connect-src']) assert.deepEqual(sources(name), ["'self'"], `${name}: ${csp}`);
  const head = await raw('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.bytes.length, 0);
  assert.equal(head.headers.etag, res.headers.etag);
});

test('a client-side route is answered with index.html; /v1 and other methods stay the API', async () => {
  for (const path of ['/login', '/holder/recordations/0b0e4a43-8a70-4d51-a1f3-7f5cf6b7b1c2', '/login?next=%2Fholder', '/docs/x']) {
    const res = await raw(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.text, INDEX, path);
    assert.ok(res.headers['content-security-policy'], path);
  }
  const api = await server.request('GET', '/v1/nothing-here');
  assert.equal(api.status, 404);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
  assertProblem404(await raw('/v1'), '/v1');
  const post = await raw('/login', { method: 'POST' });
  assert.equal(post.status, 404);
  assert.equal(post.headers['content-type'], 'application/problem+json');
});

test('a content-hashed asset is immutable; its gzip variant is served when accepted, with Vary', async () => {
  const plain = await raw('/assets/app-1a2b3c.js');
  assert.equal(plain.status, 200);
  assert.equal(plain.text, SCRIPT);
  assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(plain.headers.vary, 'Accept-Encoding');
  assert.equal(plain.headers['content-encoding'], undefined);
  // not the HTML policy: the one every answer gets that brings none (http/response.h)
  assert.equal(plain.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
  assert.equal(plain.headers['x-content-type-options'], 'nosniff');

  const gz = await raw('/assets/app-1a2b3c.js', { headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.ok(gz.bytes.length < plain.bytes.length / 4, 'the gzip variant is the compressed file');
  assert.equal(gunzipSync(gz.bytes).toString('utf8'), SCRIPT);
  assert.notEqual(gz.headers.etag, plain.headers.etag, 'each variant has its own tag');

  for (const ae of ['identity', 'gzip;q=0', 'br']) {
    const res = await raw('/assets/app-1a2b3c.js', { headers: { 'accept-encoding': ae } });
    assert.equal(res.headers['content-encoding'], undefined, ae);
    assert.equal(res.text, SCRIPT, ae);
  }
  const css = await raw('/assets/style-9f8e.css', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(css.headers['content-encoding'], undefined, 'no .gz beside it');
  assert.equal(css.headers.vary, undefined);
  assertProblem404(await raw('/assets/app-1a2b3c.js.gz'), 'a variant is not served alone');
});

test('If-None-Match with the current tag gets 304 without a body', async () => {
  const first = await raw('/assets/app-1a2b3c.js', { headers: { 'accept-encoding': 'gzip' } });
  const again = await raw('/assets/app-1a2b3c.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag } });
  assert.equal(again.status, 304);
  assert.equal(again.bytes.length, 0);
  assert.equal(again.headers.etag, first.headers.etag);
  assert.equal(again.headers['cache-control'], 'public, max-age=31536000, immutable');
  const list = await raw('/', { headers: { 'if-none-match': `"0000", ${(await raw('/')).headers.etag}` } });
  assert.equal(list.status, 304);
  const other = await raw('/assets/app-1a2b3c.js', { headers: { 'if-none-match': first.headers.etag } });
  assert.equal(other.status, 200, 'the plain variant has another tag than the gzip one');
  const stale = await raw('/', { headers: { 'if-none-match': '"0123456789abcdef0123456789abcdef"' } });
  assert.equal(stale.status, 200);
});

test('a missing file is a 404 problem, not index.html', async () => {
  for (const path of ['/assets/nothing.js', '/favicon.ico', '/robots.txt', '/assets/app-1a2b3c.js/x.js']) {
    assertProblem404(await raw(path), path);
  }
});

test('no path leaves the folder: dot segments, encoded or not, hidden files, symbolic links out', async () => {
  for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2f..%2fsecret.txt', '/.hidden', '/%2ehidden', '/./index.html',
    '/assets/leak.txt', '/up/secret.txt', '/up/console/index.html', '/assets/..', '/..', '//..//secret.txt']) {
    assertProblem404(await raw(path), path);
  }
  const inside = await raw('/alias.css');
  assert.equal(inside.status, 200, 'a link to a file inside the folder is served');
  assert.equal(inside.text, 'body{margin:0}');
  assert.match(server.log(), /leak\.txt leads out of/);
});

test('GET /v1/me gives the registry time zone the console shows dates in', async () => {
  const holder = await createAccount(server, 'rights_holder');
  const me = await server.request('GET', '/v1/me', { token: holder.token });
  assert.equal(me.status, 200);
  assert.equal(me.body.time_zone, 'Europe/Paris');
});

test('without a console folder iprd starts and / is a 404 problem naming the setting', async () => {
  const bare = await startServer({ env: { IPR_CONSOLE_DIR: join(dir, 'none') } });
  try {
    const res = await bare.request('GET', '/');
    assert.equal(res.status, 404);
    assert.match(res.body.detail, /IPR_CONSOLE_DIR/);
    assert.equal((await bare.request('GET', '/healthz')).status, 200);
  } finally {
    await bare.stop();
  }
});

test('the built console: what the first screen loads is under 150 KB of gzip JavaScript', async (t) => {
  const built = join(process.env.IPR_ROOT, 'build', 'console');
  assert.ok(existsSync(join(built, 'index.html')), 'scripts/build-console has not run');
  const real = await startServer({ env: { IPR_CONSOLE_DIR: built } });
  try {
    const get = (path, headers = {}) => new Promise((resolve, reject) => {
      httpRequest(`${real.url}${path}`, { headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    const index = await get('/');
    assert.ok(index.headers['content-security-policy']);
    const html = index.bytes.toString('utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /\sstyle=|<style|https?:\/\//, 'no inline style, nothing from another host');
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0);
    let total = 0;
    for (const src of [...scripts, ...[...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1])]) {
      const res = await get(src, { 'accept-encoding': 'gzip' });
      assert.equal(res.status, 200, src);
      assert.equal(res.headers['content-encoding'], 'gzip', src);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', src);
      if (src.endsWith('.js')) total += res.bytes.length;
    }
    t.diagnostic(`first screen: ${(total / 1024).toFixed(1)} KB of gzip JavaScript`);
    assert.ok(total < 150 * 1024, `${total} bytes`);
  } finally {
    await real.stop();
  }
});
