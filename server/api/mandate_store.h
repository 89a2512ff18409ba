/* The SQL of mandates (api/mandates.c) and of the one question agency asks of them
 * (api/agency.c). The representation (api_mandate) and the rule (mandate_permits) are SQL
 * functions of migrations/0014_agents.sql.
 *
 * Who sees a mandate is decided by two parameters, the caller's scope: $2 the holder that
 * granted it, $3 the agent it was granted to (the other NULL). */
#ifndef IPR_API_MANDATE_STORE_H
#define IPR_API_MANDATE_STORE_H

#include "db/db.h"

/* $1 holder, $2 agent id, $3 recordation ids (a JSON array of UUIDs) → the agent's status
 * (NULL when no agent has this id), the indexes (a JSON array, from 0) of the ids that are
 * not the holder's recordations. */
extern struct db_stmt mandate_store_resolve;
/* $1 holder, $2 agent, $3 all recordations (boolean), $4 recordation ids (JSON array),
 * $5 actions (JSON array), $6 valid_from, $7 valid_until, $8 note, $9 actor, $10 today
 * → body, version, false. Writes the history entry (granted) and the event mandate.granted. */
extern struct db_stmt mandate_store_insert;
/* The workflow's notify statement (api/workflow.h): $1 id, $2 type, $3 actor, $4 data (jsonb). */
extern struct db_stmt mandate_store_notify;
/* $1 id, $2..$3 scope, $4 today → body, version, false; no row when not visible. */
extern struct db_stmt mandate_store_get;
/* $1 id, $2..$3 scope, $4 today → shown status, version; no row when not visible. */
extern struct db_stmt mandate_store_state;
/* The same, locked against other changes of the mandate and of its documents. */
extern struct db_stmt mandate_store_state_locked;
/* The same FOR UPDATE, then enum mandate_lock_col. */
extern struct db_stmt mandate_store_lock;
enum mandate_lock_col {
	MANDATE_LOCK_ACTIONS = 2,      /* JSON array */
	MANDATE_LOCK_ALL,              /* boolean */
	MANDATE_LOCK_RECORDATIONS,     /* JSON array of ids */
	MANDATE_LOCK_VALID_FROM,       /* date */
	MANDATE_LOCK_VALID_UNTIL,      /* date */
	MANDATE_LOCK_POWER_OF_ATTORNEY /* "t" when one is attached */
};
/* $1 id, $2 allowed statuses, $3 new status, $4 reason, $5 actor, $6 history action, $7 today,
 * $8 answered (boolean: stamps answered_at), $9 actions (JSON array) or NULL, $10 all
 * recordations or NULL, $11 recordation ids (JSON array) or NULL, $12 valid_until or NULL
 * (NULL: unchanged), $13 from status (NULL when it stays), $14 details (jsonb) → body,
 * version, false. Writes the history entry. */
extern struct db_stmt mandate_store_write;
/* $1 id → {"items": [...]}. */
extern struct db_stmt mandate_store_history;
/* $1 today, $2..$3 scope, $4 status, $5 the other party (agent or holder) or NULL, $6 cursor
 * key, $7 cursor id, $8 limit → body, key, id; newest first. */
extern struct db_stmt mandate_store_list;
/* $1 agent, $2 holder, $3 power, $4 today → whether a mandate in force covers all the
 * holder's recordations, whether one of those grants the power (booleans). */
extern struct db_stmt mandate_store_client;
/* The agent's desk: $1 agent, $2 today, $3 client or NULL, $4 the last valid_until whose
 * renewal window is open today → {clients (with counts), filings (draft, submitted,
 * rejected: earliest deadline first), information_requests, renewals_due, cases_to_answer
 * (notified, within the answer's deadline, answerable: case_mandate_permits with
 * answer_cases)}, each list at most 200, of the recordations a mandate in force lets the
 * agent see. */
extern struct db_stmt mandate_store_desk;

#endif
