#include "domain/money.h"

#include <stdio.h>
#include <string.h>

#include "domain/validate.h"

/* Wide enough for an amount times a rate (10^15 * 10^11) and for a mantissa of 30 digits. */
typedef unsigned __int128 wide;

#define MANTISSA_DIGITS_MAX 30

bool money_parse(const char *text, int scale, int64_t max, int64_t *out)
{
	const char *p = text;
	wide mantissa = 0;
	int digits = 0, fraction = 0;
	bool any = false, point = false;
	if (!p || scale < 0 || scale > 18)
		return false;
	for (; *p; p++) {
		if (*p == '.' && !point) {
			point = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			break;
		any = true;
		if (point)
			fraction++;
		if (mantissa == 0 && *p == '0')
			continue; /* leading zeros are no significant digits */
		if (++digits > MANTISSA_DIGITS_MAX)
			return false;
		mantissa = mantissa * 10 + (wide)(*p - '0');
	}
	if (!any)
		return false;
	long exponent = 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		bool negative = *p == '-';
		if (*p == '-' || *p == '+')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++)
			if ((exponent = exponent * 10 + (*p - '0')) > 400)
				return false;
		if (negative)
			exponent = -exponent;
	}
	if (*p)
		return false;
	/* value = mantissa * 10^(exponent - fraction); in units: * 10^scale */
	long shift = exponent - fraction + scale;
	for (; shift < 0; shift++) {
		if (mantissa % 10)
			return false; /* more decimals than the scale */
		mantissa /= 10;
	}
	for (; shift > 0 && mantissa; shift--)
		if ((mantissa *= 10) > (wide)max)
			return false;
	if (mantissa > (wide)max)
		return false;
	*out = (int64_t)mantissa;
	return true;
}

bool money_from_json(const json_t *v, int scale, int64_t max, int64_t *out)
{
	char text[64];
	if (json_is_integer(v))
		snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(text, sizeof text, "%.*g", V_NUMBER_DIGITS, json_real_value(v));
	else
		return false;
	return money_parse(text, scale, max, out);
}

const char *money_format(int64_t v, int scale, char out[MONEY_TEXT_MAX])
{
	int64_t unit = 1;
	for (int i = 0; i < scale; i++)
		unit *= 10;
	const char *sign = v < 0 ? "-" : "";
	uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (scale == 0)
		snprintf(out, MONEY_TEXT_MAX, "%s%llu", sign, (unsigned long long)magnitude);
	else
		snprintf(out, MONEY_TEXT_MAX, "%s%llu.%0*llu", sign, (unsigned long long)(magnitude / (uint64_t)unit),
		         scale, (unsigned long long)(magnitude % (uint64_t)unit));
	return out;
}

bool money_convert(int64_t amount, int64_t rate, int64_t max, int64_t *out)
{
	if (amount < 0 || rate < 0)
		return false;
	const wide unit = 1000000; /* 10^RATE_SCALE */
	wide product = (wide)amount * (wide)rate;
	wide rounded = (product + unit / 2) / unit;
	if (rounded > (wide)max)
		return false;
	*out = (int64_t)rounded;
	return true;
}
