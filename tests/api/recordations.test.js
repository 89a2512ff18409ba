// The whole life of a recordation through the real server: draft, validation, submit, the
// review queue, information requests that stop the clock, rejection and resubmission,
// approval with a number and a validity, renewal, revocation, cancellation, history,
// privacy between holders, the public register, and two officers deciding at once.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, uploadDocument, fileDraft, fileSubmitted, fileApproved } from './lib/fixtures.js';
import { today, shiftDays, shiftYears } from './lib/dates.js';
import { completeFiling } from './lib/filings.js';

describe('recordations', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { admin, hq, hq2, port, holder, holder2, importer } = cast;
  test.after(() => server.stop());

  const sql = (text) => psql(server.databaseUrl, text);
  const as = (who, method, path, body, headers) =>
    server.request(method, path, { token: who.token, body, headers });
  const workingDaysAfter = async (start, add) =>
    (await server.request('GET', `/v1/calendar/working-days?start=${start}&add=${add}`)).body.date;

  const draft = (who = holder, body = undefined) => fileDraft(server, who, body);
  const submitted = (who = holder, body = undefined) => fileSubmitted(server, who, body);
  const approved = (body = undefined) => fileApproved(server, holder, hq, body);
  const get = (who, id) => as(who, 'GET', `/v1/recordations/${id}`);

  test('a holder creates a draft, sees it, and edits it with If-Match', async () => {
    const created = await as(holder, 'POST', '/v1/recordations', { ipr_type: 'trademark', title: 'ACME' });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('etag'), '"1"');
    const r = created.body;
    assert.equal(r.status, 'draft');
    assert.equal(r.version, 1);
    assert.equal(r.holder.organization_id, holder.organization.id);
    assert.equal(r.holder.name, holder.organization.name);
    assert.deepEqual([r.classes, r.hs_codes, r.main_ports], [[], [], []]);
    assert.equal(r.due_on, null);
    assert.equal(r.working_days_left, null);
    assert.equal(r.overdue, false);

    const read = await get(holder, r.id);
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('etag'), '"1"');

    let res = await as(holder, 'PATCH', `/v1/recordations/${r.id}`, { goods_scope: 'Phones' });
    assert.equal(res.status, 428);
    res = await as(holder, 'PATCH', `/v1/recordations/${r.id}`, { goods_scope: 'Phones', classes: [25, 9] },
      { 'If-Match': '"1"' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.version, 2);
    assert.equal(res.headers.get('etag'), '"2"');
    assert.equal(res.body.goods_scope, 'Phones');
    assert.deepEqual(res.body.classes, [9, 25]);
    res = await as(holder, 'PATCH', `/v1/recordations/${r.id}`, { goods_scope: null }, { 'If-Match': '"1"' });
    assert.equal(res.status, 412, 'stale version');
    res = await as(holder, 'PATCH', `/v1/recordations/${r.id}`, { goods_scope: null, classes: [] },
      { 'If-Match': '"2"' });
    assert.equal(res.status, 200);
    assert.equal(res.body.goods_scope, null, 'null clears');
    assert.deepEqual(res.body.classes, []);
    res = await as(holder, 'PATCH', `/v1/recordations/${r.id}`, { ipr_type: 'copyright', classes: [3] },
      { 'If-Match': '"3"' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['classes']);
  });

  test('every bad field is named', async () => {
    const res = await as(holder, 'POST', '/v1/recordations', {
      ipr_type: 'design',
      title: '',
      registration_number: 'x'.repeat(65),
      right_expires_on: '2031-02-30',
      classes: [0, 46, 'nine'],
      hs_codes: ['12', '851713', '851713'],
      licensing_status: 'maybe',
      genuine_manufacturers: [{ name: 'Ok Ltd', country: 'china' }, { address: 'no name' }],
      main_ports: ['CNSHA', 'CNSHA'],
      known_infringers: 'all of them',
      colour: 'red',
    });
    assert.equal(res.status, 422);
    const fields = res.body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, [
      'classes[0]', 'classes[1]', 'classes[2]', 'colour', 'genuine_manufacturers[0].country',
      'genuine_manufacturers[1].name', 'hs_codes[0]', 'hs_codes[2]', 'ipr_type', 'known_infringers',
      'licensing_status', 'main_ports[1]', 'registration_number', 'right_expires_on', 'title',
    ]);
    const copyright = await as(holder, 'POST', '/v1/recordations', { ipr_type: 'copyright', title: 'Song', classes: [9] });
    assert.equal(copyright.status, 422);
    assert.deepEqual(copyright.body.errors.map((e) => e.field), ['classes']);
  });

  test('a submit that lacks what a filing needs lists everything missing', async () => {
    const d = await draft(holder, { ipr_type: 'trademark', title: 'Incomplete' });
    let res = await as(holder, 'POST', `/v1/recordations/${d.id}/submit`);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), [
      'classes', 'documents.registration_certificate', 'goods_scope', 'licensing_status', 'registration_authority',
      'registration_number', 'right_expires_on',
    ]);
    assert.ok(res.body.errors.every((e) => e.message === 'required to submit'));
    const patched = await as(holder, 'PATCH', `/v1/recordations/${d.id}`,
      { ...completeFiling(), right_expires_on: shiftDays(today(), -1) }, { 'If-Match': '"1"' });
    assert.equal(patched.status, 200);
    res = await as(holder, 'POST', `/v1/recordations/${d.id}/submit`);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors, [
      { field: 'right_expires_on', message: 'must be in the future' },
      { field: 'documents.registration_certificate', message: 'required to submit' },
      { field: 'documents.licence', message: 'required to submit' },
    ], 'a licensed right needs its licence too');
    await uploadDocument(server, holder, d.id, 'registration_certificate');
    await uploadDocument(server, holder, d.id, 'licence');
    res = await as(holder, 'POST', `/v1/recordations/${d.id}/submit`);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors, [{ field: 'right_expires_on', message: 'must be in the future' }]);
    assert.equal((await get(holder, d.id)).body.status, 'draft', 'nothing changed');
  });

  test('submitting sets due_on 30 working days after receipt; editing then is refused', async () => {
    const s = await submitted();
    assert.equal(s.status, 'submitted');
    assert.equal(s.received_on, today());
    assert.equal(s.due_on, await workingDaysAfter(today(), 30));
    assert.equal(s.working_days_left, 30);
    assert.equal(s.overdue, false);
    assert.ok(s.submitted_at);
    const res = await as(holder, 'PATCH', `/v1/recordations/${s.id}`, { title: 'Changed' }, { 'If-Match': `"${s.version}"` });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'submitted');
    const again = await as(holder, 'POST', `/v1/recordations/${s.id}/submit`);
    assert.equal(again.status, 409);
    assert.equal(again.body.current_status, 'submitted');
  });

  test('an information request stops the clock; the answer resumes it with the days that were left', async () => {
    const s = await submitted();
    // Pretend the filing has been waiting: 7 working days are left.
    const due = await workingDaysAfter(today(), 7);
    await sql(`UPDATE recordations SET due_on = '${due}' WHERE id = '${s.id}'`);
    let res = await as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'request_information' });
    assert.equal(res.status, 422, 'a reason is required');
    assert.deepEqual(res.body.errors.map((e) => e.field), ['reason']);
    res = await as(hq, 'POST', `/v1/recordations/${s.id}/decision`,
      { outcome: 'request_information', reason: 'Please attach the licence contract.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'information_requested');
    assert.equal(res.body.paused_working_days_left, 7);
    assert.equal(res.body.due_on, null);
    assert.equal(res.body.working_days_left, null);
    assert.equal(res.body.last_reason, 'Please attach the licence contract.');

    res = await as(holder, 'PATCH', `/v1/recordations/${s.id}`, { description: 'Licence attached.' },
      { 'If-Match': `"${res.body.version}"` });
    assert.equal(res.status, 200, 'the holder may amend while information is requested');
    res = await as(holder, 'POST', `/v1/recordations/${s.id}/submit`, { note: 'The licence is attached.' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'submitted');
    assert.equal(res.body.paused_working_days_left, null);
    assert.equal(res.body.due_on, due, 'the clock resumed with 7 working days');
    assert.equal(res.body.working_days_left, 7);
  });

  test('a rejected filing is amended and submitted again with a new 30-working-day clock', async () => {
    const s = await submitted();
    await sql(`UPDATE recordations SET due_on = '${await workingDaysAfter(today(), 3)}' WHERE id = '${s.id}'`);
    let res = await as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'reject', reason: 'Wrong owner.' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'rejected');
    assert.equal(res.body.last_reason, 'Wrong owner.');
    assert.equal(res.body.due_on, null);
    res = await as(holder, 'PATCH', `/v1/recordations/${s.id}`, { registration_number: '87654321' },
      { 'If-Match': `"${res.body.version}"` });
    assert.equal(res.status, 200);
    res = await as(holder, 'POST', `/v1/recordations/${s.id}/submit`);
    assert.equal(res.status, 200);
    assert.equal(res.body.due_on, await workingDaysAfter(today(), 30));
    assert.equal(res.body.working_days_left, 30);
  });

  test('approval assigns a number and validity: ten years, capped at the right, never for an expired right', async () => {
    const a = await approved();
    assert.equal(a.status, 'approved');
    assert.match(a.number, new RegExp(`^T${today().slice(0, 4)}-\\d{6}$`));
    assert.equal(a.valid_from, today());
    assert.equal(a.valid_until, shiftDays(shiftYears(today(), 10), -1));
    assert.equal(a.due_on, null);
    assert.equal(a.overdue, false);

    const capped = await approved(completeFiling({ ipr_type: 'patent', classes: null, right_expires_on: shiftYears(today(), 3) }));
    assert.match(capped.number, /^P\d{4}-\d{6}$/);
    assert.equal(capped.valid_until, shiftYears(today(), 3));

    const other = await approved(completeFiling());
    assert.notEqual(other.number, a.number);
    assert.ok(other.number > a.number, 'numbers go up');

    const s = await submitted();
    await sql(`UPDATE recordations SET right_expires_on = '${shiftDays(today(), -1)}' WHERE id = '${s.id}'`);
    const res = await as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'approve' });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['right_expires_on']);
    assert.equal((await get(hq, s.id)).body.status, 'submitted');
  });

  test('only headquarters officers decide, only from submitted', async () => {
    const s = await submitted();
    let res = await as(port, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'approve' });
    assert.equal(res.status, 403);
    res = await as(holder, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'approve' });
    assert.equal(res.status, 403);
    const d = await draft();
    res = await as(hq, 'POST', `/v1/recordations/${d.id}/decision`, { outcome: 'approve' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'draft');
    res = await as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'maybe', extra: true });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['extra', 'outcome', 'reason']);
  });

  test('two officers deciding the same filing at the same moment: one wins, the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const s = await submitted();
      const [a, b] = await Promise.all([
        as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'approve' }),
        as(hq2, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'reject', reason: 'Not convinced.' }),
      ]);
      const statuses = [a.status, b.status].sort();
      assert.deepEqual(statuses, [200, 409], `${a.text} / ${b.text}`);
      const winner = a.status === 200 ? a : b;
      const loser = a.status === 200 ? b : a;
      assert.equal(loser.body.current_status, winner.body.status);
      const history = await as(hq, 'GET', `/v1/recordations/${s.id}/history`);
      assert.equal(history.body.items.filter((e) => ['approved', 'rejected'].includes(e.action)).length, 1);
    }
  });

  test('the officers\' queue is ordered by due_on, and pages neither skip nor repeat while filings arrive', async () => {
    const marker = `Queue ${Date.now()}`;
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await submitted(holder, completeFiling({ title: `${marker} ${i}` }))).id);
    // Deadlines in reverse order of filing.
    for (let i = 0; i < 4; i++) {
      await sql(`UPDATE recordations SET due_on = '${await workingDaysAfter(today(), 20 - i * 5)}' WHERE id = '${ids[i]}'`);
    }
    const seen = [];
    let cursor = null;
    let first = true;
    do {
      const qs = new URLSearchParams({ q: marker, limit: '1', ...(cursor ? { cursor } : {}) });
      const res = await as(hq, 'GET', `/v1/recordations?${qs}`);
      assert.equal(res.status, 200, res.text);
      seen.push(...res.body.items.map((r) => r.id));
      cursor = res.body.next_cursor;
      if (first) { // a filing arrives meanwhile, with the latest deadline
        first = false;
        ids.push((await submitted(holder, completeFiling({ title: `${marker} late` }))).id);
      }
    } while (cursor);
    assert.deepEqual(seen, [ids[3], ids[2], ids[1], ids[0], ids[4]]);
    const dues = [];
    for (const id of seen) dues.push((await get(hq, id)).body.due_on);
    assert.deepEqual(dues, [...dues].sort());
  });

  test('overdue filings are flagged and filtered', async () => {
    const s = await submitted(holder, completeFiling({ title: `Overdue ${Date.now()}` }));
    const due = shiftDays(today(), -10);
    await sql(`UPDATE recordations SET due_on = '${due}' WHERE id = '${s.id}'`);
    const r = (await get(hq, s.id)).body;
    assert.equal(r.overdue, true);
    assert.ok(r.working_days_left < 0, String(r.working_days_left));
    const list = await as(hq, 'GET', '/v1/recordations?overdue=true&limit=200');
    assert.ok(list.body.items.some((x) => x.id === s.id));
    assert.ok(list.body.items.every((x) => x.overdue || x.renewal?.overdue));
    const notOverdue = await as(hq, 'GET', `/v1/recordations?overdue=false&q=${encodeURIComponent(r.title)}`);
    assert.equal(notOverdue.body.items.length, 0);
  });

  test('listing: filters by status, type and text; holders see only their own', async () => {
    const title = `Zebra Sneakers ${Date.now()}`;
    const mine = await draft(holder, completeFiling({ title }));
    const theirs = await draft(holder2, completeFiling({ title: `${title} copy`, ipr_type: 'copyright', classes: null }));
    let res = await as(hq, 'GET', `/v1/recordations?q=${encodeURIComponent(title.toLowerCase())}`);
    assert.deepEqual(res.body.items.map((r) => r.id).sort(), [mine.id, theirs.id].sort());
    res = await as(hq, 'GET', `/v1/recordations?q=${encodeURIComponent(title)}&ipr_type=copyright`);
    assert.deepEqual(res.body.items.map((r) => r.id), [theirs.id]);
    res = await as(port, 'GET', `/v1/recordations?q=${encodeURIComponent(holder2.organization.name)}&status=draft`);
    assert.ok(res.body.items.some((r) => r.id === theirs.id), 'search by holder name');
    res = await as(hq, 'GET', '/v1/recordations?q=100%25');
    assert.equal(res.status, 200, 'LIKE wildcards are taken literally');

    res = await as(holder, 'GET', '/v1/recordations?limit=200');
    assert.ok(res.body.items.every((r) => r.holder.organization_id === holder.organization.id));
    assert.ok(res.body.items.some((r) => r.id === mine.id));
    const created = res.body.items.map((r) => r.created_at);
    assert.deepEqual(created, [...created].sort().reverse(), 'newest first');

    res = await as(holder, 'GET', '/v1/recordations?status=sleeping&overdue=maybe&limit=0');
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['limit', 'overdue', 'status']);
    res = await as(importer, 'GET', '/v1/recordations');
    assert.equal(res.status, 403);
  });

  test('two holders cannot see or touch each other\'s filings', async () => {
    const d = await draft(holder);
    for (const [method, path, body] of [
      ['GET', `/v1/recordations/${d.id}`],
      ['GET', `/v1/recordations/${d.id}/history`],
      ['PATCH', `/v1/recordations/${d.id}`, { title: 'Mine now' }],
      ['POST', `/v1/recordations/${d.id}/submit`],
      ['POST', `/v1/recordations/${d.id}/withdrawal`],
    ]) {
      const res = await as(holder2, method, path, body, method === 'PATCH' ? { 'If-Match': '"1"' } : undefined);
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    const list = await as(holder2, 'GET', '/v1/recordations?limit=200');
    assert.ok(!list.body.items.some((r) => r.id === d.id));
    assert.equal((await get(holder, d.id)).body.version, 1, 'untouched');
    assert.equal((await get(hq, '00000000-0000-4000-8000-000000000000')).status, 404);
  });

  test('withdrawal before a decision only', async () => {
    const s = await submitted();
    let res = await as(holder, 'POST', `/v1/recordations/${s.id}/withdrawal`, { reason: 'Filed by mistake.' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'withdrawn');
    assert.equal(res.body.due_on, null);
    res = await as(holder, 'POST', `/v1/recordations/${s.id}/withdrawal`);
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'withdrawn');
    const a = await approved();
    res = await as(holder, 'POST', `/v1/recordations/${a.id}/withdrawal`);
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'approved');
  });

  test('renewal: refused too early, accepted in the 6 months before valid_until, extends validity', async () => {
    const a = await approved();
    let res = await as(holder, 'POST', `/v1/recordations/${a.id}/renewal`);
    assert.equal(res.status, 409);
    assert.equal(res.body.type, 'urn:iprd:problem:renewal-window');
    assert.equal(res.body.current_status, 'approved');

    const until = shiftDays(today(), 60);
    await sql(`UPDATE recordations SET valid_until = '${until}' WHERE id = '${a.id}'`);
    const newExpiry = shiftYears(today(), 30);
    res = await as(holder, 'POST', `/v1/recordations/${a.id}/renewal`, { note: 'Please renew.', right_expires_on: newExpiry });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'approved');
    assert.equal(res.body.renewal.status, 'submitted');
    assert.equal(res.body.renewal.due_on, await workingDaysAfter(today(), 10));
    assert.equal(res.body.renewal.working_days_left, 10);
    assert.equal(res.body.renewal.right_expires_on, newExpiry);
    res = await as(holder, 'POST', `/v1/recordations/${a.id}/renewal`);
    assert.equal(res.status, 409);
    assert.equal(res.body.type, 'urn:iprd:problem:renewal-pending');

    // Still valid while the renewal is reviewed, even past valid_until.
    await sql(`UPDATE recordations SET valid_until = '${shiftDays(today(), -1)}', valid_from = '${shiftDays(today(), -400)}' WHERE id = '${a.id}'`);
    res = await get(holder, a.id);
    assert.equal(res.body.status, 'approved');
    const register = await server.request('GET', `/v1/register?q=${a.number}`);
    assert.equal(register.body.items.length, 1);

    res = await as(hq, 'POST', `/v1/recordations/${a.id}/renewal/decision`, { outcome: 'approve' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.renewal.status, 'approved');
    assert.equal(res.body.renewal.working_days_left, null);
    assert.ok(res.body.renewal.decided_at);
    assert.equal(res.body.valid_until, shiftDays(shiftYears(today(), 10), -1));
    assert.equal(res.body.right_expires_on, newExpiry);
    res = await as(hq, 'POST', `/v1/recordations/${a.id}/renewal/decision`, { outcome: 'approve' });
    assert.equal(res.status, 409);
  });

  test('a recordation past valid_until is expired everywhere, never approved', async () => {
    const a = await approved();
    await sql(`UPDATE recordations SET valid_from = '${shiftDays(today(), -400)}', valid_until = '${shiftDays(today(), -1)}' WHERE id = '${a.id}'`);
    const r = await get(holder, a.id);
    assert.equal(r.body.status, 'expired');
    let list = await as(hq, 'GET', `/v1/recordations?status=expired&q=${a.number}`);
    assert.deepEqual(list.body.items.map((x) => x.id), [a.id]);
    list = await as(hq, 'GET', `/v1/recordations?status=approved&q=${a.number}`);
    assert.equal(list.body.items.length, 0);
    const register = await server.request('GET', `/v1/register?q=${a.number}`);
    assert.equal(register.body.items.length, 0);
    const res = await as(hq, 'POST', `/v1/recordations/${a.id}/revocation`, { reason: 'Too late.' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'expired');
    const renew = await as(holder, 'POST', `/v1/recordations/${a.id}/renewal`);
    assert.equal(renew.status, 409);
  });

  test('revocation by headquarters and cancellation by the holder, each with a reason', async () => {
    const a = await approved();
    let res = await as(hq, 'POST', `/v1/recordations/${a.id}/revocation`, {});
    assert.equal(res.status, 422);
    res = await as(holder, 'POST', `/v1/recordations/${a.id}/revocation`, { reason: 'x' });
    assert.equal(res.status, 403);
    res = await as(hq, 'POST', `/v1/recordations/${a.id}/revocation`, { reason: 'Registration invalidated.' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'revoked');
    assert.equal(res.body.last_reason, 'Registration invalidated.');
    assert.equal(res.body.number, a.number, 'the number stays');
    res = await as(holder, 'POST', `/v1/recordations/${a.id}/cancellation`, { reason: 'Assigned.' });
    assert.equal(res.status, 409);
    assert.equal(res.body.current_status, 'revoked');

    const b = await approved();
    res = await as(holder, 'POST', `/v1/recordations/${b.id}/cancellation`, { reason: 'The trademark was assigned.' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'cancelled');
    const register = await server.request('GET', `/v1/register?q=${b.number}`);
    assert.equal(register.body.items.length, 0);
  });

  test('the history records who, when, from, to and why', async () => {
    const s = await submitted();
    await as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'reject', reason: 'Blurry certificate.' });
    await as(holder, 'POST', `/v1/recordations/${s.id}/submit`);
    const a = await as(hq, 'POST', `/v1/recordations/${s.id}/decision`, { outcome: 'approve' });
    const res = await as(holder, 'GET', `/v1/recordations/${s.id}/history`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.slice(1, 3).map((e) => [e.action, e.details.kind]),
      [['document_added', 'registration_certificate'], ['document_added', 'licence']]);
    const items = res.body.items.filter((e) => e.action !== 'document_added');
    assert.deepEqual(items.map((e) => [e.action, e.from_status, e.to_status]), [
      ['created', null, 'draft'],
      ['submitted', 'draft', 'submitted'],
      ['rejected', 'submitted', 'rejected'],
      ['submitted', 'rejected', 'submitted'],
      ['approved', 'submitted', 'approved'],
    ]);
    assert.equal(items[2].reason, 'Blurry certificate.');
    assert.equal(items[2].actor.user_id, hq.user.id);
    assert.equal(items[2].actor.role, 'hq_officer');
    assert.equal(items[1].actor.user_id, holder.user.id);
    assert.deepEqual(items[4].details, { number: a.body.number });
    const times = items.map((e) => e.at);
    assert.deepEqual(times, [...times].sort());
    assert.equal((await as(port, 'GET', `/v1/recordations/${s.id}/history`)).status, 200, 'officers read it too');
  });

  test('the public register: approved and valid recordations, public fields only, no login', async () => {
    const title = `Register ${Date.now()}`;
    const a = await approved(completeFiling({ title, classes: [14], hs_codes: ['910211'] }));
    await submitted(holder, completeFiling({ title: `${title} pending` }));
    let res = await server.request('GET', `/v1/register?q=${encodeURIComponent(title)}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 1);
    const item = res.body.items[0];
    assert.deepEqual(Object.keys(item).sort(), ['classes', 'goods_scope', 'holder_name', 'hs_codes', 'ipr_type',
      'number', 'title', 'valid_from', 'valid_until']);
    assert.equal(item.number, a.number);
    assert.equal(item.holder_name, holder.organization.name);
    assert.ok(!res.text.includes('Acme Manufacturing'), 'no manufacturers');
    res = await server.request('GET', `/v1/register?q=${encodeURIComponent(title)}&class=14&hs_code=9102`);
    assert.equal(res.body.items.length, 1);
    res = await server.request('GET', `/v1/register?q=${encodeURIComponent(title)}&class=15`);
    assert.equal(res.body.items.length, 0);
    res = await server.request('GET', `/v1/register?q=${encodeURIComponent(title)}&hs_code=8517`);
    assert.equal(res.body.items.length, 0);
    res = await server.request('GET', '/v1/register?class=0&hs_code=x&ipr_type=design');
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['class', 'hs_code', 'ipr_type']);
    res = await server.request('GET', '/v1/register?limit=2');
    const numbers = res.body.items.map((x) => x.number);
    assert.deepEqual(numbers, [...numbers].sort());
    if (res.body.next_cursor) {
      const next = await server.request('GET', `/v1/register?limit=2&cursor=${res.body.next_cursor}`);
      assert.ok(next.body.items.every((x) => x.number > numbers[1]));
    }
    void admin;
  });
});
