#include "db/pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/log.h"
#include "core/util.h"

/* Like db.c: after a failed connection attempt, statements fail fast for this long. */
#define RECONNECT_INTERVAL_NS 250000000ull

struct job {
	struct job *next;
	struct db_stmt *stmt;
	pipeline_done done;
	void *ctx;
	bool retried;
	int commands;      /* what was sent before the Sync: 2 with a Prepare, else 1 */
	int commands_seen; /* how many of them have given all their results */
	PGresult *res;     /* the result that answers the job (an error wins over the rest) */
	int nparams;
	const char *params[]; /* followed by their text */
};

struct lane {
	pthread_t thread;
	pthread_mutex_t lock;
	struct job *queued, *queued_tail; /* under lock */
	bool awake;                       /* under lock: the loop will look at the queue again */
	bool stopping;                    /* under lock */
	int wake_fd;
	int epoll_fd;

	/* Only the lane's thread touches the rest. */
	PGconn *pg;
	int pg_fd;
	bool want_write;
	uint64_t last_attempt_ns;
	struct job *sent, *sent_tail; /* in flight, in the order their results will come */
	unsigned char prepared[DB_MAX_STATEMENTS];
};

static struct lane *lanes;
static int nlanes;
static atomic_uint next_lane;

static void append(struct job **head, struct job **tail, struct job *j)
{
	j->next = NULL;
	if (*tail)
		(*tail)->next = j;
	else
		*head = j;
	*tail = j;
}

static void finish(struct job *j, enum db_status st)
{
	PGresult *res = st == DB_OK ? j->res : NULL;
	if (st != DB_OK)
		PQclear(j->res);
	j->done(j->ctx, st, res);
	free(j);
}

static void wake(struct lane *l)
{
	uint64_t one = 1;
	ssize_t n = write(l->wake_fd, &one, sizeof one);
	(void)n; /* an eventfd write fails only when the counter is full: it is awake anyway */
}

static void set_events(struct lane *l)
{
	struct epoll_event ev = {.events = EPOLLIN | (l->want_write ? EPOLLOUT : 0u), .data.u32 = 1};
	epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, l->pg_fd, &ev);
}

static bool connect_lane(struct lane *l)
{
	uint64_t now = clock_ns();
	if (l->last_attempt_ns && now - l->last_attempt_ns < RECONNECT_INTERVAL_NS)
		return false;
	l->last_attempt_ns = now;
	PGconn *pg = db_connect();
	if (!pg)
		return false;
	if (PQsetnonblocking(pg, 1) != 0 || PQenterPipelineMode(pg) != 1) {
		log_warn("database: cannot enter pipeline mode: %s", PQerrorMessage(pg));
		db_disconnect(pg);
		return false;
	}
	l->pg = pg;
	l->pg_fd = PQsocket(pg);
	l->want_write = false;
	l->last_attempt_ns = 0;
	memset(l->prepared, 0, sizeof l->prepared);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1};
	epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, l->pg_fd, &ev);
	return true;
}

/* The connection is gone: what was in flight is sent again on a new one when it may be
 * (read-only, not yet retried), else answered DB_UNAVAILABLE. */
static void broken(struct lane *l)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s", PQerrorMessage(l->pg));
	msg[strcspn(msg, "\n")] = '\0';
	log_warn("database: pipeline connection lost: %s", msg);
	epoll_ctl(l->epoll_fd, EPOLL_CTL_DEL, l->pg_fd, NULL);
	db_disconnect(l->pg);
	l->pg = NULL;
	l->last_attempt_ns = 0; /* one immediate attempt, for the retries */
	struct job *retry = NULL, *retry_tail = NULL;
	struct job *j = l->sent;
	l->sent = l->sent_tail = NULL;
	while (j) {
		struct job *next = j->next;
		PQclear(j->res);
		j->res = NULL;
		j->commands_seen = 0;
		db_count(-1, false);
		if (j->stmt->read_only && !j->retried) {
			j->retried = true;
			append(&retry, &retry_tail, j);
		} else {
			finish(j, DB_UNAVAILABLE);
		}
		j = next;
	}
	if (retry) {
		pthread_mutex_lock(&l->lock);
		retry_tail->next = l->queued;
		if (!l->queued)
			l->queued_tail = retry_tail;
		l->queued = retry;
		l->awake = true;
		pthread_mutex_unlock(&l->lock);
		wake(l);
	}
}

/* Sends j behind what is in flight: [Prepare] Execute Sync. */
static void send_job(struct lane *l, struct job *j)
{
	if (!l->pg && !connect_lane(l)) {
		finish(j, DB_UNAVAILABLE);
		return;
	}
	char name[DB_STMT_NAME_LEN];
	int id = db_stmt_name(j->stmt, name);
	j->commands = 1;
	bool ok = true;
	if (!l->prepared[id]) {
		ok = PQsendPrepare(l->pg, name, j->stmt->sql, 0, NULL) == 1;
		l->prepared[id] = 1; /* if it fails, the connection is dropped with the flags */
		j->commands = 2;
	}
	ok = ok && PQsendQueryPrepared(l->pg, name, j->nparams, j->params, NULL, NULL, j->stmt->binary_result ? 1 : 0) == 1;
	ok = ok && PQpipelineSync(l->pg) == 1;
	db_count(1, false);
	append(&l->sent, &l->sent_tail, j);
	if (!ok)
		broken(l);
}

static void flush(struct lane *l)
{
	int r = PQflush(l->pg);
	if (r < 0) {
		broken(l);
		return;
	}
	if ((r == 1) != l->want_write) {
		l->want_write = r == 1;
		set_events(l);
	}
}

/* Answers the jobs whose results (up to their Sync) libpq holds; with `read`, first reads
 * what has arrived on the socket. */
static void receive(struct lane *l, bool read)
{
	if (read && !PQconsumeInput(l->pg)) {
		broken(l);
		return;
	}
	while (l->sent && !PQisBusy(l->pg)) {
		struct job *j = l->sent;
		PGresult *r = PQgetResult(l->pg);
		if (j->commands_seen < j->commands) {
			if (!r) { /* the end of one command's results */
				j->commands_seen++;
			} else if (j->res && PQresultStatus(j->res) == PGRES_FATAL_ERROR) {
				PQclear(r); /* the first error is the answer (what follows it is "aborted") */
			} else {
				PQclear(j->res);
				j->res = r;
			}
			continue;
		}
		if (!r)
			break;
		ExecStatusType rs = PQresultStatus(r);
		PQclear(r);
		if (rs != PGRES_PIPELINE_SYNC) {
			log_error("database: pipeline out of step (%s where a Sync was due)", PQresStatus(rs));
			broken(l);
			return;
		}
		l->sent = j->next;
		if (!l->sent)
			l->sent_tail = NULL;
		ExecStatusType st = PQresultStatus(j->res);
		enum db_status status = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK ? DB_OK : db_status_of(l->pg, j->res);
		if (status == DB_UNAVAILABLE || status == DB_ERROR) {
			char msg[300];
			snprintf(msg, sizeof msg, "%s", j->res ? PQresultErrorMessage(j->res) : "no result");
			msg[strcspn(msg, "\n")] = '\0';
			log_warn("database: statement s%d failed: %s", j->stmt->id, msg);
		}
		db_count(-1, status == DB_UNAVAILABLE || status == DB_ERROR);
		finish(j, status);
	}
}

static void *lane_main(void *arg)
{
	struct lane *l = arg;
	for (;;) {
		pthread_mutex_lock(&l->lock);
		struct job *batch = l->queued;
		l->queued = l->queued_tail = NULL;
		bool stopping = l->stopping;
		if (!batch)
			l->awake = false; /* from here on a new job writes wake_fd */
		pthread_mutex_unlock(&l->lock);
		if (stopping) {
			for (struct job *j = batch, *next; j; j = next) {
				next = j->next;
				finish(j, DB_UNAVAILABLE);
			}
			break;
		}
		for (struct job *j = batch, *next; j; j = next) {
			next = j->next;
			send_job(l, j);
		}
		if (batch && l->pg)
			flush(l);
		/* A flush that could not send everything may have read results into libpq's buffer
		 * (so as not to deadlock with the server): the socket no longer shows them. */
		if (batch && l->pg)
			receive(l, false);
		struct epoll_event evs[4];
		int n = epoll_wait(l->epoll_fd, evs, 4, batch ? 0 : -1);
		for (int i = 0; i < n; i++) {
			if (evs[i].data.u32 == 0) {
				uint64_t count;
				ssize_t got = read(l->wake_fd, &count, sizeof count);
				(void)got;
				continue;
			}
			if (!l->pg)
				continue;
			if (evs[i].events & EPOLLOUT)
				flush(l);
			if (l->pg)
				receive(l, (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0);
		}
		if (n < 0 && errno != EINTR) {
			log_error("pipeline: epoll_wait: %s", strerror(errno));
			break;
		}
	}
	for (struct job *j = l->sent, *next; j; j = next) {
		next = j->next;
		db_count(-1, false);
		finish(j, DB_UNAVAILABLE);
	}
	l->sent = l->sent_tail = NULL;
	if (l->pg)
		db_disconnect(l->pg);
	l->pg = NULL;
	return NULL;
}

int pipeline_start(int count)
{
	lanes = xcalloc((size_t)count, sizeof *lanes);
	for (int i = 0; i < count; i++) {
		struct lane *l = &lanes[i];
		pthread_mutex_init(&l->lock, NULL);
		l->awake = true;
		l->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		l->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 0};
		if (l->wake_fd < 0 || l->epoll_fd < 0 || epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, l->wake_fd, &ev) != 0 ||
		    pthread_create(&l->thread, NULL, lane_main, l) != 0) {
			log_error("pipeline: cannot start lane %d: %s", i, strerror(errno));
			nlanes = i;
			pipeline_stop();
			nlanes = 0;
			return -1;
		}
		nlanes = i + 1;
	}
	return 0;
}

void pipeline_stop(void)
{
	for (int i = 0; i < nlanes; i++) {
		pthread_mutex_lock(&lanes[i].lock);
		lanes[i].stopping = true;
		pthread_mutex_unlock(&lanes[i].lock);
		wake(&lanes[i]);
	}
	/* The lanes themselves stay: HTTP threads still running are answered from them at once. */
	for (int i = 0; i < nlanes; i++)
		pthread_join(lanes[i].thread, NULL);
}

void pipeline_exec(struct db_stmt *stmt, const char *const *params, int nparams, pipeline_done done, void *ctx)
{
	size_t bytes = (size_t)nparams * sizeof(char *);
	for (int i = 0; i < nparams; i++)
		bytes += params[i] ? strlen(params[i]) + 1 : 0;
	struct job *j = xcalloc(1, sizeof *j + bytes);
	j->stmt = stmt;
	j->done = done;
	j->ctx = ctx;
	j->nparams = nparams;
	char *p = (char *)(j->params + nparams);
	for (int i = 0; i < nparams; i++) {
		if (!params[i])
			continue;
		size_t n = strlen(params[i]) + 1;
		memcpy(p, params[i], n);
		j->params[i] = p;
		p += n;
	}
	struct lane *l = &lanes[atomic_fetch_add(&next_lane, 1) % (unsigned)nlanes];
	pthread_mutex_lock(&l->lock);
	bool stopping = l->stopping;
	if (!stopping)
		append(&l->queued, &l->queued_tail, j);
	bool sleeping = !l->awake;
	l->awake = true;
	pthread_mutex_unlock(&l->lock);
	if (stopping)
		finish(j, DB_UNAVAILABLE); /* the daemon is stopping (a keep-alive request after SIGTERM) */
	else if (sleeping)
		wake(l);
}
