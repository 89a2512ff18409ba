// Validates HTTP responses against api-spec/openapi.yaml, the contract of the iprd API.
//
// The document is loaded and its schemas compiled once (lazily, per schema location). Schemas are
// compiled with Ajv's JSON Schema 2020-12 dialect, the dialect of OpenAPI 3.1: the whole document is
// added to Ajv under an $id so that every `#/components/...` reference resolves against it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
export const SPEC_PATH = resolve(here, '../../../api-spec/openapi.yaml');
const DOC_ID = 'https://iprd.invalid/openapi.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export const spec = YAML.parse(readFileSync(SPEC_PATH, 'utf8'));

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addFormat('binary', true); // OpenAPI's raw-bytes marker; nothing to check in a JSON value
ajv.addSchema(spec, DOC_ID);

const validators = new Map(); // JSON pointer -> compiled validator

function escapeToken(t) {
  return String(t).replaceAll('~', '~0').replaceAll('/', '~1');
}
function pointerOf(tokens) {
  return tokens.map((t) => '/' + escapeToken(t)).join('');
}
function getByPointer(pointer) {
  let node = spec;
  for (const raw of pointer.split('/').slice(1)) {
    const t = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node == null || typeof node !== 'object' || !(t in node)) return undefined;
    node = node[t];
  }
  return node;
}
/** Follows local $refs; returns [object, its JSON pointer]. */
function deref(obj, pointer) {
  const seen = new Set();
  while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
    if (!obj.$ref.startsWith('#/') || seen.has(obj.$ref)) throw new Error(`cannot resolve ${obj.$ref}`);
    seen.add(obj.$ref);
    pointer = obj.$ref.slice(1);
    obj = getByPointer(pointer);
  }
  return [obj, pointer];
}

/** The object a (possibly $ref) node of the document stands for. */
export function resolveRef(node) {
  return deref(node, '')[0];
}

/** A validator for the schema at `pointer` (a JSON pointer into the document). */
function validatorAt(pointer) {
  let v = validators.get(pointer);
  if (!v) {
    const fragment = pointer.split('/').map((seg) => encodeURIComponent(seg)).join('/');
    v = ajv.compile({ $ref: `${DOC_ID}#${fragment}` });
    validators.set(pointer, v);
  }
  return v;
}

function formatErrors(errors) {
  return (errors || [])
    .slice(0, 20)
    .map((e) => `  ${e.instancePath || '(root)'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`)
    .join('\n');
}

/**
 * Validates `value` against a named schema of components/schemas.
 * Returns { valid, errors } (errors formatted as text).
 */
export function validateSchema(name, value) {
  if (!spec.components?.schemas?.[name]) throw new Error(`no schema components/schemas/${name}`);
  const v = validatorAt(pointerOf(['components', 'schemas', name]));
  const valid = v(value);
  return { valid, errors: valid ? '' : formatErrors(v.errors) };
}

// ---------------------------------------------------------------- routing

const templates = Object.keys(spec.paths || {}).map((template) => ({
  template,
  segments: template.split('/').slice(1),
}));

/**
 * The path template of the document that a concrete path matches, or null. Literal segments win over
 * templated ones, position by position from the left (`/v1/sessions/current` beats `/v1/sessions/{id}`).
 */
export function matchPath(concretePath) {
  const path = String(concretePath).split('?')[0].split('#')[0];
  if (spec.paths?.[path]) return path; // exact (also lets templates themselves be passed)
  const segs = path.split('/').slice(1);
  let best = null;
  let bestScore = null;
  for (const { template, segments } of templates) {
    if (segments.length !== segs.length) continue;
    const score = [];
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const t = segments[i];
      if (/^\{[^}]+\}$/.test(t)) {
        if (segs[i] === '') { ok = false; break; }
        score.push(0);
      } else if (t === segs[i]) {
        score.push(1);
      } else { ok = false; break; }
    }
    if (!ok) continue;
    if (!best || compareScores(score, bestScore) > 0) { best = template; bestScore = score; }
  }
  return best;
}
function compareScores(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Every operation of the document: [{method: 'GET', path: '/v1/...'}], in document order. */
export function listOperations() {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const m of METHODS) if (item[m]) out.push({ method: m.toUpperCase(), path });
  }
  return out;
}

/** The operation object for a method and a path (template or concrete), or undefined. */
export function getOperation(method, path) {
  const template = matchPath(path);
  return template ? spec.paths[template][String(method).toLowerCase()] : undefined;
}

/** The `x-roles` of an operation (method + path template or concrete path). */
export function operationRoles(method, path) {
  const op = getOperation(method, path);
  if (!op) throw new Error(`${String(method).toUpperCase()} ${path} is not an operation of the OpenAPI document`);
  return op['x-roles'];
}

// ---------------------------------------------------------------- responses

function headerGetter(headers) {
  if (!headers) return () => null;
  if (typeof headers.get === 'function') return (name) => headers.get(name);
  const lower = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return (name) => (lower[name.toLowerCase()] ?? null);
}

function isJsonMediaType(mt) {
  return mt === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mt);
}

function isEmptyBody(body) {
  return body === undefined || body === null || body === '' ||
    (body instanceof ArrayBuffer && body.byteLength === 0) ||
    (ArrayBuffer.isView(body) && body.byteLength === 0);
}

/**
 * Validates one response against the document; throws an Error describing every mismatch found.
 * - method: the request method; path: the concrete request path (a query string is ignored)
 * - status: the response status; headers: a Headers object or a plain object
 * - body: the parsed JSON body, or the text (or bytes) of a non-JSON body
 * Returns { template, operationId } on success.
 */
export function validateResponse({ method, path, status, headers, body }) {
  const M = String(method).toUpperCase();
  const where = `${M} ${path} → ${status}`;
  const template = matchPath(path);
  const router = spec['x-router-responses'] || {};
  let response;
  let responsePointer;
  let operationId;

  if (!template) {
    // Only the router's 404 is allowed for a path the document does not have.
    if (String(status) !== '404' || !router['404']) {
      throw new Error(`${where}: the path matches no path template of the OpenAPI document`);
    }
    [response, responsePointer] = deref(router['404'], '/x-router-responses/404');
  } else {
    const item = spec.paths[template];
    const op = item[M.toLowerCase()];
    if (!op) {
      if (String(status) !== '405' || !router['405']) {
        throw new Error(`${where}: ${M} is not an operation of ${template} in the OpenAPI document`);
      }
      [response, responsePointer] = deref(router['405'], '/x-router-responses/405');
    } else {
      operationId = op.operationId;
      const responses = op.responses || {};
      const key = responses[String(status)] ? String(status)
        : responses[`${String(status)[0]}XX`] ? `${String(status)[0]}XX`
        : responses.default ? 'default' : null;
      if (!key) {
        throw new Error(`${where}: status ${status} is not documented for ${M} ${template} (documented: ${Object.keys(responses).join(', ')})`);
      }
      [response, responsePointer] = deref(responses[key],
        pointerOf(['paths', template, M.toLowerCase(), 'responses', key]));
    }
  }

  const problems = [];
  const get = headerGetter(headers);

  // Headers: required ones present, every documented one that is present matches its schema.
  for (const [name, h0] of Object.entries(response.headers || {})) {
    const [h, hPointer] = deref(h0, `${responsePointer}/headers/${escapeToken(name)}`);
    const value = get(name);
    if (value === null || value === undefined) {
      if (h.required) problems.push(`missing required header ${name}`);
      continue;
    }
    if (h.schema) {
      const v = validatorAt(`${hPointer}/schema`);
      if (!v(value)) problems.push(`header ${name}: ${JSON.stringify(value)} does not match its schema:\n${formatErrors(v.errors)}`);
    }
  }

  // Content type and body.
  const content = response.content || {};
  const mediaTypes = Object.keys(content);
  const rawType = get('content-type');
  const mediaType = rawType ? String(rawType).split(';')[0].trim().toLowerCase() : null;

  if (mediaTypes.length === 0) {
    if (!isEmptyBody(body)) problems.push(`no body is documented, but one was sent (${mediaType ?? 'no Content-Type'})`);
  } else if (!mediaType) {
    problems.push(`no Content-Type header; documented: ${mediaTypes.join(', ')}`);
  } else {
    const match = mediaTypes.find((mt) => mt.toLowerCase() === mediaType) ??
      mediaTypes.find((mt) => mt.endsWith('/*') && mediaType.startsWith(mt.slice(0, -1))) ??
      mediaTypes.find((mt) => mt === '*/*');
    if (!match) {
      problems.push(`Content-Type ${mediaType} is not documented for this status; documented: ${mediaTypes.join(', ')}`);
    } else if (isJsonMediaType(match) && content[match].schema) {
      const v = validatorAt(`${responsePointer}/content/${escapeToken(match)}/schema`);
      if (!v(body)) problems.push(`the body does not match the schema of ${match}:\n${formatErrors(v.errors)}\nbody: ${truncate(JSON.stringify(body))}`);
    } else if (!isJsonMediaType(match) && typeof body !== 'string' && !(body instanceof ArrayBuffer) && !ArrayBuffer.isView(body) && !isEmptyBody(body)) {
      problems.push(`expected a text or binary body for ${match}, got ${typeof body}`);
    }
  }

  if (problems.length) {
    throw new Error(`${where} (${template ?? 'router'}) does not conform to the OpenAPI document:\n- ${problems.join('\n- ')}`);
  }
  return { template, operationId };
}

function truncate(s, n = 600) {
  return s && s.length > n ? s.slice(0, n) + '…' : s;
}
