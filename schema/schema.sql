CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TYPE public.event_draft AS (
	ord bigint,
	type text,
	subject jsonb,
	audiences text[],
	data jsonb,
	occasion date
);

CREATE FUNCTION public.text_array_all_match(a text[], pattern text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT coalesce(bool_and(e ~ pattern), true) FROM unnest(a) AS t(e));
END
$$;

CREATE TABLE public.alerts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    organization_id uuid NOT NULL,
    recordation_id uuid NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    transport_document text,
    origin text,
    ports text[] DEFAULT '{}'::text[] NOT NULL,
    window_from date NOT NULL,
    window_until date NOT NULL,
    note text,
    reason text,
    created_by uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    withdrawn_at timestamp with time zone,
    withdrawn_by uuid,
    CONSTRAINT alerts_note_check CHECK (((length(note) >= 1) AND (length(note) <= 2000))),
    CONSTRAINT alerts_origin_check CHECK (((length(origin) >= 1) AND (length(origin) <= 200))),
    CONSTRAINT alerts_ports_check CHECK (((cardinality(ports) <= 20) AND public.text_array_all_match(ports, '^[A-Z0-9]{2,16}$'::text))),
    CONSTRAINT alerts_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 2000))),
    CONSTRAINT alerts_status_check CHECK ((status = ANY (ARRAY['active'::text, 'withdrawn'::text]))),
    CONSTRAINT alerts_transport_document_check CHECK (((length(transport_document) >= 1) AND (length(transport_document) <= 64))),
    CONSTRAINT alerts_version_check CHECK ((version >= 1)),
    CONSTRAINT alerts_window CHECK ((window_until >= window_from)),
    CONSTRAINT alerts_withdrawn CHECK ((((status = 'withdrawn'::text) = (withdrawn_at IS NOT NULL)) AND ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))))
);

CREATE FUNCTION public.alert_audiences(a public.alerts) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT ARRAY['org:' || a.organization_id, 'hq']
           || coalesce((SELECT array_agg('office:' || f.id ORDER BY f.code) FROM customs_offices f
                         WHERE f.kind = 'port' AND (cardinality(a.ports) = 0 OR f.code = ANY (a.ports))), '{}'));
END
$$;

CREATE FUNCTION public.alert_audiences(a public.alerts, type text) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
    SELECT alert_audiences(a)
$$;

CREATE FUNCTION public.alert_event_subject(a public.alerts) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('type', 'alert', 'id', a.id, 'status', a.status,
        'recordation', jsonb_build_object('id', r.id, 'number', r.number, 'title', r.title),
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name),
        'transport_document', a.transport_document, 'ports', to_jsonb(a.ports),
        'window_from', a.window_from, 'window_until', a.window_until)
      FROM recordations r WHERE r.id = a.recordation_id);
END
$$;

CREATE FUNCTION public.alert_status_on(a public.alerts, today date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN a.status = 'active' AND a.window_until < today THEN 'expired' ELSE a.status END
$$;

CREATE TABLE public.agent_registrations (
    organization_id uuid NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    licence_number text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    decided_at timestamp with time zone,
    last_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT agent_registrations_decided CHECK (((status = 'pending'::text) = (decided_at IS NULL))),
    CONSTRAINT agent_registrations_last_reason_check CHECK (((length(last_reason) >= 1) AND (length(last_reason) <= 2000))),
    CONSTRAINT agent_registrations_licence_number_check CHECK (((length(licence_number) >= 1) AND (length(licence_number) <= 64))),
    CONSTRAINT agent_registrations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'refused'::text, 'suspended'::text]))),
    CONSTRAINT agent_registrations_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_agent(a public.agent_registrations) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', g.id, 'name', g.name, 'country', g.country,
        'registration_number', g.registration_number, 'licence_number', a.licence_number,
        'address', g.address, 'contact_email', g.contact_email, 'phone', g.phone,
        'status', a.status, 'version', a.version, 'decided_at', a.decided_at, 'last_reason', a.last_reason,
        'created_at', a.created_at, 'updated_at', a.updated_at)
      FROM organizations g WHERE g.id = a.organization_id);
END
$$;

CREATE TABLE public.agent_events (
    id bigint NOT NULL,
    agent_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    action text NOT NULL,
    from_status text,
    to_status text,
    reason text,
    details jsonb,
    actor_organization_id uuid,
    on_behalf_of_organization_id uuid,
    CONSTRAINT agent_events_action_check CHECK ((action ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT agent_events_details_check CHECK (((details IS NULL) OR (jsonb_typeof(details) = 'object'::text))),
    CONSTRAINT agent_events_reason_check CHECK ((length(reason) <= 2000))
);

CREATE FUNCTION public.api_agent_event(e public.agent_events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE FUNCTION public.api_alert(a public.alerts, today date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', a.id, 'version', a.version, 'status', alert_status_on(a, today),
        'recordation', jsonb_build_object('id', r.id, 'number', r.number, 'title', r.title),
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name),
        'transport_document', a.transport_document, 'origin', a.origin, 'ports', to_jsonb(a.ports),
        'window_from', a.window_from, 'window_until', a.window_until, 'note', a.note, 'reason', a.reason,
        'created_by', api_user_ref(a.created_by), 'created_at', a.created_at, 'updated_at', a.updated_at,
        'withdrawn_at', a.withdrawn_at, 'withdrawn_by', api_user_ref(a.withdrawn_by))
      FROM recordations r WHERE r.id = a.recordation_id);
END
$$;

CREATE TABLE public.alert_events (
    id bigint NOT NULL,
    alert_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    action text NOT NULL,
    from_status text,
    to_status text,
    reason text,
    details jsonb,
    actor_organization_id uuid,
    on_behalf_of_organization_id uuid,
    CONSTRAINT alert_events_action_check CHECK ((action ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT alert_events_details_check CHECK (((details IS NULL) OR (jsonb_typeof(details) = 'object'::text))),
    CONSTRAINT alert_events_reason_check CHECK ((length(reason) <= 2000))
);

CREATE FUNCTION public.api_alert_event(e public.alert_events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE TABLE public.authorized_users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    recordation_id uuid NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    name text NOT NULL,
    registration_number text NOT NULL,
    registration_key text GENERATED ALWAYS AS (upper((btrim(registration_number) COLLATE "C"))) STORED COLLATE pg_catalog."C",
    country text NOT NULL,
    roles text[] NOT NULL,
    goods_scope text,
    hs_codes text[] DEFAULT '{}'::text[] NOT NULL,
    ports text[] DEFAULT '{}'::text[] NOT NULL,
    valid_from date,
    valid_until date,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    ended_at timestamp with time zone,
    ended_by uuid,
    CONSTRAINT authorized_users_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT authorized_users_ended CHECK (((ended_at IS NULL) = (ended_by IS NULL))),
    CONSTRAINT authorized_users_goods_scope_check CHECK (((length(goods_scope) >= 1) AND (length(goods_scope) <= 4000))),
    CONSTRAINT authorized_users_hs_codes_check CHECK (((cardinality(hs_codes) <= 100) AND public.text_array_all_match(hs_codes, '^[0-9]{2,10}$'::text))),
    CONSTRAINT authorized_users_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT authorized_users_ports_check CHECK (((cardinality(ports) <= 50) AND public.text_array_all_match(ports, '^[A-Z0-9]{2,16}$'::text))),
    CONSTRAINT authorized_users_registration_number_check CHECK (((length(registration_number) >= 1) AND (length(registration_number) <= 64))),
    CONSTRAINT authorized_users_roles_check CHECK ((((cardinality(roles) >= 1) AND (cardinality(roles) <= 7)) AND (roles <@ ARRAY['licensee'::text, 'manufacturer'::text, 'importer'::text, 'exporter'::text, 'consignor'::text, 'consignee'::text, 'distributor'::text]))),
    CONSTRAINT authorized_users_validity CHECK ((valid_until >= valid_from)),
    CONSTRAINT authorized_users_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_authorized_user(a public.authorized_users) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', a.id, 'version', a.version, 'name', a.name,
        'registration_number', a.registration_number, 'country', a.country, 'roles', to_jsonb(a.roles),
        'goods_scope', a.goods_scope, 'hs_codes', to_jsonb(a.hs_codes), 'ports', to_jsonb(a.ports),
        'valid_from', a.valid_from, 'valid_until', a.valid_until,
        'status', CASE WHEN a.ended_at IS NULL THEN 'active' ELSE 'ended' END,
        'ended_at', a.ended_at, 'ended_by', api_user_ref(a.ended_by),
        'created_at', a.created_at, 'updated_at', a.updated_at)
$$;

CREATE TABLE public.cases (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    number text NOT NULL,
    office_id uuid NOT NULL,
    holder_id uuid NOT NULL,
    status text DEFAULT 'notified'::text NOT NULL,
    transport_document text NOT NULL,
    declarant jsonb NOT NULL,
    consignor jsonb,
    consignee jsonb,
    goods jsonb NOT NULL,
    exchange_rates jsonb DEFAULT '[]'::jsonb NOT NULL,
    e_commerce boolean DEFAULT false NOT NULL,
    suspicion text NOT NULL,
    items numeric NOT NULL,
    declared_value_cny numeric(17,2) NOT NULL,
    guarantee_cny numeric(17,2) NOT NULL,
    fine_limit_cny numeric(17,2) NOT NULL,
    opened_on date NOT NULL,
    response_due_on date NOT NULL,
    answered_on date,
    answered_by uuid,
    detained_on date,
    investigation_due_on date,
    decided_on date,
    decided_by uuid,
    fine_cny numeric(17,2),
    reason text,
    created_by uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cases_answered CHECK ((((status = 'notified'::text) = (answered_on IS NULL)) AND ((answered_on IS NULL) = (answered_by IS NULL)))),
    CONSTRAINT cases_check CHECK (((guarantee_cny >= (0)::numeric) AND (guarantee_cny <= declared_value_cny))),
    CONSTRAINT cases_check1 CHECK (((fine_limit_cny * (10)::numeric) <= (declared_value_cny * (3)::numeric))),
    CONSTRAINT cases_check2 CHECK (((fine_cny >= (0)::numeric) AND (fine_cny <= fine_limit_cny))),
    CONSTRAINT cases_consignee_check CHECK ((jsonb_typeof(consignee) = 'object'::text)),
    CONSTRAINT cases_consignor_check CHECK ((jsonb_typeof(consignor) = 'object'::text)),
    CONSTRAINT cases_decided CHECK ((((status = ANY (ARRAY['confirmed_infringing'::text, 'not_confirmed'::text])) = (decided_on IS NOT NULL)) AND ((decided_on IS NULL) = (decided_by IS NULL)))),
    CONSTRAINT cases_declarant_check CHECK ((jsonb_typeof(declarant) = 'object'::text)),
    CONSTRAINT cases_declared_value_cny_check CHECK ((declared_value_cny >= (0)::numeric)),
    CONSTRAINT cases_detained CHECK ((((status = ANY (ARRAY['detained'::text, 'confirmed_infringing'::text, 'not_confirmed'::text])) = (detained_on IS NOT NULL)) AND ((detained_on IS NULL) = (investigation_due_on IS NULL)) AND (investigation_due_on > detained_on))),
    CONSTRAINT cases_exchange_rates_check CHECK ((jsonb_typeof(exchange_rates) = 'array'::text)),
    CONSTRAINT cases_fined_when_confirmed CHECK (((fine_cny IS NULL) OR (status = 'confirmed_infringing'::text))),
    CONSTRAINT cases_goods_check CHECK (((jsonb_typeof(goods) = 'array'::text) AND ((jsonb_array_length(goods) >= 1) AND (jsonb_array_length(goods) <= 200)))),
    CONSTRAINT cases_items_check CHECK ((items > (0)::numeric)),
    CONSTRAINT cases_number_check CHECK ((number ~ '^C[0-9]{4}-[0-9]{6}$'::text)),
    CONSTRAINT cases_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 2000))),
    CONSTRAINT cases_response_after_opening CHECK ((response_due_on > opened_on)),
    CONSTRAINT cases_status_check CHECK ((status = ANY (ARRAY['notified'::text, 'detained'::text, 'not_infringing'::text, 'confirmed_infringing'::text, 'not_confirmed'::text]))),
    CONSTRAINT cases_suspicion_check CHECK (((length(suspicion) >= 1) AND (length(suspicion) <= 4000))),
    CONSTRAINT cases_transport_document_check CHECK (((length(transport_document) >= 1) AND (length(transport_document) <= 64))),
    CONSTRAINT cases_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_case(c public.cases, today date, holder_view boolean) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', c.id, 'version', c.version, 'number', c.number,
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
     WHERE f.id = c.office_id AND o.id = c.holder_id);
END
$$;

CREATE TABLE public.case_events (
    id bigint NOT NULL,
    case_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    action text NOT NULL,
    from_status text,
    to_status text,
    reason text,
    details jsonb,
    actor_organization_id uuid,
    on_behalf_of_organization_id uuid,
    CONSTRAINT case_events_action_check CHECK ((action ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT case_events_details_check CHECK (((details IS NULL) OR (jsonb_typeof(details) = 'object'::text))),
    CONSTRAINT case_events_reason_check CHECK ((length(reason) <= 2000))
);

CREATE FUNCTION public.api_case_event(e public.case_events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE TABLE public.documents (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    recordation_id uuid,
    pre_confirmation_id uuid,
    content_id bigint NOT NULL,
    kind text NOT NULL,
    filename text NOT NULL,
    uploaded_by uuid NOT NULL,
    uploaded_at timestamp with time zone DEFAULT now() NOT NULL,
    guide_of uuid,
    case_id uuid,
    mandate_id uuid,
    CONSTRAINT documents_filename_check CHECK ((((length(filename) >= 1) AND (length(filename) <= 200)) AND (filename !~ '[/\\[:cntrl:]]'::text))),
    CONSTRAINT documents_kind CHECK (
CASE
    WHEN (recordation_id IS NOT NULL) THEN (kind = ANY (ARRAY['registration_certificate'::text, 'licence'::text, 'goods_photo'::text, 'packaging_photo'::text, 'power_of_attorney'::text, 'other'::text]))
    WHEN (pre_confirmation_id IS NOT NULL) THEN (kind = ANY (ARRAY['licence'::text, 'authorization_letter'::text, 'contract'::text, 'invoice'::text, 'other'::text]))
    WHEN (guide_of IS NOT NULL) THEN (kind = ANY (ARRAY['genuine_goods'::text, 'counterfeit_goods'::text, 'genuine_packaging'::text, 'counterfeit_packaging'::text, 'other'::text]))
    WHEN (case_id IS NOT NULL) THEN (kind = ANY (ARRAY['goods_photo'::text, 'packaging_photo'::text, 'transport_document'::text, 'other'::text]))
    ELSE (kind = ANY (ARRAY['power_of_attorney'::text, 'other'::text]))
END),
    CONSTRAINT documents_one_parent CHECK ((num_nonnulls(recordation_id, pre_confirmation_id, guide_of, case_id, mandate_id) = 1))
);

CREATE FUNCTION public.api_document(d public.documents) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', d.id, 'kind', d.kind, 'filename', d.filename, 'content_type', c.content_type,
        'size', c.size, 'sha256', c.sha256,
        'uploaded_by', jsonb_build_object('user_id', u.id, 'full_name', u.full_name),
        'uploaded_at', d.uploaded_at)
      FROM document_contents c, users u
     WHERE c.id = d.content_id AND u.id = d.uploaded_by);
END
$$;

CREATE TABLE public.events (
    seq bigint NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL,
    audience text NOT NULL,
    type text NOT NULL,
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    occasion date,
    at timestamp with time zone DEFAULT now() NOT NULL,
    data jsonb NOT NULL,
    CONSTRAINT events_audience_check CHECK (((audience = 'hq'::text) OR ("left"(audience, 4) = 'org:'::text) OR ("left"(audience, 7) = 'office:'::text))),
    CONSTRAINT events_type_check CHECK ((strpos(type, '.'::text) > 1))
);

CREATE FUNCTION public.api_event(e public.events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', e.id, 'type', e.type, 'timestamp', e.at, 'data', e.data)
$$;

CREATE TABLE public.recordation_guides (
    recordation_id uuid NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    summary text,
    distinguishing_features jsonb DEFAULT '[]'::jsonb NOT NULL,
    genuine_packaging text,
    supply_routes jsonb DEFAULT '[]'::jsonb NOT NULL,
    contact text,
    updated_by uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT recordation_guides_contact_check CHECK (((length(contact) >= 1) AND (length(contact) <= 500))),
    CONSTRAINT recordation_guides_distinguishing_features_check CHECK (((jsonb_typeof(distinguishing_features) = 'array'::text) AND (jsonb_array_length(distinguishing_features) <= 50))),
    CONSTRAINT recordation_guides_genuine_packaging_check CHECK (((length(genuine_packaging) >= 1) AND (length(genuine_packaging) <= 4000))),
    CONSTRAINT recordation_guides_summary_check CHECK (((length(summary) >= 1) AND (length(summary) <= 4000))),
    CONSTRAINT recordation_guides_supply_routes_check CHECK (((jsonb_typeof(supply_routes) = 'array'::text) AND (jsonb_array_length(supply_routes) <= 50))),
    CONSTRAINT recordation_guides_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_guide(p_recordation uuid, g public.recordation_guides) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('recordation_id', p_recordation, 'version', coalesce(g.version, 0),
        'summary', g.summary, 'distinguishing_features', coalesce(g.distinguishing_features, '[]'),
        'genuine_packaging', g.genuine_packaging, 'supply_routes', coalesce(g.supply_routes, '[]'),
        'contact', g.contact, 'updated_by', api_user_ref(g.updated_by), 'updated_at', g.updated_at,
        'photos', (SELECT coalesce(jsonb_agg(api_document(d) ORDER BY d.uploaded_at, d.id), '[]')
                     FROM documents d WHERE d.guide_of = p_recordation)));
END
$$;

CREATE FUNCTION public.api_history_entry(p_at timestamp with time zone, p_action text, p_from_status text, p_to_status text, p_reason text, p_actor uuid, p_details jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT api_history_entry(p_at, p_action, p_from_status, p_to_status, p_reason, p_actor, p_details,
                             (SELECT u.organization_id FROM users u WHERE u.id = p_actor), NULL));
END
$$;

CREATE FUNCTION public.api_history_entry(p_at timestamp with time zone, p_action text, p_from_status text, p_to_status text, p_reason text, p_actor uuid, p_details jsonb, p_actor_organization uuid, p_on_behalf_of uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('at', p_at, 'action', p_action, 'from_status', p_from_status, 'to_status', p_to_status,
        'reason', p_reason,
        'actor', (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name, 'role', u.role,
                                            'organization', api_organization_ref(p_actor_organization))
                    FROM users u WHERE u.id = p_actor),
        'on_behalf_of', api_organization_ref(p_on_behalf_of),
        'details', p_details));
END
$$;

CREATE TABLE public.mandates (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    holder_id uuid NOT NULL,
    agent_id uuid NOT NULL,
    status text DEFAULT 'offered'::text NOT NULL,
    all_recordations boolean NOT NULL,
    recordation_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    actions text[] NOT NULL,
    valid_from date NOT NULL,
    valid_until date NOT NULL,
    note text,
    last_reason text,
    granted_by uuid NOT NULL,
    answered_at timestamp with time zone,
    ended_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT mandates_actions_check CHECK ((((cardinality(actions) >= 1) AND (cardinality(actions) <= 6)) AND (actions <@ ARRAY['file_and_amend'::text, 'submit'::text, 'answer_information_requests'::text, 'renew'::text, 'manage_authorized_users'::text, 'answer_cases'::text]))),
    CONSTRAINT mandates_answered CHECK ((((status = 'offered'::text) = (answered_at IS NULL)) OR (status = 'ended'::text))),
    CONSTRAINT mandates_ended CHECK (((status = 'ended'::text) = (ended_at IS NOT NULL))),
    CONSTRAINT mandates_last_reason_check CHECK (((length(last_reason) >= 1) AND (length(last_reason) <= 2000))),
    CONSTRAINT mandates_listed CHECK ((all_recordations = (cardinality(recordation_ids) = 0))),
    CONSTRAINT mandates_note_check CHECK (((length(note) >= 1) AND (length(note) <= 2000))),
    CONSTRAINT mandates_period CHECK ((valid_until >= valid_from)),
    CONSTRAINT mandates_recordation_ids_check CHECK ((cardinality(recordation_ids) <= 1000)),
    CONSTRAINT mandates_status_check CHECK ((status = ANY (ARRAY['offered'::text, 'accepted'::text, 'declined'::text, 'ended'::text]))),
    CONSTRAINT mandates_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_mandate(m public.mandates, today date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', m.id, 'version', m.version, 'status', mandate_status_on(m, today),
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
     WHERE h.id = m.holder_id AND g.id = m.agent_id AND a.organization_id = m.agent_id);
END
$$;

CREATE TABLE public.mandate_events (
    id bigint NOT NULL,
    mandate_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    action text NOT NULL,
    from_status text,
    to_status text,
    reason text,
    details jsonb,
    actor_organization_id uuid,
    on_behalf_of_organization_id uuid,
    CONSTRAINT mandate_events_action_check CHECK ((action ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT mandate_events_details_check CHECK (((details IS NULL) OR (jsonb_typeof(details) = 'object'::text))),
    CONSTRAINT mandate_events_reason_check CHECK ((length(reason) <= 2000))
);

CREATE FUNCTION public.api_mandate_event(e public.mandate_events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE TABLE public.customs_offices (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT customs_offices_code_check CHECK ((code ~ '^[A-Z0-9]{2,16}$'::text)),
    CONSTRAINT customs_offices_kind_check CHECK ((kind = ANY (ARRAY['headquarters'::text, 'port'::text]))),
    CONSTRAINT customs_offices_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200)))
);

CREATE FUNCTION public.api_office(f public.customs_offices) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', f.id, 'code', f.code, 'name', f.name, 'kind', f.kind,
        'created_at', f.created_at)
$$;

CREATE TABLE public.organizations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    country text NOT NULL,
    registration_number text NOT NULL,
    address text NOT NULL,
    contact_email text NOT NULL,
    phone text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT organizations_address_check CHECK (((length(address) >= 1) AND (length(address) <= 500))),
    CONSTRAINT organizations_contact_email_check CHECK (((length(contact_email) >= 3) AND (length(contact_email) <= 254))),
    CONSTRAINT organizations_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT organizations_kind_check CHECK ((kind = ANY (ARRAY['rights_holder'::text, 'importer'::text, 'agent'::text]))),
    CONSTRAINT organizations_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT organizations_phone_check CHECK (((length(phone) >= 1) AND (length(phone) <= 32))),
    CONSTRAINT organizations_registration_number_check CHECK (((length(registration_number) >= 1) AND (length(registration_number) <= 64)))
);

CREATE FUNCTION public.api_organization(o public.organizations) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', o.id, 'kind', o.kind, 'name', o.name, 'country', o.country,
        'registration_number', o.registration_number, 'address', o.address,
        'contact_email', o.contact_email, 'phone', o.phone, 'created_at', o.created_at,
        'agent', (SELECT jsonb_build_object('licence_number', a.licence_number, 'status', a.status)
                    FROM agent_registrations a WHERE a.organization_id = o.id)));
END
$$;

CREATE FUNCTION public.api_organization_ref(p_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('organization_id', g.id, 'name', g.name, 'kind', g.kind)
      FROM organizations g WHERE g.id = p_id);
END
$$;

CREATE TABLE public.pre_confirmations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    organization_id uuid NOT NULL,
    office_id uuid NOT NULL,
    direction text NOT NULL,
    recordation_id uuid NOT NULL,
    goods jsonb NOT NULL,
    transport_document text,
    expected_on date NOT NULL,
    statement text,
    status text DEFAULT 'submitted'::text NOT NULL,
    submitted_at timestamp with time zone DEFAULT now() NOT NULL,
    received_on date NOT NULL,
    due_on date NOT NULL,
    auto_check jsonb NOT NULL,
    number text,
    valid_until date,
    reason text,
    decided_by uuid,
    decided_at timestamp with time zone,
    created_by uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT pre_confirmations_auto_check_check CHECK ((jsonb_typeof(auto_check) = 'object'::text)),
    CONSTRAINT pre_confirmations_decided CHECK ((((status = ANY (ARRAY['confirmed'::text, 'rejected'::text])) = (decided_at IS NOT NULL)) AND ((decided_at IS NULL) = (decided_by IS NULL)))),
    CONSTRAINT pre_confirmations_direction_check CHECK ((direction = ANY (ARRAY['import'::text, 'export'::text]))),
    CONSTRAINT pre_confirmations_due_after_receipt CHECK ((due_on >= received_on)),
    CONSTRAINT pre_confirmations_goods_check CHECK (((jsonb_typeof(goods) = 'array'::text) AND ((jsonb_array_length(goods) >= 1) AND (jsonb_array_length(goods) <= 200)))),
    CONSTRAINT pre_confirmations_number_check CHECK ((number ~ '^PC[0-9]{4}-[0-9]{6}$'::text)),
    CONSTRAINT pre_confirmations_number_once_confirmed CHECK ((((number IS NOT NULL) = (status = 'confirmed'::text)) AND ((number IS NULL) = (valid_until IS NULL)))),
    CONSTRAINT pre_confirmations_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 2000))),
    CONSTRAINT pre_confirmations_rejected_with_reason CHECK (((status <> 'rejected'::text) OR (reason IS NOT NULL))),
    CONSTRAINT pre_confirmations_statement_check CHECK (((length(statement) >= 1) AND (length(statement) <= 4000))),
    CONSTRAINT pre_confirmations_status_check CHECK ((status = ANY (ARRAY['submitted'::text, 'confirmed'::text, 'rejected'::text, 'withdrawn'::text]))),
    CONSTRAINT pre_confirmations_transport_document_check CHECK (((length(transport_document) >= 1) AND (length(transport_document) <= 64))),
    CONSTRAINT pre_confirmations_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_pre_confirmation(p public.pre_confirmations, today date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', p.id, 'version', p.version, 'status', pre_confirmation_status_on(p, today),
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
     WHERE f.id = p.office_id AND r.id = p.recordation_id AND o.id = p.organization_id);
END
$$;

CREATE TABLE public.pre_confirmation_events (
    id bigint NOT NULL,
    pre_confirmation_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    action text NOT NULL,
    from_status text,
    to_status text,
    reason text,
    details jsonb,
    actor_organization_id uuid,
    on_behalf_of_organization_id uuid,
    CONSTRAINT pre_confirmation_events_action_check CHECK ((action ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT pre_confirmation_events_details_check CHECK (((details IS NULL) OR (jsonb_typeof(details) = 'object'::text))),
    CONSTRAINT pre_confirmation_events_reason_check CHECK ((length(reason) <= 2000))
);

CREATE FUNCTION public.api_pre_confirmation_event(e public.pre_confirmation_events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE TABLE public.recordations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    organization_id uuid NOT NULL,
    holder_name text NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    ipr_type text NOT NULL,
    title text NOT NULL,
    registration_number text,
    registration_authority text,
    right_expires_on date,
    classes smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    goods_scope text,
    hs_codes text[] DEFAULT '{}'::text[] NOT NULL,
    licensing_status text,
    description text,
    genuine_manufacturers jsonb DEFAULT '[]'::jsonb NOT NULL,
    main_ports text[] DEFAULT '{}'::text[] NOT NULL,
    known_infringers jsonb DEFAULT '[]'::jsonb NOT NULL,
    number text,
    submitted_at timestamp with time zone,
    received_on date,
    due_on date,
    paused_working_days_left integer,
    valid_from date,
    valid_until date,
    renewal_status text,
    renewal_submitted_at timestamp with time zone,
    renewal_due_on date,
    renewal_decided_at timestamp with time zone,
    renewal_reason text,
    renewal_note text,
    renewal_right_expires_on date,
    last_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    queue_on date GENERATED ALWAYS AS (COALESCE(due_on,
CASE
    WHEN (renewal_status = 'submitted'::text) THEN renewal_due_on
    ELSE NULL::date
END)) STORED,
    search_text text GENERATED ALWAYS AS (lower(((((((((title || ' '::text) || holder_name) || ' '::text) || COALESCE(goods_scope, ''::text)) || ' '::text) || COALESCE(number, ''::text)) || ' '::text) || COALESCE(registration_number, ''::text)))) STORED,
    CONSTRAINT recordations_classes_check CHECK (((cardinality(classes) <= 45) AND (1 <= ALL (classes)) AND (45 >= ALL (classes)))),
    CONSTRAINT recordations_classes_trademark CHECK (((ipr_type = 'trademark'::text) OR (cardinality(classes) = 0))),
    CONSTRAINT recordations_description_check CHECK ((length(description) <= 4000)),
    CONSTRAINT recordations_due_while_submitted CHECK (((status = 'submitted'::text) = (due_on IS NOT NULL))),
    CONSTRAINT recordations_genuine_manufacturers_check CHECK (((jsonb_typeof(genuine_manufacturers) = 'array'::text) AND (jsonb_array_length(genuine_manufacturers) <= 100))),
    CONSTRAINT recordations_goods_scope_check CHECK (((length(goods_scope) >= 1) AND (length(goods_scope) <= 4000))),
    CONSTRAINT recordations_hs_codes_check CHECK ((cardinality(hs_codes) <= 100)),
    CONSTRAINT recordations_ipr_type_check CHECK ((ipr_type = ANY (ARRAY['trademark'::text, 'copyright'::text, 'patent'::text, 'olympic_symbol'::text, 'world_expo_symbol'::text]))),
    CONSTRAINT recordations_known_infringers_check CHECK (((jsonb_typeof(known_infringers) = 'array'::text) AND (jsonb_array_length(known_infringers) <= 100))),
    CONSTRAINT recordations_last_reason_check CHECK (((length(last_reason) >= 1) AND (length(last_reason) <= 2000))),
    CONSTRAINT recordations_licensing_status_check CHECK ((licensing_status = ANY (ARRAY['not_licensed'::text, 'licensed_exclusive'::text, 'licensed_non_exclusive'::text, 'licensed_sole'::text]))),
    CONSTRAINT recordations_main_ports_check CHECK ((cardinality(main_ports) <= 50)),
    CONSTRAINT recordations_number_check CHECK ((number ~ '^[TCPOE][0-9]{4}-[0-9]{6}$'::text)),
    CONSTRAINT recordations_number_once_approved CHECK (((number IS NOT NULL) = (status = ANY (ARRAY['approved'::text, 'revoked'::text, 'cancelled'::text])))),
    CONSTRAINT recordations_paused_while_information_requested CHECK (((status = 'information_requested'::text) = (paused_working_days_left IS NOT NULL))),
    CONSTRAINT recordations_paused_working_days_left_check CHECK ((paused_working_days_left >= 0)),
    CONSTRAINT recordations_registration_authority_check CHECK (((length(registration_authority) >= 1) AND (length(registration_authority) <= 200))),
    CONSTRAINT recordations_registration_number_check CHECK (((length(registration_number) >= 1) AND (length(registration_number) <= 64))),
    CONSTRAINT recordations_renewal_complete CHECK (((renewal_status IS NULL) OR ((renewal_submitted_at IS NOT NULL) AND (renewal_due_on IS NOT NULL) AND ((renewal_status = 'submitted'::text) = (renewal_decided_at IS NULL))))),
    CONSTRAINT recordations_renewal_note_check CHECK (((length(renewal_note) >= 1) AND (length(renewal_note) <= 2000))),
    CONSTRAINT recordations_renewal_of_approved CHECK (((renewal_status IS NULL) OR (number IS NOT NULL))),
    CONSTRAINT recordations_renewal_reason_check CHECK (((length(renewal_reason) >= 1) AND (length(renewal_reason) <= 2000))),
    CONSTRAINT recordations_renewal_status_check CHECK ((renewal_status = ANY (ARRAY['submitted'::text, 'approved'::text, 'rejected'::text]))),
    CONSTRAINT recordations_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'submitted'::text, 'information_requested'::text, 'approved'::text, 'rejected'::text, 'withdrawn'::text, 'revoked'::text, 'cancelled'::text]))),
    CONSTRAINT recordations_submitted_has_receipt CHECK (((status = 'draft'::text) OR (status = 'withdrawn'::text) OR ((submitted_at IS NOT NULL) AND (received_on IS NOT NULL)))),
    CONSTRAINT recordations_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200))),
    CONSTRAINT recordations_validity CHECK ((((number IS NULL) = (valid_from IS NULL)) AND ((valid_from IS NULL) = (valid_until IS NULL)) AND (valid_until >= valid_from) AND (valid_until <= right_expires_on))),
    CONSTRAINT recordations_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_recordation(r public.recordations, today date) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
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

CREATE TABLE public.recordation_events (
    id bigint NOT NULL,
    recordation_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    action text NOT NULL,
    from_status text,
    to_status text,
    reason text,
    details jsonb,
    actor_organization_id uuid,
    on_behalf_of_organization_id uuid,
    CONSTRAINT recordation_events_action_check CHECK ((action ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT recordation_events_details_check CHECK (((details IS NULL) OR (jsonb_typeof(details) = 'object'::text))),
    CONSTRAINT recordation_events_reason_check CHECK ((length(reason) <= 2000))
);

CREATE FUNCTION public.api_recordation_event(e public.recordation_events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT api_history_entry(e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, e.details,
                             e.actor_organization_id, e.on_behalf_of_organization_id)
$$;

CREATE FUNCTION public.api_register_item(r public.recordations) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('number', r.number, 'ipr_type', r.ipr_type, 'title', r.title,
        'holder_name', r.holder_name, 'classes', to_jsonb(r.classes), 'goods_scope', coalesce(r.goods_scope, ''),
        'hs_codes', to_jsonb(r.hs_codes), 'valid_from', r.valid_from, 'valid_until', r.valid_until)
$$;

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email text NOT NULL,
    password_hash text NOT NULL,
    full_name text NOT NULL,
    role text NOT NULL,
    organization_id uuid,
    office_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    disabled_at timestamp with time zone,
    disabled_reason text,
    disabled_by uuid,
    CONSTRAINT users_check CHECK (((role = ANY (ARRAY['hq_officer'::text, 'port_officer'::text])) = (office_id IS NOT NULL))),
    CONSTRAINT users_disabled_complete CHECK (((disabled_at IS NULL) = (disabled_reason IS NULL))),
    CONSTRAINT users_disabled_reason_check CHECK (((length(disabled_reason) >= 1) AND (length(disabled_reason) <= 500))),
    CONSTRAINT users_email_check CHECK (((length(email) >= 3) AND (length(email) <= 254))),
    CONSTRAINT users_full_name_check CHECK (((length(full_name) >= 1) AND (length(full_name) <= 200))),
    CONSTRAINT users_organization_role CHECK (((role = ANY (ARRAY['rights_holder'::text, 'importer'::text, 'agent'::text])) = (organization_id IS NOT NULL))),
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'hq_officer'::text, 'port_officer'::text, 'rights_holder'::text, 'importer'::text, 'agent'::text])))
);

CREATE FUNCTION public.api_user(u public.users) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role,
        'organization_id', u.organization_id,
        'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = u.office_id),
        'created_at', u.created_at, 'disabled_at', u.disabled_at, 'disabled_reason', u.disabled_reason));
END
$$;

CREATE FUNCTION public.api_user_ref(p_user uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name) FROM users u WHERE u.id = p_user);
END
$$;

CREATE TABLE public.watch_list_entries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    office_id uuid NOT NULL,
    recordation_id uuid,
    hs_chapter text,
    watched text GENERATED ALWAYS AS (COALESCE((recordation_id)::text, hs_chapter)) STORED,
    reason text NOT NULL,
    valid_from date NOT NULL,
    valid_until date NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    ended_at timestamp with time zone,
    ended_by uuid,
    CONSTRAINT watch_list_entries_ended CHECK (((ended_at IS NULL) = (ended_by IS NULL))),
    CONSTRAINT watch_list_entries_hs_chapter_check CHECK ((hs_chapter ~ '^[0-9]{2}$'::text)),
    CONSTRAINT watch_list_entries_one_subject CHECK ((num_nonnulls(recordation_id, hs_chapter) = 1)),
    CONSTRAINT watch_list_entries_period CHECK ((valid_until >= valid_from)),
    CONSTRAINT watch_list_entries_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 2000))),
    CONSTRAINT watch_list_entries_version_check CHECK ((version >= 1))
);

CREATE FUNCTION public.api_watch_list_entry(w public.watch_list_entries, today date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', w.id, 'version', w.version, 'office_code', f.code,
        'recordation', (SELECT jsonb_build_object('id', r.id, 'number', r.number, 'title', r.title)
                          FROM recordations r WHERE r.id = w.recordation_id),
        'hs_chapter', w.hs_chapter, 'reason', w.reason, 'valid_from', w.valid_from, 'valid_until', w.valid_until,
        'status', watch_list_status_on(w, today), 'created_by', api_user_ref(w.created_by),
        'created_at', w.created_at, 'ended_at', w.ended_at, 'ended_by', api_user_ref(w.ended_by))
      FROM customs_offices f WHERE f.id = w.office_id);
END
$$;

CREATE TABLE public.webhook_deliveries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    endpoint_id uuid NOT NULL,
    event_seq bigint NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_deliveries_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text])))
);

CREATE FUNCTION public.api_webhook_delivery(d public.webhook_deliveries) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('id', d.id, 'endpoint_id', d.endpoint_id,
        'event', (SELECT jsonb_build_object('id', e.id, 'type', e.type, 'timestamp', e.at) FROM events e
                   WHERE e.seq = d.event_seq),
        'status', d.status, 'attempts', d.attempts,
        'next_attempt_at', CASE WHEN d.status = 'pending' THEN d.next_attempt_at END,
        'created_at', d.created_at,
        'log', coalesce((SELECT jsonb_agg(jsonb_build_object('at', a.at, 'status_code', a.status_code,
                                 'error', a.error, 'latency_ms', a.latency_ms) ORDER BY a.id)
                           FROM (SELECT * FROM webhook_attempts WHERE delivery_id = d.id ORDER BY id DESC LIMIT 50) a),
                        '[]')));
END
$$;

CREATE TABLE public.webhook_endpoints (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    url text NOT NULL,
    description text,
    event_types text[] DEFAULT '{}'::text[] NOT NULL,
    secret text NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    disabled_at timestamp with time zone,
    disabled_reason text,
    busy_until timestamp with time zone,
    CONSTRAINT webhook_endpoints_description_check CHECK (((length(description) >= 1) AND (length(description) <= 200))),
    CONSTRAINT webhook_endpoints_disabled_complete CHECK (((disabled_at IS NULL) = (disabled_reason IS NULL))),
    CONSTRAINT webhook_endpoints_disabled_reason_check CHECK (((length(disabled_reason) >= 1) AND (length(disabled_reason) <= 500))),
    CONSTRAINT webhook_endpoints_event_types_check CHECK ((cardinality(event_types) <= 50)),
    CONSTRAINT webhook_endpoints_secret_check CHECK ((secret ~ '^whsec_[A-Za-z0-9+/]{43}=$'::text)),
    CONSTRAINT webhook_endpoints_url_check CHECK (((length(url) >= 8) AND (length(url) <= 2000)))
);

CREATE FUNCTION public.api_webhook_endpoint(w public.webhook_endpoints) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', w.id, 'url', w.url, 'description', w.description,
        'event_types', to_jsonb(w.event_types), 'created_at', w.created_at,
        'disabled_at', w.disabled_at, 'disabled_reason', w.disabled_reason)
$$;

CREATE FUNCTION public.authorization_check(p_recordation uuid, p_registration_number text, p_roles text[], p_on date, p_hs_code text, p_port text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN (SELECT c.answer FROM authorization_rule(p_recordation, p_registration_number, p_roles, p_on,
                                                    p_hs_code, p_port) AS c);
END
$$;

CREATE FUNCTION public.authorization_rule(p_recordation uuid, p_registration_number text, p_roles text[], p_on date, p_hs_code text, p_port text) RETURNS TABLE(answer jsonb)
    LANGUAGE sql STABLE
    AS $$
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

CREATE FUNCTION public.border_check(p_on date, p_transport_document text, p_declarant text, p_hs_codes text[], p_port text, p_text text, p_roles text[], p_limit integer, p_similarity real) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET "pg_trgm.word_similarity_threshold" TO '0.4'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    v_q text := lower(p_text);
    v_td text := upper(p_transport_document);
    v_decl text := upper(btrim(p_declarant) COLLATE "C");
    v_prefixes text[] := border_hs_prefixes(p_hs_codes);
    v_chapters text[] := (SELECT array_agg(DISTINCT left(c, 2)) FROM unnest(p_hs_codes) c);
    v_office uuid := (SELECT f.id FROM customs_offices f WHERE f.code = p_port);
    v_goods jsonb := (SELECT jsonb_agg(jsonb_build_object('hs_code', c)) FROM unnest(p_hs_codes) c);
    -- the port's entry for a chapter of the shipment's HS codes: the same for every candidate
    v_chapter_watch watch_list_entries;
    v_result jsonb;
BEGIN
    PERFORM set_config('pg_trgm.word_similarity_threshold', p_similarity::text, true);
    SELECT w.* INTO v_chapter_watch FROM watch_list_entries w
     WHERE w.office_id = v_office AND w.ended_at IS NULL AND p_on BETWEEN w.valid_from AND w.valid_until
       AND w.watched = ANY (v_chapters)
     ORDER BY w.hs_chapter, w.valid_until DESC LIMIT 1;
    -- The candidates: id, number and HS codes (the scan's row is not carried on), each branch
    -- keeping those in force on p_on.
    WITH candidates AS (
        SELECT r.id, r.number, r.hs_codes, word_similarity(v_q, lower(r.title)) AS similarity, false AS by_pc,
               false AS by_alert
          FROM recordations r
         WHERE v_q IS NOT NULL AND r.status = 'approved' AND lower(r.title) %> v_q
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, false, false FROM recordations r
         WHERE v_q IS NULL AND v_prefixes IS NOT NULL AND r.status = 'approved' AND r.hs_codes && v_prefixes
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, false, false
          FROM authorized_users a JOIN recordations r ON r.id = a.recordation_id
         WHERE v_q IS NULL AND v_decl IS NOT NULL AND a.registration_key = v_decl AND a.ended_at IS NULL
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, true, false
          FROM pre_confirmations p JOIN recordations r ON r.id = p.recordation_id
         WHERE v_td IS NOT NULL AND upper(p.transport_document) = v_td
           AND pre_confirmation_status_on(p, p_on) = 'confirmed'
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
        UNION ALL
        SELECT r.id, r.number, r.hs_codes, NULL, false, true
          FROM alerts a JOIN recordations r ON r.id = a.recordation_id
         WHERE v_td IS NOT NULL AND upper(a.transport_document) = v_td AND a.status = 'active'
           AND p_on BETWEEN a.window_from AND a.window_until
           AND recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from
    ),
    matched AS (
        SELECT c.id, min(c.number) AS number, max(c.similarity) AS similarity, bool_or(c.by_pc) AS by_pc,
               bool_or(c.by_alert) AS by_alert, bool_or(c.hs_codes && v_prefixes) AS by_hs
          FROM candidates c GROUP BY c.id
    ),
    -- The cheap part of the score, for every candidate.
    best AS (
        SELECT m.*, (CASE WHEN m.by_pc THEN 3 ELSE 0 END + CASE WHEN m.by_alert THEN 3 ELSE 0 END
                     + 2 * coalesce(m.similarity, 0) + CASE WHEN m.by_hs THEN 1 ELSE 0 END) AS base
          FROM matched m ORDER BY base DESC, m.number LIMIT 100
    ),
    -- The rest of the score, for the best 100: whether the declarant is listed, the recordation
    -- watched, an alert matching; one index probe each.
    scored AS MATERIALIZED (
        SELECT b.*,
               (SELECT true FROM authorized_users a WHERE a.recordation_id = b.id
                   AND a.registration_key = v_decl AND a.ended_at IS NULL LIMIT 1) IS NOT NULL AS listed,
               v_chapter_watch.id IS NOT NULL OR (SELECT true FROM watch_list_entries w
                 WHERE w.office_id = v_office AND w.ended_at IS NULL AND p_on BETWEEN w.valid_from AND w.valid_until
                   AND w.watched = b.id::text LIMIT 1) IS NOT NULL AS watched,
               (SELECT true FROM alerts a
                 WHERE a.recordation_id = b.id AND a.status = 'active' AND a.window_until >= p_on
                   AND a.window_from <= p_on
                   AND (a.transport_document IS NULL OR v_td IS NULL OR upper(a.transport_document) = v_td)
                   AND (cardinality(a.ports) = 0 OR p_port IS NULL OR p_port = ANY (a.ports))
                 LIMIT 1) IS NOT NULL AS alerted
          FROM best b
    ),
    ranked AS (
        SELECT s.*, s.base + CASE WHEN s.listed THEN 0.5 ELSE 0 END + CASE WHEN s.watched THEN 0.5 ELSE 0 END
                   + CASE WHEN s.alerted THEN 1 ELSE 0 END AS score
          FROM scored s ORDER BY score DESC, s.number LIMIT p_limit
    ),
    -- The page: the recordation's row, the HS code covered, the watch-list entry and the alerts
    -- of each recordation shown.
    page AS MATERIALIZED (
        SELECT k.*, r,
               (SELECT h FROM unnest(r.hs_codes) h WHERE h = ANY (v_prefixes) ORDER BY length(h) DESC, h LIMIT 1)
                   AS hs_code,
               CASE WHEN k.watched THEN coalesce((SELECT w FROM watch_list_entries w
                 WHERE w.office_id = v_office AND w.ended_at IS NULL AND p_on BETWEEN w.valid_from AND w.valid_until
                   AND w.watched = k.id::text ORDER BY w.valid_until DESC LIMIT 1), v_chapter_watch) END AS watch,
               CASE WHEN k.alerted THEN (SELECT jsonb_agg(jsonb_build_object('id', a.id,
                           'transport_document', a.transport_document, 'origin', a.origin, 'ports', to_jsonb(a.ports), 'window_from', a.window_from,
                           'window_until', a.window_until, 'note', a.note, 'created_at', a.created_at)
                           ORDER BY a.window_from, a.id)
                  FROM alerts a
                 WHERE a.recordation_id = k.id AND a.status = 'active' AND a.window_until >= p_on
                   AND a.window_from <= p_on
                   AND (a.transport_document IS NULL OR v_td IS NULL OR upper(a.transport_document) = v_td)
                   AND (cardinality(a.ports) = 0 OR p_port IS NULL OR p_port = ANY (a.ports))) END AS alerts
          FROM ranked k JOIN recordations r ON r.id = k.id
    )
    SELECT jsonb_build_object('date', p_on, 'port', p_port, 'items', coalesce(jsonb_agg(jsonb_build_object(
        'recordation', jsonb_build_object('id', (k.r).id, 'number', (k.r).number, 'ipr_type', (k.r).ipr_type,
            'title', (k.r).title, 'status', recordation_status_on(k.r, p_on),
            'holder', jsonb_build_object('organization_id', (k.r).organization_id, 'name', (k.r).holder_name),
            'classes', to_jsonb((k.r).classes), 'goods_scope', (k.r).goods_scope, 'hs_codes', to_jsonb((k.r).hs_codes),
            'valid_from', (k.r).valid_from, 'valid_until', (k.r).valid_until),
        'score', round(k.score::numeric, 3),
        'reasons', (SELECT coalesce(jsonb_agg(x.reason ORDER BY x.n), '[]') FROM (VALUES
            (1, CASE WHEN k.by_pc THEN jsonb_build_object('code', 'transport_document_pre_confirmed') END),
            (2, CASE WHEN k.by_alert THEN jsonb_build_object('code', 'transport_document_alert') END),
            (3, CASE WHEN k.similarity IS NOT NULL THEN jsonb_build_object('code', 'mark',
                    'similarity', round(k.similarity::numeric, 3)) END),
            (4, CASE WHEN k.hs_code IS NOT NULL THEN jsonb_build_object('code', 'hs_code', 'hs_code', k.hs_code) END),
            (5, CASE WHEN k.listed THEN jsonb_build_object('code', 'declarant_listed') END),
            (6, CASE WHEN k.watched THEN jsonb_build_object('code', 'watch_list') END),
            (7, CASE WHEN k.alerted THEN jsonb_build_object('code', 'alert') END)) AS x(n, reason)
            WHERE x.reason IS NOT NULL),
        'authorized', CASE WHEN v_decl IS NULL THEN NULL
            -- not listed at all: no entry can match, and every candidate is valid on p_on
            WHEN NOT k.listed THEN '{"recordation_valid": true, "authorized": false, "matches": []}'::jsonb
            WHEN v_goods IS NULL THEN authorization_check((k.r).id, p_declarant, p_roles, p_on, NULL, p_port)
            ELSE pre_confirmation_auto_check((k.r).id, p_declarant, p_roles, p_on, v_goods, p_port) END,
        'pre_confirmation', CASE WHEN k.by_pc THEN (
            SELECT jsonb_build_object('id', p.id, 'number', p.number, 'status', 'confirmed',
                       'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = p.office_id),
                       'transport_document', p.transport_document, 'expected_on', p.expected_on,
                       'valid_until', p.valid_until,
                       'importer', (SELECT jsonb_build_object('name', o.name, 'registration_number',
                                        o.registration_number) FROM organizations o WHERE o.id = p.organization_id))
              FROM pre_confirmations p
             WHERE upper(p.transport_document) = v_td AND p.recordation_id = (k.r).id
               AND pre_confirmation_status_on(p, p_on) = 'confirmed'
             ORDER BY p.decided_at DESC, p.id LIMIT 1) END,
        'guide', (SELECT jsonb_build_object('href', '/v1/recordations/' || g.recordation_id || '/guide',
                      'version', g.version, 'summary', g.summary, 'distinguishing_features', g.distinguishing_features,
                      'photo_count', (SELECT count(*) FROM documents d WHERE d.guide_of = g.recordation_id),
                      'updated_at', g.updated_at)
                    FROM recordation_guides g WHERE g.recordation_id = (k.r).id),
        'alerts', coalesce(k.alerts, '[]'),
        'watched', CASE WHEN (k.watch).id IS NOT NULL THEN jsonb_build_object('id', (k.watch).id,
            'office_code', p_port, 'hs_chapter', (k.watch).hs_chapter, 'reason', (k.watch).reason,
            'valid_from', (k.watch).valid_from, 'valid_until', (k.watch).valid_until) END)
        ORDER BY k.score DESC, (k.r).number), '[]'))
      INTO v_result
      FROM page k;
    RETURN v_result;
END
$$;

CREATE FUNCTION public.border_guide_features(j jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('feature', e->>'feature', 'genuine', e->>'genuine',
                                                 'counterfeit', e->>'counterfeit') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END) WITH ORDINALITY AS t(e, n)
$$;

CREATE FUNCTION public.border_guide_routes(j jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('origin', e->>'origin',
                                                 'ports', coalesce(e->'ports', '[]'), 'note', e->>'note') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END) WITH ORDINALITY AS t(e, n)
$$;

CREATE FUNCTION public.border_hs_prefixes(codes text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT array_agg(DISTINCT left(c, n)) FROM unnest(codes) AS c, generate_series(2, 10) AS n WHERE n <= length(c)
$$;

CREATE FUNCTION public.case_audiences(c public.cases, type text) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT ARRAY[CASE WHEN type <> 'case.deadline_today' THEN 'org:' || c.holder_id END,
                 CASE WHEN type <> 'case.answer_due_tomorrow' THEN 'office:' || c.office_id END]
           || CASE WHEN type <> 'case.deadline_today' THEN
                   holder_agents(c.holder_id, ARRAY(SELECT x.recordation_id FROM case_recordations x
                                                     WHERE x.case_id = c.id), 'answer_cases') ELSE '{}' END);
END
$$;

CREATE FUNCTION public.case_due_on(c public.cases, today date) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE case_status_on(c, today) WHEN 'notified' THEN c.response_due_on
                                         WHEN 'detained' THEN c.investigation_due_on END
$$;

CREATE FUNCTION public.case_event_subject(c public.cases) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('type', 'case', 'id', c.id, 'number', c.number, 'status', c.status,
        'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = c.office_id),
        'transport_document', c.transport_document,
        'recordation_numbers', coalesce((SELECT jsonb_agg(r.number ORDER BY x.position) FROM case_recordations x
                                          JOIN recordations r ON r.id = x.recordation_id WHERE x.case_id = c.id), '[]'),
        'response_due_on', c.response_due_on, 'investigation_due_on', c.investigation_due_on));
END
$$;

CREATE FUNCTION public.case_goods(j jsonb, cny numeric[]) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('description', e->>'description', 'hs_code', e->>'hs_code',
                                                 'quantity', e->'quantity', 'unit', e->>'unit',
                                                 'declared_value', e->'declared_value', 'currency', e->>'currency',
                                                 'declared_value_cny', cny[n]) ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n));
END
$$;

CREATE FUNCTION public.case_mandate_permits(p_agent uuid, p_case uuid, p_holder uuid, p_action text, p_today date) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT EXISTS (SELECT 1 FROM case_recordations cr WHERE cr.case_id = p_case)
       AND NOT EXISTS (SELECT 1 FROM case_recordations cr
                        WHERE cr.case_id = p_case
                          AND NOT mandate_permits(p_agent, p_holder, cr.recordation_id, p_action, p_today)));
END
$$;

CREATE FUNCTION public.case_party(j jsonb) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN jsonb_typeof(j) = 'object' THEN jsonb_strip_nulls(jsonb_build_object(
        'name', j->>'name', 'registration_number', j->>'registration_number', 'country', j->>'country',
        'address', j->>'address')) END
$$;

CREATE FUNCTION public.case_status_on(c public.cases, today date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN c.status = 'notified' AND c.response_due_on < today THEN 'unanswered' ELSE c.status END
$$;

CREATE FUNCTION public.event_actor(u uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('user_id', x.id, 'full_name', x.full_name, 'role', x.role,
                              'organization', api_organization_ref(x.organization_id))
      FROM users x WHERE x.id = u);
END
$$;

CREATE FUNCTION public.event_emit(p_type text, p_subject jsonb, p_audiences text[], p_data jsonb, p_occasion date) RETURNS integer
    LANGUAGE plpgsql
    AS $$
BEGIN
    RETURN event_emit_rows(ARRAY[ROW(0, p_type, p_subject, p_audiences, p_data, p_occasion)::event_draft]);
END
$$;

CREATE FUNCTION public.event_emit_rows(drafts public.event_draft[]) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.events_horizon() RETURNS xid8
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    snapshot pg_snapshot := pg_current_snapshot();
BEGIN
    RETURN coalesce((SELECT min(x.xid) FROM pg_snapshot_xip(snapshot) AS x(xid)
                      WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                                         WHERE a.datname IS DISTINCT FROM current_database()
                                           AND a.backend_xid::text::bigint = (x.xid::text::numeric % 4294967296)::bigint)),
                    pg_snapshot_xmax(snapshot));
END
$$;

CREATE FUNCTION public.events_relay(p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    AS $_$
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
$_$;

CREATE FUNCTION public.history_actor_organization() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.actor_organization_id IS NULL AND NEW.actor_user_id IS NOT NULL THEN
        SELECT u.organization_id INTO NEW.actor_organization_id FROM users u WHERE u.id = NEW.actor_user_id;
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION public.history_on_behalf() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.holder_agents(holder uuid, recordations uuid[], action text) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN (SELECT coalesce(array_agg(DISTINCT 'org:' || m.agent_id), '{}') FROM mandates m
             WHERE m.holder_id = holder AND m.status = 'accepted' AND cardinality(recordations) > 0
               AND (SELECT bool_and(mandate_permits(m.agent_id, holder, x, action, registry_today()))
                      FROM unnest(recordations) x));
END
$$;

CREATE FUNCTION public.log_append() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO log_queue (source, source_id, event)
        SELECT TG_TABLE_NAME, r.id, log_event(TG_TABLE_NAME, to_jsonb(r)) FROM new_rows r ORDER BY r.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.log_event(source text, r jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('source', source, 'id', r->'id',
        'subject', coalesce(r->>'recordation_id', r->>'pre_confirmation_id', r->>'case_id', r->>'subject',
                            r->>'mandate_id', r->>'agent_id'),
        'at', to_char((r->>'at')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', r->'actor_user_id', 'action', r->'action', 'from', r->'from_status', 'to', r->'to_status',
        'reason', r->'reason', 'details', r->'details')
        || CASE WHEN r->>'on_behalf_of_organization_id' IS NOT NULL
                THEN jsonb_build_object('actor_organization', r->'actor_organization_id',
                                        'on_behalf_of', r->'on_behalf_of_organization_id')
                ELSE '{}' END);
END
$$;

CREATE FUNCTION public.log_sequence() RETURNS bigint
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.mandate_audiences(m public.mandates, type text) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
    SELECT ARRAY['org:' || m.holder_id, 'org:' || m.agent_id]
$$;

CREATE FUNCTION public.mandate_event_subject(m public.mandates) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('type', 'mandate', 'id', m.id, 'status', m.status,
        'holder', jsonb_build_object('organization_id', m.holder_id,
                                     'name', (SELECT o.name FROM organizations o WHERE o.id = m.holder_id)),
        'agent', jsonb_build_object('organization_id', m.agent_id,
                                    'name', (SELECT o.name FROM organizations o WHERE o.id = m.agent_id)),
        'all_recordations', m.all_recordations, 'actions', to_jsonb(m.actions),
        'valid_from', m.valid_from, 'valid_until', m.valid_until));
END
$$;

CREATE FUNCTION public.mandate_permits(p_agent uuid, p_holder uuid, p_recordation uuid, p_action text, p_today date) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT EXISTS (
        SELECT 1 FROM mandates m JOIN agent_registrations a ON a.organization_id = m.agent_id
         WHERE m.agent_id = p_agent AND m.holder_id = p_holder AND m.status = 'accepted'
           AND a.status = 'approved'
           AND p_today BETWEEN m.valid_from AND m.valid_until
           AND (m.all_recordations OR p_recordation = ANY (m.recordation_ids))
           AND (p_action IS NULL OR p_action = ANY (m.actions))));
END
$$;

CREATE FUNCTION public.mandate_status_on(m public.mandates, today date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN m.status IN ('offered', 'accepted') AND m.valid_until < today THEN 'expired'
                ELSE m.status END
$$;

CREATE FUNCTION public.notify_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('iprd_changes', TG_ARGV[0]);
    RETURN NULL;
END
$$;

CREATE FUNCTION public.notify_session_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('iprd_changes', 'session:' || OLD.token_hash);
    RETURN NULL;
END
$$;

CREATE FUNCTION public.pre_confirmation_audiences(p public.pre_confirmations, type text) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT ARRAY[CASE WHEN type <> 'pre_confirmation.overdue' THEN 'org:' || p.organization_id END,
                 CASE WHEN type <> 'pre_confirmation.overdue' THEN
                      (SELECT 'org:' || r.organization_id FROM recordations r WHERE r.id = p.recordation_id) END,
                 CASE WHEN type IN ('pre_confirmation.submitted', 'pre_confirmation.withdrawn',
                                    'pre_confirmation.overdue') THEN 'office:' || p.office_id END]
           || CASE WHEN type <> 'pre_confirmation.overdue' THEN
                   (SELECT holder_agents(r.organization_id, ARRAY[r.id], NULL) FROM recordations r
                     WHERE r.id = p.recordation_id) ELSE '{}' END);
END
$$;

CREATE FUNCTION public.pre_confirmation_auto_check(p_recordation uuid, p_registration_number text, p_roles text[], p_on date, p_goods jsonb, p_port text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (WITH c AS (SELECT authorization_check(p_recordation, p_registration_number, p_roles, p_on, g->>'hs_code',
                                          p_port) AS r
                 FROM jsonb_array_elements(p_goods) AS t(g))
    SELECT jsonb_build_object(
        'recordation_valid', coalesce(bool_and((c.r->>'recordation_valid')::boolean), false),
        'authorized', coalesce(bool_and((c.r->>'authorized')::boolean), false),
        'matches', (SELECT coalesce(jsonb_agg(m ORDER BY m->>'name', m->>'registration_number', m->>'id'), '[]')
                      FROM (SELECT DISTINCT m FROM c, jsonb_array_elements(c.r->'matches') AS x(m)) d))
      FROM c);
END
$$;

CREATE FUNCTION public.pre_confirmation_event_subject(p public.pre_confirmations) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('type', 'pre_confirmation', 'id', p.id, 'number', p.number, 'status', p.status,
        'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = p.office_id),
        'recordation_number', (SELECT r.number FROM recordations r WHERE r.id = p.recordation_id),
        'transport_document', p.transport_document, 'due_on', p.due_on, 'valid_until', p.valid_until));
END
$$;

CREATE FUNCTION public.pre_confirmation_goods(j jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('description', e->>'description', 'hs_code', e->>'hs_code',
                                                 'quantity', e->'quantity', 'unit', e->>'unit', 'value', e->'value',
                                                 'currency', e->>'currency') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n));
END
$$;

CREATE FUNCTION public.pre_confirmation_status_on(p public.pre_confirmations, today date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN p.status = 'confirmed' AND p.valid_until < today THEN 'expired' ELSE p.status END
$$;

CREATE FUNCTION public.recordation_agent(p_recordation uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_build_object('organization_id', g.id, 'name', g.name, 'contact_email', g.contact_email,
                              'phone', g.phone, 'acting_user', u.full_name)
      FROM recordation_events e JOIN organizations g ON g.id = e.actor_organization_id
      JOIN users u ON u.id = e.actor_user_id
     WHERE e.recordation_id = p_recordation AND e.on_behalf_of_organization_id IS NOT NULL
     ORDER BY e.id DESC LIMIT 1);
END
$$;

CREATE FUNCTION public.recordation_audiences(r public.recordations, type text) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
    SELECT ARRAY[CASE WHEN type <> 'recordation.overdue' THEN 'org:' || r.organization_id END,
                 CASE WHEN type IN ('recordation.submitted', 'recordation.withdrawn', 'recordation.cancelled',
                                    'recordation.renewal_submitted', 'recordation.overdue') THEN 'hq' END]
           || CASE WHEN type <> 'recordation.overdue' THEN holder_agents(r.organization_id, ARRAY[r.id], NULL)
                   ELSE '{}' END
$$;

CREATE FUNCTION public.recordation_class_array(j jsonb) RETURNS smallint[]
    LANGUAGE plpgsql IMMUTABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT coalesce(array_agg(e::smallint ORDER BY e::smallint), '{}')
      FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END) AS t(e));
END
$$;

CREATE FUNCTION public.recordation_event_subject(r public.recordations) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('type', 'recordation', 'id', r.id, 'number', r.number, 'title', r.title,
        'status', r.status, 'due_on', r.due_on, 'valid_until', r.valid_until,
        'holder', jsonb_build_object('organization_id', r.organization_id, 'name', r.holder_name))
$$;

CREATE FUNCTION public.recordation_parties(j jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('name', e->>'name', 'country', e->>'country',
                                                 'address', e->>'address') ORDER BY n), '[]')
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n));
END
$$;

CREATE FUNCTION public.recordation_status_on(r public.recordations, today date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN r.status = 'approved' AND r.valid_until < today
                     AND r.renewal_status IS DISTINCT FROM 'submitted' THEN 'expired'
                ELSE r.status END
$$;

CREATE FUNCTION public.recordation_text_array(j jsonb) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    AS $$#variable_conflict use_column
BEGIN
    RETURN (SELECT coalesce(array_agg(e ORDER BY n), '{}')
      FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(j) = 'array' THEN j ELSE '[]' END)
           WITH ORDINALITY AS t(e, n));
END
$$;

CREATE FUNCTION public.register_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF current_setting('iprd.register_changed', true) IS DISTINCT FROM 'yes' THEN
        UPDATE register_version SET n = n + 1;
        PERFORM set_config('iprd.register_changed', 'yes', true);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.register_shown_until(r public.recordations) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN r.renewal_status = 'submitted' THEN 'infinity' ELSE r.valid_until END
$$;

CREATE FUNCTION public.register_words_of(search_text text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(search_text, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+') w
     WHERE w <> ''
$$;

CREATE FUNCTION public.register_words_rebuild() RETURNS void
    LANGUAGE sql
    AS $$
    TRUNCATE register_words;
    INSERT INTO register_vocabulary (word)
    SELECT DISTINCT w FROM recordations r, register_words_of(r.search_text) w WHERE r.status = 'approved'
    ON CONFLICT DO NOTHING;
    INSERT INTO register_words (word, number, recordation_id, shown_until)
    SELECT w, r.number, r.id, register_shown_until(r)
      FROM recordations r, register_words_of(r.search_text) w WHERE r.status = 'approved';
$$;

CREATE FUNCTION public.register_words_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'approved' THEN
        DELETE FROM register_words x
         WHERE x.number = OLD.number AND x.word IN (SELECT register_words_of(OLD.search_text));
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'approved' THEN
        INSERT INTO register_vocabulary (word) SELECT register_words_of(NEW.search_text) ON CONFLICT DO NOTHING;
        INSERT INTO register_words (word, number, recordation_id, shown_until)
        SELECT w, NEW.number, NEW.id, register_shown_until(NEW) FROM register_words_of(NEW.search_text) w;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.registry_today() RETURNS date
    LANGUAGE sql STABLE
    AS $$
    SELECT (now() AT TIME ZONE coalesce(nullif(current_setting('iprd.timezone', true), ''), 'UTC'))::date
$$;

CREATE FUNCTION public.status_index_take() RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    list bigint := nextval('certificate_status_index') / 65536;
    pick bigint;
BEGIN
    LOOP
        pick := list * 131072 + floor(random() * 131072)::bigint;
        INSERT INTO status_indexes VALUES (pick) ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN pick;
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION public.vc_instant(t timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

CREATE FUNCTION public.vc_status_entry(base text, idx bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', base || '/v1/status-lists/' || (idx / 131072) || '#' || (idx % 131072),
        'type', 'BitstringStatusListEntry', 'statusPurpose', 'revocation',
        'statusListIndex', (idx % 131072)::text,
        'statusListCredential', base || '/v1/status-lists/' || (idx / 131072))
$$;

CREATE FUNCTION public.watch_list_status_on(w public.watch_list_entries, today date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN w.ended_at IS NOT NULL THEN 'ended' WHEN w.valid_from > today THEN 'scheduled'
                WHEN w.valid_until < today THEN 'expired' ELSE 'active' END
$$;

ALTER TABLE public.agent_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.agent_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.alert_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.alert_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.calendar_exceptions (
    day date NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    CONSTRAINT calendar_exceptions_check CHECK (((kind = 'holiday'::text) = (EXTRACT(isodow FROM day) <= (5)::numeric))),
    CONSTRAINT calendar_exceptions_kind_check CHECK ((kind = ANY (ARRAY['holiday'::text, 'working_day'::text]))),
    CONSTRAINT calendar_exceptions_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200)))
);

CREATE TABLE public.case_counters (
    year integer NOT NULL,
    last_value bigint NOT NULL,
    CONSTRAINT case_counters_last_value_check CHECK (((last_value >= 1) AND (last_value <= 999999))),
    CONSTRAINT case_counters_year_check CHECK (((year >= 1900) AND (year <= 9999)))
);

ALTER TABLE public.case_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.case_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.case_recordations (
    case_id uuid NOT NULL,
    recordation_id uuid NOT NULL,
    "position" smallint NOT NULL,
    CONSTRAINT case_recordations_position_check CHECK (("position" >= 1))
);

CREATE SEQUENCE public.certificate_status_index
    START WITH 0
    INCREMENT BY 1
    MINVALUE 0
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.certificates (
    id uuid NOT NULL,
    recordation_id uuid,
    pre_confirmation_id uuid,
    status_index bigint NOT NULL,
    issued_at timestamp with time zone DEFAULT now() NOT NULL,
    verification_method text NOT NULL,
    credential text NOT NULL,
    CONSTRAINT certificates_credential_check CHECK (((length(credential) >= 2) AND (length(credential) <= 1000000))),
    CONSTRAINT certificates_one_subject CHECK ((num_nonnulls(recordation_id, pre_confirmation_id) = 1)),
    CONSTRAINT certificates_status_index_check CHECK ((status_index >= 0))
);

CREATE TABLE public.document_chunks (
    content_id bigint NOT NULL,
    n integer NOT NULL,
    data bytea NOT NULL,
    CONSTRAINT document_chunks_data_check CHECK (((length(data) >= 1) AND (length(data) <= 1048576))),
    CONSTRAINT document_chunks_n_check CHECK ((n >= 0))
);
ALTER TABLE ONLY public.document_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE public.document_contents (
    id bigint NOT NULL,
    organization_id uuid,
    sha256 text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL,
    chunk_count integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    office_id uuid,
    CONSTRAINT document_contents_chunk_count_check CHECK ((chunk_count >= 1)),
    CONSTRAINT document_contents_content_type_check CHECK ((content_type = ANY (ARRAY['application/pdf'::text, 'image/jpeg'::text, 'image/png'::text, 'image/webp'::text]))),
    CONSTRAINT document_contents_one_owner CHECK ((num_nonnulls(organization_id, office_id) = 1)),
    CONSTRAINT document_contents_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT document_contents_size_check CHECK ((size > 0))
);

ALTER TABLE public.document_contents ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.document_contents_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.event_outbox (
    seq bigint NOT NULL,
    kind text NOT NULL,
    type text NOT NULL,
    subject_id uuid NOT NULL,
    actor_user_id uuid,
    data jsonb
)
WITH (autovacuum_vacuum_threshold='1000', autovacuum_vacuum_scale_factor='0');

ALTER TABLE public.event_outbox ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.event_outbox_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.events ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.events_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    status smallint,
    content_type text,
    location text,
    etag text,
    body bytea,
    CONSTRAINT idempotency_keys_check CHECK ((expires_at > created_at)),
    CONSTRAINT idempotency_keys_key_check CHECK ((key ~ '^[!-~]{1,255}$'::text)),
    CONSTRAINT idempotency_keys_request_hash_check CHECK ((request_hash ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT idempotency_keys_status_check CHECK (((status >= 200) AND (status <= 299)))
);

CREATE TABLE public.log_checkpoints (
    period timestamp with time zone NOT NULL,
    size bigint NOT NULL,
    root bytea NOT NULL,
    note text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT log_checkpoints_root_check CHECK ((length(root) = 32)),
    CONSTRAINT log_checkpoints_size_check CHECK ((size >= 0))
);

CREATE TABLE public.log_entries (
    seq bigint NOT NULL,
    source text NOT NULL,
    source_id bigint NOT NULL,
    event jsonb NOT NULL,
    leaf_hash bytea,
    CONSTRAINT log_entries_event_check CHECK ((jsonb_typeof(event) = 'object'::text)),
    CONSTRAINT log_entries_leaf_hash_check CHECK ((length(leaf_hash) = 32)),
    CONSTRAINT log_entries_seq_check CHECK ((seq >= 0))
);

CREATE TABLE public.log_head (
    one boolean DEFAULT true NOT NULL,
    size bigint NOT NULL,
    CONSTRAINT log_head_one_check CHECK (one),
    CONSTRAINT log_head_size_check CHECK ((size >= 0))
);

CREATE TABLE public.log_nodes (
    level smallint NOT NULL,
    idx bigint NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT log_nodes_hash_check CHECK ((length(hash) = 32)),
    CONSTRAINT log_nodes_idx_check CHECK ((idx >= 0)),
    CONSTRAINT log_nodes_level_check CHECK (((level >= 1) AND (level <= 62)))
);

CREATE TABLE public.log_queue (
    id bigint NOT NULL,
    source text NOT NULL,
    source_id bigint NOT NULL,
    event jsonb NOT NULL,
    CONSTRAINT log_queue_event_check CHECK ((jsonb_typeof(event) = 'object'::text))
);

ALTER TABLE public.log_queue ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.log_queue_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.registry_events (
    id bigint NOT NULL,
    subject text NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    action text NOT NULL,
    reason text,
    details jsonb,
    CONSTRAINT registry_events_action_check CHECK ((action ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT registry_events_details_check CHECK (((details IS NULL) OR (jsonb_typeof(details) = 'object'::text))),
    CONSTRAINT registry_events_reason_check CHECK ((length(reason) <= 2000)),
    CONSTRAINT registry_events_subject_check CHECK ((subject ~ '^(calendar|user):[0-9a-f-]{10,36}$'::text))
);

CREATE VIEW public.log_sources AS
 SELECT 'recordation_events'::text AS source,
    e.id,
    to_jsonb(e.*) AS r
   FROM public.recordation_events e
UNION ALL
 SELECT 'pre_confirmation_events'::text AS source,
    e.id,
    to_jsonb(e.*) AS r
   FROM public.pre_confirmation_events e
UNION ALL
 SELECT 'registry_events'::text AS source,
    e.id,
    to_jsonb(e.*) AS r
   FROM public.registry_events e
UNION ALL
 SELECT 'case_events'::text AS source,
    e.id,
    to_jsonb(e.*) AS r
   FROM public.case_events e
UNION ALL
 SELECT 'agent_events'::text AS source,
    e.id,
    to_jsonb(e.*) AS r
   FROM public.agent_events e
UNION ALL
 SELECT 'mandate_events'::text AS source,
    e.id,
    to_jsonb(e.*) AS r
   FROM public.mandate_events e;

ALTER TABLE public.mandate_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.mandate_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.pre_confirmation_counters (
    year integer NOT NULL,
    last_value bigint NOT NULL,
    CONSTRAINT pre_confirmation_counters_last_value_check CHECK (((last_value >= 1) AND (last_value <= 999999))),
    CONSTRAINT pre_confirmation_counters_year_check CHECK (((year >= 1900) AND (year <= 9999)))
);

ALTER TABLE public.pre_confirmation_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.pre_confirmation_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.recordation_counters (
    prefix text NOT NULL,
    year integer NOT NULL,
    last_value bigint NOT NULL,
    CONSTRAINT recordation_counters_last_value_check CHECK (((last_value >= 1) AND (last_value <= 999999))),
    CONSTRAINT recordation_counters_prefix_check CHECK ((prefix ~ '^[TCPOE]$'::text)),
    CONSTRAINT recordation_counters_year_check CHECK (((year >= 1900) AND (year <= 9999)))
);

ALTER TABLE public.recordation_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.recordation_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.register_version (
    one boolean DEFAULT true NOT NULL,
    n bigint NOT NULL,
    CONSTRAINT register_version_one_check CHECK (one)
);

CREATE TABLE public.register_vocabulary (
    word text NOT NULL
);

CREATE TABLE public.register_words (
    word text NOT NULL,
    number text NOT NULL,
    recordation_id uuid NOT NULL,
    shown_until date NOT NULL
);

ALTER TABLE public.registry_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.registry_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.schema_migrations (
    version text NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.sessions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    token_hash text NOT NULL,
    client_ip inet,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT sessions_token_hash_check CHECK ((token_hash ~ '^[0-9a-f]{64}$'::text))
);

CREATE TABLE public.signing_keys (
    multikey text NOT NULL,
    first_used_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT signing_keys_multikey_check CHECK ((multikey ~ '^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$'::text))
);

CREATE TABLE public.status_indexes (
    status_index bigint NOT NULL,
    CONSTRAINT status_indexes_status_index_check CHECK ((status_index >= 0))
);

CREATE TABLE public.status_lists (
    list bigint NOT NULL,
    bits_sha256 text NOT NULL,
    credential text NOT NULL,
    issued_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT status_lists_bits_sha256_check CHECK ((bits_sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT status_lists_list_check CHECK ((list >= 0))
);

CREATE TABLE public.webhook_attempts (
    id bigint NOT NULL,
    delivery_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    status_code integer,
    error text,
    latency_ms integer NOT NULL,
    CONSTRAINT webhook_attempts_error_check CHECK ((length(error) <= 500)),
    CONSTRAINT webhook_attempts_latency_ms_check CHECK ((latency_ms >= 0)),
    CONSTRAINT webhook_attempts_status_code_check CHECK (((status_code >= 100) AND (status_code <= 599)))
);

ALTER TABLE public.webhook_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.webhook_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.agent_events
    ADD CONSTRAINT agent_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.agent_registrations
    ADD CONSTRAINT agent_registrations_pkey PRIMARY KEY (organization_id);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.authorized_users
    ADD CONSTRAINT authorized_users_no_overlap EXCLUDE USING gist (recordation_id WITH =, registration_key WITH =, daterange(valid_from, valid_until, '[]'::text) WITH &&) WHERE ((ended_at IS NULL));

ALTER TABLE ONLY public.authorized_users
    ADD CONSTRAINT authorized_users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.calendar_exceptions
    ADD CONSTRAINT calendar_exceptions_pkey PRIMARY KEY (day);

ALTER TABLE ONLY public.case_counters
    ADD CONSTRAINT case_counters_pkey PRIMARY KEY (year);

ALTER TABLE ONLY public.case_events
    ADD CONSTRAINT case_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.case_recordations
    ADD CONSTRAINT case_recordations_pkey PRIMARY KEY (case_id, recordation_id);

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_number_key UNIQUE (number);

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.certificates
    ADD CONSTRAINT certificates_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.customs_offices
    ADD CONSTRAINT customs_offices_code_key UNIQUE (code);

ALTER TABLE ONLY public.customs_offices
    ADD CONSTRAINT customs_offices_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.document_chunks
    ADD CONSTRAINT document_chunks_pkey PRIMARY KEY (content_id, n);

ALTER TABLE ONLY public.document_contents
    ADD CONSTRAINT document_contents_once UNIQUE (organization_id, sha256);

ALTER TABLE ONLY public.document_contents
    ADD CONSTRAINT document_contents_once_per_office UNIQUE (office_id, sha256);

ALTER TABLE ONLY public.document_contents
    ADD CONSTRAINT document_contents_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_case_once UNIQUE (case_id, content_id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_guide_once UNIQUE (guide_of, content_id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_mandate_once UNIQUE (mandate_id, content_id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pre_confirmation_once UNIQUE (pre_confirmation_id, content_id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_recordation_once UNIQUE (recordation_id, content_id);

ALTER TABLE ONLY public.event_outbox
    ADD CONSTRAINT event_outbox_pkey PRIMARY KEY (seq);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (seq);

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);

ALTER TABLE ONLY public.log_checkpoints
    ADD CONSTRAINT log_checkpoints_pkey PRIMARY KEY (period);

ALTER TABLE ONLY public.log_entries
    ADD CONSTRAINT log_entries_pkey PRIMARY KEY (seq);

ALTER TABLE ONLY public.log_entries
    ADD CONSTRAINT log_entries_source_source_id_key UNIQUE (source, source_id);

ALTER TABLE ONLY public.log_head
    ADD CONSTRAINT log_head_pkey PRIMARY KEY (one);

ALTER TABLE ONLY public.log_nodes
    ADD CONSTRAINT log_nodes_pkey PRIMARY KEY (level, idx);

ALTER TABLE ONLY public.log_queue
    ADD CONSTRAINT log_queue_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.mandate_events
    ADD CONSTRAINT mandate_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.mandates
    ADD CONSTRAINT mandates_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.pre_confirmation_counters
    ADD CONSTRAINT pre_confirmation_counters_pkey PRIMARY KEY (year);

ALTER TABLE ONLY public.pre_confirmation_events
    ADD CONSTRAINT pre_confirmation_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.pre_confirmations
    ADD CONSTRAINT pre_confirmations_number_key UNIQUE (number);

ALTER TABLE ONLY public.pre_confirmations
    ADD CONSTRAINT pre_confirmations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.recordation_counters
    ADD CONSTRAINT recordation_counters_pkey PRIMARY KEY (prefix, year);

ALTER TABLE ONLY public.recordation_events
    ADD CONSTRAINT recordation_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.recordation_guides
    ADD CONSTRAINT recordation_guides_pkey PRIMARY KEY (recordation_id);

ALTER TABLE ONLY public.recordations
    ADD CONSTRAINT recordations_number_key UNIQUE (number);

ALTER TABLE ONLY public.recordations
    ADD CONSTRAINT recordations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.register_version
    ADD CONSTRAINT register_version_pkey PRIMARY KEY (one);

ALTER TABLE ONLY public.register_vocabulary
    ADD CONSTRAINT register_vocabulary_pkey PRIMARY KEY (word);

ALTER TABLE ONLY public.register_words
    ADD CONSTRAINT register_words_pkey PRIMARY KEY (word, number) INCLUDE (recordation_id, shown_until);

ALTER TABLE ONLY public.registry_events
    ADD CONSTRAINT registry_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.signing_keys
    ADD CONSTRAINT signing_keys_pkey PRIMARY KEY (multikey);

ALTER TABLE ONLY public.status_indexes
    ADD CONSTRAINT status_indexes_pkey PRIMARY KEY (status_index);

ALTER TABLE ONLY public.status_lists
    ADD CONSTRAINT status_lists_pkey PRIMARY KEY (list);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.watch_list_entries
    ADD CONSTRAINT watch_list_entries_no_overlap EXCLUDE USING gist (office_id WITH =, watched WITH =, daterange(valid_from, valid_until, '[]'::text) WITH &&) WHERE ((ended_at IS NULL));

ALTER TABLE ONLY public.watch_list_entries
    ADD CONSTRAINT watch_list_entries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_endpoint_id_event_seq_key UNIQUE (endpoint_id, event_seq);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id);

CREATE INDEX agent_events_agent ON public.agent_events USING btree (agent_id, id);

CREATE INDEX agent_registrations_status ON public.agent_registrations USING btree (status, created_at DESC, organization_id);

CREATE INDEX alert_events_alert ON public.alert_events USING btree (alert_id, id);

CREATE INDEX alerts_newest ON public.alerts USING btree (created_at DESC, id DESC);

CREATE INDEX alerts_organization ON public.alerts USING btree (organization_id, created_at DESC, id DESC);

CREATE INDEX alerts_recordation ON public.alerts USING btree (recordation_id, window_until) WHERE (status = 'active'::text);

CREATE INDEX alerts_transport_document ON public.alerts USING btree (upper(transport_document)) WHERE ((status = 'active'::text) AND (transport_document IS NOT NULL));

CREATE INDEX authorized_users_check ON public.authorized_users USING btree (recordation_id, registration_key) WHERE (ended_at IS NULL);

CREATE INDEX authorized_users_declarant ON public.authorized_users USING btree (registration_key) WHERE (ended_at IS NULL);

CREATE INDEX authorized_users_list ON public.authorized_users USING btree (recordation_id, name, registration_number, id);

CREATE INDEX case_events_case ON public.case_events USING btree (case_id, id);

CREATE INDEX case_recordations_recordation ON public.case_recordations USING btree (recordation_id);

CREATE INDEX cases_holder ON public.cases USING btree (holder_id, status);

CREATE INDEX cases_office ON public.cases USING btree (office_id, status);

CREATE INDEX cases_opened ON public.cases USING btree (opened_on);

CREATE INDEX cases_transport_document ON public.cases USING btree (upper(transport_document));

CREATE INDEX certificates_pre_confirmation ON public.certificates USING btree (pre_confirmation_id, issued_at DESC) WHERE (pre_confirmation_id IS NOT NULL);

CREATE INDEX certificates_recordation ON public.certificates USING btree (recordation_id, issued_at DESC) WHERE (recordation_id IS NOT NULL);

CREATE INDEX certificates_status_index ON public.certificates USING btree (status_index);

CREATE INDEX documents_content ON public.documents USING btree (content_id);

CREATE INDEX events_feed ON public.events USING btree (audience, tx, seq);

CREATE UNIQUE INDEX events_once ON public.events USING btree (subject_id, type, occasion, audience) WHERE (occasion IS NOT NULL);

CREATE INDEX events_order ON public.events USING btree (tx, seq) INCLUDE (audience);

CREATE INDEX idempotency_keys_expiry ON public.idempotency_keys USING btree (expires_at);

CREATE INDEX log_checkpoints_size ON public.log_checkpoints USING btree (size);

CREATE INDEX mandate_events_mandate ON public.mandate_events USING btree (mandate_id, id);

CREATE INDEX mandates_agent ON public.mandates USING btree (agent_id, holder_id) WHERE (status = 'accepted'::text);

CREATE INDEX mandates_agent_list ON public.mandates USING btree (agent_id, created_at DESC, id DESC);

CREATE INDEX mandates_holder_list ON public.mandates USING btree (holder_id, created_at DESC, id DESC);

CREATE INDEX organizations_registration_number ON public.organizations USING btree (registration_number);

CREATE INDEX pre_confirmation_events_request ON public.pre_confirmation_events USING btree (pre_confirmation_id, id);

CREATE INDEX pre_confirmations_importer ON public.pre_confirmations USING btree (organization_id, created_at DESC, id DESC);

CREATE INDEX pre_confirmations_pending_due ON public.pre_confirmations USING btree (due_on) WHERE (status = 'submitted'::text);

CREATE INDEX pre_confirmations_queue ON public.pre_confirmations USING btree (office_id, status, due_on, created_at, id);

CREATE INDEX pre_confirmations_recordation ON public.pre_confirmations USING btree (recordation_id, created_at DESC, id DESC);

CREATE INDEX pre_confirmations_transport_document ON public.pre_confirmations USING btree (upper(transport_document)) WHERE (transport_document IS NOT NULL);

CREATE INDEX recordation_events_agent ON public.recordation_events USING btree (recordation_id, id) WHERE (on_behalf_of_organization_id IS NOT NULL);

CREATE INDEX recordation_events_recordation ON public.recordation_events USING btree (recordation_id, id);

CREATE INDEX recordations_holder ON public.recordations USING btree (organization_id, created_at DESC, id DESC);

CREATE INDEX recordations_hs_codes ON public.recordations USING gin (hs_codes) WHERE (status = 'approved'::text);

CREATE INDEX recordations_mark ON public.recordations USING gin (lower(title) public.gin_trgm_ops) WHERE (status = 'approved'::text);

CREATE INDEX recordations_queue ON public.recordations USING btree (COALESCE(queue_on, 'infinity'::date), created_at, id);

CREATE INDEX recordations_register ON public.recordations USING btree (number) WHERE (status = 'approved'::text);

CREATE INDEX recordations_search ON public.recordations USING gin (search_text public.gin_trgm_ops);

CREATE INDEX recordations_valid_until ON public.recordations USING btree (valid_until) WHERE (status = 'approved'::text);

CREATE INDEX register_vocabulary_search ON public.register_vocabulary USING gin (word public.gin_trgm_ops);

CREATE INDEX sessions_user ON public.sessions USING btree (user_id);

CREATE UNIQUE INDEX users_email_key ON public.users USING btree (lower(email));

CREATE INDEX users_email_order ON public.users USING btree (lower(email) COLLATE "C", id);

CREATE INDEX users_organization ON public.users USING btree (organization_id);

CREATE INDEX watch_list_entries_check ON public.watch_list_entries USING btree (office_id, watched) WHERE (ended_at IS NULL);

CREATE INDEX watch_list_entries_office ON public.watch_list_entries USING btree (office_id, created_at DESC, id DESC);

CREATE INDEX webhook_attempts_delivery ON public.webhook_attempts USING btree (delivery_id, id);

CREATE INDEX webhook_deliveries_due ON public.webhook_deliveries USING btree (next_attempt_at) WHERE (status = 'pending'::text);

CREATE INDEX webhook_deliveries_event ON public.webhook_deliveries USING btree (event_seq);

CREATE INDEX webhook_deliveries_log ON public.webhook_deliveries USING btree (endpoint_id, created_at DESC, id DESC);

CREATE INDEX webhook_deliveries_succeeded ON public.webhook_deliveries USING btree (updated_at) WHERE (status = 'succeeded'::text);

CREATE INDEX webhook_endpoints_organization ON public.webhook_endpoints USING btree (organization_id, created_at DESC, id DESC);

CREATE TRIGGER agent_events_actor BEFORE INSERT ON public.agent_events FOR EACH ROW EXECUTE FUNCTION public.history_actor_organization();

CREATE TRIGGER agent_events_logged AFTER INSERT ON public.agent_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.log_append();

CREATE TRIGGER agent_registrations_changed AFTER DELETE OR UPDATE OF status ON public.agent_registrations FOR EACH STATEMENT EXECUTE FUNCTION public.notify_changed('session');

CREATE TRIGGER alert_events_actor BEFORE INSERT ON public.alert_events FOR EACH ROW EXECUTE FUNCTION public.history_actor_organization();

CREATE TRIGGER calendar_exceptions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.calendar_exceptions FOR EACH STATEMENT EXECUTE FUNCTION public.notify_changed('calendar');

CREATE TRIGGER case_events_actor BEFORE INSERT ON public.case_events FOR EACH ROW EXECUTE FUNCTION public.history_actor_organization();

CREATE TRIGGER case_events_logged AFTER INSERT ON public.case_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.log_append();

CREATE TRIGGER case_events_on_behalf BEFORE INSERT ON public.case_events FOR EACH ROW EXECUTE FUNCTION public.history_on_behalf();

CREATE TRIGGER customs_offices_changed AFTER DELETE OR UPDATE OF code ON public.customs_offices FOR EACH STATEMENT EXECUTE FUNCTION public.notify_changed('session');

CREATE TRIGGER mandate_events_actor BEFORE INSERT ON public.mandate_events FOR EACH ROW EXECUTE FUNCTION public.history_actor_organization();

CREATE TRIGGER mandate_events_logged AFTER INSERT ON public.mandate_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.log_append();

CREATE TRIGGER organizations_changed AFTER DELETE OR UPDATE OF registration_number ON public.organizations FOR EACH STATEMENT EXECUTE FUNCTION public.notify_changed('session');

CREATE TRIGGER pre_confirmation_events_actor BEFORE INSERT ON public.pre_confirmation_events FOR EACH ROW EXECUTE FUNCTION public.history_actor_organization();

CREATE TRIGGER pre_confirmation_events_logged AFTER INSERT ON public.pre_confirmation_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.log_append();

CREATE TRIGGER recordation_events_actor BEFORE INSERT ON public.recordation_events FOR EACH ROW EXECUTE FUNCTION public.history_actor_organization();

CREATE TRIGGER recordation_events_logged AFTER INSERT ON public.recordation_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.log_append();

CREATE TRIGGER recordation_events_on_behalf BEFORE INSERT ON public.recordation_events FOR EACH ROW EXECUTE FUNCTION public.history_on_behalf();

CREATE CONSTRAINT TRIGGER recordations_register_version_delete AFTER DELETE ON public.recordations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.status = 'approved'::text)) EXECUTE FUNCTION public.register_changed();

CREATE CONSTRAINT TRIGGER recordations_register_version_insert AFTER INSERT ON public.recordations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((new.status = 'approved'::text)) EXECUTE FUNCTION public.register_changed();

CREATE TRIGGER recordations_register_version_truncate AFTER TRUNCATE ON public.recordations FOR EACH STATEMENT EXECUTE FUNCTION public.register_changed();

CREATE CONSTRAINT TRIGGER recordations_register_version_update AFTER UPDATE ON public.recordations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((((old.status = 'approved'::text) OR (new.status = 'approved'::text)) AND ((((((((((((old.status IS DISTINCT FROM new.status) OR (old.number IS DISTINCT FROM new.number)) OR (old.ipr_type IS DISTINCT FROM new.ipr_type)) OR (old.title IS DISTINCT FROM new.title)) OR (old.holder_name IS DISTINCT FROM new.holder_name)) OR (old.classes IS DISTINCT FROM new.classes)) OR (old.goods_scope IS DISTINCT FROM new.goods_scope)) OR (old.hs_codes IS DISTINCT FROM new.hs_codes)) OR (old.valid_from IS DISTINCT FROM new.valid_from)) OR (old.valid_until IS DISTINCT FROM new.valid_until)) OR (old.renewal_status IS DISTINCT FROM new.renewal_status)) OR (old.search_text IS DISTINCT FROM new.search_text)))) EXECUTE FUNCTION public.register_changed();

CREATE TRIGGER recordations_register_words_delete AFTER DELETE ON public.recordations FOR EACH ROW WHEN ((old.status = 'approved'::text)) EXECUTE FUNCTION public.register_words_sync();

CREATE TRIGGER recordations_register_words_insert AFTER INSERT ON public.recordations FOR EACH ROW WHEN ((new.status = 'approved'::text)) EXECUTE FUNCTION public.register_words_sync();

CREATE TRIGGER recordations_register_words_update AFTER UPDATE OF status, number, title, holder_name, goods_scope, registration_number, valid_until, renewal_status ON public.recordations FOR EACH ROW WHEN ((((old.status = 'approved'::text) OR (new.status = 'approved'::text)) AND ((((old.status IS DISTINCT FROM new.status) OR (old.number IS DISTINCT FROM new.number)) OR (old.search_text IS DISTINCT FROM new.search_text)) OR (public.register_shown_until(old.*) IS DISTINCT FROM public.register_shown_until(new.*))))) EXECUTE FUNCTION public.register_words_sync();

CREATE TRIGGER registry_events_logged AFTER INSERT ON public.registry_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.log_append();

CREATE TRIGGER sessions_changed AFTER DELETE OR UPDATE OF revoked_at, expires_at, user_id, token_hash ON public.sessions FOR EACH ROW EXECUTE FUNCTION public.notify_session_changed();

CREATE TRIGGER users_changed AFTER DELETE OR UPDATE OF role, organization_id, office_id, disabled_at ON public.users FOR EACH STATEMENT EXECUTE FUNCTION public.notify_changed('session');

ALTER TABLE ONLY public.agent_events
    ADD CONSTRAINT agent_events_actor_organization_id_fkey FOREIGN KEY (actor_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.agent_events
    ADD CONSTRAINT agent_events_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.agent_events
    ADD CONSTRAINT agent_events_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES public.agent_registrations(organization_id);

ALTER TABLE ONLY public.agent_events
    ADD CONSTRAINT agent_events_on_behalf_of_organization_id_fkey FOREIGN KEY (on_behalf_of_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.agent_registrations
    ADD CONSTRAINT agent_registrations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_actor_organization_id_fkey FOREIGN KEY (actor_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alerts(id);

ALTER TABLE ONLY public.alert_events
    ADD CONSTRAINT alert_events_on_behalf_of_organization_id_fkey FOREIGN KEY (on_behalf_of_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_withdrawn_by_fkey FOREIGN KEY (withdrawn_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.authorized_users
    ADD CONSTRAINT authorized_users_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.authorized_users
    ADD CONSTRAINT authorized_users_ended_by_fkey FOREIGN KEY (ended_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.authorized_users
    ADD CONSTRAINT authorized_users_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.case_events
    ADD CONSTRAINT case_events_actor_organization_id_fkey FOREIGN KEY (actor_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.case_events
    ADD CONSTRAINT case_events_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.case_events
    ADD CONSTRAINT case_events_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.cases(id);

ALTER TABLE ONLY public.case_events
    ADD CONSTRAINT case_events_on_behalf_of_organization_id_fkey FOREIGN KEY (on_behalf_of_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.case_recordations
    ADD CONSTRAINT case_recordations_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.cases(id);

ALTER TABLE ONLY public.case_recordations
    ADD CONSTRAINT case_recordations_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_answered_by_fkey FOREIGN KEY (answered_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_holder_id_fkey FOREIGN KEY (holder_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_office_id_fkey FOREIGN KEY (office_id) REFERENCES public.customs_offices(id);

ALTER TABLE ONLY public.certificates
    ADD CONSTRAINT certificates_pre_confirmation_id_fkey FOREIGN KEY (pre_confirmation_id) REFERENCES public.pre_confirmations(id);

ALTER TABLE ONLY public.certificates
    ADD CONSTRAINT certificates_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.document_chunks
    ADD CONSTRAINT document_chunks_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.document_contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.document_contents
    ADD CONSTRAINT document_contents_office_id_fkey FOREIGN KEY (office_id) REFERENCES public.customs_offices(id);

ALTER TABLE ONLY public.document_contents
    ADD CONSTRAINT document_contents_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.cases(id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.document_contents(id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_guide_of_fkey FOREIGN KEY (guide_of) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_mandate_id_fkey FOREIGN KEY (mandate_id) REFERENCES public.mandates(id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pre_confirmation_id_fkey FOREIGN KEY (pre_confirmation_id) REFERENCES public.pre_confirmations(id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.mandate_events
    ADD CONSTRAINT mandate_events_actor_organization_id_fkey FOREIGN KEY (actor_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.mandate_events
    ADD CONSTRAINT mandate_events_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.mandate_events
    ADD CONSTRAINT mandate_events_mandate_id_fkey FOREIGN KEY (mandate_id) REFERENCES public.mandates(id);

ALTER TABLE ONLY public.mandate_events
    ADD CONSTRAINT mandate_events_on_behalf_of_organization_id_fkey FOREIGN KEY (on_behalf_of_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.mandates
    ADD CONSTRAINT mandates_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES public.agent_registrations(organization_id);

ALTER TABLE ONLY public.mandates
    ADD CONSTRAINT mandates_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.mandates
    ADD CONSTRAINT mandates_holder_id_fkey FOREIGN KEY (holder_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.pre_confirmation_events
    ADD CONSTRAINT pre_confirmation_events_actor_organization_id_fkey FOREIGN KEY (actor_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.pre_confirmation_events
    ADD CONSTRAINT pre_confirmation_events_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.pre_confirmation_events
    ADD CONSTRAINT pre_confirmation_events_on_behalf_of_organization_id_fkey FOREIGN KEY (on_behalf_of_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.pre_confirmation_events
    ADD CONSTRAINT pre_confirmation_events_pre_confirmation_id_fkey FOREIGN KEY (pre_confirmation_id) REFERENCES public.pre_confirmations(id);

ALTER TABLE ONLY public.pre_confirmations
    ADD CONSTRAINT pre_confirmations_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.pre_confirmations
    ADD CONSTRAINT pre_confirmations_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.pre_confirmations
    ADD CONSTRAINT pre_confirmations_office_id_fkey FOREIGN KEY (office_id) REFERENCES public.customs_offices(id);

ALTER TABLE ONLY public.pre_confirmations
    ADD CONSTRAINT pre_confirmations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.pre_confirmations
    ADD CONSTRAINT pre_confirmations_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.recordation_events
    ADD CONSTRAINT recordation_events_actor_organization_id_fkey FOREIGN KEY (actor_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.recordation_events
    ADD CONSTRAINT recordation_events_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.recordation_events
    ADD CONSTRAINT recordation_events_on_behalf_of_organization_id_fkey FOREIGN KEY (on_behalf_of_organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.recordation_events
    ADD CONSTRAINT recordation_events_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.recordation_guides
    ADD CONSTRAINT recordation_guides_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.recordation_guides
    ADD CONSTRAINT recordation_guides_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.recordations
    ADD CONSTRAINT recordations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.registry_events
    ADD CONSTRAINT registry_events_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_disabled_by_fkey FOREIGN KEY (disabled_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_office_id_fkey FOREIGN KEY (office_id) REFERENCES public.customs_offices(id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

ALTER TABLE ONLY public.watch_list_entries
    ADD CONSTRAINT watch_list_entries_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.watch_list_entries
    ADD CONSTRAINT watch_list_entries_ended_by_fkey FOREIGN KEY (ended_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.watch_list_entries
    ADD CONSTRAINT watch_list_entries_office_id_fkey FOREIGN KEY (office_id) REFERENCES public.customs_offices(id);

ALTER TABLE ONLY public.watch_list_entries
    ADD CONSTRAINT watch_list_entries_recordation_id_fkey FOREIGN KEY (recordation_id) REFERENCES public.recordations(id);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES public.webhook_deliveries(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES public.webhook_endpoints(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_event_seq_fkey FOREIGN KEY (event_seq) REFERENCES public.events(seq);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);

ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);

