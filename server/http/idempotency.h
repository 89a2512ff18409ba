/* Idempotency keys (draft-ietf-httpapi-idempotency-key-header): a POST that creates something
 * (a route with ROUTE_IDEMPOTENT) sent with `Idempotency-Key` runs at most once per key of the
 * caller's, and a retry gets the answer of the first: a client that lost an answer can send the
 * request again without making a second record.
 *
 * One mechanism around every such handler, whatever it does inside: the handler thread opens a
 * transaction held around the handler (db_hold, db/db.h) and inserts the key's row first in it,
 * guarded by a transaction-scoped advisory lock on the key, then runs the handler, whose own
 * begin and commit fold into the held transaction; its 2xx answer (status, Content-Type,
 * Location, ETag, body) is written into the key's row and everything commits at once. So the
 * record and its key commit together or not at all:
 *
 * - the same key and the same request (a SHA-256 of the method, the target with its query,
 *   Content-Type, Content-Disposition and the body's own SHA-256, computed as an upload
 *   streams in) answer the stored answer with `Idempotent-Replayed: true`;
 * - the same key with another request: 422 naming Idempotency-Key;
 * - the same key while its first request runs: 409 at once (the lock is taken, not waited for);
 * - an answer that is not 2xx rolls the transaction back, key included: nothing was created,
 *   so the client may correct the request and send it again with the same key;
 * - a commit whose outcome is unknown (the connection lost) answers 503: the retry finds the
 *   key (the stored answer) or not (the create runs again), never both.
 *
 * Keys belong to the user (a principal); anonymous routes have none (POST /v1/accounts is kept
 * from running twice by its unique email; a login's answer is a credential, never stored). They
 * expire after IPR_IDEMPOTENCY_TTL seconds, and expired ones are purged a few at a time by the
 * requests that store new keys. */
#ifndef IPR_HTTP_IDEMPOTENCY_H
#define IPR_HTTP_IDEMPOTENCY_H

#include <stdbool.h>

#include "http/request.h"

#define IDEMPOTENCY_HEADER "Idempotency-Key"
#define IDEMPOTENCY_REPLAYED_HEADER "Idempotent-Replayed"

/* The key a header value carries, into out (IDEMPOTENCY_KEY_MAX + 1 bytes): 1 to 255 visible
 * ASCII characters, bare (as Stripe's clients send it) or as a Structured Field string in
 * double quotes (as the draft writes it; \" and \\ escapes). Returns false, out "", when the
 * value is not one. */
bool idempotency_key_parse(const char *value, char out[IDEMPOTENCY_KEY_MAX + 1]);

/* On the first callback, for a route with ROUTE_IDEMPOTENT: reads the request's key into
 * req->idempotency_key; answers 400 naming the header when it is malformed or sent twice. */
void idempotency_admit(struct request *req);

/* Around each step of a request on a pool thread (http/offload.c), before the step runs:
 * claims the request's key in a held transaction. Returns true when the step may run (no key,
 * or claimed); false once it answered (the stored answer, 409, 422 or the database's error). */
bool idempotency_enter(struct request *req);
/* After the step ran (unless it passed the request on: see idempotency_release): stores a 2xx
 * answer with the key and commits, or rolls back; answers 503 instead when the commit failed. */
void idempotency_leave(struct request *req);
/* Before a step passes its request on to another pool: lets the claim go (rolled back, with
 * whatever the step read), so that the next step can claim the key again. */
void idempotency_release(struct request *req);

#endif
