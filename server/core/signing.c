#include "core/signing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/util.h"

/* The DER of PKCS#8 v1 (RFC 8410) for Ed25519 before the 32-byte seed, and of a
 * SubjectPublicKeyInfo before the 32-byte public key. */
static const unsigned char pkcs8_prefix[] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                             0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
static const unsigned char spki_prefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

/* The base64 between the BEGIN and END lines of a PEM block of the given label, decoded
 * into out; its length, or -1. */
static long pem_decode(const char *pem, const char *label, unsigned char *out, size_t cap)
{
	char begin[64], end[64];
	snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
	snprintf(end, sizeof end, "-----END %s-----", label);
	const char *b = strstr(pem, begin), *e = b ? strstr(b, end) : NULL;
	if (!b || !e)
		return -1;
	b += strlen(begin);
	size_t len = 0;
	if (sodium_base642bin(out, cap, b, (size_t)(e - b), " \t\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL))
		return -1;
	return (long)len;
}

static char *pem_encode(const char *label, const unsigned char *der, size_t len)
{
	char b64[sodium_base64_ENCODED_LEN(128, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof b64, der, len, sodium_base64_VARIANT_ORIGINAL);
	return xasprintf("-----BEGIN %s-----\n%s\n-----END %s-----\n", label, b64, label);
}

struct signing_key *signing_key_load(const char *path, char *err, size_t errlen)
{
	struct signing_key *k = NULL;
	size_t len = 0;
	char *text = file_read(path, &len);
	unsigned char der[128];
	if (!text) {
		snprintf(err, errlen, "cannot read the signing key file %s: %s", path, strerror(errno));
		return NULL;
	}
	long n = pem_decode(text, "PRIVATE KEY", der, sizeof der);
	sodium_memzero(text, len);
	free(text);
	if (n != (long)sizeof pkcs8_prefix + 32 || memcmp(der, pkcs8_prefix, sizeof pkcs8_prefix)) {
		snprintf(err, errlen, "%s is not an Ed25519 private key in PKCS#8 PEM form (iprd keygen writes one)",
		         path);
		goto out;
	}
	k = sodium_malloc(sizeof *k); /* guarded, locked pages, wiped by sodium_free */
	if (!k) {
		snprintf(err, errlen, "cannot allocate locked memory for the signing key");
		goto out;
	}
	crypto_sign_seed_keypair(k->public_key, k->secret, der + sizeof pkcs8_prefix);
	char *mk = multikey_ed25519(k->public_key);
	snprintf(k->multikey, sizeof k->multikey, "%s", mk);
	free(mk);
out:
	sodium_memzero(der, sizeof der);
	return k;
}

int signing_key_generate(const char *path, char *err, size_t errlen)
{
	unsigned char der[sizeof pkcs8_prefix + 32];
	memcpy(der, pkcs8_prefix, sizeof pkcs8_prefix);
	randombytes_buf(der + sizeof pkcs8_prefix, 32);
	char *pem = pem_encode("PRIVATE KEY", der, sizeof der);
	sodium_memzero(der, sizeof der);
	int rc = -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	size_t len = strlen(pem);
	ssize_t w = write(fd, pem, len);
	if (w != (ssize_t)len || fsync(fd) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	rc = close(fd);
	if (rc)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
out:
	sodium_memzero(pem, strlen(pem));
	free(pem);
	return rc;
}

void signing_key_free(struct signing_key *k)
{
	if (k)
		sodium_free(k);
}

void signing_key_sign(const struct signing_key *k, const unsigned char *msg, size_t len,
                      unsigned char sig[ED25519_SIGNATURE_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, len, k->secret);
}

bool ed25519_verify(const unsigned char pk[ED25519_PUBLIC_BYTES], const unsigned char *msg, size_t len,
                    const unsigned char sig[ED25519_SIGNATURE_BYTES])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

char *ed25519_public_pem(const unsigned char pk[ED25519_PUBLIC_BYTES])
{
	unsigned char der[sizeof spki_prefix + ED25519_PUBLIC_BYTES];
	memcpy(der, spki_prefix, sizeof spki_prefix);
	memcpy(der + sizeof spki_prefix, pk, ED25519_PUBLIC_BYTES);
	return pem_encode("PUBLIC KEY", der, sizeof der);
}

bool ed25519_public_pem_decode(const char *pem, unsigned char pk[ED25519_PUBLIC_BYTES])
{
	unsigned char der[128];
	if (pem_decode(pem, "PUBLIC KEY", der, sizeof der) != (long)(sizeof spki_prefix + ED25519_PUBLIC_BYTES) ||
	    memcmp(der, spki_prefix, sizeof spki_prefix))
		return false;
	memcpy(pk, der + sizeof spki_prefix, ED25519_PUBLIC_BYTES);
	return true;
}

static struct signing_key *active;

int signing_init(const char *path)
{
	if (!path || !*path) {
		log_warn("IPR_SIGNING_KEY is empty: no certificate and no log checkpoint will be signed");
		return 0;
	}
	char err[512];
	active = signing_key_load(path, err, sizeof err);
	if (!active) {
		log_error("%s", err);
		return -1;
	}
	log_info("signing with the Ed25519 key %s", active->multikey);
	return 0;
}

const struct signing_key *signing_active(void)
{
	return active;
}

void signing_shutdown(void)
{
	signing_key_free(active);
	active = NULL;
}
