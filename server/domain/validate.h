/* Field validation of JSON input: pure code, no I/O. Every validator records what is
 * wrong in a struct field_errors under the field's path, so that one 422 can name every
 * bad field at once. Values returned are borrowed from the JSON object. */
#ifndef IPR_DOMAIN_VALIDATE_H
#define IPR_DOMAIN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/date.h"

struct field_errors {
	json_t *list; /* array of {"field", "message"}; NULL while empty */
};
void field_error(struct field_errors *errs, const char *field, const char *message);
/* Like field_error with a printf-formatted field path ("entries[%zu].name"). */
void field_errorf(struct field_errors *errs, const char *message, const char *field_fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline bool field_errors_any(const struct field_errors *errs)
{
	return errs->list != NULL;
}
void field_errors_clear(struct field_errors *errs);

/* Joins a prefix and a key into a field path: ("organization", "name") -> "organization.name". */
void field_path(char *out, size_t len, const char *prefix, const char *key);

enum v_presence { V_OPTIONAL = 0, V_REQUIRED = 1 };

/* A request body parsed as a JSON object (duplicate keys refused). NULL when it is not
 * JSON (err says why, where) or not an object (err->line is then 0). The caller decrefs. */
json_t *v_parse_object(const char *text, size_t len, json_error_t *err);

/* Real numbers are checked as doubles (v_number) but stored from the body's text, where
 * PostgreSQL keeps every digit: a decimal of at most V_NUMBER_DIGITS significant digits is
 * the one decimal its double stands for (DBL_DIG), so that a check of the double against a
 * bound is a check of the text. Names every real of root (parsed from text) with more
 * digits: "goods[0].quantity" "must have at most 15 significant digits". Returns false
 * when text and root do not hold the same reals (a bug: root is not text's parse). */
#define V_NUMBER_DIGITS 15
bool v_reals_exact(json_t *root, const char *text, size_t len, struct field_errors *errs);

/* Every key of obj not in allowed (NULL-terminated) is an error "unknown field". */
void v_no_unknown_fields(json_t *obj, const char *const *allowed, const char *prefix, struct field_errors *errs);

/* A string of min..max characters (Unicode code points), without control characters
 * other than newline and tab (allow_newlines) and not blank. NULL when absent or bad
 * (absent is an error only when required; JSON null counts as absent). */
const char *v_string(json_t *obj, const char *key, const char *prefix, size_t min, size_t max, enum v_presence presence,
                     bool allow_newlines, struct field_errors *errs);
/* A string that is one of the NULL-terminated choices. */
const char *v_enum(json_t *obj, const char *key, const char *prefix, const char *const *choices,
                   enum v_presence presence, struct field_errors *errs);
/* A YYYY-MM-DD date. Returns true when present and valid. */
bool v_date(json_t *obj, const char *key, const char *prefix, enum v_presence presence, ipr_date *out,
            struct field_errors *errs);
/* A number (integer or real) in [min, max]. */
bool v_number(json_t *obj, const char *key, const char *prefix, double min, double max, bool min_exclusive,
              enum v_presence presence, double *out, struct field_errors *errs);
/* An array of at most max items (min when present). Returns it or NULL. */
json_t *v_array(json_t *obj, const char *key, const char *prefix, size_t min, size_t max, enum v_presence presence,
                struct field_errors *errs);
/* An array (at key of a request body) of min..max objects, each with only item_keys, checked
 * by check with its prefix ("goods[2]"). Returns the array or NULL. */
typedef void (*v_item_check)(json_t *item, const char *prefix, struct field_errors *errs);
json_t *v_objects(json_t *obj, const char *key, size_t min, size_t max, enum v_presence presence,
                  const char *const *item_keys, v_item_check check, struct field_errors *errs);
/* An array of min..max distinct strings, each accepted by ok (NULL: any text of 1 to 200
 * characters). Control characters are refused in any case. A bad item is named with its
 * index ("hs_codes[2]", "entries[4].ports[0]") and message; a repeated one "is listed
 * twice". Returns the array (items good or not) or NULL. */
json_t *v_string_set(json_t *obj, const char *key, const char *prefix, size_t min, size_t max, enum v_presence presence,
                     bool (*ok)(const char *s), const char *message, struct field_errors *errs);
/* The string at key of an object checked already (a handler's body on its offload thread),
 * or NULL when absent. */
const char *v_text(json_t *obj, const char *key);
/* An object. Returns it or NULL. */
json_t *v_object(json_t *obj, const char *key, const char *prefix, enum v_presence presence, struct field_errors *errs);

/* Checks on plain strings (true when valid). */
bool text_is_email(const char *s);    /* one @, a dot in the domain, no spaces, <= 254 */
bool text_is_country(const char *s);  /* ISO 3166-1 alpha-2 shape: two capital letters */
bool text_is_currency(const char *s); /* ISO 4217 shape: three capital letters */
bool text_is_digits(const char *s, size_t min, size_t max);
bool text_is_code(const char *s, size_t min, size_t max); /* capital letters and digits */
bool text_is_office_code(const char *s);                  /* a customs office or port: text_is_code 2..16 */
/* True when s is valid UTF-8 (query parameters are not checked by anyone else; PostgreSQL
 * refuses invalid text with an error). */
bool text_is_utf8(const char *s);
/* True when s is 1 to max characters of valid UTF-8 without control characters (a filter
 * of a list, from the query string). */
bool text_is_plain(const char *s, size_t max);
/* Number of code points of valid UTF-8 text (Jansson only holds valid UTF-8). */
size_t text_length(const char *s);
/* True when a substring search for s can use a pg_trgm index: s holds a trigram, three word
 * characters in a row (ASCII letters and digits, and any other script's characters, which are
 * letters in the database's UTF-8 locale). Without one PostgreSQL scans every row. */
bool text_is_searchable(const char *s);
/* The longest run of word characters of s (as text_is_searchable counts them; the first of
 * the longest): its start in s, its length in *bytes and in characters in *chars (0 when
 * there is none). The register search looks its words up by it. */
const char *text_longest_word(const char *s, size_t *bytes, size_t *chars);

#endif
