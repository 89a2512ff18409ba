/* A workflow's state machine as data: the names of its statuses and, for each action, the
 * statuses it may start from and the one it leads to. Everything else is computed from that
 * one table: whether an action is allowed (the 409 in C), where it leads, and the same set
 * as a PostgreSQL array literal for the `status = ANY($n)` guard that decides races in SQL.
 * Pure code; each resource declares its table in domain/<resource>_flow.c and the shared
 * engine (api/workflow.h) runs it. */
#ifndef IPR_DOMAIN_FLOW_H
#define IPR_DOMAIN_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#define FLOW_FROM(status) (1u << (status))
#define FLOW_STAYS (-1)      /* an action that leaves the status as it is */
#define FLOW_LITERAL_MAX 160 /* "{draft,rejected,...}" of every status of a flow, and NUL */

struct flow_transition {
	unsigned from; /* FLOW_FROM bits of the statuses the action may start from */
	int to;        /* the status it leads to, or FLOW_STAYS */
};

struct flow {
	const char *const *status_names; /* indexed by status */
	int status_count;
	const struct flow_transition *transitions; /* indexed by action */
	int action_count;
};

/* The status's name; NULL out of range. */
const char *flow_status_name(const struct flow *f, int status);
/* The status named `name`, or -1 when the flow has none of that name (or name is NULL). */
int flow_status_parse(const struct flow *f, const char *name);
/* True when `action` may start from `from`; false for anything out of range. */
bool flow_may(const struct flow *f, int action, int from);
/* Where `action` taken from `from` leads. */
int flow_target(const struct flow *f, int action, int from);
/* The statuses `action` may start from as a PostgreSQL array literal, "{draft,rejected}",
 * in the order of the status names, written into out; returns out. */
const char *flow_allowed_from(const struct flow *f, int action, char out[FLOW_LITERAL_MAX]);

#endif
