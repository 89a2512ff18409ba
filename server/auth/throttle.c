#include "auth/throttle.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/config.h"

/* Two tables of SETS × WAYS entries, one for password attempts and one for throttle_take's
 * uses, so that a flood of cheap requests cannot push attempts' history out. A key lives in
 * the set its hash names. A new key takes the
 * set's least recently used entry, never one with an attempt in flight (so the in-flight count
 * of an attempt is still there when it ends). An evicted key loses its history: an attacker
 * cannot choose which (the hash is keyed with a secret) and would need thousands of hashed
 * attempts, themselves throttled, to push one out. */
#define SETS 4096
#define WAYS 4

struct entry {
	uint64_t key;    /* 0: free */
	int64_t since;   /* start of the counting window (addresses, throttle_take) */
	int64_t last;    /* last failure (subjects) */
	int64_t touched; /* last use, for eviction */
	long count;      /* failures, or uses for throttle_take */
	long inflight;   /* reserved attempts not yet ended */
};

static struct entry attempts[SETS][WAYS], uses[SETS][WAYS];
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
	return h | 1; /* 0 marks a free entry */
}

/* The entry of key (under lock); with create, a new one if there is none, or NULL when every
 * entry of its set has an attempt in flight. */
static struct entry *find(struct entry (*table)[WAYS], uint64_t key, int64_t now, bool create)
{
	struct entry *set = table[key % SETS], *victim = NULL;
	for (int i = 0; i < WAYS; i++) {
		if (set[i].key == key) {
			set[i].touched = now;
			return &set[i];
		}
		if (set[i].inflight == 0 && (!victim || set[i].touched < victim->touched))
			victim = &set[i];
	}
	if (!create || !victim)
		return NULL;
	*victim = (struct entry){.key = key, .since = now, .touched = now};
	return victim;
}

/* A window-counted entry starts over once its window is past. */
static void roll_window(struct entry *e, int64_t now, long window)
{
	if (now - e->since >= window) {
		e->since = now;
		e->count = 0;
	}
}

static int64_t subject_delay(long failures)
{
	if (failures < cfg.login_free_failures)
		return 0;
	int64_t d = cfg.login_delay;
	for (long n = failures - cfg.login_free_failures; n > 0 && d < cfg.login_max_delay; n--)
		d *= 2;
	return d < cfg.login_max_delay ? d : cfg.login_max_delay;
}

static int64_t subject_wait(struct entry *e, int64_t now)
{
	if (now - e->last >= cfg.login_window)
		e->count = 0; /* failures long past are forgotten */
	if (e->count + e->inflight < cfg.login_free_failures)
		return 0;
	int64_t left = e->last + subject_delay(e->count) - now;
	/* Past the free failures, one attempt at a time: the next waits for its result. */
	if (e->inflight > 0)
		return left > 1 ? left : 1;
	return left > 0 ? left : 0;
}

static int64_t address_wait(struct entry *e, int64_t now)
{
	roll_window(e, now, cfg.login_window);
	if (e->count + e->inflight < cfg.address_failures)
		return 0;
	int64_t left = e->since + cfg.login_window - now;
	return e->count >= cfg.address_failures && left > 1 ? left : 1;
}

int throttle_begin(const struct throttle_attempt *a)
{
	int64_t now = (int64_t)time(NULL);
	uint64_t ks = a->subject[0] ? hash_key(a->subject) : 0, ka = a->address[0] ? hash_key(a->address) : 0;
	int64_t wait = 0;
	pthread_mutex_lock(&lock);
	struct entry *s = ks ? find(attempts, ks, now, true) : NULL, *c = ka ? find(attempts, ka, now, true) : NULL;
	if ((ks && !s) || (ka && !c)) {
		wait = 1; /* every entry of the set is busy: a burst, soon over */
	} else {
		int64_t ws = s ? subject_wait(s, now) : 0, wa = c ? address_wait(c, now) : 0;
		wait = ws > wa ? ws : wa;
		if (!wait) {
			if (s)
				s->inflight++;
			if (c)
				c->inflight++;
		}
	}
	pthread_mutex_unlock(&lock);
	return (int)wait;
}

void throttle_end(const struct throttle_attempt *a, enum throttle_outcome outcome)
{
	int64_t now = (int64_t)time(NULL);
	uint64_t ks = a->subject[0] ? hash_key(a->subject) : 0, ka = a->address[0] ? hash_key(a->address) : 0;
	pthread_mutex_lock(&lock);
	struct entry *s = ks ? find(attempts, ks, now, false) : NULL, *c = ka ? find(attempts, ka, now, false) : NULL;
	if (s) {
		s->inflight--;
		if (outcome == THROTTLE_FAILED) {
			s->count++;
			s->last = now;
		} else if (outcome == THROTTLE_SUCCEEDED) {
			s->count = 0;
		}
	}
	if (c) {
		c->inflight--;
		if (outcome == THROTTLE_FAILED) {
			roll_window(c, now, cfg.login_window);
			c->count++;
		}
	}
	pthread_mutex_unlock(&lock);
}

int throttle_take(const char *key, long limit, long window)
{
	int64_t now = (int64_t)time(NULL);
	uint64_t k = hash_key(key);
	int64_t wait = 0;
	pthread_mutex_lock(&lock);
	struct entry *e = find(uses, k, now, true);
	if (!e) {
		wait = 1;
	} else {
		roll_window(e, now, window);
		if (e->count < limit)
			e->count++;
		else
			wait = e->since + window - now > 1 ? e->since + window - now : 1;
	}
	pthread_mutex_unlock(&lock);
	return (int)wait;
}
