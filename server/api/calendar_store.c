/* The statements of the working-day calendar (api/calendar.c, api/registry_calendar.c). */
#include "api/calendar_store.h"

/* The representation of a calendar exception `c`, shared by the statements below. */
/* clang-format off */ /* the SQL is laid out by hand */
#define CALENDAR_EXCEPTION_JSON "jsonb_build_object('date', c.day, 'kind', c.kind, 'name', coalesce(c.name, ''))"

struct db_stmt calendar_store_load =
	DB_QUERY("SELECT (day - DATE '1970-01-01')::text, kind FROM calendar_exceptions");

struct db_stmt calendar_store_list = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce(jsonb_agg(" CALENDAR_EXCEPTION_JSON " ORDER BY c.day), '[]'))::text"
	"  FROM calendar_exceptions c WHERE c.day BETWEEN $1::date AND $2::date");

/* Each change is written to registry_events too (the tamper-evident log takes it from there). */
struct db_stmt calendar_store_put = DB_STMT(
	"WITH c AS (INSERT INTO calendar_exceptions AS c (day, kind, name) VALUES ($1, $2, $3)"
	"           ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name"
	"           RETURNING " CALENDAR_EXCEPTION_JSON " AS body),"
	"     e AS (INSERT INTO registry_events (subject, actor_user_id, action, details)"
	"           SELECT 'calendar:' || $1::date, $4::uuid, 'calendar_exception_declared', c.body FROM c)"
	" SELECT body::text FROM c");

struct db_stmt calendar_store_delete = DB_STMT(
	"WITH d AS (DELETE FROM calendar_exceptions c WHERE day = $1::date RETURNING " CALENDAR_EXCEPTION_JSON " AS body),"
	"     e AS (INSERT INTO registry_events (subject, actor_user_id, action, details)"
	"           SELECT 'calendar:' || $1::date, $2::uuid, 'calendar_exception_removed', d.body FROM d)"
	" SELECT 1 FROM d");
/* clang-format on */
