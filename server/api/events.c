/* The event feed: GET /v1/events?after=CURSOR&limit=N&wait=S. The events the caller's
 * organization or office may see, oldest first, from after the cursor; `next_cursor` is
 * where the next call starts (the same cursor when nothing came). With wait, a call that
 * finds nothing parks (http/park.h) until an event of its audiences commits (the watch
 * below sees it within 200 ms) or the wait is over: no thread waits with it. */
#include "api/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/event_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/webhook_delivery.h"
#include "core/config.h"
#include "db/job.h"
#include "domain/cursor.h"
#include "http/park.h"
#include "http/response.h"

#define WAIT_MAX 60                    /* seconds a call may wait */
#define HELD_BACK_RECHECK 200000000ull /* ns: a held-back event shows when an older transaction ends */

const char *const event_types[] = {
	"recordation.created",
	"recordation.submitted",
	"recordation.information_requested",
	"recordation.approved",
	"recordation.rejected",
	"recordation.withdrawn",
	"recordation.revoked",
	"recordation.cancelled",
	"recordation.renewal_submitted",
	"recordation.renewal_approved",
	"recordation.renewal_rejected",
	"recordation.authorized_users_changed",
	"recordation.renewal_window_opened",
	"recordation.expiring",
	"recordation.expired",
	"recordation.overdue",
	"pre_confirmation.submitted",
	"pre_confirmation.confirmed",
	"pre_confirmation.rejected",
	"pre_confirmation.withdrawn",
	"pre_confirmation.overdue",
	"alert.created",
	"alert.withdrawn",
	"case.opened",
	"case.detention_requested",
	"case.answered_not_infringing",
	"case.confirmed_infringing",
	"case.not_confirmed",
	"case.answer_due_tomorrow",
	"case.deadline_today",
	"case.unanswered",
	"mandate.granted",
	"mandate.accepted",
	"mandate.declined",
	"mandate.narrowed",
	"mandate.ended",
	NULL,
};

bool event_type_known(const char *type)
{
	for (const char *const *t = event_types; *t; t++)
		if (!strcmp(*t, type))
			return true;
	return false;
}

int events_audiences(const struct principal *p, char out[EVENT_AUDIENCES_MAX][EVENT_AUDIENCE_LEN])
{
	int n = 0;
	if (p->organization_id[0])
		snprintf(out[n++], EVENT_AUDIENCE_LEN, "org:%s", p->organization_id);
	if (p->office_id[0])
		snprintf(out[n++], EVENT_AUDIENCE_LEN, "office:%s", p->office_id);
	if (p->role == ROLE_HQ_OFFICER && n < EVENT_AUDIENCES_MAX)
		snprintf(out[n++], EVENT_AUDIENCE_LEN, "hq");
	return n;
}

/* ---- the watch: who waits hears of what committed ---- */

/* The mark of the last event seen ("tx seq"), the watch's own. */
static char watch_mark[48];

#define RELAY_BATCH "1000" /* outbox rows a relay statement takes */
#define RELAY_ROUNDS 10    /* relay statements a tick at most: a backlog drains over several ticks */

/* Turns what the outbox holds into events (event_store_relay), a batch at a time while
 * batches come full. */
static void relay(void)
{
	for (int i = 0; i < RELAY_ROUNDS; i++) {
		PGresult *res = NULL;
		bool full = db_exec(&event_store_relay, DB_ARGS(RELAY_BATCH), &res) == DB_OK &&
		            !strcmp(PQgetvalue(res, 0, 0), RELAY_BATCH);
		PQclear(res);
		if (!full)
			return;
	}
}

/* Every 200 ms: the relay, then the events committed since the mark (in the feed's order,
 * under the feed's rule) wake the feed's readers waiting for their audiences, and the webhook
 * workers. The first tick starts from the newest event. */
static void watch_tick(void)
{
	PGresult *res = NULL;
	relay();
	if (!watch_mark[0]) {
		if (db_exec(&event_store_watch_mark, DB_NO_ARGS, &res) == DB_OK)
			snprintf(watch_mark, sizeof watch_mark, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		return;
	}
	if (db_exec(&event_store_watch, DB_ARGS(watch_mark), &res) != DB_OK) {
		PQclear(res); /* the feed's readers look again by themselves while the database is away */
		return;
	}
	int n = PQntuples(res);
	for (int i = 0; i < n; i++)
		park_wake(PQgetvalue(res, i, 0));
	if (n > 0) {
		snprintf(watch_mark, sizeof watch_mark, "%s", PQgetvalue(res, 0, 1));
		webhook_delivery_changed();
	}
	PQclear(res);
}

static struct db_job watch = {.name = "the event watch", .tick = watch_tick, .interval_ns = 200000000ull};

int events_watch_start(void)
{
	watch_mark[0] = '\0';
	return db_job_start(&watch);
}

void events_watch_stop(void)
{
	db_job_stop(&watch);
}

/* One call of the feed, from its first query to its answer (it may park in between). */
struct feed {
	char audiences[EVENT_AUDIENCES_MAX][EVENT_AUDIENCE_LEN];
	const char *keys[EVENT_AUDIENCES_MAX];
	int naudiences;
	char literal[EVENT_AUDIENCES_MAX * (EVENT_AUDIENCE_LEN + 3) + 3]; /* {"org:...","hq"} */
	char *cursor;                                                     /* the client's, or NULL */
	const char *after_key;                                            /* decoded from it: "tx seq" */
	char decoded[CURSOR_DECODED_MAX];
	char limit_text[24];
	long limit;
	uint64_t deadline_ns; /* 0: no waiting */
};

static void feed_free(struct feed *f)
{
	free(f->cursor);
	free(f);
}

/* "tx seq": what event_store_feed's key column holds. */
static bool key_valid(const char *key)
{
	size_t a = strspn(key, "0123456789");
	if (a < 1 || a > 20 || key[a] != ' ')
		return false;
	size_t b = strspn(key + a + 1, "0123456789");
	return b >= 1 && b <= 20 && key[a + 1 + b] == '\0';
}

/* Answers the rows of event_store_feed: {items, next_cursor}; next_cursor is the last
 * item's, or the client's own when there is none. Clears res. */
static void respond_feed(struct request *req, const struct feed *f, PGresult *res)
{
	int rows = PQntuples(res);
	struct buf out = {0};
	buf_append(&out, "{\"items\":[", 10);
	for (int i = 0; i < rows; i++) {
		if (i)
			buf_append(&out, ",", 1);
		buf_append(&out, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
	}
	buf_append(&out, "],\"next_cursor\":", 16);
	char *cursor = rows ? cursor_encode(PQgetvalue(res, rows - 1, 1), PQgetvalue(res, rows - 1, 2)) : NULL;
	const char *next = cursor ? cursor : f->cursor;
	if (next)
		buf_printf(&out, "\"%s\"}", next);
	else
		buf_append(&out, "null}", 5);
	free(cursor);
	PQclear(res);
	respond_json_text(req, 200, out.data, out.len);
	buf_free(&out);
}

static bool feed_poll(struct request *req, void *arg, enum park_why why);

/* Looks once, and answers or parks. Returns true when parked (the request is the park's). */
static bool feed_look(struct request *req, struct feed *f, bool may_wait)
{
	struct park_ticket *ticket = NULL;
	if (may_wait && f->deadline_ns) {
		enum park_refusal r = park_arm(req, f->keys, f->naudiences, req->principal.user_id, &ticket);
		if (r == PARK_FULL) {
			respond_retry_later(req, 503, 1, "the server has as many waiting event feeds as it may (%s)",
			                    "IPR_LONG_POLLS");
			return false;
		}
		if (r == PARK_OWNER_FULL) {
			respond_retry_later(req, 429, 1, "this user has as many waiting event feeds as it may (%s)",
			                    "IPR_LONG_POLLS_PER_USER");
			return false;
		}
	}
	PGresult *res = NULL;
	enum db_status st = db_exec(&event_store_feed, DB_ARGS(f->literal, f->after_key, f->limit_text), &res);
	if (st != DB_OK || PQntuples(res) > 0 || !ticket) {
		park_cancel(ticket);
		if (st != DB_OK)
			respond_db_error(req, st);
		else
			respond_feed(req, f, res);
		return false;
	}
	PQclear(res);
	/* Nothing yet. An event held back behind an older transaction shows when that one ends,
	 * which sends no notification: look again shortly. */
	uint64_t until = f->deadline_ns;
	res = NULL;
	st = db_exec(&event_store_held_back, DB_ARGS(f->literal), &res);
	if (st == DB_OK && !strcmp(PQgetvalue(res, 0, 0), "t") && clock_ns() + HELD_BACK_RECHECK < until)
		until = clock_ns() + HELD_BACK_RECHECK;
	PQclear(res);
	park_wait(ticket, until, feed_poll, f);
	return true;
}

/* A parked call runs again (http/park.h). */
static bool feed_poll(struct request *req, void *arg, enum park_why why)
{
	struct feed *f = arg;
	bool parked = feed_look(req, f, why != PARK_STOPPING && clock_ns() < f->deadline_ns);
	if (!parked)
		feed_free(f);
	return parked;
}

void handle_list_events(struct request *req)
{
	struct field_errors errs = {0};
	struct feed *f = xcalloc(1, sizeof *f);
	const char *limit = request_query(req, "limit"), *after = request_query(req, "after"),
		   *wait = request_query(req, "wait");
	struct page page;
	page_parse_text(limit, NULL, &page, &errs);
	f->limit = page.limit;
	snprintf(f->limit_text, sizeof f->limit_text, "%ld", f->limit);
	if (after) {
		const char *id = NULL;
		if (!cursor_decode(after, f->decoded, &f->after_key, &id) || !key_valid(f->after_key)) {
			f->after_key = NULL;
			field_error(&errs, "after", "is not a cursor this server gave out");
		} else {
			f->cursor = xstrdup(after);
		}
	}
	long seconds = 0;
	if (wait) {
		char *end = NULL;
		seconds = strtol(wait, &end, 10);
		if (!*wait || *end || seconds < 0 || seconds > WAIT_MAX) {
			field_error(&errs, "wait", "must be a whole number of seconds from 0 to 60");
			seconds = 0;
		}
	}
	if (respond_if_invalid(req, &errs)) {
		feed_free(f);
		return;
	}
	f->naudiences = events_audiences(&req->principal, f->audiences);
	struct buf lit = {0};
	buf_append(&lit, "{", 1);
	for (int i = 0; i < f->naudiences; i++) {
		f->keys[i] = f->audiences[i];
		buf_printf(&lit, "%s\"%s\"", i ? "," : "", f->audiences[i]);
	}
	buf_append(&lit, "}", 1);
	snprintf(f->literal, sizeof f->literal, "%s", lit.data);
	buf_free(&lit);
	f->deadline_ns = seconds ? clock_ns() + (uint64_t)seconds * 1000000000ull : 0;
	if (!feed_look(req, f, true))
		feed_free(f);
}
