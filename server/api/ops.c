/* Operations: liveness, readiness, metrics, the API document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/ops_store.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/metrics.h"
#include "http/response.h"

static char expected_migration[16];
/* A file read once at start-up and served as it is, with its own Content-Security-Policy
 * when it is HTML (NULL: the default of http/response.h). */
struct served_file {
	const char *setting, *route;
	char *data;
	size_t len;
	char *csp;
};
static struct served_file api_document = {"IPR_API_SPEC", "/v1/openapi.yaml", NULL, 0, NULL};
static struct served_file docs_page = {"IPR_DOCS_HTML", "/docs", NULL, 0, NULL};

static void served_file_load(struct served_file *file, const char *path)
{
	file->data = file_read(path, &file->len);
	if (!file->data)
		log_warn("%s: cannot read %s; %s will answer 404", file->setting, path, file->route);
}

/* The policy of the documentation page (Redoc, built into one file, so that it needs no other
 * host): the console's (http/console.c) would stop its inline script, so its inline scripts
 * are allowed by their SHA-256 and no other script; styles inline, as Redoc writes them at
 * run time; images and fonts of its own or inline; nothing from another host; never framed. */
static char *docs_csp(const char *html)
{
	struct buf csp = {0};
	buf_printf(&csp, "default-src 'none'; script-src");
	for (const char *p = strstr(html, "<script"); p; p = strstr(p, "<script")) {
		const char *open_end = strchr(p, '>');
		const char *close = open_end ? strstr(open_end, "</script>") : NULL;
		if (!close)
			break;
		size_t tag_len = (size_t)(open_end - p);
		if (!memmem(p, tag_len, "src=", 4)) {
			unsigned char hash[crypto_hash_sha256_BYTES];
			char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
			crypto_hash_sha256(hash, (const unsigned char *)open_end + 1, (size_t)(close - open_end - 1));
			sodium_bin2base64(b64, sizeof b64, hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
			buf_printf(&csp, " 'sha256-%s'", b64);
		}
		p = close;
	}
	buf_printf(&csp,
	           "; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
	           "worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
	return csp.data;
}

static void served_file_respond(struct request *req, const struct served_file *file, const char *type)
{
	if (!file->data) {
		respond_problem(req, 404, "%s is not installed on this server (%s)", file->route, file->setting);
		return;
	}
	respond_bytes(req, 200, type, file->data, file->len);
	if (file->csp)
		response_header(req, RESPONSE_CSP, file->csp);
}

int ops_init(void)
{
	if (migrate_latest(cfg.migrations_dir, expected_migration, sizeof expected_migration) != 0) {
		log_error("IPR_MIGRATIONS_DIR: no migrations in %s", cfg.migrations_dir);
		return -1;
	}
	served_file_load(&api_document, cfg.api_spec);
	served_file_load(&docs_page, cfg.docs_html);
	if (docs_page.data)
		docs_page.csp = docs_csp(docs_page.data);
	return 0;
}

void ops_free(void)
{
	free(api_document.data);
	free(docs_page.data);
	free(docs_page.csp);
	api_document.data = docs_page.data = docs_page.csp = NULL;
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
}
