// Self-test of api-spec/openapi.yaml and of the response validator in lib/openapi.js.
// Run: cd tests && node --test api/openapi.test.js
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  spec, listOperations, operationRoles, validateResponse, validateSchema, matchPath, getOperation,
} from './lib/openapi.js';

const ALL_ROLES = ['anonymous', 'admin', 'hq_officer', 'port_officer', 'rights_holder', 'importer', 'agent'];
// Not a user's role: the scraper's token (IPR_METRICS_TOKEN), on GET /metrics only.
const SERVICE_ROLES = ['metrics'];
const UUID = '3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1f';
const JSON_HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req-1' };
const PROBLEM_HEADERS = { 'content-type': 'application/problem+json', 'x-request-id': 'req-1' };

// Every route named in API.md, plus the operations the lead added to the contract.
const API_MD_ROUTES = [
  'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /v1/openapi.yaml', 'GET /docs',
  'POST /v1/accounts', 'POST /v1/sessions', 'DELETE /v1/sessions/current', 'GET /v1/me', 'PUT /v1/me/password',
  'POST /v1/customs-offices', 'GET /v1/customs-offices', 'POST /v1/officers',
  'GET /v1/users', 'POST /v1/users/{id}/disable', 'POST /v1/users/{id}/enable',
  'GET /v1/calendar', 'PUT /v1/calendar/{date}', 'DELETE /v1/calendar/{date}', 'GET /v1/calendar/working-days',
  'POST /v1/recordations', 'GET /v1/recordations', 'GET /v1/recordations/{id}', 'PATCH /v1/recordations/{id}',
  'POST /v1/recordations/{id}/submit', 'POST /v1/recordations/{id}/decision',
  'POST /v1/recordations/{id}/withdrawal', 'POST /v1/recordations/{id}/renewal',
  'POST /v1/recordations/{id}/renewal/decision',
  'POST /v1/recordations/{id}/revocation', 'POST /v1/recordations/{id}/cancellation',
  'GET /v1/recordations/{id}/history', 'GET /v1/register',
  'GET /v1/recordations/{id}/authorized-users', 'POST /v1/recordations/{id}/authorized-users',
  'PUT /v1/recordations/{id}/authorized-users',
  'PATCH /v1/recordations/{id}/authorized-users/{entry_id}', 'DELETE /v1/recordations/{id}/authorized-users/{entry_id}',
  'GET /v1/authorizations/check',
  'POST /v1/pre-confirmations', 'GET /v1/pre-confirmations', 'GET /v1/pre-confirmations/{id}',
  'POST /v1/pre-confirmations/{id}/decision', 'POST /v1/pre-confirmations/{id}/withdrawal',
  'GET /v1/pre-confirmations/{id}/history',
  'POST /v1/recordations/{id}/documents', 'GET /v1/recordations/{id}/documents',
  'GET /v1/recordations/{id}/documents/{doc_id}', 'DELETE /v1/recordations/{id}/documents/{doc_id}',
  'POST /v1/pre-confirmations/{id}/documents', 'GET /v1/pre-confirmations/{id}/documents',
  'GET /v1/pre-confirmations/{id}/documents/{doc_id}', 'DELETE /v1/pre-confirmations/{id}/documents/{doc_id}',
  // at the border (issue 18)
  'GET /v1/border-check', 'GET /v1/recordations/{id}/guide', 'PUT /v1/recordations/{id}/guide',
  'POST /v1/recordations/{id}/guide/documents', 'GET /v1/recordations/{id}/guide/documents',
  'GET /v1/recordations/{id}/guide/documents/{doc_id}', 'DELETE /v1/recordations/{id}/guide/documents/{doc_id}',
  'POST /v1/alerts', 'GET /v1/alerts', 'GET /v1/alerts/{id}', 'POST /v1/alerts/{id}/withdrawal', 'GET /v1/alerts/{id}/history',
  'GET /v1/customs-offices/{code}/watch-list', 'POST /v1/customs-offices/{code}/watch-list',
  'DELETE /v1/customs-offices/{code}/watch-list/{entry_id}',
  'POST /v1/cases', 'GET /v1/cases', 'GET /v1/cases/statistics', 'GET /v1/cases/{id}', 'POST /v1/cases/{id}/answer',
  'POST /v1/cases/{id}/decision', 'GET /v1/cases/{id}/history', 'POST /v1/cases/{id}/documents',
  'GET /v1/cases/{id}/documents', 'GET /v1/cases/{id}/documents/{doc_id}', 'DELETE /v1/cases/{id}/documents/{doc_id}',
  // issue 19: certificates (API.md's round two) and the registry's keys and status list
  'GET /v1/recordations/{id}/certificate', 'GET /v1/pre-confirmations/{id}/certificate',
  'GET /.well-known/did.json', 'GET /v1/status-lists/{list}', 'GET /v1/certificates/{id}',
  'GET /v1/log/checkpoint', 'GET /v1/log/proof', 'GET /v1/log/entries/{seq}',
  // agents and mandates (issue 22)
  'GET /v1/agents', 'GET /v1/agents/{id}', 'POST /v1/agents/{id}/decision', 'GET /v1/agents/{id}/history',
  'POST /v1/mandates', 'GET /v1/mandates', 'GET /v1/mandates/{id}', 'PATCH /v1/mandates/{id}',
  'POST /v1/mandates/{id}/answer', 'POST /v1/mandates/{id}/end', 'GET /v1/mandates/{id}/history',
  'POST /v1/mandates/{id}/documents', 'GET /v1/mandates/{id}/documents',
  'GET /v1/mandates/{id}/documents/{doc_id}', 'DELETE /v1/mandates/{id}/documents/{doc_id}',
  'GET /v1/agent/desk',
  // issue 21: the event feed and webhook endpoints
  'GET /v1/events', 'POST /v1/webhook-endpoints', 'GET /v1/webhook-endpoints', 'GET /v1/webhook-endpoints/{id}',
  'DELETE /v1/webhook-endpoints/{id}', 'POST /v1/webhook-endpoints/{id}/enable',
  'GET /v1/webhook-endpoints/{id}/deliveries', 'POST /v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redelivery',
];

const recordation = structuredClone(spec.components.examples.ApprovedRecordation.value);
const problem = {
  type: 'urn:iprd:problem:validation', title: 'Invalid input', status: 422, detail: '1 field is invalid.',
  request_id: 'req-1', errors: [{ field: 'entries[17].registration_number', message: 'unknown field' }],
};

// ------------------------------------------------------------------ helpers for the structural checks
function deref(obj) {
  while (obj && obj.$ref) {
    obj = obj.$ref.slice(2).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((o, k) => o?.[k], spec);
  }
  return obj;
}
const ops = listOperations().map(({ method, path }) => ({ method, path, op: spec.paths[path][method.toLowerCase()] }));
const isPublic = (op) => Array.isArray(op.security) && op.security.length === 0;
const jsonRequestSchema = (op) => deref(deref(op.requestBody)?.content?.['application/json']?.schema);

/** Walks a request schema; calls visit(schema, where) on every (dereferenced) subschema. */
function walk(schema, where, visit, seen = new Set()) {
  schema = deref(schema);
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  visit(schema, where);
  for (const [k, s] of Object.entries(schema.properties || {})) walk(s, `${where}.${k}`, visit, seen);
  if (schema.items) walk(schema.items, `${where}[]`, visit, seen);
  for (const key of ['anyOf', 'oneOf', 'allOf']) (schema[key] || []).forEach((s, i) => walk(s, `${where}<${key}${i}>`, visit, seen));
}
const typesOf = (s) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

// ------------------------------------------------------------------ sample bodies
describe('schemas accept valid bodies and refuse invalid ones', () => {
  test('Problem', () => {
    assert.equal(validateSchema('Problem', problem).valid, true);
    assert.equal(validateSchema('Problem', { ...problem, status: '422' }).valid, false);
    assert.equal(validateSchema('Problem', { title: 'x', status: 500, detail: 'y', request_id: 'r' }).valid, false, 'type is required');
    assert.equal(validateSchema('Problem', { ...problem, stack: 'at foo.c:12' }).valid, false, 'no extra members');
    validateResponse({ method: 'GET', path: `/v1/recordations/${UUID}`, status: 404, headers: PROBLEM_HEADERS, body: { ...problem, status: 404 } });
    assert.throws(() => validateResponse({
      method: 'GET', path: `/v1/recordations/${UUID}`, status: 404, headers: PROBLEM_HEADERS, body: { error: 'not found' },
    }), /does not match the schema/);
  });

  test('Recordation', () => {
    assert.equal(validateSchema('Recordation', recordation).valid, true, validateSchema('Recordation', recordation).errors);
    validateResponse({ method: 'GET', path: `/v1/recordations/${UUID}`, status: 200, headers: { ...JSON_HEADERS, etag: '"4"' }, body: recordation });
    assert.equal(validateSchema('Recordation', { ...recordation, status: 'pending' }).valid, false);
    assert.equal(validateSchema('Recordation', { ...recordation, classes: [0, 46] }).valid, false);
    assert.equal(validateSchema('Recordation', { ...recordation, number: 'X2026-1' }).valid, false);
    const { due_on, ...missing } = recordation; // eslint-disable-line no-unused-vars
    assert.throws(() => validateResponse({
      method: 'GET', path: `/v1/recordations/${UUID}`, status: 200, headers: { ...JSON_HEADERS, etag: '"4"' }, body: missing,
    }), /due_on/);
  });

  test('list wrapper', () => {
    const page = { items: [recordation], next_cursor: null };
    validateResponse({ method: 'GET', path: '/v1/recordations?limit=1&status=approved', status: 200, headers: JSON_HEADERS, body: page });
    validateResponse({ method: 'GET', path: '/v1/recordations', status: 200, headers: JSON_HEADERS, body: { items: [], next_cursor: 'b3BhcXVl' } });
    assert.throws(() => validateResponse({
      method: 'GET', path: '/v1/recordations', status: 200, headers: JSON_HEADERS, body: { items: [recordation] },
    }), /next_cursor/);
    assert.equal(validateSchema('RecordationPage', { items: [{}], next_cursor: null }).valid, false);
  });

  test('request schemas refuse unknown fields and enforce conditional reasons', () => {
    assert.equal(validateSchema('RecordationCreate', { ipr_type: 'trademark', title: 'ACME' }).valid, true);
    assert.equal(validateSchema('RecordationCreate', { ipr_type: 'trademark', title: 'ACME', colour: 'red' }).valid, false);
    assert.equal(validateSchema('RecordationDecision', { outcome: 'approve' }).valid, true);
    assert.equal(validateSchema('RecordationDecision', { outcome: 'reject' }).valid, false);
    assert.equal(validateSchema('RecordationDecision', { outcome: 'reject', reason: 'Not a registered mark.' }).valid, true);
    assert.equal(validateSchema('PreConfirmationDecision', { outcome: 'confirm' }).valid, true);
    assert.equal(validateSchema('PreConfirmationDecision', { outcome: 'reject' }).valid, false);
  });
});

describe('validateResponse', () => {
  test('refuses undocumented paths, methods, statuses and content types', () => {
    assert.throws(() => validateResponse({ method: 'GET', path: '/v1/nothing', status: 200, headers: JSON_HEADERS, body: {} }), /matches no path template/);
    assert.throws(() => validateResponse({ method: 'DELETE', path: '/v1/me', status: 200, headers: JSON_HEADERS, body: {} }), /not an operation/);
    assert.throws(() => validateResponse({ method: 'GET', path: '/v1/me', status: 418, headers: PROBLEM_HEADERS, body: problem }), /status 418 is not documented/);
    assert.throws(() => validateResponse({ method: 'GET', path: `/v1/recordations/${UUID}`, status: 404, headers: JSON_HEADERS, body: { ...problem, status: 404 } }), /Content-Type application\/json is not documented/);
    assert.throws(() => validateResponse({ method: 'GET', path: '/healthz', status: 200, headers: { 'content-type': 'application/json' }, body: { status: 'ok' } }), /X-Request-Id/);
  });

  test('accepts the router answers: 404 for an unknown path, 405 with Allow', () => {
    validateResponse({ method: 'GET', path: '/v2/whatever', status: 404, headers: PROBLEM_HEADERS, body: { ...problem, status: 404, errors: undefined } });
    validateResponse({ method: 'DELETE', path: '/v1/me', status: 405, headers: { ...PROBLEM_HEADERS, allow: 'GET' }, body: { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: 'x', request_id: 'r' } });
    assert.throws(() => validateResponse({ method: 'DELETE', path: '/v1/me', status: 405, headers: PROBLEM_HEADERS, body: { type: 'about:blank', title: 'x', status: 405, detail: 'x', request_id: 'r' } }), /Allow/);
  });

  test('non-JSON bodies, headers as a Headers object, 204', () => {
    validateResponse({ method: 'GET', path: '/metrics', status: 200, headers: new Headers({ 'content-type': 'text/plain; version=0.0.4', 'x-request-id': 'a' }), body: '# TYPE x counter\n' });
    validateResponse({ method: 'GET', path: '/v1/openapi.yaml', status: 200, headers: { 'Content-Type': 'application/yaml', 'X-Request-Id': 'a' }, body: 'openapi: 3.1.0\n' });
    validateResponse({
      method: 'GET', path: `/v1/recordations/${UUID}/documents/${UUID}`, status: 200,
      headers: { 'content-type': 'application/pdf', 'content-length': '4', etag: `"${'a'.repeat(64)}"`, 'content-disposition': 'attachment; filename="c.pdf"', 'x-request-id': 'a' },
      body: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
    });
    assert.throws(() => validateResponse({
      method: 'GET', path: `/v1/recordations/${UUID}/documents/${UUID}`, status: 200,
      headers: { 'content-type': 'application/pdf', 'content-length': '4', etag: '"1"', 'content-disposition': 'attachment', 'x-request-id': 'a' }, body: 'x',
    }), /ETag/);
    validateResponse({ method: 'DELETE', path: '/v1/sessions/current', status: 204, headers: { 'x-request-id': 'a' }, body: '' });
    assert.throws(() => validateResponse({ method: 'POST', path: '/v1/sessions', status: 429, headers: PROBLEM_HEADERS, body: { ...problem, status: 429 } }), /Retry-After/);
  });

  test('literal segments win over templated ones', () => {
    assert.equal(matchPath('/v1/sessions/current'), '/v1/sessions/current');
    assert.equal(matchPath('/v1/calendar/working-days?start=2026-01-01&add=3'), '/v1/calendar/working-days');
    assert.equal(matchPath('/v1/calendar/2026-10-01'), '/v1/calendar/{date}');
    assert.equal(matchPath(`/v1/recordations/${UUID}/renewal/decision`), '/v1/recordations/{id}/renewal/decision');
    assert.equal(getOperation('POST', `/v1/recordations/${UUID}/renewal`).operationId, 'requestRenewal');
    assert.deepEqual(operationRoles('POST', `/v1/recordations/${UUID}/decision`), ['hq_officer']);
  });
});

// ------------------------------------------------------------------ the document itself
describe('the document', () => {
  test('has every route named in API.md', () => {
    const have = new Set(listOperations().map(({ method, path }) => `${method} ${path}`));
    const missing = API_MD_ROUTES.filter((r) => !have.has(r));
    assert.deepEqual(missing, []);
    const extra = [...have].filter((r) => !API_MD_ROUTES.includes(r));
    assert.deepEqual(extra, [], 'operations not in the route list of this test');
  });

  test('every operation has x-roles; public ones list all roles, the others need a bearer token and document 401 and 403', () => {
    for (const { method, path, op } of ops) {
      const name = `${method} ${path}`;
      const roles = operationRoles(method, path);
      assert.ok(Array.isArray(roles) && roles.length > 0, `${name}: x-roles`);
      for (const r of roles) assert.ok([...ALL_ROLES, ...SERVICE_ROLES].includes(r), `${name}: unknown role ${r}`);
      assert.equal(new Set(roles).size, roles.length, `${name}: duplicate role`);
      assert.ok(Array.isArray(op.security), `${name}: security must be set on the operation`);
      if (isPublic(op)) {
        assert.deepEqual([...roles].sort(), [...ALL_ROLES].sort(), `${name}: public operations list all the roles`);
      } else {
        assert.ok(!roles.includes('anonymous'), `${name}: anonymous on a protected operation`);
        assert.deepEqual(op.security, [{ bearer: [] }], `${name}: security`);
        assert.ok(op.responses['401'], `${name}: 401`);
        assert.ok(op.responses['403'], `${name}: 403`);
      }
    }
  });

  test('every operation documents the statuses it can answer', () => {
    const noDb = new Set(['GET /healthz', 'GET /v1/openapi.yaml', 'GET /docs']);
    for (const { method, path, op } of ops) {
      const name = `${method} ${path}`;
      const has = (s) => assert.ok(op.responses[s], `${name}: documents ${s}`);
      has('500');
      if (!noDb.has(name)) has('503');
      assert.ok(Object.keys(op.responses).some((s) => /^2/.test(s)), `${name}: a 2xx`);
      if (/\{(id|entry_id|doc_id)\}/.test(path)) has('404');
      if (jsonRequestSchema(op)) ['400', '413', '415', '422'].forEach(has);
      if (op.requestBody && !jsonRequestSchema(op)) ['413', '415'].forEach(has);
      if ((op.parameters || []).some((p) => deref(p).in === 'query')) has('422');
      if (method === 'PATCH') {
        ['412', '428'].forEach(has);
        assert.ok((op.parameters || []).map(deref).some((p) => p.name === 'If-Match' && p.required), `${name}: If-Match required`);
      }
    }
    assert.ok(spec.paths['/v1/sessions'].post.responses['429'], 'POST /v1/sessions: 429');
  });

  test('every response carries X-Request-Id; versioned records carry ETag', () => {
    for (const { method, path, op } of ops) {
      for (const [status, r0] of Object.entries(op.responses)) {
        const r = deref(r0);
        assert.ok(r.headers?.['X-Request-Id'], `${method} ${path} ${status}: X-Request-Id`);
        const schema = deref(r.content?.['application/json']?.schema);
        if (schema?.properties?.version) assert.ok(r.headers.ETag, `${method} ${path} ${status}: ETag`);
      }
    }
  });

  test('reusable problem responses exist with their headers', () => {
    const R = spec.components.responses;
    const want = { BadRequest: [], Unauthorized: ['WWW-Authenticate'], Forbidden: [], NotFound: [], MethodNotAllowed: ['Allow'],
      Conflict: [], PreconditionFailed: [], PayloadTooLarge: [], UnsupportedMediaType: [], UnprocessableContent: [],
      PreconditionRequired: [], TooManyRequests: ['Retry-After'], InternalError: [], ServiceUnavailable: [] };
    for (const [name, headers] of Object.entries(want)) {
      assert.ok(R[name]?.content?.['application/problem+json'], `${name}: problem+json`);
      for (const h of ['X-Request-Id', ...headers]) assert.ok(R[name].headers?.[h], `${name}: ${h}`);
    }
  });

  test('request schemas are closed and bounded', () => {
    const problems = [];
    for (const { method, path, op } of ops) {
      const schema = jsonRequestSchema(op);
      if (!schema) continue;
      walk(schema, `${method} ${path}`, (s, where) => {
        const types = typesOf(s);
        if ((types.includes('object') || s.properties) && s.additionalProperties !== false) problems.push(`${where}: additionalProperties must be false`);
        if (types.includes('string') && s.maxLength === undefined && !s.enum && s.const === undefined && !s.pattern &&
          !['date', 'date-time', 'uuid'].includes(s.format)) problems.push(`${where}: string without maxLength`);
        if (types.includes('array') && s.maxItems === undefined) problems.push(`${where}: array without maxItems`);
      });
    }
    assert.deepEqual(problems, []);
  });

  test('every component is used (MethodNotAllowed is used by x-router-responses)', () => {
    const text = JSON.stringify(spec);
    const unused = [];
    for (const [section, entries] of Object.entries(spec.components)) {
      if (section === 'securitySchemes') continue;
      for (const name of Object.keys(entries)) {
        if (!text.includes(`"#/components/${section}/${name}"`)) unused.push(`${section}/${name}`);
      }
    }
    assert.deepEqual(unused, []);
  });
});
