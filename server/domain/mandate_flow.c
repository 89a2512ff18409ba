#include "domain/mandate_flow.h"

static const char *const status_names[MANDATE_STATUS_COUNT] = {
	[MANDATE_OFFERED] = "offered", [MANDATE_ACCEPTED] = "accepted", [MANDATE_DECLINED] = "declined",
	[MANDATE_ENDED] = "ended",     [MANDATE_EXPIRED] = "expired",
};

#define OFFERED FLOW_FROM(MANDATE_OFFERED)
#define ACCEPTED FLOW_FROM(MANDATE_ACCEPTED)

/* Declined, ended and expired mandates are final: a new period is a new mandate. */
static const struct flow_transition transitions[MANDATE_ACTION_COUNT] = {
	[MANDATE_ACCEPT] = {OFFERED, MANDATE_ACCEPTED},      [MANDATE_DECLINE] = {OFFERED, MANDATE_DECLINED},
	[MANDATE_END] = {OFFERED | ACCEPTED, MANDATE_ENDED}, [MANDATE_NARROW] = {OFFERED | ACCEPTED, FLOW_STAYS},
	[MANDATE_ATTACH_DOCUMENT] = {OFFERED, FLOW_STAYS},   [MANDATE_REMOVE_DOCUMENT] = {OFFERED, FLOW_STAYS},
};

const struct flow mandate_flow = {status_names, MANDATE_STATUS_COUNT, transitions, MANDATE_ACTION_COUNT};

const char *const mandate_power_names[POWER_COUNT + 1] = {
	[POWER_FILE_AND_AMEND] = "file_and_amend",
	[POWER_SUBMIT] = "submit",
	[POWER_ANSWER_INFORMATION_REQUESTS] = "answer_information_requests",
	[POWER_RENEW] = "renew",
	[POWER_MANAGE_AUTHORIZED_USERS] = "manage_authorized_users",
	[POWER_ANSWER_CASES] = "answer_cases",
	[POWER_COUNT] = NULL,
};

const char *mandate_power_name(enum mandate_power p)
{
	return p >= 0 && p < POWER_COUNT ? mandate_power_names[p] : NULL;
}

enum mandate_power mandate_power_for_recordation(enum recordation_action action, enum recordation_status from)
{
	bool answering = from == RECORDATION_INFORMATION_REQUESTED;
	switch (action) {
	case RECORDATION_EDIT:
	case RECORDATION_REMOVE_DOCUMENT:
		return answering ? POWER_ANSWER_INFORMATION_REQUESTS : POWER_FILE_AND_AMEND;
	case RECORDATION_ATTACH_DOCUMENT:
		if (answering)
			return POWER_ANSWER_INFORMATION_REQUESTS;
		return from == RECORDATION_APPROVED ? POWER_RENEW : POWER_FILE_AND_AMEND;
	case RECORDATION_SUBMIT:
		return answering ? POWER_ANSWER_INFORMATION_REQUESTS : POWER_SUBMIT;
	case RECORDATION_WITHDRAW: /* taking a filing back is the filer's */
		return POWER_SUBMIT;
	case RECORDATION_RENEW:
		return POWER_RENEW;
	case RECORDATION_CHANGE_AUTHORIZED_USERS:
		return POWER_MANAGE_AUTHORIZED_USERS;
	default: /* customs' decisions, and the holder's cancellation of a recorded right */
		return POWER_NONE;
	}
}

enum mandate_power mandate_power_for_case(enum case_action action)
{
	return case_is_answer(action) ? POWER_ANSWER_CASES : POWER_NONE;
}
