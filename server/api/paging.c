#include "api/paging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cursor.h"

void page_parse(struct request *req, struct page *p, struct field_errors *errs)
{
	page_parse_text(request_query(req, "limit"), request_query(req, "cursor"), p, errs);
}

void page_parse_text(const char *limit, const char *cursor, struct page *p, struct field_errors *errs)
{
	memset(p, 0, sizeof *p);
	p->limit = PAGE_DEFAULT;
	if (limit) {
		char *end = NULL;
		long v = strtol(limit, &end, 10);
		if (!*limit || *end || v < 1 || v > PAGE_MAX)
			field_error(errs, "limit", "must be a whole number from 1 to 200");
		else
			p->limit = v;
	}
	snprintf(p->limit_plus_one, sizeof p->limit_plus_one, "%ld", p->limit + 1);
	if (!cursor)
		return;
	if (!cursor_decode(cursor, p->decoded, &p->after_key, &p->after_id)) {
		p->after_key = p->after_id = NULL;
		field_error(errs, "cursor", "is not a cursor this server gave out");
	}
}

enum { ITEM_COL, KEY_COL, ID_COL };

/* The page's body {items, next_cursor} into out; clears res. */
static void page_body(const struct page *p, PGresult *res, page_item_map map, void *ctx, struct buf *out)
{
	int rows = PQntuples(res);
	int shown = rows > p->limit ? (int)p->limit : rows;
	buf_append(out, "{\"items\":[", 10);
	for (int i = 0; i < shown; i++) {
		if (i)
			buf_append(out, ",", 1);
		char *mapped = map ? map(PQgetvalue(res, i, ITEM_COL), ctx) : NULL;
		if (mapped)
			buf_append(out, mapped, strlen(mapped));
		else
			buf_append(out, PQgetvalue(res, i, ITEM_COL), (size_t)PQgetlength(res, i, ITEM_COL));
		free(mapped);
	}
	buf_append(out, "],\"next_cursor\":", 16);
	if (rows > p->limit && shown > 0) {
		char *cursor = cursor_encode(PQgetvalue(res, shown - 1, KEY_COL), PQgetvalue(res, shown - 1, ID_COL));
		buf_printf(out, "\"%s\"}", cursor);
		free(cursor);
	} else {
		buf_append(out, "null}", 5);
	}
	PQclear(res);
}

void respond_page_mapped(struct request *req, const struct page *p, PGresult *res, page_item_map map, void *ctx)
{
	struct buf out = {0};
	page_body(p, res, map, ctx, &out);
	respond_json_text(req, 200, out.data, out.len);
	buf_free(&out);
}

void respond_page(struct request *req, const struct page *p, enum db_status st, PGresult *res)
{
	if (st == DB_OK) {
		respond_page_mapped(req, p, res, NULL, NULL);
	} else if (st == DB_CHECK && p->after_key) {
		struct field_errors errs = {0};
		field_error(&errs, "cursor", "is not a cursor this server gave out");
		respond_invalid(req, &errs);
	} else {
		respond_db_error(req, st);
	}
}

void page_render(const struct page *p, PGresult *res, struct buf *out)
{
	page_body(p, res, NULL, NULL, out);
}

const char *query_enum(struct request *req, const char *name, const char *const *choices, struct field_errors *errs)
{
	const char *v = request_query(req, name);
	for (const char *const *c = choices; v && *c; c++)
		if (!strcmp(*c, v))
			return v;
	if (v)
		field_error(errs, name, "is not one of the allowed values");
	return NULL;
}

const char *query_text(struct request *req, const char *name, size_t max, struct field_errors *errs)
{
	const char *v = request_query(req, name);
	if (!v)
		return NULL;
	if (!text_is_plain(v, max)) {
		char message[64];
		snprintf(message, sizeof message, "must be 1 to %zu characters", max);
		field_error(errs, name, message);
		return NULL;
	}
	return v;
}

const char *query_search(struct request *req, const char *name, struct field_errors *errs)
{
	const char *v = query_text(req, name, 200, errs);
	if (v && !text_is_searchable(v)) {
		field_error(errs, name,
		            "must contain at least 3 letters or digits in a row: shorter text cannot be searched");
		return NULL;
	}
	return v;
}

const char *const query_boolean_choices[] = {"true", "false", NULL};

/* value (the query parameter `name`) when ok; else NULL, and message recorded. */
static const char *query_checked(const char *name, const char *value, bool ok, const char *message,
                                 struct field_errors *errs)
{
	if (!ok)
		field_error(errs, name, message);
	return ok ? value : NULL;
}

const char *query_code(struct request *req, const char *name, struct field_errors *errs)
{
	const char *v = request_query(req, name);
	return query_checked(name, v, !v || text_is_code(v, 2, 16),
	                     "must be a customs office code: 2 to 16 capital letters and digits", errs);
}

const char *query_digits(struct request *req, const char *name, size_t min, size_t max, const char *message,
                         struct field_errors *errs)
{
	const char *v = request_query(req, name);
	return query_checked(name, v, !v || text_is_digits(v, min, max), message, errs);
}

bool query_date(struct request *req, const char *name, enum v_presence presence, ipr_date *out,
                struct field_errors *errs)
{
	const char *text = request_query(req, name);
	if (!text) {
		if (presence == V_REQUIRED)
			field_error(errs, name, "is required");
		return false;
	}
	if (!date_parse(text, out)) {
		field_error(errs, name, "must be a real date written YYYY-MM-DD");
		return false;
	}
	return true;
}

const char *query_uuid(struct request *req, const char *name, struct field_errors *errs)
{
	const char *v = request_query(req, name);
	return query_checked(name, v, !v || uuid_valid(v), "must be a UUID", errs);
}
