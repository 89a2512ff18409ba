/* Mandates as pure rules: a rights holder offers an agent a mandate, which the agent accepts or
 * declines; the holder ends it at any time or narrows it (fewer powers, fewer recordations, a
 * shorter period); it expires after its period (derived when read). And the powers a mandate
 * grants: what an agent must hold to take each action on a holder's recordation.
 * No I/O: api/mandates.c and api/agency.c ask these rules. */
#ifndef IPR_DOMAIN_MANDATE_FLOW_H
#define IPR_DOMAIN_MANDATE_FLOW_H

#include "domain/case_flow.h"
#include "domain/flow.h"
#include "domain/recordation_flow.h"

#define MANDATE_MAX_RECORDATIONS 1000 /* a listed set */
#define MANDATE_MAX_YEARS 10          /* the longest validity period */

enum mandate_status {
	MANDATE_OFFERED,
	MANDATE_ACCEPTED,
	MANDATE_DECLINED,
	MANDATE_ENDED,
	MANDATE_EXPIRED, /* derived: offered or accepted, past valid_until */
	MANDATE_STATUS_COUNT
};

enum mandate_action {
	MANDATE_ACCEPT,          /* agent: offered -> accepted (with a power of attorney attached) */
	MANDATE_DECLINE,         /* agent: offered -> declined */
	MANDATE_END,             /* holder: offered, accepted -> ended, at once */
	MANDATE_NARROW,          /* holder: fewer powers or recordations, a shorter period; stays */
	MANDATE_ATTACH_DOCUMENT, /* holder: the power of attorney, while offered */
	MANDATE_REMOVE_DOCUMENT, /* likewise */
	MANDATE_ACTION_COUNT
};

/* The transition table (domain/flow.h), for the workflow engine. */
extern const struct flow mandate_flow;

/* What a mandate may allow an agent to do (the API's "actions" of a mandate). */
enum mandate_power {
	POWER_NONE = -1, /* the holder's own: no mandate grants it */
	POWER_FILE_AND_AMEND,
	POWER_SUBMIT,
	POWER_ANSWER_INFORMATION_REQUESTS,
	POWER_RENEW,
	POWER_MANAGE_AUTHORIZED_USERS,
	POWER_ANSWER_CASES,
	POWER_COUNT
};

/* The powers' names, NULL-terminated, indexed by enum mandate_power. */
extern const char *const mandate_power_names[];
/* The name of a power; NULL for POWER_NONE or out of range. */
const char *mandate_power_name(enum mandate_power p);

/* The power an agent needs to take `action` on a recordation that is `from` (POWER_NONE:
 * no mandate allows it: cancelling a recorded right is the holder's alone, deciding is
 * customs'). Answering a request for information (editing, attaching, resubmitting while
 * information is requested) is its own power; so is renewal evidence. */
enum mandate_power mandate_power_for_recordation(enum recordation_action action, enum recordation_status from);

/* The power an agent needs to take `action` on a suspect-goods case: answering it (asking for
 * detention, or saying the goods do not infringe) is answer_cases; the rest is customs'. */
enum mandate_power mandate_power_for_case(enum case_action action);

#endif
