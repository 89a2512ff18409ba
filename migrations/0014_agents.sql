-- Agents and mandates: the law firms and brand-protection agencies that file for many rights
-- holders, the administrator's approval of each, and the mandates holders give them.
--
-- An agent is an organization of kind 'agent' with users of role 'agent'. Its registration
-- (licence number, and pending -> approved | refused, approved <-> suspended) is kept in
-- agent_registrations, decided by the administrator; only an approved agent acts.
--
-- A mandate is a holder's grant to one agent: all the holder's recordations or a listed set,
-- the actions the agent may take on them, a validity period, and a power of attorney (a
-- document attached to the mandate). The agent accepts or declines it; the holder ends it at
-- once; it expires by its period (derived when read, as recordations' expiry is).
--
-- What an agent may do is decided in one place, mandate_permits() below, read in the
-- transaction of the action itself: ending a mandate takes effect for the next statement on
-- every daemon, with no cache to invalidate. The agent's approval travels with its users'
-- cached sessions (auth/session.c): changing it notifies every daemon (topic 'session').
--
-- Every history entry now records the acting organization, and whom it acted for when an
-- agent acted for a holder: "by Li Na of Kingsway IP for Acme Trading". The histories of agents and
-- of mandates are in the tamper-evident log (0012_log.sql) like every other history.

ALTER TABLE organizations DROP CONSTRAINT organizations_kind_check,
    ADD CONSTRAINT organizations_kind_check CHECK (kind IN ('rights_holder', 'importer', 'agent'));

ALTER TABLE users DROP CONSTRAINT users_role_check,
    ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'hq_officer', 'port_officer', 'rights_holder',
        'importer', 'agent')),
    DROP CONSTRAINT users_check1,
    ADD CONSTRAINT users_organization_role CHECK ((role IN ('rights_holder', 'importer', 'agent'))
        = (organization_id IS NOT NULL));

CREATE TABLE agent_registrations (
    organization_id uuid PRIMARY KEY REFERENCES organizations (id),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    licence_number text NOT NULL CHECK (length(licence_number) BETWEEN 1 AND 64),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'suspended')),
    decided_at timestamptz,
    last_reason text CHECK (length(last_reason) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_registrations_decided CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX agent_registrations_status ON agent_registrations (status, created_at DESC, organization_id);

-- Sessions carry whether their agent is approved: a decision reaches every daemon's cache.
CREATE TRIGGER agent_registrations_changed AFTER UPDATE OF status OR DELETE ON agent_registrations
    FOR EACH STATEMENT EXECUTE FUNCTION notify_changed('session');

CREATE TABLE agent_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES agent_registrations (organization_id),
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id),
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    from_status text,
    to_status text,
    reason text CHECK (length(reason) <= 2000),
    details jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);
CREATE INDEX agent_events_agent ON agent_events (agent_id, id);

CREATE TABLE mandates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    holder_id uuid NOT NULL REFERENCES organizations (id),
    agent_id uuid NOT NULL REFERENCES agent_registrations (organization_id),
    status text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'accepted', 'declined', 'ended')),
    all_recordations boolean NOT NULL,
    recordation_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(recordation_ids) <= 1000),
    actions text[] NOT NULL CHECK (cardinality(actions) BETWEEN 1 AND 6 AND actions <@ ARRAY['file_and_amend',
        'submit', 'answer_information_requests', 'renew', 'manage_authorized_users', 'answer_cases']),
    valid_from date NOT NULL,
    valid_until date NOT NULL,
    note text CHECK (length(note) BETWEEN 1 AND 2000),
    last_reason text CHECK (length(last_reason) BETWEEN 1 AND 2000),
    granted_by uuid NOT NULL REFERENCES users (id),
    answered_at timestamptz,
    ended_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mandates_period CHECK (valid_until >= valid_from),
    CONSTRAINT mandates_listed CHECK (all_recordations = (cardinality(recordation_ids) = 0)),
    CONSTRAINT mandates_answered CHECK ((status = 'offered') = (answered_at IS NULL) OR status = 'ended'),
    CONSTRAINT mandates_ended CHECK ((status = 'ended') = (ended_at IS NOT NULL))
);
-- The check behind every agent's action looks mandates up by agent and holder.
CREATE INDEX mandates_agent ON mandates (agent_id, holder_id) WHERE status = 'accepted';
CREATE INDEX mandates_holder_list ON mandates (holder_id, created_at DESC, id DESC);
CREATE INDEX mandates_agent_list ON mandates (agent_id, created_at DESC, id DESC);

CREATE TABLE mandate_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mandate_id uuid NOT NULL REFERENCES mandates (id),
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id),
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    from_status text,
    to_status text,
    reason text CHECK (length(reason) <= 2000),
    details jsonb CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);
CREATE INDEX mandate_events_mandate ON mandate_events (mandate_id, id);

-- The power of attorney: mandates take documents (a parent beside the recordation, the
-- pre-confirmation, a recordation's guide, 0010_border.sql, and a case, 0013_cases.sql: a
-- branch adding another parent lists all of them).
ALTER TABLE documents ADD COLUMN mandate_id uuid REFERENCES mandates (id),
    DROP CONSTRAINT documents_one_parent,
    ADD CONSTRAINT documents_one_parent
        CHECK (num_nonnulls(recordation_id, pre_confirmation_id, guide_of, case_id, mandate_id) = 1),
    DROP CONSTRAINT documents_kind,
    ADD CONSTRAINT documents_kind CHECK (CASE
        WHEN recordation_id IS NOT NULL THEN kind IN ('registration_certificate', 'licence', 'goods_photo',
            'packaging_photo', 'power_of_attorney', 'other')
        WHEN pre_confirmation_id IS NOT NULL THEN kind IN ('licence', 'authorization_letter', 'contract', 'invoice',
            'other')
        WHEN guide_of IS NOT NULL THEN kind IN ('genuine_goods', 'counterfeit_goods', 'genuine_packaging',
            'counterfeit_packaging', 'other')
        WHEN case_id IS NOT NULL THEN kind IN ('goods_photo', 'packaging_photo', 'transport_document', 'other')
        ELSE kind IN ('power_of_attorney', 'other') END),
    ADD CONSTRAINT documents_mandate_once UNIQUE (mandate_id, content_id);

-- The status as the API shows it on `today`: an offered or accepted mandate past its period is
-- expired.
CREATE FUNCTION mandate_status_on(m mandates, today date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN m.status IN ('offered', 'accepted') AND m.valid_until < today THEN 'expired'
                ELSE m.status END
$$;

-- THE rule of acting for a client: may agent organization p_agent take p_action (NULL: read)
-- on the recordation p_recordation (NULL: a new one) of holder p_holder on p_today? Only
-- under an accepted mandate in force today, from an approved agent, covering the recordation
-- (all of the holder's, or listed) and the action. Every statement that shows or changes a
-- holder's record to a caller asks this, with the caller's organization as p_agent (a holder
-- or importer is never an agent: no row).
CREATE FUNCTION mandate_permits(p_agent uuid, p_holder uuid, p_recordation uuid, p_action text, p_today date)
    RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM mandates m JOIN agent_registrations a ON a.organization_id = m.agent_id
         WHERE m.agent_id = p_agent AND m.holder_id = p_holder AND m.status = 'accepted'
           AND a.status = 'approved'
           AND p_today BETWEEN m.valid_from AND m.valid_until
           AND (m.all_recordations OR p_recordation = ANY (m.recordation_ids))
           AND (p_action IS NULL OR p_action = ANY (m.actions)))
$$;

-- The acting organization of every history entry, and the holder an agent acted for.
ALTER TABLE recordation_events ADD COLUMN actor_organization_id uuid REFERENCES organizations (id),
    ADD COLUMN on_behalf_of_organization_id uuid REFERENCES organizations (id);
ALTER TABLE pre_confirmation_events ADD COLUMN actor_organization_id uuid REFERENCES organizations (id),
    ADD COLUMN on_behalf_of_organization_id uuid REFERENCES organizations (id);
ALTER TABLE agent_events ADD COLUMN actor_organization_id uuid REFERENCES organizations (id),
    ADD COLUMN on_behalf_of_organization_id uuid REFERENCES organizations (id);
ALTER TABLE mandate_events ADD COLUMN actor_organization_id uuid REFERENCES organizations (id),
    ADD COLUMN on_behalf_of_organization_id uuid REFERENCES organizations (id);
ALTER TABLE alert_events ADD COLUMN actor_organization_id uuid REFERENCES organizations (id),
    ADD COLUMN on_behalf_of_organization_id uuid REFERENCES organizations (id);
ALTER TABLE case_events ADD COLUMN actor_organization_id uuid REFERENCES organizations (id),
    ADD COLUMN on_behalf_of_organization_id uuid REFERENCES organizations (id);

-- Filled in as each entry is written, whoever writes it: the actor's organization, and when
-- that is an agent acting on a holder's record (a recordation, a case), the record's holder.
CREATE FUNCTION history_actor_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.actor_organization_id IS NULL AND NEW.actor_user_id IS NOT NULL THEN
        SELECT u.organization_id INTO NEW.actor_organization_id FROM users u WHERE u.id = NEW.actor_user_id;
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION history_on_behalf() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.on_behalf_of_organization_id IS NULL
       AND EXISTS (SELECT 1 FROM organizations g WHERE g.id = NEW.actor_organization_id AND g.kind = 'agent') THEN
        IF TG_TABLE_NAME = 'recordation_events' THEN
            SELECT r.organization_id INTO NEW.on_behalf_of_organization_id FROM recordations r
             WHERE r.id = NEW.recordation_id;
        ELSIF TG_TABLE_NAME = 'case_events' THEN
            SELECT c.holder_id INTO NEW.on_behalf_of_organization_id FROM cases c WHERE c.id = NEW.case_id;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER recordation_events_actor BEFORE INSERT ON recordation_events
    FOR EACH ROW EXECUTE FUNCTION history_actor_organization();
-- (Triggers of one event fire in name order: the actor's organization is known first.)
CREATE TRIGGER recordation_events_on_behalf BEFORE INSERT ON recordation_events
    FOR EACH ROW EXECUTE FUNCTION history_on_behalf();
CREATE TRIGGER pre_confirmation_events_actor BEFORE INSERT ON pre_confirmation_events
    FOR EACH ROW EXECUTE FUNCTION history_actor_organization();
CREATE TRIGGER agent_events_actor BEFORE INSERT ON agent_events
    FOR EACH ROW EXECUTE FUNCTION history_actor_organization();
CREATE TRIGGER mandate_events_actor BEFORE INSERT ON mandate_events
    FOR EACH ROW EXECUTE FUNCTION history_actor_organization();
CREATE TRIGGER alert_events_actor BEFORE INSERT ON alert_events
    FOR EACH ROW EXECUTE FUNCTION history_actor_organization();
CREATE TRIGGER case_events_actor BEFORE INSERT ON case_events
    FOR EACH ROW EXECUTE FUNCTION history_actor_organization();
CREATE TRIGGER case_events_on_behalf BEFORE INSERT ON case_events
    FOR EACH ROW EXECUTE FUNCTION history_on_behalf();

-- (The tamper-evident log's events, log_event below, do not read these two columns for the
-- entries written so far: filling them in changes no leaf.)
UPDATE recordation_events e SET actor_organization_id = u.organization_id FROM users u WHERE u.id = e.actor_user_id;
UPDATE pre_confirmation_events e SET actor_organization_id = u.organization_id
  FROM users u WHERE u.id = e.actor_user_id;
UPDATE alert_events e SET actor_organization_id = u.organization_id FROM users u WHERE u.id = e.actor_user_id;
UPDATE case_events e SET actor_organization_id = u.organization_id FROM users u WHERE u.id = e.actor_user_id;

-- A reference to an organization in the API: {organization_id, name, kind}.
CREATE FUNCTION api_organization_ref(p_id uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('organization_id', g.id, 'name', g.name, 'kind', g.kind)
      FROM organizations g WHERE g.id = p_id
$$;

-- A history entry with the acting organization and whom it acted for.
CREATE FUNCTION api_history_entry(p_at timestamptz, p_action text, p_from_status text, p_to_status text,
                                  p_reason text, p_actor uuid, p_details jsonb, p_actor_organization uuid,
                                  p_on_behalf_of uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('at', p_at, 'action', p_action, 'from_status', p_from_status, 'to_status', p_to_status,
        'reason', p_reason,
        'actor', (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name, 'role', u.role,
                                            'organization', api_organization_ref(p_actor_organization))
                    FROM users u WHERE u.id = p_actor),
        'on_behalf_of', api_organization_ref(p_on_behalf_of),
        'details', p_details)
$$;

-- Entries of tables without those columns: the actor's organization as it is now.
CREATE OR REPLACE FUNCTION api_history_entry(p_at timestamptz, p_action text, p_from_status text, p_to_status text,
                                  p_reason text, p_actor uuid, p_details jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(p_at, p_action, p_from_status, p_to_status, p_reason, p_actor, p_details,
                             (SELECT u.organization_id FROM users u WHERE u.id = p_actor), NULL)
$$;

CREATE OR REPLACE FUNCTION api_recordation_event(e recordation_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE OR REPLACE FUNCTION api_pre_confirmation_event(e pre_confirmation_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE FUNCTION api_agent_event(e agent_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE FUNCTION api_mandate_event(e mandate_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE OR REPLACE FUNCTION api_alert_event(e alert_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE OR REPLACE FUNCTION api_case_event(e case_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

-- A suspect-goods case names recordations of one holder: an agent sees it (p_action NULL) or
-- answers it ('answer_cases') when mandate_permits grants that on every recordation it names.
CREATE FUNCTION case_mandate_permits(p_agent uuid, p_case uuid, p_holder uuid, p_action text, p_today date)
    RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM case_recordations cr WHERE cr.case_id = p_case)
       AND NOT EXISTS (SELECT 1 FROM case_recordations cr
                        WHERE cr.case_id = p_case
                          AND NOT mandate_permits(p_agent, p_holder, cr.recordation_id, p_action, p_today))
$$;

-- The agent of a filing, for officers to contact (not in the public register): the agent that
-- last acted on it for the holder.
CREATE FUNCTION recordation_agent(p_recordation uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('organization_id', g.id, 'name', g.name, 'contact_email', g.contact_email,
                              'phone', g.phone, 'acting_user', u.full_name)
      FROM recordation_events e JOIN organizations g ON g.id = e.actor_organization_id
      JOIN users u ON u.id = e.actor_user_id
     WHERE e.recordation_id = p_recordation AND e.on_behalf_of_organization_id IS NOT NULL
     ORDER BY e.id DESC LIMIT 1
$$;
CREATE INDEX recordation_events_agent ON recordation_events (recordation_id, id)
    WHERE on_behalf_of_organization_id IS NOT NULL;

CREATE OR REPLACE FUNCTION api_recordation(r recordations, today date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', r.id, 'version', r.version, 'status', recordation_status_on(r, today),
        'ipr_type', r.ipr_type, 'title', r.title, 'registration_number', r.registration_number,
        'registration_authority', r.registration_authority, 'right_expires_on', r.right_expires_on,
        'classes', to_jsonb(r.classes), 'goods_scope', r.goods_scope, 'hs_codes', to_jsonb(r.hs_codes),
        'licensing_status', r.licensing_status, 'description', r.description,
        'genuine_manufacturers', r.genuine_manufacturers, 'main_ports', to_jsonb(r.main_ports),
        'known_infringers', r.known_infringers,
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name),
        'agent', recordation_agent(r.id),
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

-- The API's representations of an agent and of a mandate.
CREATE FUNCTION api_agent(a agent_registrations) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', g.id, 'name', g.name, 'country', g.country,
        'registration_number', g.registration_number, 'licence_number', a.licence_number,
        'address', g.address, 'contact_email', g.contact_email, 'phone', g.phone,
        'status', a.status, 'version', a.version, 'decided_at', a.decided_at, 'last_reason', a.last_reason,
        'created_at', a.created_at, 'updated_at', a.updated_at)
      FROM organizations g WHERE g.id = a.organization_id
$$;

CREATE FUNCTION api_mandate(m mandates, today date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', m.id, 'version', m.version, 'status', mandate_status_on(m, today),
        'in_force', m.status = 'accepted' AND today BETWEEN m.valid_from AND m.valid_until,
        'holder', jsonb_build_object('organization_id', h.id, 'name', h.name),
        'agent', jsonb_build_object('organization_id', g.id, 'name', g.name, 'licence_number', a.licence_number,
                                    'contact_email', g.contact_email, 'phone', g.phone),
        'all_recordations', m.all_recordations, 'recordation_ids', to_jsonb(m.recordation_ids),
        'actions', to_jsonb(m.actions), 'valid_from', m.valid_from, 'valid_until', m.valid_until,
        'note', m.note, 'last_reason', m.last_reason,
        'has_power_of_attorney', EXISTS (SELECT 1 FROM documents d WHERE d.mandate_id = m.id
                                                                     AND d.kind = 'power_of_attorney'),
        'answered_at', m.answered_at, 'ended_at', m.ended_at, 'created_at', m.created_at,
        'updated_at', m.updated_at)
      FROM organizations h, organizations g, agent_registrations a
     WHERE h.id = m.holder_id AND g.id = m.agent_id AND a.organization_id = m.agent_id
$$;

-- An organization shows its agent registration (licence number and standing), null for others.
CREATE OR REPLACE FUNCTION api_organization(o organizations) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', o.id, 'kind', o.kind, 'name', o.name, 'country', o.country,
        'registration_number', o.registration_number, 'address', o.address,
        'contact_email', o.contact_email, 'phone', o.phone, 'created_at', o.created_at,
        'agent', (SELECT jsonb_build_object('licence_number', a.licence_number, 'status', a.status)
                    FROM agent_registrations a WHERE a.organization_id = o.id))
$$;

-- ---------------------------------------------------------------- the tamper-evident log

-- The agents' registrations and the mandates are history tables like the others
-- (0012_log.sql): each appends its rows to the log in the writing transaction.
CREATE TRIGGER agent_events_logged AFTER INSERT ON agent_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_append();
CREATE TRIGGER mandate_events_logged AFTER INSERT ON mandate_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_append();

CREATE OR REPLACE VIEW log_sources AS
    SELECT 'recordation_events' AS source, e.id, to_jsonb(e) AS r FROM recordation_events e
    UNION ALL SELECT 'pre_confirmation_events', e.id, to_jsonb(e) FROM pre_confirmation_events e
    UNION ALL SELECT 'registry_events', e.id, to_jsonb(e) FROM registry_events e
    UNION ALL SELECT 'case_events', e.id, to_jsonb(e) FROM case_events e
    UNION ALL SELECT 'agent_events', e.id, to_jsonb(e) FROM agent_events e
    UNION ALL SELECT 'mandate_events', e.id, to_jsonb(e) FROM mandate_events e;

-- An event's subject is also a mandate or an agent (its organization); an act of an agent for
-- a holder names both organizations, "by Li Na of Kingsway IP for Acme Trading". Events of
-- rows without an on_behalf_of (every row written before this migration among them) are
-- what they were: no leaf already appended changes.
CREATE OR REPLACE FUNCTION log_event(source text, r jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('source', source, 'id', r->'id',
        'subject', coalesce(r->>'recordation_id', r->>'pre_confirmation_id', r->>'case_id', r->>'subject',
                            r->>'mandate_id', r->>'agent_id'),
        'at', to_char((r->>'at')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', r->'actor_user_id', 'action', r->'action', 'from', r->'from_status', 'to', r->'to_status',
        'reason', r->'reason', 'details', r->'details')
        || CASE WHEN r->>'on_behalf_of_organization_id' IS NOT NULL
                THEN jsonb_build_object('actor_organization', r->'actor_organization_id',
                                        'on_behalf_of', r->'on_behalf_of_organization_id')
                ELSE '{}' END
$$;
