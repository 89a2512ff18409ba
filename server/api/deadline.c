#include "api/deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/registry_calendar.h"
#include "core/json_text.h"
#include "core/util.h"

/* The clock's two values as JSON text, from due_on (a date's JSON string) while pending. */
static void clock_values(const struct deadline_clock *c, bool pending, struct json_span due_on, char left[16],
                         const char **overdue)
{
	char date[11] = "";
	ipr_date due = 0;
	if (pending && due_on.len == 12 && due_on.p[0] == '"')
		memcpy(date, due_on.p + 1, 10);
	if (!pending || !date_parse(date, &due)) {
		strcpy(left, "null");
		*overdue = "false";
		return;
	}
	int n = due >= c->today ? calendar_working_days_between(c->cal, c->today, due)
	                        : -calendar_working_days_between(c->cal, due, c->today);
	snprintf(left, 16, "%d", n);
	*overdue = c->today > due ? "true" : "false";
}

/* An edit of the text: len bytes at at replaced by the text (a member inserted when len is 0). */
struct edit {
	const char *at;
	size_t len;
	char text[48];
};

/* The edits that set the clock of the object at obj (ending by end). */
static bool clock_edits(const char *obj, const char *end, const struct deadline_clock *c, const char *const *running,
                        struct edit *e, int *ne)
{
	static const char *const names[] = {"status", "due_on", "working_days_left", "overdue"};
	struct json_span m[4];
	const char *close;
	if (!json_text_members(obj, end, 4, names, m, &close))
		return false;
	bool pending = !running; /* then while due_on is a date (clock_values) */
	for (const char *const *r = running; r && *r; r++)
		pending = pending || json_text_is_string(m[0], *r);
	char left[16];
	const char *overdue;
	clock_values(c, pending, m[1], left, &overdue);
	const char *values[2] = {left, overdue};
	bool members = obj + 1 + strspn(obj + 1, " \t\r\n") != close; /* obj is at its '{' */
	for (int i = 0; i < 2; i++) {
		struct edit *x = &e[(*ne)++];
		if (m[2 + i].p) {
			*x = (struct edit){m[2 + i].p, m[2 + i].len, ""};
			snprintf(x->text, sizeof x->text, "%s", values[i]);
		} else {
			*x = (struct edit){close, 0, ""};
			snprintf(x->text, sizeof x->text, "%s\"%s\": %s", members ? ", " : "", names[2 + i], values[i]);
			members = true;
		}
	}
	return true;
}

char *deadline_render(const char *text, const struct deadline_clock *c, const struct deadline_place *places, int n)
{
	if (n < 1 || n > DEADLINE_PLACES_MAX)
		return NULL;
	const char *start = text + strspn(text, " \t\r\n"), *end = start + strlen(start);
	struct edit edits[2 * DEADLINE_PLACES_MAX];
	int ne = 0;
	for (int i = 0; i < n; i++) {
		struct json_span obj = {start, (size_t)(end - start)};
		if (places[i].member) {
			if (!json_text_members(start, end, 1, &places[i].member, &obj, NULL))
				return NULL;
			if (!obj.p || obj.p[0] != '{')
				continue; /* no such object (null): no clock */
		}
		if (!clock_edits(obj.p, obj.p + obj.len, c, places[i].running, edits, &ne))
			return NULL;
	}
	for (int i = 1; i < ne; i++) /* in the order of the text (stable: two insertions keep theirs) */
		for (int j = i; j > 0 && edits[j - 1].at > edits[j].at; j--) {
			struct edit t = edits[j];
			edits[j] = edits[j - 1];
			edits[j - 1] = t;
		}
	struct buf b = {0};
	const char *p = text;
	for (int i = 0; i < ne; i++) {
		buf_append(&b, p, (size_t)(edits[i].at - p));
		buf_append(&b, edits[i].text, strlen(edits[i].text));
		p = edits[i].at + edits[i].len;
	}
	buf_append(&b, p, (size_t)(end - p));
	return b.data;
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
