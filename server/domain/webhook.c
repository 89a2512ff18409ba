#include "domain/webhook.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#define PREFIX "whsec_"
#define VARIANT sodium_base64_VARIANT_ORIGINAL

void webhook_secret_format(const unsigned char bytes[WEBHOOK_SECRET_BYTES], char out[WEBHOOK_SECRET_LEN])
{
	memcpy(out, PREFIX, sizeof PREFIX - 1);
	sodium_bin2base64(out + sizeof PREFIX - 1, WEBHOOK_SECRET_LEN - (sizeof PREFIX - 1), bytes,
	                  WEBHOOK_SECRET_BYTES, VARIANT);
}

bool webhook_sign(const char *secret, const char *id, const char *timestamp, const char *body, size_t body_len,
                  char out[WEBHOOK_SIGNATURE_LEN])
{
	unsigned char key[64];
	size_t key_len = 0;
	if (strncmp(secret, PREFIX, sizeof PREFIX - 1) != 0 ||
	    sodium_base642bin(key, sizeof key, secret + sizeof PREFIX - 1, strlen(secret + sizeof PREFIX - 1), NULL,
	                      &key_len, NULL, VARIANT) != 0 ||
	    key_len == 0)
		return false;
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, strlen(id));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)timestamp, strlen(timestamp));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(key, sizeof key);
	memcpy(out, "v1,", 3);
	sodium_bin2base64(out + 3, WEBHOOK_SIGNATURE_LEN - 3, mac, sizeof mac, VARIANT);
	return true;
}

int64_t webhook_retry_ms(int attempts, long base_s, uint32_t jitter_permille)
{
	const int64_t day_ms = 86400000;
	int64_t wait = (int64_t)base_s * 1000;
	for (int i = 1; i < attempts && wait < day_ms; i++)
		wait *= 2;
	if (wait > day_ms)
		wait = day_ms;
	if (jitter_permille > 1000)
		jitter_permille = 1000;
	return wait * (750 + (int64_t)jitter_permille / 2) / 1000;
}
