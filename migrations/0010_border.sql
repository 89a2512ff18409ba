-- At the border: what a port officer needs when a container is opened.
--
--   * product identification guides: the rights holder's guide for officers to each
--     recordation (how to tell genuine goods from counterfeits, genuine packaging, genuine
--     supply routes), with photos attached as documents of the guide (documents.guide_of);
--     shown to customs only, never on the public register;
--   * alerts: a holder tells customs of an expected suspicious shipment (transport document,
--     route, a window of dates); `expired` is derived when read (past window_until);
--   * watch lists: each customs office's recordations, or HS chapters, under intensive
--     checks, each with a reason and a period;
--   * the border check (border_check): one statement answering which recordations may apply
--     to a shipment, ranked, with the reasons, the authorization rule of 0004, confirmed
--     pre-confirmations, the guide, the alerts and the watch list.

-- ---------------------------------------------------------------- guides

CREATE TABLE recordation_guides (
    recordation_id uuid PRIMARY KEY REFERENCES recordations (id),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    summary text CHECK (length(summary) BETWEEN 1 AND 4000),
    -- [{feature, genuine, counterfeit}] as border_guide_features() keeps them.
    distinguishing_features jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(distinguishing_features) = 'array'
        AND jsonb_array_length(distinguishing_features) <= 50),
    genuine_packaging text CHECK (length(genuine_packaging) BETWEEN 1 AND 4000),
    -- [{origin, ports, note}] as border_guide_routes() keeps them.
    supply_routes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(supply_routes) = 'array'
        AND jsonb_array_length(supply_routes) <= 50),
    contact text CHECK (length(contact) BETWEEN 1 AND 500),
    updated_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION border_guide_features(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('feature', e->>'feature', 'genuine', e->>'genuine',
                                                 'counterfeit', e->>'counterfeit') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END) WITH ORDINALITY AS t(e, n)
$$;

CREATE FUNCTION border_guide_routes(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('origin', e->>'origin',
                                                 'ports', coalesce(e->'ports', '[]'), 'note', e->>'note') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END) WITH ORDINALITY AS t(e, n)
$$;

-- The guide's photos are documents whose parent is the guide of a recordation: kinds of
-- their own, removable while the recordation is in force (a filing's evidence is not).
ALTER TABLE documents ADD COLUMN guide_of uuid REFERENCES recordations (id);
ALTER TABLE documents DROP CONSTRAINT documents_one_parent,
    ADD CONSTRAINT documents_one_parent CHECK (num_nonnulls(recordation_id, pre_confirmation_id, guide_of) = 1);
ALTER TABLE documents DROP CONSTRAINT documents_kind,
    ADD CONSTRAINT documents_kind CHECK (CASE
        WHEN recordation_id IS NOT NULL THEN kind IN ('registration_certificate', 'licence', 'goods_photo',
            'packaging_photo', 'power_of_attorney', 'other')
        WHEN pre_confirmation_id IS NOT NULL THEN kind IN ('licence', 'authorization_letter', 'contract', 'invoice',
            'other')
        ELSE kind IN ('genuine_goods', 'counterfeit_goods', 'genuine_packaging', 'counterfeit_packaging', 'other') END),
    ADD CONSTRAINT documents_guide_once UNIQUE (guide_of, content_id);

-- The guide g of recordation p_recordation as the API shows it: {recordation_id, version,
-- summary, ..., photos}. A recordation without one (g NULL) has an empty guide, version 0.
CREATE FUNCTION api_guide(p_recordation uuid, g recordation_guides) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('recordation_id', p_recordation, 'version', coalesce(g.version, 0),
        'summary', g.summary, 'distinguishing_features', coalesce(g.distinguishing_features, '[]'),
        'genuine_packaging', g.genuine_packaging, 'supply_routes', coalesce(g.supply_routes, '[]'),
        'contact', g.contact, 'updated_by', api_user_ref(g.updated_by), 'updated_at', g.updated_at,
        'photos', (SELECT coalesce(jsonb_agg(api_document(d) ORDER BY d.uploaded_at, d.id), '[]')
                     FROM documents d WHERE d.guide_of = p_recordation))
$$;

-- ---------------------------------------------------------------- alerts

CREATE TABLE alerts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    organization_id uuid NOT NULL REFERENCES organizations (id),   -- the rights holder
    recordation_id uuid NOT NULL REFERENCES recordations (id),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
    transport_document text CHECK (length(transport_document) BETWEEN 1 AND 64),
    origin text CHECK (length(origin) BETWEEN 1 AND 200),          -- where the goods come from
    -- The ports where they are expected; empty: any.
    ports text[] NOT NULL DEFAULT '{}' CHECK (cardinality(ports) <= 20
        AND text_array_all_match(ports, '^[A-Z0-9]{2,16}$')),
    window_from date NOT NULL,
    window_until date NOT NULL,                 -- inclusive; the alert expires after it
    note text CHECK (length(note) BETWEEN 1 AND 2000),
    reason text CHECK (length(reason) BETWEEN 1 AND 2000),         -- the withdrawal's
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz,
    withdrawn_by uuid REFERENCES users (id),
    CONSTRAINT alerts_window CHECK (window_until >= window_from),
    CONSTRAINT alerts_withdrawn CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)
        AND (withdrawn_at IS NULL) = (withdrawn_by IS NULL))
);
CREATE INDEX alerts_organization ON alerts (organization_id, created_at DESC, id DESC);
CREATE INDEX alerts_newest ON alerts (created_at DESC, id DESC);
CREATE INDEX alerts_recordation ON alerts (recordation_id, window_until) WHERE status = 'active';
CREATE INDEX alerts_transport_document ON alerts (upper(transport_document))
    WHERE status = 'active' AND transport_document IS NOT NULL;

CREATE TABLE alert_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id uuid NOT NULL REFERENCES alerts (id),
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id),
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    from_status text,
    to_status text,
    reason text CHECK (length(reason) <= 2000),
    details jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

-- The status as the API shows it on `today`: an active alert past its window is expired.
CREATE FUNCTION alert_status_on(a alerts, today date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a.status = 'active' AND a.window_until < today THEN 'expired' ELSE a.status END
$$;

CREATE FUNCTION api_alert(a alerts, today date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', a.id, 'version', a.version, 'status', alert_status_on(a, today),
        'recordation', jsonb_build_object('id', r.id, 'number', r.number, 'title', r.title),
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name),
        'transport_document', a.transport_document, 'origin', a.origin, 'ports', to_jsonb(a.ports),
        'window_from', a.window_from, 'window_until', a.window_until, 'note', a.note, 'reason', a.reason,
        'created_by', api_user_ref(a.created_by), 'created_at', a.created_at, 'updated_at', a.updated_at,
        'withdrawn_at', a.withdrawn_at, 'withdrawn_by', api_user_ref(a.withdrawn_by))
      FROM recordations r WHERE r.id = a.recordation_id
$$;

CREATE FUNCTION api_alert_event(e alert_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details)
$$;

-- ---------------------------------------------------------------- watch lists

CREATE TABLE watch_list_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    office_id uuid NOT NULL REFERENCES customs_offices (id),
    recordation_id uuid REFERENCES recordations (id),
    hs_chapter text CHECK (hs_chapter ~ '^[0-9]{2}$'),
    -- What the entry watches, as one key: the recordation's id or the chapter.
    watched text GENERATED ALWAYS AS (coalesce(recordation_id::text, hs_chapter)) STORED,
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    valid_from date NOT NULL,
    valid_until date NOT NULL,                  -- inclusive
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    ended_by uuid REFERENCES users (id),
    CONSTRAINT watch_list_entries_one_subject CHECK (num_nonnulls(recordation_id, hs_chapter) = 1),
    CONSTRAINT watch_list_entries_period CHECK (valid_until >= valid_from),
    CONSTRAINT watch_list_entries_ended CHECK ((ended_at IS NULL) = (ended_by IS NULL)),
    -- One active entry of an office per recordation or chapter and day: the 409 of a duplicate.
    CONSTRAINT watch_list_entries_no_overlap EXCLUDE USING gist (office_id WITH =, watched WITH =,
        daterange(valid_from, valid_until, '[]') WITH &&) WHERE (ended_at IS NULL)
);
CREATE INDEX watch_list_entries_office ON watch_list_entries (office_id, created_at DESC, id DESC);
-- The border check: an office's active entries of one recordation or chapter.
CREATE INDEX watch_list_entries_check ON watch_list_entries (office_id, watched) WHERE ended_at IS NULL;

-- ended, scheduled (not yet begun), active, expired: as the API shows an entry on `today`.
CREATE FUNCTION watch_list_status_on(w watch_list_entries, today date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN w.ended_at IS NOT NULL THEN 'ended' WHEN w.valid_from > today THEN 'scheduled'
                WHEN w.valid_until < today THEN 'expired' ELSE 'active' END
$$;

CREATE FUNCTION api_watch_list_entry(w watch_list_entries, today date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', w.id, 'version', w.version, 'office_code', f.code,
        'recordation', (SELECT jsonb_build_object('id', r.id, 'number', r.number, 'title', r.title)
                          FROM recordations r WHERE r.id = w.recordation_id),
        'hs_chapter', w.hs_chapter, 'reason', w.reason, 'valid_from', w.valid_from, 'valid_until', w.valid_until,
        'status', watch_list_status_on(w, today), 'created_by', api_user_ref(w.created_by),
        'created_at', w.created_at, 'ended_at', w.ended_at, 'ended_by', api_user_ref(w.ended_by))
      FROM customs_offices f WHERE f.id = w.office_id
$$;

-- ---------------------------------------------------------------- the border check

-- Look-ups the check makes: approved recordations by HS code (a code covers the shipment's
-- when it is a prefix of it) and by mark (trigram word similarity of the title), the
-- recordations listing a declarant, and confirmed pre-confirmations by transport document.
CREATE INDEX recordations_hs_codes ON recordations USING gin (hs_codes) WHERE status = 'approved';
CREATE INDEX recordations_mark ON recordations USING gin (lower(title) gin_trgm_ops) WHERE status = 'approved';
CREATE INDEX authorized_users_declarant ON authorized_users (registration_key) WHERE ended_at IS NULL;

-- Every prefix of 2 digits or more of the codes: what a recordation's HS code must be one of
-- to cover them.
CREATE FUNCTION border_hs_prefixes(codes text[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(DISTINCT left(c, n)) FROM unnest(codes) AS c, generate_series(2, 10) AS n WHERE n <= length(c)
$$;

-- The border check: which approved recordations, valid on p_on, may apply to a shipment.
--
-- Candidates: with a text (the mark seen on the goods), the recordations whose title has a
-- stretch as similar as word_similarity >= 0.4 (look-alike spellings: "ADIBAS" finds
-- "ADIDAS"); without a text, those whose HS codes cover one of p_hs_codes and those that list
-- the declarant. Always: those named with the transport document in a confirmed
-- pre-confirmation or an active alert.
-- Ranked by a score: transport document named by a confirmed pre-confirmation +3 or by an
-- alert +3, the mark's similarity times 2, an HS code covered +1, the declarant listed +0.5,
-- on the port's watch list +0.5, an alert matching the shipment +1; then by number. The best
-- 100 by the first four are scored in full, the best p_limit described.
--
-- For each: the reasons, the authorization rule (authorization_check of 0004, or
-- pre_confirmation_auto_check over several HS codes) when a declarant is given, the latest
-- confirmed pre-confirmation valid on p_on for the transport document, the guide (summary,
-- features, photo count, link), the alerts matching the shipment (active on p_on, and neither
-- its transport document nor its ports contradicting the shipment's), and the port's
-- watch-list entry (of the recordation, or of a chapter of one of the HS codes).
--
-- PL/pgSQL so that each connection plans its statement once; the similarity threshold is the
-- function's own setting.
CREATE FUNCTION border_check(p_on date, p_transport_document text, p_declarant text, p_hs_codes text[],
                             p_port text, p_text text, p_roles text[], p_limit integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE SET pg_trgm.word_similarity_threshold = 0.4 AS $$
DECLARE
    v_q text := lower(p_text);
    v_td text := upper(p_transport_document);
    v_decl text := upper(btrim(p_declarant) COLLATE "C");
    v_prefixes text[] := border_hs_prefixes(p_hs_codes);
    v_chapters text[] := (SELECT array_agg(DISTINCT left(c, 2)) FROM unnest(p_hs_codes) c);
    v_office uuid := (SELECT f.id FROM customs_offices f WHERE f.code = p_port);
    v_goods jsonb := (SELECT jsonb_agg(jsonb_build_object('hs_code', c)) FROM unnest(p_hs_codes) c);
    v_result jsonb;
BEGIN
    WITH candidates AS (
        SELECT r.id, word_similarity(v_q, lower(r.title)) AS similarity, false AS by_pc, false AS by_alert
          FROM recordations r
         WHERE v_q IS NOT NULL AND r.status = 'approved' AND lower(r.title) %> v_q
        UNION ALL
        SELECT r.id, NULL, false, false FROM recordations r
         WHERE v_q IS NULL AND v_prefixes IS NOT NULL AND r.status = 'approved' AND r.hs_codes && v_prefixes
        UNION ALL
        SELECT a.recordation_id, NULL, false, false FROM authorized_users a
         WHERE v_q IS NULL AND v_decl IS NOT NULL AND a.registration_key = v_decl AND a.ended_at IS NULL
        UNION ALL
        SELECT p.recordation_id, NULL, true, false FROM pre_confirmations p
         WHERE v_td IS NOT NULL AND upper(p.transport_document) = v_td
           AND pre_confirmation_status_on(p, p_on) = 'confirmed'
        UNION ALL
        SELECT a.recordation_id, NULL, false, true FROM alerts a
         WHERE v_td IS NOT NULL AND upper(a.transport_document) = v_td AND a.status = 'active'
           AND p_on BETWEEN a.window_from AND a.window_until
    ),
    matched AS (
        SELECT c.id, max(c.similarity) AS similarity, bool_or(c.by_pc) AS by_pc, bool_or(c.by_alert) AS by_alert
          FROM candidates c GROUP BY c.id
    ),
    -- The cheap part of the score, for every candidate that is in force on p_on.
    first AS (
        SELECT r, m.similarity, m.by_pc, m.by_alert,
               (SELECT h FROM unnest(r.hs_codes) h WHERE h = ANY (v_prefixes) ORDER BY length(h) DESC, h LIMIT 1)
                   AS hs_code
          FROM matched m JOIN recordations r ON r.id = m.id
         WHERE recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
    ),
    best AS (
        SELECT f.*, (CASE WHEN f.by_pc THEN 3 ELSE 0 END + CASE WHEN f.by_alert THEN 3 ELSE 0 END
                     + 2 * coalesce(f.similarity, 0) + CASE WHEN f.hs_code IS NOT NULL THEN 1 ELSE 0 END) AS base
          FROM first f ORDER BY base DESC, (f.r).number LIMIT 100
    ),
    -- The rest of the score: the declarant, the watch list, the alerts.
    scored AS (
        SELECT b.*,
               v_decl IS NOT NULL AND EXISTS (SELECT 1 FROM authorized_users a WHERE a.recordation_id = (b.r).id
                   AND a.registration_key = v_decl AND a.ended_at IS NULL) AS listed,
               (SELECT w FROM watch_list_entries w
                 WHERE w.office_id = v_office AND w.ended_at IS NULL AND p_on BETWEEN w.valid_from AND w.valid_until
                   AND (w.watched = (b.r).id::text OR w.watched = ANY (v_chapters))
                 ORDER BY w.hs_chapter NULLS FIRST, w.valid_until DESC LIMIT 1) AS watch,
               (SELECT jsonb_agg(jsonb_build_object('id', a.id, 'transport_document', a.transport_document,
                           'origin', a.origin, 'ports', to_jsonb(a.ports), 'window_from', a.window_from,
                           'window_until', a.window_until, 'note', a.note, 'created_at', a.created_at)
                           ORDER BY a.window_from, a.id)
                  FROM alerts a
                 WHERE a.recordation_id = (b.r).id AND a.status = 'active' AND a.window_until >= p_on
                   AND a.window_from <= p_on
                   AND (a.transport_document IS NULL OR v_td IS NULL OR upper(a.transport_document) = v_td)
                   AND (cardinality(a.ports) = 0 OR p_port IS NULL OR p_port = ANY (a.ports))) AS alerts
          FROM best b
    ),
    ranked AS (
        SELECT s.*, s.base + CASE WHEN s.listed THEN 0.5 ELSE 0 END + CASE WHEN (s.watch).id IS NOT NULL THEN 0.5 ELSE 0 END
                   + CASE WHEN s.alerts IS NOT NULL THEN 1 ELSE 0 END AS score
          FROM scored s ORDER BY score DESC, (s.r).number LIMIT p_limit
    )
    SELECT jsonb_build_object('date', p_on, 'port', p_port, 'items', coalesce(jsonb_agg(jsonb_build_object(
        'recordation', jsonb_build_object('id', (k.r).id, 'number', (k.r).number, 'ipr_type', (k.r).ipr_type,
            'title', (k.r).title, 'status', recordation_status_on(k.r, p_on),
            'holder', jsonb_build_object('organization_id', (k.r).organization_id, 'name', (k.r).holder_name),
            'classes', to_jsonb((k.r).classes), 'goods_scope', (k.r).goods_scope, 'hs_codes', to_jsonb((k.r).hs_codes),
            'valid_from', (k.r).valid_from, 'valid_until', (k.r).valid_until),
        'score', round(k.score::numeric, 3),
        'reasons', (SELECT coalesce(jsonb_agg(x.reason ORDER BY x.n), '[]') FROM (VALUES
            (1, CASE WHEN k.by_pc THEN jsonb_build_object('code', 'transport_document_pre_confirmed') END),
            (2, CASE WHEN k.by_alert THEN jsonb_build_object('code', 'transport_document_alert') END),
            (3, CASE WHEN k.similarity IS NOT NULL THEN jsonb_build_object('code', 'mark',
                    'similarity', round(k.similarity::numeric, 3)) END),
            (4, CASE WHEN k.hs_code IS NOT NULL THEN jsonb_build_object('code', 'hs_code', 'hs_code', k.hs_code) END),
            (5, CASE WHEN k.listed THEN jsonb_build_object('code', 'declarant_listed') END),
            (6, CASE WHEN (k.watch).id IS NOT NULL THEN jsonb_build_object('code', 'watch_list') END),
            (7, CASE WHEN k.alerts IS NOT NULL THEN jsonb_build_object('code', 'alert') END)) AS x(n, reason)
            WHERE x.reason IS NOT NULL),
        'authorized', CASE WHEN v_decl IS NULL THEN NULL
            WHEN v_goods IS NULL THEN authorization_check((k.r).id, p_declarant, p_roles, p_on, NULL, p_port)
            ELSE pre_confirmation_auto_check((k.r).id, p_declarant, p_roles, p_on, v_goods, p_port) END,
        'pre_confirmation', CASE WHEN v_td IS NOT NULL THEN (
            SELECT jsonb_build_object('id', p.id, 'number', p.number, 'status', 'confirmed',
                       'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = p.office_id),
                       'transport_document', p.transport_document, 'expected_on', p.expected_on,
                       'valid_until', p.valid_until,
                       'importer', (SELECT jsonb_build_object('name', o.name, 'registration_number',
                                        o.registration_number) FROM organizations o WHERE o.id = p.organization_id))
              FROM pre_confirmations p
             WHERE upper(p.transport_document) = v_td AND p.recordation_id = (k.r).id
               AND pre_confirmation_status_on(p, p_on) = 'confirmed'
             ORDER BY p.decided_at DESC, p.id LIMIT 1) END,
        'guide', (SELECT jsonb_build_object('href', '/v1/recordations/' || g.recordation_id || '/guide',
                      'version', g.version, 'summary', g.summary, 'distinguishing_features', g.distinguishing_features,
                      'photo_count', (SELECT count(*) FROM documents d WHERE d.guide_of = g.recordation_id),
                      'updated_at', g.updated_at)
                    FROM recordation_guides g WHERE g.recordation_id = (k.r).id),
        'alerts', coalesce(k.alerts, '[]'),
        'watched', CASE WHEN (k.watch).id IS NOT NULL THEN jsonb_build_object('id', (k.watch).id,
            'office_code', p_port, 'hs_chapter', (k.watch).hs_chapter, 'reason', (k.watch).reason,
            'valid_from', (k.watch).valid_from, 'valid_until', (k.watch).valid_until) END)
        ORDER BY k.score DESC, (k.r).number), '[]'))
      INTO v_result
      FROM ranked k;
    RETURN v_result;
END
$$;
