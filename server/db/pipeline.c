#include "db/pipeline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "core/jcs.h"
#include "core/log.h"
#include "core/util.h"

struct job {
	struct job *next;
	struct pipeline *pipeline; /* where it is queued or in flight (NULL for a group) */
	struct db_stmt *stmt;
	pipeline_done done;
	void *ctx;
	struct job *members; /* a group's jobs (linked by next), whose statement it runs for all */
	bool alone;          /* never in a group (its group failed: it is answered by itself) */
	bool retried;
	bool sync;         /* a Sync was sent behind it (the last of its batch, or not read-only) */
	uint64_t sent_ns;  /* when it was sent */
	int commands;      /* what was sent for it: 2 with a Prepare, else 1 */
	int commands_seen; /* how many of them have given all their results */
	PGresult *res;     /* the result that answers the job (an error wins over the rest) */
	int nparams;
	const char *params[]; /* followed by their text */
};

struct pipeline {
	int epoll_fd;                     /* the event loop's, where the connection's socket is watched */
	uint64_t tag;                     /* what epoll reports for that socket */
	int load;                         /* jobs queued or in flight */
	struct job *queued, *queued_tail; /* not yet sent */
	PGconn *pg;
	int pg_fd; /* the socket watched in epoll_fd, or -1 */
	bool connecting;
	uint64_t connect_deadline_ns;
	bool want_write;
	uint64_t failed_ns;           /* when the last connection attempt failed; 0 after one succeeded */
	struct job *sent, *sent_tail; /* in flight, in the order their results will come */
	unsigned char prepared[DB_MAX_STATEMENTS];
};

/* The pipelines of this thread's event loop. */
static __thread struct pipeline *mine[PIPELINES_MAX];
static __thread int nmine;

static void append(struct job **head, struct job **tail, struct job *j)
{
	j->next = NULL;
	if (*tail)
		(*tail)->next = j;
	else
		*head = j;
	*tail = j;
}

static void split(struct job *group);

static void finish(struct job *j, enum db_status st)
{
	if (j->members) {
		if (st == DB_OK) {
			split(j);
		} else {
			for (struct job *m = j->members, *next; m; m = next) {
				next = m->next;
				finish(m, st);
			}
		}
		PQclear(j->res);
		free(j);
		return;
	}
	PGresult *res = st == DB_OK ? j->res : NULL;
	if (j->pipeline)
		j->pipeline->load--;
	if (st != DB_OK)
		PQclear(j->res);
	j->done(j->ctx, st, res);
	free(j);
}

/* Watches the connection's socket for `events` (it may be another one after each step of a
 * connection attempt, and libpq may have closed the old one, which leaves epoll by itself). */
static void watch(struct pipeline *l, uint32_t events)
{
	int fd = PQsocket(l->pg);
	struct epoll_event ev = {.events = events, .data.u64 = l->tag};
	if (fd != l->pg_fd && l->pg_fd >= 0)
		epoll_ctl(l->epoll_fd, EPOLL_CTL_DEL, l->pg_fd, NULL);
	l->pg_fd = fd;
	if (epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, fd, &ev) != 0)
		epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
}

static void unwatch(struct pipeline *l)
{
	if (l->pg_fd >= 0)
		epoll_ctl(l->epoll_fd, EPOLL_CTL_DEL, l->pg_fd, NULL);
	l->pg_fd = -1;
}

static void fail_all(struct job *j, bool in_flight)
{
	for (struct job *next; j; j = next) {
		next = j->next;
		if (in_flight)
			db_count(-1, false);
		finish(j, DB_UNAVAILABLE);
	}
}

/* The connection attempt failed: what waited for it is answered DB_UNAVAILABLE. */
static void connect_failed(struct pipeline *l, const char *why)
{
	unwatch(l);
	db_connect_failed(l->pg, why);
	l->pg = NULL;
	l->connecting = false;
	l->failed_ns = clock_ns();
	struct job *waiting = l->queued;
	l->queued = l->queued_tail = NULL;
	fail_all(waiting, false);
}

/* Takes the connection attempt one step on (PQconnectPoll) when its socket is ready; once
 * connected, enters pipeline mode: what is queued is sent on the loop's next turn. */
static void connect_step(struct pipeline *l)
{
	PostgresPollingStatusType st = PQconnectPoll(l->pg);
	if (st == PGRES_POLLING_FAILED) {
		connect_failed(l, NULL);
		return;
	}
	if (st != PGRES_POLLING_OK) {
		watch(l, st == PGRES_POLLING_READING ? EPOLLIN : EPOLLOUT);
		return;
	}
	if (PQsetnonblocking(l->pg, 1) != 0 || PQenterPipelineMode(l->pg) != 1) {
		connect_failed(l, "cannot enter pipeline mode");
		return;
	}
	db_connected(l->pg);
	l->connecting = false;
	l->want_write = false;
	l->failed_ns = 0;
	memset(l->prepared, 0, sizeof l->prepared);
	watch(l, EPOLLIN);
}

/* Starts a connection attempt that the loop drives (the loop never waits for the database),
 * unless one failed less than DB_RECONNECT_INTERVAL_NS ago. False when none was started. */
static bool connect_start(struct pipeline *l)
{
	uint64_t now = clock_ns();
	if (l->failed_ns && now - l->failed_ns < DB_RECONNECT_INTERVAL_NS)
		return false;
	PGconn *pg = db_open(DB_USE_PIPELINE, false);
	if (!pg || PQstatus(pg) == CONNECTION_BAD) {
		db_connect_failed(pg, NULL);
		l->failed_ns = now;
		return false;
	}
	l->pg = pg;
	l->connecting = true;
	l->connect_deadline_ns = now + db_connect_timeout_ns();
	watch(l, EPOLLOUT); /* as if PQconnectPoll had said PGRES_POLLING_WRITING */
	return true;
}

/* The connection is gone: what was in flight is sent again on a new one when it may be
 * (read-only, not yet retried), else answered DB_UNAVAILABLE. */
static void broken(struct pipeline *l)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s", PQerrorMessage(l->pg));
	msg[strcspn(msg, "\n")] = '\0';
	log_warn("database: pipeline connection lost: %s", msg);
	unwatch(l);
	db_disconnect(l->pg);
	l->pg = NULL;
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
	if (retry) { /* sent first on the next turn of the loop */
		retry_tail->next = l->queued;
		if (!l->queued)
			l->queued_tail = retry_tail;
		l->queued = retry;
	}
}

/* Sends j behind what is in flight: [Prepare] Execute, and a Sync when it is the last of its
 * batch (last) or writes; queues it again when the connection was lost meanwhile. */
static void send_job(struct pipeline *l, struct job *j, bool last)
{
	if (!l->pg) {
		append(&l->queued, &l->queued_tail, j);
		return;
	}
	char name[DB_STMT_NAME_LEN];
	int id = db_stmt_name(j->stmt, name);
	j->commands = 1;
	bool ok = true;
	if (!l->prepared[id]) {
		ok = PQsendPrepare(l->pg, name, j->stmt->sql, 0, NULL) == 1;
		/* Jobs sent behind this one use it; if the server refuses it (cancelled, timed out,
		 * a lock), receive() forgets it and they are sent again (not_prepared). A send that
		 * fails drops the connection with the flags. */
		l->prepared[id] = 1;
		j->commands = 2;
	}
	ok = ok &&
	     PQsendQueryPrepared(l->pg, name, j->nparams, j->params, NULL, NULL, j->stmt->binary_result ? 1 : 0) == 1;
	/* A statement that writes ends its transaction: a statement failing behind it must not roll
	 * it back once it has been answered. */
	j->sync = last || !j->stmt->read_only;
	ok = ok && (!j->sync || PQpipelineSync(l->pg) == 1);
	db_count(1, false);
	j->sent_ns = clock_ns();
	append(&l->sent, &l->sent_tail, j);
	if (!ok)
		broken(l);
}

static void flush(struct pipeline *l)
{
	int r = PQflush(l->pg);
	if (r < 0) {
		broken(l);
		return;
	}
	if ((r == 1) != l->want_write) {
		l->want_write = r == 1;
		watch(l, EPOLLIN | (l->want_write ? EPOLLOUT : 0u));
	}
}

/* A job that found its statement not prepared (the Prepare sent before it failed, see
 * send_job) did not run: it is queued again, once, to be prepared and run. */
static bool not_prepared(struct pipeline *l, struct job *j)
{
	const char *state = PQresultErrorField(j->res, PG_DIAG_SQLSTATE);
	if (j->retried || !state || strcmp(state, "26000") != 0) /* invalid_sql_statement_name */
		return false;
	l->prepared[j->stmt->id] = 0;
	PQclear(j->res);
	j->res = NULL;
	j->commands_seen = 0;
	j->retried = true;
	db_count(-1, false);
	append(&l->queued, &l->queued_tail, j);
	return true;
}

/* A job behind a failed statement of its batch did not run (PostgreSQL skips everything up to
 * the Sync): it is queued again; its Prepare, if it carried one, did not run either. */
static bool aborted(struct pipeline *l, struct job *j)
{
	if (PQresultStatus(j->res) != PGRES_PIPELINE_ABORTED)
		return false;
	if (j->commands == 2)
		l->prepared[j->stmt->id] = 0;
	PQclear(j->res);
	j->res = NULL;
	j->commands_seen = 0;
	db_count(-1, false);
	append(&l->queued, &l->queued_tail, j);
	return true;
}

/* ---- coalescing: one statement for the requests of a turn that ask the same hot read ----
 *
 * Each statement started an executor, ran its plan's set-up and ended it for one row; the
 * authorization check spent a quarter of its PostgreSQL time so (bench/RESULTS.md). The
 * requests of a loop's turn that run one DB_QUERY_COALESCED statement are sent as a group: one
 * statement whose one parameter is a JSON array of each request's parameters, which runs the
 * statement for each of them (LATERAL) and numbers its rows; split() hands each request its own
 * rows as a result of its own. A group that fails is dissolved: its requests are sent again one
 * by one, so that a failure (a cancelled statement, a bad value) is answered for the request it
 * concerns alone, as when they were not grouped.
 *
 * JSON rather than an array per parameter: PostgreSQL estimates unnest() of a bound array at
 * its length and of an unbound one at 10 rows, so a prepared group of fewer than ~10 requests
 * never found its generic plan cheaper and was planned again at every run (~0.6 ms for the
 * check). jsonb_array_elements() is estimated at 100 rows either way: the plan is made once. */

/* At most 16 requests a group: the turn's requests go as several statements of one batch, and
 * PostgreSQL's results for the first come back while it runs the next, so that the loop answers
 * some while the database works on others (with one group of 64, each waited for the other: a
 * quarter of the two CPUs stood idle at 64 connections). 16 against 64, same binary, three
 * alternated rounds of 5 s at 64 connections: GET recordation +11 % (17,776, 16,076, 16,624 against
 * 16,087, 14,635, 14,778/s), the check +16 %; 8 a group was no better than 16. */
enum { GROUP_MAX = 16 };

/* A statement's coalesced form, and how many parameters the statement takes. */
struct form {
	struct db_stmt stmt;
	int nparams;
};

/* SELECT q.n, s.* FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS q(p, n)
 *   CROSS JOIN LATERAL (the statement with (q.p->>K-1) for each $K) AS s */
static struct form *coalesced_form(struct db_stmt *stmt)
{
	struct db_stmt *made = __atomic_load_n(&stmt->coalesced, __ATOMIC_ACQUIRE);
	if (made)
		return (struct form *)made; /* stmt is the first member */
	struct form *form = xcalloc(1, sizeof *form);
	struct buf b = {0};
	static const char head[] = "SELECT q.n, s.* FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS q(p, n)"
				   " CROSS JOIN LATERAL (";
	buf_append(&b, head, sizeof head - 1);
	for (const char *p = stmt->sql; *p;) {
		char *end;
		long k = *p == '$' && isdigit((unsigned char)p[1]) ? strtol(p + 1, &end, 10) : 0;
		if (k > 0) {
			buf_printf(&b, "(q.p->>%ld)", k - 1);
			if (k > form->nparams)
				form->nparams = (int)k;
			p = end;
		} else {
			buf_append(&b, p++, 1);
		}
	}
	buf_append(&b, ") AS s", 6);
	form->stmt = (struct db_stmt)DB_QUERY(b.data);
	struct db_stmt *none = NULL;
	if (!__atomic_compare_exchange_n(&stmt->coalesced, &none, &form->stmt, false, __ATOMIC_ACQ_REL,
	                                 __ATOMIC_ACQUIRE)) {
		free(b.data); /* another loop made it first */
		free(form);
		return (struct form *)none;
	}
	return form;
}

/* [[the first member's parameters], [the second's], ...] as JSON strings or null. */
static void json_params(struct buf *b, const struct job *members)
{
	buf_append(b, "[", 1);
	for (const struct job *m = members; m; m = m->next) {
		buf_append(b, m == members ? "[" : ",[", m == members ? 1 : 2);
		for (int i = 0; i < m->nparams; i++) {
			if (i)
				buf_append(b, ",", 1);
			const char *v = m->params[i];
			if (v)
				jcs_put_string(b, v, strlen(v));
			else
				buf_append(b, "null", 4);
		}
		buf_append(b, "]", 1);
	}
	buf_append(b, "]", 1);
}

/* The group job for members (at least two, linked by next, same statement). */
static struct job *group_of(struct job *members)
{
	struct form *form = coalesced_form(members->stmt);
	struct buf json = {0};
	json_params(&json, members);
	struct job *g = xcalloc(1, sizeof *g + sizeof(char *) + json.len + 1);
	g->stmt = &form->stmt;
	g->members = members;
	g->nparams = 1;
	char *p = (char *)(g->params + 1);
	memcpy(p, json.data, json.len + 1);
	g->params[0] = p;
	buf_free(&json);
	return g;
}

/* Replaces, in the list to be sent, the jobs of each coalesced statement by groups (in the
 * place of each group's first job). */
static struct job *coalesce(struct job *list)
{
	struct job *out = NULL, *out_tail = NULL;
	while (list) {
		struct job *j = list;
		list = j->next;
		if (!j->stmt->coalesce || j->alone || j->nparams != coalesced_form(j->stmt)->nparams) {
			append(&out, &out_tail, j);
			continue;
		}
		/* j and the later jobs of its statement, up to GROUP_MAX */
		struct job *members = NULL, *members_tail = NULL, *rest = NULL, *rest_tail = NULL;
		int n = 0;
		append(&members, &members_tail, j);
		n++;
		while (list) {
			struct job *o = list;
			list = o->next;
			if (n < GROUP_MAX && o->stmt == j->stmt && !o->alone) {
				append(&members, &members_tail, o);
				n++;
			} else {
				append(&rest, &rest_tail, o);
			}
		}
		list = rest;
		append(&out, &out_tail, n == 1 ? members : group_of(members));
	}
	return out;
}

/* A group's rows to its members: row r of the result belongs to member number q.n (its first
 * column); each member gets a result with the statement's own columns and its rows. */
static void split(struct job *g)
{
	PGresult *res = g->res;
	int nf = PQnfields(res) - 1, nt = PQntuples(res);
	PGresAttDesc *attrs = xcalloc((size_t)(nf > 0 ? nf : 1), sizeof *attrs);
	for (int c = 0; c < nf; c++)
		attrs[c] = (PGresAttDesc){.name = PQfname(res, c + 1),
		                          .tableid = PQftable(res, c + 1),
		                          .columnid = PQftablecol(res, c + 1),
		                          .format = PQfformat(res, c + 1),
		                          .typid = PQftype(res, c + 1),
		                          .typlen = PQfsize(res, c + 1),
		                          .atttypmod = PQfmod(res, c + 1)};
	struct job *by_n[GROUP_MAX];
	int n = 0;
	for (struct job *m = g->members; m; m = m->next) {
		m->res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
		if (!m->res || !PQsetResultAttrs(m->res, nf, attrs))
			abort(); /* out of memory (libpq's only failure here) */
		by_n[n++] = m;
	}
	free(attrs);
	db_count_coalesced(n);
	for (int r = 0; r < nt; r++) {
		long i = strtol(PQgetvalue(res, r, 0), NULL, 10) - 1;
		if (i < 0 || i >= n)
			continue; /* cannot happen: q.n numbers the members */
		PGresult *mres = by_n[i]->res;
		int row = PQntuples(mres);
		for (int c = 0; c < nf; c++) {
			bool null = PQgetisnull(res, r, c + 1);
			if (!PQsetvalue(mres, row, c, null ? NULL : PQgetvalue(res, r, c + 1),
			                null ? -1 : PQgetlength(res, r, c + 1)))
				abort(); /* out of memory */
		}
	}
	for (struct job *m = g->members, *next; m; m = next) {
		next = m->next;
		finish(m, DB_OK);
	}
}

/* A group that failed: its members are sent again, each by itself. */
static void dissolve(struct pipeline *l, struct job *g)
{
	for (struct job *m = g->members, *next; m; m = next) {
		next = m->next;
		m->alone = true;
		append(&l->queued, &l->queued_tail, m);
	}
	PQclear(g->res);
	free(g);
}

/* All of j's results are in: it leaves the jobs in flight and is answered, or sent again. */
static void answer(struct pipeline *l, struct job *j)
{
	l->sent = j->next;
	if (!l->sent)
		l->sent_tail = NULL;
	if (not_prepared(l, j) || aborted(l, j))
		return;
	ExecStatusType st = PQresultStatus(j->res);
	enum db_status status = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK ? DB_OK : db_status_of(l->pg, j->res);
	if (status != DB_OK && j->members) {
		db_count(-1, false);
		dissolve(l, j);
		return;
	}
	if (status == DB_UNAVAILABLE || status == DB_ERROR)
		db_log_failure(j->stmt, l->pg, j->res);
	db_count(-1, status == DB_UNAVAILABLE || status == DB_ERROR);
	finish(j, status);
}

/* Answers the jobs whose results libpq holds (each job's commands, and the Sync behind it when
 * it has one); with `read`, first reads what has arrived on the socket. */
static void receive(struct pipeline *l, bool read)
{
	if (read && !PQconsumeInput(l->pg)) {
		broken(l);
		return;
	}
	for (;;) {
		struct job *j = l->sent;
		if (!j)
			break;
		bool complete = j->commands_seen == j->commands;
		if (complete && !j->sync) {
			answer(l, j); /* its batch's Sync comes behind a later job */
			continue;
		}
		if (PQisBusy(l->pg))
			break;
		PGresult *r = PQgetResult(l->pg);
		if (!complete) {
			if (!r) { /* the end of one command's results */
				j->commands_seen++;
			} else if (j->commands == 2 && j->commands_seen == 0 &&
			           PQresultStatus(r) == PGRES_FATAL_ERROR) {
				l->prepared[j->stmt->id] = 0; /* the Prepare failed: send it again next time */
				PQclear(j->res);
				j->res = r;
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
		answer(l, j);
	}
}

struct pipeline *pipeline_open(int epoll_fd, uint64_t tag)
{
	struct pipeline *l = xcalloc(1, sizeof *l);
	l->epoll_fd = epoll_fd;
	l->tag = tag;
	l->pg_fd = -1;
	mine[nmine++] = l;
	return l;
}

void pipeline_close(struct pipeline *l)
{
	for (int i = 0; i < nmine; i++)
		if (mine[i] == l) {
			mine[i] = mine[--nmine];
			break;
		}
	fail_all(l->sent, true);
	fail_all(l->queued, false);
	unwatch(l);
	if (l->connecting)
		PQfinish(l->pg); /* never counted as open */
	else if (l->pg)
		db_disconnect(l->pg);
	free(l);
}

void pipeline_ready(struct pipeline *l, uint32_t events)
{
	if (!l->pg)
		return;
	if (l->connecting) {
		connect_step(l);
		return;
	}
	if (events & EPOLLOUT)
		flush(l);
	if (l->pg)
		receive(l, (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0);
}

/* Gives up on a connection attempt or a statement that took too long: PostgreSQL's own
 * timeouts cannot fire when it does not run (a stopped server, a network black hole). */
static void check_clock(struct pipeline *l)
{
	uint64_t now = clock_ns();
	if (l->connecting && now > l->connect_deadline_ns) {
		connect_failed(l, "no answer within IPR_DB_CONNECT_TIMEOUT");
	} else if (l->pg && !l->connecting && l->sent &&
	           now - l->sent->sent_ns > db_statement_timeout_ns() + db_connect_timeout_ns()) {
		log_warn("database: statement s%d has had no answer for %.0f s: giving up on its connection",
		         l->sent->stmt->id, (double)(now - l->sent->sent_ns) / 1e9);
		broken(l);
	}
}

void pipeline_send(struct pipeline *l)
{
	check_clock(l);
	/* Retries after a lost connection are queued again by broken(): loop until none are. */
	while (l->queued) {
		if (!l->pg && !connect_start(l)) {
			struct job *waiting = l->queued;
			l->queued = l->queued_tail = NULL;
			fail_all(waiting, false);
			return;
		}
		if (l->connecting)
			return; /* sent once connected */
		struct job *batch = coalesce(l->queued);
		l->queued = l->queued_tail = NULL;
		for (struct job *j = batch, *next; j; j = next) {
			next = j->next;
			send_job(l, j, !next);
		}
		if (l->pg)
			flush(l);
		/* A flush that could not send everything may have read results into libpq's buffer
		 * (so as not to deadlock with the server): the socket no longer shows them. */
		if (l->pg)
			receive(l, false);
	}
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
	if (!nmine) {
		log_error("database: statement s%d queued on a thread without a pipeline", stmt->id);
		finish(j, DB_UNAVAILABLE);
		return;
	}
	struct pipeline *l = mine[0]; /* the least loaded */
	for (int i = 1; i < nmine; i++)
		if (mine[i]->load < l->load)
			l = mine[i];
	j->pipeline = l;
	l->load++;
	append(&l->queued, &l->queued_tail, j);
}
