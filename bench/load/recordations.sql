-- The benchmark's data set, part 1 (migrations 0001-0003): customs offices, officers,
-- 5,000 rights holders and 1,000 importers with one user each, 100,000 recordations in
-- mixed states with their history, and the number counters. By scale (psql variables, these
-- defaults: bench/run --large sets 50,000 holders, 1,000,000 recordations, 10,000 importers):
--   holders    rights holders, 20 recordations each
--   importers  importers (a multiple of 100, and of 2 * entries: authorized_users.sql)
--
-- Generated in SQL (generate_series) in one transaction: a few seconds instead of the hours
-- the API would take to hash 6,000 passwords. Every user gets the same password hash,
-- computed once by the registry itself (`iprd create-admin`): psql -v hash=...
-- Everything is deterministic (no random()): the n-th holder, recordation or importer is
-- the same in every run, and bench/run can name them (holder17@bench.example, ...).
--
-- Usage: psql -v ON_ERROR_STOP=1 -v hash='$argon2id$...' -v today=YYYY-MM-DD [-v holders=N ...] -f recordations.sql

\set QUIET on
\if :{?holders}
\else
\set holders 5000
\endif
\if :{?importers}
\else
\set importers 1000
\endif
-- The register's words (migration 0021) are built once at the end, not row by row (when the
-- schema has them: bench/run --large loads into the first migrations' and times the others).
SELECT to_regproc('register_words_rebuild') IS NOT NULL AS register_words \gset
-- The register's version (migration 0023) moves once at the end, not with a deferred trigger
-- event a row.
SELECT to_regclass('register_version') IS NOT NULL AS register_version \gset
BEGIN;
\if :register_words
ALTER TABLE recordations DISABLE TRIGGER recordations_register_words_insert;
ALTER TABLE recordations DISABLE TRIGGER recordations_register_words_update;
\endif
\if :register_version
ALTER TABLE recordations DISABLE TRIGGER recordations_register_version_insert;
ALTER TABLE recordations DISABLE TRIGGER recordations_register_version_update;
\endif

-- Word lists: brand names, goods and company words. Titles and goods scopes are built from
-- them so that text search (GET /v1/register?q=) finds a realistic few hundred rows a word.
CREATE TEMP TABLE brand_words (i int PRIMARY KEY, w text) ON COMMIT DROP;
INSERT INTO brand_words
SELECT row_number() OVER () - 1, w FROM unnest(string_to_array(
    'aurora,zenith,lotus,phoenix,falcon,summit,harbor,crystal,emerald,sapphire,orchid,maple,cedar,'
    'willow,nova,stellar,titan,atlas,vertex,quantum,fusion,pioneer,meridian,horizon,cascade,glacier,'
    'ember,breeze,coral,dune,echo,fable,garnet,haven,iris,jade,kestrel,lumen,mosaic,nectar,onyx,'
    'prism,quartz,raven,sierra,tundra,umbra,velvet,wren,yarrow,zephyr,acorn,bamboo,canyon,delta,'
    'ermine,fjord,grove,heron,indigo,juniper,kite,lagoon,magnolia,nimbus,oasis,pebble,quill,ripple,'
    'saffron,thistle,upland,vista,wander,xenon,yukon,zinnia,amber,blaze,comet,dawn,eclipse,flint,'
    'gale,halo,ivory,jasper,karma,lyric,mirage,nomad,opal,pulse,quest,rune,solace,torrent,unity,'
    'valor,whisper,apex,beacon,citadel,dynamo,element,frontier,genesis,helix,icon,jubilee,keystone,'
    'legend,monarch,nexus,orbit,paragon,radiant,sentinel,trident,utopia,voyager,wildfire,zen,cobalt,sequoia', ','))
    AS t(w);

-- Mark endings: a holder's mark is one brand word and an ending of its own (AURORA + VEX:
-- AURORAVEX). The 40 holders that share a brand word (b1 below follows the holder) get 40
-- different endings, so that no two holders record the same mark, as in a real register, and a
-- look-alike of a mark (the border check's, bench/load/border.sql) finds that holder's
-- recordations, not the 800 of every holder of the word. The brand word stays in the title, so
-- that the register's search (LIKE '%word%') finds the same rows as before.
CREATE TEMP TABLE mark_endings (i int PRIMARY KEY, w text) ON COMMIT DROP;
INSERT INTO mark_endings
SELECT row_number() OVER () - 1, w FROM unnest(string_to_array(
    'ax,bel,cor,dex,ent,fix,gen,hal,ium,jet,kin,lux,max,nor,ova,pex,quin,rix,sol,tek,'
    'ura,vex,wyn,xia,yon,zor,ano,bis,cus,dor,eon,fin,gal,hor,ido,jor,kai,lon,mos,nix', ',')) AS t(w);

CREATE TEMP TABLE goods_words (i int PRIMARY KEY, w text) ON COMMIT DROP;
INSERT INTO goods_words
SELECT row_number() OVER () - 1, w FROM unnest(string_to_array(
    'handbags,footwear,watches,sunglasses,perfume,cosmetics,garments,jackets,jeans,scarves,belts,'
    'wallets,jewellery,headphones,smartphones,chargers,batteries,cables,toys,dolls,puzzles,'
    'bicycles,helmets,tools,drills,saws,kettles,blenders,razors,toothbrushes,shampoo,detergent,'
    'medicines,vitamins,wine,spirits,coffee,tea,chocolate,biscuits,software,films,music,books,'
    'tyres,brakes,filters,lamps,cameras,printers', ',')) AS t(w);

CREATE TEMP TABLE company_words (i int PRIMARY KEY, w text) ON COMMIT DROP;
INSERT INTO company_words
SELECT row_number() OVER () - 1, w FROM unnest(string_to_array(
    'Textiles,Electronics,Apparel,Cosmetics,Leather,Sports,Precision,Pharma,Foods,Industries,'
    'Trading,Technology,Fashion,Optical,Beverages,Instruments,Motors,Media,Toys,Household', ','))
    AS t(w);

-- Offices: headquarters and 20 ports.
INSERT INTO customs_offices (code, name, kind) VALUES ('HQ', 'General Administration of Customs', 'headquarters');
INSERT INTO customs_offices (code, name, kind)
SELECT code, code || ' port customs', 'port'
  FROM unnest(ARRAY['CNSHA', 'CNPVG', 'CNNGB', 'CNSZX', 'CNCAN', 'CNTAO', 'CNTSN', 'CNXMN', 'CNDLC', 'CNPEK',
                    'CNCKG', 'CNWUH', 'CNNKG', 'CNFOC', 'CNHAK', 'CNKWE', 'CNURC', 'CNHRB', 'CNLYG', 'CNZUH']) AS t(code);

-- Officers: 10 at headquarters, 2 at each port.
INSERT INTO users (email, password_hash, full_name, role, office_id)
SELECT 'officer' || n || '@bench.example', :'hash', 'Officer ' || n, 'hq_officer',
       (SELECT id FROM customs_offices WHERE code = 'HQ')
  FROM generate_series(1, 10) n;
INSERT INTO users (email, password_hash, full_name, role, office_id)
SELECT 'port' || f.code || '-' || n || '@bench.example', :'hash', 'Port officer ' || f.code || ' ' || n,
       'port_officer', f.id
  FROM customs_offices f, generate_series(1, 2) n WHERE f.kind = 'port';

-- Rights holders 1..holders and importers 1..importers: an organization and one user each.
-- Registration numbers look like unified social credit codes: 9131 + 14 digits.
CREATE TEMP TABLE holder_map (n int PRIMARY KEY, org uuid, usr uuid, name text) ON COMMIT DROP;
WITH o AS (
    INSERT INTO organizations (kind, name, country, registration_number, address, contact_email, phone)
    SELECT 'rights_holder',
           initcap(b.w) || ' ' || c.w || ' Co., Ltd. ' || n,
           (ARRAY['CN', 'CN', 'CN', 'US', 'DE', 'JP', 'FR', 'IT', 'KR', 'GB'])[1 + n % 10],
           '91310000' || lpad(n::text, 10, '0'),
           n || ' Century Avenue, Shanghai',
           'ip' || n || '@holder.example',
           '+86 21 5555 ' || lpad((n % 10000)::text, 4, '0')
      FROM generate_series(1, :holders) n
      JOIN brand_words b ON b.i = (n * 7) % (SELECT count(*) FROM brand_words)
      JOIN company_words c ON c.i = n % (SELECT count(*) FROM company_words)
    RETURNING id, name, (regexp_match(registration_number, '(\d{10})$'))[1]::int AS n)
INSERT INTO holder_map (n, org, name) SELECT n, id, name FROM o;
WITH u AS (
    INSERT INTO users (email, password_hash, full_name, role, organization_id)
    SELECT 'holder' || h.n || '@bench.example', :'hash', 'Holder user ' || h.n, 'rights_holder', h.org
      FROM holder_map h
    RETURNING id, organization_id)
UPDATE holder_map h SET usr = u.id FROM u WHERE u.organization_id = h.org;

CREATE TEMP TABLE importer_map (n int PRIMARY KEY, org uuid, reg text, name text) ON COMMIT DROP;
WITH o AS (
    INSERT INTO organizations (kind, name, country, registration_number, address, contact_email, phone)
    SELECT 'importer', 'Importer ' || initcap(b.w) || ' Trading ' || n,
           (ARRAY['CN', 'CN', 'HK', 'SG', 'US'])[1 + n % 5],
           '91440000' || lpad(n::text, 10, '0'),
           n || ' Harbour Road, Shenzhen',
           'trade' || n || '@importer.example',
           '+86 755 5555 ' || lpad((n % 10000)::text, 4, '0')
      FROM generate_series(1, :importers) n
      JOIN brand_words b ON b.i = (n * 11) % (SELECT count(*) FROM brand_words)
    RETURNING id, name, registration_number)
INSERT INTO importer_map (n, org, reg, name)
SELECT (right(registration_number, 10))::int, id, registration_number, name FROM o;
INSERT INTO users (email, password_hash, full_name, role, organization_id)
SELECT 'importer' || i.n || '@bench.example', :'hash', 'Importer user ' || i.n, 'importer', i.org
  FROM importer_map i;

-- Recordations 1..20 * holders: 20 per holder. The state follows n % 100:
--   0-9 draft, 10-24 submitted, 25-29 information_requested, 30-34 rejected, 35-39 withdrawn,
--   40-79 approved (of which 75-79 expired: validity over), 80-84 approved with a renewal under
--   review, 85-89 approved renewed, 90-94 revoked, 95-99 cancelled.
CREATE TEMP TABLE rec_src ON COMMIT DROP AS
SELECT g.n,
       h.org, h.name AS holder_name, h.usr,
       g.n % 100 AS k,
       CASE WHEN g.n % 20 < 14 THEN 'trademark' WHEN g.n % 20 < 16 THEN 'copyright' WHEN g.n % 20 < 18 THEN 'patent'
            WHEN g.n % 20 = 18 THEN 'olympic_symbol' ELSE 'world_expo_symbol' END AS ipr_type,
       upper(b1.w || e.w) || CASE WHEN g.n % 3 = 0 THEN ' ' || upper(b2.w) ELSE '' END AS title,
       g1.w || ', ' || g2.w || ' and ' || g3.w AS goods_scope,
       -- days ago the filing was received: 0 .. ~9 years; a filing under review (submitted,
       -- information requested: n % 100 in 10..29) within the last 60 days, as its deadline is
       CASE WHEN g.n % 100 BETWEEN 10 AND 29 THEN (g.n * 37) % 60 ELSE (g.n * 37) % 3300 END AS age
  FROM generate_series(1, 20 * :holders) g(n)
  JOIN holder_map h ON h.n = 1 + (g.n - 1) % :holders
  JOIN brand_words b1 ON b1.i = (g.n * 13) % 125
  JOIN mark_endings e ON e.i = ((h.n - 1) / 125) % 40
  JOIN brand_words b2 ON b2.i = (g.n * 29 + 7) % 125
  JOIN goods_words g1 ON g1.i = g.n % 50
  JOIN goods_words g2 ON g2.i = (g.n * 3 + 1) % 50
  JOIN goods_words g3 ON g3.i = (g.n * 7 + 2) % 50;

CREATE TEMP TABLE rec_map (n int PRIMARY KEY, id uuid) ON COMMIT DROP;
WITH ins AS (
    INSERT INTO recordations (organization_id, holder_name, status, ipr_type, title, registration_number,
        registration_authority, right_expires_on, classes, goods_scope, hs_codes, licensing_status, description,
        genuine_manufacturers, main_ports, known_infringers, number, submitted_at, received_on, due_on,
        paused_working_days_left, valid_from, valid_until, renewal_status, renewal_submitted_at, renewal_due_on,
        renewal_decided_at, renewal_right_expires_on, last_reason, created_at, updated_at)
    SELECT s.org, s.holder_name, st.status, s.ipr_type, s.title,
           'REG' || lpad(s.n::text, 8, '0'),
           CASE s.ipr_type WHEN 'trademark' THEN 'China National Intellectual Property Administration'
                           WHEN 'patent' THEN 'China National Intellectual Property Administration'
                           WHEN 'copyright' THEN 'National Copyright Administration' ELSE 'State Council' END,
           d.received + 4000,
           CASE WHEN s.ipr_type = 'trademark'
                THEN ARRAY[(1 + s.n % 45)::smallint, (1 + (s.n * 7 + 3) % 45)::smallint] ELSE '{}' END,
           s.goods_scope,
           ARRAY[lpad((6101 + s.n % 60)::text, 4, '0') || '10', lpad((8501 + s.n % 40)::text, 4, '0')],
           (ARRAY['not_licensed', 'licensed_exclusive', 'licensed_non_exclusive', 'licensed_sole'])[1 + s.n % 4],
           'Genuine ' || s.goods_scope || ' sold under the ' || s.title || ' mark.',
           jsonb_build_array(jsonb_build_object('name', s.holder_name || ' Factory', 'country', 'CN',
                                                'address', 'Industrial Park ' || s.n)),
           ARRAY['CNSHA', 'CNSZX'],
           CASE WHEN s.n % 4 = 0 THEN jsonb_build_array(jsonb_build_object('name', 'Copycat Workshop ' || s.n,
                                                                           'country', 'CN', 'address', NULL))
                ELSE '[]' END,
           CASE WHEN st.numbered
                THEN (CASE s.ipr_type WHEN 'trademark' THEN 'T' WHEN 'copyright' THEN 'C' WHEN 'patent' THEN 'P'
                                      WHEN 'olympic_symbol' THEN 'O' ELSE 'E' END)
                     || extract(year FROM d.received + 40)::int || '-' || lpad((s.n % 1000000)::text, 6, '0') END,
           CASE WHEN st.received THEN d.received::timestamptz + interval '9 hours' END,
           CASE WHEN st.received THEN d.received END,
           CASE WHEN st.status = 'submitted' THEN d.received + 42 END,
           CASE WHEN st.status = 'information_requested' THEN 5 + s.n % 20 END,
           CASE WHEN st.numbered THEN d.received + 40 END,
           CASE WHEN st.numbered THEN
               CASE WHEN s.k BETWEEN 75 AND 79  -- expired: valid_until between valid_from and yesterday
                    THEN d.received + 40 + ((:'today'::date - 1 - (d.received + 40)) * (s.n % 7)) / 7
                    ELSE d.received + 40 + 3650 END END,
           CASE WHEN s.k BETWEEN 80 AND 84 THEN 'submitted' WHEN s.k BETWEEN 85 AND 89 THEN 'approved' END,
           CASE WHEN s.k BETWEEN 80 AND 89 THEN :'today'::date - 20 + interval '10 hours' END,
           CASE WHEN s.k BETWEEN 80 AND 89 THEN :'today'::date - 6 END,
           CASE WHEN s.k BETWEEN 85 AND 89 THEN :'today'::date - 10 + interval '15 hours' END,
           NULL,
           CASE WHEN st.status IN ('rejected', 'revoked', 'cancelled', 'information_requested')
                THEN 'Reason ' || st.status || ' for filing ' || s.n END,
           d.received::timestamptz - interval '2 days', d.received::timestamptz + interval '50 days'
      FROM rec_src s
      CROSS JOIN LATERAL (SELECT :'today'::date - s.age - CASE WHEN s.k BETWEEN 10 AND 29 THEN 0 ELSE 45 END
                                 AS received) d
      CROSS JOIN LATERAL (SELECT CASE
               WHEN s.k < 10 THEN 'draft' WHEN s.k < 25 THEN 'submitted' WHEN s.k < 30 THEN 'information_requested'
               WHEN s.k < 35 THEN 'rejected' WHEN s.k < 40 THEN 'withdrawn' WHEN s.k < 90 THEN 'approved'
               WHEN s.k < 95 THEN 'revoked' ELSE 'cancelled' END AS status) st0
      CROSS JOIN LATERAL (SELECT st0.status,
               st0.status IN ('approved', 'revoked', 'cancelled') AS numbered,
               st0.status NOT IN ('draft', 'withdrawn') AS received) st
     ORDER BY s.n
    RETURNING id, registration_number)
INSERT INTO rec_map (n, id) SELECT right(registration_number, 8)::int, id FROM ins;

-- History: created, and filed for everything past draft; the decision for decided ones.
INSERT INTO recordation_events (recordation_id, actor_user_id, at, action, to_status)
SELECT m.id, s.usr, r.created_at, 'created', 'draft'
  FROM rec_src s JOIN rec_map m USING (n) JOIN recordations r ON r.id = m.id;
INSERT INTO recordation_events (recordation_id, actor_user_id, at, action, from_status, to_status, details)
SELECT r.id, s.usr, r.submitted_at, 'submitted', 'draft', 'submitted',
       jsonb_build_object('working_days', 30, 'resumed', false)
  FROM rec_src s JOIN rec_map m USING (n) JOIN recordations r ON r.id = m.id WHERE r.submitted_at IS NOT NULL;
INSERT INTO recordation_events (recordation_id, actor_user_id, at, action, from_status, to_status, details)
SELECT r.id, (SELECT id FROM users WHERE email = 'officer1@bench.example'), r.submitted_at + interval '40 days',
       'approved', 'submitted', 'approved', jsonb_build_object('number', r.number)
  FROM recordations r WHERE r.number IS NOT NULL;

-- The counters continue after the numbers given out above (their last 6 digits are n, or n
-- mod 1,000,000 at the large scale, where numbers of every value are taken).
INSERT INTO recordation_counters (prefix, year, last_value)
SELECT p, y, least(20 * :holders, 999000) FROM unnest(ARRAY['T', 'C', 'P', 'O', 'E']) p,
       generate_series(extract(year FROM :'today'::date)::int - 10, extract(year FROM :'today'::date)::int + 1) y;

-- For bench/run: who is who, kept in schema `bench` (not part of the registry).
CREATE SCHEMA bench;
CREATE TABLE bench.holders AS SELECT n, org, usr, 'holder' || n || '@bench.example' AS email FROM holder_map;
CREATE TABLE bench.importers AS SELECT n, org, reg, name FROM importer_map;
CREATE TABLE bench.recordations AS
SELECT m.n, m.id, r.status, r.number, r.organization_id FROM rec_map m JOIN recordations r ON r.id = m.id;
ALTER TABLE bench.holders ADD PRIMARY KEY (n);
ALTER TABLE bench.importers ADD PRIMARY KEY (n);
ALTER TABLE bench.recordations ADD PRIMARY KEY (n);
CREATE TABLE bench.words AS SELECT i, w FROM brand_words UNION ALL SELECT 1000 + i, w FROM goods_words;

\if :register_words
SELECT register_words_rebuild();
ALTER TABLE recordations ENABLE TRIGGER recordations_register_words_insert;
ALTER TABLE recordations ENABLE TRIGGER recordations_register_words_update;
\endif
\if :register_version
UPDATE register_version SET n = n + 1;
ALTER TABLE recordations ENABLE TRIGGER recordations_register_version_insert;
ALTER TABLE recordations ENABLE TRIGGER recordations_register_version_update;
\endif
COMMIT;
