/* One HTTP request's state, from libmicrohttpd's first callback to its completion
 * callback (where it is freed). Handlers read it and answer through http/response.h. */
#ifndef IPR_HTTP_REQUEST_H
#define IPR_HTTP_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#include "auth/principal.h"
#include "core/util.h"
#include "http/router.h"
#include "http/upload.h"

#define REQUEST_ID_MAX 64

struct request {
	struct MHD_Connection *conn;
	int loop_wake_fd;             /* wakes the event loop that serves the connection */
	const char *method;           /* libmicrohttpd's, valid for the whole request */
	char *path;                   /* the raw request target up to the query string, as sent (owned) */
	struct route_match match;     /* match.route is NULL when no route matched */
	int route_index;              /* index in the route table, -1 when none */
	char request_id[REQUEST_ID_MAX + 1];
	uint64_t started_ns;
	struct principal principal;   /* role ROLE_ANONYMOUS until authenticated */
	char client_ip[48];

	struct buf body;              /* the request body (JSON routes) */
	size_t body_seen;             /* bytes received, kept or not */
	bool body_too_large;

	struct upload *upload;        /* ROUTE_RAW_BODY routes: the body, spooled to a file */

	struct MHD_Response *response; /* to be queued; set by http/response.c */
	unsigned status;
	bool suspended;                /* waiting for work on another thread */
	bool resumed;
};

/* A path parameter of the matched route ("id"), or NULL. */
const char *request_param(const struct request *req, const char *name);
/* A query parameter (decoded), or NULL when absent. */
const char *request_query(const struct request *req, const char *name);
/* A request header, or NULL. */
const char *request_header(const struct request *req, const char *name);

/* Parses the body as a JSON object. Answers 415 (not application/json), 400 (empty,
 * malformed, not UTF-8, not an object) or 413 itself and returns NULL; the caller just
 * returns. With empty_ok, an empty body is an empty object. The caller json_decref()s. */
json_t *request_json_object(struct request *req, bool empty_ok);

/* Hands the request to another thread: the caller returns without answering, and the
 * other thread sets the answer through http/response.h and then calls request_resume. */
void request_suspend(struct request *req);
void request_resume(struct request *req);

/* After a handler returned, on the thread that ran it: rolls back a transaction it left open,
 * and answers 500 when it gave no answer, unless it handed the request on (suspended it, or
 * passed it to another thread). Both are bugs, and logged. */
void request_handler_returned(struct request *req, bool handed_on);

#endif
