#include "http/response.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Replaces any answer already set: the last word wins, and nothing leaks. */
static void set_response(struct request *req, unsigned status, struct MHD_Response *resp)
{
	if (req->response)
		MHD_destroy_response(req->response);
	req->response = resp;
	req->status = status;
	req->answer_body = NULL;
	req->answer_len = 0;
	req->answer_kept = false;
}

static void respond_owned(struct request *req, unsigned status, const char *content_type, char *data, size_t len)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	set_response(req, status, resp);
	req->answer_body = data; /* the response owns it now, and keeps it as long as req */
	req->answer_len = len;
	req->answer_kept = true;
}

void respond_json(struct request *req, unsigned status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text) {
		log_error("request %s: could not serialize a response", req->request_id);
		text = xstrdup("{}");
	}
	respond_owned(req, status, "application/json", text, strlen(text));
}

void respond_json_text(struct request *req, unsigned status, const char *text, size_t len)
{
	respond_owned(req, status, "application/json", xstrndup(text, len), len);
}

void respond_bytes(struct request *req, unsigned status, const char *content_type, const char *data, size_t len)
{
	char *copy = xmalloc(len ? len : 1);
	memcpy(copy, data, len);
	respond_owned(req, status, content_type, copy, len);
}

void respond_static(struct request *req, unsigned status, const char *content_type, const void *data, size_t len)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	set_response(req, status, resp);
}

/* The buffer libmicrohttpd allocates for each streamed answer, and the most it asks the
 * reader for at a time. */
#define STREAM_BLOCK (64 * 1024)

void respond_stream(struct request *req, unsigned status, const char *content_type, uint64_t size,
                    MHD_ContentReaderCallback reader, void *cls, MHD_ContentReaderFreeCallback free_cls)
{
	struct MHD_Response *resp = MHD_create_response_from_callback(size, STREAM_BLOCK, reader, cls, free_cls);
	if (!resp) {
		free_cls(cls);
		log_error("request %s: could not create a streamed response", req->request_id);
		respond_problem(req, 500, "an internal error occurred; quote request id %s", req->request_id);
		return;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	set_response(req, status, resp);
}

void respond_empty(struct request *req, unsigned status)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	set_response(req, status, resp);
	req->answer_body = "";
	req->answer_kept = true;
}

/* The problem types: each status's title and the slug of its urn:iprd:problem: type. */
static const struct {
	unsigned status;
	const char *title, *slug;
} problems[] = {
	{400, "Bad Request", "malformed-request"},
	{401, "Unauthorized", "unauthenticated"},
	{403, "Forbidden", "forbidden"},
	{404, "Not Found", "not-found"},
	{405, "Method Not Allowed", "method-not-allowed"},
	{409, "Conflict", "conflict"},
	{412, "Precondition Failed", "precondition-failed"},
	{413, "Content Too Large", "content-too-large"},
	{415, "Unsupported Media Type", "unsupported-media-type"},
	{422, "Unprocessable Content", "invalid-fields"},
	{428, "Precondition Required", "precondition-required"},
	{429, "Too Many Requests", "too-many-requests"},
	{503, "Service Unavailable", "unavailable"},
	{500, "Internal Server Error", "internal-error"}, /* and any other status */
};

static const char *problem_slug(unsigned status, const char **title)
{
	size_t i = 0;
	while (i + 1 < ARRAY_LEN(problems) && problems[i].status != status)
		i++;
	*title = problems[i].title;
	return problems[i].slug;
}

__attribute__((format(printf, 4, 0))) static void problem_v(struct request *req, unsigned status, json_t *extra,
                                                            const char *fmt, va_list ap)
{
	char detail[1024];
	vsnprintf(detail, sizeof detail, fmt, ap);
	const char *title = NULL;
	const char *slug = problem_slug(status, &title);
	char type[64];
	snprintf(type, sizeof type, "urn:iprd:problem:%s", slug);
	json_t *body = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title", title, "status", (int)status,
	                         "detail", detail, "request_id", req->request_id);
	if (!body) /* detail was not UTF-8 (it can quote input): say it without the quote */
		body = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title", title, "status", (int)status,
		                 "detail", title, "request_id", req->request_id);
	if (extra)
		json_object_update(body, extra);
	json_decref(extra);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	respond_owned(req, status, "application/problem+json", text, strlen(text));
}

void respond_problem(struct request *req, unsigned status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	problem_v(req, status, NULL, fmt, ap);
	va_end(ap);
}

void respond_problem_with(struct request *req, unsigned status, json_t *extra, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	problem_v(req, status, extra, fmt, ap);
	va_end(ap);
}

void respond_retry_later(struct request *req, unsigned status, long seconds, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	problem_v(req, status, NULL, fmt, ap);
	va_end(ap);
	char retry[24];
	snprintf(retry, sizeof retry, "%ld", seconds > 0 ? seconds : 1);
	response_header(req, MHD_HTTP_HEADER_RETRY_AFTER, retry);
}

void respond_invalid(struct request *req, struct field_errors *errs)
{
	json_t *list = errs->list ? errs->list : json_array();
	errs->list = NULL;
	size_t n = json_array_size(list);
	/* The API document promises at most PROBLEM_ERRORS_MAX entries (a bulk upload can have
	 * many more bad fields); the detail still counts them all. */
	char listed[48] = "";
	if (n > PROBLEM_ERRORS_MAX) {
		snprintf(listed, sizeof listed, " (the first %d are listed)", PROBLEM_ERRORS_MAX);
		json_t *first = json_array();
		for (size_t i = 0; i < PROBLEM_ERRORS_MAX; i++)
			json_array_append(first, json_array_get(list, i));
		json_decref(list);
		list = first;
	}
	respond_problem_with(req, 422, json_pack("{s:o}", "errors", list), "%zu field%s not valid%s", n,
	                     n == 1 ? " is" : "s are", listed);
}

void respond_state_conflict(struct request *req, const char *current_status, const char *detail)
{
	respond_problem_with(req, 409, json_pack("{s:s}", "current_status", current_status), "%s", detail);
}

void respond_db_error(struct request *req, enum db_status status)
{
	switch (status) {
	case DB_UNAVAILABLE:
		respond_retry_later(req, 503, 5, "the database is unavailable; try again shortly");
		return;
	case DB_CONFLICT:
		respond_problem(req, 409, "the record was changed at the same time by another request; try again");
		return;
	default:
		log_error("request %s: database error %d (sqlstate %s, constraint %s)", req->request_id, (int)status,
		          db_last_sqlstate(), db_last_constraint());
		respond_problem(req, 500, "an internal error occurred; quote request id %s to the administrator",
		                req->request_id);
		return;
	}
}

void respond_created(struct request *req, enum db_status status, PGresult *res, const char *field, const char *message,
                     const char *detail)
{
	if (status == DB_UNIQUE)
		respond_problem_with(req, 409,
		                     json_pack("{s:[{s:s, s:s}]}", "errors", "field", field, "message", message), "%s",
		                     detail);
	else if (status != DB_OK)
		respond_db_error(req, status);
	else
		respond_json_text(req, 201, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
}

void response_header(struct request *req, const char *name, const char *value)
{
	if (req->response)
		MHD_add_response_header(req->response, name, value);
}

void response_finish(struct request *req)
{
	struct MHD_Response *resp = req->response;
	MHD_add_response_header(resp, "X-Request-Id", req->request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (!MHD_get_response_header(resp, RESPONSE_CSP))
		MHD_add_response_header(resp, RESPONSE_CSP, RESPONSE_CSP_NONE);
}

void response_etag_of(const void *data, size_t len, const char *suffix, char out[RESPONSE_ETAG_LEN])
{
	unsigned char hash[16];
	char hex[33];
	crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	snprintf(out, RESPONSE_ETAG_LEN, "\"%s%s\"", hex, suffix);
}

bool request_has_etag(const struct request *req, const char *etag)
{
	const char *header = request_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	return header && (!strcmp(header, "*") || strstr(header, etag));
}

void respond_json_cacheable(struct request *req, const char *text, size_t len, long max_age)
{
	char etag[RESPONSE_ETAG_LEN], cache_control[48];
	response_etag_of(text, len, "", etag);
	if (request_has_etag(req, etag)) {
		respond_empty(req, 304);
	} else {
		struct MHD_Response *resp =
			MHD_create_response_from_buffer(len, xstrndup(text, len), MHD_RESPMEM_MUST_FREE);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
		set_response(req, 200, resp);
	}
	snprintf(cache_control, sizeof cache_control, "public, max-age=%ld", max_age);
	response_header(req, MHD_HTTP_HEADER_ETAG, etag);
	response_header(req, MHD_HTTP_HEADER_CACHE_CONTROL, cache_control);
}

void response_etag_version(struct request *req, long long version)
{
	char tag[32];
	snprintf(tag, sizeof tag, "\"%lld\"", version);
	response_header(req, MHD_HTTP_HEADER_ETAG, tag);
}

bool if_match_version(const char *header, const char *current, char out[24])
{
	if (!strcmp(header, "*")) {
		snprintf(out, 24, "%s", current ? current : "0");
		return true;
	}
	size_t n = strlen(header);
	if (n >= 2 && header[0] == '"' && header[n - 1] == '"') {
		header++;
		n -= 2;
	}
	if (n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++)
		if (header[i] < '0' || header[i] > '9')
			return false;
	snprintf(out, 24, "%.*s", (int)n, header);
	return true;
}

void respond_version_mismatch(struct request *req, const char *if_match, const char *current)
{
	respond_problem(req, 412, "If-Match %s does not match the current version \"%s\"", if_match ? if_match : "",
	                current);
}

bool respond_if_stale(struct request *req, const char *if_match, const char *current)
{
	char wanted[24];
	if (!if_match || (if_match_version(if_match, current, wanted) && !strcmp(wanted, current)))
		return false;
	respond_version_mismatch(req, if_match, current);
	return true;
}

void respond_row(struct request *req, unsigned status, PGresult *res)
{
	respond_json_text(req, status, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	if (PQnfields(res) > 1)
		response_etag_version(req, strtoll(PQgetvalue(res, 0, 1), NULL, 10));
	PQclear(res);
}

void respond_result(struct request *req, enum db_status st, PGresult *res, unsigned status)
{
	if (st != DB_OK) {
		PQclear(res);
		respond_db_error(req, st);
		return;
	}
	respond_row(req, status, res);
}

bool respond_if_invalid(struct request *req, struct field_errors *errs)
{
	if (!field_errors_any(errs))
		return false;
	respond_invalid(req, errs);
	return true;
}
