#include "db/job.h"

#include <string.h>
#include <time.h>

#include "core/log.h"
#include "db/db.h"

static void *job_main(void *arg)
{
	struct db_job *job = arg;
	db_thread_use(DB_USE_JOBS);
	pthread_mutex_lock(&job->lock);
	while (!job->stopping) {
		pthread_mutex_unlock(&job->lock);
		job->tick();
		pthread_mutex_lock(&job->lock);
		uint64_t next = clock_ns() + job->interval_ns;
		struct timespec until = {.tv_sec = (time_t)(next / 1000000000ull),
		                         .tv_nsec = (long)(next % 1000000000ull)};
		while (!job->stopping && pthread_cond_timedwait(&job->wake, &job->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&job->lock);
	db_thread_close();
	return NULL;
}

int db_job_start(struct db_job *job)
{
	pthread_mutex_init(&job->lock, NULL);
	cond_init_monotonic(&job->wake); /* clock_ns's clock */
	job->stopping = false;
	int rc = pthread_create(&job->thread, NULL, job_main, job);
	if (rc != 0) {
		log_error("%s: cannot start its thread: %s", job->name, strerror(rc));
		return -1;
	}
	job->started = true;
	return 0;
}

void db_job_stop(struct db_job *job)
{
	if (!job->started)
		return;
	pthread_mutex_lock(&job->lock);
	job->stopping = true;
	pthread_cond_signal(&job->wake);
	pthread_mutex_unlock(&job->lock);
	pthread_join(job->thread, NULL);
	job->started = false;
}
