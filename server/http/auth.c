#include "http/auth.h"

#include <string.h>
#include <strings.h>

#include "auth/session.h"
#include "http/response.h"

static int unauthorized(struct request *req, const char *detail, bool bad_token)
{
	respond_problem(req, 401, "%s", detail);
	response_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
	                bad_token ? "Bearer realm=\"iprd\", error=\"invalid_token\"" : "Bearer realm=\"iprd\"");
	return -1;
}

const char *auth_bearer_token(const char *header)
{
	if (strncasecmp(header, "Bearer ", 7) != 0 || strlen(header + 7) == 0 || strlen(header + 7) >= TOKEN_TEXT_MAX)
		return NULL;
	return header + 7;
}

int auth_authenticate(struct request *req)
{
	const char *h = request_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h)
		return unauthorized(req, "this resource needs a bearer token from POST /v1/sessions", false);
	const char *token = auth_bearer_token(h);
	if (!token)
		return unauthorized(req, "the Authorization header must be \"Bearer <token>\"", true);
	bool found = false;
	enum db_status st = session_lookup(token, &req->principal, &found);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return -1;
	}
	if (!found)
		return unauthorized(req, "the token is unknown, expired or revoked; log in again", true);
	return 0;
}
