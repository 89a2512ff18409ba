/* The HTTP daemon: libmicrohttpd with an internal epoll thread pool. */
#ifndef IPR_HTTP_SERVER_H
#define IPR_HTTP_SERVER_H

#include <stddef.h>

#include "http/router.h"

/* Serves table[0..n) with the settings in cfg until SIGTERM or SIGINT, then stops
 * accepting, lets requests in flight finish (up to IPR_SHUTDOWN_TIMEOUT), closes
 * connections and returns 0. Returns 1 when it cannot start. */
int server_run(const struct route *table, size_t n);

#endif
