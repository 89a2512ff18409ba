#include "api/webhook_delivery.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "api/webhook_store.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/webhook.h"

#define IDLE_LOOK_NS 1000000000ull /* an idle worker looks for due retries this often */
#define LEASE_MARGIN_S 15          /* beyond the timeout: a lease outlives the attempt it covers */

static pthread_t *workers;
static int nworkers;
static bool stopping;
static uint64_t generation; /* bumped by webhook_delivery_changed */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;

/* ---- addresses ---- */

static bool address_allowed(const char *text)
{
	return address_is_public(text) || cidr_list_contains(&cfg.webhook_allowed_networks, text);
}

static const char *sockaddr_text(const struct sockaddr *sa, char out[ADDRESS_TEXT_MAX])
{
	out[0] = '\0';
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, ADDRESS_TEXT_MAX);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, ADDRESS_TEXT_MAX);
	return out;
}

const char *webhook_url_refusal(const char *url, char why[256])
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL;
	const char *refusal = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		refusal = "must be an absolute http or https URL";
		goto out;
	}
	if (strcmp(scheme, "https") && strcmp(scheme, "http")) {
		refusal = "must be an http or https URL";
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK) {
		refusal = "must not carry a user name or password";
		goto out;
	}
	/* [::1] comes back with its brackets; getaddrinfo wants the address alone */
	char name[256];
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
		snprintf(name, sizeof name, "%.*s", (int)(n - 2), host + 1);
	else
		snprintf(name, sizeof name, "%s", host);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *ai = NULL;
	if (getaddrinfo(name, NULL, &hints, &ai) != 0 || !ai) {
		refusal = "names a host that does not resolve";
		goto out;
	}
	for (struct addrinfo *a = ai; a && !refusal; a = a->ai_next) {
		char text[ADDRESS_TEXT_MAX];
		if (!address_allowed(sockaddr_text(a->ai_addr, text))) {
			snprintf(
				why, 256,
				"names a host at %s, a private, loopback or reserved address that webhooks may not reach",
				text);
			refusal = why;
		}
	}
	freeaddrinfo(ai);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(password);
	curl_url_cleanup(u);
	return refusal;
}

/* ---- one attempt ---- */

struct attempt {
	char refused[ADDRESS_TEXT_MAX]; /* the address the check refused */
	size_t received;
};

/* Every address libcurl is about to connect to, checked here: whatever the name resolves to
 * now, not when it was registered. */
static curl_socket_t open_checked(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)purpose;
	struct attempt *at = clientp;
	char text[ADDRESS_TEXT_MAX];
	if (!address_allowed(sockaddr_text(&a->addr, text))) {
		snprintf(at->refused, sizeof at->refused, "%s", text);
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* The receiver's body is not kept (a few kilobytes are read; its status is the answer). */
static size_t discard(char *data, size_t size, size_t n, void *clientp)
{
	(void)data;
	struct attempt *at = clientp;
	at->received += size * n;
	return at->received > 65536 ? 0 : size * n;
}

struct outcome {
	long status; /* the receiver's, 0 when none came */
	char error[256];
	long latency_ms;
};

static void send_one(CURL *curl, const char *url, const char *secret, const char *event_id, const char *body,
                     struct outcome *out)
{
	char timestamp[24], signature[WEBHOOK_SIGNATURE_LEN], header[3][128];
	snprintf(timestamp, sizeof timestamp, "%lld", (long long)time(NULL));
	*out = (struct outcome){0};
	if (!webhook_sign(secret, event_id, timestamp, body, strlen(body), signature)) {
		snprintf(out->error, sizeof out->error, "the endpoint's secret is not one");
		return;
	}
	snprintf(header[0], sizeof header[0], "webhook-id: %s", event_id);
	snprintf(header[1], sizeof header[1], "webhook-timestamp: %s", timestamp);
	snprintf(header[2], sizeof header[2], "webhook-signature: %s", signature);
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	headers = curl_slist_append(headers, "User-Agent: iprd-webhooks/0.1");
	for (int i = 0; i < 3; i++)
		headers = curl_slist_append(headers, header[i]);
	headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
	struct attempt at = {0};
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_PROXY, ""); /* never through a proxy: the address check is the receiver's */
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, cfg.webhook_timeout * 1000L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, cfg.webhook_timeout * 1000L);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &at);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &at);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	uint64_t started = clock_ns();
	CURLcode rc = curl_easy_perform(curl);
	out->latency_ms = (long)((clock_ns() - started) / 1000000u);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	if (out->status < 100 || out->status > 599)
		out->status = 0;
	if (at.refused[0])
		snprintf(
			out->error, sizeof out->error,
			"refused to connect to %s: a private, loopback or reserved address (IPR_WEBHOOK_ALLOWED_NETWORKS)",
			at.refused);
	else if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && out->status))
		snprintf(out->error, sizeof out->error, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	curl_slist_free_all(headers);
}

/* Claims one due delivery and sends it; false when there was none (or the database failed). */
static bool deliver_one(CURL *curl)
{
	char lease[24];
	snprintf(lease, sizeof lease, "%ld", cfg.webhook_timeout + LEASE_MARGIN_S);
	PGresult *res = NULL;
	if (db_exec(&webhook_store_claim, DB_ARGS(lease), &res) != DB_OK)
		return false;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return false;
	}
	const char *delivery = PQgetvalue(res, 0, 0), *endpoint = PQgetvalue(res, 0, 1);
	struct outcome o;
	send_one(curl, PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 5), &o);
	int attempts = atoi(PQgetvalue(res, 0, 6)) + 1;
	const char *status = "pending", *disable = NULL;
	char next[24] = "0", code[8];
	snprintf(code, sizeof code, "%ld", o.status);
	if (o.status >= 200 && o.status < 300) {
		status = "succeeded";
	} else if (o.status == 410) {
		status = "failed";
		disable = "the receiver answered 410 Gone: it wants no more deliveries";
	} else if (attempts >= cfg.webhook_attempts) {
		status = "failed";
	} else {
		snprintf(next, sizeof next, "%lld",
		         (long long)webhook_retry_ms(attempts, cfg.webhook_retry_base, randombytes_uniform(1001)));
	}
	char latency[24];
	snprintf(latency, sizeof latency, "%ld", o.latency_ms);
	enum db_status st = db_exec(&webhook_store_record,
	                            DB_ARGS(delivery, endpoint, o.status ? code : NULL, o.error[0] ? o.error : NULL,
	                                    latency, status, next, disable),
	                            NULL);
	if (st != DB_OK) /* the lease runs out and the delivery is sent again: at least once */
		log_warn("webhooks: the outcome of delivery %s could not be recorded", delivery);
	else
		log_info("webhooks: delivery %s attempt %d: %s%s%s (%ld ms)", delivery, attempts,
		         o.status ? code : "no answer", o.error[0] ? ": " : "", o.error, o.latency_ms);
	PQclear(res);
	return true;
}

static void *worker_main(void *unused)
{
	(void)unused;
	db_thread_use(DB_USE_JOBS);
	CURL *curl = curl_easy_init();
	pthread_mutex_lock(&lock);
	while (!stopping) {
		uint64_t seen = generation;
		pthread_mutex_unlock(&lock);
		bool sent = curl && deliver_one(curl);
		pthread_mutex_lock(&lock);
		if (sent || stopping || generation != seen)
			continue;
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += (time_t)(IDLE_LOOK_NS / 1000000000ull);
		while (!stopping && generation == seen && pthread_cond_timedwait(&wake, &lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&lock);
	curl_easy_cleanup(curl);
	db_thread_close();
	return NULL;
}

void webhook_delivery_changed(void)
{
	pthread_mutex_lock(&lock);
	generation++;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
}

int webhook_delivery_start(void)
{
	cond_init_monotonic(&wake);
	stopping = false;
	nworkers = 0;
	workers = xcalloc((size_t)cfg.webhook_workers, sizeof *workers);
	for (long i = 0; i < cfg.webhook_workers; i++) {
		if (pthread_create(&workers[nworkers], NULL, worker_main, NULL) != 0) {
			log_error("webhooks: cannot start a delivery worker");
			webhook_delivery_stop();
			return -1;
		}
		nworkers++;
	}
	return 0;
}

void webhook_delivery_stop(void)
{
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	free(workers);
	workers = NULL;
	nworkers = 0;
}
