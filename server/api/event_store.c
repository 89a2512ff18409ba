/* The statements of api/events.c and api/scheduler.c. */
#include "api/event_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt event_store_feed = DB_QUERY(
	"SELECT api_event(e)::text, e.tx::text || ' ' || e.seq::text, e.id FROM events e"
	" WHERE e.audience = ANY ($1::text[]) AND e.tx < pg_snapshot_xmin(pg_current_snapshot())"
	"   AND ($2::text IS NULL OR (e.tx, e.seq) > (split_part($2, ' ', 1)::xid8, split_part($2, ' ', 2)::bigint))"
	" ORDER BY e.tx, e.seq LIMIT $3::integer");

struct db_stmt event_store_held_back = DB_QUERY(
	"SELECT EXISTS (SELECT 1 FROM events e WHERE e.audience = ANY ($1::text[])"
	"                  AND e.tx >= pg_snapshot_xmin(pg_current_snapshot()))");

/* A time-driven event of recordation r on the occasion `occasion`, unless written already. */
#define RECORDATION_ONCE(type, occasion, data)                                                       \
	"SELECT coalesce(sum(event_emit(" type ", recordation_event_subject(r), recordation_audiences(r, " type \
	"), " data ", " occasion ")), 0) FROM recordations r"                                                \
	" WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.subject_id = r.id AND e.type = " type            \
	"                     AND e.occasion = " occasion ")"

/* The window opens RENEWAL_WINDOW_MONTHS before valid_until, with the month arithmetic of
 * date_add_months (a day past the month's end falls back to its last day: PostgreSQL's too). */
struct db_stmt event_store_renewal_window = DB_STMT(
	RECORDATION_ONCE("'recordation.renewal_window_opened'", "r.valid_until",
	                 "jsonb_build_object('renewal_opens_on', (r.valid_until - make_interval(months => $2::integer))::date)")
	"   AND r.status = 'approved' AND r.valid_until >= $1::date"
	"   AND (r.valid_until - make_interval(months => $2::integer))::date <= $1::date");

struct db_stmt event_store_expiring = DB_STMT(
	RECORDATION_ONCE("'recordation.expiring'", "r.valid_until",
	                 "jsonb_build_object('days_left', r.valid_until - $1::date)")
	"   AND r.status = 'approved' AND r.valid_until >= $1::date AND r.valid_until <= $1::date + $2::integer"
	"   AND r.renewal_status IS DISTINCT FROM 'submitted'");

struct db_stmt event_store_expired = DB_STMT(
	RECORDATION_ONCE("'recordation.expired'", "r.valid_until", "jsonb_build_object('to_status', 'expired')")
	"   AND r.status = 'approved' AND recordation_status_on(r, $1::date) = 'expired'"
	"   AND r.valid_until >= $1::date - $2::integer");

struct db_stmt event_store_recordation_overdue = DB_STMT(
	RECORDATION_ONCE("'recordation.overdue'", "r.queue_on", "jsonb_build_object('due_on', r.queue_on)")
	"   AND coalesce(r.queue_on, 'infinity') < $1::date"); /* the queue's index */

struct db_stmt event_store_pre_confirmation_overdue = DB_STMT(
	"SELECT coalesce(sum(event_emit('pre_confirmation.overdue', pre_confirmation_event_subject(p),"
	"                                pre_confirmation_audiences(p, 'pre_confirmation.overdue'),"
	"                                jsonb_build_object('due_on', p.due_on), p.due_on)), 0)"
	"  FROM pre_confirmations p"
	" WHERE p.status = 'submitted' AND p.due_on < $1::date"
	"   AND NOT EXISTS (SELECT 1 FROM events e WHERE e.subject_id = p.id AND e.type = 'pre_confirmation.overdue'"
	"                     AND e.occasion = p.due_on)");
/* clang-format on */
