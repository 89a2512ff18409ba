/* Civil-date arithmetic: parsing, formatting, weekdays, year and month steps. */
#include "check.h"
#include "core/date.h"

static ipr_date d(const char *text)
{
	ipr_date out = 0;
	if (!date_parse(text, &out))
		fprintf(stderr, "test date %s did not parse\n", text);
	return out;
}

int main(void)
{
	char buf[DATE_TEXT_LEN];
	CHECK_EQ_INT(date_from_ymd(1970, 1, 1), 0);
	CHECK_EQ_INT(date_from_ymd(2000, 3, 1), 11017);
	CHECK_STR(date_format(date_from_ymd(2026, 11, 23), buf), "2026-11-23");
	/* a round trip over four centuries, including 1900 and 2100 (not leap) and 2000 (leap) */
	int bad = 0;
	for (ipr_date x = date_from_ymd(1900, 1, 1); x < date_from_ymd(2300, 1, 1); x++) {
		int y, m, dd;
		date_to_ymd(x, &y, &m, &dd);
		ipr_date back = 0;
		if (date_from_ymd(y, m, dd) != x || !date_parse(date_format(x, buf), &back) || back != x)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(date_valid(2000, 2, 29));
	CHECK(!date_valid(1900, 2, 29));
	CHECK(!date_valid(2100, 2, 29));
	CHECK(date_valid(2028, 2, 29));
	CHECK(!date_valid(2026, 2, 29));
	CHECK(!date_valid(2026, 4, 31));
	CHECK(!date_valid(2026, 13, 1));
	CHECK(!date_valid(2026, 0, 1));

	/* weekdays: 2026-11-23 is a Monday, 1970-01-01 a Thursday */
	CHECK_EQ_INT(date_weekday(d("2026-11-23")), 1);
	CHECK_EQ_INT(date_weekday(d("2026-11-29")), 7);
	CHECK_EQ_INT(date_weekday(0), 4);
	CHECK_EQ_INT(date_weekday(-1), 3); /* 1969-12-31 */

	/* strict parsing */
	ipr_date out = 0;
	const char *refused[] = {"",           "2026-1-01",   "2026-01-1",   "2026/01/01",
	                         "2026-02-30", "2026-01-01x", " 2026-01-01", "20260101",
	                         "1899-12-31", "abcd-ef-gh",  "2026-00-10",  NULL};
	for (int i = 0; refused[i]; i++) {
		bool ok = date_parse(refused[i], &out);
		if (ok)
			fprintf(stderr, "accepted %s\n", refused[i]);
		CHECK(!ok);
	}
	CHECK(date_parse("9999-12-31", &out));

	/* ten years on; 29 February falls back to 28 February */
	CHECK_STR(date_format(date_add_years(d("2026-05-14"), 10), buf), "2036-05-14");
	CHECK_STR(date_format(date_add_years(d("2028-02-29"), 10), buf), "2038-02-28");
	CHECK_STR(date_format(date_add_years(d("2028-02-29"), 4), buf), "2032-02-29");
	/* months: clamped to the month's end, also backwards */
	CHECK_STR(date_format(date_add_months(d("2026-08-31"), -6), buf), "2026-02-28");
	CHECK_STR(date_format(date_add_months(d("2026-01-31"), 1), buf), "2026-02-28");
	CHECK_STR(date_format(date_add_months(d("2026-11-15"), 3), buf), "2027-02-15");
	CHECK_STR(date_format(date_add_months(d("2027-01-15"), -2), buf), "2026-11-15");
	return check_summary("date");
}
