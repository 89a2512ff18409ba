#include "http/offload.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "db/db.h"
#include "db/pipeline.h"
#include "http/response.h"

struct job {
	struct request *req;
	void (*fn)(struct request *req, void *arg);
	void *arg;
	void (*free_arg)(void *arg);
	struct job *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static bool stopping;
static pthread_t *workers;
static int nworkers;

static void *worker_main(void *unused)
{
	(void)unused;
	/* Hashing is the bulk of the work here: let the HTTP threads win the CPU when both want it. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
	for (;;) {
		pthread_mutex_lock(&lock);
		while (!head && !stopping)
			pthread_cond_wait(&ready, &lock);
		struct job *j = head;
		if (j) {
			head = j->next;
			if (!head)
				tail = NULL;
		}
		pthread_mutex_unlock(&lock);
		if (!j)
			break;
		j->fn(j->req, j->arg);
		if (db_in_transaction())
			db_rollback();
		if (!j->req->response)
			respond_problem(j->req, 500, "an internal error occurred; quote request id %s", j->req->request_id);
		if (j->free_arg)
			j->free_arg(j->arg);
		request_resume(j->req);
		free(j);
	}
	db_thread_close();
	return NULL;
}

void offload_start(int threads)
{
	nworkers = threads;
	workers = xcalloc((size_t)threads, sizeof *workers);
	for (int i = 0; i < threads; i++)
		pthread_create(&workers[i], NULL, worker_main, NULL);
}

void offload_stop(void)
{
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_broadcast(&ready);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	free(workers);
	workers = NULL;
	nworkers = 0;
}

void offload(struct request *req, void (*fn)(struct request *req, void *arg), void *arg,
             void (*free_arg)(void *arg))
{
	struct job *j = xcalloc(1, sizeof *j);
	j->req = req;
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	request_suspend(req);
	pthread_mutex_lock(&lock);
	if (tail)
		tail->next = j;
	else
		head = j;
	tail = j;
	pthread_cond_signal(&ready);
	pthread_mutex_unlock(&lock);
}

struct query_wait {
	struct request *req;
	offload_query_done done;
	void *arg;
	enum db_status status;
	PGresult *res;
};

/* On the HTTP thread, once the request resumed (req NULL: it ended first). */
static void query_then(struct request *req, void *p)
{
	struct query_wait *w = p;
	if (req)
		w->done(req, w->status, w->res, w->arg);
	else
		PQclear(w->res);
	free(w);
}

/* On the pipeline's thread. */
static void query_result(void *ctx, enum db_status st, PGresult *res)
{
	struct query_wait *w = ctx;
	w->status = st;
	w->res = res;
	w->req->then = query_then;
	w->req->then_arg = w;
	request_resume(w->req);
}

void offload_query(struct request *req, struct db_stmt *stmt, const char *const *params, int nparams,
                   offload_query_done done, void *arg)
{
	struct query_wait *w = xcalloc(1, sizeof *w);
	w->req = req;
	w->done = done;
	w->arg = arg;
	request_suspend(req);
	pipeline_exec(stmt, params, nparams, query_result, w);
}
