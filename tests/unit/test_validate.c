/* Field validation (domain/validate.c): each validator's answer, and the paths and
 * messages it records; and the input checks that the fuzz harnesses found or guard: the
 * precision of reals against the body's text, field paths cut between characters, and log
 * escaping. */
#include <string.h>

#include "check.h"
#include "core/log.h"

#include "domain/validate.h"

/* The message recorded for field, or NULL. */
static const char *message_of(const struct field_errors *errs, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(errs->list, i, e) {
		if (!strcmp(json_string_value(json_object_get(e, "field")), field))
			return json_string_value(json_object_get(e, "message"));
	}
	return NULL;
}

static json_t *parse(const char *text)
{
	json_t *v = json_loads(text, JSON_ALLOW_NUL, NULL);
	CHECK(v != NULL);
	return v;
}

static void test_strings(void)
{
	json_t *o = parse(
		"{\"name\": \"Acme\", \"blank\": \"  \", \"long\": \"abcdef\", \"num\": 3, \"nul\": \"a\\u0000b\","
		" \"ctl\": \"a\\u0001\", \"lines\": \"a\\nb\", \"none\": null, \"wide\": \"\\u00e9\\u00e9\"}");
	struct field_errors errs = {0};
	CHECK_STR(v_string(o, "name", "", 1, 10, V_REQUIRED, false, &errs), "Acme");
	CHECK(!field_errors_any(&errs));
	CHECK(v_string(o, "blank", "", 1, 10, V_REQUIRED, false, &errs) == NULL);
	CHECK_STR(message_of(&errs, "blank"), "must not be empty");
	CHECK(v_string(o, "long", "", 1, 5, V_REQUIRED, false, &errs) == NULL);
	CHECK_STR(message_of(&errs, "long"), "must be at most 5 characters");
	CHECK(v_string(o, "num", "", 1, 5, V_REQUIRED, false, &errs) == NULL);
	CHECK_STR(message_of(&errs, "num"), "must be a string");
	CHECK(v_string(o, "nul", "", 1, 5, V_REQUIRED, false, &errs) == NULL);
	CHECK_STR(message_of(&errs, "nul"), "must not contain NUL characters");
	CHECK(v_string(o, "ctl", "", 1, 5, V_REQUIRED, true, &errs) == NULL);
	CHECK_STR(message_of(&errs, "ctl"), "must not contain control characters");
	CHECK(v_string(o, "lines", "", 1, 5, V_REQUIRED, false, &errs) == NULL);
	field_errors_clear(&errs);
	CHECK_STR(v_string(o, "lines", "", 1, 5, V_REQUIRED, true, &errs), "a\nb");
	/* characters, not bytes */
	CHECK_STR(v_string(o, "wide", "", 2, 2, V_REQUIRED, false, &errs), "\xc3\xa9\xc3\xa9");
	/* absent and null: an error only when required, under the full path */
	CHECK(v_string(o, "none", "org", 1, 5, V_OPTIONAL, false, &errs) == NULL);
	CHECK(v_string(o, "missing", "org", 1, 5, V_OPTIONAL, false, &errs) == NULL);
	CHECK(!field_errors_any(&errs));
	CHECK(v_string(o, "missing", "org", 1, 5, V_REQUIRED, false, &errs) == NULL);
	CHECK_STR(message_of(&errs, "org.missing"), "is required");
	field_errors_clear(&errs);
	CHECK(!field_errors_any(&errs));
	CHECK_STR(v_text(o, "name"), "Acme");
	CHECK(v_text(o, "num") == NULL);
	json_decref(o);
}

static void test_enums_dates_numbers(void)
{
	static const char *const kinds[] = {"port", "headquarters", NULL};
	json_t *o =
		parse("{\"kind\": \"port\", \"bad\": \"harbour\", \"day\": \"2028-02-29\", \"no_day\": \"2026-02-30\","
	              " \"q\": 0.5, \"zero\": 0, \"big\": 1e20}");
	struct field_errors errs = {0};
	CHECK_STR(v_enum(o, "kind", "", kinds, V_REQUIRED, &errs), "port");
	CHECK(v_enum(o, "bad", "", kinds, V_REQUIRED, &errs) == NULL);
	CHECK(message_of(&errs, "bad") != NULL);
	ipr_date d = 0;
	CHECK(v_date(o, "day", "", V_REQUIRED, &d, &errs));
	CHECK_EQ_INT(d, date_from_ymd(2028, 2, 29));
	CHECK(!v_date(o, "no_day", "", V_REQUIRED, &d, &errs));
	CHECK_STR(message_of(&errs, "no_day"), "must be a real date written YYYY-MM-DD");
	double n = 0;
	CHECK(v_number(o, "q", "", 0, 10, true, V_REQUIRED, &n, &errs));
	CHECK(n == 0.5);
	CHECK(!v_number(o, "zero", "", 0, 10, true, V_REQUIRED, &n, &errs)); /* above 0, exclusive */
	CHECK(v_number(o, "zero", "", 0, 10, false, V_REQUIRED, &n, &errs));
	CHECK(!v_number(o, "big", "", 0, 1e15, false, V_REQUIRED, &n, &errs));
	field_errors_clear(&errs);
	json_decref(o);
}

static void test_arrays_objects(void)
{
	json_t *o =
		parse("{\"codes\": [\"8501\", \"85\", \"8501\"], \"empty\": [], \"obj\": {\"a\": 1}, \"str\": \"x\","
	              " \"extra\": 1}");
	struct field_errors errs = {0};
	CHECK(v_array(o, "codes", "", 1, 2, V_REQUIRED, &errs) == NULL);
	CHECK_STR(message_of(&errs, "codes"), "must have from 1 to 2 items");
	field_errors_clear(&errs);
	CHECK(v_array(o, "str", "", 0, 2, V_REQUIRED, &errs) == NULL);
	CHECK_STR(message_of(&errs, "str"), "must be an array");
	field_errors_clear(&errs);
	/* each bad item and each repeated one named by its index */
	v_string_set(o, "codes", "entries[3]", 0, 10, V_REQUIRED, NULL, "must be a code", &errs);
	CHECK_STR(message_of(&errs, "entries[3].codes[2]"), "is listed twice");
	CHECK(message_of(&errs, "entries[3].codes[1]") == NULL);
	field_errors_clear(&errs);
	CHECK(v_object(o, "obj", "", V_REQUIRED, &errs) != NULL);
	CHECK(v_object(o, "str", "", V_REQUIRED, &errs) == NULL);
	CHECK_STR(message_of(&errs, "str"), "must be an object");
	field_errors_clear(&errs);
	static const char *const allowed[] = {"codes", "empty", "obj", "str", NULL};
	v_no_unknown_fields(o, allowed, "", &errs);
	CHECK_STR(message_of(&errs, "extra"), "unknown field");
	CHECK_EQ_INT(json_array_size(errs.list), 1);
	field_errors_clear(&errs);
	json_decref(o);
}

static void test_texts(void)
{
	CHECK(text_is_email("a@b.example"));
	CHECK(!text_is_email("a b@c.example"));
	CHECK(!text_is_email("ab.example"));
	CHECK(text_is_country("CN"));
	CHECK(!text_is_country("cn"));
	CHECK(!text_is_country("CHN"));
	CHECK(text_is_currency("USD"));
	CHECK(!text_is_currency("US"));
	CHECK(text_is_digits("8501", 4, 10));
	CHECK(!text_is_digits("850", 4, 10));
	CHECK(!text_is_digits("85O1", 4, 10));
	CHECK(text_is_code("CNSHA1", 2, 16));
	CHECK(!text_is_code("cnsha", 2, 16));
	CHECK(text_is_utf8("\xc3\xa9"));
	CHECK(!text_is_utf8("\xc3"));
	CHECK_EQ_INT(text_length("\xc3\xa9t\xc3\xa9"), 3);
	CHECK(text_is_searchable("acm"));
	CHECK(text_is_searchable("100%"));
	CHECK(text_is_searchable("x \xe4\xb8\xad\xe5\x9b\xbd\xe5\x95\x86")); /* three Chinese characters */
	CHECK(!text_is_searchable("_"));
	CHECK(!text_is_searchable("zq"));
	CHECK(!text_is_searchable("\\"));
	CHECK(!text_is_searchable("ab_cd %e"));
	CHECK(!text_is_searchable("\xe4\xb8\xad\xe5\x9b\xbd"));
	{ /* the register looks a search up by its longest word: the first of the longest */
		size_t bytes = 0, chars = 0;
		const char *q = "T2026-000123 ab";
		const char *w = text_longest_word(q, &bytes, &chars);
		CHECK(w == q + 6 && bytes == 6 && chars == 6);
		q = "ab \xe4\xb8\xad\xe5\x9b\xbd\xe5\x95\x86, cd";
		w = text_longest_word(q, &bytes, &chars);
		CHECK(w == q + 3 && bytes == 9 && chars == 3);
		w = text_longest_word("aurora", &bytes, &chars);
		CHECK(bytes == 6 && chars == 6 && !strncmp(w, "aurora", 6));
		text_longest_word("%_ \\", &bytes, &chars);
		CHECK(bytes == 0 && chars == 0);
	}
	char path[64];
	field_path(path, sizeof path, "organization", "name");
	CHECK_STR(path, "organization.name");
	field_path(path, sizeof path, "", "name");
	CHECK_STR(path, "name");
}

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
		snprintf(fields + used, len - used, "%s%s", used ? " " : "",
		         json_string_value(json_object_get(e, "field")));
	}
	field_errors_clear(&errs);
	json_decref(body);
	return agree ? 0 : -1;
}

static void test_found_by_fuzzing(void)
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
}

static void check_item(json_t *item, const char *prefix, struct field_errors *errs)
{
	v_string(item, "name", prefix, 1, 10, V_REQUIRED, false, errs);
}

/* v_objects: each item an object of the allowed keys, checked with its path. */
static void test_objects(void)
{
	static const char *const keys[] = {"name", NULL};
	json_t *o = parse("{\"items\": [{\"name\": \"a\"}, 3, {\"size\": 1}], \"none\": []}");
	struct field_errors errs = {0};
	CHECK(v_objects(o, "items", 0, 5, V_REQUIRED, keys, check_item, &errs) != NULL);
	CHECK(message_of(&errs, "items[0]") == NULL && message_of(&errs, "items[0].name") == NULL);
	CHECK_STR(message_of(&errs, "items[1]"), "must be an object");
	CHECK_STR(message_of(&errs, "items[2].size"), "unknown field");
	CHECK(message_of(&errs, "items[2].name") != NULL);
	field_errors_clear(&errs);
	CHECK(v_objects(o, "none", 1, 5, V_REQUIRED, keys, check_item, &errs) == NULL);
	CHECK_STR(message_of(&errs, "none"), "must have from 1 to 5 items");
	field_errors_clear(&errs);
	json_decref(o);
}

int main(void)
{
	test_objects();
	test_strings();
	test_enums_dates_numbers();
	test_arrays_objects();
	test_texts();
	test_found_by_fuzzing();
	return check_summary("test_validate");
}
