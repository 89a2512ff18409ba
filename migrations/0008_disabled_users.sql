-- An administrator takes a user's access away (an officer who left, a company account that
-- was compromised) and gives it back. A disabled user cannot log in, and its sessions end in
-- the same statement; the sessions trigger of 0007 tells every daemon at once.

ALTER TABLE users
    ADD COLUMN disabled_at timestamptz,
    ADD COLUMN disabled_reason text CHECK (length(disabled_reason) BETWEEN 1 AND 500),
    ADD COLUMN disabled_by uuid REFERENCES users (id),
    ADD CONSTRAINT users_disabled_complete CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL));

-- The administrator's list of users is sorted by email, in byte order.
CREATE INDEX users_email_order ON users ((lower(email) COLLATE "C"), id);

CREATE OR REPLACE FUNCTION api_user(u users) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role,
        'organization_id', u.organization_id,
        'office_code', (SELECT f.code FROM customs_offices f WHERE f.id = u.office_id),
        'created_at', u.created_at, 'disabled_at', u.disabled_at, 'disabled_reason', u.disabled_reason)
$$;

-- Cached sessions carry the user: disabling one must reach every daemon (0007 listed the
-- columns a session depends on).
DROP TRIGGER users_changed ON users;
CREATE TRIGGER users_changed AFTER UPDATE OF role, organization_id, office_id, disabled_at OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_changed('session');
