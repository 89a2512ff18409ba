/* Authenticating an HTTP request: the bearer token of its Authorization header, looked up
 * as a session (auth/session.h), from the cache or else on the event loop's database
 * pipeline, so that no token, however unknown, makes the loop wait for the database. */
#ifndef IPR_HTTP_AUTH_H
#define IPR_HTTP_AUTH_H

#include "http/request.h"

/* The token of an Authorization header "Bearer <token>" (scheme in any case, 1 to
 * TOKEN_TEXT_MAX - 1 bytes), pointing into header; NULL when it is not one. */
const char *auth_bearer_token(const char *header);

/* What runs once req->principal is known (e.g. the route's role check); may answer. */
typedef void (*auth_then)(struct request *req);

enum auth_result {
	AUTH_DONE,     /* req->principal filled from the cache, then(req) called */
	AUTH_ANSWERED, /* 401: no token, or not a bearer token */
	AUTH_PENDING,  /* req suspended until the database answers; then it is resumed, with
	                * then(req) called or 401 (unknown, expired or revoked) or 503 answered */
};

/* Reads the bearer token and fills req->principal. On an event loop only (offload_query). */
enum auth_result auth_authenticate(struct request *req, auth_then then) MUST_CHECK;

#endif
