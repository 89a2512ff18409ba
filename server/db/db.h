/* The database layer: one PGconn per server thread (libpq forbids sharing a connection
 * between threads), constant statements prepared once per connection, transactions.
 * Handlers never build SQL: every statement is a `struct db_stmt` constant with $n
 * parameters. */
#ifndef IPR_DB_DB_H
#define IPR_DB_DB_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "core/util.h"

enum db_status {
	DB_OK = 0,
	DB_UNAVAILABLE, /* no connection (PostgreSQL down or unreachable), a statement cancelled or
	                      timed out, a server short of resources (SQLSTATE 08, 53, 57): 503 */
	DB_UNIQUE,      /* 23505 unique_violation, 23P01 exclusion_violation: a duplicate */
	DB_CHECK,       /* 23514 check_violation, 23502 not_null, 22xxx data exceptions */
	DB_FOREIGN_KEY, /* 23503 foreign_key_violation */
	DB_CONFLICT,    /* 40001 serialization failure, 40P01 deadlock, 55P03 lock not available */
	DB_ERROR,       /* anything else: a bug or an operational problem, 500 */
};

/* A constant statement. Define each one `static struct db_stmt NAME = DB_STMT("...")`;
 * `id` is assigned on first use and names the prepared statement on every connection. */
struct db_stmt {
	const char *sql;
	int id;
	bool read_only;            /* safe to retry once on a fresh connection when the old one died */
	bool binary_result;        /* columns come back in binary (bytea as raw bytes, not hex text) */
	bool coalesce;             /* the pipeline may run it for several requests at once (DB_QUERY_COALESCED) */
	struct db_stmt *coalesced; /* that form, made on first use (server/db/pipeline.c) */
};
/* clang-format off */
#define DB_STMT(text) {.sql = (text), .id = 0, .read_only = false, .binary_result = false}
#define DB_QUERY(text) {.sql = (text), .id = 0, .read_only = true, .binary_result = false}
/* A read whose result is binary: for bytea, which as text would come back hex-encoded at
 * twice its size (and need a third copy to decode). */
#define DB_QUERY_BINARY(text) {.sql = (text), .id = 0, .read_only = true, .binary_result = true}
/* A hot read that the pipeline runs for all the requests of a loop's turn that ask it, as one
 * statement (server/db/pipeline.c). Its SQL must cast every $n it uses, or use it as text
 * (the parameters arrive as JSON strings), and return text columns. */
#define DB_QUERY_COALESCED(text) {.sql = (text), .id = 0, .read_only = true, .binary_result = false, .coalesce = true}
/* clang-format on */

/* Parameters as text: db_exec(&STMT, DB_ARGS(a, b), &res). NULL is SQL NULL. */
#define DB_ARGS(...) \
	(const char *const[]){__VA_ARGS__}, (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))
#define DB_NO_ARGS NULL, 0

/* Sets the connection string every connection uses, the seconds a connection attempt may
 * take and a statement may run, and the registry's time zone (iprd.timezone, for SQL's
 * registry_today()). Call once, before connecting. */
void db_configure(const char *conninfo, long connect_timeout_s, long statement_timeout_s, const char *zone);

/* Sets the connection string of a read replica (a hot standby: IPR_DATABASE_READ_URL; NULL or
 * "" for none). Call once, before connecting. */
void db_configure_replica(const char *conninfo);
/* Whether this thread's next read-only statements (DB_QUERY) outside a transaction may run on
 * the read replica, when one is configured: for reads that need not see the caller's own
 * writes (the public register). When the replica cannot answer, the primary does. */
void db_read_replica(bool on);

/* What a connection is for: its application_name in pg_stat_activity (iprd, iprd-pipeline,
 * iprd-listen, iprd-migrate, iprd-jobs: the log's checkpointer's, the scheduler's and the
 * webhook workers', iprd-replica: the read replica's); statements get the session settings (UTC,
 * statement_timeout). */
enum db_use { DB_USE_STATEMENTS, DB_USE_PIPELINE, DB_USE_LISTEN, DB_USE_MIGRATIONS, DB_USE_JOBS, DB_USE_REPLICA };
/* A connection with the configured string and what bounds every wait on it: connect_timeout,
 * TCP keepalives and tcp_user_timeout. With `wait` made at once (PQconnectdbParams: check
 * PQstatus), else only started (PQconnectStartParams: drive it with PQconnectPoll, which
 * ignores connect_timeout). */
PGconn *db_open(enum db_use use, bool wait);

/* Runs a statement on this thread's connection (connecting or reconnecting as needed).
 * On DB_OK *out (if out is not NULL) holds the result, which the caller PQclear()s;
 * on error *out is NULL and the error has been logged. */
enum db_status db_exec(struct db_stmt *stmt, const char *const *params, int nparams, PGresult **out) MUST_CHECK;
/* Like db_exec with some binary parameters (lengths[i] > 0 and formats[i] = 1 for binary). */
enum db_status db_exec_binary(struct db_stmt *stmt, const char *const *params, const int *lengths, const int *formats,
                              int nparams, PGresult **out) MUST_CHECK;

/* Statements sent together in one round trip (libpq's pipeline mode) on this thread's
 * connection, inside the open transaction: what a change writes once nothing is left to
 * decide, so that the locks it holds are held for one round trip, not one per statement.
 * db_batch_add copies the parameters; db_batch_run sends them all, waits for every result
 * and stores each one in its `out` (when not NULL; the caller PQclear()s them) on DB_OK.
 * On the first error the rest are not run (the transaction is then aborted: roll it back)
 * and every *out is NULL. The batch is empty again after db_batch_run. */
#define DB_BATCH_MAX 8
struct db_batch {
	int n;
	struct db_batch_item {
		struct db_stmt *stmt;
		int nparams;
		char **params;
		PGresult **out;
	} items[DB_BATCH_MAX];
};
void db_batch_add(struct db_batch *b, struct db_stmt *stmt, const char *const *params, int nparams, PGresult **out);
enum db_status db_batch_run(struct db_batch *b) MUST_CHECK;
/* Frees what was added and not run. */
void db_batch_clear(struct db_batch *b);

/* The statement timeout of this thread's next statements, in milliseconds (0: the default,
 * IPR_DB_STATEMENT_TIMEOUT), set on the connection before its next transaction or statement
 * outside one. The HTTP layer gives anonymous requests a shorter one
 * (IPR_ANONYMOUS_STATEMENT_TIMEOUT); one that passes it is DB_UNAVAILABLE (503). */
void db_statement_timeout(long ms);

/* Transactions on this thread's connection. db_begin fails with DB_UNAVAILABLE when there
 * is no connection. db_rollback is safe to call when no transaction is open. */
enum db_status db_begin(void) MUST_CHECK;
enum db_status db_commit(void) MUST_CHECK;
void db_rollback(void);
bool db_in_transaction(void);

/* A transaction held around a handler by the layer that runs it (the idempotency key's,
 * http/idempotency.h), so that the handler's writes and the holder's commit together or not
 * at all. db_hold begins it. Until db_unhold, the handler's db_begin and db_commit only mark
 * where its own transaction starts and ends (its work commits with the held one), its
 * db_rollback of an open transaction rolls the held one back and ends the hold, and its
 * statements outside begin and commit run inside the held transaction too. */
enum db_status db_hold(void) MUST_CHECK;
/* Whether a hold is on: false once the handler rolled it back or its connection was lost (then
 * every statement fails with DB_UNAVAILABLE until the holder lets go: none runs outside it). */
bool db_held(void);
/* Ends the hold by committing it: DB_OK or the error; DB_ERROR (rolled back, logged) when the
 * handler left its own transaction open, DB_UNAVAILABLE when the hold was lost. */
enum db_status db_unhold_commit(void) MUST_CHECK;
/* Ends the hold, if any, by rolling it back. */
void db_unhold(void);

/* The SQLSTATE and constraint name of this thread's last error ("" when none). */
const char *db_last_sqlstate(void);
const char *db_last_constraint(void);

/* What this thread's connection is for (DB_USE_STATEMENTS unless told: a background job's
 * thread says DB_USE_JOBS before its first statement). */
void db_thread_use(enum db_use use);
/* Closes this thread's connection (also done automatically when the thread exits). */
void db_thread_close(void);

/* For server/db/pipeline.c, which runs statements on connections of its own. */
/* A connection that could not be made is not tried again for this long after the attempt
 * failed, so that a database outage costs each request a fast 503, not a connect timeout. */
#define DB_RECONNECT_INTERVAL_NS 250000000ull
/* Logs a failed statement: the first line of the error (of res, else of the connection). */
void db_log_failure(const struct db_stmt *stmt, PGconn *pg, const PGresult *res);
/* A new statement connection (made at once, at most the connect timeout), or NULL (logged). */
PGconn *db_connect(void);
/* For a connection made with db_open(..., false): it is up (counted in db_stats), or it
 * failed (logged with `why`, else libpq's message; counted; PQfinish'ed). */
PGconn *db_connected(PGconn *pg);
void db_connect_failed(PGconn *pg, const char *why);
/* How long a connection attempt and a statement may take (IPR_DB_CONNECT_TIMEOUT,
 * IPR_DB_STATEMENT_TIMEOUT), for connections that keep their own clock. */
uint64_t db_connect_timeout_ns(void);
uint64_t db_statement_timeout_ns(void);
/* The first line of the connection's last error message, into out; returns out. */
const char *db_connection_error(const PGconn *pg, char out[256]);
void db_disconnect(PGconn *pg);
/* What a failed result means (DB_UNAVAILABLE when the connection is gone). */
enum db_status db_status_of(PGconn *pg, const PGresult *res);
/* Writes the name the statement is prepared under on every connection ("s12"); returns its
 * number (below DB_MAX_STATEMENTS). */
#define DB_STMT_NAME_LEN 16
int db_stmt_name(struct db_stmt *stmt, char name[DB_STMT_NAME_LEN]);
/* Prepared-statement names are "s<id>" with id below this. */
#define DB_MAX_STATEMENTS 512
/* Counts statements run elsewhere in db_stats: busy_delta +1 when one starts, -1 when it ends. */
void db_count(int busy_delta, bool error);
/* Counts requests answered by one statement run for several of them (server/db/pipeline.c). */
void db_count_coalesced(int requests);

/* Pool use, for /metrics. */
struct db_stats {
	int64_t connections_open;
	int64_t connections_busy;
	int64_t connect_failures;
	int64_t query_errors;
	int64_t coalesced;
};
void db_stats(struct db_stats *out);

#endif
