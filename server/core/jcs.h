/* The JSON Canonicalization Scheme (RFC 8785): the one byte sequence of a JSON value that
 * signatures and hashes are computed over. Members sorted by their names' UTF-16 code
 * units, no whitespace, strings escaped only where JSON must, numbers as ECMAScript's
 * Number.prototype.toString writes the IEEE 754 double they denote. Two documents that
 * differ only in member order, indentation or the spelling of a number (1.0, 1e0) have the
 * same canonical form. */
#ifndef IPR_CORE_JCS_H
#define IPR_CORE_JCS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/util.h"

/* ECMAScript's shortest round-trip form is at most 24 characters ("-1.7976931348623157e+308"). */
#define JCS_NUMBER_MAX 32

/* The canonical form of v, malloc'd and NUL-terminated (*len its length when len is not
 * NULL); NULL when v holds a number that JSON cannot carry (NaN, infinity). Integers beyond
 * 2^53 are written as the double they round to, as every I-JSON reader sees them. */
char *jcs_serialize(json_t *v, size_t *len);

/* Parses JSON text for canonicalization: every number as a double (I-JSON), a duplicate
 * member name refused, NUL allowed inside strings. NULL with a message in err otherwise. */
json_t *jcs_parse(const char *text, size_t len, char *err, size_t errlen);

/* Appends the JSON string of the len bytes at s: quoted, escaped only where JSON must. */
void jcs_put_string(struct buf *b, const char *s, size_t len);

/* ECMAScript's Number::toString of d into out; false for NaN and infinity. -0 is "0". */
bool jcs_number(double d, char out[JCS_NUMBER_MAX]);

/* Compares two UTF-8 strings by their UTF-16 code units (RFC 8785 section 3.2.3); invalid
 * UTF-8 sorts by bytes after the valid prefix. */
int jcs_compare_keys(const char *a, size_t alen, const char *b, size_t blen);

#endif
