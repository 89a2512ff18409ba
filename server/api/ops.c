/* Operations: liveness, readiness, metrics, the API document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/ops_store.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/metrics.h"
#include "http/response.h"

static char expected_migration[16];
/* A file read once at start-up and served as it is. */
struct served_file {
	const char *setting, *route;
	char *data;
	size_t len;
};
static struct served_file api_document = {"IPR_API_SPEC", "/v1/openapi.yaml", NULL, 0};
static struct served_file docs_page = {"IPR_DOCS_HTML", "/docs", NULL, 0};

static void served_file_load(struct served_file *file, const char *path)
{
	file->data = file_read(path, &file->len);
	if (!file->data)
		log_warn("%s: cannot read %s; %s will answer 404", file->setting, path, file->route);
}

static void served_file_respond(struct request *req, const struct served_file *file, const char *type)
{
	if (!file->data) {
		respond_problem(req, 404, "%s is not installed on this server (%s)", file->route, file->setting);
		return;
	}
	respond_bytes(req, 200, type, file->data, file->len);
}

int ops_init(void)
{
	if (migrate_latest(cfg.migrations_dir, expected_migration, sizeof expected_migration) != 0) {
		log_error("IPR_MIGRATIONS_DIR: no migrations in %s", cfg.migrations_dir);
		return -1;
	}
	served_file_load(&api_document, cfg.api_spec);
	served_file_load(&docs_page, cfg.docs_html);
	return 0;
}

void ops_free(void)
{
	free(api_document.data);
	free(docs_page.data);
	api_document.data = docs_page.data = NULL;
}

void handle_healthz(struct request *req)
{
	respond_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

void handle_readyz(struct request *req)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(&ops_store_migration, DB_NO_ARGS, &res);
	if (st != DB_OK) {
		respond_problem(req, 503, "the database is not reachable");
		return;
	}
	const char *have = PQgetvalue(res, 0, 0);
	if (strcmp(have, expected_migration) != 0) {
		respond_problem(req, 503, "the database schema is at migration %s, this server needs %s",
		                *have ? have : "none", expected_migration);
	} else {
		respond_json(req, 200,
		             json_pack("{s:s, s:s, s:s, s:s}", "status", "ready", "database", "ok", "migrations",
		                       "current", "migration", have));
	}
	PQclear(res);
}

void handle_metrics(struct request *req)
{
	struct buf out = {0};
	metrics_render(&out);
	respond_bytes(req, 200, "text/plain; version=0.0.4; charset=utf-8", out.data ? out.data : "", out.len);
	buf_free(&out);
}

void handle_openapi(struct request *req)
{
	served_file_respond(req, &api_document, "application/yaml");
}

void handle_docs(struct request *req)
{
	served_file_respond(req, &docs_page, "text/html; charset=utf-8");
	/* Redoc's script and styles are inlined (the page needs no other host), so the console's
	 * strict policy (http/console.c) would stop them; this one still forbids framing, plugins
	 * and a changed base URL. */
	response_header(req, "Content-Security-Policy", "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
	response_header(req, "X-Content-Type-Options", "nosniff");
	response_header(req, "Referrer-Policy", "no-referrer");
}
