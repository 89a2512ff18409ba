/* Small things every layer needs: allocation that cannot fail, ids, clocks. */
#ifndef IPR_CORE_UTIL_H
#define IPR_CORE_UTIL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/* The one spelling of "the caller must check the result" (PgBouncer's _MUSTCHECK). */
#define MUST_CHECK __attribute__((warn_unused_result))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Out of memory is decided once, here: these abort instead of returning NULL, so that
 * error paths elsewhere only deal with real failures (bad input, a lost database). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A malloc'd string from a printf format. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define UUID_TEXT_LEN 37 /* 36 characters and NUL */
/* A random (version 4) UUID in lower case. */
void uuid_generate(char out[UUID_TEXT_LEN]);
/* True for a UUID in canonical 8-4-4-4-12 hexadecimal form (either case). */
bool uuid_valid(const char *s);

/* Monotonic clock in nanoseconds, for durations. */
uint64_t clock_ns(void);
/* Initializes a condition variable whose timed waits count on the monotonic clock (clock_ns's,
 * which a change of the wall clock does not move). */
void cond_init_monotonic(pthread_cond_t *cond);
/* Today's date in the registry's time zone (the process TZ, set at start-up from
 * IPR_TIMEZONE). Every deadline counts from this date. */
ipr_date today_local(void);
/* The local date in the registry's time zone of a Unix time. */
ipr_date date_of_time(int64_t unix_seconds);

/* Lower-case hex of len bytes into out (2 * len + 1 bytes). */
void hex_encode(char *out, const unsigned char *in, size_t len);

/* A growable byte buffer (always NUL-terminated once anything is appended). */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
void buf_append(struct buf *b, const char *data, size_t len);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);
/* Appends text escaped for HTML content and quoted attribute values (& < > " '). */
void buf_html(struct buf *b, const char *text);
/* The whole file, NUL-terminated (an empty file gives ""); NULL when it cannot be read. */
char *file_read(const char *path, size_t *len);

/* The value of a hexadecimal digit (either case), or -1. */
int hex_digit(char c);
/* %-decodes the n bytes at in into out (room for n + 1 bytes; NUL-terminated). Returns the
 * decoded length, or -1 when an escape is malformed or decodes to NUL. */
long percent_decode(const char *in, size_t n, char *out);

/* Decodes one UTF-8 sequence at *p (NUL-terminated text) and advances past it; false when
 * malformed (truncated, overlong, a surrogate, beyond U+10FFFF), *p unchanged. */
bool utf8_next(const unsigned char **p, uint32_t *cp);

#endif
