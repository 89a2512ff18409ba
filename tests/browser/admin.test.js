// The administrator's journeys in the web console: create a port office (the server's 422 and
// the 409 of a taken code shown on their fields first), an officer in it, find the officer in
// the users list, disable them with a reason (their login then fails) and enable them again;
// declare a holiday in the calendar's month view with the keyboard alone, see it marked, see the
// working-days calculator's answer move by one day, and remove it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, createAdmin, ensureOffice, PASSWORD, unique } from '../api/lib/fixtures.js';
import {
  assertAccessible, click, control, fieldError, fillForm, heading, launch, loginAs, screenshot,
  startConsoleServer, waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;
let admin;

before(async () => {
  server = await startConsoleServer();
  chromium = await launch();
  admin = await createAdmin(server);
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

/** The text of the first element matching selector. */
const text = (page, selector) => page.$eval(selector, (e) => e.textContent.trim());

test('offices, an officer, and a user disabled then enabled', async () => {
  const code = `P${Date.now().toString(36).toUpperCase().slice(-8)}`;
  const officer = { name: 'Chen Jing', email: `${unique('chen.jing')}@customs.example` };
  await withPage(chromium.browser, server, 'admin-offices', async (page) => {
    await loginAs(page, { email: admin.email, password: PASSWORD }, 'Administration');
    await page.waitForSelector('.tile-value');
    const tiles = await page.$$eval('.tile', (ts) => ts.map((t) => [t.querySelector('.tile-label').textContent, t.querySelector('.tile-value').textContent]));
    assert.deepEqual(Object.fromEntries(tiles), {
      'Customs offices': '1', 'Customs officers': '0', 'Users of the registry': '1', 'Disabled accounts': '0',
    });
    await assertAccessible(page, 'admin home');
    await screenshot(page, 'admin-home');

    // Offices: a name the registry refuses (422) and a taken code (409), each on its field.
    await click(page, 'Customs offices');
    await waitForHeading(page, 'Customs offices');
    await page.waitForSelector('.paged-list li');
    await fillForm(page, { 'Office code': 'HQ', 'Name of the office': 'x'.repeat(201), 'Kind of office': 'port' });
    await click(page, 'Create the office');
    await page.waitForFunction(() => document.querySelector('[id="f-name-error"]'));
    assert.match(await fieldError(page, 'Name of the office'), /200/);
    assert.equal(await fieldError(page, 'Office code'), '');
    await fillForm(page, { 'Name of the office': 'Yangshan Port Customs' });
    await click(page, 'Create the office');
    await page.waitForFunction(() => document.querySelector('[id="f-code-error"]'));
    assert.equal(await fieldError(page, 'Office code'), 'is taken');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-code', 'focus goes to the taken code');
    assert.match(await text(page, '[role="alert"]'), /conflicts/);
    await assertAccessible(page, 'offices with a 409');

    await fillForm(page, { 'Office code': code });
    await click(page, 'Create the office');
    await page.waitForSelector('.banner-success');
    assert.equal(await text(page, '.banner-success'), `Office ${code} (Yangshan Port Customs) created. Add an officer to it`);
    await page.waitForFunction((c) => [...document.querySelectorAll('.paged-list li')].some((li) => li.textContent.includes(c)), {}, code);
    const listed = await page.$$eval('.paged-list li', (lis) => lis.map((li) => li.querySelector('strong').textContent));
    assert.deepEqual(listed, ['HQ', code], 'sorted by code');
    await screenshot(page, 'admin-offices');

    // An officer in that office: the empty form shows its errors, then the account is created.
    await click(page, 'Add an officer to it');
    await waitForHeading(page, 'New customs officer');
    await page.waitForFunction((c) => document.querySelector('[id="f-office_code"]').value === c, {}, code);
    await click(page, 'Create the officer');
    assert.equal(await fieldError(page, 'Full name'), 'This field is required.');
    // An email already taken (the administrator's): the 409 lands on Email.
    await fillForm(page, { 'Full name': officer.name, Email: admin.email, 'First password': PASSWORD });
    await click(page, 'Create the officer');
    await page.waitForFunction(() => document.querySelector('[id="f-email-error"]'));
    assert.equal(await fieldError(page, 'Email'), 'is already registered');
    await assertAccessible(page, 'officers with a 409');
    await fillForm(page, { Email: officer.email });
    await click(page, 'Create the officer');
    await page.waitForSelector('.banner-success');
    assert.match(await text(page, '.banner-success'), new RegExp(`${officer.name} now works for office ${code} \\(Port officer\\)`));
    assert.equal(await (await control(page, 'Email')).evaluate((e) => e.value), '', 'an empty form for the next officer');
    assert.equal(await (await control(page, 'Customs office')).evaluate((e) => e.value), code, 'in the same office');
    await screenshot(page, 'admin-officers');
    assert.equal((await server.request('POST', '/v1/sessions', { body: { email: officer.email, password: PASSWORD } })).status, 201);

    // The users of that office, then the role filter.
    await click(page, 'See the officers of this office');
    await waitForHeading(page, 'Users');
    const rows = async () => {
      await page.waitForFunction(() => document.querySelector('.paged-list')?.getAttribute('aria-busy') === 'false');
      return page.$$eval('.paged-list li', (lis) => lis.map((li) => li.textContent));
    };
    let found = await rows();
    assert.equal(found.length, 1);
    assert.match(found[0], new RegExp(`${officer.name}.*${officer.email}.*Port officer · office ${code}.*Enabled`));
    assert.equal(await (await control(page, 'Customs office')).evaluate((e) => e.value), code);
    await fillForm(page, { Role: 'rights_holder' });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('role') === 'rights_holder');
    assert.deepEqual(await rows(), []);
    assert.equal(await text(page, '.paged-list .empty'), 'No user matches these filters.');
    await fillForm(page, { Role: 'port_officer' });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('role') === 'port_officer');
    assert.equal((await rows()).length, 1);

    // Disable: the reason is required; then the state shows, and the login fails.
    await page.click(`button[aria-label="Disable ${officer.name}"]`);
    await page.waitForSelector('dialog[open]');
    assert.equal(await text(page, 'dialog h2'), `Disable ${officer.name}?`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-reason', 'focus in the dialog');
    await click(page, 'Disable the user');
    assert.equal(await fieldError(page, 'Reason'), 'This field is required.');
    await assertAccessible(page, 'disable dialog');
    await fillForm(page, { Reason: 'Moved to the Ningbo district on 2026-12-01.' });
    await click(page, 'Disable the user');
    await page.waitForSelector('dialog', { hidden: true });
    await page.waitForFunction(() => document.querySelector('.paged-list li .badge')?.textContent === 'Disabled');
    found = await rows();
    assert.match(found[0], /Disabled on .*: Moved to the Ningbo district on 2026-12-01\./);
    assert.equal(await text(page, '.sr-status'), `${officer.name} is disabled.`);
    const refused = await server.request('POST', '/v1/sessions', { body: { email: officer.email, password: PASSWORD } });
    assert.equal(refused.status, 401, 'a disabled user cannot log in');
    await fillForm(page, { State: 'true' });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('disabled') === 'true');
    assert.equal((await rows()).length, 1, 'listed among the disabled');
    await screenshot(page, 'admin-users');
    await assertAccessible(page, 'users');

    await page.click(`button[aria-label="Enable ${officer.name}"]`);
    await page.waitForFunction(() => document.querySelector('.paged-list li .badge')?.textContent === 'Enabled');
    assert.doesNotMatch((await rows())[0], /Disabled on/);
    const back = await server.request('POST', '/v1/sessions', { body: { email: officer.email, password: PASSWORD } });
    assert.equal(back.status, 201, 'enabled again, the user logs in');

    // All users again, then the users of one organization (its link on a user), then a bad id.
    const holder = await createAccount(server, 'rights_holder');
    await click(page, 'Users');
    await page.waitForFunction(() => location.search === '');
    assert.equal((await rows()).length, 3, 'the administrator, the officer, the holder');
    await click(page, `organization ${holder.organization.id}`);
    await page.waitForFunction((id) => new URL(location.href).searchParams.get('organization_id') === id, {}, holder.organization.id);
    found = await rows();
    assert.equal(found.length, 1);
    assert.match(found[0], new RegExp(holder.email));
    assert.equal(await (await control(page, 'Organization id')).evaluate((e) => e.value), holder.organization.id);
    await fillForm(page, { 'Organization id': 'not-an-id' });
    await click(page, 'Apply');
    assert.match(await fieldError(page, 'Organization id'), /UUID/);
    assert.equal(new URL(page.url()).searchParams.get('organization_id'), holder.organization.id, 'the list is not changed');
  });
});

// Civil dates in the test, as the registry counts them.
const day = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
/** 0 for Monday ... 6 for Sunday. */
const weekday = (iso) => (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
const longDate = (iso) => new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  .format(new Date(`${iso}T00:00:00Z`));

test('a holiday declared in the month view with the keyboard moves the working-day answer by one day', async () => {
  const { body: me } = await server.request('GET', '/v1/me', { token: admin.token });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: me.time_zone }).format(new Date());
  // From next month's first Monday, 3 working days; the holiday goes on the first weekday after
  // it that has no declared exception (the registry's seeded holidays may be near). Without
  // that working day the answer is what the 4th working day is now.
  const [y, m] = today.split('-').map(Number);
  const nextFirst = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const monday = day(nextFirst, (7 - weekday(nextFirst)) % 7);
  const declared = (await server.request('GET', `/v1/calendar?from=${monday}&to=${day(monday, 31)}`)).body.items.map((e) => e.date);
  let holiday = day(monday, 1);
  while (weekday(holiday) > 4 || declared.includes(holiday)) holiday = day(holiday, 1);
  const nth = async (n) => (await server.request('GET', `/v1/calendar/working-days?start=${monday}&add=${n}`)).body.date;
  const before = await nth(3);
  const after = await nth(4);
  assert.ok(after > before);

  await withPage(chromium.browser, server, 'admin-calendar', async (page) => {
    await loginAs(page, { email: admin.email, password: PASSWORD }, 'Administration');
    await click(page, 'Calendar');
    await waitForHeading(page, 'Working-day calendar');
    await page.waitForSelector('[role="grid"] td[aria-current="date"]');
    assert.equal(await page.$eval('td[aria-current="date"]', (td) => td.dataset.date), today);
    await assertAccessible(page, 'calendar');

    // The calculator answers at once: 5 working days after today.
    const answer = (d) => page.waitForFunction((date) => document.querySelector('.calc-result time')?.getAttribute('datetime') === date, {}, d);
    const firstAnswer = (await server.request('GET', `/v1/calendar/working-days?start=${today}&add=5`)).body.date;
    await answer(firstAnswer);
    await fillForm(page, { 'Number of working days': '3' });
    // The order of a date input's parts follows the browser's locale: set the value as its
    // date picker does (the input event the screen listens to), not by typing.
    await (await control(page, 'After the date')).evaluate((input, value) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, monday);
    await click(page, 'Calculate');
    await answer(before);
    assert.equal(await text(page, '.calc-result'), `3 working days after ${longDate(monday)}: ${longDate(before)}`);

    // Keyboard only from here: Tab into the grid, Page Down to next month, arrows to the day.
    await page.focus('main h1');
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement.dataset?.date)) break;
    }
    const focused = () => page.evaluate(() => document.activeElement.dataset?.date);
    const focusOn = (date) => page.waitForFunction((d) => document.activeElement.dataset?.date === d, {}, date);
    assert.equal(await focused(), today, 'Tab reaches the grid on today');
    await page.keyboard.press('PageDown');
    await page.waitForFunction((first) => document.activeElement.dataset?.date?.slice(0, 7) === first.slice(0, 7), {}, nextFirst);
    assert.equal(await text(page, '#month-title'), new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${nextFirst}T00:00:00Z`)));
    let diff = Math.round((Date.parse(holiday) - Date.parse(await focused())) / 86400000);
    for (; diff >= 7; diff -= 7) await page.keyboard.press('ArrowDown');
    for (; diff <= -7; diff += 7) await page.keyboard.press('ArrowUp');
    for (; diff > 0; diff -= 1) await page.keyboard.press('ArrowRight');
    for (; diff < 0; diff += 1) await page.keyboard.press('ArrowLeft');
    await focusOn(holiday);
    const sunday = day(holiday, 6 - weekday(holiday));
    await page.keyboard.press('End');
    await focusOn(sunday);
    assert.match(await page.$eval(`td[data-date="${sunday}"]`, (td) => td.className), /day-weekend/);
    await page.keyboard.press('Home');
    await focusOn(day(sunday, -6));
    for (let i = 0; i < weekday(holiday); i++) await page.keyboard.press('ArrowRight');
    await focusOn(holiday);

    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    assert.equal(await text(page, 'dialog h2'), longDate(holiday));
    assert.equal(await text(page, 'dialog .day-state'), 'A working day.');
    await page.keyboard.type('Customs Day');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog', { hidden: true });

    const cell = `td[data-date="${holiday}"]`;
    await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('day-holiday'), {}, cell);
    assert.equal(await page.$eval(cell, (td) => td.querySelector('.day-name').textContent), 'Customs Day');
    assert.equal(await page.$eval(cell, (td) => td.querySelector('.visually-hidden').textContent), `${longDate(holiday)}: Holiday: Customs Day`);
    await focusOn(holiday); // back on the day
    assert.equal(await text(page, '.sr-status'), `${longDate(holiday)} is now a holiday.`);
    const stored = await server.request('GET', `/v1/calendar?from=${holiday}&to=${holiday}`);
    assert.deepEqual(stored.body.items, [{ date: holiday, kind: 'holiday', name: 'Customs Day' }]);
    await answer(after);
    assert.equal(await text(page, '.calc-result'), `3 working days after ${longDate(monday)}: ${longDate(after)}`);
    await page.mouse.move(0, 0);
    await screenshot(page, 'admin-calendar');
    await assertAccessible(page, 'calendar with a holiday');

    // Remove it, still with the keyboard: the answer comes back.
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    assert.equal(await text(page, 'dialog .day-state'), 'Holiday: Customs Day');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Remove the exception');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog', { hidden: true });
    await page.waitForFunction((sel) => !document.querySelector(sel).classList.contains('day-holiday'), {}, cell);
    await answer(before);
    assert.deepEqual((await server.request('GET', `/v1/calendar?from=${holiday}&to=${holiday}`)).body.items, []);
    assert.equal(await heading(page), 'Working-day calendar');
  });
});
