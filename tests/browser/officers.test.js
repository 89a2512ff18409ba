// The customs officers' journeys in the web console. Headquarters: the review queue in
// deadline order with the overdue filing marked, a text filter, a filing with its PDF shown in
// the page, a request for information made with the keyboard alone, the approval after the
// holder answers, a second officer's stale decision answered with a clear conflict, and the
// approved recordation in the public register. Port: an importer's request in the office's
// queue, found by its transport document, confirmed (the PC number shown), and the
// authorization check answering YES for an authorized importer and NO for another.
// Other roles' data is set up through the API (tests/api/lib/fixtures.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { psql } from '../api/lib/harness.js';
import { fileApproved, fileDraft, PASSWORD, setupRegistry, unique, uploadDocument } from '../api/lib/fixtures.js';
import { completeFiling } from '../api/lib/filings.js';
import { shiftDays, today } from '../api/lib/dates.js';
import {
  assertAccessible, click, fillForm, heading, launch, loginAs, realPdf, screenshot, startConsoleServer, tabTo, visit,
  waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;
let cast;

before(async () => {
  server = await startConsoleServer();
  cast = await setupRegistry(server);
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

/** What the download of file answers: its type, length and ETag (the SHA-256). */
const fileFacts = (file) => ({ type: file.type, length: file.bytes.length, etag: `"${createHash('sha256').update(file.bytes).digest('hex')}"` });

/** A real PNG image, width × height, of one colour (so that the page has an image to show). */
function png(width, height, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
  return { bytes, type: 'image/png' };
}

const as = (who, method, path, body) => server.request(method, path, { token: who.token, body });

/** A holder's filing, submitted with a real PDF certificate and licence; resolves to it. */
async function submitted(holder, title) {
  const draft = await fileDraft(server, holder, completeFiling({ title }));
  await uploadDocument(server, holder, draft.id, 'registration_certificate',
    { file: realPdf(`Registration certificate: ${title}`), filename: 'certificate.pdf' });
  await uploadDocument(server, holder, draft.id, 'licence', { file: realPdf(`Licence: ${title}`), filename: 'licence.pdf' });
  const res = await as(holder, 'POST', `/v1/recordations/${draft.id}/submit`);
  assert.equal(res.status, 200, res.text);
  return res.body;
}

/** The queue's items as the officer sees them: title, and the deadline text. */
const queueItems = (page) => page.$$eval('.paged-list .items > li', (lis) => lis.map((li) => ({
  title: li.querySelector('.queue-title a')?.textContent.trim(),
  due: li.querySelector('.queue-due')?.textContent.trim(),
  overdue: !!li.querySelector('.overdue-mark'),
})));

/** Waits until the list has loaded (not busy). */
const listLoaded = (page) => page.waitForFunction(() => document.querySelector('.paged-list')?.getAttribute('aria-busy') === 'false');

/** Resolves to the next download of a document that the page makes (start waiting before it may happen). */
const nextDownload = (page) => page.waitForResponse((r) => /\/documents\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname));

/**
 * Opens the document named name from the list; it is shown in the viewer frame: the page fetched it with its token (the
 * download's answer) and shows those bytes from a blob: URL in a frame that loaded. Resolves to
 * the download's media type, length and ETag.
 */
async function shownDocument(page, name, download) {
  assert.equal(await page.$('.document-viewer'), null, 'no document is shown (nor takes the focus) before the user opens one');
  await click(page, name);
  const res = await download;
  const frame = await page.waitForSelector(`.document-viewer iframe[title="Document: ${name}"]`);
  const src = await frame.evaluate((f) => f.src);
  assert.match(src, /^blob:/, 'the document is shown from the bytes fetched with the token');
  await page.waitForFunction((url) => [...document.querySelectorAll('iframe')].some((f) => f.src === url), {}, src);
  assert.ok(page.frames().some((f) => f.url() === src), 'the frame loaded the document');
  assert.match(res.request().headers().authorization ?? '', /^Bearer /);
  // (The body itself is gone from the browser's network log once read as a Blob; its SHA-256 is the ETag.)
  return { type: res.headers()['content-type'], length: Number(res.headers()['content-length']), etag: res.headers().etag };
}

/**
 * A screenshot of the whole page with the PDF viewer painted: Chromium's viewer paints only a
 * frame that is on screen and repaints after a resize, so the window is made as tall as the page
 * first (a full-page screenshot would resize it at the last moment).
 */
async function screenshotWithViewer(page, name) {
  const viewport = page.viewport();
  await page.setViewport({ ...viewport, height: await page.evaluate(() => document.documentElement.scrollHeight) });
  await new Promise((r) => setTimeout(r, 2500));
  await screenshot(page, name);
  await page.setViewport(viewport);
}

test('headquarters: the queue by deadline, a filing with its PDF, information requested by keyboard, approval, a stale decision, the public register', async () => {
  const { hq, hq2, holder } = cast;
  const marker = unique('Lotus');
  // Three filings of one holder. The clock is set back in the database, as the API tests do, so
  // that one is overdue without waiting 30 working days: the first received long ago (due 10
  // days ago), the second due in 3 days, the third as filed today (30 working days ahead).
  const [late, soon, fresh] = [
    await submitted(holder, `${marker} Overdue mark`),
    await submitted(holder, `${marker} Soon mark`),
    await submitted(holder, `${marker} Fresh mark`),
  ];
  const sql = (text) => psql(server.databaseUrl, text);
  await sql(`UPDATE recordations SET received_on = '${shiftDays(today(), -50)}', due_on = '${shiftDays(today(), -10)}' WHERE id = '${late.id}'`);
  await sql(`UPDATE recordations SET received_on = '${shiftDays(today(), -40)}', due_on = '${shiftDays(today(), 3)}' WHERE id = '${soon.id}'`);
  const apiLate = (await as(hq, 'GET', `/v1/recordations/${late.id}`)).body;
  assert.equal(apiLate.overdue, true);

  let number;
  await withPage(chromium.browser, server, 'hq', async (page) => {
    await loginAs(page, { email: hq.email, password: PASSWORD }, 'Review queue');
    await listLoaded(page);
    const mine = (await queueItems(page)).filter((i) => i.title?.startsWith(marker));
    assert.deepEqual(mine.map((i) => i.title), [late.title, soon.title, fresh.title], 'earliest deadline first');
    assert.deepEqual(mine.map((i) => i.overdue), [true, false, false], 'only the overdue filing is marked');
    assert.match(mine[0].due, new RegExp(`Overdue by ${-apiLate.working_days_left} working days`));
    assert.match(mine[2].due, new RegExp(`${fresh.working_days_left} working days left`));
    assert.match(await page.$eval('header nav', (n) => n.textContent), /Public register/);
    await screenshot(page, 'hq-queue');
    await assertAccessible(page, 'hq queue');

    // Filter by text: only this holder's three filings, the overdue one first; open it.
    await fillForm(page, { Search: `${marker} overdue` });
    await click(page, 'Apply filters');
    await page.waitForFunction((n) => document.querySelectorAll('.paged-list .items > li').length === n
      && document.querySelector('.paged-list').getAttribute('aria-busy') === 'false', {}, 1);
    assert.deepEqual((await queueItems(page)).map((i) => i.title), [late.title]);
    assert.match(page.url(), /q=/, 'the filter is kept in the address');
    await fillForm(page, { Search: marker });
    await click(page, 'Apply filters');
    await page.waitForFunction(() => document.querySelectorAll('.paged-list .items > li').length === 3);
    assert.deepEqual((await queueItems(page)).map((i) => i.title), [late.title, soon.title, fresh.title]);
    const certificate = nextDownload(page);
    await click(page, late.title);
    await waitForHeading(page, late.title);

    // The filing: its data, the deadline, its PDF in the page, its history.
    const details = await page.$eval('.details', (d) => d.textContent);
    assert.match(details, /12345678/);
    assert.match(details, /Mobile phones; clothing, footwear, headgear/);
    assert.match(details, new RegExp(holder.organization.name));
    assert.match(await page.$eval('.banner-error', (b) => b.textContent), /Overdue by \d+ working days/);
    const doc = await shownDocument(page, 'certificate.pdf', certificate);
    assert.deepEqual(doc, fileFacts(realPdf(`Registration certificate: ${late.title}`)));
    await page.waitForFunction(() => [...document.querySelectorAll('.timeline li')].some((li) => li.textContent.includes('Submitted')));
    assert.match(await page.$eval('main', (m) => m.textContent), /The holder lists no authorized users\./);
    await screenshotWithViewer(page, 'hq-filing');
    await assertAccessible(page, 'hq filing');

    // Keyboard only: Tab to "Decide…", Enter; the arrows choose "Request information"; Tab to the
    // text, type it; Tab to the button, Enter.
    await tabTo(page, 'Decide…');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.modal[open]');
    assert.equal(await page.evaluate(() => document.activeElement.value), 'approve', 'focus starts on the first choice');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.value), 'request_information');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.labels?.[0]?.textContent.replace(/\s*\*$/, '')), 'Information requested from the holder');
    // Submitting without the text is refused on the field, still by keyboard.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog .field-error');
    assert.equal(await page.$eval('dialog .field-error', (e) => e.textContent), 'This field is required.');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TEXTAREA', 'focus goes back to the text');
    const request = 'Please attach the licence contract signed by both parties.';
    await page.keyboard.type(request);
    await screenshot(page, 'hq-decision-dialog', { fullPage: false });
    await assertAccessible(page, 'decision dialog');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Record the decision');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.banner-success');
    assert.equal(await page.$eval('.banner-success', (b) => b.textContent), 'Decision recorded. The status is now: Information requested.');
    assert.equal(await page.$('dialog.modal[open]'), null, 'the dialog closed');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus lands on the heading, the button it left being gone');
    await page.waitForFunction((text) => [...document.querySelectorAll('.timeline li')]
      .some((li) => li.textContent.includes('Information requested') && li.textContent.includes(text)), {}, request);
    assert.match(await page.$eval('.status-line', (s) => s.textContent), /Information requested/);
    assert.equal((await as(hq, 'GET', `/v1/recordations/${late.id}`)).body.last_reason, request);

    // The holder answers through the API; a second officer opens the filing meanwhile.
    const answered = await as(holder, 'POST', `/v1/recordations/${late.id}/submit`, { note: 'The signed licence is attached.' });
    assert.equal(answered.status, 200, answered.text);
    await withPage(chromium.browser, server, 'hq2', async (other) => {
      await loginAs(other, { email: hq2.email, password: PASSWORD }, 'Review queue');
      await visit(other, `/hq/recordations/${late.id}`);
      await waitForHeading(other, late.title);
      await other.waitForSelector('::-p-xpath(//button[normalize-space(.)="Decide…"])');

      // The first officer approves.
      await visit(page, `/hq/recordations/${late.id}`);
      await waitForHeading(page, late.title);
      await click(page, 'Decide…');
      await page.waitForSelector('dialog.modal[open]');
      await click(page, 'Record the decision');
      await page.waitForSelector('.banner-success');
      assert.equal(await page.$eval('.banner-success', (b) => b.textContent), 'Decision recorded. The status is now: Approved.');
      number = (await as(hq, 'GET', `/v1/recordations/${late.id}`)).body.number;
      assert.match(number, /^T\d{4}-\d{6}$/);
      await page.waitForFunction((n) => document.querySelector('.details')?.textContent.includes(n), {}, number);
      assert.equal(await page.$('::-p-xpath(//button[normalize-space(.)="Decide…"])'), null, 'nothing left to decide');
      assert.ok(await page.$('::-p-xpath(//button[normalize-space(.)="Revoke…"])'), 'an approved recordation may be revoked');

      // The second officer, on a stale page, rejects: the conflict is said plainly, with the state now.
      await click(other, 'Decide…');
      await other.waitForSelector('dialog.modal[open]');
      await other.click('input[value="reject"]');
      await fillForm(other, { 'Reason (shown to the holder)': 'The licence is not signed.' });
      await click(other, 'Record the decision');
      await other.waitForSelector('dialog [role="alert"]');
      const conflict = await other.$eval('dialog [role="alert"]', (a) => a.textContent);
      assert.match(conflict, /Someone else decided this first\./);
      assert.match(conflict, /Your decision was not recorded\. The current status is\s*Approved/);
      assert.equal(await other.$eval('dialog button[type="submit"]', (b) => b.disabled), true, 'it cannot be sent again');
      await other.waitForFunction(() => document.querySelector('.status-line')?.textContent.includes('Approved'));
      await screenshot(other, 'hq-decision-conflict', { fullPage: false });
      assert.equal((await as(hq, 'GET', `/v1/recordations/${late.id}`)).body.status, 'approved', 'the rejection was not recorded');
    });
  });

  // The public register, without logging in: the approved recordation is there, the others not.
  await withPage(chromium.browser, server, 'register', async (page) => {
    await visit(page, '/');
    await click(page, 'Public register');
    await waitForHeading(page, 'Public register');
    await fillForm(page, { Search: marker });
    await click(page, 'Search');
    await page.waitForFunction(() => document.querySelector('.paged-list')?.getAttribute('aria-busy') === 'false'
      && new URLSearchParams(location.search).has('q'));
    await listLoaded(page);
    const entries = await page.$$eval('.register-entry', (es) => es.map((e) => e.textContent));
    assert.equal(entries.length, 1, 'only the approved filing is in the register');
    assert.match(entries[0], new RegExp(number));
    assert.match(entries[0], new RegExp(late.title));
    assert.match(entries[0], new RegExp(holder.organization.name));
    await screenshot(page, 'public-register');
    await assertAccessible(page, 'public register');
  });
});

test('port: the office queue, lookup by transport document, confirmation with its number; the authorization check says YES and NO', async () => {
  const { hq, port, holder, importer, importer2 } = cast;
  const recordation = await fileApproved(server, holder, hq, completeFiling({ title: `ACME ${unique()}` }));
  const entry = await as(holder, 'POST', `/v1/recordations/${recordation.id}/authorized-users`, {
    name: importer.organization.name, registration_number: importer.organization.registration_number, country: 'CN',
    roles: ['importer'], hs_codes: ['8517'], ports: ['CNSHA'],
  });
  assert.equal(entry.status, 201, entry.text);
  const file = async (document) => {
    const res = await as(importer, 'POST', '/v1/pre-confirmations', {
      office_code: 'CNSHA', direction: 'import', recordation_number: recordation.number,
      goods: [{ description: 'ACME X1 mobile phones', hs_code: '85171300', quantity: 500, unit: 'pcs', value: 125000, currency: 'USD' }],
      transport_document: document, expected_on: shiftDays(today(), 20), statement: 'We import ACME phones under licence.',
    });
    assert.equal(res.status, 201, res.text);
    return res.body;
  };
  const waybill = `MAEU${unique().toUpperCase()}`.slice(0, 24);
  const pc = await file(waybill);
  await file(`MSCU${unique().toUpperCase()}`.slice(0, 24)); // another shipment in the same queue
  await uploadDocument(server, importer, pc.id, 'licence', { file: realPdf('Licence L-2026-7'), filename: 'licence.pdf', parent: 'pre-confirmations' });

  await withPage(chromium.browser, server, 'port', async (page) => {
    await loginAs(page, { email: port.email, password: PASSWORD }, 'Port pre-confirmations');
    await listLoaded(page);
    const titles = await page.$$eval('.paged-list .queue-title a', (as) => as.map((a) => a.textContent));
    assert.ok(titles.includes(waybill), 'the request is in the office queue');
    assert.ok(titles.length >= 2);
    assert.match(await page.$eval('.paged-list', (l) => l.textContent), /Check: authorized/);
    await screenshot(page, 'port-queue');
    await assertAccessible(page, 'port queue');

    await fillForm(page, { 'Transport document': waybill.toLowerCase() });
    await click(page, 'Apply filters');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('transport_document'));
    await listLoaded(page);
    assert.deepEqual(await page.$$eval('.paged-list .queue-title a', (as) => as.map((a) => a.textContent)), [waybill],
      'the lookup finds that shipment only (without regard to case)');
    const licence = nextDownload(page);
    await click(page, waybill);
    await waitForHeading(page, `Shipment ${waybill}`);

    const main = await page.$eval('main', (m) => m.textContent);
    assert.match(main, /ACME X1 mobile phones/);
    assert.match(main, /85171300/);
    assert.match(main, new RegExp(recordation.number));
    assert.match(await page.$eval('.verdict', (v) => v.textContent), /^YES/);
    assert.match(main, /The recordation is in force on this date\./);
    const doc = await shownDocument(page, 'licence.pdf', licence);
    assert.deepEqual(doc, fileFacts(realPdf('Licence L-2026-7')));
    await assertAccessible(page, 'port request');

    await click(page, 'Confirm or reject…');
    await page.waitForSelector('dialog.modal[open]');
    await click(page, 'Record the decision');
    await page.waitForSelector('.banner-success');
    const confirmed = (await as(port, 'GET', `/v1/pre-confirmations/${pc.id}`)).body;
    assert.equal(confirmed.status, 'confirmed');
    const banner = await page.$eval('.banner-success', (b) => b.textContent);
    assert.match(banner, new RegExp(`Confirmed: ${confirmed.number}`));
    const until = await page.evaluate((d) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
      .format(new Date(`${d}T00:00:00Z`)), confirmed.valid_until);
    assert.match(banner, new RegExp(`Valid until ${until}\\.`));
    assert.match(await page.$eval('.status-line', (s) => s.textContent), /Confirmed/);
    await screenshotWithViewer(page, 'port-confirmed');

    // The authorization check: the listed importer for phones at this port, then another company.
    await click(page, 'Authorization check');
    await waitForHeading(page, 'Authorization check');
    await fillForm(page, {
      'Registration number of the company': importer.organization.registration_number,
      Recordation: recordation.number,
      Role: 'importer',
      'HS code of the goods': '85171300',
    });
    await click(page, 'Check');
    await page.waitForSelector('.verdict');
    assert.match(await page.$eval('.verdict', (v) => v.textContent), /^YES/);
    const matches = await page.$eval('table', (t) => t.textContent);
    assert.match(matches, new RegExp(importer.organization.name));
    assert.match(matches, /CNSHA/);
    await screenshot(page, 'port-check');
    await assertAccessible(page, 'authorization check');

    await fillForm(page, { 'Registration number of the company': importer2.organization.registration_number });
    await click(page, 'Check');
    await page.waitForFunction(() => document.querySelector('.verdict')?.textContent.startsWith('NO'));
    assert.match(await page.$eval('main', (m) => m.textContent), /No authorized-user entry matches\./);
    assert.equal(await heading(page), 'Authorization check');

    // The same answer in Chinese.
    await click(page, '中文');
    await waitForHeading(page, '授权使用人核查');
    assert.match(await page.$eval('.verdict', (v) => v.textContent), /^否/);
    await screenshot(page, 'port-check-zh');
    await click(page, 'English');
  });
});

test('headquarters: a photo viewed in the page, a renewal decided, a recordation revoked', async () => {
  const { hq, holder } = cast;
  // Approved with a right that expires in 3 months, so that its validity ends within the renewal
  // window; the holder renews the right and applies for the renewal through the API.
  const title = `${unique('Peony')} figurative mark`;
  const approved = await fileApproved(server, holder, hq, completeFiling({ title, right_expires_on: shiftDays(today(), 90) }));
  const photo = png(240, 160, [29, 78, 137]);
  await uploadDocument(server, holder, approved.id, 'goods_photo', { file: photo, filename: 'goods.png' });
  const renewedRight = shiftDays(today(), 3650);
  const renewal = await as(holder, 'POST', `/v1/recordations/${approved.id}/renewal`, { right_expires_on: renewedRight, note: 'CNIPA renewed the mark.' });
  assert.equal(renewal.status, 200, renewal.text);

  await withPage(chromium.browser, server, 'hq-renewal', async (page) => {
    await loginAs(page, { email: hq.email, password: PASSWORD }, 'Review queue');
    await visit(page, `/hq/recordations/${approved.id}`);
    await waitForHeading(page, title);
    assert.match(await page.$eval('.status-line', (s) => s.textContent), /Approved.*Renewal requested/);
    assert.match(await page.$eval('main', (m) => m.textContent), /Renewal decision due .*working days left/);
    assert.match(await page.$eval('main', (m) => m.textContent), /The holder writes: CNIPA renewed the mark\./);

    // The photo, chosen from the list, is shown as an image from the bytes fetched with the token.
    const download = nextDownload(page);
    await click(page, 'goods.png');
    const res = await download;
    assert.deepEqual({ type: res.headers()['content-type'], length: Number(res.headers()['content-length']) },
      { type: 'image/png', length: photo.bytes.length });
    const img = await page.waitForSelector('.document-viewer img[alt="Document: goods.png"]');
    await page.waitForFunction((i) => i.complete && i.naturalWidth > 0, {}, img);
    assert.deepEqual(await img.evaluate((i) => [i.src.slice(0, 5), i.naturalWidth, i.naturalHeight]), ['blob:', 240, 160]);
    await assertAccessible(page, 'filing with a renewal');

    // The renewal is approved: valid ten more years, capped at the renewed right.
    await click(page, 'Decide the renewal…');
    await page.waitForSelector('dialog.modal[open]');
    assert.deepEqual(await page.$$eval('dialog input[type="radio"]', (rs) => rs.map((r) => r.value)), ['approve', 'reject']);
    await click(page, 'Record the decision');
    await page.waitForSelector('.banner-success');
    const renewed = (await as(hq, 'GET', `/v1/recordations/${approved.id}`)).body;
    assert.equal(renewed.renewal.status, 'approved');
    assert.ok(renewed.valid_until > approved.valid_until);
    const until = await page.evaluate((d) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
      .format(new Date(`${d}T00:00:00Z`)), renewed.valid_until);
    await page.waitForFunction((u) => document.querySelector('.details')?.textContent.includes(u), {}, until);
    assert.equal(await page.$('::-p-xpath(//button[normalize-space(.)="Decide the renewal…"])'), null);

    // Revocation needs its reason.
    await click(page, 'Revoke…');
    await page.waitForSelector('dialog.modal[open]');
    await click(page, 'Revoke the recordation');
    await page.waitForSelector('dialog .field-error');
    const reason = 'The registration was invalidated by CNIPA decision 2026-123.';
    await fillForm(page, { 'Reason (shown to the holder)': reason });
    await click(page, 'Revoke the recordation');
    await page.waitForFunction(() => document.querySelector('.banner-success')?.textContent.includes('Revoked'));
    await page.waitForFunction((r) => [...document.querySelectorAll('.timeline li')]
      .some((li) => li.textContent.includes('Revoked') && li.textContent.includes(r)), {}, reason);
    assert.equal((await as(hq, 'GET', `/v1/recordations/${approved.id}`)).body.status, 'revoked');
    assert.equal(await page.$('::-p-xpath(//button[normalize-space(.)="Revoke…"])'), null, 'nothing more to decide');
  });
});
