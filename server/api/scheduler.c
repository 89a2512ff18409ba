#include "api/scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "api/event_store.h"
#include "api/registry_calendar.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/job.h"
#include "domain/recordation_flow.h"

/* How many days before its end a validity is "expiring", and how long after it ended an
 * expiry (or a case's answer deadline passed) is still worth announcing (a registry that
 * starts with old data does not announce what ended years ago). */
#define EXPIRING_DAYS "30"
#define EXPIRED_HORIZON_DAYS "30"

long scheduler_round(ipr_date today)
{
	char day[DATE_TEXT_LEN], next_day[DATE_TEXT_LEN], months[8];
	date_format(today, day);
	/* "tomorrow" for an answer due: the next working day (a Friday's is the Monday) */
	ipr_date next = 0;
	if (registry_add_working_days(today, 1, &next) != DB_OK)
		return -1;
	date_format(next, next_day);
	snprintf(months, sizeof months, "%d", RENEWAL_WINDOW_MONTHS);
	const struct {
		struct db_stmt *stmt;
		const char *day; /* $1 */
		const char *arg; /* $2, or NULL */
	} rounds[] = {
		{&event_store_renewal_window, day, months},
		{&event_store_expiring, day, EXPIRING_DAYS},
		{&event_store_expired, day, EXPIRED_HORIZON_DAYS},
		{&event_store_recordation_overdue, day, NULL},
		{&event_store_pre_confirmation_overdue, day, NULL},
		{&event_store_case_answer_due, next_day, NULL},
		{&event_store_case_deadline_today, day, NULL},
		{&event_store_case_unanswered, day, EXPIRED_HORIZON_DAYS},
	};
	long written = 0;
	for (size_t i = 0; i < ARRAY_LEN(rounds); i++) {
		PGresult *res = NULL;
		enum db_status st = rounds[i].arg ? db_exec(rounds[i].stmt, DB_ARGS(rounds[i].day, rounds[i].arg), &res)
		                                  : db_exec(rounds[i].stmt, DB_ARGS(rounds[i].day), &res);
		if (st != DB_OK)
			return -1;
		written += strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	return written;
}

/* Rows removed a statement: a bounded transaction; the next round takes the rest. */
#define PRUNE_BATCH "5000"

long scheduler_prune(ipr_date today)
{
	if (cfg.event_retention_days == 0)
		return 0;
	char day[DATE_TEXT_LEN], days[24];
	date_format(today, day);
	snprintf(days, sizeof days, "%ld", cfg.event_retention_days);
	long removed = 0;
	PGresult *res = NULL;
	/* the deliveries first: an event goes once no delivery needs it */
	enum db_status st = db_exec(&event_store_prune_deliveries, DB_ARGS(days, PRUNE_BATCH), &res);
	if (st == DB_OK) {
		removed += strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		res = NULL;
		st = db_exec(&event_store_prune_events, DB_ARGS(days, PRUNE_BATCH, day, EXPIRED_HORIZON_DAYS), &res);
	}
	if (st != DB_OK)
		return -1;
	removed += strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return removed;
}

/* Today, or the day IPR_SCHEDULER_TODAY names. */
static ipr_date scheduler_today(void)
{
	ipr_date d = 0;
	return cfg.scheduler_today[0] && date_parse(cfg.scheduler_today, &d) ? d : today_local();
}

/* A round, then the removal of what is too old to keep. */
static void scheduler_tick(void)
{
	ipr_date today = scheduler_today();
	long n = scheduler_round(today);
	char day[DATE_TEXT_LEN];
	if (n > 0)
		log_info("scheduler: %ld event(s) of %s written", n, date_format(today, day));
	else if (n < 0)
		log_warn("scheduler: the round of %s failed; trying again in %ld s", date_format(today, day),
		         cfg.scheduler_interval);
	long pruned = scheduler_prune(today);
	if (pruned > 0)
		log_info("scheduler: %ld event(s) and delivered webhook(s) older than %ld days removed", pruned,
		         cfg.event_retention_days);
	else if (pruned < 0)
		log_warn("scheduler: removing old events failed; trying again in %ld s", cfg.scheduler_interval);
}

static struct db_job job = {.name = "scheduler", .tick = scheduler_tick};

int scheduler_start(void)
{
	job.interval_ns = (uint64_t)cfg.scheduler_interval * 1000000000ull;
	return db_job_start(&job);
}

void scheduler_stop(void)
{
	db_job_stop(&job);
}
