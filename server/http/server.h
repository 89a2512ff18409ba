/* The HTTP daemon: a request's life from libmicrohttpd's first callback to its completion
 * (routing, limits, authentication, the body, handing the handler to its thread, the log
 * line), and the daemon's own: listening, the event loops (http/loop.h), the handler and
 * hashing threads (http/offload.h), and a graceful stop. */
#ifndef IPR_HTTP_SERVER_H
#define IPR_HTTP_SERVER_H

#include <stddef.h>

#include "http/router.h"

/* Serves table[0..n) with the settings in cfg until SIGTERM or SIGINT, then stops
 * accepting, lets requests in flight finish (up to IPR_SHUTDOWN_TIMEOUT), closes
 * connections and returns 0. Returns 1 when it cannot start. */
int server_run(const struct route *table, size_t n);

#endif
