/* The SQL of events (migrations/0015_events.sql): the feed, and the scheduler's time-driven
 * events. The events of each workflow are appended by its own store's notify statement
 * (api/workflow.h), through the SQL function event_emit. */
#ifndef IPR_API_EVENT_STORE_H
#define IPR_API_EVENT_STORE_H

#include "db/db.h"

/* $1 audiences (text[]), $2 cursor key ("tx seq") or NULL, $3 limit → item, key, id, in
 * (tx, seq) order: only events of transactions older than every one still running, so that
 * an event committed late is never behind a cursor already given out. */
extern struct db_stmt event_store_feed;
/* → the mark ("tx seq") of the newest event the feed can show now ("0 0" when none). */
extern struct db_stmt event_store_watch_mark;
/* $1 a mark → the audiences of the events the feed can show now that come after it (at most
 * 1,000 events), each row with the mark of the last of them. */
extern struct db_stmt event_store_watch;
/* $1 audiences (text[]) → whether an event of theirs has committed but is held back by an
 * older transaction still running (the feed will show it once that one ends). */
extern struct db_stmt event_store_held_back;

/* The scheduler (api/scheduler.c), each → the number of events written. Each event is
 * written once per audience, subject and occasion however often and by however many daemons
 * the statement runs. */
/* $1 today, $2 months of the renewal window: recordation.renewal_window_opened. */
extern struct db_stmt event_store_renewal_window;
/* $1 today, $2 days: recordation.expiring (valid_until within $2 days, no renewal pending). */
extern struct db_stmt event_store_expiring;
/* $1 today, $2 days: recordation.expired (validity ended at most $2 days ago). */
extern struct db_stmt event_store_expired;
/* $1 today: recordation.overdue (the decision of a filing or a renewal is late). */
extern struct db_stmt event_store_recordation_overdue;
/* $1 today: pre_confirmation.overdue (a port's decision is late). */
extern struct db_stmt event_store_pre_confirmation_overdue;
/* $1 the next working day: case.answer_due_tomorrow (the holder's answer is due then). */
extern struct db_stmt event_store_case_answer_due;
/* $1 today: case.deadline_today (the port's: the holder's answer or the investigation is due). */
extern struct db_stmt event_store_case_deadline_today;
/* $1 today, $2 days: case.unanswered (no answer by the deadline, at most $2 days ago: the goods
 * are released). */
extern struct db_stmt event_store_case_unanswered;

/* Retention (IPR_EVENT_RETENTION_DAYS), each → the number of rows removed, at most $2 a call. */
/* $1 days, $2 at most: the succeeded webhook deliveries (and their attempts) older than $1 days. */
extern struct db_stmt event_store_prune_deliveries;
/* $1 days, $2 at most, $3 today, $4 the scheduler's look-back (days): the events older than $1
 * days that no delivery still needs; a time-driven one only once its occasion is more than $4
 * days past as well, so that the scheduler, which looks no further back for an occasion that
 * passed, does not write it again. (A decision still late when its overdue event goes is the
 * exception: the scheduler announces it again, once.) */
extern struct db_stmt event_store_prune_events;

#endif
