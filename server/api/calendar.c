/* The working-day calendar: the administrator's declared exceptions (holidays on weekdays,
 * make-up working days on weekends), the "N working days after" question, and the
 * registry's in-memory calendar that every deadline is computed with. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/registry_calendar.h"
#include "core/log.h"
#include "db/listen.h"
#include "http/response.h"

/* The representation of a calendar exception `c`, shared by the statements below. */
#define CALENDAR_EXCEPTION_JSON "jsonb_build_object('date', c.day, 'kind', c.kind, 'name', coalesce(c.name, ''))"

static struct db_stmt load_exceptions =
	DB_QUERY("SELECT (day - DATE '1970-01-01')::text, kind FROM calendar_exceptions");

static struct db_stmt list_exceptions = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce(jsonb_agg(" CALENDAR_EXCEPTION_JSON " ORDER BY c.day), '[]'))::text"
	"  FROM calendar_exceptions c WHERE c.day BETWEEN $1::date AND $2::date");

static struct db_stmt upsert_exception = DB_STMT(
	"INSERT INTO calendar_exceptions AS c (day, kind, name) VALUES ($1, $2, $3)"
	" ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name"
	" RETURNING " CALENDAR_EXCEPTION_JSON "::text");

static struct db_stmt delete_exception = DB_STMT("DELETE FROM calendar_exceptions WHERE day = $1");

/* ---- the registry's calendar ---- */

struct calendar_snapshot {
	struct calendar *cal;
	atomic_int refs;
};

/* `current` holds one reference of its own. `generation` counts invalidations, so that a
 * load that raced with a change is used once but never installed. */
static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct calendar_snapshot *current;
static unsigned long generation;

static enum db_status snapshot_load(struct calendar_snapshot **out)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(&load_exceptions, DB_NO_ARGS, &res);
	if (st != DB_OK)
		return st;
	struct calendar_snapshot *snap = xcalloc(1, sizeof *snap);
	snap->cal = calendar_new();
	atomic_init(&snap->refs, 1);
	for (int i = 0; i < PQntuples(res); i++) {
		ipr_date day = (ipr_date)strtol(PQgetvalue(res, i, 0), NULL, 10);
		bool holiday = !strcmp(PQgetvalue(res, i, 1), "holiday");
		calendar_set(snap->cal, day, holiday ? CALENDAR_HOLIDAY : CALENDAR_WORKING_DAY);
	}
	log_debug("calendar: loaded %d declared exceptions", PQntuples(res));
	PQclear(res);
	*out = snap;
	return DB_OK;
}

enum db_status calendar_snapshot_acquire(struct calendar_snapshot **out)
{
	*out = NULL;
	if (!listen_live()) /* a change could go unseen: read the calendar afresh, keep it for no one */
		return snapshot_load(out);
	pthread_mutex_lock(&current_lock);
	struct calendar_snapshot *snap = current;
	if (snap)
		atomic_fetch_add(&snap->refs, 1);
	unsigned long seen = generation;
	pthread_mutex_unlock(&current_lock);
	if (snap) {
		*out = snap;
		return DB_OK;
	}
	enum db_status st = snapshot_load(&snap);
	if (st != DB_OK)
		return st;
	pthread_mutex_lock(&current_lock);
	if (!current && generation == seen && listen_live()) {
		atomic_fetch_add(&snap->refs, 1);
		current = snap;
	}
	pthread_mutex_unlock(&current_lock);
	*out = snap;
	return DB_OK;
}

const struct calendar *calendar_snapshot_get(const struct calendar_snapshot *snap)
{
	return snap->cal;
}

void calendar_snapshot_release(struct calendar_snapshot *snap)
{
	if (snap && atomic_fetch_sub(&snap->refs, 1) == 1) {
		calendar_free(snap->cal);
		free(snap);
	}
}

void registry_calendar_invalidate(void)
{
	pthread_mutex_lock(&current_lock);
	struct calendar_snapshot *old = current;
	current = NULL;
	generation++;
	pthread_mutex_unlock(&current_lock);
	calendar_snapshot_release(old);
}

void registry_calendar_changed(const char *arg)
{
	(void)arg;
	registry_calendar_invalidate();
}

enum db_status registry_add_working_days(ipr_date start, int n, ipr_date *out)
{
	struct calendar_snapshot *snap = NULL;
	enum db_status st = calendar_snapshot_acquire(&snap);
	if (st == DB_OK)
		*out = calendar_add_working_days(snap->cal, start, n);
	calendar_snapshot_release(snap);
	return st;
}

enum db_status registry_working_days_between(ipr_date from, ipr_date to, int *out)
{
	struct calendar_snapshot *snap = NULL;
	enum db_status st = calendar_snapshot_acquire(&snap);
	if (st == DB_OK)
		*out = calendar_working_days_between(snap->cal, from, to);
	calendar_snapshot_release(snap);
	return st;
}

/* ---- handlers ---- */

#define CALENDAR_MAX_SPAN_YEARS 3
#define WORKING_DAYS_MAX_ADD 3650

/* A required YYYY-MM-DD query parameter. */
static bool query_date(struct request *req, const char *name, ipr_date *out, struct field_errors *errs)
{
	const char *text = request_query(req, name);
	if (!text) {
		field_error(errs, name, "is required");
		return false;
	}
	if (!date_parse(text, out)) {
		field_error(errs, name, "must be a real date written YYYY-MM-DD");
		return false;
	}
	return true;
}

void handle_list_calendar(struct request *req)
{
	struct field_errors errs = {0};
	ipr_date from = 0, to = 0;
	bool ok = query_date(req, "from", &from, &errs);
	ok = query_date(req, "to", &to, &errs) && ok;
	if (ok && to < from)
		field_error(&errs, "to", "must not be before from");
	else if (ok && to > date_add_years(from, CALENDAR_MAX_SPAN_YEARS))
		field_error(&errs, "to", "must be at most 3 years after from");
	if (field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		return;
	}
	char from_text[DATE_TEXT_LEN], to_text[DATE_TEXT_LEN];
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&list_exceptions, DB_ARGS(date_format(from, from_text), date_format(to, to_text)), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	respond_json_text(req, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
}

void handle_add_working_days(struct request *req)
{
	struct field_errors errs = {0};
	ipr_date start = 0;
	query_date(req, "start", &start, &errs);
	const char *add_text = request_query(req, "add");
	char *end = NULL;
	long add = add_text ? strtol(add_text, &end, 10) : -1;
	if (!add_text)
		field_error(&errs, "add", "is required");
	else if (!*add_text || *end || add < 0 || add > WORKING_DAYS_MAX_ADD)
		field_error(&errs, "add", "must be a whole number from 0 to 3650");
	if (field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		return;
	}
	ipr_date date = 0;
	enum db_status st = registry_add_working_days(start, (int)add, &date);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	char start_text[DATE_TEXT_LEN], date_text[DATE_TEXT_LEN];
	respond_json(req, 200, json_pack("{s:s, s:I, s:s}", "start", date_format(start, start_text), "add",
	                                 (json_int_t)add, "date", date_format(date, date_text)));
}

static const char *const exception_keys[] = {"kind", "name", NULL};
static const char *const exception_kinds[] = {"holiday", "working_day", NULL};

void handle_put_calendar_exception(struct request *req)
{
	ipr_date day = 0;
	const char *day_text = request_param(req, "date");
	if (!date_parse(day_text, &day)) { /* the router checked it already */
		respond_problem(req, 422, "the date in the path is not a date");
		return;
	}
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	v_no_unknown_fields(body, exception_keys, "", &errs);
	const char *kind = v_enum(body, "kind", "", exception_kinds, V_REQUIRED, &errs);
	const char *name = v_string(body, "name", "", 1, 200, V_REQUIRED, false, &errs);
	bool weekend = date_weekday(day) >= 6;
	if (kind && !strcmp(kind, "holiday") && weekend)
		field_error(&errs, "kind", "a holiday must fall on a weekday (Saturday and Sunday are not worked anyway)");
	else if (kind && !strcmp(kind, "working_day") && !weekend)
		field_error(&errs, "kind", "a declared working day must fall on a Saturday or Sunday");
	if (field_errors_any(&errs)) {
		json_decref(body);
		respond_invalid(req, &errs);
		return;
	}
	PGresult *res = NULL;
	enum db_status st = db_exec(&upsert_exception, DB_ARGS(day_text, kind, name), &res);
	json_decref(body);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	registry_calendar_invalidate();
	respond_json_text(req, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
}

void handle_delete_calendar_exception(struct request *req)
{
	const char *day_text = request_param(req, "date");
	PGresult *res = NULL;
	enum db_status st = db_exec(&delete_exception, DB_ARGS(day_text), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	bool deleted = strcmp(PQcmdTuples(res), "0") != 0;
	PQclear(res);
	if (!deleted) {
		respond_problem(req, 404, "no exception is declared on %s", day_text);
		return;
	}
	registry_calendar_invalidate();
	respond_empty(req, 204);
}
