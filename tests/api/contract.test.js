// The route table and the API document describe the same routes, both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { listOperations, getOperation, resolveRef } from './lib/openapi.js';

const routes = JSON.parse(execFileSync(process.env.IPR_TEST_BIN, ['routes'], { encoding: 'utf8' }));
const key = (m, p) => `${m.toUpperCase()} ${p}`;
const served = new Set(routes.map((r) => key(r.method, r.path)));
const documented = new Set(listOperations().map((o) => key(o.method, o.path)));

test('every route the server has is in the API document', () => {
  const missing = [...served].filter((k) => !documented.has(k));
  assert.deepEqual(missing, [], 'routes served but not documented');
});

test('every operation of the API document is served', () => {
  const missing = [...documented].filter((k) => !served.has(k));
  assert.deepEqual(missing, [], 'operations documented but not served');
});

test('the operations that take Idempotency-Key are the routes the server keeps keys for', () => {
  const takesKey = (m, p) => (getOperation(m, p).parameters || []).map(resolveRef)
    .some((x) => x.in === 'header' && x.name === 'Idempotency-Key');
  const wrong = routes.filter((r) => documented.has(key(r.method, r.path)) && takesKey(r.method, r.path) !== r.idempotent)
    .map((r) => `${key(r.method, r.path)}: server ${r.idempotent}`);
  assert.deepEqual(wrong, []);
  const keyed = routes.filter((r) => r.idempotent);
  assert.ok(keyed.length >= 7);
  assert.ok(keyed.every((r) => r.method === 'POST' && !r.roles.includes('anonymous')));
});
