/* The SQL of watch lists (api/watch_lists.c): each customs office's recordations and HS
 * chapters under intensive checks (migrations/0010_border.sql). */
#ifndef IPR_API_WATCH_LIST_STORE_H
#define IPR_API_WATCH_LIST_STORE_H

#include "db/db.h"

/* $1 office code → the office's id; no row when no office has that code. */
extern struct db_stmt watch_list_store_office;
/* $1 recordation number → its id; no row when no recordation has that number. */
extern struct db_stmt watch_list_store_recordation;
/* $1 office id, $2 actor, $3 the entry (validated JSON; recordation_number resolved into
 * $4 recordation id or NULL), $5 today → body, version. A duplicate is refused by the
 * exclusion constraint watch_list_entries_no_overlap. */
extern struct db_stmt watch_list_store_insert;
/* $1 office id, $2 entry id, $3 actor, $4 today → body, version of the entry now ended; no
 * row when the office has no such entry still open. */
extern struct db_stmt watch_list_store_end;
/* $1 office id, $2 entry id → whether it exists, ended or not. */
extern struct db_stmt watch_list_store_exists;
/* $1 today, $2 office id, $3 status, $4 cursor key (created_at micros), $5 cursor id, $6
 * limit + 1 → body, key, id, newest first. */
extern struct db_stmt watch_list_store_list;

#endif
