-- Events leave the write's statement: a change appends one small row to an outbox in its own
-- transaction, and a relay in the daemons turns the committed rows into the events of 0015
-- (one per audience, with the subject and the actor as they are then, and their webhook
-- deliveries), up to a thousand at a time, every 200 ms (api/events.c).
--
-- Why. Building the event inside the write (its subject, its actor, its audiences with the
-- holder's agents, one row per audience in a table of five indexes and four regular-expression
-- checks, its deliveries) cost a draft (POST /v1/recordations) ~0.26 ms of CPU on top of 0.66
-- (bench/outbox: 0.72 of its rate without the event). Measured one statement at a time on
-- 1,000 events: the outbox row costs the write one heap row and one index entry; the relay
-- builds an event in ~35 us and writes it in ~8 us once events lose what cost the most:
--   * the CHECKs with regular expressions (~15 us a row: PostgreSQL's regex engine builds its
--     automaton's states again on every call). Only event_emit_rows writes events, from types
--     in api/events.c and audiences that its callers build: plain checks are kept instead;
--   * the UNIQUE index on the random id (~9 us a row, a random place in a large index):
--     nothing looks an event up by its id, and ids are gen_random_uuid().
--
-- What does not change: an event exists if and only if its change committed (the outbox row
-- is written in the change's transaction and deleted in the relay's, which writes the events:
-- a daemon that dies before or during a relay leaves the rows to the next one); the feed's
-- order and rule (0015) apply to the events the relay writes, so no reader skips one. An event
-- reaches the feed up to ~200 ms later than before, and its subject is the record as it is
-- then (an event's own data, to_status, reason, is the change's). The outbox row of a record
-- deleted before the relay took it (a draft deleted at once) gives no event. Time-driven
-- events (api/scheduler.c) are written by event_emit directly, as before: their once-only rule
-- needs the events themselves.
CREATE TABLE event_outbox (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL,       -- the subject's kind: its table kind || 's', its <kind>_event_subject and <kind>_audiences
    type text NOT NULL,
    subject_id uuid NOT NULL,
    actor_user_id uuid,
    data jsonb
) WITH (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0);

ALTER TABLE events DROP CONSTRAINT events_id_key,
    DROP CONSTRAINT events_audience_check, DROP CONSTRAINT events_type_check,
    DROP CONSTRAINT events_subject_type_check, DROP CONSTRAINT events_data_check,
    ADD CONSTRAINT events_audience_check CHECK (audience = 'hq' OR left(audience, 4) = 'org:' OR left(audience, 7) = 'office:'),
    ADD CONSTRAINT events_type_check CHECK (strpos(type, '.') > 1);

-- Alerts' audiences do not depend on the type: the relay calls every kind's with it.
CREATE FUNCTION alert_audiences(a alerts, type text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT alert_audiences(a)
$$;

-- An event to append: its place among the others, type, subject, audiences, data, occasion.
CREATE TYPE event_draft AS (ord bigint, type text, subject jsonb, audiences text[], data jsonb, occasion date);

-- Appends the events of drafts in their order: a row for each audience (NULLs and repeats
-- ignored), a time-driven one (occasion given) only once, and a delivery for each enabled
-- endpoint of an organization audience that wants the type. Returns the rows written.
CREATE FUNCTION event_emit_rows(drafts event_draft[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    written integer;
BEGIN
    WITH n AS (
        INSERT INTO events (audience, type, subject_type, subject_id, occasion, data)
        SELECT a.audience, d.type, d.subject->>'type', (d.subject->>'id')::uuid, d.occasion,
               jsonb_build_object('subject', d.subject) || coalesce(d.data, '{}')
          FROM unnest(drafts) d,
               LATERAL (SELECT DISTINCT x AS audience FROM unnest(d.audiences) x WHERE x IS NOT NULL) a
         ORDER BY d.ord, a.audience
        ON CONFLICT (subject_id, type, occasion, audience) WHERE occasion IS NOT NULL DO NOTHING
        RETURNING seq, audience, type),
    d AS (
        INSERT INTO webhook_deliveries (endpoint_id, event_seq)
        SELECT w.id, n.seq FROM n JOIN webhook_endpoints w
            ON w.organization_id = CASE WHEN n.audience LIKE 'org:%' THEN substr(n.audience, 5)::uuid END
         WHERE w.disabled_at IS NULL AND (cardinality(w.event_types) = 0 OR n.type = ANY (w.event_types)))
    SELECT count(*)::integer INTO written FROM n;
    RETURN written;
END
$$;

-- (PL/pgSQL, as in 0022: a LANGUAGE sql function that cannot be inlined is planned on every call.)
CREATE OR REPLACE FUNCTION event_emit(p_type text, p_subject jsonb, p_audiences text[], p_data jsonb, p_occasion date)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    RETURN event_emit_rows(ARRAY[ROW(0, p_type, p_subject, p_audiences, p_data, p_occasion)::event_draft]);
END
$$;

-- Turns up to p_limit rows of the outbox, oldest first, into their events; returns how many
-- rows it took. One relay at a time: a daemon that finds another's running returns 0 at once
-- (that one takes the rows).
CREATE FUNCTION events_relay(p_limit integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    taken event_outbox[];
    kind text;
    part event_draft[];
    drafts event_draft[] := '{}';
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('iprd events_relay')) THEN
        RETURN 0;
    END IF;
    WITH o AS (DELETE FROM event_outbox WHERE seq IN (SELECT seq FROM event_outbox ORDER BY seq LIMIT p_limit)
               RETURNING *)
    SELECT array_agg(o ORDER BY o.seq) INTO taken FROM o;
    IF taken IS NULL THEN
        RETURN 0;
    END IF;
    FOR kind IN SELECT DISTINCT t.kind FROM unnest(taken) t LOOP
        EXECUTE format('SELECT array_agg(ROW(o.seq, o.type, %1$I(x), %2$I(x, o.type),'
                       '       coalesce(o.data, ''{}'') || jsonb_build_object(''actor'', event_actor(o.actor_user_id)),'
                       '       NULL)::event_draft)'
                       '  FROM unnest($1) o JOIN %3$I x ON x.id = o.subject_id WHERE o.kind = $2',
                       kind || '_event_subject', kind || '_audiences', kind || 's')
          INTO part USING taken, kind;
        drafts := drafts || coalesce(part, '{}');
    END LOOP;
    PERFORM event_emit_rows(drafts);
    RETURN cardinality(taken);
END
$$;
