/* The SQL of the administrator's view of users (api/users.c) and of the first administrator
 * (iprd create-admin), kept together. */
#ifndef IPR_API_USER_STORE_H
#define IPR_API_USER_STORE_H

#include "db/db.h"

/* $1 role, $2 office code, $3 organization id, $4 disabled (each NULL: any), $5 cursor
 * email, $6 cursor id, $7 limit → user, key, id. Sorted by email in byte order (COLLATE
 * "C"): the same for every database locale. */
extern struct db_stmt user_store_list;

/* $1 user, $2 reason, $3 administrator → the user, when it was enabled; its sessions end.
 * Writes a registry event (the log). */
extern struct db_stmt user_store_disable;

/* $1 user, $2 administrator → the user, when it was disabled. Writes a registry event. */
extern struct db_stmt user_store_enable;

/* $1 user → whether it is disabled; no row when there is no such user. */
extern struct db_stmt user_store_disabled;

/* $1 email, $2 password hash, $3 full name → the new administrator's id. */
extern struct db_stmt user_store_insert_admin;

#endif
