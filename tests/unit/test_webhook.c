/* Webhook signatures and the retry schedule (domain/webhook.c): the signature of the Standard
 * Webhooks specification's own example, secrets in their format, and retries that double up
 * to a day with a bounded jitter, spread over more than a day in all. */
#include "check.h"

#include <sodium.h>

#include "domain/webhook.h"

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	char sig[WEBHOOK_SIGNATURE_LEN];
	/* The example of the Standard Webhooks specification (and of its libraries' tests). */
	const char *body = "{\"test\": 2432232314}";
	CHECK(webhook_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body,
	                   strlen(body), sig));
	CHECK_STR(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	/* Another id, timestamp or body signs differently. */
	char other[WEBHOOK_SIGNATURE_LEN];
	CHECK(webhook_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", body,
	                   strlen(body), other));
	CHECK(strcmp(sig, other) != 0);
	/* Not a secret: no prefix, not base64, empty. */
	CHECK(!webhook_sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id", "1", "{}", 2, sig));
	CHECK(!webhook_sign("whsec_!!!", "id", "1", "{}", 2, sig));
	CHECK(!webhook_sign("whsec_", "id", "1", "{}", 2, sig));

	/* A secret: whsec_ and 32 bytes of base64 (44 characters), which signs. */
	unsigned char bytes[WEBHOOK_SECRET_BYTES];
	memset(bytes, 0xab, sizeof bytes);
	char secret[WEBHOOK_SECRET_LEN];
	webhook_secret_format(bytes, secret);
	CHECK_EQ_INT(strlen(secret), 6 + 44);
	CHECK(strncmp(secret, "whsec_", 6) == 0);
	CHECK(webhook_sign(secret, "id", "1", "{}", 2, sig));

	/* Retries: base, doubling, jitter 0.75..1.25, at most a day; 14 attempts at 30 s span over a day. */
	CHECK_EQ_INT(webhook_retry_ms(1, 30, 500), 30000);
	CHECK_EQ_INT(webhook_retry_ms(2, 30, 500), 60000);
	CHECK_EQ_INT(webhook_retry_ms(3, 30, 0), 90000);
	CHECK_EQ_INT(webhook_retry_ms(3, 30, 1000), 150000);
	CHECK_EQ_INT(webhook_retry_ms(40, 30, 500), 86400000);
	CHECK_EQ_INT(webhook_retry_ms(1, 1, 2000), 1250); /* a jitter beyond the range is clamped */
	int64_t total = 0;
	for (int attempt = 1; attempt < 14; attempt++)
		total += webhook_retry_ms(attempt, 30, 0); /* the shortest draw */
	CHECK(total > 86400000);
	return check_summary("test_webhook");
}
