-- Events: what happened that an organization or a customs office should hear of, written in
-- the transaction of the change that caused it (a transactional outbox: an event exists if
-- and only if its change committed). The feed (GET /v1/events) reads them in order; webhooks
-- deliver them.
--
-- One row per audience: the event as one audience receives it.
--   org:<organization id>   the users (and the webhooks) of an organization
--   office:<office id>      the officers of a customs office
--   hq                      the officers of every headquarters office
--
-- Order. A feed must never skip an event that commits late: identity values are taken when
-- rows are inserted, not when their transactions commit, so "id > last seen" would lose an
-- event whose transaction took an id, then committed after a later one had been read. Each
-- row carries its transaction's id (tx), and a reader returns only rows of transactions older
-- than every transaction still running (tx < the snapshot's xmin), in (tx, seq) order: any
-- row that becomes visible later has a larger tx than every row already returned.
--
-- Time-driven events (a renewal window that opened, a deadline passed) are produced by a
-- scheduler in every daemon; `occasion` (the date they are about) makes each one unique per
-- audience, type and subject, so that several daemons insert it once (ON CONFLICT DO NOTHING).

CREATE TABLE events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
    audience text NOT NULL CHECK (audience = 'hq' OR audience ~ '^(org|office):[0-9a-f-]{36}$'),
    type text NOT NULL CHECK (type ~ '^[a-z_]{1,40}\.[a-z_]{1,60}$'),
    subject_type text NOT NULL CHECK (subject_type ~ '^[a-z_]{1,40}$'),
    subject_id uuid NOT NULL,
    occasion date,
    at timestamptz NOT NULL DEFAULT now(),
    data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object')
);
CREATE INDEX events_feed ON events (audience, tx, seq);
CREATE UNIQUE INDEX events_once ON events (subject_id, type, occasion, audience) WHERE occasion IS NOT NULL;

-- What the scheduler scans on every round: validities that end, decisions that are late.
CREATE INDEX recordations_valid_until ON recordations (valid_until) WHERE status = 'approved';
CREATE INDEX pre_confirmations_pending_due ON pre_confirmations (due_on) WHERE status = 'submitted';

-- Appends an event for each audience (NULLs and repeats ignored); a time-driven one
-- (occasion given) only once. Returns how many rows were written.
CREATE FUNCTION event_emit(p_type text, p_subject jsonb, p_audiences text[], p_data jsonb, p_occasion date)
RETURNS integer LANGUAGE sql AS $$
    WITH n AS (
        INSERT INTO events (audience, type, subject_type, subject_id, occasion, data)
        SELECT DISTINCT a, p_type, p_subject->>'type', (p_subject->>'id')::uuid, p_occasion,
               jsonb_build_object('subject', p_subject) || coalesce(p_data, '{}')
          FROM unnest(p_audiences) a WHERE a IS NOT NULL
        ON CONFLICT (subject_id, type, occasion, audience) WHERE occasion IS NOT NULL DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM n
$$;

-- The users of a change, for an event's data: who did it (NULL: the registry itself), and the
-- organization it acted from (an agent's for its client, say; NULL for officers).
CREATE FUNCTION event_actor(u uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('user_id', x.id, 'full_name', x.full_name, 'role', x.role,
                              'organization', api_organization_ref(x.organization_id))
      FROM users x WHERE x.id = u
$$;

-- A waiting feed reader hears of new events: one notification per audience written, sent
-- when (and only if) the transaction commits (db/listen.h's channel, topic "event").
CREATE FUNCTION events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('iprd_changes', 'event:' || a) FROM (SELECT DISTINCT audience AS a FROM new_events) s;
    RETURN NULL;
END
$$;
CREATE TRIGGER events_inserted AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION events_inserted();

-- The API's representation of an event (the feed's items and the webhooks' payloads, in the
-- shape of the Standard Webhooks specification: type, timestamp, data).
CREATE FUNCTION api_event(e events) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('id', e.id, 'type', e.type, 'timestamp', e.at, 'data', e.data)
$$;

-- ---- what each kind of record says of itself in an event, and who hears of it

CREATE FUNCTION recordation_event_subject(r recordations) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('type', 'recordation', 'id', r.id, 'number', r.number, 'title', r.title,
        'status', r.status, 'due_on', r.due_on, 'valid_until', r.valid_until,
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name))
$$;

-- The holder hears of everything that concerns its recordation but the officers' own
-- reminders; headquarters of what enters or leaves its queue, and of those reminders.
-- The agents acting for holder (migration 0014) that a mandate in force today lets act on every
-- recordation listed (with `action`, or any power when NULL): they hear of what their client
-- hears of those records. Today is the database's date (UTC), as near as an event needs.
CREATE FUNCTION holder_agents(holder uuid, recordations uuid[], action text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT 'org:' || m.agent_id), '{}') FROM mandates m
     WHERE m.holder_id = holder AND m.status = 'accepted' AND cardinality(recordations) > 0
       AND (SELECT bool_and(mandate_permits(m.agent_id, holder, x, action, current_date)) FROM unnest(recordations) x)
$$;

CREATE FUNCTION recordation_audiences(r recordations, type text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY[CASE WHEN type <> 'recordation.overdue' THEN 'org:' || r.organization_id END,
                 CASE WHEN type IN ('recordation.submitted', 'recordation.withdrawn', 'recordation.cancelled',
                                    'recordation.renewal_submitted', 'recordation.overdue') THEN 'hq' END]
           || CASE WHEN type <> 'recordation.overdue' THEN holder_agents(r.organization_id, ARRAY[r.id], NULL)
                   ELSE '{}' END
$$;

CREATE FUNCTION pre_confirmation_event_subject(p pre_confirmations) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('type', 'pre_confirmation', 'id', p.id, 'number', p.number, 'status', p.status,
        'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = p.office_id),
        'recordation_number', (SELECT r.number FROM recordations r WHERE r.id = p.recordation_id),
        'transport_document', p.transport_document, 'due_on', p.due_on, 'valid_until', p.valid_until)
$$;

-- The requester and the holder of the recordation it names; the port's officers of what
-- enters or leaves their queue, and of an overdue request (the requester is not reminded of
-- customs' own lateness).
CREATE FUNCTION pre_confirmation_audiences(p pre_confirmations, type text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY[CASE WHEN type <> 'pre_confirmation.overdue' THEN 'org:' || p.organization_id END,
                 CASE WHEN type <> 'pre_confirmation.overdue' THEN
                      (SELECT 'org:' || r.organization_id FROM recordations r WHERE r.id = p.recordation_id) END,
                 CASE WHEN type IN ('pre_confirmation.submitted', 'pre_confirmation.withdrawn',
                                    'pre_confirmation.overdue') THEN 'office:' || p.office_id END]
           || CASE WHEN type <> 'pre_confirmation.overdue' THEN
                   (SELECT holder_agents(r.organization_id, ARRAY[r.id], NULL) FROM recordations r
                     WHERE r.id = p.recordation_id) ELSE '{}' END
$$;

-- An alert (migration 0010): the holder hears of its own alerts, and customs of what it is told
-- to expect: headquarters, and the ports named (every port when the alert names none).
CREATE FUNCTION alert_event_subject(a alerts) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('type', 'alert', 'id', a.id, 'status', a.status,
        'recordation', jsonb_build_object('id', r.id, 'number', r.number, 'title', r.title),
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name),
        'transport_document', a.transport_document, 'ports', to_jsonb(a.ports),
        'window_from', a.window_from, 'window_until', a.window_until)
      FROM recordations r WHERE r.id = a.recordation_id
$$;

CREATE FUNCTION alert_audiences(a alerts) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY['org:' || a.organization_id, 'hq']
           || coalesce((SELECT array_agg('office:' || f.id ORDER BY f.code) FROM customs_offices f
                         WHERE f.kind = 'port' AND (cardinality(a.ports) = 0 OR f.code = ANY (a.ports))), '{}')
$$;

-- A suspect-goods case (migration 0013): the holder of the recordations it names hears of all
-- but the officers' own reminder (a deadline today); the port that holds the goods of all but
-- the holder's (an answer due tomorrow). The subject never names the shipment's parties, which
-- the holder sees only once it asked for detention.
CREATE FUNCTION case_event_subject(c cases) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('type', 'case', 'id', c.id, 'number', c.number, 'status', c.status,
        'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = c.office_id),
        'transport_document', c.transport_document,
        'recordation_numbers', coalesce((SELECT jsonb_agg(r.number ORDER BY x.position) FROM case_recordations x
                                          JOIN recordations r ON r.id = x.recordation_id WHERE x.case_id = c.id), '[]'),
        'response_due_on', c.response_due_on, 'investigation_due_on', c.investigation_due_on)
$$;

CREATE FUNCTION case_audiences(c cases, type text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY[CASE WHEN type <> 'case.deadline_today' THEN 'org:' || c.holder_id END,
                 CASE WHEN type <> 'case.answer_due_tomorrow' THEN 'office:' || c.office_id END]
           || CASE WHEN type <> 'case.deadline_today' THEN
                   holder_agents(c.holder_id, ARRAY(SELECT x.recordation_id FROM case_recordations x
                                                     WHERE x.case_id = c.id), 'answer_cases') ELSE '{}' END
$$;

-- A mandate (migration 0014): the holder that grants it and the agent that receives it.
CREATE FUNCTION mandate_event_subject(m mandates) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('type', 'mandate', 'id', m.id, 'status', m.status,
        'holder', jsonb_build_object('organization_id', m.holder_id,
                                     'name', (SELECT o.name FROM organizations o WHERE o.id = m.holder_id)),
        'agent', jsonb_build_object('organization_id', m.agent_id,
                                    'name', (SELECT o.name FROM organizations o WHERE o.id = m.agent_id)),
        'all_recordations', m.all_recordations, 'actions', to_jsonb(m.actions),
        'valid_from', m.valid_from, 'valid_until', m.valid_until)
$$;

CREATE FUNCTION mandate_audiences(m mandates, type text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['org:' || m.holder_id, 'org:' || m.agent_id]
$$;
