/* The SQL of recordations, kept together: every statement the recordation handlers run.
 * The representations themselves (api_recordation, api_register_item,
 * api_recordation_event) are SQL functions of migrations/0003_recordations.sql. */
#ifndef IPR_API_RECORDATION_STORE_H
#define IPR_API_RECORDATION_STORE_H

#include "db/db.h"

/* The lifecycle columns a transition reads (FOR UPDATE) and writes back (the workflow
 * engine's values, api/workflow.h), in the order of recordation_store_lock's columns after the shown
 * status and the version, and of recordation_store_write's parameters $3..; then the three stamps a
 * transition may set (non-NULL: now). */
enum life_col {
	LIFE_STATUS,
	LIFE_RECEIVED_ON,
	LIFE_DUE_ON,
	LIFE_PAUSED_WORKING_DAYS_LEFT,
	LIFE_NUMBER,
	LIFE_VALID_FROM,
	LIFE_VALID_UNTIL,
	LIFE_RIGHT_EXPIRES_ON,
	LIFE_RENEWAL_STATUS,
	LIFE_RENEWAL_DUE_ON,
	LIFE_RENEWAL_REASON,
	LIFE_RENEWAL_NOTE,
	LIFE_RENEWAL_RIGHT_EXPIRES_ON,
	LIFE_LAST_REASON,
	LIFE_COUNT, /* the columns loaded */
	STAMP_SUBMITTED = LIFE_COUNT,
	STAMP_RENEWAL_SUBMITTED,
	STAMP_RENEWAL_DECIDED,
	LIFE_VALUES
};

/* Columns of recordation_store_lock: the shown status and the version (as every workflow's lock), the
 * lifecycle columns, then these. */
#define LOCK_LIFE(col) (2 + (col))
enum lock_col {
	LOCK_IPR_TYPE = LOCK_LIFE(LIFE_COUNT),
	LOCK_TITLE,
	LOCK_REGISTRATION_NUMBER,
	LOCK_REGISTRATION_AUTHORITY,
	LOCK_GOODS_SCOPE,
	LOCK_LICENSING_STATUS,
	LOCK_CLASS_COUNT,
	LOCK_HAS_CERTIFICATE, /* "t" when a registration_certificate is attached */
	LOCK_HAS_LICENCE,     /* "t" when a licence is attached */
};

/* $1 organization id, $2 the input (validated JSON), $3 actor, $4 today → body, version,
 * clock running (boolean: see api/deadline.h); announces recordation.created. */
extern struct db_stmt recordation_store_insert;
/* $1 id, $2 If-Match version, $3 the patch, $4 allowed statuses, $5 today, $6 actor → body,
 * version; no row when stale or in the wrong state. Run with the row locked by the workflow
 * engine, which decided who may change it. */
extern struct db_stmt recordation_store_patch;
/* $1 id, $2 organization id (a holder's own, or an agent's: its clients' as mandated) or NULL
 * (officers), $3 today → body, version, clock running. */
extern struct db_stmt recordation_store_get;
/* $1 id, $2 organization id or NULL, $3 today → shown status, version. */
extern struct db_stmt recordation_store_state;
/* The same, locked against other changes of the recordation and of its documents (FOR NO
 * KEY UPDATE: history entries, which only reference the row, can still be written). */
extern struct db_stmt recordation_store_state_locked;
/* $1 id, $2 organization id or NULL, $3 today → shown status, version, enum life_col, then
 * enum lock_col; locked FOR UPDATE. */
extern struct db_stmt recordation_store_lock;
/* $1 id, $2 allowed statuses, $3..$16 enum life_col values, $17 stamp submitted_at,
 * $18 stamp renewal_submitted_at, $19 stamp renewal_decided_at (booleans), $20 today
 * → body, version. */
extern struct db_stmt recordation_store_write;
/* $1 prefix, $2 year → the next sequence number. */
extern struct db_stmt recordation_store_next_number;
/* $1 recordation, $2 actor, $3 action, $4 from, $5 to, $6 reason, $7 details (jsonb). */
extern struct db_stmt recordation_store_event;
/* $1 id → {"items": [...]}; no row when there is no such recordation. */
extern struct db_stmt recordation_store_history;
/* $1 id, $2 agent organization, $3 power, $4 today → a row when a mandate grants the agent
 * that power on the recordation (api/agency.h). */
extern struct db_stmt recordation_store_mandate;
/* The workflow's events (api/workflow.h): $1 id, $2 type, $3 actor, $4 data (jsonb) → the
 * number of rows written, one per audience. */
extern struct db_stmt recordation_store_notify;
/* $1 today, $2 organization, $3 status, $4 ipr_type, $5 q, $6 overdue, $7 cursor key,
 * $8 cursor id, $9 limit, $10 holder organization or NULL → body, key, id (newest first). */
extern struct db_stmt recordation_store_list_own;
/* The same for an agent ($2): its clients' recordations a mandate lets it see. */
extern struct db_stmt recordation_store_list_agent;
/* The same without the organization ($2 unused, NULL): the officers' queue by deadline. */
extern struct db_stmt recordation_store_list_queue;
/* $1 today, $2 q, $3 ipr_type, $4 class, $5 hs_code, $6 cursor key, $7 cursor id, $8 limit,
 * $9 the longest word of q (text_longest_word; NULL without q) → item, number, id. */
extern struct db_stmt recordation_store_register;
/* The same for q that is one word and no filter: $1 today, $2 q, $3 cursor key, $4 cursor id,
 * $5 limit → item, number, id. */
extern struct db_stmt recordation_store_register_word;
/* → the register's version (api/register_cache.h), as text. */
extern struct db_stmt recordation_store_register_version;

#endif
