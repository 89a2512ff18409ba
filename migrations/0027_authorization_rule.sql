-- The authorization rule (0004's authorization_check) written once as a function PostgreSQL
-- inlines into the statement that calls it.
--
-- authorization_check is PL/pgSQL (0022: a SQL function that cannot be inlined is planned at
-- every call), so the hot GET /v1/authorizations/check ran it as a function call with two
-- queries of its own: each check started three executors, and the matches' query was planned
-- again at every call (a custom plan for its parameters). Profiled on one backend (pgbench,
-- pipelined): 58 % of the check's time in PL/pgSQL, 23 % starting executors, 12 % in the plan
-- cache and planner.
--
-- A LANGUAGE sql function that returns a set, is STABLE and is one SELECT is inlined where it
-- stands in a FROM clause (unlike one that returns a scalar): its SELECT becomes a sub-query of
-- the caller, planned with it once per prepared statement. authorization_rule is that function;
-- the check's statement calls it in FROM (LATERAL), and iprd sends one statement for several
-- checks of a loop's turn (server/db/pipeline.c), whose executor starts once for all of them.
-- authorization_check keeps its signature for its other callers (the border check, the
-- pre-confirmation's automatic check) and answers what the rule answers.
--
-- The two parts are aggregates in FROM, so that each is computed once though the answer names
-- it twice (a simple sub-select would be pulled up and its expression copied).
CREATE FUNCTION authorization_rule(p_recordation uuid, p_registration_number text, p_roles text[], p_on date,
                                   p_hs_code text, p_port text)
RETURNS TABLE (answer jsonb) LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('recordation_valid', v.valid, 'authorized', v.valid AND m.matches <> '[]',
                              'matches', m.matches)
      FROM (SELECT coalesce(bool_or(recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from), false)
              FROM recordations r WHERE r.id = p_recordation) AS v(valid),
           (SELECT coalesce(jsonb_agg(api_authorized_user(a) ORDER BY a.name, a.registration_number, a.id), '[]')
              FROM authorized_users a
             WHERE a.recordation_id = p_recordation AND a.ended_at IS NULL
               AND a.registration_key = upper(btrim(p_registration_number) COLLATE "C")
               AND (p_roles IS NULL OR a.roles && p_roles)
               AND (a.valid_from IS NULL OR a.valid_from <= p_on)
               AND (a.valid_until IS NULL OR a.valid_until >= p_on)
               AND (cardinality(a.hs_codes) = 0
                    OR EXISTS (SELECT 1 FROM unnest(a.hs_codes) AS h(code) WHERE starts_with(p_hs_code, h.code)))
               AND (cardinality(a.ports) = 0 OR p_port = ANY (a.ports))) AS m(matches)
$$;

CREATE OR REPLACE FUNCTION authorization_check(p_recordation uuid, p_registration_number text, p_roles text[],
                                               p_on date, p_hs_code text, p_port text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT c.answer FROM authorization_rule(p_recordation, p_registration_number, p_roles, p_on,
                                                    p_hs_code, p_port) AS c);
END
$$;
