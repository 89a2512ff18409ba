/* The clock of a representation: working days left until due_on, and overdue, by the
 * calendar's one working-day rule (api/deadline.c). */
#include "check.h"

#include "api/deadline.h"

static ipr_date d(const char *text)
{
	ipr_date out = 0;
	CHECK(date_parse(text, &out));
	return out;
}

/* The clock of {"due_on": due} on today, pending or not. */
static json_t *clock_of(const struct calendar *cal, const char *today, const char *due, bool pending)
{
	json_t *obj = json_pack("{s:s?}", "due_on", due);
	struct deadline_clock c = {cal, d(today)};
	deadline_clock_set(obj, &c, pending);
	return obj;
}

static void check_clock(const struct calendar *cal, const char *today, const char *due, bool pending, json_int_t left,
                        bool is_null, bool overdue)
{
	json_t *obj = clock_of(cal, today, due, pending);
	json_t *w = json_object_get(obj, "working_days_left");
	CHECK(is_null ? json_is_null(w) : json_is_integer(w) && json_integer_value(w) == left);
	CHECK(json_is_boolean(json_object_get(obj, "overdue")) &&
	      json_is_true(json_object_get(obj, "overdue")) == overdue);
	json_decref(obj);
}

int main(void)
{
	struct calendar *cal = calendar_new();
	calendar_set(cal, d("2026-10-01"), CALENDAR_HOLIDAY);
	calendar_set(cal, d("2026-10-02"), CALENDAR_HOLIDAY);
	calendar_set(cal, d("2026-10-10"), CALENDAR_WORKING_DAY);
	/* Monday 2026-09-28 to Monday 2026-10-05: Tue, Wed, (Thu, Fri holidays), Mon */
	check_clock(cal, "2026-09-28", "2026-10-05", true, 3, false, false);
	check_clock(cal, "2026-10-05", "2026-10-05", true, 0, false, false);
	/* overdue: negative, counting the make-up Saturday 2026-10-10 */
	check_clock(cal, "2026-10-12", "2026-10-05", true, -6, false, true);
	/* not pending, or no deadline: null and not overdue */
	check_clock(cal, "2026-10-12", "2026-10-05", false, 0, true, false);
	check_clock(cal, "2026-10-12", NULL, true, 0, true, false);
	calendar_free(cal);
	return check_summary("test_deadline");
}
