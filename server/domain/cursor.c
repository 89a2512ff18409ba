#include "domain/cursor.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define SEPARATOR '\x1f'
#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

char *cursor_encode(const char *key, const char *id)
{
	char *raw = xasprintf("%s%c%s", key, SEPARATOR, id);
	size_t raw_len = strlen(raw);
	size_t len = sodium_base64_ENCODED_LEN(raw_len, VARIANT);
	char *out = xmalloc(len);
	sodium_bin2base64(out, len, (const unsigned char *)raw, raw_len, VARIANT);
	free(raw);
	return out;
}

bool cursor_decode(const char *cursor, char buf[CURSOR_DECODED_MAX], const char **key, const char **id)
{
	size_t len = 0;
	if (sodium_base642bin((unsigned char *)buf, CURSOR_DECODED_MAX - 1, cursor, strlen(cursor), NULL, &len, NULL,
	                      VARIANT) != 0)
		return false;
	buf[len] = '\0';
	char *sep = memchr(buf, SEPARATOR, len);
	if (!sep || strlen(buf) != len)
		return false;
	*sep = '\0';
	*key = buf;
	*id = sep + 1;
	return uuid_valid(*id);
}
