/* One HTTP request's state, from libmicrohttpd's first callback to its completion
 * callback (where it is freed). Handlers read it and answer through http/response.h. */
#ifndef IPR_HTTP_REQUEST_H
#define IPR_HTTP_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#include "auth/principal.h"
#include "core/net.h"
#include "core/util.h"
#include "domain/validate.h"
#include "http/router.h"
#include "http/upload.h"

#define REQUEST_ID_MAX 64
#define IDEMPOTENCY_KEY_MAX 255 /* http/idempotency.h */

struct request {
	struct MHD_Connection *conn;
	int loop_wake_fd;         /* wakes the event loop that serves the connection */
	const char *method;       /* libmicrohttpd's, valid for the whole request */
	char *path;               /* the raw request target up to the query string, as sent (owned) */
	char *query;              /* the raw query string after '?', as sent (owned); NULL when none */
	struct route_match match; /* match.route is NULL when no route matched */
	int route_index;          /* index in the route table, -1 when none */
	char request_id[REQUEST_ID_MAX + 1];
	uint64_t started_ns;
	struct principal principal;           /* role ROLE_ANONYMOUS until authenticated */
	char client_ip[ADDRESS_TEXT_MAX];     /* the client's address (core/net.h) */
	char client_budget[ADDRESS_TEXT_MAX]; /* what its per-address budgets count by */

	struct buf body;  /* the request body (JSON routes) */
	json_t *json;     /* the body parsed by request_json_object, owned */
	size_t body_seen; /* bytes received, kept or not */
	bool body_too_large;
	bool body_over_budget; /* http/budget.h: the rest of the body is not kept; 503 */
	uint64_t body_budget;  /* bytes taken from the budget of the body's kind, given back at the end */

	struct upload *upload; /* ROUTE_RAW_BODY routes: the body, spooled to a file */

	char idempotency_key[IDEMPOTENCY_KEY_MAX + 1]; /* "" when none (http/idempotency.h) */
	bool idempotency_claimed;                      /* the key's row is in this thread's held transaction */

	ipr_date today; /* request_today: one date for the whole request */
	char today_text[DATE_TEXT_LEN];

	struct MHD_Response *response; /* to be queued; set by http/response.c */
	unsigned status;
	/* The answer's body when it was given as bytes (http/response.c), borrowed from response,
	 * for http/idempotency.c to store; answer_kept is false for a streamed or static one. */
	const char *answer_body;
	size_t answer_len;
	bool answer_kept;
	bool admitting; /* suspended on its first callback until its session is looked up */
	bool suspended; /* waiting for work on another thread */
	bool resumed;
};

/* A path parameter of the matched route ("id"), or NULL. */
const char *request_param(const struct request *req, const char *name);
/* A query parameter (decoded), or NULL when absent. */
const char *request_query(const struct request *req, const char *name);
/* A request header, or NULL. */
const char *request_header(const struct request *req, const char *name);
/* The If-Match header of an edit; NULL after answering 428 ("send If-Match with the ETag of
 * the <what> you edited") when there is none. */
const char *request_if_match(struct request *req, const char *what);
/* The matched route's context (struct route.context): what a handler that serves several
 * resources serves. */
const void *request_context(const struct request *req);
/* Today in the registry's time zone, as the handler's one "today": read once per request, so
 * that every part of an answer counts from the same day even across midnight. */
ipr_date request_today(struct request *req);
/* The same as "YYYY-MM-DD", for statement parameters; valid as long as req. */
const char *request_today_text(struct request *req);
/* The body limit of the request's route: IPR_MAX_BODY, IPR_MAX_BULK_BODY or IPR_MAX_DOCUMENT. */
long request_body_limit(const struct request *req);

/* Parses the body as a JSON object. Answers 415 (not application/json), 400 (empty,
 * malformed, not UTF-8, not an object) or 413 itself and returns NULL; the caller just
 * returns. With empty_ok, an empty body is an empty object. The request owns the object
 * (released with the request): values borrowed from it stay valid as long as it. */
json_t *request_json_object(struct request *req, bool empty_ok);
/* The same, and every member not in allowed (NULL-terminated) recorded in errs as an
 * unknown field. */
json_t *request_json_fields(struct request *req, bool empty_ok, const char *const *allowed, struct field_errors *errs);
/* Parses the body as a JSON object and checks it with check(body, "", creating, errs);
 * returns it re-serialized (malloc'd), or NULL after answering 400/413/415/422 naming every
 * bad field. */
char *request_json_checked(struct request *req, bool creating,
                           void (*check)(json_t *body, const char *prefix, bool creating, struct field_errors *errs));

/* Hands the request to another thread: the caller returns without answering, and the
 * other thread sets the answer through http/response.h and then calls request_resume. */
void request_suspend(struct request *req);
void request_resume(struct request *req);

/* The event loops (http/loop.c): a loop thread binds its wake-up event fd, which requests
 * it admits remember (request_loop_fd: -1 on other threads), and any thread wakes a loop. */
void request_loop_bind(int wake_fd);
int request_loop_fd(void);
void request_wake_loop(int fd);

/* After a handler returned, on the thread that ran it: rolls back a transaction it left open,
 * and answers 500 when it gave no answer, unless it handed the request on (suspended it, or
 * passed it to another thread). Both are bugs, and logged. */
void request_handler_returned(struct request *req, bool handed_on);

#endif
