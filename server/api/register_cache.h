/* The public register's pages, kept in memory (issue 23). A page is served again while the
 * register's version (migration 0023: a number that grows in the transaction of every change
 * of what the register shows) is the one read before the page was made: a request reads the
 * version (one row, ~1/40 of a search's database time), and only when it moved, or the page is
 * not kept, runs the search. The version is read before the page's statement, so that a page is
 * never newer-looking than its data: a change committed in between makes the next request read
 * a newer version and make the page again.
 *
 * Bounded by IPR_REGISTER_CACHE bytes of pages (0: nothing kept, every search runs); a page
 * larger than a sixteenth of that is not kept. The table is a fixed array looked up by the
 * key's hash (four neighbouring slots, the least recently used replaced), under one mutex. */
#ifndef IPR_API_REGISTER_CACHE_H
#define IPR_API_REGISTER_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"

/* Whether pages are kept at all (IPR_REGISTER_CACHE > 0). */
bool register_cache_enabled(void);

/* The page kept under key: true with its version and a copy of its body appended to body
 * (the caller frees it), false when none is kept. */
bool register_cache_get(const char *key, long long *version, struct buf *body);

/* Keeps the page (copied) under key, made after version was read. */
void register_cache_put(const char *key, long long version, const char *body, size_t len);

#endif
