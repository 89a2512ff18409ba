/* `iprd verify-log`: recomputes the tamper-evident log from the database and holds it to the
 * checkpoints the registry signed. Each leaf's event is computed again from its history row
 * (a row changed or deleted behind the registry's back no longer gives it), each leaf hash
 * from its event, the tree from the leaves, and the roots compared with every checkpoint;
 * the latest checkpoint's signature is checked with the registry's published keys. It names
 * the first leaf that fails, or the first checkpoint the tree no longer matches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/certificate_store.h"
#include "api/log.h"
#include "api/log_store.h"
#include "cli/cli.h"
#include "core/jcs.h"
#include "core/multibase.h"
#include "core/util.h"
#include "db/db.h"
#include "domain/merkle.h"

/* Every complete subtree of the recomputed tree, level by level (level 0: the leaves). */
struct levels {
	size_t count[64];
	unsigned char (*hash[64])[MERKLE_HASH];
};

static bool level_node(void *ctx, int level, uint64_t index, unsigned char out[MERKLE_HASH])
{
	struct levels *t = ctx;
	if (level >= 64 || index >= t->count[level])
		return false;
	memcpy(out, t->hash[level][index], MERKLE_HASH);
	return true;
}

static void levels_build(struct levels *t)
{
	for (int l = 1; l < 64 && t->count[l - 1] >= 2; l++) {
		t->count[l] = t->count[l - 1] / 2;
		t->hash[l] = xcalloc(t->count[l], MERKLE_HASH);
		for (size_t i = 0; i < t->count[l]; i++)
			merkle_node_hash(t->hash[l - 1][2 * i], t->hash[l - 1][2 * i + 1], t->hash[l][i]);
	}
}

static bool hex32(const char *hex, unsigned char out[MERKLE_HASH])
{
	size_t len = 0;
	return hex && sodium_hex2bin(out, MERKLE_HASH, hex, strlen(hex), NULL, &len, NULL) == 0 && len == MERKLE_HASH;
}

/* Checks a checkpoint note's signatures against the published keys: the key that signed it
 * (its Multikey into signer), or false. */
static bool note_signed(const char *note, char *signer, size_t len)
{
	const char *sep = strstr(note, "\n\n");
	if (!sep)
		return false;
	size_t text_len = (size_t)(sep - note) + 1;
	char origin[300];
	log_origin(origin, sizeof origin);
	PGresult *keys = NULL;
	if (db_exec(&certificate_store_keys, DB_NO_ARGS, &keys) != DB_OK)
		return false;
	bool ok = false;
	for (const char *line = sep + 2; *line && !ok; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		char name[300], b64[200];
		if (sscanf(line, "\xe2\x80\x94 %299s %199s", name, b64) != 2)
			continue;
		unsigned char sig[4 + ED25519_SIGNATURE_BYTES];
		size_t sig_len = 0;
		if (sodium_base642bin(sig, sizeof sig, b64, strlen(b64), NULL, &sig_len, NULL,
		                      sodium_base64_VARIANT_ORIGINAL) ||
		    sig_len != sizeof sig)
			continue;
		for (int i = 0; i < PQntuples(keys) && !ok; i++) {
			unsigned char pk[ED25519_PUBLIC_BYTES], id[4];
			if (!multikey_ed25519_decode(PQgetvalue(keys, i, 0), pk))
				continue;
			log_key_id(name, pk, id);
			if (memcmp(id, sig, 4) == 0 &&
			    ed25519_verify(pk, (const unsigned char *)note, text_len, sig + 4)) {
				ok = true;
				snprintf(signer, len, "%s", PQgetvalue(keys, i, 0));
			}
		}
	}
	PQclear(keys);
	return ok;
}

int cli_verify_log(void)
{
	int rc = 2;
	PGresult *cps = NULL, *rows = NULL, *unlogged = NULL, *pending = NULL;
	struct levels t = {0};
	char problem[1024] = "";
	if (db_exec(&log_store_checkpoints, DB_NO_ARGS, &cps) != DB_OK ||
	    db_exec(&log_store_audit, DB_NO_ARGS, &rows) != DB_OK ||
	    db_exec(&log_store_unlogged, DB_NO_ARGS, &unlogged) != DB_OK ||
	    db_exec(&log_store_pending, DB_NO_ARGS, &pending) != DB_OK) {
		fprintf(stderr, "iprd verify-log: the database could not be read (see the log above)\n");
		goto out;
	}
	rc = 1;
	size_t n = (size_t)PQntuples(rows);
	t.count[0] = n;
	t.hash[0] = xcalloc(n ? n : 1, MERKLE_HASH);
	for (size_t i = 0; i < n; i++) {
		int r = (int)i;
		const char *seq = PQgetvalue(rows, r, 0), *source = PQgetvalue(rows, r, 1),
			   *id = PQgetvalue(rows, r, 2);
		const char *stored = PQgetvalue(rows, r, 3);
		if (strtoull(seq, NULL, 10) != i) {
			if (!*problem)
				snprintf(problem, sizeof problem,
				         "leaf %zu is missing: deleted from the log (the next is %s)", i, seq);
			n = i; /* the tree cannot be rebuilt past a hole */
			break;
		}
		if (!*problem && PQgetisnull(rows, r, 4))
			snprintf(problem, sizeof problem, "leaf %s (%s %s): its history row was deleted", seq, source,
			         id);
		else if (!*problem && strcmp(PQgetvalue(rows, r, 4), stored))
			snprintf(
				problem, sizeof problem,
				"leaf %s (%s %s): its history row was changed after it was logged\n  logged: %s\n  now:    %s",
				seq, source, id, stored, PQgetvalue(rows, r, 4));
		char err[200];
		json_t *event = jcs_parse(stored, strlen(stored), err, sizeof err);
		size_t len = 0;
		char *canonical = event ? jcs_serialize(event, &len) : NULL;
		json_decref(event);
		if (canonical)
			merkle_leaf_hash((const unsigned char *)canonical, len, t.hash[0][i]);
		free(canonical);
		unsigned char kept[MERKLE_HASH];
		if (!*problem && !PQgetisnull(rows, r, 5) && hex32(PQgetvalue(rows, r, 5), kept) &&
		    memcmp(kept, t.hash[0][i], MERKLE_HASH))
			snprintf(problem, sizeof problem, "leaf %s (%s %s): its event in the log was changed", seq,
			         source, id);
	}
	t.count[0] = n;
	levels_build(&t);
	int ncp = PQntuples(cps);
	printf("log: %d leaves, %s waiting for a position, %d checkpoints\n", PQntuples(rows),
	       PQgetvalue(pending, 0, 0), ncp);
	if (ncp > 0) {
		const char *note = PQgetvalue(cps, ncp - 1, 2);
		char signer[64] = "";
		uint64_t size = strtoull(PQgetvalue(cps, ncp - 1, 0), NULL, 10);
		if (note_signed(note, signer, sizeof signer))
			printf("latest checkpoint: %llu leaves, signed by %s (signature valid)\n",
			       (unsigned long long)size, signer);
		else if (!*problem)
			snprintf(problem, sizeof problem,
			         "the latest checkpoint's signature is not valid for any published key:\n%s", note);
		/* every checkpoint's root, oldest first: the first one the tree no longer gives */
		uint64_t good = 0;
		for (int c = 0; c < ncp; c++) {
			uint64_t s = strtoull(PQgetvalue(cps, c, 0), NULL, 10);
			unsigned char want[MERKLE_HASH], got[MERKLE_HASH];
			bool same = hex32(PQgetvalue(cps, c, 1), want) && s <= n &&
			            merkle_root(s, level_node, &t, got) && memcmp(want, got, MERKLE_HASH) == 0;
			if (!same) {
				if (!*problem)
					snprintf(
						problem, sizeof problem,
						"the tree no longer matches the checkpoint of %llu leaves: a leaf from %llu to "
						"%llu was changed, re-ordered or deleted",
						(unsigned long long)s, (unsigned long long)good,
						(unsigned long long)(s - 1));
				break;
			}
			good = s;
		}
		if (!*problem)
			printf("every checkpoint's root recomputed from the history rows: the same\n");
	} else
		printf("no checkpoint signed yet: the leaves were compared with the history rows only\n");
	if (!*problem && PQntuples(unlogged) > 0)
		snprintf(problem, sizeof problem,
		         "history row %s %s is not in the log (written behind the registry's back?)",
		         PQgetvalue(unlogged, 0, 0), PQgetvalue(unlogged, 0, 1));
	if (*problem) {
		printf("FIRST PROBLEM: %s\nresult: NOT CONSISTENT\n", problem);
	} else {
		printf("result: CONSISTENT\n");
		rc = 0;
	}
out:
	for (int l = 0; l < 64; l++)
		free(t.hash[l]);
	PQclear(cps);
	PQclear(rows);
	PQclear(unlogged);
	PQclear(pending);
	db_thread_close();
	return rc;
}
