/* The working-day rule. Monday to Friday are working days unless declared holidays;
 * Saturday and Sunday are not, unless declared make-up working days. The declared
 * exceptions are few (tens a year), kept sorted for binary search. */
#include <stdlib.h>

#include "core/util.h"
#include "domain/calendar.h"

struct exception {
	ipr_date day;
	int kind;
};

struct calendar {
	struct exception *items;
	size_t len, cap;
};

struct calendar *calendar_new(void)
{
	return xcalloc(1, sizeof(struct calendar));
}

void calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	free(cal->items);
	free(cal);
}

/* Index of the first exception whose day is >= day. */
static size_t lower_bound(const struct calendar *cal, ipr_date day)
{
	size_t lo = 0, hi = cal->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->items[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void calendar_set(struct calendar *cal, ipr_date day, enum calendar_kind kind)
{
	size_t at = lower_bound(cal, day);
	if (at < cal->len && cal->items[at].day == day) {
		cal->items[at].kind = kind;
		return;
	}
	if (cal->len == cal->cap) {
		cal->cap = cal->cap ? cal->cap * 2 : 32;
		cal->items = xrealloc(cal->items, cal->cap * sizeof *cal->items);
	}
	for (size_t i = cal->len; i > at; i--)
		cal->items[i] = cal->items[i - 1];
	cal->items[at] = (struct exception){day, kind};
	cal->len++;
}

int calendar_exception(const struct calendar *cal, ipr_date day)
{
	size_t at = lower_bound(cal, day);
	return at < cal->len && cal->items[at].day == day ? cal->items[at].kind : 0;
}

bool calendar_is_working_day(const struct calendar *cal, ipr_date day)
{
	switch (calendar_exception(cal, day)) {
	case CALENDAR_HOLIDAY:
		return false;
	case CALENDAR_WORKING_DAY:
		return true;
	default:
		return date_weekday(day) <= 5;
	}
}

ipr_date calendar_add_working_days(const struct calendar *cal, ipr_date start, int n)
{
	ipr_date day = start;
	while (n > 0) {
		day++;
		if (calendar_is_working_day(cal, day))
			n--;
	}
	return day;
}

int calendar_working_days_between(const struct calendar *cal, ipr_date from, ipr_date to)
{
	int count = 0;
	for (ipr_date day = from + 1; day <= to; day++)
		count += calendar_is_working_day(cal, day);
	return count;
}
