-- Recordations: rights holders' filings of one right each with customs, their life cycle
-- (draft -> submitted -> approved | rejected | information_requested ...), the numbers
-- customs assigns, and the history of every change.
--
-- The status column holds the stored states; `expired` is derived when read (approved,
-- past valid_until, no renewal under review) by recordation_status_on(). Deadlines
-- (due_on, renewal_due_on) are computed in C by the one working-day rule and stored.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE recordations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    holder_name text NOT NULL,                  -- copied from the organization, for search
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'information_requested',
        'approved', 'rejected', 'withdrawn', 'revoked', 'cancelled')),

    ipr_type text NOT NULL CHECK (ipr_type IN ('trademark', 'copyright', 'patent', 'olympic_symbol',
        'world_expo_symbol')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    registration_number text CHECK (length(registration_number) BETWEEN 1 AND 64),
    registration_authority text CHECK (length(registration_authority) BETWEEN 1 AND 200),
    right_expires_on date,
    classes smallint[] NOT NULL DEFAULT '{}' CHECK (cardinality(classes) <= 45 AND 1 <= ALL (classes)
        AND 45 >= ALL (classes)),
    goods_scope text CHECK (length(goods_scope) BETWEEN 1 AND 4000),
    hs_codes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(hs_codes) <= 100),
    licensing_status text CHECK (licensing_status IN ('not_licensed', 'licensed_exclusive',
        'licensed_non_exclusive', 'licensed_sole')),
    description text CHECK (length(description) <= 4000),
    genuine_manufacturers jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(genuine_manufacturers) = 'array'
        AND jsonb_array_length(genuine_manufacturers) <= 100),
    main_ports text[] NOT NULL DEFAULT '{}' CHECK (cardinality(main_ports) <= 50),
    known_infringers jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(known_infringers) = 'array'
        AND jsonb_array_length(known_infringers) <= 100),

    number text UNIQUE CHECK (number ~ '^[TCPOE][0-9]{4}-[0-9]{6}$'),
    submitted_at timestamptz,
    received_on date,
    due_on date,                                -- decision deadline, while submitted
    paused_working_days_left integer CHECK (paused_working_days_left >= 0),
    valid_from date,
    valid_until date,                           -- inclusive

    renewal_status text CHECK (renewal_status IN ('submitted', 'approved', 'rejected')),
    renewal_submitted_at timestamptz,
    renewal_due_on date,
    renewal_decided_at timestamptz,
    renewal_reason text CHECK (length(renewal_reason) BETWEEN 1 AND 2000),
    renewal_note text CHECK (length(renewal_note) BETWEEN 1 AND 2000),
    renewal_right_expires_on date,

    last_reason text CHECK (length(last_reason) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),

    -- The officers' queue: the decision or renewal deadline that is running, if any.
    queue_on date GENERATED ALWAYS AS (coalesce(due_on,
        CASE WHEN renewal_status = 'submitted' THEN renewal_due_on END)) STORED,
    -- What `q` searches, lower-cased once (pg_trgm index below).
    search_text text GENERATED ALWAYS AS (lower(title || ' ' || holder_name || ' ' || coalesce(goods_scope, '')
        || ' ' || coalesce(number, '') || ' ' || coalesce(registration_number, ''))) STORED,

    -- What the C code checks, backed here.
    CONSTRAINT recordations_classes_trademark CHECK (ipr_type = 'trademark' OR cardinality(classes) = 0),
    CONSTRAINT recordations_due_while_submitted CHECK ((status = 'submitted') = (due_on IS NOT NULL)),
    CONSTRAINT recordations_paused_while_information_requested
        CHECK ((status = 'information_requested') = (paused_working_days_left IS NOT NULL)),
    CONSTRAINT recordations_submitted_has_receipt CHECK (status = 'draft' OR status = 'withdrawn'
        OR (submitted_at IS NOT NULL AND received_on IS NOT NULL)),
    CONSTRAINT recordations_number_once_approved CHECK ((number IS NOT NULL)
        = (status IN ('approved', 'revoked', 'cancelled'))),
    CONSTRAINT recordations_validity CHECK ((number IS NULL) = (valid_from IS NULL)
        AND (valid_from IS NULL) = (valid_until IS NULL) AND valid_until >= valid_from
        AND valid_until <= right_expires_on),
    CONSTRAINT recordations_renewal_of_approved CHECK (renewal_status IS NULL OR number IS NOT NULL),
    CONSTRAINT recordations_renewal_complete CHECK (renewal_status IS NULL
        OR (renewal_submitted_at IS NOT NULL AND renewal_due_on IS NOT NULL
            AND (renewal_status = 'submitted') = (renewal_decided_at IS NULL)))
);

-- Holders' listing (newest first), the officers' queue (deadline first), the register
-- (by number), and text search.
CREATE INDEX recordations_holder ON recordations (organization_id, created_at DESC, id DESC);
CREATE INDEX recordations_queue ON recordations ((coalesce(queue_on, 'infinity'::date)), created_at, id);
CREATE INDEX recordations_register ON recordations (number) WHERE status = 'approved';
CREATE INDEX recordations_search ON recordations USING gin (search_text gin_trgm_ops);

-- Numbers: one sequence per prefix and year, advanced in the approval transaction.
CREATE TABLE recordation_counters (
    prefix text NOT NULL CHECK (prefix ~ '^[TCPOE]$'),
    year integer NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    last_value bigint NOT NULL CHECK (last_value BETWEEN 1 AND 999999),
    PRIMARY KEY (prefix, year)
);

-- The history of a recordation: every transition, and every change of what hangs off it
-- (documents, authorized users) written by those resources. Generic on purpose.
CREATE TABLE recordation_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recordation_id uuid NOT NULL REFERENCES recordations (id),
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id),  -- NULL: the registry itself
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    from_status text,                          -- NULL when the status did not change
    to_status text,
    reason text CHECK (length(reason) <= 2000),
    details jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);
CREATE INDEX recordation_events_recordation ON recordation_events (recordation_id, id);

-- The status as the API shows it on `today` (registry time zone): an approved recordation
-- past valid_until is expired, unless a renewal is under review.
CREATE FUNCTION recordation_status_on(r recordations, today date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN r.status = 'approved' AND r.valid_until < today
                     AND r.renewal_status IS DISTINCT FROM 'submitted' THEN 'expired'
                ELSE r.status END
$$;

-- Input helpers shared by creation and merge-patch: JSON arrays (or null) to columns.
CREATE FUNCTION recordation_text_array(j jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(e ORDER BY n), '{}')
      FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n)
$$;

CREATE FUNCTION recordation_class_array(j jsonb) RETURNS smallint[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(e::smallint ORDER BY e::smallint), '{}')
      FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END) AS t(e)
$$;

CREATE FUNCTION recordation_parties(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('name', e->>'name', 'country', e->>'country',
                                                 'address', e->>'address') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n)
$$;

-- The API's representation of a recordation on `today`. working_days_left and overdue
-- (of the recordation and of its renewal) need the working-day calendar: the server adds
-- them (api/recordations.c), here they are null/false placeholders.
CREATE FUNCTION api_recordation(r recordations, today date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', r.id, 'version', r.version, 'status', recordation_status_on(r, today),
        'ipr_type', r.ipr_type, 'title', r.title, 'registration_number', r.registration_number,
        'registration_authority', r.registration_authority, 'right_expires_on', r.right_expires_on,
        'classes', to_jsonb(r.classes), 'goods_scope', r.goods_scope, 'hs_codes', to_jsonb(r.hs_codes),
        'licensing_status', r.licensing_status, 'description', r.description,
        'genuine_manufacturers', r.genuine_manufacturers, 'main_ports', to_jsonb(r.main_ports),
        'known_infringers', r.known_infringers,
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name),
        'number', r.number, 'submitted_at', r.submitted_at, 'received_on', r.received_on,
        'due_on', r.due_on, 'working_days_left', NULL, 'overdue', false,
        'paused_working_days_left', r.paused_working_days_left,
        'valid_from', r.valid_from, 'valid_until', r.valid_until,
        'renewal', CASE WHEN r.renewal_status IS NOT NULL THEN jsonb_build_object(
            'status', r.renewal_status, 'submitted_at', r.renewal_submitted_at, 'due_on', r.renewal_due_on,
            'working_days_left', NULL, 'overdue', false, 'decided_at', r.renewal_decided_at,
            'reason', r.renewal_reason, 'note', r.renewal_note,
            'right_expires_on', r.renewal_right_expires_on) END,
        'last_reason', r.last_reason, 'created_at', r.created_at, 'updated_at', r.updated_at)
$$;

-- The public register's representation: public fields only.
CREATE FUNCTION api_register_item(r recordations) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('number', r.number, 'ipr_type', r.ipr_type, 'title', r.title,
        'holder_name', r.holder_name, 'classes', to_jsonb(r.classes), 'goods_scope', coalesce(r.goods_scope, ''),
        'hs_codes', to_jsonb(r.hs_codes), 'valid_from', r.valid_from, 'valid_until', r.valid_until)
$$;

-- A history entry, with its actor.
CREATE FUNCTION api_recordation_event(e recordation_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('at', e.at, 'action', e.action, 'from_status', e.from_status,
        'to_status', e.to_status, 'reason', e.reason,
        'actor', (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name, 'role', u.role)
                    FROM users u WHERE u.id = e.actor_user_id),
        'details', e.details)
$$;
