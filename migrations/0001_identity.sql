-- Identity and access: customs offices, organizations (rights holders, importers), users
-- with their role, and login sessions.

CREATE TABLE customs_offices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,16}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('headquarters', 'port')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('rights_holder', 'importer')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    registration_number text NOT NULL CHECK (length(registration_number) BETWEEN 1 AND 64),
    address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
    contact_email text NOT NULL CHECK (length(contact_email) BETWEEN 3 AND 254),
    phone text NOT NULL CHECK (length(phone) BETWEEN 1 AND 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_registration_number ON organizations (registration_number);

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    password_hash text NOT NULL,
    full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('admin', 'hq_officer', 'port_officer', 'rights_holder', 'importer')),
    organization_id uuid REFERENCES organizations (id),
    office_id uuid REFERENCES customs_offices (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- an officer belongs to an office, a company user to an organization, an admin to neither
    CHECK ((role IN ('hq_officer', 'port_officer')) = (office_id IS NOT NULL)),
    CHECK ((role IN ('rights_holder', 'importer')) = (organization_id IS NOT NULL))
);
-- Emails are unique without regard to case.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id),
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'), -- BLAKE2b-256 of the token
    client_ip inet,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The API's representations, defined once here and used by every statement that returns them.
CREATE FUNCTION api_organization(o organizations) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', o.id, 'kind', o.kind, 'name', o.name, 'country', o.country,
        'registration_number', o.registration_number, 'address', o.address,
        'contact_email', o.contact_email, 'phone', o.phone, 'created_at', o.created_at)
$$;

CREATE FUNCTION api_office(f customs_offices) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', f.id, 'code', f.code, 'name', f.name, 'kind', f.kind,
        'created_at', f.created_at)
$$;

CREATE FUNCTION api_user(u users) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role,
        'organization_id', u.organization_id,
        'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = u.office_id),
        'created_at', u.created_at)
$$;
