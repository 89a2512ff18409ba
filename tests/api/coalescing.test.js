// The hot reads (GET /v1/recordations/{id}, the authorization check) that arrive in one turn of
// the event loop run as one statement for all of them (server/db/pipeline.c): each request must
// still get exactly its own answer, as when it was asked alone, whoever asks and whatever the
// answer (found, not found, not visible, authorized or not, parameters with quotes, commas,
// braces and backslashes, absent ones), and a failed group must not fail its other requests.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startServer, psql, lockHeld } from './lib/harness.js';
import { setupRegistry, fileApproved, fileDraft } from './lib/fixtures.js';

describe('requests that share one statement', async () => {
  const metricsToken = 'scraper-'.padEnd(40, 'c');
  // One loop, one pipelined connection: every request below goes through the same batches.
  const server = await startServer({ env: { IPR_THREADS: '1', IPR_DB_PIPELINES: '1', IPR_METRICS_TOKEN: metricsToken } });
  const { hq, port, holder, holder2, importer } = await setupRegistry(server);
  test.after(() => server.stop());
  const as = (who, path) => server.request('GET', path, { token: who.token });
  // What a request is answered, without what differs between two askings (a problem's request_id).
  const answer = (res) => ({ status: res.status, body: { ...res.body, request_id: undefined } });

  async function coalesced() {
    const res = await server.request('GET', '/metrics', { token: metricsToken });
    assert.equal(res.status, 200);
    return Number(/^iprd_db_coalesced_total (\d+)$/m.exec(res.text)[1]);
  }

  // Registration numbers that an array literal must quote, and one that is the word NULL.
  const awkward = ['QUOTE"D-1', 'BACK\\SLASH-2', 'COMMA,3', '{BRACE}-4', 'NULL', 'SPACE D 6'];

  test('each request of a group gets its own answer, the one it gets alone', async () => {
    const mine = await fileApproved(server, holder, hq);
    const theirs = await fileApproved(server, holder2, hq);
    const draft = await fileDraft(server, holder);
    for (const [i, regno] of awkward.entries()) {
      const res = await server.request('POST', `/v1/recordations/${mine.id}/authorized-users`, {
        token: holder.token,
        body: { name: `Awkward ${i}`, registration_number: regno, country: 'CN', roles: i % 2 ? ['importer'] : ['licensee'] },
      });
      assert.equal(res.status, 201, res.text);
    }
    const check = (params) => `/v1/authorizations/check?${new URLSearchParams(params)}`;
    const asks = [];
    for (const id of [mine.id, theirs.id, draft.id, randomUUID()]) {
      asks.push([holder, `/v1/recordations/${id}`], [port, `/v1/recordations/${id}`]);
    }
    for (const regno of [...awkward, 'NOT-LISTED', '']) {
      asks.push([port, check({ recordation: mine.id, registration_number: regno })]);
      asks.push([port, check({ recordation: mine.number, registration_number: regno, role: 'importer' })]);
      asks.push([importer, check({ recordation: mine.number, registration_number: regno })]);
    }
    asks.push([port, check({ recordation: theirs.id, registration_number: awkward[0] })]);
    asks.push([port, check({ recordation: randomUUID(), registration_number: awkward[1] })]);
    asks.push([port, check({ recordation: 'T2026-999999', registration_number: awkward[1] })]);

    const alone = [];
    for (const [who, path] of asks) alone.push(await as(who, path)); // one at a time: never grouped
    assert.ok(alone.some((r) => r.status === 200 && r.body.authorized === true), 'some checks pass');
    assert.ok(alone.some((r) => r.status === 200 && r.body.authorized === false), 'some checks fail');
    assert.ok(alone.some((r) => r.status === 404), 'some lookups find nothing');

    const before = await coalesced();
    for (let round = 0; round < 3; round++) {
      const together = await Promise.all(asks.map(([who, path]) => as(who, path)));
      together.forEach((res, i) => assert.deepEqual(answer(res), answer(alone[i]), asks[i][1]));
    }
    assert.ok(await coalesced() > before, 'the requests asked together were answered in groups');
  });

  test('a group that fails is sent again request by request: only what was cancelled alone fails', async () => {
    const r = await fileApproved(server, holder, hq);
    const lookup = () => as(port, `/v1/recordations/${r.id}`);
    const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
    // Twenty connections kept open, and the group's statement prepared on the pipeline.
    const before = await coalesced();
    for (const res of await Promise.all(Array.from({ length: 20 }, lookup))) assert.equal(res.status, 200);
    assert.ok(await coalesced() > before, 'twenty lookups at once were grouped');
    const locker = spawn('psql', ['-X', '-q', '-d', server.databaseUrl, '-c',
      'BEGIN; LOCK TABLE recordations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;']);
    const released = new Promise((done) => locker.on('exit', done));
    await lockHeld(server.databaseUrl, 'recordations');
    const waiting = [lookup()]; // alone in its batch: it waits for the lock
    await sleep(100);
    waiting.push(...Array.from({ length: 20 }, lookup)); // behind it, in one or a few groups
    // Cancel what the pipeline's backend waits on, each statement once, until a group was (on a
    // busy machine the twenty may come over several turns of the loop, some of them alone).
    const waiter = "SELECT pid || ' ' || query_start || ' ' || (query LIKE '%jsonb_array_elements%') " +
      "FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'iprd-pipeline' " +
      "AND wait_event_type = 'Lock'";
    let singles = 0, group = false, last = '';
    for (const end = Date.now() + 3500; !group && Date.now() < end;) {
      const row = await psql(server.databaseUrl, waiter);
      if (!row || row === last) { await sleep(20); continue; }
      last = row;
      await psql(server.databaseUrl, `SELECT pg_cancel_backend(${row.split(' ')[0]})`);
      if (row.endsWith(' true')) group = true;
      else singles += 1;
    }
    const answers = await Promise.all(waiting);
    await released;
    assert.ok(group, 'a group waited for the lock and was cancelled');
    const refused = answers.filter((res) => res.status !== 200);
    assert.ok(refused.length <= singles, `only the ${singles} lookups cancelled alone may fail: ${answers.map((res) => res.status)}`);
    for (const res of refused) assert.equal(res.status, 503, res.text);
    for (const res of answers.filter((a) => a.status === 200)) assert.equal(res.body.id, r.id);
  });
});
