#include "domain/agent_flow.h"

static const char *const status_names[AGENT_STATUS_COUNT] = {
	[AGENT_PENDING] = "pending",
	[AGENT_APPROVED] = "approved",
	[AGENT_REFUSED] = "refused",
	[AGENT_SUSPENDED] = "suspended",
};

static const struct flow_transition transitions[AGENT_ACTION_COUNT] = {
	[AGENT_APPROVE] = {FLOW_FROM(AGENT_PENDING) | FLOW_FROM(AGENT_REFUSED) | FLOW_FROM(AGENT_SUSPENDED),
                           AGENT_APPROVED},
	[AGENT_REFUSE] = {FLOW_FROM(AGENT_PENDING), AGENT_REFUSED},
	[AGENT_SUSPEND] = {FLOW_FROM(AGENT_APPROVED), AGENT_SUSPENDED},
};

const struct flow agent_flow = {status_names, AGENT_STATUS_COUNT, transitions, AGENT_ACTION_COUNT};
