/* Background jobs: a thread with its own database connection (DB_USE_JOBS, named iprd-jobs)
 * that runs a job's tick at once and then every interval until the job is stopped. The log's
 * keeper, the scheduler and the event watch are jobs (main.c starts them). */
#ifndef IPR_DB_JOB_H
#define IPR_DB_JOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"

struct db_job {
	const char *name;     /* for the log */
	void (*tick)(void);   /* runs on the job's thread, with its connection */
	uint64_t interval_ns; /* between the end of a tick and the start of the next */
	/* the job's own, from db_job_start to db_job_stop */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool started, stopping;
};

/* Starts the job's thread (with the signals blocked that the caller blocked); -1, logged,
 * when it cannot. */
int db_job_start(struct db_job *job) MUST_CHECK;
/* Stops the job: lets its tick in progress finish, joins the thread. Nothing when not started. */
void db_job_stop(struct db_job *job);

#endif
