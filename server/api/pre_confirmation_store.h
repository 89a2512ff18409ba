/* The SQL of pre-confirmations, kept together: every statement the pre-confirmation
 * handlers run. The representations (api_pre_confirmation, api_pre_confirmation_event) and
 * the automatic check (pre_confirmation_auto_check) are SQL functions of
 * migrations/0005_pre_confirmations.sql.
 *
 * Who sees a request is decided by three parameters, the caller's scope: $2 the importer
 * organization, $3 the port office, $4 the rights holder organization (whose recordation
 * it names), or an agent's (a recordation a mandate in force lets it see: mandate_permits);
 * NULL for each that does not apply, all three NULL for headquarters. */
#ifndef IPR_API_PRE_CONFIRMATION_STORE_H
#define IPR_API_PRE_CONFIRMATION_STORE_H

#include "db/db.h"

/* The values a transition writes (api/workflow.h): what pre_confirmation_store_write sets. */
enum { PC_NUMBER, PC_VALID_UNTIL };

/* $1 office code, $2 recordation number → office id, office kind, recordation id (each NULL
 * when unknown). */
extern struct db_stmt pre_confirmation_store_lookup;
/* $1 importer organization, $2 actor, $3 office id, $4 recordation id, $5 today (received_on),
 * $6 due_on, $7 the direction's roles (text[]), $8 the input (validated JSON) → body, version.
 * Writes the request, its auto_check and the history entry; announces
 * pre_confirmation.submitted. */
extern struct db_stmt pre_confirmation_store_insert;
/* $1 id, $2..$4 scope, $5 today → body, version; no row when not visible. */
extern struct db_stmt pre_confirmation_store_get;
/* $1 id, $2..$4 scope, $5 today → shown status; no row when not visible. */
extern struct db_stmt pre_confirmation_store_state;
/* The same, locked against other changes of the request and of its documents (FOR NO KEY
 * UPDATE: history entries, which only reference the row, can still be written). */
extern struct db_stmt pre_confirmation_store_state_locked;
/* $1 id, $2..$4 scope, $5 today → shown status, version, expected_on; locked. */
extern struct db_stmt pre_confirmation_store_lock;
/* $1 id, $2 allowed statuses, $3 new status, $4 number, $5 valid_until, $6 reason,
 * $7 decided (stamps decided_by/at), $8 actor, $9 today, $10 from status, $11 details
 * (jsonb) → body, version. Writes the history entry (action: the new status). */
extern struct db_stmt pre_confirmation_store_write;
/* $1 year → the next sequence number of confirmations. */
extern struct db_stmt pre_confirmation_store_next_number;
/* $1 id → {"items": [...]}; no row when there is no such request. */
extern struct db_stmt pre_confirmation_store_history;
/* The workflow's events (api/workflow.h): $1 id, $2 type, $3 actor, $4 data (jsonb) → the
 * number of rows written, one per audience. */
extern struct db_stmt pre_confirmation_store_notify;
/* $1 today, $2..$4 scope, $5 status, $6 office code, $7 transport document, $8 cursor key,
 * $9 cursor id, $10 limit → body, key, id. Newest first (importers, rights holders). */
extern struct db_stmt pre_confirmation_store_list_newest;
/* The same, by due_on, then the oldest filing (the officers' queue). */
extern struct db_stmt pre_confirmation_store_list_queue;

#endif
