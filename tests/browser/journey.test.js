// The registry's cross-role journey (issue 17, "Tests"): a rights holder files and submits, a
// headquarters officer asks for information, the administrator declares a holiday in the
// calendar's month view, the holder answers and the decision deadline of the filing lands one
// working day later than it would have; the officer approves and the holder sees the number
// and validity; an importer files a pre-confirmation naming it and the port officer confirms it.
// The administrator's step goes through the console; the other roles' steps go through the API
// (what their screens call) until their screens land, and the holder's view is read as the holder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, fileSubmitted, setupRegistry } from '../api/lib/fixtures.js';
import { completeFiling } from '../api/lib/filings.js';
import { shiftDays, today } from '../api/lib/dates.js';
import { launch, loginAs, startConsoleServer, click, waitForHeading, screenshot, withPage } from './lib/browser.js';

let server;
let chromium;
let cast;

before(async () => {
  server = await startConsoleServer();
  chromium = await launch();
  cast = await setupRegistry(server);
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

const weekday = (iso) => (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 Monday ... 6 Sunday

test('a holiday declared by the administrator moves the deadline the holder sees by one working day', async () => {
  const { admin, hq, port, holder, importer } = cast;
  const as = async (who, method, path, body) => {
    const res = await server.request(method, path, { token: who.token, body });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const workingDaysAfter = async (start, add) => (await as(holder, 'GET', `/v1/calendar/working-days?start=${start}&add=${add}`)).date;

  // The holder files and submits; the officer finds it first in the queue and asks for information.
  const filing = await fileSubmitted(server, holder, completeFiling({ title: 'ACME journey trademark' }));
  assert.equal(filing.status, 'submitted');
  const queue = await as(hq, 'GET', '/v1/recordations?status=submitted');
  assert.equal(queue.items[0].id, filing.id, 'first in the queue');
  await as(hq, 'POST', `/v1/recordations/${filing.id}/decision`,
    { outcome: 'request_information', reason: 'Please attach the licence contract.' });
  const paused = await as(holder, 'GET', `/v1/recordations/${filing.id}`);
  assert.equal(paused.status, 'information_requested');
  const left = paused.paused_working_days_left;
  assert.ok(Number.isInteger(left) && left > 0, `working days left while paused: ${left}`);

  // The day to declare: the first weekday after today with no declared exception, which the
  // resumed clock will count; and the deadline with and without it.
  const declared = (await as(admin, 'GET', `/v1/calendar?from=${today()}&to=${shiftDays(today(), 62)}`)).items.map((e) => e.date);
  let holiday = shiftDays(today(), 1);
  while (weekday(holiday) > 4 || declared.includes(holiday)) holiday = shiftDays(holiday, 1);
  const withoutHoliday = await workingDaysAfter(today(), left);
  const withHoliday = await workingDaysAfter(today(), left + 1);
  assert.equal(withHoliday, await workingDaysAfter(withoutHoliday, 1), 'one working day later');

  // The administrator declares it in the month view, with the keyboard.
  await withPage(chromium.browser, server, 'journey-admin', async (page) => {
    await loginAs(page, { email: admin.email, password: PASSWORD }, 'Administration');
    await click(page, 'Calendar');
    await waitForHeading(page, 'Working-day calendar');
    await page.waitForSelector('td[aria-current="date"]');
    await page.focus('td[tabindex="0"]');
    const days = Math.round((Date.parse(holiday) - Date.parse(today())) / 86400000);
    for (let i = 0; i < days; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction((d) => document.activeElement.dataset?.date === d, {}, holiday);
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    await page.keyboard.type('Customs Service Day');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog', { hidden: true });
    await page.waitForFunction((d) => document.querySelector(`td[data-date="${d}"]`)?.classList.contains('day-holiday'), {}, holiday);
    await screenshot(page, 'journey-holiday');
  });

  // The holder answers: the clock resumes with the working days that were left, past the holiday.
  const resumed = await as(holder, 'POST', `/v1/recordations/${filing.id}/submit`, { note: 'The licence contract is attached.' });
  assert.equal(resumed.status, 'submitted');
  const seen = await as(holder, 'GET', `/v1/recordations/${filing.id}`);
  assert.equal(seen.due_on, withHoliday, `the deadline moved from ${withoutHoliday} to ${withHoliday}`);
  assert.notEqual(seen.due_on, withoutHoliday);
  assert.equal(seen.working_days_left, left, 'the working days left are the same; the date is one working day later');

  // The officer approves; the holder sees the number and the validity.
  await as(hq, 'POST', `/v1/recordations/${filing.id}/decision`, { outcome: 'approve' });
  const approved = await as(holder, 'GET', `/v1/recordations/${filing.id}`);
  assert.equal(approved.status, 'approved');
  assert.match(approved.number, /^T\d{4}-\d{6}$/);
  assert.equal(approved.valid_from, today());
  assert.ok(approved.valid_until > today());

  // An importer asks the port for a pre-confirmation naming it; the port officer confirms it.
  const request = await as(importer, 'POST', '/v1/pre-confirmations', {
    office_code: port.office.code, direction: 'import', recordation_number: approved.number,
    goods: [{ description: 'ACME X1 mobile phones', hs_code: '85171300', quantity: 500, unit: 'pcs', value: 125000, currency: 'USD' }],
    expected_on: shiftDays(today(), 20),
  });
  assert.equal(request.status, 'submitted');
  const confirmed = await as(port, 'POST', `/v1/pre-confirmations/${request.id}/decision`, { outcome: 'confirm' });
  assert.equal(confirmed.status, 'confirmed');
  assert.ok(confirmed.number);
  assert.equal((await as(importer, 'GET', `/v1/pre-confirmations/${request.id}`)).status, 'confirmed');
});
