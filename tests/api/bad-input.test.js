// Bad input on every operation of the API document that takes a body or parameters: each
// gets a 4xx problem+json that names what is wrong, never a 5xx or a crash, and the
// database is unchanged afterwards. Driven by api-spec/openapi.yaml, so that every new
// operation is covered the day it is documented.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry } from './lib/fixtures.js';
import { listOperations, getOperation, resolveRef } from './lib/openapi.js';

const ROLE_PREFERENCE = ['rights_holder', 'importer', 'admin', 'port_officer', 'hq_officer', 'agent', 'anonymous'];

/** Values that break one property's schema, each with what it breaks. */
function badValues(schema0) {
  let schema = resolveRef(schema0);
  let nullableOneOf = false;
  if (schema.oneOf && schema.oneOf.some((s) => resolveRef(s).type === 'null')) {
    schema = resolveRef(schema.oneOf.find((s) => resolveRef(s).type !== 'null'));
    nullableOneOf = true;
  }
  const out = [];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const nullable = nullableOneOf || (Array.isArray(schema.type) && schema.type.includes('null'));
  if (type === 'string') {
    out.push(['wrong type', 12345]);
    if (schema.maxLength !== undefined) out.push(['over maxLength', 'x'.repeat(schema.maxLength + 1)]);
    if ((schema.minLength ?? 0) >= 1) out.push(['empty', '']);
    if (schema.enum || schema.const) out.push(['not in enum', 'no-such-value']);
    if (schema.format === 'date') out.push(['invalid date', '2026-02-30']);
    if (schema.format === 'email') out.push(['invalid email', 'not-an-email']);
    if (schema.pattern) out.push(['pattern', '!!\u00e9']);
    if (!schema.enum && !schema.format) out.push(['NUL byte', 'a\u0000b']);
  } else if (type === 'integer' || type === 'number') {
    out.push(['wrong type', 'many']);
    if (schema.maximum !== undefined) out.push(['over maximum', schema.maximum + 1]);
    if (schema.minimum !== undefined) out.push(['under minimum', schema.minimum - 1]);
    if (type === 'integer') out.push(['fraction', 1.5]);
  } else if (type === 'boolean') {
    out.push(['wrong type', 'yes']);
  } else if (type === 'array') {
    out.push(['wrong type', 'not-an-array']);
    if (schema.maxItems !== undefined) out.push(['over maxItems', Array.from({ length: schema.maxItems + 1 }, () => 'x')]);
  } else if (type === 'object') {
    out.push(['wrong type', ['not', 'an', 'object']]);
  }
  if (!nullable && type) out.push(['null', null]);
  return out;
}

function properties(schema0) {
  const schema = resolveRef(schema0);
  const props = { ...(schema.properties || {}) };
  for (const part of [...(schema.allOf || []), ...(schema.oneOf || []), ...(schema.anyOf || [])]) {
    Object.assign(props, properties(part));
  }
  return props;
}

describe('bad input on every operation', async () => {
  const server = await startServer({ env: { IPR_MAX_BODY: '256K' } });
  const cast = await setupRegistry(server);
  test.after(() => server.stop());
  const tokens = {
    rights_holder: cast.holder.token, importer: cast.importer.token, admin: cast.admin.token,
    port_officer: cast.port.token, hq_officer: cast.hq.token, agent: cast.agent.token, anonymous: undefined,
  };
  // A real draft, so that operations on one recordation reach their validation.
  const draft = await server.request('POST', '/v1/recordations', { token: cast.holder.token,
    body: { ipr_type: 'trademark', title: 'Bad-input target' } });
  assert.equal(draft.status, 201, draft.text);

  function concretePath(template) {
    return template.replace(/\{([a-z_]+)\}/g, (_, name) => {
      if (name === 'id' && template.startsWith('/v1/recordations/')) return draft.body.id;
      if (name === 'date') return '2026-12-01';
      return randomUUID();
    });
  }

  // The log's checkpoints and their subtrees are written by a thread on the clock (api/log.c),
  // not by requests: they are not counted. The same thread moves the leaves from log_queue to
  // log_entries (the sequencer, every second): the leaves are counted together.
  async function rowCounts() {
    const union = await psql(server.databaseUrl, "SELECT string_agg(format('SELECT %L || '':'' || count(*) FROM %I', tablename, tablename), ' UNION ALL ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('log_checkpoints', 'log_nodes', 'log_queue', 'log_entries')");
    const leaves = await psql(server.databaseUrl, "SELECT 'log leaves:' || (SELECT count(*) FROM log_queue) + (SELECT count(*) FROM log_entries)");
    return `${await psql(server.databaseUrl, union)}\n${leaves}`;
  }

  const checked = [];
  async function expectRefused(op, res, what, field) {
    const where = `${op.method} ${op.path} (${what})`;
    assert.ok(res.status >= 400 && res.status < 500, `${where}: status ${res.status}: ${res.text}`);
    assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/, where);
    if (field && res.status === 422) {
      const fields = (res.body.errors || []).map((e) => e.field);
      assert.ok(fields.some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`)),
        `${where}: 422 does not name ${field}: ${JSON.stringify(fields)}`);
    }
    checked.push(where);
  }

  // The operations the server has (contract.test.js proves that this is all of the document's).
  const served = new Set(JSON.parse(execFileSync(process.env.IPR_TEST_BIN, ['routes'], { encoding: 'utf8' }))
    .map((r) => `${r.method} ${r.path}`));
  const operations = listOperations().filter(({ method, path }) => served.has(`${method} ${path}`))
    .map(({ method, path }) => ({ method, path, op: getOperation(method, path) }));

  test('every JSON body: malformed, not an object, too deep, bad UTF-8, too large, unknown and bad fields', async () => {
    const before = await rowCounts();
    for (const { method, path, op } of operations) {
      const content = op.requestBody && resolveRef(op.requestBody).content;
      if (!content || !content['application/json']) continue;
      const role = ROLE_PREFERENCE.find((r) => op['x-roles'].includes(r));
      const token = tokens[role];
      const url = concretePath(path);
      const headers = { 'content-type': 'application/json', 'if-match': '"1"' };
      const send = (raw) => server.request(method, url, { token, raw, headers });
      const o = { method, path };
      await expectRefused(o, await send('{"a": '), 'malformed JSON');
      await expectRefused(o, await send('[1, 2]'), 'an array');
      await expectRefused(o, await send('"text"'), 'a string');
      await expectRefused(o, await send('['.repeat(5000) + ']'.repeat(5000)), 'deeply nested');
      await expectRefused(o, await send(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 'invalid UTF-8');
      await expectRefused(o, await send(JSON.stringify({ pad: 'x'.repeat(300 * 1024) })), 'over the size limit');
      await expectRefused(o, await send('{"a":"\\u0000"}'), 'NUL escape');

      const schema = content['application/json'].schema;
      const required = resolveRef(schema).required || [];
      if (required.length) await expectRefused(o, await send('{}'), 'required fields missing', required[0]);
      // Field-level checks only where the operation gets as far as validating its body
      // (not where, say, the record's state refuses any change first).
      const unknown = await send(JSON.stringify({ zz_unknown_field: 1 }));
      const validates = unknown.status === 422;
      await expectRefused(o, unknown, 'unknown field', validates ? 'zz_unknown_field' : null);
      for (const [name, prop] of Object.entries(properties(schema))) {
        const resolved = resolveRef(prop);
        if (resolved.readOnly) continue;
        for (const [what, value] of badValues(prop)) {
          await expectRefused(o, await send(JSON.stringify({ [name]: value })), `${name}: ${what}`, validates ? name : null);
        }
        if (resolveRef(prop).type === 'object') {
          for (const [sub, subProp] of Object.entries(properties(prop))) {
            for (const [what, value] of badValues(subProp)) {
              await expectRefused(o, await send(JSON.stringify({ [name]: { [sub]: value } })), `${name}.${sub}: ${what}`,
                validates ? `${name}.${sub}` : null);
            }
          }
        }
      }
    }
    assert.equal((await server.request('GET', '/healthz')).status, 200);
    assert.equal(await rowCounts(), before, 'bad input changed the database');
    assert.ok(checked.length > 100, `only ${checked.length} bad requests were tried`);
  });

  test('every Idempotency-Key: empty, too long, not visible ASCII: 400 naming the header, nothing written', async () => {
    const before = await rowCounts();
    let keyed = 0;
    for (const { method, path, op } of operations) {
      const params = (op.parameters || []).map(resolveRef);
      if (!params.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) continue;
      keyed += 1;
      const role = ROLE_PREFERENCE.find((r) => op['x-roles'].includes(r));
      for (const [what, key] of [['empty', ''], ['256 characters', 'k'.repeat(256)], ['a space', 'a b'],
        ['a tab', 'a\tb'], ['a byte above ASCII', '\u00e9t\u00e9'], ['an unclosed quote', '"abc'],
        ['empty quotes', '""']]) {
        const res = await server.request(method, concretePath(path), { token: tokens[role], raw: '{}',
          headers: { 'content-type': 'application/json', 'idempotency-key': key } });
        const where = `${method} ${path} (Idempotency-Key: ${what})`;
        assert.equal(res.status, 400, `${where}: ${res.status} ${res.text}`);
        assert.deepEqual(res.body.errors.map((e) => e.field), ['Idempotency-Key'], where);
        checked.push(where);
      }
    }
    assert.ok(keyed >= 7, `only ${keyed} operations take an Idempotency-Key`);
    assert.equal(await rowCounts(), before, 'bad keys changed the database');
  });

  test('every parameter: bad query values and ids that are not UUIDs', async () => {
    const before = await rowCounts();
    for (const { method, path, op } of operations) {
      const role = ROLE_PREFERENCE.find((r) => op['x-roles'].includes(r));
      const token = tokens[role];
      const params = (op.parameters || []).map(resolveRef);
      const o = { method, path };
      for (const p of params.filter((x) => x.in === 'query')) {
        for (const [what, value] of badValues(p.schema || {})) {
          // a query string has no types, nulls or NULs of JSON; an empty value is an absent one
          if (value === null || typeof value === 'object' || ['wrong type', 'NUL byte', 'empty'].includes(what) &&
            typeof value !== 'string' || ['NUL byte', 'empty'].includes(what)) continue;
          if (what === 'wrong type' && (resolveRef(p.schema).type === 'string')) continue;
          const url = `${concretePath(path)}?${p.name}=${encodeURIComponent(String(value))}`;
          const res = await server.request(method, url, { token, headers: { 'if-match': '"1"' } });
          // a bad value of an optional parameter must be refused, not ignored
          if (res.status < 400) assert.fail(`${method} ${url} (${p.name}: ${what}) was accepted: ${res.status}`);
          if (res.status >= 400) await expectRefused(o, res, `${p.name}: ${what}`, p.name);
        }
      }
      if (/\{[a-z_]*id\}/.test(path)) {
        const url = path.replace(/\{[a-z_]*id\}/g, 'not-a-uuid').replace('{date}', '2026-12-01');
        const res = await server.request(method, url, { token, headers: { 'if-match': '"1"' } });
        assert.equal(res.status, token ? 404 : 401, `${method} ${url}: ${res.status}`);
      }
      if (path.includes('{date}')) {
        const res = await server.request(method, path.replace('{date}', '2026-02-30'), { token });
        await expectRefused(o, res, 'impossible date in the path');
      }
    }
    assert.equal((await server.request('GET', '/healthz')).status, 200);
    assert.equal(await rowCounts(), before, 'bad parameters changed the database');
  });
});
