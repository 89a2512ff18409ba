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
	/* A POST that creates something: sent with Idempotency-Key, it runs at most once per key
	 * of the caller's and its retries get the first answer (http/idempotency.h). Never with
	 * ROUTE_IN_LOOP (the key's transaction waits for the database) nor on an anonymous route. */
	ROUTE_IDEMPOTENT = 1 << 3,
	/* Its reads may be served by the read replica (IPR_DATABASE_READ_URL), a few moments behind
	 * the primary: a public answer that no caller has just written (the register). */
	ROUTE_READ_REPLICA = 1 << 4,
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

enum router_result {
	ROUTER_FOUND,
	ROUTER_NOT_FOUND,
	ROUTER_METHOD_NOT_ALLOWED,
	ROUTER_BAD_PARAM,
	ROUTER_BAD_PATH, /* a malformed %-escape, or one that decodes to NUL */
};

/* The longest path and the most segments a route can have; longer paths name nothing. */
#define ROUTER_PATH_MAX 512
#define ROUTER_SEGMENTS_MAX 8

/* Matches method and path against table[0..n). path is the raw request target up to the
 * query string, as the client sent it: it is split at '/' first and each segment
 * %-decoded after, so that an escaped "%2F" stays inside its segment (and names nothing)
 * instead of moving the request to another route. HEAD matches GET routes. Literal
 * segments win over parameters. Fills *m. */
enum router_result router_match(const struct route *table, size_t n, const char *method, const char *path,
                                struct route_match *m);

#endif
