-- The benchmark's data set, part 3 (migration 0005): the importers' pre-confirmation requests,
-- 10 for each of the 1,000 importers, at the 20 ports, for approved recordations, in mixed
-- states, with the automatic check computed as at filing (pre_confirmation_auto_check).
-- By scale: -v importers=N (1,000; bench/run --large 10,000), with 100 recordations per importer.
-- Run after authorized_users.sql: psql -v ON_ERROR_STOP=1 -v today=YYYY-MM-DD -f pre_confirmations.sql

\set QUIET on
\if :{?importers}
\else
\set importers 1000
\endif
-- The inverse of 7 modulo the importers (143 for 1,000): 7 * inv7 = 1 (mod importers).
SELECT x AS inv7 FROM generate_series(1, :importers) x WHERE (7 * x) % :importers = 1 LIMIT 1 \gset
BEGIN;

-- Request j (1..10) of importer i names an approved recordation n (n % 100 in 40..89). Entry 0
-- of recordation n names importer 1 + 7n mod importers, so n = b (mod importers) with
-- b = inv7 (i - 1) mod importers lists importer i: odd j take such an n when b itself is
-- approved, even j another approved recordation. States by j: 1-4 submitted, 5-7 confirmed,
-- 8-9 rejected, 10 withdrawn.
CREATE TEMP TABLE pc_src ON COMMIT DROP AS
SELECT i.n AS i, j, i.org, i.reg, u.id AS usr,
       (SELECT id FROM customs_offices WHERE kind = 'port' ORDER BY code OFFSET (i.n + j) % 20 LIMIT 1) AS office,
       r.id AS recordation,
       :'today'::date - ((i.n * 13 + j * 17) % 60) AS received,
       CASE WHEN j <= 4 THEN 'submitted' WHEN j <= 7 THEN 'confirmed' WHEN j <= 9 THEN 'rejected'
            ELSE 'withdrawn' END AS status
  FROM bench.importers i
  JOIN users u ON u.organization_id = i.org
  CROSS JOIN generate_series(1, 10) j
  CROSS JOIN LATERAL (SELECT (:inv7::bigint * (i.n - 1)) % :importers AS b) b
  JOIN bench.recordations r ON r.n = :importers * (j + i.n % 80) + CASE
      WHEN j % 2 = 1 AND b.b % 100 BETWEEN 40 AND 89 THEN b.b
      WHEN j % 2 = 1 THEN (b.b / 100) * 100 + 40 + b.b % 50
      ELSE 100 * ((i.n + j) % 10) + 40 + (i.n * 7 + j) % 50 END;

INSERT INTO pre_confirmations (organization_id, office_id, direction, recordation_id, goods, transport_document,
                               expected_on, statement, status, submitted_at, received_on, due_on, auto_check,
                               number, valid_until, reason, decided_by, decided_at, created_by, created_at,
                               updated_at)
SELECT s.org, s.office, CASE WHEN s.j % 3 = 0 THEN 'export' ELSE 'import' END, s.recordation,
       jsonb_build_array(jsonb_build_object('description', 'Cotton T-shirts', 'hs_code', '6109100000',
                                            'quantity', 1000 + s.j, 'unit', 'pieces', 'value', 25000 + s.i,
                                            'currency', 'USD')),
       'MSKU' || lpad((s.i * 10 + s.j)::text, 7, '0'),
       s.received + 14,
       'We are the licensed importer of these goods.',
       s.status,
       s.received::timestamptz + interval '8 hours',
       s.received, s.received + 7,
       pre_confirmation_auto_check(s.recordation, s.reg,
                                   CASE WHEN s.j % 3 = 0 THEN ARRAY['exporter', 'consignor']
                                        ELSE ARRAY['importer', 'consignee'] END,
                                   s.received + 14,
                                   '[{"hs_code": "6109100000"}]',
                                   (SELECT code FROM customs_offices WHERE id = s.office)),
       CASE WHEN s.status = 'confirmed'
            THEN 'PC' || extract(year FROM s.received)::int || '-' || lpad((s.i * 10 + s.j)::text, 6, '0') END,
       CASE WHEN s.status = 'confirmed' THEN s.received + 14 + 90 END,
       CASE WHEN s.status = 'rejected' THEN 'The supporting documents do not show a licence.' END,
       CASE WHEN s.status IN ('confirmed', 'rejected')
            THEN (SELECT u.id FROM users u WHERE u.office_id = s.office ORDER BY u.email LIMIT 1) END,
       CASE WHEN s.status IN ('confirmed', 'rejected') THEN s.received::timestamptz + interval '3 days' END,
       s.usr, s.received::timestamptz + interval '8 hours', s.received::timestamptz + interval '3 days'
  FROM pc_src s;

INSERT INTO pre_confirmation_events (pre_confirmation_id, actor_user_id, at, action, to_status)
SELECT id, created_by, submitted_at, 'submitted', 'submitted' FROM pre_confirmations;

-- The counters continue after the numbers given out above (their last 6 digits <= 10 importers + 10).
INSERT INTO pre_confirmation_counters (year, last_value)
SELECT y, 20 * :importers FROM generate_series(extract(year FROM :'today'::date)::int - 1,
                                     extract(year FROM :'today'::date)::int + 1) y;

COMMIT;
