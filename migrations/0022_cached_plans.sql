-- Functions planned once per connection instead of on every call.
--
-- PostgreSQL 15 plans the body of a LANGUAGE sql function again at every call unless it can
-- inline it into the calling statement, which it does only for a body that is one SELECT of
-- expressions (no FROM, no sub-select, no aggregate) whose functions are not more volatile than
-- the function is declared. Measured on a prepared POST /v1/recordations statement (2,000
-- runs; backend CPU from /proc; perf): 34-39 % of the backend's time went to parsing and
-- planning function bodies. Per call: recordation_agent 0.20 ms, in api_recordation (every
-- read and write of a recordation); log_event 0.09 ms (every logged write); the event's
-- subject, actor and audiences 0.22 ms (every write that announces an event).
--
-- 1. Declared IMMUTABLE around jsonb_build_object, to_char or text || uuid, which are STABLE:
--    never inlined. They are STABLE (they depend on the session's settings) and now inlined.
--    None is used in an index.
ALTER FUNCTION recordation_event_subject(recordations) STABLE;
ALTER FUNCTION api_event(events) STABLE;
ALTER FUNCTION api_register_item(recordations) STABLE;
ALTER FUNCTION api_webhook_endpoint(webhook_endpoints) STABLE;
ALTER FUNCTION vc_instant(timestamptz) STABLE;
ALTER FUNCTION vc_status_entry(text, bigint) STABLE;
ALTER FUNCTION case_party(jsonb) STABLE;
ALTER FUNCTION mandate_audiences(mandates, text) STABLE;

-- 2. The functions that read a table, hold a sub-select or aggregate (and log_event, whose
--    one row argument inlining would convert to JSON once for each of its 15 uses) become
--    PL/pgSQL, which keeps its plans for the session: the same statement, returned. Names
--    resolve as in SQL functions (a column before a parameter). The border check's helpers
--    (migration 0019) are left to it.
--    A later migration that replaces one of these functions writes it in PL/pgSQL.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        -- events: subjects, audiences, the actor
        'api_organization_ref(uuid)', 'event_actor(uuid)', 'pre_confirmation_event_subject(pre_confirmations)',
        'pre_confirmation_audiences(pre_confirmations, text)', 'alert_event_subject(alerts)',
        'alert_audiences(alerts)', 'case_event_subject(cases)', 'case_audiences(cases, text)',
        'mandate_event_subject(mandates)', 'log_event(text, jsonb)',
        -- mandates
        'mandate_permits(uuid, uuid, uuid, text, date)', 'case_mandate_permits(uuid, uuid, uuid, text, date)',
        -- the API's representations
        'recordation_agent(uuid)', 'api_agent(agent_registrations)', 'api_alert(alerts, date)',
        'api_case(cases, date, boolean)', 'api_document(documents)', 'api_guide(uuid, recordation_guides)',
        'api_history_entry(timestamptz, text, text, text, text, uuid, jsonb)',
        'api_history_entry(timestamptz, text, text, text, text, uuid, jsonb, uuid, uuid)',
        'api_mandate(mandates, date)', 'api_organization(organizations)',
        'api_pre_confirmation(pre_confirmations, date)', 'api_user(users)', 'api_user_ref(uuid)',
        'api_watch_list_entry(watch_list_entries, date)', 'api_webhook_delivery(webhook_deliveries)',
        -- input read from JSON
        'recordation_class_array(jsonb)', 'recordation_text_array(jsonb)', 'recordation_parties(jsonb)',
        'pre_confirmation_goods(jsonb)', 'case_goods(jsonb, numeric[])', 'text_array_all_match(text[], text)',
        'pre_confirmation_auto_check(uuid, text, text[], date, jsonb, text)']::regprocedure[]
    LOOP
        EXECUTE (SELECT format('CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql %s AS %L',
                               f::oid::regproc, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
                               CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END,
                               E'#variable_conflict use_column\nBEGIN\n    RETURN ('
                               || rtrim(btrim(p.prosrc, E' \n\t'), ';') || E');\nEND\n')
                   FROM pg_proc p
                  WHERE p.oid = f AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
                    AND NOT p.proretset AND NOT p.prosecdef AND p.proconfig IS NULL);
    END LOOP;
END
$$;
