// The rights holder's recordations in the web console, used as a person does: file a trademark
// (a 422 shown on its field, then what is missing before it can be submitted), attach the
// registration certificate (a real PDF, with its progress bar; a renamed executable and a text
// file refused before they are sent), submit and see the deadline in working days; a
// headquarters officer acting through the API requests information, the holder answers, the
// officer approves and the holder sees the number and validity, and prints the certificate. The
// filing form by keyboard only; withdraw and renew through their dialogs; the home page's counts
// and the list's filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shiftDays, today } from '../api/lib/dates.js';
import { completeFiling } from '../api/lib/filings.js';
import { createAccount, createAdmin, createOfficer, ensureOffice, fileDraft, PASSWORD, sampleFile, uploadDocument } from '../api/lib/fixtures.js';
import {
  assertAccessible, click, control, fieldError, fillByLabel, fillForm, heading, launch, loginAs, screenshot,
  realPdf, startConsoleServer, tabTo, typeDate, visit, waitForHeading, withPage,
} from './lib/browser.js';

const TITLE = 'ACME <img src=x onerror=alert(1)> (word mark)';
let server;
let chromium;
let hq;
let files;

before(async () => {
  server = await startConsoleServer();
  chromium = await launch();
  const admin = await createAdmin(server);
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
  hq = await createOfficer(server, admin, 'HQ');
  files = mkdtempSync(join(tmpdir(), 'iprd-holder-'));
});

after(async () => {
  await chromium?.close();
  await server?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

/** Drops a file on the documents' drop zone, as the browser does when one is dragged from the desktop. */
async function dropFile(page, name, bytes, type) {
  await page.evaluate(async (n, b64, ty) => {
    const file = new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], n, { type: ty });
    const data = new DataTransfer();
    data.items.add(file);
    const zone = document.querySelector('.dropzone');
    for (const kind of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(kind, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, name, bytes.toString('base64'), type);
}

/** Chooses a file in the file picker (the real <input type=file>). */
async function pickFile(page, name, bytes) {
  const path = join(files, name);
  writeFileSync(path, bytes);
  await page.waitForSelector('section[aria-labelledby="documents-title"][aria-busy="false"]');
  const input = await control(page, 'Choose a file to upload');
  await input.uploadFile(path);
}

const mainText = (page) => page.$eval('main', (m) => m.innerText);
const dateText = (iso) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const textOf = (page, selector) => page.$eval(selector, (e) => e.textContent.trim());

async function api(method, path, who, body) {
  const res = await server.request(method, path, { token: who.token, body });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

test('a holder files, attaches the certificate, submits, answers customs and sees the approval', async () => {
  const holder = await createAccount(server, 'rights_holder');
  await withPage(chromium.browser, server, 'holder-journey', async (page) => {
    const uploads = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/documents')) uploads.push(r.url());
    });
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await page.waitForSelector('.tiles');
    assert.match(await mainText(page), /Nothing needs your attention now/);
    await click(page, 'File a recordation');
    await waitForHeading(page, 'File a recordation');
    await assertAccessible(page, 'file a recordation');

    // Checked as the user types: an HS code of three digits is refused on leaving the field.
    await fillForm(page, { 'HS codes': '851' });
    await page.keyboard.press('Tab');
    assert.match(await fieldError(page, 'HS codes'), /4 to 10 digits/);
    await fillForm(page, { 'HS codes': '851713, 6109' });
    assert.equal(await fieldError(page, 'HS codes'), '');

    // Classes on a copyright: the form lets it through, the registry's 422 lands on the field.
    await fillForm(page, { 'Type of right': 'copyright', 'Name of the right': TITLE, 'Nice classes': '9, 25' });
    await click(page, 'Save draft');
    await page.waitForSelector('[id="f-classes-error"]');
    assert.match(await fieldError(page, 'Nice classes'), /only trademarks have Nice classes/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-classes', 'focus goes to the bad field');
    assert.equal(await fieldError(page, 'Name of the right'), '');
    assert.match(await textOf(page, '.banner-error'), /Some fields are not valid/);
    await assertAccessible(page, 'filing with a 422');

    await fillForm(page, { 'Type of right': 'trademark' });
    await click(page, 'Save draft');
    await waitForHeading(page, 'Edit the filing');
    assert.match(new URL(page.url()).pathname, /^\/holder\/recordations\/[0-9a-f-]{36}\/edit$/);
    const id = new URL(page.url()).pathname.split('/')[3];
    const draft = await api('GET', `/v1/recordations/${id}`, holder);
    assert.equal(draft.status, 'draft');
    assert.equal(draft.title, TITLE);
    assert.deepEqual(draft.classes, [9, 25]);
    assert.deepEqual(draft.hs_codes, ['851713', '6109']);

    // Submitting too early: the registry says what is missing, and the form shows it.
    await click(page, 'Submit');
    await page.waitForSelector('ul.missing');
    const missing = await page.$$eval('ul.missing li', (lis) => lis.map((li) => li.textContent.trim()));
    for (const item of ['Registration number', 'Registering authority', 'Right valid until', 'Goods covered', 'Licensing', 'Document: Registration certificate']) {
      assert.ok(missing.includes(item), `"${item}" is listed as missing (${missing.join(' | ')})`);
    }
    assert.equal(await fieldError(page, 'Registration number'), 'required to submit');

    await fillForm(page, {
      'Registration number': '12345678',
      'Registering authority': 'CNIPA',
      Licensing: 'not_licensed',
      'Goods covered': 'Mobile phones; clothing',
      'Genuine manufacturers': 'Acme Manufacturing (Dongguan) Ltd.; CN; 1 Industrial Road',
      'Main ports': 'CNSHA, Ningbo',
    });
    await typeDate(page, 'Right valid until', shiftDays(today(), 3650));

    // Refused before anything is sent: an executable renamed .pdf (dropped) and a text file (picked).
    await dropFile(page, 'certificate.pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64)]), 'application/pdf');
    await page.waitForSelector('.upload [role="alert"]');
    assert.match(await textOf(page, '.upload [role="alert"]'), /"certificate\.pdf" is not a PDF, JPEG, PNG or WebP file and was not sent/);
    await pickFile(page, 'notes.txt', Buffer.from('just some notes\n'));
    await page.waitForFunction(() => /notes\.txt/.test(document.querySelector('.upload [role="alert"]')?.textContent ?? ''));
    assert.deepEqual(uploads, [], 'nothing was sent');
    assert.match(await mainText(page), /No documents are attached/);

    // The certificate, a real PDF, through the picker: the bar reaches 100 %.
    const certificate = realPdf('Registration certificate No. 12345678').bytes;
    await pickFile(page, 'certificate.pdf', certificate);
    await page.waitForFunction(() => document.querySelector('#upload-progress')?.value === 100
      && /certificate\.pdf uploaded/.test(document.querySelector('.upload-progress')?.textContent ?? ''));
    assert.equal(await textOf(page, '.upload-percent'), '100 %');
    await page.waitForFunction(() => /certificate\.pdf/.test(document.querySelector('section[aria-labelledby="documents-title"] table')?.textContent ?? ''));
    // A photo of the goods, dragged and dropped.
    await fillByLabel(page, 'Kind of document', 'goods_photo');
    await dropFile(page, 'goods.png', sampleFile('png').bytes, 'image/png');
    await page.waitForFunction(() => /goods\.png uploaded/.test(document.querySelector('.upload-progress')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelectorAll('section[aria-labelledby="documents-title"] table tbody tr').length === 2);
    assert.equal(uploads.length, 2);
    assert.equal(await page.$('ul.missing'), null, 'the list of what was missing is gone once the filing changed');
    const rows = await page.$$eval('section[aria-labelledby="documents-title"] table tbody tr', (trs) => trs.map((tr) => tr.innerText));
    assert.match(rows[0], /certificate\.pdf\s+Registration certificate/);
    assert.match(rows[1], /goods\.png\s+Photo of the goods/);
    await assertAccessible(page, 'filing with documents');
    await screenshot(page, 'holder-file');

    // Submitted: the deadline as the registry counts it, in working days.
    await click(page, 'Submit');
    await waitForHeading(page, TITLE);
    const submitted = await api('GET', `/v1/recordations/${id}`, holder);
    assert.equal(submitted.status, 'submitted');
    assert.equal(submitted.registration_authority, 'CNIPA', 'the changes were saved before submitting');
    assert.equal(await textOf(page, '.detail-status .badge'), 'Submitted');
    const deadline = await textOf(page, '.deadline-box');
    assert.equal(deadline, `Decision due ${dateText(submitted.due_on)} · ${submitted.working_days_left} working days left`);
    assert.ok(submitted.working_days_left >= 29, 'about 30 working days from today');
    assert.equal(await page.$('main img'), null, 'the title is text, not markup');

    // Customs asks for more (through the API); the holder sees the request and its reason.
    const reason = 'Please attach the licence contract or confirm that the mark is not licensed.';
    await api('POST', `/v1/recordations/${id}/decision`, hq, { outcome: 'request_information', reason });
    await page.reload({ waitUntil: 'load' });
    await waitForHeading(page, TITLE);
    assert.equal(await textOf(page, '.detail-status .badge'), 'Information requested');
    assert.match(await textOf(page, '.banner-warn'), new RegExp(`Customs requests more information:\\s*${reason}`));
    assert.match(await textOf(page, '.deadline-box'), /Clock stopped: \d+ working days will remain when you answer/);

    await click(page, 'Answer the request');
    await waitForHeading(page, 'Edit the filing');
    await page.waitForSelector('form .field');
    assert.match(await textOf(page, '.banner-warn'), new RegExp(reason));
    await fillForm(page, { 'Goods covered': 'Mobile phones, tablets; clothing', 'Your answer to customs': 'The mark is not licensed; goods scope clarified.' });
    await click(page, 'Submit again');
    await waitForHeading(page, TITLE);
    await page.waitForFunction(() => document.querySelector('.detail-status .badge')?.textContent === 'Submitted');
    const history = await page.$$eval('.timeline li', (lis) => lis.map((li) => li.innerText));
    assert.ok(history.some((h) => h.includes('Information requested') && h.includes(reason)), 'the request is in the history');
    assert.ok(history.some((h) => h.includes('Submitted') && h.includes('The mark is not licensed')), 'the answer is in the history');

    // Approved (through the API): the number and the validity.
    const approved = await api('POST', `/v1/recordations/${id}/decision`, hq, { outcome: 'approve' });
    await page.reload({ waitUntil: 'load' });
    await waitForHeading(page, TITLE);
    assert.equal(await textOf(page, '.detail-status .badge'), 'Approved');
    assert.match(approved.number, /^T\d{4}-\d{6}$/);
    const facts = await textOf(page, '.details');
    assert.ok(facts.includes(approved.number), 'the number is shown');
    assert.ok(facts.includes(`from ${dateText(approved.valid_from)} until ${dateText(approved.valid_until)}`), 'the validity is shown');
    assert.equal(await heading(page), TITLE, 'the title with markup in it is shown as text');
    assert.equal(await page.$('main img'), null);
    assert.ok(await page.$(`a[href="/holder/recordations/${id}/authorized-users"]`), 'the link to the authorized users');
    assert.equal(await page.$('::-p-text(Withdraw)'), null, 'no withdrawal once approved');
    await assertAccessible(page, 'filing detail');
    await screenshot(page, 'holder-filing-detail');

    // The printable certificate: its page opens at the credential's public address, styled (the
    // CSP allows its one style by hash), the title with markup in it shown as text, a QR code.
    const link = await page.waitForSelector('a::-p-text(Printable certificate)');
    const href = await link.evaluate((a) => a.getAttribute('href'));
    assert.match(href, /^\/v1\/certificates\/[0-9a-f-]{36}$/);
    await page.goto(page.origin + href, { waitUntil: 'load' });
    assert.equal(await textOf(page, '.number'), approved.number);
    assert.match(await textOf(page, 'h1'), /Customs recordation of an intellectual property right\s*知识产权海关保护备案证书/);
    assert.ok((await mainText(page)).includes(TITLE), 'the title with markup in it is shown as text');
    assert.equal(await page.$('main img'), null);
    assert.equal(await page.$eval('h1', (h) => getComputedStyle(h).color), 'rgb(29, 59, 106)', 'the page is styled');
    const qr = await page.$eval('.verify svg', (svg) => svg.getBoundingClientRect().width);
    assert.ok(qr > 130 && qr < 150, `the QR code is 38 mm wide (${qr} px)`);
    await assertAccessible(page, 'printable certificate');
    await screenshot(page, 'certificate-page');
    await page.goBack({ waitUntil: 'load' });
    await waitForHeading(page, TITLE);

    // The certificate downloads as it was uploaded (the bytes come with the bearer token).
    const downloads = mkdtempSync(join(files, 'downloads-'));
    const cdp = await page.createCDPSession();
    await cdp.send('Page.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.click('button[aria-label="Save a copy of certificate.pdf"]');
    const saved = join(downloads, 'certificate.pdf');
    for (let i = 0; i < 100 && !existsSync(saved); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(readFileSync(saved), certificate);
  });
});

test('the filing form works with the keyboard alone; a withdrawal is confirmed in a dialog', async () => {
  const holder = await createAccount(server, 'rights_holder');
  await withPage(chromium.browser, server, 'holder-keyboard', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await visit(page, '/holder/recordations/new');
    await waitForHeading(page, 'File a recordation');
    await tabTo(page, { id: 'f-ipr_type' });
    await page.keyboard.press('ArrowDown'); // trademark → copyright
    await tabTo(page, { id: 'f-title' });
    await page.keyboard.type('Keyboard Works (software)');
    await tabTo(page, { id: 'f-registration_number' });
    await page.keyboard.type('2026SR123456');
    await tabTo(page, { id: 'f-goods_scope' });
    await page.keyboard.type('Software on optical discs');
    await tabTo(page, 'Save draft');
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Edit the filing');
    const id = new URL(page.url()).pathname.split('/')[3];
    const draft = await api('GET', `/v1/recordations/${id}`, holder);
    assert.deepEqual([draft.ipr_type, draft.title, draft.registration_number, draft.goods_scope],
      ['copyright', 'Keyboard Works (software)', '2026SR123456', 'Software on optical discs']);

    // Submit by keyboard: what is missing is announced (role=alert).
    await tabTo(page, 'Submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('ul.missing');
    assert.ok(!(await page.$$eval('ul.missing li', (l) => l.map((x) => x.textContent))).includes('Nice classes'), 'classes are for trademarks only');

    // Withdraw: a dialog takes the focus, Escape closes it and gives the focus back.
    await visit(page, `/holder/recordations/${id}`);
    await waitForHeading(page, 'Keyboard Works (software)');
    await tabTo(page, 'Withdraw');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    assert.ok(await page.evaluate(() => document.querySelector('dialog[open]').contains(document.activeElement)), 'focus is in the dialog');
    await assertAccessible(page, 'withdraw dialog');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Withdraw', 'focus back on the button');
    assert.equal((await api('GET', `/v1/recordations/${id}`, holder)).status, 'draft', 'nothing happened');

    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    await page.keyboard.type('Filed by mistake.');
    await tabTo(page, 'Withdraw');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.detail-status .badge')?.textContent === 'Withdrawn');
    const withdrawn = await api('GET', `/v1/recordations/${id}`, holder);
    assert.equal(withdrawn.status, 'withdrawn');
    assert.match(await textOf(page, '.timeline'), /Withdrawn[\s\S]*Filed by mistake\./);
  });
});

test('home counts what needs attention; the list filters by status; a rejection is amended; a renewal is applied for', async () => {
  const holder = await createAccount(server, 'rights_holder');
  // A draft, a filing under review, one rejected, and one approved whose right ends in 3 months
  // (its validity is capped there, so the renewal window is open).
  await fileDraft(server, holder, completeFiling({ title: 'Draft mark' }));
  const fileAndSubmit = async (overrides) => {
    const r = await fileDraft(server, holder, completeFiling(overrides));
    await uploadDocument(server, holder, r.id, 'registration_certificate');
    await uploadDocument(server, holder, r.id, 'licence');
    await api('POST', `/v1/recordations/${r.id}/submit`, holder);
    return r;
  };
  await fileAndSubmit({ title: 'Under review mark' });
  const rejected = await fileAndSubmit({ title: 'Rejected mark' });
  await api('POST', `/v1/recordations/${rejected.id}/decision`, hq, { outcome: 'reject', reason: 'The certificate is illegible.' });
  const ending = await fileAndSubmit({ title: 'Ending mark', right_expires_on: shiftDays(today(), 90) });
  await api('POST', `/v1/recordations/${ending.id}/decision`, hq, { outcome: 'approve' });

  await withPage(chromium.browser, server, 'holder-lists', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await page.waitForSelector('.tiles');
    const tiles = await page.$$eval('.tile', (ts) => ts.map((t) => t.innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(tiles, [
      '0 Requests for information to answer', '1 Rejected filings to amend', '1 Drafts to finish', '1 Renewals due', '1 Under review by customs',
    ]);
    const home = await mainText(page);
    for (const title of ['Draft mark', 'Under review mark', 'Rejected mark', 'Ending mark']) assert.ok(home.includes(title), `${title} on the home page`);
    await assertAccessible(page, 'holder home');
    await screenshot(page, 'holder-home-dashboard');

    await click(page, 'Recordations');
    await waitForHeading(page, 'My recordations');
    await page.waitForFunction(() => document.querySelectorAll('.paged-list .items > li').length === 4);
    const items = await page.$$eval('.paged-list .items > li', (lis) => lis.map((li) => li.innerText));
    const review = items.find((i) => i.includes('Under review mark'));
    const mine = await api('GET', '/v1/recordations?status=submitted', holder);
    assert.match(review, new RegExp(`Submitted[\\s\\S]*Decision due ${dateText(mine.items[0].due_on)} · ${mine.items[0].working_days_left} working days left`));
    assert.match(items.find((i) => i.includes('Ending mark')), /Approved[\s\S]*Valid until/);
    await assertAccessible(page, 'recordations list');
    await screenshot(page, 'holder-recordations');
    await click(page, '中文');
    await waitForHeading(page, '我的备案');
    assert.match(await mainText(page), /决定期限 .* · 剩余 \d+ 个工作日/);
    await assertAccessible(page, 'recordations list in Chinese');
    await screenshot(page, 'holder-recordations-zh');
    await click(page, 'English');
    await waitForHeading(page, 'My recordations');

    await fillByLabel(page, 'Status', 'rejected');
    await page.waitForFunction(() => document.querySelectorAll('.paged-list .items > li').length === 1);
    assert.equal(new URL(page.url()).search, '?status=rejected');
    await fillByLabel(page, 'Status', 'expired');
    await page.waitForSelector('::-p-text(No recordation has this status.)');

    // The rejection: its reason, then amend and submit again (a new clock).
    await visit(page, `/holder/recordations/${rejected.id}`);
    await waitForHeading(page, 'Rejected mark');
    assert.match(await textOf(page, '.banner-error'), /Customs rejected this filing:\s*The certificate is illegible\./);
    await click(page, 'Amend and resubmit');
    await waitForHeading(page, 'Edit the filing');
    await pickFile(page, 'certificate-clear.pdf', realPdf('Registration certificate, clear copy').bytes);
    await page.waitForFunction(() => /certificate-clear\.pdf uploaded/.test(document.querySelector('.upload-progress')?.textContent ?? ''));
    // The old certificate goes, confirmed in a dialog.
    await page.click('button[aria-label="Delete registration_certificate.pdf"]');
    await page.waitForSelector('dialog[open]');
    await page.click('dialog[open] button.danger');
    await page.waitForFunction(() => !/registration_certificate\.pdf/.test(document.querySelector('section[aria-labelledby="documents-title"] table')?.textContent ?? ''));
    await click(page, 'Submit again');
    await waitForHeading(page, 'Rejected mark');
    await page.waitForFunction(() => document.querySelector('.detail-status .badge')?.textContent === 'Submitted');
    const resubmitted = await api('GET', `/v1/recordations/${rejected.id}`, holder);
    assert.equal(await textOf(page, '.deadline-box'), `Decision due ${dateText(resubmitted.due_on)} · ${resubmitted.working_days_left} working days left`);

    // The renewal, in its window.
    await visit(page, `/holder/recordations/${ending.id}`);
    await waitForHeading(page, 'Ending mark');
    await click(page, 'Apply for renewal');
    await page.waitForSelector('dialog[open]');
    await fillByLabel(page, 'Note for customs', 'Trademark renewed by CNIPA.');
    await page.click('dialog[open] button[type="submit"]');
    await page.waitForFunction(() => /Renewal/.test(document.querySelector('.renewal')?.textContent ?? ''));
    const renewing = await api('GET', `/v1/recordations/${ending.id}`, holder);
    assert.equal(renewing.renewal.status, 'submitted');
    assert.match(await textOf(page, '.renewal'), new RegExp(`Decision due ${dateText(renewing.renewal.due_on)} · ${renewing.renewal.working_days_left} working days left`));
    assert.equal(await page.$('::-p-text(Apply for renewal)'), null, 'no second renewal while one is pending');
  });
});

test('the list reads the filings page by page', async () => {
  const holder = await createAccount(server, 'rights_holder');
  for (let i = 1; i <= 23; i++) await fileDraft(server, holder, completeFiling({ title: `Mark ${String(i).padStart(2, '0')}` }));
  await withPage(chromium.browser, server, 'holder-paging', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await visit(page, '/holder/recordations');
    await page.waitForFunction(() => document.querySelectorAll('.paged-list .items > li').length === 20);
    assert.equal(await textOf(page, '.paged-list .items > li .rec-title'), 'Mark 23', 'newest first');
    await click(page, 'Load more');
    await page.waitForFunction(() => document.querySelectorAll('.paged-list .items > li').length === 23);
    const titles = await page.$$eval('.paged-list .rec-title', (as) => as.map((a) => a.textContent));
    assert.equal(new Set(titles).size, 23, 'each filing once');
    assert.equal(titles.at(-1), 'Mark 01');
    assert.equal(await page.$('::-p-xpath(//button[normalize-space(.)="Load more"])'), null, 'no more pages');
  });
});
