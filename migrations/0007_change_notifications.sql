-- Change notifications for the daemon's in-memory caches (server/db/listen.h): each iprd
-- LISTENs on channel iprd_changes, and these triggers tell it what changed, whoever changed
-- it (another iprd on the same database, an administrator's SQL). The payload is the cache's
-- topic, and after a colon what in it changed:
--   session:<token_hash>   that session was revoked, had its expiry changed or was deleted
--   session                a user's role, organization or office, an organization's
--                          registration number or an office's code changed: every cached
--                          session is forgotten (they carry these)
--   calendar               a declared working-day exception changed
-- NOTIFY is delivered when the transaction commits, and not at all when it rolls back.

CREATE FUNCTION notify_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('iprd_changes', 'session:' || OLD.token_hash);
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_changed AFTER UPDATE OF revoked_at, expires_at, user_id, token_hash OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION notify_session_changed();

CREATE FUNCTION notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('iprd_changes', TG_ARGV[0]);
    RETURN NULL;
END
$$;

CREATE TRIGGER users_changed AFTER UPDATE OF role, organization_id, office_id OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_changed('session');
CREATE TRIGGER organizations_changed AFTER UPDATE OF registration_number OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION notify_changed('session');
CREATE TRIGGER customs_offices_changed AFTER UPDATE OF code OR DELETE ON customs_offices
    FOR EACH STATEMENT EXECUTE FUNCTION notify_changed('session');
CREATE TRIGGER calendar_exceptions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_exceptions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_changed('calendar');
