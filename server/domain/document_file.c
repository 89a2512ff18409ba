#include "domain/document_file.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

static const struct {
	const char *media;
	const char *extension;
} types[] = {
	[DOCUMENT_PDF] = {"application/pdf", "pdf"},
	[DOCUMENT_JPEG] = {"image/jpeg", "jpg"},
	[DOCUMENT_PNG] = {"image/png", "png"},
	[DOCUMENT_WEBP] = {"image/webp", "webp"},
};

enum document_type document_type_sniff(const unsigned char *head, size_t len)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	if (len >= 5 && memcmp(head, "%PDF-", 5) == 0)
		return DOCUMENT_PDF;
	if (len >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
		return DOCUMENT_JPEG;
	if (len >= sizeof png && memcmp(head, png, sizeof png) == 0)
		return DOCUMENT_PNG;
	if (len >= 12 && memcmp(head, "RIFF", 4) == 0 && memcmp(head + 8, "WEBP", 4) == 0)
		return DOCUMENT_WEBP;
	return DOCUMENT_TYPE_NONE;
}

enum document_type document_type_of_media(const char *content_type)
{
	if (!content_type)
		return DOCUMENT_TYPE_NONE;
	content_type += strspn(content_type, " \t");
	size_t n = strcspn(content_type, "; \t");
	const char *rest = content_type + n + strspn(content_type + n, " \t");
	if (*rest && *rest != ';')
		return DOCUMENT_TYPE_NONE;
	for (size_t t = DOCUMENT_PDF; t < sizeof types / sizeof types[0]; t++)
		if (strlen(types[t].media) == n && strncasecmp(content_type, types[t].media, n) == 0)
			return (enum document_type)t;
	return DOCUMENT_TYPE_NONE;
}

const char *document_type_media(enum document_type type)
{
	return type > DOCUMENT_TYPE_NONE && type <= DOCUMENT_WEBP ? types[type].media : NULL;
}

const char *document_type_extension(enum document_type type)
{
	return type > DOCUMENT_TYPE_NONE && type <= DOCUMENT_WEBP ? types[type].extension : NULL;
}

/* Characters a file name may not hold: path separators, controls, and the invisible ones
 * that reorder or break what a reader sees ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"). */
static bool filename_char_refused(uint32_t c)
{
	return c < 0x20 || c == '/' || c == '\\' || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E ||
	       c == 0x200F || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

bool document_filename_valid(const char *name)
{
	if (!name || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	const unsigned char *p = (const unsigned char *)name;
	size_t count = 0;
	bool blank = true;
	while (*p) {
		uint32_t c = 0;
		if (!utf8_next(&p, &c) || filename_char_refused(c) || ++count > DOCUMENT_FILENAME_MAX)
			return false;
		blank = blank && c == ' ';
	}
	return count > 0 && !blank;
}

/* An RFC 8187 ext-value (charset'language'pct-encoded) in UTF-8 or ISO-8859-1, as UTF-8. */
static bool ext_value_decode(const char *value, char *out, size_t len)
{
	const char *q1 = strchr(value, '\'');
	const char *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
	if (!q2)
		return false;
	bool latin1 = (size_t)(q1 - value) == 10 && strncasecmp(value, "ISO-8859-1", 10) == 0;
	if (!latin1 && !((size_t)(q1 - value) == 5 && strncasecmp(value, "UTF-8", 5) == 0))
		return false;
	size_t n = 0;
	for (const char *p = q2 + 1; *p; p++) {
		unsigned c = (unsigned char)*p;
		if (c == '%') {
			int hi = hex_digit(p[1]), lo = hi < 0 ? -1 : hex_digit(p[2]);
			if (lo < 0)
				return false;
			c = (unsigned)(hi * 16 + lo);
			p += 2;
		}
		if (latin1 && c >= 0x80) {
			if (n + 2 >= len)
				return false;
			out[n++] = (char)(0xC0 | (c >> 6));
			out[n++] = (char)(0x80 | (c & 0x3F));
			continue;
		}
		if (c == 0 || n + 1 >= len)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return true;
}

/* Reads one parameter value at *p (a quoted string with \ escapes, or a token) into out;
 * advances *p past it. False when malformed or too long. */
static bool param_value(const char **p, char *out, size_t len)
{
	const char *s = *p;
	size_t n = 0;
	if (*s == '"') {
		for (s++; *s != '"'; s++) {
			if (!*s)
				return false;
			if (*s == '\\' && s[1])
				s++;
			if (n + 1 >= len)
				return false;
			out[n++] = *s;
		}
		s++;
	} else {
		for (; *s && *s != ';' && *s != ' ' && *s != '\t'; s++) {
			if (n + 1 >= len)
				return false;
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	*p = s;
	return true;
}

bool document_disposition_filename(const char *header, char *out, size_t len)
{
	if (!header || strlen(header) > DOCUMENT_DISPOSITION_MAX)
		return false;
	char plain[DOCUMENT_DISPOSITION_MAX + 1] = "", extended[DOCUMENT_DISPOSITION_MAX + 1] = "";
	char value[DOCUMENT_DISPOSITION_MAX + 1];
	const char *p = header + strcspn(header, ";"); /* past the disposition type */
	while (*p) {
		p += strspn(p, "; \t");
		if (!*p)
			break;
		size_t name_len = strcspn(p, "=; \t");
		const char *name = p;
		p += name_len;
		p += strspn(p, " \t");
		if (*p != '=')
			return false;
		p++;
		p += strspn(p, " \t");
		if (!param_value(&p, value, sizeof value))
			return false;
		if (name_len == 9 && !strncasecmp(name, "filename*", 9))
			snprintf(extended, sizeof extended, "%s", value);
		else if (name_len == 8 && !strncasecmp(name, "filename", 8))
			snprintf(plain, sizeof plain, "%s", value);
	}
	char decoded[DOCUMENT_DISPOSITION_MAX + 1];
	const char *chosen = NULL;
	if (*extended && ext_value_decode(extended, decoded, sizeof decoded))
		chosen = decoded;
	else if (*plain)
		chosen = plain;
	if (!chosen)
		return false;
	/* RFC 6266 section 4.3: only the last path segment is a file name. */
	for (const char *s = chosen; *s; s++)
		if (*s == '/' || *s == '\\')
			chosen = s + 1;
	if (!*chosen || strlen(chosen) >= len)
		return false;
	memcpy(out, chosen, strlen(chosen) + 1);
	return true;
}

/* RFC 8187 attr-char: sent as it is in an ext-value; everything else is %-encoded. */
static bool attr_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&+-.^_`|~", c));
}

void document_disposition_format(const char *name, char *out, size_t len)
{
	size_t n = (size_t)snprintf(out, len, "attachment; filename=\"");
	/* The stand-in for old clients: printable ASCII but quote, backslash and percent (which
	 * some clients decode); one underscore for each other character. */
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 1 < len;) {
		uint32_t c = '_';
		if (!utf8_next(&p, &c))
			p++;
		out[n++] = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? (char)c : '_';
	}
	n += (size_t)snprintf(out + n, n < len ? len - n : 0, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < len; p++)
		n += attr_char(*p) ? (size_t)snprintf(out + n, len - n, "%c", *p)
		                   : (size_t)snprintf(out + n, len - n, "%%%02X", *p);
	if (n >= len)
		n = len - 1;
	out[n] = '\0';
}
