/* The statements of api/webhooks.c and api/webhook_delivery.c. */
#include "api/webhook_store.h"

#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
#define OWN "w.id = $1::uuid AND w.organization_id = $2::uuid"

struct db_stmt webhook_store_insert = DB_STMT(
	"INSERT INTO webhook_endpoints AS w (organization_id, url, description, event_types, secret, created_by)"
	" VALUES ($1::uuid, $2, $3, $4::text[], $5, $6::uuid)"
	" RETURNING (api_webhook_endpoint(w) || jsonb_build_object('secret', w.secret))::text");

struct db_stmt webhook_store_list = DB_QUERY(
	"SELECT api_webhook_endpoint(w)::text, " PAGE_SQL_MICROS("w.created_at") "::text, w.id"
	"  FROM webhook_endpoints w WHERE w.organization_id = $1::uuid"
	"   AND ($2::text IS NULL OR (w.created_at, w.id) < (" PAGE_SQL_FROM_MICROS("$2") ", $3::uuid))"
	" ORDER BY w.created_at DESC, w.id DESC LIMIT $4::integer");

struct db_stmt webhook_store_get = DB_QUERY(
	"SELECT api_webhook_endpoint(w)::text FROM webhook_endpoints w WHERE " OWN);

struct db_stmt webhook_store_delete = DB_STMT(
	"DELETE FROM webhook_endpoints w WHERE " OWN " RETURNING w.id");

struct db_stmt webhook_store_enable = DB_STMT(
	"UPDATE webhook_endpoints w SET disabled_at = NULL, disabled_reason = NULL WHERE " OWN
	" RETURNING api_webhook_endpoint(w)::text");

struct db_stmt webhook_store_deliveries = DB_QUERY(
	"SELECT api_webhook_delivery(d)::text, " PAGE_SQL_MICROS("d.created_at") "::text, d.id"
	"  FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id"
	" WHERE " OWN " AND d.endpoint_id = $1::uuid AND ($3::text IS NULL OR d.status = $3)"
	"   AND ($4::text IS NULL OR (d.created_at, d.id) < (" PAGE_SQL_FROM_MICROS("$4") ", $5::uuid))"
	" ORDER BY d.created_at DESC, d.id DESC LIMIT $6::integer");

struct db_stmt webhook_store_redeliver = DB_STMT(
	"UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = now(), updated_at = now()"
	"  FROM webhook_endpoints w"
	" WHERE d.id = $1::uuid AND d.endpoint_id = $2::uuid AND w.id = d.endpoint_id AND w.organization_id = $3::uuid"
	"   AND d.status <> 'pending'"
	" RETURNING api_webhook_delivery(d)::text");

struct db_stmt webhook_store_delivery_status = DB_QUERY(
	"SELECT d.status FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id"
	" WHERE d.id = $1::uuid AND d.endpoint_id = $2::uuid AND w.organization_id = $3::uuid");

/* The earliest due delivery of an endpoint that no worker holds: the endpoint row locked
 * (SKIP LOCKED: another worker claiming meanwhile takes another endpoint, or nothing) and
 * leased, in one statement. */
struct db_stmt webhook_store_claim = DB_STMT(
	"WITH pick AS (SELECT d.id AS delivery_id, w.id AS endpoint_id"
	"                FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id"
	"               WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.disabled_at IS NULL"
	"                 AND (w.busy_until IS NULL OR w.busy_until < now())"
	"               ORDER BY d.next_attempt_at, d.event_seq LIMIT 1 FOR UPDATE OF w SKIP LOCKED),"
	"     lease AS (UPDATE webhook_endpoints w SET busy_until = now() + $1::integer * interval '1 second'"
	"                 FROM pick WHERE w.id = pick.endpoint_id RETURNING w.id, w.url, w.secret)"
	" SELECT d.id, lease.id, lease.url, lease.secret, e.id, api_event(e)::text, d.attempts"
	"   FROM pick JOIN lease ON lease.id = pick.endpoint_id"
	"   JOIN webhook_deliveries d ON d.id = pick.delivery_id JOIN events e ON e.seq = d.event_seq");

struct db_stmt webhook_store_record = DB_STMT(
	"WITH d AS (UPDATE webhook_deliveries SET attempts = attempts + 1, status = $6,"
	"                  next_attempt_at = CASE WHEN $6 = 'pending' THEN now() + $7::bigint * interval '1 millisecond'"
	"                                         ELSE next_attempt_at END, updated_at = now()"
	"            WHERE id = $1::uuid RETURNING id),"
	"     a AS (INSERT INTO webhook_attempts (delivery_id, status_code, error, latency_ms)"
	"           SELECT d.id, $3::integer, $4, $5::integer FROM d)"
	" UPDATE webhook_endpoints SET busy_until = NULL,"
	"        disabled_at = CASE WHEN $8::text IS NOT NULL THEN now() ELSE disabled_at END,"
	"        disabled_reason = coalesce($8, disabled_reason)"
	"  WHERE id = $2::uuid");
/* clang-format on */
