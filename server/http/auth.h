/* Authenticating an HTTP request: the bearer token of its Authorization header, looked up
 * as a session (auth/session.h). */
#ifndef IPR_HTTP_AUTH_H
#define IPR_HTTP_AUTH_H

#include "http/request.h"

/* Reads the bearer token and fills req->principal. Returns 0; or -1 after answering 401
 * (missing, unknown, expired or revoked token) or 503 (database unavailable). */
int auth_authenticate(struct request *req) MUST_CHECK;

#endif
