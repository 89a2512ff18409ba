/* Login sessions: opaque bearer tokens (random, shown once; only their hash is stored).
 * Authenticated requests are answered from a cache shared by every server thread, so a
 * request costs no database round trip for its token. A logout removes the entry from that
 * one cache: the token stops working at once on every thread. A session or user changed by
 * anyone else (another iprd on the database, an administrator's SQL) reaches the cache
 * through session_changed (db/listen.h); while it cannot, the cache is not used. */
#ifndef IPR_AUTH_SESSION_H
#define IPR_AUTH_SESSION_H

#include <stdint.h>

#include "auth/principal.h"
#include "db/db.h"

#define TOKEN_TEXT_MAX 64

/* The columns a principal is read from, of users u, customs_offices o (the user's office)
 * and organizations g (the user's organization), for a statement's first columns. */
#define SESSION_PRINCIPAL_COLUMNS(u, o, g)                                                                    \
	u ".id, " u ".role, coalesce(" u ".organization_id::text, ''), coalesce(" u ".office_id::text, ''), " \
	  "coalesce(" o ".code, ''), coalesce(" g ".registration_number, '')"
#define SESSION_PRINCIPAL_NCOLUMNS 6
/* Reads those columns of res's first row into p (the rest of p cleared). */
void session_principal_read(PGresult *res, struct principal *p);

/* The session of a bearer token: *found and *out filled when the token is known, valid and
 * its user enabled (or the scraper's IPR_METRICS_TOKEN: role metrics); DB_OK with *found false
 * when not; a database error otherwise. From the cache when it can (no database round trip).
 * HTTP's side is http/auth.h. */
enum db_status session_lookup(const char *token, struct principal *out, bool *found) MUST_CHECK;

/* Opens a session for the user described by p (user_id, role, organization/office set).
 * Writes the token (shown to the client once) and its expiry. */
enum db_status session_create(struct principal *p, const char *client_ip, char token[TOKEN_TEXT_MAX],
                              int64_t *expires_at) MUST_CHECK;
/* Ends the session of p at once. */
enum db_status session_revoke(const struct principal *p) MUST_CHECK;

/* The "session" topic of db/listen.h: the session with this token hash (hex) was revoked,
 * expired or deleted; NULL: any session or user may have changed. */
void session_changed(const char *token_hash);

/* Frees the cache (at shutdown). */
void auth_shutdown(void);

#endif
