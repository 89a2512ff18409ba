// The human-readable API documentation: served at /docs and rendered by a real browser
// (Debian's headless Chromium), which must show the operations of the API document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/harness.js';
import { spec, listOperations, getOperation } from './lib/openapi.js';

const run = promisify(execFile);

test('/docs renders every operation of the API document in headless Chromium', async () => {
  const server = await startServer({ env: { IPR_DOCS_HTML: join(process.env.IPR_ROOT, 'build', 'docs.html') } });
  const profile = mkdtempSync(join(tmpdir(), 'iprd-chromium-'));
  try {
    const page = await server.request('GET', '/docs');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.doesNotMatch(page.text, /<script src="https?:/, 'the page must not need the Internet');
    // its own policy (not the API's "default-src 'none'"): its inline scripts by their hashes only
    const csp = page.headers.get('content-security-policy');
    assert.match(csp, /^default-src 'none'; script-src( 'sha256-[A-Za-z0-9+/]+=*')+;/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');

    const { stdout: dom } = await run('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, '--virtual-time-budget=10000', '--dump-dom', `${server.url}/docs`],
    { maxBuffer: 64 * 1024 * 1024, timeout: 120000 });
    assert.match(dom, new RegExp(spec.info.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(dom, /class="[^"]*redoc-wrap/, 'Redoc did not render');
    const missing = listOperations()
      .map(({ method, path }) => getOperation(method, path).summary)
      .filter((summary) => !dom.includes(summary.replace(/&/g, '&amp;')));
    assert.deepEqual(missing, [], 'operations missing from the rendered page');
  } finally {
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
});
