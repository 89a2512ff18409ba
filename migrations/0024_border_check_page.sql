-- The border check describes its page for less (issue 18, the p99 target at 64 connections):
-- border_check() of 0019 with the same answers, but
--
--   * the authorization rule is asked only of the recordations that list the declarant (the
--     `listed` probe of the score: an active entry with its registration number). For the
--     others no entry can match, and every candidate is approved and in force on p_on (each
--     branch of the candidates checks it as authorization_check does), so the answer is
--     {"recordation_valid": true, "authorized": false, "matches": []}, which is what
--     authorization_check and pre_confirmation_auto_check return for them. On the bench data
--     set three items in four are such, and each call of the rule costs some 0.1 ms (two
--     nested function calls, each starting an executor for its statements);
--   * the pre-confirmation is read only for an item found by it (by_pc: a confirmed
--     pre-confirmation valid on p_on names the transport document and the recordation, the
--     very condition of the read);
--   * the scored and page CTEs are MATERIALIZED: inlined, the page's composite columns (the
--     recordation row, the watch-list entry) were computed again for each field taken from them
--     (the watch-list entry six times an item when the port watches a chapter of the goods),
--     and the sort of `ranked` ran the three probes of `scored` a second time.
--
-- Compared item by item with 0019's function on the bench data set (bench/RESULTS.md): the same
-- answers, for about 0.55 of its PostgreSQL CPU time.

-- The border check: which approved recordations, valid on p_on, may apply to a shipment.
--
-- Candidates: with a text (the mark seen on the goods), the recordations whose title has a
-- stretch as similar as word_similarity >= p_similarity (look-alike spellings: at 0.4 "ADIBAS"
-- finds "ADIDAS"); without a text, those whose HS codes cover one of p_hs_codes and those that
-- list the declarant. Always: those named with the transport document in a confirmed
-- pre-confirmation or an active alert.
-- Ranked by a score: transport document named by a confirmed pre-confirmation +3 or by an
-- alert +3, the mark's similarity times 2, an HS code covered +1, the declarant listed +0.5,
-- on the port's watch list +0.5, an alert matching the shipment +1; then by number. The best
-- 100 by the first four are scored in full, the best p_limit described.
--
-- For each of those: the reasons, the authorization rule (authorization_check of 0004, or
-- pre_confirmation_auto_check over several HS codes) when a declarant is given, the latest
-- confirmed pre-confirmation valid on p_on for the transport document, the guide (summary,
-- features, photo count, link), the alerts matching the shipment (active on p_on, and neither
-- its transport document nor its ports contradicting the shipment's), and the port's
-- watch-list entry (of the recordation, or of a chapter of one of the HS codes).
--
-- PL/pgSQL so that each connection plans its statements once (a generic plan: see above). The
-- similarity threshold is pg_trgm's setting, which the trigram index scan reads: the function's
-- SET clause makes it the function's own, so that set_config(..., true) below ends with the call.
CREATE OR REPLACE FUNCTION border_check(p_on date, p_transport_document text, p_declarant text, p_hs_codes text[],
                             p_port text, p_text text, p_roles text[], p_limit integer, p_similarity real)
    RETURNS jsonb LANGUAGE plpgsql STABLE
    SET pg_trgm.word_similarity_threshold = 0.4 SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_q text := lower(p_text);
    v_td text := upper(p_transport_document);
    v_decl text := upper(btrim(p_declarant) COLLATE "C");
    v_prefixes text[] := border_hs_prefixes(p_hs_codes);
    v_chapters text[] := (SELECT array_agg(DISTINCT left(c, 2)) FROM unnest(p_hs_codes) c);
    v_office uuid := (SELECT f.id FROM customs_offices f WHERE f.code = p_port);
    v_goods jsonb := (SELECT jsonb_agg(jsonb_build_object('hs_code', c)) FROM unnest(p_hs_codes) c);
    -- the port's entry for a chapter of the shipment's HS codes: the same for every candidate
    v_chapter_watch watch_list_entries;
    v_result jsonb;
BEGIN
    PERFORM set_config('pg_trgm.word_similarity_threshold', p_similarity::text, true);
    SELECT w.* INTO v_chapter_watch FROM watch_list_entries w
     WHERE w.office_id = v_office AND w.ended_at IS NULL AND p_on BETWEEN w.valid_from AND w.valid_until
       AND w.watched = ANY (v_chapters)
     ORDER BY w.hs_chapter, w.valid_until DESC LIMIT 1;
    -- The candidates: id, number and HS codes (the scan's row is not carried on), each branch
    -- keeping those in force on p_on.
    WITH candidates AS (
        SELECT r.id, r.number, r.hs_codes, word_similarity(v_q, lower(r.title)) AS similarity, false AS by_pc,
               false AS by_alert
          FROM recordations r
         WHERE v_q IS NOT NULL AND r.status = 'approved' AND lower(r.title) %> v_q
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, false, false FROM recordations r
         WHERE v_q IS NULL AND v_prefixes IS NOT NULL AND r.status = 'approved' AND r.hs_codes && v_prefixes
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, false, false
          FROM authorized_users a JOIN recordations r ON r.id = a.recordation_id
         WHERE v_q IS NULL AND v_decl IS NOT NULL AND a.registration_key = v_decl AND a.ended_at IS NULL
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, true, false
          FROM pre_confirmations p JOIN recordations r ON r.id = p.recordation_id
         WHERE v_td IS NOT NULL AND upper(p.transport_document) = v_td
           AND pre_confirmation_status_on(p, p_on) = 'confirmed'
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, false, true
          FROM alerts a JOIN recordations r ON r.id = a.recordation_id
         WHERE v_td IS NOT NULL AND upper(a.transport_document) = v_td AND a.status = 'active'
           AND p_on BETWEEN a.window_from AND a.window_until
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
    ),
    matched AS (
        SELECT c.id, min(c.number) AS number, max(c.similarity) AS similarity, bool_or(c.by_pc) AS by_pc,
               bool_or(c.by_alert) AS by_alert, bool_or(c.hs_codes && v_prefixes) AS by_hs
          FROM candidates c GROUP BY c.id
    ),
    -- The cheap part of the score, for every candidate.
    best AS (
        SELECT m.*, (CASE WHEN m.by_pc THEN 3 ELSE 0 END + CASE WHEN m.by_alert THEN 3 ELSE 0 END
                     + 2 * coalesce(m.similarity, 0) + CASE WHEN m.by_hs THEN 1 ELSE 0 END) AS base
          FROM matched m ORDER BY base DESC, m.number LIMIT 100
    ),
    -- The rest of the score, for the best 100: whether the declarant is listed, the recordation
    -- watched, an alert matching; one index probe each.
    scored AS MATERIALIZED (
        SELECT b.*,
               (SELECT true FROM authorized_users a WHERE a.recordation_id = b.id
                   AND a.registration_key = v_decl AND a.ended_at IS NULL LIMIT 1) IS NOT NULL AS listed,
               v_chapter_watch.id IS NOT NULL OR (SELECT true FROM watch_list_entries w
                 WHERE w.office_id = v_office AND w.ended_at IS NULL AND p_on BETWEEN w.valid_from AND w.valid_until
                   AND w.watched = b.id::text LIMIT 1) IS NOT NULL AS watched,
               (SELECT true FROM alerts a
                 WHERE a.recordation_id = b.id AND a.status = 'active' AND a.window_until >= p_on
                   AND a.window_from <= p_on
                   AND (a.transport_document IS NULL OR v_td IS NULL OR upper(a.transport_document) = v_td)
                   AND (cardinality(a.ports) = 0 OR p_port IS NULL OR p_port = ANY (a.ports))
                 LIMIT 1) IS NOT NULL AS alerted
          FROM best b
    ),
    ranked AS (
        SELECT s.*, s.base + CASE WHEN s.listed THEN 0.5 ELSE 0 END + CASE WHEN s.watched THEN 0.5 ELSE 0 END
                   + CASE WHEN s.alerted THEN 1 ELSE 0 END AS score
          FROM scored s ORDER BY score DESC, s.number LIMIT p_limit
    ),
    -- The page: the recordation's row, the HS code covered, the watch-list entry and the alerts
    -- of each recordation shown.
    page AS MATERIALIZED (
        SELECT k.*, r,
               (SELECT h FROM unnest(r.hs_codes) h WHERE h = ANY (v_prefixes) ORDER BY length(h) DESC, h LIMIT 1)
                   AS hs_code,
               CASE WHEN k.watched THEN coalesce((SELECT w FROM watch_list_entries w
                 WHERE w.office_id = v_office AND w.ended_at IS NULL AND p_on BETWEEN w.valid_from AND w.valid_until
                   AND w.watched = k.id::text ORDER BY w.valid_until DESC LIMIT 1), v_chapter_watch) END AS watch,
               CASE WHEN k.alerted THEN (SELECT jsonb_agg(jsonb_build_object('id', a.id,
                           'transport_document', a.transport_document, 'origin', a.origin, 'ports', to_jsonb(a.ports), 'window_from', a.window_from,
                           'window_until', a.window_until, 'note', a.note, 'created_at', a.created_at)
                           ORDER BY a.window_from, a.id)
                  FROM alerts a
                 WHERE a.recordation_id = k.id AND a.status = 'active' AND a.window_until >= p_on
                   AND a.window_from <= p_on
                   AND (a.transport_document IS NULL OR v_td IS NULL OR upper(a.transport_document) = v_td)
                   AND (cardinality(a.ports) = 0 OR p_port IS NULL OR p_port = ANY (a.ports))) END AS alerts
          FROM ranked k JOIN recordations r ON r.id = k.id
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
            (6, CASE WHEN k.watched THEN jsonb_build_object('code', 'watch_list') END),
            (7, CASE WHEN k.alerted THEN jsonb_build_object('code', 'alert') END)) AS x(n, reason)
            WHERE x.reason IS NOT NULL),
        'authorized', CASE WHEN v_decl IS NULL THEN NULL
            -- not listed at all: no entry can match, and every candidate is valid on p_on
            WHEN NOT k.listed THEN '{"recordation_valid": true, "authorized": false, "matches": []}'::jsonb
            WHEN v_goods IS NULL THEN authorization_check((k.r).id, p_declarant, p_roles, p_on, NULL, p_port)
            ELSE pre_confirmation_auto_check((k.r).id, p_declarant, p_roles, p_on, v_goods, p_port) END,
        'pre_confirmation', CASE WHEN k.by_pc THEN (
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
      FROM page k;
    RETURN v_result;
END
$$;
