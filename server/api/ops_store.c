/* The statements of api/ops.c. */
#include "api/ops_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt ops_store_migration = DB_QUERY("SELECT coalesce(max(version), '') FROM schema_migrations");
/* clang-format on */
