/* The SQL of idempotency keys (http/idempotency.c), kept together. */
#ifndef IPR_HTTP_IDEMPOTENCY_STORE_H
#define IPR_HTTP_IDEMPOTENCY_STORE_H

#include "db/db.h"

/* In the held transaction: $1 user, $2 key, $3 request hash (hex), $4 lifetime (seconds) →
 * one row: locked (the key's advisory lock was free and is now held until the transaction
 * ends), claimed (the key's row was inserted, or an expired one taken over: the request may
 * run). Locked but not claimed: the key holds an answer (idempotency_store_answer). */
extern struct db_stmt idempotency_store_claim;

/* In the held transaction, last before the commit: $1 user, $2 key, $3 status, $4 Content-Type,
 * $5 Location or NULL, $6 ETag or NULL, $7 body (binary) → the key's row holds the answer. Also
 * purges a few expired keys (not this one). */
extern struct db_stmt idempotency_store_complete;

/* $1 user, $2 key → request_hash, status, content_type, location, etag, body (binary result:
 * the texts as their bytes); no row when the key holds no answer (anymore). */
extern struct db_stmt idempotency_store_answer;

#endif
