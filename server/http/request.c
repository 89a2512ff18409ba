#include "http/request.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "http/response.h"

const char *request_param(const struct request *req, const char *name)
{
	for (int i = 0; i < req->match.nparams; i++)
		if (!strcmp(req->match.params[i].name, name))
			return req->match.params[i].value;
	return NULL;
}

const char *request_query(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* "application/json" with optional parameters such as "; charset=utf-8". */
static bool is_json_type(const char *ct)
{
	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	size_t n = strcspn(ct, "; ");
	return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

/* The body as a JSON object, or NULL after answering. */
static json_t *parse_body(struct request *req, bool empty_ok)
{
	if (req->body_too_large) {
		respond_problem(req, 413, "the request body is larger than the limit of %ld bytes",
		                request_body_limit(req));
		return NULL;
	}
	if (req->body.len == 0) {
		if (empty_ok)
			return json_object();
		respond_problem(req, 400, "a JSON object is required as the request body");
		return NULL;
	}
	if (!is_json_type(request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		respond_problem(req, 415, "the request body must be JSON, sent with Content-Type: application/json");
		return NULL;
	}
	json_error_t err;
	json_t *v = v_parse_object(req->body.data, req->body.len, &err);
	if (!v) {
		if (err.line)
			respond_problem(req, 400, "the body is not valid JSON: %s (line %d, column %d)", err.text,
			                err.line, err.column);
		else
			respond_problem(req, 400, "%s", err.text);
		return NULL;
	}
	struct field_errors errs = {0};
	if (!v_reals_exact(v, req->body.data, req->body.len, &errs))
		log_error("request %s: the reals of the body and of its parse differ", req->request_id);
	if (field_errors_any(&errs)) {
		json_decref(v);
		respond_invalid(req, &errs);
		return NULL;
	}
	return v;
}

json_t *request_json_object(struct request *req, bool empty_ok)
{
	if (!req->json)
		req->json = parse_body(req, empty_ok);
	return req->json;
}

json_t *request_json_fields(struct request *req, bool empty_ok, const char *const *allowed, struct field_errors *errs)
{
	json_t *body = request_json_object(req, empty_ok);
	if (body)
		v_no_unknown_fields(body, allowed, "", errs);
	return body;
}

char *request_json_checked(struct request *req, bool creating,
                           void (*check)(json_t *body, const char *prefix, bool creating, struct field_errors *errs))
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return NULL;
	struct field_errors errs = {0};
	check(body, "", creating, &errs);
	char *text = field_errors_any(&errs) ? NULL : json_dumps(body, JSON_COMPACT);
	if (!text && field_errors_any(&errs))
		respond_invalid(req, &errs);
	else if (!text)
		respond_problem(req, 500, "an internal error occurred; quote request id %s", req->request_id);
	return text;
}

void request_suspend(struct request *req)
{
	req->suspended = true;
	req->resumed = false;
	MHD_suspend_connection(req->conn);
}

/* The wake-up event fd of the event loop running on this thread (-1 elsewhere). */
static __thread int loop_wake_fd = -1;

void request_loop_bind(int wake_fd)
{
	loop_wake_fd = wake_fd;
}

int request_loop_fd(void)
{
	return loop_wake_fd;
}

void request_wake_loop(int fd)
{
	uint64_t one = 1;
	ssize_t n = write(fd, &one, sizeof one);
	(void)n; /* fails only when the counter is full: awake anyway */
}

void request_resume(struct request *req)
{
	int loop = req->loop_wake_fd; /* req may be gone once resumed */
	req->resumed = true;
	MHD_resume_connection(req->conn);
	/* In external polling mode libmicrohttpd leaves it to the application to run the daemon
	 * after a resume: wake the request's loop unless this is it. */
	if (loop != loop_wake_fd)
		request_wake_loop(loop);
}

long request_body_limit(const struct request *req)
{
	unsigned flags = req->match.route ? req->match.route->flags : 0;
	return flags & ROUTE_RAW_BODY ? cfg.max_document : flags & ROUTE_BULK_BODY ? cfg.max_bulk_body : cfg.max_body;
}

void request_handler_returned(struct request *req, bool handed_on)
{
	bool open = db_in_transaction();
	if (open)
		db_rollback();
	if (handed_on)
		return; /* req is another thread's now, or waits for its query */
	if (open)
		log_error("request %s: handler for %s %s left a transaction open; rolled back", req->request_id,
		          req->method, req->match.route->path);
	if (!req->response) {
		log_error("request %s: handler for %s %s gave no answer", req->request_id, req->method,
		          req->match.route->path);
		respond_problem(req, 500, "an internal error occurred; quote request id %s", req->request_id);
	}
}

const char *request_if_match(struct request *req, const char *what)
{
	const char *if_match = request_header(req, MHD_HTTP_HEADER_IF_MATCH);
	if (!if_match)
		respond_problem(req, 428, "send If-Match with the ETag of the %s you edited", what);
	return if_match;
}

const void *request_context(const struct request *req)
{
	return req->match.route ? req->match.route->context : NULL;
}

static void today_fill(struct request *req)
{
	if (!req->today_text[0]) {
		req->today = today_local();
		date_format(req->today, req->today_text);
	}
}

ipr_date request_today(struct request *req)
{
	today_fill(req);
	return req->today;
}

const char *request_today_text(struct request *req)
{
	today_fill(req);
	return req->today_text;
}
