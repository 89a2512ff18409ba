-- Events no longer NOTIFY, and agents hear of their clients' events on the registry's date.
--
-- A NOTIFY in a transaction takes, at its commit, a lock that every notifying transaction of
-- the cluster waits for, held until the commit record is flushed
-- (PostgreSQL's async.c: queue entries in commit order). With one NOTIFY per event, every write
-- that announced something committed one at a time behind the others' disk flushes:
-- POST /v1/recordations ran at 0.27-0.30 of its rate without events (bench/outbox), 0.7 once
-- the NOTIFYs were left out alone.
--
-- Instead each daemon watches the events table (api/events.c): every 200 ms it reads the rows
-- committed since its mark, in the feed's (tx, seq) order and under the feed's rule (only
-- transactions older than every one still running), and wakes the feed's waiting readers of
-- their audiences and its webhook workers. This index serves that read (index-only: the
-- audience is included).
CREATE INDEX events_order ON events (tx, seq) INCLUDE (audience);

-- The deliveries of each event to the enabled endpoints of its organization that want its type
-- are written by event_emit itself (the one writer of events) instead of 0016's statement
-- trigger, which also sent the NOTIFYs; its endpoints are found by the organization's index.
-- event_emit and holder_agents are PL/pgSQL: PostgreSQL 15 plans the statements of a
-- non-inlined SQL function again on every call, PL/pgSQL keeps its plans for the session
-- (measured in a loop of 2,000 calls: event_emit 0.47-1.0 ms -> 0.14-0.32 ms; a recordation's
-- audiences 0.17 -> 0.03 ms).
DROP TRIGGER events_inserted ON events;
DROP FUNCTION events_inserted();

CREATE OR REPLACE FUNCTION event_emit(p_type text, p_subject jsonb, p_audiences text[], p_data jsonb, p_occasion date)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    written integer;
BEGIN
    WITH n AS (
        INSERT INTO events (audience, type, subject_type, subject_id, occasion, data)
        SELECT DISTINCT a, p_type, p_subject->>'type', (p_subject->>'id')::uuid, p_occasion,
               jsonb_build_object('subject', p_subject) || coalesce(p_data, '{}')
          FROM unnest(p_audiences) a WHERE a IS NOT NULL
        ON CONFLICT (subject_id, type, occasion, audience) WHERE occasion IS NOT NULL DO NOTHING
        RETURNING seq, audience),
    d AS (
        INSERT INTO webhook_deliveries (endpoint_id, event_seq)
        SELECT w.id, n.seq FROM n JOIN webhook_endpoints w
            ON w.organization_id = CASE WHEN n.audience LIKE 'org:%' THEN substr(n.audience, 5)::uuid END
         WHERE w.disabled_at IS NULL AND (cardinality(w.event_types) = 0 OR p_type = ANY (w.event_types)))
    SELECT count(*)::integer INTO written FROM n;
    RETURN written;
END
$$;

-- The registry's date in SQL: today in its time zone (IPR_TIMEZONE, which each daemon's
-- connections carry as iprd.timezone; UTC elsewhere, as in psql). holder_agents took
-- current_date, the UTC date: from 16:00 UTC (Asia/Shanghai's midnight) a mandate valid from
-- the registry's today was not yet in force by it, and its agent heard of none of its client's
-- events until UTC midnight.
CREATE FUNCTION registry_today() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE coalesce(nullif(current_setting('iprd.timezone', true), ''), 'UTC'))::date
$$;

CREATE OR REPLACE FUNCTION holder_agents(holder uuid, recordations uuid[], action text) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce(array_agg(DISTINCT 'org:' || m.agent_id), '{}') FROM mandates m
             WHERE m.holder_id = holder AND m.status = 'accepted' AND cardinality(recordations) > 0
               AND (SELECT bool_and(mandate_permits(m.agent_id, holder, x, action, registry_today()))
                      FROM unnest(recordations) x));
END
$$;
