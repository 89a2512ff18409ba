#include "http/loop.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/pipeline.h"
#include "http/guard.h"
#include "http/request.h"

enum { TAG_MHD, TAG_WAKE, TAG_PIPELINE };

/* Stops the worker's daemon accepting, once; the socket is shared: server_run closes it.
 * Only on the worker's thread, or after it ended. */
void loop_quiesce(struct loop *w)
{
	if (atomic_load(&w->quiesced))
		return;
	MHD_quiesce_daemon(w->daemon);
	atomic_store(&w->quiesced, true);
}

static void *loop_main(void *arg)
{
	struct loop *w = arg;
	request_loop_bind(w->wake_fd);
	log_hold(true); /* the turn's lines in one write (core/log.h) */
	struct pipeline *pl[PIPELINES_MAX];
	int npl = (int)cfg.db_pipelines;
	for (int i = 0; i < npl; i++)
		pl[i] = pipeline_open(w->epoll_fd, TAG_PIPELINE + (uint64_t)i);
	while (!atomic_load(&w->stop)) {
		if (atomic_load(&w->quiesce))
			loop_quiesce(w);
		uint64_t turn = clock_ns();
		MHD_run(w->daemon);
		guard_sweep();
		for (int i = 0; i < npl; i++)
			pipeline_send(pl[i]);
		turn = clock_ns() - turn;
		if (turn > 50 * 1000000ull) /* everyone on this loop waited that long */
			log_warn("http: one turn of the event loop took %.1f ms", (double)turn / 1e6);
		MHD_UNSIGNED_LONG_LONG mhd_ms;
		int timeout =
			MHD_get_timeout(w->daemon, &mhd_ms) == MHD_YES ? (mhd_ms > 1000 ? 1000 : (int)mhd_ms) : 1000;
		log_flush(); /* before waiting */
		struct epoll_event evs[8];
		int n = epoll_wait(w->epoll_fd, evs, 8, timeout);
		if (n < 0 && errno != EINTR) {
			log_error("http: epoll_wait: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			if (evs[i].data.u64 == TAG_WAKE) {
				uint64_t count;
				ssize_t got = read(w->wake_fd, &count, sizeof count);
				(void)got;
			} else if (evs[i].data.u64 >= TAG_PIPELINE) {
				pipeline_ready(pl[evs[i].data.u64 - TAG_PIPELINE], evs[i].events);
			}
		}
	}
	loop_quiesce(w); /* when the loop failed: server_run waits for this */
	for (int i = 0; i < npl; i++)
		pipeline_close(pl[i]); /* a request still waiting for a query is answered 503 ... */
	MHD_run(w->daemon);            /* ... on its way out */
	db_thread_close();
	log_hold(false);
	return NULL;
}

int loop_start(struct loop *w, int listen_fd, unsigned connection_limit, const struct loop_callbacks *cb)
{
	w->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	w->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	w->daemon = MHD_start_daemon(
		MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, guard_accept, NULL,
		cb->on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, cb->log,
		NULL, /* first, so that it sees every message */
		MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_CONNECTION_LIMIT, connection_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg.connection_timeout,
		/* Bounds the request line and headers (16 KiB: twice nginx's 8 KiB a line). libmicrohttpd
		 * zeroes this pool between the requests of a keep-alive connection: at 64 KiB that memset
		 * was 7 % of the CPU time of a small GET (bench/RESULTS.md). */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024, MHD_OPTION_URI_LOG_CALLBACK, cb->on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, cb->on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, guard_connection,
		NULL, MHD_OPTION_END);
	if (w->epoll_fd < 0 || w->wake_fd < 0 || !w->daemon)
		return -1;
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_EPOLL_FD);
	struct epoll_event mhd = {.events = EPOLLIN, .data.u64 = TAG_MHD};
	struct epoll_event wake = {.events = EPOLLIN, .data.u64 = TAG_WAKE};
	if (!info || epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, info->epoll_fd, &mhd) != 0 ||
	    epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, w->wake_fd, &wake) != 0)
		return -1;
	return pthread_create(&w->thread, NULL, loop_main, w) == 0 ? 0 : -1;
}

/* Joins a started worker's thread, or stops a daemon that never ran, and frees the rest. */
void loop_end(struct loop *w, bool started)
{
	if (started) {
		atomic_store(&w->stop, true);
		request_wake_loop(w->wake_fd);
		pthread_join(w->thread, NULL);
	}
	if (w->daemon) {
		loop_quiesce(w); /* so that stopping it does not close the shared socket */
		MHD_stop_daemon(w->daemon);
	}
	if (w->epoll_fd >= 0)
		close(w->epoll_fd);
	if (w->wake_fd >= 0)
		close(w->wake_fd);
}
