/* Webhooks as the Standard Webhooks specification has them (standardwebhooks.com): the
 * signature of a delivery and the retry schedule. Pure code (libsodium's HMAC, no I/O);
 * api/webhook_delivery.c sends. */
#ifndef IPR_DOMAIN_WEBHOOK_H
#define IPR_DOMAIN_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define WEBHOOK_SECRET_BYTES 32
#define WEBHOOK_SECRET_LEN 51    /* "whsec_", 44 characters of base64, NUL */
#define WEBHOOK_SIGNATURE_LEN 48 /* "v1,", 44 characters of base64, NUL */

/* The secret of these random bytes: "whsec_" and their standard base64. */
void webhook_secret_format(const unsigned char bytes[WEBHOOK_SECRET_BYTES], char out[WEBHOOK_SECRET_LEN]);

/* The webhook-signature header of a delivery: "v1," and the base64 HMAC-SHA256, keyed with the
 * secret's bytes (the base64 after "whsec_"), of "<id>.<timestamp>.<body>". False when the
 * secret is not one. */
bool webhook_sign(const char *secret, const char *id, const char *timestamp, const char *body, size_t body_len,
                  char out[WEBHOOK_SIGNATURE_LEN]) MUST_CHECK;

/* The wait before the next attempt after `attempts` failed ones (1 or more): base_s seconds,
 * doubling with each failure up to a day, times a jitter between 0.75 and 1.25 (jitter_permille
 * from 0 to 1000: 0 → 0.75, 1000 → 1.25), in milliseconds. */
int64_t webhook_retry_ms(int attempts, long base_s, uint32_t jitter_permille);

#endif
