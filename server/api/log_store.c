/* The statements of api/log.c and iprd verify-log. */
#include "api/log_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt log_store_try_lock = DB_STMT("SELECT pg_try_advisory_xact_lock($1::bigint)");

struct db_stmt log_store_latest =
	DB_QUERY("SELECT period, size, encode(root, 'hex') FROM log_checkpoints ORDER BY period DESC LIMIT 1");

struct db_stmt log_store_has_period = DB_QUERY("SELECT EXISTS (SELECT 1 FROM log_checkpoints WHERE period = $1)");

struct db_stmt log_store_size = DB_QUERY("SELECT size FROM log_head");

struct db_stmt log_store_sequence = DB_STMT("SELECT log_sequence()");

struct db_stmt log_store_pending = DB_QUERY("SELECT count(*) FROM log_queue");

struct db_stmt log_store_events = DB_QUERY(
	"SELECT seq, event::text FROM log_entries WHERE seq >= $1::bigint AND seq < $2::bigint ORDER BY seq");

struct db_stmt log_store_set_leaves = DB_STMT(
	"UPDATE log_entries e SET leaf_hash = decode(t.h, 'hex')"
	"  FROM unnest($1::bigint[], $2::text[]) AS t(seq, h) WHERE e.seq = t.seq");

struct db_stmt log_store_insert_nodes = DB_STMT(
	"INSERT INTO log_nodes (level, idx, hash)"
	" SELECT t.l, t.i, decode(t.h, 'hex') FROM unnest($1::int[], $2::bigint[], $3::text[]) AS t(l, i, h)"
	" ON CONFLICT DO NOTHING");

struct db_stmt log_store_nodes = DB_QUERY(
	"SELECT t.l, t.i, encode(CASE WHEN t.l = 0 THEN (SELECT e.leaf_hash FROM log_entries e WHERE e.seq = t.i)"
	"                      ELSE (SELECT n.hash FROM log_nodes n WHERE n.level = t.l AND n.idx = t.i) END, 'hex')"
	"  FROM unnest($1::int[], $2::bigint[]) WITH ORDINALITY AS t(l, i, o) ORDER BY t.o");

struct db_stmt log_store_insert_checkpoint = DB_STMT(
	"INSERT INTO log_checkpoints (period, size, root, note) VALUES ($1, $2, decode($3, 'hex'), $4)");

struct db_stmt log_store_latest_note = DB_QUERY("SELECT note FROM log_checkpoints ORDER BY period DESC LIMIT 1");

struct db_stmt log_store_entry =
	DB_QUERY("SELECT event::text, encode(leaf_hash, 'hex') FROM log_entries WHERE seq = $1::bigint");

struct db_stmt log_store_checkpoints = DB_QUERY("SELECT size, encode(root, 'hex'), note FROM log_checkpoints ORDER BY period");

struct db_stmt log_store_audit = DB_QUERY(
	"SELECT e.seq, e.source, e.source_id, e.event::text,"
	"       CASE WHEN s.r IS NOT NULL THEN log_event(e.source, s.r)::text END, encode(e.leaf_hash, 'hex')"
	"  FROM log_entries e LEFT JOIN log_sources s ON s.source = e.source AND s.id = e.source_id"
	" ORDER BY e.seq");

struct db_stmt log_store_unlogged = DB_QUERY(
	"SELECT s.source, s.id FROM log_sources s"
	" WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.source = s.source AND e.source_id = s.id)"
	"   AND NOT EXISTS (SELECT 1 FROM log_queue q WHERE q.source = s.source AND q.source_id = s.id)"
	" ORDER BY s.source, s.id LIMIT 20");
/* clang-format on */
