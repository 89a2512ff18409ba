-- Suspect-goods cases: a port officer who finds goods that may infringe recorded rights
-- suspends them and opens a case against those recordations (all of one rights holder); the
-- holder must answer within a deadline of working days (response_due_on): it asks for
-- detention (posting the guarantee of DOMAIN.md) or says the goods do not infringe (they are
-- released). Without an answer by the deadline the goods are released too: `unanswered` is
-- derived when read (notified, past response_due_on) by case_status_on(), like a
-- recordation's `expired`. Detained goods are investigated within another deadline
-- (investigation_due_on), ending `confirmed_infringing` (confiscation, a fine proposed) or
-- `not_confirmed` (released).
--
-- Money is numeric, never floating point: the goods lines keep the declared values as the
-- officer sent them (jsonb numbers are numeric), and the amounts in CNY (each line's, the
-- total, the guarantee) are computed exactly in C (domain/money.c, domain/case_flow.c) with
-- the exchange rates the officer recorded. Deadlines are computed in C by the one
-- working-day rule and stored.

CREATE TABLE cases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    number text NOT NULL UNIQUE CHECK (number ~ '^C[0-9]{4}-[0-9]{6}$'),
    office_id uuid NOT NULL REFERENCES customs_offices (id),      -- the port that holds the goods
    holder_id uuid NOT NULL REFERENCES organizations (id),        -- of every recordation named
    status text NOT NULL DEFAULT 'notified' CHECK (status IN ('notified', 'detained', 'not_infringing',
        'confirmed_infringing', 'not_confirmed')),

    -- The shipment.
    transport_document text NOT NULL CHECK (length(transport_document) BETWEEN 1 AND 64),
    declarant jsonb NOT NULL CHECK (jsonb_typeof(declarant) = 'object'),   -- {name, registration_number}
    consignor jsonb CHECK (jsonb_typeof(consignor) = 'object'),            -- {name, country, address}
    consignee jsonb CHECK (jsonb_typeof(consignee) = 'object'),
    -- [{description, hs_code, quantity, unit, declared_value, currency, declared_value_cny}]
    goods jsonb NOT NULL CHECK (jsonb_typeof(goods) = 'array' AND jsonb_array_length(goods) BETWEEN 1 AND 200),
    -- [{currency, rate}]: CNY for one unit of each other currency of the lines, as recorded
    exchange_rates jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(exchange_rates) = 'array'),
    e_commerce boolean NOT NULL DEFAULT false,
    suspicion text NOT NULL CHECK (length(suspicion) BETWEEN 1 AND 4000),

    -- Totals of the goods lines (kept for the statistics), and what DOMAIN.md's rules make of
    -- the total: the guarantee for detention, the largest fine (30 %).
    items numeric NOT NULL CHECK (items > 0),
    declared_value_cny numeric(17, 2) NOT NULL CHECK (declared_value_cny >= 0),
    guarantee_cny numeric(17, 2) NOT NULL CHECK (guarantee_cny BETWEEN 0 AND declared_value_cny),
    fine_limit_cny numeric(17, 2) NOT NULL CHECK (fine_limit_cny * 10 <= declared_value_cny * 3),

    opened_on date NOT NULL,
    response_due_on date NOT NULL,
    answered_on date,
    answered_by uuid REFERENCES users (id),
    detained_on date,
    investigation_due_on date,
    decided_on date,
    decided_by uuid REFERENCES users (id),
    fine_cny numeric(17, 2) CHECK (fine_cny BETWEEN 0 AND fine_limit_cny),
    reason text CHECK (length(reason) BETWEEN 1 AND 2000),  -- the last transition's

    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),

    -- What the C code checks, backed here.
    CONSTRAINT cases_response_after_opening CHECK (response_due_on > opened_on),
    CONSTRAINT cases_answered CHECK ((status = 'notified') = (answered_on IS NULL)
        AND (answered_on IS NULL) = (answered_by IS NULL)),
    CONSTRAINT cases_detained CHECK ((status IN ('detained', 'confirmed_infringing', 'not_confirmed'))
        = (detained_on IS NOT NULL) AND (detained_on IS NULL) = (investigation_due_on IS NULL)
        AND investigation_due_on > detained_on),
    CONSTRAINT cases_decided CHECK ((status IN ('confirmed_infringing', 'not_confirmed')) = (decided_on IS NOT NULL)
        AND (decided_on IS NULL) = (decided_by IS NULL)),
    CONSTRAINT cases_fined_when_confirmed CHECK (fine_cny IS NULL OR status = 'confirmed_infringing')
);

-- The port's queue and the holder's list (each by deadline, computed with today), the
-- statistics (by the day opened), and the look-up of a shipment by its waybill.
CREATE INDEX cases_office ON cases (office_id, status);
CREATE INDEX cases_holder ON cases (holder_id, status);
CREATE INDEX cases_opened ON cases (opened_on);
CREATE INDEX cases_transport_document ON cases (upper(transport_document));

-- The recordations a case names, in the order the officer gave them.
CREATE TABLE case_recordations (
    case_id uuid NOT NULL REFERENCES cases (id),
    recordation_id uuid NOT NULL REFERENCES recordations (id),
    position smallint NOT NULL CHECK (position >= 1),
    PRIMARY KEY (case_id, recordation_id)
);
CREATE INDEX case_recordations_recordation ON case_recordations (recordation_id);

-- Numbers: one sequence per year, advanced in the transaction that opens the case (a case
-- that is not written does not use its number: no gaps, no duplicates).
CREATE TABLE case_counters (
    year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),
    last_value bigint NOT NULL CHECK (last_value BETWEEN 1 AND 999999)
);

-- The history of a case: its opening, every transition, every photo added or removed. Each
-- change of a case writes exactly one entry in its own transaction: this table is where a
-- feed of notifications to the holder and the port (events, webhooks) will read them from.
-- Like every history table it is in the tamper-evident log (0012_log, at the end).
CREATE TABLE case_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id),  -- NULL: the registry itself
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    from_status text,                          -- NULL when the status did not change
    to_status text,
    reason text CHECK (length(reason) <= 2000),
    details jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Photos of the goods hang off a case like other documents off their records. They are
-- uploaded by officers, who belong to a customs office, not to an organization: a stored
-- content belongs to one organization or one office, and each stores its files once.
ALTER TABLE document_contents
    ALTER COLUMN organization_id DROP NOT NULL,
    ADD COLUMN office_id uuid REFERENCES customs_offices (id),
    ADD CONSTRAINT document_contents_one_owner CHECK (num_nonnulls(organization_id, office_id) = 1),
    ADD CONSTRAINT document_contents_once_per_office UNIQUE (office_id, sha256);

-- A document has one parent: a recordation, a pre-confirmation, a recordation's guide
-- (0010_border) or, now, a case; each parent takes its own kinds.
ALTER TABLE documents
    ADD COLUMN case_id uuid REFERENCES cases (id),
    DROP CONSTRAINT documents_one_parent,
    DROP CONSTRAINT documents_kind,
    ADD CONSTRAINT documents_one_parent CHECK (num_nonnulls(recordation_id, pre_confirmation_id, guide_of, case_id) = 1),
    ADD CONSTRAINT documents_kind CHECK (CASE
        WHEN recordation_id IS NOT NULL THEN kind IN ('registration_certificate', 'licence', 'goods_photo',
            'packaging_photo', 'power_of_attorney', 'other')
        WHEN pre_confirmation_id IS NOT NULL THEN kind IN ('licence', 'authorization_letter', 'contract', 'invoice',
            'other')
        WHEN guide_of IS NOT NULL THEN kind IN ('genuine_goods', 'counterfeit_goods', 'genuine_packaging',
            'counterfeit_packaging', 'other')
        ELSE kind IN ('goods_photo', 'packaging_photo', 'transport_document', 'other') END),
    ADD CONSTRAINT documents_case_once UNIQUE (case_id, content_id);

-- The status as the API shows it on `today` (registry time zone): notified past the
-- holder's deadline is unanswered (released).
CREATE FUNCTION case_status_on(c cases, today date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN c.status = 'notified' AND c.response_due_on < today THEN 'unanswered' ELSE c.status END
$$;

-- The deadline that runs on `today`: the holder's answer while notified, the investigation
-- while detained; none once the case is closed.
CREATE FUNCTION case_due_on(c cases, today date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE case_status_on(c, today) WHEN 'notified' THEN c.response_due_on
                                         WHEN 'detained' THEN c.investigation_due_on END
$$;

-- The goods lines of the input (validated in C), with only the fields the API defines, in
-- order, and each line's value in CNY as computed in C (cny, one per line). Quantities and
-- values stay JSON numbers exactly as sent.
CREATE FUNCTION case_goods(j jsonb, cny numeric[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('description', e->>'description', 'hs_code', e->>'hs_code',
                                                 'quantity', e->'quantity', 'unit', e->>'unit',
                                                 'declared_value', e->'declared_value', 'currency', e->>'currency',
                                                 'declared_value_cny', cny[n]) ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n)
$$;

-- A party of a shipment (validated in C) with only the fields the API defines; NULL for none.
CREATE FUNCTION case_party(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(j) = 'object' THEN jsonb_strip_nulls(jsonb_build_object(
        'name', j->>'name', 'registration_number', j->>'registration_number', 'country', j->>'country',
        'address', j->>'address')) END
$$;

-- The API's representation of a case on `today`, but for working_days_left and overdue
-- (the server adds them from due_on: api/cases.c). For the rights holder (holder_view), the
-- parties of the shipment (declarant, consignor, consignee) are disclosed only once it has
-- asked for detention, as the real systems do; never before.
CREATE FUNCTION api_case(c cases, today date, holder_view boolean) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', c.id, 'version', c.version, 'number', c.number,
        'status', s.status,
        'goods_status', CASE s.status WHEN 'notified' THEN 'suspended' WHEN 'detained' THEN 'detained'
                                      WHEN 'confirmed_infringing' THEN 'confiscated' ELSE 'released' END,
        'office_code', f.code, 'office_name', f.name,
        'holder', jsonb_build_object('organization_id', o.id, 'name', o.name),
        'recordations', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'number', r.number,
                                                                     'ipr_type', r.ipr_type, 'title', r.title)
                                                   ORDER BY cr.position), '[]')
                           FROM case_recordations cr JOIN recordations r ON r.id = cr.recordation_id
                          WHERE cr.case_id = c.id),
        'transport_document', c.transport_document,
        'parties_disclosed', d.disclosed,
        'declarant', CASE WHEN d.disclosed THEN c.declarant END,
        'consignor', CASE WHEN d.disclosed THEN c.consignor END,
        'consignee', CASE WHEN d.disclosed THEN c.consignee END,
        'goods', c.goods, 'exchange_rates', c.exchange_rates, 'e_commerce', c.e_commerce,
        'suspicion', c.suspicion, 'items', c.items,
        'declared_value_cny', c.declared_value_cny, 'guarantee_cny', c.guarantee_cny,
        'fine_limit_cny', c.fine_limit_cny, 'fine_cny', c.fine_cny,
        'opened_on', c.opened_on,
        'opened_by', (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name)
                        FROM users u WHERE u.id = c.created_by),
        'response_due_on', c.response_due_on, 'answered_on', c.answered_on,
        'detained_on', c.detained_on, 'investigation_due_on', c.investigation_due_on,
        'decided_on', c.decided_on,
        'decided_by', (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name)
                         FROM users u WHERE u.id = c.decided_by),
        'released_on', CASE s.status WHEN 'unanswered' THEN c.response_due_on + 1
                                     WHEN 'not_infringing' THEN c.answered_on
                                     WHEN 'not_confirmed' THEN c.decided_on END,
        'due_on', case_due_on(c, today),
        'reason', c.reason, 'created_at', c.created_at, 'updated_at', c.updated_at)
      FROM (SELECT case_status_on(c, today) AS status) s,
           (SELECT NOT holder_view OR c.status IN ('detained', 'confirmed_infringing', 'not_confirmed')
                   AS disclosed) d,
           customs_offices f, organizations o
     WHERE f.id = c.office_id AND o.id = c.holder_id
$$;

CREATE FUNCTION api_case_event(e case_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details)
$$;

-- The tamper-evident log (0012_log) takes the case history like every other: each new row is
-- appended as a leaf in the transaction that writes it (log_event reads its case_id as the
-- subject), and verify-log compares the leaves with the rows through log_sources.
CREATE TRIGGER case_events_logged AFTER INSERT ON case_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_append();

CREATE OR REPLACE VIEW log_sources AS
    SELECT 'recordation_events' AS source, e.id, to_jsonb(e) AS r FROM recordation_events e
    UNION ALL SELECT 'pre_confirmation_events', e.id, to_jsonb(e) FROM pre_confirmation_events e
    UNION ALL SELECT 'registry_events', e.id, to_jsonb(e) FROM registry_events e
    UNION ALL SELECT 'case_events', e.id, to_jsonb(e) FROM case_events e;
