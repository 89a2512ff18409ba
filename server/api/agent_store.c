/* The statements of api/agents.c. */
#include "api/agent_store.h"

#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
#define VISIBLE                                                                          \
	"a.organization_id = $1::uuid AND ($2::uuid IS NULL OR a.organization_id = $2::uuid)" \
	" AND ($3::boolean IS NULL OR a.status = 'approved')"

struct db_stmt agent_store_get = DB_QUERY(
	"SELECT api_agent(a)::text, a.version, false FROM agent_registrations a WHERE " VISIBLE);

struct db_stmt agent_store_state = DB_QUERY(
	"SELECT a.status, a.version FROM agent_registrations a WHERE " VISIBLE " AND $4::date IS NOT NULL");

struct db_stmt agent_store_lock = DB_STMT(
	"SELECT a.status, a.version FROM agent_registrations a WHERE " VISIBLE " AND $4::date IS NOT NULL"
	" FOR UPDATE");

struct db_stmt agent_store_write = DB_STMT(
	"WITH u AS (UPDATE agent_registrations a SET status = $3, last_reason = $4, decided_at = now(),"
	"                  version = a.version + 1, updated_at = now()"
	"            WHERE a.organization_id = $1::uuid AND a.status = ANY ($2::text[])"
	"           RETURNING a.organization_id, a.status, a.version, api_agent(a)::text AS body),"
	"     e AS (INSERT INTO agent_events (agent_id, actor_user_id, action, from_status, to_status, reason, details)"
	"           SELECT u.organization_id, $5::uuid, $6, $7, u.status, $4, $8::jsonb FROM u)"
	" SELECT u.body, u.version, false FROM u");

struct db_stmt agent_store_history = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg(api_agent_event(e) ORDER BY e.id)"
	"         FROM (SELECT * FROM agent_events WHERE agent_id = a.organization_id ORDER BY id LIMIT 10000) e),"
	"         '[]'))::text"
	"  FROM agent_registrations a WHERE a.organization_id = $1::uuid");

struct db_stmt agent_store_list = DB_QUERY(
	"SELECT api_agent(a)::text, " PAGE_SQL_MICROS("a.created_at") "::text, a.organization_id"
	"  FROM agent_registrations a"
	" WHERE ($1::text IS NULL OR a.status = $1) AND ($2::boolean IS NULL OR a.status = 'approved')"
	"   AND ($3::text IS NULL OR (a.created_at, a.organization_id) < (" PAGE_SQL_FROM_MICROS("$3") ", $4::uuid))"
	" ORDER BY a.created_at DESC, a.organization_id DESC LIMIT $5::integer");
/* clang-format on */
