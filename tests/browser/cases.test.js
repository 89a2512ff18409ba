// The suspect-goods path through the console, each role clicking and typing: a port officer
// checks a shipment at the border and opens a case from the check's result (the form comes
// filled with the recordation, the transport document and the declarant; the registry's 422
// for a missing exchange rate shown first),
// adds a photo; the holder finds the case without the declarant's identity, sees the guarantee,
// asks for detention and then sees the declarant (and the screen in Chinese); the port officer
// records the investigation's outcome (a fine over 30 % refused on its field, then a lawful
// one); headquarters reads the statistics and downloads them as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileApproved, PASSWORD, setupRegistry, unique } from '../api/lib/fixtures.js';
import { completeFiling } from '../api/lib/filings.js';
import {
  assertAccessible, click, control, fieldError, fillForm, launch, loginAs, screenshot, startConsoleServer, visit,
  waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;
let cast;
let recordation;
const files = mkdtempSync(join(tmpdir(), 'iprd-case-files-'));

before(async () => {
  server = await startConsoleServer();
  cast = await setupRegistry(server);
  recordation = await fileApproved(server, cast.holder, cast.hq, completeFiling({ title: `ACME ${unique()}` }));
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
  rmSync(files, { recursive: true, force: true });
});

const mainText = (page) => page.$eval('main', (m) => m.innerText);
const listLoaded = (page) => page.waitForFunction(() => document.querySelector('.paged-list')?.getAttribute('aria-busy') === 'false');
const statusText = (page) => page.$eval('.status-line', (s) => s.innerText);

/** A small real PNG (1×1, red). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

test('a case from the border to its outcome: opened with a photo, answered by the holder, decided, counted', async () => {
  const { port, holder, hq } = cast;
  const transport = `COSU${unique().toUpperCase()}`;
  let number;
  let caseUrl;

  await withPage(chromium.browser, server, 'port-open-case', async (page) => {
    await loginAs(page, { email: port.email, password: PASSWORD }, 'Port pre-confirmations');
    // The border check: the mark is recorded, the declarant is no authorized user (NO).
    await click(page, 'Border check');
    await waitForHeading(page, 'Border check');
    await fillForm(page, {
      'Mark or name seen on the goods': recordation.title, 'Declarant’s registration number': '91310000SHADY0001',
      Role: 'importer', 'Transport document': transport,
    });
    await click(page, 'Check the shipment');
    await page.waitForSelector('.border-result');
    assert.match(await page.$eval('.border-result', (r) => r.textContent), new RegExp(recordation.number));
    assert.match(await page.$eval('.border-result .verdict', (v) => v.textContent), /^NO/);
    await click(page, 'Open a case');
    await waitForHeading(page, 'Open a suspect-goods case');
    const value = async (label) => (await control(page, label)).evaluate((e) => e.value);
    assert.equal(await value('Recordation numbers'), recordation.number, 'filled from the check');
    assert.equal(await value('Transport document'), transport);
    assert.equal(await value("Declarant's registration number"), '91310000SHADY0001');
    await fillForm(page, {
      Declarant: 'Shady Imports Ltd',
      Consignor: 'Guangzhou Bags Factory',
      "Consignor's country": 'CN',
      Description: 'Handbags bearing ACME',
      'HS code': '420221',
      Quantity: '1200',
      Unit: 'pcs',
      'Declared value': '18000',
      Currency: 'USD',
      Suspicion: 'The declarant is no authorized user; the logo is misspelt on the lining.',
    });
    await assertAccessible(page, 'open a case');
    // In USD without a rate: the registry says which rate is missing.
    await click(page, 'Suspend the goods and notify the holder');
    await page.waitForFunction(() => /needs the rate of USD/.test(document.querySelector('main').innerText));
    await click(page, 'Add an exchange rate');
    await fillForm(page, { 'Currency 1': 'USD', 'CNY for one unit 1': '7.1' });
    await page.click('label.checkbox input');
    await click(page, 'Suspend the goods and notify the holder');
    await page.waitForFunction(() => /^Case C\d{4}-\d{6}$/.test(document.querySelector('main h1')?.textContent.trim() ?? ''));
    number = (await page.$eval('main h1', (h) => h.textContent.trim())).slice(5);
    caseUrl = new URL(page.url()).pathname;
    const text = await mainText(page);
    assert.match(text, /the holder has been notified/);
    assert.match(text, /The holder must answer by/);
    assert.match(text, /3 working days left/);
    assert.match(text, /CNY\s127,800\.00/, 'USD 18,000 at 7.1');
    assert.match(text, /Guarantee for detention\s+CNY\s63,900\.00/);
    assert.match(text, /Shady Imports Ltd/, 'the officer sees the declarant');
    assert.match(await statusText(page), /Awaiting the holder/);
    assert.match(await statusText(page), /Goods suspended/);

    // A photo of the goods, from the file picker.
    const path = join(files, 'lining.png');
    writeFileSync(path, PNG);
    await (await control(page, 'Choose a file to upload')).uploadFile(path);
    await page.waitForFunction(() => [...document.querySelectorAll('.document-list button')].some((b) => b.textContent === 'lining.png'));
    await click(page, 'lining.png');
    await page.waitForSelector('.document-viewer img[src^="blob:"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.timeline li')].some((li) => li.textContent.includes('Document added')));
    await screenshot(page, 'port-case');
    await assertAccessible(page, 'the case, by the port');
  });

  await withPage(chromium.browser, server, 'holder-answer', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await click(page, 'Suspect goods');
    await waitForHeading(page, 'Suspect goods');
    await listLoaded(page);
    await click(page, number);
    await waitForHeading(page, `Case ${number}`);
    let text = await mainText(page);
    assert.match(text, /Disclosed once you ask for detention\./);
    assert.doesNotMatch(text, /Shady Imports|SHADY0001|Guangzhou Bags/, 'no party before detention is asked for');
    assert.match(text, /you then post a guarantee of CNY\s63,900\.00/);
    await page.waitForFunction(() => !!document.querySelector('.document-list button'));
    await assertAccessible(page, 'the case, by the holder');
    await screenshot(page, 'holder-case');

    await click(page, 'Answer customs');
    await page.waitForSelector('dialog.modal[open]');
    assert.match(await page.$eval('dialog.modal', (d) => d.innerText), /Ask for detention \(guarantee CNY\s63,900\.00\)/);
    await fillForm(page, { 'Note to customs': 'No licence was ever granted to this consignor.' });
    await click(page, 'Send the answer');
    await page.waitForFunction(() => /Detained/.test(document.querySelector('.status-line').innerText));
    await page.waitForFunction(() => [...document.querySelectorAll('.timeline li')].some((li) => li.textContent.includes('Detention requested')));
    text = await mainText(page);
    assert.match(text, /Declarant\s+Shady Imports Ltd 91310000SHADY0001/, 'disclosed once detention is asked for');
    assert.match(text, /The investigation is due by/);

    await click(page, '中文');
    await waitForHeading(page, `案件 ${number}`);
    assert.match(await statusText(page), /已扣留/);
    await assertAccessible(page, 'the case in Chinese');
    await click(page, 'English');
    await waitForHeading(page, `Case ${number}`);
  });

  await withPage(chromium.browser, server, 'port-decide', async (page) => {
    await loginAs(page, { email: port.email, password: PASSWORD }, 'Port pre-confirmations');
    await visit(page, '/cases?status=detained');
    await listLoaded(page);
    const items = await page.$$eval('.paged-list .items > li', (lis) => lis.map((li) => li.innerText));
    assert.ok(items.some((i) => i.includes(number) && /30 working days left/.test(i)), items.join('\n'));
    await click(page, number);
    await waitForHeading(page, `Case ${number}`);
    assert.equal(new URL(page.url()).pathname, caseUrl);
    await click(page, 'Record the outcome of the investigation');
    await page.waitForSelector('dialog.modal[open]');
    await fillForm(page, { 'Fine proposed (CNY)': '99999', Findings: 'Counterfeit labels, confirmed by the holder.' });
    await assertAccessible(page, 'the investigation dialog');
    await click(page, 'Record the decision');
    await page.waitForFunction(() => !!document.querySelector('dialog.modal .field-error'));
    assert.match(await fieldError(page, 'Fine proposed (CNY)'), /at most 30 % of the goods' declared value: at most CNY 38340\.00/);
    await fillForm(page, { 'Fine proposed (CNY)': '38000' });
    await click(page, 'Record the decision');
    await page.waitForFunction(() => /Infringement confirmed/.test(document.querySelector('.status-line').innerText));
    const text = await mainText(page);
    assert.match(await statusText(page), /Goods confiscated/);
    assert.match(text, /Fine proposed\s+CNY\s38,000\.00/);
    assert.doesNotMatch(text, /Record the outcome of the investigation/, 'decided once');
  });

  await withPage(chromium.browser, server, 'hq-statistics', async (page) => {
    await loginAs(page, { email: hq.email, password: PASSWORD }, 'Review queue');
    await click(page, 'Case statistics');
    await waitForHeading(page, 'Case statistics');
    await page.waitForSelector('#total-h');
    const text = await mainText(page);
    assert.match(text, /Cases\s+1\b/);
    assert.match(text, /CNY\s127,800\.00/);
    assert.match(text, /E-commerce share\s+100\.0 %/);
    assert.match(text, /Infringement confirmed/);
    await assertAccessible(page, 'statistics');
    await screenshot(page, 'hq-case-statistics');
    const csv = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/cases/statistics' && r.request().headers().accept === 'text/csv');
    await click(page, 'Download as CSV');
    const res = await csv;
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^text\/csv/);
  });
});
