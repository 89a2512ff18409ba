/* An agent's registration as pure rules: the administrator approves or refuses an agent that
 * registered, and may suspend an approved one (and approve it again). Only an approved agent
 * acts for rights holders (auth/principal.h, api/agency.h). */
#ifndef IPR_DOMAIN_AGENT_FLOW_H
#define IPR_DOMAIN_AGENT_FLOW_H

#include "domain/flow.h"

enum agent_status { AGENT_PENDING, AGENT_APPROVED, AGENT_REFUSED, AGENT_SUSPENDED, AGENT_STATUS_COUNT };

enum agent_action {
	AGENT_APPROVE, /* pending, refused, suspended -> approved */
	AGENT_REFUSE,  /* pending -> refused */
	AGENT_SUSPEND, /* approved -> suspended */
	AGENT_ACTION_COUNT
};

/* The transition table (domain/flow.h), for the workflow engine. */
extern const struct flow agent_flow;

#endif
