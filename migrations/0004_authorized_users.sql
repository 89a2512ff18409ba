-- Authorized users ("legitimate users") of a recordation: the licensees, manufacturers and
-- consignors/consignees the rights holder lists as entitled to ship goods under the right,
-- and the one rule by which customs checks a party against that list (authorization_check,
-- also used by pre-confirmations' auto_check).
--
-- Entries are never deleted: ending one keeps the row (ended_at, ended_by), and every
-- change is written to recordation_events by the API in the same transaction.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- True when every element of a matches the regular expression (an empty array does).
CREATE FUNCTION text_array_all_match(a text[], pattern text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(bool_and(e ~ pattern), true) FROM unnest(a) AS t(e)
$$;

CREATE TABLE authorized_users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    recordation_id uuid NOT NULL REFERENCES recordations (id),
    version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),

    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    registration_number text NOT NULL CHECK (length(registration_number) BETWEEN 1 AND 64),
    -- What checks compare: upper case, without surrounding spaces. COLLATE "C" makes upper()
    -- change ASCII letters only, exactly as the C code normalizes (domain/authorized_user.c).
    registration_key text COLLATE "C" GENERATED ALWAYS AS (upper(btrim(registration_number) COLLATE "C")) STORED,
    country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    roles text[] NOT NULL CHECK (cardinality(roles) BETWEEN 1 AND 7 AND roles <@ ARRAY['licensee', 'manufacturer',
        'importer', 'exporter', 'consignor', 'consignee', 'distributor']),
    goods_scope text CHECK (length(goods_scope) BETWEEN 1 AND 4000),
    -- Empty: all goods. Otherwise HS codes or prefixes of them (chapter, heading, subheading).
    hs_codes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(hs_codes) <= 100
        AND text_array_all_match(hs_codes, '^[0-9]{2,10}$')),
    -- Empty: every port. Otherwise customs office / port codes.
    ports text[] NOT NULL DEFAULT '{}' CHECK (cardinality(ports) <= 50
        AND text_array_all_match(ports, '^[A-Z0-9]{2,16}$')),
    valid_from date,                            -- NULL: from the start
    valid_until date,                           -- NULL: open-ended; inclusive

    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    ended_by uuid REFERENCES users (id),

    CONSTRAINT authorized_users_validity CHECK (valid_until >= valid_from),
    CONSTRAINT authorized_users_ended CHECK ((ended_at IS NULL) = (ended_by IS NULL)),
    -- One active entry per registration number and day: the 409 of a duplicate.
    CONSTRAINT authorized_users_no_overlap EXCLUDE USING gist (recordation_id WITH =, registration_key WITH =,
        daterange(valid_from, valid_until, '[]') WITH &&) WHERE (ended_at IS NULL)
);

-- The border check: the active entries of one recordation for one registration number.
CREATE INDEX authorized_users_check ON authorized_users (recordation_id, registration_key) WHERE ended_at IS NULL;
-- The list, in its order (name, registration number, id).
CREATE INDEX authorized_users_list ON authorized_users (recordation_id, name, registration_number, id);

-- A user as the API names one who did something ({user_id, full_name}; the UserRef schema).
-- STRICT: a NULL user is NULL without running the query.
CREATE FUNCTION api_user_ref(p_user uuid) RETURNS jsonb LANGUAGE sql STABLE STRICT AS $$
    SELECT jsonb_build_object('user_id', u.id, 'full_name', u.full_name) FROM users u WHERE u.id = p_user
$$;

-- The API's representation of an entry. One expression without a subquery, so that the
-- planner inlines it (the check builds it for every match; planning a SQL function on
-- each call would double the check's cost).
CREATE FUNCTION api_authorized_user(a authorized_users) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', a.id, 'version', a.version, 'name', a.name,
        'registration_number', a.registration_number, 'country', a.country, 'roles', to_jsonb(a.roles),
        'goods_scope', a.goods_scope, 'hs_codes', to_jsonb(a.hs_codes), 'ports', to_jsonb(a.ports),
        'valid_from', a.valid_from, 'valid_until', a.valid_until,
        'status', CASE WHEN a.ended_at IS NULL THEN 'active' ELSE 'ended' END,
        'ended_at', a.ended_at, 'ended_by', api_user_ref(a.ended_by),
        'created_at', a.created_at, 'updated_at', a.updated_at)
$$;

-- The authorization rule, in one place (the check endpoint and pre-confirmations' auto_check):
--   recordation_valid: the recordation is approved on p_on (as recordation_status_on shows it:
--     not revoked, cancelled or expired; a renewal under review keeps it approved) and p_on is
--     not before its valid_from;
--   matches: its active entries whose registration number equals p_registration_number
--     (normalized), with a role among p_roles (NULL: any role), valid on p_on, and, when the
--     entry is limited to HS codes, p_hs_code given and starting with one of them, and when
--     limited to ports, p_port given and among them. An entry limited to goods or ports does
--     not match a query that does not say which: a border check must not pass goods the right
--     holder excluded;
--   authorized: recordation_valid and at least one match.
-- Returns {"recordation_valid": bool, "authorized": bool, "matches": [api_authorized_user...]}.
-- PL/pgSQL so that each connection plans its two queries once (a SQL function is planned
-- on every call).
CREATE FUNCTION authorization_check(p_recordation uuid, p_registration_number text, p_roles text[], p_on date,
                                    p_hs_code text, p_port text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_valid boolean;
    v_matches jsonb;
BEGIN
    SELECT recordation_status_on(r, p_on) = 'approved' AND p_on >= r.valid_from INTO v_valid
      FROM recordations r WHERE r.id = p_recordation;
    SELECT coalesce(jsonb_agg(api_authorized_user(a) ORDER BY a.name, a.registration_number, a.id), '[]')
      INTO v_matches
      FROM authorized_users a
     WHERE a.recordation_id = p_recordation AND a.ended_at IS NULL
       AND a.registration_key = upper(btrim(p_registration_number) COLLATE "C")
       AND (p_roles IS NULL OR a.roles && p_roles)
       AND (a.valid_from IS NULL OR a.valid_from <= p_on)
       AND (a.valid_until IS NULL OR a.valid_until >= p_on)
       AND (cardinality(a.hs_codes) = 0
            OR EXISTS (SELECT 1 FROM unnest(a.hs_codes) AS h(code) WHERE starts_with(p_hs_code, h.code)))
       AND (cardinality(a.ports) = 0 OR p_port = ANY (a.ports));
    v_valid := coalesce(v_valid, false);
    RETURN jsonb_build_object('recordation_valid', v_valid,
                              'authorized', v_valid AND jsonb_array_length(v_matches) > 0,
                              'matches', v_matches);
END
$$;
