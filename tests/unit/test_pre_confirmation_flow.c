/* Pre-confirmation's pure rules: transitions, validity, numbers, the roles of a direction. */
#include "check.h"

#include "domain/pre_confirmation_flow.h"

static ipr_date d(const char *text)
{
	ipr_date out = 0;
	CHECK(date_parse(text, &out));
	return out;
}

static void test_status_names(void)
{
	enum pre_confirmation_status s;
	for (int i = 0; i < PRE_CONFIRMATION_STATUS_COUNT; i++) {
		CHECK(pre_confirmation_status_parse(pre_confirmation_status_name((enum pre_confirmation_status)i), &s));
		CHECK_EQ_INT(s, i);
	}
	CHECK(!pre_confirmation_status_parse("confirm", &s));
	CHECK(!pre_confirmation_status_parse(NULL, &s));
	CHECK(pre_confirmation_status_name(PRE_CONFIRMATION_STATUS_COUNT) == NULL);
}

static void test_transitions(void)
{
	/* API.md: submitted -> confirmed | rejected; submitted -> withdrawn; nothing after that */
	for (int a = 0; a < PRE_CONFIRMATION_ACTION_COUNT; a++) {
		enum pre_confirmation_action action = (enum pre_confirmation_action)a;
		CHECK(pre_confirmation_may(action, PRE_CONFIRMATION_SUBMITTED));
		for (int s = PRE_CONFIRMATION_CONFIRMED; s < PRE_CONFIRMATION_STATUS_COUNT; s++)
			CHECK(!pre_confirmation_may(action, (enum pre_confirmation_status)s));
		CHECK_STR(pre_confirmation_allowed_from(action), "{submitted}");
	}
	CHECK(!pre_confirmation_may(PRE_CONFIRMATION_ACTION_COUNT, PRE_CONFIRMATION_SUBMITTED));
	CHECK_EQ_INT(pre_confirmation_target(PRE_CONFIRMATION_CONFIRM), PRE_CONFIRMATION_CONFIRMED);
	CHECK_EQ_INT(pre_confirmation_target(PRE_CONFIRMATION_REJECT), PRE_CONFIRMATION_REJECTED);
	CHECK_EQ_INT(pre_confirmation_target(PRE_CONFIRMATION_WITHDRAW), PRE_CONFIRMATION_WITHDRAWN);
	/* customs decides; the importer's withdrawal is not a decision */
	CHECK(pre_confirmation_is_decision(PRE_CONFIRMATION_CONFIRM));
	CHECK(pre_confirmation_is_decision(PRE_CONFIRMATION_REJECT));
	CHECK(!pre_confirmation_is_decision(PRE_CONFIRMATION_WITHDRAW));
	/* documents change only before the decision */
	CHECK(pre_confirmation_documents_open(PRE_CONFIRMATION_SUBMITTED));
	for (int s = PRE_CONFIRMATION_CONFIRMED; s < PRE_CONFIRMATION_STATUS_COUNT; s++)
		CHECK(!pre_confirmation_documents_open((enum pre_confirmation_status)s));
	CHECK_STR(pre_confirmation_documents_open_in(), "{submitted}");
}

static void test_validity(void)
{
	/* N days after the expected date, inclusive; across a year's end and 29 February */
	CHECK_EQ_INT(pre_confirmation_valid_until(d("2026-06-20"), 90), d("2026-09-18"));
	CHECK_EQ_INT(pre_confirmation_valid_until(d("2026-12-01"), 90), d("2027-03-01"));
	CHECK_EQ_INT(pre_confirmation_valid_until(d("2028-02-28"), 1), d("2028-02-29"));
}

static void test_roles(void)
{
	CHECK_STR(pre_confirmation_roles("import"), "{importer,consignee}");
	CHECK_STR(pre_confirmation_roles("export"), "{exporter,consignor}");
	CHECK(pre_confirmation_roles("transit") == NULL);
	CHECK(pre_confirmation_roles(NULL) == NULL);
}

static void test_numbers(void)
{
	char number[16];
	pre_confirmation_number_format(number, sizeof number, 2026, 1);
	CHECK_STR(number, "PC2026-000001");
	pre_confirmation_number_format(number, sizeof number, 2027, 999999);
	CHECK_STR(number, "PC2027-999999");
}

int main(void)
{
	test_status_names();
	test_transitions();
	test_validity();
	test_roles();
	test_numbers();
	return check_summary("test_pre_confirmation_flow");
}
