// The event feed through the real server: every change of a workflow writes its event in
// its own transaction (none for a change refused or rolled back), each organization and
// office sees only its own, the cursor never skips nor repeats, a long-poll answers within
// a second of the event without holding a handler thread, waiting calls are bounded, and
// the scheduler writes each time-driven event once even with two daemons on one database
// (its clock moved by IPR_SCHEDULER_TODAY: no waiting for days to pass).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, unique, fileSubmitted, fileApproved, fileDraft } from './lib/fixtures.js';
import { today, shiftDays } from './lib/dates.js';
import { completeFiling } from './lib/filings.js';

/** Every event `who` sees after `after` (following next_cursor); resolves to { items, cursor }. */
async function readFeed(server, who, after) {
  const items = [];
  let cursor = after;
  for (;;) {
    const qs = new URLSearchParams({ limit: '200', ...(cursor ? { after: cursor } : {}) });
    const res = await server.request('GET', `/v1/events?${qs}`, { token: who.token });
    assert.equal(res.status, 200, res.text);
    items.push(...res.body.items);
    if (cursor) assert.ok(res.body.next_cursor, 'a feed read with a cursor always gives one back');
    const done = res.body.items.length === 0 || res.body.next_cursor === cursor;
    cursor = res.body.next_cursor;
    if (done) return { items, cursor };
  }
}

/**
 * Reads the feed after `after` until `match` finds what it wants (at most `ms`); resolves to the
 * items. An event shows in the feed once every transaction older than its own has ended (in the
 * whole cluster, where other tests write too), so a read just after a change may not show it yet.
 */
async function waitForEvents(server, who, match, ms = 15000, after = undefined) {
  const end = Date.now() + ms;
  for (;;) {
    const { items } = await readFeed(server, who, after);
    if (match(items)) return items;
    if (Date.now() > end) assert.fail(`events not seen in ${ms} ms: ${JSON.stringify(items.map((e) => e.type))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the relay has turned every outbox row into events (api/events.c, every 200 ms). */
async function relayed(sql) {
  for (let i = 0; i < 100; i++) {
    if ((await sql('SELECT count(*) FROM event_outbox')) === '0') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('the event outbox was not relayed within 5 s');
}

const ofSubject = (items, id) => items.filter((e) => e.data.subject.id === id).map((e) => e.type);

/** A suspect-goods case's body, naming recordation `number`. */
const caseBody = (number) => ({
  recordations: [number], transport_document: `MAEU${unique().toUpperCase()}`,
  declarant: { name: 'Shady Imports Ltd', registration_number: '91310000SHADY0001' },
  goods: [{ description: 'Handbags', hs_code: '420221', quantity: 100, unit: 'pcs', declared_value: 5000, currency: 'CNY' }],
  suspicion: 'The logo is misspelt on the lining.',
});

describe('events', async () => {
  const server = await startServer({ env: { IPR_LONG_POLLS_PER_USER: '3' } });
  const cast = await setupRegistry(server);
  const { hq, port, port2, holder, holder2, importer, importer2, admin } = cast;
  test.after(() => server.stop());
  const sql = (text) => psql(server.databaseUrl, text);
  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });

  test('each change of a filing is an event of its holder; headquarters hears of what enters its queue', async () => {
    const start = (await readFeed(server, holder)).cursor;
    const hqStart = (await readFeed(server, hq)).cursor;
    const r = await fileSubmitted(server, holder, completeFiling({ title: `Events ${unique()}` }));
    const ask = await as(hq, 'POST', `/v1/recordations/${r.id}/decision`, { outcome: 'request_information', reason: 'Send the licence.' });
    assert.equal(ask.status, 200, ask.text);
    assert.equal((await as(holder, 'POST', `/v1/recordations/${r.id}/submit`, { note: 'Attached.' })).status, 200);
    assert.equal((await as(hq, 'POST', `/v1/recordations/${r.id}/decision`, { outcome: 'approve' })).status, 200);

    const items = await waitForEvents(server, holder, (got) => ofSubject(got, r.id).length >= 5, 10000, start);
    assert.deepEqual(ofSubject(items, r.id), ['recordation.created', 'recordation.submitted',
      'recordation.information_requested', 'recordation.submitted', 'recordation.approved']);
    const asked = items.find((e) => e.type === 'recordation.information_requested');
    assert.equal(asked.data.reason, 'Send the licence.');
    assert.equal(asked.data.from_status, 'submitted');
    assert.equal(asked.data.to_status, 'information_requested');
    assert.equal(asked.data.actor.role, 'hq_officer');
    const approved = items.find((e) => e.type === 'recordation.approved');
    assert.match(approved.data.subject.number, /^T\d{4}-\d{6}$/);
    assert.equal(approved.data.details.number, approved.data.subject.number);

    // Headquarters: the filing entering its queue (twice), not the holder's draft or the decisions.
    const hqItems = await waitForEvents(server, hq, (got) => ofSubject(got, r.id).length >= 2, 10000, hqStart);
    await new Promise((res) => setTimeout(res, 300));
    assert.deepEqual(ofSubject((await readFeed(server, hq, hqStart)).items, r.id), ofSubject(hqItems, r.id));
    assert.deepEqual(ofSubject(hqItems, r.id), ['recordation.submitted', 'recordation.submitted']);
    // The second officer of headquarters reads the same events (an audience, not a user).
    assert.deepEqual(ofSubject((await readFeed(server, cast.hq2, hqStart)).items, r.id),
      ['recordation.submitted', 'recordation.submitted']);
  });

  test('organizations and offices see only their own events', async () => {
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `Isolated ${unique()}` }));
    const pc = await as(importer, 'POST', '/v1/pre-confirmations', {
      office_code: 'CNSHA', direction: 'import', recordation_number: r.number,
      goods: [{ description: 'Phones', hs_code: '85171300', quantity: 1, unit: 'pcs', value: 10, currency: 'USD' }],
      expected_on: shiftDays(today(), 10) });
    assert.equal(pc.status, 201, pc.text);
    const seen = async (who) => ofSubject((await readFeed(server, who)).items, r.id)
      .concat(ofSubject((await readFeed(server, who)).items, pc.body.id));
    await waitForEvents(server, port, (got) => ofSubject(got, pc.body.id).length > 0);
    await waitForEvents(server, holder, (got) => ofSubject(got, pc.body.id).length > 0);
    await waitForEvents(server, importer, (got) => ofSubject(got, pc.body.id).length > 0);
    assert.ok((await seen(holder)).includes('recordation.approved'));
    assert.ok((await seen(holder)).includes('pre_confirmation.submitted'), 'the holder of the recordation hears of the request');
    assert.deepEqual(await seen(importer), ['pre_confirmation.submitted']);
    assert.deepEqual(await seen(port), ['pre_confirmation.submitted']);
    for (const other of [holder2, importer2, port2, admin]) {
      assert.deepEqual(await seen(other), [], 'another organization or office sees none of it');
    }
    const decided = await as(port, 'POST', `/v1/pre-confirmations/${pc.body.id}/decision`, { outcome: 'confirm' });
    assert.equal(decided.status, 200, decided.text);
    const importerItems = (await waitForEvents(server, importer, (got) => ofSubject(got, pc.body.id).length >= 2))
      .filter((e) => e.data.subject.id === pc.body.id);
    const confirmed = importerItems.find((e) => e.type === 'pre_confirmation.confirmed');
    assert.equal(confirmed.data.subject.number, decided.body.number);
    assert.equal(confirmed.data.subject.office_code, 'CNSHA');
    // The ids are the events' own: the same event read twice has the same id.
    const again = (await readFeed(server, importer)).items.find((e) => e.type === 'pre_confirmation.confirmed'
      && e.data.subject.id === pc.body.id);
    assert.equal(again.id, confirmed.id);
  });

  test('an alert is an event of its holder, headquarters and the ports it names (every port when none)', async () => {
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `Alerted ${unique()}` }));
    const window = { window_from: today(), window_until: shiftDays(today(), 10) };
    const named = await as(holder, 'POST', '/v1/alerts', { recordation_id: r.id, ports: ['CNSZX'], ...window });
    assert.equal(named.status, 201, named.text);
    const anyPort = await as(holder, 'POST', '/v1/alerts', { recordation_id: r.id, ...window });
    assert.equal(anyPort.status, 201, anyPort.text);
    const refused = await as(holder, 'POST', '/v1/alerts', { recordation_id: r.id, ...window, window_until: shiftDays(today(), -1) });
    assert.equal(refused.status, 422);
    const withdrawn = await as(holder, 'POST', `/v1/alerts/${named.body.id}/withdrawal`, { reason: 'Shipment cancelled.' });
    assert.equal(withdrawn.status, 200, withdrawn.text);

    const mine = await waitForEvents(server, holder, (got) => ofSubject(got, named.body.id).length >= 2
      && ofSubject(got, anyPort.body.id).length >= 1);
    assert.deepEqual(ofSubject(mine, named.body.id), ['alert.created', 'alert.withdrawn']);
    const gone = mine.find((e) => e.type === 'alert.withdrawn');
    assert.equal(gone.data.reason, 'Shipment cancelled.');
    assert.equal(gone.data.from_status, 'active');
    assert.equal(gone.data.to_status, 'withdrawn');
    assert.equal(gone.data.subject.recordation.number, r.number);
    assert.deepEqual(gone.data.subject.ports, ['CNSZX']);
    assert.equal(gone.data.actor.role, 'rights_holder');
    await waitForEvents(server, hq, (got) => ofSubject(got, named.body.id).length >= 2 && ofSubject(got, anyPort.body.id).length >= 1);
    await waitForEvents(server, port2, (got) => ofSubject(got, named.body.id).length >= 2 && ofSubject(got, anyPort.body.id).length >= 1);
    // Shanghai hears of the alert for any port, not of Shenzhen's; other holders of neither.
    await waitForEvents(server, port, (got) => ofSubject(got, anyPort.body.id).length >= 1);
    assert.deepEqual(ofSubject((await readFeed(server, port)).items, named.body.id), []);
    for (const other of [holder2, importer]) {
      const items = (await readFeed(server, other)).items;
      assert.deepEqual([...ofSubject(items, named.body.id), ...ofSubject(items, anyPort.body.id)], []);
    }
  });

  test('a suspect-goods case: each step is an event of the holder and of the port that holds the goods', async () => {
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `Cased ${unique()}` }));
    const opened = await as(port, 'POST', '/v1/cases', caseBody(r.number));
    assert.equal(opened.status, 201, opened.text);
    const id = opened.body.id;
    assert.equal((await as(holder, 'POST', `/v1/cases/${id}/answer`, { answer: 'request_detention' })).status, 200);
    const decided = await as(port, 'POST', `/v1/cases/${id}/decision`, { outcome: 'not_confirmed', reason: 'Genuine goods.' });
    assert.equal(decided.status, 200, decided.text);
    const steps = ['case.opened', 'case.detention_requested', 'case.not_confirmed'];
    const mine = await waitForEvents(server, holder, (got) => ofSubject(got, id).length >= 3);
    assert.deepEqual(ofSubject(mine, id), steps);
    const first = mine.find((e) => e.type === 'case.opened');
    assert.equal(first.data.subject.number, opened.body.number);
    assert.deepEqual(first.data.subject.recordation_numbers, [r.number]);
    assert.equal(first.data.subject.office_code, 'CNSHA');
    assert.equal(first.data.actor.role, 'port_officer');
    assert.ok(!JSON.stringify(first).includes('Shady'), 'the event does not name the declarant');
    assert.equal(mine.find((e) => e.type === 'case.not_confirmed').data.reason, 'Genuine goods.');
    assert.deepEqual(ofSubject(await waitForEvents(server, port, (got) => ofSubject(got, id).length >= 3), id), steps);
    for (const other of [holder2, port2, hq, importer]) {
      assert.deepEqual(ofSubject((await readFeed(server, other)).items, id), [], 'nobody else hears of it');
    }
  });

  test('an agent hears of its mandates, and of its client\'s events while a mandate is in force', async () => {
    const { agent, mandate } = cast;
    const r = await fileSubmitted(server, holder, completeFiling({ title: `Agented ${unique()}` }));
    const got = await waitForEvents(server, agent, (items) => ofSubject(items, r.id).length >= 2);
    assert.deepEqual(ofSubject(got, r.id), ['recordation.created', 'recordation.submitted']);
    for (const who of [agent, holder]) {
      const types = ofSubject((await readFeed(server, who)).items, mandate.id);
      assert.deepEqual(types.slice(0, 2), ['mandate.granted', 'mandate.accepted'], 'the holder and the agent hear of the mandate');
    }
    const other = await fileDraft(server, holder2, completeFiling({ title: `Not a client ${unique()}` }));
    await waitForEvents(server, holder2, (items) => ofSubject(items, other.id).length === 1);
    assert.deepEqual(ofSubject((await readFeed(server, agent)).items, other.id), [], 'another holder\'s filing is not the agent\'s');
    // Ended: the agent hears of the end, and of nothing of the holder's after it.
    const ended = await as(holder, 'POST', `/v1/mandates/${mandate.id}/end`, {});
    assert.equal(ended.status, 200, ended.text);
    await waitForEvents(server, agent, (items) => ofSubject(items, mandate.id).includes('mandate.ended'));
    const after = await fileDraft(server, holder, completeFiling({ title: `After the mandate ${unique()}` }));
    await waitForEvents(server, holder, (items) => ofSubject(items, after.id).length === 1);
    assert.deepEqual(ofSubject((await readFeed(server, agent)).items, after.id), []);
  });

  test('a long transaction in another database of the cluster holds back no event here', async () => {
    // An event shows once every transaction that could still write an older one has ended:
    // another database's cannot (migration 0026).
    const other = server.databaseUrl.replace(/\/[^/?]+(\?|$)/, '/postgres$1');
    const long = spawn('psql', [other, '-qc', 'BEGIN; CREATE TEMP TABLE held (x int); SELECT pg_sleep(5); COMMIT;'], { stdio: 'ignore' });
    const ended = new Promise((r) => long.on('exit', r));
    try {
      for (let i = 0; i < 50 && (await sql(`SELECT count(*) FROM pg_stat_activity WHERE datname = 'postgres'
          AND backend_xid IS NOT NULL AND query LIKE '%pg_sleep(5)%'`)) !== '1'; i++) await new Promise((r) => setTimeout(r, 50));
      const d = await fileDraft(server, holder, completeFiling({ title: `Not held ${unique()}` }));
      await waitForEvents(server, holder, (items) => ofSubject(items, d.id).includes('recordation.created'), 3000);
      assert.equal(long.exitCode, null, 'the other database\'s transaction was still running');
    } finally {
      await ended;
    }
  });

  test('a change refused or rolled back writes no event', async () => {
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `Refused ${unique()}` }));
    // Counted once the relay has taken everything: a change writes its events to the outbox.
    const count = async () => { await relayed(sql); return sql(`SELECT count(*) FROM events WHERE subject_id = '${r.id}'`); };
    const before = await count();
    // 409: approved already; 422: a rejection without its reason; 409: not in the renewal window.
    assert.equal((await as(hq, 'POST', `/v1/recordations/${r.id}/decision`, { outcome: 'approve' })).status, 409);
    assert.equal((await as(hq, 'POST', `/v1/recordations/${r.id}/revocation`, {})).status, 422);
    assert.equal((await as(holder, 'POST', `/v1/recordations/${r.id}/renewal`, {})).status, 409);
    // An incomplete filing refused by the submission itself (its apply step: 422).
    const draft = await fileDraft(server, holder, { ipr_type: 'trademark', title: `Incomplete ${unique()}` });
    await relayed(sql);
    const drafted = await sql(`SELECT count(*) FROM events WHERE subject_id = '${draft.id}'`);
    assert.equal(drafted, '1', 'the draft\'s recordation.created');
    assert.equal((await as(holder, 'POST', `/v1/recordations/${draft.id}/submit`, {})).status, 422);
    await relayed(sql);
    assert.equal(await sql(`SELECT count(*) FROM events WHERE subject_id = '${draft.id}'`), drafted);
    assert.equal(await count(), before);
    // The authorized-user list: a duplicate refused (409) writes nothing, an addition one event.
    const entry = { name: 'Pudong Import', registration_number: `9131${unique()}`.slice(0, 18), country: 'CN', roles: ['importer'] };
    assert.equal((await as(holder, 'POST', `/v1/recordations/${r.id}/authorized-users`, entry)).status, 201);
    assert.equal((await as(holder, 'POST', `/v1/recordations/${r.id}/authorized-users`, entry)).status, 409);
    await relayed(sql);
    assert.equal(await sql(`SELECT count(*) FROM events WHERE subject_id = '${r.id}' AND type = 'recordation.authorized_users_changed'`), '1');
  });

  test('the cursor: pages in order, nothing skipped or repeated, bad cursors refused', async () => {
    const drafts = [];
    for (let i = 0; i < 5; i++) drafts.push(await fileDraft(server, holder2, completeFiling({ title: `Paged ${i} ${unique()}` })));
    const all = (await waitForEvents(server, holder2, (got) => drafts.every((d) => ofSubject(got, d.id).length === 1)))
      .map((e) => e.id);
    const paged = [];
    let after;
    for (;;) {
      const qs = new URLSearchParams({ limit: '2', ...(after ? { after } : {}) });
      const res = await as(holder2, 'GET', `/v1/events?${qs}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.items.length <= 2);
      paged.push(...res.body.items.map((e) => e.id));
      if (res.body.items.length === 0) break;
      after = res.body.next_cursor;
    }
    assert.deepEqual(paged, all);
    assert.equal(new Set(all).size, all.length);
    for (const d of drafts) assert.ok(all.includes((await readFeed(server, holder2)).items.find((e) => e.data.subject.id === d.id).id));
    // Not base64; a position that is not one (decodes, but names no transaction); too long.
    const forged = Buffer.from('abc\x1f00000000-0000-4000-8000-000000000000').toString('base64url');
    for (const bad of ['nonsense!', forged, 'x'.repeat(600)]) {
      const res = await as(holder2, 'GET', `/v1/events?after=${encodeURIComponent(bad)}`);
      assert.equal(res.status, 422, bad);
      assert.deepEqual(res.body.errors.map((e) => e.field), ['after']);
    }
    for (const wait of ['-1', '61', '1.5', 'soon']) {
      const res = await as(holder2, 'GET', `/v1/events?wait=${wait}`);
      assert.equal(res.status, 422, wait);
      assert.deepEqual(res.body.errors.map((e) => e.field), ['wait']);
    }
  });

  test('a long-poll answers within a second of the event, and holds no handler thread while it waits', async () => {
    const r = await fileSubmitted(server, holder, completeFiling({ title: `Waited ${unique()}` }));
    await waitForEvents(server, holder, (got) => ofSubject(got, r.id).includes('recordation.submitted'));
    const { cursor } = await readFeed(server, holder);
    const started = Date.now();
    const polled = as(holder, 'GET', `/v1/events?after=${encodeURIComponent(cursor)}&wait=20`);
    // Meanwhile the server serves others (the waiting call holds no thread); then the decision.
    await new Promise((res) => setTimeout(res, 700));
    for (let i = 0; i < 5; i++) assert.equal((await as(holder2, 'GET', '/v1/me')).status, 200);
    const decided = await as(hq, 'POST', `/v1/recordations/${r.id}/decision`, { outcome: 'approve' });
    assert.equal(decided.status, 200);
    const committed = Date.now();
    const res = await polled;
    const answered = Date.now();
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(ofSubject(res.body.items, r.id), ['recordation.approved']);
    assert.ok(answered - committed < 1000, `answered ${answered - committed} ms after the commit`);
    assert.ok(committed - started >= 700, 'it waited for the event');
    // Nothing new: the wait runs out and the cursor comes back unchanged.
    const t0 = Date.now();
    const empty = await as(holder, 'GET', `/v1/events?after=${encodeURIComponent(res.body.next_cursor)}&wait=1`);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.items, []);
    assert.equal(empty.body.next_cursor, res.body.next_cursor);
    assert.ok(Date.now() - t0 >= 900, 'it waited');
  });

  test('waiting calls are bounded per user (429) and a stop answers them at once', async () => {
    const { cursor } = await readFeed(server, importer2); // null: it has had no event yet
    const url = `/v1/events?${new URLSearchParams({ ...(cursor ? { after: cursor } : {}), wait: '30' })}`;
    const waiting = [1, 2, 3].map(() => as(importer2, 'GET', url));
    await new Promise((r) => setTimeout(r, 500));
    const refused = await as(importer2, 'GET', url);
    assert.equal(refused.status, 429, refused.text);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    // Another user is not held back by this one's share.
    const other = await as(importer, 'GET', `/v1/events?wait=0`);
    assert.equal(other.status, 200);
    // A new event for the organization answers all three.
    const r = await fileApproved(server, holder, hq, completeFiling({ title: `Bound ${unique()}` }));
    const pc = await as(importer2, 'POST', '/v1/pre-confirmations', {
      office_code: 'CNSZX', direction: 'import', recordation_number: r.number,
      goods: [{ description: 'Phones', hs_code: '85171300', quantity: 1, unit: 'pcs', value: 10, currency: 'USD' }],
      expected_on: shiftDays(today(), 10) });
    assert.equal(pc.status, 201);
    for (const res of await Promise.all(waiting)) {
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.items.map((e) => e.type), ['pre_confirmation.submitted']);
    }
  });
});

describe('events: bounds and shutdown', async () => {
  const server = await startServer({ env: { IPR_LONG_POLLS: '2', IPR_HANDLER_THREADS: '1' } });
  const cast = await setupRegistry(server);
  test.after(() => server.stop());

  test('beyond IPR_LONG_POLLS waiting calls: 503; with one handler thread the others are still served', async () => {
    // Two callers with no event yet (the first holder has its agent's mandate already).
    const waiting = [cast.importer, cast.importer2].map((who) => server.request('GET', '/v1/events?wait=30', { token: who.token }));
    await new Promise((r) => setTimeout(r, 500));
    const refused = await server.request('GET', '/v1/events?wait=30', { token: cast.holder2.token });
    assert.equal(refused.status, 503, refused.text);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const t0 = Date.now();
    assert.equal((await server.request('GET', '/v1/me', { token: cast.holder2.token })).status, 200);
    assert.equal((await server.request('GET', '/v1/events', { token: cast.holder2.token })).status, 200);
    assert.ok(Date.now() - t0 < 2000, 'the one handler thread is free');
    // SIGTERM answers the waiting calls at once (an empty page), and the server stops cleanly.
    const stopping = server.stop();
    for (const res of await Promise.all(waiting)) {
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.items, []);
    }
    await stopping;
  });
});

describe('events: the scheduler', async () => {
  const first = await startServer();
  const cast = await setupRegistry(first);
  const { hq, holder, importer, port } = cast;
  const sql = (text) => psql(first.databaseUrl, text);
  test.after(() => first.stop());

  test('two daemons on one database write each time-driven event once, on the day the registry says', async () => {
    const r = await fileApproved(first, holder, hq, completeFiling({ title: `Scheduled ${unique()}` }));
    const late = await fileSubmitted(first, holder, completeFiling({ title: `Late ${unique()}` }));
    // A decision overdue: its deadline moved back in the database (as the other tests do).
    await sql(`UPDATE recordations SET received_on = received_on - 60, due_on = '${shiftDays(today(), -3)}' WHERE id = '${late.id}'`);
    const pc = await first.request('POST', '/v1/pre-confirmations', { token: importer.token, body: {
      office_code: 'CNSHA', direction: 'import', recordation_number: r.number,
      goods: [{ description: 'Phones', hs_code: '85171300', quantity: 1, unit: 'pcs', value: 10, currency: 'USD' }],
      expected_on: shiftDays(today(), 10) } });
    assert.equal(pc.status, 201);
    await sql(`UPDATE pre_confirmations SET received_on = received_on - 30, due_on = '${shiftDays(today(), -1)}' WHERE id = '${pc.body.id}'`);

    // 10 days before the end of validity: the renewal window has opened and it expires within 30 days.
    const day = shiftDays(r.valid_until, -10);
    const env = { IPR_SCHEDULER_TODAY: day, IPR_SCHEDULER_INTERVAL: '1' };
    const [a, b] = await Promise.all([startServer({ databaseUrl: first.databaseUrl, env }),
      startServer({ databaseUrl: first.databaseUrl, env })]);
    try {
      await waitForEvents(first, holder, (items) => ['recordation.renewal_window_opened', 'recordation.expiring']
        .every((t) => ofSubject(items, r.id).includes(t)));
      await waitForEvents(first, hq, (items) => ofSubject(items, late.id).includes('recordation.overdue'));
      await waitForEvents(first, port, (items) => ofSubject(items, pc.body.id).includes('pre_confirmation.overdue'));
      await new Promise((res) => setTimeout(res, 2500)); // more rounds of both daemons
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    // Once per audience (the holder's agent hears of its client's renewal window and expiry too).
    const counts = await sql(`SELECT string_agg(DISTINCT type || '=' || n, ' ') FROM (SELECT type, count(*) n FROM events
      WHERE subject_id IN ('${r.id}', '${late.id}', '${pc.body.id}') AND occasion IS NOT NULL GROUP BY type, audience) c`);
    assert.equal(counts, 'pre_confirmation.overdue=1 recordation.expiring=1 recordation.overdue=1 recordation.renewal_window_opened=1');
    const window = (await readFeed(first, holder)).items.find((e) => e.type === 'recordation.renewal_window_opened' && e.data.subject.id === r.id);
    assert.equal(window.data.renewal_opens_on <= day, true);
    const expiring = (await readFeed(first, holder)).items.find((e) => e.type === 'recordation.expiring' && e.data.subject.id === r.id);
    assert.equal(expiring.data.days_left, 10);
    // The holder is not told of customs' own lateness; headquarters is.
    assert.ok(!ofSubject((await readFeed(first, holder)).items, late.id).includes('recordation.overdue'));

    // The day after the validity ended: expired, once, by two daemons again.
    const after = shiftDays(r.valid_until, 1);
    const env2 = { IPR_SCHEDULER_TODAY: after, IPR_SCHEDULER_INTERVAL: '1' };
    const [c, d] = await Promise.all([startServer({ databaseUrl: first.databaseUrl, env: env2 }),
      startServer({ databaseUrl: first.databaseUrl, env: env2 })]);
    try {
      await waitForEvents(first, holder, (items) => ofSubject(items, r.id).includes('recordation.expired'));
      await new Promise((res) => setTimeout(res, 2000));
    } finally {
      await Promise.all([c.stop(), d.stop()]);
    }
    assert.equal(await sql(`SELECT count(*) FROM events WHERE subject_id = '${r.id}' AND type = 'recordation.expired'
      AND audience = 'org:${holder.organization.id}'`), '1');
  });

  test('a case: its answer due tomorrow (the holder), its deadline today (the port), unanswered (both), once each', async () => {
    const r = await fileApproved(first, holder, hq, completeFiling({ title: `Case deadlines ${unique()}` }));
    const opened = await first.request('POST', '/v1/cases', { token: port.token, body: caseBody(r.number) });
    assert.equal(opened.status, 201, opened.text);
    const c = opened.body;
    const nextWorkingDay = async (day) => (await first.request('GET', `/v1/calendar/working-days?start=${day}&add=1`)).body.date;
    let before = shiftDays(c.response_due_on, -1);
    while (await nextWorkingDay(before) !== c.response_due_on) before = shiftDays(before, -1);
    const onDay = async (day, who, type) => {
      const daemon = await startServer({ databaseUrl: first.databaseUrl, env: { IPR_SCHEDULER_TODAY: day, IPR_SCHEDULER_INTERVAL: '1' } });
      try {
        await waitForEvents(first, who, (items) => ofSubject(items, c.id).includes(type));
        await new Promise((res) => setTimeout(res, 1500)); // another round
      } finally {
        await daemon.stop();
      }
    };
    await onDay(before, holder, 'case.answer_due_tomorrow');
    await onDay(c.response_due_on, port, 'case.deadline_today');
    await onDay(shiftDays(c.response_due_on, 1), holder, 'case.unanswered');
    assert.deepEqual(ofSubject((await readFeed(first, holder)).items, c.id), ['case.opened', 'case.answer_due_tomorrow', 'case.unanswered']);
    assert.deepEqual(ofSubject((await readFeed(first, port)).items, c.id), ['case.opened', 'case.deadline_today', 'case.unanswered']);
    const released = (await readFeed(first, holder)).items.find((e) => e.type === 'case.unanswered' && e.data.subject.id === c.id);
    assert.equal(released.data.released_on, shiftDays(c.response_due_on, 1));
  });

  test('a bad IPR_SCHEDULER_TODAY stops start-up with a message naming it', async () => {
    await assert.rejects(startServer({ databaseUrl: first.databaseUrl, env: { IPR_SCHEDULER_TODAY: '2026-02-30' } }),
      /IPR_SCHEDULER_TODAY/);
  });
});

describe('events: the outbox and its relay', async () => {
  const first = await startServer();
  const cast = await setupRegistry(first);
  const { holder } = cast;
  const sql = (text) => psql(first.databaseUrl, text);
  test.after(() => first.stop());
  const numbered = (id) => sql(`SELECT count(*) || ' ' || count(DISTINCT data->>'n') || ' ' ||
      count(*) FILTER (WHERE n < previous) FROM (SELECT data->>'n' AS d, (data->>'n')::integer AS n,
      lag((data->>'n')::integer) OVER (ORDER BY seq) AS previous, data FROM events
      WHERE subject_id = '${id}' AND data ? 'n' AND audience = 'org:${holder.organization.id}') e`);

  test('rows committed while no daemon ran are relayed once, in order, by two daemons, beyond one batch', async () => {
    const draft = await fileDraft(first, holder, completeFiling({ title: `Relayed ${unique()}` }));
    await relayed(sql);
    await first.stop();
    // What changes left in the outbox when their daemon died before its relay: 2,500 rows,
    // more than one relay statement takes (1,000).
    await sql(`INSERT INTO event_outbox (kind, type, subject_id, actor_user_id, data)
      SELECT 'recordation', 'recordation.authorized_users_changed', '${draft.id}', NULL, jsonb_build_object('n', g) FROM generate_series(1, 2500) g`);
    const [a, b] = await Promise.all([startServer({ databaseUrl: first.databaseUrl }), startServer({ databaseUrl: first.databaseUrl })]);
    try {
      for (let i = 0; i < 200 && (await sql('SELECT count(*) FROM event_outbox')) !== '0'; i++) await new Promise((r) => setTimeout(r, 50));
      // Each row once (2,500 events, 2,500 numbers), none out of order.
      assert.equal(await numbered(draft.id), '2500 2500 0');
      const items = await waitForEvents(a, holder, (got) => got.filter((e) => e.data.subject.id === draft.id).length === 2501, 15000);
      assert.equal(items.find((e) => e.data.n === 1).data.subject.title, draft.title, 'the subject as the relay found it');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('a daemon killed just after a change: its event is there once after the restart', async () => {
    const daemon = await startServer({ databaseUrl: first.databaseUrl });
    const draft = await fileDraft(daemon, holder, completeFiling({ title: `Killed ${unique()}` }));
    daemon.process.kill('SIGKILL');
    await daemon.exited;
    const again = await startServer({ databaseUrl: first.databaseUrl });
    try {
      await waitForEvents(again, holder, (items) => ofSubject(items, draft.id).includes('recordation.created'));
      assert.equal(await sql(`SELECT count(*) FROM events WHERE subject_id = '${draft.id}' AND audience = 'org:${holder.organization.id}'`), '1');
    } finally {
      await again.stop();
    }
  });
});

describe('events: retention', async () => {
  // Events older than 30 days go (the scheduler looks every second), with the delivered webhooks.
  const server = await startServer({ env: { IPR_EVENT_RETENTION_DAYS: '30', IPR_SCHEDULER_INTERVAL: '1' } });
  const cast = await setupRegistry(server);
  const { holder } = cast;
  const sql = (text) => psql(server.databaseUrl, text);
  test.after(() => server.stop());

  test('old events and delivered webhooks are removed; what a delivery or the scheduler still needs stays', async () => {
    // Retention goes in the order events were written: the old ones come first here.
    // Time-driven events written 40 days ago: one for a day long past, one for a day 10 days ago.
    const subject = await fileDraft(server, holder, { ipr_type: 'trademark', title: `Expired ${unique()}` });
    await sql(`INSERT INTO events (audience, type, subject_type, subject_id, occasion, at, data)
      SELECT 'org:' || r.organization_id, 'recordation.expired', 'recordation', r.id, d, now() - interval '40 days',
             jsonb_build_object('subject', recordation_event_subject(r), 'to_status', 'expired')
        FROM recordations r, (VALUES (current_date - 100), (current_date - 10)) v(d) WHERE r.id = '${subject.id}'`);
    const drafts = [];
    for (let i = 0; i < 5; i++) drafts.push(await fileDraft(server, holder, { ipr_type: 'trademark', title: `Old ${i} ${unique()}` }));
    await relayed(sql);
    const seqOf = async (d) => sql(`SELECT seq FROM events WHERE subject_id = '${d.id}' AND type = 'recordation.created'
      AND audience = 'org:${holder.organization.id}'`);
    const [gone, delivered, failed, pending, recent] = await Promise.all(drafts.map(seqOf));
    await waitForEvents(server, holder, (got) => ofSubject(got, drafts[4].id).length === 1);
    const { cursor } = await readFeed(server, holder);
    // An endpoint that is disabled (so that no worker sends anything), with a delivery of three of them.
    const endpoint = await sql(`INSERT INTO webhook_endpoints (organization_id, url, secret, created_by, disabled_at, disabled_reason)
      SELECT organization_id, 'https://hooks.example/in', 'whsec_' || repeat('A', 43) || '=', id, now(), 'test' FROM users
       WHERE email = '${holder.email}' RETURNING id`);
    await sql(`INSERT INTO webhook_deliveries (endpoint_id, event_seq, status, updated_at) VALUES
      ('${endpoint}', ${delivered}, 'succeeded', now() - interval '40 days'),
      ('${endpoint}', ${failed}, 'failed', now() - interval '40 days'),
      ('${endpoint}', ${pending}, 'pending', now() - interval '40 days')`);
    // Everything written before the last draft is old (the holder's and its agent's rows alike).
    await sql(`UPDATE events SET at = now() - interval '40 days'
      WHERE seq < (SELECT min(seq) FROM events WHERE subject_id = '${drafts[4].id}')`);

    const left = () => sql(`SELECT count(*) FROM events WHERE seq = ${gone}`);
    for (let i = 0; i < 100 && (await left()) !== '0'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await left(), '0', 'an old event no delivery needs is removed');
    const present = async (seq) => (await sql(`SELECT count(*) FROM events WHERE seq = ${seq}`)) === '1';
    assert.equal(await present(delivered), false, 'its delivery was delivered long ago: both go');
    assert.equal(await sql(`SELECT count(*) FROM webhook_deliveries WHERE event_seq = ${delivered}`), '0');
    assert.equal(await present(failed), true, 'a failed delivery keeps its event');
    assert.equal(await present(pending), true, 'a pending delivery keeps its event');
    assert.equal(await present(recent), true, 'a recent event stays');
    assert.equal(await sql(`SELECT string_agg(occasion::text, ' ') FROM events WHERE subject_id = '${subject.id}' AND type = 'recordation.expired'`),
      await sql(`SELECT (current_date - 10)::text`), 'a time-driven event stays until its day is long past too');
    // The feed goes on from a cursor given out before: nothing lost, nothing repeated.
    const more = await fileDraft(server, holder, { ipr_type: 'trademark', title: `After ${unique()}` });
    const after = await waitForEvents(server, holder, (got) => ofSubject(got, more.id).length === 1, 15000, cursor);
    assert.deepEqual(after.map((e) => e.data.subject.id), [more.id]);
    assert.match(server.log(), /older than 30 days removed/);
  });
});
