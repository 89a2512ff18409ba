#include "domain/status_list.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#define ZLIB_CONST /* next_in is const: the input is only read */
#include <zlib.h>

#include "core/util.h"

char *status_list_encode(const unsigned char *bits, size_t len)
{
	z_stream z = {0};
	/* 15 + 16: a gzip wrapper, not zlib's */
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong cap = deflateBound(&z, (uLong)len) + 32;
	unsigned char *gz = xmalloc(cap);
	z.next_in = bits;
	z.avail_in = (uInt)len;
	z.next_out = gz;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t gzlen = z.total_out;
	deflateEnd(&z);
	char *out = NULL;
	if (rc == Z_STREAM_END) {
		size_t b64 = sodium_base64_ENCODED_LEN(gzlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		out = xmalloc(b64 + 1);
		out[0] = 'u';
		sodium_bin2base64(out + 1, b64, gz, gzlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	}
	free(gz);
	return out;
}

bool status_list_decode(const char *encoded, unsigned char **bits, size_t *len, size_t max)
{
	*bits = NULL;
	*len = 0;
	if (encoded[0] != 'u')
		return false;
	size_t n = strlen(encoded + 1), gzlen = 0;
	unsigned char *gz = xmalloc(n + 1);
	const char *end = NULL;
	if (sodium_base642bin(gz, n + 1, encoded + 1, n, NULL, &gzlen, &end,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    *end) {
		free(gz);
		return false;
	}
	z_stream z = {0};
	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		free(gz);
		return false;
	}
	unsigned char *out = xmalloc(max + 1);
	z.next_in = gz;
	z.avail_in = (uInt)gzlen;
	z.next_out = out;
	z.avail_out = (uInt)(max + 1); /* one byte more: a list longer than max is refused */
	int rc = inflate(&z, Z_FINISH);
	size_t outlen = z.total_out;
	inflateEnd(&z);
	free(gz);
	if (rc != Z_STREAM_END || outlen > max) {
		free(out);
		return false;
	}
	*bits = out;
	*len = outlen;
	return true;
}
