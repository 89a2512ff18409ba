/* Exact amounts: decimals parsed from what a client wrote (a JSON integer, or a real of at
 * most 15 significant digits), formatted, and converted at an exchange rate, in integers. */
#include "check.h"

#include "domain/money.h"

static int64_t parse(const char *text, int scale)
{
	int64_t v = -1;
	return money_parse(text, scale, MONEY_MAX, &v) ? v : -1;
}

static void test_parse(void)
{
	CHECK_EQ_INT(parse("19999.99", 2), 1999999);
	CHECK_EQ_INT(parse("20000", 2), 2000000);
	CHECK_EQ_INT(parse("200000.01", 2), 20000001);
	CHECK_EQ_INT(parse("0.1", 2), 10);
	CHECK_EQ_INT(parse("0", 2), 0);
	CHECK_EQ_INT(parse("007.50", 2), 750);
	CHECK_EQ_INT(parse("2e4", 2), 2000000);
	CHECK_EQ_INT(parse("1.5e-02", 2), -1); /* 0.015: three decimals */
	CHECK_EQ_INT(parse("1.5E-01", 2), 15);
	CHECK_EQ_INT(parse("7.123456", 6), 7123456);
	CHECK_EQ_INT(parse("9999999999999.99", 2), MONEY_MAX);
	/* refused: too many decimals, negative, over the maximum, not a number */
	CHECK_EQ_INT(parse("0.001", 2), -1);
	CHECK_EQ_INT(parse("19999.999", 2), -1);
	CHECK_EQ_INT(parse("-1", 2), -1);
	CHECK_EQ_INT(parse("10000000000000", 2), -1);
	CHECK_EQ_INT(parse("1e400", 2), -1);
	CHECK_EQ_INT(parse("", 2), -1);
	CHECK_EQ_INT(parse(".", 2), -1);
	CHECK_EQ_INT(parse("1.2.3", 2), -1);
	CHECK_EQ_INT(parse("12a", 2), -1);
	CHECK_EQ_INT(parse("1e", 2), -1);
	CHECK(!money_parse(NULL, 2, MONEY_MAX, &(int64_t){0}));
}

static void test_from_json(void)
{
	/* the decimals the client wrote, exactly, whatever the double in between */
	const char *texts[] = {"19999.99", "0.1", "200000.01", "1234567890123.45", "0.07", "20000", "3e2"};
	const int64_t want[] = {1999999, 10, 20000001, 123456789012345, 7, 2000000, 30000};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		json_t *v = json_loads(texts[i], JSON_DECODE_ANY, NULL);
		int64_t out = -1;
		CHECK(money_from_json(v, 2, MONEY_MAX, &out));
		CHECK_EQ_INT(out, want[i]);
		json_decref(v);
	}
	json_t *s = json_string("12.00");
	int64_t out = 0;
	CHECK(!money_from_json(s, 2, MONEY_MAX, &out)); /* numbers only */
	CHECK(!money_from_json(NULL, 2, MONEY_MAX, &out));
	json_decref(s);
}

static void test_format(void)
{
	char text[MONEY_TEXT_MAX];
	CHECK_STR(money_format(1999999, 2, text), "19999.99");
	CHECK_STR(money_format(5, 2, text), "0.05");
	CHECK_STR(money_format(0, 2, text), "0.00");
	CHECK_STR(money_format(7100000, 6, text), "7.100000");
	CHECK_STR(money_format(MONEY_MAX, 2, text), "9999999999999.99");
	CHECK_STR(money_format(-150, 2, text), "-1.50");
}

static void test_convert(void)
{
	int64_t out = 0;
	/* USD 125,000.00 at 7.1 */
	CHECK(money_convert(12500000, 7100000, MONEY_MAX, &out));
	CHECK_EQ_INT(out, 88750000);
	/* USD 0.01 at 7.123456: 0.07123456 -> 0.07; 0.05 at 7.1 = 0.355 -> 0.36 (half up) */
	CHECK(money_convert(1, 7123456, MONEY_MAX, &out));
	CHECK_EQ_INT(out, 7);
	CHECK(money_convert(5, 7100000, MONEY_MAX, &out));
	CHECK_EQ_INT(out, 36);
	/* the largest amount at a large rate does not overflow, and is refused above max */
	CHECK(!money_convert(MONEY_MAX, 100000LL * 1000000, MONEY_MAX, &out));
	CHECK(money_convert(MONEY_MAX, 1000000, MONEY_MAX, &out));
	CHECK_EQ_INT(out, MONEY_MAX);
	CHECK(!money_convert(-1, 1000000, MONEY_MAX, &out));
}

int main(void)
{
	test_parse();
	test_from_json();
	test_format();
	test_convert();
	return check_summary("test_money");
}
