/* RFC 9162 Merkle trees (domain/merkle.c): roots against the definition computed naively,
 * every inclusion and consistency proof of small trees verified, and a proof of the wrong
 * leaf, size or root refused. */
#include "check.h"

#include <sodium.h>

#include "domain/merkle.h"

#define LEAVES 70
static unsigned char leaf[LEAVES][MERKLE_HASH];

/* MTH(D[lo:hi]) straight from the definition. */
static void mth(uint64_t lo, uint64_t hi, unsigned char out[MERKLE_HASH])
{
	if (hi - lo == 1) {
		memcpy(out, leaf[lo], MERKLE_HASH);
		return;
	}
	uint64_t k = 1;
	while (k << 1 < hi - lo)
		k <<= 1;
	unsigned char l[MERKLE_HASH], r[MERKLE_HASH];
	mth(lo, lo + k, l);
	mth(lo + k, hi, r);
	merkle_node_hash(l, r, out);
}

static int calls;
static bool node(void *ctx, int level, uint64_t index, unsigned char out[MERKLE_HASH])
{
	(void)ctx;
	calls++;
	uint64_t lo = index << level, hi = (index + 1) << level;
	if (hi > LEAVES)
		return false;
	mth(lo, hi, out);
	return true;
}

static int subtrees;
static void count_subtree(void *ctx, int level, uint64_t index)
{
	uint64_t size = *(uint64_t *)ctx;
	CHECK(((index + 1) << level) <= size);
	subtrees++;
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	for (int i = 0; i < LEAVES; i++) {
		char data[16];
		int n = snprintf(data, sizeof data, "leaf %d", i);
		merkle_leaf_hash((const unsigned char *)data, (size_t)n, leaf[i]);
	}
	/* the empty tree, and a leaf hash by hand: SHA-256(0x00 || "") */
	unsigned char h[MERKLE_HASH], want[MERKLE_HASH];
	CHECK(merkle_root(0, node, NULL, h));
	crypto_hash_sha256(want, NULL, 0);
	CHECK(memcmp(h, want, MERKLE_HASH) == 0);
	merkle_leaf_hash(NULL, 0, h);
	const unsigned char zero = 0;
	crypto_hash_sha256(want, &zero, 1);
	CHECK(memcmp(h, want, MERKLE_HASH) == 0);

	unsigned char path[MERKLE_PROOF_MAX][MERKLE_HASH];
	size_t n = 0;
	for (uint64_t size = 1; size <= 40; size++) {
		unsigned char root[MERKLE_HASH], naive[MERKLE_HASH];
		CHECK(merkle_root(size, node, NULL, root));
		mth(0, size, naive);
		CHECK(memcmp(root, naive, MERKLE_HASH) == 0);
		for (uint64_t i = 0; i < size; i++) {
			CHECK(merkle_inclusion_proof(i, size, node, NULL, path, &n));
			CHECK(merkle_verify_inclusion(i, size, leaf[i], path, n, root));
			/* another leaf, another index, another size: refused */
			CHECK(!merkle_verify_inclusion(i, size, leaf[(i + 1) % LEAVES], path, n, root));
			if (size > 1)
				CHECK(!merkle_verify_inclusion((i + 1) % size, size, leaf[i], path, n, root));
		}
		for (uint64_t old = 1; old <= size; old++) {
			unsigned char old_root[MERKLE_HASH];
			mth(0, old, old_root);
			CHECK(merkle_consistency_proof(old, size, node, NULL, path, &n));
			CHECK(merkle_verify_consistency(old, size, old_root, root, path, n));
			unsigned char bad[MERKLE_HASH];
			memcpy(bad, old_root, MERKLE_HASH);
			bad[0] ^= 1;
			CHECK(!merkle_verify_consistency(old, size, bad, root, path, n));
			if (n > 0) {
				path[n - 1][5] ^= 1;
				CHECK(!merkle_verify_consistency(old, size, old_root, root, path, n));
			}
		}
	}
	/* a proof asks for O(log^2 n) subtrees, not the leaves */
	calls = 0;
	CHECK(merkle_inclusion_proof(3, 64, node, NULL, path, &n));
	CHECK_EQ_INT(n, 6);
	CHECK(calls <= 6);
	CHECK(!merkle_inclusion_proof(5, 5, node, NULL, path, &n));
	CHECK(!merkle_consistency_proof(0, 5, node, NULL, path, &n));
	/* extending 5 -> 13 completes 2 (level 1: indexes 2..5: 4) + (level 2: 1, 2) + (level 3: 0) */
	uint64_t size = 13;
	subtrees = 0;
	merkle_new_subtrees(5, 13, count_subtree, &size);
	CHECK_EQ_INT(subtrees, 4 + 2 + 1);
	return check_summary("merkle");
}
