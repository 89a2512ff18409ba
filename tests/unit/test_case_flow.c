/* Suspect-goods cases' pure rules: the transition table, the numbers, the guarantee of
 * DOMAIN.md at the edges of its bands, and the 30 % limit of a fine. */
#include "check.h"

#include "domain/case_flow.h"

static void test_status_names(void)
{
	for (int i = 0; i < CASE_STATUS_COUNT; i++)
		CHECK_EQ_INT(flow_status_parse(&case_flow, case_status_names[i]), i);
	CHECK(case_status_names[CASE_STATUS_COUNT] == NULL);
	CHECK_STR(flow_status_name(&case_flow, CASE_UNANSWERED), "unanswered");
	CHECK_EQ_INT(flow_status_parse(&case_flow, "released"), -1);
}

static void test_transitions(void)
{
	char literal[FLOW_LITERAL_MAX];
	/* the holder answers only while the goods are suspended: not after its deadline (unanswered) */
	CHECK(flow_may(&case_flow, CASE_REQUEST_DETENTION, CASE_NOTIFIED));
	CHECK(flow_may(&case_flow, CASE_ANSWER_NOT_INFRINGING, CASE_NOTIFIED));
	CHECK_EQ_INT(flow_target(&case_flow, CASE_REQUEST_DETENTION, CASE_NOTIFIED), CASE_DETAINED);
	CHECK_EQ_INT(flow_target(&case_flow, CASE_ANSWER_NOT_INFRINGING, CASE_NOTIFIED), CASE_NOT_INFRINGING);
	/* customs decides only detained goods */
	CHECK(flow_may(&case_flow, CASE_CONFIRM_INFRINGING, CASE_DETAINED));
	CHECK(flow_may(&case_flow, CASE_NOT_CONFIRM, CASE_DETAINED));
	CHECK_EQ_INT(flow_target(&case_flow, CASE_CONFIRM_INFRINGING, CASE_DETAINED), CASE_CONFIRMED_INFRINGING);
	CHECK_EQ_INT(flow_target(&case_flow, CASE_NOT_CONFIRM, CASE_DETAINED), CASE_NOT_CONFIRMED);
	for (int s = 0; s < CASE_STATUS_COUNT; s++) {
		if (s != CASE_NOTIFIED) {
			CHECK(!flow_may(&case_flow, CASE_REQUEST_DETENTION, s));
			CHECK(!flow_may(&case_flow, CASE_ANSWER_NOT_INFRINGING, s));
		}
		if (s != CASE_DETAINED) {
			CHECK(!flow_may(&case_flow, CASE_CONFIRM_INFRINGING, s));
			CHECK(!flow_may(&case_flow, CASE_NOT_CONFIRM, s));
		}
		/* photos while the goods are held; a closed case is final */
		bool held = s == CASE_NOTIFIED || s == CASE_DETAINED;
		CHECK(flow_may(&case_flow, CASE_ATTACH_DOCUMENT, s) == held);
		CHECK(flow_may(&case_flow, CASE_REMOVE_DOCUMENT, s) == held);
	}
	CHECK_EQ_INT(flow_target(&case_flow, CASE_ATTACH_DOCUMENT, CASE_DETAINED), CASE_DETAINED);
	CHECK_STR(flow_allowed_from(&case_flow, CASE_REQUEST_DETENTION, literal), "{notified}");
	CHECK_STR(flow_allowed_from(&case_flow, CASE_NOT_CONFIRM, literal), "{detained}");
	CHECK_STR(flow_allowed_from(&case_flow, CASE_ATTACH_DOCUMENT, literal), "{notified,detained}");
	CHECK(!flow_may(&case_flow, CASE_ACTION_COUNT, CASE_NOTIFIED));
	/* who stamps what */
	CHECK(case_is_answer(CASE_REQUEST_DETENTION) && case_is_answer(CASE_ANSWER_NOT_INFRINGING));
	CHECK(!case_is_answer(CASE_CONFIRM_INFRINGING) && !case_is_answer(CASE_ATTACH_DOCUMENT));
	CHECK(case_is_decision(CASE_CONFIRM_INFRINGING) && case_is_decision(CASE_NOT_CONFIRM));
	CHECK(!case_is_decision(CASE_REQUEST_DETENTION) && !case_is_decision(CASE_REMOVE_DOCUMENT));
}

static void test_numbers(void)
{
	char number[16];
	case_number_format(number, sizeof number, 2026, 1);
	CHECK_STR(number, "C2026-000001");
	case_number_format(number, sizeof number, 2027, 999999);
	CHECK_STR(number, "C2027-999999");
}

#define FEN(yuan, fen) ((int64_t)(yuan)*100 + (fen))

static void test_guarantee(void)
{
	/* under RMB 20,000: the value itself */
	CHECK_EQ_INT(case_guarantee(0), 0);
	CHECK_EQ_INT(case_guarantee(FEN(1, 0)), FEN(1, 0));
	CHECK_EQ_INT(case_guarantee(FEN(19999, 99)), FEN(19999, 99));
	/* RMB 20,000 to 200,000: half, at least RMB 20,000 */
	CHECK_EQ_INT(case_guarantee(FEN(20000, 0)), FEN(20000, 0));
	CHECK_EQ_INT(case_guarantee(FEN(39999, 99)), FEN(20000, 0));
	CHECK_EQ_INT(case_guarantee(FEN(40000, 0)), FEN(20000, 0));
	CHECK_EQ_INT(case_guarantee(FEN(40000, 2)), FEN(20000, 1));
	CHECK_EQ_INT(case_guarantee(FEN(50000, 1)), FEN(25000, 1)); /* 25,000.005 rounds half up */
	CHECK_EQ_INT(case_guarantee(FEN(125000, 0)), FEN(62500, 0));
	CHECK_EQ_INT(case_guarantee(FEN(200000, 0)), FEN(100000, 0));
	/* above RMB 200,000: RMB 100,000 */
	CHECK_EQ_INT(case_guarantee(FEN(200000, 1)), FEN(100000, 0));
	CHECK_EQ_INT(case_guarantee(FEN(9999999, 99)), FEN(100000, 0));
}

static void test_fine_limit(void)
{
	/* 30 %, rounded down to the fen: a fine f is allowed exactly when 10 f <= 3 v */
	CHECK_EQ_INT(case_fine_limit(FEN(10000, 0)), FEN(3000, 0));
	CHECK_EQ_INT(case_fine_limit(FEN(100, 1)), FEN(30, 0)); /* 30.003 */
	CHECK_EQ_INT(case_fine_limit(FEN(100, 4)), FEN(30, 1)); /* 30.012 */
	CHECK_EQ_INT(case_fine_limit(0), 0);
	for (int64_t v = 0; v < 2000; v++) {
		int64_t limit = case_fine_limit(v);
		CHECK(10 * limit <= 3 * v && 10 * (limit + 1) > 3 * v);
	}
}

int main(void)
{
	test_status_names();
	test_transitions();
	test_numbers();
	test_guarantee();
	test_fine_limit();
	return check_summary("test_case_flow");
}
