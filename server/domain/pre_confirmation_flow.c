#include "domain/pre_confirmation_flow.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[PRE_CONFIRMATION_STATUS_COUNT] = {
	[PRE_CONFIRMATION_SUBMITTED] = "submitted", [PRE_CONFIRMATION_CONFIRMED] = "confirmed",
	[PRE_CONFIRMATION_REJECTED] = "rejected",   [PRE_CONFIRMATION_WITHDRAWN] = "withdrawn",
	[PRE_CONFIRMATION_EXPIRED] = "expired",
};

#define SUBMITTED FLOW_FROM(PRE_CONFIRMATION_SUBMITTED)

/* API.md: submitted -> confirmed | rejected; submitted -> withdrawn. Every action starts
 * from submitted only: a decided, withdrawn or expired request is final, and its documents
 * no longer change. */
static const struct flow_transition transitions[PRE_CONFIRMATION_ACTION_COUNT] = {
	[PRE_CONFIRMATION_CONFIRM] = {SUBMITTED, PRE_CONFIRMATION_CONFIRMED},
	[PRE_CONFIRMATION_REJECT] = {SUBMITTED, PRE_CONFIRMATION_REJECTED},
	[PRE_CONFIRMATION_WITHDRAW] = {SUBMITTED, PRE_CONFIRMATION_WITHDRAWN},
	[PRE_CONFIRMATION_ATTACH_DOCUMENT] = {SUBMITTED, FLOW_STAYS},
	[PRE_CONFIRMATION_REMOVE_DOCUMENT] = {SUBMITTED, FLOW_STAYS},
};

const struct flow pre_confirmation_flow = {status_names, PRE_CONFIRMATION_STATUS_COUNT, transitions,
                                           PRE_CONFIRMATION_ACTION_COUNT};

const char *pre_confirmation_status_name(enum pre_confirmation_status status)
{
	return flow_status_name(&pre_confirmation_flow, (int)status);
}

bool pre_confirmation_status_parse(const char *name, enum pre_confirmation_status *out)
{
	int s = flow_status_parse(&pre_confirmation_flow, name);
	if (s >= 0)
		*out = (enum pre_confirmation_status)s;
	return s >= 0;
}

bool pre_confirmation_may(enum pre_confirmation_action action, enum pre_confirmation_status from)
{
	return flow_may(&pre_confirmation_flow, (int)action, (int)from);
}

enum pre_confirmation_status pre_confirmation_target(enum pre_confirmation_action action)
{
	return (enum pre_confirmation_status)flow_target(&pre_confirmation_flow, (int)action,
	                                                 PRE_CONFIRMATION_SUBMITTED);
}

const char *pre_confirmation_allowed_from(enum pre_confirmation_action action)
{
	static _Thread_local char literals[PRE_CONFIRMATION_ACTION_COUNT][FLOW_LITERAL_MAX];
	return flow_allowed_from(&pre_confirmation_flow, (int)action, literals[action]);
}

bool pre_confirmation_documents_open(enum pre_confirmation_status s)
{
	return pre_confirmation_may(PRE_CONFIRMATION_ATTACH_DOCUMENT, s);
}

const char *pre_confirmation_documents_open_in(void)
{
	return pre_confirmation_allowed_from(PRE_CONFIRMATION_ATTACH_DOCUMENT);
}

bool pre_confirmation_is_decision(enum pre_confirmation_action action)
{
	return action == PRE_CONFIRMATION_CONFIRM || action == PRE_CONFIRMATION_REJECT;
}

ipr_date pre_confirmation_valid_until(ipr_date expected_on, int valid_days)
{
	return expected_on + valid_days;
}

const char *pre_confirmation_roles(const char *direction)
{
	if (direction && !strcmp(direction, "import"))
		return "{importer,consignee}";
	if (direction && !strcmp(direction, "export"))
		return "{exporter,consignor}";
	return NULL;
}

void pre_confirmation_number_format(char *out, size_t len, int year, long long sequence)
{
	snprintf(out, len, "PC%04d-%06lld", year, sequence);
}
