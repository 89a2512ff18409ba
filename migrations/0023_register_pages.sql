-- The public register's pages (issue 23).
--
-- The register's version: a number that grows in the transaction of every change of what the
-- register shows (a recordation that enters or leaves it, or a shown field that changes), so
-- that a daemon keeps the register's pages in memory and serves one again while the version it
-- read before the page's query has not moved (api/register_cache.h). Read in the same
-- transaction's snapshot rules as the page (on the read replica too, where it is replayed with
-- the data), it is exact: no page is served after a change committed before the request's read.
CREATE TABLE register_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    n bigint NOT NULL
);
INSERT INTO register_version (n) VALUES (1);

-- Once a transaction (a transaction-local setting remembers it, undone with the update when a
-- savepoint rolls back), at its commit: the triggers are deferred, so that the row's lock is the
-- last one a writer takes and is held only while it commits; writers of the register take turns
-- there and cannot deadlock on it.
CREATE FUNCTION register_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('iprd.register_changed', true) IS DISTINCT FROM 'yes' THEN
        UPDATE register_version SET n = n + 1;
        PERFORM set_config('iprd.register_changed', 'yes', true);
    END IF;
    RETURN NULL;
END
$$;

-- What api_register_item shows, and what decides whether the register shows it
-- (recordation_status_on: status, valid_until, renewal_status). WHEN conditions: the write
-- path calls nothing for what the register does not show (drafts, filings under review).
CREATE CONSTRAINT TRIGGER recordations_register_version_insert AFTER INSERT ON recordations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'approved') EXECUTE FUNCTION register_changed();
CREATE CONSTRAINT TRIGGER recordations_register_version_update AFTER UPDATE ON recordations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.status = 'approved' OR NEW.status = 'approved')
          AND (OLD.status, OLD.number, OLD.ipr_type, OLD.title, OLD.holder_name, OLD.classes, OLD.goods_scope,
               OLD.hs_codes, OLD.valid_from, OLD.valid_until, OLD.renewal_status, OLD.search_text)
              IS DISTINCT FROM
              (NEW.status, NEW.number, NEW.ipr_type, NEW.title, NEW.holder_name, NEW.classes, NEW.goods_scope,
               NEW.hs_codes, NEW.valid_from, NEW.valid_until, NEW.renewal_status, NEW.search_text))
    EXECUTE FUNCTION register_changed();
CREATE CONSTRAINT TRIGGER recordations_register_version_delete AFTER DELETE ON recordations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'approved') EXECUTE FUNCTION register_changed();
CREATE TRIGGER recordations_register_version_truncate AFTER TRUNCATE ON recordations
    FOR EACH STATEMENT EXECUTE FUNCTION register_changed();
