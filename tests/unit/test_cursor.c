/* Pagination cursors (domain/cursor.c): what a page gives out comes back as it was, and
 * nothing else is taken for a cursor. */
#include "check.h"

#include <stdlib.h>

#include <sodium.h>

#include "domain/cursor.h"

#define ID "0b6f4c2e-9a51-4f7e-8d43-1c2b3a4d5e6f"

static bool decodes(const char *cursor)
{
	char buf[CURSOR_DECODED_MAX];
	const char *key = NULL, *id = NULL;
	return cursor_decode(cursor, buf, &key, &id);
}

int main(void)
{
	char buf[CURSOR_DECODED_MAX];
	const char *key = NULL, *id = NULL;
	/* a round trip, with a key holding spaces and punctuation */
	char *c = cursor_encode("2026-05-01 1714521600000000", ID);
	CHECK(strchr(c, '=') == NULL && strchr(c, '+') == NULL && strchr(c, '/') == NULL);
	CHECK(cursor_decode(c, buf, &key, &id));
	CHECK_STR(key, "2026-05-01 1714521600000000");
	CHECK_STR(id, ID);
	free(c);
	/* an empty key is a key */
	c = cursor_encode("", ID);
	CHECK(cursor_decode(c, buf, &key, &id));
	CHECK_STR(key, "");
	free(c);
	/* not base64, no separator, an id that is not a UUID, a NUL inside */
	CHECK(!decodes("not a cursor!"));
	CHECK(!decodes(""));
	char raw[64];
	snprintf(raw, sizeof raw, "key-without-separator");
	char enc[128];
	sodium_bin2base64(enc, sizeof enc, (const unsigned char *)raw, strlen(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	CHECK(!decodes(enc));
	c = cursor_encode("key", "not-a-uuid");
	CHECK(!decodes(c));
	free(c);
	const unsigned char with_nul[] = {'k', 0, 'y', 0x1f, '0'};
	sodium_bin2base64(enc, sizeof enc, with_nul, sizeof with_nul, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	CHECK(!decodes(enc));
	/* longer than a cursor can be */
	char *long_key = calloc(1, CURSOR_DECODED_MAX + 1);
	memset(long_key, 'k', CURSOR_DECODED_MAX);
	c = cursor_encode(long_key, ID);
	CHECK(!decodes(c));
	free(c);
	free(long_key);
	return check_summary("test_cursor");
}
