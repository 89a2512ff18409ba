#include "api/registry_calendar.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "api/calendar_store.h"
#include "core/log.h"
#include "db/listen.h"

struct calendar_snapshot {
	struct calendar *cal;
	atomic_int refs;
};

/* `current` holds one reference of its own. `generation` counts invalidations, so that a
 * load that raced with a change is used once but never installed. */
static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct calendar_snapshot *current;
static unsigned long generation;

static enum db_status snapshot_load(struct calendar_snapshot **out)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(&calendar_store_load, DB_NO_ARGS, &res);
	if (st != DB_OK)
		return st;
	struct calendar_snapshot *snap = xcalloc(1, sizeof *snap);
	snap->cal = calendar_new();
	atomic_init(&snap->refs, 1);
	for (int i = 0; i < PQntuples(res); i++) {
		ipr_date day = (ipr_date)strtol(PQgetvalue(res, i, 0), NULL, 10);
		bool holiday = !strcmp(PQgetvalue(res, i, 1), "holiday");
		calendar_set(snap->cal, day, holiday ? CALENDAR_HOLIDAY : CALENDAR_WORKING_DAY);
	}
	log_debug("calendar: loaded %d declared exceptions", PQntuples(res));
	PQclear(res);
	*out = snap;
	return DB_OK;
}

enum db_status calendar_snapshot_acquire(struct calendar_snapshot **out)
{
	*out = NULL;
	if (!listen_live()) /* a change could go unseen: read the calendar afresh, keep it for no one */
		return snapshot_load(out);
	pthread_mutex_lock(&current_lock);
	struct calendar_snapshot *snap = current;
	if (snap)
		atomic_fetch_add(&snap->refs, 1);
	unsigned long seen = generation;
	pthread_mutex_unlock(&current_lock);
	if (snap) {
		*out = snap;
		return DB_OK;
	}
	enum db_status st = snapshot_load(&snap);
	if (st != DB_OK)
		return st;
	pthread_mutex_lock(&current_lock);
	if (!current && generation == seen && listen_live()) {
		atomic_fetch_add(&snap->refs, 1);
		current = snap;
	}
	pthread_mutex_unlock(&current_lock);
	*out = snap;
	return DB_OK;
}

const struct calendar *calendar_snapshot_get(const struct calendar_snapshot *snap)
{
	return snap->cal;
}

void calendar_snapshot_release(struct calendar_snapshot *snap)
{
	if (snap && atomic_fetch_sub(&snap->refs, 1) == 1) {
		calendar_free(snap->cal);
		free(snap);
	}
}

void registry_calendar_invalidate(void)
{
	pthread_mutex_lock(&current_lock);
	struct calendar_snapshot *old = current;
	current = NULL;
	generation++;
	pthread_mutex_unlock(&current_lock);
	calendar_snapshot_release(old);
}

void registry_calendar_changed(const char *arg)
{
	(void)arg;
	registry_calendar_invalidate();
}

/* One computation with the current calendar: the n-th working day after `from` into day,
 * or the working days from `from` to `to` into count (whichever is not NULL). */
static enum db_status one_shot(ipr_date from, ipr_date to, int n, ipr_date *day, int *count)
{
	struct calendar_snapshot *snap = NULL;
	enum db_status st = calendar_snapshot_acquire(&snap);
	if (st == DB_OK && day)
		*day = calendar_add_working_days(snap->cal, from, n);
	if (st == DB_OK && count)
		*count = calendar_working_days_between(snap->cal, from, to);
	calendar_snapshot_release(snap);
	return st;
}

enum db_status registry_add_working_days(ipr_date start, int n, ipr_date *out)
{
	return one_shot(start, start, n, out, NULL);
}

enum db_status registry_working_days_between(ipr_date from, ipr_date to, int *out)
{
	return one_shot(from, to, 0, NULL, out);
}
