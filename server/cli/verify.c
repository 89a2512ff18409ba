/* `iprd verify`: checks a certificate with nothing but the registry's published keys (its
 * DID document, a PEM public key or a Multikey string) and, when given, a downloaded status
 * list: the signature over the canonical form (eddsa-jcs-2022), the validity dates, and the
 * status bit. Nothing is fetched from the network. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "core/jcs.h"
#include "core/multibase.h"
#include "core/signing.h"
#include "core/util.h"
#include "domain/data_integrity.h"
#include "domain/status_list.h"

int cli_keygen(int argc, char **argv)
{
	if (argc != 1 || argv[0][0] == '-') {
		fprintf(stderr, "usage: iprd keygen FILE   (writes a new Ed25519 private key, mode 0600)\n");
		return 2;
	}
	char err[512];
	if (sodium_init() < 0 || signing_key_generate(argv[0], err, sizeof err) != 0) {
		fprintf(stderr, "iprd keygen: %s\n", err);
		return 1;
	}
	struct signing_key *k = signing_key_load(argv[0], err, sizeof err);
	if (!k) {
		fprintf(stderr, "iprd keygen: %s\n", err);
		return 1;
	}
	char *pem = ed25519_public_pem(k->public_key);
	printf("wrote %s (mode 0600)\npublic key (Multikey): %s\n%s", argv[0], k->multikey, pem);
	free(pem);
	signing_key_free(k);
	return 0;
}

#define KEYS_MAX 64

/* The keys the verifier trusts: verification method ids (NULL: any id whose fragment is
 * the key's Multikey) and their public keys. */
struct trusted {
	int n;
	char *id[KEYS_MAX];
	char multikey[KEYS_MAX][64];
	unsigned char pk[KEYS_MAX][ED25519_PUBLIC_BYTES];
};

static void trust(struct trusted *t, const char *id, const unsigned char pk[ED25519_PUBLIC_BYTES])
{
	if (t->n == KEYS_MAX)
		return;
	t->id[t->n] = id ? xstrdup(id) : NULL;
	char *mk = multikey_ed25519(pk);
	snprintf(t->multikey[t->n], sizeof t->multikey[0], "%s", mk);
	free(mk);
	memcpy(t->pk[t->n++], pk, ED25519_PUBLIC_BYTES);
}

/* Reads a key file: a DID document (its verificationMethod entries with publicKeyMultibase),
 * a PEM public key, or a Multikey string. */
static bool load_keys(struct trusted *t, const char *path)
{
	size_t len = 0;
	char *text = file_read(path, &len);
	if (!text) {
		fprintf(stderr, "iprd verify: cannot read %s\n", path);
		return false;
	}
	unsigned char pk[ED25519_PUBLIC_BYTES];
	int before = t->n;
	json_t *doc = json_loadb(text, len, 0, NULL);
	if (json_is_object(doc)) {
		size_t i;
		json_t *vm;
		json_array_foreach(json_object_get(doc, "verificationMethod"), i, vm) {
			const char *id = json_string_value(json_object_get(vm, "id"));
			const char *mk = json_string_value(json_object_get(vm, "publicKeyMultibase"));
			if (id && mk && multikey_ed25519_decode(mk, pk))
				trust(t, id, pk);
		}
	} else if (ed25519_public_pem_decode(text, pk)) {
		trust(t, NULL, pk);
	} else {
		char word[128] = "";
		if (sscanf(text, " %127s", word) == 1 && multikey_ed25519_decode(word, pk))
			trust(t, NULL, pk);
	}
	json_decref(doc);
	free(text);
	if (t->n == before)
		fprintf(stderr,
		        "iprd verify: %s holds no Ed25519 public key (a DID document, a PEM public key or a "
		        "Multikey)\n",
		        path);
	return t->n > before;
}

static bool lookup(void *ctx, const char *vm, unsigned char pk[ED25519_PUBLIC_BYTES])
{
	const struct trusted *t = ctx;
	const char *fragment = strrchr(vm, '#');
	for (int i = 0; i < t->n; i++) {
		bool match = t->id[i] ? !strcmp(t->id[i], vm) : fragment && !strcmp(fragment + 1, t->multikey[i]);
		if (match) {
			memcpy(pk, t->pk[i], ED25519_PUBLIC_BYTES);
			return true;
		}
	}
	return false;
}

/* An XML Schema dateTimeStamp ("2026-12-02T08:30:00Z", an offset, or fractional seconds)
 * as a Unix time; false when it is not one. */
static bool parse_instant(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		return false;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	long offset = 0;
	if (*p == 'Z')
		p++;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		offset = (atol(p + 1) * 60 + atol(p + 4)) * 60 * (*p == '-' ? -1 : 1);
		p += 6;
	} else
		return false;
	if (*p)
		return false;
	*out = timegm(&tm) - offset;
	return true;
}

static json_t *read_json(const char *path)
{
	size_t len = 0;
	char *text = file_read(path, &len), err[256];
	if (!text) {
		fprintf(stderr, "iprd verify: cannot read %s\n", path);
		return NULL;
	}
	json_t *v = jcs_parse(text, len, err, sizeof err);
	free(text);
	if (!v)
		fprintf(stderr, "iprd verify: %s: %s\n", path, err);
	return v;
}

static bool has_type(const json_t *doc, const char *type)
{
	const json_t *types = json_object_get(doc, "type");
	if (json_is_string(types))
		return !strcmp(json_string_value(types), type);
	size_t i;
	json_t *t;
	json_array_foreach(types, i, t)
		if (json_is_string(t) && !strcmp(json_string_value(t), type))
			return true;
	return false;
}

/* The status bit of the credential in the (verified) list: 1 set, 0 clear, -1 the list does
 * not answer for this credential (printed). */
static int status_bit(const json_t *entry, const json_t *list, struct trusted *keys)
{
	char why[256];
	const char *list_url = json_string_value(json_object_get(entry, "statusListCredential"));
	const char *index_text = json_string_value(json_object_get(entry, "statusListIndex"));
	const json_t *subject = json_object_get(list, "credentialSubject");
	const char *encoded = json_string_value(json_object_get(subject, "encodedList"));
	const char *purpose = json_string_value(json_object_get(subject, "statusPurpose"));
	const char *want_purpose = json_string_value(json_object_get(entry, "statusPurpose"));
	if (!list_url || !index_text || !encoded) {
		printf("status: the credential's status entry or the list is incomplete\n");
		return -1;
	}
	if (!has_type(list, "BitstringStatusListCredential") ||
	    !di_verify(list, "assertionMethod", lookup, keys, why, sizeof why)) {
		printf("status: the status list is not a signed BitstringStatusListCredential of these keys: %s\n",
		       has_type(list, "BitstringStatusListCredential") ? why : "wrong type");
		return -1;
	}
	const char *list_id = json_string_value(json_object_get(list, "id"));
	if (!list_id || strcmp(list_id, list_url) || !purpose || !want_purpose || strcmp(purpose, want_purpose)) {
		printf("status: the status list given is %s (%s), the credential names %s (%s)\n",
		       list_id ? list_id : "?", purpose ? purpose : "?", list_url, want_purpose ? want_purpose : "?");
		return -1;
	}
	char *end = NULL;
	unsigned long long index = strtoull(index_text, &end, 10);
	unsigned char *bits = NULL;
	size_t len = 0;
	if (*end || !*index_text || !status_list_decode(encoded, &bits, &len, 16u << 20) || len < STATUS_LIST_BYTES ||
	    index >= (unsigned long long)len * 8) {
		free(bits);
		printf("status: the status list cannot be read at index %s\n", index_text);
		return -1;
	}
	int bit = status_list_get(bits, len, (size_t)index);
	free(bits);
	return bit;
}

int cli_verify(int argc, char **argv)
{
	const char *file = NULL, *status_file = NULL, *at_text = NULL;
	struct trusted keys = {0};
	int rc = 2;
	json_t *doc = NULL, *list = NULL;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--keys") && v) {
			if (!load_keys(&keys, v))
				goto out;
			i++;
		} else if (!strcmp(a, "--status-list") && v) {
			status_file = v;
			i++;
		} else if (!strcmp(a, "--at") && v) {
			at_text = v;
			i++;
		} else if (a[0] != '-' && !file) {
			file = a;
		} else {
			file = NULL;
			break;
		}
	}
	if (!file || keys.n == 0) {
		fprintf(stderr,
		        "usage: iprd verify CREDENTIAL.json --keys did.json|key.pem|MULTIKEY-FILE [--keys ...]\n"
		        "                   [--status-list STATUS-LIST.json] [--at 2026-12-02T08:00:00Z]\n");
		goto out;
	}
	time_t now = time(NULL);
	if (at_text && !parse_instant(at_text, &now)) {
		fprintf(stderr, "iprd verify: --at %s is not an instant (2026-12-02T08:00:00Z)\n", at_text);
		goto out;
	}
	if (sodium_init() < 0 || !(doc = read_json(file)) || (status_file && !(list = read_json(status_file))))
		goto out;
	rc = 1;
	bool ok = true;
	char why[256];
	const json_t *context = json_object_get(doc, "@context");
	const char *id = json_string_value(json_object_get(doc, "id"));
	const json_t *issuer = json_object_get(doc, "issuer");
	const char *issuer_id =
		json_is_object(issuer) ? json_string_value(json_object_get(issuer, "id")) : json_string_value(issuer);
	if (!json_is_object(doc) || !json_is_array(context) ||
	    strcmp(json_string_value(json_array_get(context, 0)) ? json_string_value(json_array_get(context, 0)) : "",
	           "https://www.w3.org/ns/credentials/v2") ||
	    !has_type(doc, "VerifiableCredential") || !issuer_id) {
		printf("credential: not a Verifiable Credential 2.0 (@context, type, issuer)\n");
		ok = false;
	} else
		printf("credential: %s, issued by %s\n", id ? id : "(no id)", issuer_id);
	/* the canonical form that the signature covers (without the proof) */
	json_t *unsecured = json_deep_copy(doc);
	json_object_del(unsecured, "proof");
	size_t clen = 0;
	char *canonical = jcs_serialize(unsecured, &clen);
	json_decref(unsecured);
	if (canonical) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * sizeof h + 1];
		crypto_hash_sha256(h, (const unsigned char *)canonical, clen);
		hex_encode(hex, h, sizeof h);
		printf("canonical form: %zu bytes (RFC 8785), SHA-256 %s\n", clen, hex);
		free(canonical);
	}
	const char *vm = json_string_value(json_object_get(json_object_get(doc, "proof"), "verificationMethod"));
	if (di_verify(doc, "assertionMethod", lookup, &keys, why, sizeof why)) {
		printf("signature: valid (%s, %s)\n", DI_CRYPTOSUITE, vm);
		if (vm && issuer_id && strncmp(vm, issuer_id, strlen(issuer_id))) {
			printf("issuer: the key %s is not the issuer's (%s)\n", vm, issuer_id);
			ok = false;
		}
	} else {
		printf("signature: NOT VALID: %s\n", why);
		ok = false;
	}
	const char *from = json_string_value(json_object_get(doc, "validFrom"));
	const char *until = json_string_value(json_object_get(doc, "validUntil"));
	time_t t_from = 0, t_until = 0;
	char at[32];
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if ((from && !parse_instant(from, &t_from)) || (until && !parse_instant(until, &t_until))) {
		printf("validity: validFrom or validUntil is not a date-time\n");
		ok = false;
	} else if (from && now < t_from) {
		printf("validity: NOT YET VALID on %s (valid from %s)\n", at, from);
		ok = false;
	} else if (until && now > t_until) {
		printf("validity: EXPIRED on %s (valid until %s)\n", at, until);
		ok = false;
	} else
		printf("validity: in force on %s (from %s until %s)\n", at, from ? from : "-", until ? until : "-");
	const json_t *entry = json_object_get(doc, "credentialStatus");
	if (!entry)
		printf("status: the credential has no status entry\n");
	else if (!list)
		printf("status: not checked (give --status-list with the list %s)\n",
		       json_string_value(json_object_get(entry, "statusListCredential"))
		               ? json_string_value(json_object_get(entry, "statusListCredential"))
		               : "?");
	else {
		int bit = status_bit(entry, list, &keys);
		if (bit == 1)
			printf("status: REVOKED (bit %s of %s is set: revoked, cancelled or expired)\n",
			       json_string_value(json_object_get(entry, "statusListIndex")),
			       json_string_value(json_object_get(entry, "statusListCredential")));
		else if (bit == 0)
			printf("status: not revoked (bit %s of %s is clear)\n",
			       json_string_value(json_object_get(entry, "statusListIndex")),
			       json_string_value(json_object_get(entry, "statusListCredential")));
		ok = ok && bit == 0;
	}
	printf("result: %s\n", ok ? "VALID" : "NOT VALID");
	rc = ok ? 0 : 1;
out:
	for (int i = 0; i < keys.n; i++)
		free(keys.id[i]);
	json_decref(doc);
	json_decref(list);
	return rc;
}
