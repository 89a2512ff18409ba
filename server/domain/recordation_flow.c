#include "domain/recordation_flow.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[RECORDATION_STATUS_COUNT] = {
	[RECORDATION_DRAFT] = "draft",
	[RECORDATION_SUBMITTED] = "submitted",
	[RECORDATION_INFORMATION_REQUESTED] = "information_requested",
	[RECORDATION_APPROVED] = "approved",
	[RECORDATION_REJECTED] = "rejected",
	[RECORDATION_WITHDRAWN] = "withdrawn",
	[RECORDATION_REVOKED] = "revoked",
	[RECORDATION_CANCELLED] = "cancelled",
	[RECORDATION_EXPIRED] = "expired",
};

#define FROM(s) FLOW_FROM(s)
#define EDITABLE (FROM(RECORDATION_DRAFT) | FROM(RECORDATION_REJECTED) | FROM(RECORDATION_INFORMATION_REQUESTED))

/* The transition table: for each action, the statuses it may start from and where it
 * leads. This is API.md's list; the SQL guards are computed from it. */
static const struct flow_transition transitions[RECORDATION_ACTION_COUNT] = {
	[RECORDATION_EDIT] = {EDITABLE, FLOW_STAYS},
	[RECORDATION_SUBMIT] = {EDITABLE, RECORDATION_SUBMITTED},
	[RECORDATION_APPROVE] = {FROM(RECORDATION_SUBMITTED), RECORDATION_APPROVED},
	[RECORDATION_REJECT] = {FROM(RECORDATION_SUBMITTED), RECORDATION_REJECTED},
	[RECORDATION_REQUEST_INFORMATION] = {FROM(RECORDATION_SUBMITTED), RECORDATION_INFORMATION_REQUESTED},
	[RECORDATION_WITHDRAW] = {FROM(RECORDATION_DRAFT) | FROM(RECORDATION_SUBMITTED) |
                                          FROM(RECORDATION_INFORMATION_REQUESTED),
                                  RECORDATION_WITHDRAWN},
	[RECORDATION_RENEW] = {FROM(RECORDATION_APPROVED), FLOW_STAYS},
	[RECORDATION_DECIDE_RENEWAL] = {FROM(RECORDATION_APPROVED), FLOW_STAYS},
	[RECORDATION_REVOKE] = {FROM(RECORDATION_APPROVED), RECORDATION_REVOKED},
	[RECORDATION_CANCEL] = {FROM(RECORDATION_APPROVED), RECORDATION_CANCELLED},
	[RECORDATION_ATTACH_DOCUMENT] = {EDITABLE | FROM(RECORDATION_APPROVED), FLOW_STAYS},
	[RECORDATION_REMOVE_DOCUMENT] = {EDITABLE, FLOW_STAYS},
	[RECORDATION_CHANGE_AUTHORIZED_USERS] = {EDITABLE | FROM(RECORDATION_SUBMITTED) | FROM(RECORDATION_APPROVED),
                                                 FLOW_STAYS},
	/* The product identification guide is for the border: written while filing, kept
	 * current while the recordation is in force. */
	[RECORDATION_CHANGE_GUIDE] = {EDITABLE | FROM(RECORDATION_SUBMITTED) | FROM(RECORDATION_APPROVED), FLOW_STAYS},
};

const struct flow recordation_flow = {status_names, RECORDATION_STATUS_COUNT, transitions, RECORDATION_ACTION_COUNT};

const char *recordation_status_name(enum recordation_status status)
{
	return flow_status_name(&recordation_flow, (int)status);
}

bool recordation_status_parse(const char *name, enum recordation_status *out)
{
	int s = flow_status_parse(&recordation_flow, name);
	if (s >= 0)
		*out = (enum recordation_status)s;
	return s >= 0;
}

bool recordation_may(enum recordation_action action, enum recordation_status from)
{
	return flow_may(&recordation_flow, (int)action, (int)from);
}

enum recordation_status recordation_target(enum recordation_action action, enum recordation_status from)
{
	return (enum recordation_status)flow_target(&recordation_flow, (int)action, (int)from);
}

const char *recordation_allowed_from(enum recordation_action action)
{
	static _Thread_local char literals[RECORDATION_ACTION_COUNT][FLOW_LITERAL_MAX];
	return flow_allowed_from(&recordation_flow, (int)action, literals[action]);
}

ipr_date recordation_valid_until(ipr_date from, ipr_date right_expires_on)
{
	ipr_date until = date_add_years(from, RECORDATION_VALIDITY_YEARS) - 1;
	return until < right_expires_on ? until : right_expires_on;
}

ipr_date recordation_renewal_opens(ipr_date valid_until)
{
	return date_add_months(valid_until, -RENEWAL_WINDOW_MONTHS);
}

bool recordation_in_renewal_window(ipr_date today, ipr_date valid_until)
{
	return today >= recordation_renewal_opens(valid_until) && today <= valid_until;
}

ipr_date recordation_renewal_due_until(ipr_date today)
{
	/* The inverse of recordation_renewal_opens, which clamps at months' ends: found by
	 * stepping from its approximation. */
	ipr_date v = date_add_months(today, RENEWAL_WINDOW_MONTHS);
	while (recordation_renewal_opens(v) > today)
		v--;
	while (recordation_renewal_opens(v + 1) <= today)
		v++;
	return v;
}

char recordation_number_prefix(const char *ipr_type)
{
	static const struct {
		const char *type;
		char prefix;
	} prefixes[] = {
		{"trademark", 'T'},      {"copyright", 'C'},         {"patent", 'P'},
		{"olympic_symbol", 'O'}, {"world_expo_symbol", 'E'},
	};
	for (size_t i = 0; ipr_type && i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (!strcmp(ipr_type, prefixes[i].type))
			return prefixes[i].prefix;
	return '\0';
}

void recordation_number_format(char *out, size_t len, char prefix, int year, long long sequence)
{
	snprintf(out, len, "%c%04d-%06lld", prefix, year, sequence);
}

bool recordation_number_valid(const char *s)
{
	if (!s || strlen(s) != 12 || !strchr("TCPOE", s[0]) || s[5] != '-')
		return false;
	for (int i = 1; i < 12; i++)
		if (i != 5 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}
