-- Pre-confirmation of rights: before goods are shipped, an importer or exporter asks the
-- customs office of the port of entry or exit to confirm its right to use a recorded right.
-- A request is filed `submitted` (with a decision deadline, due_on, in working days), and
-- the port's officers confirm it (with a number and a validity) or reject it; the importer
-- may withdraw it before that.
--
-- The status column holds the stored states; `expired` is derived when read (confirmed,
-- past valid_until) by pre_confirmation_status_on(). due_on is computed in C by the one
-- working-day rule and stored; auto_check is computed at filing (by authorization_check of
-- migration 0004) and kept as it was then.

CREATE TABLE pre_confirmations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    organization_id uuid NOT NULL REFERENCES organizations (id),   -- the importer / exporter
    office_id uuid NOT NULL REFERENCES customs_offices (id),       -- a port office
    direction text NOT NULL CHECK (direction IN ('import', 'export')),
    recordation_id uuid NOT NULL REFERENCES recordations (id),
    -- [{description, hs_code, quantity, unit, value, currency}], as pre_confirmation_goods() keeps them.
    goods jsonb NOT NULL CHECK (jsonb_typeof(goods) = 'array' AND jsonb_array_length(goods) BETWEEN 1 AND 200),
    transport_document text CHECK (length(transport_document) BETWEEN 1 AND 64),
    expected_on date NOT NULL,
    statement text CHECK (length(statement) BETWEEN 1 AND 4000),
    status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'confirmed', 'rejected', 'withdrawn')),

    submitted_at timestamptz NOT NULL DEFAULT now(),
    received_on date NOT NULL,
    due_on date NOT NULL,                       -- decision deadline; kept after the decision
    auto_check jsonb NOT NULL CHECK (jsonb_typeof(auto_check) = 'object'),

    number text UNIQUE CHECK (number ~ '^PC[0-9]{4}-[0-9]{6}$'),
    valid_until date,                           -- inclusive
    reason text CHECK (length(reason) BETWEEN 1 AND 2000),
    decided_by uuid REFERENCES users (id),
    decided_at timestamptz,

    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),

    -- What the C code checks, backed here.
    CONSTRAINT pre_confirmations_due_after_receipt CHECK (due_on >= received_on),
    CONSTRAINT pre_confirmations_number_once_confirmed CHECK ((number IS NOT NULL) = (status = 'confirmed')
        AND (number IS NULL) = (valid_until IS NULL)),
    CONSTRAINT pre_confirmations_decided CHECK ((status IN ('confirmed', 'rejected')) = (decided_at IS NOT NULL)
        AND (decided_at IS NULL) = (decided_by IS NULL)),
    CONSTRAINT pre_confirmations_rejected_with_reason CHECK (status <> 'rejected' OR reason IS NOT NULL)
);

-- Importers' listing (newest first), rights holders' (by recordation), the port officers'
-- queue (their office, by deadline), and the look-up of a shipment by its waybill.
CREATE INDEX pre_confirmations_importer ON pre_confirmations (organization_id, created_at DESC, id DESC);
CREATE INDEX pre_confirmations_recordation ON pre_confirmations (recordation_id, created_at DESC, id DESC);
CREATE INDEX pre_confirmations_queue ON pre_confirmations (office_id, status, due_on, created_at, id);
CREATE INDEX pre_confirmations_transport_document ON pre_confirmations (upper(transport_document))
    WHERE transport_document IS NOT NULL;

-- Numbers: one sequence per year, advanced in the confirmation transaction.
CREATE TABLE pre_confirmation_counters (
    year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),
    last_value bigint NOT NULL CHECK (last_value BETWEEN 1 AND 999999)
);

-- The history of a request: every transition, and every change of what hangs off it
-- (documents) written by those resources.
CREATE TABLE pre_confirmation_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pre_confirmation_id uuid NOT NULL REFERENCES pre_confirmations (id),
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id),  -- NULL: the registry itself
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    from_status text,                          -- NULL when the status did not change
    to_status text,
    reason text CHECK (length(reason) <= 2000),
    details jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);
CREATE INDEX pre_confirmation_events_request ON pre_confirmation_events (pre_confirmation_id, id);

-- The status as the API shows it on `today` (registry time zone): a confirmation past
-- valid_until is expired.
CREATE FUNCTION pre_confirmation_status_on(p pre_confirmations, today date) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p.status = 'confirmed' AND p.valid_until < today THEN 'expired' ELSE p.status END
$$;

-- The goods lines of the input (validated in C), with only the fields the API defines, in
-- order. Quantities and values stay JSON numbers exactly as sent.
CREATE FUNCTION pre_confirmation_goods(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('description', e->>'description', 'hs_code', e->>'hs_code',
                                                 'quantity', e->'quantity', 'unit', e->>'unit', 'value', e->'value',
                                                 'currency', e->>'currency') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n)
$$;

-- The automatic check of a request: the one authorization rule (authorization_check, 0004)
-- applied to every goods line with the requester's registration number, the roles of the
-- direction, the port and the expected date. A shipment is confirmed as a whole, so it is
-- `authorized` only when every line is; `matches` lists each entry that matched any line,
-- once.
CREATE FUNCTION pre_confirmation_auto_check(p_recordation uuid, p_registration_number text, p_roles text[],
                                            p_on date, p_goods jsonb, p_port text) RETURNS jsonb
    LANGUAGE sql STABLE AS $$
    WITH c AS (SELECT authorization_check(p_recordation, p_registration_number, p_roles, p_on, g->>'hs_code',
                                          p_port) AS r
                 FROM jsonb_array_elements(p_goods) AS t(g))
    SELECT jsonb_build_object(
        'recordation_valid', coalesce(bool_and((c.r->>'recordation_valid')::boolean), false),
        'authorized', coalesce(bool_and((c.r->>'authorized')::boolean), false),
        'matches', (SELECT coalesce(jsonb_agg(m ORDER BY m->>'name', m->>'registration_number', m->>'id'), '[]')
                      FROM (SELECT DISTINCT m FROM c, jsonb_array_elements(c.r->'matches') AS x(m)) d))
      FROM c
$$;

-- The API's representation of a request on `today`, but for working_days_left and overdue:
-- they need the working-day calendar, and the server adds them (api/pre_confirmations.c).
CREATE FUNCTION api_pre_confirmation(p pre_confirmations, today date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', p.id, 'version', p.version, 'status', pre_confirmation_status_on(p, today),
        'number', p.number, 'office_code', f.code, 'direction', p.direction,
        'recordation_number', r.number, 'recordation_id', p.recordation_id, 'goods', p.goods,
        'transport_document', p.transport_document, 'expected_on', p.expected_on, 'statement', p.statement,
        'auto_check', p.auto_check,
        'importer', jsonb_build_object('organization_id', o.id, 'name', o.name,
                                       'registration_number', o.registration_number),
        'submitted_at', p.submitted_at, 'received_on', p.received_on, 'due_on', p.due_on,
        'valid_until', p.valid_until,
        'decided_at', p.decided_at,
        'decided_by', (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name)
                         FROM users u WHERE u.id = p.decided_by),
        'reason', p.reason, 'created_at', p.created_at, 'updated_at', p.updated_at)
      FROM customs_offices f, recordations r, organizations o
     WHERE f.id = p.office_id AND r.id = p.recordation_id AND o.id = p.organization_id
$$;

-- A history entry of any record, with its actor: the API's HistoryEntry, defined once here
-- for the history tables of every resource (api_recordation_event of 0003 now uses it too).
CREATE FUNCTION api_history_entry(p_at timestamptz, p_action text, p_from_status text, p_to_status text,
                                  p_reason text, p_actor uuid, p_details jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('at', p_at, 'action', p_action, 'from_status', p_from_status, 'to_status', p_to_status,
        'reason', p_reason,
        'actor', (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name, 'role', u.role)
                    FROM users u WHERE u.id = p_actor),
        'details', p_details)
$$;

CREATE OR REPLACE FUNCTION api_recordation_event(e recordation_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details)
$$;

CREATE FUNCTION api_pre_confirmation_event(e pre_confirmation_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details)
$$;
