// Certificates (issue 19): every approval and confirmation gets a W3C Verifiable Credential
// with an eddsa-jcs-2022 proof, issued in the decision's transaction; it is verified here by
// an independent implementation (Node's Ed25519 and the npm RFC 8785 canonicalizer, in
// lib/vc.js) and by `iprd verify` offline: one byte changed anywhere, or another key named,
// fails; members re-ordered or re-indented still verify. The status list flips on
// revocation; a rotated key leaves old certificates verifiable.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, fileApproved, fileSubmitted, unique } from './lib/fixtures.js';
import { completeFiling } from './lib/filings.js';
import { today, shiftDays, shiftYears } from './lib/dates.js';
import { createHash, randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { verifyCredential, canonicalize, base58Decode } from './lib/vc.js';

const dir = mkdtempSync(join(tmpdir(), 'iprd-vc-'));
let files = 0;
function save(content) {
  const path = join(dir, `f${files++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Runs `iprd verify`; resolves to { code, out }. */
function iprdVerify(args) {
  return new Promise((resolve) => {
    execFile(process.env.IPR_TEST_BIN, ['verify', ...args], (err, stdout, stderr) =>
      resolve({ code: err ? err.code : 0, out: stdout + stderr }));
  });
}

/** Every path to a leaf value of a JSON value: [['proof', 'proofValue'], ['credentialSubject', 'niceClasses', 0], ...]. */
function leaves(value, path = []) {
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return [path];
}

/** A copy with the leaf at path changed by one byte (a string's last character, a number by one, a boolean flipped). */
function tampered(cred, path) {
  const copy = structuredClone(cred);
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1];
  const v = parent[last];
  if (typeof v === 'string') {
    const c = v.charCodeAt(v.length - 1);
    parent[last] = v.slice(0, -1) + String.fromCharCode(c === 0x7a ? 0x79 : c + 1);
  } else if (typeof v === 'number') parent[last] = v + 1;
  else if (typeof v === 'boolean') parent[last] = !v;
  else parent[last] = 'x';
  return copy;
}

/** The same members in reverse order at every level. */
function reordered(value) {
  if (Array.isArray(value)) return value.map(reordered);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]));
  return value;
}

/** What a QR code in an SVG path of unit squares says, read by an independent decoder (jsQR)
 * from the picture drawn at 4 pixels a module. */
function readQr(svg) {
  const [, side] = svg.match(/viewBox="0 0 (\d+) \1"/).map(Number);
  const scale = 4, w = side * scale;
  const rgba = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const [, x, y, run] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g))
    for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py++)
      for (let px = Number(x) * scale; px < (Number(x) + Number(run)) * scale; px++)
        rgba.fill(0, (py * w + px) * 4, (py * w + px) * 4 + 3);
  return jsQR(rgba, w, w)?.data;
}

describe('certificates', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { hq, port, holder, holder2, importer } = cast;
  test.after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const as = (who, method, path, body, headers) => server.request(method, path, { token: who.token, body, headers });
  const sql = (text) => psql(server.databaseUrl, text);
  // application/vc is not a JSON or text type to the harness: the body is in res.bytes.
  const bodyText = (res) => res.bytes.toString('utf8');
  const certificate = async (who, path) => {
    const res = await as(who, 'GET', path);
    assert.equal(res.status, 200, res.text);
    return { ...res, text: bodyText(res) };
  };
  const statusList = async (n = 0) => {
    const res = await server.request('GET', `/v1/status-lists/${n}`);
    return { ...res, text: bodyText(res) };
  };
  const didDocument = async () => {
    const res = await server.request('GET', '/.well-known/did.json');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'application/did+json');
    return res.body;
  };

  const recordation = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
  const res0 = await certificate(holder, `/v1/recordations/${recordation.id}/certificate`);
  const served = res0.text;
  const cred = JSON.parse(served);
  const did = await didDocument();
  const didFile = save(did);

  test('approval issues a credential in the same transaction: its claims, served exactly as signed', async () => {
    assert.equal(res0.headers.get('content-type'), 'application/vc');
    assert.deepEqual(cred['@context'], ['https://www.w3.org/ns/credentials/v2']);
    assert.deepEqual(cred.type, ['VerifiableCredential', 'RecordationCertificate']);
    assert.match(cred.id, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal(cred.issuer.id, did.id);
    assert.match(did.id, /^did:web:127\.0\.0\.1%3A8080$/);
    const s = cred.credentialSubject;
    assert.equal(s.recordationNumber, recordation.number);
    assert.equal(s.holder.name, holder.organization.name);
    assert.equal(s.holder.registrationNumber, holder.organization.registration_number);
    assert.equal(s.right.type, 'trademark');
    assert.equal(s.right.registrationNumber, recordation.registration_number);
    assert.deepEqual(s.niceClasses, recordation.classes);
    assert.deepEqual(s.hsCodes, recordation.hs_codes);
    assert.equal(s.goodsScope, recordation.goods_scope);
    assert.equal(s.validFrom, recordation.valid_from);
    assert.equal(s.validUntil, recordation.valid_until);
    assert.equal(s.issuingOffice.code, 'HQ');
    assert.equal(cred.credentialStatus.type, 'BitstringStatusListEntry');
    assert.equal(cred.credentialStatus.statusListCredential, 'http://127.0.0.1:8080/v1/status-lists/0');
    assert.equal(cred.proof.cryptosuite, 'eddsa-jcs-2022');
    assert.equal(cred.proof.verificationMethod, did.assertionMethod[0]);
    // The bytes served are the canonical form, proof included: what was signed, as signed.
    assert.equal(served, canonicalize(cred));
    // The same bytes under the other media types.
    for (const type of ['application/vc+ld+json', 'application/json']) {
      const r = await as(holder, 'GET', `/v1/recordations/${recordation.id}/certificate`, undefined, { accept: type });
      assert.equal(r.headers.get('content-type'), type);
      assert.equal(bodyText(r), served);
    }
    // Officers read it; another holder does not see the recordation at all.
    await certificate(hq, `/v1/recordations/${recordation.id}/certificate`);
    await certificate(port, `/v1/recordations/${recordation.id}/certificate`);
    assert.equal((await as(holder2, 'GET', `/v1/recordations/${recordation.id}/certificate`)).status, 404);
    assert.equal(await sql(`SELECT count(*) FROM certificates WHERE recordation_id = '${recordation.id}'`), '1');
  });

  test('an independent implementation verifies it; iprd verify too, offline', async () => {
    assert.equal(verifyCredential(cred, did), true);
    const r = await iprdVerify([save(served), '--keys', didFile]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /signature: valid/);
    assert.match(r.out, /result: VALID/);
    assert.match(r.out, /status: not checked/);
    // With the public key alone, as PEM (what a customs officer abroad may be given).
    const pem = server.signingKey.publicKey.export({ type: 'spki', format: 'pem' });
    const r2 = await iprdVerify([save(served), '--keys', save(pem)]);
    assert.equal(r2.code, 0, r2.out);
  });

  test('one byte changed in any member fails; another key named fails; re-ordered or re-indented verifies', async () => {
    const paths = leaves(cred);
    assert.ok(paths.length > 25, `${paths.length} leaves`);
    for (const path of paths) {
      const bad = tampered(cred, path);
      assert.notEqual(verifyCredential(bad, did), true, `changing ${path.join('.')} still verifies (node)`);
    }
    // iprd verify on a sample of them (each is a process): the subject, the dates, the proof.
    for (const path of [['credentialSubject', 'recordationNumber'], ['credentialSubject', 'niceClasses', 0],
      ['validUntil'], ['issuer', 'id'], ['proof', 'created'], ['proof', 'proofValue'], ['credentialStatus', 'statusListIndex']]) {
      const r = await iprdVerify([save(tampered(cred, path)), '--keys', didFile]);
      assert.equal(r.code, 1, `changing ${path.join('.')} still verifies (iprd): ${r.out}`);
      assert.match(r.out, /NOT VALID/);
    }
    // A member added, a member removed.
    assert.notEqual(verifyCredential({ ...cred, extra: 1 }, did), true);
    const { name, ...without } = cred;
    assert.ok(name);
    assert.notEqual(verifyCredential(without, did), true);
    // Another key's id (a key the verifier also trusts): the signature is not that key's.
    const other = generateKeyPairSync('ed25519').publicKey;
    const raw = Buffer.from(other.export({ format: 'jwk' }).x, 'base64url');
    const mk = 'z' + base58Encode(Buffer.concat([Buffer.from([0xed, 0x01]), raw]));
    const vm2 = `${did.id}#${mk}`;
    const did2 = { ...did, verificationMethod: [...did.verificationMethod, { id: vm2, type: 'Multikey', controller: did.id, publicKeyMultibase: mk }], assertionMethod: [...did.assertionMethod, vm2] };
    const swapped = structuredClone(cred);
    swapped.proof.verificationMethod = vm2;
    assert.equal(verifyCredential(swapped, did2), 'bad signature');
    const r = await iprdVerify([save(swapped), '--keys', save(did2)]);
    assert.equal(r.code, 1, r.out);
    // Same content, other member order and indentation: the canonical form is the same.
    const pretty = JSON.stringify(reordered(cred), null, 4);
    assert.notEqual(pretty, served);
    assert.equal(verifyCredential(JSON.parse(pretty), did), true);
    const r2 = await iprdVerify([save(pretty), '--keys', didFile]);
    assert.equal(r2.code, 0, r2.out);
  });

  test('validity dates: before validFrom and after validUntil do not verify', async () => {
    const file = save(served);
    let r = await iprdVerify([file, '--keys', didFile, '--at', '2000-01-01T00:00:00Z']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /NOT YET VALID/);
    r = await iprdVerify([file, '--keys', didFile, '--at', `${shiftYears(recordation.valid_until, 1)}T00:00:00Z`]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /EXPIRED/);
  });

  test('the status list is signed and flips on revocation', async () => {
    const other = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
    const otherCred = JSON.parse((await certificate(holder, `/v1/recordations/${other.id}/certificate`)).text);
    assert.notEqual(otherCred.credentialStatus.statusListIndex, cred.credentialStatus.statusListIndex);
    let list = await statusList();
    assert.equal(list.status, 200, list.text);
    const before = JSON.parse(list.text);
    assert.deepEqual(before.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(before.credentialSubject.statusPurpose, 'revocation');
    assert.match(before.credentialSubject.encodedList, /^u/);
    assert.equal(verifyCredential(before, did), true);
    // Served again unchanged (not re-signed) while no bit changes.
    assert.equal((await statusList()).text, list.text);
    let r = await iprdVerify([save(otherCred), '--keys', didFile, '--status-list', save(list.text)]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /status: not revoked/);

    const revoke = await as(hq, 'POST', `/v1/recordations/${other.id}/revocation`, { reason: 'Counterfeit evidence.' });
    assert.equal(revoke.status, 200, revoke.text);
    list = await statusList();
    const after = JSON.parse(list.text);
    assert.notEqual(after.credentialSubject.encodedList, before.credentialSubject.encodedList);
    assert.equal(verifyCredential(after, did), true);
    r = await iprdVerify([save(otherCred), '--keys', didFile, '--status-list', save(list.text)]);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /status: REVOKED/);
    // The first recordation is still in force on the same list.
    r = await iprdVerify([save(served), '--keys', didFile, '--status-list', save(list.text)]);
    assert.equal(r.code, 0, r.out);
    // A status list signed by another key is not believed.
    const forged = structuredClone(after);
    forged.credentialSubject.encodedList = before.credentialSubject.encodedList;
    r = await iprdVerify([save(otherCred), '--keys', didFile, '--status-list', save(forged)]);
    assert.equal(r.code, 1, r.out);
    assert.equal((await server.request('GET', '/v1/status-lists/7')).status, 404);
    assert.equal((await server.request('GET', '/v1/status-lists/x')).status, 404);
  });

  test('a renewal issues a new certificate with the new validity and the same status entry', async () => {
    const a = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
    await sql(`UPDATE recordations SET valid_until = '${shiftDays(today(), 60)}' WHERE id = '${a.id}'`);
    let res = await as(holder, 'POST', `/v1/recordations/${a.id}/renewal`, { right_expires_on: shiftYears(today(), 30) });
    assert.equal(res.status, 200, res.text);
    const first = JSON.parse((await certificate(holder, `/v1/recordations/${a.id}/certificate`)).text);
    res = await as(hq, 'POST', `/v1/recordations/${a.id}/renewal/decision`, { outcome: 'approve' });
    assert.equal(res.status, 200, res.text);
    const second = JSON.parse((await certificate(holder, `/v1/recordations/${a.id}/certificate`)).text);
    assert.notEqual(second.id, first.id);
    assert.equal(second.credentialSubject.validUntil, res.body.valid_until);
    assert.deepEqual(second.credentialStatus, first.credentialStatus);
    assert.equal(verifyCredential(second, did), true);
  });

  test('status list indexes are drawn at random in the list being filled, unique, kept on renewal', async () => {
    // The W3C spec advises random indexes ("herd privacy"): an index in order would tell when a
    // certificate was issued and which ones were issued beside it.
    const entries = [];
    for (let i = 0; i < 8; i++) {
      const a = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
      entries.push(JSON.parse((await certificate(holder, `/v1/recordations/${a.id}/certificate`)).text).credentialStatus);
    }
    const indexes = entries.map((e) => Number(e.statusListIndex));
    for (const e of entries) assert.equal(e.statusListCredential, 'http://127.0.0.1:8080/v1/status-lists/0');
    assert.equal(new Set(indexes).size, indexes.length, `distinct: ${indexes}`);
    // In order they would be a run of consecutive numbers below a few dozen; eight random draws
    // among 131,072 positions are that with a chance far below one in a billion.
    assert.ok(indexes.some((x, i) => i > 0 && x !== indexes[i - 1] + 1), `not consecutive: ${indexes}`);
    assert.ok(indexes.some((x) => x >= 1000), `not all at the start of the list: ${indexes}`);
    const taken = await sql('SELECT count(*) FROM status_indexes');
    assert.equal(await sql(`SELECT count(*) FROM certificates WHERE status_index NOT IN (SELECT status_index FROM status_indexes)`), '0');
    // A list is filled to half (65,536 records), then the next one is drawn from.
    await sql("SELECT setval('certificate_status_index', 65535)");
    const b = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
    const next = JSON.parse((await certificate(holder, `/v1/recordations/${b.id}/certificate`)).text);
    assert.equal(next.credentialStatus.statusListCredential, 'http://127.0.0.1:8080/v1/status-lists/1');
    assert.equal(Number(await sql(`SELECT status_index FROM certificates WHERE recordation_id = '${b.id}'`)) >= 131072, true);
    assert.equal(Number(await sql('SELECT count(*) FROM status_indexes')), Number(taken) + 1);
    const list1 = await statusList(1);
    assert.equal(list1.status, 200, list1.text);
    const r = await iprdVerify([save(next), '--keys', didFile, '--status-list', save(list1.text)]);
    assert.equal(r.code, 0, r.out);
    await sql("SELECT setval('certificate_status_index', 20)"); // back to list 0 for what follows
  });

  test('a confirmed pre-confirmation has its certificate; none before', async () => {
    let res = await as(importer, 'POST', '/v1/pre-confirmations', {
      office_code: 'CNSHA', direction: 'import', recordation_number: recordation.number,
      goods: [{ description: 'ACME X1 phones', hs_code: '85171300', quantity: 500, unit: 'pcs', value: 0.1, currency: 'USD' }],
      transport_document: `MAEU${unique().toUpperCase()}`, expected_on: shiftDays(today(), 20), statement: 'Licensed importer.',
    });
    assert.equal(res.status, 201, res.text);
    const pc = res.body;
    assert.equal((await as(importer, 'GET', `/v1/pre-confirmations/${pc.id}/certificate`)).status, 404);
    res = await as(port, 'POST', `/v1/pre-confirmations/${pc.id}/decision`, { outcome: 'confirm' });
    assert.equal(res.status, 200, res.text);
    const c = JSON.parse((await certificate(importer, `/v1/pre-confirmations/${pc.id}/certificate`)).text);
    assert.deepEqual(c.type, ['VerifiableCredential', 'PreConfirmationCertificate']);
    assert.equal(c.credentialSubject.confirmationNumber, res.body.number);
    assert.equal(c.credentialSubject.port.code, 'CNSHA');
    assert.equal(c.credentialSubject.importer.name, importer.organization.name);
    assert.equal(c.credentialSubject.goods[0].value, 0.1);
    assert.equal(c.credentialSubject.validUntil, res.body.valid_until);
    assert.equal(verifyCredential(c, did), true);
    const r = await iprdVerify([save(c), '--keys', didFile]);
    assert.equal(r.code, 0, r.out);
    await certificate(holder, `/v1/pre-confirmations/${pc.id}/certificate`);
    // Its printable page: the shipment, the goods as the importer wrote them.
    const page = (await as(importer, 'GET', `/v1/pre-confirmations/${pc.id}/certificate`, undefined, { accept: 'text/html' })).text;
    assert.ok(page.includes(res.body.number));
    assert.ok(page.includes('进出口货物知识产权预先确认书'));
    assert.match(page, /<td>ACME X1 phones<\/td><td>85171300<\/td><td class="n">500 pcs<\/td><td class="n">0.1 USD<\/td>/);
  });

  test('the printable certificate: a page for people whose QR code is the public address of the credential', async () => {
    const printed = await fileApproved(server, holder, hq, completeFiling({ title: `ACME <Q&A> "${unique()}"` }));
    const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    let res = await as(holder, 'GET', `/v1/recordations/${printed.id}/certificate`, undefined, html);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const page = res.text;
    // No script; the one inline style allowed by its hash and nothing else.
    assert.doesNotMatch(page, /<script/i);
    const style = page.match(/<style>([^<]*)<\/style>/)[1];
    assert.equal(res.headers.get('content-security-policy'),
      `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; `
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    // What the credential says, escaped, in English and Chinese.
    assert.ok(page.includes(printed.number));
    assert.ok(page.includes(printed.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')));
    assert.ok(!page.includes(printed.title));
    assert.ok(page.includes(holder.organization.name.replace(/&/g, '&amp;')));
    assert.ok(page.includes('知识产权海关保护备案证书'));
    assert.ok(page.includes(`In force on ${today()}`));
    // The QR code says where anyone fetches the signed credential; the registry serves it there
    // to anyone, byte for byte what the holder gets, and it verifies.
    const credential = JSON.parse(bodyText(await certificate(holder, `/v1/recordations/${printed.id}/certificate`)));
    const url = readQr(page.match(/<svg[^>]*>.*?<\/svg>/)[0]);
    assert.equal(url, `http://127.0.0.1:8080/v1/certificates/${credential.id.slice('urn:uuid:'.length)}`);
    res = await server.request('GET', new URL(url).pathname);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vc');
    assert.equal(bodyText(res), canonicalize(credential));
    assert.equal(verifyCredential(JSON.parse(bodyText(res)), did), true);
    res = await server.request('GET', new URL(url).pathname, { headers: html });
    assert.equal(res.text, page);
    assert.equal((await server.request('GET', `/v1/certificates/${randomUUID()}`)).status, 404);
    assert.equal((await server.request('GET', '/v1/certificates/not-an-id')).status, 404);
    // Revoked: the page says it no longer protects anything (the credential itself is unchanged).
    assert.equal((await as(hq, 'POST', `/v1/recordations/${printed.id}/revocation`, { reason: 'Court ruling.' })).status, 200);
    res = await server.request('GET', new URL(url).pathname, { headers: html });
    assert.match(res.text, /No longer in force: revoked <span lang="zh">已撤销<\/span> on \d{4}-\d\d-\d\d/);
    assert.equal(bodyText(await server.request('GET', new URL(url).pathname)), canonicalize(credential));
  });

  test('before approval there is no certificate', async () => {
    const submitted = await fileSubmitted(server, holder, completeFiling({ title: `ACME ${unique()}` }));
    const res = await as(holder, 'GET', `/v1/recordations/${submitted.id}/certificate`);
    assert.equal(res.status, 404);
  });

  test('a rotated key: the new daemon signs with its own, both keys published, old certificates still verify', async () => {
    const second = await startServer({ databaseUrl: server.databaseUrl });
    try {
      const rotated = await fileApproved(second, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
      const res = await second.request('GET', `/v1/recordations/${rotated.id}/certificate`, { token: holder.token });
      const newCred = JSON.parse(bodyText(res));
      const did2 = (await second.request('GET', '/.well-known/did.json')).body;
      assert.equal(did2.verificationMethod.length, 2);
      assert.notEqual(newCred.proof.verificationMethod, cred.proof.verificationMethod);
      assert.equal(verifyCredential(newCred, did2), true);
      assert.equal(verifyCredential(cred, did2), true);
      // The first key alone does not verify what the second signed.
      assert.notEqual(verifyCredential(newCred, did), true);
    } finally {
      await second.stop();
    }
  });

  test('the private key appears in no log line and no answer', async () => {
    const pem = readFileSync(server.signingKey.path, 'utf8');
    const b64 = pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    assert.ok(b64.length > 40);
    assert.ok(!server.log().includes(b64));
    assert.ok(!server.log().includes(b64.slice(-20)));
    assert.ok(!JSON.stringify(did).includes(b64.slice(-20)));
  });

  test('iprd keygen writes a key with mode 0600 and never over an existing file; a daemon signs with it', async () => {
    const path = join(dir, 'generated.key');
    const made = await new Promise((resolve) => execFile(process.env.IPR_TEST_BIN, ['keygen', path],
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, out: stdout + stderr })));
    assert.equal(made.code, 0, made.out);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.match(made.out, /public key \(Multikey\): z6Mk/);
    assert.ok(!made.out.includes('PRIVATE'));
    const again = await new Promise((resolve) => execFile(process.env.IPR_TEST_BIN, ['keygen', path],
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, out: stdout + stderr })));
    assert.notEqual(again.code, 0);
    const keyed = await startServer({ env: { IPR_SIGNING_KEY: path } });
    try {
      const d = (await keyed.request('GET', '/.well-known/did.json')).body;
      assert.equal(d.verificationMethod[0].publicKeyMultibase, /public key \(Multikey\): (z6Mk\S+)/.exec(made.out)[1]);
    } finally {
      await keyed.stop();
    }
  });

  test('a daemon without a key approves but issues no certificate; a bad key file stops it', async () => {
    const unsigned = await startServer({ env: { IPR_SIGNING_KEY: '' } });
    try {
      const c = await setupRegistry(unsigned);
      const a = await fileApproved(unsigned, c.holder, c.hq, completeFiling());
      assert.equal(a.status, 'approved');
      const res = await unsigned.request('GET', `/v1/recordations/${a.id}/certificate`, { token: c.holder.token });
      assert.equal(res.status, 404);
      assert.equal((await unsigned.request('GET', '/v1/status-lists/0')).status, 404);
    } finally {
      await unsigned.stop();
    }
    await assert.rejects(startServer({ env: { IPR_SIGNING_KEY: save('not a key') } }), /not an Ed25519 private key/);
  });
});

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58Encode(bytes) {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) { out = ALPHABET[Number(n % 58n)] + out; n /= 58n; }
  for (const b of bytes) { if (b !== 0) break; out = `1${out}`; }
  assert.deepEqual(base58Decode(out), Buffer.from(bytes));
  return out;
}
