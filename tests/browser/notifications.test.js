// Notifications in the web console: the bell counts what happened to the organization since the
// user last opened it (also after a reload), lists it while open (an event shows within seconds:
// the open panel long-polls) and leads to its subject; a rights holder registers a webhook
// endpoint (a bad address refused on its field), sees the signing secret once, follows the
// deliveries to a receiver of this test, sends one again, enables the endpoint after the
// receiver's 410 and removes it. English and Chinese, axe on each screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createAccount, fileDraft, PASSWORD } from '../api/lib/fixtures.js';
import {
  assertAccessible, click, fieldError, fillForm, launch, loginAs, screenshot, startConsoleServer, waitForHeading,
  withPage,
} from './lib/browser.js';

let server;
let chromium;
let receiver;
const received = [];
let answer = 200;

before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ id: req.headers['webhook-id'], event: JSON.parse(body), status: answer });
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  server = await startConsoleServer({ env: { IPR_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1', IPR_WEBHOOK_RETRY_BASE: '1' } });
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const bellCount = (page) => page.$eval('.bell-button', (b) => b.querySelector('.bell-count')?.textContent ?? '');
const draft = (title) => ({ ipr_type: 'trademark', title });

/** Waits (in this process) until the receiver has what match wants. */
async function receivedWhere(match, ms = 20000) {
  const end = Date.now() + ms;
  while (!match(received)) {
    if (Date.now() > end) assert.fail(`the receiver did not get it: ${JSON.stringify(received.map((r) => r.event.type))}`);
    await sleep(100);
  }
}

test('the bell: what is new since the user last looked, listed while open, leading to its subject', async () => {
  const holder = await createAccount(server, 'rights_holder');
  await withPage(chromium.browser, server, 'bell', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    assert.equal(await bellCount(page), '');
    assert.equal(await page.$eval('.bell-button', (b) => b.getAttribute('aria-label')), 'Notifications');

    // Open, it waits for what comes: a draft filed elsewhere shows within seconds.
    await page.click('.bell-button');
    await page.waitForSelector('#bell-panel');
    assert.match(await page.$eval('#bell-panel', (p) => p.textContent), /Nothing new since you last looked/);
    const first = await fileDraft(server, holder, draft('BELLWETHER (word mark)'));
    await page.waitForFunction(() => document.querySelector('.bell-list')?.textContent.includes('BELLWETHER'), { timeout: 15000 });
    assert.match(await page.$eval('.bell-list', (l) => l.textContent), /Draft created/);
    await assertAccessible(page, 'the bell open');
    await screenshot(page, 'bell-open', { fullPage: false });
    // Its subject is one click away.
    await page.click('.bell-list a');
    await page.waitForFunction((id) => window.location.pathname === `/holder/recordations/${id}`, {}, first.id);
    // The panel closes on the way (after the new screen's render: wait for it, do not race it).
    await page.waitForFunction(() => !document.querySelector('#bell-panel'), { timeout: 5000 });

    // Closed, the bell counts; the count survives a reload (the mark is the browser's).
    const second = await fileDraft(server, holder, draft('BELLHOP (word mark)'));
    await click(page, 'Recordations');
    await page.waitForFunction(() => document.querySelector('.bell-count')?.textContent === '1', { timeout: 45000 });
    assert.equal(await page.$eval('.bell-button', (b) => b.getAttribute('aria-label')), 'Notifications: 1 new');
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('.bell-count')?.textContent === '1', { timeout: 15000 });

    // Opening it shows what is new, marked so, and clears the count; Escape closes it.
    await page.click('.bell-button');
    await page.waitForSelector('.bell-unread');
    assert.match(await page.$eval('.bell-unread', (i) => i.textContent), /BELLHOP/);
    assert.equal(await page.$eval('.bell-unread a', (a) => a.getAttribute('href')), `/holder/recordations/${second.id}`);
    assert.equal(await bellCount(page), '');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#bell-panel'));
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('bell-button')), true);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.bell-button');
    await sleep(1000);
    assert.equal(await bellCount(page), '', 'seen is seen, after a reload too');

    // In Chinese.
    await click(page, '中文');
    await page.click('.bell-button');
    await page.waitForSelector('#bell-panel');
    assert.equal(await page.$eval('.bell-title', (h) => h.textContent), '通知');
    await assertAccessible(page, 'the bell in Chinese');
    await page.keyboard.press('Escape');
    await click(page, 'English');
  });
});

test('webhook endpoints: register, the secret once, deliveries, send again, enable after a 410, remove', async () => {
  const holder = await createAccount(server, 'rights_holder');
  await withPage(chromium.browser, server, 'webhooks', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await click(page, 'Webhooks');
    await waitForHeading(page, 'Webhooks');
    // The heading comes before the list has loaded ("Loading…").
    await page.waitForFunction(() => document.querySelector('.paged-list')?.textContent.includes('No endpoint is registered'));
    await assertAccessible(page, 'webhooks');

    // The form's own check, then the server's 422 on the field (a private address).
    await fillForm(page, { URL: 'ftp://example.com/in' });
    await click(page, 'Register the endpoint');
    assert.match(await fieldError(page, 'URL'), /http or https/);
    await fillForm(page, { URL: 'http://10.1.2.3/hooks' });
    await click(page, 'Register the endpoint');
    await page.waitForFunction(() => document.getElementById('f-url-error')?.textContent.includes('private'));

    const url = `http://127.0.0.1:${receiver.address().port}/hooks`;
    await fillForm(page, { URL: url, Description: 'Docketing system' });
    await page.click('input[type="checkbox"][value="recordation.created"]');
    await click(page, 'Register the endpoint');
    await page.waitForSelector('.secret');
    const secret = await page.$eval('.secret', (s) => s.textContent);
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.waitForFunction((u) => document.querySelector('.endpoint-url')?.textContent === u, {}, url);
    assert.match(await page.$eval('.endpoint', (e) => e.textContent), /Draft created/);
    await screenshot(page, 'webhooks-registered');
    await assertAccessible(page, 'webhooks with an endpoint');
    await page.reload({ waitUntil: 'load' });
    await waitForHeading(page, 'Webhooks');
    await page.waitForSelector('.endpoint');
    assert.equal(await page.$('.secret'), null, 'the secret is shown once');

    // An event is delivered; the log shows it, and it is sent again on request (the same id).
    const filed = await fileDraft(server, holder, draft('HOOKED (word mark)'));
    await receivedWhere((r) => r.some((x) => x.event.data.subject.id === filed.id));
    const id = received.find((x) => x.event.data.subject.id === filed.id).id;
    await page.click('.endpoint button[aria-expanded="false"]');
    await page.waitForFunction(() => document.querySelector('.deliveries .badge')?.textContent === 'Delivered', { timeout: 15000 });
    assert.match(await page.$eval('.deliveries', (d) => d.textContent), /1 attempt · answered 200/);
    await assertAccessible(page, 'a delivery log');
    await page.click('.deliveries .queue-status button');
    await page.waitForFunction(() => document.querySelector('.deliveries .badge')?.textContent === 'Pending');
    await receivedWhere((r) => r.filter((x) => x.id === id).length === 2);
    await screenshot(page, 'webhooks-deliveries');

    // The receiver answers 410: the endpoint is disabled; enabled again from the page.
    answer = 410;
    const gone = await fileDraft(server, holder, draft('GONE (word mark)'));
    await receivedWhere((r) => r.some((x) => x.event.data.subject.id === gone.id));
    answer = 200;
    for (let i = 0; i < 50; i++) {
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('.endpoint .badge');
      if ((await page.$eval('.endpoint .badge', (b) => b.textContent)) === 'Disabled') break;
      await sleep(200);
    }
    assert.match(await page.$eval('.endpoint', (e) => e.textContent), /Deliveries stopped on .*410/);
    await click(page, `Enable ${url}`);
    await page.waitForFunction(() => document.querySelector('.endpoint .badge')?.textContent === 'Enabled');

    // In Chinese.
    await click(page, '中文');
    await waitForHeading(page, 'Webhook 推送');
    await assertAccessible(page, 'webhooks in Chinese');
    await screenshot(page, 'webhooks-zh');
    await click(page, 'English');
    await waitForHeading(page, 'Webhooks');

    // Removed, after a confirmation.
    await click(page, `Remove ${url}`);
    await page.waitForSelector('dialog.modal');
    await click(page, 'Remove it');
    await page.waitForFunction(() => document.querySelector('.paged-list')?.textContent.includes('No endpoint is registered'));
  });
});
