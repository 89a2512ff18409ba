/* The working-day rule: weekends, declared holidays and make-up days, the day of
 * receipt not counted, and the two questions every deadline asks. */
#include "check.h"
#include "domain/calendar.h"

static ipr_date d(const char *text)
{
	ipr_date out = 0;
	if (!date_parse(text, &out))
		fprintf(stderr, "test date %s did not parse\n", text);
	return out;
}

static const char *add(const struct calendar *cal, const char *start, int n)
{
	static char buf[DATE_TEXT_LEN];
	return date_format(calendar_add_working_days(cal, d(start), n), buf);
}

int main(void)
{
	struct calendar *cal = calendar_new();

	/* plain weeks: Monday 2026-11-23 */
	CHECK(calendar_is_working_day(cal, d("2026-11-23")));
	CHECK(!calendar_is_working_day(cal, d("2026-11-28")));
	CHECK(!calendar_is_working_day(cal, d("2026-11-29")));
	CHECK_STR(add(cal, "2026-11-23", 0), "2026-11-23");
	CHECK_STR(add(cal, "2026-11-23", 1), "2026-11-24");
	CHECK_STR(add(cal, "2026-11-23", 5), "2026-11-30");
	CHECK_STR(add(cal, "2026-11-27", 1), "2026-11-30"); /* Friday + 1 = Monday */
	CHECK_STR(add(cal, "2026-11-28", 1), "2026-11-30"); /* received on Saturday: Monday is day 1 */
	CHECK_STR(add(cal, "2026-11-23", 30), "2027-01-04");
	CHECK_EQ_INT(calendar_working_days_between(cal, d("2026-11-23"), d("2026-11-30")), 5);
	CHECK_EQ_INT(calendar_working_days_between(cal, d("2026-11-30"), d("2026-11-23")), 0);
	CHECK_EQ_INT(calendar_working_days_between(cal, d("2026-11-23"), d("2026-11-23")), 0);

	/* National Day 2026: 1-7 October off (the weekdays among them declared holidays),
	 * make-up working days Sunday 20 September and Saturday 10 October */
	const char *holidays[] = {"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07", NULL};
	for (int i = 0; holidays[i]; i++)
		calendar_set(cal, d(holidays[i]), CALENDAR_HOLIDAY);
	calendar_set(cal, d("2026-09-20"), CALENDAR_WORKING_DAY);
	calendar_set(cal, d("2026-10-10"), CALENDAR_WORKING_DAY);
	CHECK_EQ_INT(calendar_exception(cal, d("2026-10-01")), CALENDAR_HOLIDAY);
	CHECK_EQ_INT(calendar_exception(cal, d("2026-10-10")), CALENDAR_WORKING_DAY);
	CHECK_EQ_INT(calendar_exception(cal, d("2026-10-08")), 0);
	CHECK(!calendar_is_working_day(cal, d("2026-10-05")));
	CHECK(calendar_is_working_day(cal, d("2026-09-20")));
	CHECK(calendar_is_working_day(cal, d("2026-10-10")));
	/* filed Wednesday 30 September: day 1 is Thursday 8 October, day 2 Friday 9, day 3 Saturday 10 */
	CHECK_STR(add(cal, "2026-09-30", 1), "2026-10-08");
	CHECK_STR(add(cal, "2026-09-30", 3), "2026-10-10");
	CHECK_STR(add(cal, "2026-09-30", 4), "2026-10-12");
	/* filed Friday 18 September: Sunday 20 is day 1 */
	CHECK_STR(add(cal, "2026-09-18", 1), "2026-09-20");
	CHECK_EQ_INT(calendar_working_days_between(cal, d("2026-09-30"), d("2026-10-12")), 4);
	/* 30 working days across the whole National Day arrangement (with the Mid-Autumn Friday
	 * 25 September): day 1 is make-up Sunday 20 September, day 11 make-up Saturday 10 October */
	calendar_set(cal, d("2026-09-25"), CALENDAR_HOLIDAY);
	CHECK_STR(add(cal, "2026-09-18", 30), "2026-11-05");
	CHECK_STR(add(cal, "2026-09-18", 11), "2026-10-10");
	/* a start date that is itself a holiday: the next working day is day 1 */
	CHECK_STR(add(cal, "2026-10-01", 1), "2026-10-08");
	CHECK_STR(add(cal, "2026-10-01", 30), "2026-11-17");
	/* across the year boundary, New Year's Day 2027 a holiday */
	calendar_set(cal, d("2027-01-01"), CALENDAR_HOLIDAY);
	CHECK_STR(add(cal, "2026-12-31", 1), "2027-01-04");
	CHECK_STR(add(cal, "2026-12-15", 30), "2027-01-27");
	CHECK_EQ_INT(calendar_working_days_between(cal, d("2026-12-25"), d("2027-01-08")), 9);

	/* the two questions agree: n working days after start are exactly n working days away */
	int disagree = 0;
	for (ipr_date s = d("2026-09-01"); s < d("2026-11-01"); s++)
		for (int n = 0; n <= 40; n++)
			if (calendar_working_days_between(cal, s, calendar_add_working_days(cal, s, n)) != n)
				disagree++;
	CHECK_EQ_INT(disagree, 0);

	/* a later declaration replaces the earlier one; order of declaration does not matter */
	calendar_set(cal, d("2026-10-01"), CALENDAR_WORKING_DAY);
	CHECK(calendar_is_working_day(cal, d("2026-10-01")));
	calendar_set(cal, d("2026-10-01"), CALENDAR_HOLIDAY);
	CHECK(!calendar_is_working_day(cal, d("2026-10-01")));
	for (ipr_date x = d("2030-12-31"); x >= d("2030-01-01"); x -= 7)
		calendar_set(cal, x, date_weekday(x) >= 6 ? CALENDAR_WORKING_DAY : CALENDAR_HOLIDAY);
	CHECK(!calendar_is_working_day(cal, d("2030-12-31")));
	CHECK(!calendar_is_working_day(cal, d("2030-12-24")));
	CHECK(calendar_is_working_day(cal, d("2030-12-30")));
	CHECK_STR(add(cal, "2026-09-30", 1), "2026-10-08");

	calendar_free(cal);
	calendar_free(NULL);
	return check_summary("calendar");
}
