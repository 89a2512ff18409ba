/* Passwords: Argon2id through libsodium's crypto_pwhash_str, with the cost from the
 * settings. Slow by design: call these from offloaded work (http/offload.h), never on an
 * HTTP thread. Never log a password or a hash. */
#ifndef IPR_AUTH_PASSWORD_H
#define IPR_AUTH_PASSWORD_H

#include <sodium.h>
#include <stdbool.h>

#include "core/util.h"

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 512
#define PASSWORD_HASH_MAX crypto_pwhash_STRBYTES

/* Hashes password into out. Returns 0, or -1 when libsodium could not allocate. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]) MUST_CHECK;
/* True when password matches hash. With hash NULL (no such user) it spends the same time
 * on a dummy hash and returns false, so that unknown emails cannot be told apart. */
bool password_verify(const char *password, const char *hash);
/* True when hash was made with other cost settings than the current ones. */
bool password_needs_rehash(const char *hash);

#endif
