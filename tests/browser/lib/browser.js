// Browser journeys through the web console: Debian's headless Chromium driven by puppeteer-core,
// against a real iprd (tests/api/lib/harness.js) serving build/console. A page fails its test on
// any JavaScript error, any Content-Security-Policy violation and any request to another host.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startServer } from '../../api/lib/harness.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOTS = join(process.env.IPR_ROOT ?? '.', 'build', 'screenshots');

/** iprd serving the console that scripts/build-console built. Options as startServer's. */
export function startConsoleServer(options = {}) {
  return startServer({ ...options, env: { IPR_CONSOLE_DIR: join(process.env.IPR_ROOT, 'build', 'console'), ...options.env } });
}

/** Chromium with a fresh profile; resolves to { browser, close() }. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'iprd-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.IPR_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, '--lang=en-GB'],
    protocolTimeout: 120000,
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A new tab (its own storage) on server, watching for problems. page.problems lists the
 * JavaScript errors, CSP violations and requests to other hosts seen so far;
 * page.assertClean() fails the test when there is one. HTTP error answers the screens handle
 * (401, 422, ...) are not problems.
 */
export async function newPage(browser, server) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  await page.setViewport({ width: 1280, height: 860 });
  const origin = new URL(server.url).origin;
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`JavaScript error: ${e.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() !== 'error' || /^Failed to load resource: the server responded with a status of/.test(text)) return;
    page.problems.push(`console error: ${text}`);
  });
  page.on('request', (req) => {
    const url = req.url();
    // chrome: and chrome-extension: are the browser's own PDF viewer, showing a document in a frame.
    const local = [origin, 'data:', 'blob:', 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/', 'chrome://resources/'];
    if (!local.some((prefix) => url.startsWith(prefix))) page.problems.push(`request to another host: ${url}`);
  });
  page.on('dialog', (d) => {
    page.problems.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  page.assertClean = () => assert.deepEqual(page.problems, [], 'the page had problems');
  page.origin = origin;
  page.closeAll = () => context.close();
  return page;
}

/**
 * Runs fn(page) on a new page of its own, then fails when the page had a problem; closes it
 * either way (a failure leaves build/screenshots/failed-<label>.png to look at).
 */
export async function withPage(browser, server, label, fn) {
  const page = await newPage(browser, server);
  try {
    await fn(page);
    page.assertClean();
  } catch (e) {
    await screenshot(page, `failed-${label}`).catch(() => {});
    throw e;
  } finally {
    await page.closeAll();
  }
}

/** Goes to a path of the console and waits for its heading. */
export async function visit(page, path) {
  const res = await page.goto(page.origin + path, { waitUntil: 'load' });
  await page.waitForSelector('main h1');
  return res;
}

/** The text of the screen's heading. */
export const heading = (page) => page.$eval('main h1', (h) => h.textContent.trim());

/** Waits until the heading reads text. */
export async function waitForHeading(page, text) {
  await page.waitForFunction((t) => document.querySelector('main h1')?.textContent.trim() === t, {}, text);
}

/** The form control whose <label> reads label (the required mark aside); fails when none or several. */
export async function control(page, label) {
  const ids = await page.$$eval('label', (labels, want) => labels
    .filter((l) => l.textContent.replace(/\s*\*\s*$/, '').trim() === want)
    .map((l) => l.htmlFor), label);
  assert.equal(ids.length, 1, `one label "${label}" expected, found ${ids.length}`);
  return page.$(`[id="${ids[0]}"]`);
}

/** Replaces the value of the control labelled label by typing value, as a person does. */
export async function fillByLabel(page, label, value) {
  const el = await control(page, label);
  const tag = await el.evaluate((e) => e.tagName);
  if (tag === 'SELECT') {
    await el.select(value);
    return;
  }
  await el.click({ clickCount: 3 });
  await page.keyboard.press('Backspace');
  if (value) await el.type(value);
}

/** Fills several controls: { label: value }. */
export async function fillForm(page, fields) {
  for (const [label, value] of Object.entries(fields)) await fillByLabel(page, label, value);
}

/** The error shown under the control labelled label ('' when none). */
export async function fieldError(page, label) {
  const el = await control(page, label);
  return el.evaluate((e) => {
    const ids = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
    return ids.length ? document.getElementById(ids[0])?.textContent.trim() ?? '' : '';
  });
}

/** Clicks the button (or link) whose visible text is text. */
export async function click(page, text) {
  const el = await page.waitForSelector(`::-p-xpath(//*[self::button or self::a][normalize-space(.)=${JSON.stringify(text)}])`);
  await el.click();
}

/** Logs in through the login screen and waits for the landing page's heading. */
export async function loginAs(page, { email, password }, landingHeading) {
  await visit(page, '/login');
  await fillForm(page, { Email: email, Password: password });
  await click(page, 'Log in');
  if (landingHeading) await waitForHeading(page, landingHeading);
}

/** Runs axe-core on the page; fails on a serious or critical violation. */
export async function assertAccessible(page, what) {
  // Runtime.evaluate is not subject to the page's CSP (a <script> tag would be, rightly).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: accessibility violations`);
}

/** Writes build/screenshots/<name>.png: the whole page, or with { fullPage: false } the window (a modal dialog). */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * A real one-page PDF saying text (catalog, page, font, content stream, cross-reference table),
 * as sampleFile answers: { bytes, type }.
 */
export function realPdf(text) {
  const stream = `BT /F1 14 Tf 60 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { bytes: Buffer.from(out, 'latin1'), type: 'application/pdf' };
}

/**
 * Presses Tab (keyboard only) until the focused element is the one wanted: want is its visible
 * text, or { id }. Fails after max presses.
 */
export async function tabTo(page, want, max = 80) {
  const { id, text } = typeof want === 'string' ? { text: want } : want;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => ({ id: document.activeElement?.id, text: document.activeElement?.textContent.trim() }));
    if ((id && here.id === id) || (text && here.text === text)) return;
  }
  assert.fail(`Tab never reached ${id ?? `"${text}"`}`);
}

/**
 * Types a YYYY-MM-DD date into the date field labelled label as a person does, its parts in the
 * order the browser's locale shows them; fails unless the field then holds it.
 */
export async function typeDate(page, label, iso) {
  const el = await control(page, label);
  const [year, month, day] = iso.split('-');
  const order = await el.evaluate(() => new Intl.DateTimeFormat(navigator.language)
    .formatToParts(new Date(2030, 11, 31)).filter((p) => p.type !== 'literal').map((p) => p.type));
  await el.focus();
  for (const part of order) await el.type({ year, month, day }[part]);
  assert.equal(await el.evaluate((e) => e.value), iso, `${label} reads ${iso}`);
}
