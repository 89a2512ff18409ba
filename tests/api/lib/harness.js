// The test harness: a real PostgreSQL (the cluster scripts/test started, IPR_TEST_PG_URL),
// one fresh database per server, and a real iprd (IPR_TEST_BIN) started on a free port.
// Every response a test receives is checked against api-spec/openapi.yaml, so the API
// document and the server cannot drift apart unnoticed.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect } from 'node:net';
import { validateResponse } from './openapi.js';

const run = promisify(execFile);

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with scripts/test`);
  return value;
}

/** A database URL with another database name. */
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs SQL with psql; resolves to its unaligned, tuples-only output, trimmed. */
export async function psql(url, sql) {
  const { stdout } = await run('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]);
  return stdout.trim();
}

/** Resolves once a session holds an ACCESS EXCLUSIVE lock on `table` (the psql started to take it), at most 10 s. */
export async function lockHeld(url, table) {
  const end = Date.now() + 10000;
  while (await psql(url, `SELECT count(*) FROM pg_locks WHERE relation = '${table}'::regclass AND granted AND mode = 'AccessExclusiveLock'`) === '0') {
    if (Date.now() > end) throw new Error(`no lock on ${table} after 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Polls until `check` resolves true, for at most `ms` (a second): changes that reach another
 * daemon by a NOTIFY sent at commit are asynchronous, but a matter of milliseconds. Resolves to
 * the milliseconds taken; fails the test naming `what` when the time is up.
 */
export async function within(check, what, ms = 1000) {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`${what}: not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Creates an empty database in the test cluster; resolves to its URL. */
export async function newDatabase() {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await psql(env('IPR_TEST_PG_URL'), `CREATE DATABASE ${name}`);
  return withDatabase(env('IPR_TEST_PG_URL'), name);
}

export async function dropDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  if (!/^t_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await psql(env('IPR_TEST_PG_URL'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A free TCP port on 127.0.0.1 (free when asked; good enough for a test). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL cluster of the test's own (scripts/pg-cluster), for tests that stop and
 * start the database under a running server. Resolves to { url, dir (its data directory),
 * start(), stop(), remove() }.
 */
export async function startCluster() {
  const script = join(env('IPR_ROOT'), 'scripts', 'pg-cluster');
  const dir = mkdtempSync(join(tmpdir(), 'iprd-pg-'));
  const port = await freePort();
  const pgEnv = { ...process.env, PG_FAST: '1' };
  const start = async () => (await run(script, ['start', dir, String(port)], { env: pgEnv })).stdout.trim().split('\n').pop();
  const url = await start();
  return {
    url,
    dir,
    start,
    stop: () => run(script, ['stop', dir], { env: pgEnv }),
    async remove() {
      await run(script, ['stop', dir], { env: pgEnv });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Settings every test server gets unless the test says otherwise: cheap Argon2 (the cost
// is a setting; its effect is measured in bench/, not here), quiet logs, and per-address
// budgets and a hashing queue that every test's requests, all from 127.0.0.1, stay within
// (throttle.test.js tests them with small ones).
const TEST_ENV = { IPR_PASSWORD_OPS: '1', IPR_PASSWORD_MEMORY: '8M', IPR_LOG_LEVEL: 'info', IPR_THREADS: '4',
  IPR_ADDRESS_ACCOUNTS: '100000', IPR_ADDRESS_FAILURES: '100000', IPR_ANONYMOUS_RATE: '100000',
  IPR_HASH_QUEUE: '1024' };

/** Sends bytes as they are and resolves to the raw response text (the connection is closed by us). */
export function rawHttp(port, bytes, waitMs = 1500) {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.write(bytes));
    let out = '';
    sock.setEncoding('utf8');
    sock.on('data', (d) => { out += d; });
    sock.on('error', (e) => (out ? resolve(out) : reject(e)));
    sock.on('close', () => resolve(out));
    setTimeout(() => { sock.destroy(); resolve(out); }, waitMs);
  });
}

/**
 * A new Ed25519 signing key in a file of its own (PKCS#8 PEM, mode 0600, what `iprd keygen`
 * writes), in a fresh temporary folder; resolves to { path, publicKey (a KeyObject), remove() }.
 */
export function newSigningKey() {
  const dir = mkdtempSync(join(tmpdir(), 'iprd-key-'));
  const path = join(dir, 'signing.key');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { path, publicKey, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts iprd on 127.0.0.1 with a free port. Options: env (extra settings), databaseUrl (an
 * existing database, else a new one; databases are left for the next server of a test and
 * go with the throw-away cluster), args (instead of ['serve']). Each server signs with a key
 * of its own (newSigningKey) unless env names one (IPR_SIGNING_KEY: '' signs nothing).
 * Resolves to { url, port, databaseUrl, signingKey, process, log(), request(), stop() }.
 */
export async function startServer({ env: extra = {}, databaseUrl, args = ['serve'] } = {}) {
  const dbUrl = databaseUrl ?? await newDatabase();
  const key = 'IPR_SIGNING_KEY' in extra ? null : newSigningKey();
  const child = spawn(env('IPR_TEST_BIN'), args, {
    env: { ...process.env, ...TEST_ENV, IPR_DATABASE_URL: dbUrl, IPR_LISTEN: '127.0.0.1:0',
      ...(key ? { IPR_SIGNING_KEY: key.path } : {}), ...extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = /listening on [^\s:]+:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    exited.then(({ code, signal }) => reject(new Error(`iprd exited (${code ?? signal}) before listening:\n${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  let stopped = null;

  const server = {
    url,
    port,
    databaseUrl: dbUrl,
    signingKey: key,
    process: child,
    exited,
    log: () => stderr,

    /**
     * One HTTP request. Options: token (bearer), body (sent as JSON), raw (a string or
     * bytes sent as they are), headers, validate (false to skip the OpenAPI check), signal
     * (an AbortSignal, e.g. AbortSignal.timeout(ms)).
     * Resolves to { status, headers, text, body } (body: parsed JSON when the response is JSON).
     */
    async request(method, path, { token, body, raw, headers = {}, validate = true, signal } = {}) {
      const h = { ...headers };
      if (token) h.authorization = `Bearer ${token}`;
      let payload;
      if (raw !== undefined) {
        payload = raw;
      } else if (body !== undefined) {
        payload = JSON.stringify(body);
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
      }
      const res = await fetch(url + path, { method, headers: h, body: payload, signal });
      const type = res.headers.get('content-type') || '';
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = /json|text|yaml|html/.test(type) || !type ? bytes.toString('utf8') : '';
      let parsed = null;
      if (/json/.test(type) && text) parsed = JSON.parse(text);
      const out = { status: res.status, headers: res.headers, text, bytes, body: parsed };
      if (validate) {
        validateResponse({ method, path, status: res.status, headers: res.headers,
          body: /json/.test(type) ? parsed : (text || bytes) });
      }
      return out;
    },

    /** SIGTERM, then checks a clean exit: status 0 and no sanitizer report. */
    async stop() {
      if (!stopped) {
        stopped = (async () => {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
          const { code, signal } = await exited;
          clearTimeout(timer);
          key?.remove();
          if (code !== 0 || /Sanitizer|runtime error:/.test(stderr)) {
            throw new Error(`iprd did not stop cleanly (exit ${code ?? signal}):\n${stderr.slice(-4000)}`);
          }
        })();
      }
      return stopped;
    },
  };
  return server;
}
