/* The SQL of agents (api/agents.c): their registrations, the administrator's decisions and
 * their history. The representation (api_agent) is an SQL function of
 * migrations/0014_agents.sql.
 *
 * Who sees an agent is decided by two parameters, the caller's scope: $2 the agent itself
 * (its own users), $3 "approved only" (rights holders, choosing an agent to mandate); both
 * NULL for the administrator. */
#ifndef IPR_API_AGENT_STORE_H
#define IPR_API_AGENT_STORE_H

#include "db/db.h"

/* $1 id, $2..$3 scope → body, version; no row when not visible. */
extern struct db_stmt agent_store_get;
/* $1 id, $2..$3 scope, $4 today (unused: an agent's standing does not change with the date)
 * → status, version; no row when not visible. */
extern struct db_stmt agent_store_state;
/* The same, locked FOR UPDATE. */
extern struct db_stmt agent_store_lock;
/* $1 id, $2 allowed statuses, $3 new status, $4 reason, $5 actor, $6 history action, $7 from
 * status, $8 details (jsonb) → body, version, false (no deadline runs). Writes the history
 * entry. */
extern struct db_stmt agent_store_write;
/* $1 id → {"items": [...]}. */
extern struct db_stmt agent_store_history;
/* $1 status or NULL, $2 approved only (boolean or NULL), $3 cursor key, $4 cursor id, $5 limit
 * → body, key, id; newest registration first. */
extern struct db_stmt agent_store_list;

#endif
