// At the border, through the console: the rights holder writes the product identification guide
// of its recordation, adds two photos and removes one (confirmed in a dialog), and alerts customs
// to a shipment; the port officer puts the recordation on
// the office's watch list, runs the border check with a look-alike mark and sees the result ranked
// with its reasons, the declarant's YES, the alert, the watch-list mark and the guide, and opens
// the whole guide. The recordation and its authorized user are set up through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileApproved, PASSWORD, sampleFile, setupRegistry } from '../api/lib/fixtures.js';
import { completeFiling } from '../api/lib/filings.js';
import { shiftDays, today } from '../api/lib/dates.js';
import {
  assertAccessible, click, control, fillByLabel, fillForm, launch, loginAs, screenshot, startConsoleServer, typeDate, visit,
  waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;
let cast;
const files = mkdtempSync(join(tmpdir(), 'iprd-guide-files-'));

before(async () => {
  server = await startConsoleServer();
  cast = await setupRegistry(server);
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
  rmSync(files, { recursive: true, force: true });
});

/** The names of the guide's photos listed on the page. */
const listedPhotos = (page) => page.$$eval('.document-list li .link-button', (bs) => bs.map((b) => b.textContent));

const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });

test('the holder writes a guide and an alert; the port officer watches the mark and checks a shipment with a look-alike mark', async () => {
  const { hq, port, holder, importer } = cast;
  const recordation = await fileApproved(server, holder, hq, completeFiling({ title: 'ADIDAS (word mark)', hs_codes: ['6403'] }));
  const entry = await as(holder, 'POST', `/v1/recordations/${recordation.id}/authorized-users`, {
    name: importer.organization.name, registration_number: importer.organization.registration_number, country: 'CN',
    roles: ['importer'], ports: ['CNSHA'],
  });
  assert.equal(entry.status, 201, entry.text);

  await withPage(chromium.browser, server, 'border-holder', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await visit(page, `/holder/recordations/${recordation.id}`);
    await click(page, 'Guide for customs');
    await waitForHeading(page, 'Guide for customs officers');
    await page.waitForSelector('form[aria-label="Guide for customs officers"]');
    await fillForm(page, {
      Summary: 'Genuine ADIDAS shoes carry a serial number on the tongue label.',
      Feature: 'Three stripes', Genuine: 'Stitched, evenly spaced', Counterfeit: 'Printed, uneven',
      'Where genuine goods come from': 'Adidas factory, Fuzhou', Ports: 'CNSHA',
    });
    await click(page, 'Save the guide');
    await page.waitForSelector('.notice[role="status"]');
    const guide = (await as(holder, 'GET', `/v1/recordations/${recordation.id}/guide`)).body;
    assert.equal(guide.version, 1);
    assert.deepEqual(guide.distinguishing_features, [{ feature: 'Three stripes', genuine: 'Stitched, evenly spaced', counterfeit: 'Printed, uneven' }]);
    assert.deepEqual(guide.supply_routes, [{ origin: 'Adidas factory, Fuzhou', ports: ['CNSHA'], note: null }]);

    // Two photos through the file picker; the wrong one is removed, confirmed in a dialog.
    for (const [kind, name] of [['counterfeit_goods', 'fake-stripes.png'], ['genuine_packaging', 'wrong-box.png']]) {
      writeFileSync(join(files, name), sampleFile('png').bytes);
      await fillByLabel(page, 'Kind of document', kind);
      await (await control(page, 'Choose a file to upload')).uploadFile(join(files, name));
      await page.waitForFunction((n) => [...document.querySelectorAll('.document-list .link-button')].some((b) => b.textContent === n), {}, name);
    }
    await page.click('button[aria-label="Delete wrong-box.png"]');
    await page.waitForSelector('dialog[open]');
    assert.match(await page.$eval('dialog[open]', (d) => d.textContent), /"wrong-box\.png" will be removed from the guide/);
    await assertAccessible(page, 'removing a guide photo');
    await page.click('dialog[open] button.danger');
    await page.waitForFunction(() => !document.querySelector('dialog[open]')
      && [...document.querySelectorAll('.document-list .link-button')].map((b) => b.textContent).join() === 'fake-stripes.png');
    assert.deepEqual(await listedPhotos(page), ['fake-stripes.png']);
    const photos = (await as(holder, 'GET', `/v1/recordations/${recordation.id}/guide`)).body.photos;
    assert.deepEqual(photos.map((d) => [d.filename, d.kind]), [['fake-stripes.png', 'counterfeit_goods']]);
    await assertAccessible(page, 'guide editor');
    await screenshot(page, 'holder-guide');

    await visit(page, '/holder/alerts');
    await waitForHeading(page, 'Alerts to customs');
    await page.waitForSelector(`select option[value="${recordation.id}"]`);
    await fillForm(page, {
      Recordation: recordation.id, 'Coming from': 'Ningbo, by sea', 'Expected at ports': 'CNSHA',
      'Note for officers': 'Copied shoes in a 40-foot container.',
    });
    await typeDate(page, 'Expected from', today());
    await typeDate(page, 'Expected until', shiftDays(today(), 7));
    await click(page, 'Send the alert');
    await page.waitForSelector('.notice[role="status"]');
    await page.waitForFunction(() => document.querySelector('.paged-list')?.textContent.includes('Copied shoes in a 40-foot container.'));
    await assertAccessible(page, 'alerts');
  });

  await withPage(chromium.browser, server, 'border-port', async (page) => {
    await loginAs(page, { email: port.email, password: PASSWORD }, 'Port pre-confirmations');
    await visit(page, '/watch-list');
    await waitForHeading(page, 'Watch list — CNSHA');
    await fillForm(page, { 'Recordation number': recordation.number, Reason: 'Fake sports shoes seized twice.' });
    await typeDate(page, 'Until', shiftDays(today(), 30));
    await click(page, 'Add');
    await page.waitForFunction(() => document.querySelector('.paged-list')?.textContent.includes('Fake sports shoes seized twice.'));
    await assertAccessible(page, 'watch list');

    await visit(page, '/border-check');
    await waitForHeading(page, 'Border check');
    await click(page, 'Check the shipment');
    await page.waitForFunction(() => document.body.textContent.includes('Enter a mark, an HS code, the declarant or the transport document.'));
    await fillForm(page, {
      'Mark or name seen on the goods': 'ADIBAS', 'HS codes of the goods': '6403991000',
      'Declarant’s registration number': importer.organization.registration_number, Role: 'importer',
    });
    await click(page, 'Check the shipment');
    await page.waitForSelector('.border-result');
    const first = await page.$eval('.border-result', (r) => r.textContent);
    assert.match(first, /ADIDAS \(word mark\)/);
    assert.match(first, new RegExp(recordation.number));
    assert.match(first, /The mark looks like it \(\d+ % alike\)/);
    assert.match(first, /Its goods cover the HS code \(recorded 6403\)/);
    assert.match(first, /The declarant is on its authorized-user list/);
    assert.match(first, /On this port’s watch list/);
    assert.match(first, /Fake sports shoes seized twice\./);
    assert.match(first, /Copied shoes in a 40-foot container\./);
    assert.match(first, /Genuine ADIDAS shoes carry a serial number on the tongue label\./);
    assert.match(await page.$eval('.border-result .verdict', (v) => v.textContent), /^YES/);
    assert.match(page.url(), /text=ADIBAS/, 'the check is kept in the address');
    await assertAccessible(page, 'border check');
    await screenshot(page, 'port-border-check');

    await click(page, 'Open the whole guide (1 photo)');
    await waitForHeading(page, `Product identification guide — ADIDAS (word mark) ${recordation.number}`);
    const main = await page.$eval('main', (m) => m.textContent);
    assert.match(main, /Three stripes/);
    assert.match(main, /Printed, uneven/);
    assert.match(main, /Adidas factory, Fuzhou/);
    await assertAccessible(page, 'guide for officers');
    // back to the check: it runs again from the address
    await page.goBack();
    await waitForHeading(page, 'Border check');
    await page.waitForSelector('.border-result');
  });
});
