/* Answers. Each handler answers exactly once through one of these and returns; the server
 * queues the answer, and response_finish adds the headers every response carries. */
#ifndef IPR_HTTP_RESPONSE_H
#define IPR_HTTP_RESPONSE_H

#include <jansson.h>

#include "db/db.h"
#include "domain/validate.h"
#include "http/request.h"

/* JSON answer; takes ownership of body. */
void respond_json(struct request *req, unsigned status, json_t *body);
/* JSON answer from text already serialized (for example built by PostgreSQL); copies it. */
void respond_json_text(struct request *req, unsigned status, const char *text, size_t len);
/* Answers with res's first row: column 0 its JSON text; column 1, when there is one, the
 * record's version for the ETag. Clears res. */
void respond_row(struct request *req, unsigned status, PGresult *res);
/* The outcome of a statement that answers one row: the database error (st), or the row as
 * respond_row. Clears res. */
void respond_result(struct request *req, enum db_status st, PGresult *res, unsigned status);
/* Any other body; copies it. */
void respond_bytes(struct request *req, unsigned status, const char *content_type, const char *data, size_t len);
/* A body that outlives the answer (held for the whole run, as the console's files are):
 * not copied, and no Cache-Control set (the caller says how it may be cached). */
void respond_static(struct request *req, unsigned status, const char *content_type, const void *data, size_t len);
/* A body of a known size produced piece by piece as the client takes it (a stored file),
 * so that it never sits in memory whole: reader(cls, pos, buf, max) fills buf (see
 * libmicrohttpd's MHD_ContentReaderCallback); free_cls(cls) runs once the answer is done
 * with, sent or not (it owns cls from this call on, also when the answer is replaced). */
void respond_stream(struct request *req, unsigned status, const char *content_type, uint64_t size,
                    MHD_ContentReaderCallback reader, void *cls, MHD_ContentReaderFreeCallback free_cls);
/* An answer without a body (204). */
void respond_empty(struct request *req, unsigned status);
/* An RFC 9457 problem: type and title follow from the status; detail is printf-formatted. */
void respond_problem(struct request *req, unsigned status, const char *detail_fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A problem with extra members (errors, current_status, ...); takes ownership of extra. */
void respond_problem_with(struct request *req, unsigned status, json_t *extra, const char *detail_fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* 429 or 503 with Retry-After: seconds (at least 1): a request refused for now, not for good. */
void respond_retry_later(struct request *req, unsigned status, long seconds, const char *detail_fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* 422 naming every bad field (the first PROBLEM_ERRORS_MAX of them); clears errs. */
#define PROBLEM_ERRORS_MAX 1000
void respond_invalid(struct request *req, struct field_errors *errs);
/* Answers 422 as respond_invalid and returns true when errs holds any error; else false. */
bool respond_if_invalid(struct request *req, struct field_errors *errs);
/* 409 for a transition from the wrong state, with the record's current status. */
void respond_state_conflict(struct request *req, const char *current_status, const char *detail);
/* The answer to a failed database call: 503 when unavailable, 409 on a serialization
 * conflict, else 500 (nothing internal in the body; details in the log). */
void respond_db_error(struct request *req, enum db_status status);
/* Answers an INSERT ... RETURNING <json text>: 201 with that JSON; 409 naming `field` with
 * `message` when a unique constraint refused the row (`detail` says what exists); else the
 * database error. Clears res. */
void respond_created(struct request *req, enum db_status status, PGresult *res, const char *field, const char *message,
                     const char *detail);

/* Adds a header to the answer already set (ETag, Location, Retry-After, ...). */
void response_header(struct request *req, const char *name, const char *value);

/* The Content-Security-Policy of every answer that brings none: nothing loads, nothing frames
 * it (JSON, problems, YAML, documents, metrics). A route that serves HTML sets its own with
 * response_header(req, RESPONSE_CSP, ...) and that one is kept. */
#define RESPONSE_CSP "Content-Security-Policy"
#define RESPONSE_CSP_NONE "default-src 'none'; frame-ancestors 'none'"
/* Adds the headers every answer carries, once, just before it is queued: X-Request-Id,
 * X-Content-Type-Options: nosniff (a browser never reads a body as another type than the
 * one declared: an uploaded "PDF" is not run as HTML), Referrer-Policy: no-referrer (no
 * path with an id leaves for another host) and the CSP. */
void response_finish(struct request *req);
/* Conditional GETs of bodies identified by their content (the console's files, the public
 * register's pages): the strong tag "<32 hex of the body's BLAKE2b hash><suffix>" into out. */
#define RESPONSE_ETAG_LEN 48
void response_etag_of(const void *data, size_t len, const char *suffix, char out[RESPONSE_ETAG_LEN]);
/* Whether the request's If-None-Match names etag (a list of tags, weak or strong, or "*"):
 * then the answer is 304 without a body. */
bool request_has_etag(const struct request *req, const char *etag);
/* Answers a JSON body (copied) that any cache may keep max_age seconds: 200 with ETag and
 * Cache-Control: public, max-age, or 304 with the same headers when If-None-Match names it. */
void respond_json_cacheable(struct request *req, const char *text, size_t len, long max_age);
/* Sets ETag to the strong tag of a version number. */
void response_etag_version(struct request *req, long long version);
/* The version an If-Match header names ("3" or "\"3\"") into out; false when it names
 * none. "*" names the current version (current; "0" when NULL). */
bool if_match_version(const char *header, const char *current, char out[24]);
/* 412: the If-Match header (NULL: none) does not name the current version. */
void respond_version_mismatch(struct request *req, const char *if_match, const char *current);
/* Answers 412 and returns true when if_match is given and names another version than
 * current; false (nothing answered) otherwise. */
bool respond_if_stale(struct request *req, const char *if_match, const char *current);

#endif
