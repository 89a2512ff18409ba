/* The statements of api/events.c and api/scheduler.c. */
#include "api/event_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt event_store_relay = DB_STMT("SELECT events_relay($1::integer)");

struct db_stmt event_store_feed = DB_QUERY(
	"SELECT api_event(e)::text, e.tx::text || ' ' || e.seq::text, e.id FROM events e"
	" WHERE e.audience = ANY ($1::text[]) AND e.tx < (SELECT events_horizon())"
	"   AND ($2::text IS NULL OR (e.tx, e.seq) > (split_part($2, ' ', 1)::xid8, split_part($2, ' ', 2)::bigint))"
	" ORDER BY e.tx, e.seq LIMIT $3::integer");

struct db_stmt event_store_watch_mark = DB_QUERY(
	"SELECT coalesce((SELECT e.tx::text || ' ' || e.seq::text FROM events e"
	"                  WHERE e.tx < (SELECT events_horizon()) ORDER BY e.tx DESC, e.seq DESC LIMIT 1),"
	"                 '0 0')");

struct db_stmt event_store_watch = DB_QUERY(
	"WITH w AS (SELECT e.audience, e.tx, e.seq FROM events e"
	"            WHERE e.tx < (SELECT events_horizon())"
	"              AND (e.tx, e.seq) > (split_part($1, ' ', 1)::xid8, split_part($1, ' ', 2)::bigint)"
	"            ORDER BY e.tx, e.seq LIMIT 1000),"
	"     m AS (SELECT w.tx::text || ' ' || w.seq::text AS mark FROM w ORDER BY w.tx DESC, w.seq DESC LIMIT 1)"
	" SELECT DISTINCT w.audience, m.mark FROM w, m");

struct db_stmt event_store_held_back = DB_QUERY(
	"SELECT EXISTS (SELECT 1 FROM events e WHERE e.audience = ANY ($1::text[])"
	"                  AND e.tx >= (SELECT events_horizon()))");

/* A time-driven event of each record x of `table` (its kind's <kind>_event_subject and
 * <kind>_audiences) on the occasion `occasion`, unless written already; the caller adds the
 * conditions (" AND ..."). */
#define ONCE(kind, table, type, occasion, data)                                                        \
	"SELECT coalesce(sum(event_emit(" type ", " kind "_event_subject(x), " kind "_audiences(x, " type "), " \
	data ", " occasion ")), 0) FROM " table " x"                                                       \
	" WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.subject_id = x.id AND e.type = " type              \
	"                     AND e.occasion = " occasion ")"
#define RECORDATION_ONCE(type, occasion, data) ONCE("recordation", "recordations", type, occasion, data)
#define CASE_ONCE(type, occasion, data) ONCE("case", "cases", type, occasion, data)

/* The window opens RENEWAL_WINDOW_MONTHS before valid_until, with the month arithmetic of
 * date_add_months (a day past the month's end falls back to its last day: PostgreSQL's too). */
struct db_stmt event_store_renewal_window = DB_STMT(
	RECORDATION_ONCE("'recordation.renewal_window_opened'", "x.valid_until",
	                 "jsonb_build_object('renewal_opens_on', (x.valid_until - make_interval(months => $2::integer))::date)")
	"   AND x.status = 'approved' AND x.valid_until >= $1::date"
	"   AND (x.valid_until - make_interval(months => $2::integer))::date <= $1::date"
	/* implied by the line above (taking months off moves a day back 3 days at most), and what the
	 * index on valid_until can range over: the windows that may be open, not every validity
	 * still running (0.4 s a round at 1,000,000 recordations, bench/RESULTS.md) */
	"   AND x.valid_until <= ($1::date + make_interval(months => $2::integer + 1))::date");

struct db_stmt event_store_expiring = DB_STMT(
	RECORDATION_ONCE("'recordation.expiring'", "x.valid_until",
	                 "jsonb_build_object('days_left', x.valid_until - $1::date)")
	"   AND x.status = 'approved' AND x.valid_until >= $1::date AND x.valid_until <= $1::date + $2::integer"
	"   AND x.renewal_status IS DISTINCT FROM 'submitted'");

struct db_stmt event_store_expired = DB_STMT(
	RECORDATION_ONCE("'recordation.expired'", "x.valid_until", "jsonb_build_object('to_status', 'expired')")
	"   AND x.status = 'approved' AND recordation_status_on(x, $1::date) = 'expired'"
	"   AND x.valid_until >= $1::date - $2::integer AND x.valid_until < $1::date"); /* the second: implied, for the index */

struct db_stmt event_store_recordation_overdue = DB_STMT(
	RECORDATION_ONCE("'recordation.overdue'", "x.queue_on", "jsonb_build_object('due_on', x.queue_on)")
	"   AND coalesce(x.queue_on, 'infinity') < $1::date"); /* the queue's index */

struct db_stmt event_store_pre_confirmation_overdue = DB_STMT(
	ONCE("pre_confirmation", "pre_confirmations", "'pre_confirmation.overdue'", "x.due_on",
	     "jsonb_build_object('due_on', x.due_on)")
	"   AND x.status = 'submitted' AND x.due_on < $1::date");

struct db_stmt event_store_case_answer_due = DB_STMT(
	CASE_ONCE("'case.answer_due_tomorrow'", "x.response_due_on", "jsonb_build_object('due_on', x.response_due_on)")
	"   AND x.status = 'notified' AND x.response_due_on = $1::date");

struct db_stmt event_store_case_deadline_today = DB_STMT(
	CASE_ONCE("'case.deadline_today'", "case_due_on(x, $1::date)", "jsonb_build_object('due_on', case_due_on(x, $1::date))")
	"   AND x.status IN ('notified', 'detained') AND case_due_on(x, $1::date) = $1::date");

struct db_stmt event_store_case_unanswered = DB_STMT(
	CASE_ONCE("'case.unanswered'", "x.response_due_on",
	          "jsonb_build_object('to_status', 'unanswered', 'released_on', x.response_due_on + 1)")
	"   AND x.status = 'notified' AND x.response_due_on < $1::date AND x.response_due_on >= $1::date - $2::integer");

struct db_stmt event_store_prune_deliveries = DB_STMT(
	"WITH d AS (DELETE FROM webhook_deliveries WHERE id IN"
	"             (SELECT id FROM webhook_deliveries WHERE status = 'succeeded'"
	"                 AND updated_at < now() - $1::integer * interval '1 day'"
	"               ORDER BY updated_at LIMIT $2::integer)"
	"           RETURNING 1)"
	" SELECT count(*) FROM d");

/* The oldest event young enough to keep bounds the scan: events are written in seq order,
 * so those before it are the old ones (the first index entries), whatever their number. */
struct db_stmt event_store_prune_events = DB_STMT(
	"WITH bound AS (SELECT coalesce((SELECT e.seq FROM events e"
	"                                 WHERE e.at >= now() - $1::integer * interval '1 day' ORDER BY e.seq LIMIT 1),"
	"                               (SELECT max(e.seq) + 1 FROM events e)) AS seq),"
	"     old AS (SELECT e.seq FROM events e, bound"
	"              WHERE e.seq < bound.seq AND e.at < now() - $1::integer * interval '1 day'"
	"                AND (e.occasion IS NULL OR e.occasion < $3::date - $4::integer)"
	"                AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_seq = e.seq)"
	"              ORDER BY e.seq LIMIT $2::integer),"
	"     d AS (DELETE FROM events e USING old WHERE e.seq = old.seq RETURNING 1)"
	" SELECT count(*) FROM d");
/* clang-format on */
