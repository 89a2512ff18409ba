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

#define FROM(s) (1u << (s))

/* The transition table: for each action, the statuses it may start from and where it
 * leads (RECORDATION_STATUS_COUNT: the status does not change). This is API.md's list. */
static const struct {
	unsigned from;
	enum recordation_status to;
	const char *from_literal; /* the same set for SQL's status = ANY(...) */
} transitions[RECORDATION_ACTION_COUNT] = {
	[RECORDATION_EDIT] = {FROM(RECORDATION_DRAFT) | FROM(RECORDATION_REJECTED) |
	                          FROM(RECORDATION_INFORMATION_REQUESTED),
	                      RECORDATION_STATUS_COUNT, "{draft,rejected,information_requested}"},
	[RECORDATION_SUBMIT] = {FROM(RECORDATION_DRAFT) | FROM(RECORDATION_REJECTED) |
	                            FROM(RECORDATION_INFORMATION_REQUESTED),
	                        RECORDATION_SUBMITTED, "{draft,rejected,information_requested}"},
	[RECORDATION_APPROVE] = {FROM(RECORDATION_SUBMITTED), RECORDATION_APPROVED, "{submitted}"},
	[RECORDATION_REJECT] = {FROM(RECORDATION_SUBMITTED), RECORDATION_REJECTED, "{submitted}"},
	[RECORDATION_REQUEST_INFORMATION] = {FROM(RECORDATION_SUBMITTED), RECORDATION_INFORMATION_REQUESTED,
	                                     "{submitted}"},
	[RECORDATION_WITHDRAW] = {FROM(RECORDATION_DRAFT) | FROM(RECORDATION_SUBMITTED) |
	                              FROM(RECORDATION_INFORMATION_REQUESTED),
	                          RECORDATION_WITHDRAWN, "{draft,submitted,information_requested}"},
	[RECORDATION_RENEW] = {FROM(RECORDATION_APPROVED), RECORDATION_STATUS_COUNT, "{approved}"},
	[RECORDATION_DECIDE_RENEWAL] = {FROM(RECORDATION_APPROVED), RECORDATION_STATUS_COUNT, "{approved}"},
	[RECORDATION_REVOKE] = {FROM(RECORDATION_APPROVED), RECORDATION_REVOKED, "{approved}"},
	[RECORDATION_CANCEL] = {FROM(RECORDATION_APPROVED), RECORDATION_CANCELLED, "{approved}"},
	[RECORDATION_ATTACH_DOCUMENT] = {FROM(RECORDATION_DRAFT) | FROM(RECORDATION_REJECTED) |
	                                     FROM(RECORDATION_INFORMATION_REQUESTED) | FROM(RECORDATION_APPROVED),
	                                 RECORDATION_STATUS_COUNT, "{draft,rejected,information_requested,approved}"},
	[RECORDATION_REMOVE_DOCUMENT] = {FROM(RECORDATION_DRAFT) | FROM(RECORDATION_REJECTED) |
	                                     FROM(RECORDATION_INFORMATION_REQUESTED),
	                                 RECORDATION_STATUS_COUNT, "{draft,rejected,information_requested}"},
};

const char *recordation_status_name(enum recordation_status status)
{
	return (unsigned)status < RECORDATION_STATUS_COUNT ? status_names[status] : NULL;
}

bool recordation_status_parse(const char *name, enum recordation_status *out)
{
	for (int i = 0; name && i < RECORDATION_STATUS_COUNT; i++)
		if (!strcmp(name, status_names[i])) {
			*out = (enum recordation_status)i;
			return true;
		}
	return false;
}

bool recordation_may(enum recordation_action action, enum recordation_status from)
{
	if ((unsigned)action >= RECORDATION_ACTION_COUNT || (unsigned)from >= RECORDATION_STATUS_COUNT)
		return false;
	return (transitions[action].from & FROM(from)) != 0;
}

enum recordation_status recordation_target(enum recordation_action action, enum recordation_status from)
{
	enum recordation_status to = transitions[action].to;
	return to == RECORDATION_STATUS_COUNT ? from : to;
}

const char *recordation_allowed_from(enum recordation_action action)
{
	return transitions[action].from_literal;
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

char recordation_number_prefix(const char *ipr_type)
{
	static const struct {
		const char *type;
		char prefix;
	} prefixes[] = {
		{"trademark", 'T'}, {"copyright", 'C'}, {"patent", 'P'}, {"olympic_symbol", 'O'}, {"world_expo_symbol", 'E'},
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
