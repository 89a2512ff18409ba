// The working-day calendar: declared exceptions, the seed data a fresh registry loads, and
// the one rule every deadline uses, through the real server.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer } from './lib/harness.js';
import { setupRegistry } from './lib/fixtures.js';

describe('calendar', async () => {
  const server = await startServer();
  const cast = await setupRegistry(server);
  const { admin, holder } = cast;
  test.after(() => server.stop());

  const addDays = (start, add) => server.request('GET', `/v1/calendar/working-days?start=${start}&add=${add}`);

  test('a fresh registry knows the PRC holidays and make-up working days', async () => {
    const res = await server.request('GET', '/v1/calendar?from=2026-01-01&to=2027-12-31');
    assert.equal(res.status, 200);
    const byDate = new Map(res.body.items.map((e) => [e.date, e]));
    assert.equal(byDate.get('2026-10-01')?.kind, 'holiday', 'National Day 2026');
    assert.ok(res.body.items.some((e) => e.kind === 'working_day' && e.date.startsWith('2026-')), 'make-up days 2026');
    assert.ok(res.body.items.some((e) => e.kind === 'holiday' && e.date.startsWith('2027-')), 'holidays 2027');
    const dates = res.body.items.map((e) => e.date);
    assert.deepEqual(dates, [...dates].sort(), 'sorted by date');
    for (const e of res.body.items) {
      const weekday = new Date(`${e.date}T00:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      assert.equal(e.kind === 'working_day', weekend, `${e.date} ${e.kind}`);
    }
  });

  test('the Nth working day after a date skips weekends and holidays, and counts make-up days', async () => {
    // Friday 2031-01-03 + 1 is Monday 2031-01-06; the start itself is never counted.
    let res = await addDays('2031-01-03', 1);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { start: '2031-01-03', add: 1, date: '2031-01-06' });
    res = await addDays('2031-01-04', 0);
    assert.equal(res.body.date, '2031-01-04');
    // National Day week 2026: 30 working days after Friday 2026-09-25 land well past the holidays.
    res = await addDays('2026-09-25', 30);
    assert.equal(res.status, 200);
    assert.ok(res.body.date > '2026-11-05', res.body.date);
  });

  test('the administrator declares and removes exceptions, and deadlines follow at once', async () => {
    const before = await addDays('2031-01-03', 1);
    assert.equal(before.body.date, '2031-01-06');

    const put = await server.request('PUT', '/v1/calendar/2031-01-06', {
      token: admin.token, body: { kind: 'holiday', name: 'Test holiday' },
    });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body, { date: '2031-01-06', kind: 'holiday', name: 'Test holiday' });
    assert.equal((await addDays('2031-01-03', 1)).body.date, '2031-01-07');

    const makeUp = await server.request('PUT', '/v1/calendar/2031-01-04', {
      token: admin.token, body: { kind: 'working_day', name: 'Test make-up day' },
    });
    assert.equal(makeUp.status, 200);
    assert.equal((await addDays('2031-01-03', 1)).body.date, '2031-01-04');

    const listed = await server.request('GET', '/v1/calendar?from=2031-01-01&to=2031-01-31');
    assert.deepEqual(listed.body.items.map((e) => e.date), ['2031-01-04', '2031-01-06']);

    // Replacing keeps one exception per date.
    const renamed = await server.request('PUT', '/v1/calendar/2031-01-06', {
      token: admin.token, body: { kind: 'holiday', name: 'Renamed' },
    });
    assert.equal(renamed.body.name, 'Renamed');

    for (const date of ['2031-01-04', '2031-01-06']) {
      const del = await server.request('DELETE', `/v1/calendar/${date}`, { token: admin.token });
      assert.equal(del.status, 204);
    }
    assert.equal((await addDays('2031-01-03', 1)).body.date, '2031-01-06');
    const again = await server.request('DELETE', '/v1/calendar/2031-01-06', { token: admin.token });
    assert.equal(again.status, 404);
  });

  test('exceptions must make sense, and only the administrator declares them', async () => {
    let res = await server.request('PUT', '/v1/calendar/2031-01-11', { // a Saturday
      token: admin.token, body: { kind: 'holiday', name: 'Weekend holiday' },
    });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['kind']);
    res = await server.request('PUT', '/v1/calendar/2031-01-13', { // a Monday
      token: admin.token, body: { kind: 'working_day', name: 'Weekday make-up' },
    });
    assert.equal(res.status, 422);
    res = await server.request('PUT', '/v1/calendar/2031-01-13', {
      token: admin.token, body: { kind: 'vacation', name: '', extra: 1 },
    });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['extra', 'kind', 'name']);
    res = await server.request('PUT', '/v1/calendar/2031-02-30', {
      token: admin.token, body: { kind: 'holiday', name: 'No such day' },
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].field, 'date');
    res = await server.request('PUT', '/v1/calendar/2031-01-13', {
      token: holder.token, body: { kind: 'holiday', name: 'Holder holiday' },
    });
    assert.equal(res.status, 403);
    res = await server.request('DELETE', '/v1/calendar/2026-10-01', {});
    assert.equal(res.status, 401);
  });

  test('bad queries are named', async () => {
    let res = await server.request('GET', '/v1/calendar?from=2026-01-01');
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field), ['to']);
    res = await server.request('GET', '/v1/calendar?from=2026-12-31&to=2026-01-01');
    assert.equal(res.status, 422);
    res = await server.request('GET', '/v1/calendar?from=2026-01-01&to=2030-01-01');
    assert.equal(res.status, 422, 'more than 3 years');
    res = await server.request('GET', '/v1/calendar/working-days?start=2026-13-01&add=-1');
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['add', 'start']);
    res = await server.request('GET', '/v1/calendar/working-days?start=2026-01-01&add=3651');
    assert.equal(res.status, 422);
  });

  test('scripts/load-calendar loads another jurisdiction from a CSV file, replacing the years it covers', async () => {
    const root = process.env.IPR_ROOT;
    const env = { ...process.env, IPR_URL: server.url, IPR_TOKEN: admin.token };
    await promisify(execFile)(join(root, 'scripts', 'load-calendar'),
      [join(root, 'schema', 'calendars', 'example-de-by-2027.csv'), '--replace'], { env });
    const res = await server.request('GET', '/v1/calendar?from=2027-01-01&to=2027-12-31');
    assert.deepEqual(res.body.items.map((e) => e.date), ['2027-01-01', '2027-01-06', '2027-03-26', '2027-03-29',
      '2027-05-06', '2027-05-17', '2027-05-27', '2027-11-01']);
    assert.equal(res.body.items[1].name, 'Heilige Drei Könige');
    // Good Friday and Easter Monday are now days off: Thursday 25 March + 1 working day is Tuesday 30 March.
    assert.equal((await addDays('2027-03-25', 1)).body.date, '2027-03-30');
    // 2026 is untouched
    const y2026 = await server.request('GET', '/v1/calendar?from=2026-10-01&to=2026-10-01');
    assert.equal(y2026.body.items.length, 1);
    // a bad line stops the load and names it
    const file = join(mkdtempSync(join(tmpdir(), 'iprd-cal-')), 'bad.csv');
    writeFileSync(file, 'date,kind,name\n2027-12-27,holiday,Fine\n2027-12-25,holiday,Saturday\n');
    const bad = await promisify(execFile)(join(root, 'scripts', 'load-calendar'), [file], { env }).then(() => null, (e) => e);
    assert.ok(bad, 'a holiday on a Saturday was loaded');
    assert.match(bad.stderr, /422/);
    assert.match(bad.stderr, /line 3/);
  });
});
