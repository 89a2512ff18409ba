// Pre-confirmation of rights through the real server: an importer asks a port before the
// goods arrive, with an automatic check against the recordation and its authorized users;
// the port's officers confirm (number, validity) or reject; the importer may withdraw;
// confirmations expire; every transition is in the history; and each role sees only what
// it may (importer its own, port officer its office, headquarters all, rights holder those
// naming its recordations).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, createOfficer, unique, uploadDocument, fileApproved } from './lib/fixtures.js';
import { listIds } from './lib/paging.js';
import { today, shiftDays } from './lib/dates.js';
import { completeFiling } from './lib/filings.js';

const PHONES = { description: 'ACME X1 mobile phones', hs_code: '85171300', quantity: 500, unit: 'pcs', value: 125000, currency: 'USD' };

describe('pre-confirmations', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { admin, hq, port, port2, holder, holder2, importer, importer2 } = cast;
  const portB = await createOfficer(server, admin, 'CNSHA'); // a second officer of the same port
  test.after(() => server.stop());

  const sql = (text) => psql(server.databaseUrl, text);
  const as = (who, method, path, body, headers) => server.request(method, path, { token: who.token, body, headers });
  const workingDaysAfter = async (start, add) =>
    (await server.request('GET', `/v1/calendar/working-days?start=${start}&add=${add}`)).body.date;

  // An approved recordation of `who`, covering phones and clothing.
  const approvedRecordation = (who = holder) =>
    fileApproved(server, who, hq, completeFiling({ title: `ACME ${unique()}` }));
  const recordation = await approvedRecordation(holder);
  const otherRecordation = await approvedRecordation(holder2);

  function filing(overrides = {}) {
    return {
      office_code: 'CNSHA',
      direction: 'import',
      recordation_number: recordation.number,
      goods: [PHONES],
      transport_document: `MAEU${unique().toUpperCase()}`,
      expected_on: shiftDays(today(), 30),
      statement: 'We are the exclusive importer of ACME phones under licence L-2026-7.',
      ...overrides,
    };
  }
  async function filed(who = importer, body = filing()) {
    const res = await as(who, 'POST', '/v1/pre-confirmations', body);
    assert.equal(res.status, 201, res.text);
    return res.body;
  }
  const get = (who, id) => as(who, 'GET', `/v1/pre-confirmations/${id}`);
  const decide = (who, id, body) => as(who, 'POST', `/v1/pre-confirmations/${id}/decision`, body);
  const list = async (who, query = {}) => {
    const res = await as(who, 'GET', `/v1/pre-confirmations?${new URLSearchParams({ limit: '200', ...query })}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
  };

  test('an importer files a request: submitted, due in 5 working days, auto_check kept with it', async () => {
    const body = filing({
      direction: 'import',
      goods: [PHONES, { description: 'T-shirts', hs_code: '610910', quantity: 0.5, unit: 't', value: 0.1, currency: 'EUR' }],
    });
    const res = await as(importer, 'POST', '/v1/pre-confirmations', body);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.get('etag'), '"1"');
    const p = res.body;
    assert.equal(p.status, 'submitted');
    assert.equal(p.version, 1);
    assert.equal(p.number, null);
    assert.equal(p.office_code, 'CNSHA');
    assert.equal(p.direction, 'import');
    assert.equal(p.recordation_number, recordation.number);
    assert.equal(p.recordation_id, recordation.id);
    assert.deepEqual(p.goods, body.goods, 'goods exactly as sent (0.1 stays 0.1)');
    assert.equal(p.transport_document, body.transport_document);
    assert.equal(p.expected_on, body.expected_on);
    assert.equal(p.statement, body.statement);
    assert.deepEqual(p.importer, {
      organization_id: importer.organization.id, name: importer.organization.name,
      registration_number: importer.organization.registration_number,
    });
    assert.equal(p.received_on, today());
    assert.equal(p.due_on, await workingDaysAfter(today(), 5));
    assert.equal(p.working_days_left, 5);
    assert.equal(p.overdue, false);
    assert.deepEqual([p.valid_until, p.decided_at, p.decided_by, p.reason], [null, null, null, null]);
    assert.deepEqual(p.auto_check, { recordation_valid: true, authorized: false, matches: [] },
      'not an authorized user of the recordation');

    const read = await get(importer, p.id);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, p);
    assert.equal(read.headers.get('etag'), '"1"');
    const minimal = await filed(importer, { office_code: 'CNSHA', direction: 'export', recordation_number: recordation.number,
      goods: [PHONES], expected_on: today() });
    assert.equal(minimal.transport_document, null);
    assert.equal(minimal.statement, null);
  });

  test('auto_check: an authorized importer and an unauthorized one get different answers, kept with the request', async () => {
    const r = await approvedRecordation(holder);
    const added = await as(holder, 'POST', `/v1/recordations/${r.id}/authorized-users`, {
      name: importer.organization.name, registration_number: importer.organization.registration_number.toLowerCase(),
      country: 'CN', roles: ['importer', 'distributor'], hs_codes: ['8517'], ports: ['CNSHA'],
      valid_from: today(), valid_until: shiftDays(today(), 60),
    });
    assert.equal(added.status, 201, added.text);
    const entry = added.body;
    const body = filing({ recordation_number: r.number });

    const authorized = await filed(importer, body);
    assert.deepEqual(authorized.auto_check, { recordation_valid: true, authorized: true, matches: [entry] });
    const unauthorized = await filed(importer2, body);
    assert.deepEqual(unauthorized.auto_check, { recordation_valid: true, authorized: false, matches: [] });

    // The same rule as the authorization check: role of the direction, port, date, every HS code.
    const refused = {
      'export needs exporter or consignor': { direction: 'export' },
      'another port': { office_code: 'CNSZX' },
      'after the entry ends': { expected_on: shiftDays(today(), 61) },
      'goods outside the entry': { goods: [{ ...PHONES, hs_code: '610910' }] },
    };
    for (const [why, overrides] of Object.entries(refused)) {
      const p = await filed(importer, { ...body, ...overrides });
      assert.equal(p.auto_check.authorized, false, why);
      assert.equal(p.auto_check.recordation_valid, true, why);
    }
    // A shipment is authorized only when every line is; the entry matched by a line is listed once.
    const mixed = await filed(importer, { ...body, goods: [PHONES, { ...PHONES, hs_code: '85171200' }, { ...PHONES, hs_code: '610910' }] });
    assert.deepEqual(mixed.auto_check, { recordation_valid: true, authorized: false, matches: [entry] });
    const twoLines = await filed(importer, { ...body, goods: [PHONES, { ...PHONES, hs_code: '85171200' }] });
    assert.deepEqual(twoLines.auto_check, { recordation_valid: true, authorized: true, matches: [entry] });

    // Kept as computed at filing: ending the entry later does not rewrite it.
    const ended = await as(holder, 'DELETE', `/v1/recordations/${r.id}/authorized-users/${entry.id}`);
    assert.equal(ended.status, 200, ended.text);
    assert.deepEqual((await get(port, authorized.id)).body.auto_check, authorized.auto_check);
    assert.equal((await filed(importer, body)).auto_check.authorized, false, 'a new filing sees the change');
  });

  test('auto_check: a recordation that is not valid on the expected date is reported', async () => {
    const r = await approvedRecordation(holder);
    await sql(`UPDATE recordations SET valid_until = '${shiftDays(today(), 10)}' WHERE id = '${r.id}'`);
    const late = await filed(importer, filing({ recordation_number: r.number, expected_on: shiftDays(today(), 20) }));
    assert.deepEqual(late.auto_check, { recordation_valid: false, authorized: false, matches: [] });
    const early = await filed(importer, filing({ recordation_number: r.number, expected_on: shiftDays(today(), 5) }));
    assert.equal(early.auto_check.recordation_valid, true);
    // Kept as computed at filing: a later revocation does not rewrite it.
    const res = await as(hq, 'POST', `/v1/recordations/${r.id}/revocation`, { reason: 'Counterfeit licence.' });
    assert.equal(res.status, 200, res.text);
    assert.equal((await get(importer, early.id)).body.auto_check.recordation_valid, true);
  });

  test('every bad field is named', async () => {
    let res = await as(importer, 'POST', '/v1/pre-confirmations', {
      office_code: 'cn sha',
      direction: 'sideways',
      recordation_number: 'T26-1',
      goods: [
        { description: '', hs_code: '12', quantity: 0, unit: 'x'.repeat(33), value: -1, currency: 'usd' },
        'phones',
        { ...PHONES, colour: 'red', quantity: '500' },
      ],
      transport_document: 'x'.repeat(65),
      expected_on: shiftDays(today(), -1),
      statement: '   ',
      priority: 'high',
    });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), [
      'direction', 'expected_on', 'goods[0].currency', 'goods[0].description', 'goods[0].hs_code', 'goods[0].quantity',
      'goods[0].unit', 'goods[0].value', 'goods[1]', 'goods[2].colour', 'goods[2].quantity', 'office_code', 'priority',
      'recordation_number', 'statement', 'transport_document',
    ]);
    assert.equal(res.body.errors.find((e) => e.field === 'priority').message, 'unknown field');

    res = await as(importer, 'POST', '/v1/pre-confirmations', {});
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(),
      ['direction', 'expected_on', 'goods', 'office_code', 'recordation_number']);
    res = await as(importer, 'POST', '/v1/pre-confirmations', filing({ goods: [], expected_on: '2031-02-30' }));
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['expected_on', 'goods']);
    res = await as(importer, 'POST', '/v1/pre-confirmations', filing({ goods: Array(201).fill(PHONES) }));
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['goods']);
    assert.equal((await list(importer, { transport_document: filing().transport_document })).length, 0);
  });

  test('an unknown recordation or office, or an office that is not a port, is a 422 on that field', async () => {
    let res = await as(importer, 'POST', '/v1/pre-confirmations',
      filing({ office_code: 'NOSUCH', recordation_number: 'T1999-999999' }));
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['office_code', 'recordation_number']);
    res = await as(importer, 'POST', '/v1/pre-confirmations', filing({ office_code: 'HQ' }));
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['office_code']);
    assert.match(res.body.errors[0].message, /not a port/);
    // The body's errors and the look-up's come in one answer.
    res = await as(importer, 'POST', '/v1/pre-confirmations', filing({ office_code: 'HQ', goods: [{ ...PHONES, unit: '' }] }));
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['goods[0].unit', 'office_code']);
  });

  test('only importers file', async () => {
    for (const who of [holder, port, hq]) {
      const res = await as(who, 'POST', '/v1/pre-confirmations', filing());
      assert.equal(res.status, 403);
    }
  });

  test('an officer of the port confirms: number, valid_until 90 days after the expected date, who and when', async () => {
    const p = await filed();
    const res = await decide(port, p.id, { outcome: 'confirm' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('etag'), '"2"');
    const c = res.body;
    assert.equal(c.status, 'confirmed');
    assert.match(c.number, new RegExp(`^PC${today().slice(0, 4)}-\\d{6}$`));
    assert.equal(c.valid_until, shiftDays(p.expected_on, 90));
    assert.ok(c.decided_at);
    assert.deepEqual(c.decided_by, { user_id: port.user.id, full_name: port.user.full_name });
    assert.equal(c.due_on, p.due_on, 'the deadline stays on record');
    assert.equal(c.working_days_left, null);
    assert.equal(c.overdue, false);
    assert.equal(c.version, 2);
    const other = await decide(port, (await filed()).id, { outcome: 'confirm', reason: 'Licence verified.' });
    assert.ok(other.body.number > c.number, 'numbers go up');
    assert.equal(other.body.reason, 'Licence verified.');
    const again = await decide(portB, p.id, { outcome: 'reject', reason: 'Too late.' });
    assert.equal(again.status, 409);
    assert.equal(again.body.current_status, 'confirmed');
  });

  test('rejection needs a reason; a decision on a decided request is 409', async () => {
    const p = await filed();
    let res = await decide(port, p.id, { outcome: 'reject' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['reason']);
    res = await decide(port, p.id, { outcome: 'maybe', note: 'x' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['note', 'outcome', 'reason']);
    res = await decide(port, p.id, { outcome: 'reject', reason: 'The licence does not cover these goods.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'rejected');
    assert.equal(res.body.reason, 'The licence does not cover these goods.');
    assert.equal(res.body.number, null);
    assert.equal(res.body.valid_until, null);
    assert.deepEqual(res.body.decided_by, { user_id: port.user.id, full_name: port.user.full_name });
    res = await decide(port, p.id, { outcome: 'confirm' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'rejected');
  });

  test('only the officers of the port it was filed with decide', async () => {
    const p = await filed();
    let res = await decide(port2, p.id, { outcome: 'confirm' });
    assert.equal(res.status, 404, 'another port does not see it');
    for (const who of [hq, importer, holder]) {
      res = await decide(who, p.id, { outcome: 'confirm' });
      assert.equal(res.status, 403);
    }
    res = await as(port, 'POST', `/v1/pre-confirmations/${p.id}/decision`, { outcome: 'confirm' }, { 'If-Match': '"7"' });
    assert.equal(res.status, 412);
    assert.equal((await get(importer, p.id)).body.status, 'submitted', 'untouched');
    res = await as(port, 'POST', `/v1/pre-confirmations/${p.id}/decision`, { outcome: 'confirm' }, { 'If-Match': '"1"' });
    assert.equal(res.status, 200);
  });

  test('two officers of the port deciding at the same moment: one wins, the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const p = await filed();
      const [a, b] = await Promise.all([
        decide(port, p.id, { outcome: 'confirm' }),
        decide(portB, p.id, { outcome: 'reject', reason: 'Not convinced.' }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} / ${b.text}`);
      const winner = a.status === 200 ? a : b;
      const loser = a.status === 200 ? b : a;
      assert.equal(loser.body.current_status, winner.body.status);
      const history = await as(hq, 'GET', `/v1/pre-confirmations/${p.id}/history`);
      assert.equal(history.body.items.filter((e) => ['confirmed', 'rejected'].includes(e.action)).length, 1);
    }
  });

  test('the importer withdraws before a decision, not after', async () => {
    const p = await filed();
    let res = await as(importer2, 'POST', `/v1/pre-confirmations/${p.id}/withdrawal`);
    assert.equal(res.status, 404, 'another importer does not see it');
    res = await as(port, 'POST', `/v1/pre-confirmations/${p.id}/withdrawal`);
    assert.equal(res.status, 403);
    res = await as(importer, 'POST', `/v1/pre-confirmations/${p.id}/withdrawal`, { reason: 'Shipment cancelled.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'withdrawn');
    assert.equal(res.body.reason, 'Shipment cancelled.');
    assert.equal(res.body.decided_by, null);
    assert.equal(res.body.working_days_left, null);
    res = await as(importer, 'POST', `/v1/pre-confirmations/${p.id}/withdrawal`);
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'withdrawn');
    res = await decide(port, p.id, { outcome: 'confirm' });
    assert.equal(res.status, 409);

    const c = await filed();
    assert.equal((await decide(port, c.id, { outcome: 'confirm' })).status, 200);
    res = await as(importer, 'POST', `/v1/pre-confirmations/${c.id}/withdrawal`);
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'confirmed');
    res = await as(importer, 'POST', `/v1/pre-confirmations/${c.id}/withdrawal`, { why: 'x' });
    assert.equal(res.status, 422);
  });

  test('an officer at the border looks a shipment up by its waybill number', async () => {
    const waybill = `176-${unique().toUpperCase()}`;
    const p = await filed(importer, filing({ transport_document: waybill }));
    await filed(importer2, filing({ office_code: 'CNSZX' }));
    for (const who of [port, hq]) {
      const items = await list(who, { transport_document: waybill.toLowerCase() });
      assert.deepEqual(items.map((x) => x.id), [p.id], 'without regard to case');
    }
    assert.deepEqual(await list(port2, { transport_document: waybill }), [], 'another port does not see it');
    assert.deepEqual((await list(hq, { transport_document: waybill, office_code: 'CNSHA', status: 'submitted' })).map((x) => x.id), [p.id]);
    assert.deepEqual(await list(hq, { transport_document: waybill, office_code: 'CNSZX' }), []);
    assert.deepEqual(await list(hq, { transport_document: waybill, status: 'confirmed' }), []);
    const res = await as(hq, 'GET', `/v1/pre-confirmations?status=lost&office_code=x&transport_document=${'9'.repeat(65)}&limit=0`);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['limit', 'office_code', 'status', 'transport_document']);
  });

  test('a confirmation past valid_until is expired: listed so, and no longer decidable', async () => {
    const p = await filed();
    const c = (await decide(port, p.id, { outcome: 'confirm' })).body;
    await sql(`UPDATE pre_confirmations SET valid_until = '${shiftDays(today(), -1)}' WHERE id = '${c.id}'`);
    const e = (await get(importer, c.id)).body;
    assert.equal(e.status, 'expired');
    assert.equal(e.number, c.number);
    assert.ok((await list(port, { status: 'expired' })).some((x) => x.id === c.id));
    assert.ok(!(await list(port, { status: 'confirmed' })).some((x) => x.id === c.id));
    const res = await decide(port, c.id, { outcome: 'reject', reason: 'x' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'expired');
    await sql(`UPDATE pre_confirmations SET valid_until = '${today()}' WHERE id = '${c.id}'`);
    assert.equal((await get(importer, c.id)).body.status, 'confirmed', 'valid_until is inclusive');
  });

  test('an overdue request is flagged with the working days it is late', async () => {
    const p = await filed();
    await sql(`UPDATE pre_confirmations SET due_on = '${shiftDays(today(), -10)}', received_on = '${shiftDays(today(), -20)}' WHERE id = '${p.id}'`);
    const r = (await get(port, p.id)).body;
    assert.equal(r.overdue, true);
    assert.ok(r.working_days_left < 0, String(r.working_days_left));
  });

  test('what each role sees: importer its own, port its office, headquarters all, holder its recordations', async () => {
    const mine = await filed(importer);
    const theirs = await filed(importer2, filing({ office_code: 'CNSZX' }));
    const otherRight = await filed(importer2, filing({ recordation_number: otherRecordation.number }));
    const sees = async (who, id) => (await get(who, id)).status === 200;
    const listed = async (who) => new Set((await list(who)).map((x) => x.id));

    assert.ok(await sees(importer, mine.id));
    assert.ok(!(await sees(importer, theirs.id)), 'another importer: 404');
    assert.equal((await get(importer, theirs.id)).status, 404);
    assert.equal((await as(importer, 'GET', `/v1/pre-confirmations/${theirs.id}/history`)).status, 404);
    let ids = await listed(importer);
    assert.ok(ids.has(mine.id) && !ids.has(theirs.id) && !ids.has(otherRight.id));
    assert.ok((await list(importer)).every((x) => x.importer.organization_id === importer.organization.id));

    assert.ok(await sees(port, mine.id));
    assert.ok(!(await sees(port, theirs.id)), 'another port: 404');
    ids = await listed(port);
    assert.ok(ids.has(mine.id) && ids.has(otherRight.id) && !ids.has(theirs.id));
    assert.ok((await list(port)).every((x) => x.office_code === 'CNSHA'));
    assert.ok((await listed(port2)).has(theirs.id));

    ids = await listed(hq);
    assert.ok(ids.has(mine.id) && ids.has(theirs.id) && ids.has(otherRight.id));
    for (const id of [mine.id, theirs.id, otherRight.id]) assert.ok(await sees(hq, id));

    assert.ok(await sees(holder, mine.id), 'names its recordation');
    assert.ok(await sees(holder, theirs.id), 'names its recordation, whoever filed it');
    assert.ok(!(await sees(holder, otherRight.id)));
    ids = await listed(holder);
    assert.ok(ids.has(mine.id) && ids.has(theirs.id) && !ids.has(otherRight.id));
    assert.ok((await list(holder)).every((x) => x.recordation_id !== otherRecordation.id));
    assert.ok(await sees(holder2, otherRight.id));
    assert.ok(!(await sees(holder2, mine.id)));
    // Read-only for the holder.
    assert.equal((await as(holder, 'POST', `/v1/pre-confirmations/${mine.id}/withdrawal`)).status, 403);
    assert.equal((await as(admin, 'GET', '/v1/pre-confirmations')).status, 403);

    const newest = (await list(importer)).map((x) => x.created_at);
    assert.deepEqual(newest, [...newest].sort().reverse(), 'importers: newest first');
  });

  test('the port officer\'s queue is ordered by due_on, and pages neither skip nor repeat while requests arrive', async () => {
    const waybill = `QUEUE${unique().toUpperCase()}`;
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await filed(importer, filing({ transport_document: waybill }))).id);
    for (let i = 0; i < 4; i++) {
      await sql(`UPDATE pre_confirmations SET due_on = '${await workingDaysAfter(today(), 4 - i)}' WHERE id = '${ids[i]}'`);
    }
    // A request arrives after the first page, with the latest deadline.
    const seen = await listIds(server, port.token, '/v1/pre-confirmations', { transport_document: waybill, limit: '1' },
      async (n) => { if (n === 1) ids.push((await filed(importer, filing({ transport_document: waybill }))).id); });
    assert.deepEqual(seen, [ids[3], ids[2], ids[1], ids[0], ids[4]]);
    const mine = await listIds(server, importer.token, '/v1/pre-confirmations', { transport_document: waybill, limit: '2' });
    assert.deepEqual(mine, [...ids].reverse(), 'the importer: newest first');
    const res = await as(port, 'GET', '/v1/pre-confirmations?cursor=bm90IGEgY3Vyc29y');
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['cursor']);
  });

  test('the history records who, when, from, to and why', async () => {
    const p = await filed();
    await decide(port, p.id, { outcome: 'reject', reason: 'Licence expired.' });
    const res = await as(holder, 'GET', `/v1/pre-confirmations/${p.id}/history`);
    assert.equal(res.status, 200, res.text);
    const [filedEvent, rejected] = res.body.items;
    assert.equal(res.body.items.length, 2);
    assert.equal(filedEvent.action, 'submitted');
    assert.equal(filedEvent.from_status, null);
    assert.equal(filedEvent.to_status, 'submitted');
    assert.equal(filedEvent.actor.user_id, importer.user.id);
    assert.equal(filedEvent.actor.role, 'importer');
    assert.deepEqual(filedEvent.details, { due_on: p.due_on });
    assert.equal(rejected.action, 'rejected');
    assert.equal(rejected.from_status, 'submitted');
    assert.equal(rejected.to_status, 'rejected');
    assert.equal(rejected.reason, 'Licence expired.');
    assert.equal(rejected.actor.user_id, port.user.id);
    assert.ok(rejected.at >= filedEvent.at);

    const c = await filed();
    const confirmed = (await decide(port, c.id, { outcome: 'confirm' })).body;
    const h = (await as(importer, 'GET', `/v1/pre-confirmations/${c.id}/history`)).body.items;
    assert.deepEqual(h[1].details, { number: confirmed.number, valid_until: confirmed.valid_until });
    assert.equal((await as(port2, 'GET', `/v1/pre-confirmations/${c.id}/history`)).status, 404);
  });
});

describe('pre-confirmation settings', async () => {
  const server = await startServer({ env: { IPR_PRE_CONFIRMATION_DUE_DAYS: '2', IPR_PRE_CONFIRMATION_VALID_DAYS: '30' } });
  const { hq, port, holder, importer } = await setupRegistry(server);
  test.after(() => server.stop());
  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });

  test('due_on and valid_until follow IPR_PRE_CONFIRMATION_DUE_DAYS and IPR_PRE_CONFIRMATION_VALID_DAYS', async () => {
    let res = await as(holder, 'POST', '/v1/recordations', {
      ipr_type: 'copyright', title: 'ACME manual', registration_number: '2026-A-1', registration_authority: 'NCAC',
      right_expires_on: shiftDays(today(), 3650), goods_scope: 'Printed manuals', licensing_status: 'not_licensed',
    });
    const id = res.body.id;
    await uploadDocument(server, holder, id, 'registration_certificate');
    await as(holder, 'POST', `/v1/recordations/${id}/submit`);
    const number = (await as(hq, 'POST', `/v1/recordations/${id}/decision`, { outcome: 'approve' })).body.number;
    const expected = shiftDays(today(), 3);
    res = await as(importer, 'POST', '/v1/pre-confirmations', {
      office_code: 'CNSHA', direction: 'export', recordation_number: number, goods: [PHONES], expected_on: expected,
    });
    assert.equal(res.status, 201, res.text);
    const start = today();
    const due = (await server.request('GET', `/v1/calendar/working-days?start=${start}&add=2`)).body.date;
    assert.equal(res.body.due_on, due);
    assert.equal(res.body.working_days_left, 2);
    res = await as(port, 'POST', `/v1/pre-confirmations/${res.body.id}/decision`, { outcome: 'confirm' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.valid_until, shiftDays(expected, 30));
  });
});
