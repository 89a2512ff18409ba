/* File uploads (ROUTE_RAW_BODY routes): the body is streamed to an unlinked temporary file
 * as it arrives, hashed with SHA-256 on the way, and its leading bytes kept for type
 * sniffing, so that a 20 MiB document never sits in memory. */
#ifndef IPR_HTTP_UPLOAD_H
#define IPR_HTTP_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sodium.h>

#define UPLOAD_HEAD_MAX 16

struct upload {
	int fd; /* read with pread(); closed (and so removed) by upload_free; -1 when failed */
	uint64_t size;
	unsigned char head[UPLOAD_HEAD_MAX];
	size_t head_len;
	char sha256[2 * crypto_hash_sha256_BYTES + 1]; /* hex, set by upload_finish */
	crypto_hash_sha256_state hash;
	bool failed; /* the temporary file could not be written */
};

/* Opens a new upload (a temporary file in dir). When the file cannot be created the
 * upload is `failed` (logged) and takes in the rest of the body without keeping it, so
 * that the client still gets an answer (503) instead of a closed connection. */
struct upload *upload_begin(const char *dir);
void upload_append(struct upload *u, const char *data, size_t len);
/* Completes the hash. */
void upload_finish(struct upload *u);
void upload_free(void *u); /* NULL is fine */

#endif
