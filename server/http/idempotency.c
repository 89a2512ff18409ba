#include "http/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "http/idempotency_store.h"
#include "http/response.h"

#define HASH_HEX (2 * crypto_hash_sha256_BYTES + 1)

static bool refuse(char *out)
{
	out[0] = '\0';
	return false;
}

bool idempotency_key_parse(const char *value, char out[IDEMPOTENCY_KEY_MAX + 1])
{
	bool quoted = value[0] == '"';
	const char *p = value + quoted;
	size_t n = 0;
	for (; *p && !(quoted && *p == '"'); p++) {
		char c = *p;
		if (quoted && c == '\\') {
			c = *++p; /* '\0' at the end: refused below */
			if (c != '"' && c != '\\')
				return refuse(out);
		}
		if (c < '!' || c > '~' || n == IDEMPOTENCY_KEY_MAX)
			return refuse(out);
		out[n++] = c;
	}
	if (n == 0 || (quoted && (*p != '"' || p[1])))
		return refuse(out);
	out[n] = '\0';
	return true;
}

static enum MHD_Result count_keys(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	if (!strcasecmp(key, IDEMPOTENCY_HEADER))
		(*(int *)cls)++;
	return MHD_YES;
}

void idempotency_admit(struct request *req)
{
	int n = 0;
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_keys, &n);
	const char *value = request_header(req, IDEMPOTENCY_HEADER);
	if (n == 0 || (n == 1 && value && idempotency_key_parse(value, req->idempotency_key)))
		return;
	req->idempotency_key[0] = '\0';
	const char *message =
		n > 1 ? "must be sent once"
		      : "must be 1 to 255 visible ASCII characters (a UUID, say), bare or in double quotes";
	respond_problem_with(req, 400,
	                     json_pack("{s:[{s:s, s:s}]}", "errors", "field", IDEMPOTENCY_HEADER, "message", message),
	                     "the %s header %s", IDEMPOTENCY_HEADER, message);
}

/* What makes two requests the same request: SHA-256 of the method, the target (path and query
 * as sent), the headers the handlers read the body with (Content-Type, Content-Disposition:
 * an upload's type and file name) and the body's own SHA-256 (an upload's was computed as it
 * streamed to its file, http/upload.h). The parts are NUL-separated, so none can pass for
 * another. */
static void request_hash(const struct request *req, char out[HASH_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char body[HASH_HEX];
	if (req->upload) {
		memcpy(body, req->upload->sha256, HASH_HEX);
	} else {
		crypto_hash_sha256(digest, (const unsigned char *)(req->body.data ? req->body.data : ""),
		                   req->body.len);
		hex_encode(body, digest, sizeof digest);
	}
	const char *ct = request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *cd = request_header(req, MHD_HTTP_HEADER_CONTENT_DISPOSITION);
	const char *parts[] = {req->method, req->path, req->query ? req->query : "", ct ? ct : "", cd ? cd : "", body};
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < ARRAY_LEN(parts); i++)
		crypto_hash_sha256_update(&h, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
	crypto_hash_sha256_final(&h, digest);
	hex_encode(out, digest, sizeof digest);
}

/* 409 with Retry-After: the key's first request still runs (or its answer just expired). */
static void respond_in_progress(struct request *req)
{
	respond_problem_with(req, 409, json_pack("{s:s}", "type", "urn:iprd:problem:idempotency-key-in-progress"),
	                     "a request with this %s is in progress; once it is done, sending it again gets its answer",
	                     IDEMPOTENCY_HEADER);
	response_header(req, MHD_HTTP_HEADER_RETRY_AFTER, "1");
}

/* The key is taken and not in progress: its stored answer when the request is the same, 422
 * when it is another one. */
static void respond_stored(struct request *req, const char *hash)
{
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&idempotency_store_answer, DB_ARGS(req->principal.user_id, req->idempotency_key), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0) { /* expired and purged since the claim: try again */
		PQclear(res);
		respond_in_progress(req);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 0), hash) != 0) {
		PQclear(res);
		respond_problem_with(
			req, 422,
			json_pack("{s:s, s:[{s:s, s:s}]}", "type", "urn:iprd:problem:idempotency-key-reused", "errors",
		                  "field", IDEMPOTENCY_HEADER, "message", "was used for another request"),
			"this %s was used for another request (another body, path, query or content type): a new "
			"request needs a new key",
			IDEMPOTENCY_HEADER);
		return;
	}
	/* Binary results: each text is its bytes, NUL-terminated by libpq. */
	unsigned status = (unsigned)strtoul(PQgetvalue(res, 0, 1), NULL, 10);
	const char *type = PQgetisnull(res, 0, 2) ? "application/octet-stream" : PQgetvalue(res, 0, 2);
	respond_bytes(req, status, type, PQgetvalue(res, 0, 5), (size_t)PQgetlength(res, 0, 5));
	if (!PQgetisnull(res, 0, 3))
		response_header(req, MHD_HTTP_HEADER_LOCATION, PQgetvalue(res, 0, 3));
	if (!PQgetisnull(res, 0, 4))
		response_header(req, MHD_HTTP_HEADER_ETAG, PQgetvalue(res, 0, 4));
	response_header(req, IDEMPOTENCY_REPLAYED_HEADER, "true");
	PQclear(res);
}

bool idempotency_enter(struct request *req)
{
	if (!req->idempotency_key[0])
		return true;
	char hash[HASH_HEX], ttl[24];
	request_hash(req, hash);
	snprintf(ttl, sizeof ttl, "%ld", cfg.idempotency_ttl);
	PGresult *res = NULL;
	enum db_status st = db_hold();
	if (st == DB_OK)
		st = db_exec(&idempotency_store_claim, DB_ARGS(req->principal.user_id, req->idempotency_key, hash, ttl),
		             &res);
	if (st != DB_OK) {
		db_unhold();
		respond_db_error(req, st);
		return false;
	}
	bool locked = PQgetvalue(res, 0, 0)[0] == 't', claimed = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	if (claimed) {
		req->idempotency_claimed = true;
		return true;
	}
	db_unhold();
	if (!locked)
		respond_in_progress(req);
	else
		respond_stored(req, hash);
	return false;
}

void idempotency_release(struct request *req)
{
	if (!req->idempotency_claimed)
		return;
	req->idempotency_claimed = false;
	db_unhold();
}

void idempotency_leave(struct request *req)
{
	if (!req->idempotency_claimed)
		return;
	req->idempotency_claimed = false;
	bool done = req->response && req->status >= 200 && req->status < 300;
	/* Not stored: an answer that created nothing (a refusal, an error: the transaction goes, key
	 * and all, and the key is free again), and a 2xx whose transaction the handler rolled back
	 * itself (what it answered was there before, as the same file uploaded twice). */
	if (!done || !db_held()) {
		db_unhold();
		return;
	}
	if (!req->answer_kept) { /* a streamed answer: a bug in the route table */
		log_error("request %s: %s %s is ROUTE_IDEMPOTENT but answered a body that cannot be stored",
		          req->request_id, req->method, req->match.route->path);
		db_unhold();
		respond_problem(req, 500, "an internal error occurred; quote request id %s", req->request_id);
		return;
	}
	char status[8];
	snprintf(status, sizeof status, "%u", req->status);
	const char *params[] = {req->principal.user_id,
	                        req->idempotency_key,
	                        status,
	                        MHD_get_response_header(req->response, MHD_HTTP_HEADER_CONTENT_TYPE),
	                        MHD_get_response_header(req->response, MHD_HTTP_HEADER_LOCATION),
	                        MHD_get_response_header(req->response, MHD_HTTP_HEADER_ETAG),
	                        req->answer_body};
	const int lengths[] = {0, 0, 0, 0, 0, 0, (int)req->answer_len};
	const int formats[] = {0, 0, 0, 0, 0, 0, 1};
	enum db_status st = db_exec_binary(&idempotency_store_complete, params, lengths, formats, 7, NULL);
	if (st == DB_OK)
		st = db_unhold_commit();
	else
		db_unhold();
	/* Not committed, or not known to be (the connection went during COMMIT): the 2xx is not
	 * true, or not known to be; a retry with the key finds the answer or runs again. */
	if (st != DB_OK)
		respond_db_error(req, st);
}
