/* Work that would stall an HTTP event loop runs on threads of its own while the request is
 * suspended, and the loops keep serving everything else meanwhile: the handlers of routes that
 * wait for the database (all but the hot reads, ROUTE_IN_LOOP) on a pool of handler threads
 * (offload_handler), Argon2id password hashing on a small pool at a lower CPU priority
 * (offload), and the busiest reads' queries on the loop's database pipeline (offload_query). */
#ifndef IPR_HTTP_OFFLOAD_H
#define IPR_HTTP_OFFLOAD_H

#include "db/db.h"
#include "http/request.h"

/* Starts the handler threads and the hashing threads (at a lower CPU priority). */
void offload_start(int handler_threads, int hash_threads);
/* Stops them after the queued jobs ran. */
void offload_stop(void);

/* Suspends req and runs its route's handler on a handler thread, which resumes it. Returns
 * false after answering 503 with Retry-After when IPR_HANDLER_QUEUE requests wait already. */
bool offload_handler(struct request *req);

/* Suspends req and runs fn(req, body) on a hashing thread, where fn reads what it needs from
 * the request's JSON body (request_json_object, checked already by the handler) and answers
 * through http/response.h. Database calls in fn use that thread's own connection. Called
 * from a handler thread, it passes the request on. Returns false after answering 503 with
 * Retry-After when the queue is full (IPR_HASH_QUEUE, a quarter of it for one client). */
typedef void (*offload_fn)(struct request *req, json_t *body);
bool offload(struct request *req, offload_fn fn);

/* Called by the handler running on this pool thread: its request stays suspended when the
 * handler returns, because something else answers and resumes it later (http/park.h). */
void offload_keep(void);

/* Runs task(arg) on a handler thread: work for a request that is already answered (the next
 * chunk of a download being sent), which the task hands back to the loop itself. */
void offload_task(void (*task)(void *arg), void *arg);

/* What runs on the event loop when an offloaded query's result is in: answers like a handler.
 * On DB_OK res holds the result (the callee PQclear()s it); otherwise res is NULL. */
typedef void (*offload_query_done)(struct request *req, enum db_status st, PGresult *res, void *arg);

/* Suspends req and runs stmt on this event loop's database pipeline (db/pipeline.h), so that
 * the loop serves other requests meanwhile; then calls done(req, ...) on the loop. On a
 * handler thread it runs the statement and calls done at once. done is called exactly once. */
void offload_query(struct request *req, struct db_stmt *stmt, const char *const *params, int nparams,
                   offload_query_done done, void *arg);

#endif
