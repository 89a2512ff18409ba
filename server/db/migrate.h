/* Schema migrations: numbered SQL files (NNNN_name.sql) applied in order, each in its own
 * transaction, recorded in schema_migrations, under an advisory lock so that two daemons
 * starting together do not race. */
#ifndef IPR_DB_MIGRATE_H
#define IPR_DB_MIGRATE_H

#include <stddef.h>

#include "core/util.h"

/* Applies every migration in dir not yet applied. Refuses (-1) when an applied file was
 * changed since (its checksum differs) or the database holds a migration this binary does
 * not have. Returns 0 on success. */
int migrate_run(const char *dir) MUST_CHECK;

/* The version (the NNNN prefix) of the newest migration in dir, into out; -1 when none. */
int migrate_latest(const char *dir, char *out, size_t len) MUST_CHECK;

#endif
