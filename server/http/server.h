/* The HTTP daemon: a request's life from libmicrohttpd's first callback to its completion
 * (routing, limits, authentication, the body, handing the handler to its thread, the log
 * line), and the daemon's own: listening, the event loops (http/loop.h), the handler and
 * hashing threads (http/offload.h), and a graceful stop. */
#ifndef IPR_HTTP_SERVER_H
#define IPR_HTTP_SERVER_H

#include <stddef.h>

#include "http/router.h"

/* The daemon's own background work, run from above (the scheduler, deliveries): started
 * once the handler threads and the listener run, with the stop signals already blocked in
 * every thread; stopped after the requests in flight ended. Either may be NULL. */
struct server_jobs {
	int (*start)(void); /* 0, or -1: the server does not start */
	void (*stop)(void);
};

/* Serves table[0..n) with the settings in cfg until SIGTERM or SIGINT, then stops
 * accepting, answers the long-polls (http/park.h), lets requests in flight finish (up to
 * IPR_SHUTDOWN_TIMEOUT), closes connections and returns 0. Returns 1 when it cannot start. */
int server_run(const struct route *table, size_t n, const struct server_jobs *jobs);

#endif
