/* The statements of api/ops.c. */
#include "api/ops_store.h"

struct db_stmt ops_store_migration = DB_QUERY("SELECT coalesce(max(version), '') FROM schema_migrations");
