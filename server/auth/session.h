/* Login sessions: opaque bearer tokens (random, shown once; only their hash is stored).
 * Authenticated requests are answered from a cache shared by every server thread, so a
 * request costs no database round trip for its token. A logout removes the entry from that
 * one cache: the token stops working at once on every thread. A session or user changed by
 * anyone else (another iprd on the database, an administrator's SQL) reaches the cache
 * through session_changed (db/listen.h); while it cannot, the cache is not used. */
#ifndef IPR_AUTH_SESSION_H
#define IPR_AUTH_SESSION_H

#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

#define TOKEN_TEXT_MAX 64

/* The token of an Authorization header "Bearer <token>" (scheme in any case, 1 to
 * TOKEN_TEXT_MAX - 1 bytes), pointing into header; NULL when it is not one. */
const char *auth_bearer_token(const char *header);

/* Reads the bearer token and fills req->principal. Returns 0; or -1 after answering 401
 * (missing, unknown, expired or revoked token) or 503 (database unavailable). */
int auth_authenticate(struct request *req) __attribute__((warn_unused_result));

/* Opens a session for the user described by p (user_id, role, organization/office set).
 * Writes the token (shown to the client once) and its expiry. */
enum db_status session_create(struct principal *p, const char *client_ip, char token[TOKEN_TEXT_MAX],
                              int64_t *expires_at) __attribute__((warn_unused_result));
/* Ends the session of p at once. */
enum db_status session_revoke(const struct principal *p) __attribute__((warn_unused_result));

/* The "session" topic of db/listen.h: the session with this token hash (hex) was revoked,
 * expired or deleted; NULL: any session or user may have changed. */
void session_changed(const char *token_hash);

/* Frees the cache (at shutdown). */
void auth_shutdown(void);

#endif
