#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth/session.h"
#include "auth/throttle.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/listen.h"
#include "http/auth.h"
#include "http/budget.h"
#include "http/console.h"
#include "http/guard.h"
#include "http/idempotency.h"
#include "http/loop.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/park.h"
#include "http/request.h"
#include "http/response.h"

static const struct route *routes;
static size_t nroutes;
static atomic_int inflight;

/* A client's request id is echoed when it is safe in logs and headers: 1 to 64 of
 * A-Z a-z 0-9 . _ : - (as the API document says); otherwise one is generated. */
static bool request_id_sane(const char *id)
{
	size_t n = 0;
	for (; id[n]; n++) {
		char c = id[n];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		          c == '_' || c == ':' || c == '-';
		if (!ok || n >= REQUEST_ID_MAX)
			return false;
	}
	return n > 0;
}

/* Every X-Forwarded-For line of a request, in order, joined with commas (a proxy may add a line
 * of its own rather than append to the client's). Past its size the leftmost hops go: only the
 * rightmost ones are read. */
struct forwarded {
	char text[1024];
	size_t len;
	bool any;
};

static enum MHD_Result add_forwarded(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct forwarded *f = cls;
	if (!value || strcasecmp(key, "X-Forwarded-For") != 0)
		return MHD_YES;
	size_t n = strlen(value), need = n + (f->any ? 1 : 0);
	if (need >= sizeof f->text) {
		value += need - (sizeof f->text - 1); /* only its right end fits */
		n = strlen(value);
		f->len = 0;
		f->any = false;
		need = n;
	}
	if (f->len + need >= sizeof f->text) {
		size_t drop = f->len + need - (sizeof f->text - 1);
		memmove(f->text, f->text + drop, f->len - drop);
		f->len -= drop;
	}
	if (f->any)
		f->text[f->len++] = ',';
	memcpy(f->text + f->len, value, n);
	f->len += n;
	f->text[f->len] = '\0';
	f->any = true;
	return MHD_YES;
}

/* The client's address: the connection's peer, or behind a trusted proxy the hop it names in
 * X-Forwarded-For (IPR_TRUSTED_PROXIES, core/net.h). */
static void client_address(struct MHD_Connection *conn, char out[ADDRESS_TEXT_MAX])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char peer[ADDRESS_TEXT_MAX] = "";
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, peer, sizeof peer);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, peer, sizeof peer);
	struct forwarded f = {.len = 0};
	if (cfg.trusted_proxies.n)
		MHD_get_connection_values(conn, MHD_HEADER_KIND, add_forwarded, &f);
	client_address_of(peer, f.any ? f.text : NULL, &cfg.trusted_proxies, out);
}

static enum MHD_Result queue(struct request *req)
{
	response_finish(req);
	enum MHD_Result r = MHD_queue_response(req->conn, req->status, req->response);
	MHD_destroy_response(req->response);
	req->response = NULL;
	return r;
}

static enum budget_kind body_budget_kind(const struct request *req)
{
	return req->match.route->flags & ROUTE_RAW_BODY ? BUDGET_DISK : BUDGET_MEMORY;
}

/* Holds total bytes of the body's budget (http/budget.h); false when they do not fit. */
static bool hold_body(struct request *req, uint64_t total)
{
	if (total <= req->body_budget)
		return true;
	if (!budget_take(body_budget_kind(req), total - req->body_budget))
		return false;
	req->body_budget = total;
	return true;
}

static void respond_over_budget(struct request *req)
{
	bool disk = body_budget_kind(req) == BUDGET_DISK;
	respond_retry_later(req, 503, 5, "the server holds as many %s as it may (%s); try again shortly",
	                    disk ? "uploads in progress" : "request bodies",
	                    disk ? "IPR_UPLOAD_DISK_BUDGET" : "IPR_BODY_MEMORY_BUDGET");
}

/* Stops at a query parameter whose name or value holds a NUL (an escaped %00): the handlers
 * read C strings, which would end there and show them a shorter value than was sent. */
static enum MHD_Result query_arg_nul(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                     const char *value, size_t value_size)
{
	(void)kind;
	bool *nul = cls;
	*nul = strlen(key) != key_size || (value && strlen(value) != value_size);
	return *nul ? MHD_NO : MHD_YES;
}

/* The route's role check, once the caller is known. */
static void check_role(struct request *req)
{
	if (!(req->match.route->roles & req->principal.role))
		respond_problem(req, 403, "a %s may not %s %s", role_name(req->principal.role), req->method,
		                req->match.route->path);
	else if (!principal_may_call(&req->principal, req->match.route->roles))
		respond_problem_with(req, 403, json_pack("{s:s}", "type", "urn:iprd:problem:agent-not-approved"),
		                     "the registry's administrator has not approved this agent (or suspended it): "
		                     "it may act for rights holders once approved");
}

/* Routing, size and access checks on the first callback, before any body is read, so
 * that a refused request costs nothing. Leaves an answer in req->response when refused. */
static void admit(struct request *req)
{
	bool nul = false;
	MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, query_arg_nul, &nul);
	if (nul) {
		respond_problem(req, 400, "a query parameter has an escaped NUL (%%00)");
		return;
	}
	enum router_result routed = router_match(routes, nroutes, req->method, req->path, &req->match);
	char *decoded = NULL; /* the whole path decoded, for the console: it names files, not segments */
	if (routed == ROUTER_NOT_FOUND) {
		decoded = xmalloc(strlen(req->path) + 1);
		if (percent_decode(req->path, strlen(req->path), decoded) < 0)
			routed = ROUTER_BAD_PATH;
	}
	switch (routed) {
	case ROUTER_NOT_FOUND:
		/* Not the API's: the web console's files and client-side routes (http/console.h). */
		if (console_claims(req->method, decoded))
			console_serve(req, decoded);
		else
			respond_problem(req, 404, "no resource at %s", req->path);
		free(decoded);
		return;
	case ROUTER_BAD_PATH:
		free(decoded);
		respond_problem(req, 400, "the path has a malformed %%-escape, or an escaped NUL (%%00)");
		return;
	case ROUTER_METHOD_NOT_ALLOWED:
		respond_problem(req, 405, "%s is not allowed here; allowed: %s", req->method, req->match.allow);
		response_header(req, MHD_HTTP_HEADER_ALLOW, req->match.allow);
		return;
	case ROUTER_BAD_PARAM: {
		/* An id that is not a UUID (a number that is not one) names nothing (404); a date that
		 * is not a date is bad input. */
		bool is_date = strcmp(req->match.bad_param, "date") == 0;
		bool is_number = !strcmp(req->match.bad_param, "list") || !strcmp(req->match.bad_param, "seq");
		const char *what = is_date ? "a real date written YYYY-MM-DD" : is_number ? "a whole number" : "a UUID";
		char msg[64];
		snprintf(msg, sizeof msg, "must be %s", what);
		respond_problem_with(
			req, is_date ? 422 : 404,
			json_pack("{s:[{s:s, s:s}]}", "errors", "field", req->match.bad_param, "message", msg),
			"the %s in the path is not %s", req->match.bad_param, what);
		req->match.route = NULL;
		return;
	}
	case ROUTER_FOUND:
		break;
	}
	req->route_index = (int)(req->match.route - routes);
	const char *cl = request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strtoll(cl, NULL, 10) > request_body_limit(req)) {
		respond_problem(req, 413, "the request body is larger than the limit of %ld bytes",
		                request_body_limit(req));
		return;
	}
	/* A declared length is taken from the budget whole, before the first byte is read. */
	if (cl && !hold_body(req, strtoull(cl, NULL, 10))) {
		respond_over_budget(req);
		return;
	}
	if (req->match.route->flags & ROUTE_IDEMPOTENT) {
		idempotency_admit(req); /* a malformed key: 400 before the body is read */
		if (req->response)
			return;
	}
	if (req->match.route->roles & ROLE_ANONYMOUS) {
		/* Public: no token needed, none looked at; a budget per client address instead. */
		char key[80];
		snprintf(key, sizeof key, "anonymous:%s", req->client_budget);
		int wait = throttle_take(key, cfg.anonymous_rate, 1);
		if (wait)
			respond_retry_later(req, 429, wait,
			                    "too many requests from this address; try again in %d seconds", wait);
		return;
	}
	/* Answered (401, 403) or known, or suspended until the database answers (then 503 too). */
	req->admitting = auth_authenticate(req, check_role) == AUTH_PENDING;
}

/* libmicrohttpd's first word on a request (MHD_OPTION_URI_LOG_CALLBACK): the request target
 * as the client sent it, before libmicrohttpd decodes any of it. The request's state starts
 * here so that the router gets the raw path (router_match: "%2F" must not split a segment). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	struct request *req = xcalloc(1, sizeof *req);
	size_t path_len = strcspn(uri, "?");
	req->path = xstrndup(uri, path_len);
	req->query = uri[path_len] ? xstrdup(uri + path_len + 1) : NULL;
	atomic_fetch_add(&inflight, 1);
	return req;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)cls;
	(void)version;
	(void)url; /* decoded by libmicrohttpd: the router splits req->path, the raw one, itself */
	struct request *req = *con_cls;
	if (req->conn && req->admitting) {
		/* Called again after the session lookup resumed it: refused, or on to the body. */
		req->admitting = false;
		req->suspended = false;
		if (req->response) {
			*upload_data_size = 0;
			return queue(req);
		}
		if (!*upload_data_size)
			return MHD_YES;
	}
	if (!req->conn) {
		req->conn = conn;
		req->loop_wake_fd = request_loop_fd();
		req->method = method;
		req->route_index = -1;
		req->started_ns = clock_ns();
		req->principal.role = ROLE_ANONYMOUS;
		const char *rid = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
		if (rid && request_id_sane(rid))
			snprintf(req->request_id, sizeof req->request_id, "%s", rid);
		else
			uuid_generate(req->request_id);
		client_address(conn, req->client_ip);
		address_budget_key(req->client_ip, req->client_budget);
		guard_headers_received(conn);
		admit(req);
		return req->response && !req->admitting ? queue(req) : MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		req->body_seen += n;
		guard_body_received(conn, n);
		if (req->body_too_large || req->body_seen > (size_t)request_body_limit(req)) {
			req->body_too_large = true;
			/* A client that keeps sending far past the limit is cut off, not read. */
			return req->body_seen > 4 * (size_t)request_body_limit(req) ? MHD_NO : MHD_YES;
		}
		if (req->body_over_budget || !hold_body(req, req->body_seen)) {
			req->body_over_budget = true;
			return MHD_YES;
		}
		if (req->match.route->flags & ROUTE_RAW_BODY) {
			if (!req->upload)
				req->upload = upload_begin(cfg.upload_dir); /* answered 503 at the end when failed */
			upload_append(req->upload, upload_data, n);
		} else {
			buf_append(&req->body, upload_data, n);
		}
		return MHD_YES;
	}
	guard_request_received(conn);
	if (req->response)
		return queue(req); /* answered on another thread, now resumed */
	if (req->suspended && !req->resumed)
		return MHD_YES;
	if (req->body_too_large) {
		respond_problem(req, 413, "the request body is larger than the limit of %ld bytes",
		                request_body_limit(req));
		return queue(req);
	}
	if (req->body_over_budget) {
		respond_over_budget(req);
		return queue(req);
	}
	if (req->upload) {
		if (req->upload->failed) {
			respond_problem(req, 503, "the server could not store the upload; try again");
			return queue(req);
		}
		upload_finish(req->upload);
	}
	if (!(req->match.route->flags & ROUTE_IN_LOOP)) {
		/* it waits for the database: not on this loop */
		return offload_handler(req) ? MHD_YES : queue(req);
	}
	req->match.route->handler(req);
	request_handler_returned(req, req->suspended);
	return req->suspended ? MHD_YES : queue(req);
}

/* A message made piece by piece, cut at its size as vsnprintf cuts. */
struct msg {
	char text[LOG_MESSAGE_MAX];
	size_t len;
};

static void msg_add(struct msg *m, const char *s)
{
	size_t n = strlen(s), room = sizeof m->text - 1 - m->len;
	if (n > room)
		n = room;
	memcpy(m->text + m->len, s, n);
	m->len += n;
	m->text[m->len] = '\0';
}

static void msg_add_uint(struct msg *m, uint64_t v)
{
	char digits[24], *p = digits + sizeof digits;
	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	msg_add(m, p);
}

/* The request's line in the log and its count in the metrics. The line is made without printf
 * (it is written for every request: formatting it was a few per cent of a small GET's time):
 * "request GET /path route=/path status=200 duration_ms=1.234 request_id=ID", or for an aborted
 * request "... status=0 aborted (code 2) duration_ms=...". */
static void request_done(const struct request *req, enum MHD_RequestTerminationCode toe)
{
	uint64_t ns = clock_ns() - req->started_ns;
	unsigned status = req->status ? req->status : 0;
	metrics_record(req->route_index, status, ns);
	bool ok = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK;
	enum log_level level = ok ? LOG_INFO : LOG_WARN;
	if (!log_enabled(level))
		return;
	const char *route = req->match.route ? req->match.route->path : "-";
	uint64_t us = (ns + 500) / 1000; /* as %.3f of the milliseconds rounds */
	struct msg m = {.len = 0};
	msg_add(&m, "request ");
	msg_add(&m, req->method);
	msg_add(&m, " ");
	msg_add(&m, req->path);
	msg_add(&m, " route=");
	msg_add(&m, route);
	msg_add(&m, " status=");
	msg_add_uint(&m, status);
	if (!ok) {
		msg_add(&m, " aborted (code ");
		msg_add_uint(&m, (unsigned)toe);
		msg_add(&m, ")");
	}
	msg_add(&m, " duration_ms=");
	msg_add_uint(&m, us / 1000);
	char frac[5] = {'.', (char)('0' + us / 100 % 10), (char)('0' + us / 10 % 10), (char)('0' + us % 10), '\0'};
	msg_add(&m, frac);
	msg_add(&m, " request_id=");
	msg_add(&m, req->request_id);
	log_request_line(level, m.text);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	guard_request_completed(conn);
	struct request *req = *con_cls;
	if (!req)
		return;
	if (req->conn) /* else closed before its headers were in: nothing was asked */
		request_done(req, toe);
	if (req->response)
		MHD_destroy_response(req->response);
	upload_free(req->upload);
	buf_free(&req->body);
	if (req->body_budget)
		budget_give(body_budget_kind(req), req->body_budget);
	json_decref(req->json);
	free(req->path);
	free(req->query);
	free(req);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_warn("http: %s", msg);
}

/* The listening socket every loop's daemon accepts from. */
static int listen_on(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
		log_error("cannot listen on %s: %s", cfg.listen, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static unsigned bound_port(int fd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		return 0;
	if (sa.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
	return ntohs(((struct sockaddr_in *)&sa)->sin_port);
}

static const struct loop_callbacks callbacks = {on_uri, on_request, on_completed, mhd_log};

int server_run(const struct route *table, size_t n, const struct server_jobs *jobs)
{
	routes = table;
	nroutes = n;
	for (size_t i = 0; i < n; i++)
		if ((table[i].flags & ROUTE_IDEMPOTENT) &&
		    ((table[i].flags & ROUTE_IN_LOOP) || (table[i].roles & (ROLE_ANONYMOUS | ROLE_METRICS)))) {
			/* its key needs a handler thread's transaction, and a user to belong to */
			log_error("route %s %s: ROUTE_IDEMPOTENT with ROUTE_IN_LOOP or without a user", table[i].method,
			          table[i].path);
			return 1;
		}
	metrics_init(table, n);

	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
	struct addrinfo *ai = NULL;
	char port[8];
	snprintf(port, sizeof port, "%u", cfg.listen_port);
	int gai = getaddrinfo(cfg.listen_host, port, &hints, &ai);
	if (gai) {
		log_error("IPR_LISTEN: cannot resolve %s: %s", cfg.listen_host, gai_strerror(gai));
		return 1;
	}
	int listen_fd = listen_on(ai);
	freeaddrinfo(ai);
	if (listen_fd < 0)
		return 1;

	/* Signals are taken by sigwait below: block them before any thread starts. */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	offload_start((int)cfg.handler_threads, (int)cfg.hash_threads);
	if (park_start(cfg.long_polls, cfg.long_polls_per_user) != 0) {
		offload_stop();
		close(listen_fd);
		return 1;
	}
	if (listen_start() != 0) {
		park_stop();
		offload_stop();
		close(listen_fd);
		return 1;
	}
	if (jobs && jobs->start && jobs->start() != 0) {
		listen_stop();
		park_stop();
		offload_stop();
		close(listen_fd);
		return 1;
	}
	int nloops = (int)cfg.threads;
	struct loop *loops = xcalloc((size_t)nloops, sizeof *loops);
	unsigned per_loop = (unsigned)cfg.connection_limit / (unsigned)nloops;
	int started = 0;
	for (; started < nloops; started++) {
		struct loop *w = &loops[started];
		if (loop_start(w, listen_fd, per_loop ? per_loop : 1, &callbacks) != 0) {
			log_error("cannot start HTTP thread %d: %s", started, strerror(errno));
			loop_end(w, false);
			for (int i = 0; i < started; i++)
				loop_end(&loops[i], true);
			free(loops);
			if (jobs && jobs->stop)
				jobs->stop();
			listen_stop();
			park_stop();
			offload_stop();
			close(listen_fd);
			return 1;
		}
	}
	log_info("listening on %s:%u with %ld threads", cfg.listen_host, bound_port(listen_fd), cfg.threads);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	log_info("received %s: no longer accepting; finishing %d request(s) in flight", strsignal(sig),
	         atomic_load(&inflight));
	for (int i = 0; i < nloops; i++) {
		atomic_store(&loops[i].quiesce, true);
		request_wake_loop(loops[i].wake_fd);
	}
	for (int i = 0; i < nloops; i++)
		while (!atomic_load(&loops[i].quiesced))
			nanosleep(&(struct timespec){0, 1000 * 1000}, NULL);
	close(listen_fd);
	park_stop(); /* the long-polls answer with what they have */
	uint64_t deadline = clock_ns() + (uint64_t)cfg.shutdown_timeout * 1000000000ull;
	while (atomic_load(&inflight) > 0 && clock_ns() < deadline) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&inflight) > 0)
		log_warn("shutdown timeout: closing %d request(s) still in flight", atomic_load(&inflight));
	offload_stop(); /* first: what they still run resumes its request on a loop */
	for (int i = 0; i < nloops; i++)
		loop_end(&loops[i], true);
	free(loops);
	if (jobs && jobs->stop)
		jobs->stop();
	listen_stop();
	auth_shutdown();
	log_info("stopped");
	return 0;
}
