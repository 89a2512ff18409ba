#include "api/deadline.h"

#include <stdlib.h>
#include <string.h>

#include "api/registry_calendar.h"

void deadline_clock_set(json_t *obj, const struct deadline_clock *c, bool pending)
{
	json_t *due_json = json_object_get(obj, "due_on");
	ipr_date due = 0;
	if (!pending || !json_is_string(due_json) || !date_parse(json_string_value(due_json), &due)) {
		json_object_set_new(obj, "working_days_left", json_null());
		json_object_set_new(obj, "overdue", json_false());
		return;
	}
	int left = due >= c->today ? calendar_working_days_between(c->cal, c->today, due)
	                           : -calendar_working_days_between(c->cal, due, c->today);
	json_object_set_new(obj, "working_days_left", json_integer(left));
	json_object_set_new(obj, "overdue", json_boolean(c->today > due));
}

char *deadline_render_exact(const char *text, const struct deadline_clock *c, const char *const *running)
{
	json_t *obj = json_loads(text, 0, NULL);
	size_t len = strlen(text);
	if (!json_is_object(obj) || len < 2 || text[len - 1] != '}') {
		json_decref(obj);
		return NULL;
	}
	const char *status = json_string_value(json_object_get(obj, "status"));
	bool pending = false;
	for (const char *const *r = running; status && *r; r++)
		pending = pending || !strcmp(status, *r);
	json_t *clock = json_object();
	json_t *due_on = json_object_get(obj, "due_on");
	if (due_on)
		json_object_set(clock, "due_on", due_on);
	deadline_clock_set(clock, c, pending);
	json_object_del(clock, "due_on");
	char *members = json_dumps(clock, JSON_COMPACT);
	json_decref(clock);
	json_decref(obj);
	char *out = members ? xasprintf("%.*s,%s", (int)(len - 1), text, members + 1) : NULL;
	free(members);
	return out;
}

/* What an answer with deadlines is rendered from: one record, or a page of them. */
struct rendering {
	const struct page *page; /* NULL: one record */
	unsigned status;
	page_item_map render;
};

/* Answers res as r says with the current calendar as of today. Clears res. */
static void respond_rendered(struct request *req, const struct rendering *r, PGresult *res, ipr_date today)
{
	if (!r->page && PQnfields(res) > 2 && !strcmp(PQgetvalue(res, 0, 2), "f")) {
		/* No deadline runs: the placeholders are the answer, sent as the database wrote them
		 * (rendering cost a third of the CPU time of GET /v1/recordations/{id}: bench/RESULTS.md). */
		respond_json_text(req, r->status, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
		response_etag_version(req, strtoll(PQgetvalue(res, 0, 1), NULL, 10));
		PQclear(res);
		return;
	}
	struct calendar_snapshot *snap = NULL;
	enum db_status st = calendar_snapshot_acquire(&snap);
	if (st != DB_OK) {
		PQclear(res);
		respond_db_error(req, st);
		return;
	}
	struct deadline_clock c = {calendar_snapshot_get(snap), today};
	if (r->page) {
		respond_page_mapped(req, r->page, res, r->render, &c);
		calendar_snapshot_release(snap);
		return;
	}
	char *body = r->render(PQgetvalue(res, 0, 0), &c);
	calendar_snapshot_release(snap);
	if (body) {
		respond_json_text(req, r->status, body, strlen(body));
		response_etag_version(req, strtoll(PQgetvalue(res, 0, 1), NULL, 10));
	} else {
		respond_db_error(req, DB_ERROR);
	}
	free(body);
	PQclear(res);
}

void respond_with_deadlines(struct request *req, unsigned status, PGresult *res, ipr_date today, page_item_map render)
{
	struct rendering r = {NULL, status, render};
	respond_rendered(req, &r, res, today);
}

void respond_found_with_deadlines(struct request *req, enum db_status st, PGresult *res, ipr_date today,
                                  page_item_map render, const char *what)
{
	if (st != DB_OK) {
		respond_db_error(req, st);
	} else if (PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no %s with this id", what);
	} else {
		respond_with_deadlines(req, 200, res, today, render);
	}
}

void respond_page_with_deadlines(struct request *req, const struct page *p, enum db_status st, PGresult *res,
                                 ipr_date today, page_item_map render)
{
	struct rendering r = {p, 200, render};
	if (st != DB_OK)
		respond_page(req, p, st, res);
	else
		respond_rendered(req, &r, res, today);
}
