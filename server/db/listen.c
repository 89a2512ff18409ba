#include "db/listen.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "core/log.h"
#include "db/db.h"

#define CHANNEL "iprd_changes"
#define MAX_TOPICS 8
#define RECONNECT_MS 1000

struct topic {
	const char *name;
	listen_handler handler;
};

static struct topic topics[MAX_TOPICS];
static size_t ntopics;
static pthread_t thread;
static bool started;
static atomic_bool live;
static int stop_pipe[2] = {-1, -1};

void listen_subscribe(const char *topic, listen_handler handler)
{
	if (ntopics < MAX_TOPICS)
		topics[ntopics++] = (struct topic){topic, handler};
	else
		log_error("listen: too many topics; %s is not kept up to date", topic);
}

bool listen_live(void)
{
	return atomic_load(&live);
}

static void dispatch(const char *payload)
{
	size_t n = strcspn(payload, ":");
	for (size_t i = 0; i < ntopics; i++)
		if (strlen(topics[i].name) == n && !memcmp(topics[i].name, payload, n)) {
			topics[i].handler(payload[n] == ':' ? payload + n + 1 : NULL);
			return;
		}
	log_debug("listen: ignored change \"%s\"", payload);
}

/* Waits up to ms for a stop request; true when stopping. */
static bool stop_requested(int ms)
{
	struct pollfd p = {.fd = stop_pipe[0], .events = POLLIN};
	return poll(&p, 1, ms) > 0;
}

/* A connection that LISTENs, or NULL (logged when warn). Its keepalives (db_open) notice a
 * peer that vanished without closing the connection (a cut network), since this connection
 * only ever reads. */
static PGconn *connect_listening(bool warn)
{
	PGconn *pg = db_open(DB_USE_LISTEN, true);
	if (PQstatus(pg) == CONNECTION_OK) {
		PGresult *r = PQexec(pg, "LISTEN " CHANNEL);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (ok)
			return pg;
	}
	if (warn) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s", PQerrorMessage(pg));
		msg[strcspn(msg, "\n")] = '\0';
		log_warn("listen: cannot listen for changes (%s); caches are bypassed until it can", msg);
	}
	PQfinish(pg);
	return NULL;
}

/* Handles notifications until the connection fails or a stop is requested. */
static void serve_connection(PGconn *pg)
{
	struct pollfd fds[2] = {{.fd = PQsocket(pg), .events = POLLIN}, {.fd = stop_pipe[0], .events = POLLIN}};
	for (;;) {
		int n = poll(fds, 2, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || fds[1].revents)
			return;
		if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK) {
			char msg[256];
			snprintf(msg, sizeof msg, "%s", PQerrorMessage(pg));
			msg[strcspn(msg, "\n")] = '\0';
			log_warn("listen: connection lost (%s); caches are bypassed until it is back", msg);
			return;
		}
		PGnotify *note;
		while ((note = PQnotifies(pg)) != NULL) {
			dispatch(note->extra);
			PQfreemem(note);
		}
	}
}

static void *run(void *arg)
{
	(void)arg;
	bool down = false; /* an outage was logged */
	bool was_live = false;
	while (!stop_requested(0)) {
		PGconn *pg = connect_listening(!down);
		if (!pg) {
			down = true;
			if (stop_requested(RECONNECT_MS))
				break;
			continue;
		}
		/* Listening from here: what changed before is forgotten, what changes after is heard. */
		for (size_t i = 0; i < ntopics; i++)
			topics[i].handler(NULL);
		atomic_store(&live, true);
		log_info("listen: caches follow the database's changes%s", was_live ? " again" : "");
		down = false;
		was_live = true;
		serve_connection(pg);
		down = true; /* serve_connection logged why it returned, or a stop was requested */
		atomic_store(&live, false);
		PQfinish(pg);
	}
	return NULL;
}

int listen_start(void)
{
	if (pipe(stop_pipe) != 0) {
		log_error("listen: pipe: %s", strerror(errno));
		return -1;
	}
	if (pthread_create(&thread, NULL, run, NULL) != 0) {
		log_error("listen: cannot start its thread");
		close(stop_pipe[0]);
		close(stop_pipe[1]);
		stop_pipe[0] = stop_pipe[1] = -1;
		return -1;
	}
	started = true;
	return 0;
}

void listen_stop(void)
{
	if (!started)
		return;
	if (write(stop_pipe[1], "x", 1) != 1)
		log_warn("listen: cannot signal its thread to stop");
	pthread_join(thread, NULL);
	atomic_store(&live, false);
	close(stop_pipe[0]);
	close(stop_pipe[1]);
	stop_pipe[0] = stop_pipe[1] = -1;
	started = false;
}
