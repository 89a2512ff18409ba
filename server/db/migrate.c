#include "db/migrate.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "core/log.h"
#include "core/util.h"
#include "db/db.h"

/* pg_advisory_lock key: "iprd" in ASCII. */
#define MIGRATE_LOCK_KEY "1768977508"

struct migration {
	char version[5];
	char *name; /* file name */
};

static bool is_migration(const char *name)
{
	size_t n = strlen(name);
	if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '_')
		return false;
	for (int i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

static int cmp_migration(const void *a, const void *b)
{
	return strcmp(((const struct migration *)a)->name, ((const struct migration *)b)->name);
}

/* The migrations in dir, sorted; *count set. NULL (logged) when the folder is unreadable. */
static struct migration *list_migrations(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	if (!d) {
		log_error("migrations: cannot open folder %s", dir);
		return NULL;
	}
	struct migration *list = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_migration(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			list = xrealloc(list, cap * sizeof *list);
		}
		memcpy(list[n].version, e->d_name, 4);
		list[n].version[4] = '\0';
		list[n].name = xstrdup(e->d_name);
		n++;
	}
	closedir(d);
	qsort(list, n, sizeof *list, cmp_migration);
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(list[i].version, list[i - 1].version)) {
			log_error("migrations: %s and %s share a number", list[i - 1].name, list[i].name);
			for (size_t j = 0; j < n; j++)
				free(list[j].name);
			free(list);
			return NULL;
		}
	}
	*count = n;
	return list ? list : xcalloc(1, sizeof *list);
}

static void free_migrations(struct migration *list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		free(list[i].name);
	free(list);
}

int migrate_latest(const char *dir, char *out, size_t len)
{
	size_t n = 0;
	struct migration *list = list_migrations(dir, &n);
	if (!list || n == 0) {
		free_migrations(list, n);
		return -1;
	}
	snprintf(out, len, "%s", list[n - 1].version);
	free_migrations(list, n);
	return 0;
}

static bool exec_ok(PGconn *pg, const char *sql, const char *what)
{
	PGresult *r = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(r);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		log_error("migrations: %s failed: %s", what, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

static const char *const create_table_sql = "CREATE TABLE IF NOT EXISTS schema_migrations ("
					    " version text PRIMARY KEY,"
					    " name text NOT NULL,"
					    " checksum text NOT NULL,"
					    " applied_at timestamptz NOT NULL DEFAULT now())";

/* Applies one file in its own transaction, or checks the checksum of an applied one. */
static int apply_one(PGconn *pg, const char *dir, const struct migration *m)
{
	char *path = xasprintf("%s/%s", dir, m->name);
	size_t len = 0;
	char *sql = file_read(path, &len);
	free(path);
	if (!sql) {
		log_error("migrations: cannot read %s", m->name);
		return -1;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)sql, len);
	char checksum[2 * crypto_hash_sha256_BYTES + 1];
	hex_encode(checksum, digest, sizeof digest);

	int rc = -1;
	const char *p1[] = {m->version};
	PGresult *r = PQexecParams(pg, "SELECT checksum FROM schema_migrations WHERE version = $1", 1, NULL, p1, NULL,
	                           NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_error("migrations: %s", PQresultErrorMessage(r));
		goto out;
	}
	if (PQntuples(r) == 1) {
		if (strcmp(PQgetvalue(r, 0, 0), checksum) != 0)
			log_error("migrations: %s was changed after it was applied; add a new migration instead",
			          m->name);
		else
			rc = 0;
		goto out;
	}
	if (!exec_ok(pg, "BEGIN", "BEGIN"))
		goto out;
	if (!exec_ok(pg, sql, m->name)) {
		exec_ok(pg, "ROLLBACK", "ROLLBACK");
		goto out;
	}
	const char *p3[] = {m->version, m->name, checksum};
	PGresult *ins = PQexecParams(pg, "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
	                             3, NULL, p3, NULL, NULL, 0);
	bool ok = PQresultStatus(ins) == PGRES_COMMAND_OK;
	PQclear(ins);
	if (!ok || !exec_ok(pg, "COMMIT", "COMMIT")) {
		exec_ok(pg, "ROLLBACK", "ROLLBACK");
		goto out;
	}
	log_info("migrations: applied %s", m->name);
	rc = 0;
out:
	PQclear(r);
	free(sql);
	return rc;
}

int migrate_run(const char *dir)
{
	size_t n = 0;
	struct migration *list = list_migrations(dir, &n);
	if (!list)
		return -1;
	int rc = -1;
	PGconn *pg = db_open(DB_USE_MIGRATIONS, true);
	if (PQstatus(pg) != CONNECTION_OK) {
		char msg[256];
		log_error("migrations: cannot connect to the database: %s", db_connection_error(pg, msg));
		goto out;
	}
	PGresult *quiet = PQexec(pg, "SET client_min_messages = warning");
	PQclear(quiet);
	if (!exec_ok(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", "taking the migration lock"))
		goto out;
	if (!exec_ok(pg, create_table_sql, "creating schema_migrations"))
		goto unlock;
	for (size_t i = 0; i < n; i++)
		if (apply_one(pg, dir, &list[i]))
			goto unlock;
	/* A database migrated by a newer binary: serving it with older code would be wrong. */
	const char *latest[] = {n ? list[n - 1].version : ""};
	PGresult *r = PQexecParams(pg, "SELECT version FROM schema_migrations WHERE version > $1 ORDER BY version", 1,
	                           NULL, latest, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 0)
		rc = 0;
	else if (PQresultStatus(r) == PGRES_TUPLES_OK)
		log_error("migrations: the database has migration %s, which this build does not know",
		          PQgetvalue(r, 0, 0));
	else
		log_error("migrations: %s", PQresultErrorMessage(r));
	PQclear(r);
unlock:
	exec_ok(pg, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", "releasing the migration lock");
out:
	PQfinish(pg);
	free_migrations(list, n);
	return rc;
}
