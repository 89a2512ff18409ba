#include "domain/validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

void field_error(struct field_errors *errs, const char *field, const char *message)
{
	/* A path cut to fit its buffer (a long key of a client's) may end inside a character:
	 * name the field by its whole characters, or JSON could not say it and it would be lost. */
	char whole[256];
	const unsigned char *p = (const unsigned char *)field;
	uint32_t c;
	while (*p && (size_t)(p - (const unsigned char *)field) < sizeof whole && utf8_next(&p, &c))
		;
	size_t n = (size_t)(p - (const unsigned char *)field);
	if (n >= sizeof whole) /* the last character went past the end: back to its start */
		for (n = sizeof whole - 1; n > 0 && ((unsigned char)field[n] & 0xC0) == 0x80; n--)
			;
	memcpy(whole, field, n);
	whole[n] = '\0';
	if (!errs->list)
		errs->list = json_array();
	json_array_append_new(errs->list, json_pack("{s:s, s:s}", "field", whole, "message", message));
}

void field_errorf(struct field_errors *errs, const char *message, const char *field_fmt, ...)
{
	char field[256];
	va_list ap;
	va_start(ap, field_fmt);
	vsnprintf(field, sizeof field, field_fmt, ap);
	va_end(ap);
	field_error(errs, field, message);
}

const char *v_text(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

void field_errors_clear(struct field_errors *errs)
{
	json_decref(errs->list);
	errs->list = NULL;
}

void field_path(char *out, size_t len, const char *prefix, const char *key)
{
	if (prefix && *prefix)
		snprintf(out, len, "%s.%s", prefix, key);
	else
		snprintf(out, len, "%s", key);
}

json_t *v_parse_object(const char *text, size_t len, json_error_t *err)
{
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, err);
	if (v && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
		memset(err, 0, sizeof *err);
		snprintf(err->text, sizeof err->text, "the body must be a JSON object");
	}
	return v;
}

/* The reals of a JSON text in order, as Jansson reads them (a number with '.', 'e' or 'E'),
 * each told too precise or not. */
struct real_texts {
	const char *text, *end;
	const char *p; /* where the next one is looked for */
};

/* Significant digits of a number's text: those of the mantissa without leading and trailing
 * zeros ("0.000120" has 2). */
static size_t significant_digits(const char *s, const char *end)
{
	const char *first = NULL, *last = NULL;
	size_t between = 0;
	for (; s < end && *s != 'e' && *s != 'E'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s != '0') {
			if (!first)
				first = s;
			last = s;
		}
	}
	for (const char *d = first; d && d <= last; d++)
		between += *d >= '0' && *d <= '9';
	return between;
}

/* The next real's text: true with *too_precise set, false when there is none. */
static bool real_next(struct real_texts *r, bool *too_precise)
{
	const char *p = r->p, *end = r->end;
	while (p < end) {
		if (*p == '"') { /* a string: skip it, escapes and all */
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			p += p < end;
			continue;
		}
		if (*p != '-' && (*p < '0' || *p > '9')) {
			p++;
			continue;
		}
		const char *start = p;
		bool real = false;
		for (; p < end && strchr("0123456789+-.eE", *p) && *p; p++)
			real = real || *p == '.' || *p == 'e' || *p == 'E';
		if (real) {
			r->p = p;
			*too_precise = significant_digits(start, p) > V_NUMBER_DIGITS;
			return true;
		}
	}
	r->p = p;
	return false;
}

/* Walks v in document order (Jansson keeps the order of an object's keys) beside the
 * texts; false when they disagree. */
static bool reals_walk(json_t *v, char *path, size_t len, struct real_texts *r, struct field_errors *errs)
{
	size_t used = strlen(path);
	if (json_is_real(v)) {
		bool too_precise = false;
		if (!real_next(r, &too_precise))
			return false;
		if (too_precise)
			field_error(errs, path, "must have at most 15 significant digits");
		return true;
	}
	bool ok = true;
	if (json_is_object(v)) {
		const char *key;
		json_t *item;
		json_object_foreach(v, key, item) {
			snprintf(path + used, len - used, "%s%s", used ? "." : "", key);
			ok = ok && reals_walk(item, path, len, r, errs);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			snprintf(path + used, len - used, "[%zu]", i);
			ok = ok && reals_walk(item, path, len, r, errs);
		}
	}
	path[used] = '\0';
	return ok;
}

bool v_reals_exact(json_t *root, const char *text, size_t len, struct field_errors *errs)
{
	struct real_texts r = {text, text + len, text};
	char path[256] = "";
	bool too_precise;
	return reals_walk(root, path, sizeof path, &r, errs) && !real_next(&r, &too_precise);
}

static void err(struct field_errors *errs, const char *prefix, const char *key, const char *message)
{
	char path[256];
	field_path(path, sizeof path, prefix, key);
	field_error(errs, path, message);
}

/* The value of key, or NULL when absent or JSON null; records "is required" if needed. */
static json_t *get(json_t *obj, const char *key, const char *prefix, enum v_presence presence,
                   struct field_errors *errs)
{
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_null(v))
		return v;
	if (presence == V_REQUIRED)
		err(errs, prefix, key, "is required");
	return NULL;
}

/* The value of key when it has JSON type `type`; NULL when absent (as get) or of another
 * type (records `message`). */
static json_t *get_typed(json_t *obj, const char *key, const char *prefix, enum v_presence presence, json_type type,
                         const char *message, struct field_errors *errs)
{
	json_t *v = get(obj, key, prefix, presence, errs);
	if (v && json_typeof(v) != type) {
		err(errs, prefix, key, message);
		return NULL;
	}
	return v;
}

void v_no_unknown_fields(json_t *obj, const char *const *allowed, const char *prefix, struct field_errors *errs)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, key) == 0;
		if (!known) {
			char path[256];
			field_path(path, sizeof path, prefix, key);
			/* A key may be any text, even invalid in a field path; keep the message usable. */
			field_error(errs, path, "unknown field");
		}
	}
}

bool text_is_utf8(const char *s)
{
	json_t *v = json_string(s); /* Jansson checks UTF-8 when it makes a string */
	bool ok = v != NULL;
	json_decref(v);
	return ok;
}

bool text_is_plain(const char *s, size_t max)
{
	bool good = text_is_utf8(s) && text_length(s) >= 1 && text_length(s) <= max;
	for (const char *p = s; good && *p; p++)
		good = (unsigned char)*p >= 0x20;
	return good;
}

size_t text_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* A word character of a search: an ASCII letter or digit, or any byte of a character beyond
 * ASCII (letters in the database's UTF-8 locale). */
static bool search_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

const char *text_longest_word(const char *s, size_t *bytes, size_t *chars)
{
	const char *best = s, *start = s;
	size_t best_bytes = 0, best_chars = 0, run_chars = 0;
	for (const unsigned char *p = (const unsigned char *)s;; p++) {
		if (*p && search_word_byte(*p)) {
			if ((*p & 0xC0) != 0x80) /* not the rest of a character already counted */
				run_chars++;
			continue;
		}
		if (run_chars > best_chars) {
			best = start;
			best_bytes = (size_t)((const char *)p - start);
			best_chars = run_chars;
		}
		if (!*p)
			break;
		start = (const char *)p + 1;
		run_chars = 0;
	}
	*bytes = best_bytes;
	*chars = best_chars;
	return best;
}

bool text_is_searchable(const char *s)
{
	size_t bytes, chars;
	text_longest_word(s, &bytes, &chars);
	return chars >= 3;
}

const char *v_string(json_t *obj, const char *key, const char *prefix, size_t min, size_t max, enum v_presence presence,
                     bool allow_newlines, struct field_errors *errs)
{
	json_t *v = get_typed(obj, key, prefix, presence, JSON_STRING, "must be a string", errs);
	if (!v)
		return NULL;
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		err(errs, prefix, key, "must not contain NUL characters");
		return NULL;
	}
	bool blank = true;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\t' || c == '\r'))) {
			err(errs, prefix, key, "must not contain control characters");
			return NULL;
		}
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			blank = false;
	}
	size_t n = text_length(s);
	char msg[96];
	if (min > 0 && (n == 0 || blank)) {
		err(errs, prefix, key, "must not be empty");
		return NULL;
	}
	if (n < min) {
		snprintf(msg, sizeof msg, "must be at least %zu characters", min);
		err(errs, prefix, key, msg);
		return NULL;
	}
	if (n > max) {
		snprintf(msg, sizeof msg, "must be at most %zu characters", max);
		err(errs, prefix, key, msg);
		return NULL;
	}
	return s;
}

const char *v_enum(json_t *obj, const char *key, const char *prefix, const char *const *choices,
                   enum v_presence presence, struct field_errors *errs)
{
	json_t *v = get(obj, key, prefix, presence, errs);
	if (!v)
		return NULL;
	if (json_is_string(v)) {
		for (const char *const *c = choices; *c; c++)
			if (!strcmp(*c, json_string_value(v)))
				return *c;
	}
	char msg[512] = "must be one of:";
	for (const char *const *c = choices; *c; c++) {
		size_t used = strlen(msg);
		snprintf(msg + used, sizeof msg - used, "%s %s", c == choices ? "" : ",", *c);
	}
	err(errs, prefix, key, msg);
	return NULL;
}

bool v_date(json_t *obj, const char *key, const char *prefix, enum v_presence presence, ipr_date *out,
            struct field_errors *errs)
{
	json_t *v = get(obj, key, prefix, presence, errs);
	if (!v)
		return false;
	if (!json_is_string(v) || !date_parse(json_string_value(v), out)) {
		err(errs, prefix, key, "must be a real date written YYYY-MM-DD");
		return false;
	}
	return true;
}

bool v_number(json_t *obj, const char *key, const char *prefix, double min, double max, bool min_exclusive,
              enum v_presence presence, double *out, struct field_errors *errs)
{
	json_t *v = get(obj, key, prefix, presence, errs);
	if (!v)
		return false;
	double d = json_is_number(v) ? json_number_value(v) : NAN;
	if (!json_is_number(v) || !isfinite(d) || d < min || d > max || (min_exclusive && d == min)) {
		char msg[128];
		snprintf(msg, sizeof msg, "must be a number %s %g and at most %g", min_exclusive ? "above" : "from",
		         min, max);
		err(errs, prefix, key, msg);
		return false;
	}
	*out = d;
	return true;
}

json_t *v_array(json_t *obj, const char *key, const char *prefix, size_t min, size_t max, enum v_presence presence,
                struct field_errors *errs)
{
	json_t *v = get_typed(obj, key, prefix, presence, JSON_ARRAY, "must be an array", errs);
	char msg[96];
	if (v && (json_array_size(v) < min || json_array_size(v) > max)) {
		snprintf(msg, sizeof msg, "must have from %zu to %zu items", min, max);
		err(errs, prefix, key, msg);
		return NULL;
	}
	return v;
}

json_t *v_objects(json_t *obj, const char *key, size_t min, size_t max, enum v_presence presence,
                  const char *const *item_keys, v_item_check check, struct field_errors *errs)
{
	json_t *arr = v_array(obj, key, "", min, max, presence, errs);
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item) {
		char prefix[96];
		snprintf(prefix, sizeof prefix, "%s[%zu]", key, i);
		if (!json_is_object(item)) {
			field_error(errs, prefix, "must be an object");
			continue;
		}
		v_no_unknown_fields(item, item_keys, prefix, errs);
		check(item, prefix, errs);
	}
	return arr;
}

json_t *v_string_set(json_t *obj, const char *key, const char *prefix, size_t min, size_t max, enum v_presence presence,
                     bool (*ok)(const char *s), const char *message, struct field_errors *errs)
{
	json_t *arr = v_array(obj, key, prefix, min, max, presence, errs);
	char path[256];
	field_path(path, sizeof path, prefix, key);
	size_t i, j;
	json_t *item;
	json_array_foreach(arr, i, item) {
		const char *s = json_string_value(item);
		bool good = s && strlen(s) == json_string_length(item) && (ok ? ok(s) : true);
		for (const char *p = s; good && *p; p++)
			good = (unsigned char)*p >= 0x20;
		if (!good || (!ok && (text_length(s) < 1 || text_length(s) > 200))) {
			field_errorf(errs, message, "%s[%zu]", path, i);
			continue;
		}
		for (j = 0; j < i; j++)
			if (json_equal(item, json_array_get(arr, j))) {
				field_errorf(errs, "is listed twice", "%s[%zu]", path, i);
				break;
			}
	}
	return arr;
}

json_t *v_object(json_t *obj, const char *key, const char *prefix, enum v_presence presence, struct field_errors *errs)
{
	return get_typed(obj, key, prefix, presence, JSON_OBJECT, "must be an object", errs);
}

bool text_is_email(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > 254 || !at || at == s || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == ',' || *p == '<' || *p == '>')
			return false;
	return true;
}

static bool all_in(const char *s, size_t min, size_t max, bool letters, bool digits)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (; *s; s++) {
		bool ok = (letters && *s >= 'A' && *s <= 'Z') || (digits && *s >= '0' && *s <= '9');
		if (!ok)
			return false;
	}
	return true;
}

bool text_is_country(const char *s)
{
	return all_in(s, 2, 2, true, false);
}

bool text_is_currency(const char *s)
{
	return all_in(s, 3, 3, true, false);
}

bool text_is_digits(const char *s, size_t min, size_t max)
{
	return all_in(s, min, max, false, true);
}

bool text_is_code(const char *s, size_t min, size_t max)
{
	return all_in(s, min, max, true, true);
}

bool text_is_office_code(const char *s)
{
	return text_is_code(s, 2, 16);
}
