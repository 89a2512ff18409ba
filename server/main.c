/* iprd: the IPR recordation registry daemon.
 *   iprd serve          migrate the database, then serve HTTP
 *   iprd migrate        apply the migrations and exit
 *   iprd create-admin   create an administrator (password from stdin or IPR_ADMIN_PASSWORD)
 *   iprd routes         print the route table as JSON (for tests and tooling)
 *   iprd keygen FILE    write a new Ed25519 signing key (mode 0600)
 *   iprd verify FILE    verify a certificate offline with the published keys
 *   iprd verify-log     recompute the tamper-evident log and hold it to its checkpoints
 * Settings come from the environment and --flags: see `iprd --help`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "api/events.h"
#include "api/handlers.h"
#include "api/log.h"
#include "api/registry_calendar.h"
#include "api/scheduler.h"
#include "api/user_store.h"
#include "api/webhook_delivery.h"
#include "auth/password.h"
#include "auth/principal.h"
#include "auth/session.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "core/signing.h"
#include "db/db.h"
#include "db/listen.h"
#include "db/migrate.h"
#include "http/console.h"
#include "http/server.h"

static void usage(FILE *to)
{
	fprintf(to, "usage: iprd COMMAND [--setting=value ...]\n\n"
	            "Commands:\n"
	            "  serve                      migrate the database, then serve the API until SIGTERM\n"
	            "  migrate                    apply pending migrations and exit\n"
	            "  create-admin --email E [--full-name N]\n"
	            "                             create a registry administrator; the password is read\n"
	            "                             from IPR_ADMIN_PASSWORD or the first line of stdin\n"
	            "  routes                     print the route table (method, path, roles, idempotent) as JSON\n"
	            "  keygen FILE                write a new Ed25519 signing key for IPR_SIGNING_KEY (mode 0600)\n"
	            "  verify CREDENTIAL --keys K [--keys K2] [--status-list S] [--at INSTANT]\n"
	            "                             verify a certificate offline: K the registry's DID document\n"
	            "                             (/.well-known/did.json), a PEM public key or a Multikey;\n"
	            "                             S its status list (/v1/status-lists/N)\n"
	            "  verify-log                 recompute the tamper-evident log from the database and compare\n"
	            "                             it with the signed checkpoints; names the first changed event\n"
	            "  --help, --version\n\n");
	config_print_help(to);
}

static const char *env_lookup(const char *name)
{
	return getenv(name);
}

/* Loads settings from the environment and argv, applies the time zone and log level. */
static int setup(int argc, char **argv)
{
	char err[512];
	if (config_load(&cfg, env_lookup, argc, argv, err, sizeof err) != 0) {
		fprintf(stderr, "iprd: invalid setting: %s\n", err);
		return -1;
	}
	log_set_level((enum log_level)cfg.log_level);
	/* Every "today" in the registry is a date in its time zone; set once, before threads. */
	setenv("TZ", cfg.timezone, 1);
	tzset();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) { /* before any thread */
		fprintf(stderr, "iprd: libcurl could not be initialised\n");
		return -1;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "iprd: libsodium could not be initialised\n");
		return -1;
	}
	db_configure(cfg.database_url, cfg.db_connect_timeout, cfg.db_statement_timeout, cfg.timezone);
	db_configure_replica(cfg.database_read_url);
	return 0;
}

static int cmd_routes(void)
{
	json_t *list = json_array();
	for (size_t i = 0; i < api_routes_count; i++) {
		json_t *names = json_array();
		for (size_t r = 0; r < ROLE_COUNT; r++)
			if (api_routes[i].roles & role_all[r])
				json_array_append_new(names, json_string(role_name(role_all[r])));
		json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:b}", "method", api_routes[i].method, "path",
		                                      api_routes[i].path, "roles", names, "idempotent",
		                                      (api_routes[i].flags & ROUTE_IDEMPOTENT) != 0));
	}
	json_dumpf(list, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(list);
	return 0;
}

static int cmd_create_admin(int argc, char **argv)
{
	const char *email = NULL, *full_name = "Registry administrator";
	char **rest = calloc((size_t)argc + 1, sizeof *rest);
	int nrest = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--email") && i + 1 < argc)
			email = argv[++i];
		else if (!strncmp(argv[i], "--email=", 8))
			email = argv[i] + 8;
		else if (!strcmp(argv[i], "--full-name") && i + 1 < argc)
			full_name = argv[++i];
		else if (!strncmp(argv[i], "--full-name=", 12))
			full_name = argv[i] + 12;
		else
			rest[nrest++] = argv[i];
	}
	int rc = 1;
	if (setup(nrest, rest) != 0)
		goto out;
	if (!email || !text_is_email(email)) {
		fprintf(stderr, "iprd create-admin: --email with a valid email address is required\n");
		goto out;
	}
	char line[PASSWORD_MAX_BYTES + 2] = "";
	const char *password = getenv("IPR_ADMIN_PASSWORD");
	if (!password) {
		if (!fgets(line, sizeof line, stdin)) {
			fprintf(stderr, "iprd create-admin: give the password on stdin or in IPR_ADMIN_PASSWORD\n");
			goto out;
		}
		line[strcspn(line, "\r\n")] = '\0';
		password = line;
	}
	if (text_length(password) < PASSWORD_MIN_CHARS || strlen(password) > PASSWORD_MAX_BYTES) {
		fprintf(stderr, "iprd create-admin: the password must be 10 characters to 512 bytes long\n");
		goto out;
	}
	if (migrate_run(cfg.migrations_dir) != 0)
		goto out;
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(password, hash) != 0) {
		fprintf(stderr, "iprd create-admin: out of memory while hashing\n");
		goto out;
	}
	sodium_memzero(line, sizeof line);
	PGresult *res = NULL;
	enum db_status st = db_exec(&user_store_insert_admin, DB_ARGS(email, hash, full_name), &res);
	if (st == DB_UNIQUE) {
		fprintf(stderr, "iprd create-admin: a user with the email %s exists already\n", email);
	} else if (st != DB_OK) {
		fprintf(stderr, "iprd create-admin: the database refused the administrator (see the log above)\n");
	} else {
		printf("created administrator %s (%s)\n", email, PQgetvalue(res, 0, 0));
		PQclear(res);
		rc = 0;
	}
	db_thread_close();
out:
	free(rest);
	return rc;
}

/* The daemon's background work: the log's keeper (sequencer and checkpoints), the scheduler
 * of time-driven events, the webhook workers, the event watch that wakes the feed's readers
 * and the workers. */
static int jobs_start(void)
{
	if (log_keeper_start() != 0)
		return -1;
	if (scheduler_start() != 0) {
		log_keeper_stop();
		return -1;
	}
	if (webhook_delivery_start() != 0) {
		scheduler_stop();
		log_keeper_stop();
		return -1;
	}
	if (events_watch_start() != 0) {
		webhook_delivery_stop();
		scheduler_stop();
		log_keeper_stop();
		return -1;
	}
	return 0;
}

static void jobs_stop(void)
{
	events_watch_stop();
	webhook_delivery_stop();
	scheduler_stop();
	log_keeper_stop();
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("iprd 0.1.0\n");
		return 0;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "routes"))
		return cmd_routes();
	if (!strcmp(cmd, "create-admin"))
		return cmd_create_admin(argc - 2, argv + 2);
	if (!strcmp(cmd, "keygen"))
		return cli_keygen(argc - 2, argv + 2);
	if (!strcmp(cmd, "verify"))
		return cli_verify(argc - 2, argv + 2);
	if (strcmp(cmd, "serve") && strcmp(cmd, "migrate") && strcmp(cmd, "verify-log")) {
		fprintf(stderr, "iprd: unknown command \"%s\"\n\n", cmd);
		usage(stderr);
		return 2;
	}
	if (setup(argc - 2, argv + 2) != 0)
		return 1;
	if (!strcmp(cmd, "verify-log"))
		return cli_verify_log();
	if (migrate_run(cfg.migrations_dir) != 0) {
		log_error("migrations failed; not starting");
		return 1;
	}
	if (!strcmp(cmd, "migrate"))
		return 0;
	if (signing_init(cfg.signing_key) != 0 || certificate_publish_key() != 0) {
		log_error("the signing key could not be loaded or published; not starting");
		return 1;
	}
	if (ops_init() != 0 || console_init(cfg.console_dir) != 0)
		return 1;
	listen_subscribe("session", session_changed);
	listen_subscribe("calendar", registry_calendar_changed);
	static const struct server_jobs jobs = {jobs_start, jobs_stop};
	int rc = server_run(api_routes, api_routes_count, &jobs);
	ops_free();
	console_free();
	signing_shutdown();
	return rc;
}
