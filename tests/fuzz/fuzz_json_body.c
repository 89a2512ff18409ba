/* JSON request bodies: the parse every handler starts with (v_parse_object, and the
 * precision of reals: v_reals_exact), then the checks of an operation chosen by the first
 * byte: the filings with nested objects and arrays, authorized users one by one and in bulk,
 * and every field validator with the options the other operations use. Every error
 * recorded must be reportable (a field and a message that make valid JSON). */
#include "api/handlers.h"
#include "domain/authorized_user.h"
#include "fuzz.h"

static const char *const choices[] = {"a", "b", "holiday", NULL};

static bool any_text(const char *s)
{
	return text_is_email(s) || text_is_country(s) || text_is_currency(s) || text_is_digits(s, 4, 10) ||
	       text_is_code(s, 2, 16);
}

/* Every validator on every key of obj, as the small operations call them. */
static void check_fields(json_t *obj, const char *prefix, struct field_errors *errs)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		ipr_date d;
		double n;
		const char *s = v_string(obj, key, prefix, 1, 200, V_REQUIRED, false, errs);
		if (s)
			(void)any_text(s);
		v_string(obj, key, prefix, 0, 4000, V_OPTIONAL, true, errs);
		v_enum(obj, key, prefix, choices, V_OPTIONAL, errs);
		v_date(obj, key, prefix, V_OPTIONAL, &d, errs);
		v_number(obj, key, prefix, 0, 1e12, true, V_OPTIONAL, &n, errs);
		v_array(obj, key, prefix, 1, 3, V_OPTIONAL, errs);
		v_string_set(obj, key, prefix, 0, 100, V_OPTIONAL, NULL, "bad", errs);
		v_string_set(obj, key, prefix, 0, 100, V_OPTIONAL, text_is_country, "bad", errs);
		json_t *inner = v_object(obj, key, prefix, V_OPTIONAL, errs);
		if (inner) {
			char path[256];
			field_path(path, sizeof path, prefix, key);
			validate_email(inner, "email", path, V_OPTIONAL, errs);
			validate_password(inner, "password", path, errs);
		}
	}
	static const char *const known[] = {"kind", "name", "reason", NULL};
	v_no_unknown_fields(obj, known, prefix, errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned op = data[0];
	const char *text = (const char *)data + 1;
	size--;
	json_error_t jerr;
	json_t *body = v_parse_object(text, size, &jerr);
	if (!body)
		return 0;
	struct field_errors errs = {0};
	FUZZ_CHECK(v_reals_exact(body, text, size, &errs));
	struct filing f;
	switch (op % 6) {
	case 0:
	case 1:
		recordation_check_fields(body, "", op % 6 == 0, &errs);
		break;
	case 2:
	case 3:
		authorized_user_check(body, "", op % 6 == 2, &errs);
		break;
	case 4:
		authorized_users_check_list(body, &errs);
		break;
	case 5:
		pre_confirmation_check_filing(body, date_from_ymd(2026, 12, 2), &f, &errs);
		break;
	}
	check_fields(body, op & 0x80 ? "entries[3]" : "", &errs);
	/* what a 422 would say: every error a {field, message} of valid UTF-8 */
	size_t i;
	json_t *e;
	json_array_foreach(errs.list, i, e) {
		FUZZ_CHECK(json_is_string(json_object_get(e, "field")));
		FUZZ_CHECK(json_is_string(json_object_get(e, "message")));
	}
	FUZZ_CHECK(!errs.list || json_array_size(errs.list) > 0);
	/* every error recorded is listed: one "unknown field" per key, whatever the key */
	static const char *const none[] = {NULL};
	struct field_errors unknown = {0};
	v_no_unknown_fields(body, none, op & 0x40 ? "goods[12]" : "", &unknown);
	FUZZ_CHECK(json_array_size(unknown.list) == json_object_size(body));
	field_errors_clear(&unknown);
	char *dumped = json_dumps(errs.list ? errs.list : body, JSON_COMPACT);
	FUZZ_CHECK(dumped);
	free(dumped);
	field_errors_clear(&errs);
	json_decref(body);
	return 0;
}
