/* The registry's Ed25519 signing key: loaded once from the file IPR_SIGNING_KEY names
 * (PKCS#8 PEM, what `iprd keygen` and `openssl genpkey -algorithm ed25519` write), kept in
 * locked memory that is wiped when freed, and used for certificates (Data Integrity proofs)
 * and the log's checkpoints (signed notes). The private key is never written anywhere but
 * the key file: not to a log line, a response or an error message. */
#ifndef IPR_CORE_SIGNING_H
#define IPR_CORE_SIGNING_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#include "core/multibase.h"

#define ED25519_SIGNATURE_BYTES 64

struct signing_key {
	unsigned char secret[crypto_sign_SECRETKEYBYTES]; /* seed and public key, libsodium's form */
	unsigned char public_key[ED25519_PUBLIC_BYTES];
	char multikey[64]; /* "z6Mk...": the key's id in DID documents and proofs */
};

/* Reads an Ed25519 private key (PKCS#8 PEM) from path into locked memory; NULL with the
 * reason in err (which never quotes the file's content). Free with signing_key_free. */
struct signing_key *signing_key_load(const char *path, char *err, size_t errlen);
/* Writes a new key to path, created with mode 0600 (never over an existing file); 0, or -1
 * with the reason in err. */
int signing_key_generate(const char *path, char *err, size_t errlen);
/* Wipes and frees; safe on NULL. */
void signing_key_free(struct signing_key *k);

void signing_key_sign(const struct signing_key *k, const unsigned char *msg, size_t len,
                      unsigned char sig[ED25519_SIGNATURE_BYTES]);
bool ed25519_verify(const unsigned char pk[ED25519_PUBLIC_BYTES], const unsigned char *msg, size_t len,
                    const unsigned char sig[ED25519_SIGNATURE_BYTES]);

/* The public key as a PEM SubjectPublicKeyInfo (what `openssl pkey -pubout` writes), malloc'd. */
char *ed25519_public_pem(const unsigned char pk[ED25519_PUBLIC_BYTES]);
/* The public key of a PEM SubjectPublicKeyInfo text; false when it is not an Ed25519 one. */
bool ed25519_public_pem_decode(const char *pem, unsigned char pk[ED25519_PUBLIC_BYTES]);

/* The daemon's key (NULL when IPR_SIGNING_KEY is empty: nothing is signed). Set once at
 * start-up, before threads, by signing_init; read-only after. */
int signing_init(const char *path) __attribute__((warn_unused_result));
const struct signing_key *signing_active(void);
void signing_shutdown(void);

#endif
