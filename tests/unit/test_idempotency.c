/* The Idempotency-Key header's value: bare or a Structured Field string, 1 to 255 visible
 * ASCII characters. */
#include <string.h>

#include "check.h"
#include "http/idempotency.h"

static char key[IDEMPOTENCY_KEY_MAX + 1];

static bool parse(const char *value)
{
	memset(key, 'x', sizeof key);
	return idempotency_key_parse(value, key);
}

int main(void)
{
	CHECK(parse("8e03978e-40d5-43e8-bc93-6894a57f9324"));
	CHECK_STR(key, "8e03978e-40d5-43e8-bc93-6894a57f9324");
	CHECK(parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""));
	CHECK_STR(key, "8e03978e-40d5-43e8-bc93-6894a57f9324");
	CHECK(parse("\"a\\\"b\\\\c\""));
	CHECK_STR(key, "a\"b\\c");
	CHECK(parse("k") && !strcmp(key, "k"));
	CHECK(parse("!~"));

	char longest[IDEMPOTENCY_KEY_MAX + 3];
	memset(longest, 'a', IDEMPOTENCY_KEY_MAX);
	longest[IDEMPOTENCY_KEY_MAX] = '\0';
	CHECK(parse(longest));
	CHECK_EQ_INT(strlen(key), IDEMPOTENCY_KEY_MAX);
	longest[IDEMPOTENCY_KEY_MAX] = 'a';
	longest[IDEMPOTENCY_KEY_MAX + 1] = '\0';
	CHECK(!parse(longest));
	CHECK_STR(key, "");

	const char *bad[] = {"",      "\"\"",   "a b",    "\"a b\"",  "caf\xc3\xa9", "a\tb",
	                     "a\x7f", "\"open", "\"a\"b", "\"a\\x\"", "\"a\\",       "\""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(!parse(bad[i]));
		CHECK_STR(key, "");
	}
	return check_summary("test_idempotency");
}
