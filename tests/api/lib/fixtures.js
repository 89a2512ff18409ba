// A registry populated through its own API (and `iprd create-admin` for the first
// administrator, as an operator would): offices, officers, rights holders and importers,
// each logged in. Every API test file builds on this.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { completeFiling } from './filings.js';

const run = promisify(execFile);
export const PASSWORD = 'correct horse battery staple';

let counter = 0;
export function unique(prefix = 'x') {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}${randomUUID().slice(0, 4)}`;
}

export async function createAdmin(server, email = `${unique('admin')}@registry.example`) {
  await run(process.env.IPR_TEST_BIN, ['create-admin', '--email', email], {
    env: { ...process.env, IPR_DATABASE_URL: server.databaseUrl, IPR_ADMIN_PASSWORD: PASSWORD,
      IPR_PASSWORD_OPS: '1', IPR_PASSWORD_MEMORY: '8M' },
  });
  return login(server, email);
}

export async function login(server, email, password = PASSWORD) {
  const res = await server.request('POST', '/v1/sessions', { body: { email, password } });
  assert.equal(res.status, 201, `login of ${email} failed: ${res.text}`);
  return { token: res.body.token, user: res.body.user, email };
}

export function accountBody(kind, overrides = {}) {
  const name = unique({ importer: 'Importer ', agent: 'Agency ' }[kind] || 'Holder ');
  return {
    kind,
    organization: {
      name,
      country: 'CN',
      registration_number: unique('91310000'),
      address: '1 Century Avenue, Shanghai',
      contact_email: `${unique('contact')}@company.example`,
      phone: '+86 21 5555 0100',
      ...(kind === 'agent' ? { licence_number: unique('IPA-') } : {}),
      ...(overrides.organization || {}),
    },
    user: {
      email: `${unique('user')}@company.example`,
      password: PASSWORD,
      full_name: 'Li Wei',
      ...(overrides.user || {}),
    },
  };
}

export async function createAccount(server, kind, overrides = {}) {
  const body = accountBody(kind, overrides);
  const res = await server.request('POST', '/v1/accounts', { body });
  assert.equal(res.status, 201, `account creation failed: ${res.text}`);
  const session = await login(server, body.user.email);
  return { ...session, organization: res.body.organization };
}

export async function ensureOffice(server, admin, code, kind, name = `${code} customs`) {
  const res = await server.request('POST', '/v1/customs-offices', { token: admin.token, body: { code, name, kind } });
  assert.ok(res.status === 201 || res.status === 409, `office ${code}: ${res.status} ${res.text}`);
  return { code, kind, name };
}

export async function createOfficer(server, admin, officeCode) {
  const email = `${unique('officer')}@customs.example`;
  const res = await server.request('POST', '/v1/officers', {
    token: admin.token,
    body: { email, password: PASSWORD, full_name: 'Officer Zhang', office_code: officeCode },
  });
  assert.equal(res.status, 201, `officer creation failed: ${res.text}`);
  const session = await login(server, email);
  return { ...session, office: { code: officeCode } };
}

/**
 * An agent organization (kind agent) registered and, unless `approved` is false, approved by
 * `admin`; resolves like createAccount (organization.id is the agent's id).
 */
export async function createAgent(server, admin, { approved = true, overrides = {} } = {}) {
  const agent = await createAccount(server, 'agent', overrides);
  if (approved) {
    const res = await server.request('POST', `/v1/agents/${agent.organization.id}/decision`,
      { token: admin.token, body: { outcome: 'approve' } });
    assert.equal(res.status, 200, `approval of the agent: ${res.text}`);
  }
  return agent;
}

/**
 * A mandate from `holder` to `agent`, power of attorney attached and accepted (unless
 * `accept` is false). Options: actions (default all but answer_cases), recordationIds (a
 * listed set; default all the holder's recordations), validUntil. Resolves to the mandate.
 */
export async function grantMandate(server, holder, agent, { actions, recordationIds, validUntil, accept = true } = {}) {
  const body = {
    agent_id: agent.organization.id,
    all_recordations: !recordationIds,
    actions: actions ?? ['file_and_amend', 'submit', 'answer_information_requests', 'renew', 'manage_authorized_users'],
    valid_until: validUntil ?? `${new Date().getUTCFullYear() + 2}-12-31`,
    ...(recordationIds ? { recordation_ids: recordationIds } : {}),
  };
  const res = await server.request('POST', '/v1/mandates', { token: holder.token, body });
  assert.equal(res.status, 201, `mandate: ${res.text}`);
  if (!accept) return res.body;
  await uploadDocument(server, holder, res.body.id, 'power_of_attorney', { parent: 'mandates' });
  const accepted = await server.request('POST', `/v1/mandates/${res.body.id}/answer`,
    { token: agent.token, body: { outcome: 'accept' } });
  assert.equal(accepted.status, 200, `acceptance: ${accepted.text}`);
  return accepted.body;
}

// The cast of every API test: an administrator, two headquarters officers, officers of two
// ports, two rights holders of different organizations, two importers, and an approved agent
// with a mandate from the first holder (all its recordations, every power but answer_cases).
export async function setupRegistry(server) {
  const admin = await createAdmin(server);
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
  await ensureOffice(server, admin, 'CNSHA', 'port', 'Shanghai Customs');
  await ensureOffice(server, admin, 'CNSZX', 'port', 'Shenzhen Customs');
  const [hq, hq2, port, port2] = await Promise.all([
    createOfficer(server, admin, 'HQ'),
    createOfficer(server, admin, 'HQ'),
    createOfficer(server, admin, 'CNSHA'),
    createOfficer(server, admin, 'CNSZX'),
  ]);
  const [holder, holder2, importer, importer2] = await Promise.all([
    createAccount(server, 'rights_holder'),
    createAccount(server, 'rights_holder'),
    createAccount(server, 'importer'),
    createAccount(server, 'importer'),
  ]);
  const agent = await createAgent(server, admin);
  const mandate = await grantMandate(server, holder, agent);
  return { admin, hq, hq2, port, port2, holder, holder2, importer, importer2, agent, mandate };
}

// ---- supporting documents

const SIGNATURES = {
  pdf: { type: 'application/pdf', head: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), tail: Buffer.from('\n%%EOF\n') },
  jpeg: { type: 'image/jpeg', head: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), tail: Buffer.from([0xff, 0xd9]) },
  png: { type: 'image/png', head: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), tail: Buffer.from('IEND') },
  webp: { type: 'image/webp', head: Buffer.from('RIFF\0\0\0\0WEBPVP8L'), tail: Buffer.alloc(0) },
};

/**
 * A file of an accepted type ('pdf', 'jpeg', 'png', 'webp'): its signature, then `size`
 * bytes in all (default: small), unique unless `fill` is given. Resolves to
 * { bytes, type } (type: its media type).
 */
export function sampleFile(kind = 'pdf', { size, fill } = {}) {
  const { type, head, tail } = SIGNATURES[kind];
  const unique = Buffer.from(`${randomUUID()}\n`);
  const total = size ?? head.length + unique.length + 64 + tail.length;
  const bytes = Buffer.alloc(total, fill ?? 0x20);
  head.copy(bytes, 0);
  if (fill === undefined) unique.copy(bytes, head.length);
  tail.copy(bytes, Math.max(head.length, total - tail.length));
  if (kind === 'webp') bytes.writeUInt32LE(total - 8, 4); // the RIFF size
  return { bytes, type };
}

/**
 * Attaches a document to a recordation (or, with `parent: 'pre-confirmations'`, a
 * pre-confirmation) as `who`; asserts 201 and resolves to the document. Options: file
 * ({ bytes, type } from sampleFile; default a new small PDF), filename, parent.
 */
export async function uploadDocument(server, who, id, kind, { file = sampleFile('pdf'), filename = `${kind}.pdf`, parent = 'recordations' } = {}) {
  const qs = new URLSearchParams({ kind, filename });
  const res = await server.request('POST', `/v1/${parent}/${id}/documents?${qs}`,
    { token: who.token, raw: file.bytes, headers: { 'content-type': file.type } });
  assert.equal(res.status, 201, `upload of a ${kind}: ${res.status} ${res.text}`);
  return res.body;
}

/** Attaches what a filing needs to be submitted: a registration certificate and a licence. */
export async function attachEvidence(server, who, recordationId) {
  await uploadDocument(server, who, recordationId, 'registration_certificate');
  await uploadDocument(server, who, recordationId, 'licence');
}

/** Files a draft recordation as `who` (a complete filing unless `body` is given); asserts 201 and resolves to it. */
export async function fileDraft(server, who, body = completeFiling()) {
  const res = await server.request('POST', '/v1/recordations', { token: who.token, body });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

/** Like fileDraft, then attaches the evidence and submits; resolves to the submitted filing. */
export async function fileSubmitted(server, who, body = completeFiling()) {
  const draft = await fileDraft(server, who, body);
  await attachEvidence(server, who, draft.id);
  const res = await server.request('POST', `/v1/recordations/${draft.id}/submit`, { token: who.token });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

/** Like fileSubmitted, then approved by the headquarters officer `hq`; resolves to the recordation. */
export async function fileApproved(server, who, hq, body = completeFiling()) {
  const submitted = await fileSubmitted(server, who, body);
  const res = await server.request('POST', `/v1/recordations/${submitted.id}/decision`,
    { token: hq.token, body: { outcome: 'approve' } });
  assert.equal(res.status, 200, res.text);
  return res.body;
}
