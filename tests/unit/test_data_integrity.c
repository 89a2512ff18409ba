/* eddsa-jcs-2022 (domain/data_integrity.c): the W3C test vector of "Data Integrity EdDSA
 * Cryptosuites v1.0" verifies; a proof made here verifies, and not once anything changed;
 * status lists (domain/status_list.c) round-trip. */
#include "check.h"

#include <stdlib.h>

#include <sodium.h>

#include "core/jcs.h"
#include "core/multibase.h"
#include "domain/data_integrity.h"
#include "domain/status_list.h"

/* The test vector: TestVectors/eddsa-jcs-2022/signedJCS.json of w3c/vc-di-eddsa. */
static const char *vector =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org/ns/credentials/examples/v2\"],"
	"\"id\":\"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33\",\"type\":[\"VerifiableCredential\",\"AlumniCredential\"],"
	"\"name\":\"Alumni Credential\",\"description\":\"A minimum viable example of an Alumni Credential.\","
	"\"issuer\":\"https://vc.example/issuers/5678\",\"validFrom\":\"2023-01-01T00:00:00Z\","
	"\"credentialSubject\":{\"id\":\"did:example:abcdefgh\",\"alumniOf\":\"The School of Examples\"},"
	"\"proof\":{\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-jcs-2022\",\"created\":\"2023-02-24T23:36:38Z\","
	"\"verificationMethod\":\"https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\","
	"\"proofPurpose\":\"assertionMethod\",\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
	"\"https://www.w3.org/ns/credentials/examples/v2\"],\"proofValue\":"
	"\"z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4\"}}";

struct one_key {
	const char *id;
	unsigned char pk[ED25519_PUBLIC_BYTES];
};

static bool lookup(void *ctx, const char *vm, unsigned char pk[ED25519_PUBLIC_BYTES])
{
	const struct one_key *k = ctx;
	if (strcmp(vm, k->id))
		return false;
	memcpy(pk, k->pk, ED25519_PUBLIC_BYTES);
	return true;
}

static bool verifies(json_t *doc, struct one_key *k)
{
	char why[256];
	return di_verify(doc, "assertionMethod", lookup, k, why, sizeof why);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	char err[256];
	struct one_key w3c = {"https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", {0}};
	CHECK(multikey_ed25519_decode("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", w3c.pk));
	json_t *doc = jcs_parse(vector, strlen(vector), err, sizeof err);
	CHECK(doc != NULL);
	CHECK(verifies(doc, &w3c));
	json_object_set_new(doc, "name", json_string("Alumni Credential!"));
	CHECK(!verifies(doc, &w3c));
	json_decref(doc);

	/* made here: a fresh key, a small credential */
	struct signing_key *k = sodium_malloc(sizeof *k);
	unsigned char seed[32];
	randombytes_buf(seed, sizeof seed);
	crypto_sign_seed_keypair(k->public_key, k->secret, seed);
	struct one_key mine = {"did:web:registry.example#key", {0}};
	memcpy(mine.pk, k->public_key, sizeof mine.pk);
	json_t *cred =
		json_pack("{s:[s], s:s, s:[s], s:{s:s, s:[i, i], s:f}}", "@context",
	                  "https://www.w3.org/ns/credentials/v2", "id", "urn:uuid:1", "type", "VerifiableCredential",
	                  "credentialSubject", "number", "T2026-000001", "classes", 9, 25, "value", 0.1);
	CHECK(di_sign(cred, k, mine.id, "2026-12-02T08:00:00Z"));
	CHECK(verifies(cred, &mine));
	json_t *copy = json_deep_copy(cred);
	json_array_set_new(json_object_get(json_object_get(copy, "credentialSubject"), "classes"), 0, json_integer(10));
	CHECK(!verifies(copy, &mine));
	json_decref(copy);
	copy = json_deep_copy(cred);
	json_object_set_new(json_object_get(copy, "proof"), "created", json_string("2026-12-02T08:00:01Z"));
	CHECK(!verifies(copy, &mine));
	json_decref(copy);
	/* a number spelled otherwise is the same number */
	char *text = json_dumps(cred, JSON_INDENT(3) | JSON_SORT_KEYS);
	json_t *back = jcs_parse(text, strlen(text), err, sizeof err);
	CHECK(verifies(back, &mine));
	json_decref(back);
	free(text);
	json_decref(cred);
	sodium_free(k);

	/* status lists: 131,072 bits, bit 0 the first byte's most significant */
	unsigned char *bits = calloc(STATUS_LIST_BYTES, 1);
	status_list_set(bits, 0);
	status_list_set(bits, 94567);
	CHECK(bits[0] == 0x80);
	char *encoded = status_list_encode(bits, STATUS_LIST_BYTES);
	CHECK(encoded && encoded[0] == 'u' && strlen(encoded) < 200);
	unsigned char *out = NULL;
	size_t len = 0;
	CHECK(status_list_decode(encoded, &out, &len, STATUS_LIST_BYTES));
	CHECK_EQ_INT(len, STATUS_LIST_BYTES);
	CHECK(out && status_list_get(out, len, 0) && status_list_get(out, len, 94567) && !status_list_get(out, len, 1));
	free(out);
	CHECK(!status_list_decode(encoded, &out, &len, 1000)); /* more than the caller takes */
	CHECK(!status_list_decode("uAAAA", &out, &len, STATUS_LIST_BYTES));
	free(encoded);
	free(bits);
	return check_summary("data_integrity");
}
