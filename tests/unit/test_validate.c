/* Input checks that the fuzz harnesses found or guard: the precision of reals against the
 * body's text, field paths cut between characters, and log escaping. */
#include <string.h>

#include "check.h"
#include "core/log.h"
#include "domain/validate.h"

/* The errors v_reals_exact records for text, as "field field ..." ("" for none); -1 when
 * text is not a JSON object or the check disagrees with the parse. */
static int reals(const char *text, char *fields, size_t len)
{
	json_error_t jerr;
	json_t *body = v_parse_object(text, strlen(text), &jerr);
	if (!body)
		return -1;
	struct field_errors errs = {0};
	bool agree = v_reals_exact(body, text, strlen(text), &errs);
	fields[0] = '\0';
	size_t i;
	json_t *e;
	json_array_foreach(errs.list, i, e) {
		size_t used = strlen(fields);
		snprintf(fields + used, len - used, "%s%s", used ? " " : "", json_string_value(json_object_get(e, "field")));
	}
	field_errors_clear(&errs);
	json_decref(body);
	return agree ? 0 : -1;
}

int main(void)
{
	char f[512];
	/* the case: it rounds to exactly the limit as a double */
	CHECK_EQ_INT(reals("{\"goods\":[{\"quantity\":1000000000000.00000000001}]}", f, sizeof f), 0);
	CHECK_STR(f, "goods[0].quantity");
	/* fifteen digits, leading and trailing zeros, exponents, whole numbers: fine */
	CHECK_EQ_INT(reals("{\"a\":999999999999.999,\"b\":0.000000000000000000012,\"c\":1.50000000000000000000e3,"
	                   "\"d\":123456789012345678,\"e\":-0.1,\"f\":[1E-5,2.5e+10]}",
	                   f, sizeof f),
	             0);
	CHECK_STR(f, "");
	CHECK_EQ_INT(reals("{\"x\":{\"y\":[0.1234567890123456, 1]}, \"z\":1.0000000000000001}", f, sizeof f), 0);
	CHECK_STR(f, "x.y[0] z");
	/* numbers inside strings and keys are not numbers */
	CHECK_EQ_INT(reals("{\"1.00000000000000001\":\"2.00000000000000001\\\" 3.5\",\"k\":0.5}", f, sizeof f), 0);
	CHECK_STR(f, "");
	CHECK_EQ_INT(reals("[1.5]", f, sizeof f), -1); /* not an object */

	/* a path cut inside a character names the field by its whole characters */
	struct field_errors errs = {0};
	char key[512] = "";
	for (int i = 0; i < 200; i++)
		strcat(key, "\xc3\xa9"); /* é */
	json_t *obj = json_pack("{s:i}", key, 1);
	static const char *const none[] = {NULL};
	v_no_unknown_fields(obj, none, "", &errs);
	CHECK_EQ_INT(json_array_size(errs.list), 1);
	const char *named = json_string_value(json_object_get(json_array_get(errs.list, 0), "field"));
	CHECK(named && strlen(named) == 254 && !strncmp(named, key, 254));
	field_errors_clear(&errs);
	json_decref(obj);

	CHECK(text_is_plain("ACME", 4));
	CHECK(!text_is_plain("ACME", 3));
	CHECK(!text_is_plain("", 3));
	CHECK(!text_is_plain("a\tb", 3));
	CHECK(!text_is_plain("\xff", 3));

	/* log lines: controls, invalid UTF-8 and backslashes escaped; printable UTF-8 kept */
	char out[64];
	CHECK_EQ_INT(log_escape("GET /\xff\x1b\\ caf\xc3\xa9 \xc2\x85", out, sizeof out), 32);
	CHECK_STR(out, "GET /\\xFF\\x1B\\x5C caf\xc3\xa9 \\xC2\\x85");
	CHECK_EQ_INT(log_escape("abc\xc3\xa9", out, 5), 3); /* cut between characters */
	CHECK_STR(out, "abc");
	return check_summary("test_validate");
}
