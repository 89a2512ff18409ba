#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"

struct config cfg;

/* SET_SECRET: text that is empty or min..max visible ASCII characters (a credential). */
/* SET_ORIGIN: scheme://host[:port], http or https, nothing after it. */
/* SET_DATE: empty, or a date YYYY-MM-DD. */
enum setting_type {
	SET_TEXT,
	SET_INT,
	SET_BYTES,
	SET_LISTEN,
	SET_TIMEZONE,
	SET_LOG_LEVEL,
	SET_SECRET,
	SET_CIDRS,
	SET_ORIGIN,
	SET_DATE
};

struct setting {
	const char *env; /* IPR_FOO_BAR; the flag is --foo-bar */
	enum setting_type type;
	size_t offset;        /* into struct config */
	const char *fallback; /* default, parsed like any other value */
	long min, max;        /* for SET_INT and SET_BYTES */
	const char *help;
};

#define AT(field) offsetof(struct config, field)

/* The one table of settings. Defaults are text so that --help shows them as typed. */
/* clang-format off */ /* one setting a row */
static const struct setting settings[] = {
	{"IPR_DATABASE_URL", SET_TEXT, AT(database_url), "", 0, 0,
	 "libpq connection URL or key=value string; empty uses libpq's PG* environment variables. Several "
	 "hosts with target_session_attrs=read-write (postgresql://a,b/iprd?target_session_attrs=read-write): "
	 "after a failover every connection finds the new primary by itself"},
	{"IPR_DATABASE_READ_URL", SET_TEXT, AT(database_read_url), "", 0, 0,
	 "libpq URL of a read-only copy of the database (a hot standby) that serves the public register, "
	 "a few moments behind; the primary serves it when the copy cannot; empty: the primary serves everything"},
	{"IPR_LISTEN", SET_LISTEN, AT(listen), "127.0.0.1:8080", 0, 0,
	 "address and port to serve HTTP on (host:port, [v6]:port; port 0 picks a free one)"},
	{"IPR_THREADS", SET_INT, AT(threads), "1", 1, 256,
	 "HTTP event loops (threads): each serves its connections and sends the busiest reads (a recordation, "
	 "the authorization check) on pipelined database connections of its own, never waiting"},
	{"IPR_DB_PIPELINES", SET_INT, AT(db_pipelines), "1", 1, 16,
	 "pipelined database connections of each event loop; a query goes to the least busy one"},
	{"IPR_HANDLER_THREADS", SET_INT, AT(handler_threads), "8", 1, 256,
	 "threads that run every other request (they wait for the database), each with one database "
	 "connection"},
	{"IPR_DB_CONNECT_TIMEOUT", SET_INT, AT(db_connect_timeout), "5", 2, 600,
	 "seconds a database connection attempt may take (libpq's connect_timeout, also for the event loops' "
	 "connections, which connect without waiting); then the requests that needed it get 503"},
	{"IPR_DB_STATEMENT_TIMEOUT", SET_INT, AT(db_statement_timeout), "30", 1, 3600,
	 "seconds a statement may run (PostgreSQL's statement_timeout; a cancelled statement gets 503); an "
	 "event loop gives up on a connection whose statement has not answered after this plus the connect timeout"},
	{"IPR_HANDLER_QUEUE", SET_INT, AT(handler_queue), "512", 1, 1000000,
	 "requests waiting for a handler thread at most; more get 503 with Retry-After"},
	{"IPR_MAX_BODY", SET_BYTES, AT(max_body), "1M", 1024, 1L << 30,
	 "largest JSON request body accepted, bytes (K, M, G suffixes allowed); larger gets 413"},
	{"IPR_MAX_BULK_BODY", SET_BYTES, AT(max_bulk_body), "8M", 1024, 1L << 30,
	 "largest bulk upload accepted (PUT .../authorized-users, up to 5,000 entries), bytes"},
	{"IPR_MAX_DOCUMENT", SET_BYTES, AT(max_document), "20M", 1024, 1L << 31,
	 "largest supporting document accepted, bytes; larger gets 413"},
	{"IPR_BODY_MEMORY_BUDGET", SET_BYTES, AT(body_memory_budget), "128M", 1024, 1L << 40,
	 "bytes of JSON request bodies all requests in flight may hold in memory together; a body that "
	 "does not fit gets 503 with Retry-After"},
	{"IPR_REGISTER_CACHE", SET_BYTES, AT(register_cache), "16M", 0, 1L << 34,
	 "bytes of public register pages kept in memory, served again while the register has not changed "
	 "(each request still reads the register's version, one row); 0 keeps none"},
	{"IPR_UPLOAD_DISK_BUDGET", SET_BYTES, AT(upload_disk_budget), "1G", 1024, 1L << 40,
	 "bytes of uploads in progress all requests may spool to IPR_UPLOAD_DIR together; an upload that "
	 "does not fit gets 503 with Retry-After"},
	{"IPR_DOCUMENT_QUOTA", SET_BYTES, AT(document_quota), "2G", 1024, 1L << 50,
	 "bytes of documents one organization (or customs office: photos of cases) may store (each distinct "
	 "file counted once); an upload past it gets 413"},
	{"IPR_UPLOAD_DIR", SET_TEXT, AT(upload_dir), "/tmp", 0, 0,
	 "folder for uploads in progress (unnamed temporary files, removed when the request ends)"},
	{"IPR_TIMEZONE", SET_TIMEZONE, AT(timezone), "Asia/Shanghai",
	 0, 0, "the registry's time zone (IANA name): the local date in it starts every deadline"},
	{"IPR_MIGRATIONS_DIR", SET_TEXT, AT(migrations_dir), IPR_SOURCE_DIR "/migrations", 0, 0,
	 "folder of numbered SQL migrations applied at start-up and by `iprd migrate`"},
	{"IPR_API_SPEC", SET_TEXT, AT(api_spec), IPR_SOURCE_DIR "/api-spec/openapi.yaml", 0, 0,
	 "the OpenAPI document served at /v1/openapi.yaml"},
	{"IPR_DOCS_HTML", SET_TEXT, AT(docs_html), IPR_SOURCE_DIR "/build/docs.html", 0, 0,
	 "the HTML API documentation served at /docs (built by scripts/build-docs)"},
	{"IPR_CONSOLE_DIR", SET_TEXT, AT(console_dir), IPR_SOURCE_DIR "/build/console", 0, 0,
	 "the web console's built files (scripts/build-console), served at / and read once at start-up"},
	{"IPR_LOG_LEVEL", SET_LOG_LEVEL, AT(log_level), "info", 0, 0, "debug, info, warn or error"},
	{"IPR_CONNECTION_LIMIT", SET_INT, AT(connection_limit), "1024", 1, 65536,
	 "most HTTP connections open at once; more are refused"},
	{"IPR_CONNECTION_TIMEOUT", SET_INT, AT(connection_timeout), "30", 1, 3600,
	 "seconds an idle or stalled HTTP connection is kept"},
	{"IPR_CONNECTIONS_PER_ADDRESS", SET_INT, AT(connections_per_address), "128", 1, 65536,
	 "most HTTP connections one client address may hold at once; more are refused"},
	{"IPR_HEADER_TIMEOUT", SET_INT, AT(header_timeout), "10", 1, 3600,
	 "seconds a connection has, from its opening or its previous answer, to send a request's "
	 "complete headers, however steadily it sends bytes; then it is closed"},
	{"IPR_MIN_BODY_RATE", SET_BYTES, AT(min_body_rate), "8K", 0, 1L << 30,
	 "bytes a second a request body must average once IPR_HEADER_TIMEOUT has passed since its "
	 "headers; a slower one is closed (0: no minimum)"},
	{"IPR_ANONYMOUS_STATEMENT_TIMEOUT", SET_INT, AT(anonymous_statement_timeout), "2000", 10, 30000,
	 "milliseconds a database statement of an anonymous request (the public register, say) may "
	 "run before it is cancelled and the request answered 503"},
	{"IPR_SHUTDOWN_TIMEOUT", SET_INT, AT(shutdown_timeout), "30", 0, 3600,
	 "seconds SIGTERM waits for requests in flight before closing them"},
	{"IPR_SESSION_TTL", SET_INT, AT(session_ttl), "28800", 60, 31 * 86400,
	 "seconds a login token stays valid"},
	{"IPR_IDEMPOTENCY_TTL", SET_INT, AT(idempotency_ttl), "86400", 1, 30 * 86400,
	 "seconds an Idempotency-Key keeps the answer of the POST that first used it (a retry within them "
	 "gets that answer); expired keys are purged"},
	{"IPR_HASH_THREADS", SET_INT, AT(hash_threads), "1", 1, 64,
	 "threads that hash passwords (Argon2id), at a lower CPU priority than the others"},
	{"IPR_HASH_QUEUE", SET_INT, AT(hash_queue), "16", 1, 100000,
	 "password checks and hashes waiting for a hashing thread at most, a quarter of them (at least one) "
	 "from one client address; more get 503 with Retry-After"},
	{"IPR_PASSWORD_OPS", SET_INT, AT(password_ops), "3", 1, 20,
	 "Argon2id passes per password hash (libsodium opslimit); hashes made with other settings are redone at login"},
	{"IPR_PASSWORD_MEMORY", SET_BYTES, AT(password_memory), "32M", 8192, 1L << 30,
	 "Argon2id memory per password hash (libsodium memlimit), bytes"},
	{"IPR_LOGIN_FREE_FAILURES", SET_INT, AT(login_free_failures), "3", 1, 1000,
	 "failed logins (or current-password checks) of one account before each next attempt waits"},
	{"IPR_LOGIN_DELAY", SET_INT, AT(login_delay), "1", 1, 3600,
	 "seconds the first wait lasts after the last failure; each further failure doubles it"},
	{"IPR_LOGIN_MAX_DELAY", SET_INT, AT(login_max_delay), "60", 1, 86400,
	 "the longest wait of an account between attempts (429 with Retry-After meanwhile)"},
	{"IPR_LOGIN_WINDOW", SET_INT, AT(login_window), "900", 1, 86400,
	 "seconds over which a client address's failed logins and registrations are counted; an account's "
	 "failures are forgotten this long after the last"},
	{"IPR_ADDRESS_FAILURES", SET_INT, AT(address_failures), "100", 1, 1000000,
	 "failed logins from one client address per IPR_LOGIN_WINDOW before 429"},
	{"IPR_ADDRESS_ACCOUNTS", SET_INT, AT(address_accounts), "20", 1, 1000000,
	 "account registrations (POST /v1/accounts) from one client address per IPR_LOGIN_WINDOW before 429"},
	{"IPR_ANONYMOUS_RATE", SET_INT, AT(anonymous_rate), "100", 1, 1000000,
	 "requests a second one client address may make to the routes that need no token (the register, "
	 "login, registration, probes); more get 429"},
	{"IPR_TRUSTED_PROXIES", SET_CIDRS, AT(trusted_proxies), "", 0, 0,
	 "comma-separated addresses or networks (CIDR) of reverse proxies: from them the client is the "
	 "rightmost X-Forwarded-For hop that is not one; empty: the client is the connection's peer"},
	{"IPR_METRICS_TOKEN", SET_SECRET, AT(metrics_token), "", 32, 512,
	 "bearer token that may read /metrics besides administrators (Prometheus' credentials_file): 32 to 512 "
	 "visible ASCII characters; empty: administrators only"},
	{"IPR_PRE_CONFIRMATION_DUE_DAYS", SET_INT, AT(pre_confirmation_due_days), "5", 1, 60,
	 "working days after receipt by which a port decides a pre-confirmation request"},
	{"IPR_PRE_CONFIRMATION_VALID_DAYS", SET_INT, AT(pre_confirmation_valid_days), "90", 1, 3650,
	 "calendar days after the expected date that a confirmation stays valid"},
	{"IPR_SIGNING_KEY", SET_TEXT, AT(signing_key), "", 0, 0,
	 "the registry's Ed25519 private key file (PKCS#8 PEM; iprd keygen writes one, mode 0600): it signs "
	 "certificates and log checkpoints; empty: nothing is signed (no certificates, no checkpoints)"},
	{"IPR_PUBLIC_URL", SET_ORIGIN, AT(public_url), "http://127.0.0.1:8080", 0, 0,
	 "the registry's address as others reach it (scheme://host[:port]): the certificates' issuer is "
	 "did:web of its host, and their status lists and verification links are under it"},
	{"IPR_LOG_CHECKPOINT_INTERVAL", SET_INT, AT(log_checkpoint_interval), "60", 1, 3600,
	 "seconds between two signed checkpoints of the tamper-evident log (one per interval, however many "
	 "daemons run)"},
	{"IPR_CASE_RESPONSE_DAYS", SET_INT, AT(case_response_days), "3", 1, 30,
	 "working days after customs suspends suspect goods by which the rights holder must ask for their "
	 "detention; without an answer they are released"},
	{"IPR_CASE_INVESTIGATION_DAYS", SET_INT, AT(case_investigation_days), "30", 1, 250,
	 "working days after detention by which customs decides whether detained goods infringe"},
	{"IPR_BORDER_MARK_SIMILARITY", SET_INT, AT(border_mark_similarity), "40", 10, 100,
	 "how alike, in percent of trigram word similarity, a recorded mark must be to the text of a border "
	 "check to be found (40: \"ADIBAS\" finds \"ADIDAS\"); higher finds fewer look-alikes, and faster"},
	{"IPR_LONG_POLLS", SET_INT, AT(long_polls), "1000", 1, 1000000,
	 "event feed calls (GET /v1/events?wait=) that may wait at once; more get 503 with Retry-After (a waiting "
	 "call holds no thread)"},
	{"IPR_LONG_POLLS_PER_USER", SET_INT, AT(long_polls_per_user), "8", 1, 1000000,
	 "event feed calls one user may have waiting at once; more get 429"},
	{"IPR_SCHEDULER_INTERVAL", SET_INT, AT(scheduler_interval), "60", 1, 86400,
	 "seconds between two looks of the scheduler for time-driven events (renewal windows, expiries, "
	 "late decisions)"},
	{"IPR_SCHEDULER_TODAY", SET_DATE, AT(scheduler_today), "", 0, 0,
	 "the date the scheduler takes for today (YYYY-MM-DD), for tests; empty: today in IPR_TIMEZONE"},
	{"IPR_EVENT_RETENTION_DAYS", SET_INT, AT(event_retention_days), "365", 0, 36500,
	 "days that events and delivered webhooks are kept; older ones the scheduler removes (not those a "
	 "pending or failed delivery still needs, nor a time-driven event before its day is that old too); "
	 "0: kept forever"},
	{"IPR_WEBHOOK_WORKERS", SET_INT, AT(webhook_workers), "4", 1, 256,
	 "threads that deliver webhooks (each sends one delivery at a time; one endpoint holds at most one)"},
	{"IPR_WEBHOOK_TIMEOUT", SET_INT, AT(webhook_timeout), "10", 1, 120,
	 "seconds a webhook delivery may take to connect and to be answered; then it is a failed attempt"},
	{"IPR_WEBHOOK_RETRY_BASE", SET_INT, AT(webhook_retry_base), "30", 1, 86400,
	 "seconds before the first retry of a failed delivery; each next wait doubles (up to a day), with "
	 "jitter of a quarter either way"},
	{"IPR_WEBHOOK_ATTEMPTS", SET_INT, AT(webhook_attempts), "14", 1, 100,
	 "attempts of a delivery before it is failed (14 at the default base: about two days)"},
	{"IPR_WEBHOOK_ALLOWED_NETWORKS", SET_CIDRS, AT(webhook_allowed_networks), "", 0, 0,
	 "comma-separated addresses or networks (CIDR) that webhooks may reach although they are private, "
	 "loopback or reserved (a receiver inside your network; the tests' 127.0.0.1); empty: public addresses only"},
};
/* clang-format on */

static void flag_name(const char *env, char *out, size_t len)
{
	size_t o = 0;
	out[o++] = '-';
	out[o++] = '-';
	for (const char *p = env + 4; *p && o + 1 < len; p++)
		out[o++] = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	out[o] = '\0';
}

static int parse_long(const char *text, long *out, bool bytes)
{
	errno = 0;
	char *end = NULL;
	long v = strtol(text, &end, 10);
	if (end == text || errno)
		return -1;
	if (bytes && *end) {
		long mult = *end == 'K' || *end == 'k'   ? 1L << 10
		            : *end == 'M' || *end == 'm' ? 1L << 20
		            : *end == 'G' || *end == 'g' ? 1L << 30
		                                         : 0;
		if (!mult || end[1] || v > LONG_MAX / mult)
			return -1;
		v *= mult;
		end++;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static int parse_listen(struct config *c, const char *text)
{
	const char *colon = strrchr(text, ':');
	if (!colon || colon == text)
		return -1;
	size_t hlen = (size_t)(colon - text);
	const char *host = text;
	if (text[0] == '[') { /* [v6]:port */
		if (colon[-1] != ']')
			return -1;
		host++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof c->listen_host)
		return -1;
	long port;
	if (parse_long(colon + 1, &port, false) || port < 0 || port > 65535)
		return -1;
	memcpy(c->listen_host, host, hlen);
	c->listen_host[hlen] = '\0';
	c->listen_port = (unsigned)port;
	return 0;
}

static bool timezone_exists(const char *name)
{
	if (!*name || name[0] == '/' || strstr(name, ".."))
		return false;
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	return access(path, R_OK) == 0;
}

static int apply(struct config *c, const struct setting *s, const char *value, char *err, size_t errlen)
{
	void *field = (char *)c + s->offset;
	long v;
	switch (s->type) {
	case SET_TEXT:
		*(const char **)field = value;
		return 0;
	case SET_ORIGIN: {
		const char *host = !strncmp(value, "https://", 8)  ? value + 8
		                   : !strncmp(value, "http://", 7) ? value + 7
		                                                   : NULL;
		size_t n = host ? strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") : 0;
		if (!host || n == 0 || host[n] || host[0] == ':' || n > 200) {
			snprintf(err, errlen,
			         "%s: \"%s\" is not an http or https origin (https://registry.example[:port], "
			         "no path)",
			         s->env, value);
			return -1;
		}
		*(const char **)field = value;
		return 0;
	}
	case SET_INT:
	case SET_BYTES:
		if (parse_long(value, &v, s->type == SET_BYTES) || v < s->min || v > s->max) {
			snprintf(err, errlen, "%s: \"%s\" is not %s from %ld to %ld", s->env, value,
			         s->type == SET_BYTES ? "a size in bytes" : "a whole number", s->min, s->max);
			return -1;
		}
		*(long *)field = v;
		return 0;
	case SET_LISTEN:
		if (parse_listen(c, value)) {
			snprintf(err, errlen, "%s: \"%s\" is not host:port (port 0 to 65535)", s->env, value);
			return -1;
		}
		*(const char **)field = value;
		return 0;
	case SET_TIMEZONE:
		if (!timezone_exists(value)) {
			snprintf(err, errlen,
			         "%s: \"%s\" is not a known time zone (an IANA name such as Asia/Shanghai)", s->env,
			         value);
			return -1;
		}
		*(const char **)field = value;
		return 0;
	case SET_SECRET: { /* the message never quotes it */
		bool visible = true;
		for (const char *p = value; *p; p++)
			visible = visible && *p > ' ' && *p <= '~';
		size_t n = strlen(value);
		if (n && (!visible || n < (size_t)s->min || n > (size_t)s->max)) {
			snprintf(err, errlen, "%s: must be empty or %ld to %ld visible ASCII characters", s->env,
			         s->min, s->max);
			return -1;
		}
		*(const char **)field = value;
		return 0;
	}
	case SET_CIDRS:
		if (cidr_list_parse(value, field)) {
			snprintf(err, errlen,
			         "%s: \"%s\" is not a comma-separated list of at most %d addresses or networks "
			         "(10.0.0.0/8, ::1)",
			         s->env, value, CIDRS_MAX);
			return -1;
		}
		return 0;
	case SET_DATE: {
		ipr_date d = 0;
		if (*value && !date_parse(value, &d)) {
			snprintf(err, errlen, "%s: \"%s\" is not a date written YYYY-MM-DD", s->env, value);
			return -1;
		}
		*(const char **)field = value;
		return 0;
	}
	case SET_LOG_LEVEL:
		v = log_level_parse(value);
		if (v < 0) {
			snprintf(err, errlen, "%s: \"%s\" is not one of debug, info, warn, error", s->env, value);
			return -1;
		}
		*(long *)field = v;
		return 0;
	}
	return -1;
}

int config_load(struct config *out, config_getenv_fn getenv_fn, int argc, char **argv, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (apply(out, &settings[i], settings[i].fallback, err, errlen))
			return -1; /* a bad default is a bug, but say so rather than crash */
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const char *v = getenv_fn(settings[i].env);
		if (v && apply(out, &settings[i], v, err, errlen))
			return -1;
	}
	for (int a = 0; a < argc; a++) {
		const char *arg = argv[a];
		const struct setting *found = NULL;
		const char *value = NULL;
		for (size_t i = 0; i < sizeof settings / sizeof settings[0] && !found; i++) {
			char flag[64];
			flag_name(settings[i].env, flag, sizeof flag);
			size_t fl = strlen(flag);
			if (strncmp(arg, flag, fl) == 0 && (arg[fl] == '=' || arg[fl] == '\0')) {
				found = &settings[i];
				if (arg[fl] == '=') {
					value = arg + fl + 1;
				} else if (a + 1 < argc) {
					value = argv[++a];
				} else {
					snprintf(err, errlen, "%s needs a value", flag);
					return -1;
				}
			}
		}
		if (!found) {
			snprintf(err, errlen, "unknown option \"%s\" (see iprd --help)", arg);
			return -1;
		}
		if (apply(out, found, value, err, errlen))
			return -1;
	}
	return 0;
}

void config_print_help(FILE *to)
{
	fprintf(to, "Settings (environment variable, flag, default):\n");
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		char flag[64];
		flag_name(settings[i].env, flag, sizeof flag);
		fprintf(to, "  %-32s %-32s default: %s\n      %s\n", settings[i].env, flag,
		        *settings[i].fallback ? settings[i].fallback : "(empty)", settings[i].help);
	}
}
