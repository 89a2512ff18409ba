// Everyone's journeys in the web console: register a rights holder (a 422 shown on its field
// first), log in and out, change the password, switch to Chinese and back, an ended session
// sends the user to the login screen with a message, each role lands on its own page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, createAdmin, createOfficer, ensureOffice, PASSWORD, unique } from '../api/lib/fixtures.js';
import {
  assertAccessible, click, control, fieldError, fillForm, heading, launch, loginAs, screenshot,
  startConsoleServer, visit, waitForHeading, withPage,
} from './lib/browser.js';

let server;
let chromium;

before(async () => {
  server = await startConsoleServer();
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
  await server?.stop();
});

test('a rights holder registers through the form; the 422 lands on the right field', async () => {
  await withPage(chromium.browser, server, 'register', async (page) => {
    const res = await visit(page, '/register');
    assert.match(res.headers()['content-security-policy'], /default-src 'self'/);
    assert.equal(await heading(page), 'Register your organization');
    await assertAccessible(page, 'register');

    // Validation as the user types: a country code in small letters is refused at once.
    await fillForm(page, { Country: 'cn' });
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelector('[id="f-organization-country-error"]'));
    assert.match(await fieldError(page, 'Country'), /two capital letters/);
    await fillForm(page, { Country: 'CN' });
    await page.waitForFunction(() => !document.querySelector('[id="f-organization-country-error"]'));

    const email = `${unique('holder')}@company.example`;
    const fullName = '<img src=x onerror=alert(1)>';
    await fillForm(page, {
      'The organization is': 'rights_holder',
      'Name of the organization': 'Acme Brands Ltd',
      'Registration number': unique('9131'),
      Address: '1 Century Avenue, Shanghai',
      // Looks like an address to the form, not to the registry: the server's 422 must show here.
      'Contact email': 'legal<dept>@acme.example',
      Phone: '+86 21 5555 0100',
      'Full name': fullName,
      Email: email,
      Password: PASSWORD,
    });
    await click(page, 'Register');
    await page.waitForSelector('[role="alert"]');
    const error = await fieldError(page, 'Contact email');
    assert.ok(error.length > 0, 'the 422 error is shown under Contact email');
    assert.equal(await (await control(page, 'Contact email')).evaluate((e) => e.getAttribute('aria-invalid')), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-organization-contact_email', 'focus goes to the bad field');
    assert.equal(await fieldError(page, 'Name of the organization'), '', 'no error on the good fields');
    await screenshot(page, 'register-422');
    await assertAccessible(page, 'register with errors');

    await fillForm(page, { 'Contact email': 'legal@acme.example' });
    await click(page, 'Register');
    await waitForHeading(page, 'Your recordations');
    assert.equal(new URL(page.url()).pathname, '/holder');
    // The name is shown as text, never as markup.
    const welcome = await page.$eval('main .lead', (p) => p.textContent);
    assert.equal(welcome, `Welcome, ${fullName}.`);
    assert.equal(await page.$('main img'), null);
    assert.match(await page.$eval('header', (h) => h.textContent), /Rights holder/);
    await screenshot(page, 'holder-home');
    await assertAccessible(page, 'holder home');
  });
});

test('log in, change the password, log out, log in with the new one', async () => {
  const holder = await createAccount(server, 'rights_holder');
  await withPage(chromium.browser, server, 'password', async (page) => {
    await visit(page, '/login');
    await assertAccessible(page, 'login');
    await screenshot(page, 'login');
    await fillForm(page, { Email: holder.email, Password: 'not the password' });
    await click(page, 'Log in');
    await page.waitForSelector('.banner-error');
    assert.match(await page.$eval('.banner-error', (b) => b.textContent), /email or the password is not right/);

    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    await click(page, 'Change password');
    await waitForHeading(page, 'Change password');
    await fillForm(page, { 'Current password': PASSWORD, 'New password': 'a new passphrase 2026', 'New password again': 'a different one' });
    await click(page, 'Change password');
    assert.match(await fieldError(page, 'New password again'), /not the same/);
    await fillForm(page, { 'New password again': 'a new passphrase 2026' });
    await page.click('main button[type="submit"]');
    await page.waitForSelector('.banner-success');
    await assertAccessible(page, 'change password');
    await screenshot(page, 'change-password');

    await click(page, 'Log out');
    await waitForHeading(page, 'Log in');
    assert.match(await page.$eval('.banner-info', (b) => b.textContent), /You have logged out/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('iprd.token')), null);
    await loginAs(page, { email: holder.email, password: 'a new passphrase 2026' }, 'Your recordations');
  });
});

test('the language switches to Chinese, is remembered, and switches back', async () => {
  const importer = await createAccount(server, 'importer');
  await withPage(chromium.browser, server, 'language', async (page) => {
    await loginAs(page, { email: importer.email, password: PASSWORD }, 'Your pre-confirmation requests');
    await click(page, '中文');
    await waitForHeading(page, '我的预确认申请');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await screenshot(page, 'importer-home-zh');
    await assertAccessible(page, 'importer home in Chinese');
    await page.reload({ waitUntil: 'load' });
    await waitForHeading(page, '我的预确认申请');
    await click(page, 'English');
    await waitForHeading(page, 'Your pre-confirmation requests');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  });
});

test('a session ended elsewhere leads to the login screen with a message, and back after login', async () => {
  const holder = await createAccount(server, 'rights_holder');
  await withPage(chromium.browser, server, 'session', async (page) => {
    await loginAs(page, { email: holder.email, password: PASSWORD }, 'Your recordations');
    const token = await page.evaluate(() => sessionStorage.getItem('iprd.token'));
    assert.ok(token);
    // The dashboard's own requests first: one still under way when the session ends would
    // already lead to the login screen (and forget the token) before the reload below.
    await page.waitForNetworkIdle({ idleTime: 300 });
    assert.equal((await server.request('DELETE', '/v1/sessions/current', { token })).status, 204);

    await page.reload({ waitUntil: 'load' });
    await waitForHeading(page, 'Log in');
    assert.match(await page.$eval('.banner-info', (b) => b.textContent), /Your session has expired/);
    assert.equal(new URL(page.url()).searchParams.get('next'), '/holder');
    await screenshot(page, 'session-expired');
    await fillForm(page, { Email: holder.email, Password: PASSWORD });
    await click(page, 'Log in');
    await waitForHeading(page, 'Your recordations');

    // A page that needs a login, opened without one, goes to the login screen too.
    await withPage(chromium.browser, server, 'no-login', async (fresh) => {
      await visit(fresh, '/account/password');
      await waitForHeading(fresh, 'Log in');
      assert.equal(new URL(fresh.url()).searchParams.get('next'), '/account/password');
    });
  });
});

test('each role lands on its own page with its navigation', async () => {
  const admin = await createAdmin(server);
  await ensureOffice(server, admin, 'HQ', 'headquarters', 'General Administration of Customs');
  await ensureOffice(server, admin, 'CNSHA', 'port', 'Shanghai Customs');
  const [hq, port] = await Promise.all([createOfficer(server, admin, 'HQ'), createOfficer(server, admin, 'CNSHA')]);
  const cast = [[admin, 'Administration', 'admin'], [hq, 'Review queue', 'hq'], [port, 'Port pre-confirmations', 'port']];
  for (const [who, title, path] of cast) {
    await withPage(chromium.browser, server, path, async (page) => {
      await loginAs(page, { email: who.email, password: PASSWORD }, title);
      assert.equal(new URL(page.url()).pathname, `/${path}`);
      assert.ok(await page.$('header nav a[aria-current="page"]'), 'the navigation marks where the user is');
      await assertAccessible(page, `${path} home`);
      await screenshot(page, `${path}-home`);
      // Another role's page is not found for this one.
      await visit(page, path === 'admin' ? '/hq' : '/admin');
      await waitForHeading(page, 'Page not found');
    });
  }
});
