/* W3C Bitstring Status List v1.0: a credential's revocation is one bit of a long bitstring
 * that the issuer publishes, signed, as a credential of its own; a verifier downloads the
 * list (for every credential of the list at once, so the issuer does not learn which one is
 * being checked) and reads the bit at the credential's statusListIndex. The bitstring is
 * GZIP-compressed (zlib) and written as multibase base64url ('u'); index 0 is the most
 * significant bit of the first byte; a list holds at least 131,072 bits. */
#ifndef IPR_DOMAIN_STATUS_LIST_H
#define IPR_DOMAIN_STATUS_LIST_H

#include <stdbool.h>
#include <stddef.h>

#define STATUS_LIST_BITS 131072
#define STATUS_LIST_BYTES (STATUS_LIST_BITS / 8)

/* The encodedList of a bitstring of len bytes, malloc'd; NULL when compression fails. */
char *status_list_encode(const unsigned char *bits, size_t len);
/* The bitstring of an encodedList into a malloc'd *bits (*len bytes, at most max); false
 * when it is not multibase base64url of GZIP data, or inflates past max. */
bool status_list_decode(const char *encoded, unsigned char **bits, size_t *len, size_t max);

static inline void status_list_set(unsigned char *bits, size_t index)
{
	bits[index / 8] |= (unsigned char)(0x80u >> (index % 8));
}
static inline bool status_list_get(const unsigned char *bits, size_t len, size_t index)
{
	return index / 8 < len && (bits[index / 8] & (0x80u >> (index % 8)));
}

#endif
