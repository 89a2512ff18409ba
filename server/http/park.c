#include "http/park.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "db/db.h"
#include "db/listen.h"
#include "http/offload.h"
#include "http/response.h"

struct park_ticket {
	struct request *req;
	char keys[PARK_KEYS_MAX][PARK_KEY_MAX];
	int nkeys;
	char owner[PARK_KEY_MAX];
	bool waiting; /* park_wait was called: the handler let it go */
	bool woken;   /* a key of its was woken since park_arm */
	uint64_t deadline_ns;
	park_fn fn;
	void *arg;
	enum park_why why;
	struct park_ticket *prev, *next;
};

/* Every ticket, armed or waiting; all of it under lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static struct park_ticket *head;
static long count, max_total, max_per_owner;
static bool running, closed;
static pthread_t thread;

#define LISTENER_DOWN_RECHECK_NS 1000000000ull /* while changes cannot be heard: everyone looks again */

static void unlink_ticket(struct park_ticket *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->prev = t->next = NULL;
	count--;
}

/* On a handler thread: the request's function, then its answer unless it parked again. */
static void run_ticket(void *arg)
{
	struct park_ticket *t = arg;
	struct request *req = t->req;
	park_fn fn = t->fn;
	void *fn_arg = t->arg;
	enum park_why why = t->why;
	free(t);
	bool again = fn(req, fn_arg, why);
	if (db_in_transaction())
		db_rollback();
	if (again)
		return;
	if (!req->response)
		respond_problem(req, 500, "an internal error occurred; quote request id %s", req->request_id);
	request_resume(req);
}

/* Takes the tickets of a list (linked by next, already unlinked) to the handler threads. */
static void dispatch(struct park_ticket *list)
{
	while (list) {
		struct park_ticket *t = list;
		list = t->next;
		t->next = NULL;
		offload_task(run_ticket, t);
	}
}

/* Under lock: unlinks t and pushes it on *out with its reason. */
static void take(struct park_ticket *t, enum park_why why, struct park_ticket **out)
{
	unlink_ticket(t);
	t->why = why;
	t->next = *out;
	*out = t;
}

enum park_refusal park_arm(struct request *req, const char *const *keys, int nkeys, const char *owner,
                           struct park_ticket **out)
{
	*out = NULL;
	pthread_mutex_lock(&lock);
	enum park_refusal r = PARK_OK;
	if (closed || !running) {
		r = PARK_CLOSED;
	} else if (count >= max_total) {
		r = PARK_FULL;
	} else {
		long mine = 0;
		for (const struct park_ticket *t = head; t; t = t->next)
			mine += strcmp(t->owner, owner) == 0;
		if (mine >= max_per_owner)
			r = PARK_OWNER_FULL;
	}
	if (r == PARK_OK) {
		struct park_ticket *t = xcalloc(1, sizeof *t);
		t->req = req;
		t->nkeys = nkeys < PARK_KEYS_MAX ? nkeys : PARK_KEYS_MAX;
		for (int i = 0; i < t->nkeys; i++)
			snprintf(t->keys[i], PARK_KEY_MAX, "%s", keys[i]);
		snprintf(t->owner, PARK_KEY_MAX, "%s", owner);
		t->next = head;
		if (head)
			head->prev = t;
		head = t;
		count++;
		*out = t;
	}
	pthread_mutex_unlock(&lock);
	return r;
}

void park_cancel(struct park_ticket *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&lock);
	unlink_ticket(t);
	pthread_mutex_unlock(&lock);
	free(t);
}

void park_wait(struct park_ticket *t, uint64_t deadline_ns, park_fn fn, void *arg)
{
	offload_keep();
	struct park_ticket *now = NULL;
	pthread_mutex_lock(&lock);
	t->fn = fn;
	t->arg = arg;
	t->deadline_ns = deadline_ns;
	if (closed)
		take(t, PARK_STOPPING, &now);
	else if (t->woken)
		take(t, PARK_WOKEN, &now);
	else if (deadline_ns <= clock_ns())
		take(t, PARK_DEADLINE, &now);
	else {
		t->waiting = true;
		pthread_cond_signal(&changed); /* the timer may need to wake up sooner */
	}
	pthread_mutex_unlock(&lock);
	dispatch(now);
}

static bool has_key(const struct park_ticket *t, const char *key)
{
	for (int i = 0; i < t->nkeys; i++)
		if (!strcmp(t->keys[i], key))
			return true;
	return false;
}

void park_wake(const char *key)
{
	struct park_ticket *woken = NULL;
	pthread_mutex_lock(&lock);
	for (struct park_ticket *t = head, *next; t; t = next) {
		next = t->next;
		if (key && !has_key(t, key))
			continue;
		t->woken = true;
		if (t->waiting)
			take(t, PARK_WOKEN, &woken);
	}
	pthread_mutex_unlock(&lock);
	dispatch(woken);
}

/* The timer: sends back the requests whose deadline passed; while the listener is down (no
 * change can be heard), every waiting request once a second. */
static void *timer_main(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&lock);
	while (running) {
		uint64_t now = clock_ns(), next = now + LISTENER_DOWN_RECHECK_NS;
		bool deaf = !listen_live();
		struct park_ticket *due = NULL;
		for (struct park_ticket *t = head, *n; t; t = n) {
			n = t->next;
			if (!t->waiting)
				continue;
			if (t->deadline_ns <= now)
				take(t, PARK_DEADLINE, &due);
			else if (deaf)
				take(t, PARK_WOKEN, &due);
			else if (t->deadline_ns < next)
				next = t->deadline_ns;
		}
		if (due) {
			pthread_mutex_unlock(&lock);
			dispatch(due);
			pthread_mutex_lock(&lock);
			continue;
		}
		struct timespec until = {.tv_sec = (time_t)(next / 1000000000ull),
		                         .tv_nsec = (long)(next % 1000000000ull)};
		pthread_cond_timedwait(&changed, &lock, &until);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int park_start(long max, long max_owner)
{
	cond_init_monotonic(&changed); /* clock_ns's clock */
	max_total = max;
	max_per_owner = max_owner;
	closed = false;
	running = true;
	if (pthread_create(&thread, NULL, timer_main, NULL) != 0) {
		running = false;
		log_error("park: cannot start the long-polling timer");
		return -1;
	}
	return 0;
}

void park_stop(void)
{
	struct park_ticket *all = NULL;
	pthread_mutex_lock(&lock);
	bool was_running = running;
	closed = true;
	running = false;
	for (struct park_ticket *t = head, *n; t; t = n) {
		n = t->next;
		if (t->waiting)
			take(t, PARK_STOPPING, &all);
	}
	pthread_cond_signal(&changed);
	pthread_mutex_unlock(&lock);
	dispatch(all);
	if (was_running)
		pthread_join(thread, NULL);
}
