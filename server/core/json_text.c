#include "core/json_text.h"

#include <string.h>

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The end of the string whose opening quote is at p. */
static const char *string_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				return NULL;
		} else if (*p == '"') {
			return p + 1;
		}
	}
	return NULL;
}

/* The end of the JSON value at p (whitespace before it skipped), which ends by end; NULL when
 * there is none. A number or a literal is the bytes up to the next delimiter. */
static const char *skip_value(const char *p, const char *end)
{
	p = skip_space(p, end);
	if (p == end)
		return NULL;
	if (*p == '"')
		return string_end(p, end);
	if (*p == '{' || *p == '[') {
		int depth = 0;
		for (; p < end; p++) {
			if (*p == '"') {
				p = string_end(p, end);
				if (!p)
					return NULL;
				p--;
			} else if (*p == '{' || *p == '[') {
				depth++;
			} else if ((*p == '}' || *p == ']') && --depth == 0) {
				return p + 1;
			}
		}
		return NULL;
	}
	const char *start = p;
	while (p < end && *p && !strchr(",}] \t\r\n", *p))
		p++;
	return p > start ? p : NULL;
}

bool json_text_members(const char *p, const char *end, int n, const char *const names[], struct json_span out[],
                       const char **close)
{
	for (int i = 0; i < n; i++)
		out[i] = (struct json_span){NULL, 0};
	p = skip_space(p, end);
	if (p == end || *p != '{')
		return false;
	p = skip_space(p + 1, end);
	bool first = true;
	while (p < end) {
		if (first && *p == '}') {
			if (close)
				*close = p;
			return true;
		}
		first = false;
		const char *name_end = *p == '"' ? string_end(p, end) : NULL;
		if (!name_end)
			return false;
		const char *name = p + 1;
		size_t name_len = (size_t)(name_end - 1 - name);
		p = skip_space(name_end, end);
		if (p == end || *p != ':')
			return false;
		const char *value = skip_space(p + 1, end);
		const char *value_end = skip_value(value, end);
		if (!value_end)
			return false;
		for (int i = 0; i < n; i++)
			if (strlen(names[i]) == name_len && !memcmp(names[i], name, name_len))
				out[i] = (struct json_span){value, (size_t)(value_end - value)};
		p = skip_space(value_end, end);
		if (p < end && *p == '}') {
			if (close)
				*close = p;
			return true;
		}
		if (p == end || *p != ',')
			return false;
		p = skip_space(p + 1, end);
	}
	return false;
}

bool json_text_is_string(struct json_span span, const char *text)
{
	size_t n = strlen(text);
	return span.p && span.len == n + 2 && span.p[0] == '"' && !memcmp(span.p + 1, text, n) && span.p[n + 1] == '"';
}
