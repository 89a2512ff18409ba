/* Request headers the handlers parse themselves: If-Match (a version), Authorization (a bearer
 * token) and Idempotency-Key. Input: "If-Match value\nAuthorization value\nIdempotency-Key value". */
#include "auth/session.h"
#include "fuzz.h"
#include "http/auth.h"
#include "http/idempotency.h"
#include "http/response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *if_match = fuzz_string(data, size);
	char *authorization = fuzz_split(if_match);
	char *idempotency = fuzz_split(authorization);

	char version[24];
	memset(version, 'x', sizeof version);
	if (if_match_version(if_match, "7", version)) {
		size_t n = strnlen(version, sizeof version);
		FUZZ_CHECK(n >= 1 && n <= 18);
		FUZZ_CHECK(strspn(version, "0123456789") == n);
	}
	if (if_match_version(if_match, NULL, version))
		FUZZ_CHECK(strspn(version, "0123456789") == strlen(version));

	const char *token = auth_bearer_token(authorization);
	if (token) {
		FUZZ_CHECK(token == authorization + 7);
		FUZZ_CHECK(strlen(token) >= 1 && strlen(token) < TOKEN_TEXT_MAX);
	}
	char key[IDEMPOTENCY_KEY_MAX + 1];
	if (idempotency_key_parse(idempotency, key)) {
		size_t n = strlen(key);
		FUZZ_CHECK(n >= 1 && n <= IDEMPOTENCY_KEY_MAX);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(key[i] >= '!' && key[i] <= '~');
	} else {
		FUZZ_CHECK(key[0] == '\0');
	}
	free(if_match);
	return 0;
}
