/* The busiest reads (a recordation, the authorization check) go through a database
 * connection in libpq's pipeline mode that each HTTP thread's event loop drives beside its
 * HTTP connections. A handler queues its statement and suspends its request; after the loop's
 * turn the statements queued meanwhile are sent behind the ones already in flight, as one
 * batch with one Sync behind it (a statement that writes gets a Sync of its own): PostgreSQL
 * runs the batch's reads in one implicit transaction and sends their results with one flush,
 * not a transaction, a flush and a wake-up of this loop a statement (at 1,024 connections that
 * was a quarter of the authorization check's rate, bench/RESULTS.md; now() in them is the
 * batch's start, as in any transaction). A statement that fails
 * makes PostgreSQL skip the rest of its batch: those did not run and are sent again, so one
 * failing statement is still answered alone. When the socket shows results, the loop hands
 * each to its callback, which resumes the request. No thread waits for the database
 * meanwhile, none hands a request to another.
 *
 * A read-only statement whose connection died before its result came is sent once more on a
 * fresh connection, like db_exec does; otherwise a lost connection is DB_UNAVAILABLE. A
 * connection whose oldest statement has had no answer for the statement timeout plus the
 * connect timeout is given up (PostgreSQL cannot time out a statement while it is stopped). */
#ifndef IPR_DB_PIPELINE_H
#define IPR_DB_PIPELINE_H

#include "db/db.h"

/* Called on the thread that queued the statement. On DB_OK res holds the result and is the
 * callee's to PQclear; otherwise res is NULL (the error has been logged). Must not block. */
typedef void (*pipeline_done)(void *ctx, enum db_status st, PGresult *res);

struct pipeline;

#define PIPELINES_MAX 16

/* One more pipeline of this thread (a connection, made on first use without waiting: the
 * loop drives the attempt, which gives up after IPR_DB_CONNECT_TIMEOUT), whose socket it watches
 * in epoll_fd: events for it carry data.u64 = tag. A statement goes to the thread's least
 * loaded pipeline. At most PIPELINES_MAX. */
struct pipeline *pipeline_open(int epoll_fd, uint64_t tag);
/* Answers everything queued or in flight with DB_UNAVAILABLE and disconnects. */
void pipeline_close(struct pipeline *p);

/* Queues stmt with its parameters (text, copied; NULL is SQL NULL) on one of this thread's
 * pipelines; done is called later, from pipeline_ready or pipeline_send (at once,
 * DB_UNAVAILABLE, on a thread without a pipeline, which is a bug and logged). */
void pipeline_exec(struct db_stmt *stmt, const char *const *params, int nparams, pipeline_done done, void *ctx);
/* Sends what was queued (call once a turn of the loop, after serving HTTP). */
void pipeline_send(struct pipeline *p);
/* The socket was reported with these epoll events: reads and answers what has arrived. */
void pipeline_ready(struct pipeline *p, uint32_t events);

#endif
