/* Long-polling without a thread per waiter: a request that waits for something to happen
 * (GET /v1/events?wait=30) is parked, suspended in libmicrohttpd, and holds no handler thread
 * and no event loop while it waits. It names keys ("org:<id>"); park_wake(key), called when
 * something happened under that key (api/events.c's event watch), or its deadline sends it
 * back to a handler thread, where its function answers it or parks it again.
 *
 * A change that lands while the handler is still looking (between its query and its wait)
 * is not lost: the handler arms a ticket before it queries, every wake of its keys from then
 * on is remembered on the ticket, and park_wait with a woken ticket runs the function again
 * at once.
 *
 * The number of parked requests is bounded (IPR_LONG_POLLS), and per owner (a user:
 * IPR_LONG_POLLS_PER_USER). */
#ifndef IPR_HTTP_PARK_H
#define IPR_HTTP_PARK_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

#define PARK_KEYS_MAX 4
#define PARK_KEY_MAX 48

struct park_ticket;

/* Why a parked request runs again. */
enum park_why {
	PARK_WOKEN,    /* one of its keys was woken */
	PARK_DEADLINE, /* its deadline passed */
	PARK_STOPPING, /* the server is shutting down: answer with what there is */
};

/* Runs on a handler thread (the request's database connection is that thread's): answers the
 * request and returns false, or parks it again (park_arm, park_wait) and returns true. */
typedef bool (*park_fn)(struct request *req, void *arg, enum park_why why);

enum park_refusal {
	PARK_OK,
	PARK_FULL,       /* IPR_LONG_POLLS requests wait already: 503 */
	PARK_OWNER_FULL, /* the owner's share: 429 */
	PARK_CLOSED,     /* the server is stopping: answer without waiting */
};

/* Arms a ticket for req (a request suspended on a handler thread, its handler running) with
 * keys (each below PARK_KEY_MAX bytes) and its owner (counted against the per-owner bound).
 * *out is the ticket on PARK_OK, else NULL. */
enum park_refusal park_arm(struct request *req, const char *const *keys, int nkeys, const char *owner,
                           struct park_ticket **out) MUST_CHECK;
/* Drops an armed ticket: the caller answers the request itself. */
void park_cancel(struct park_ticket *t);
/* Parks the request of an armed ticket until a wake of its keys (or one since park_arm) or
 * deadline_ns (clock_ns) or shutdown; then fn(req, arg, why) runs on a handler thread. The
 * handler running now must return without answering (offload_keep). Takes the ticket. */
void park_wait(struct park_ticket *t, uint64_t deadline_ns, park_fn fn, void *arg);

/* Something happened under key (NULL: under any key, as after the listener reconnected). */
void park_wake(const char *key);

/* Starts the timer thread: at most max parked requests, max_per_owner of one owner. */
int park_start(long max, long max_per_owner) MUST_CHECK;
/* Runs every parked request's function with PARK_STOPPING (on the handler threads, which
 * must still run), refuses new ones (PARK_CLOSED) and joins the thread. */
void park_stop(void);

#endif
