-- The benchmark's data set, part 2 (migration 0004): 200,000 authorized-user entries, two per
-- recordation, naming the 1,000 importers; and the (recordation, registration number, role)
-- triples that GET /v1/authorizations/check is benchmarked with, about half of them listed.
-- By scale: -v importers=N (1,000) and -v entries=E (2: entries per recordation; bench/run
-- --large: 10,000 importers, 5 entries); importers a multiple of 2E.
-- Run after recordations.sql: psql -v ON_ERROR_STOP=1 -v today=YYYY-MM-DD -f authorized_users.sql

\set QUIET on
\if :{?importers}
\else
\set importers 1000
\endif
\if :{?entries}
\else
\set entries 2
\endif
BEGIN;

-- Entry j (0 .. E-1) of recordation n names importer 1 + (7n + j * importers / E) mod importers:
-- E different importers per recordation (the exclusion constraint allows one active entry per
-- number).
--   roles: entry 0 {importer, consignee}; entry 1 one of four role sets
--   limits: every 5th recordation limited to HS codes 61 and 8517, every 10th to two ports
--   validity: every 3rd from 400 days ago; every 17th over (valid_until 30 days ago)
--   every 23rd recordation's entry 1 is ended (kept for the history)
INSERT INTO authorized_users (recordation_id, name, registration_number, country, roles, goods_scope, hs_codes,
                              ports, valid_from, valid_until, created_by, created_at, updated_at, ended_at, ended_by)
SELECT r.id, i.name, i.reg, 'CN',
       CASE WHEN j = 0 THEN ARRAY['importer', 'consignee']
            WHEN r.n % 4 = 0 THEN ARRAY['manufacturer', 'licensee'] WHEN r.n % 4 = 1 THEN ARRAY['licensee', 'distributor']
            WHEN r.n % 4 = 2 THEN ARRAY['exporter', 'consignor'] ELSE ARRAY['importer', 'distributor'] END,
       CASE WHEN r.n % 5 = 0 THEN 'garments and telephones' END,
       CASE WHEN r.n % 5 = 0 THEN ARRAY['61', '8517'] ELSE '{}' END,
       CASE WHEN r.n % 10 = 3 THEN ARRAY['CNSHA', 'CNSZX'] ELSE '{}' END,
       CASE WHEN r.n % 3 = 0 THEN :'today'::date - 400 END,
       CASE WHEN r.n % 17 = 0 THEN :'today'::date - 30 END,
       h.usr, now() - interval '30 days', now() - interval '30 days',
       CASE WHEN j = 1 AND r.n % 23 = 0 THEN now() - interval '10 days' END,
       CASE WHEN j = 1 AND r.n % 23 = 0 THEN h.usr END
  FROM bench.recordations r
  JOIN bench.holders h ON h.org = r.organization_id
  CROSS JOIN generate_series(0, :entries - 1) j
  JOIN bench.importers i ON i.n = 1 + (r.n * 7 + j * (:importers / :entries)) % :importers;

-- The check's parameters: 10,000 approved recordations still valid today; for even m the
-- importer of entry 0 (listed: authorized unless the entry is limited or over), for odd m an
-- importer not listed (1 + (7n + importers / 2E) mod importers: halfway between two listed).
CREATE TABLE bench.draw_check AS
WITH valid AS (
    SELECT row_number() OVER (ORDER BY r.n)::int AS m, r.n, r.id
      FROM bench.recordations r JOIN recordations x ON x.id = r.id
     WHERE x.status = 'approved' AND x.valid_until >= :'today'::date)
SELECT v.m AS n, v.id AS recordation, i.reg AS registration_number,
       CASE WHEN v.m % 4 = 2 THEN 'consignee' ELSE 'importer' END AS role
  FROM valid v
  JOIN bench.importers i ON i.n = 1 + (v.n * 7 + CASE WHEN v.m % 2 = 0 THEN 0 ELSE :importers / (2 * :entries) END)
                                     % :importers
 WHERE v.m <= 10000;
ALTER TABLE bench.draw_check ADD PRIMARY KEY (n);

COMMIT;
