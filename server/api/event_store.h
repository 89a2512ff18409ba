/* The SQL of events (migrations/0015_events.sql, 0025_event_outbox.sql): the outbox and its
 * relay, the feed, and the scheduler's time-driven events. */
#ifndef IPR_API_EVENT_STORE_H
#define IPR_API_EVENT_STORE_H

#include "db/db.h"

/* The SQL that appends to the outbox the event `type` of the `kind` record `id` (SQL
 * expressions), with its data (a jsonb object) and the acting user's id: a change writes its
 * events so, in its own transaction, and the relay (event_store_relay) turns them into the
 * feed's events within ~200 ms. An INSERT ... SELECT, so a statement may add " FROM ...". */
#define EVENT_OUTBOX(kind, type, id, data, actor)                                \
	"INSERT INTO event_outbox (kind, type, subject_id, actor_user_id, data)" \
	" SELECT '" kind "', " type ", " id ", " actor "::uuid, " data
/* A workflow's notify statement (api/workflow.h): $1 the record's id, $2 type, $3 actor, $4 data. */
#define EVENT_OUTBOX_NOTIFY(kind) EVENT_OUTBOX(kind, "$2", "$1::uuid", "$4::jsonb", "$3")

/* $1 at most this many outbox rows, oldest first → how many it turned into events (0 when
 * none, or when another daemon's relay is running). */
extern struct db_stmt event_store_relay;

/* $1 audiences (text[]), $2 cursor key ("tx seq") or NULL, $3 limit → item, key, id, in
 * (tx, seq) order: only events of transactions older than every one of this database still
 * running (events_horizon, migration 0026), so that an event committed late is never behind a
 * cursor already given out. */
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
