/* The busiest reads (a recordation, the authorization check) run on a few database
 * connections of their own, in libpq's pipeline mode, each driven by one thread's event
 * loop (a "lane"). Any thread queues a statement; the lane sends it at once behind the ones
 * already in flight, each followed by its own Sync so that one failing statement affects no
 * other, and hands the result to a callback on the lane's thread. Nobody waits for the
 * database meanwhile, and PostgreSQL takes the statements of a busy moment in batches, not
 * one wake-up each (bench/RESULTS.md has the figures).
 *
 * A read-only statement whose connection died before its result came is sent once more on a
 * fresh connection, like db_exec does; otherwise a lost connection is DB_UNAVAILABLE. */
#ifndef IPR_DB_PIPELINE_H
#define IPR_DB_PIPELINE_H

#include "db/db.h"

/* Called on the lane's thread. On DB_OK res holds the result and is the callee's to
 * PQclear; otherwise res is NULL (the error has been logged). Must not block. */
typedef void (*pipeline_done)(void *ctx, enum db_status st, PGresult *res);

/* Starts `lanes` threads, each with its own connection (made on first use). Returns 0, or -1. */
int pipeline_start(int lanes);
/* Answers everything still queued or in flight with DB_UNAVAILABLE and joins the threads. */
void pipeline_stop(void);

/* Queues stmt with its parameters (text, copied; NULL is SQL NULL) on one of the lanes. */
void pipeline_exec(struct db_stmt *stmt, const char *const *params, int nparams, pipeline_done done, void *ctx);

#endif
