/* The recordation workflow's pure rules: transitions, validity, renewal window, numbers. */
#include "check.h"

#include "domain/recordation_flow.h"

static ipr_date d(const char *text)
{
	ipr_date out = 0;
	CHECK(date_parse(text, &out));
	return out;
}

static void test_status_names(void)
{
	enum recordation_status s;
	for (int i = 0; i < RECORDATION_STATUS_COUNT; i++) {
		CHECK(recordation_status_parse(recordation_status_name((enum recordation_status)i), &s));
		CHECK_EQ_INT(s, i);
	}
	CHECK(!recordation_status_parse("approve", &s));
	CHECK(!recordation_status_parse(NULL, &s));
	CHECK(recordation_status_name(RECORDATION_STATUS_COUNT) == NULL);
}

static void test_transitions(void)
{
	/* API.md: draft -> submitted -> approved | rejected | information_requested */
	CHECK(recordation_may(RECORDATION_SUBMIT, RECORDATION_DRAFT));
	CHECK(recordation_may(RECORDATION_SUBMIT, RECORDATION_INFORMATION_REQUESTED));
	CHECK(recordation_may(RECORDATION_SUBMIT, RECORDATION_REJECTED));
	CHECK(!recordation_may(RECORDATION_SUBMIT, RECORDATION_SUBMITTED));
	CHECK(!recordation_may(RECORDATION_SUBMIT, RECORDATION_APPROVED));
	for (int a = RECORDATION_APPROVE; a <= RECORDATION_REQUEST_INFORMATION; a++) {
		CHECK(recordation_may((enum recordation_action)a, RECORDATION_SUBMITTED));
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_DRAFT));
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_APPROVED));
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_INFORMATION_REQUESTED));
	}
	CHECK_EQ_INT(recordation_target(RECORDATION_APPROVE, RECORDATION_SUBMITTED), RECORDATION_APPROVED);
	CHECK_EQ_INT(recordation_target(RECORDATION_REQUEST_INFORMATION, RECORDATION_SUBMITTED),
	             RECORDATION_INFORMATION_REQUESTED);
	/* withdrawal before a decision only */
	CHECK(recordation_may(RECORDATION_WITHDRAW, RECORDATION_DRAFT));
	CHECK(recordation_may(RECORDATION_WITHDRAW, RECORDATION_SUBMITTED));
	CHECK(recordation_may(RECORDATION_WITHDRAW, RECORDATION_INFORMATION_REQUESTED));
	CHECK(!recordation_may(RECORDATION_WITHDRAW, RECORDATION_REJECTED));
	CHECK(!recordation_may(RECORDATION_WITHDRAW, RECORDATION_APPROVED));
	/* editing */
	CHECK(recordation_may(RECORDATION_EDIT, RECORDATION_REJECTED));
	CHECK(!recordation_may(RECORDATION_EDIT, RECORDATION_SUBMITTED));
	CHECK_EQ_INT(recordation_target(RECORDATION_EDIT, RECORDATION_DRAFT), RECORDATION_DRAFT);
	/* the end of an approved recordation; nothing from an expired one */
	for (int a = RECORDATION_RENEW; a <= RECORDATION_CANCEL; a++) {
		CHECK(recordation_may((enum recordation_action)a, RECORDATION_APPROVED));
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_EXPIRED));
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_REVOKED));
	}
	CHECK_EQ_INT(recordation_target(RECORDATION_RENEW, RECORDATION_APPROVED), RECORDATION_APPROVED);
	CHECK_EQ_INT(recordation_target(RECORDATION_REVOKE, RECORDATION_APPROVED), RECORDATION_REVOKED);
	CHECK_EQ_INT(recordation_target(RECORDATION_CANCEL, RECORDATION_APPROVED), RECORDATION_CANCELLED);
	/* documents: attached while editable and to an approved recordation (renewal
	 * evidence); removed only while editable; never while under review */
	CHECK(recordation_may(RECORDATION_ATTACH_DOCUMENT, RECORDATION_DRAFT));
	CHECK(recordation_may(RECORDATION_ATTACH_DOCUMENT, RECORDATION_INFORMATION_REQUESTED));
	CHECK(recordation_may(RECORDATION_ATTACH_DOCUMENT, RECORDATION_APPROVED));
	CHECK(!recordation_may(RECORDATION_ATTACH_DOCUMENT, RECORDATION_SUBMITTED));
	CHECK(!recordation_may(RECORDATION_ATTACH_DOCUMENT, RECORDATION_REVOKED));
	CHECK(recordation_may(RECORDATION_REMOVE_DOCUMENT, RECORDATION_REJECTED));
	CHECK(!recordation_may(RECORDATION_REMOVE_DOCUMENT, RECORDATION_SUBMITTED));
	CHECK(!recordation_may(RECORDATION_REMOVE_DOCUMENT, RECORDATION_APPROVED));
	CHECK_EQ_INT(recordation_target(RECORDATION_ATTACH_DOCUMENT, RECORDATION_APPROVED), RECORDATION_APPROVED);
	/* the product identification guide and its photos: from the draft on, while in force */
	CHECK(recordation_may(RECORDATION_CHANGE_GUIDE, RECORDATION_DRAFT));
	CHECK(recordation_may(RECORDATION_CHANGE_GUIDE, RECORDATION_SUBMITTED));
	CHECK(recordation_may(RECORDATION_CHANGE_GUIDE, RECORDATION_APPROVED));
	CHECK(!recordation_may(RECORDATION_CHANGE_GUIDE, RECORDATION_REVOKED));
	CHECK_EQ_INT(recordation_target(RECORDATION_CHANGE_GUIDE, RECORDATION_APPROVED), RECORDATION_APPROVED);
	/* final states allow nothing */
	for (int a = 0; a < RECORDATION_ACTION_COUNT; a++) {
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_WITHDRAWN));
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_CANCELLED));
		CHECK(!recordation_may((enum recordation_action)a, RECORDATION_EXPIRED));
	}
	CHECK(!recordation_may(RECORDATION_ACTION_COUNT, RECORDATION_DRAFT));
	CHECK_STR(recordation_allowed_from(RECORDATION_APPROVE), "{submitted}");
	CHECK_STR(recordation_allowed_from(RECORDATION_SUBMIT), "{draft,information_requested,rejected}");
}

/* The SQL literal and the bit set must name the same statuses. */
static void test_allowed_literal_matches(void)
{
	for (int a = 0; a < RECORDATION_ACTION_COUNT; a++) {
		const char *lit = recordation_allowed_from((enum recordation_action)a);
		for (int s = 0; s < RECORDATION_STATUS_COUNT; s++) {
			char word[40];
			snprintf(word, sizeof word, "%s", recordation_status_name((enum recordation_status)s));
			bool listed = false;
			for (const char *p = lit + 1; *p;) {
				size_t n = strcspn(p, ",}");
				if (n == strlen(word) && !strncmp(p, word, n))
					listed = true;
				p += n + (p[n] ? 1 : 0);
			}
			CHECK_EQ_INT(listed, recordation_may((enum recordation_action)a, (enum recordation_status)s));
		}
	}
}

static void test_validity(void)
{
	/* ten years: to the day before the tenth anniversary */
	CHECK_EQ_INT(recordation_valid_until(d("2026-04-15"), d("2040-01-01")), d("2036-04-14"));
	/* capped at the right's expiry */
	CHECK_EQ_INT(recordation_valid_until(d("2026-04-15"), d("2033-06-13")), d("2033-06-13"));
	CHECK_EQ_INT(recordation_valid_until(d("2026-04-15"), d("2036-04-14")), d("2036-04-14"));
	/* 29 February */
	CHECK_EQ_INT(recordation_valid_until(d("2028-02-29"), d("2099-01-01")), d("2038-02-27"));
	/* renewal extends from the day after valid_until */
	CHECK_EQ_INT(recordation_valid_until(d("2036-04-14") + 1, d("2099-01-01")), d("2046-04-14"));
}

static void test_renewal_window(void)
{
	ipr_date until = d("2036-04-14");
	CHECK_EQ_INT(recordation_renewal_opens(until), d("2035-10-14"));
	CHECK(!recordation_in_renewal_window(d("2035-10-13"), until));
	CHECK(recordation_in_renewal_window(d("2035-10-14"), until));
	CHECK(recordation_in_renewal_window(until, until));
	CHECK(!recordation_in_renewal_window(until + 1, until));
	/* month-end clamping: 6 months before 31 August is 28/29 February */
	CHECK_EQ_INT(recordation_renewal_opens(d("2027-08-31")), d("2027-02-28"));
	CHECK_EQ_INT(recordation_renewal_opens(d("2028-08-31")), d("2028-02-29"));
}

static void test_numbers(void)
{
	CHECK_EQ_INT(recordation_number_prefix("trademark"), 'T');
	CHECK_EQ_INT(recordation_number_prefix("copyright"), 'C');
	CHECK_EQ_INT(recordation_number_prefix("patent"), 'P');
	CHECK_EQ_INT(recordation_number_prefix("olympic_symbol"), 'O');
	CHECK_EQ_INT(recordation_number_prefix("world_expo_symbol"), 'E');
	CHECK_EQ_INT(recordation_number_prefix("design"), '\0');
	CHECK_EQ_INT(recordation_number_prefix(NULL), '\0');
	char number[16];
	recordation_number_format(number, sizeof number, 'T', 2026, 1);
	CHECK_STR(number, "T2026-000001");
	recordation_number_format(number, sizeof number, 'E', 2027, 123456);
	CHECK_STR(number, "E2027-123456");
	CHECK(recordation_number_valid("T2026-000001"));
	CHECK(recordation_number_valid("E2027-123456"));
	CHECK(!recordation_number_valid("X2026-000001"));
	CHECK(!recordation_number_valid("T2026-00001"));
	CHECK(!recordation_number_valid("T2026-0000012"));
	CHECK(!recordation_number_valid("T2026_000001"));
	CHECK(!recordation_number_valid("T20a6-000001"));
	CHECK(!recordation_number_valid("\0"));
	CHECK(!recordation_number_valid(NULL));
}

int main(void)
{
	test_status_names();
	test_transitions();
	test_allowed_literal_matches();
	test_validity();
	test_renewal_window();
	test_numbers();
	return check_summary("test_recordation_flow");
}
