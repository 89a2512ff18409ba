#include "core/date.h"

#include <stdio.h>

/* Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms). */
ipr_date date_from_ymd(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned mp = (unsigned)(month + (month > 2 ? -3 : 9));
	unsigned doy = (153 * mp + 2) / 5 + (unsigned)day - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (ipr_date)(era * 146097 + (int)doe - 719468);
}

void date_to_ymd(ipr_date d, int *year, int *month, int *day)
{
	int z = d + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*year = y + (mm <= 2);
	*month = (int)mm;
	*day = (int)dd;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool date_valid(int year, int month, int day)
{
	return year >= 1900 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= days_in_month(year, month);
}

int date_weekday(ipr_date d)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int w = (d + 3) % 7;
	if (w < 0)
		w += 7;
	return w + 1;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool date_parse(const char *text, ipr_date *out)
{
	if (!text)
		return false;
	for (int i = 0; i < 10; i++)
		if (!text[i])
			return false;
	if (text[10] != '\0' || text[4] != '-' || text[7] != '-')
		return false;
	int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

char *date_format(ipr_date d, char buf[DATE_TEXT_LEN])
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 13u, ud = (unsigned)dd % 32u;
	snprintf(buf, DATE_TEXT_LEN, "%04u-%02u-%02u", uy, um, ud);
	return buf;
}

ipr_date date_add_years(ipr_date d, int years)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	y += years;
	if (m == 2 && dd == 29 && !leap(y))
		dd = 28;
	return date_from_ymd(y, m, dd);
}

ipr_date date_add_months(ipr_date d, int months)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	int total = y * 12 + (m - 1) + months;
	y = total >= 0 ? total / 12 : (total - 11) / 12;
	m = total - y * 12 + 1;
	int last = days_in_month(y, m);
	return date_from_ymd(y, m, dd > last ? last : dd);
}
