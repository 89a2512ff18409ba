#include "api/paging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

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
	size_t len = 0;
	if (sodium_base642bin((unsigned char *)p->decoded, sizeof p->decoded - 1, cursor, strlen(cursor), NULL, &len,
	                      NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		field_error(errs, "cursor", "is not a cursor this server gave out");
		return;
	}
	p->decoded[len] = '\0';
	char *sep = memchr(p->decoded, '\x1f', len);
	if (!sep || strlen(p->decoded) != len) {
		field_error(errs, "cursor", "is not a cursor this server gave out");
		return;
	}
	*sep = '\0';
	p->after_key = p->decoded;
	p->after_id = sep + 1;
	if (!uuid_valid(p->after_id))
		field_error(errs, "cursor", "is not a cursor this server gave out");
}

void respond_page(struct request *req, const struct page *p, PGresult *res, int item_col, int key_col, int id_col)
{
	respond_page_mapped(req, p, res, item_col, key_col, id_col, NULL, NULL);
}

void respond_page_mapped(struct request *req, const struct page *p, PGresult *res, int item_col, int key_col,
                         int id_col, page_item_map map, void *ctx)
{
	int rows = PQntuples(res);
	int shown = rows > p->limit ? (int)p->limit : rows;
	struct buf out = {0};
	buf_append(&out, "{\"items\":[", 10);
	for (int i = 0; i < shown; i++) {
		if (i)
			buf_append(&out, ",", 1);
		char *mapped = map ? map(PQgetvalue(res, i, item_col), ctx) : NULL;
		if (mapped)
			buf_append(&out, mapped, strlen(mapped));
		else
			buf_append(&out, PQgetvalue(res, i, item_col), (size_t)PQgetlength(res, i, item_col));
		free(mapped);
	}
	buf_append(&out, "],\"next_cursor\":", 16);
	if (rows > p->limit && shown > 0) {
		struct buf raw = {0};
		buf_printf(&raw, "%s\x1f%s", PQgetvalue(res, shown - 1, key_col), PQgetvalue(res, shown - 1, id_col));
		size_t enc_len = sodium_base64_ENCODED_LEN(raw.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		char *enc = xmalloc(enc_len);
		sodium_bin2base64(enc, enc_len, (const unsigned char *)raw.data, raw.len,
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		buf_printf(&out, "\"%s\"}", enc);
		free(enc);
		buf_free(&raw);
	} else {
		buf_append(&out, "null}", 5);
	}
	PQclear(res);
	respond_json_text(req, 200, out.data, out.len);
	buf_free(&out);
}

void respond_page_error(struct request *req, const struct page *p, enum db_status st)
{
	if (st == DB_CHECK && p->after_key) {
		struct field_errors errs = {0};
		field_error(&errs, "cursor", "is not a cursor this server gave out");
		respond_invalid(req, &errs);
		return;
	}
	respond_db_error(req, st);
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

const char *const query_boolean_choices[] = {"true", "false", NULL};
