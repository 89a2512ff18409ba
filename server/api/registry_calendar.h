/* The registry's working-day calendar: the declared exceptions of table calendar_exceptions,
 * loaded into an immutable `struct calendar` at first use and reloaded after every change,
 * this daemon's own or, through db/listen.h, anyone's.
 * Every deadline of every resource is computed through here, with the one rule of
 * domain/calendar.h. Safe to use from any thread. */
#ifndef IPR_API_REGISTRY_CALENDAR_H
#define IPR_API_REGISTRY_CALENDAR_H

#include "core/util.h"
#include "db/db.h"
#include "domain/calendar.h"

/* A reference-counted, immutable calendar: held by a request for as long as it computes,
 * while a change to the calendar may already have installed a newer one. */
struct calendar_snapshot;

/* Takes a reference to the current calendar, loading it from the database when needed
 * (DB_OK and *out set, else *out is NULL). Release it with calendar_snapshot_release. */
enum db_status calendar_snapshot_acquire(struct calendar_snapshot **out) MUST_CHECK;
/* The calendar of a snapshot; valid until the snapshot is released. */
const struct calendar *calendar_snapshot_get(const struct calendar_snapshot *snap);
/* Drops a reference (NULL is fine); the last one frees the calendar. */
void calendar_snapshot_release(struct calendar_snapshot *snap);
/* Forgets the current calendar after a change, so that the next acquire reloads it. */
void registry_calendar_invalidate(void);
/* The "calendar" topic of db/listen.h: the calendar changed in the database. */
void registry_calendar_changed(const char *arg);

/* One-shot forms: the n-th working day after start, and the working days d with
 * from < d <= to, by the registry's calendar. */
enum db_status registry_add_working_days(ipr_date start, int n, ipr_date *out) MUST_CHECK;
enum db_status registry_working_days_between(ipr_date from, ipr_date to, int *out) MUST_CHECK;

#endif
