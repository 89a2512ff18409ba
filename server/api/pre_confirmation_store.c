/* The statements of api/pre_confirmations.c. Every value comes in as a $n parameter; dates
 * computed in C (today, due_on by the working-day calendar, valid_until) are parameters too. */
#include "api/pre_confirmation_store.h"

#include "api/event_store.h"
#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
/* The caller's scope ($2 importer, $3 office, $4 rights holder or its agent; see the header)
 * on the day `today` (the parameter that holds it). */
#define SCOPE_ON(today)                                                                               \
	"($2::uuid IS NULL OR p.organization_id = $2::uuid) AND ($3::uuid IS NULL OR p.office_id = $3::uuid)" \
	" AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM recordations r"                                  \
	"                                   WHERE r.id = p.recordation_id"                                \
	"                                     AND (r.organization_id = $4::uuid"                          \
	"                                          OR mandate_permits($4::uuid, r.organization_id, r.id, NULL, " today "))))"
#define VISIBLE "p.id = $1::uuid AND " SCOPE_ON("$5::date")
#define SCOPE SCOPE_ON("$1::date")

struct db_stmt pre_confirmation_store_lookup = DB_QUERY(
	"SELECT f.id, f.kind, (SELECT r.id FROM recordations r WHERE r.number = $2)"
	"  FROM (SELECT 1) one LEFT JOIN customs_offices f ON f.code = $1");

struct db_stmt pre_confirmation_store_insert = DB_STMT(
	"WITH n AS (INSERT INTO pre_confirmations AS p (organization_id, office_id, direction, recordation_id, goods,"
	"                  transport_document, expected_on, statement, received_on, due_on, auto_check, created_by)"
	"           SELECT o.id, f.id, i.p->>'direction', $4::uuid, pre_confirmation_goods(i.p->'goods'),"
	"                  i.p->>'transport_document', (i.p->>'expected_on')::date, i.p->>'statement', $5::date,"
	"                  $6::date, pre_confirmation_auto_check($4::uuid, o.registration_number, $7::text[],"
	"                                                        (i.p->>'expected_on')::date, i.p->'goods', f.code),"
	"                  $2::uuid"
	"             FROM organizations o, customs_offices f, (SELECT $8::jsonb AS p) i"
	"            WHERE o.id = $1::uuid AND f.id = $3::uuid"
	"           RETURNING p.id, p.status, p.due_on, p.version, api_pre_confirmation(p, $5::date)::text AS body),"
	"     e AS (INSERT INTO pre_confirmation_events (pre_confirmation_id, actor_user_id, action, to_status, details)"
	"           SELECT n.id, $2::uuid, 'submitted', n.status, jsonb_build_object('due_on', n.due_on) FROM n),"
	"     ev AS (" EVENT_OUTBOX("pre_confirmation", "'pre_confirmation.submitted'", "n.id", "jsonb_build_object('to_status', n.status)", "$2") " FROM n)"
	" SELECT n.body, n.version FROM n");

struct db_stmt pre_confirmation_store_get = DB_QUERY(
	"SELECT api_pre_confirmation(p, $5::date)::text, p.version FROM pre_confirmations p WHERE " VISIBLE);

struct db_stmt pre_confirmation_store_state = DB_QUERY(
	"SELECT pre_confirmation_status_on(p, $5::date) FROM pre_confirmations p WHERE " VISIBLE);

struct db_stmt pre_confirmation_store_state_locked = DB_STMT(
	"SELECT pre_confirmation_status_on(p, $5::date) FROM pre_confirmations p WHERE " VISIBLE
	" FOR NO KEY UPDATE OF p");

struct db_stmt pre_confirmation_store_lock = DB_STMT(
	"SELECT pre_confirmation_status_on(p, $5::date), p.version, p.expected_on"
	"  FROM pre_confirmations p WHERE " VISIBLE " FOR UPDATE OF p");

struct db_stmt pre_confirmation_store_write = DB_STMT(
	"WITH u AS (UPDATE pre_confirmations p SET status = $3, number = $4, valid_until = $5::date, reason = $6,"
	"                  decided_by = CASE WHEN $7::boolean THEN $8::uuid END,"
	"                  decided_at = CASE WHEN $7::boolean THEN now() END,"
	"                  version = p.version + 1, updated_at = now()"
	"            WHERE p.id = $1::uuid AND p.status = ANY ($2::text[])"
	"           RETURNING p.id, p.status, p.version, api_pre_confirmation(p, $9::date)::text AS body),"
	"     e AS (INSERT INTO pre_confirmation_events (pre_confirmation_id, actor_user_id, action, from_status,"
	"                                                to_status, reason, details)"
	"           SELECT u.id, $8::uuid, u.status, $10, u.status, $6, $11::jsonb FROM u)"
	" SELECT u.body, u.version FROM u");

struct db_stmt pre_confirmation_store_next_number = DB_STMT(
	"INSERT INTO pre_confirmation_counters AS c (year, last_value) VALUES ($1::integer, 1)"
	" ON CONFLICT (year) DO UPDATE SET last_value = c.last_value + 1 RETURNING c.last_value");

struct db_stmt pre_confirmation_store_notify = DB_STMT(
	EVENT_OUTBOX_NOTIFY("pre_confirmation"));

struct db_stmt pre_confirmation_store_history = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg(api_pre_confirmation_event(e) ORDER BY e.id)"
	"         FROM (SELECT * FROM pre_confirmation_events WHERE pre_confirmation_id = p.id ORDER BY id LIMIT 10000) e),"
	"         '[]'))::text"
	"  FROM pre_confirmations p WHERE p.id = $1::uuid");

#define LIST_FILTERS                                                                             \
	"   AND ($5::text IS NULL OR pre_confirmation_status_on(p, $1::date) = $5)"                  \
	"   AND ($6::text IS NULL OR p.office_id = (SELECT f.id FROM customs_offices f WHERE f.code = $6))" \
	"   AND ($7::text IS NULL OR upper(p.transport_document) = upper($7))"

struct db_stmt pre_confirmation_store_list_newest = DB_QUERY(
	"SELECT api_pre_confirmation(p, $1::date)::text, " PAGE_SQL_MICROS("p.created_at") "::text, p.id"
	"  FROM pre_confirmations p"
	" WHERE " SCOPE LIST_FILTERS
	"   AND ($8::text IS NULL OR (p.created_at, p.id) < (" PAGE_SQL_FROM_MICROS("$8") ", $9::uuid))"
	" ORDER BY p.created_at DESC, p.id DESC LIMIT $10::integer");

struct db_stmt pre_confirmation_store_list_queue = DB_QUERY(
	"SELECT api_pre_confirmation(p, $1::date)::text,"
	"       p.due_on::text || ' ' || " PAGE_SQL_MICROS("p.created_at") ", p.id"
	"  FROM pre_confirmations p"
	" WHERE " SCOPE LIST_FILTERS
	"   AND ($8::text IS NULL OR (p.due_on, p.created_at, p.id)"
	"        > (split_part($8, ' ', 1)::date, " PAGE_SQL_FROM_MICROS("split_part($8, ' ', 2)") ", $9::uuid))"
	" ORDER BY p.due_on, p.created_at, p.id LIMIT $10::integer");
/* clang-format on */
