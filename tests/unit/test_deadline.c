/* The clock of a representation: working days left until due_on, and overdue, by the
 * calendar's one working-day rule, set in the representation's text as PostgreSQL wrote it
 * (api/deadline.c, core/json_text.c). */
#include "check.h"

#include <stdlib.h>

#include "api/deadline.h"
#include "core/json_text.h"

static ipr_date d(const char *text)
{
	ipr_date out = 0;
	CHECK(date_parse(text, &out));
	return out;
}

static const char *const submitted[] = {"submitted", NULL};

/* deadline_render of text on today with places, compared with want (NULL: refused). */
static void check_render(const struct calendar *cal, const char *today, const char *text,
                         const struct deadline_place *places, int n, const char *want)
{
	struct deadline_clock c = {cal, d(today)};
	char *got = deadline_render(text, &c, places, n);
	if (want)
		CHECK_STR(got, want);
	else
		CHECK(got == NULL);
	free(got);
}

/* A record whose clock runs while its due_on is set, with the SQL's placeholders. */
static void check_clock(const struct calendar *cal, const char *today, const char *due, const char *left,
                        const char *overdue)
{
	static const struct deadline_place record = {NULL, NULL};
	char text[256], want[256];
	snprintf(text, sizeof text, "{\"due_on\": %s, \"overdue\": false, \"working_days_left\": null}", due);
	snprintf(want, sizeof want, "{\"due_on\": %s, \"overdue\": %s, \"working_days_left\": %s}", due, overdue, left);
	check_render(cal, today, text, &record, 1, want);
}

static void check_scanner(void)
{
	/* member names inside strings, escaped quotes and nesting are not members */
	const char *t = "{\"a\": \"x\\\"b\\\": 1\", \"n\": {\"b\": [1, {\"b\": 2}]}, \"b\": 3 }";
	const char *names[] = {"b", "n", "zz"};
	struct json_span out[3];
	const char *close = NULL;
	CHECK(json_text_members(t, t + strlen(t), 3, names, out, &close));
	CHECK(out[0].p && out[0].len == 1 && out[0].p[0] == '3');
	CHECK(out[1].p && out[1].len == strlen("{\"b\": [1, {\"b\": 2}]}") && out[1].p[0] == '{');
	CHECK(out[2].p == NULL);
	CHECK(close && *close == '}' && close == t + strlen(t) - 1);
	const char *empty = " { } ";
	CHECK(json_text_members(empty, empty + strlen(empty), 1, names, out, &close) && *close == '}' && !out[0].p);
	/* not objects, or cut short: false, and nothing read past the end */
	const char *bad[] = {"",
	                     "[1]",
	                     "{",
	                     "{\"a\"",
	                     "{\"a\": ",
	                     "{\"a\": \"x",
	                     "{\"a\": 1",
	                     "{\"a\": 1,",
	                     "{a: 1}",
	                     "{\"a\": {\"b\": 1}",
	                     "{\"a\": \"\\"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(!json_text_members(bad[i], bad[i] + strlen(bad[i]), 1, names, out, NULL));
	struct json_span s = {"\"submitted\"", 11};
	CHECK(json_text_is_string(s, "submitted") && !json_text_is_string(s, "submit"));
}

int main(void)
{
	check_scanner();
	struct calendar *cal = calendar_new();
	calendar_set(cal, d("2026-10-01"), CALENDAR_HOLIDAY);
	calendar_set(cal, d("2026-10-02"), CALENDAR_HOLIDAY);
	calendar_set(cal, d("2026-10-10"), CALENDAR_WORKING_DAY);
	/* Monday 2026-09-28 to Monday 2026-10-05: Tue, Wed, (Thu, Fri holidays), Mon */
	check_clock(cal, "2026-09-28", "\"2026-10-05\"", "3", "false");
	check_clock(cal, "2026-10-05", "\"2026-10-05\"", "0", "false");
	/* overdue: negative, counting the make-up Saturday 2026-10-10 */
	check_clock(cal, "2026-10-12", "\"2026-10-05\"", "-6", "true");
	/* no deadline: null and not overdue */
	check_clock(cal, "2026-10-12", "null", "null", "false");

	/* a recordation: its own clock, and its renewal's while the renewal is submitted */
	const struct deadline_place recordation[] = {{NULL, NULL}, {"renewal", submitted}};
	check_render(
		cal, "2026-09-28",
		"{\"due_on\": null, \"overdue\": false, \"renewal\": {\"due_on\": \"2026-10-05\", \"status\": "
		"\"submitted\", \"overdue\": false, \"working_days_left\": null}, \"title\": \"A \\\"due_on\\\"\", "
		"\"working_days_left\": null}",
		recordation, 2,
		"{\"due_on\": null, \"overdue\": false, \"renewal\": {\"due_on\": \"2026-10-05\", \"status\": "
		"\"submitted\", \"overdue\": false, \"working_days_left\": 3}, \"title\": \"A \\\"due_on\\\"\", "
		"\"working_days_left\": null}");
	check_render(
		cal, "2026-10-12",
		"{\"due_on\": \"2026-10-05\", \"overdue\": false, \"renewal\": {\"due_on\": \"2026-10-05\", "
		"\"status\": \"approved\", \"overdue\": false, \"working_days_left\": null}, \"working_days_left\": "
		"null}",
		recordation, 2,
		"{\"due_on\": \"2026-10-05\", \"overdue\": true, \"renewal\": {\"due_on\": \"2026-10-05\", "
		"\"status\": \"approved\", \"overdue\": false, \"working_days_left\": null}, \"working_days_left\": "
		"-6}");
	check_render(cal, "2026-10-12", "{\"due_on\": null, \"renewal\": null}", recordation, 2,
	             "{\"due_on\": null, \"renewal\": null, \"working_days_left\": null, \"overdue\": false}");

	/* a record without placeholders (exact decimals kept as written): the two appended, while its
	 * status is one that runs */
	const struct deadline_place running = {NULL, submitted};
	check_render(
		cal, "2026-09-28", "{\"status\": \"submitted\", \"due_on\": \"2026-10-05\", \"value\": 0.1}", &running,
		1,
		"{\"status\": \"submitted\", \"due_on\": \"2026-10-05\", \"value\": 0.1, \"working_days_left\": 3, "
		"\"overdue\": false}");
	check_render(cal, "2026-09-28", "{\"status\": \"decided\", \"due_on\": \"2026-10-05\"}", &running, 1,
	             "{\"status\": \"decided\", \"due_on\": \"2026-10-05\", \"working_days_left\": null, \"overdue\": "
	             "false}");
	check_render(cal, "2026-09-28", "{}", &running, 1, "{\"working_days_left\": null, \"overdue\": false}");
	/* not an object: refused */
	check_render(cal, "2026-09-28", "[1]", &running, 1, NULL);
	check_render(cal, "2026-09-28", "{\"status\": ", &running, 1, NULL);
	calendar_free(cal);
	return check_summary("test_deadline");
}
