#include "http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/session.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/listen.h"
#include "db/pipeline.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/request.h"
#include "http/response.h"

static const struct route *routes;
static size_t nroutes;
static atomic_int inflight;

static long body_limit(const struct request *req);
static enum MHD_Result answer(struct request *req);

const char *request_param(const struct request *req, const char *name)
{
	for (int i = 0; i < req->match.nparams; i++)
		if (!strcmp(req->match.params[i].name, name))
			return req->match.params[i].value;
	return NULL;
}

const char *request_query(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* "application/json" with optional parameters such as "; charset=utf-8". */
static bool is_json_type(const char *ct)
{
	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	size_t n = strcspn(ct, "; ");
	return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

json_t *request_json_object(struct request *req, bool empty_ok)
{
	if (req->body_too_large) {
		respond_problem(req, 413, "the request body is larger than the limit of %ld bytes", body_limit(req));
		return NULL;
	}
	if (req->body.len == 0) {
		if (empty_ok)
			return json_object();
		respond_problem(req, 400, "a JSON object is required as the request body");
		return NULL;
	}
	if (!is_json_type(request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		respond_problem(req, 415, "the request body must be JSON, sent with Content-Type: application/json");
		return NULL;
	}
	json_error_t err;
	json_t *v = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!v) {
		respond_problem(req, 400, "the body is not valid JSON: %s (line %d, column %d)", err.text, err.line,
		                err.column);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		respond_problem(req, 400, "the body must be a JSON object");
		return NULL;
	}
	return v;
}

void request_suspend(struct request *req)
{
	req->suspended = true;
	req->resumed = false;
	MHD_suspend_connection(req->conn);
}

void request_resume(struct request *req)
{
	req->resumed = true;
	MHD_resume_connection(req->conn);
}

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

static void client_address(struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)len);
}

static enum MHD_Result queue(struct request *req)
{
	MHD_add_response_header(req->response, "X-Request-Id", req->request_id);
	enum MHD_Result r = MHD_queue_response(req->conn, req->status, req->response);
	MHD_destroy_response(req->response);
	req->response = NULL;
	return r;
}

static long body_limit(const struct request *req)
{
	unsigned flags = req->match.route ? req->match.route->flags : 0;
	return flags & ROUTE_RAW_BODY ? cfg.max_document : flags & ROUTE_BULK_BODY ? cfg.max_bulk_body : cfg.max_body;
}

/* Routing, size and access checks on the first callback, before any body is read, so
 * that a refused request costs nothing. Leaves an answer in req->response when refused. */
static void admit(struct request *req)
{
	switch (router_match(routes, nroutes, req->method, req->path, &req->match)) {
	case ROUTER_NOT_FOUND:
		respond_problem(req, 404, "no resource at %s", req->path);
		return;
	case ROUTER_METHOD_NOT_ALLOWED:
		respond_problem(req, 405, "%s is not allowed here; allowed: %s", req->method, req->match.allow);
		response_header(req, MHD_HTTP_HEADER_ALLOW, req->match.allow);
		return;
	case ROUTER_BAD_PARAM: {
		/* An id that is not a UUID names nothing (404); a date that is not a date is bad input. */
		bool is_date = strcmp(req->match.bad_param, "date") == 0;
		const char *what = is_date ? "a real date written YYYY-MM-DD" : "a UUID";
		char msg[64];
		snprintf(msg, sizeof msg, "must be %s", what);
		respond_problem_with(req, is_date ? 422 : 404,
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
	if (cl && strtoll(cl, NULL, 10) > body_limit(req)) {
		respond_problem(req, 413, "the request body is larger than the limit of %ld bytes", body_limit(req));
		return;
	}
	unsigned roles = req->match.route->roles;
	if (roles & ROLE_ANONYMOUS)
		return; /* public: no token needed, none looked at */
	if (auth_authenticate(req) != 0)
		return; /* answered: 401, or 503 when the database is down */
	if (!(roles & req->principal.role))
		respond_problem(req, 403, "a %s may not %s %s", role_name(req->principal.role), req->method,
		                req->match.route->path);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)cls;
	(void)version;
	struct request *req = *con_cls;
	if (!req) {
		req = xcalloc(1, sizeof *req);
		*con_cls = req;
		atomic_fetch_add(&inflight, 1);
		req->conn = conn;
		req->method = method;
		req->path = url;
		req->route_index = -1;
		req->started_ns = clock_ns();
		req->principal.role = ROLE_ANONYMOUS;
		const char *rid = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
		if (rid && request_id_sane(rid))
			snprintf(req->request_id, sizeof req->request_id, "%s", rid);
		else
			uuid_generate(req->request_id);
		client_address(conn, req->client_ip, sizeof req->client_ip);
		admit(req);
		return req->response ? queue(req) : MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		req->body_seen += n;
		if (req->body_too_large || req->body_seen > (size_t)body_limit(req)) {
			req->body_too_large = true;
			/* A client that keeps sending far past the limit is cut off, not read. */
			return req->body_seen > 4 * (size_t)body_limit(req) ? MHD_NO : MHD_YES;
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
	if (req->response)
		return queue(req); /* answered on another thread, now resumed */
	if (req->suspended && !req->resumed)
		return MHD_YES;
	if (req->then) { /* a query finished on another thread: the handler's continuation */
		void (*then)(struct request *, void *) = req->then;
		req->then = NULL;
		req->suspended = false;
		then(req, req->then_arg);
		return answer(req);
	}
	if (req->body_too_large) {
		respond_problem(req, 413, "the request body is larger than the limit of %ld bytes", body_limit(req));
		return queue(req);
	}
	if (req->upload) {
		if (req->upload->failed) {
			respond_problem(req, 503, "the server could not store the upload; try again");
			return queue(req);
		}
		upload_finish(req->upload);
	}
	req->match.route->handler(req);
	return answer(req);
}

/* After a handler (or what it left in req->then) ran: queue its answer, unless it handed the
 * request to another thread. */
static enum MHD_Result answer(struct request *req)
{
	if (db_in_transaction()) {
		log_error("request %s: handler for %s %s left a transaction open; rolled back", req->request_id,
		          req->method, req->match.route->path);
		db_rollback();
	}
	if (req->suspended)
		return MHD_YES;
	if (!req->response) {
		log_error("request %s: handler for %s %s gave no answer", req->request_id, req->method,
		          req->match.route->path);
		respond_problem(req, 500, "an internal error occurred; quote request id %s", req->request_id);
	}
	return queue(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct request *req = *con_cls;
	if (!req)
		return;
	uint64_t ns = clock_ns() - req->started_ns;
	unsigned status = req->status ? req->status : 0;
	metrics_record(req->route_index, status, ns);
	const char *route = req->match.route ? req->match.route->path : "-";
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		log_info("request %s %s route=%s status=%u duration_ms=%.3f request_id=%s", req->method, req->path, route,
		         status, (double)ns / 1e6, req->request_id);
	else
		log_warn("request %s %s route=%s status=%u aborted (code %d) duration_ms=%.3f request_id=%s", req->method,
		         req->path, route, status, (int)toe, (double)ns / 1e6, req->request_id);
	if (req->response)
		MHD_destroy_response(req->response);
	if (req->then)
		req->then(NULL, req->then_arg);
	upload_free(req->upload);
	buf_free(&req->body);
	free(req);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_warn("http: %s", msg);
}

int server_run(const struct route *table, size_t n)
{
	routes = table;
	nroutes = n;
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

	/* Signals are taken by sigwait below: block them before any thread starts. */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
	                 MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	offload_start((int)cfg.hash_threads);
	if (pipeline_start((int)cfg.db_pipelines) != 0) {
		offload_stop();
		freeaddrinfo(ai);
		return 1;
	}
	if (listen_start(cfg.database_url) != 0) {
		pipeline_stop();
		offload_stop();
		freeaddrinfo(ai);
		return 1;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, so that it sees every message */
		MHD_OPTION_SOCK_ADDR, ai->ai_addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg.threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg.connection_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg.connection_timeout,
		/* Bounds the request line and headers (16 KiB: twice nginx's 8 KiB a line). libmicrohttpd
		 * zeroes this pool between the requests of a keep-alive connection: at 64 KiB that memset
		 * was 7 % of the CPU time of a small GET (bench/RESULTS.md). */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!d) {
		log_error("cannot listen on %s (address in use, or not allowed)", cfg.listen);
		listen_stop();
		pipeline_stop();
		offload_stop();
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	log_info("listening on %s:%u with %ld threads", cfg.listen_host, info ? info->port : cfg.listen_port,
	         cfg.threads);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	log_info("received %s: no longer accepting; finishing %d request(s) in flight", strsignal(sig),
	         atomic_load(&inflight));
	MHD_socket listener = MHD_quiesce_daemon(d);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	uint64_t deadline = clock_ns() + (uint64_t)cfg.shutdown_timeout * 1000000000ull;
	while (atomic_load(&inflight) > 0 && clock_ns() < deadline) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&inflight) > 0)
		log_warn("shutdown timeout: closing %d request(s) still in flight", atomic_load(&inflight));
	pipeline_stop(); /* before the daemon: a request waiting for a query is answered, not dropped */
	MHD_stop_daemon(d);
	offload_stop();
	listen_stop();
	auth_shutdown();
	log_info("stopped");
	return 0;
}
