/* The working-day rule: the one implementation every deadline in the registry uses.
 * Pure code: the caller loads the declared exceptions and passes the calendar in. */
#ifndef IPR_DOMAIN_CALENDAR_H
#define IPR_DOMAIN_CALENDAR_H

#include "core/date.h"

enum calendar_kind {
	CALENDAR_HOLIDAY = 1,     /* a weekday that is not worked */
	CALENDAR_WORKING_DAY = 2, /* a Saturday or Sunday that is worked (make-up day) */
};

/* An immutable-after-build set of declared exceptions. Safe to read from many threads
 * once built; build a new one to change it. */
struct calendar;

/* Returns a new, empty calendar (Monday to Friday are working days). Never NULL. */
struct calendar *calendar_new(void);
void calendar_free(struct calendar *cal); /* NULL is fine */
/* Declares an exception (a later declaration for the same day replaces the earlier). */
void calendar_set(struct calendar *cal, ipr_date day, enum calendar_kind kind);
/* 0 when the day has no declared exception, else its kind. */
int calendar_exception(const struct calendar *cal, ipr_date day);
bool calendar_is_working_day(const struct calendar *cal, ipr_date day);
/* The n-th working day after start; start itself is never counted (day 1 is the first
 * working day after it), whether or not start is a working day. n >= 0; n == 0 returns start. */
ipr_date calendar_add_working_days(const struct calendar *cal, ipr_date start, int n);
/* The number of working days d with from < d <= to (0 when to <= from). Used for
 * "working days left" (from = today, to = due date) and for pausing a clock. */
int calendar_working_days_between(const struct calendar *cal, ipr_date from, ipr_date to);

#endif
