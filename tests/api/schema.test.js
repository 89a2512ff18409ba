// schema/schema.sql is the schema the migrations produce: a drift between them fails here.
// Regenerate it with `scripts/dump-schema --write` after adding a migration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newDatabase, dropDatabase } from './lib/harness.js';

const root = process.env.IPR_ROOT;

test('the migrations produce schema/schema.sql', async () => {
  const url = await newDatabase();
  try {
    execFileSync(process.env.IPR_TEST_BIN, ['migrate'], { env: { ...process.env, IPR_DATABASE_URL: url } });
    const dumped = execFileSync(join(root, 'scripts/dump-schema'), [url], { encoding: 'utf8' });
    const committed = readFileSync(join(root, 'schema/schema.sql'), 'utf8');
    assert.equal(dumped, committed, 'schema/schema.sql differs from the migrations: run scripts/dump-schema --write');
  } finally {
    await dropDatabase(url);
  }
});

test('migrating twice changes nothing', async () => {
  const url = await newDatabase();
  try {
    const env = { ...process.env, IPR_DATABASE_URL: url };
    execFileSync(process.env.IPR_TEST_BIN, ['migrate'], { env });
    const first = execFileSync(join(root, 'scripts/dump-schema'), [url], { encoding: 'utf8' });
    execFileSync(process.env.IPR_TEST_BIN, ['migrate'], { env });
    assert.equal(execFileSync(join(root, 'scripts/dump-schema'), [url], { encoding: 'utf8' }), first);
  } finally {
    await dropDatabase(url);
  }
});

test('two daemons migrating one database at once do not race', async () => {
  const url = await newDatabase();
  try {
    const env = { ...process.env, IPR_DATABASE_URL: url };
    const { spawn } = await import('node:child_process');
    const runOne = () => new Promise((resolve) => {
      const p = spawn(process.env.IPR_TEST_BIN, ['migrate'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('exit', (code) => resolve({ code, err }));
    });
    const results = await Promise.all([runOne(), runOne(), runOne()]);
    for (const r of results) assert.equal(r.code, 0, r.err);
  } finally {
    await dropDatabase(url);
  }
});
