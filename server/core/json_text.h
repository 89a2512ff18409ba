/* JSON text read where it lies, without parsing it into values: the members of an object,
 * found by name, as spans of the text. For representations that PostgreSQL writes and the
 * registry edits in place rather than parse and write again (api/deadline.c): a Jansson round
 * trip of a recordation was a sixth of the daemon's CPU time on GET (bench/RESULTS.md). The
 * text is trusted to be JSON; what is read is checked only as far as finding the members
 * needs (a malformed text gives false or NULL, never a read past its end). */
#ifndef IPR_CORE_JSON_TEXT_H
#define IPR_CORE_JSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of a JSON text: a value as written (a string with its quotes). */
struct json_span {
	const char *p; /* NULL: none */
	size_t len;
};

/* The object at p (ending by end): out[i] the value of its member named names[i] (the last one
 * of that name; {NULL, 0} when there is none), *close (when not NULL) where its closing brace
 * is. False when the text there is not an object. */
bool json_text_members(const char *p, const char *end, int n, const char *const names[], struct json_span out[],
                       const char **close);

/* Whether span is the JSON string of text (which has nothing to escape). */
bool json_text_is_string(struct json_span span, const char *text);

#endif
