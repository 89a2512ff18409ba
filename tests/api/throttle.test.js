// Overload and abuse (README "Overload and abuse"): password guesses throttled per account
// and per client address, attempts reserved before they are hashed, bounded queues that
// answer 503 with Retry-After, registrations budgeted per address, the client address behind
// trusted proxies, and session lookups that never stall the event loop.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { startServer, lockHeld } from './lib/harness.js';
import { accountBody, createAccount, fileDraft, login, PASSWORD, unique, uploadDocument } from './lib/fixtures.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const from = (address) => ({ 'x-forwarded-for': address });

function logIn(server, email, password, headers = {}) {
  return server.request('POST', '/v1/sessions', { body: { email, password }, headers });
}

function count(responses, status) {
  return responses.filter((r) => r.status === status).length;
}

function assertRetryAfter(res, max) {
  const retry = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= max, `Retry-After ${res.headers.get('retry-after')}`);
  return retry;
}

describe('password guesses', async () => {
  const server = await startServer({
    env: { IPR_LOGIN_FREE_FAILURES: '3', IPR_LOGIN_DELAY: '2', IPR_LOGIN_MAX_DELAY: '8',
      IPR_ADDRESS_FAILURES: '1000', IPR_TRUSTED_PROXIES: '127.0.0.1' },
  });
  test.after(() => server.stop());

  test('concurrent guesses for one account cannot overrun its budget: attempts are reserved before hashing', async () => {
    const holder = await createAccount(server, 'rights_holder');
    const attempts = Array.from({ length: 30 }, (_, i) => logIn(server, holder.email, i === 29 ? PASSWORD : `wrong password ${i}`));
    const answers = await Promise.all(attempts);
    const hashed = count(answers, 401) + count(answers, 201);
    assert.ok(hashed <= 3, `only the 3 free attempts may be checked at once, ${hashed} were`);
    assert.equal(count(answers, 429), 30 - hashed, answers.map((a) => a.status).join(' '));
    for (const a of answers.filter((x) => x.status === 429)) assertRetryAfter(a, 2);
  });

  test('failures from many addresses slow an account down, with a doubling wait, but never lock its owner out', async () => {
    const holder = await createAccount(server, 'rights_holder');
    for (let i = 0; i < 3; i++) assert.equal((await logIn(server, holder.email, 'not it', from(`198.51.100.${i}`))).status, 401);
    const first = await logIn(server, holder.email, 'not it', from('198.51.100.9'));
    assert.equal(first.status, 429, 'past the free failures the next attempt waits');
    await sleep(assertRetryAfter(first, 2) * 1000 + 50);
    assert.equal((await logIn(server, holder.email, 'not it', from('198.51.100.10'))).status, 401);
    const second = await logIn(server, holder.email, PASSWORD, from('203.0.113.7'));
    assert.equal(second.status, 429);
    const retry = assertRetryAfter(second, 4);
    assert.ok(retry >= 3, `the wait doubles after another failure: Retry-After ${retry}`);
    await sleep(retry * 1000 + 50);
    assert.equal((await logIn(server, holder.email, PASSWORD, from('203.0.113.7'))).status, 201,
      'once the wait is over the owner logs in');
    // and the right password cleared the failures
    assert.equal((await logIn(server, holder.email, 'not it', from('203.0.113.7'))).status, 401);
  });
});

describe('client addresses', async () => {
  test('one address has a budget of failures of its own; behind a trusted proxy the address is the forwarded client', async () => {
    const server = await startServer({ env: { IPR_ADDRESS_FAILURES: '3', IPR_TRUSTED_PROXIES: '127.0.0.0/8, 10.0.0.0/8' } });
    try {
      const holders = [];
      // one after the other: attempts in flight count against the address's budget too
      for (let i = 0; i < 4; i++) holders.push(await createAccount(server, 'rights_holder'));
      // a client behind two proxies (10.1.1.1 and the peer): the rightmost untrusted hop counts
      const office = from('192.0.2.1, 192.0.2.50, 10.1.1.1');
      for (let i = 0; i < 3; i++) assert.equal((await logIn(server, holders[i].email, 'not it', office)).status, 401);
      const refused = await logIn(server, holders[3].email, PASSWORD, from('192.0.2.99, 192.0.2.50'));
      assert.equal(refused.status, 429, 'the same client address, whatever the hops before it');
      assertRetryAfter(refused, 900);
      assert.equal((await logIn(server, holders[3].email, PASSWORD, from('192.0.2.51'))).status, 201,
        'another address logs in');
    } finally {
      await server.stop();
    }
  });

  test('a proxy that adds an X-Forwarded-For line of its own: every line is read, the last one last', async () => {
    const server = await startServer({ env: { IPR_ADDRESS_FAILURES: '3', IPR_TRUSTED_PROXIES: '127.0.0.1' } });
    try {
      const holder = await createAccount(server, 'rights_holder');
      for (let i = 1; i <= 3; i++) {
        // the client's own line says 6.6.6.i; the proxy's line says who connected to it
        const status = await rawLogin(server.port, `${unique('x')}@nowhere.example`, [`6.6.6.${i}`, '192.0.2.150']);
        assert.equal(status, 401);
      }
      assert.equal((await logIn(server, holder.email, PASSWORD, from('192.0.2.150'))).status, 429,
        'the failures counted against the address the proxy named');
    } finally {
      await server.stop();
    }
  });

  test('without trusted proxies X-Forwarded-For is ignored: the client is the peer', async () => {
    const server = await startServer({ env: { IPR_ADDRESS_FAILURES: '2' } });
    try {
      const holder = await createAccount(server, 'rights_holder');
      assert.equal((await logIn(server, `${unique('a')}@nowhere.example`, 'not it', from('192.0.2.1'))).status, 401);
      assert.equal((await logIn(server, `${unique('b')}@nowhere.example`, 'not it', from('192.0.2.2'))).status, 401);
      assert.equal((await logIn(server, holder.email, PASSWORD, from('192.0.2.3'))).status, 429);
    } finally {
      await server.stop();
    }
  });

  test('registrations have a budget per address', async () => {
    const server = await startServer({ env: { IPR_ADDRESS_ACCOUNTS: '2', IPR_TRUSTED_PROXIES: '127.0.0.1' } });
    try {
      const register = (address) => server.request('POST', '/v1/accounts', { body: accountBody('importer'), headers: from(address) });
      assert.equal((await register('192.0.2.1')).status, 201);
      assert.equal((await register('192.0.2.1')).status, 201);
      const refused = await register('192.0.2.1');
      assert.equal(refused.status, 429);
      assertRetryAfter(refused, 900);
      assert.equal((await register('192.0.2.2')).status, 201);
    } finally {
      await server.stop();
    }
  });
});

test('the routes that need no token have a budget per address', async () => {
  const server = await startServer({ env: { IPR_ANONYMOUS_RATE: '5', IPR_TRUSTED_PROXIES: '127.0.0.1' } });
  try {
    const holder = await createAccount(server, 'rights_holder');
    const answers = await Promise.all(Array.from({ length: 20 }, () => server.request('GET', '/v1/register?q=acme', { headers: from('192.0.2.1') })));
    assert.ok(count(answers, 429) >= 10, answers.map((a) => a.status).join(' '));
    assert.equal(count(answers, 200) + count(answers, 429), 20);
    for (const a of answers.filter((x) => x.status === 429)) assertRetryAfter(a, 1);
    assert.equal((await server.request('GET', '/v1/register?q=acme', { headers: from('192.0.2.2') })).status, 200, 'another address');
    assert.equal((await server.request('GET', '/v1/me', { token: holder.token, headers: from('192.0.2.1') })).status, 200,
      'a route that needs a token is not counted');
  } finally {
    await server.stop();
  }
});

describe('bounded queues', async () => {
  test('the hashing queue is bounded, and one address may fill only a quarter of it: 503 with Retry-After', async () => {
    // a slow hash, so that every request arrives while the first is hashed
    const server = await startServer({
      env: { IPR_HASH_QUEUE: '8', IPR_PASSWORD_OPS: '3', IPR_PASSWORD_MEMORY: '64M', IPR_TRUSTED_PROXIES: '127.0.0.1' },
    });
    try {
      const holder = await createAccount(server, 'rights_holder');
      const flood = Array.from({ length: 12 }, () => logIn(server, `${unique('x')}@nowhere.example`, 'not it', from('192.0.2.66')));
      await sleep(20);
      const real = logIn(server, holder.email, PASSWORD, from('192.0.2.7'));
      const answers = await Promise.all(flood);
      assert.ok(count(answers, 401) <= 3, `one running and 2 queued at most from one address: ${answers.map((a) => a.status)}`);
      assert.equal(count(answers, 503), 12 - count(answers, 401));
      for (const a of answers.filter((x) => x.status === 503)) assertRetryAfter(a, 60);
      assert.equal((await real).status, 201, 'another address still gets in');
    } finally {
      await server.stop();
    }
  });

  test('the handler queue is bounded: 503 with Retry-After, not a wait without end', async () => {
    const server = await startServer({ env: { IPR_HANDLER_THREADS: '1', IPR_HANDLER_QUEUE: '1' } });
    const holder = await createAccount(server, 'rights_holder');
    const session = await login(server, holder.email);
    const lock = holdLock(server.databaseUrl, 'users', 2);
    try {
      await lock.held;
      const answers = await Promise.all(Array.from({ length: 5 }, () => server.request('GET', '/v1/me', { token: session.token })));
      assert.ok(count(answers, 503) >= 3, answers.map((a) => a.status).join(' '));
      for (const a of answers.filter((x) => x.status === 503)) assertRetryAfter(a, 60);
      assert.equal(count(answers, 200) + count(answers, 503), 5);
    } finally {
      await lock.done;
      await server.stop();
    }
  });
});

/** A login over a raw connection, with one X-Forwarded-For line per hop list given; resolves to the status. */
function rawLogin(port, email, forwardedLines) {
  const body = JSON.stringify({ email, password: 'not it' });
  const head = [`POST /v1/sessions HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...forwardedLines.map((l) => `X-Forwarded-For: ${l}`)];
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${head.join('\r\n')}\r\n\r\n${body}`));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])));
  });
}

/** Holds an ACCESS EXCLUSIVE lock on table for seconds; held resolves once it is granted. */
function holdLock(url, table, seconds) {
  const child = spawn('psql', ['-X', '-q', '-d', url, '-c',
    `BEGIN; LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(${seconds}); COMMIT;`], { stdio: 'ignore' });
  const done = new Promise((resolve) => child.on('exit', resolve));
  return { held: lockHeld(url, table), done };
}

test('an unknown token does not make the event loop wait for the database', async () => {
  const server = await startServer({ env: { IPR_THREADS: '1' } });
  const lock = holdLock(server.databaseUrl, 'sessions', 2);
  try {
    await lock.held;
    const started = Date.now();
    const unknown = server.request('GET', '/v1/me', { token: `ipr_${unique('random')}` });
    await sleep(50);
    const health = await server.request('GET', '/healthz');
    const took = Date.now() - started;
    assert.equal(health.status, 200);
    assert.ok(took < 1000, `/healthz took ${took} ms while a token was looked up`);
    assert.equal((await unknown).status, 401);
  } finally {
    await lock.done;
    await server.stop();
  }
});

test('a valid token the cache does not know is found on the pipeline: its request goes on, body and all', async () => {
  const first = await startServer();
  const holder = await createAccount(first, 'rights_holder');
  await first.stop();
  // each server starts with an empty session cache
  const restarted = () => startServer({ databaseUrl: first.databaseUrl });
  const second = await restarted();
  const draft = await fileDraft(second, holder).finally(() => second.stop()); // a JSON body read after the lookup
  const third = await restarted();
  try {
    await uploadDocument(third, holder, draft.id, 'licence'); // an upload streamed after the lookup
    const forged = await third.request('GET', `/v1/recordations/${draft.id}`, { token: `ipr_${unique('forged')}` });
    assert.equal(forged.status, 401);
  } finally {
    await third.stop();
  }
});
