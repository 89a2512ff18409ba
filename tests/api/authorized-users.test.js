// Authorized users of a recordation through the real server: adding, changing with
// If-Match, ending, bulk replacement (5,000 entries, all or nothing), duplicates, who may
// read which list, the history, and the check customs and importers run at the border.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, fileDraft, fileSubmitted, fileApproved } from './lib/fixtures.js';
import { today, shiftDays } from './lib/dates.js';

let serial = 0;
function entry(overrides = {}) {
  serial += 1;
  return {
    name: `Trading Co. ${serial}`,
    registration_number: `9144030${String(serial).padStart(11, '0')}`,
    country: 'CN',
    roles: ['importer', 'consignee'],
    ...overrides,
  };
}

describe('authorized users', async () => {
  const server = await startServer();
  const { hq, port, holder, holder2, importer, importer2 } = await setupRegistry(server);
  test.after(() => server.stop());

  const sql = (text) => psql(server.databaseUrl, text);
  const as = (who, method, path, body, headers) => server.request(method, path, { token: who.token, body, headers });
  const usersOf = (id) => `/v1/recordations/${id}/authorized-users`;

  const draft = (who = holder) => fileDraft(server, who);
  const submitted = (who = holder) => fileSubmitted(server, who);
  const approved = (who = holder) => fileApproved(server, who, hq);
  async function add(recordationId, body, who = holder) {
    const res = await as(who, 'POST', usersOf(recordationId), body);
    assert.equal(res.status, 201, res.text);
    return res.body;
  }
  async function listAll(who, recordationId, query = '') {
    const res = await as(who, 'GET', `${usersOf(recordationId)}?limit=200${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
  }
  function check(who, params) {
    return as(who, 'GET', `/v1/authorizations/check?${new URLSearchParams(params)}`);
  }

  test('a holder adds an entry, changes it with If-Match and ends it; the history records each', async () => {
    const r = await approved();
    const created = await as(holder, 'POST', usersOf(r.id), {
      name: 'Shenzhen Trading Co., Ltd.', registration_number: '91440300MA5F00001Y', country: 'CN',
      roles: ['importer', 'consignee', 'distributor'], goods_scope: 'Mobile phones', hs_codes: ['8517'],
      ports: ['CNSHA'], valid_from: today(), valid_until: shiftDays(today(), 365),
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get('etag'), '"1"');
    const e = created.body;
    assert.equal(e.status, 'active');
    assert.equal(e.version, 1);
    assert.deepEqual(e.roles, ['importer', 'consignee', 'distributor']);
    assert.deepEqual([e.hs_codes, e.ports, e.ended_at, e.ended_by], [['8517'], ['CNSHA'], null, null]);

    let res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`, { ports: ['CNSHA', 'CNSZX'] });
    assert.equal(res.status, 428);
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`, { ports: ['CNSHA', 'CNSZX'] }, { 'If-Match': '"1"' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('etag'), '"2"');
    assert.deepEqual(res.body.ports, ['CNSHA', 'CNSZX']);
    assert.equal(res.body.name, 'Shenzhen Trading Co., Ltd.', 'fields not in the patch stay');
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`, { goods_scope: null }, { 'If-Match': '"1"' });
    assert.equal(res.status, 412, 'stale version');
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`, { goods_scope: null }, { 'If-Match': 'garbage' });
    assert.equal(res.status, 412);
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`,
      { goods_scope: null, hs_codes: null, valid_until: null }, { 'If-Match': '"2"' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.body.goods_scope, res.body.hs_codes, res.body.valid_until, res.body.version],
      [null, [], null, 3]);
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`, { name: null, roles: [] }, { 'If-Match': '"3"' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((x) => x.field).sort(), ['name', 'roles']);
    // The merge would make the validity end before it starts.
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`, { valid_until: shiftDays(today(), -1) },
      { 'If-Match': '"3"' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((x) => x.field), ['valid_until']);

    res = await as(holder2, 'PATCH', `${usersOf(r.id)}/${e.id}`, { name: 'Mine' }, { 'If-Match': '"3"' });
    assert.equal(res.status, 404, 'another holder');
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/00000000-0000-4000-8000-000000000000`, { name: 'X' },
      { 'If-Match': '"1"' });
    assert.equal(res.status, 404);
    res = await as(hq, 'PATCH', `${usersOf(r.id)}/${e.id}`, { name: 'X' }, { 'If-Match': '"3"' });
    assert.equal(res.status, 403, 'officers read only');

    res = await as(holder, 'DELETE', `${usersOf(r.id)}/${e.id}`, undefined, { 'If-Match': '"2"' });
    assert.equal(res.status, 412);
    res = await as(holder, 'DELETE', `${usersOf(r.id)}/${e.id}`, undefined, { 'If-Match': '"3"' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'ended');
    assert.equal(res.body.ended_by.user_id, holder.user.id);
    assert.ok(res.body.ended_at);
    assert.equal(res.headers.get('etag'), '"4"');
    res = await as(holder, 'DELETE', `${usersOf(r.id)}/${e.id}`);
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'ended');
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${e.id}`, { name: 'Again' }, { 'If-Match': '"4"' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'ended');

    assert.deepEqual(await listAll(holder, r.id), [], 'ended entries leave the list');
    const withEnded = await listAll(hq, r.id, '&include_ended=true');
    assert.deepEqual(withEnded.map((x) => [x.id, x.status]), [[e.id, 'ended']]);

    const history = (await as(holder, 'GET', `/v1/recordations/${r.id}/history`)).body.items;
    const mine = history.filter((h) => h.action.startsWith('authorized_user'));
    assert.deepEqual(mine.map((h) => h.action),
      ['authorized_user_added', 'authorized_user_changed', 'authorized_user_changed', 'authorized_user_ended']);
    assert.ok(mine.every((h) => h.details.entry_id === e.id && h.actor.user_id === holder.user.id));
    assert.deepEqual(mine[1].details.fields, ['ports']);
    assert.deepEqual(mine[2].details.fields, ['goods_scope', 'hs_codes', 'valid_until']);
  });

  test('officers read every list, a holder only its own, importers none', async () => {
    const r = await approved();
    const e = await add(r.id, entry());
    assert.deepEqual((await listAll(holder, r.id)).map((x) => x.id), [e.id]);
    assert.deepEqual((await listAll(hq, r.id)).map((x) => x.id), [e.id]);
    assert.deepEqual((await listAll(port, r.id)).map((x) => x.id), [e.id]);
    let res = await as(holder2, 'GET', usersOf(r.id));
    assert.equal(res.status, 404, 'another holder does not learn it exists');
    res = await as(importer, 'GET', usersOf(r.id));
    assert.equal(res.status, 403);
    res = await as(holder2, 'POST', usersOf(r.id), entry());
    assert.equal(res.status, 404);
    res = await as(holder2, 'PUT', usersOf(r.id), { entries: [] });
    assert.equal(res.status, 404);
    res = await as(hq, 'GET', `${usersOf('00000000-0000-4000-8000-000000000000')}`);
    assert.equal(res.status, 404);
    res = await as(hq, 'GET', `${usersOf(r.id)}?include_ended=yes&limit=0`);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((x) => x.field).sort(), ['include_ended', 'limit']);
  });

  test('the list is sorted by name and registration number, and pages', async () => {
    const r = await draft();
    const names = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo'];
    for (const name of names) await add(r.id, entry({ name }));
    const seen = [];
    let cursor = null;
    do {
      const res = await as(hq, 'GET', `${usersOf(r.id)}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.items.length <= 2);
      seen.push(...res.body.items.map((x) => x.name));
      cursor = res.body.next_cursor;
    } while (cursor);
    const all = (await listAll(hq, r.id)).map((x) => x.name);
    assert.deepEqual(seen, all, 'pages follow the one order, nothing skipped or repeated');
    assert.deepEqual([...seen].sort(), [...names].sort());
    const res = await as(hq, 'GET', `${usersOf(r.id)}?cursor=not-a-cursor`);
    assert.equal(res.status, 422);
  });

  test('every bad field of an entry is named', async () => {
    const r = await draft();
    const res = await as(holder, 'POST', usersOf(r.id), {
      name: '', registration_number: 'x'.repeat(65), country: 'China', roles: ['importer', 'buyer', 'importer'],
      goods_scope: '', hs_codes: ['8', '8517', '8517'], ports: ['cnsha', 'CNSHA'],
      valid_from: '2026-02-30', valid_until: '2026-01-01', colour: 'red',
    });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((x) => x.field).sort(), [
      'colour', 'country', 'goods_scope', 'hs_codes[0]', 'hs_codes[2]', 'name', 'ports[0]', 'registration_number',
      'roles[1]', 'roles[2]', 'valid_from',
    ]);
    const backwards = await as(holder, 'POST', usersOf(r.id),
      entry({ valid_from: '2026-05-02', valid_until: '2026-05-01' }));
    assert.equal(backwards.status, 422);
    assert.deepEqual(backwards.body.errors.map((x) => x.field), ['valid_until']);
    const missing = await as(holder, 'POST', usersOf(r.id), {});
    assert.deepEqual(missing.body.errors.map((x) => x.field).sort(), ['country', 'name', 'registration_number', 'roles']);
    assert.deepEqual(await listAll(holder, r.id), []);
  });

  test('the same registration number with overlapping validity is refused with 409', async () => {
    const r = await approved();
    const first = await add(r.id, entry({ registration_number: 'DUP-001', valid_from: '2026-01-01', valid_until: '2026-06-30' }));
    let res = await as(holder, 'POST', usersOf(r.id), entry({ registration_number: ' dup-001', valid_from: '2026-06-30' }));
    assert.equal(res.status, 409, 'one shared day is an overlap; case and spaces do not make another number');
    assert.equal(res.body.type, 'urn:iprd:problem:duplicate-authorized-user');
    res = await as(holder, 'POST', usersOf(r.id), entry({ registration_number: 'DUP-001' }));
    assert.equal(res.status, 409, 'an open-ended entry overlaps everything');
    const second = await add(r.id, entry({ registration_number: 'DUP-001', valid_from: '2026-07-01' }));
    res = await as(holder, 'PATCH', `${usersOf(r.id)}/${second.id}`, { valid_from: '2026-06-01' }, { 'If-Match': '"1"' });
    assert.equal(res.status, 409);
    assert.equal(res.body.type, 'urn:iprd:problem:duplicate-authorized-user');
    const other = await approved();
    await add(other.id, entry({ registration_number: 'DUP-001' })); // another recordation: no conflict
    res = await as(holder, 'DELETE', `${usersOf(r.id)}/${first.id}`);
    assert.equal(res.status, 200);
    await add(r.id, entry({ registration_number: 'DUP-001', valid_until: '2026-06-30' })); // ended ones do not count
  });

  test('bulk replace ends the active list and creates the new one, in order, recorded once', async () => {
    const r = await approved();
    const old = [await add(r.id, entry()), await add(r.id, entry())];
    const entries = [entry({ name: 'Zulu Imports' }), entry({ name: 'Alpha Exports', roles: ['exporter'] }),
      entry({ hs_codes: ['6109'], ports: ['CNSZX'], valid_from: today() })];
    const res = await as(holder, 'PUT', usersOf(r.id), { entries });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.items.map((x) => x.name), entries.map((x) => x.name), 'in the order given');
    assert.ok(res.body.items.every((x) => x.status === 'active' && x.version === 1));
    const active = await listAll(holder, r.id);
    assert.deepEqual(active.map((x) => x.name).sort(), entries.map((x) => x.name).sort());
    const all = await listAll(holder, r.id, '&include_ended=true');
    assert.deepEqual(all.filter((x) => x.status === 'ended').map((x) => x.id).sort(), old.map((x) => x.id).sort());
    const history = (await as(hq, 'GET', `/v1/recordations/${r.id}/history`)).body.items;
    const replaced = history.filter((h) => h.action === 'authorized_users_replaced');
    assert.equal(replaced.length, 1);
    assert.deepEqual(replaced[0].details, { ended: 2, added: 3 });

    const emptied = await as(holder, 'PUT', usersOf(r.id), { entries: [] });
    assert.equal(emptied.status, 200);
    assert.deepEqual(emptied.body.items, []);
    assert.deepEqual(await listAll(holder, r.id), []);
  });

  test('a bulk upload with one bad entry at index 4,000 of 4,001 changes nothing', async () => {
    const r = await approved();
    const kept = await add(r.id, entry({ name: 'Kept Ltd' }));
    const before = await listAll(holder, r.id, '&include_ended=true');
    const historyBefore = (await as(holder, 'GET', `/v1/recordations/${r.id}/history`)).body.items.length;
    const entries = Array.from({ length: 4001 }, (_, i) => entry({ name: `Bulk ${String(i).padStart(4, '0')}` }));

    let res = await as(holder, 'PUT', usersOf(r.id), { entries: entries.map((e, i) => (i === 4000 ? { ...e, country: 'cn' } : e)) });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.body.errors.map((x) => x.field), ['entries[4000].country']);
    res = await as(holder, 'PUT', usersOf(r.id), {
      entries: entries.map((e, i) => (i === 4000 ? { ...e, registration_number: entries[17].registration_number.toLowerCase() } : e)),
    });
    assert.equal(res.status, 422, 'a duplicate inside the upload');
    assert.deepEqual(res.body.errors.map((x) => x.field), ['entries[4000].registration_number']);
    assert.match(res.body.errors[0].message, /entries\[17\]/);
    res = await as(holder, 'PUT', usersOf(r.id), { entries: entries.map((e, i) => (i === 4000 ? 'nonsense' : e)) });
    assert.deepEqual(res.body.errors.map((x) => x.field), ['entries[4000]']);

    assert.deepEqual(await listAll(holder, r.id, '&include_ended=true'), before, 'nothing changed');
    assert.equal((await as(holder, 'GET', `/v1/recordations/${r.id}/history`)).body.items.length, historyBefore);

    res = await as(holder, 'PUT', usersOf(r.id), { entries });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.items.length, 4001);
    assert.equal(res.body.items[4000].name, 'Bulk 4000');
    const count = await sql(`SELECT count(*) FILTER (WHERE ended_at IS NULL) || ' ' || count(*) FILTER (WHERE id = '${kept.id}' AND ended_at IS NOT NULL) FROM authorized_users WHERE recordation_id = '${r.id}'`);
    assert.equal(count, '4001 1');
  });

  test('a bulk upload is bounded: 5,000 entries, and at most 1,000 errors listed', async () => {
    const r = await draft();
    let res = await as(holder, 'PUT', usersOf(r.id), { entries: Array.from({ length: 5001 }, () => ({})) });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((x) => x.field), ['entries']);
    res = await as(holder, 'PUT', usersOf(r.id), { entries: Array.from({ length: 1500 }, () => entry({ country: 'x' })) });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors.length, 1000);
    assert.match(res.body.detail, /^1500 fields/);
    res = await as(holder, 'PUT', usersOf(r.id), { items: [] });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((x) => x.field).sort(), ['entries', 'items']);
  });

  test('the list cannot change once the recordation is withdrawn or expired', async () => {
    const w = await draft();
    await as(holder, 'POST', `/v1/recordations/${w.id}/withdrawal`);
    let res = await as(holder, 'POST', usersOf(w.id), entry());
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'withdrawn');
    const x = await approved();
    const e = await add(x.id, entry());
    await sql(`UPDATE recordations SET valid_from = '${shiftDays(today(), -400)}', valid_until = '${shiftDays(today(), -1)}' WHERE id = '${x.id}'`);
    for (const [method, path, body] of [['POST', usersOf(x.id), entry()], ['PUT', usersOf(x.id), { entries: [] }],
      ['DELETE', `${usersOf(x.id)}/${e.id}`, undefined]]) {
      res = await as(holder, method, path, body);
      assert.equal(res.status, 409, `${method} ${res.text}`);
      assert.equal(res.body.current_status, 'expired');
    }
  });

  test('the check: dates just inside and just outside the entry and the recordation', async () => {
    const r = await approved();
    const from = shiftDays(today(), -30);
    const until = shiftDays(today(), 30);
    await sql(`UPDATE recordations SET valid_from = '${from}', valid_until = '${until}' WHERE id = '${r.id}'`);
    const limited = await add(r.id, entry({ registration_number: 'LIM-1', roles: ['importer'],
      valid_from: shiftDays(today(), -5), valid_until: shiftDays(today(), 5) }));
    const open = await add(r.id, entry({ registration_number: 'OPEN-1', roles: ['manufacturer', 'exporter'] }));

    const at = async (registration_number, date, extra = {}) => {
      const res = await check(hq, { recordation: r.number, registration_number, date, ...extra });
      assert.equal(res.status, 200, res.text);
      return res.body;
    };
    let res = await at('LIM-1', today());
    assert.equal(res.authorized, true);
    assert.equal(res.recordation_valid, true);
    assert.deepEqual(res.recordation, { id: r.id, number: r.number, status: 'approved', valid_from: from, valid_until: until });
    assert.deepEqual(res.matches.map((m) => m.id), [limited.id]);
    assert.equal((await at('LIM-1', shiftDays(today(), -5))).authorized, true, 'first day of the entry');
    assert.equal((await at('LIM-1', shiftDays(today(), 5))).authorized, true, 'last day of the entry');
    res = await at('LIM-1', shiftDays(today(), -6));
    assert.deepEqual([res.authorized, res.recordation_valid, res.matches], [false, true, []], 'the day before');
    res = await at('LIM-1', shiftDays(today(), 6));
    assert.deepEqual([res.authorized, res.recordation_valid, res.matches], [false, true, []], 'the day after');

    assert.equal((await at('OPEN-1', from)).authorized, true, 'first day of the recordation');
    assert.equal((await at('OPEN-1', until)).authorized, true, 'last day of the recordation');
    res = await at('OPEN-1', shiftDays(from, -1));
    assert.deepEqual([res.authorized, res.recordation_valid, res.matches.length], [false, false, 1]);
    res = await at('OPEN-1', shiftDays(until, 1));
    assert.deepEqual([res.authorized, res.recordation_valid, res.matches.length], [false, false, 1]);

    assert.equal((await at(' open-1 ', today())).authorized, true, 'registration numbers compare normalized');
    assert.equal((await at('OPEN-2', today())).authorized, false);
    assert.equal((await at('OPEN-1', today(), { role: 'exporter' })).authorized, true);
    assert.equal((await at('OPEN-1', today(), { role: 'importer' })).authorized, false);
    res = await check(port, { recordation: r.id, registration_number: 'OPEN-1' });
    assert.equal(res.status, 200, 'by id, on today by default');
    assert.equal(res.body.authorized, true);
    res = await check(hq, { recordation: 'T1999-999999', registration_number: 'OPEN-1' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { recordation: null, recordation_valid: false, authorized: false, matches: [] });
    await as(holder, 'DELETE', `${usersOf(r.id)}/${open.id}`);
    assert.equal((await at('OPEN-1', today())).authorized, false, 'an ended entry authorizes nothing');
  });

  test('the check: HS-code prefixes and ports limit an entry', async () => {
    const r = await approved();
    await add(r.id, entry({ registration_number: 'GOODS-1', hs_codes: ['8517', '6109'], ports: ['CNSHA', 'CNNGB'] }));
    const at = async (extra) => {
      const res = await check(hq, { recordation: r.number, registration_number: 'GOODS-1', ...extra });
      assert.equal(res.status, 200, res.text);
      return res.body.authorized;
    };
    assert.equal(await at({ hs_code: '851713', port: 'CNSHA' }), true);
    assert.equal(await at({ hs_code: '8517', port: 'CNNGB' }), true);
    assert.equal(await at({ hs_code: '61091000', port: 'CNSHA' }), true);
    assert.equal(await at({ hs_code: '851810', port: 'CNSHA' }), false, 'another heading');
    assert.equal(await at({ hs_code: '8510', port: 'CNSHA' }), false);
    assert.equal(await at({ hs_code: '851713', port: 'CNSZX' }), false, 'another port');
    assert.equal(await at({ port: 'CNSHA' }), false, 'limited to goods: a check must say which');
    assert.equal(await at({ hs_code: '851713' }), false, 'limited to ports: a check must say which');
    await add(r.id, entry({ registration_number: 'ANY-1' }));
    const res = await check(hq, { recordation: r.number, registration_number: 'ANY-1' });
    assert.equal(res.body.authorized, true, 'an entry without limits covers all goods and ports');
    const bad = await check(hq, { recordation: 'T2026', registration_number: '', role: 'buyer', date: '2026-02-30',
      hs_code: '85', port: 'sha' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((x) => x.field).sort(),
      ['date', 'hs_code', 'port', 'recordation', 'registration_number', 'role']);
  });

  test('a recordation only submitted, expired or revoked never authorizes', async () => {
    const s = await submitted();
    await add(s.id, entry({ registration_number: 'SUB-1' }));
    let res = await check(hq, { recordation: s.id, registration_number: 'SUB-1' });
    assert.equal(res.status, 200);
    assert.equal(res.body.recordation.status, 'submitted');
    assert.equal(res.body.recordation.number, null);
    assert.deepEqual([res.body.recordation_valid, res.body.authorized, res.body.matches.length], [false, false, 1]);

    const x = await approved();
    await add(x.id, entry({ registration_number: 'EXP-1' }));
    await sql(`UPDATE recordations SET valid_from = '${shiftDays(today(), -400)}', valid_until = '${shiftDays(today(), -1)}' WHERE id = '${x.id}'`);
    res = await check(hq, { recordation: x.number, registration_number: 'EXP-1' });
    assert.equal(res.body.recordation.status, 'expired');
    assert.deepEqual([res.body.recordation_valid, res.body.authorized], [false, false]);
    res = await check(hq, { recordation: x.number, registration_number: 'EXP-1', date: shiftDays(today(), -2) });
    assert.deepEqual([res.body.recordation_valid, res.body.authorized], [true, true], 'it was valid then');

    const v = await approved();
    await add(v.id, entry({ registration_number: 'REV-1' }));
    await as(hq, 'POST', `/v1/recordations/${v.id}/revocation`, { reason: 'Invalidated.' });
    res = await check(hq, { recordation: v.number, registration_number: 'REV-1', date: today() });
    assert.deepEqual([res.body.recordation.status, res.body.recordation_valid, res.body.authorized],
      ['revoked', false, false]);
  });

  test('an importer checks only its own registration number, and never sees unnumbered filings', async () => {
    const own = importer.organization.registration_number;
    const r = await approved();
    await add(r.id, entry({ registration_number: own, roles: ['importer'] }));
    let res = await check(importer, { recordation: r.number });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.authorized, true, 'its own number by default');
    assert.equal(res.body.matches[0].registration_number, own);
    res = await check(importer, { recordation: r.number, registration_number: own.toLowerCase() });
    assert.equal(res.body.authorized, true);
    res = await check(importer2, { recordation: r.number });
    assert.deepEqual([res.status, res.body.authorized], [200, false], 'another importer is not on the list');
    res = await check(importer, { recordation: r.number, registration_number: importer2.organization.registration_number });
    assert.equal(res.status, 403);
    res = await check(importer2, { recordation: r.number, registration_number: own });
    assert.equal(res.status, 403, 'checking someone else');
    res = await check(holder, { recordation: r.number, registration_number: own });
    assert.equal(res.status, 403, 'holders keep lists, they do not check');
    res = await check(hq, { recordation: r.number });
    assert.equal(res.status, 422, 'officers say whom they check');
    assert.deepEqual(res.body.errors.map((x) => x.field), ['registration_number']);
    res = await check(importer, {});
    assert.equal(res.status, 422);

    const s = await submitted();
    await add(s.id, entry({ registration_number: own }));
    res = await check(importer, { recordation: s.id });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { recordation: null, recordation_valid: false, authorized: false, matches: [] });
  });
});
