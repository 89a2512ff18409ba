/* Civil dates as a day count: pure code, no I/O, no time zone. */
#ifndef IPR_CORE_DATE_H
#define IPR_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A calendar date as the number of days since 1970-01-01 (proleptic Gregorian).
 * Plain integer arithmetic gives the next day, the day before, differences. */
typedef int32_t ipr_date;

#define DATE_TEXT_LEN 11 /* "YYYY-MM-DD" plus NUL */

/* Days since the epoch for a valid year/month/day; no validation (see date_valid). */
ipr_date date_from_ymd(int year, int month, int day);
void date_to_ymd(ipr_date d, int *year, int *month, int *day);
bool date_valid(int year, int month, int day);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(ipr_date d);
/* Strict "YYYY-MM-DD" (years 1900..9999, real day of month: 2026-02-30 is refused).
 * Returns true and stores the date on success. */
bool date_parse(const char *text, ipr_date *out);
/* Writes "YYYY-MM-DD" into buf (DATE_TEXT_LEN bytes). Returns buf. */
char *date_format(ipr_date d, char buf[DATE_TEXT_LEN]);
/* The same day and month `years` later, 29 February falling back to 28 February. */
ipr_date date_add_years(ipr_date d, int years);
/* The same day `months` later, clamped to the month's last day (for "6 months before"). */
ipr_date date_add_months(ipr_date d, int months);

#endif
