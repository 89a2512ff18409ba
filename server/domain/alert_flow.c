#include "domain/alert_flow.h"

static const char *const status_names[ALERT_STATUS_COUNT] = {
	[ALERT_ACTIVE] = "active",
	[ALERT_WITHDRAWN] = "withdrawn",
	[ALERT_EXPIRED] = "expired",
};

static const struct flow_transition transitions[ALERT_ACTION_COUNT] = {
	[ALERT_WITHDRAW] = {FLOW_FROM(ALERT_ACTIVE), ALERT_WITHDRAWN},
};

const struct flow alert_flow = {status_names, ALERT_STATUS_COUNT, transitions, ALERT_ACTION_COUNT};
