/* Alerts' pure rules: an active alert may be withdrawn; a withdrawn or expired one is final. */
#include "check.h"

#include "domain/alert_flow.h"

int main(void)
{
	for (int s = 0; s < ALERT_STATUS_COUNT; s++)
		CHECK_EQ_INT(flow_status_parse(&alert_flow, flow_status_name(&alert_flow, s)), s);
	CHECK(flow_may(&alert_flow, ALERT_WITHDRAW, ALERT_ACTIVE));
	CHECK(!flow_may(&alert_flow, ALERT_WITHDRAW, ALERT_WITHDRAWN));
	CHECK(!flow_may(&alert_flow, ALERT_WITHDRAW, ALERT_EXPIRED));
	CHECK_EQ_INT(flow_target(&alert_flow, ALERT_WITHDRAW, ALERT_ACTIVE), ALERT_WITHDRAWN);
	char literal[FLOW_LITERAL_MAX];
	CHECK_STR(flow_allowed_from(&alert_flow, ALERT_WITHDRAW, literal), "{active}");
	return check_summary("alert_flow");
}
