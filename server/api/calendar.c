/* The working-day calendar's routes: the administrator's declared exceptions (holidays on
 * weekdays, make-up working days on weekends) and the "N working days after" question. The
 * registry's in-memory calendar that every deadline is computed with is
 * api/registry_calendar.c; the SQL api/calendar_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/calendar_store.h"
#include "api/handlers.h"
#include "api/registry_calendar.h"
#include "http/response.h"

#define CALENDAR_MAX_SPAN_YEARS 3
#define WORKING_DAYS_MAX_ADD 3650

void handle_list_calendar(struct request *req)
{
	struct field_errors errs = {0};
	ipr_date from = 0, to = 0;
	bool ok = query_date(req, "from", V_REQUIRED, &from, &errs);
	ok = query_date(req, "to", V_REQUIRED, &to, &errs) && ok;
	if (ok && to < from)
		field_error(&errs, "to", "must not be before from");
	else if (ok && to > date_add_years(from, CALENDAR_MAX_SPAN_YEARS))
		field_error(&errs, "to", "must be at most 3 years after from");
	if (respond_if_invalid(req, &errs))
		return;
	char from_text[DATE_TEXT_LEN], to_text[DATE_TEXT_LEN];
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&calendar_store_list, DB_ARGS(date_format(from, from_text), date_format(to, to_text)), &res);
	respond_result(req, st, res, 200);
}

void handle_add_working_days(struct request *req)
{
	struct field_errors errs = {0};
	ipr_date start = 0;
	query_date(req, "start", V_REQUIRED, &start, &errs);
	const char *add_text = request_query(req, "add");
	char *end = NULL;
	long add = add_text ? strtol(add_text, &end, 10) : -1;
	if (!add_text)
		field_error(&errs, "add", "is required");
	else if (!*add_text || *end || add < 0 || add > WORKING_DAYS_MAX_ADD)
		field_error(&errs, "add", "must be a whole number from 0 to 3650");
	if (respond_if_invalid(req, &errs))
		return;
	ipr_date date = 0;
	enum db_status st = registry_add_working_days(start, (int)add, &date);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	char start_text[DATE_TEXT_LEN], date_text[DATE_TEXT_LEN];
	respond_json(req, 200,
	             json_pack("{s:s, s:I, s:s}", "start", date_format(start, start_text), "add", (json_int_t)add,
	                       "date", date_format(date, date_text)));
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
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, exception_keys, &errs);
	if (!body)
		return;
	const char *kind = v_enum(body, "kind", "", exception_kinds, V_REQUIRED, &errs);
	const char *name = v_string(body, "name", "", 1, 200, V_REQUIRED, false, &errs);
	bool weekend = date_weekday(day) >= 6;
	if (kind && !strcmp(kind, "holiday") && weekend)
		field_error(&errs, "kind",
		            "a holiday must fall on a weekday (Saturday and Sunday are not worked anyway)");
	else if (kind && !strcmp(kind, "working_day") && !weekend)
		field_error(&errs, "kind", "a declared working day must fall on a Saturday or Sunday");
	if (respond_if_invalid(req, &errs))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(&calendar_store_put, DB_ARGS(day_text, kind, name, req->principal.user_id), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	registry_calendar_invalidate();
	respond_row(req, 200, res);
}

void handle_delete_calendar_exception(struct request *req)
{
	const char *day_text = request_param(req, "date");
	PGresult *res = NULL;
	enum db_status st = db_exec(&calendar_store_delete, DB_ARGS(day_text, req->principal.user_id), &res);
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
