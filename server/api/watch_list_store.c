/* The statements of api/watch_lists.c. Every value comes in as a $n parameter. */
#include "api/watch_list_store.h"

#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt watch_list_store_office = DB_QUERY("SELECT f.id FROM customs_offices f WHERE f.code = $1");

struct db_stmt watch_list_store_recordation = DB_QUERY("SELECT r.id FROM recordations r WHERE r.number = $1");

struct db_stmt watch_list_store_insert = DB_STMT(
	"INSERT INTO watch_list_entries AS w (office_id, recordation_id, hs_chapter, reason, valid_from, valid_until,"
	"                                     created_by)"
	" SELECT $1::uuid, $4::uuid, i.p->>'hs_chapter', i.p->>'reason', coalesce((i.p->>'valid_from')::date, $5::date),"
	"        (i.p->>'valid_until')::date, $2::uuid"
	"   FROM (SELECT $3::jsonb AS p) i"
	" RETURNING api_watch_list_entry(w, $5::date)::text, w.version");

struct db_stmt watch_list_store_end = DB_STMT(
	"UPDATE watch_list_entries w SET ended_at = now(), ended_by = $3::uuid, version = w.version + 1"
	" WHERE w.id = $2::uuid AND w.office_id = $1::uuid AND w.ended_at IS NULL"
	" RETURNING api_watch_list_entry(w, $4::date)::text, w.version");

struct db_stmt watch_list_store_exists = DB_QUERY(
	"SELECT 1 FROM watch_list_entries w WHERE w.id = $2::uuid AND w.office_id = $1::uuid");

struct db_stmt watch_list_store_list = DB_QUERY(
	"SELECT api_watch_list_entry(w, $1::date)::text, " PAGE_SQL_MICROS("w.created_at") "::text, w.id"
	"  FROM watch_list_entries w"
	" WHERE w.office_id = $2::uuid"
	"   AND ($3::text IS NULL OR watch_list_status_on(w, $1::date) = $3)"
	"   AND ($4::text IS NULL OR (w.created_at, w.id) < (" PAGE_SQL_FROM_MICROS("$4") ", $5::uuid))"
	" ORDER BY w.created_at DESC, w.id DESC LIMIT $6::integer");
/* clang-format on */
