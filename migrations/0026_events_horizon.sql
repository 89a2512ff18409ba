-- The feed's horizon counts only this database's transactions. An event shows once every
-- transaction that could still write an older one has ended (0015); that was every transaction
-- of the cluster (the snapshot's xmin), so a long transaction in another database (another
-- registry on the same server, a maintenance session) held back every feed and webhook here.
-- A transaction that another database's backend runs cannot write this database's events: the
-- horizon is the oldest transaction still running that is not known to be another database's
-- (pg_stat_activity names each backend's database and transaction; what it does not show, or
-- does not show to this role, counts), or the snapshot's xmax when there is none.
-- (PL/pgSQL, as 0022 says of functions that cannot be inlined; callers write it as a sub-select,
-- (SELECT events_horizon()), so that a statement computes it once.)
CREATE FUNCTION events_horizon() RETURNS xid8 LANGUAGE plpgsql STABLE AS $$
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
