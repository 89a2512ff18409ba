// The lists around a right, in the web console: a rights holder keeps the authorized users of an
// approved recordation (adds, edits, ends one with the keyboard; a CSV upload with refused rows
// changes nothing, a corrected one replaces the list); an importer files a pre-confirmation (the
// server's 422 on a goods line shown on that line's field), sees the automatic check line by line,
// attaches a document, follows the request and withdraws it; the holder sees the request naming
// its recordation. Other roles' data is set up through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeFiling } from '../api/lib/filings.js';
import { createAccount, createAdmin, createOfficer, ensureOffice, fileApproved, PASSWORD, sampleFile, unique } from '../api/lib/fixtures.js';
import { shiftDays, today } from '../api/lib/dates.js';
import {
  assertAccessible, click, control, fieldError, fillForm, heading, launch, loginAs, screenshot, typeDate,
  startConsoleServer, visit, waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;
let hq;
let files;

before(async () => {
  server = await startConsoleServer();
  chromium = await launch();
  const admin = await createAdmin(server);
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
  await ensureOffice(server, admin, 'CNSHA', 'port', 'Shanghai Customs');
  await ensureOffice(server, admin, 'CNSZX', 'port', 'Shenzhen Customs');
  hq = await createOfficer(server, admin, 'HQ');
  files = mkdtempSync(join(tmpdir(), 'iprd-lists-'));
});

after(async () => {
  await chromium?.close();
  await server?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

/** The entries of a recordation's list through the API (active and ended). */
async function entries(who, id) {
  const res = await server.request('GET', `/v1/recordations/${id}/authorized-users?include_ended=true&limit=200`, { token: who.token });
  assert.equal(res.status, 200, res.text);
  return res.body.items;
}

/** The list's state through the API, to compare before and after: id, status and version of each entry. */
async function listState(who, id) {
  return (await entries(who, id)).map((e) => `${e.id}:${e.status}:${e.version}`).sort();
}

/** The refused rows shown: [{ line, reasons }]. */
const refusedRows = (page) => page.$$eval('table.refused tbody tr', (trs) => trs.map((tr) => ({
  line: tr.cells[0].textContent.trim(),
  reasons: tr.cells[1].textContent.trim(),
})));

async function chooseCsv(page, name, text) {
  const path = join(files, name);
  writeFileSync(path, text);
  const input = await control(page, 'CSV file');
  await input.uploadFile(path);
}

test('a holder adds, edits and ends authorized users, and replaces the list from a CSV only once every row is valid', async () => {
  const holder = await createAccount(server, 'rights_holder');
  const recordation = await fileApproved(server, holder, hq, completeFiling({ title: unique('ACME list ') }));
  const path = `/holder/recordations/${recordation.id}/authorized-users`;

  await withPage(chromium.browser, server, 'authorized-users', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await visit(page, path);
    assert.equal(await heading(page), 'Authorized users');
    await page.waitForFunction(() => document.querySelector('.paged-list .empty'));
    await page.waitForFunction((n) => document.querySelector('main .lead')?.textContent.startsWith(`Recordation ${n}: `), {}, recordation.number);
    await assertAccessible(page, 'authorized users (empty)');

    // Add one: the form checks the country as typed, and needs a role.
    await click(page, 'Add an authorized user');
    await page.waitForSelector('dialog[open]');
    await fillForm(page, {
      'Company name': 'Shenzhen Trading Co., Ltd.',
      'Registration number': '91440300MA5F00001Y',
      Country: 'cn',
      Ports: 'CNSHA',
      'HS codes': '8517',
    });
    await click(page, 'Add');
    await page.waitForSelector('#f-roles-error');
    assert.match(await fieldError(page, 'Country'), /two capital letters/);
    assert.equal(await page.$eval('#f-roles-error', (p) => p.textContent), 'This field is required.');
    await assertAccessible(page, 'add dialog with errors');
    await fillForm(page, { Country: 'CN' });
    for (const role of ['Importer', 'Consignee']) {
      await (await page.waitForSelector(`::-p-xpath(//dialog//label[normalize-space(.)="${role}"])`)).click();
    }
    await click(page, 'Add');
    await page.waitForSelector('[role="status"]');
    assert.equal(await page.$eval('[role="status"]', (s) => s.textContent), 'Shenzhen Trading Co., Ltd. has been added.');
    assert.equal(await page.$('dialog[open]'), null, 'the dialog closed');

    // A second one, then edit it: the validity is typed into the date fields.
    await click(page, 'Add an authorized user');
    await fillForm(page, { 'Company name': 'Old Distributor Ltd.', 'Registration number': '91310000OLD0001', Country: 'CN' });
    await (await page.waitForSelector('::-p-xpath(//dialog//label[normalize-space(.)="Distributor"])')).click();
    await click(page, 'Add');
    await page.waitForFunction(() => document.querySelectorAll('.paged-list article').length === 2);
    await click(page, 'Edit Shenzhen Trading Co., Ltd.');
    await page.waitForSelector('dialog[open]');
    assert.equal(await (await control(page, 'Registration number')).evaluate((e) => e.value), '91440300MA5F00001Y');
    await fillForm(page, { Ports: 'CNSHA; CNSZX' });
    await typeDate(page, 'Valid until', '2030-12-31');
    await click(page, 'Save the changes');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent.includes('has been changed'));
    let listed = await entries(holder, recordation.id);
    const shenzhen = listed.find((e) => e.registration_number === '91440300MA5F00001Y');
    assert.deepEqual(shenzhen.ports, ['CNSHA', 'CNSZX']);
    assert.equal(shenzhen.valid_until, '2030-12-31');
    assert.equal(shenzhen.version, 2);
    assert.deepEqual(shenzhen.roles.sort(), ['consignee', 'importer']);

    // End one with the keyboard only: the button, Enter, the dialog's focused "End", Enter.
    await page.focus('article[aria-label="Old Distributor Ltd."] button.danger-text');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'End');
    await assertAccessible(page, 'end dialog');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'The authorization of Old Distributor Ltd. has ended.');
    await page.waitForFunction(() => document.querySelector('article[aria-label="Old Distributor Ltd."] .badge')?.textContent === 'Ended');
    listed = await entries(holder, recordation.id);
    assert.equal(listed.find((e) => e.name === 'Old Distributor Ltd.').status, 'ended');
    const before = await listState(holder, recordation.id);

    // The template offered for download is itself a valid file.
    const href = await page.$eval('a[download="authorized-users-template.csv"]', (a) => a.getAttribute('href'));
    const template = decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, ''));
    assert.match(template, /^name,registration_number,country,roles,goods_scope,hs_codes,ports,valid_from,valid_until\r\n/);
    await chooseCsv(page, 'template.csv', template);
    await page.waitForSelector('::-p-xpath(//button[normalize-space(.)="Replace the list with these 2 entries"])');
    assert.equal(await page.$('table.refused'), null);

    // A CSV with two bad rows: each shown with its line and reason; nothing can be sent.
    await chooseCsv(page, 'bad.csv', [
      'name,registration_number,country,roles,ports,valid_from,valid_until',
      'Shenzhen Trading Co.,91440300MA5F00001Y,CN,importer;consignee,CNSHA,2026-01-01,2030-12-31',
      'Bad Country Ltd.,91310000BAD0001,China,importer,,,',
      '"Quoted, Name Ltd.",91310000Q0001,CN,manufacturer,,,',
      'Reseller Ltd.,91310000RES0001,CN,reseller,,2027-01-01,2026-01-01',
      '',
    ].join('\r\n'));
    await page.waitForSelector('table.refused');
    assert.deepEqual(await refusedRows(page), [
      { line: 'Line 3', reasons: 'country: Enter the two capital letters of the country code, such as CN.' },
      { line: 'Line 5', reasons: 'roles: Use only the roles listed: licensee, manufacturer, importer, exporter, consignor, consignee, distributor.valid_until: The end of validity may not be before its start.' },
    ]);
    assert.match(await page.$eval('table.refused', (t) => t.closest('[role="alert"]').textContent), /2 refused rows.*Nothing has changed/);
    assert.equal(await page.$('::-p-xpath(//button[starts-with(normalize-space(.), "Replace the list")])'), null, 'no way to send it');
    assert.deepEqual(await page.$$eval('.row-refused td:first-child', (tds) => tds.map((td) => td.textContent)), ['3', '5']);
    await screenshot(page, 'holder-csv-refused');
    await assertAccessible(page, 'refused CSV');
    assert.deepEqual(await listState(holder, recordation.id), before, 'the list is unchanged');

    // Valid to the browser, refused by the registry: the same company twice with overlapping
    // validity. The 422's entries[N] is shown as the file's line.
    await chooseCsv(page, 'overlap.csv', [
      'name,registration_number,country,roles,hs_codes',
      'Shenzhen Trading Co.,91440300MA5F00001Y,CN,importer;consignee,8517',
      '"Acme Manufacturing (Dongguan) Ltd.",91441900MA4W00002Z,CN,manufacturer;exporter,',
      'Shenzhen Trading again,91440300ma5f00001y,CN,distributor,',
    ].join('\n'));
    await click(page, 'Replace the list with these 3 entries');
    await page.waitForSelector('table.refused');
    const refused = await refusedRows(page);
    assert.equal(refused.length, 1);
    assert.equal(refused[0].line, 'Line 4');
    assert.match(refused[0].reasons, /^registration_number: .+/, 'the registry\'s reason, on its column');
    assert.deepEqual(await listState(holder, recordation.id), before, 'still unchanged');

    // Corrected: the list is replaced.
    await chooseCsv(page, 'good.csv', [
      '\ufeffname,registration_number,country,roles,hs_codes,ports,valid_from,valid_until,goods_scope',
      'Shenzhen Trading Co.,91440300MA5F00001Y,CN,importer;consignee,8517,CNSHA,,,Mobile phones',
      '"Acme Manufacturing (Dongguan) Ltd.",91441900MA4W00002Z,CN,manufacturer;exporter,,,2026-01-01,,',
      'Beijing Distribution Co.,91110000BJD0003,CN,distributor,6109,,,,"T-shirts, cotton"',
    ].join('\r\n'));
    await page.waitForFunction(() => !document.querySelector('table.refused'));
    await click(page, 'Replace the list with these 3 entries');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'The list has been replaced: 3 active entries.');
    assert.equal(await page.$eval('#csv-file', (i) => i.files.length), 0, 'the file is cleared');
    assert.equal(await page.$('::-p-xpath(//button[starts-with(normalize-space(.), "Replace the list")])'), null);
    listed = await entries(holder, recordation.id);
    assert.deepEqual(listed.filter((e) => e.status === 'active').map((e) => e.name).sort(),
      ['Acme Manufacturing (Dongguan) Ltd.', 'Beijing Distribution Co.', 'Shenzhen Trading Co.']);
    assert.equal(listed.find((e) => e.name === 'Beijing Distribution Co.').goods_scope, 'T-shirts, cotton');
    assert.equal(listed.filter((e) => e.status === 'ended').length, 2, 'the two earlier entries ended');
    await page.waitForFunction(() => document.querySelectorAll('.paged-list article').length === 5);
    assert.equal(await page.$$eval('.paged-list .badge-active', (b) => b.length), 3);
    await screenshot(page, 'holder-authorized-users');
    await assertAccessible(page, 'authorized users');
  });
});

test('an importer files a pre-confirmation (a 422 on a goods line shown there), sees the check line by line, and the holder sees it', async () => {
  const holder = await createAccount(server, 'rights_holder');
  const importer = await createAccount(server, 'importer');
  const title = unique('ACME phones ');
  const recordation = await fileApproved(server, holder, hq, completeFiling({ title }));
  // The holder lists the importer for phones (HS 8517) at Shanghai: the T-shirts line will not pass.
  const res = await server.request('POST', `/v1/recordations/${recordation.id}/authorized-users`, {
    token: holder.token,
    body: { name: importer.organization.name, registration_number: importer.organization.registration_number, country: 'CN', roles: ['importer'], hs_codes: ['8517'], ports: ['CNSHA'] },
  });
  assert.equal(res.status, 201, res.text);
  const expected = shiftDays(today(), 10);
  const transport = unique('MAEU');

  let requestId;
  await withPage(chromium.browser, server, 'file-pre-confirmation', async (page) => {
    await loginAs(page, { email: importer.email, password: PASSWORD }, 'Your pre-confirmation requests');
    await page.waitForFunction(() => document.querySelector('.paged-list .empty'));
    await click(page, 'Ask for pre-confirmation');
    await waitForHeading(page, 'Ask for pre-confirmation');
    await page.waitForSelector('#f-office_code option[value="CNSHA"]');
    assert.equal(await page.$('#f-office_code option[value="HQ"]'), null, 'only ports are offered');
    await assertAccessible(page, 'file a pre-confirmation');

    await fillForm(page, { Port: 'CNSHA', Direction: 'import', 'Transport document': transport });
    await typeDate(page, 'Expected on', expected);
    // The recordation, found in the public register by its title.
    await fillForm(page, { 'Find a recordation in the register': title });
    await click(page, 'Search');
    await click(page, `Choose ${recordation.number}`);
    assert.equal(await (await control(page, 'Recordation number')).evaluate((e) => e.value), recordation.number);

    // Two goods lines; the first quantity has a few zeros too many (beyond what the registry takes).
    const line = async (i, v) => {
      for (const [f, value] of Object.entries(v)) {
        const el = await page.$(`[id="f-goods-${i}--${f}"]`);
        await el.click({ clickCount: 3 });
        await page.keyboard.press('Backspace');
        await el.type(value);
      }
    };
    await line(0, { description: 'ACME X1 mobile phones', hs_code: '85171300', quantity: '5000000000000', unit: 'pcs', value: '125000' });
    await click(page, 'Add a goods line');
    await page.waitForSelector('[id="f-goods-1--description"]');
    // Focus goes to the new line once it is rendered (the screen moves it after the render).
    await page.waitForFunction(() => document.activeElement?.id === 'f-goods-1--description', { timeout: 5000 });
    await line(1, { description: 'Cotton T-shirts', hs_code: '61091000', quantity: '300', unit: 'pcs', value: '2400' });
    // A third line added and removed again.
    await click(page, 'Add a goods line');
    await line(2, { description: 'to be removed' });
    await click(page, 'Remove goods line 3');
    await page.waitForFunction(() => !document.querySelector('[id="f-goods-2--description"]'));
    await fillForm(page, { Statement: 'Exclusive importer of ACME phones under licence L-2026-7.' });

    await click(page, 'File the request');
    await page.waitForSelector('[id="f-goods-0--quantity-error"]');
    const error = await page.$eval('[id="f-goods-0--quantity-error"]', (p) => p.textContent);
    assert.ok(error.length > 0, 'the 422 is shown under line 1\'s quantity');
    assert.equal(await page.$eval('[id="f-goods-0--quantity"]', (e) => e.getAttribute('aria-invalid')), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-goods-0--quantity', 'focus goes to the bad field');
    assert.equal(await page.$('[id="f-goods-1--quantity-error"]'), null, 'no error on line 2');
    assert.equal(await page.$eval('[id="f-goods-1--description"]', (e) => e.value), 'Cotton T-shirts');
    await screenshot(page, 'importer-file-pre-confirmation');
    await assertAccessible(page, 'file with a 422');
    let mine = await server.request('GET', `/v1/pre-confirmations?transport_document=${transport}`, { token: importer.token });
    assert.equal(mine.body.items.length, 0, 'nothing was filed');

    await line(0, { quantity: '500' });
    await click(page, 'File the request');
    await waitForHeading(page, 'Pre-confirmation request');
    requestId = new URL(page.url()).pathname.split('/').pop();
    await page.waitForSelector('.check');
    assert.match(await page.$eval('[role="status"]', (s) => s.textContent), /has been filed/);
    // The automatic check, at once: line 1 passes, line 2 does not and says why.
    assert.equal(await page.$eval('#check-title', (h) => h.textContent), 'Automatic check at filing: not authorized');
    const lines = await page.$$eval('.check tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    assert.deepEqual(lines, [
      ['1', 'ACME X1 mobile phones', '85171300', '500 pcs', '125000 USD', 'Passes An entry of the authorized-user list covers these goods.'],
      ['2', 'Cotton T-shirts', '61091000', '300 pcs', '2400 USD', 'Does not pass No entry for your organization covers this HS code.'],
    ]);
    assert.match(await page.$eval('.check', (s) => s.textContent), new RegExp(`Recordation ${recordation.number} is approved and valid`));
    assert.equal(await page.$eval('.summary .badge', (b) => b.textContent), 'Submitted');
    assert.match(await page.$eval('.summary', (s) => s.textContent), /working days left/);

    // A supporting document: a wrong type is refused before upload; a PDF goes up.
    const txt = join(files, 'notes.txt');
    writeFileSync(txt, 'not a pdf');
    await (await control(page, 'Choose a file to upload')).uploadFile(txt);
    await page.waitForSelector('.upload [role="alert"]');
    assert.match(await page.$eval('.upload [role="alert"]', (p) => p.textContent), /"notes\.txt" is not a PDF/);
    const pdf = join(files, 'licence.pdf');
    writeFileSync(pdf, sampleFile('pdf').bytes);
    await fillForm(page, { 'Kind of document': 'licence' });
    await (await control(page, 'Choose a file to upload')).uploadFile(pdf);
    await page.waitForFunction(() => /licence\.pdf uploaded/.test(document.querySelector('.upload-progress')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('.document-list')?.textContent.includes('licence.pdf'));
    await page.waitForFunction(() => document.querySelector('.timeline')?.textContent.includes('Submitted'));
    await assertAccessible(page, 'pre-confirmation page');
  });

  // Home (a fresh tab: the page above holds a PDF viewer): the count by status, and the
  // request under "needs your attention".
  await withPage(chromium.browser, server, 'importer-home', async (page) => {
    await loginAs(page, { email: importer.email, password: PASSWORD }, 'Your pre-confirmation requests');
    await page.waitForSelector('.attention');
    assert.match(await page.$eval('.counts', (u) => u.textContent), /1 Submitted/);
    assert.match(await page.$eval('.attention', (s) => s.textContent), new RegExp(transport));
    await page.waitForFunction((tr) => document.querySelector('.paged-list')?.textContent.includes(tr), {}, transport);
    await screenshot(page, 'importer-requests');
    await assertAccessible(page, 'importer home');
  });

  // The holder sees the request naming its recordation, read-only.
  await withPage(chromium.browser, server, 'holder-pre-confirmations', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await click(page, 'Pre-confirmations');
    await waitForHeading(page, 'Pre-confirmation requests');
    await page.waitForSelector('.paged-list article');
    const text = await page.$eval('.paged-list', (l) => l.textContent);
    for (const want of [importer.organization.name, recordation.number, 'CNSHA', 'Submitted', transport]) assert.ok(text.includes(want), `shows ${want}`);
    await assertAccessible(page, 'holder pre-confirmations');
    await screenshot(page, 'holder-pre-confirmations');
    await click(page, transport);
    await waitForHeading(page, 'Pre-confirmation request');
    await page.waitForSelector('.check');
    assert.equal(await page.$('::-p-xpath(//button[normalize-space(.)="Withdraw the request"])'), null, 'read-only for the holder');
    assert.equal(await page.$('#doc-file'), null);
    await page.waitForFunction(() => document.querySelector('.document-list')?.textContent.includes('licence.pdf'));
  });

  // The importer withdraws it; its status follows.
  await withPage(chromium.browser, server, 'withdraw', async (page) => {
    await loginAs(page, { email: importer.email, password: PASSWORD }, 'Your pre-confirmation requests');
    await visit(page, `/pre-confirmations/${requestId}`);
    // No PDF viewer opens by itself (Chromium's takes the focus when it loads): typing in the
    // dialog goes to the dialog.
    await page.waitForSelector('.document-list');
    assert.equal(await page.$('.document-viewer'), null);
    await click(page, 'Withdraw the request');
    await page.waitForSelector('dialog[open]');
    await fillForm(page, { 'Reason (optional)': 'Shipment cancelled.' });
    assert.equal(await page.$eval('#withdraw-reason', (e) => e.value), 'Shipment cancelled.');
    await (await page.waitForSelector('::-p-xpath(//dialog//button[normalize-space(.)="Withdraw the request"])')).click();
    await page.waitForFunction(() => document.querySelector('.summary .badge')?.textContent === 'Withdrawn');
    assert.match(await page.$eval('.summary', (s) => s.textContent), /Shipment cancelled\./);
    const res2 = await server.request('GET', `/v1/pre-confirmations/${requestId}`, { token: importer.token });
    assert.equal(res2.body.status, 'withdrawn');
  });
});
