/* Slow and greedy clients (slowloris): how many connections one address may hold, how long a
 * connection may take to send a request's headers, and how slowly it may send a body. These
 * bounds are independent of libmicrohttpd's idle timeout (IPR_CONNECTION_TIMEOUT), which every
 * byte resets.
 *
 * The per-address count is the daemon's, not a loop's: every event loop runs a daemon of its own
 * on the shared listening socket, and libmicrohttpd's MHD_OPTION_PER_IP_CONNECTION_LIMIT counts
 * per daemon (an address could then hold IPR_THREADS times the limit). The deadlines are kept
 * per loop: every callback of a connection runs on the loop that accepted it. */
#ifndef IPR_HTTP_GUARD_H
#define IPR_HTTP_GUARD_H

#include <stddef.h>
#include <sys/socket.h>

#include <microhttpd.h>

/* libmicrohttpd's accept policy: refuses an address that already holds
 * IPR_CONNECTIONS_PER_ADDRESS connections. Loops accepting from one address at the same moment
 * may each let one more in (at most IPR_THREADS - 1 over). */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION: counts the connection and starts its header
 * deadline when it opens; forgets it when it closes. */
void guard_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode code);

/* The request plumbing tells where a connection's request stands: its headers are in (the
 * body's minimum rate applies from now), body bytes arrived, the body is complete (neither
 * bound applies while it is handled and answered), the answer is sent (the next request's
 * header deadline starts). */
void guard_headers_received(struct MHD_Connection *conn);
void guard_body_received(struct MHD_Connection *conn, size_t n);
void guard_request_received(struct MHD_Connection *conn);
void guard_request_completed(struct MHD_Connection *conn);

/* On a loop's thread, every turn: closes this loop's connections that are past their header
 * deadline or below the body's minimum rate (at most once a quarter of a second). */
void guard_sweep(void);

#endif
