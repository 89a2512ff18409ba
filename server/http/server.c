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
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth/session.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/listen.h"
#include "db/pipeline.h"
#include "http/console.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/request.h"
#include "http/response.h"

static const struct route *routes;
static size_t nroutes;
static atomic_int inflight;

static long body_limit(const struct request *req);

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
	json_t *v = v_parse_object(req->body.data, req->body.len, &err);
	if (!v) {
		if (err.line)
			respond_problem(req, 400, "the body is not valid JSON: %s (line %d, column %d)", err.text, err.line,
			                err.column);
		else
			respond_problem(req, 400, "%s", err.text);
		return NULL;
	}
	struct field_errors errs = {0};
	if (!v_reals_exact(v, req->body.data, req->body.len, &errs))
		log_error("request %s: the reals of the body and of its parse differ", req->request_id);
	if (field_errors_any(&errs)) {
		json_decref(v);
		respond_invalid(req, &errs);
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

/* The wake-up event fd of the event loop running on this thread (-1 elsewhere). */
static __thread int loop_wake_fd = -1;

static void wake_fd(int fd)
{
	uint64_t one = 1;
	ssize_t n = write(fd, &one, sizeof one);
	(void)n; /* fails only when the counter is full: awake anyway */
}

void request_resume(struct request *req)
{
	int loop = req->loop_wake_fd; /* req may be gone once resumed */
	req->resumed = true;
	MHD_resume_connection(req->conn);
	/* In external polling mode libmicrohttpd leaves it to the application to run the daemon
	 * after a resume: wake the request's loop unless this is it. */
	if (loop != loop_wake_fd)
		wake_fd(loop);
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
	response_finish(req);
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

/* libmicrohttpd's first word on a request (MHD_OPTION_URI_LOG_CALLBACK): the request target
 * as the client sent it, before libmicrohttpd decodes any of it. The request's state starts
 * here so that the router gets the raw path (router_match: "%2F" must not split a segment). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	struct request *req = xcalloc(1, sizeof *req);
	req->path = xstrndup(uri, strcspn(uri, "?"));
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
	if (!req->conn) {
		req->conn = conn;
		req->loop_wake_fd = loop_wake_fd;
		req->method = method;
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
	if (!(req->match.route->flags & ROUTE_IN_LOOP)) {
		offload_handler(req); /* it waits for the database: not on this loop */
		return MHD_YES;
	}
	req->match.route->handler(req);
	request_handler_returned(req, req->suspended);
	return req->suspended ? MHD_YES : queue(req);
}

void request_handler_returned(struct request *req, bool handed_on)
{
	bool open = db_in_transaction();
	if (open)
		db_rollback();
	if (handed_on)
		return; /* req is another thread's now, or waits for its query */
	if (open)
		log_error("request %s: handler for %s %s left a transaction open; rolled back", req->request_id,
		          req->method, req->match.route->path);
	if (!req->response) {
		log_error("request %s: handler for %s %s gave no answer", req->request_id, req->method,
		          req->match.route->path);
		respond_problem(req, 500, "an internal error occurred; quote request id %s", req->request_id);
	}
}

/* The request's line in the log and its count in the metrics. */
static void request_done(const struct request *req, enum MHD_RequestTerminationCode toe)
{
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
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct request *req = *con_cls;
	if (!req)
		return;
	if (req->conn) /* else closed before its headers were in: nothing was asked */
		request_done(req, toe);
	if (req->response)
		MHD_destroy_response(req->response);
	upload_free(req->upload);
	buf_free(&req->body);
	free(req->path);
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

/* One event loop per HTTP thread: its own libmicrohttpd daemon (external epoll mode) on the
 * shared listening socket, and its own database pipeline. A request whose query goes through
 * the pipeline is suspended, its statement sent with the others of the same turn, and resumed
 * by the same thread when the result is in: no hand-over between threads on the hot reads. */
struct worker {
	pthread_t thread;
	struct MHD_Daemon *daemon;
	int epoll_fd;
	int wake_fd;
	atomic_bool quiesce; /* stop accepting */
	atomic_bool stop;    /* end the loop */
	atomic_bool quiesced;
};

enum { TAG_MHD, TAG_WAKE, TAG_PIPELINE };

/* Stops the worker's daemon accepting, once; the socket is shared: server_run closes it.
 * Only on the worker's thread, or after it ended. */
static void worker_quiesce(struct worker *w)
{
	if (atomic_load(&w->quiesced))
		return;
	MHD_quiesce_daemon(w->daemon);
	atomic_store(&w->quiesced, true);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	loop_wake_fd = w->wake_fd;
	struct pipeline *pl[PIPELINES_MAX];
	int npl = (int)cfg.db_pipelines;
	for (int i = 0; i < npl; i++)
		pl[i] = pipeline_open(w->epoll_fd, TAG_PIPELINE + (uint64_t)i);
	while (!atomic_load(&w->stop)) {
		if (atomic_load(&w->quiesce))
			worker_quiesce(w);
		uint64_t turn = clock_ns();
		MHD_run(w->daemon);
		for (int i = 0; i < npl; i++)
			pipeline_send(pl[i]);
		turn = clock_ns() - turn;
		if (turn > 50 * 1000000ull) /* everyone on this loop waited that long */
			log_warn("http: one turn of the event loop took %.1f ms", (double)turn / 1e6);
		MHD_UNSIGNED_LONG_LONG mhd_ms;
		int timeout = MHD_get_timeout(w->daemon, &mhd_ms) == MHD_YES ? (mhd_ms > 1000 ? 1000 : (int)mhd_ms) : 1000;
		struct epoll_event evs[8];
		int n = epoll_wait(w->epoll_fd, evs, 8, timeout);
		if (n < 0 && errno != EINTR) {
			log_error("http: epoll_wait: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			if (evs[i].data.u64 == TAG_WAKE) {
				uint64_t count;
				ssize_t got = read(w->wake_fd, &count, sizeof count);
				(void)got;
			} else if (evs[i].data.u64 >= TAG_PIPELINE) {
				pipeline_ready(pl[evs[i].data.u64 - TAG_PIPELINE], evs[i].events);
			}
		}
	}
	worker_quiesce(w); /* when the loop failed: server_run waits for this */
	for (int i = 0; i < npl; i++)
		pipeline_close(pl[i]); /* a request still waiting for a query is answered 503 ... */
	MHD_run(w->daemon);   /* ... on its way out */
	db_thread_close();
	return NULL;
}

/* The listening socket every worker's daemon accepts from. */
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

static int worker_start(struct worker *w, int listen_fd, unsigned connection_limit)
{
	w->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	w->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	w->daemon = MHD_start_daemon(
		MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, so that it sees every message */
		MHD_OPTION_LISTEN_SOCKET, listen_fd,
		MHD_OPTION_CONNECTION_LIMIT, connection_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg.connection_timeout,
		/* Bounds the request line and headers (16 KiB: twice nginx's 8 KiB a line). libmicrohttpd
		 * zeroes this pool between the requests of a keep-alive connection: at 64 KiB that memset
		 * was 7 % of the CPU time of a small GET (bench/RESULTS.md). */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	if (w->epoll_fd < 0 || w->wake_fd < 0 || !w->daemon)
		return -1;
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_EPOLL_FD);
	struct epoll_event mhd = {.events = EPOLLIN, .data.u64 = TAG_MHD};
	struct epoll_event wake = {.events = EPOLLIN, .data.u64 = TAG_WAKE};
	if (!info || epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, info->epoll_fd, &mhd) != 0 ||
	    epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, w->wake_fd, &wake) != 0)
		return -1;
	return pthread_create(&w->thread, NULL, worker_main, w) == 0 ? 0 : -1;
}

/* Joins a started worker's thread, or stops a daemon that never ran, and frees the rest. */
static void worker_end(struct worker *w, bool started)
{
	if (started) {
		atomic_store(&w->stop, true);
		wake_fd(w->wake_fd);
		pthread_join(w->thread, NULL);
	}
	if (w->daemon) {
		worker_quiesce(w); /* so that stopping it does not close the shared socket */
		MHD_stop_daemon(w->daemon);
	}
	if (w->epoll_fd >= 0)
		close(w->epoll_fd);
	if (w->wake_fd >= 0)
		close(w->wake_fd);
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
	if (listen_start() != 0) {
		offload_stop();
		close(listen_fd);
		return 1;
	}
	int nworkers = (int)cfg.threads;
	struct worker *workers = xcalloc((size_t)nworkers, sizeof *workers);
	unsigned per_worker = (unsigned)cfg.connection_limit / (unsigned)nworkers;
	int started = 0;
	for (; started < nworkers; started++) {
		struct worker *w = &workers[started];
		if (worker_start(w, listen_fd, per_worker ? per_worker : 1) != 0) {
			log_error("cannot start HTTP thread %d: %s", started, strerror(errno));
			worker_end(w, false);
			for (int i = 0; i < started; i++)
				worker_end(&workers[i], true);
			free(workers);
			listen_stop();
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
	for (int i = 0; i < nworkers; i++) {
		atomic_store(&workers[i].quiesce, true);
		wake_fd(workers[i].wake_fd);
	}
	for (int i = 0; i < nworkers; i++)
		while (!atomic_load(&workers[i].quiesced))
			nanosleep(&(struct timespec){0, 1000 * 1000}, NULL);
	close(listen_fd);
	uint64_t deadline = clock_ns() + (uint64_t)cfg.shutdown_timeout * 1000000000ull;
	while (atomic_load(&inflight) > 0 && clock_ns() < deadline) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&inflight) > 0)
		log_warn("shutdown timeout: closing %d request(s) still in flight", atomic_load(&inflight));
	offload_stop(); /* first: what they still run resumes its request on a loop */
	for (int i = 0; i < nworkers; i++)
		worker_end(&workers[i], true);
	free(workers);
	listen_stop();
	auth_shutdown();
	log_info("stopped");
	return 0;
}
