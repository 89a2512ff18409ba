/* The public register's pages, kept in memory: api/register_cache.h. */
#include "api/register_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

#define SLOTS 1024
#define PROBE 4 /* neighbouring slots a key may take */

struct slot {
	char *key; /* NULL: empty */
	char *body;
	size_t len;
	long long version;
	uint64_t used; /* the tick of its last use: the least recently used of a key's slots goes */
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t held;   /* bytes of the bodies kept */
static uint64_t tick; /* counts uses */

bool register_cache_enabled(void)
{
	return cfg.register_cache > 0;
}

/* FNV-1a. */
static size_t slot_of(const char *key)
{
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)(h % SLOTS);
}

bool register_cache_get(const char *key, long long *version, struct buf *body)
{
	if (!register_cache_enabled())
		return false;
	size_t first = slot_of(key);
	bool found = false;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < PROBE && !found; i++) {
		struct slot *s = &slots[(first + i) % SLOTS];
		if (s->key && !strcmp(s->key, key)) {
			*version = s->version;
			buf_append(body, s->body, s->len);
			s->used = ++tick;
			found = true;
		}
	}
	pthread_mutex_unlock(&lock);
	return found;
}

void register_cache_put(const char *key, long long version, const char *body, size_t len)
{
	size_t budget = (size_t)cfg.register_cache;
	if (!register_cache_enabled() || len > budget / 16)
		return;
	size_t first = slot_of(key);
	char *key_copy = xstrdup(key), *body_copy = xmalloc(len);
	memcpy(body_copy, body, len);
	pthread_mutex_lock(&lock);
	struct slot *victim = NULL;
	for (size_t i = 0; i < PROBE; i++) {
		struct slot *s = &slots[(first + i) % SLOTS];
		if (s->key && !strcmp(s->key, key)) { /* the same page made again */
			victim = s;
			break;
		}
		if (!victim || (victim->key && (!s->key || s->used < victim->used)))
			victim = s;
	}
	if (victim->key && !strcmp(victim->key, key) && victim->version > version) {
		victim = NULL; /* a page made after a newer version is kept already */
	} else if (held - (victim->key ? victim->len : 0) + len > budget) {
		victim = NULL; /* full: kept pages stay until replaced */
	} else {
		if (victim->key) {
			held -= victim->len;
			free(victim->key);
			free(victim->body);
		}
		*victim = (struct slot){
			.key = key_copy, .body = body_copy, .len = len, .version = version, .used = ++tick};
		held += len;
	}
	pthread_mutex_unlock(&lock);
	if (!victim) {
		free(key_copy);
		free(body_copy);
	}
}
