#include "domain/data_integrity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/jcs.h"
#include "core/multibase.h"

/* SHA-256(JCS(config)) || SHA-256(JCS(document)), or false when either cannot be
 * canonicalized. */
static bool hash_data(json_t *config, json_t *document, unsigned char out[64])
{
	size_t clen = 0, dlen = 0;
	char *c = jcs_serialize(config, &clen), *d = jcs_serialize(document, &dlen);
	bool ok = c && d;
	if (ok) {
		crypto_hash_sha256(out, (const unsigned char *)c, clen);
		crypto_hash_sha256(out + 32, (const unsigned char *)d, dlen);
	}
	free(c);
	free(d);
	return ok;
}

bool di_sign(json_t *doc, const struct signing_key *k, const char *verification_method, const char *created)
{
	json_t *proof = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof", "cryptosuite",
	                          DI_CRYPTOSUITE, "created", created, "verificationMethod", verification_method,
	                          "proofPurpose", "assertionMethod");
	json_t *context = json_object_get(doc, "@context");
	if (context)
		json_object_set(proof, "@context", context);
	unsigned char data[64], sig[ED25519_SIGNATURE_BYTES];
	if (!hash_data(proof, doc, data)) {
		json_decref(proof);
		return false;
	}
	signing_key_sign(k, data, sizeof data, sig);
	char *value = multibase_z(sig, sizeof sig);
	json_object_set_new(proof, "proofValue", json_string(value));
	free(value);
	json_object_set_new(doc, "proof", proof);
	return true;
}

#define FAIL(...)                                   \
	do {                                        \
		snprintf(why, whylen, __VA_ARGS__); \
		goto out;                           \
	} while (0)

/* Whether the document's @context starts with every entry of the proof's, in order. */
static bool context_prefix(const json_t *doc_ctx, const json_t *proof_ctx)
{
	if (!json_is_array(proof_ctx))
		return json_equal(doc_ctx, proof_ctx) ||
		       (json_is_array(doc_ctx) && json_equal(json_array_get(doc_ctx, 0), proof_ctx));
	if (!json_is_array(doc_ctx) || json_array_size(doc_ctx) < json_array_size(proof_ctx))
		return false;
	for (size_t i = 0; i < json_array_size(proof_ctx); i++)
		if (!json_equal(json_array_get(doc_ctx, i), json_array_get(proof_ctx, i)))
			return false;
	return true;
}

bool di_verify(const json_t *doc, const char *purpose, di_key_lookup lookup, void *ctx, char *why, size_t whylen)
{
	bool ok = false;
	json_t *unsecured = NULL, *options = NULL;
	const json_t *proof = json_is_object(doc) ? json_object_get(doc, "proof") : NULL;
	if (!json_is_object(proof))
		FAIL("the document has no proof (one object)");
	const char *type = json_string_value(json_object_get(proof, "type"));
	const char *suite = json_string_value(json_object_get(proof, "cryptosuite"));
	const char *vm = json_string_value(json_object_get(proof, "verificationMethod"));
	const char *value = json_string_value(json_object_get(proof, "proofValue"));
	const char *proof_purpose = json_string_value(json_object_get(proof, "proofPurpose"));
	if (!type || strcmp(type, "DataIntegrityProof") || !suite || strcmp(suite, DI_CRYPTOSUITE))
		FAIL("the proof is not a DataIntegrityProof of the %s cryptosuite", DI_CRYPTOSUITE);
	if (!vm || !value || !proof_purpose || !json_is_string(json_object_get(proof, "created")))
		FAIL("the proof lacks verificationMethod, proofValue, proofPurpose or created");
	if (purpose && strcmp(proof_purpose, purpose))
		FAIL("the proof's purpose is %s, not %s", proof_purpose, purpose);
	unsigned char sig[ED25519_SIGNATURE_BYTES + 1];
	if (value[0] != 'z' || base58_decode(value + 1, sig, sizeof sig) != ED25519_SIGNATURE_BYTES)
		FAIL("proofValue is not a base58btc Ed25519 signature");
	unsigned char pk[ED25519_PUBLIC_BYTES];
	if (!lookup(ctx, vm, pk))
		FAIL("the verification method %s is not one of the keys given", vm);
	unsecured = json_deep_copy(doc);
	json_object_del(unsecured, "proof");
	options = json_deep_copy(proof);
	json_object_del(options, "proofValue");
	json_t *proof_ctx = json_object_get(options, "@context");
	if (proof_ctx) {
		if (!context_prefix(json_object_get(unsecured, "@context"), proof_ctx))
			FAIL("the proof's @context is not the start of the document's");
		json_object_set(unsecured, "@context", proof_ctx);
	}
	unsigned char data[64];
	if (!hash_data(options, unsecured, data))
		FAIL("the document holds a number JSON cannot carry");
	if (!ed25519_verify(pk, data, sizeof data, sig))
		FAIL("the signature does not match the document: it was changed after signing, or signed by another key");
	ok = true;
out:
	json_decref(unsecured);
	json_decref(options);
	return ok;
}
