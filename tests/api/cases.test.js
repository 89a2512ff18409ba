// Suspect-goods cases through the real server: a port officer opens a case against recordations
// of one holder (numbered per year, exact money in CNY, the guarantee and the fine limit of
// DOMAIN.md); the holder answers within 3 working days (detention or not infringing), or the
// goods are released without an answer (derived); detained goods are investigated within 30
// working days and found infringing (a fine of at most 30 %) or not; every transition is in the
// history; each role sees only what it may, and the holder sees the declarant only once it
// asked for detention; photos; the queue; the statistics in JSON and CSV.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, createOfficer, unique, fileApproved, sampleFile } from './lib/fixtures.js';
import { listIds } from './lib/paging.js';
import { today, shiftDays } from './lib/dates.js';
import { completeFiling } from './lib/filings.js';

const DECLARANT = { name: 'Shady Imports Ltd', registration_number: '91310000SHADY0001' };
const BAGS = { description: 'Handbags bearing ACME', hs_code: '420221', quantity: 1200, unit: 'pcs', declared_value: 18000, currency: 'USD' };

describe('suspect-goods cases', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { admin, hq, port, port2, holder, holder2, importer } = cast;
  const portB = await createOfficer(server, admin, 'CNSHA'); // a second officer of the same port
  test.after(() => server.stop());

  const sql = (text) => psql(server.databaseUrl, text);
  const as = (who, method, path, body, headers) => server.request(method, path, { token: who.token, body, headers });
  const workingDaysAfter = async (start, add) =>
    (await server.request('GET', `/v1/calendar/working-days?start=${start}&add=${add}`)).body.date;

  const approved = (who = holder, overrides = {}) =>
    fileApproved(server, who, hq, completeFiling({ title: `ACME ${unique()}`, ...overrides }));
  const recordation = await approved(holder);
  const patent = await approved(holder, { ipr_type: 'patent', classes: [], title: `ACME clasp ${unique()}` });
  const otherRecordation = await approved(holder2);

  function caseBody(overrides = {}) {
    return {
      recordations: [recordation.number],
      transport_document: `MAEU${unique().toUpperCase()}`,
      declarant: DECLARANT,
      consignor: { name: 'Guangzhou Bags Factory', country: 'CN', address: '9 Export Road' },
      consignee: { name: 'Shady Imports Ltd', country: 'CN' },
      goods: [BAGS],
      exchange_rates: [{ currency: 'USD', rate: 7.1 }],
      e_commerce: false,
      suspicion: 'Declarant not on the authorized-user list; the ACME logo is misspelt on the lining.',
      ...overrides,
    };
  }
  async function opened(body = caseBody(), who = port) {
    const res = await as(who, 'POST', '/v1/cases', body);
    assert.equal(res.status, 201, res.text);
    return res.body;
  }
  const get = (who, id) => as(who, 'GET', `/v1/cases/${id}`);
  const answer = (who, id, body) => as(who, 'POST', `/v1/cases/${id}/answer`, body);
  const decide = (who, id, body) => as(who, 'POST', `/v1/cases/${id}/decision`, body);
  const history = async (who, id) => (await as(who, 'GET', `/v1/cases/${id}/history`)).body.items;
  const list = async (who, query = {}) => {
    const res = await as(who, 'GET', `/v1/cases?${new URLSearchParams({ limit: '200', ...query })}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
  };
  async function detained(body = caseBody()) {
    const c = await opened(body);
    const res = await answer(holder, c.id, { answer: 'request_detention' });
    assert.equal(res.status, 200, res.text);
    return res.body;
  }
  // Moves a case's opening and answer deadline back so that the deadline was yesterday.
  async function deadlinePassed(id) {
    await sql(`UPDATE cases SET opened_on = '${shiftDays(today(), -10)}', response_due_on = '${shiftDays(today(), -1)}' WHERE id = '${id}'`);
  }

  test('a port officer opens a case: numbered, notified, the holder to answer within 3 working days', async () => {
    const c = await opened();
    assert.match(c.number, new RegExp(`^C${today().slice(0, 4)}-\\d{6}$`));
    assert.equal(c.status, 'notified');
    assert.equal(c.goods_status, 'suspended');
    assert.equal(c.office_code, 'CNSHA');
    assert.equal(c.holder.organization_id, holder.organization.id);
    assert.deepEqual(c.recordations.map((r) => r.number), [recordation.number]);
    assert.equal(c.recordations[0].ipr_type, 'trademark');
    assert.equal(c.opened_on, today());
    assert.equal(c.response_due_on, await workingDaysAfter(today(), 3));
    assert.equal(c.due_on, c.response_due_on);
    assert.equal(c.working_days_left, 3);
    assert.equal(c.overdue, false);
    assert.deepEqual(c.declarant, DECLARANT);
    assert.equal(c.parties_disclosed, true, 'the officer sees the parties');
    assert.equal(c.items, 1200);
    // USD 18,000 at 7.1: CNY 127,800.00; guarantee half of it; fine at most 30 %
    assert.equal(c.goods[0].declared_value_cny, 127800);
    assert.equal(c.declared_value_cny, 127800);
    assert.equal(c.guarantee_cny, 63900);
    assert.equal(c.fine_limit_cny, 38340);
    assert.equal(c.fine_cny, null);
    assert.deepEqual(c.exchange_rates, [{ currency: 'USD', rate: 7.1 }]);
    const h = await history(port, c.id);
    assert.equal(h.length, 1);
    assert.equal(h[0].action, 'opened');
    assert.equal(h[0].to_status, 'notified');
    assert.equal(h[0].actor.user_id, port.user.id);
    assert.deepEqual(h[0].details, { number: c.number, response_due_on: c.response_due_on });
  });

  test('amounts are exact decimals: as sent, converted at the recorded rate, rounded half up to the fen', async () => {
    const res = await as(port, 'POST', '/v1/cases', caseBody({
      goods: [
        { ...BAGS, declared_value: 0.1, currency: 'CNY' },
        { ...BAGS, declared_value: 1234.57, currency: 'EUR' },
        { ...BAGS, quantity: 0.5, declared_value: 0.05, currency: 'USD' },
      ],
      exchange_rates: [{ currency: 'USD', rate: 7.1 }, { currency: 'EUR', rate: 7.654321 }],
    }));
    assert.equal(res.status, 201, res.text);
    // 1234.57 * 7.654321 = 9449.79507697 -> 9449.80; 0.05 * 7.1 = 0.355 -> 0.36
    assert.match(res.text, /"declared_value": 0\.1,/);
    assert.match(res.text, /"declared_value_cny": 0\.10[,}]/);
    assert.match(res.text, /"declared_value_cny": 9449\.80[,}]/);
    assert.match(res.text, /"declared_value_cny": 0\.36[,}]/);
    assert.match(res.text, /"declared_value_cny": 9450\.26,/);
    assert.match(res.text, /"guarantee_cny": 9450\.26,/);
    assert.match(res.text, /"fine_limit_cny": 2835\.07,/); // 2835.078
    assert.match(res.text, /"items": 2400\.5,/);
    assert.match(res.text, /"exchange_rates": \[\{"rate": 7\.1, "currency": "USD"\}, \{"rate": 7\.654321, "currency": "EUR"\}\]/);
  });

  test('the guarantee at the edges of its bands: 19,999.99 / 20,000 / 200,000 / 200,000.01 CNY', async () => {
    const cases = [['19999.99', '19999.99'], ['20000', '20000.00'], ['200000', '100000.00'], ['200000.01', '100000.00'],
      ['40000.02', '20000.01'], ['50000.01', '25000.01']];
    for (const [value, guarantee] of cases) {
      const raw = JSON.stringify(caseBody({ goods: [{ ...BAGS, currency: 'CNY', declared_value: 0 }], exchange_rates: [] }))
        .replace('"declared_value":0', `"declared_value":${value}`);
      const res = await server.request('POST', '/v1/cases', { token: port.token, raw, headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 201, res.text);
      assert.match(res.text, new RegExp(`"guarantee_cny": ${guarantee.replace('.', '\\.')}[,}]`), `value ${value}`);
      assert.equal(res.body.declared_value_cny, Number(value));
    }
    // in another currency, at the recorded rate: USD 2,816.90 at 7.1 is CNY 19,999.99
    const usd = await opened(caseBody({ goods: [{ ...BAGS, declared_value: 2816.9 }] }));
    assert.equal(usd.declared_value_cny, 19999.99);
    assert.equal(usd.guarantee_cny, 19999.99);
  });

  test('the holder requests detention: detained, the investigation due in 30 working days, the parties disclosed', async () => {
    const c = await opened();
    const before = await get(holder, c.id);
    assert.equal(before.status, 200);
    assert.equal(before.body.parties_disclosed, false);
    assert.equal(before.body.declarant, null, 'never before detention is requested');
    assert.equal(before.body.consignor, null);
    assert.equal(before.body.consignee, null);
    assert.equal(before.body.guarantee_cny, 63900, 'the guarantee is shown before answering');
    const listed = (await list(holder)).find((x) => x.id === c.id);
    assert.equal(listed.declarant, null);
    assert.ok(!JSON.stringify(await history(holder, c.id)).includes(DECLARANT.registration_number));
    assert.ok(!(await get(holder, c.id)).text.includes(DECLARANT.name));

    const res = await answer(holder, c.id, { answer: 'request_detention', reason: 'No licence was ever granted to this consignor.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'detained');
    assert.equal(res.body.goods_status, 'detained');
    assert.equal(res.body.parties_disclosed, true);
    assert.deepEqual(res.body.declarant, DECLARANT);
    assert.equal(res.body.consignor.name, 'Guangzhou Bags Factory');
    assert.equal(res.body.answered_on, today());
    assert.equal(res.body.detained_on, today());
    assert.equal(res.body.investigation_due_on, await workingDaysAfter(today(), 30));
    assert.equal(res.body.due_on, res.body.investigation_due_on);
    assert.equal(res.body.working_days_left, 30);
    assert.equal((await get(holder, c.id)).body.declarant.registration_number, DECLARANT.registration_number);
    const h = await history(holder, c.id);
    const entry = h.find((e) => e.action === 'detention_requested');
    assert.equal(entry.from_status, 'notified');
    assert.equal(entry.to_status, 'detained');
    assert.equal(entry.reason, 'No licence was ever granted to this consignor.');
    assert.equal(entry.actor.user_id, holder.user.id);
    assert.deepEqual(entry.details, { guarantee_cny: 63900, investigation_due_on: res.body.investigation_due_on });
    // answered once
    assert.equal((await answer(holder, c.id, { answer: 'not_infringing' })).status, 409);
  });

  test('the holder says the goods do not infringe: released', async () => {
    const c = await opened();
    const res = await answer(holder, c.id, { answer: 'not_infringing', reason: 'Genuine goods from our Dongguan factory.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'not_infringing');
    assert.equal(res.body.goods_status, 'released');
    assert.equal(res.body.released_on, today());
    assert.equal(res.body.due_on, null);
    assert.equal(res.body.working_days_left, null);
    assert.equal(res.body.declarant, null, 'no detention asked: never disclosed');
    assert.equal((await history(port, c.id)).at(-1).action, 'answered_not_infringing');
    assert.equal((await decide(port, c.id, { outcome: 'not_confirmed', reason: 'x' })).status, 409);
  });

  test('no answer by the deadline: released (derived), and the holder can no longer answer', async () => {
    const c = await opened();
    await deadlinePassed(c.id);
    for (const who of [port, hq, holder]) {
      const res = await get(who, c.id);
      assert.equal(res.body.status, 'unanswered');
      assert.equal(res.body.goods_status, 'released');
      assert.equal(res.body.released_on, today());
      assert.equal(res.body.due_on, null);
      assert.equal(res.body.overdue, false);
    }
    assert.equal((await get(holder, c.id)).body.declarant, null);
    const res = await answer(holder, c.id, { answer: 'request_detention' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'unanswered');
    assert.ok((await list(port, { status: 'unanswered' })).some((x) => x.id === c.id));
    assert.ok(!(await list(port, { status: 'notified' })).some((x) => x.id === c.id));
    const photo = sampleFile('jpeg');
    const upload = await server.request('POST', `/v1/cases/${c.id}/documents?kind=goods_photo`,
      { token: port.token, raw: photo.bytes, headers: { 'content-type': photo.type } });
    assert.equal(upload.status, 409, 'the goods are released: no more photos');
    // the day of the deadline itself the holder may still answer
    const d = await opened();
    await sql(`UPDATE cases SET opened_on = '${shiftDays(today(), -5)}', response_due_on = '${today()}' WHERE id = '${d.id}'`);
    const onTime = await answer(holder, d.id, { answer: 'not_infringing' });
    assert.equal(onTime.status, 200, onTime.text);
    assert.equal((await get(port, d.id)).body.working_days_left, null);
  });

  test('both deadlines are counted in working days across a holiday', async () => {
    const responseBefore = await workingDaysAfter(today(), 3);
    const investigationBefore = await workingDaysAfter(today(), 30);
    const firstWorkingDay = await workingDaysAfter(today(), 1);
    const tenth = await workingDaysAfter(today(), 10);
    for (const date of [firstWorkingDay, tenth]) {
      const put = await as(admin, 'PUT', `/v1/calendar/${date}`, { kind: 'holiday', name: 'Test holiday' });
      assert.equal(put.status, 200, put.text);
    }
    try {
      const c = await opened();
      assert.equal(c.response_due_on, await workingDaysAfter(today(), 3));
      assert.ok(c.response_due_on > responseBefore, `${c.response_due_on} after ${responseBefore}: one day later`);
      assert.equal(c.working_days_left, 3);
      const d = await answer(holder, c.id, { answer: 'request_detention' });
      assert.equal(d.body.investigation_due_on, await workingDaysAfter(today(), 30));
      assert.ok(d.body.investigation_due_on > investigationBefore);
      assert.equal(d.body.working_days_left, 30);
    } finally {
      for (const date of [firstWorkingDay, tenth]) await as(admin, 'DELETE', `/v1/calendar/${date}`);
    }
  });

  test('the investigation: confirmed infringing with a fine of at most 30 %, or not confirmed', async () => {
    const c = await detained(caseBody({ goods: [{ ...BAGS, currency: 'CNY', declared_value: 100000 }], exchange_rates: [] }));
    assert.equal(c.fine_limit_cny, 30000);
    let res = await decide(port, c.id, { outcome: 'confirmed_infringing', fine: 30000.01, reason: 'Counterfeit.' });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['fine']);
    assert.match(res.body.errors[0].message, /30 %.*30000\.00/);
    assert.equal((await get(port, c.id)).body.status, 'detained', 'refused: nothing written');
    res = await decide(port, c.id, { outcome: 'confirmed_infringing', reason: 'x', fine: 10.001 });
    assert.equal(res.status, 422);
    res = await decide(port, c.id, { outcome: 'confirmed_infringing', fine: 30000, reason: 'Counterfeit labels confirmed by the holder.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'confirmed_infringing');
    assert.equal(res.body.goods_status, 'confiscated');
    assert.equal(res.body.fine_cny, 30000);
    assert.equal(res.body.decided_on, today());
    assert.equal(res.body.decided_by.user_id, port.user.id);
    assert.equal(res.body.due_on, null);
    const entry = (await history(hq, c.id)).at(-1);
    assert.equal(entry.action, 'confirmed_infringing');
    assert.deepEqual(entry.details, { fine_cny: 30000 });
    assert.equal(entry.reason, 'Counterfeit labels confirmed by the holder.');
    assert.equal((await decide(port, c.id, { outcome: 'not_confirmed', reason: 'x' })).status, 409);

    const d = await detained();
    res = await decide(port, d.id, { outcome: 'not_confirmed', fine: 1, reason: 'x' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['fine']);
    res = await decide(port, d.id, { outcome: 'not_confirmed' });
    assert.deepEqual(res.body.errors.map((e) => e.field), ['reason']);
    res = await decide(port, d.id, { outcome: 'not_confirmed', reason: 'The consignor holds a licence.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'not_confirmed');
    assert.equal(res.body.goods_status, 'released');
    assert.equal(res.body.released_on, today());
    assert.equal(res.body.fine_cny, null);
    // a fine without one: confirmed, none proposed
    const e = await detained();
    res = await decide(port, e.id, { outcome: 'confirmed_infringing', reason: 'Counterfeit.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.fine_cny, null);
  });

  test('customs decides only detained goods, only the case\'s office; the holder only answers', async () => {
    const c = await opened();
    let res = await decide(port, c.id, { outcome: 'confirmed_infringing', reason: 'Too early.' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'notified');
    assert.equal((await answer(holder2, c.id, { answer: 'request_detention' })).status, 404);
    assert.equal((await answer(port, c.id, { answer: 'request_detention' })).status, 403);
    assert.equal((await as(holder, 'POST', `/v1/cases/${c.id}/answer`, { answer: 'request_detention' }, { 'If-Match': '"9"' })).status, 412);
    await answer(holder, c.id, { answer: 'request_detention' });
    assert.equal((await decide(port2, c.id, { outcome: 'not_confirmed', reason: 'x' })).status, 404, 'another port');
    for (const who of [hq, holder]) assert.equal((await decide(who, c.id, { outcome: 'not_confirmed', reason: 'x' })).status, 403);
    res = await decide(portB, c.id, { outcome: 'not_confirmed', reason: 'A colleague of the same port decides.' });
    assert.equal(res.status, 200, res.text);
  });

  test('concurrent decisions: one wins, the other gets 409; concurrent answers likewise', async () => {
    for (let round = 0; round < 4; round++) {
      const c = await detained();
      const [a, b] = await Promise.all([
        decide(port, c.id, { outcome: 'confirmed_infringing', fine: 100, reason: 'Counterfeit.' }),
        decide(portB, c.id, { outcome: 'not_confirmed', reason: 'Genuine.' }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} / ${b.text}`);
      const winner = a.status === 200 ? a : b;
      const loser = a.status === 200 ? b : a;
      assert.equal(loser.body.current_status, winner.body.status);
      const decisions = (await history(hq, c.id)).filter((e) => ['confirmed_infringing', 'not_confirmed'].includes(e.action));
      assert.equal(decisions.length, 1);
    }
    const c = await opened();
    const answers = await Promise.all([
      answer(holder, c.id, { answer: 'request_detention' }),
      answer(holder, c.id, { answer: 'not_infringing' }),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
  });

  test('numbers: one sequence per year, no gaps and no duplicates when cases are opened at once', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      as(i % 2 ? port : portB, 'POST', '/v1/cases', caseBody())));
    for (const r of results) assert.equal(r.status, 201, r.text);
    const seq = results.map((r) => Number(r.body.number.slice(6))).sort((a, b) => a - b);
    assert.equal(new Set(seq).size, 12);
    assert.equal(seq[11] - seq[0], 11, `consecutive: ${seq}`);
    const max = await sql(`SELECT last_value FROM case_counters WHERE year = ${Number(today().slice(0, 4))}`);
    assert.equal(Number(max), seq[11]);
  });

  test('who sees what: the port its office\'s, headquarters all, a holder only cases naming its recordations', async () => {
    const mine = await opened();
    const other = await opened(caseBody({ recordations: [otherRecordation.number] }), port2);
    assert.equal(other.office_code, 'CNSZX');
    assert.equal(other.holder.organization_id, holder2.organization.id);
    assert.equal((await get(holder2, mine.id)).status, 404);
    assert.equal((await get(holder, other.id)).status, 404);
    assert.equal((await get(port2, mine.id)).status, 404);
    assert.equal((await get(port, other.id)).status, 404);
    assert.equal((await get(hq, mine.id)).status, 200);
    assert.equal((await get(hq, other.id)).status, 200);
    for (const path of ['history', 'documents']) {
      assert.equal((await as(holder2, 'GET', `/v1/cases/${mine.id}/${path}`)).status, 404);
      assert.equal((await as(port2, 'GET', `/v1/cases/${mine.id}/${path}`)).status, 404);
    }
    const holderList = await list(holder);
    assert.ok(holderList.some((x) => x.id === mine.id));
    assert.ok(holderList.every((x) => x.holder.organization_id === holder.organization.id));
    assert.ok((await list(holder2)).every((x) => x.holder.organization_id === holder2.organization.id));
    assert.ok((await list(port)).every((x) => x.office_code === 'CNSHA'));
    const all = await list(hq);
    assert.ok(all.some((x) => x.id === mine.id) && all.some((x) => x.id === other.id));
    assert.ok((await list(hq, { office_code: 'CNSZX' })).every((x) => x.office_code === 'CNSZX'));
    // the holder's view of its own detained case names the declarant; the other holder sees nothing of it
    await answer(holder, mine.id, { answer: 'request_detention' });
    assert.ok(!(await list(holder2)).some((x) => x.id === mine.id));
    for (const who of [importer, admin]) assert.equal((await get(who, mine.id)).status, 403);
  });

  test('what a case may name: existing recordations in force, all of one holder', async () => {
    let res = await as(port, 'POST', '/v1/cases', caseBody({ recordations: [recordation.number, otherRecordation.number] }));
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['recordations[1]']);
    res = await as(port, 'POST', '/v1/cases', caseBody({ recordations: ['T2020-999999', recordation.number] }));
    assert.deepEqual(res.body.errors.map((e) => e.field), ['recordations[0]']);
    const revoked = await approved(holder);
    await as(hq, 'POST', `/v1/recordations/${revoked.id}/revocation`, { reason: 'Right invalidated.' });
    res = await as(port, 'POST', '/v1/cases', caseBody({ recordations: [revoked.number] }));
    assert.equal(res.status, 422);
    assert.match(res.body.errors[0].message, /not in force/);
    // two rights of one holder: a trademark and a patent
    const both = await opened(caseBody({ recordations: [recordation.number, patent.number] }));
    assert.deepEqual(both.recordations.map((r) => r.ipr_type), ['trademark', 'patent']);
  });

  test('bad input names every bad field, and writes nothing', async () => {
    const count = await sql('SELECT count(*) FROM cases');
    const bad = async (body, fields) => {
      const res = await as(port, 'POST', '/v1/cases', body);
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(res.body.errors.map((e) => e.field).sort(), [...fields].sort(), res.text);
    };
    await bad(caseBody({ exchange_rates: [] }), ['exchange_rates']);
    const usd = { currency: 'USD', rate: 7.1 };
    await bad(caseBody({ exchange_rates: [usd, { currency: 'EUR', rate: 7.6 }] }), ['exchange_rates[1].currency']);
    await bad(caseBody({ exchange_rates: [{ currency: 'USD', rate: 0 }] }), ['exchange_rates[0].rate']);
    await bad(caseBody({ exchange_rates: [{ currency: 'USD', rate: 7.1234567 }] }), ['exchange_rates[0].rate']);
    await bad(caseBody({ exchange_rates: [usd, { currency: 'CNY', rate: 1 }] }), ['exchange_rates[1].currency']);
    await bad(caseBody({ exchange_rates: [usd, usd] }), ['exchange_rates[1].currency']);
    await bad(caseBody({ exchange_rates: [{ currency: 'usd', rate: 'x', extra: 1 }] }),
      ['exchange_rates', 'exchange_rates[0].currency', 'exchange_rates[0].rate', 'exchange_rates[0].extra']);
    await bad(caseBody({ goods: [{ ...BAGS, declared_value: 10.001 }] }), ['goods[0].declared_value']);
    await bad(caseBody({ goods: [{ ...BAGS, declared_value: -1 }] }), ['goods[0].declared_value']);
    await bad(caseBody({ goods: [{ ...BAGS, declared_value: '18000' }] }), ['goods[0].declared_value']);
    await bad(caseBody({ goods: [{ ...BAGS, hs_code: '42', currency: 'usd', extra: 1 }] }),
      ['goods[0].hs_code', 'goods[0].currency', 'goods[0].extra']);
    await bad(caseBody({ goods: [] }), ['goods']);
    await bad(caseBody({ declarant: { name: 'x' } }), ['declarant.registration_number']);
    await bad(caseBody({ consignor: { name: 'x', country: 'China' } }), ['consignor.country']);
    await bad(caseBody({ e_commerce: 'yes', suspicion: '', recordations: ['T2026-1'] }), ['e_commerce', 'suspicion', 'recordations[0]']);
    await bad(caseBody({ recordations: [recordation.number, recordation.number] }), ['recordations[1]']);
    const { declarant, goods, suspicion, ...rest } = caseBody();
    await bad(rest, ['declarant', 'goods', 'suspicion']);
    assert.equal(await sql('SELECT count(*) FROM cases'), count);
    const answerBad = await answer(holder, (await opened()).id, { answer: 'maybe', reason: '' });
    assert.deepEqual(answerBad.body.errors.map((e) => e.field).sort(), ['answer', 'reason']);
  });

  test('photos: the port attaches them while the goods are held; the holder sees them; stored once per office', async () => {
    const c = await opened();
    const photo = sampleFile('jpeg');
    const up = (who, id, kind = 'goods_photo', file = photo) => server.request('POST',
      `/v1/cases/${id}/documents?kind=${kind}&filename=lining.jpg`, { token: who.token, raw: file.bytes, headers: { 'content-type': file.type } });
    let res = await up(port, c.id);
    assert.equal(res.status, 201, res.text);
    const docId = res.body.id;
    assert.equal((await up(holder, c.id)).status, 403);
    assert.equal((await up(port2, c.id)).status, 404);
    assert.equal((await up(port, c.id, 'licence')).status, 422);
    const d = await opened();
    assert.equal((await up(portB, d.id)).status, 201, 'the same photo on another case of the office');
    assert.equal(await sql(`SELECT count(*) FROM document_contents WHERE sha256 = '${res.body.sha256}'`), '1');
    assert.equal(await sql(`SELECT count(*) FROM document_contents c JOIN customs_offices f ON f.id = c.office_id WHERE f.code = 'CNSHA' AND c.organization_id IS NULL AND c.sha256 = '${res.body.sha256}'`), '1');
    const docs = await as(holder, 'GET', `/v1/cases/${c.id}/documents`);
    assert.deepEqual(docs.body.items.map((x) => x.filename), ['lining.jpg']);
    const bytes = await as(holder, 'GET', `/v1/cases/${c.id}/documents/${docId}`);
    assert.equal(bytes.status, 200);
    assert.ok(Buffer.compare(bytes.bytes, photo.bytes) === 0);
    assert.equal((await history(holder, c.id)).at(-1).action, 'document_added');
    await answer(holder, c.id, { answer: 'not_infringing' });
    assert.equal((await up(port, c.id, 'packaging_photo', sampleFile('png'))).status, 409, 'closed');
    assert.equal((await as(port, 'DELETE', `/v1/cases/${c.id}/documents/${docId}`)).status, 409);
    res = await as(portB, 'DELETE', `/v1/cases/${d.id}/documents/${(await as(port, 'GET', `/v1/cases/${d.id}/documents`)).body.items[0].id}`);
    assert.equal(res.status, 204);
    assert.equal(await sql(`SELECT count(*) FROM document_contents WHERE sha256 = '${docs.body.items[0].sha256}'`), '1', 'still used by the first case');
  });

  test('the queue: by the deadline that runs, closed cases last; filters; pages neither skip nor repeat', async () => {
    const transport = `QUEUE${unique().toUpperCase()}`;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await opened(caseBody({ transport_document: `${transport}-${i}` }))).id);
    await sql(`UPDATE cases SET response_due_on = '${await workingDaysAfter(today(), 1)}' WHERE id = '${ids[2]}'`);
    const det = await detained(caseBody({ transport_document: `${transport}-3` }));
    await sql(`UPDATE cases SET detained_on = '${shiftDays(today(), -60)}', investigation_due_on = '${shiftDays(today(), -2)}' WHERE id = '${det.id}'`);
    const overdue = await get(port, det.id);
    assert.equal(overdue.body.overdue, true);
    assert.ok(overdue.body.working_days_left < 0);
    const queue = await list(port);
    const due = queue.map((x) => x.due_on ?? '9999-12-31');
    assert.deepEqual([...due].sort(), due, 'ordered by due_on, closed last');
    assert.equal(queue[0].id, det.id, 'the overdue investigation first');
    assert.ok((await list(port, { overdue: 'true' })).every((x) => x.overdue));
    assert.ok((await list(port, { overdue: 'true' })).some((x) => x.id === det.id));
    assert.ok(!(await list(port, { overdue: 'false' })).some((x) => x.id === det.id));
    const found = await list(port, { transport_document: `${transport}-1`.toLowerCase() });
    assert.deepEqual(found.map((x) => x.id), [ids[1]]);
    assert.ok((await list(port, { status: 'detained' })).every((x) => x.status === 'detained'));
    const paged = await listIds(server, port.token, '/v1/cases', { limit: '3' });
    assert.equal(new Set(paged).size, paged.length);
    assert.deepEqual(paged, (await list(port)).map((x) => x.id));
    const res = await as(port, 'GET', '/v1/cases?status=released&overdue=maybe&office_code=x');
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['office_code', 'overdue', 'status']);
  });

  test('statistics: cases, items and value by office, right type, month and outcome, with the e-commerce share; CSV', async () => {
    const res = await as(hq, 'GET', '/v1/cases/statistics');
    assert.equal(res.status, 200, res.text);
    const s = res.body;
    const count = Number(await sql('SELECT count(*) FROM cases'));
    assert.equal(s.total.cases, count);
    assert.equal(s.currency, 'CNY');
    assert.equal(s.by_office.reduce((n, g) => n + g.cases, 0), count);
    assert.equal(s.by_month.reduce((n, g) => n + g.cases, 0), count);
    assert.equal(s.by_outcome.reduce((n, g) => n + g.cases, 0), count);
    assert.equal(s.by_office.find((g) => g.key === 'CNSHA').name, 'Shanghai Customs');
    assert.ok(s.by_ipr_type.some((g) => g.key === 'patent'));
    assert.equal(s.by_month[s.by_month.length - 1].key, today().slice(0, 7));
    const value = await sql('SELECT sum(declared_value_cny) FROM cases');
    assert.match(res.text, new RegExp(`"total": \\{"cases": ${count}, "items": [0-9.]+, "e_commerce_cases": \\d+, "e_commerce_share": [0-9.]+, "declared_value_cny": ${value.replace('.', '\\.')}\\}`));
    // e-commerce: in a period with two cases, one of them e-commerce
    const day = shiftDays(today(), -400);
    const a = await opened(caseBody({ e_commerce: true }));
    const b = await opened();
    await sql(`UPDATE cases SET opened_on = '${day}', response_due_on = '${shiftDays(day, 5)}' WHERE id IN ('${a.id}', '${b.id}')`);
    const period = await as(admin, 'GET', `/v1/cases/statistics?from=${day}&to=${day}&office_code=CNSHA`);
    assert.equal(period.status, 200, period.text);
    assert.deepEqual(period.body.total, { cases: 2, items: 2400, declared_value_cny: 255600, e_commerce_cases: 1, e_commerce_share: 0.5 });
    assert.deepEqual(period.body.by_outcome.map((g) => [g.key, g.cases]), [['unanswered', 2]]);
    assert.deepEqual(period.body.by_month.map((g) => g.key), [day.slice(0, 7)]);
    const empty = await as(hq, 'GET', '/v1/cases/statistics?from=2001-01-01&to=2001-12-31');
    assert.deepEqual(empty.body.total, { cases: 0, items: 0, declared_value_cny: 0, e_commerce_cases: 0, e_commerce_share: 0 });
    assert.deepEqual(empty.body.by_office, []);

    const csv = await as(hq, 'GET', `/v1/cases/statistics?from=${day}&to=${day}`, undefined, { accept: 'text/csv' });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="case-statistics\.csv"/);
    const lines = csv.text.trim().split('\r\n');
    assert.equal(lines[0], 'dimension,key,name,cases,items,declared_value_cny,e_commerce_cases,e_commerce_share');
    assert.equal(lines[1], 'total,,,2,2400,255600.00,1,0.5000');
    assert.ok(lines.includes('office,CNSHA,Shanghai Customs,2,2400,255600.00,1,0.5000'), csv.text);
    assert.ok(lines.includes(`month,${day.slice(0, 7)},,2,2400,255600.00,1,0.5000`));
    const wrong = await as(hq, 'GET', '/v1/cases/statistics?from=2026-02-01&to=2026-01-01');
    assert.deepEqual(wrong.body.errors.map((e) => e.field), ['to']);
    for (const who of [port, holder, importer]) assert.equal((await as(who, 'GET', '/v1/cases/statistics')).status, 403);
  });
});

describe('case deadlines follow their settings', async () => {
  const server = await startServer({ env: { IPR_CASE_RESPONSE_DAYS: '5', IPR_CASE_INVESTIGATION_DAYS: '10' } });
  const { hq, port, holder } = await setupRegistry(server);
  test.after(() => server.stop());
  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });
  const workingDaysAfter = async (start, add) =>
    (await server.request('GET', `/v1/calendar/working-days?start=${start}&add=${add}`)).body.date;

  test('IPR_CASE_RESPONSE_DAYS and IPR_CASE_INVESTIGATION_DAYS', async () => {
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
    let res = await as(port, 'POST', '/v1/cases', {
      recordations: [r.number], transport_document: 'X1', declarant: DECLARANT, suspicion: 'Look-alike mark.',
      goods: [{ ...BAGS, currency: 'CNY' }],
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.response_due_on, await workingDaysAfter(today(), 5));
    assert.equal(res.body.e_commerce, false);
    assert.equal(res.body.consignor, null);
    res = await as(holder, 'POST', `/v1/cases/${res.body.id}/answer`, { answer: 'request_detention' });
    assert.equal(res.body.investigation_due_on, await workingDaysAfter(today(), 10));
  });
});
