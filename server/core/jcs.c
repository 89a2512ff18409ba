#include "core/jcs.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

bool jcs_number(double d, char out[JCS_NUMBER_MAX])
{
	if (isnan(d) || isinf(d))
		return false;
	if (d == 0) { /* both zeros */
		strcpy(out, "0");
		return true;
	}
	/* The fewest significant digits that read back as d: printf rounds correctly, so the
	 * first precision that round-trips gives ECMAScript's digits (the shortest, and of
	 * those the closest to d). */
	char sci[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(sci, sizeof sci, "%.*e", p - 1, d);
		if (strtod(sci, NULL) == d)
			break;
	}
	/* sci is [-]D[.DDD]e[+-]XX: split it into the digits s (k of them) and n, where
	 * d = s x 10^(n-k). */
	const char *p = sci;
	char *o = out;
	if (*p == '-')
		*o++ = *p++;
	char digits[20];
	int k = 0;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			digits[k++] = *p;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	int n = atoi(p + 1) + 1;
	if (k <= n && n <= 21) { /* an integer: the digits and n - k zeros */
		memcpy(o, digits, (size_t)k);
		o += k;
		for (int i = 0; i < n - k; i++)
			*o++ = '0';
	} else if (0 < n && n <= 21) { /* a point inside the digits */
		memcpy(o, digits, (size_t)n);
		o += n;
		*o++ = '.';
		memcpy(o, digits + n, (size_t)(k - n));
		o += k - n;
	} else if (-6 < n && n <= 0) { /* 0.000ddd */
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < -n; i++)
			*o++ = '0';
		memcpy(o, digits, (size_t)k);
		o += k;
	} else { /* d[.ddd]e+-x */
		*o++ = digits[0];
		if (k > 1) {
			*o++ = '.';
			memcpy(o, digits + 1, (size_t)(k - 1));
			o += k - 1;
		}
		o += sprintf(o, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	*o = '\0';
	return true;
}

/* The next UTF-16 code unit of a UTF-8 string: *pending carries the low surrogate of a
 * character beyond the BMP. Returns -1 at the end; an invalid byte is returned as itself
 * plus 0x10000 (after every code unit), so that such strings still order totally. */
static long next_unit(const unsigned char **p, const unsigned char *end, long *pending)
{
	if (*pending >= 0) {
		long u = *pending;
		*pending = -1;
		return u;
	}
	if (*p >= end)
		return -1;
	/* utf8_next reads a NUL-terminated string; a NUL inside is one byte, U+0000 */
	if (**p == 0) {
		(*p)++;
		return 0;
	}
	uint32_t cp = 0;
	const unsigned char *q = *p;
	unsigned char tmp[5] = {0};
	size_t avail = (size_t)(end - q) < 4 ? (size_t)(end - q) : 4;
	memcpy(tmp, q, avail);
	const unsigned char *t = tmp;
	if (!utf8_next(&t, &cp)) {
		(*p)++;
		return 0x10000 + q[0];
	}
	*p += t - tmp;
	if (cp < 0x10000)
		return (long)cp;
	cp -= 0x10000;
	*pending = 0xDC00 + (long)(cp & 0x3FF);
	return 0xD800 + (long)(cp >> 10);
}

int jcs_compare_keys(const char *a, size_t alen, const char *b, size_t blen)
{
	const unsigned char *pa = (const unsigned char *)a, *pb = (const unsigned char *)b;
	const unsigned char *ea = pa + alen, *eb = pb + blen;
	long qa = -1, qb = -1;
	for (;;) {
		long ua = next_unit(&pa, ea, &qa), ub = next_unit(&pb, eb, &qb);
		if (ua != ub)
			return ua < ub ? -1 : 1;
		if (ua < 0)
			return 0;
	}
}

void jcs_put_string(struct buf *b, const char *s, size_t len)
{
	buf_append(b, "\"", 1);
	size_t run = 0; /* bytes copied as they are, appended in one go */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[8];
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\r':
			esc = "\\r";
			break;
		default:
			if (c < 0x20) {
				snprintf(u, sizeof u, "\\u%04x", c);
				esc = u;
			}
		}
		if (!esc)
			continue;
		buf_append(b, s + run, i - run);
		buf_append(b, esc, strlen(esc));
		run = i + 1;
	}
	buf_append(b, s + run, len - run);
	buf_append(b, "\"", 1);
}

struct member {
	const char *key;
	size_t len;
	json_t *value;
};

static int member_cmp(const void *x, const void *y)
{
	const struct member *a = x, *b = y;
	return jcs_compare_keys(a->key, a->len, b->key, b->len);
}

static bool put_value(struct buf *b, json_t *v)
{
	char num[JCS_NUMBER_MAX];
	switch (json_typeof(v)) {
	case JSON_NULL:
		buf_append(b, "null", 4);
		return true;
	case JSON_TRUE:
		buf_append(b, "true", 4);
		return true;
	case JSON_FALSE:
		buf_append(b, "false", 5);
		return true;
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);
		/* exact below 2^53; beyond, what an I-JSON reader has: the nearest double */
		if (i <= (1LL << 53) && i >= -(1LL << 53))
			buf_printf(b, "%lld", (long long)i);
		else if (jcs_number((double)i, num))
			buf_append(b, num, strlen(num));
		return true;
	}
	case JSON_REAL:
		if (!jcs_number(json_real_value(v), num))
			return false;
		buf_append(b, num, strlen(num));
		return true;
	case JSON_STRING:
		jcs_put_string(b, json_string_value(v), json_string_length(v));
		return true;
	case JSON_ARRAY: {
		buf_append(b, "[", 1);
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				buf_append(b, ",", 1);
			if (!put_value(b, json_array_get(v, i)))
				return false;
		}
		buf_append(b, "]", 1);
		return true;
	}
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		struct member *m = xcalloc(n ? n : 1, sizeof *m);
		const char *key;
		json_t *value;
		json_object_foreach(v, key, value) {
			m[i].key = key;
#if JANSSON_VERSION_HEX >= 0x020e00 /* a name may hold U+0000 */
			m[i].len = json_object_iter_key_len(json_object_key_to_iter(key));
#else
			m[i].len = strlen(key);
#endif
			m[i++].value = value;
		}
		qsort(m, n, sizeof *m, member_cmp);
		bool ok = true;
		buf_append(b, "{", 1);
		for (i = 0; i < n && ok; i++) {
			if (i)
				buf_append(b, ",", 1);
			jcs_put_string(b, m[i].key, m[i].len);
			buf_append(b, ":", 1);
			ok = put_value(b, m[i].value);
		}
		buf_append(b, "}", 1);
		free(m);
		return ok;
	}
	}
	return false;
}

char *jcs_serialize(json_t *v, size_t *len)
{
	struct buf b = {0};
	buf_append(&b, "", 0);
	if (!v || !put_value(&b, v)) {
		buf_free(&b);
		return NULL;
	}
	if (len)
		*len = b.len;
	return b.data;
}

json_t *jcs_parse(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t e;
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &e);
	if (!v)
		snprintf(err, errlen, "not JSON (line %d, column %d): %s", e.line, e.column, e.text);
	return v;
}
