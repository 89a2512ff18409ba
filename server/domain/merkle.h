/* Merkle trees in the shape of RFC 9162 section 2.1 (Certificate Transparency v2): SHA-256,
 * a leaf hashed as SHA-256(0x00 || data), a node as SHA-256(0x01 || left || right), the tree
 * of n leaves split at the largest power of two below n; inclusion proofs (a leaf is in the
 * tree of a size) and consistency proofs (the tree of one size is a prefix of the tree of a
 * larger one), made and checked.
 *
 * The hashes come from a callback: the hash of a complete subtree, 2^level leaves from
 * index * 2^level on (level 0: a leaf's hash). A log keeps those (api/log_store.c), so that
 * a proof reads O(log^2 n) of them instead of rehashing the log. */
#ifndef IPR_DOMAIN_MERKLE_H
#define IPR_DOMAIN_MERKLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH 32
#define MERKLE_PROOF_MAX 128 /* hashes in a proof of a tree below 2^63 leaves */

/* Writes the hash of the complete subtree (level, index) to out; false when it cannot
 * (then the computation fails). */
typedef bool (*merkle_node_fn)(void *ctx, int level, uint64_t index, unsigned char out[MERKLE_HASH]);

void merkle_leaf_hash(const unsigned char *data, size_t len, unsigned char out[MERKLE_HASH]);
void merkle_node_hash(const unsigned char left[MERKLE_HASH], const unsigned char right[MERKLE_HASH],
                      unsigned char out[MERKLE_HASH]);

/* The root of the tree of the first size leaves (size 0: SHA-256 of nothing). */
bool merkle_root(uint64_t size, merkle_node_fn node, void *ctx, unsigned char out[MERKLE_HASH]);
/* The hash of leaves [lo, hi) where lo is a multiple of a power of two at least hi - lo (every
 * subtree the algorithms ask for is one). */
bool merkle_range(uint64_t lo, uint64_t hi, merkle_node_fn node, void *ctx, unsigned char out[MERKLE_HASH]);

/* The inclusion proof of leaf index in the tree of size leaves: *n hashes into path. */
bool merkle_inclusion_proof(uint64_t index, uint64_t size, merkle_node_fn node, void *ctx,
                            unsigned char path[][MERKLE_HASH], size_t *n);
/* The consistency proof from the tree of size old to the tree of size size (0 < old <= size). */
bool merkle_consistency_proof(uint64_t old, uint64_t size, merkle_node_fn node, void *ctx,
                              unsigned char path[][MERKLE_HASH], size_t *n);

/* RFC 9162 2.1.3.2: whether leaf (its hash) at index is in the tree of size with root. */
bool merkle_verify_inclusion(uint64_t index, uint64_t size, const unsigned char leaf[MERKLE_HASH],
                             const unsigned char path[][MERKLE_HASH], size_t n, const unsigned char root[MERKLE_HASH]);
/* RFC 9162 2.1.4.2: whether the tree of size old with old_root is a prefix of the tree of
 * size with root. */
bool merkle_verify_consistency(uint64_t old, uint64_t size, const unsigned char old_root[MERKLE_HASH],
                               const unsigned char root[MERKLE_HASH], const unsigned char path[][MERKLE_HASH],
                               size_t n);

/* The complete subtrees (level, index) that extending a tree from old to size leaves
 * completes, level 1 and up (level 0 are the leaves themselves): calls each(ctx, level,
 * index) bottom up, left to right, so that a subtree's children always come first. */
void merkle_new_subtrees(uint64_t old, uint64_t size, void (*each)(void *ctx, int level, uint64_t index), void *ctx);

#endif
