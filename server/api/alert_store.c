/* The statements of api/alerts.c. Every value comes in as a $n parameter. */
#include "api/alert_store.h"

#include "api/event_store.h"
#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
#define VISIBLE "a.id = $1::uuid AND ($2::uuid IS NULL OR a.organization_id = $2::uuid)"

struct db_stmt alert_store_recordation = DB_QUERY(
	"SELECT recordation_status_on(r, $3::date) FROM recordations r"
	" WHERE r.id = $1::uuid AND r.organization_id = $2::uuid");

struct db_stmt alert_store_insert = DB_STMT(
	"WITH n AS (INSERT INTO alerts AS a (organization_id, recordation_id, transport_document, origin, ports,"
	"                  window_from, window_until, note, created_by)"
	"           SELECT $1::uuid, (i.p->>'recordation_id')::uuid, i.p->>'transport_document', i.p->>'origin',"
	"                  recordation_text_array(i.p->'ports'), (i.p->>'window_from')::date,"
	"                  (i.p->>'window_until')::date, i.p->>'note', $2::uuid"
	"             FROM (SELECT $3::jsonb AS p) i"
	"           RETURNING a.id, a.status, a.version, api_alert(a, $4::date)::text AS body),"
	"     e AS (INSERT INTO alert_events (alert_id, actor_user_id, action, to_status)"
	"           SELECT n.id, $2::uuid, 'created', n.status FROM n),"
	"     ev AS (" EVENT_OUTBOX("alert", "'alert.created'", "n.id", "jsonb_build_object('to_status', n.status)", "$2") " FROM n)"
	" SELECT n.body, n.version FROM n");

struct db_stmt alert_store_get = DB_QUERY(
	"SELECT api_alert(a, $3::date)::text, a.version FROM alerts a WHERE " VISIBLE);

struct db_stmt alert_store_state = DB_QUERY(
	"SELECT alert_status_on(a, $3::date), a.version FROM alerts a WHERE " VISIBLE);

struct db_stmt alert_store_lock = DB_STMT(
	"SELECT alert_status_on(a, $3::date), a.version FROM alerts a WHERE " VISIBLE " FOR UPDATE");

struct db_stmt alert_store_write = DB_STMT(
	"WITH u AS (UPDATE alerts a SET status = $3, reason = $4, withdrawn_at = now(), withdrawn_by = $5::uuid,"
	"                  version = a.version + 1, updated_at = now()"
	"            WHERE a.id = $1::uuid AND a.status = ANY ($2::text[])"
	"           RETURNING a.id, a.status, a.version, api_alert(a, $6::date)::text AS body),"
	"     e AS (INSERT INTO alert_events (alert_id, actor_user_id, action, from_status, to_status, reason)"
	"           SELECT u.id, $5::uuid, u.status, $7, u.status, $4 FROM u)"
	" SELECT u.body, u.version, false FROM u");

struct db_stmt alert_store_notify = DB_STMT(
	EVENT_OUTBOX_NOTIFY("alert"));

struct db_stmt alert_store_history = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg(api_alert_event(e) ORDER BY e.id)"
	"         FROM (SELECT * FROM alert_events WHERE alert_id = a.id ORDER BY id LIMIT 10000) e), '[]'))::text"
	"  FROM alerts a WHERE a.id = $1::uuid");

struct db_stmt alert_store_list = DB_QUERY(
	"SELECT api_alert(a, $1::date)::text, " PAGE_SQL_MICROS("a.created_at") "::text, a.id"
	"  FROM alerts a"
	" WHERE ($2::uuid IS NULL OR a.organization_id = $2::uuid)"
	"   AND ($3::text IS NULL OR alert_status_on(a, $1::date) = $3)"
	"   AND ($4::uuid IS NULL OR a.recordation_id = $4::uuid)"
	"   AND ($5::text IS NULL OR cardinality(a.ports) = 0 OR $5 = ANY (a.ports))"
	"   AND ($6::text IS NULL OR upper(a.transport_document) = upper($6))"
	"   AND ($7::text IS NULL OR (a.created_at, a.id) < (" PAGE_SQL_FROM_MICROS("$7") ", $8::uuid))"
	" ORDER BY a.created_at DESC, a.id DESC LIMIT $9::integer");
/* clang-format on */
