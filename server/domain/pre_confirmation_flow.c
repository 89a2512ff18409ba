#include "domain/pre_confirmation_flow.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[PRE_CONFIRMATION_STATUS_COUNT] = {
	[PRE_CONFIRMATION_SUBMITTED] = "submitted",
	[PRE_CONFIRMATION_CONFIRMED] = "confirmed",
	[PRE_CONFIRMATION_REJECTED] = "rejected",
	[PRE_CONFIRMATION_WITHDRAWN] = "withdrawn",
	[PRE_CONFIRMATION_EXPIRED] = "expired",
};

/* API.md: submitted -> confirmed | rejected; submitted -> withdrawn. Every action starts
 * from submitted only: a decided, withdrawn or expired request is final. */
static const struct {
	enum pre_confirmation_status to;
	bool decision;
} transitions[PRE_CONFIRMATION_ACTION_COUNT] = {
	[PRE_CONFIRMATION_CONFIRM] = {PRE_CONFIRMATION_CONFIRMED, true},
	[PRE_CONFIRMATION_REJECT] = {PRE_CONFIRMATION_REJECTED, true},
	[PRE_CONFIRMATION_WITHDRAW] = {PRE_CONFIRMATION_WITHDRAWN, false},
};

const char *pre_confirmation_status_name(enum pre_confirmation_status status)
{
	return (unsigned)status < PRE_CONFIRMATION_STATUS_COUNT ? status_names[status] : NULL;
}

bool pre_confirmation_status_parse(const char *name, enum pre_confirmation_status *out)
{
	for (int i = 0; name && i < PRE_CONFIRMATION_STATUS_COUNT; i++)
		if (!strcmp(name, status_names[i])) {
			*out = (enum pre_confirmation_status)i;
			return true;
		}
	return false;
}

bool pre_confirmation_may(enum pre_confirmation_action action, enum pre_confirmation_status from)
{
	return (unsigned)action < PRE_CONFIRMATION_ACTION_COUNT && from == PRE_CONFIRMATION_SUBMITTED;
}

enum pre_confirmation_status pre_confirmation_target(enum pre_confirmation_action action)
{
	return transitions[action].to;
}

const char *pre_confirmation_allowed_from(enum pre_confirmation_action action)
{
	(void)action;
	return "{submitted}";
}

bool pre_confirmation_documents_open(enum pre_confirmation_status s)
{
	return s == PRE_CONFIRMATION_SUBMITTED;
}

const char *pre_confirmation_documents_open_in(void)
{
	return "{submitted}";
}

bool pre_confirmation_is_decision(enum pre_confirmation_action action)
{
	return (unsigned)action < PRE_CONFIRMATION_ACTION_COUNT && transitions[action].decision;
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
