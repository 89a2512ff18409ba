/* The generic state machine of domain/flow.c: a small table of three statuses. */
#include "check.h"

#include "domain/flow.h"

enum { OPEN, HELD, CLOSED, STATUS_COUNT };
enum { HOLD, CLOSE, NOTE, ACTION_COUNT };

static const char *const names[] = {"open", "held", "closed"};
static const struct flow_transition table[] = {
	[HOLD] = {FLOW_FROM(OPEN), HELD},
	[CLOSE] = {FLOW_FROM(OPEN) | FLOW_FROM(HELD), CLOSED},
	[NOTE] = {FLOW_FROM(OPEN) | FLOW_FROM(HELD) | FLOW_FROM(CLOSED), FLOW_STAYS},
};
static const struct flow f = {names, STATUS_COUNT, table, ACTION_COUNT};

int main(void)
{
	char lit[FLOW_LITERAL_MAX];
	CHECK_STR(flow_allowed_from(&f, HOLD, lit), "{open}");
	CHECK_STR(flow_allowed_from(&f, CLOSE, lit), "{open,held}");
	CHECK_STR(flow_allowed_from(&f, NOTE, lit), "{open,held,closed}");
	CHECK(flow_may(&f, CLOSE, HELD));
	CHECK(!flow_may(&f, HOLD, HELD));
	CHECK(!flow_may(&f, ACTION_COUNT, OPEN));
	CHECK(!flow_may(&f, HOLD, -1));
	CHECK(!flow_may(&f, HOLD, STATUS_COUNT));
	CHECK_EQ_INT(flow_target(&f, CLOSE, HELD), CLOSED);
	CHECK_EQ_INT(flow_target(&f, NOTE, HELD), HELD);
	CHECK_EQ_INT(flow_status_parse(&f, "held"), HELD);
	CHECK_EQ_INT(flow_status_parse(&f, "gone"), -1);
	CHECK_EQ_INT(flow_status_parse(&f, NULL), -1);
	CHECK_STR(flow_status_name(&f, CLOSED), "closed");
	CHECK(flow_status_name(&f, STATUS_COUNT) == NULL);
	return check_summary("test_flow");
}
