/* The SQL of the border check (api/border_check.c): one statement, border_check() of
 * migrations/0024_border_check_page.sql, run on a handler thread's connection. */
#ifndef IPR_API_BORDER_STORE_H
#define IPR_API_BORDER_STORE_H

#include "db/db.h"

/* $1 date, $2 transport document or NULL, $3 declarant's registration number or NULL, $4 HS
 * codes (a text[] literal) or NULL, $5 port code or NULL, $6 text (the mark seen) or NULL, $7
 * roles (a text[] literal) or NULL, $8 limit, $9 the mark's least similarity in percent
 * (IPR_BORDER_MARK_SIMILARITY) → the BorderCheck as JSON text. */
extern struct db_stmt border_store_check;

#endif
