// Agents in the web console (issue 22), every role clicking and typing: the administrator approves
// a law firm that registered; the rights holder grants it a mandate and attaches the power of
// attorney; the agent accepts it, chooses the client in the client switcher, files a draft for it
// and sees it on its desk; the holder sees in the filing's history who acted for it, then ends
// the mandate, and the agent's desk is empty. English, and the desk in Chinese. Then the desk
// lists a client's suspect-goods case to answer and opens it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAccount, createAdmin, createAgent, createOfficer, ensureOffice, fileApproved, fileDraft, fileSubmitted, grantMandate,
  PASSWORD,
} from '../api/lib/fixtures.js';
import { today, shiftDays } from '../api/lib/dates.js';
import { completeFiling } from '../api/lib/filings.js';
import {
  assertAccessible, click, control, fillForm, launch, loginAs, realPdf, screenshot, startConsoleServer,
  typeDate, visit, waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;
let admin;

before(async () => {
  server = await startConsoleServer();
  chromium = await launch();
  admin = await createAdmin(server);
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

const mainText = (page) => page.$eval('main', (m) => m.innerText);

test('an agent approved, mandated, filing for its client; the mandate ended', async () => {
  const holder = await createAccount(server, 'rights_holder', { organization: { name: 'Acme Trading' } });
  const agent = await createAgent(server, admin, { approved: false,
    overrides: { organization: { name: 'Kingsway IP', licence_number: 'CIPA-2024-0964' }, user: { full_name: 'Li Na' } } });

  await withPage(chromium.browser, server, 'admin-agents', async (page) => {
    await loginAs(page, { email: admin.email, password: PASSWORD }, 'Administration');
    await click(page, 'Agents');
    await waitForHeading(page, 'Agents');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Kingsway IP'));
    assert.match(await mainText(page), /Licence CIPA-2024-0964/);
    await assertAccessible(page, 'agents awaiting approval');
    await screenshot(page, 'admin-agents');
    await click(page, 'Approve Kingsway IP');
    await page.waitForFunction(() => !document.querySelector('main').innerText.includes('Kingsway IP'));
    await fillForm(page, { Status: 'approved' });
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Kingsway IP'));
  });

  await withPage(chromium.browser, server, 'holder-mandates', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await click(page, 'Mandates');
    await waitForHeading(page, 'Mandates');
    await page.waitForFunction(() => [...document.querySelectorAll('option')].some((o) => o.textContent.includes('Kingsway IP')));
    await fillForm(page, { Agent: agent.organization.id });
    await typeDate(page, 'Valid until', shiftDays(today(), 365));
    await click(page, 'Grant the mandate');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('No power of attorney yet'));
    const dir = mkdtempSync(join(tmpdir(), 'iprd-poa-'));
    const path = join(dir, 'power-of-attorney.pdf');
    writeFileSync(path, realPdf('Power of attorney: Acme Trading to Kingsway IP').bytes);
    const input = await control(page, 'Choose a file to upload');
    await input.uploadFile(path);
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Power of attorney attached'));
    await assertAccessible(page, 'the holder\'s mandates');
    await screenshot(page, 'holder-mandates');
  });

  let filingId;
  await withPage(chromium.browser, server, 'agent-desk', async (page) => {
    await loginAs(page, { email: agent.email, password: PASSWORD }, 'Your desk');
    // The desk is read after the heading shows: wait for it (a busy machine answers late).
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('No client has a mandate in force for you yet'));
    await click(page, 'Mandates');
    await waitForHeading(page, 'Mandates');
    await click(page, 'Accept the mandate of Acme Trading');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Accepted'));
    await assertAccessible(page, 'the agent\'s mandates');

    // The client switcher names the client of a new filing.
    await click(page, 'Desk');
    await waitForHeading(page, 'Your desk');
    await page.waitForFunction(() => [...document.querySelectorAll('#client-switcher option')].some((o) => o.textContent === 'Acme Trading'));
    await fillForm(page, { Client: holder.organization.id });
    await click(page, 'File for this client');
    await fillForm(page, { 'Type of right': 'trademark', 'Name of the right': 'KINGSWAY FOR ACME (word mark)' });
    await click(page, 'Save draft');
    await page.waitForFunction(() => /\/holder\/recordations\/[0-9a-f-]{36}/.test(location.pathname));
    filingId = await page.evaluate(() => location.pathname.split('/')[3]);

    await click(page, 'Desk');
    await waitForHeading(page, 'Your desk');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('KINGSWAY FOR ACME'));
    assert.match(await mainText(page), /for Acme Trading/);
    await assertAccessible(page, 'the agent\'s desk');
    await screenshot(page, 'agent-desk');
    // The same desk in Chinese.
    await click(page, '中文');
    await waitForHeading(page, '工作台');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('代理 Acme Trading'));
    await screenshot(page, 'agent-desk-zh');
    await click(page, 'English');
    await waitForHeading(page, 'Your desk');
  });

  const filing = await server.request('GET', `/v1/recordations/${filingId}`, { token: holder.token });
  assert.equal(filing.status, 200);
  assert.equal(filing.body.holder.organization_id, holder.organization.id, 'the draft is the client\'s');

  await withPage(chromium.browser, server, 'holder-ends', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await visit(page, `/holder/recordations/${filingId}`);
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Li Na of Kingsway IP for Acme Trading'));
    await click(page, 'Mandates');
    await waitForHeading(page, 'Mandates');
    await click(page, 'End the mandate of Kingsway IP');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Ended'));
  });

  await withPage(chromium.browser, server, 'agent-after', async (page) => {
    await loginAs(page, { email: agent.email, password: PASSWORD }, 'Your desk');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('No client has a mandate in force for you yet'));
    assert.ok(!(await mainText(page)).includes('KINGSWAY FOR ACME'));
  });
});

test('the agent\'s desk lists its clients\' suspect-goods cases to answer, by deadline, and opens one', async () => {
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
  await ensureOffice(server, admin, 'CNSHA', 'port', 'Shanghai Customs');
  const [hq, port] = [await createOfficer(server, admin, 'HQ'), await createOfficer(server, admin, 'CNSHA')];
  const holder = await createAccount(server, 'rights_holder', { organization: { name: 'Acme Bags' } });
  const agent = await createAgent(server, admin, { overrides: { organization: { name: 'Kingsway IP' } } });
  await grantMandate(server, holder, agent, { actions: ['answer_cases'] });
  const recordation = await fileApproved(server, holder, hq);
  const opened = await server.request('POST', '/v1/cases', { token: port.token, body: {
    recordations: [recordation.number], transport_document: `MAEU${Date.now()}`,
    declarant: { name: 'Shady Imports Ltd', registration_number: '91310000SHADY0001' },
    goods: [{ description: 'Handbags bearing ACME', hs_code: '420221', quantity: 1200, unit: 'pcs', declared_value: 18000, currency: 'USD' }],
    exchange_rates: [{ currency: 'USD', rate: 7.1 }], suspicion: 'The ACME logo is misspelt on the lining.' } });
  assert.equal(opened.status, 201, opened.text);
  const kase = opened.body;

  await withPage(chromium.browser, server, 'agent-desk-cases', async (page) => {
    await loginAs(page, { email: agent.email, password: PASSWORD }, 'Your desk');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Suspect-goods cases to answer (1)'));
    const text = await mainText(page);
    assert.match(text, new RegExp(`Case ${kase.number}`));
    assert.match(text, new RegExp(`for Acme Bags · CNSHA · ${recordation.number}`));
    assert.match(text, /answer by /);
    // The clients table counts it.
    const row = await page.$eval('section[aria-labelledby="desk-clients"] tbody tr',
      (tr) => [...tr.children].map((c) => c.textContent));
    assert.equal(row[0], 'Acme Bags');
    assert.equal(row.at(-1), '1');
    await assertAccessible(page, 'the agent\'s desk with a case to answer');
    await click(page, `Case ${kase.number}`);
    await page.waitForFunction((id) => location.pathname === `/holder/cases/${id}`, {}, kase.id);
    await page.waitForFunction((n) => document.querySelector('main').innerText.includes(n), {}, kase.number);
  });
});

// Ticks (or unticks) the checkbox or radio labelled `text`, inside `scope` (an XPath) if given.
async function tick(page, text, scope = '') {
  const el = await page.waitForSelector(`::-p-xpath(${scope}//label[normalize-space(.)=${JSON.stringify(text)}]/input)`);
  await el.click();
}

test('the holder grants a mandate over the recordations it ticks, then narrows it', async () => {
  const holder = await createAccount(server, 'rights_holder', { organization: { name: 'Acme Shoes' } });
  const agent = await createAgent(server, admin, { overrides: { organization: { name: 'Harbour IP' } } });
  const [boots, sandals] = [await fileDraft(server, holder, completeFiling({ title: 'ACME BOOTS (word mark)' })),
    await fileDraft(server, holder, completeFiling({ title: 'ACME SANDALS (word mark)' }))];

  await withPage(chromium.browser, server, 'holder-mandate-listed', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await click(page, 'Mandates');
    await waitForHeading(page, 'Mandates');
    await page.waitForFunction(() => [...document.querySelectorAll('option')].some((o) => o.textContent.includes('Harbour IP')));
    await fillForm(page, { Agent: agent.organization.id });
    await tick(page, 'Only the recordations I choose');
    await tick(page, 'ACME BOOTS (word mark)');
    await tick(page, 'ACME SANDALS (word mark)');
    await tick(page, 'Answer suspect-goods cases');
    await typeDate(page, 'Valid until', shiftDays(today(), 365));
    await click(page, 'Grant the mandate');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('2 recordations'));
    assert.match(await mainText(page), /Answer suspect-goods cases/);

    await click(page, 'Narrow the mandate of Harbour IP');
    const form = '//form[@aria-label="Narrow the mandate of Harbour IP"]';
    await tick(page, 'ACME SANDALS (word mark)', form);
    await tick(page, 'Renew', form);
    await assertAccessible(page, 'narrowing a mandate');
    await screenshot(page, 'holder-mandate-narrow');
    await click(page, 'Save the narrower mandate');
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('1 recordation'));
  });

  const list = await server.request('GET', '/v1/mandates', { token: holder.token });
  assert.equal(list.status, 200, list.text);
  const [m] = list.body.items;
  assert.equal(m.all_recordations, false);
  assert.deepEqual(m.recordation_ids, [boots.id]);
  assert.ok(!m.recordation_ids.includes(sandals.id));
  assert.deepEqual(m.actions, ['file_and_amend', 'submit', 'answer_information_requests', 'manage_authorized_users', 'answer_cases']);
  const history = await server.request('GET', `/v1/mandates/${m.id}/history`, { token: holder.token });
  assert.equal(history.status, 200, history.text);
  assert.ok(history.body.items.some((e) => e.action === 'narrowed'), 'the narrowing is in the mandate\'s history');
});

test('the headquarters officer sees the agent that filed for the holder, with its contact', async () => {
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
  const hq = await createOfficer(server, admin, 'HQ');
  const holder = await createAccount(server, 'rights_holder', { organization: { name: 'Acme Lamps' } });
  const email = `desk-${Date.now()}@lotus-ip.example`;
  const agent = await createAgent(server, admin, { overrides: {
    organization: { name: 'Lotus IP', contact_email: email, phone: '+86 21 5555 0101' },
    user: { full_name: 'Wang Fang' } } });
  await grantMandate(server, holder, agent);
  const filed = await fileSubmitted(server, agent, completeFiling({ organization_id: holder.organization.id, title: 'ACME LAMPS (word mark)' }));

  await withPage(chromium.browser, server, 'hq-agent', async (page) => {
    await loginAs(page, { email: hq.email, password: PASSWORD }, 'Review queue');
    await visit(page, `/hq/recordations/${filed.id}`);
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Lotus IP (Wang Fang)'));
    const mail = await page.$eval('a[href^="mailto:"]', (a) => [a.getAttribute('href'), a.textContent]);
    assert.deepEqual(mail, [`mailto:${email}`, email]);
    assert.equal(await page.$eval('a[href^="tel:"]', (a) => a.getAttribute('href')), 'tel:+862155550101');
    await assertAccessible(page, 'a filing with its agent');
  });
});
