/* The encodings of keys and signatures in Verifiable Credentials and DID documents:
 * base58btc (the Bitcoin alphabet) and multibase (a prefix naming the encoding: 'z'
 * base58btc, 'u' base64url without padding), and Multikey for Ed25519 public keys
 * (multicodec 0xed01 before the 32 bytes). */
#ifndef IPR_CORE_MULTIBASE_H
#define IPR_CORE_MULTIBASE_H

#include <stdbool.h>
#include <stddef.h>

/* base58btc of len bytes, malloc'd. */
char *base58_encode(const unsigned char *in, size_t len);
/* Decodes base58btc text into out (room for cap bytes); returns the length, or -1 when the
 * text holds another character or does not fit. */
long base58_decode(const char *text, unsigned char *out, size_t cap);

/* 'z' + base58btc, malloc'd. */
char *multibase_z(const unsigned char *in, size_t len);
/* Decodes a multibase string ('z' base58btc or 'u' base64url): the length, or -1. */
long multibase_decode(const char *text, unsigned char *out, size_t cap);

#define ED25519_PUBLIC_BYTES 32
/* The Multikey form of an Ed25519 public key ("z6Mk..."), malloc'd. */
char *multikey_ed25519(const unsigned char pk[ED25519_PUBLIC_BYTES]);
/* The Ed25519 public key of a Multikey string; false when it is not one. */
bool multikey_ed25519_decode(const char *text, unsigned char pk[ED25519_PUBLIC_BYTES]);

#endif
