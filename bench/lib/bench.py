#!/usr/bin/env python3
"""The parts of bench/run that are easier in Python than in bash.

  bench.py prepare  --api URL --db URL --data DIR --password P
      log officers and rights holders in through the API and write the data files the
      wrk scripts read (the rows of the bench.draw_* tables, in the order of n)
  bench.py capture  --api URL --db URL --data DIR --pg-log FILE --out DIR [--sql-dir DIR]
      make each benchmarked request twice with log_statement = 'all' and take, from the
      PostgreSQL log, the statements iprd executed for the second one: their exact text and
      parameters. Writes the pgbench script of each endpoint (the same statements, the drawn
      parameters replaced by pgbench variables) and checks that authentication cost no
      statement. Compares the scripts with the copies kept in bench/pgbench (drift check).
  bench.py smoke-requests --api URL --data DIR
      one request of every endpoint, each must answer 200/201
  bench.py wrk-json FILE             the BENCH_JSON line of a wrk run
  bench.py pgbench-json OUT LOGPREFIX   tps and latency percentiles of a pgbench run
  bench.py report --results DIR      the table: medians of the repetitions
"""
import argparse
import glob
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

# The endpoints, in the order they are run. `refresh`: pgbench draws new parameters on average every
# `refresh` transactions (see draw_block); `target`: the least ratio to pgbench.
ENDPOINTS = [
    dict(key='get_recordation', label='GET /v1/recordations/{id}', refresh=50, target=0.6, p99=10),
    dict(key='check_authorization', label='GET /v1/authorizations/check', refresh=50, target=0.6, p99=10),
    dict(key='border_check', label='GET /v1/border-check', refresh=50, target=0.6, p99=20),
    dict(key='search_register', label='GET /v1/register?q=', refresh=50, target=None, p99=None),
    dict(key='create_recordation', label='POST /v1/recordations', refresh=50, target=0.6, p99=None),
    dict(key='login', label='POST /v1/sessions', refresh=1, target=None, p99=None),
]

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def die(msg):
    print(f'bench: {msg}', file=sys.stderr)
    sys.exit(1)


def psql(db, sql):
    out = subprocess.run(['psql', db, '-v', 'ON_ERROR_STOP=1', '-qAtX', '-F', '\t', '-c', sql],
                         check=True, capture_output=True, text=True)
    return [line.split('\t') for line in out.stdout.splitlines() if line]


def http(api, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(api + path, data=data, method=method)
    if token:
        req.add_header('Authorization', 'Bearer ' + token)
    if data is not None:
        req.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            text = res.read().decode()
            return res.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        return e.code, text


def login(api, email, password):
    status, body = http(api, 'POST', '/v1/sessions', body={'email': email, 'password': password})
    if status != 201:
        die(f'login of {email} failed: {status} {body}')
    return body['token']


def token_hash(token):
    """What the server stores for a token (auth/session.c: BLAKE2b-256, hex)."""
    return hashlib.blake2b(token.encode(), digest_size=32).hexdigest()


def write_lines(path, rows):
    with open(path, 'w') as f:
        for row in rows:
            f.write('\t'.join(row) + '\n')


# ---- prepare ----

OFFICERS = 8
HOLDERS = 16


def cmd_prepare(a):
    os.makedirs(a.data, exist_ok=True)
    officers = [login(a.api, f'officer{n}@bench.example', a.password) for n in range(1, OFFICERS + 1)]
    write_lines(f'{a.data}/officer_tokens.txt', [[t] for t in officers])
    holders = psql(a.db, f'SELECT n, org, usr, email FROM bench.holders WHERE n <= {HOLDERS} ORDER BY n')
    rows = []
    for n, org, usr, email in holders:
        rows.append((n, org, usr, login(a.api, email, a.password)))
    values = ', '.join(f"({n}, '{org}', '{usr}', '{tok}')" for n, org, usr, tok in rows)
    psql(a.db, f'INSERT INTO bench.draw_holder (n, org, usr, token) VALUES {values}')
    write_lines(f'{a.data}/holder_tokens.txt', [[r[3]] for r in rows])
    write_lines(f'{a.data}/ids.txt', psql(a.db, 'SELECT id FROM bench.draw_get ORDER BY n'))
    write_lines(f'{a.data}/words.txt', psql(a.db, 'SELECT w FROM bench.draw_word ORDER BY n'))
    write_lines(f'{a.data}/logins.txt', psql(a.db, 'SELECT email FROM bench.draw_login ORDER BY n'))
    write_lines(f'{a.data}/check_pairs.txt',
                psql(a.db, 'SELECT recordation, registration_number, role FROM bench.draw_check ORDER BY n'))
    write_lines(f'{a.data}/border_shipments.txt',
                psql(a.db, 'SELECT text, hs_code, declarant, port, transport_document FROM bench.draw_border ORDER BY n'))
    with open(f'{a.data}/draft.json', 'w') as f:
        json.dump(DRAFT, f)
    counts = {t: int(psql(a.db, f'SELECT count(*) FROM bench.{t}')[0][0])
              for t in ('draw_get', 'draw_word', 'draw_login', 'draw_holder', 'draw_check', 'draw_border')}
    with open(f'{a.data}/counts.json', 'w') as f:
        json.dump(counts, f)


# The draft every POST /v1/recordations of the benchmark files (a realistic size: ~700 bytes).
DRAFT = {
    'ipr_type': 'trademark',
    'title': 'BENCH DRAFT',
    'registration_number': 'BENCH-0001',
    'registration_authority': 'China National Intellectual Property Administration',
    'right_expires_on': '2034-06-30',
    'classes': [9, 25],
    'goods_scope': 'headphones, chargers and garments',
    'hs_codes': ['851830', '610910'],
    'licensing_status': 'licensed_non_exclusive',
    'description': 'A word mark used on consumer electronics and clothing since 2015.',
    'genuine_manufacturers': [{'name': 'Bench Manufacturing Co., Ltd.', 'country': 'CN',
                               'address': '8 Industrial Road, Dongguan'}],
    'main_ports': ['CNSHA', 'CNSZX'],
    'known_infringers': [{'name': 'Copycat Trading', 'country': 'CN'}],
}


# ---- capture ----

def first_lines(data, name):
    with open(f'{data}/{name}') as f:
        return [line.rstrip('\n').split('\t') for line in f if line.strip()]


def capture_requests(a):
    """For each endpoint: (the request, the values drawn for it and their pgbench variable names)."""
    data = a.data
    officer = first_lines(data, 'officer_tokens.txt')[0][0]
    reqs = {}
    rid = first_lines(data, 'ids.txt')[0][0]
    reqs['get_recordation'] = (('GET', f'/v1/recordations/{rid}', officer, None), {'id': rid}, (200,))
    rec, reg, role = first_lines(data, 'check_pairs.txt')[0]
    reqs['check_authorization'] = (
        ('GET', f'/v1/authorizations/check?recordation={rec}&registration_number={reg}&role={role}', officer, None),
        {'recordation': rec, 'registration_number': reg, 'role': role}, (200,))
    text, hs_code, declarant, port, td = first_lines(data, 'border_shipments.txt')[0]
    reqs['border_check'] = (
        ('GET', f'/v1/border-check?text={text}&hs_code={hs_code}&declarant={declarant}&role=importer&port={port}'
                f'&transport_document={td}', officer, None),
        {'text': text, 'hs_codes': '{' + hs_code + '}', 'declarant': declarant, 'port': port, 'transport_document': td},
        (200,))
    # The register keeps its pages (api/register_cache.h): the captured search is one not made
    # before (the warm-up prepares the statements with another word), so that pgbench runs what
    # the database does for a search that is not kept: the version, then the search.
    words = first_lines(data, 'words.txt')
    word = words[0][0]
    reqs['search_register'] = (('GET', f'/v1/register?q={word}', None, None), {'w': word}, (200,),
                               f'/v1/register?q={words[1][0]}')
    holder = psql(a.db, 'SELECT org, usr, token FROM bench.draw_holder ORDER BY n LIMIT 1')[0]
    reqs['create_recordation'] = (('POST', '/v1/recordations', holder[2], DRAFT), {'org': holder[0], 'usr': holder[1]},
                                  (201,))
    email, usr = psql(a.db, 'SELECT email, usr FROM bench.draw_login ORDER BY n LIMIT 1')[0]
    reqs['login'] = (('POST', '/v1/sessions', None, {'email': email, 'password': a.password}),
                     {'email': email, 'usr': usr}, (201,))
    return reqs


LOG_LINE = re.compile(r'^.*?\[(\d+)\] (LOG|DETAIL):  (.*)$')
PARAM = re.compile(r"\$(\d+) = (NULL|'((?:[^']|'')*)')")


def parse_log(text, ignore_pids=()):
    """The statements of a PostgreSQL log written with log_statement = 'all': [(text, {n: value or None})],
    but those of the backends ignore_pids (the daemon's background jobs, which run beside any request)."""
    stmts = []
    last_by_pid = {}
    for line in text.splitlines():
        m = LOG_LINE.match(line)
        if not m:
            continue
        pid, kind, rest = m.groups()
        if pid in ignore_pids:
            continue
        if kind == 'LOG':
            last_by_pid.pop(pid, None)
            s = re.match(r'^(?:execute [^:]+|statement): (.*)$', rest)
            # skipped: the connection set-up of db/db.c, when a request is a thread's first, and
            # the log's sequencer (api/log.c), which every daemon runs each second whatever the
            # requests: neither is a request's statement
            if s and not s.group(1).startswith(("SET TimeZone = 'UTC'", 'SELECT log_sequence()')):
                stmts.append((s.group(1), {}))
                last_by_pid[pid] = len(stmts) - 1
        elif rest.startswith('parameters: ') and pid in last_by_pid:
            params = stmts[last_by_pid[pid]][1]
            for p in PARAM.finditer(rest):
                params[int(p.group(1))] = None if p.group(2) == 'NULL' else p.group(3).replace("''", "'")
    return stmts


def draw_block(ep):
    """The pgbench lines that draw an endpoint's parameters like its wrk script does."""
    with open(f'{BENCH_DIR}/pgbench/{ep["key"]}.draw') as f:
        draw = [line.rstrip('\n') for line in f if line.strip() and not line.startswith('--')]
    if ep['refresh'] == 1:
        return draw
    return ([f'\\if :drawn = 0 or random(1, {ep["refresh"]}) = 1'] + draw + ['\\set drawn 1', '\\endif'])


def to_pgbench(ep, stmts, drawn):
    """The pgbench script of an endpoint and its constants (-D name=value)."""
    by_value = {v: k for k, v in drawn.items()}
    consts = {}
    body = []
    for i, (text, params) in enumerate(stmts, 1):
        if '\n' in text:
            die(f'{ep["key"]}: a statement spans lines; the generator expects one line')
        if re.search(r'(?<!:):[A-Za-z_]', text):
            die(f'{ep["key"]}: the statement has a ":name" pgbench would take for a variable: {text}')

        def param(m):
            n = int(m.group(1))
            if n not in params:
                die(f'{ep["key"]}: no value logged for ${n} of: {text}')
            v = params[n]
            if v is None:
                return 'NULL'  # pgbench cannot bind NULL: the literal, as a custom plan would see it
            if v in by_value:
                return ':' + by_value[v]
            name = f'c{i}_{n}'
            consts[name] = v
            return ':' + name
        body.append(re.sub(r'\$(\d+)\b', param, text) + ';')
    header = [f'-- {ep["label"]}: the statements iprd executed for one request (captured from the',
              '-- PostgreSQL log by bench/lib/bench.py capture), with the drawn parameters as variables.']
    return '\n'.join(header + draw_block(ep) + body) + '\n', consts


def cmd_pipelined(a):
    """The pipelined variant of an endpoint's pgbench script: its draw, then its statements
    a.batch times between \\startpipeline and \\endpipeline (pgbench cannot \\gset inside a
    pipeline: the draw stays outside). Prints how many statements one transaction runs."""
    lines = [x for x in open(a.script).read().splitlines() if x.strip() and not x.startswith('--')]
    draw = [x for x in lines if x.startswith('\\') or x.endswith('\\gset')]
    stmts = [x for x in lines if x not in draw]
    with open(a.out, 'w') as f:
        f.write('\n'.join(draw + ['\\startpipeline'] + stmts * a.batch + ['\\endpipeline']) + '\n')
    print(len(stmts) * a.batch)


def set_log_statement(db, value):
    psql(db, f"ALTER SYSTEM SET log_statement = '{value}'")
    psql(db, 'SELECT pg_reload_conf()')
    time.sleep(0.5)


def cmd_capture(a):
    os.makedirs(a.out, exist_ok=True)
    reqs = capture_requests(a)
    # The scheduler and the webhook workers query on their own connections (iprd-jobs) whatever
    # the requests do: not a request's statements.
    jobs = {row[0] for row in psql(a.db, "SELECT pid FROM pg_stat_activity WHERE application_name = 'iprd-jobs'")}
    set_log_statement(a.db, 'all')
    captured = {}
    try:
        for ep in ENDPOINTS:
            (method, path, token, body), drawn, ok, *warm = reqs[ep['key']]
            # warms caches and prepares statements
            status, answer = http(a.api, method, warm[0] if warm else path, token, body)
            if status not in ok:
                die(f'{ep["label"]}: {method} {path} answered {status}: {answer}')
            time.sleep(0.3)
            start = os.path.getsize(a.pg_log)
            status, answer = http(a.api, method, path, token, body)
            if status not in ok:
                die(f'{ep["label"]}: {method} {path} answered {status}: {answer}')
            time.sleep(0.5)
            with open(a.pg_log, errors='replace') as f:
                f.seek(start)
                stmts = parse_log(f.read(), jobs)
            if ep['key'] == 'login':
                drawn = dict(drawn, token_hash=token_hash(answer['token']))
            captured[ep['key']] = (stmts, drawn)
    finally:
        set_log_statement(a.db, 'none')

    report = []
    drift = []
    for ep in ENDPOINTS:
        stmts, drawn = captured[ep['key']]
        if not stmts:
            die(f'{ep["label"]}: no statement captured (is the log at {a.pg_log}?)')
        auth_lookups = [t for t, _ in stmts if 'FROM sessions' in t]
        if auth_lookups:
            die(f'{ep["label"]}: authenticating a cached token cost a database round trip: {auth_lookups[0]}')
        script, consts = to_pgbench(ep, stmts, drawn)
        with open(f'{a.out}/{ep["key"]}.sql', 'w') as f:
            f.write(script)
        with open(f'{a.out}/{ep["key"]}.args', 'w') as f:
            for k, v in consts.items():
                f.write(f'{k}={v}\n')
        kept = f'{a.sql_dir}/{ep["key"]}.sql' if a.sql_dir else None
        if kept and (not os.path.exists(kept) or open(kept).read() != script):
            drift.append(ep['key'])
        report.append(f'## {ep["label"]}: {len(stmts)} statement(s) per request')
        for t, p in stmts:
            report.append(t)
            report.append('  parameters: ' + ', '.join(f'${k} = {"NULL" if v is None else repr(v)}'
                                                      for k, v in sorted(p.items())))
        report.append('')
    with open(f'{a.out}/statements.txt', 'w') as f:
        f.write('\n'.join(report))
    with open(f'{a.out}/endpoints.txt', 'w') as f:
        f.write('\n'.join(k for k in captured) + '\n')
    if drift:
        print('bench: the SQL iprd executes differs from the copy kept in bench/pgbench for: ' + ', '.join(drift) +
              f'\n       (the run uses what the server executes; compare {a.out}/*.sql with bench/pgbench/*.sql'
              '\n       and refresh them with BENCH_UPDATE_SQL=1 bench/run --smoke)', file=sys.stderr)
        if a.strict:
            sys.exit(3)


# ---- smoke ----

def cmd_smoke_requests(a):
    class A:  # capture_requests needs the same arguments
        pass
    x = A()
    x.data, x.db, x.password = a.data, a.db, a.password
    for key, ((method, path, token, body), _, ok, *_) in capture_requests(x).items():
        status, answer = http(a.api, method, path, token, body)
        print(f'  {status} {method} {path}')
        if status not in ok:
            die(f'{method} {path} answered {status}: {answer}')
        if key == 'check_authorization' and not (isinstance(answer, dict) and 'authorized' in answer):
            die(f'the authorization check answered without "authorized": {answer}')
        if key == 'border_check' and not (isinstance(answer, dict) and answer.get('items')):
            die(f'the border check found nothing for a shipment of the data set: {answer}')


# ---- results ----

def cmd_wrk_json(a):
    with open(a.file) as f:
        for line in f:
            if line.startswith('BENCH_JSON '):
                print(line[len('BENCH_JSON '):].strip())
                return
    die(f'no BENCH_JSON line in {a.file}:\n' + open(a.file).read()[-2000:])


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def cmd_pgbench_json(a):
    text = open(a.out).read()
    m = re.search(r'^tps = ([0-9.]+)', text, re.M)
    if not m:
        die(f'no tps in pgbench output {a.out}:\n' + text[-2000:])
    failed = re.search(r'number of failed transactions: (\d+)', text)
    done = re.search(r'number of transactions actually processed: (\d+)', text)
    lat = []
    for path in glob.glob(a.logprefix + '*'):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    lat.append(int(parts[2]) / 1000.0)
    lat.sort()
    print(json.dumps({'tps': float(m.group(1)), 'failed': int(failed.group(1)) if failed else 0,
                      'transactions': int(done.group(1)) if done else None,
                      'p50_ms': percentile(lat, 50), 'p99_ms': percentile(lat, 99), 'sampled': len(lat)}))


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, spec):
    return format(v, spec) if v is not None else '-'


def cmd_report(a):
    runs = []
    for path in sorted(glob.glob(f'{a.results}/rep*/*.json')):
        with open(path) as f:
            r = json.load(f)
        r['rep'] = os.path.basename(os.path.dirname(path))
        r['key'] = os.path.basename(path)[:-5]
        runs.append(r)
    lines = []
    head = (f'{"endpoint":<31} {"iprd req/s":>10} {"p50 ms":>8} {"p99 ms":>8} {"pgbench tps":>11} {"pg p50":>7} '
            f'{"pg p99":>7} {"ratio":>6} {"target":>7} {"VmHWM MiB":>9} {"errors":>6}')
    lines.append(head)
    lines.append('-' * len(head))
    summary = {}
    for ep in ENDPOINTS:
        rs = [r for r in runs if r['key'] == ep['key']]
        if not rs:
            continue
        ratios = [r['wrk']['rps'] / r['pgbench']['tps'] for r in rs if r.get('pgbench') and r['pgbench']['tps']]
        row = dict(rps=median([r['wrk']['rps'] for r in rs]), p50=median([r['wrk']['p50_ms'] for r in rs]),
                   p99=median([r['wrk']['p99_ms'] for r in rs]),
                   tps=median([r['pgbench']['tps'] for r in rs if r.get('pgbench')]),
                   pg50=median([r['pgbench']['p50_ms'] for r in rs if r.get('pgbench')]),
                   pg99=median([r['pgbench']['p99_ms'] for r in rs if r.get('pgbench')]),
                   ratio=median(ratios), hwm=max(r['vmhwm_kib'] for r in rs) / 1024,
                   errors=sum(sum(r['wrk']['errors'].values()) for r in rs), reps=len(rs))
        summary[ep['key']] = row
        target = ''
        if ep['target'] is not None and row['ratio'] is not None:
            met = row['ratio'] >= ep['target'] and (ep['p99'] is None or row['p99'] < ep['p99'])
            target = ('met' if met else 'MISSED')
        lines.append(f'{ep["label"]:<31} {fmt(row["rps"], "10.0f")} {fmt(row["p50"], "8.2f")} {fmt(row["p99"], "8.2f")} '
                     f'{fmt(row["tps"], "11.0f")} {fmt(row["pg50"], "7.2f")} {fmt(row["pg99"], "7.2f")} '
                     f'{fmt(row["ratio"], "6.2f")} {target:>7} {fmt(row["hwm"], "9.1f")} {row["errors"]:>6}')
    piped_lines = []
    for ep in ENDPOINTS:
        rs = [r for r in runs if r['key'] == ep['key'] and r.get('pipelined')]
        if not rs:
            continue
        piped = median([r['pipelined']['tps'] * r['batch'] for r in rs])
        pratio = median([r['wrk']['rps'] / (r['pipelined']['tps'] * r['batch']) for r in rs])
        summary[ep['key']].update(pipelined=piped, pipelined_ratio=pratio)
        piped_lines.append(f'{ep["label"]:<31} iprd {summary[ep["key"]]["rps"]:8.0f}/s: '
                           f'{summary[ep["key"]]["ratio"]:.2f} of pgbench ({summary[ep["key"]]["tps"]:.0f}/s, 64 clients), '
                           f'{pratio:.2f} of pipelined pgbench ({piped:.0f} statements/s, {rs[0]["batch"]} a batch, '
                           f'8 clients; target 0.8: {"met" if pratio >= 0.8 else "MISSED"})')
        # Where each side's CPU went, in microseconds a request (a statement for pgbench): on
        # two shared CPUs, the rates are in the inverse ratio of these sums when both are busy.
        cs = [r for r in rs if r.get('cpu') and r.get('pipelined_cpu') and r['pipelined'].get('transactions')]
        if cs:
            us = lambda f: median([f(r) for r in cs])
            per = lambda r, k: r['cpu'][k] * 1e6 / r['wrk']['requests']
            pper = lambda r, k: r['pipelined_cpu'][k] * 1e6 / (r['pipelined']['transactions'] * r['batch'])
            cpu = {k: us(lambda r, k=k: per(r, k)) for k in ('iprd', 'pg', 'client')}
            pcpu = {k: us(lambda r, k=k: pper(r, k)) for k in ('pg', 'client')}
            summary[ep['key']].update(cpu_us=cpu, pipelined_cpu_us=pcpu)
            piped_lines.append(f'{"":<31} CPU a request: iprd {cpu["iprd"]:.1f} us, PostgreSQL {cpu["pg"]:.1f} us, '
                               f'wrk {cpu["client"]:.1f} us (sum {sum(cpu.values()):.1f}); a pipelined statement: '
                               f'PostgreSQL {pcpu["pg"]:.1f} us, pgbench {pcpu["client"]:.1f} us (sum {sum(pcpu.values()):.1f})')
    if piped_lines:
        lines += ['', 'The hot reads against the database\'s limit:'] + piped_lines
    curve = {}
    for path in sorted(glob.glob(f'{a.results}/rep*/clients.jsonl')):
        for line in open(path):
            r = json.loads(line)
            curve.setdefault((r['key'], r['connections']), []).append(r['wrk'])
    if curve:
        lines += ['', f'{"by connections":<31} {"connections":>11} {"req/s":>8} {"p50 ms":>8} {"p99 ms":>8} {"errors":>6}']
        labels = {ep['key']: ep['label'] for ep in ENDPOINTS}
        for (key, c), ws in sorted(curve.items(), key=lambda kv: ([e['key'] for e in ENDPOINTS].index(kv[0][0]),
                                                                 kv[0][1])):
            row = dict(rps=median([w['rps'] for w in ws]), p50=median([w['p50_ms'] for w in ws]),
                       p99=median([w['p99_ms'] for w in ws]), errors=sum(sum(w['errors'].values()) for w in ws))
            summary.setdefault('clients', {}).setdefault(key, {})[c] = row
            lines.append(f'{labels[key]:<31} {c:>11} {row["rps"]:8.0f} {row["p50"]:8.2f} {row["p99"]:8.2f} '
                         f'{row["errors"]:>6}')
    beside = [r for r in runs if r['key'] == 'border_beside']
    if beside:
        row = {f'{who}_{k}': median([r[who][k] for r in beside]) for who in ('authorization', 'border')
               for k in ('rps', 'p50_ms', 'p99_ms')}
        summary['border_beside'] = row
        lines.append('')
        lines.append(f'The authorization check beside border checks (half the connections each): '
                     f'{row["authorization_rps"]:.0f} req/s, p50 {row["authorization_p50_ms"]:.2f} ms, '
                     f'p99 {row["authorization_p99_ms"]:.2f} ms; the border checks {row["border_rps"]:.0f} req/s, '
                     f'p99 {row["border_p99_ms"]:.2f} ms')
    hz = [r for r in runs if r['key'] == 'healthz_during_login']
    if hz:
        row = dict(p50=median([r['healthz']['p50_ms'] for r in hz]), p99=median([r['healthz']['p99_ms'] for r in hz]),
                   rps=median([r['healthz']['rps'] for r in hz]), logins=median([r['login']['rps'] for r in hz]),
                   hwm=max(r['vmhwm_kib'] for r in hz) / 1024,
                   errors=sum(sum(r['healthz']['errors'].values()) for r in hz))
        summary['healthz_during_login'] = row
        lines.append('')
        lines.append(f'GET /healthz during a login burst: p50 {row["p50"]:.2f} ms, p99 {row["p99"]:.2f} ms '
                     f'(target < 50 ms: {"met" if row["p99"] < 50 else "MISSED"}), {row["rps"]:.0f} req/s, '
                     f'beside {row["logins"]:.1f} logins/s; VmHWM {row["hwm"]:.1f} MiB; errors {row["errors"]}')
    peak = max([r['vmhwm_kib'] for r in runs] or [0]) / 1024
    reps = len({r['rep'] for r in runs})
    lines.append('')
    lines.append(f'iprd peak resident memory over the whole run (VmHWM): {peak:.1f} MiB '
                 f'(target < 100 MiB: {"met" if peak < 100 else "MISSED"}); medians of {reps} repetition(s)')
    text = '\n'.join(lines)
    print(text)
    with open(f'{a.results}/table.txt', 'w') as f:
        f.write(text + '\n')
    with open(f'{a.results}/summary.json', 'w') as f:
        json.dump(summary, f, indent=2)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('prepare')
    s.add_argument('--api', required=True)
    s.add_argument('--db', required=True)
    s.add_argument('--data', required=True)
    s.add_argument('--password', required=True)
    s = sub.add_parser('capture')
    s.add_argument('--api', required=True)
    s.add_argument('--db', required=True)
    s.add_argument('--data', required=True)
    s.add_argument('--password', required=True)
    s.add_argument('--pg-log', required=True)
    s.add_argument('--out', required=True)
    s.add_argument('--sql-dir')
    s.add_argument('--strict', action='store_true')
    s = sub.add_parser('pipelined')
    s.add_argument('script')
    s.add_argument('out')
    s.add_argument('--batch', type=int, default=8)
    s = sub.add_parser('smoke-requests')
    s.add_argument('--api', required=True)
    s.add_argument('--db', required=True)
    s.add_argument('--data', required=True)
    s.add_argument('--password', required=True)
    s = sub.add_parser('wrk-json')
    s.add_argument('file')
    s = sub.add_parser('pgbench-json')
    s.add_argument('out')
    s.add_argument('logprefix')
    s = sub.add_parser('report')
    s.add_argument('--results', required=True)
    a = p.parse_args()
    {'prepare': cmd_prepare, 'capture': cmd_capture, 'smoke-requests': cmd_smoke_requests, 'wrk-json': cmd_wrk_json,
     'pgbench-json': cmd_pgbench_json, 'report': cmd_report, 'pipelined': cmd_pipelined}[a.cmd](a)


if __name__ == '__main__':
    main()
