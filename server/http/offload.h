/* Work that would stall an HTTP thread (Argon2id password hashing) runs on a small pool of
 * its own threads: the request is suspended, the job runs there, answers, and the request
 * resumes. The HTTP threads keep serving everything else meanwhile. */
#ifndef IPR_HTTP_OFFLOAD_H
#define IPR_HTTP_OFFLOAD_H

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

#endif
