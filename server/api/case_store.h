/* The SQL of suspect-goods cases, kept together: every statement the case handlers run. The
 * representations (api_case, api_case_event) and the derived status (case_status_on) are
 * SQL functions of migrations/0009_cases.sql.
 *
 * Who sees a case is decided by two parameters, the caller's scope: $2 the port office (its
 * officers see its cases), $3 the rights holder organization (the holder of the recordations
 * it names) or an agent's (the cases of its clients whose every recordation a mandate in
 * force covers: case_mandate_permits); NULL for each that does not apply, both NULL for
 * headquarters. */
#ifndef IPR_API_CASE_STORE_H
#define IPR_API_CASE_STORE_H

#include "db/db.h"

/* $1 recordation numbers (text[]), $2 today → one row per number, in order: number,
 * recordation id, its organization, its status on today (id and the rest NULL when no
 * recordation has the number). */
extern struct db_stmt case_store_recordations;
/* $1 year → the next sequence number of cases (in the opening transaction). */
extern struct db_stmt case_store_next_number;
/* $1 number, $2 office, $3 holder organization, $4 actor, $5 today (opened_on), $6
 * response_due_on, $7 the input (validated JSON), $8 the recordation ids in order (uuid[]),
 * $9 each goods line's value in CNY (numeric[]), $10 declared_value_cny, $11 guarantee_cny,
 * $12 fine_limit_cny → id. Writes the case, the recordations it names and its history entry
 * (opened). */
extern struct db_stmt case_store_insert;
/* $1 id, $2..$3 scope, $4 today → body, version; no row when not visible. The body is the
 * holder's view when $3 is given. */
extern struct db_stmt case_store_get;
/* $1 id, $2..$3 scope, $4 today → shown status, version; no row when not visible. */
extern struct db_stmt case_store_state;
/* The same, locked against other changes of the case and of its documents (FOR NO KEY
 * UPDATE: history entries, which only reference the row, can still be written). */
extern struct db_stmt case_store_state_locked;
/* The same FOR UPDATE, then guarantee_cny, fine_limit_cny: what transitions read. */
extern struct db_stmt case_store_lock;
/* $1 id, $2 allowed statuses, $3 new status, $4 answered (stamps answered_on/by), $5
 * detained_on, $6 investigation_due_on, $7 decided (stamps decided_on/by), $8 fine_cny, $9
 * reason, $10 actor, $11 today, $12 the holder's view (boolean), $13 the history entry's
 * action, $14 from status → body, version. Writes the history entry, whose details are the
 * guarantee and investigation_due_on of a detention, the fine of an infringement. */
extern struct db_stmt case_store_write;
/* The workflow's notify statement (api/workflow.h): $1 id, $2 type, $3 actor, $4 data (jsonb).
 * Also case.opened, after case_store_insert in the same transaction (the subject names the
 * recordations, which the insert's own statement could not read back). */
extern struct db_stmt case_store_notify;
/* $1 id → {"items": [...]}; no row when there is no such case (whether the caller sees it is
 * the state statement's to say: handle_history asks it first). */
extern struct db_stmt case_store_history;
/* $1 id, $2 agent organization, $3 power, $4 today → a row when a mandate grants the agent
 * that power on every recordation the case names (api/agency.h). */
extern struct db_stmt case_store_mandate;
/* $1 today, $2..$3 scope, $4 status, $5 office code, $6 overdue (boolean), $7 transport
 * document, $8 cursor key, $9 cursor id, $10 limit → body, key, id. By the deadline that runs
 * (closed cases last), then the oldest case: the port's queue, and the holder's cases with
 * the answers due first. */
extern struct db_stmt case_store_list;
/* $1 today, $2 from, $3 to (the days cases were opened, inclusive; NULL: unbounded), $4
 * office code (NULL: every office) → the statistics (JSON text): totals, and by office,
 * right type, month opened and outcome (the status on today). */
extern struct db_stmt case_store_statistics;
/* The same as rows (for CSV): dimension (total, office, ipr_type, month, outcome), key, name
 * (offices'), cases, items, declared_value_cny, e_commerce_cases, e_commerce_share; total
 * first, then each dimension by key. */
extern struct db_stmt case_store_statistics_rows;

#endif
