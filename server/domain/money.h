/* Amounts of money as exact decimals: a whole number of units of 10^-scale (hundredths of a
 * yuan, fen, for amounts; millionths for exchange rates), never a double. Pure code.
 *
 * Where amounts come from: a JSON body, whose numbers Jansson reads as integers (exact) or
 * doubles. A real of at most V_NUMBER_DIGITS (15) significant digits, which is all that
 * request.c accepts (domain/validate.h, v_reals_exact), is the one decimal its double stands
 * for (DBL_DIG): printed with 15 significant digits it gives back the digits the client
 * wrote, and from there on everything is integer arithmetic. What PostgreSQL stores is the
 * body's own text (numeric), or the amounts computed here, formatted as decimals. */
#ifndef IPR_DOMAIN_MONEY_H
#define IPR_DOMAIN_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#define MONEY_SCALE 2 /* amounts: hundredths (fen, cents) */
#define RATE_SCALE 6  /* exchange rates: millionths */
/* The largest amount: 9,999,999,999,999.99, fifteen digits (what numeric(17,2) holds with
 * room for sums, and what a JSON real may carry). */
#define MONEY_MAX 999999999999999LL
#define MONEY_TEXT_MAX 32

/* Parses a non-negative decimal ("19999.99", "20000", "2e4", "1.5e-05") into units of
 * 10^-scale; false when it is not one, is negative, has more decimals than scale, or is
 * above max units. */
bool money_parse(const char *text, int scale, int64_t max, int64_t *out);
/* The same for a JSON number as the client wrote it (see above); false for anything else. */
bool money_from_json(const json_t *v, int scale, int64_t max, int64_t *out);
/* Formats units of 10^-scale as a decimal with exactly `scale` decimals ("19999.99",
 * "7.100000"); returns out. */
const char *money_format(int64_t v, int scale, char out[MONEY_TEXT_MAX]);
/* An amount (units of 10^-MONEY_SCALE) times an exchange rate (units of 10^-RATE_SCALE),
 * rounded half up to units of 10^-MONEY_SCALE into *out; false when it is above max. */
bool money_convert(int64_t amount, int64_t rate, int64_t max, int64_t *out);

#endif
