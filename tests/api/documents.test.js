// Supporting documents through the real server: upload of each accepted type and the
// download of the same bytes with the right headers, type checks by content, the size
// limit (refused before the body is read), concurrent and duplicate uploads, who may see
// what, removal by state, the documents a submission needs, and the history.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, sampleFile, uploadDocument, attachEvidence, fileDraft, fileSubmitted } from './lib/fixtures.js';
import { validateResponse } from './lib/openapi.js';

const MiB = 1024 * 1024;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function filing(overrides = {}) {
  return {
    ipr_type: 'trademark', title: 'ACME', registration_number: '12345678', registration_authority: 'CNIPA',
    right_expires_on: '2045-01-01', classes: [9], goods_scope: 'Phones', licensing_status: 'licensed_exclusive',
    ...overrides,
  };
}

/**
 * An upload through node:http, for what fetch cannot do: a chunked body, or `Expect:
 * 100-continue` (the body is sent only once the server asks for it, as a client should
 * when a large file may be refused). Resolves to { status, headers, body }, validated
 * against the API document, as soon as the answer is in.
 */
function rawUpload(server, path, token, { headers, chunks = [] }) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        const body = text ? JSON.parse(text) : null;
        validateResponse({ method: 'POST', path, status: res.statusCode, headers: res.headers, body });
        req.destroy();
        resolve({ status: res.statusCode, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    const send = () => {
      for (const c of chunks) req.write(c);
      req.end();
    };
    if (headers.expect === '100-continue') req.on('continue', send);
    else send();
  });
}

/** Uploads bytes announced with their Content-Length, sent only after 100 Continue. */
function uploadAskingFirst(server, path, token, bytes, type) {
  return rawUpload(server, path, token, {
    headers: { 'content-type': type, 'content-length': String(bytes.length), expect: '100-continue' },
    chunks: [bytes],
  });
}

describe('documents', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { hq, port, holder, holder2, importer } = cast;
  test.after(() => server.stop());

  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });
  const upload = (who, id, query, bytes, type, headers = {}) =>
    server.request('POST', `/v1/recordations/${id}/documents?${new URLSearchParams(query)}`,
      { token: who.token, raw: bytes, headers: type ? { 'content-type': type, ...headers } : headers });
  const download = (who, id, docId) => as(who, 'GET', `/v1/recordations/${id}/documents/${docId}`);
  const list = async (who, id) => {
    const res = await as(who, 'GET', `/v1/recordations/${id}/documents`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
  };
  const draft = (who = holder, body = filing()) => fileDraft(server, who, body);
  const submitted = (who = holder) => fileSubmitted(server, who, filing());
  const contentRows = (hash) => psql(server.databaseUrl,
    `SELECT count(*) FROM document_contents WHERE sha256 = '${hash}'`).then(Number);

  test('each accepted type is stored and served byte for byte, with its type, length, ETag and name', async () => {
    const r = await draft();
    const uploaded = [];
    for (const [kind, type, name] of [['pdf', 'registration_certificate', 'certificate.pdf'],
      ['jpeg', 'goods_photo', 'phone.jpg'], ['png', 'packaging_photo', 'box.png'], ['webp', 'other', 'label.webp']]) {
      const file = sampleFile(kind, { size: 70 * 1024 + 3 });
      const res = await upload(holder, r.id, { kind: type, filename: name }, file.bytes, file.type);
      assert.equal(res.status, 201, res.text);
      const doc = res.body;
      assert.deepEqual({ ...doc, id: undefined, uploaded_at: undefined }, {
        id: undefined, kind: type, filename: name, content_type: file.type, size: file.bytes.length,
        sha256: sha256(file.bytes), uploaded_by: { user_id: holder.user.id, full_name: holder.user.full_name },
        uploaded_at: undefined,
      });
      for (const who of [holder, hq, port]) {
        const got = await download(who, r.id, doc.id);
        assert.equal(got.status, 200);
        assert.ok(got.bytes.equals(file.bytes), `${kind}: the same bytes for ${who.user.role}`);
        assert.equal(got.headers.get('content-type'), file.type);
        assert.equal(got.headers.get('content-length'), String(file.bytes.length));
        assert.equal(got.headers.get('etag'), `"${sha256(file.bytes)}"`);
        assert.equal(got.headers.get('content-disposition'), `attachment; filename="${name}"; filename*=UTF-8''${name}`);
        assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
      }
      uploaded.push(doc);
    }
    assert.deepEqual((await list(holder, r.id)).map((d) => d.id), uploaded.map((d) => d.id), 'oldest first');
    assert.deepEqual(await list(hq, r.id), await list(holder, r.id));
    const head = await server.request('HEAD', `/v1/recordations/${r.id}/documents/${uploaded[0].id}`,
      { token: holder.token, validate: false });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(uploaded[0].size));
    assert.equal(head.bytes.length, 0);
  });

  test('file names: the parameter, else Content-Disposition (RFC 6266/8187), else a default; bad ones are refused', async () => {
    const r = await draft();
    const cn = '商标注册证 "2026".pdf';
    let res = await upload(holder, r.id, { kind: 'registration_certificate' }, sampleFile('pdf').bytes, 'application/pdf',
      { 'content-disposition': `attachment; filename="fallback.pdf"; filename*=UTF-8''${encodeURIComponent(cn)}` });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.filename, cn);
    const got = await download(holder, r.id, res.body.id);
    assert.equal(got.headers.get('content-disposition'),
      `attachment; filename="_____ _2026_.pdf"; filename*=UTF-8''${encodeURIComponent(cn)}`);
    res = await upload(holder, r.id, { kind: 'other' }, sampleFile('pdf').bytes, 'application/pdf',
      { 'content-disposition': 'attachment; filename="C:/Users/li/scan 1.pdf"' });
    assert.equal(res.body.filename, 'scan 1.pdf', 'the directory a client sent is dropped');
    res = await upload(holder, r.id, { kind: 'goods_photo' }, sampleFile('png').bytes, 'image/png');
    assert.equal(res.body.filename, 'document.png');
    res = await upload(holder, r.id, { kind: 'goods_photo', filename: 'wins.png' }, sampleFile('png').bytes, 'image/png',
      { 'content-disposition': 'attachment; filename="loses.png"' });
    assert.equal(res.body.filename, 'wins.png');

    for (const [query, field] of [
      [{ kind: 'other', filename: '../../etc/passwd' }, 'filename'],
      [{ kind: 'other', filename: 'a\nb.pdf' }, 'filename'],
      [{ kind: 'other', filename: 'invoice\u202Efdp.exe' }, 'filename'],
      [{ kind: 'other', filename: 'x'.repeat(201) }, 'filename'],
      [{ kind: 'other', filename: '..' }, 'filename'],
      [{ filename: 'a.pdf' }, 'kind'],
      [{ kind: 'invoice', filename: 'a.pdf' }, 'kind'],
    ]) {
      res = await upload(holder, r.id, query, sampleFile('pdf').bytes, 'application/pdf');
      assert.equal(res.status, 422, JSON.stringify(query));
      assert.deepEqual(res.body.errors.map((e) => e.field), [field]);
    }
    res = await upload(holder, r.id, { kind: 'other' }, sampleFile('pdf').bytes, 'application/pdf',
      { 'content-disposition': 'attachment; filename="dir/"' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['Content-Disposition']);
    assert.equal((await list(holder, r.id)).length, 4);
  });

  test('a renamed executable, a type other than declared, an unknown or no type, an empty body: 415', async () => {
    const r = await draft();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 0x90)]);
    let res = await upload(holder, r.id, { kind: 'registration_certificate', filename: 'certificate.pdf' }, elf, 'application/pdf');
    assert.equal(res.status, 415);
    assert.match(res.body.detail, /not application\/pdf as declared/);
    res = await upload(holder, r.id, { kind: 'goods_photo' }, sampleFile('png').bytes, 'image/jpeg');
    assert.equal(res.status, 415);
    assert.match(res.body.detail, /those of image\/png/);
    res = await upload(holder, r.id, { kind: 'other' }, sampleFile('pdf').bytes, 'application/octet-stream');
    assert.equal(res.status, 415);
    res = await upload(holder, r.id, { kind: 'other' }, Buffer.from('GIF89a....'), 'image/gif');
    assert.equal(res.status, 415);
    res = await upload(holder, r.id, { kind: 'other' }, sampleFile('pdf').bytes);
    assert.equal(res.status, 415, 'no Content-Type');
    res = await upload(holder, r.id, { kind: 'other' }, Buffer.alloc(0), 'application/pdf');
    assert.equal(res.status, 415, 'no file');
    assert.equal((await list(holder, r.id)).length, 0, 'nothing was stored');
  });

  test('a real 20 MiB file goes in and comes out intact; one byte more is refused', async () => {
    const r = await draft();
    const file = sampleFile('pdf', { size: 20 * MiB });
    let res = await upload(holder, r.id, { kind: 'registration_certificate', filename: 'scan.pdf' }, file.bytes, file.type);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.size, 20 * MiB);
    assert.equal(res.body.sha256, sha256(file.bytes));
    const chunks = await psql(server.databaseUrl, `SELECT count(*), max(length(data)) FROM document_chunks k
      JOIN document_contents c ON c.id = k.content_id WHERE c.sha256 = '${res.body.sha256}'`);
    assert.equal(chunks, `20|${MiB}`, 'stored as 1 MiB chunks');
    const got = await download(holder, r.id, res.body.id);
    assert.equal(got.status, 200);
    assert.equal(got.bytes.length, file.bytes.length);
    assert.equal(sha256(got.bytes), sha256(file.bytes));
    res = await uploadAskingFirst(server, `/v1/recordations/${r.id}/documents?kind=other`, holder.token,
      sampleFile('pdf', { size: 20 * MiB + 1 }).bytes, 'application/pdf');
    assert.equal(res.status, 413);
  });

  test('uploads at the same time: all stored, none mixed up; the same file at once is stored once', async () => {
    const r = await draft();
    const files = Array.from({ length: 10 }, (_, i) => sampleFile(['pdf', 'jpeg', 'png', 'webp'][i % 4], { size: 200 * 1024 + i }));
    const results = await Promise.all(files.map((f, i) =>
      upload(holder, r.id, { kind: 'other', filename: `f${i}` }, f.bytes, f.type)));
    assert.deepEqual(results.map((x) => x.status), Array(10).fill(201));
    for (let i = 0; i < files.length; i++) {
      const got = await download(holder, r.id, results[i].body.id);
      assert.ok(got.bytes.equals(files[i].bytes), `file ${i}`);
    }
    assert.equal((await list(holder, r.id)).length, 10);

    // One file, five times at once to one recordation and to two others of the same holder.
    const same = sampleFile('jpeg', { size: 3 * MiB + 5 });
    const [r2, r3] = [await draft(), await draft()];
    const racing = await Promise.all([
      ...Array.from({ length: 5 }, () => upload(holder, r.id, { kind: 'goods_photo' }, same.bytes, same.type)),
      upload(holder, r2.id, { kind: 'goods_photo' }, same.bytes, same.type),
      upload(holder, r3.id, { kind: 'goods_photo' }, same.bytes, same.type),
    ]);
    const onFirst = racing.slice(0, 5);
    assert.deepEqual(onFirst.map((x) => x.status).sort(), [200, 200, 200, 200, 201]);
    assert.equal(new Set(onFirst.map((x) => x.body.id)).size, 1, 'one document');
    assert.deepEqual(racing.slice(5).map((x) => x.status), [201, 201]);
    assert.equal(await contentRows(sha256(same.bytes)), 1, 'one stored content for the organization');
  });

  test('the same file twice on one record is one document; other records of the organization share the content', async () => {
    const [r, r2] = [await draft(), await draft()];
    const file = sampleFile('pdf', { size: 2 * MiB + 17 });
    const first = await upload(holder, r.id, { kind: 'power_of_attorney', filename: 'poa.pdf' }, file.bytes, file.type);
    assert.equal(first.status, 201);
    const again = await upload(holder, r.id, { kind: 'other', filename: 'renamed.pdf' }, file.bytes, file.type);
    assert.equal(again.status, 200, 'the existing document, unchanged');
    assert.deepEqual(again.body, first.body);
    assert.equal((await list(holder, r.id)).length, 1);
    const elsewhere = await upload(holder, r2.id, { kind: 'power_of_attorney' }, file.bytes, file.type);
    assert.equal(elsewhere.status, 201);
    assert.notEqual(elsewhere.body.id, first.body.id);
    const theirs = await draft(holder2);
    assert.equal((await upload(holder2, theirs.id, { kind: 'other' }, file.bytes, file.type)).status, 201);
    const hash = sha256(file.bytes);
    assert.equal(await contentRows(hash), 2, 'once per organization');

    // The content goes with its organization's last document, not before.
    assert.equal((await as(holder, 'DELETE', `/v1/recordations/${r.id}/documents/${first.body.id}`)).status, 204);
    assert.equal(await contentRows(hash), 2);
    assert.ok((await download(holder, r2.id, elsewhere.body.id)).bytes.equals(file.bytes));
    assert.equal((await as(holder, 'DELETE', `/v1/recordations/${r2.id}/documents/${elsewhere.body.id}`)).status, 204);
    assert.equal(await contentRows(hash), 1);
    const orphans = await psql(server.databaseUrl,
      'SELECT count(*) FROM document_chunks k WHERE NOT EXISTS (SELECT 1 FROM document_contents c WHERE c.id = k.content_id)');
    assert.equal(orphans, '0');
  });

  test('removing the last use of a file while it is attached elsewhere loses nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const [from, to] = [await draft(), await draft()];
      const file = sampleFile('pdf', { size: MiB + 100 * round });
      const doc = await uploadDocument(server, holder, from.id, 'other', { file });
      const [removed, attached] = await Promise.all([
        as(holder, 'DELETE', `/v1/recordations/${from.id}/documents/${doc.id}`),
        upload(holder, to.id, { kind: 'other' }, file.bytes, file.type),
      ]);
      assert.deepEqual([removed.status, attached.status], [204, 201]);
      assert.ok((await download(holder, to.id, attached.body.id)).bytes.equals(file.bytes), `round ${round}`);
      assert.equal(await contentRows(sha256(file.bytes)), 1);
    }
  });

  test('another organization gets 404, an importer 403; officers read but do not write', async () => {
    const r = await draft();
    const doc = await uploadDocument(server, holder, r.id, 'registration_certificate');
    const paths = [['GET', `/v1/recordations/${r.id}/documents`], ['GET', `/v1/recordations/${r.id}/documents/${doc.id}`],
      ['DELETE', `/v1/recordations/${r.id}/documents/${doc.id}`]];
    for (const [method, path] of paths) {
      assert.equal((await as(holder2, method, path)).status, 404, `${method} ${path}`);
      assert.equal((await as(importer, method, path)).status, 403, `${method} ${path}`);
    }
    assert.equal((await upload(holder2, r.id, { kind: 'other' }, sampleFile('pdf').bytes, 'application/pdf')).status, 404);
    assert.equal((await upload(hq, r.id, { kind: 'other' }, sampleFile('pdf').bytes, 'application/pdf')).status, 403);
    assert.equal((await as(port, 'DELETE', `/v1/recordations/${r.id}/documents/${doc.id}`)).status, 403);
    assert.equal((await list(holder, r.id)).length, 1, 'untouched');
    const other = await draft(holder2);
    assert.equal((await download(holder, other.id, doc.id)).status, 404);
    assert.equal((await download(holder2, other.id, doc.id)).status, 404, 'a document of another record');
    assert.equal((await download(holder, r.id, '00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await download(holder, r.id, 'not-a-uuid')).status, 404);
  });

  test('removal while the filing can be edited; 409 once submitted or approved; uploads stay open when approved', async () => {
    const r = await draft();
    const doc = await uploadDocument(server, holder, r.id, 'goods_photo');
    let res = await as(holder, 'DELETE', `/v1/recordations/${r.id}/documents/${doc.id}`);
    assert.equal(res.status, 204);
    assert.equal((await download(holder, r.id, doc.id)).status, 404);
    assert.equal((await as(holder, 'DELETE', `/v1/recordations/${r.id}/documents/${doc.id}`)).status, 404);

    const s = await submitted();
    const [certificate] = await list(holder, s.id);
    res = await as(holder, 'DELETE', `/v1/recordations/${s.id}/documents/${certificate.id}`);
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'submitted');
    res = await upload(holder, s.id, { kind: 'other' }, sampleFile('pdf').bytes, 'application/pdf');
    assert.equal(res.status, 409, 'nothing changes under review');
    assert.equal(res.body.current_status, 'submitted');

    res = await as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'reject', reason: 'Blurry scan.' });
    assert.equal(res.status, 200);
    res = await as(holder, 'DELETE', `/v1/recordations/${s.id}/documents/${certificate.id}`);
    assert.equal(res.status, 204, 'a rejected filing is amended');

    const a = await submitted();
    res = await as(hq, 'POST', `/v1/recordations/${a.id}/decision`, { outcome: 'approve' });
    assert.equal(res.status, 200);
    const [kept] = await list(holder, a.id);
    res = await as(holder, 'DELETE', `/v1/recordations/${a.id}/documents/${kept.id}`);
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'approved');
    await uploadDocument(server, holder, a.id, 'registration_certificate', { filename: 'renewed-certificate.pdf' });
    const register = await server.request('GET', `/v1/register?q=${encodeURIComponent(a.title)}`);
    assert.ok(register.body.items.length > 0);
    assert.ok(!register.text.includes('renewed-certificate'), 'the public register shows no documents');
  });

  test('submit is refused without the evidence, naming every missing document', async () => {
    const r = await draft();
    let res = await as(holder, 'POST', `/v1/recordations/${r.id}/submit`);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors, [
      { field: 'documents.registration_certificate', message: 'required to submit' },
      { field: 'documents.licence', message: 'required to submit' },
    ]);
    await uploadDocument(server, holder, r.id, 'registration_certificate');
    res = await as(holder, 'POST', `/v1/recordations/${r.id}/submit`);
    assert.deepEqual(res.body.errors, [{ field: 'documents.licence', message: 'required to submit' }]);
    await uploadDocument(server, holder, r.id, 'licence');
    res = await as(holder, 'POST', `/v1/recordations/${r.id}/submit`);
    assert.equal(res.status, 200, res.text);

    const unlicensed = await draft(holder, filing({ licensing_status: 'not_licensed' }));
    res = await as(holder, 'POST', `/v1/recordations/${unlicensed.id}/submit`);
    assert.deepEqual(res.body.errors, [{ field: 'documents.registration_certificate', message: 'required to submit' }]);
    await uploadDocument(server, holder, unlicensed.id, 'registration_certificate');
    assert.equal((await as(holder, 'POST', `/v1/recordations/${unlicensed.id}/submit`)).status, 200,
      'no licence for a right that is not licensed');
  });

  test('every upload and removal is in the history, with who, what and which', async () => {
    const r = await draft();
    const doc = await uploadDocument(server, holder, r.id, 'packaging_photo', { file: sampleFile('webp'), filename: 'box.webp' });
    await upload(holder, r.id, { kind: 'other' }, (await download(holder, r.id, doc.id)).bytes, 'image/webp');
    await as(holder, 'DELETE', `/v1/recordations/${r.id}/documents/${doc.id}`);
    const res = await as(hq, 'GET', `/v1/recordations/${r.id}/history`);
    const entries = res.body.items.filter((e) => e.action.startsWith('document_'));
    assert.deepEqual(entries.map((e) => [e.action, e.from_status, e.to_status, e.actor.user_id, e.details]), [
      ['document_added', null, null, holder.user.id, { document_id: doc.id, kind: 'packaging_photo', filename: 'box.webp' }],
      ['document_removed', null, null, holder.user.id, { document_id: doc.id, kind: 'packaging_photo', filename: 'box.webp' }],
    ], 'the duplicate upload changed nothing');
  });

  test('at most 50 documents per record', async () => {
    const r = await draft();
    const files = Array.from({ length: 50 }, () => sampleFile('png'));
    for (let i = 0; i < 50; i += 10) {
      await Promise.all(files.slice(i, i + 10).map((f) => uploadDocument(server, holder, r.id, 'goods_photo', { file: f })));
    }
    let res = await upload(holder, r.id, { kind: 'goods_photo' }, sampleFile('png').bytes, 'image/png');
    assert.equal(res.status, 409);
    assert.equal(res.body.type, 'urn:iprd:problem:too-many-documents');
    res = await upload(holder, r.id, { kind: 'goods_photo' }, files[7].bytes, 'image/png');
    assert.equal(res.status, 200, 'one already attached is still found');
    assert.equal((await list(holder, r.id)).length, 50);
  });
});

describe('documents: the size limit and the spool', async () => {
  const server = await startServer({ env: { IPR_MAX_DOCUMENT: '1M' } });
  const { holder } = await setupRegistry(server);
  test.after(() => server.stop());
  const r = (await server.request('POST', '/v1/recordations', { token: holder.token, body: filing() })).body;
  const path = `/v1/recordations/${r.id}/documents?kind=other`;

  test('a file at the limit is taken; over it, 413 before the body is sent', async () => {
    let res = await server.request('POST', path,
      { token: holder.token, raw: sampleFile('pdf', { size: MiB }).bytes, headers: { 'content-type': 'application/pdf' } });
    assert.equal(res.status, 201, res.text);
    res = await uploadAskingFirst(server, path, holder.token, sampleFile('pdf', { size: MiB + 1 }).bytes, 'application/pdf');
    assert.equal(res.status, 413);
    assert.match(res.body.detail, /1048576 bytes/);
    // The answer comes from the headers alone: a client announcing 10 GiB need not send a byte.
    res = await rawUpload(server, path, holder.token, {
      headers: { 'content-type': 'application/pdf', 'content-length': String(10 * 1024 * MiB), expect: '100-continue' },
    });
    assert.equal(res.status, 413);
  });

  test('a chunked body that passes the limit is refused with 413, and not kept', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    const res = await rawUpload(server, path, holder.token, {
      headers: { 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' },
      chunks: [Buffer.from('%PDF-1.7\n'), chunk, chunk, chunk, chunk, chunk],
    });
    assert.equal(res.status, 413);
    const before = (await server.request('GET', `/v1/recordations/${r.id}/documents`, { token: holder.token })).body.items;
    assert.ok(!before.some((d) => d.size > MiB), 'nothing of it was kept');
    const small = await rawUpload(server, `${path}&filename=chunked.pdf`, holder.token, {
      headers: { 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' },
      chunks: [Buffer.from('%PDF-1.7\n'), chunk, chunk],
    });
    assert.equal(small.status, 201);
    assert.equal(small.body.size, 9 + 2 * chunk.length);
  });

  test('an upload that cannot be spooled is answered 503, not with a dropped connection', async () => {
    const broken = await startServer({ env: { IPR_UPLOAD_DIR: '/nonexistent/iprd-uploads' }, databaseUrl: server.databaseUrl });
    try {
      const res = await broken.request('POST', path,
        { token: holder.token, raw: sampleFile('pdf').bytes, headers: { 'content-type': 'application/pdf' } });
      assert.equal(res.status, 503);
      assert.match(broken.log(), /cannot create a temporary file/);
    } finally {
      await broken.stop();
    }
  });
});

describe('documents of pre-confirmations', async () => {
  const server = await startServer();
  const { hq, port, port2, holder, holder2, importer, importer2 } = await setupRegistry(server);
  test.after(() => server.stop());
  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });
  const docs = (id) => `/v1/pre-confirmations/${id}/documents`;
  const upload = (who, id, query, file) => server.request('POST', `${docs(id)}?${new URLSearchParams(query)}`,
    { token: who.token, raw: file.bytes, headers: { 'content-type': file.type } });

  let res = await as(holder, 'POST', '/v1/recordations', filing({ title: 'ACME phones', hs_codes: ['851713'] }));
  const recordationId = res.body.id;
  await attachEvidence(server, holder, recordationId);
  await as(holder, 'POST', `/v1/recordations/${recordationId}/submit`);
  res = await as(hq, 'POST', `/v1/recordations/${recordationId}/decision`, { outcome: 'approve' });
  assert.equal(res.status, 200, res.text);
  const number = res.body.number;

  async function filed(who = importer) {
    const r = await as(who, 'POST', '/v1/pre-confirmations', {
      office_code: 'CNSHA', direction: 'import', recordation_number: number, expected_on: '2045-01-02',
      goods: [{ description: 'ACME X1 phones', hs_code: '85171300', quantity: 500, unit: 'pcs', value: 125000, currency: 'USD' }],
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }

  test('the importer attaches its evidence; the port, headquarters and the rights holder read it; others get 404', async () => {
    const p = await filed();
    const licence = sampleFile('pdf', { size: 300 * 1024 });
    const letter = sampleFile('jpeg');
    let r = await upload(importer, p.id, { kind: 'licence', filename: 'licence.pdf' }, licence);
    assert.equal(r.status, 201, r.text);
    const doc = r.body;
    assert.equal(doc.uploaded_by.user_id, importer.user.id);
    assert.equal((await upload(importer, p.id, { kind: 'authorization_letter' }, letter)).status, 201);
    r = await upload(importer, p.id, { kind: 'registration_certificate' }, sampleFile('pdf'));
    assert.equal(r.status, 422, 'a kind of recordations only');
    assert.deepEqual(r.body.errors.map((e) => e.field), ['kind']);

    for (const who of [importer, port, hq, holder]) {
      const list = await as(who, 'GET', docs(p.id));
      assert.equal(list.status, 200, `${who.user.role}: ${list.text}`);
      assert.deepEqual(list.body.items.map((d) => d.kind), ['licence', 'authorization_letter']);
      const got = await as(who, 'GET', `${docs(p.id)}/${doc.id}`);
      assert.equal(got.status, 200);
      assert.ok(got.bytes.equals(licence.bytes));
      assert.equal(got.headers.get('etag'), `"${sha256(licence.bytes)}"`);
    }
    for (const who of [importer2, port2, holder2]) {
      assert.equal((await as(who, 'GET', docs(p.id))).status, 404, who.user.role);
      assert.equal((await as(who, 'GET', `${docs(p.id)}/${doc.id}`)).status, 404, who.user.role);
    }
    assert.equal((await upload(importer2, p.id, { kind: 'other' }, sampleFile('pdf'))).status, 404);
    assert.equal((await as(importer2, 'DELETE', `${docs(p.id)}/${doc.id}`)).status, 404);
    assert.equal((await upload(holder, p.id, { kind: 'other' }, sampleFile('pdf'))).status, 403);
    assert.equal((await as(port, 'DELETE', `${docs(p.id)}/${doc.id}`)).status, 403);

    // The importer's copy is its own, even of a file the holder has too.
    const shared = sampleFile('pdf');
    await uploadDocument(server, holder, recordationId, 'other', { file: shared });
    assert.equal((await upload(importer, p.id, { kind: 'contract' }, shared)).status, 201);
    assert.equal(await psql(server.databaseUrl,
      `SELECT count(*) FROM document_contents WHERE sha256 = '${sha256(shared.bytes)}'`), '2');
    assert.equal((await upload(importer, p.id, { kind: 'invoice' }, shared)).status, 200, 'the same file again');
  });

  test('documents change only before the decision, and every change is in the request\'s history', async () => {
    const p = await filed();
    const doc = (await upload(importer, p.id, { kind: 'contract', filename: 'contract.pdf' }, sampleFile('pdf'))).body;
    assert.equal((await as(importer, 'DELETE', `${docs(p.id)}/${doc.id}`)).status, 204);
    const kept = (await upload(importer, p.id, { kind: 'invoice', filename: 'invoice.png' }, sampleFile('png'))).body;
    const history = await as(port, 'GET', `/v1/pre-confirmations/${p.id}/history`);
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.items.filter((e) => e.action.startsWith('document_')).map((e) => [e.action, e.details]), [
      ['document_added', { document_id: doc.id, kind: 'contract', filename: 'contract.pdf' }],
      ['document_removed', { document_id: doc.id, kind: 'contract', filename: 'contract.pdf' }],
      ['document_added', { document_id: kept.id, kind: 'invoice', filename: 'invoice.png' }],
    ]);

    let r = await as(port, 'POST', `/v1/pre-confirmations/${p.id}/decision`, { outcome: 'confirm' });
    assert.equal(r.status, 200, r.text);
    r = await as(importer, 'DELETE', `${docs(p.id)}/${kept.id}`);
    assert.equal(r.status, 409);
    assert.equal(r.body.current_status, 'confirmed');
    r = await upload(importer, p.id, { kind: 'other' }, sampleFile('pdf'));
    assert.equal(r.status, 409);
    assert.equal((await as(hq, 'GET', `${docs(p.id)}/${kept.id}`)).status, 200, 'still readable after the decision');

    const withdrawn = await filed();
    assert.equal((await as(importer, 'POST', `/v1/pre-confirmations/${withdrawn.id}/withdrawal`, {})).status, 200);
    r = await upload(importer, withdrawn.id, { kind: 'other' }, sampleFile('pdf'));
    assert.equal(r.status, 409);
    assert.equal(r.body.current_status, 'withdrawn');
  });
});
