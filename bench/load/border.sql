-- The benchmark's data set, part 4 (migration 0009, at the border): product identification
-- guides for every 5th recordation, 5,000 alerts, each port's watch list (100 recordations and
-- two HS chapters), and the shipments GET /v1/border-check is benchmarked with.
-- Run after pre_confirmations.sql: psql -v ON_ERROR_STOP=1 -v today=YYYY-MM-DD -f border.sql

\set QUIET on
BEGIN;

-- Guides: every 5th recordation, written by its holder's user.
INSERT INTO recordation_guides (recordation_id, summary, distinguishing_features, genuine_packaging, supply_routes,
                                contact, updated_by)
SELECT r.id, 'Genuine ' || x.title || ' goods carry a serial number on a woven label.',
       '[{"feature": "Logo", "genuine": "Embroidered, even stitches", "counterfeit": "Printed or glued"},
         {"feature": "Label", "genuine": "Woven, serial number", "counterfeit": "Printed, no serial number"}]',
       'A brown box with a holographic sticker.',
       '[{"origin": "Licensed factory, Dongguan", "ports": ["CNSZX"], "note": null}]',
       'Brand protection desk', h.usr
  FROM bench.recordations r
  JOIN recordations x ON x.id = r.id
  JOIN bench.holders h ON h.org = r.organization_id
 WHERE r.n % 5 = 0;

-- Alerts: 5,000, for approved recordations (n % 100 in 40..74), half of them at one port, one in
-- four with a transport document; windows around today, some over.
INSERT INTO alerts (organization_id, recordation_id, transport_document, origin, ports, window_from, window_until,
                    note, created_by, created_at, updated_at)
SELECT r.organization_id, r.id, CASE WHEN g.k % 4 = 0 THEN 'COSU' || lpad(g.k::text, 7, '0') END, 'Ningbo, by sea',
       CASE WHEN g.k % 2 = 0 THEN ARRAY[(SELECT code FROM customs_offices WHERE kind = 'port' ORDER BY code
                                         OFFSET g.k % 20 LIMIT 1)] ELSE '{}' END,
       :'today'::date - g.k % 20, :'today'::date - g.k % 20 + 14, 'A container of copies is expected.', h.usr,
       now() - interval '3 days', now() - interval '3 days'
  FROM generate_series(1, 5000) g(k)
  JOIN bench.recordations r ON r.n = 100 * ((g.k * 7) % 1000) + 40 + g.k % 35
  JOIN bench.holders h ON h.org = r.organization_id;

-- Watch lists: each port watches 100 approved recordations and two HS chapters.
INSERT INTO watch_list_entries (office_id, recordation_id, reason, valid_from, valid_until, created_by)
SELECT f.id, r.id, 'Seizures of copies this quarter.', :'today'::date - 30, :'today'::date + 60,
       (SELECT u.id FROM users u WHERE u.office_id = f.id ORDER BY u.email LIMIT 1)
  FROM customs_offices f
  CROSS JOIN generate_series(0, 99) g(k)
  JOIN bench.recordations r ON r.n = 100 * ((g.k * 11 + ascii(substr(f.code, 3, 1)) * 7 + ascii(substr(f.code, 5, 1))) % 1000) + 40
 WHERE f.kind = 'port'
ON CONFLICT DO NOTHING;
INSERT INTO watch_list_entries (office_id, hs_chapter, reason, valid_from, valid_until, created_by)
SELECT f.id, c, 'Campaign on these goods.', :'today'::date - 30, :'today'::date + 60,
       (SELECT u.id FROM users u WHERE u.office_id = f.id ORDER BY u.email LIMIT 1)
  FROM customs_offices f CROSS JOIN unnest(ARRAY['61', '64']) c
 WHERE f.kind = 'port';

-- The shipments of the check: each confirmed pre-confirmation (3,000) as customs sees it at the
-- port it was confirmed for: its transport document, its importer as declarant, the goods' HS
-- code, and the mark as seen on the goods, the title's first word misspelt (its third letter
-- replaced: "AURORAVEX" seen as "AUXORAVEX").
CREATE TABLE bench.draw_border AS
SELECT row_number() OVER (ORDER BY p.transport_document)::int AS n,
       overlay(split_part(r.title, ' ', 1) PLACING CASE WHEN substr(r.title, 3, 1) = 'X' THEN 'Z' ELSE 'X' END
               FROM 3 FOR 1) AS text,
       '6109100000' AS hs_code, '{6109100000}' AS hs_codes,
       o.registration_number AS declarant, f.code AS port, p.transport_document
  FROM pre_confirmations p
  JOIN recordations r ON r.id = p.recordation_id
  JOIN organizations o ON o.id = p.organization_id
  JOIN customs_offices f ON f.id = p.office_id
 WHERE p.status = 'confirmed';
ALTER TABLE bench.draw_border ADD PRIMARY KEY (n);

COMMIT;
