#include "http/upload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/util.h"

struct upload *upload_begin(const char *dir)
{
	/* O_TMPFILE: a file with no name, gone when closed, whatever happens to the process. */
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		char *path = xasprintf("%s/iprd-upload-XXXXXX", dir);
		fd = mkostemp(path, O_CLOEXEC);
		if (fd >= 0)
			unlink(path);
		free(path);
	}
	struct upload *u = xcalloc(1, sizeof *u);
	u->fd = fd;
	if (fd < 0) {
		log_error("uploads: cannot create a temporary file in %s: %s", dir, strerror(errno));
		u->failed = true;
	}
	crypto_hash_sha256_init(&u->hash);
	return u;
}

void upload_append(struct upload *u, const char *data, size_t len)
{
	if (u->failed)
		return;
	if (u->head_len < UPLOAD_HEAD_MAX) {
		size_t take = len < UPLOAD_HEAD_MAX - u->head_len ? len : UPLOAD_HEAD_MAX - u->head_len;
		memcpy(u->head + u->head_len, data, take);
		u->head_len += take;
	}
	crypto_hash_sha256_update(&u->hash, (const unsigned char *)data, len);
	while (len > 0) {
		ssize_t n = write(u->fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("uploads: cannot write the temporary file: %s", strerror(errno));
			u->failed = true;
			return;
		}
		data += n;
		len -= (size_t)n;
		u->size += (uint64_t)n;
	}
}

void upload_finish(struct upload *u)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&u->hash, digest);
	hex_encode(u->sha256, digest, sizeof digest);
}

void upload_free(void *p)
{
	struct upload *u = p;
	if (!u)
		return;
	if (u->fd >= 0)
		close(u->fd);
	free(u);
}
