-- The tamper-evident log (api/log.c): every decision and every change that matters legally
-- is appended, in the transaction that makes it, as a leaf of a Merkle tree in the shape of
-- RFC 9162, and the tree's head is signed every minute as a checkpoint (a C2SP signed
-- note). A leaf gets its position in the tree from the sequencer (log_sequence below, run by
-- every daemon each second) once its transaction has committed, as Trillian's and the
-- Certificate Transparency logs' sequencers do: a position taken inside the writing
-- transaction would need one row locked until that transaction's commit, and every write of
-- the registry would queue on it (POST /v1/recordations fell from ~1,200/s to ~500/s). A history row that is changed, deleted or re-ordered behind the registry's back no
-- longer gives the leaves the signed checkpoints commit to: `iprd verify-log` finds it.
--
-- What is logged is what is written to a history table: recordation_events (transitions,
-- documents, authorized-user changes), pre_confirmation_events (filings and decisions) and
-- registry_events (below: the calendar, users disabled and enabled). One trigger on each
-- appends the row's event; a new history table (a case's, say) gets the same trigger.

-- Changes of the registry itself that have no record of their own to carry a history.
CREATE TABLE registry_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject text NOT NULL CHECK (subject ~ '^(calendar|user):[0-9a-f-]{10,36}$'),
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id),
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    reason text CHECK (length(reason) <= 2000),
    details jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);

-- The log's size: the leaves that have a position. One row, locked by the sequencer while it
-- numbers, so that the sequence has no gap and no duplicate however many daemons run one.
CREATE TABLE log_head (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    size bigint NOT NULL CHECK (size >= 0)
);
INSERT INTO log_head VALUES (true, 0);

-- The leaves: the event of a history row (log_event below), its position, and its leaf hash
-- SHA-256(0x00 || its RFC 8785 canonical form), set by the checkpointer. Written only by the
-- sequencer, never changed but for the hash.
CREATE TABLE log_entries (
    seq bigint PRIMARY KEY CHECK (seq >= 0),
    source text NOT NULL,
    source_id bigint NOT NULL,
    event jsonb NOT NULL CHECK (jsonb_typeof(event) = 'object'),
    leaf_hash bytea CHECK (length(leaf_hash) = 32),
    UNIQUE (source, source_id)
);

-- The leaves appended by committed (or still running) transactions that the sequencer has
-- not numbered yet, in the order they were appended.
CREATE TABLE log_queue (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source text NOT NULL,
    source_id bigint NOT NULL,
    event jsonb NOT NULL CHECK (jsonb_typeof(event) = 'object')
);

-- The hashes of the tree's complete subtrees above the leaves (2^level leaves from
-- idx * 2^level on), kept by the checkpointer so that a proof reads O(log^2 n) of them.
CREATE TABLE log_nodes (
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
    idx bigint NOT NULL CHECK (idx >= 0),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- The signed checkpoints: one per period (a minute by default) however many daemons run.
CREATE TABLE log_checkpoints (
    period timestamptz PRIMARY KEY,
    size bigint NOT NULL CHECK (size >= 0),
    root bytea NOT NULL CHECK (length(root) = 32),
    note text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX log_checkpoints_size ON log_checkpoints (size);

-- The event of a history row (as to_jsonb gives it): what the leaf holds, and what
-- verify-log computes again from the row. Instants in UTC to the microsecond, so that the
-- event does not depend on the session's time zone.
CREATE FUNCTION log_event(source text, r jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('source', source, 'id', r->'id',
        'subject', coalesce(r->>'recordation_id', r->>'pre_confirmation_id', r->>'case_id', r->>'subject'),
        'at', to_char((r->>'at')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', r->'actor_user_id', 'action', r->'action', 'from', r->'from_status', 'to', r->'to_status',
        'reason', r->'reason', 'details', r->'details')
$$;

-- One statement's new history rows, appended in id order, in the writing transaction. Nothing
-- here is shared between writers: they do not wait for each other.
CREATE FUNCTION log_append() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO log_queue (source, source_id, event)
        SELECT TG_TABLE_NAME, r.id, log_event(TG_TABLE_NAME, to_jsonb(r)) FROM new_rows r ORDER BY r.id;
    RETURN NULL;
END
$$;

-- The sequencer: the committed leaves of the queue move to the log with the next positions,
-- in the order they were appended. The head's row lock makes sequencers (one per daemon)
-- take turns; each statement of a function in READ COMMITTED sees what committed before it
-- began, so the leaves moved are exactly those committed when the lock was had (and those a
-- sequencer before this one moved are gone from the queue). Returns the log's size.
CREATE FUNCTION log_sequence() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
    c bigint;
BEGIN
    -- idle: no lock taken, no transaction id used (every daemon asks every second)
    IF NOT EXISTS (SELECT FROM log_queue) THEN
        RETURN (SELECT size FROM log_head);
    END IF;
    SELECT size INTO n FROM log_head FOR UPDATE;
    WITH q AS (DELETE FROM log_queue RETURNING id, source, source_id, event)
    INSERT INTO log_entries (seq, source, source_id, event)
        SELECT n + row_number() OVER (ORDER BY q.id) - 1, q.source, q.source_id, q.event FROM q;
    GET DIAGNOSTICS c = ROW_COUNT;
    IF c > 0 THEN
        UPDATE log_head SET size = n + c;
    END IF;
    RETURN n + c;
END
$$;

CREATE TRIGGER recordation_events_logged AFTER INSERT ON recordation_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_append();
CREATE TRIGGER pre_confirmation_events_logged AFTER INSERT ON pre_confirmation_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_append();
CREATE TRIGGER registry_events_logged AFTER INSERT ON registry_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_append();

-- Every history row, by source: what verify-log compares the leaves with.
CREATE VIEW log_sources AS
    SELECT 'recordation_events' AS source, e.id, to_jsonb(e) AS r FROM recordation_events e
    UNION ALL SELECT 'pre_confirmation_events', e.id, to_jsonb(e) FROM pre_confirmation_events e
    UNION ALL SELECT 'registry_events', e.id, to_jsonb(e) FROM registry_events e;

-- The history written before this migration starts the log, oldest first.
INSERT INTO log_entries (seq, source, source_id, event)
    SELECT row_number() OVER (ORDER BY (s.r->>'at')::timestamptz, s.source, s.id) - 1, s.source, s.id,
           log_event(s.source, s.r)
      FROM log_sources s;
UPDATE log_head SET size = (SELECT count(*) FROM log_entries);
