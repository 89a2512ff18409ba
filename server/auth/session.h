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
 * and organizations g (the user's organization), and whether an agent's registration is not
 * approved (auth/principal.h), for a statement's first columns. */
#define SESSION_PRINCIPAL_COLUMNS(u, o, g)                                                                    \
	u ".id, " u ".role, coalesce(" u ".organization_id::text, ''), coalesce(" u ".office_id::text, ''), " \
	  "coalesce(" o ".code, ''), coalesce(" g ".registration_number, ''), "                               \
	  "coalesce((SELECT a.status <> 'approved' FROM agent_registrations a"                                \
	  " WHERE a.organization_id = " u ".organization_id), false)"
#define SESSION_PRINCIPAL_NCOLUMNS 7
/* Reads those columns of res's first row into p (the rest of p cleared). */
void session_principal_read(PGresult *res, struct principal *p);

/* Finding the session of a bearer token, in two steps so that the database's part can run
 * anywhere (http/auth.h sends it on the event loop's pipeline, never waiting): the cache,
 * then, when it does not know the token, session_store_lookup with params[0] = hex. */
struct session_lookup {
	unsigned char key[32]; /* crypto_generichash_BYTES */
	char hex[65];          /* the token hash, the statement's parameter */
	unsigned long seen;    /* the cache's revocation count when the lookup began */
};
/* True with *out filled when the cache holds the token's session (or it is the scraper's
 * IPR_METRICS_TOKEN: role metrics); else prepares l. */
bool session_cached(const char *token, struct principal *out, struct session_lookup *l);
/* Reads session_store_lookup's result for l: true with *out filled (and cached) when the
 * token is known, valid and its user enabled; false when not. */
bool session_found(PGresult *res, const struct session_lookup *l, struct principal *out);

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
