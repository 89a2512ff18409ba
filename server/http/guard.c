#include "http/guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "core/util.h"

/* ---- connections per address: one table for the whole daemon ---- */

struct address {
	struct address *next;
	unsigned char ip[16]; /* IPv6, or IPv4 mapped into ::ffff:0:0/96 */
	long connections;
};

#define ADDRESS_BUCKETS 1024
static struct address *addresses[ADDRESS_BUCKETS];
static pthread_mutex_t addresses_lock = PTHREAD_MUTEX_INITIALIZER;

static bool address_key(const struct sockaddr *sa, unsigned char ip[16])
{
	memset(ip, 0, 16);
	if (sa && sa->sa_family == AF_INET) {
		ip[10] = ip[11] = 0xff;
		memcpy(ip + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return true;
	}
	if (sa && sa->sa_family == AF_INET6) {
		memcpy(ip, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
		return true;
	}
	return false; /* a Unix socket, say: not counted */
}

static struct address **address_slot(const unsigned char ip[16])
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (int i = 0; i < 16; i++)
		h = (h ^ ip[i]) * 16777619u;
	struct address **p = &addresses[h % ADDRESS_BUCKETS];
	while (*p && memcmp((*p)->ip, ip, 16) != 0)
		p = &(*p)->next;
	return p;
}

enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	(void)cls;
	(void)addrlen;
	unsigned char ip[16];
	if (!address_key(addr, ip))
		return MHD_YES;
	pthread_mutex_lock(&addresses_lock);
	struct address *a = *address_slot(ip);
	bool full = a && a->connections >= cfg.connections_per_address;
	pthread_mutex_unlock(&addresses_lock);
	return full ? MHD_NO : MHD_YES;
}

/* Adds delta (1 or -1) to the address's count; the entry goes when it reaches 0. */
static void address_count(const unsigned char ip[16], long delta)
{
	pthread_mutex_lock(&addresses_lock);
	struct address **p = address_slot(ip);
	if (!*p) {
		*p = xcalloc(1, sizeof **p);
		memcpy((*p)->ip, ip, 16);
	}
	struct address *a = *p;
	a->connections += delta;
	if (a->connections <= 0) {
		*p = a->next;
		free(a);
	}
	pthread_mutex_unlock(&addresses_lock);
}

/* ---- deadlines: a list per loop of the connections that are sending a request ---- */

enum phase {
	PHASE_IDLE,    /* handling or answering a request: not watched */
	PHASE_HEADERS, /* waiting for a request's headers, since `since` */
	PHASE_BODY,    /* receiving a body, since `since` */
};

struct watched {
	struct watched *prev, *next; /* in the loop's list while not idle */
	enum phase phase;
	uint64_t since_ns;
	uint64_t body_bytes;
	int fd;
	bool counted;
	unsigned char ip[16];
};

static __thread struct watched watching; /* the list's head: watching.next is the oldest */
static __thread uint64_t last_sweep_ns;

static void watch(struct watched *w, enum phase phase)
{
	if (!watching.next)
		watching.next = watching.prev = &watching;
	if (w->phase != PHASE_IDLE) {
		w->prev->next = w->next;
		w->next->prev = w->prev;
	}
	w->phase = phase;
	w->since_ns = clock_ns();
	w->body_bytes = 0;
	if (phase == PHASE_IDLE)
		return;
	w->prev = watching.prev;
	w->next = &watching;
	watching.prev->next = w;
	watching.prev = w;
}

void guard_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	struct watched *w = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		w = xcalloc(1, sizeof *w);
		*socket_context = w;
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ca = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		w->fd = fd ? fd->connect_fd : -1;
		w->counted = address_key(ca ? ca->client_addr : NULL, w->ip);
		if (w->counted)
			address_count(w->ip, 1);
		watch(w, PHASE_HEADERS);
		return;
	}
	if (!w)
		return;
	watch(w, PHASE_IDLE);
	if (w->counted)
		address_count(w->ip, -1);
	free(w);
	*socket_context = NULL;
}

static struct watched *watched_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void guard_headers_received(struct MHD_Connection *conn)
{
	struct watched *w = watched_of(conn);
	if (w)
		watch(w, PHASE_BODY);
}

void guard_body_received(struct MHD_Connection *conn, size_t n)
{
	struct watched *w = watched_of(conn);
	if (w)
		w->body_bytes += n;
}

void guard_request_received(struct MHD_Connection *conn)
{
	struct watched *w = watched_of(conn);
	if (w && w->phase == PHASE_BODY)
		watch(w, PHASE_IDLE);
}

void guard_request_completed(struct MHD_Connection *conn)
{
	struct watched *w = watched_of(conn);
	if (w)
		watch(w, PHASE_HEADERS);
}

/* The body is too slow once the header timeout has passed (the grace for its start) and fewer
 * bytes came than IPR_MIN_BODY_RATE a second since. */
static bool too_slow(const struct watched *w, uint64_t now)
{
	uint64_t elapsed_ns = now - w->since_ns;
	uint64_t grace_ns = (uint64_t)cfg.header_timeout * 1000000000ull;
	if (w->phase == PHASE_HEADERS)
		return elapsed_ns > grace_ns;
	if (cfg.min_body_rate == 0 || elapsed_ns <= grace_ns)
		return false;
	return w->body_bytes < (uint64_t)cfg.min_body_rate * ((elapsed_ns - grace_ns) / 1000000000ull);
}

void guard_sweep(void)
{
	uint64_t now = clock_ns();
	if (now - last_sweep_ns < 250 * 1000000ull)
		return;
	last_sweep_ns = now;
	for (struct watched *w = watching.next, *next; w && w != &watching; w = next) {
		next = w->next;
		if (!too_slow(w, now))
			continue;
		char ip[INET6_ADDRSTRLEN] = "?";
		inet_ntop(AF_INET6, w->ip, ip, sizeof ip);
		log_info("http: closing a connection from %s: %s", ip,
		         w->phase == PHASE_HEADERS ? "no complete request headers within IPR_HEADER_TIMEOUT"
		                                   : "its body arrives slower than IPR_MIN_BODY_RATE");
		/* libmicrohttpd sees the end of the stream on its next turn and closes the
		 * connection through its own paths (completion callbacks included). */
		if (w->fd >= 0)
			shutdown(w->fd, SHUT_RDWR);
		watch(w, PHASE_IDLE);
	}
}
