/* The SQL of customs offices and their officers (api/offices.c), kept together. */
#ifndef IPR_API_OFFICE_STORE_H
#define IPR_API_OFFICE_STORE_H

#include "db/db.h"

/* $1 code, $2 name, $3 kind → the office. */
extern struct db_stmt office_store_insert;

/* $1 kind or NULL, $2 cursor code, $3 cursor id, $4 limit → office, code, id; by code. */
extern struct db_stmt office_store_list;

/* $1 code → its kind; no row when there is no such office. */
extern struct db_stmt office_store_kind;

/* $1 email, $2 password hash, $3 full name, $4 office code → the user (an officer of the
 * office's kind); no row when the office is gone. */
extern struct db_stmt office_store_insert_officer;

#endif
