/* Work that would stall an HTTP thread runs elsewhere while the request is suspended, and
 * the HTTP threads keep serving everything else meanwhile: Argon2id password hashing on a
 * small pool of threads of its own (offload), the busiest reads' queries on the database
 * pipeline (offload_query). */
#ifndef IPR_HTTP_OFFLOAD_H
#define IPR_HTTP_OFFLOAD_H

#include "db/db.h"
#include "http/request.h"

/* Starts `threads` workers (at a lower CPU priority than the HTTP threads). */
void offload_start(int threads);
/* Stops them after the queued jobs ran. */
void offload_stop(void);

/* Suspends req and runs fn(req, arg) on a worker; fn must answer through http/response.h.
 * free_arg(arg) is called afterwards (may be NULL). Database calls in fn use the worker's
 * own connection. */
void offload(struct request *req, void (*fn)(struct request *req, void *arg), void *arg,
             void (*free_arg)(void *arg));

/* What runs on the HTTP thread when an offloaded query's result is in: answers like a handler.
 * On DB_OK res holds the result (the callee PQclear()s it); otherwise res is NULL. */
typedef void (*offload_query_done)(struct request *req, enum db_status st, PGresult *res, void *arg);

/* Suspends req and runs stmt on the database pipeline (db/pipeline.h), so that this HTTP
 * thread serves other requests meanwhile; then calls done(req, ...) on an HTTP thread.
 * arg must own nothing (it is dropped if the request ends first). */
void offload_query(struct request *req, struct db_stmt *stmt, const char *const *params, int nparams,
                   offload_query_done done, void *arg);

#endif
