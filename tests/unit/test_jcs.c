/* RFC 8785 (core/jcs.c): the examples of the RFC itself (its number table of Appendix B,
 * the sorting example of section 3.2.3, the main example of section 3.2.2), and the
 * encodings of keys (core/multibase.c). */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>

#include <sodium.h>

#include "core/jcs.h"
#include "core/multibase.h"
#include "core/signing.h"
#include "core/util.h"

static const char *number_of_bits(uint64_t bits, char out[JCS_NUMBER_MAX])
{
	double d;
	memcpy(&d, &bits, sizeof d);
	return jcs_number(d, out) ? out : "(invalid)";
}

static char *canon(const char *text)
{
	char err[256];
	json_t *v = jcs_parse(text, strlen(text), err, sizeof err);
	if (!v) {
		fprintf(stderr, "parse: %s\n", err);
		return NULL;
	}
	char *out = jcs_serialize(v, NULL);
	json_decref(v);
	return out;
}

static void check_canon(const char *in, const char *want)
{
	char *got = canon(in);
	CHECK_STR(got, want);
	free(got);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	char n[JCS_NUMBER_MAX];
	/* RFC 8785 Appendix B: IEEE 754 bits and their ECMAScript form */
	static const struct {
		uint64_t bits;
		const char *text;
	} numbers[] = {
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	};
	for (size_t i = 0; i < ARRAY_LEN(numbers); i++)
		CHECK_STR(number_of_bits(numbers[i].bits, n), numbers[i].text);
	CHECK_STR(number_of_bits(0x7ff0000000000000, n), "(invalid)"); /* infinity */
	CHECK_STR(number_of_bits(0x7ff8000000000000, n), "(invalid)"); /* NaN */

	/* section 3.2.2: whitespace, numbers and string escapes */
	check_canon("{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
	            "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
	            "  \"literals\": [null, true, false]\n}",
	            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
	            "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	/* section 3.2.3: names sorted by UTF-16 code units (the emoji's surrogates before U+FB33) */
	check_canon(
		"{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With "
		"Dagesh\", \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\", "
		"\"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}",
		"{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\",\"\xc3\xb6\":\"Latin Small Letter O "
		"With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning "
		"Face\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
	/* nesting, empty containers, integers and their spellings, NUL inside a string */
	check_canon(
		"{\"b\": [1, 1.0, 1e0, -0, 1e20, 1e21], \"a\": {\"z\": {}, \"y\": []}, \"c\": \"a\\u0000b\\u001f\"}",
		"{\"a\":{\"y\":[],\"z\":{}},\"b\":[1,1,1,0,100000000000000000000,1e+21],\"c\":\"a\\u0000b\\u001f\"}");
	/* re-ordered and re-indented: the same bytes */
	char *x = canon("{\"id\": 7, \"name\": \"ACME\", \"tags\": [\"x\", \"y\"]}");
	char *y = canon("{\n\t\"tags\" : [ \"x\",\"y\" ],\n\t\"name\":\"ACME\",  \"id\":7.0 }");
	CHECK_STR(x, y);
	free(x);
	free(y);
	/* duplicates are refused (I-JSON) */
	char err[256];
	CHECK(jcs_parse("{\"a\":1,\"a\":2}", 13, err, sizeof err) == NULL);
	/* integers built in C, beyond 2^53: what an I-JSON reader sees */
	json_t *big = json_pack("[I, I]", (json_int_t)9007199254740993LL, (json_int_t)-42);
	char *bs = jcs_serialize(big, NULL);
	CHECK_STR(bs, "[9007199254740992,-42]");
	free(bs);
	json_decref(big);
	CHECK(jcs_compare_keys("a", 1, "b", 1) < 0);
	CHECK(jcs_compare_keys("\xef\xac\xb3", 3, "\xf0\x9f\x98\x80", 4) > 0);
	CHECK(jcs_compare_keys("ab", 2, "a", 1) > 0);

	/* base58btc: the draft's examples */
	char *b = base58_encode((const unsigned char *)"Hello World!", 12);
	CHECK_STR(b, "2NEpo7TZRRrLZSi2U");
	free(b);
	b = base58_encode((const unsigned char *)"\0\0\x28\x7f\xb4\xcd", 6);
	CHECK_STR(b, "11233QC4");
	unsigned char raw[64];
	CHECK_EQ_INT(base58_decode(b, raw, sizeof raw), 6);
	CHECK(memcmp(raw, "\0\0\x28\x7f\xb4\xcd", 6) == 0);
	free(b);
	CHECK_EQ_INT(base58_decode("0OIl", raw, sizeof raw), -1);
	CHECK_EQ_INT(multibase_decode("uSGVsbG8", raw, sizeof raw), 5);
	CHECK(memcmp(raw, "Hello", 5) == 0);
	/* the Multikey of the Data Integrity test vectors' key pair */
	unsigned char pk[ED25519_PUBLIC_BYTES];
	CHECK(multikey_ed25519_decode("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", pk));
	char *mk = multikey_ed25519(pk);
	CHECK_STR(mk, "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
	free(mk);
	CHECK(!multikey_ed25519_decode("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq", pk));
	/* PEM public keys round-trip */
	char *pem = ed25519_public_pem(pk);
	unsigned char back[ED25519_PUBLIC_BYTES];
	CHECK(ed25519_public_pem_decode(pem, back));
	CHECK(memcmp(pk, back, sizeof pk) == 0);
	free(pem);
	return check_summary("jcs");
}
