/* Data Integrity proofs with the eddsa-jcs-2022 cryptosuite (W3C "Data Integrity EdDSA
 * Cryptosuites v1.0"): what makes a Verifiable Credential verifiable by anyone holding the
 * issuer's public key, offline.
 *
 * Signing: the proof configuration (type DataIntegrityProof, cryptosuite, created,
 * verificationMethod, proofPurpose, and the document's @context) and the document without
 * its proof are each canonicalized with JCS (RFC 8785) and hashed with SHA-256; Ed25519
 * signs the 64 bytes SHA-256(config) || SHA-256(document); proofValue is the signature in
 * multibase base58btc ("z..."). Verifying redoes the same with the proof found in the
 * document, so member order and whitespace do not matter, and any other change does. */
#ifndef IPR_DOMAIN_DATA_INTEGRITY_H
#define IPR_DOMAIN_DATA_INTEGRITY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/signing.h"

#define DI_CRYPTOSUITE "eddsa-jcs-2022"

/* Adds the proof to doc (an object without one), signed by k for verification_method, with
 * created (an XML Schema dateTimeStamp, "2026-12-02T08:30:00Z"). False when doc cannot be
 * canonicalized (nothing added). */
bool di_sign(json_t *doc, const struct signing_key *k, const char *verification_method, const char *created);

/* The public key of a verification method id ("did:web:registry.example#z6Mk..."), from the
 * verifier's own list; false when it knows none by that id. */
typedef bool (*di_key_lookup)(void *ctx, const char *verification_method, unsigned char pk[ED25519_PUBLIC_BYTES]);

/* Verifies the eddsa-jcs-2022 proof of doc (proofPurpose must be purpose, NULL: any): true,
 * or false with why (what failed, for a person). */
bool di_verify(const json_t *doc, const char *purpose, di_key_lookup lookup, void *ctx, char *why, size_t whylen);

#endif
