#include "db/db.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/log.h"
#include "core/util.h"

struct db_conn {
	PGconn *pg;
	bool in_tx;
	bool held;  /* db_hold: in_tx is the holder's transaction */
	bool inner; /* held, and the handler's own db_begin has no db_commit yet */
	/* The held transaction went with its connection: until the holder lets go, statements
	 * fail (DB_UNAVAILABLE) instead of running on a new connection outside it. */
	bool held_lost;
	uint64_t failed_ns; /* when the last connection attempt failed; 0 after one succeeded */
	char sqlstate[6];
	char constraint[64];
	unsigned char prepared[DB_MAX_STATEMENTS];
	long timeout_wanted_ms; /* db_statement_timeout's, 0 for the default */
	long timeout_set_ms;    /* the connection's, 0 for the default */
	enum db_use use;        /* DB_USE_REPLICA for the read replica's; else the thread's (db_thread_use) */
};

/* A thread's connections: to the primary, and to the read replica for the reads that may be
 * served from it (db_read_replica). `last` is the one the last statement ran on. */
struct db_thread {
	struct db_conn primary, replica;
	struct db_conn *last;
	bool read_replica;
};

static const char *conninfo = "";
static const char *replica_conninfo = ""; /* "": no read replica */
static char connect_timeout[16] = "5";
static long connect_timeout_s = 5, statement_timeout_s = 30;
static char statement_options[1024]; /* the configured `options` and the session settings */
static atomic_int next_stmt_id = 1;
static atomic_llong stat_open, stat_busy, stat_connect_failures, stat_query_errors, stat_coalesced;
static pthread_key_t conn_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void conn_destroy(void *p)
{
	struct db_thread *t = p;
	db_disconnect(t->primary.pg);
	db_disconnect(t->replica.pg);
	free(t);
}

static void make_key(void)
{
	pthread_key_create(&conn_key, conn_destroy);
}

void db_configure(const char *info, long connect_s, long statement_s, const char *zone)
{
	conninfo = info;
	connect_timeout_s = connect_s;
	statement_timeout_s = statement_s;
	snprintf(connect_timeout, sizeof connect_timeout, "%ld", connect_s);
	/* The session settings travel in the startup packet (no round trip after connecting, the
	 * same for the connections made without waiting), behind the options configured. */
	const char *configured = getenv("PGOPTIONS");
	PQconninfoOption *parsed = PQconninfoParse(info, NULL);
	for (PQconninfoOption *o = parsed; o && o->keyword; o++)
		if (!strcmp(o->keyword, "options") && o->val)
			configured = o->val;
	/* Timestamps leave the database in UTC; dates are computed in C in the registry's zone, and
	 * in SQL by registry_today() (migration 0018), which reads the zone from iprd.timezone. */
	snprintf(statement_options, sizeof statement_options,
	         "%s -c TimeZone=UTC -c statement_timeout=%lds -c iprd.timezone=%s", configured ? configured : "",
	         statement_timeout_s, zone);
	PQconninfoFree(parsed);
	pthread_once(&key_once, make_key);
}

void db_configure_replica(const char *info)
{
	replica_conninfo = info ? info : "";
}

uint64_t db_connect_timeout_ns(void)
{
	return (uint64_t)connect_timeout_s * 1000000000ull;
}

uint64_t db_statement_timeout_ns(void)
{
	return (uint64_t)statement_timeout_s * 1000000000ull;
}

PGconn *db_open(enum db_use use, bool wait)
{
	static const char *const names[] = {[DB_USE_STATEMENTS] = "iprd",    [DB_USE_PIPELINE] = "iprd-pipeline",
	                                    [DB_USE_LISTEN] = "iprd-listen", [DB_USE_MIGRATIONS] = "iprd-migrate",
	                                    [DB_USE_JOBS] = "iprd-jobs",     [DB_USE_REPLICA] = "iprd-replica"};
	bool statements =
		use == DB_USE_STATEMENTS || use == DB_USE_PIPELINE || use == DB_USE_JOBS || use == DB_USE_REPLICA;
	/* The configured string first: what follows overrides it. Keepalives notice a peer that
	 * vanished while the connection waits (a cut network: 10 s idle, then 3 probes 5 s
	 * apart); tcp_user_timeout closes it when what was sent stays unacknowledged 30 s. */
	const char *const keys[] = {"dbname",
	                            "application_name",
	                            "connect_timeout",
	                            "keepalives",
	                            "keepalives_idle",
	                            "keepalives_interval",
	                            "keepalives_count",
	                            "tcp_user_timeout",
	                            statements ? "options" : NULL,
	                            NULL};
	const char *const values[] = {use == DB_USE_REPLICA ? replica_conninfo : conninfo,
	                              names[use],
	                              connect_timeout,
	                              "1",
	                              "10",
	                              "5",
	                              "3",
	                              "30000",
	                              statements ? statement_options : NULL,
	                              NULL};
	return wait ? PQconnectdbParams(keys, values, 1) : PQconnectStartParams(keys, values, 1);
}

static struct db_thread *thread_state(void)
{
	pthread_once(&key_once, make_key);
	struct db_thread *t = pthread_getspecific(conn_key);
	if (!t) {
		t = xcalloc(1, sizeof *t);
		t->primary.use = DB_USE_STATEMENTS;
		t->replica.use = DB_USE_REPLICA;
		t->last = &t->primary;
		pthread_setspecific(conn_key, t);
	}
	return t;
}

/* This thread's connection to the primary (transactions, writes, most reads). */
static struct db_conn *thread_conn(void)
{
	return &thread_state()->primary;
}

static void drop_connection(struct db_conn *c)
{
	db_disconnect(c->pg);
	c->pg = NULL;
	c->in_tx = false;
	c->held_lost = c->held_lost || c->held;
	c->held = c->inner = false;
	c->timeout_set_ms = 0;
	memset(c->prepared, 0, sizeof c->prepared);
}

static void notice_ignore(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

const char *db_connection_error(const PGconn *pg, char out[256])
{
	snprintf(out, 256, "%s", PQerrorMessage(pg));
	out[strcspn(out, "\n")] = '\0';
	return out;
}

void db_connect_failed(PGconn *pg, const char *why)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s", why ? why : pg ? PQerrorMessage(pg) : "out of memory");
	msg[strcspn(msg, "\n")] = '\0';
	log_warn("database connection failed: %s", msg);
	PQfinish(pg);
	atomic_fetch_add(&stat_connect_failures, 1);
}

PGconn *db_connected(PGconn *pg)
{
	PQsetNoticeReceiver(pg, notice_ignore, NULL);
	atomic_fetch_add(&stat_open, 1);
	return pg;
}

static __thread enum db_use thread_use = DB_USE_STATEMENTS;

void db_thread_use(enum db_use use)
{
	thread_use = use;
}

/* A new connection for `use` (the thread's, or the replica's), made at once, or NULL (logged). */
static PGconn *connect_for(enum db_use use)
{
	PGconn *pg = db_open(use, true);
	if (PQstatus(pg) != CONNECTION_OK) {
		db_connect_failed(pg, NULL);
		return NULL;
	}
	return db_connected(pg);
}

PGconn *db_connect(void)
{
	return connect_for(thread_use);
}

void db_disconnect(PGconn *pg)
{
	if (pg) {
		PQfinish(pg);
		atomic_fetch_sub(&stat_open, 1);
	}
}

/* Whether an idle connection is still there. libpq only learns that the server closed it
 * (a backend terminated, a restart) when it next reads; the server's last words (an error,
 * the end of the stream) are already waiting on the socket, so a look costs no round trip
 * and saves sending a statement into a dead connection. */
static bool still_connected(PGconn *pg)
{
	struct pollfd p = {.fd = PQsocket(pg), .events = POLLIN};
	for (int i = 0; i < 4 && PQstatus(pg) == CONNECTION_OK && poll(&p, 1, 0) > 0; i++)
		if (!PQconsumeInput(pg))
			return false;
	return PQstatus(pg) == CONNECTION_OK;
}

/* A live connection for this thread, or NULL (logged) when the database is unreachable or
 * the connection of the open transaction was lost. */
static PGconn *ensure_connection(struct db_conn *c)
{
	if (c->pg && still_connected(c->pg))
		return c->pg;
	if (c->pg) {
		bool in_tx = c->in_tx;
		drop_connection(c);
		if (in_tx)
			return NULL; /* the transaction went with it */
	}
	if (c->failed_ns && clock_ns() - c->failed_ns < DB_RECONNECT_INTERVAL_NS)
		return NULL;
	c->pg = connect_for(c->use == DB_USE_REPLICA ? DB_USE_REPLICA : thread_use);
	c->failed_ns = c->pg ? 0 : clock_ns();
	return c->pg;
}

static int stmt_id(struct db_stmt *stmt)
{
	int id = __atomic_load_n(&stmt->id, __ATOMIC_ACQUIRE);
	if (id)
		return id;
	int fresh = atomic_fetch_add(&next_stmt_id, 1);
	if (fresh >= DB_MAX_STATEMENTS) {
		log_error("more than %d statements: raise DB_MAX_STATEMENTS", DB_MAX_STATEMENTS);
		abort();
	}
	int expected = 0;
	if (__atomic_compare_exchange_n(&stmt->id, &expected, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return fresh;
	return expected; /* another thread won; the number it took is simply unused */
}

enum db_status db_status_of(PGconn *pg, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!pg || PQstatus(pg) != CONNECTION_OK)
		return DB_UNAVAILABLE;
	if (!state)
		return DB_ERROR;
	if (!strcmp(state, "23505") || !strcmp(state, "23P01"))
		return DB_UNIQUE;
	if (!strcmp(state, "23503"))
		return DB_FOREIGN_KEY;
	if (!strcmp(state, "23514") || !strcmp(state, "23502") || !strncmp(state, "22", 2))
		return DB_CHECK;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_CONFLICT;
	/* Connection trouble, a statement cancelled (pg_cancel_backend, statement_timeout: it did
	 * not take effect) and a server short of resources: worth trying again shortly. */
	if (!strncmp(state, "08", 2) || !strncmp(state, "57", 2) || !strncmp(state, "53", 2))
		return DB_UNAVAILABLE;
	return DB_ERROR;
}

/* db_status_of, remembering the SQLSTATE and constraint for db_last_sqlstate/constraint. */
static enum db_status classify(struct db_conn *c, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
	snprintf(c->constraint, sizeof c->constraint, "%s", constraint ? constraint : "");
	return db_status_of(c->pg, res);
}

/* Logs that `what` failed: the first line of the error (of res, else of the connection). */
static void log_failure(const char *what, PGconn *pg, const PGresult *res)
{
	char msg[300];
	const char *text = res ? PQresultErrorMessage(res) : "";
	snprintf(msg, sizeof msg, "%s", *text ? text : pg ? PQerrorMessage(pg) : "no connection");
	msg[strcspn(msg, "\n")] = '\0';
	log_warn("database: %s failed: %s", what, msg);
}

void db_log_failure(const struct db_stmt *stmt, PGconn *pg, const PGresult *res)
{
	char what[DB_STMT_NAME_LEN + 16];
	snprintf(what, sizeof what, "statement s%d", stmt->id);
	log_failure(what, pg, res);
}

int db_stmt_name(struct db_stmt *stmt, char name[DB_STMT_NAME_LEN])
{
	int id = stmt_id(stmt);
	snprintf(name, DB_STMT_NAME_LEN, "s%d", id);
	return id;
}

/* The next result of what was sent (NULL ends a command's results), waiting at most until
 * deadline: a stopped server cannot time its own statement out. Then the connection is shut
 * down (*gave_up), and the statement fails as on a lost connection. */
static PGresult *next_result(PGconn *pg, uint64_t deadline, bool *gave_up)
{
	while (PQisBusy(pg)) {
		uint64_t now = clock_ns();
		struct pollfd p = {.fd = PQsocket(pg), .events = POLLIN};
		/* Once given up, the shut-down socket shows its end at once. */
		int ms = *gave_up ? -1 : now < deadline ? (int)((deadline - now) / 1000000) + 1 : 0;
		int ready = ms ? poll(&p, 1, ms) : 0;
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0) {
			log_warn("database: no answer for %.0f s: giving up on the connection",
			         (double)(db_statement_timeout_ns() + db_connect_timeout_ns()) / 1e9);
			shutdown(PQsocket(pg), SHUT_RDWR);
			*gave_up = true;
		}
		if (!PQconsumeInput(pg))
			break;
	}
	return PQgetResult(pg);
}

/* The result of what was just sent (`sent`: the PQsend* call succeeded), like PQexec: the
 * last one, or NULL when nothing could be sent. It waits at most the statement timeout plus
 * the connect timeout (next_result). */
static PGresult *result_of(PGconn *pg, int sent)
{
	if (!sent)
		return NULL;
	uint64_t deadline = clock_ns() + db_statement_timeout_ns() + db_connect_timeout_ns();
	bool gave_up = false;
	PGresult *last = NULL;
	for (PGresult *r; (r = next_result(pg, deadline, &gave_up));) {
		PQclear(last);
		last = r;
	}
	return last;
}

void db_statement_timeout(long ms)
{
	struct db_thread *t = thread_state();
	t->primary.timeout_wanted_ms = t->replica.timeout_wanted_ms = ms;
}

void db_read_replica(bool on)
{
	thread_state()->read_replica = on;
}

/* Gives the connection the statement timeout wanted, outside a transaction (where a SET would
 * go with a rollback). Returns false when it could not (logged). */
static bool apply_timeout(struct db_conn *c)
{
	if (c->in_tx || c->timeout_set_ms == c->timeout_wanted_ms)
		return true;
	char sql[64];
	if (c->timeout_wanted_ms)
		snprintf(sql, sizeof sql, "SET statement_timeout = %ld", c->timeout_wanted_ms);
	else
		snprintf(sql, sizeof sql, "SET statement_timeout = '%lds'", statement_timeout_s);
	PGresult *r = result_of(c->pg, PQsendQuery(c->pg, sql));
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		log_warn("database: %s failed: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	if (ok)
		c->timeout_set_ms = c->timeout_wanted_ms;
	return ok;
}

/* Prepares (once per connection) and runs stmt; *sent tells whether it was sent to run. */
static PGresult *run_prepared(struct db_conn *c, struct db_stmt *stmt, const char *const *params, const int *lengths,
                              const int *formats, int nparams, bool *sent)
{
	char name[DB_STMT_NAME_LEN];
	int id = db_stmt_name(stmt, name);
	*sent = false;
	if (!c->prepared[id]) {
		PGresult *p = result_of(c->pg, PQsendPrepare(c->pg, name, stmt->sql, 0, NULL));
		bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
		if (!ok)
			return p; /* the caller classifies and logs it */
		PQclear(p);
		c->prepared[id] = 1;
	}
	*sent = true;
	return result_of(c->pg, PQsendQueryPrepared(c->pg, name, nparams, params, lengths, formats,
	                                            stmt->binary_result ? 1 : 0));
}

/* Runs stmt on connection c (db_exec_binary says how). */
static enum db_status exec_on(struct db_conn *c, struct db_stmt *stmt, const char *const *params, const int *lengths,
                              const int *formats, int nparams, PGresult **out)
{
	if (out)
		*out = NULL;
	c->sqlstate[0] = c->constraint[0] = '\0';
	if (c->held_lost || !ensure_connection(c) || !apply_timeout(c))
		return DB_UNAVAILABLE;
	atomic_fetch_add(&stat_busy, 1);
	bool sent;
	PGresult *res = run_prepared(c, stmt, params, lengths, formats, nparams, &sent);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && PQstatus(c->pg) != CONNECTION_OK && !c->in_tx &&
	    (stmt->read_only || !sent)) {
		/* The connection died under it (a database restart): a read, or a statement that
		 * was not sent to run (its Prepare failed), is tried once more on a fresh
		 * connection without the client noticing. A write that was sent may have run. */
		PQclear(res);
		drop_connection(c);
		res = ensure_connection(c) ? run_prepared(c, stmt, params, lengths, formats, nparams, &sent) : NULL;
		st = PQresultStatus(res);
	}
	atomic_fetch_sub(&stat_busy, 1);
	if (res && (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)) {
		if (out)
			*out = res;
		else
			PQclear(res);
		return DB_OK;
	}
	enum db_status status = classify(c, res);
	if (status == DB_UNAVAILABLE || status == DB_ERROR) {
		db_log_failure(stmt, c->pg, res);
		atomic_fetch_add(&stat_query_errors, 1);
	}
	PQclear(res);
	if (status == DB_UNAVAILABLE)
		drop_connection(c);
	return status;
}

enum db_status db_exec_binary(struct db_stmt *stmt, const char *const *params, const int *lengths, const int *formats,
                              int nparams, PGresult **out)
{
	struct db_thread *t = thread_state();
	if (t->read_replica && *replica_conninfo && stmt->read_only && !t->primary.in_tx) {
		/* A read the replica may serve. When it cannot (down, not reachable, a query cancelled
		 * by a conflict with the recovery it replays), the primary does; not when the statement
		 * ran out of its time (57014: it would take as long there). */
		t->last = &t->replica;
		enum db_status st = exec_on(&t->replica, stmt, params, lengths, formats, nparams, out);
		if ((st != DB_UNAVAILABLE && st != DB_CONFLICT) || !strcmp(t->replica.sqlstate, "57014"))
			return st;
	}
	t->last = &t->primary;
	return exec_on(&t->primary, stmt, params, lengths, formats, nparams, out);
}

void db_batch_add(struct db_batch *b, struct db_stmt *stmt, const char *const *params, int nparams, PGresult **out)
{
	if (b->n == DB_BATCH_MAX) {
		log_error("more than %d statements in a batch: raise DB_BATCH_MAX", DB_BATCH_MAX);
		abort();
	}
	struct db_batch_item *it = &b->items[b->n++];
	*it = (struct db_batch_item){.stmt = stmt, .nparams = nparams, .out = out};
	it->params = xcalloc((size_t)(nparams ? nparams : 1), sizeof *it->params);
	for (int i = 0; i < nparams; i++)
		it->params[i] = params[i] ? xstrdup(params[i]) : NULL;
	if (out)
		*out = NULL;
}

void db_batch_clear(struct db_batch *b)
{
	for (int i = 0; i < b->n; i++) {
		for (int p = 0; p < b->items[i].nparams; p++)
			free(b->items[i].params[p]);
		free(b->items[i].params);
	}
	b->n = 0;
}

enum db_status db_batch_run(struct db_batch *b)
{
	/* A batch runs in the transaction, on the primary: never on the read replica. */
	struct db_thread *t = thread_state();
	struct db_conn *c = t->last = &t->primary;
	c->sqlstate[0] = c->constraint[0] = '\0';
	if (c->held_lost || !c->in_tx || !ensure_connection(c)) {
		db_batch_clear(b);
		return DB_UNAVAILABLE; /* a batch runs inside a transaction, which went with its connection */
	}
	PGconn *pg = c->pg;
	bool ok = PQenterPipelineMode(pg) == 1;
	int commands[DB_BATCH_MAX]; /* per statement: 2 with a Prepare, else 1 */
	for (int i = 0; ok && i < b->n; i++) {
		struct db_batch_item *it = &b->items[i];
		char name[DB_STMT_NAME_LEN];
		int id = db_stmt_name(it->stmt, name);
		commands[i] = 1;
		if (!c->prepared[id]) { /* marked now for a second use in the batch; unmarked if it fails */
			ok = PQsendPrepare(pg, name, it->stmt->sql, 0, NULL) == 1;
			c->prepared[id] = 1;
			commands[i] = 2;
		}
		ok = ok && PQsendQueryPrepared(pg, name, it->nparams, (const char *const *)it->params, NULL, NULL,
		                               it->stmt->binary_result ? 1 : 0) == 1;
	}
	ok = ok && PQpipelineSync(pg) == 1;
	atomic_fetch_add(&stat_busy, 1);
	uint64_t deadline = clock_ns() + db_statement_timeout_ns() + db_connect_timeout_ns();
	bool gave_up = false;
	PGresult *error = NULL;
	const struct db_stmt *failed = NULL;
	for (int i = 0; ok && i < b->n; i++) {
		struct db_batch_item *it = &b->items[i];
		for (int k = 0; ok && k < commands[i]; k++) {
			bool last = k == commands[i] - 1; /* the Execute (a Prepare's result is its own) */
			for (PGresult *r; (r = next_result(pg, deadline, &gave_up));) {
				ExecStatusType rs = PQresultStatus(r);
				if (!last && rs != PGRES_COMMAND_OK)
					c->prepared[it->stmt->id] = 0; /* the Prepare failed or did not run */
				if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
					if (last && it->out && !error)
						*it->out = r, r = NULL;
				} else if (rs != PGRES_PIPELINE_ABORTED && !error) {
					error = r, r = NULL;
					failed = it->stmt;
				}
				PQclear(r);
			}
			ok = PQstatus(pg) == CONNECTION_OK;
		}
	}
	/* Then the Sync's result, and the end of pipeline mode. */
	for (PGresult *r; ok && (r = next_result(pg, deadline, &gave_up));) {
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (sync)
			break;
	}
	ok = ok && PQstatus(pg) == CONNECTION_OK && PQexitPipelineMode(pg) == 1;
	atomic_fetch_sub(&stat_busy, 1);
	enum db_status status = DB_OK;
	if (!ok || error) {
		status = ok ? classify(c, error) : DB_UNAVAILABLE;
		if (status == DB_UNAVAILABLE || status == DB_ERROR) {
			db_log_failure(failed ? failed : b->items[0].stmt, pg, error);
			atomic_fetch_add(&stat_query_errors, 1);
		}
		for (int i = 0; i < b->n; i++)
			if (b->items[i].out) {
				PQclear(*b->items[i].out);
				*b->items[i].out = NULL;
			}
		if (!ok)
			drop_connection(c);
	}
	PQclear(error);
	db_batch_clear(b);
	return status;
}

enum db_status db_exec(struct db_stmt *stmt, const char *const *params, int nparams, PGresult **out)
{
	return db_exec_binary(stmt, params, NULL, NULL, nparams, out);
}

/* Runs a statement without parameters. One that changes nothing when run twice (`retry`:
 * BEGIN) is sent once more on a fresh connection when the connection died under it. */
static enum db_status simple(const char *sql, bool retry)
{
	struct db_thread *t = thread_state();
	struct db_conn *c = t->last = &t->primary;
	if (c->held_lost || !ensure_connection(c) || !apply_timeout(c))
		return DB_UNAVAILABLE;
	PGresult *res = result_of(c->pg, PQsendQuery(c->pg, sql));
	if (retry && PQresultStatus(res) != PGRES_COMMAND_OK && PQstatus(c->pg) != CONNECTION_OK) {
		PQclear(res);
		drop_connection(c);
		res = ensure_connection(c) ? result_of(c->pg, PQsendQuery(c->pg, sql)) : NULL;
	}
	enum db_status status = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK : classify(c, res);
	if (status != DB_OK)
		log_failure(sql, c->pg, res);
	PQclear(res);
	if (status == DB_UNAVAILABLE)
		drop_connection(c);
	return status;
}

enum db_status db_begin(void)
{
	struct db_conn *c = thread_conn();
	if (c->held) {
		c->inner = true;
		return DB_OK;
	}
	enum db_status st = simple("BEGIN", true);
	c->in_tx = st == DB_OK;
	return st;
}

enum db_status db_commit(void)
{
	struct db_conn *c = thread_conn();
	if (c->held) {
		c->inner = false; /* commits with the held transaction */
		return DB_OK;
	}
	enum db_status st = simple("COMMIT", false);
	c->in_tx = false;
	return st;
}

static void rollback(struct db_conn *c)
{
	if (c->in_tx && c->pg && PQstatus(c->pg) == CONNECTION_OK) {
		PGresult *res = result_of(c->pg, PQsendQuery(c->pg, "ROLLBACK"));
		PQclear(res);
	}
	c->in_tx = c->held = c->inner = false;
}

void db_rollback(void)
{
	struct db_conn *c = thread_conn();
	if (c->held && !c->inner)
		return; /* nothing of the handler's own is open: the holder decides */
	rollback(c);
}

enum db_status db_hold(void)
{
	struct db_conn *c = thread_conn();
	c->held_lost = false;
	enum db_status st = simple("BEGIN", true);
	c->in_tx = c->held = st == DB_OK;
	c->inner = false;
	return st;
}

bool db_held(void)
{
	return thread_conn()->held;
}

enum db_status db_unhold_commit(void)
{
	struct db_conn *c = thread_conn();
	c->held_lost = false;
	if (!c->held || c->inner) {
		if (c->held)
			log_error("database: a handler left its transaction open inside a held one; rolled back");
		enum db_status st = c->held ? DB_ERROR : DB_UNAVAILABLE;
		rollback(c);
		return st;
	}
	c->held = false;
	enum db_status st = simple("COMMIT", false);
	c->in_tx = false;
	return st;
}

void db_unhold(void)
{
	struct db_conn *c = thread_conn();
	c->held_lost = false;
	if (c->held)
		rollback(c);
}

bool db_in_transaction(void)
{
	return thread_conn()->in_tx;
}

const char *db_last_sqlstate(void)
{
	return thread_state()->last->sqlstate;
}

const char *db_last_constraint(void)
{
	return thread_state()->last->constraint;
}

void db_thread_close(void)
{
	struct db_thread *t = pthread_getspecific(conn_key);
	if (t) {
		drop_connection(&t->primary);
		drop_connection(&t->replica);
	}
}

void db_count(int busy_delta, bool error)
{
	atomic_fetch_add(&stat_busy, busy_delta);
	if (error)
		atomic_fetch_add(&stat_query_errors, 1);
}

void db_count_coalesced(int requests)
{
	atomic_fetch_add(&stat_coalesced, requests);
}

void db_stats(struct db_stats *out)
{
	out->connections_open = atomic_load(&stat_open);
	out->connections_busy = atomic_load(&stat_busy);
	out->connect_failures = atomic_load(&stat_connect_failures);
	out->query_errors = atomic_load(&stat_query_errors);
	out->coalesced = atomic_load(&stat_coalesced);
}
