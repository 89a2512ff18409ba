#include "domain/case_flow.h"

#include <stdio.h>

const char *const case_status_names[CASE_STATUS_COUNT + 1] = {
	[CASE_NOTIFIED] = "notified",
	[CASE_DETAINED] = "detained",
	[CASE_NOT_INFRINGING] = "not_infringing",
	[CASE_UNANSWERED] = "unanswered",
	[CASE_CONFIRMED_INFRINGING] = "confirmed_infringing",
	[CASE_NOT_CONFIRMED] = "not_confirmed",
	[CASE_STATUS_COUNT] = NULL,
};

#define NOTIFIED FLOW_FROM(CASE_NOTIFIED)
#define DETAINED FLOW_FROM(CASE_DETAINED)

/* The holder answers while the goods are suspended (notified, before its deadline: past it
 * the case shows unanswered, and nothing more happens to it); customs decides the
 * investigation of detained goods. Photos are added and removed while the goods are held;
 * a closed case is final. */
static const struct flow_transition transitions[CASE_ACTION_COUNT] = {
	[CASE_REQUEST_DETENTION] = {NOTIFIED, CASE_DETAINED},
	[CASE_ANSWER_NOT_INFRINGING] = {NOTIFIED, CASE_NOT_INFRINGING},
	[CASE_CONFIRM_INFRINGING] = {DETAINED, CASE_CONFIRMED_INFRINGING},
	[CASE_NOT_CONFIRM] = {DETAINED, CASE_NOT_CONFIRMED},
	[CASE_ATTACH_DOCUMENT] = {NOTIFIED | DETAINED, FLOW_STAYS},
	[CASE_REMOVE_DOCUMENT] = {NOTIFIED | DETAINED, FLOW_STAYS},
};

const struct flow case_flow = {case_status_names, CASE_STATUS_COUNT, transitions, CASE_ACTION_COUNT};

bool case_is_answer(enum case_action action)
{
	return action == CASE_REQUEST_DETENTION || action == CASE_ANSWER_NOT_INFRINGING;
}

bool case_is_decision(enum case_action action)
{
	return action == CASE_CONFIRM_INFRINGING || action == CASE_NOT_CONFIRM;
}

void case_number_format(char *out, size_t len, int year, long long sequence)
{
	snprintf(out, len, "C%04d-%06lld", year, sequence);
}

#define YUAN 100 /* fen */

int64_t case_guarantee(int64_t value)
{
	if (value < 20000 * YUAN)
		return value;
	if (value > 200000 * YUAN)
		return 100000 * YUAN;
	int64_t half = value / 2 + value % 2; /* half a fen rounds up */
	return half < 20000 * YUAN ? 20000 * YUAN : half;
}

int64_t case_fine_limit(int64_t value)
{
	return value / 10 * 3 + value % 10 * 3 / 10;
}
