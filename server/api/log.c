/* The tamper-evident log: its checkpoints and proofs. The leaves are appended by a trigger
 * on each history table (migration 0012), in the transaction of the change; here, a thread
 * of each daemon gives the committed leaves their positions every second (log_sequence(),
 * the sequencer: whichever daemon gets there first), and signs a checkpoint of the tree every
 * IPR_LOG_CHECKPOINT_INTERVAL seconds (one per period whichever daemon gets there first: an
 * advisory lock and the period's primary key), computing the new leaves' hashes (SHA-256(0x00 || the event's RFC 8785
 * form)) and the tree's new complete subtrees on the way; and the routes serve the latest
 * checkpoint, inclusion and consistency proofs (domain/merkle.h) and a leaf's event.
 *
 * A checkpoint is a C2SP tlog-checkpoint signed note:
 *
 *     registry.example/log
 *     1234
 *     <base64 root hash>
 *     time 2026-12-02T08:30:00Z
 *
 *     — registry.example/log <base64(key id || Ed25519 signature)>
 *
 * where the key id is SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
#include "api/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "api/handlers.h"
#include "api/log_store.h"
#include "core/config.h"
#include "core/jcs.h"
#include "core/log.h"
#include "core/signing.h"
#include "core/util.h"
#include "db/job.h"
#include "domain/merkle.h"
#include "http/response.h"

#define CHECKPOINT_LOCK 0x6970726c6f67LL /* "iprlog": the checkpointer's advisory lock */

void log_origin(char *out, size_t len)
{
	const char *url = cfg.public_url, *host = strstr(url, "://");
	snprintf(out, len, "%s/log", host ? host + 3 : url);
}

void log_key_id(const char *name, const unsigned char pk[ED25519_PUBLIC_BYTES], unsigned char id[4])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	const unsigned char sep[2] = {0x0a, 0x01};
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name));
	crypto_hash_sha256_update(&st, sep, 2);
	crypto_hash_sha256_update(&st, pk, ED25519_PUBLIC_BYTES);
	crypto_hash_sha256_final(&st, h);
	memcpy(id, h, 4);
}

/* ---- hashes held during a computation ---- */

/* The subtrees a checkpoint computes (level 0: the new leaves), by level: indexes
 * [base[l], base[l] + count[l]); the rest come from the database. */
struct tree_cache {
	uint64_t base[64];
	size_t count[64];
	unsigned char (*hash[64])[MERKLE_HASH];
	int db_errors;
};

static bool hex_to_hash(const char *hex, unsigned char out[MERKLE_HASH])
{
	size_t len = 0;
	return hex && sodium_hex2bin(out, MERKLE_HASH, hex, strlen(hex), NULL, &len, NULL) == 0 && len == MERKLE_HASH;
}

/* One subtree from the database (level 0: a leaf). */
static bool db_node(int level, uint64_t index, unsigned char out[MERKLE_HASH])
{
	char l[16], i[48];
	snprintf(l, sizeof l, "{%d}", level);
	snprintf(i, sizeof i, "{%llu}", (unsigned long long)index);
	PGresult *res = NULL;
	bool ok = db_exec(&log_store_nodes, DB_ARGS(l, i), &res) == DB_OK && PQntuples(res) == 1 &&
	          !PQgetisnull(res, 0, 2) && hex_to_hash(PQgetvalue(res, 0, 2), out);
	PQclear(res);
	return ok;
}

static bool cached_node(void *ctx, int level, uint64_t index, unsigned char out[MERKLE_HASH])
{
	struct tree_cache *c = ctx;
	if (level < 64 && index >= c->base[level] && index - c->base[level] < c->count[level]) {
		memcpy(out, c->hash[level][index - c->base[level]], MERKLE_HASH);
		return true;
	}
	if (db_node(level, index, out))
		return true;
	c->db_errors++;
	return false;
}

/* Room for the subtrees that extending the tree from old to size completes, level by level. */
static void tree_cache_reserve(struct tree_cache *c, uint64_t old, uint64_t size)
{
	for (int l = 1; l < 63 && (1ull << l) <= size; l++)
		if ((size >> l) > (old >> l)) {
			c->base[l] = old >> l;
			c->hash[l] = xcalloc((size_t)((size >> l) - (old >> l)), MERKLE_HASH);
		}
}

static void compute_subtree(void *ctx, int level, uint64_t index)
{
	struct tree_cache *c = ctx;
	size_t at = (size_t)(index - c->base[level]);
	unsigned char left[MERKLE_HASH], right[MERKLE_HASH];
	bool ok = cached_node(c, level - 1, 2 * index, left) && cached_node(c, level - 1, 2 * index + 1, right);
	if (ok)
		merkle_node_hash(left, right, c->hash[level][at]);
	c->count[level] = at + 1; /* its parent, computed later, finds it */
}

static void tree_cache_free(struct tree_cache *c)
{
	for (int l = 0; l < 64; l++)
		free(c->hash[l]);
}

/* "{a,b,c}" of n values printed by fmt-like callbacks, for array parameters. */
static void array_open(struct buf *b)
{
	buf_append(b, "{", 1);
}
static void array_close(struct buf *b)
{
	if (b->len > 1 && b->data[b->len - 1] == ',')
		b->len--;
	buf_append(b, "}", 1);
}

/* ---- checkpoints ---- */

char *log_note(const struct signing_key *k, uint64_t size, const unsigned char root[MERKLE_HASH], const char *time_text)
{
	char origin[300], root64[sodium_base64_ENCODED_LEN(MERKLE_HASH, sodium_base64_VARIANT_ORIGINAL)];
	log_origin(origin, sizeof origin);
	sodium_bin2base64(root64, sizeof root64, root, MERKLE_HASH, sodium_base64_VARIANT_ORIGINAL);
	char *text = xasprintf("%s\n%llu\n%s\ntime %s\n", origin, (unsigned long long)size, root64, time_text);
	unsigned char sig[4 + ED25519_SIGNATURE_BYTES];
	log_key_id(origin, k->public_key, sig);
	signing_key_sign(k, (const unsigned char *)text, strlen(text), sig + 4);
	char sig64[sodium_base64_ENCODED_LEN(sizeof sig, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
	char *note = xasprintf("%s\n\xe2\x80\x94 %s %s\n", text, origin, sig64);
	free(text);
	return note;
}

/* Writes the checkpoint of `period` if none exists yet: the new leaves' hashes, the new
 * subtrees, the signed note. Returns DB_OK also when another daemon holds the lock or the
 * period has its checkpoint. */
static enum db_status checkpoint_once(const char *period)
{
	const struct signing_key *k = signing_active();
	char lock[24];
	snprintf(lock, sizeof lock, "%lld", CHECKPOINT_LOCK);
	PGresult *res = NULL;
	struct tree_cache c = {0};
	struct buf seqs = {0}, hashes = {0}, levels = {0}, idxs = {0}, node_hashes = {0};
	char *note = NULL;
	enum db_status st = db_begin();
	if (st == DB_OK)
		st = db_exec(&log_store_try_lock, DB_ARGS(lock), &res);
	if (st != DB_OK || strcmp(PQgetvalue(res, 0, 0), "t"))
		goto out;
	PQclear(res);
	res = NULL;
	if ((st = db_exec(&log_store_has_period, DB_ARGS(period), &res)) != DB_OK ||
	    !strcmp(PQgetvalue(res, 0, 0), "t"))
		goto out;
	PQclear(res);
	res = NULL;
	uint64_t old = 0, size = 0;
	if ((st = db_exec(&log_store_latest, DB_NO_ARGS, &res)) != DB_OK)
		goto out;
	if (PQntuples(res) == 1)
		old = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	res = NULL;
	if ((st = db_exec(&log_store_size, DB_NO_ARGS, &res)) != DB_OK)
		goto out;
	size = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	res = NULL;
	/* the new leaves */
	char from[24], to[24];
	snprintf(from, sizeof from, "%llu", (unsigned long long)old);
	snprintf(to, sizeof to, "%llu", (unsigned long long)size);
	if ((st = db_exec(&log_store_events, DB_ARGS(from, to), &res)) != DB_OK)
		goto out;
	if ((uint64_t)PQntuples(res) != size - old) {
		log_error("the log has %d leaves from %s to %s: rows are missing", PQntuples(res), from, to);
		st = DB_ERROR;
		goto out;
	}
	c.base[0] = old;
	c.count[0] = size - old;
	c.hash[0] = xcalloc(size - old + 1, MERKLE_HASH);
	array_open(&seqs);
	array_open(&hashes);
	for (uint64_t i = 0; i < size - old; i++) {
		char err[200];
		const char *text = PQgetvalue(res, (int)i, 1);
		json_t *event = jcs_parse(text, strlen(text), err, sizeof err);
		size_t len = 0;
		char *canonical = event ? jcs_serialize(event, &len) : NULL;
		json_decref(event);
		if (!canonical) {
			log_error("log leaf %llu cannot be canonicalized", (unsigned long long)(old + i));
			st = DB_ERROR;
			goto out;
		}
		merkle_leaf_hash((const unsigned char *)canonical, len, c.hash[0][i]);
		free(canonical);
		char hex[2 * MERKLE_HASH + 1];
		hex_encode(hex, c.hash[0][i], MERKLE_HASH);
		buf_printf(&seqs, "%s,", PQgetvalue(res, (int)i, 0));
		buf_printf(&hashes, "%s,", hex);
	}
	array_close(&seqs);
	array_close(&hashes);
	PQclear(res);
	res = NULL;
	if (size > old && (st = db_exec(&log_store_set_leaves, DB_ARGS(seqs.data, hashes.data), NULL)) != DB_OK)
		goto out;
	/* the subtrees the new leaves complete, and the root */
	tree_cache_reserve(&c, old, size);
	merkle_new_subtrees(old, size, compute_subtree, &c);
	unsigned char root[MERKLE_HASH];
	if (c.db_errors || !merkle_root(size, cached_node, &c, root)) {
		log_error("the log's tree could not be computed (a subtree of the last checkpoint is missing)");
		st = DB_ERROR;
		goto out;
	}
	array_open(&levels);
	array_open(&idxs);
	array_open(&node_hashes);
	for (int l = 1; l < 64; l++)
		for (size_t i = 0; i < c.count[l]; i++) {
			char hex[2 * MERKLE_HASH + 1];
			hex_encode(hex, c.hash[l][i], MERKLE_HASH);
			buf_printf(&levels, "%d,", l);
			buf_printf(&idxs, "%llu,", (unsigned long long)(c.base[l] + i));
			buf_printf(&node_hashes, "%s,", hex);
		}
	array_close(&levels);
	array_close(&idxs);
	array_close(&node_hashes);
	if ((st = db_exec(&log_store_insert_nodes, DB_ARGS(levels.data, idxs.data, node_hashes.data), NULL)) != DB_OK)
		goto out;
	time_t now = time(NULL);
	struct tm tm;
	char when[32], root_hex[2 * MERKLE_HASH + 1];
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	note = log_note(k, size, root, when);
	hex_encode(root_hex, root, MERKLE_HASH);
	if ((st = db_exec(&log_store_insert_checkpoint, DB_ARGS(period, to, root_hex, note), NULL)) != DB_OK)
		goto out;
	st = db_commit();
	if (st == DB_OK)
		log_debug("log checkpoint: %s leaves", to);
out:
	PQclear(res);
	db_rollback();
	tree_cache_free(&c);
	buf_free(&seqs);
	buf_free(&hashes);
	buf_free(&levels);
	buf_free(&idxs);
	buf_free(&node_hashes);
	free(note);
	return st;
}

int log_checkpoint_now(void)
{
	time_t now = time(NULL);
	time_t start = now - now % cfg.log_checkpoint_interval;
	struct tm tm;
	char period[40];
	gmtime_r(&start, &tm);
	strftime(period, sizeof period, "%Y-%m-%d %H:%M:%S+00", &tm);
	return checkpoint_once(period) == DB_OK ? 0 : -1;
}

int log_sequence_now(void)
{
	return db_exec(&log_store_sequence, DB_NO_ARGS, NULL) == DB_OK ? 0 : -1;
}

/* Every second: a leaf waits at most that long for its position, and a period missed by a
 * daemon that stopped is taken by another one soon. */
static void keeper_tick(void)
{
	if (log_sequence_now() != 0)
		log_warn("the log's new leaves could not be sequenced; trying again in a second");
	else if (signing_active() && log_checkpoint_now() != 0)
		log_warn("the log checkpoint failed; trying again in a second");
}

static struct db_job keeper = {.name = "the log's sequencer", .tick = keeper_tick, .interval_ns = 1000000000ull};

int log_keeper_start(void)
{
	return db_job_start(&keeper);
}

void log_keeper_stop(void)
{
	db_job_stop(&keeper);
}

/* ---- the routes ---- */

void handle_log_checkpoint(struct request *req)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(&log_store_latest_note, DB_NO_ARGS, &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0)
		respond_problem(req, 404,
		                "no checkpoint has been signed yet (one is signed every %ld seconds when "
		                "the registry has a signing key)",
		                cfg.log_checkpoint_interval);
	else
		respond_bytes(req, 200, "text/plain; charset=utf-8", PQgetvalue(res, 0, 0),
		              (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
}

/* The subtrees a proof needs: asked for once to learn which (recording), then read in one
 * statement and asked for again (answering). */
struct proof_nodes {
	bool answering;
	size_t n;
	int level[MERKLE_PROOF_MAX * 64];
	uint64_t index[MERKLE_PROOF_MAX * 64];
	unsigned char hash[MERKLE_PROOF_MAX * 64][MERKLE_HASH];
	bool known[MERKLE_PROOF_MAX * 64];
};

static bool proof_node(void *ctx, int level, uint64_t index, unsigned char out[MERKLE_HASH])
{
	struct proof_nodes *p = ctx;
	for (size_t i = 0; i < p->n; i++)
		if (p->level[i] == level && p->index[i] == index) {
			memcpy(out, p->hash[i], MERKLE_HASH);
			return !p->answering || p->known[i];
		}
	if (p->answering || p->n == ARRAY_LEN(p->level))
		return false;
	p->level[p->n] = level;
	p->index[p->n++] = index;
	memset(out, 0, MERKLE_HASH);
	return true;
}

static enum db_status load_proof_nodes(struct proof_nodes *p)
{
	struct buf levels = {0}, idxs = {0};
	array_open(&levels);
	array_open(&idxs);
	for (size_t i = 0; i < p->n; i++) {
		buf_printf(&levels, "%d,", p->level[i]);
		buf_printf(&idxs, "%llu,", (unsigned long long)p->index[i]);
	}
	array_close(&levels);
	array_close(&idxs);
	PGresult *res = NULL;
	enum db_status st = db_exec(&log_store_nodes, DB_ARGS(levels.data, idxs.data), &res);
	buf_free(&levels);
	buf_free(&idxs);
	if (st != DB_OK)
		return st;
	for (int r = 0; r < PQntuples(res) && (size_t)r < p->n; r++)
		p->known[r] = !PQgetisnull(res, r, 2) && hex_to_hash(PQgetvalue(res, r, 2), p->hash[r]);
	PQclear(res);
	p->answering = true;
	return DB_OK;
}

static json_t *hash_list(unsigned char path[][MERKLE_HASH], size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		char b64[sodium_base64_ENCODED_LEN(MERKLE_HASH, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof b64, path[i], MERKLE_HASH, sodium_base64_VARIANT_ORIGINAL);
		json_array_append_new(list, json_string(b64));
	}
	return list;
}

static json_t *hash_text(const unsigned char h[MERKLE_HASH])
{
	char b64[sodium_base64_ENCODED_LEN(MERKLE_HASH, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof b64, h, MERKLE_HASH, sodium_base64_VARIANT_ORIGINAL);
	return json_string(b64);
}

/* A query parameter as a number of leaves: -1 when absent, -2 when not a whole number. */
static long long count_param(struct request *req, const char *name)
{
	const char *v = request_query(req, name);
	if (!v)
		return -1;
	char *end = NULL;
	long long n = strtoll(v, &end, 10);
	return *v && !*end && n >= 0 && strlen(v) < 19 && (v[0] != '0' || !v[1]) ? n : -2;
}

void handle_log_proof(struct request *req)
{
	struct field_errors errs = {0};
	long long leaf = count_param(req, "leaf"), from = count_param(req, "from"), size = count_param(req, "size");
	if (leaf == -2)
		field_error(&errs, "leaf", "must be a leaf index (0, 1, ...)");
	if (from == -2 || from == 0)
		field_error(&errs, "from", "must be a tree size of at least 1");
	if (size < 0)
		field_error(&errs, "size", "required: the tree size the proof is for (a checkpoint's)");
	if ((leaf >= 0) == (from >= 0))
		field_error(&errs, leaf >= 0 ? "from" : "leaf",
		            "give leaf (an inclusion proof) or from (a consistency proof)");
	else if (size >= 0 && leaf >= size)
		field_error(&errs, "leaf", "must be below size");
	else if (size >= 0 && from > size)
		field_error(&errs, "from", "must not be above size");
	if (respond_if_invalid(req, &errs))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(&log_store_latest, DB_NO_ARGS, &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	long long signed_size = PQntuples(res) == 1 ? strtoll(PQgetvalue(res, 0, 1), NULL, 10) : 0;
	PQclear(res);
	if (size > signed_size) {
		field_error(&errs, "size", "is beyond the latest checkpoint: proofs are for checkpointed trees");
		respond_invalid(req, &errs);
		return;
	}
	struct proof_nodes *p = xcalloc(1, sizeof *p);
	unsigned char path[MERKLE_PROOF_MAX][MERKLE_HASH], root[MERKLE_HASH], leaf_hash[MERKLE_HASH];
	size_t n = 0;
	bool ok = false;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && (st = load_proof_nodes(p)) != DB_OK)
			break;
		ok = (leaf >= 0 ? merkle_inclusion_proof((uint64_t)leaf, (uint64_t)size, proof_node, p, path, &n)
		                : merkle_consistency_proof((uint64_t)from, (uint64_t)size, proof_node, p, path, &n)) &&
		     merkle_root((uint64_t)size, proof_node, p, root) &&
		     (leaf < 0 || proof_node(p, 0, (uint64_t)leaf, leaf_hash));
	}
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (!ok) {
		log_error("the log's subtrees for a proof of size %lld are missing", size);
		respond_db_error(req, DB_ERROR);
	} else {
		json_t *body = json_pack("{s:I, s:o}", "tree_size", (json_int_t)size, "root_hash", hash_text(root));
		if (leaf >= 0) {
			json_object_set_new(body, "leaf_index", json_integer(leaf));
			json_object_set_new(body, "leaf_hash", hash_text(leaf_hash));
			json_object_set_new(body, "inclusion", hash_list(path, n));
		} else {
			json_object_set_new(body, "from", json_integer(from));
			json_object_set_new(body, "consistency", hash_list(path, n));
		}
		respond_json(req, 200, body);
	}
	free(p);
}

void handle_log_entry(struct request *req)
{
	const char *seq = request_param(req, "seq");
	char *end = NULL;
	long long n = strtoll(seq, &end, 10);
	if (!*seq || *end || n < 0 || strlen(seq) > 18) {
		respond_problem(req, 404, "no log entry %s", seq);
		return;
	}
	PGresult *res = NULL;
	enum db_status st = db_exec(&log_store_entry, DB_ARGS(seq), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0) {
		respond_problem(req, 404, "no log entry %s", seq);
		PQclear(res);
		return;
	}
	char err[200];
	const char *text = PQgetvalue(res, 0, 0);
	json_t *event = jcs_parse(text, strlen(text), err, sizeof err);
	char *leaf = event ? jcs_serialize(event, NULL) : NULL;
	json_decref(event);
	json_t *body = json_pack("{s:I, s:s, s:o}", "seq", (json_int_t)n, "leaf", leaf ? leaf : "", "event",
	                         json_loads(text, 0, NULL));
	free(leaf);
	unsigned char h[MERKLE_HASH];
	if (!PQgetisnull(res, 0, 1) && hex_to_hash(PQgetvalue(res, 0, 1), h))
		json_object_set_new(body, "leaf_hash", hash_text(h));
	else
		json_object_set_new(body, "leaf_hash", json_null());
	PQclear(res);
	respond_json(req, 200, body);
}
