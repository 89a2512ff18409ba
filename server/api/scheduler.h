/* The scheduler: the time-driven events (a renewal window that opened, a validity about to
 * end or ended, a decision that is late, a case's answer due tomorrow or its deadline today,
 * a case released for want of an answer) and the removal of old events (retention), every
 * IPR_SCHEDULER_INTERVAL seconds, on "today" in the registry's time zone (IPR_SCHEDULER_TODAY
 * moves that clock, for tests).
 * Every daemon runs one; each event is written once however many do (a unique key per
 * audience, type, subject and occasion: api/event_store.h). */
#ifndef IPR_API_SCHEDULER_H
#define IPR_API_SCHEDULER_H

#include "core/util.h"

/* Starts its thread, which looks at once and then every interval. */
int scheduler_start(void) MUST_CHECK;
/* Stops and joins it (safe when it never started). */
void scheduler_stop(void);
/* One round on `today` (the thread's work, and a unit of it for tests); returns the number
 * of events written, or -1 when the database failed. */
long scheduler_round(ipr_date today);
/* Retention, after each round: removes a batch of the events and delivered webhooks older than
 * IPR_EVENT_RETENTION_DAYS (nothing when 0); returns how many rows went, or -1. */
long scheduler_prune(ipr_date today);

#endif
