#include "auth/session.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth/session_store.h"
#include "core/config.h"
#include "core/log.h"
#include "db/listen.h"

_Static_assert(sizeof(((struct session_lookup *)0)->key) == crypto_generichash_BYTES, "token key size");

#define CACHE_BUCKETS 8192
#define CACHE_MAX 100000 /* bound on memory: past it the cache starts over (only costs lookups) */

struct entry {
	unsigned char key[crypto_generichash_BYTES];
	struct principal principal;
	int64_t expires_at;
	struct entry *next;
};

static struct entry *buckets[CACHE_BUCKETS];
static size_t cached;
/* Counts removals (under cache_lock): a token looked up in the database while one happened
 * is not cached, since the database may have answered from before it. */
static unsigned long revocations;
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;

static size_t bucket_of(const unsigned char *key)
{
	uint32_t h;
	memcpy(&h, key, sizeof h); /* the key is a cryptographic hash: any 4 bytes are uniform */
	return h % CACHE_BUCKETS;
}

static void token_key(const char *token, unsigned char key[crypto_generichash_BYTES], char hex[65])
{
	crypto_generichash(key, crypto_generichash_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
	hex_encode(hex, key, crypto_generichash_BYTES);
}

static void clear_locked(void)
{
	for (size_t i = 0; i < CACHE_BUCKETS; i++) {
		struct entry *e = buckets[i];
		while (e) {
			struct entry *next = e->next;
			free(e);
			e = next;
		}
		buckets[i] = NULL;
	}
	cached = 0;
}

static unsigned long revocations_now(void)
{
	pthread_rwlock_rdlock(&cache_lock);
	unsigned long n = revocations;
	pthread_rwlock_unlock(&cache_lock);
	return n;
}

/* Caches a session looked up when revocations_now() was `seen`, unless one was removed since
 * or the cache cannot hear of changes (db/listen.h). */
static void cache_put(const unsigned char *key, const struct principal *p, int64_t expires_at, unsigned long seen)
{
	if (!listen_live())
		return;
	struct entry *e = xmalloc(sizeof *e);
	memcpy(e->key, key, sizeof e->key);
	e->principal = *p;
	e->expires_at = expires_at;
	size_t b = bucket_of(key);
	pthread_rwlock_wrlock(&cache_lock);
	if (revocations != seen) {
		pthread_rwlock_unlock(&cache_lock);
		free(e);
		return;
	}
	if (cached >= CACHE_MAX)
		clear_locked();
	e->next = buckets[b];
	buckets[b] = e;
	cached++;
	pthread_rwlock_unlock(&cache_lock);
}

static bool cache_get(const unsigned char *key, struct principal *out)
{
	if (!listen_live())
		return false;
	bool found = false;
	int64_t now = (int64_t)time(NULL);
	pthread_rwlock_rdlock(&cache_lock);
	for (struct entry *e = buckets[bucket_of(key)]; e; e = e->next) {
		if (!memcmp(e->key, key, sizeof e->key)) {
			if (e->expires_at > now) {
				*out = e->principal;
				found = true;
			}
			break;
		}
	}
	pthread_rwlock_unlock(&cache_lock);
	return found;
}

static void cache_remove(const unsigned char *key)
{
	size_t b = bucket_of(key);
	pthread_rwlock_wrlock(&cache_lock);
	revocations++;
	for (struct entry **pe = &buckets[b]; *pe; pe = &(*pe)->next) {
		if (!memcmp((*pe)->key, key, crypto_generichash_BYTES)) {
			struct entry *dead = *pe;
			*pe = dead->next;
			free(dead);
			cached--;
			break;
		}
	}
	pthread_rwlock_unlock(&cache_lock);
}

void session_principal_read(PGresult *res, struct principal *p)
{
	memset(p, 0, sizeof *p);
	snprintf(p->user_id, sizeof p->user_id, "%s", PQgetvalue(res, 0, 0));
	p->role = role_parse(PQgetvalue(res, 0, 1));
	snprintf(p->organization_id, sizeof p->organization_id, "%s", PQgetvalue(res, 0, 2));
	snprintf(p->office_id, sizeof p->office_id, "%s", PQgetvalue(res, 0, 3));
	snprintf(p->office_code, sizeof p->office_code, "%s", PQgetvalue(res, 0, 4));
	snprintf(p->registration_number, sizeof p->registration_number, "%s", PQgetvalue(res, 0, 5));
	p->unapproved = PQgetvalue(res, 0, 6)[0] == 't';
}

/* The hash of IPR_METRICS_TOKEN, computed once: the setting does not change while serving. */
static unsigned char metrics_key[crypto_generichash_BYTES];
static pthread_once_t metrics_key_once = PTHREAD_ONCE_INIT;

static void metrics_key_compute(void)
{
	char hex[65];
	token_key(cfg.metrics_token, metrics_key, hex);
}

bool session_cached(const char *token, struct principal *out, struct session_lookup *l)
{
	token_key(token, l->key, l->hex);
	if (*cfg.metrics_token) { /* compared as hashes: in constant time whatever the lengths */
		pthread_once(&metrics_key_once, metrics_key_compute);
		if (sodium_memcmp(l->key, metrics_key, sizeof metrics_key) == 0) {
			memset(out, 0, sizeof *out);
			out->role = ROLE_METRICS;
			return true;
		}
	}
	if (cache_get(l->key, out))
		return true;
	l->seen = revocations_now();
	return false;
}

bool session_found(PGresult *res, const struct session_lookup *l, struct principal *out)
{
	if (PQntuples(res) != 1)
		return false;
	struct principal p;
	session_principal_read(res, &p);
	snprintf(p.session_id, sizeof p.session_id, "%s", PQgetvalue(res, 0, SESSION_PRINCIPAL_NCOLUMNS));
	snprintf(p.token_hash, sizeof p.token_hash, "%s", l->hex);
	int64_t expires_at = strtoll(PQgetvalue(res, 0, SESSION_PRINCIPAL_NCOLUMNS + 1), NULL, 10);
	cache_put(l->key, &p, expires_at, l->seen);
	*out = p;
	return true;
}

enum db_status session_create(struct principal *p, const char *client_ip, char token[TOKEN_TEXT_MAX],
                              int64_t *expires_at)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	memcpy(token, "ipr_", 4);
	sodium_bin2base64(token + 4, TOKEN_TEXT_MAX - 4, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	unsigned char key[crypto_generichash_BYTES];
	token_key(token, key, p->token_hash);
	char ttl[24];
	snprintf(ttl, sizeof ttl, "%ld", cfg.session_ttl);
	unsigned long seen = revocations_now();
	PGresult *res = NULL;
	enum db_status st = db_exec(&session_store_insert, DB_ARGS(p->user_id, p->token_hash, ttl, client_ip), &res);
	if (st != DB_OK)
		return st;
	snprintf(p->session_id, sizeof p->session_id, "%s", PQgetvalue(res, 0, 0));
	*expires_at = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	cache_put(key, p, *expires_at, seen);
	return DB_OK;
}

static void forget_token_hash(const char *hex)
{
	unsigned char key[crypto_generichash_BYTES];
	if (sodium_hex2bin(key, sizeof key, hex, strlen(hex), NULL, NULL, NULL) == 0)
		cache_remove(key);
}

enum db_status session_revoke(const struct principal *p)
{
	enum db_status st = db_exec(&session_store_revoke, DB_ARGS(p->session_id), NULL);
	/* Then, whatever the database said, out of this daemon's cache: from now on none of its
	 * threads accepts the token (other daemons hear of it from the database's notification).
	 * In this order, a lookup that raced with the revocation and found the session still
	 * valid in the database cannot put it back (see cache_put). */
	forget_token_hash(p->token_hash);
	return st;
}

void session_changed(const char *token_hash)
{
	if (token_hash) {
		forget_token_hash(token_hash);
		return;
	}
	pthread_rwlock_wrlock(&cache_lock);
	clear_locked();
	revocations++;
	pthread_rwlock_unlock(&cache_lock);
}

void auth_shutdown(void)
{
	pthread_rwlock_wrlock(&cache_lock);
	clear_locked();
	pthread_rwlock_unlock(&cache_lock);
}
