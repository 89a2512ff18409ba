/* Route matching: method + path template ("/v1/recordations/{id}"). The templates and the
 * roles that may call each route are declared once, in api/routes.c. */
#ifndef IPR_HTTP_ROUTER_H
#define IPR_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

struct request;
typedef void (*route_handler)(struct request *req);

enum route_flags {
	ROUTE_RAW_BODY = 1 << 0,  /* the body is a file, not JSON (limit IPR_MAX_DOCUMENT) */
	ROUTE_BULK_BODY = 1 << 1, /* a bulk JSON upload (limit IPR_MAX_BULK_BODY) */
	/* The handler never waits: it answers from memory or through the database pipeline
	 * (offload_query), so it runs on the HTTP event loop. Every other handler runs on a
	 * handler thread (http/offload.h). */
	ROUTE_IN_LOOP = 1 << 2,
};

struct route {
	const char *method; /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *path;   /* template; {id}, {entry_id}, {doc_id} are UUIDs, {date} a date */
	route_handler handler;
	unsigned roles; /* enum role bits allowed to call it; never 0 */
	unsigned flags; /* enum route_flags */
	/* What the handler serves when it serves several resources (as h2o's handlers carry
	 * `self`): a workflow, a transition; read with request_context. */
	const void *context;
};

#define ROUTE_MAX_PARAMS 4
#define ROUTE_PARAM_MAX 64

struct route_match {
	const struct route *route;
	int nparams;
	struct {
		char name[24];
		char value[ROUTE_PARAM_MAX + 1];
	} params[ROUTE_MAX_PARAMS];
	char allow[96];     /* for 405: the methods the path has, "GET, HEAD, POST" */
	char bad_param[24]; /* for ROUTER_BAD_PARAM: which one */
};

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_METHOD_NOT_ALLOWED, ROUTER_BAD_PARAM };

/* Matches method and path (without query string) against table[0..n). HEAD matches GET
 * routes. Literal segments win over parameters. Fills *m. */
enum router_result router_match(const struct route *table, size_t n, const char *method, const char *path,
                                struct route_match *m);

#endif
