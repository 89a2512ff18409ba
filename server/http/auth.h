/* Authenticating an HTTP request: the bearer token of its Authorization header, looked up
 * as a session (auth/session.h). */
#ifndef IPR_HTTP_AUTH_H
#define IPR_HTTP_AUTH_H

#include "http/request.h"

/* The token of an Authorization header "Bearer <token>" (scheme in any case, 1 to
 * TOKEN_TEXT_MAX - 1 bytes), pointing into header; NULL when it is not one. */
const char *auth_bearer_token(const char *header);

/* Reads the bearer token and fills req->principal. Returns 0; or -1 after answering 401
 * (missing, unknown, expired or revoked token) or 503 (database unavailable). */
int auth_authenticate(struct request *req) MUST_CHECK;

#endif
