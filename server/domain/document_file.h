/* The file of a supporting document, as pure rules: which types are accepted and how a
 * file is recognised by its leading bytes (never only by what the client declares), what a
 * stored file name may be, and the Content-Disposition headers that carry one in and out.
 * No I/O: api/documents.c reads the request and applies these. */
#ifndef IPR_DOMAIN_DOCUMENT_FILE_H
#define IPR_DOMAIN_DOCUMENT_FILE_H

#include <stdbool.h>
#include <stddef.h>

enum document_type {
	DOCUMENT_TYPE_NONE, /* not an accepted type */
	DOCUMENT_PDF,
	DOCUMENT_JPEG,
	DOCUMENT_PNG,
	DOCUMENT_WEBP,
};

/* How many leading bytes document_type_sniff needs to tell every accepted type apart. */
#define DOCUMENT_SNIFF_BYTES 12

#define DOCUMENT_FILENAME_MAX 200     /* characters (code points) */
#define DOCUMENT_DISPOSITION_MAX 1000 /* bytes of a Content-Disposition request header */
/* Enough for document_disposition_format of any valid file name. */
#define DOCUMENT_DISPOSITION_OUT (64 + DOCUMENT_FILENAME_MAX * 4 * 4)

/* The type the leading bytes of a file show (PDF "%PDF-", JPEG FF D8 FF, PNG's 8-byte
 * signature, WebP "RIFF" ... "WEBP"); DOCUMENT_TYPE_NONE for anything else. */
enum document_type document_type_sniff(const unsigned char *head, size_t len);
/* The accepted type a Content-Type header declares ("application/pdf", parameters and
 * case ignored); DOCUMENT_TYPE_NONE for any other or NULL. */
enum document_type document_type_of_media(const char *content_type);
/* "application/pdf", "image/jpeg", ...; NULL for DOCUMENT_TYPE_NONE. */
const char *document_type_media(enum document_type type);
/* The usual file name extension, "pdf", "jpg", "png", "webp"; NULL for DOCUMENT_TYPE_NONE. */
const char *document_type_extension(enum document_type type);

/* True when name can be stored and served as a file name: valid UTF-8 of 1 to
 * DOCUMENT_FILENAME_MAX characters, not blank, not "." or "..", without path separators
 * (/ \), control characters (C0, DEL, C1) or the invisible characters that make a name
 * read as another (bidirectional overrides and isolates, line and paragraph separators). */
bool document_filename_valid(const char *name);

/* The file name in a Content-Disposition request header (RFC 6266): filename* with UTF-8
 * (RFC 8187) preferred over filename (quoted string or token); any directory part the
 * client sent is dropped. Writes it to out (len bytes) and returns true; false when the
 * header names no file name, or one that is malformed or does not fit. The result still
 * has to pass document_filename_valid. */
bool document_disposition_filename(const char *header, char *out, size_t len);

/* The Content-Disposition of a download (RFC 6266): "attachment; filename="..."" with an
 * ASCII stand-in, plus filename*=UTF-8''... (RFC 8187) when the name is not plain ASCII.
 * name must be valid (document_filename_valid); out must hold DOCUMENT_DISPOSITION_OUT. */
void document_disposition_format(const char *name, char *out, size_t len);

#endif
