// Builds the console into a folder (default ../build/console) that iprd serves (IPR_CONSOLE_DIR):
// index.html, and under assets/ the bundle with content-hashed names (served as immutable),
// each file with a .gz beside it (served when the browser accepts gzip). Prints the gzip size
// of what the first screen loads.
import * as esbuild from 'esbuild';
import { gzipSync, constants } from 'node:zlib';
import { readFileSync, writeFileSync, rmSync, mkdirSync, readdirSync, statSync, copyFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, '..', 'build', 'console');

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: [join(here, 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((f) => '/' + relative(out, f));
const script = outputs.find((f) => f.endsWith('.js'));
const style = outputs.find((f) => f.endsWith('.css'));
const page = readFileSync(join(here, 'index.html'), 'utf8')
  .replace('<!-- assets -->', `<link rel="stylesheet" href="${style}">\n<script type="module" src="${script}"></script>`);
writeFileSync(join(out, 'index.html'), page);
copyFileSync(join(here, 'favicon.svg'), join(out, 'favicon.svg'));

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}
let firstScreen = 0;
for (const file of [...walk(out)]) {
  const gz = gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION });
  writeFileSync(file + '.gz', gz);
  if (file.endsWith('.js')) firstScreen += gz.length;
}
console.error(`console built in ${out}: first screen's JavaScript ${(firstScreen / 1024).toFixed(1)} KB gzip`);
