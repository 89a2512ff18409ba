/* Keeping the daemon's in-memory caches (sessions, the working-day calendar) true when the
 * database changes behind them: another iprd on the same database, or an administrator's
 * SQL. Triggers (migration 0007) send NOTIFY iprd_changes with a payload "topic" or
 * "topic:argument" when a cached table changes; one thread per daemon LISTENs on its own
 * connection and passes each payload to the topic's handler.
 *
 * While that thread has no connection, changes can go unseen: listen_live() is false and
 * the caches must answer from the database instead. Each (re)connection calls every handler
 * with a NULL argument (anything of the topic may have changed) before listen_live() turns
 * true again. */
#ifndef IPR_DB_LISTEN_H
#define IPR_DB_LISTEN_H

#include <stdbool.h>

/* Called on the listening thread with the argument after "topic:", or NULL for "anything". */
typedef void (*listen_handler)(const char *arg);

/* Registers the handler of a topic. Call before listen_start. */
void listen_subscribe(const char *topic, listen_handler handler);

/* Starts the listening thread (on the configured database, db_configure). Returns 0, or -1 when the thread cannot start. */
int listen_start(void);
/* Stops and joins the thread. Safe to call when it never started. */
void listen_stop(void);

/* Whether every change committed so far has been (or is about to be) handled: the thread
 * is connected and listening. */
bool listen_live(void);

#endif
