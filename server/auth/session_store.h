/* The SQL of login sessions (auth/session.c), kept together. */
#ifndef IPR_AUTH_SESSION_STORE_H
#define IPR_AUTH_SESSION_STORE_H

#include "db/db.h"

/* $1 token hash → the principal's columns (auth/session.h), session id, expiry (Unix
 * seconds); no row unless the session is valid and its user enabled. */
extern struct db_stmt session_store_lookup;

/* $1 user, $2 token hash, $3 lifetime (seconds), $4 client address or "" → id, expiry. */
extern struct db_stmt session_store_insert;

/* $1 session id. */
extern struct db_stmt session_store_revoke;

#endif
