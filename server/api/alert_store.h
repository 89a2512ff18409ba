/* The SQL of alerts (api/alerts.c): rights holders' alerts of expected suspicious shipments
 * (migrations/0010_border.sql). The scope parameter $2 is the caller's organization for a
 * rights holder (its own alerts), NULL for officers (all). */
#ifndef IPR_API_ALERT_STORE_H
#define IPR_API_ALERT_STORE_H

#include "db/db.h"

/* $1 recordation id, $2 organization, $3 today → the recordation's status on today; no row
 * when it is not that organization's. */
extern struct db_stmt alert_store_recordation;
/* $1 organization, $2 actor, $3 the alert (validated JSON), $4 today → body, version. Writes
 * the history entry (created) and the event alert.created. */
extern struct db_stmt alert_store_insert;
/* $1 id, $2 scope, $3 today → body, version; no row when not visible. */
extern struct db_stmt alert_store_get;
/* $1 id, $2 scope, $3 today → status shown today, version; no row when not visible. The
 * second FOR UPDATE, for a transition. */
extern struct db_stmt alert_store_state;
extern struct db_stmt alert_store_lock;
/* $1 id, $2 allowed statuses, $3 new status, $4 reason, $5 actor, $6 today, $7 the status it
 * leaves → body, version, false (no deadline runs). Writes the history entry. */
extern struct db_stmt alert_store_write;
/* The workflow's notify statement (api/workflow.h): $1 id, $2 type, $3 actor, $4 data. */
extern struct db_stmt alert_store_notify;
/* $1 id → {"items": [...]}; no row when there is no such alert (whether the caller sees it is
 * the state statement's to say: handle_history asks it first). */
extern struct db_stmt alert_store_history;
/* $1 today, $2 scope, $3 status, $4 recordation id, $5 port, $6 transport document, $7
 * cursor key (created_at micros), $8 cursor id, $9 limit + 1 → body, key, id, newest first. */
extern struct db_stmt alert_store_list;

#endif
