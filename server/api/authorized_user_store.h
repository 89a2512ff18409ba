/* The SQL of authorized users, kept together: every statement api/authorized_users.c
 * runs. The representation (api_authorized_user) and the authorization rule
 * (authorization_check) are SQL functions of migrations/0004_authorized_users.sql. Each
 * statement that changes the list writes its history entry (recordation_events) itself. */
#ifndef IPR_API_AUTHORIZED_USER_STORE_H
#define IPR_API_AUTHORIZED_USER_STORE_H

#include "db/db.h"

/* $1 recordation, $2 include ended (boolean), $3 cursor (the id of the last entry seen) or
 * NULL, $4 limit → body, key, id, by name, registration number, id. */
extern struct db_stmt authorized_user_store_list;
/* $1 recordation, $2 the entry (validated JSON), $3 actor → body, version. */
extern struct db_stmt authorized_user_store_insert;
/* $1 recordation, $2 entry id, $3 If-Match version or NULL, $4 the merge-patch, $5 actor
 * → body, version; no row when absent, ended or stale. */
extern struct db_stmt authorized_user_store_patch;
/* $1 recordation, $2 entry id, $3 If-Match version or NULL, $4 actor → body, version; no
 * row when absent, ended or stale. */
extern struct db_stmt authorized_user_store_end;
/* $1 recordation, $2 entry id → status ("active" or "ended"), version. */
extern struct db_stmt authorized_user_store_state;
/* $1 recordation, $2 actor → the number of active entries it ended. */
extern struct db_stmt authorized_user_store_end_all;
/* $1 recordation, $2 the entries (validated JSON array), $3 actor, $4 how many were ended
 * → {"items": [...]} in the order given. */
extern struct db_stmt authorized_user_store_insert_all;
/* $1 recordation id or NULL, $2 recordation number or NULL, $3 officer (boolean: also
 * recordations without a number), $4 registration number, $5 role or NULL, $6 date, $7 HS
 * code or NULL, $8 port or NULL, $9 today → the AuthorizationCheck as JSON text. */
extern struct db_stmt authorized_user_store_check;

#endif
