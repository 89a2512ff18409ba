#include "auth/throttle.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/config.h"

/* A slot per key hash; a colliding key takes the slot over (it can only make a lockout end
 * early, never lock out someone who did not fail). */
#define SLOTS 16384

struct slot {
	uint64_t key;
	int64_t window_start;
	long failures;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned char secret[crypto_shorthash_KEYBYTES];
static pthread_once_t secret_once = PTHREAD_ONCE_INIT;

static void make_secret(void)
{
	randombytes_buf(secret, sizeof secret); /* keys cannot be chosen to collide */
}

static uint64_t hash_key(const char *key)
{
	pthread_once(&secret_once, make_secret);
	uint64_t h;
	crypto_shorthash((unsigned char *)&h, (const unsigned char *)key, strlen(key), secret);
	return h | 1; /* 0 marks an empty slot */
}

int throttle_wait(const char *key)
{
	uint64_t h = hash_key(key);
	int64_t now = (int64_t)time(NULL);
	int wait = 0;
	pthread_mutex_lock(&lock);
	struct slot *s = &slots[h % SLOTS];
	if (s->key == h && now - s->window_start < cfg.login_window && s->failures >= cfg.login_max_failures)
		wait = (int)(s->window_start + cfg.login_window - now);
	pthread_mutex_unlock(&lock);
	return wait > 0 ? wait : 0;
}

void throttle_failure(const char *key)
{
	uint64_t h = hash_key(key);
	int64_t now = (int64_t)time(NULL);
	pthread_mutex_lock(&lock);
	struct slot *s = &slots[h % SLOTS];
	if (s->key != h || now - s->window_start >= cfg.login_window) {
		s->key = h;
		s->window_start = now;
		s->failures = 0;
	}
	s->failures++;
	pthread_mutex_unlock(&lock);
}

void throttle_forget(const char *key)
{
	uint64_t h = hash_key(key);
	pthread_mutex_lock(&lock);
	struct slot *s = &slots[h % SLOTS];
	if (s->key == h)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&lock);
}
