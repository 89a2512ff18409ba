/* The SQL of the operations routes (api/ops.c). */
#ifndef IPR_API_OPS_STORE_H
#define IPR_API_OPS_STORE_H

#include "db/db.h"

/* → the last migration applied ("" when none). */
extern struct db_stmt ops_store_migration;

#endif
