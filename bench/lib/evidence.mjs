// The client of bench/evidence: sets up an officer and a holder, makes submitted filings in SQL
// (the API would need two uploads per filing), then alternates rounds of approvals through the
// signing and the unsigned daemon, and rounds of drafts with the log's trigger on and off.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const [signing, unsigned, db, baseSigning, baseUnsigned] = process.argv.slice(2);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 8);
const PARTS = (process.env.BENCH_PARTS || 'approve log').split(/[ ,]+/);
const sql = (text) => execFileSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', text], { encoding: 'utf8' }).trim();

async function call(base, method, path, token, body) {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
const login = async (email, password) => (await call(signing, 'POST', '/v1/sessions', null, { email, password })).token;

const admin = await login('admin@bench.example', 'bench admin password');
await call(signing, 'POST', '/v1/customs-offices', admin, { code: 'HQ', name: 'Headquarters', kind: 'headquarters' });
await call(signing, 'POST', '/v1/officers', admin, { email: 'hq@bench.example', password: 'officer password 1', full_name: 'HQ Officer', office_code: 'HQ' });
const hq = await login('hq@bench.example', 'officer password 1');
await call(signing, 'POST', '/v1/accounts', null, { kind: 'rights_holder',
  organization: { name: 'Bench Holder Ltd.', country: 'CN', registration_number: '91310000BENCH0001', address: '1 Road', contact_email: 'ip@bench.example', phone: '+86 21 5555 0100' },
  user: { email: 'holder@bench.example', password: 'holder password 1', full_name: 'Holder' } });
const holder = await login('holder@bench.example', 'holder password 1');

const filings = Number(process.env.BENCH_FILINGS || 20000);
sql(`INSERT INTO recordations (organization_id, holder_name, status, ipr_type, title, registration_number, registration_authority,
       right_expires_on, classes, goods_scope, hs_codes, licensing_status, submitted_at, received_on, due_on)
     SELECT o.id, o.name, 'submitted', 'trademark', 'BENCH ' || g, 'R' || g, 'CNIPA', current_date + 7300, '{9,25}',
            'Mobile phones; clothing', '{851713,6109}', 'not_licensed', now(), current_date, current_date + 40
       FROM organizations o, generate_series(1, ${filings}) g WHERE o.name = 'Bench Holder Ltd.'`);
const ids = sql("SELECT id FROM recordations WHERE status = 'submitted' ORDER BY title").split('\n');
let next = 0;

/** CPU seconds used so far by the daemons and the cluster's processes (utime + stime). */
const TICK = 100; // USER_HZ
const pgPid = Number(readFileSync(`${process.env.EVIDENCE_PGDATA}/postmaster.pid`, 'utf8').split('\n')[0]);
const daemonPids = (process.env.EVIDENCE_PIDS || '').split(' ').filter(Boolean).map(Number);
function cpuSeconds() {
  let ticks = 0;
  for (const dir of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(dir)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[1] ppid, f[11] utime, f[12] stime
    const pid = Number(dir);
    if (pid === pgPid || Number(f[1]) === pgPid || daemonPids.includes(pid)) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / TICK;
}

/** Runs `one()` from CONCURRENCY workers for SECONDS; { rps, p50, p99 } in ms, cpu: CPU ms a request. */
async function round(one) {
  const lat = [];
  const cpu0 = cpuSeconds();
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      await one();
      lat.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  const cpu = ((cpuSeconds() - cpu0) * 1000) / lat.length;
  lat.sort((a, b) => a - b);
  return { rps: lat.length / SECONDS, p50: lat[Math.floor(lat.length / 2)], p99: lat[Math.floor(lat.length * 0.99)], cpu };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (name, rs) => console.log(`${name.padEnd(44)} ${median(rs.map((r) => r.rps)).toFixed(1).padStart(8)} req/s   p50 ${median(rs.map((r) => r.p50)).toFixed(1).padStart(6)} ms   p99 ${median(rs.map((r) => r.p99)).toFixed(1).padStart(6)} ms   CPU ${median(rs.map((r) => r.cpu)).toFixed(2).padStart(5)} ms a request`);

const approve = (base) => () => {
  if (next >= ids.length) throw new Error('out of filings: raise BENCH_FILINGS');
  return call(base, 'POST', `/v1/recordations/${ids[next++]}/decision`, hq, { outcome: 'approve' });
};
const draft = () => call(unsigned, 'POST', '/v1/recordations', holder, { ipr_type: 'trademark', title: 'ACME (word mark)',
  registration_number: '12345678', registration_authority: 'CNIPA', classes: [9, 25], goods_scope: 'Mobile phones; clothing',
  hs_codes: ['851713', '6109'], licensing_status: 'not_licensed', main_ports: ['CNSHA'] });

const results = { signed: [], unsigned: [], baseSigned: [], baseUnsigned: [], logged: [], unlogged: [] };
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loads = [load()];
if (PARTS.includes('approve')) {
  await round(approve(signing)); // warm-up
  await round(approve(unsigned));
  if (baseSigning) {
    await round(approve(baseSigning));
    await round(approve(baseUnsigned));
  }
  for (let r = 0; r < ROUNDS; r++) {
    results.signed.push(await round(approve(signing)));
    results.unsigned.push(await round(approve(unsigned)));
    if (baseSigning) {
      results.baseSigned.push(await round(approve(baseSigning)));
      results.baseUnsigned.push(await round(approve(baseUnsigned)));
    }
  }
  loads.push(load());
}
if (PARTS.includes('log')) {
  await round(draft);
  for (let r = 0; r < ROUNDS; r++) {
    results.logged.push(await round(draft));
    sql('ALTER TABLE recordation_events DISABLE TRIGGER recordation_events_logged');
    results.unlogged.push(await round(draft));
    sql('ALTER TABLE recordation_events ENABLE TRIGGER recordation_events_logged');
  }
  loads.push(load());
}
console.log(`${ROUNDS} rounds of ${SECONDS} s each, ${CONCURRENCY} concurrent clients, medians (load average ${loads.join(' -> ')}):`);
const ratio = (a, b) => (median(results[a].map((r) => r.rps)) / median(results[b].map((r) => r.rps))).toFixed(3);
if (PARTS.includes('approve')) {
  show('approve, certificate signed (IPR_SIGNING_KEY)', results.signed);
  show('approve, nothing signed (IPR_SIGNING_KEY empty)', results.unsigned);
  const rounds = (a, b) => results[a].map((r, i) => r.rps / results[b][i].rps);
  const paired = (a, b) => `${ratio(a, b)} (median of the rounds' own ratios ${median(rounds(a, b)).toFixed(3)}: ${rounds(a, b).map((x) => x.toFixed(2)).join(' ')})`;
  console.log(`signing: ${paired('signed', 'unsigned')} of the unsigned rate`);
  if (baseSigning) {
    show('BENCH_BASE_BIN: approve, certificate signed', results.baseSigned);
    show('BENCH_BASE_BIN: approve, nothing signed', results.baseUnsigned);
    console.log(`BENCH_BASE_BIN signing: ${paired('baseSigned', 'baseUnsigned')} of its unsigned rate`);
    console.log(`this build / BENCH_BASE_BIN: signed ${paired('signed', 'baseSigned')}; unsigned ${paired('unsigned', 'baseUnsigned')}`);
  }
}
if (PARTS.includes('log')) {
  show('POST /v1/recordations, log trigger on', results.logged);
  show('POST /v1/recordations, log trigger off', results.unlogged);
  console.log(`log append: ${ratio('logged', 'unlogged')} of the rate without it`);
}
console.log(`certificates issued: ${sql('SELECT count(*) FROM certificates')}; log leaves: ${sql('SELECT size FROM log_head')}`);
