// The tamper-evident log (issue 19): every decision and legally relevant change is a leaf of
// an RFC 9162 Merkle tree, appended in the transaction of the change; a signed checkpoint
// (C2SP signed note) every interval; inclusion and consistency proofs checked here by an
// independent implementation (lib/tlog.js: Node's SHA-256 and Ed25519); `iprd verify-log`
// names a history row edited, deleted or re-ordered behind the registry's back; several
// daemons append one sequence without gaps and sign one checkpoint per interval. A leaf is
// written in its change's transaction and numbered by the sequencer once that has committed.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { startServer, psql } from './lib/harness.js';
import { setupRegistry, fileApproved, fileSubmitted, unique } from './lib/fixtures.js';
import { completeFiling } from './lib/filings.js';
import { canonicalize } from './lib/vc.js';
import { leafHash, verifyInclusion, verifyConsistency, parseCheckpoint } from './lib/tlog.js';

function verifyLog(databaseUrl) {
  return new Promise((resolve) => {
    execFile(process.env.IPR_TEST_BIN, ['verify-log'], { env: { ...process.env, IPR_DATABASE_URL: databaseUrl } },
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, out: stdout, err: stderr }));
  });
}

/** The log's size once every committed leaf has its position (each daemon's sequencer runs
 * every second). */
async function sequenced(databaseUrl) {
  for (let i = 0; i < 100; i++) {
    if (await psql(databaseUrl, 'SELECT count(*) FROM log_queue') === '0')
      return Number(await psql(databaseUrl, 'SELECT size FROM log_head'));
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('leaves still wait for a position after 10 s');
}

describe('the tamper-evident log', async () => {
  const server = await startServer({ env: { IPR_LOG_CHECKPOINT_INTERVAL: '1' } });
  const cast = await setupRegistry(server);
  const { admin, hq, port, holder, importer, agent, mandate } = cast;
  test.after(() => server.stop());
  const sql = (text) => psql(server.databaseUrl, text);
  const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });
  const publicKey = server.signingKey.publicKey;

  /** The latest checkpoint once it covers the whole log (the checkpointer runs every second). */
  async function checkpointOfAll() {
    const size = await sequenced(server.databaseUrl);
    for (let i = 0; i < 100; i++) {
      const res = await server.request('GET', '/v1/log/checkpoint');
      if (res.status === 200) {
        const cp = parseCheckpoint(res.text, publicKey);
        if (cp.size >= size) return { ...cp, note: res.text };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no checkpoint of ${size} leaves`);
  }

  // Changes of every kind the log takes.
  const recordation = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
  await as(admin, 'PUT', '/v1/calendar/2027-10-08', { kind: 'holiday', name: 'National Day' });
  await as(admin, 'DELETE', '/v1/calendar/2027-10-08');
  const users = await as(admin, 'GET', `/v1/users?office_code=CNSZX`);
  const someone = users.body.items[0].id;
  assert.equal((await as(admin, 'POST', `/v1/users/${someone}/disable`, { reason: 'Left the service' })).status, 200);
  assert.equal((await as(admin, 'POST', `/v1/users/${someone}/enable`)).status, 200);
  const au = await as(holder, 'POST', `/v1/recordations/${recordation.id}/authorized-users`, {
    name: 'Pudong Import & Export Co.', registration_number: importer.organization.registration_number, country: 'CN', roles: ['importer'] });
  assert.equal(au.status, 201, au.text);
  const suspect = await as(port, 'POST', '/v1/cases', {
    recordations: [recordation.number], transport_document: `COSU${unique().toUpperCase()}`,
    declarant: { name: 'Shady Imports Ltd', registration_number: '91310000SHADY0001' },
    goods: [{ description: 'Handbags bearing ACME', hs_code: '420221', quantity: 10, unit: 'pcs', declared_value: 5000, currency: 'CNY' }],
    suspicion: 'The declarant is no authorized user.' });
  assert.equal(suspect.status, 201, suspect.text);
  const answered = await as(holder, 'POST', `/v1/cases/${suspect.body.id}/answer`, { answer: 'request_detention' });
  assert.equal(answered.status, 200, answered.text);

  // The agent of the cast (approved, with a mandate from the holder: granted, its power of
  // attorney, accepted) files a draft for the holder.
  const forClient = await as(agent, 'POST', '/v1/recordations', completeFiling({ organization_id: holder.organization.id,
    title: `ACME ${unique()}` }));
  assert.equal(forClient.status, 201, forClient.text);

  test('every change is a leaf, in one sequence: transitions, authorized users, calendar, users, cases, agents, mandates', async () => {
    const size = await sequenced(server.databaseUrl);
    const rows = (await sql("SELECT seq || ' ' || (event->>'source') || ' ' || (event->>'action') FROM log_entries ORDER BY seq")).split('\n');
    assert.equal(rows.length, size);
    rows.forEach((r, i) => assert.ok(r.startsWith(`${i} `), r));
    const actions = rows.map((r) => r.split(' ').slice(1).join(' '));
    for (const a of ['recordation_events submitted', 'recordation_events approved', 'recordation_events authorized_user_added',
      'registry_events calendar_exception_declared', 'registry_events calendar_exception_removed',
      'registry_events user_disabled', 'registry_events user_enabled',
      'case_events opened', 'case_events detention_requested', 'agent_events approved',
      'mandate_events granted', 'mandate_events document_added', 'mandate_events accepted'])
      assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
    // A case's events have the case as their subject.
    assert.equal(Number(await sql(`SELECT count(*) FROM log_entries WHERE source = 'case_events' AND event->>'subject' = '${suspect.body.id}'`)), 2);
  });

  test('an agent\'s and a mandate\'s events name their subject; an agent\'s act names both organizations', async () => {
    await sequenced(server.databaseUrl);
    const event = async (where) => JSON.parse(await sql(`SELECT event FROM log_entries WHERE ${where} ORDER BY seq LIMIT 1`));
    const approval = await event("source = 'agent_events' AND event->>'action' = 'approved'");
    assert.equal(approval.subject, agent.organization.id);
    assert.equal(approval.actor, admin.user.id);
    const granted = await event(`source = 'mandate_events' AND event->>'subject' = '${mandate.id}' AND event->>'action' = 'granted'`);
    assert.equal(granted.actor, holder.user.id);
    assert.equal(granted.on_behalf_of, undefined, 'the holder acts for itself');
    const created = await event(`source = 'recordation_events' AND event->>'subject' = '${forClient.body.id}'`);
    assert.equal(created.action, 'created');
    assert.equal(created.actor, agent.user.id);
    assert.equal(created.actor_organization, agent.organization.id);
    assert.equal(created.on_behalf_of, holder.organization.id);
    // What the holder's own acts were is unchanged: no organization in their events.
    const submitted = await event("source = 'recordation_events' AND event->>'action' = 'submitted'");
    assert.deepEqual(Object.keys(submitted).sort(),
      ['action', 'actor', 'at', 'details', 'from', 'id', 'reason', 'source', 'subject', 'to']);
  });

  test('the checkpoint is a C2SP signed note of the tree, signed by the registry\'s key', async () => {
    const cp = await checkpointOfAll();
    assert.equal(cp.valid, true, cp.note);
    assert.equal(cp.origin, '127.0.0.1:8080/log');
    assert.match(cp.extensions[0], /^time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(cp.root.length, 32);
    assert.equal((await server.request('GET', '/v1/log/checkpoint')).headers.get('content-type'), 'text/plain; charset=utf-8');
    // A note changed by one byte does not verify.
    const forged = cp.note.replace(`\n${cp.size}\n`, `\n${cp.size + 1}\n`);
    assert.equal(parseCheckpoint(forged, publicKey).valid, false);
  });

  test('an inclusion proof of every leaf verifies with an independent implementation', async () => {
    const cp = await checkpointOfAll();
    for (let i = 0; i < cp.size; i++) {
      const entry = await as(hq, 'GET', `/v1/log/entries/${i}`);
      assert.equal(entry.status, 200, entry.text);
      // The leaf is the event's RFC 8785 form, as the npm canonicalizer writes it.
      assert.equal(entry.body.leaf, canonicalize(entry.body.event));
      const hash = leafHash(Buffer.from(entry.body.leaf, 'utf8'));
      assert.equal(hash.toString('base64'), entry.body.leaf_hash);
      const proof = await server.request('GET', `/v1/log/proof?leaf=${i}&size=${cp.size}`);
      assert.equal(proof.status, 200, proof.text);
      assert.equal(proof.body.root_hash, cp.root.toString('base64'));
      const path = proof.body.inclusion.map((h) => Buffer.from(h, 'base64'));
      assert.ok(verifyInclusion(i, cp.size, hash, path, cp.root), `leaf ${i} of ${cp.size}`);
      // The same proof for another leaf, or another leaf's hash, fails.
      assert.ok(!verifyInclusion(i, cp.size, leafHash(Buffer.from(`${entry.body.leaf} `)), path, cp.root));
    }
    // Anyone may ask for proofs; the events themselves are for customs and the administrator.
    assert.equal((await as(holder, 'GET', '/v1/log/entries/0')).status, 403);
    assert.equal((await server.request('GET', '/v1/log/entries/0')).status, 401);
    assert.equal((await server.request('GET', `/v1/log/proof?leaf=0&size=${cp.size + 1000}`)).status, 422);
    assert.equal((await server.request('GET', '/v1/log/proof?leaf=x&size=1')).status, 422);
    assert.equal((await server.request('GET', '/v1/log/proof?size=1')).status, 422);
  });

  test('a consistency proof between two checkpoints verifies', async () => {
    const first = await checkpointOfAll();
    await fileSubmitted(server, holder, completeFiling({ title: `ACME ${unique()}` }));
    const second = await checkpointOfAll();
    assert.ok(second.size > first.size);
    const proof = await server.request('GET', `/v1/log/proof?from=${first.size}&size=${second.size}`);
    assert.equal(proof.status, 200, proof.text);
    const path = proof.body.consistency.map((h) => Buffer.from(h, 'base64'));
    assert.ok(verifyConsistency(first.size, second.size, first.root, second.root, path));
    const bad = Buffer.from(first.root);
    bad[0] ^= 1;
    assert.ok(!verifyConsistency(first.size, second.size, bad, second.root, path));
  });

  test('iprd verify-log: consistent, then names a history row edited, deleted, or leaves re-ordered', async () => {
    await checkpointOfAll();
    let r = await verifyLog(server.databaseUrl);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /result: CONSISTENT/);
    assert.match(r.out, /signature valid/);

    // Edit a history row behind the registry's back (the reason of an event that had none): named
    // by its leaf; restored, consistent again. The approval of a recordation, the opening of a case.
    async function editedRowNamed(table, action, reason) {
      const [id, seq] = (await sql(`SELECT e.id || ' ' || l.seq FROM ${table} e JOIN log_entries l
        ON l.source = '${table}' AND l.source_id = e.id WHERE e.action = '${action}' LIMIT 1`)).split(' ');
      await sql(`UPDATE ${table} SET reason = '${reason}' WHERE id = ${id}`);
      r = await verifyLog(server.databaseUrl);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, new RegExp(`FIRST PROBLEM: leaf ${seq} \\(${table} ${id}\\): its history row was changed`));
      await sql(`UPDATE ${table} SET reason = NULL WHERE id = ${id}`);
      r = await verifyLog(server.databaseUrl);
      assert.equal(r.code, 0, r.out);
      return [id, seq];
    }
    await editedRowNamed('case_events', 'opened', 'Opened on a tip-off');
    const [id, seq] = await editedRowNamed('recordation_events', 'approved', 'Approved without evidence');

    // The log's own copy edited too: the tree no longer gives the signed root.
    await sql(`UPDATE recordation_events SET reason = 'x' WHERE id = ${id}`);
    await sql(`UPDATE log_entries SET event = log_event('recordation_events', (SELECT to_jsonb(e) FROM recordation_events e WHERE e.id = ${id})) WHERE seq = ${seq}`);
    r = await verifyLog(server.databaseUrl);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`leaf ${seq} \\(recordation_events ${id}\\): its event in the log was changed`));

    // A deleted history row.
    const other = (await sql("SELECT e.id || ' ' || l.seq FROM recordation_events e JOIN log_entries l ON l.source = 'recordation_events' AND l.source_id = e.id WHERE e.action = 'submitted' ORDER BY l.seq LIMIT 1")).split(' ');
    await sql(`DELETE FROM recordation_events WHERE id = ${other[0]}`);
    r = await verifyLog(server.databaseUrl);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`leaf ${other[1]} \\(recordation_events ${other[0]}\\): its history row was deleted`));
  });

  test('re-ordered leaves no longer give the signed tree', async () => {
    // A fresh registry, so that the previous test's edits are not in the way.
    const s2 = await startServer({ env: { IPR_LOG_CHECKPOINT_INTERVAL: '1' } });
    try {
      const c = await setupRegistry(s2);
      await fileApproved(s2, c.holder, c.hq, completeFiling());
      const size = await sequenced(s2.databaseUrl);
      for (let i = 0; i < 100 && Number(await psql(s2.databaseUrl, 'SELECT coalesce(max(size), 0) FROM log_checkpoints')) < size; i++)
        await new Promise((r) => setTimeout(r, 200));
      await psql(s2.databaseUrl, 'UPDATE log_entries SET seq = 1000000000 WHERE seq = 0; UPDATE log_entries SET seq = 0 WHERE seq = 1; UPDATE log_entries SET seq = 1 WHERE seq = 1000000000');
      const r = await verifyLog(s2.databaseUrl);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /the tree no longer matches the checkpoint of \d+ leaves: a leaf from 0 to/);
    } finally {
      await s2.stop();
    }
  });

  test('two daemons writing at once: one sequence, no gap, no duplicate; one checkpoint per period', async () => {
    const other = await startServer({ databaseUrl: server.databaseUrl, env: { IPR_LOG_CHECKPOINT_INTERVAL: '1' } });
    try {
      const before = Number(await sql('SELECT size FROM log_head'));
      const filings = await Promise.all(Array.from({ length: 12 }, () =>
        fileSubmitted(server, holder, completeFiling({ title: `ACME ${unique()}` }))));
      await Promise.all(filings.map((f, i) => (i % 2 ? other : server).request('POST', `/v1/recordations/${f.id}/decision`,
        { token: hq.token, body: { outcome: 'approve' } })));
      await Promise.all(filings.map((f, i) => (i % 2 ? server : other).request('POST', `/v1/recordations/${f.id}/revocation`,
        { token: hq.token, body: { reason: 'Test revocation.' } })));
      await sequenced(server.databaseUrl);
      const [count, max, distinct] = (await sql(`SELECT count(*) || ' ' || max(seq) || ' ' || count(DISTINCT (source, source_id)) FROM log_entries`)).split(' ').map(Number);
      assert.equal(max + 1, count);
      assert.equal(distinct, count);
      assert.ok(count >= before + 24);
      assert.equal(Number(await sql('SELECT size FROM log_head')), count);
      await new Promise((r) => setTimeout(r, 2500));
      // One checkpoint a period, however many daemons; each consistent with the one before.
      const periods = (await sql("SELECT count(*) || ' ' || count(DISTINCT period) FROM log_checkpoints")).split(' ');
      assert.equal(periods[0], periods[1]);
      const cps = (await sql("SELECT size || ' ' || encode(root, 'base64') FROM log_checkpoints ORDER BY period")).split('\n')
        .map((l) => { const [s, r] = l.split(' '); return { size: Number(s), root: Buffer.from(r, 'base64') }; });
      for (let i = 1; i < cps.length; i++) {
        assert.ok(cps[i].size >= cps[i - 1].size);
        if (cps[i].size === cps[i - 1].size) { assert.ok(cps[i].root.equals(cps[i - 1].root)); continue; }
        if (cps[i - 1].size === 0) continue;
        const proof = await server.request('GET', `/v1/log/proof?from=${cps[i - 1].size}&size=${cps[i].size}`);
        assert.ok(verifyConsistency(cps[i - 1].size, cps[i].size, cps[i - 1].root, cps[i].root,
          proof.body.consistency.map((h) => Buffer.from(h, 'base64'))), `checkpoint ${i}`);
      }
    } finally {
      await other.stop();
    }
  });

  test('writers do not wait for each other: a leaf gets its position when its transaction has committed', async () => {
    // A transaction that has appended a leaf and stays open (as a slow change would) until told.
    const open = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.databaseUrl], { stdio: ['pipe', 'ignore', 'inherit'] });
    const closed = new Promise((r) => open.on('exit', r));
    open.stdin.write("BEGIN;\nINSERT INTO registry_events (subject, action) VALUES ('calendar:2027-01-01', 'slow_change');\n"
      + "SELECT 'appended';\n");
    for (let i = 0; await sql("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' AND query LIKE '%appended%'") === '0'; i++) {
      assert.ok(i < 200, 'the open transaction did not append its leaf');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Changes meanwhile commit without waiting for it, and get their positions.
    const filed = await fileSubmitted(server, holder, completeFiling({ title: `ACME ${unique()}` }));
    assert.equal((await as(hq, 'POST', `/v1/recordations/${filed.id}/decision`, { outcome: 'approve' })).status, 200);
    const size = await sequenced(server.databaseUrl);
    assert.equal(await sql("SELECT count(*) FROM log_entries WHERE event->>'action' = 'slow_change'"), '0',
      'the open transaction\'s leaf is not visible before its commit');
    const approved = Number(await sql(`SELECT l.seq FROM log_entries l JOIN recordation_events e ON l.source = 'recordation_events'
      AND l.source_id = e.id WHERE e.recordation_id = '${filed.id}' AND e.action = 'approved'`));
    assert.ok(approved < size);
    // Once it commits, its leaf takes the next position: after the changes that committed first.
    open.stdin.end('COMMIT;\n');
    assert.equal(await closed, 0);
    assert.ok(await sequenced(server.databaseUrl) > size);
    assert.ok(Number(await sql("SELECT seq FROM log_entries WHERE event->>'action' = 'slow_change'")) > approved);
  });
});
