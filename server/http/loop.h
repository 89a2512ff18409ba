/* The HTTP event loops: one per HTTP thread, each its own libmicrohttpd daemon (external
 * epoll mode) on the shared listening socket, and its own database pipeline. A request whose
 * query goes through the pipeline is suspended, its statement sent with the others of the
 * same turn, and resumed by the same thread when the result is in: no hand-over between
 * threads on the hot reads. Everything else a request needs is http/server.c's. */
#ifndef IPR_HTTP_LOOP_H
#define IPR_HTTP_LOOP_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <microhttpd.h>

/* What each loop's daemon calls: the request plumbing of http/server.c. */
struct loop_callbacks {
	void *(*on_uri)(void *cls, const char *uri, struct MHD_Connection *conn); /* the raw request target */
	MHD_AccessHandlerCallback on_request;
	MHD_RequestCompletedCallback on_completed;
	void (*log)(void *cls, const char *fmt, va_list ap);
};

struct loop {
	pthread_t thread;
	struct MHD_Daemon *daemon;
	int epoll_fd;
	int wake_fd;
	atomic_bool quiesce; /* stop accepting */
	atomic_bool stop;    /* end the loop */
	atomic_bool quiesced;
};

/* Starts a loop's daemon on the shared listening socket (at most connection_limit
 * connections) and its thread. Returns 0, or -1 (then loop_end(w, false) frees it). */
int loop_start(struct loop *w, int listen_fd, unsigned connection_limit, const struct loop_callbacks *cb);
/* Stops the loop's daemon accepting, once; the socket is shared: its owner closes it. Only on
 * the loop's thread, or after it ended; others set w->quiesce and wake it. */
void loop_quiesce(struct loop *w);
/* Joins a started loop's thread (started), or stops a daemon that never ran, and frees the
 * rest. */
void loop_end(struct loop *w, bool started);

#endif
