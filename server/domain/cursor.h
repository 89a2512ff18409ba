/* Pagination cursors: the sort key and the id of the last row a page showed, joined by a
 * unit separator and encoded as URL-safe base64 without padding, so that a client passes
 * it back as it is. Pure code: api/paging.c reads and writes them. */
#ifndef IPR_DOMAIN_CURSOR_H
#define IPR_DOMAIN_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"

#define CURSOR_DECODED_MAX 512 /* bytes of key, separator and id */

/* The cursor of (key, id), malloc'd. */
char *cursor_encode(const char *key, const char *id);
/* Decodes a cursor into buf (CURSOR_DECODED_MAX bytes): *key and *id point into it. False
 * for anything this server did not give out: not base64, no separator, a NUL inside, an id
 * that is not a UUID. */
bool cursor_decode(const char *cursor, char buf[CURSOR_DECODED_MAX], const char **key, const char **id) MUST_CHECK;

#endif
