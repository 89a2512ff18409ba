// Idempotency-Key on the POSTs that create something, through the real server and database:
// a retry answers the stored answer and creates nothing more (rows counted in the database),
// another request with the key is 422, concurrent ones make one record, an answer that created
// nothing leaves the key free, keys are each user's own, expire and are purged; uploads and the
// officer creation (which passes its request to the hashing threads) alike. Malformed keys are
// in bad-input.test.js.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, psql, rawHttp } from './lib/harness.js';
import { setupRegistry, fileDraft, sampleFile, accountBody, PASSWORD, unique } from './lib/fixtures.js';
import { completeFiling } from './lib/filings.js';

describe('idempotency keys', async () => {
  const server = await startServer();
  const { admin, holder, holder2 } = await setupRegistry(server);
  test.after(() => server.stop());

  const sql = (text) => psql(server.databaseUrl, text);
  const keyed = (who, method, path, key, options = {}) =>
    server.request(method, path, { token: who.token, ...options, headers: { 'idempotency-key': key, ...options.headers } });
  const countTitle = (title) => sql(`SELECT count(*) FROM recordations WHERE title = '${title}'`);
  const countKey = (key) => sql(`SELECT count(*) FROM idempotency_keys WHERE key = '${key}'`);

  test('a retry with the key answers the first answer and creates nothing more', async () => {
    const key = randomUUID();
    const body = completeFiling({ title: unique('Replayed ') });
    const first = await keyed(holder, 'POST', '/v1/recordations', key, { body });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const again = await keyed(holder, 'POST', '/v1/recordations', key, { body });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.text, first.text, 'the same bytes');
    for (const h of ['etag', 'location', 'content-type']) assert.equal(again.headers.get(h), first.headers.get(h), h);
    // The draft's own form of the key (a Structured Field string) is the same key.
    const quoted = await keyed(holder, 'POST', '/v1/recordations', `"${key}"`, { body });
    assert.equal(quoted.headers.get('idempotent-replayed'), 'true');
    assert.equal(quoted.body.id, first.body.id);
    assert.equal(await countTitle(body.title), '1');
    assert.equal(await countKey(key), '1');
    assert.equal(await sql(`SELECT extract(epoch FROM expires_at - created_at)::int FROM idempotency_keys WHERE key = '${key}'`),
      '86400', 'kept IPR_IDEMPOTENCY_TTL (default 24 h)');
    // Without a key every request creates.
    const plain = await server.request('POST', '/v1/recordations', { token: holder.token, body });
    assert.equal(plain.status, 201);
    assert.notEqual(plain.body.id, first.body.id);
  });

  test('the same key with another body or another path is 422 naming Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await keyed(holder, 'POST', '/v1/recordations', key, { body: completeFiling({ title: unique('First ') }) });
    assert.equal(first.status, 201, first.text);
    const other = await keyed(holder, 'POST', '/v1/recordations', key, { body: completeFiling({ title: unique('Other ') }) });
    assert.equal(other.status, 422, other.text);
    assert.equal(other.body.type, 'urn:iprd:problem:idempotency-key-reused');
    assert.deepEqual(other.body.errors.map((e) => e.field), ['Idempotency-Key']);
    const elsewhere = await keyed(holder, 'POST', `/v1/recordations/${first.body.id}/authorized-users`, key, {
      body: { name: 'Elsewhere Co.', registration_number: '91310000000000001X', country: 'CN', roles: ['importer'] },
    });
    assert.equal(elsewhere.status, 422, elsewhere.text);
    assert.equal(await sql(`SELECT count(*) FROM authorized_users WHERE recordation_id = '${first.body.id}'`), '0');
  });

  test('ten requests with one key at once create one record; the others are 409 or the replay', async () => {
    const key = randomUUID();
    const body = completeFiling({ title: unique('Concurrent ') });
    const answers = await Promise.all(Array.from({ length: 10 },
      () => keyed(holder, 'POST', '/v1/recordations', key, { body })));
    const created = answers.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'));
    assert.equal(created.length, 1, answers.map((r) => `${r.status} ${r.headers.get('idempotent-replayed')}`).join(', '));
    for (const r of answers) {
      if (r.status === 201) {
        assert.equal(r.body.id, created[0].body.id);
      } else {
        assert.equal(r.status, 409, r.text);
        assert.equal(r.body.type, 'urn:iprd:problem:idempotency-key-in-progress');
        assert.equal(r.headers.get('retry-after'), '1');
      }
    }
    assert.equal(await countTitle(body.title), '1');
    // Once the first is done, a retry gets its answer.
    const later = await keyed(holder, 'POST', '/v1/recordations', key, { body });
    assert.equal(later.headers.get('idempotent-replayed'), 'true');
    assert.equal(later.body.id, created[0].body.id);
  });

  test('an answer that created nothing is not kept: the corrected request goes through with the same key', async () => {
    // Refused before the create (a 422 of the body's fields).
    const key = randomUUID();
    const title = unique('Corrected ');
    const refused = await keyed(holder, 'POST', '/v1/recordations', key, { body: completeFiling({ title, classes: [99] }) });
    assert.equal(refused.status, 422, refused.text);
    assert.equal(await countKey(key), '0');
    const corrected = await keyed(holder, 'POST', '/v1/recordations', key, { body: completeFiling({ title }) });
    assert.equal(corrected.status, 201, corrected.text);
    assert.equal(corrected.headers.get('idempotent-replayed'), null);

    // Refused inside the create's transaction, after the key's row was written: a duplicate
    // entry that the database's exclusion constraint refuses (409).
    const draft = await fileDraft(server, holder);
    const usersOf = `/v1/recordations/${draft.id}/authorized-users`;
    const entry = { name: 'Dup Co.', registration_number: '91310000000000077X', country: 'CN', roles: ['importer'] };
    assert.equal((await keyed(holder, 'POST', usersOf, randomUUID(), { body: entry })).status, 201);
    const key2 = randomUUID();
    const duplicate = await keyed(holder, 'POST', usersOf, key2, { body: { ...entry, name: 'Dup Co. again' } });
    assert.equal(duplicate.status, 409, duplicate.text);
    assert.equal(duplicate.body.type, 'urn:iprd:problem:duplicate-authorized-user');
    assert.equal(await countKey(key2), '0', 'the key went with the rolled-back transaction');
    const fixed = await keyed(holder, 'POST', usersOf, key2,
      { body: { ...entry, name: 'Dup Co. again', registration_number: '91310000000000078X' } });
    assert.equal(fixed.status, 201, fixed.text);
    assert.equal(await sql(`SELECT count(*) FROM authorized_users WHERE recordation_id = '${draft.id}'`), '2');
  });

  test('keys are each user\'s own: the same key of another user is another key', async () => {
    const key = randomUUID();
    const body = completeFiling({ title: unique('Mine ') });
    const a = await keyed(holder, 'POST', '/v1/recordations', key, { body });
    const b = await keyed(holder2, 'POST', '/v1/recordations', key, { body });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(b.headers.get('idempotent-replayed'), null);
    assert.notEqual(b.body.id, a.body.id);
    // holder2 cannot read holder's record through the replay
    const again = await keyed(holder2, 'POST', '/v1/recordations', key, { body });
    assert.equal(again.body.id, b.body.id);
    assert.equal(await countTitle(body.title), '2');
    assert.equal(await countKey(key), '2');
  });

  test('an expired key is forgotten: the request runs again, and expired keys are purged', async () => {
    const key = randomUUID();
    const stale = randomUUID();
    const body = completeFiling({ title: unique('Expired ') });
    const first = await keyed(holder, 'POST', '/v1/recordations', key, { body });
    assert.equal(first.status, 201);
    await keyed(holder2, 'POST', '/v1/recordations', stale, { body: completeFiling() });
    await sql(`UPDATE idempotency_keys SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day'
      WHERE key IN ('${key}', '${stale}')`);
    const again = await keyed(holder, 'POST', '/v1/recordations', key, { body });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), null);
    assert.notEqual(again.body.id, first.body.id);
    assert.equal(await countTitle(body.title), '2');
    assert.equal(await countKey(key), '1', 'taken over by the new request');
    assert.equal(await countKey(stale), '0', 'purged by the request that stored a key');
    assert.equal(await sql('SELECT count(*) FROM idempotency_keys WHERE expires_at <= now()'), '0');
  });

  test('an upload with a key is replayed, not stored twice; another file with the key is 422', async () => {
    const draft = await fileDraft(server, holder);
    const key = randomUUID();
    const file = sampleFile('pdf');
    const path = `/v1/recordations/${draft.id}/documents?kind=licence&filename=licence.pdf`;
    const send = (bytes, k = key) => keyed(holder, 'POST', path, k, { raw: bytes, headers: { 'content-type': file.type } });
    const first = await send(file.bytes);
    assert.equal(first.status, 201, first.text);
    const again = await send(file.bytes);
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.text, first.text);
    assert.equal(await sql(`SELECT count(*) FROM documents WHERE recordation_id = '${draft.id}'`), '1');
    const other = await send(sampleFile('pdf').bytes);
    assert.equal(other.status, 422, other.text);
    const renamed = await keyed(holder, 'POST', path.replace('licence.pdf', 'other.pdf'), key,
      { raw: file.bytes, headers: { 'content-type': file.type } });
    assert.equal(renamed.status, 422, 'another query is another request');
    assert.equal(await sql(`SELECT count(*) FROM documents WHERE recordation_id = '${draft.id}'`), '1');
  });

  test('an officer created with a key (its password hashed on another thread) is created once', async () => {
    const key = randomUUID();
    const body = { email: `${unique('officer')}@customs.example`, password: PASSWORD, full_name: 'Officer Sun',
      office_code: 'HQ' };
    const first = await keyed(admin, 'POST', '/v1/officers', key, { body });
    assert.equal(first.status, 201, first.text);
    const again = await keyed(admin, 'POST', '/v1/officers', key, { body });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.id, first.body.id);
    assert.equal(await sql(`SELECT count(*) FROM users WHERE email = '${body.email}'`), '1');
  });

  test('the anonymous POSTs take no key: a second registration is refused by its email', async () => {
    const key = randomUUID();
    const body = accountBody('rights_holder');
    const first = await server.request('POST', '/v1/accounts', { body, headers: { 'idempotency-key': key } });
    assert.equal(first.status, 201, first.text);
    const again = await server.request('POST', '/v1/accounts', { body, headers: { 'idempotency-key': key } });
    assert.equal(again.status, 409, again.text);
    assert.deepEqual(again.body.errors.map((e) => e.field), ['user.email']);
    assert.equal(await countKey(key), '0');
  });

  test('a key sent twice in one request is 400 naming Idempotency-Key', async () => {
    const body = JSON.stringify(completeFiling({ title: unique('Twice ') }));
    const raw = await rawHttp(server.port, `POST /v1/recordations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${holder.token}\r\n`
      + `Content-Type: application/json\r\nIdempotency-Key: a\r\nIdempotency-Key: b\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
      + `Connection: close\r\n\r\n${body}`);
    assert.match(raw, /^HTTP\/1\.1 400 /);
    assert.match(raw, /"field":"Idempotency-Key"/);
  });
});
