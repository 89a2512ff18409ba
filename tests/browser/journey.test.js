// The registry's cross-role journey (issue 17, "Tests"), every role acting through its screens,
// clicking and typing: a rights holder registers, files a trademark (the registry's 422 shown on
// its field), uploads the certificate and submits; a headquarters officer finds it first in the
// queue and requests information; the administrator declares a holiday in the calendar; the
// holder answers and the decision deadline shown lands one working day later than it would have;
// the officer approves and the holder sees the number and validity; an importer registers and
// files a pre-confirmation naming the recordation, and the port officer confirms it. Only what
// no screen offers goes through the API: the administrator's account, the offices and officers
// (tests/api/lib/fixtures.js), and reading the registry's own answers to compare with the screens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmin, createOfficer, ensureOffice, PASSWORD, unique } from '../api/lib/fixtures.js';
import { shiftDays, today } from '../api/lib/dates.js';
import {
  click, control, fieldError, fillForm, launch, loginAs, realPdf, screenshot, startConsoleServer, typeDate,
  visit, waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;
let files;
let admin;
let hq;
let port;

before(async () => {
  server = await startConsoleServer();
  chromium = await launch();
  files = mkdtempSync(join(tmpdir(), 'iprd-journey-'));
  admin = await createAdmin(server);
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
  await ensureOffice(server, admin, 'CNSHA', 'port', 'Shanghai Customs');
  hq = await createOfficer(server, admin, 'HQ');
  port = await createOfficer(server, admin, 'CNSHA');
});

after(async () => {
  await chromium?.close();
  await server?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

const weekday = (iso) => (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 Monday ... 6 Sunday
const dateText = (iso) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const textOf = (page, selector) => page.$eval(selector, (e) => e.textContent.trim());

/** An officer decides the filing open in the page: the outcome chosen, fields typed, recorded. */
async function decide(page, outcome, fields = {}) {
  await click(page, 'Decide…');
  await page.waitForSelector('dialog.modal[open]');
  await page.click(`input[value="${outcome}"]`);
  await fillForm(page, fields);
  await click(page, 'Record the decision');
  await page.waitForSelector('.banner-success');
}

/** The holder logs in and opens the filing from "Recordations". */
async function openFiling(page, holder, title) {
  await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
  await click(page, 'Recordations');
  await waitForHeading(page, 'My recordations');
  await click(page, title);
  await waitForHeading(page, title);
}

/** What the registry answers the holder (read only, to compare with what the screens show). */
async function read(who, path) {
  const res = await server.request('GET', path, { token: who.token });
  assert.equal(res.status, 200, `${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** Registers an organization and its first user through the registration screen; resolves to { email, token }. */
async function register(page, kind, name, landing) {
  const email = `${unique(kind)}@company.example`;
  await visit(page, '/register');
  await waitForHeading(page, 'Register your organization');
  await fillForm(page, {
    'The organization is': kind,
    'Name of the organization': name,
    Country: 'CN',
    'Registration number': unique('9131'),
    Address: '1 Century Avenue, Shanghai',
    'Contact email': 'legal@company.example',
    Phone: '+86 21 5555 0100',
    'Full name': 'Li Wei',
    Email: email,
    Password: PASSWORD,
  });
  await click(page, 'Register');
  await waitForHeading(page, landing);
  const session = await server.request('POST', '/v1/sessions', { body: { email, password: PASSWORD } });
  assert.equal(session.status, 201, session.text);
  return { email, token: session.body.token };
}

test('holder, headquarters, administrator, importer and port officer, each through the console', async () => {
  const title = unique('ACME journey mark ');
  let holder;
  let id;

  // The holder registers, files (a 422 on its field first), uploads the certificate and submits.
  await withPage(chromium.browser, server, 'journey-holder-files', async (page) => {
    holder = await register(page, 'rights_holder', 'Acme Brands Ltd', 'Your recordations');
    await click(page, 'File a recordation');
    await waitForHeading(page, 'File a recordation');
    await fillForm(page, { 'Type of right': 'copyright', 'Name of the right': title, 'Nice classes': '9, 25', 'HS codes': '851713, 6109' });
    await click(page, 'Save draft');
    await page.waitForSelector('[id="f-classes-error"]');
    assert.match(await fieldError(page, 'Nice classes'), /only trademarks have Nice classes/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-classes', 'focus goes to the bad field');
    assert.equal(await fieldError(page, 'Name of the right'), '');

    await fillForm(page, {
      'Type of right': 'trademark',
      'Registration number': '12345678',
      'Registering authority': 'CNIPA',
      Licensing: 'not_licensed',
      'Goods covered': 'Mobile phones; clothing',
    });
    await typeDate(page, 'Right valid until', shiftDays(today(), 3650));
    await click(page, 'Save draft');
    await waitForHeading(page, 'Edit the filing');
    id = new URL(page.url()).pathname.split('/')[3];

    const certificate = join(files, 'certificate.pdf');
    writeFileSync(certificate, realPdf('Registration certificate No. 12345678').bytes);
    await page.waitForSelector('section[aria-labelledby="documents-title"][aria-busy="false"]');
    await (await control(page, 'Choose a file to upload')).uploadFile(certificate);
    await page.waitForFunction(() => /certificate\.pdf uploaded/.test(document.querySelector('.upload-progress')?.textContent ?? ''));
    await page.waitForFunction(() => /certificate\.pdf/.test(document.querySelector('section[aria-labelledby="documents-title"] table')?.textContent ?? ''));

    await click(page, 'Submit');
    await waitForHeading(page, title);
    assert.equal(await textOf(page, '.detail-status .badge'), 'Submitted');
    const submitted = await read(holder, `/v1/recordations/${id}`);
    assert.equal(await textOf(page, '.deadline-box'), `Decision due ${dateText(submitted.due_on)} · ${submitted.working_days_left} working days left`);
  });

  // Headquarters: the filing is first in the queue; the officer opens it and requests information.
  const request = 'Please attach the licence contract or confirm that the mark is not licensed.';
  await withPage(chromium.browser, server, 'journey-hq-requests', async (page) => {
    await loginAs(page, { email: hq.email, password: PASSWORD }, 'Review queue');
    await page.waitForFunction(() => document.querySelector('.paged-list')?.getAttribute('aria-busy') === 'false');
    assert.equal(await textOf(page, '.paged-list .items > li .queue-title a'), title, 'first in the queue');
    await click(page, title);
    await waitForHeading(page, title);
    await decide(page, 'request_information', { 'Information requested from the holder': request });
    assert.equal(await textOf(page, '.banner-success'), 'Decision recorded. The status is now: Information requested.');
  });

  // The holder sees the request and the clock stopped with the working days that remain.
  let left;
  await withPage(chromium.browser, server, 'journey-holder-paused', async (page) => {
    await openFiling(page, holder, title);
    assert.equal(await textOf(page, '.detail-status .badge'), 'Information requested');
    assert.match(await textOf(page, '.banner-warn'), new RegExp(`Customs requests more information:\\s*${request}`));
    const paused = await textOf(page, '.deadline-box');
    left = Number(/Clock stopped: (\d+) working days? will remain when you answer/.exec(paused)?.[1]);
    assert.equal(left, (await read(holder, `/v1/recordations/${id}`)).paused_working_days_left);
  });

  // The day the administrator declares a holiday: the first weekday after today with nothing
  // declared, which the resumed clock counts; the deadline with and without it.
  const workingDaysAfter = async (start, add) => (await read(holder, `/v1/calendar/working-days?start=${start}&add=${add}`)).date;
  const declared = (await read(admin, `/v1/calendar?from=${today()}&to=${shiftDays(today(), 62)}`)).items.map((e) => e.date);
  let holiday = shiftDays(today(), 1);
  while (weekday(holiday) > 4 || declared.includes(holiday)) holiday = shiftDays(holiday, 1);
  const withoutHoliday = await workingDaysAfter(today(), left);
  const withHoliday = await workingDaysAfter(today(), left + 1);
  assert.notEqual(withHoliday, withoutHoliday);

  // The administrator declares it in the month view, with the keyboard.
  await withPage(chromium.browser, server, 'journey-admin-holiday', async (page) => {
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

  // The holder answers; the deadline shown is one working day later than without the holiday.
  await withPage(chromium.browser, server, 'journey-holder-answers', async (page) => {
    await openFiling(page, holder, title);
    await click(page, 'Answer the request');
    await waitForHeading(page, 'Edit the filing');
    await page.waitForSelector('form .field');
    await fillForm(page, { 'Your answer to customs': 'The mark is not licensed.' });
    await click(page, 'Submit again');
    await waitForHeading(page, title);
    await page.waitForFunction(() => document.querySelector('.detail-status .badge')?.textContent === 'Submitted');
    assert.equal(await textOf(page, '.deadline-box'), `Decision due ${dateText(withHoliday)} · ${left} working days left`,
      `the deadline moved from ${withoutHoliday} to ${withHoliday} past the holiday`);
  });

  // Headquarters approves.
  await withPage(chromium.browser, server, 'journey-hq-approves', async (page) => {
    await loginAs(page, { email: hq.email, password: PASSWORD }, 'Review queue');
    await page.waitForFunction(() => document.querySelector('.paged-list')?.getAttribute('aria-busy') === 'false');
    await click(page, title);
    await waitForHeading(page, title);
    await decide(page, 'approve');
    assert.equal(await textOf(page, '.banner-success'), 'Decision recorded. The status is now: Approved.');
  });

  // The holder sees the number and the validity.
  let number;
  await withPage(chromium.browser, server, 'journey-holder-approved', async (page) => {
    await openFiling(page, holder, title);
    assert.equal(await textOf(page, '.detail-status .badge'), 'Approved');
    const approved = await read(holder, `/v1/recordations/${id}`);
    number = approved.number;
    assert.match(number, /^T\d{4}-\d{6}$/);
    assert.equal(approved.valid_from, today());
    const facts = await textOf(page, '.details');
    assert.ok(facts.includes(number), 'the number is shown');
    assert.ok(facts.includes(`from ${dateText(approved.valid_from)} until ${dateText(approved.valid_until)}`), 'the validity is shown');
  });

  // An importer registers and asks the port for a pre-confirmation naming the recordation.
  const transport = unique('MAEU').slice(0, 24);
  let importer;
  await withPage(chromium.browser, server, 'journey-importer-files', async (page) => {
    importer = await register(page, 'importer', 'Shanghai Imports Ltd', 'Your pre-confirmation requests');
    await click(page, 'Ask for pre-confirmation');
    await waitForHeading(page, 'Ask for pre-confirmation');
    await page.waitForSelector('#f-office_code option[value="CNSHA"]');
    await fillForm(page, { Port: 'CNSHA', Direction: 'import', 'Transport document': transport });
    await typeDate(page, 'Expected on', shiftDays(today(), 10));
    await fillForm(page, { 'Find a recordation in the register': title });
    await click(page, 'Search');
    await click(page, `Choose ${number}`);
    for (const [field, value] of Object.entries({ description: 'ACME X1 mobile phones', hs_code: '85171300', quantity: '500', unit: 'pcs', value: '125000' })) {
      await page.type(`[id="f-goods-0--${field}"]`, value);
    }
    await click(page, 'File the request');
    await waitForHeading(page, 'Pre-confirmation request');
    await page.waitForSelector('.check');
    assert.equal(await textOf(page, '.summary .badge'), 'Submitted');
  });
  const [filed] = (await read(importer, `/v1/pre-confirmations?transport_document=${transport}`)).items;
  assert.equal(filed.recordation_number, number);

  // The port officer finds it in the office's queue and confirms it.
  await withPage(chromium.browser, server, 'journey-port-confirms', async (page) => {
    await loginAs(page, { email: port.email, password: PASSWORD }, 'Port pre-confirmations');
    await page.waitForFunction(() => document.querySelector('.paged-list')?.getAttribute('aria-busy') === 'false');
    await click(page, transport);
    await waitForHeading(page, `Shipment ${transport}`);
    assert.match(await textOf(page, 'main'), new RegExp(number));
    await click(page, 'Confirm or reject…');
    await page.waitForSelector('dialog.modal[open]');
    await click(page, 'Record the decision');
    await page.waitForSelector('.banner-success');
    const confirmed = await read(importer, `/v1/pre-confirmations/${filed.id}`);
    assert.equal(confirmed.status, 'confirmed');
    assert.match(await textOf(page, '.banner-success'), new RegExp(`Confirmed: ${confirmed.number}`));
    assert.match(await textOf(page, '.status-line'), /Confirmed/);
  });
});
