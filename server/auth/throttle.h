/* Throttling of password guesses and of other costly anonymous work, kept in memory and
 * bounded (a fixed table; README "Overload and abuse").
 *
 * A password check is an attempt on a subject (an account's email, or a user changing their
 * password) from a client address. The subject's failures slow it down without locking its
 * owner out: after IPR_LOGIN_FREE_FAILURES each next attempt waits IPR_LOGIN_DELAY seconds
 * after the last failure, doubling per failure up to IPR_LOGIN_MAX_DELAY, and a right password
 * once the wait is over clears them. The address has a larger budget, IPR_ADDRESS_FAILURES
 * failures per IPR_LOGIN_WINDOW. An attempt is reserved before its hash runs (a login's
 * address before it is queued, its account once the database has named it) and counts against
 * both while it runs, so concurrent guesses cannot overrun either. */
#ifndef IPR_AUTH_THROTTLE_H
#define IPR_AUTH_THROTTLE_H

#include <stdbool.h>

#include "core/util.h"

struct throttle_attempt {
	char subject[1100]; /* e.g. "account:<email as the database lowers it>", or "" for none */
	char address[80];   /* "client:<address>", or "" for no address budget */
};

enum throttle_outcome {
	THROTTLE_FAILED,    /* a wrong password: counts against both */
	THROTTLE_SUCCEEDED, /* the right one: the subject's failures are forgotten */
	THROTTLE_UNDECIDED, /* not checked after all (database unavailable, queue full) */
};

/* Reserves an attempt: returns 0, or the seconds to wait (the caller answers 429) and
 * reserves nothing. A reserved attempt must be ended by throttle_end exactly once. */
int throttle_begin(const struct throttle_attempt *a) MUST_CHECK;
void throttle_end(const struct throttle_attempt *a, enum throttle_outcome outcome);

/* Counts one use of key against limit uses per window seconds (registrations per address,
 * anonymous requests per address): returns 0 when within it
 * (and counts it), else the seconds until the window ends. */
int throttle_take(const char *key, long limit, long window) MUST_CHECK;

#endif
