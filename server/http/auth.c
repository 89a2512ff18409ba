#include "http/auth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/session.h"
#include "auth/session_store.h"
#include "http/offload.h"
#include "http/response.h"

static void unauthorized(struct request *req, const char *detail, bool bad_token)
{
	respond_problem(req, 401, "%s", detail);
	response_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
	                bad_token ? "Bearer realm=\"iprd\", error=\"invalid_token\"" : "Bearer realm=\"iprd\"");
}

const char *auth_bearer_token(const char *header)
{
	if (strncasecmp(header, "Bearer ", 7) != 0 || strlen(header + 7) == 0 || strlen(header + 7) >= TOKEN_TEXT_MAX)
		return NULL;
	return header + 7;
}

struct lookup {
	struct session_lookup session;
	auth_then then;
};

static void looked_up(struct request *req, enum db_status st, PGresult *res, void *arg)
{
	struct lookup *l = arg;
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (!session_found(res, &l->session, &req->principal))
		unauthorized(req, "the token is unknown, expired or revoked; log in again", true);
	else
		l->then(req);
	PQclear(res);
	free(l);
}

enum auth_result auth_authenticate(struct request *req, auth_then then)
{
	const char *h = request_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h) {
		unauthorized(req, "this resource needs a bearer token from POST /v1/sessions", false);
		return AUTH_ANSWERED;
	}
	const char *token = auth_bearer_token(h);
	if (!token) {
		unauthorized(req, "the Authorization header must be \"Bearer <token>\"", true);
		return AUTH_ANSWERED;
	}
	struct lookup *l = xmalloc(sizeof *l);
	if (session_cached(token, &req->principal, &l->session)) {
		free(l);
		then(req);
		return AUTH_DONE;
	}
	l->then = then;
	const char *params[] = {l->session.hex};
	offload_query(req, &session_store_lookup, params, 1, looked_up, l);
	return AUTH_PENDING;
}
