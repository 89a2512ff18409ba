#include "core/multibase.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/util.h"

static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

char *base58_encode(const unsigned char *in, size_t len)
{
	size_t zeros = 0;
	while (zeros < len && in[zeros] == 0)
		zeros++;
	/* log(256) / log(58) < 1.37: the digits, most significant last */
	size_t cap = (len - zeros) * 138 / 100 + 1, used = 0;
	unsigned char *digits = xcalloc(cap, 1);
	for (size_t i = zeros; i < len; i++) {
		unsigned carry = in[i];
		for (size_t j = 0; j < used; j++) {
			carry += (unsigned)digits[j] << 8;
			digits[j] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		while (carry && used < cap) {
			digits[used++] = (unsigned char)(carry % 58);
			carry /= 58;
		}
	}
	char *out = xmalloc(zeros + used + 1), *o = out;
	for (size_t i = 0; i < zeros; i++)
		*o++ = '1';
	for (size_t j = used; j-- > 0;)
		*o++ = alphabet[digits[j]];
	*o = '\0';
	free(digits);
	return out;
}

long base58_decode(const char *text, unsigned char *out, size_t cap)
{
	size_t n = strlen(text), zeros = 0;
	while (zeros < n && text[zeros] == '1')
		zeros++;
	/* the bytes, least significant first */
	size_t bcap = n * 733 / 1000 + 1, used = 0;
	unsigned char *bytes = xcalloc(bcap, 1);
	long result = -1;
	for (size_t i = zeros; i < n; i++) {
		const char *at = strchr(alphabet, text[i]);
		if (!text[i] || !at)
			goto out;
		unsigned carry = (unsigned)(at - alphabet);
		for (size_t j = 0; j < used; j++) {
			carry += (unsigned)bytes[j] * 58;
			bytes[j] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		while (carry && used < bcap) {
			bytes[used++] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
	}
	if (zeros + used > cap)
		goto out;
	memset(out, 0, zeros);
	for (size_t j = 0; j < used; j++)
		out[zeros + j] = bytes[used - 1 - j];
	result = (long)(zeros + used);
out:
	free(bytes);
	return result;
}

char *multibase_z(const unsigned char *in, size_t len)
{
	char *b58 = base58_encode(in, len);
	char *out = xasprintf("z%s", b58);
	free(b58);
	return out;
}

long multibase_decode(const char *text, unsigned char *out, size_t cap)
{
	if (text[0] == 'z')
		return base58_decode(text + 1, out, cap);
	if (text[0] == 'u') {
		size_t len = 0;
		const char *end = NULL;
		if (sodium_base642bin(out, cap, text + 1, strlen(text + 1), NULL, &len, &end,
		                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
		    *end)
			return -1;
		return (long)len;
	}
	return -1;
}

char *multikey_ed25519(const unsigned char pk[ED25519_PUBLIC_BYTES])
{
	unsigned char raw[2 + ED25519_PUBLIC_BYTES] = {0xed, 0x01};
	memcpy(raw + 2, pk, ED25519_PUBLIC_BYTES);
	return multibase_z(raw, sizeof raw);
}

bool multikey_ed25519_decode(const char *text, unsigned char pk[ED25519_PUBLIC_BYTES])
{
	unsigned char raw[2 + ED25519_PUBLIC_BYTES + 1];
	if (text[0] != 'z' || base58_decode(text + 1, raw, sizeof raw) != (long)(2 + ED25519_PUBLIC_BYTES) ||
	    raw[0] != 0xed || raw[1] != 0x01)
		return false;
	memcpy(pk, raw + 2, ED25519_PUBLIC_BYTES);
	return true;
}
