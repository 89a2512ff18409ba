#include "auth/password.h"

#include <pthread.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"

static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, password, strlen(password), (unsigned long long)cfg.password_ops,
	                         (size_t)cfg.password_memory);
}

static void make_dummy(void)
{
	char random_password[33];
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(random_password + 2 * i, 3, "%02x", b[i]);
	if (password_hash(random_password, dummy_hash) != 0)
		log_error("could not prepare the dummy password hash");
}

bool password_verify(const char *password, const char *hash)
{
	if (!hash) {
		pthread_once(&dummy_once, make_dummy);
		/* The result is irrelevant: only the time spent matters. */
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			log_debug("dummy password matched");
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, (unsigned long long)cfg.password_ops,
	                                      (size_t)cfg.password_memory) != 0;
}
