// The catalogues' plural forms (web/src/i18n/message.ts), compiled with the console's esbuild
// and run in Node: English chooses "one" for 1 and "other" for the rest; Chinese has one form;
// every message with forms has exactly English's two, chosen by {count}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = process.env.IPR_ROOT ?? process.cwd();
const esbuild = createRequire(join(root, 'web', 'package.json'))('esbuild');
const built = await esbuild.build({
  stdin: {
    contents: "export { fillMessage } from './i18n/message'; export { en } from './i18n/en'; export { zh } from './i18n/zh';",
    resolveDir: join(root, 'web', 'src'),
    loader: 'ts',
  },
  bundle: true, format: 'esm', write: false,
});
const { fillMessage, en, zh } = await import(`data:text/javascript,${encodeURIComponent(built.outputFiles[0].text)}`);

test('English: one for 1, other for 0, 2 and more; Chinese: the one form', () => {
  const left = (locale, count) => fillMessage(locale, (locale === 'en' ? en : zh)['deadline.left'], { count });
  assert.equal(left('en', 1), '1 working day left');
  assert.equal(left('en', 0), '0 working days left');
  assert.equal(left('en', 2), '2 working days left');
  assert.equal(left('en', 30), '30 working days left');
  assert.equal(left('zh', 1), '剩余 1 个工作日');
  assert.equal(left('zh', 30), '剩余 30 个工作日');
  assert.equal(fillMessage('en', en['deadline.overdue'], { count: 1 }), 'Overdue by 1 working day');
  assert.equal(fillMessage('en', en['csv.refused_title'], { count: 1 }), '1 refused row');
  assert.equal(fillMessage('en', en['csv.refused_title'], { count: 3 }), '3 refused rows');
  assert.equal(fillMessage('en', en['calendar.calc_result'], { count: 1, start: '1 June' }), '1 working day after 1 June:');
});

test('a message without forms is filled as it is', () => {
  assert.equal(fillMessage('en', en['home.welcome'], { name: 'Li Wei' }), 'Welcome, Li Wei.');
  assert.equal(fillMessage('en', 'left {x}', {}), 'left {x}', 'an unknown placeholder is kept');
});

test('every message with plural forms has English two, counted by {count}; Chinese has none', () => {
  const plural = Object.entries(en).filter(([, text]) => text.includes('|'));
  assert.ok(plural.length >= 5, 'the counts shown have plural forms');
  for (const [key, text] of plural) {
    const forms = text.split('|');
    assert.equal(forms.length, 2, `${key}: one|other`);
    assert.ok(forms[1].includes('{count}'), `${key}: the other form shows {count}`);
    assert.ok(!zh[key].includes('|'), `${key}: Chinese has one form`);
  }
  for (const [key, text] of Object.entries(zh)) assert.ok(!text.includes('|'), `${key}: Chinese has one form`);
});
