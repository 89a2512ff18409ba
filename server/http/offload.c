#include "http/offload.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/config.h"
#include "db/db.h"
#include "db/pipeline.h"
#include "http/idempotency.h"
#include "http/response.h"

struct job {
	struct request *req; /* with fn; or NULL, and task(arg) */
	offload_fn fn;
	void (*task)(void *arg);
	void *arg;
	struct job *next;
};

/* A pool's queue is bounded: a job that would make it longer than max, or longer than
 * max_per_client for its client address, is refused (the caller answers 503). */
struct pool {
	int nice;         /* CPU priority of its threads, relative to the event loops */
	const char *what; /* in the 503's detail */
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct job *head, *tail;
	long queued, max, max_per_client;
	bool stopping;
	pthread_t *threads;
	int nthreads;
};

static struct pool handlers = {
	.nice = 0, .what = "requests", .lock = PTHREAD_MUTEX_INITIALIZER, .ready = PTHREAD_COND_INITIALIZER};
/* Hashing is the bulk of the work there: let every other thread win the CPU when both want it. */
static struct pool hashing = {
	.nice = 5, .what = "password checks", .lock = PTHREAD_MUTEX_INITIALIZER, .ready = PTHREAD_COND_INITIALIZER};

static __thread bool on_pool;   /* this thread is a pool's */
static __thread bool handed_on; /* the job running here passed its request to another pool */

static bool client_has_room(const struct pool *p, const struct job *j)
{
	if (p->max_per_client >= p->max)
		return true;
	long n = 0;
	for (const struct job *q = p->head; q; q = q->next)
		n += q->req && strcmp(q->req->client_budget, j->req->client_budget) == 0;
	return n < p->max_per_client;
}

/* Queues j, or returns false when the queue is full (for everyone or for j's client). With
 * suspend, suspends its request first: a pool thread may resume it as soon as it is queued.
 * A task (no request) is always queued: it is the next step of a request already admitted (a
 * download's next chunk, one at a time per download), so connections bound them. */
static bool push(struct pool *p, struct job *j, bool suspend)
{
	pthread_mutex_lock(&p->lock);
	bool room = !j->req || (p->queued < p->max && client_has_room(p, j));
	if (room) {
		if (suspend)
			request_suspend(j->req);
		if (p->tail)
			p->tail->next = j;
		else
			p->head = j;
		p->tail = j;
		p->queued++;
		pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->lock);
	return room;
}

static void *pool_main(void *arg)
{
	struct pool *p = arg;
	on_pool = true;
	if (p->nice)
		setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->nice);
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->ready, &p->lock);
		struct job *j = p->head;
		if (j) {
			p->head = j->next;
			if (!p->head)
				p->tail = NULL;
			p->queued--;
		}
		pthread_mutex_unlock(&p->lock);
		if (!j)
			break;
		if (!j->req) {
			db_statement_timeout(0);
			db_read_replica(false);
			j->task(j->arg);
			free(j);
			continue;
		}
		handed_on = false;
		struct request *req = j->req;
		bool anonymous = req->match.route && (req->match.route->roles & ROLE_ANONYMOUS);
		db_statement_timeout(anonymous ? cfg.anonymous_statement_timeout : 0);
		db_read_replica(req->match.route && (req->match.route->flags & ROUTE_READ_REPLICA));
		/* A step of a request with an Idempotency-Key runs in the key's transaction. One that
		 * passed its request on let its claim go first (hand_over), and req is the next
		 * step's now: not to be touched here. */
		if (idempotency_enter(req))
			j->fn(req, req->json);
		if (!handed_on)
			idempotency_leave(req);
		request_handler_returned(req, handed_on);
		if (!handed_on)
			request_resume(req);
		free(j);
	}
	db_thread_close();
	return NULL;
}

static void pool_start(struct pool *p, int threads, long max, long max_per_client)
{
	p->stopping = false;
	p->max = max;
	p->max_per_client = max_per_client;
	p->nthreads = threads;
	p->threads = xcalloc((size_t)threads, sizeof *p->threads);
	for (int i = 0; i < threads; i++)
		pthread_create(&p->threads[i], NULL, pool_main, p);
}

static void pool_stop(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	p->threads = NULL;
	p->nthreads = 0;
}

void offload_start(int handler_threads, int hash_threads)
{
	pool_start(&handlers, handler_threads, cfg.handler_queue, cfg.handler_queue);
	long per_client = cfg.hash_queue / 4;
	pool_start(&hashing, hash_threads, cfg.hash_queue, per_client > 0 ? per_client : 1);
}

void offload_stop(void)
{
	pool_stop(&handlers); /* first: their jobs may pass requests on to the hashing pool */
	pool_stop(&hashing);
}

/* Queues req and suspends it (unless a pool thread already runs it, which then lets it go);
 * or answers 503 when the queue is full. */
static bool hand_over(struct pool *p, struct request *req, offload_fn fn)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->req = req;
	j->fn = fn;
	idempotency_release(req); /* the next step claims the key on its own thread's connection */
	if (!push(p, j, !on_pool)) {
		free(j);
		respond_retry_later(req, 503, 1, "the server has too many %s waiting; try again", p->what);
		return false;
	}
	if (on_pool)
		handed_on = true;
	return true;
}

static void run_handler(struct request *req, json_t *unused)
{
	(void)unused;
	req->match.route->handler(req);
}

bool offload_handler(struct request *req)
{
	return hand_over(&handlers, req, run_handler);
}

bool offload(struct request *req, offload_fn fn)
{
	return hand_over(&hashing, req, fn);
}

void offload_keep(void)
{
	handed_on = true;
}

void offload_task(void (*task)(void *arg), void *arg)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->task = task;
	j->arg = arg;
	bool queued = push(&handlers, j, false);
	(void)queued; /* always, for a task */
}

struct query_wait {
	struct request *req;
	offload_query_done done;
	void *arg;
};

/* On the event loop (the pipeline is the loop's): answers, then lets the loop queue it. */
static void query_result(void *ctx, enum db_status st, PGresult *res)
{
	struct query_wait *w = ctx;
	w->done(w->req, st, res, w->arg);
	request_resume(w->req);
	free(w);
}

void offload_query(struct request *req, struct db_stmt *stmt, const char *const *params, int nparams,
                   offload_query_done done, void *arg)
{
	if (on_pool) { /* no pipeline here, and nothing else to serve: just wait */
		PGresult *res = NULL;
		enum db_status st = db_exec(stmt, params, nparams, &res);
		done(req, st, res, arg);
		return;
	}
	struct query_wait *w = xcalloc(1, sizeof *w);
	w->req = req;
	w->done = done;
	w->arg = arg;
	request_suspend(req);
	pipeline_exec(stmt, params, nparams, query_result, w);
}
