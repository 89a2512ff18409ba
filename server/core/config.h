/* Settings: one declarative table (config.c), read from the environment and flags,
 * checked at start-up. `iprd --help` prints the table. */
#ifndef IPR_CORE_CONFIG_H
#define IPR_CORE_CONFIG_H

#include <stdio.h>

#include "core/net.h"
#include "core/util.h"

struct config {
	const char *database_url;
	const char *database_read_url; /* "" when there is no read replica */
	const char *listen;            /* "host:port" as given */
	char listen_host[256];         /* parsed from listen */
	unsigned listen_port;
	long threads;
	long handler_threads;
	long db_pipelines;
	long db_connect_timeout;
	long db_statement_timeout;
	long max_body;
	long max_bulk_body;
	long max_document;
	long body_memory_budget;
	long register_cache; /* bytes of register pages kept (api/register_cache.h); 0: none */
	long upload_disk_budget;
	long document_quota;
	const char *upload_dir;
	const char *timezone;
	const char *migrations_dir;
	const char *api_spec;
	const char *docs_html;
	const char *console_dir;
	long log_level;
	long connection_limit;
	long connection_timeout;
	long connections_per_address;
	long header_timeout;
	long min_body_rate;
	long anonymous_statement_timeout;
	long shutdown_timeout;
	long session_ttl;
	long idempotency_ttl;
	long hash_threads;
	long hash_queue;
	long handler_queue;
	long password_ops;
	long password_memory;
	long login_free_failures;
	long login_delay;
	long login_max_delay;
	long login_window;
	long address_failures;
	long address_accounts;
	long anonymous_rate;
	struct cidr_list trusted_proxies;
	const char *metrics_token; /* "" when only administrators read /metrics */
	long pre_confirmation_due_days;
	long pre_confirmation_valid_days;
	const char *signing_key; /* "" when nothing is signed */
	const char *public_url;
	long log_checkpoint_interval;
	long case_response_days;
	long case_investigation_days;
	long border_mark_similarity; /* percent */
	long long_polls;
	long long_polls_per_user;
	long scheduler_interval;
	const char *scheduler_today; /* "" or YYYY-MM-DD */
	long event_retention_days;   /* 0: kept forever */
	long webhook_workers;
	long webhook_timeout;
	long webhook_retry_base;
	long webhook_attempts;
	struct cidr_list webhook_allowed_networks;
};

/* The settings in force; written once by config_load at start-up, read-only after. */
extern struct config cfg;

typedef const char *(*config_getenv_fn)(const char *name);

/* Fills *out with defaults, then the environment (through getenv_fn), then flags of the
 * form --name=value or --name value among argv[0..argc). Returns 0, or -1 with a
 * message naming the bad setting in err. Unknown flags are errors too. */
int config_load(struct config *out, config_getenv_fn getenv_fn, int argc, char **argv, char *err,
                size_t errlen) MUST_CHECK;
/* Prints every setting: variable, flag, default and meaning. */
void config_print_help(FILE *to);

#endif
