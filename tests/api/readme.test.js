// The README's walkthrough runs as it is written: every curl command in it, in order, against a
// fresh registry, with `set -e` and `curl -f`, so that a newcomer's first steps always work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/harness.js';

const run = promisify(execFile);

test('the README walkthrough works', async () => {
  const readme = readFileSync(join(process.env.IPR_ROOT, 'README.md'), 'utf8');
  const block = /<!-- walkthrough:begin -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  assert.ok(block, 'the README has no walkthrough block');
  // As scripts/run starts it: webhook receivers on this machine allowed.
  const server = await startServer({ env: { IPR_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1,::1' } });
  try {
    await run(process.env.IPR_TEST_BIN, ['create-admin', '--email', 'admin@registry.example'], {
      env: { ...process.env, IPR_DATABASE_URL: server.databaseUrl, IPR_ADMIN_PASSWORD: 'change me now please',
        IPR_PASSWORD_OPS: '1', IPR_PASSWORD_MEMORY: '8M' },
    });
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', `trap 'echo "the walkthrough stopped at: $BASH_COMMAND" >&2' ERR\n${block[1]}`], {
      env: { ...process.env, B: server.url, IPRD: process.env.IPR_TEST_BIN }, cwd: mkdtempSync(join(tmpdir(), 'iprd-readme-')), maxBuffer: 16 * 1024 * 1024,
    }).catch((e) => assert.fail(`the walkthrough failed (${e.code}):\n${e.stdout}\n${e.stderr}\nthe daemon's log (its end):\n${server.log().slice(-6000)}`));
    assert.match(stdout, /"kind": "registration_certificate"/);
    assert.match(stdout, /"status": "approved"/);
    assert.match(stdout, /"number": "T\d{4}-\d{6}"/);
    assert.match(stdout, /"holder_name": "Acme Trading Co., Ltd."/);
    assert.match(stdout, /"working_days_left": 30/);
    assert.match(stdout, /"authorized": true/);
    assert.match(stdout, /^Idempotent-Replayed: true$/mi, 'the pre-confirmation sent again with its key is replayed');
    assert.match(stdout, /"status": "confirmed"/);
    assert.match(stdout, /"type": "recordation.approved"/);
    assert.match(stdout, /"secret_shown_once": true/);
    assert.match(stdout, /"number": "PC\d{4}-\d{6}"/);
    assert.match(stdout, /"kind": "counterfeit_goods"/);
    assert.match(stdout, /"transport_document_pre_confirmed",\s*"mark",\s*"hs_code",\s*"declarant_listed",\s*"watch_list",\s*"alert"/);
    assert.match(stdout, /"watched": "Counterfeit phones seized twice this month."/);
    assert.match(stdout, /"reasons": \[[^\]]*"mark"[^\]]*\],\s*"authorized": false/, 'the second container: its mark found, its declarant not authorized');
    assert.match(stdout, /"number": "C\d{4}-\d{6}",\s*"status": "notified",\s*"recordations": \[\s*"T\d{4}-\d{6}"\s*\]/, 'the case names what the check found');
    assert.match(stdout, /"guarantee_cny": 63900/);
    assert.match(stdout, /"declarant": \{\s*"name": "Shady Imports Ltd"/);
    assert.match(stdout, /"goods_status": "confiscated"/);
    assert.match(stdout, /^dimension,key,name,cases,items,declared_value_cny,e_commerce_cases,e_commerce_share\r$/m);
    assert.match(stdout, /"licence_number": "CIPA-2024-0964"/);
    assert.match(stdout, /"status": "pending"/);
    assert.match(stdout, /"in_force": true/);
    assert.match(stdout, /created by Li Na of Kingsway IP for Acme Trading Co., Ltd./);
    assert.match(stdout, /submitted by Li Na of Kingsway IP for Acme Trading Co., Ltd./);
    assert.match(stdout, /"contact_email": "filings@kingsway.example"/);
    assert.match(stdout, /"status": "ended"/);
    assert.match(stdout, /\n404\n/, 'the agent no longer sees the filing once the mandate ended');
    assert.match(stdout, /"disabled_reason": "Moved to the Ningbo district"/);
    assert.match(stdout, /\n401\n$/, 'the disabled officer\'s token is refused');
  } finally {
    await server.stop();
  }
});
