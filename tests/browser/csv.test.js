// The console's CSV reader (web/src/csv.ts, RFC 4180), compiled with the console's esbuild and
// run in Node: quoting, line breaks inside quotes, CRLF, a byte-order mark, blank lines, the
// line each record starts on, and malformed quotes refused with their line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = process.env.IPR_ROOT ?? process.cwd();
const esbuild = createRequire(join(root, 'web', 'package.json'))('esbuild');
const built = await esbuild.build({ entryPoints: [join(root, 'web', 'src', 'csv.ts')], bundle: true, format: 'esm', write: false });
const { parseCsv, csvField, CsvError } = await import(`data:text/javascript,${encodeURIComponent(built.outputFiles[0].text)}`);

const rows = (text) => parseCsv(text).map((r) => [r.line, ...r.fields]);

test('plain fields, LF and CRLF line ends, a final line without its end', () => {
  assert.deepEqual(rows('a,b,c\n1,2,3\r\n4,5,6'), [[1, 'a', 'b', 'c'], [2, '1', '2', '3'], [3, '4', '5', '6']]);
  assert.deepEqual(rows('a,b\r\n'), [[1, 'a', 'b']]);
  assert.deepEqual(rows(''), []);
});

test('empty fields are kept; blank lines are skipped but still counted', () => {
  assert.deepEqual(rows('a,,c\n\n,,\n\r\nx'), [[1, 'a', '', 'c'], [3, '', '', ''], [5, 'x']]);
});

test('quoted fields hold commas, doubled quotes and line breaks; the next record keeps its true line', () => {
  assert.deepEqual(rows('name,note\n"Acme, Ltd.","He said ""yes"""\n"two\r\nlines",x\nlast,""\n'), [
    [1, 'name', 'note'], [2, 'Acme, Ltd.', 'He said "yes"'], [3, 'two\r\nlines', 'x'], [5, 'last', ''],
  ]);
  // A line holding only "" is a record with one empty field, not a blank line.
  assert.deepEqual(rows('a\n""\nb'), [[1, 'a'], [2, ''], [3, 'b']]);
});

test('a UTF-8 byte-order mark (as Excel writes it) is dropped; other characters are kept', () => {
  assert.deepEqual(rows('\ufeffname,city\n深圳贸易有限公司,深圳\n'), [[1, 'name', 'city'], [2, '深圳贸易有限公司', '深圳']]);
});

test('a quote never closed, or text after a closing quote, is refused with its line', () => {
  assert.throws(() => parseCsv('a,b\n1,"open\n2,3\n'), (e) => e instanceof CsvError && e.reason === 'unclosed_quote' && e.line === 2);
  assert.throws(() => parseCsv('a,b\n"two\nlines",x\nlast,"" \n'), (e) => e instanceof CsvError && e.reason === 'text_after_quote' && e.line === 4);
});

test('a quote inside an unquoted field is kept as text', () => {
  assert.deepEqual(rows('5" screen,x'), [[1, '5" screen', 'x']]);
});

test('csvField quotes only what needs it, and parseCsv reads back what it wrote', () => {
  const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', ''];
  assert.deepEqual(values.map(csvField), ['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '']);
  assert.deepEqual(parseCsv(`${values.map(csvField).join(',')}\r\n`)[0].fields, values);
});
