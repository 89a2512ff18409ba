#include "domain/merkle.h"

#include <string.h>

#include <sodium.h>

void merkle_leaf_hash(const unsigned char *data, size_t len, unsigned char out[MERKLE_HASH])
{
	crypto_hash_sha256_state st;
	const unsigned char prefix = 0x00;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, out);
}

void merkle_node_hash(const unsigned char left[MERKLE_HASH], const unsigned char right[MERKLE_HASH],
                      unsigned char out[MERKLE_HASH])
{
	unsigned char buf[1 + 2 * MERKLE_HASH];
	buf[0] = 0x01;
	memcpy(buf + 1, left, MERKLE_HASH);
	memcpy(buf + 1 + MERKLE_HASH, right, MERKLE_HASH);
	crypto_hash_sha256(out, buf, sizeof buf);
}

/* The largest power of two strictly below n (n >= 2). */
static uint64_t split(uint64_t n)
{
	uint64_t k = 1;
	while (k << 1 < n)
		k <<= 1;
	return k;
}

static int log2_exact(uint64_t n)
{
	int l = 0;
	while ((1ull << l) < n)
		l++;
	return (1ull << l) == n ? l : -1;
}

bool merkle_range(uint64_t lo, uint64_t hi, merkle_node_fn node, void *ctx, unsigned char out[MERKLE_HASH])
{
	uint64_t n = hi - lo;
	int level = log2_exact(n);
	if (level >= 0)
		return node(ctx, level, lo >> level, out);
	uint64_t k = split(n);
	unsigned char left[MERKLE_HASH], right[MERKLE_HASH];
	if (!merkle_range(lo, lo + k, node, ctx, left) || !merkle_range(lo + k, hi, node, ctx, right))
		return false;
	merkle_node_hash(left, right, out);
	return true;
}

bool merkle_root(uint64_t size, merkle_node_fn node, void *ctx, unsigned char out[MERKLE_HASH])
{
	if (size == 0) {
		crypto_hash_sha256(out, NULL, 0);
		return true;
	}
	return merkle_range(0, size, node, ctx, out);
}

/* PATH(m, D[lo:hi]) of RFC 9162 2.1.3.1, appended to path. */
static bool path(uint64_t m, uint64_t lo, uint64_t hi, merkle_node_fn node, void *ctx, unsigned char out[][MERKLE_HASH],
                 size_t *n)
{
	if (hi - lo <= 1)
		return true;
	uint64_t k = split(hi - lo);
	if (*n >= MERKLE_PROOF_MAX)
		return false;
	if (m < k)
		return path(m, lo, lo + k, node, ctx, out, n) && merkle_range(lo + k, hi, node, ctx, out[(*n)++]);
	return path(m - k, lo + k, hi, node, ctx, out, n) && merkle_range(lo, lo + k, node, ctx, out[(*n)++]);
}

bool merkle_inclusion_proof(uint64_t index, uint64_t size, merkle_node_fn node, void *ctx,
                            unsigned char out[][MERKLE_HASH], size_t *n)
{
	*n = 0;
	return index < size && path(index, 0, size, node, ctx, out, n);
}

/* SUBPROOF(m, D[lo:hi], b) of RFC 9162 2.1.4.1. */
static bool subproof(uint64_t m, uint64_t lo, uint64_t hi, bool complete, merkle_node_fn node, void *ctx,
                     unsigned char out[][MERKLE_HASH], size_t *n)
{
	if (*n >= MERKLE_PROOF_MAX)
		return false;
	if (m == hi - lo)
		return complete ? true : merkle_range(lo, hi, node, ctx, out[(*n)++]);
	uint64_t k = split(hi - lo);
	if (m <= k)
		return subproof(m, lo, lo + k, complete, node, ctx, out, n) &&
		       merkle_range(lo + k, hi, node, ctx, out[(*n)++]);
	return subproof(m - k, lo + k, hi, false, node, ctx, out, n) &&
	       merkle_range(lo, lo + k, node, ctx, out[(*n)++]);
}

bool merkle_consistency_proof(uint64_t old, uint64_t size, merkle_node_fn node, void *ctx,
                              unsigned char out[][MERKLE_HASH], size_t *n)
{
	*n = 0;
	return old > 0 && old <= size && subproof(old, 0, size, true, node, ctx, out, n);
}

bool merkle_verify_inclusion(uint64_t index, uint64_t size, const unsigned char leaf[MERKLE_HASH],
                             const unsigned char proof[][MERKLE_HASH], size_t n, const unsigned char root[MERKLE_HASH])
{
	if (index >= size)
		return false;
	uint64_t fn = index, sn = size - 1;
	unsigned char r[MERKLE_HASH];
	memcpy(r, leaf, MERKLE_HASH);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(proof[i], r, r);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else
			merkle_node_hash(r, proof[i], r);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(r, root, MERKLE_HASH) == 0;
}

bool merkle_verify_consistency(uint64_t old, uint64_t size, const unsigned char old_root[MERKLE_HASH],
                               const unsigned char root[MERKLE_HASH], const unsigned char proof[][MERKLE_HASH],
                               size_t n)
{
	if (old == 0 || old > size)
		return false;
	if (old == size)
		return n == 0 && sodium_memcmp(old_root, root, MERKLE_HASH) == 0;
	/* a power of two: the old root is the proof's first hash */
	const unsigned char(*p)[MERKLE_HASH] = proof;
	size_t count = n;
	unsigned char first[MERKLE_HASH];
	bool power = (old & (old - 1)) == 0;
	if (power)
		memcpy(first, old_root, MERKLE_HASH);
	else {
		if (count == 0)
			return false;
		memcpy(first, p[0], MERKLE_HASH);
		p++;
		count--;
	}
	uint64_t fn = old - 1, sn = size - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	unsigned char fr[MERKLE_HASH], sr[MERKLE_HASH];
	memcpy(fr, first, MERKLE_HASH);
	memcpy(sr, first, MERKLE_HASH);
	for (size_t i = 0; i < count; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(p[i], fr, fr);
			merkle_node_hash(p[i], sr, sr);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else
			merkle_node_hash(sr, p[i], sr);
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && sodium_memcmp(fr, old_root, MERKLE_HASH) == 0 && sodium_memcmp(sr, root, MERKLE_HASH) == 0;
}

void merkle_new_subtrees(uint64_t old, uint64_t size, void (*each)(void *ctx, int level, uint64_t index), void *ctx)
{
	for (int level = 1; level < 63 && (1ull << level) <= size; level++)
		for (uint64_t i = old >> level; i < size >> level; i++)
			each(ctx, level, i);
}
