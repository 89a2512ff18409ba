/* The printable certificate: a signed credential (api/certificates.c) as an HTML page for
 * people, in English and Chinese, with a QR code of the address that serves the credential
 * to anyone (GET /v1/certificates/{id}), for a verifier to fetch and check it. */
#ifndef IPR_API_CERTIFICATE_PAGE_H
#define IPR_API_CERTIFICATE_PAGE_H

#include "core/util.h"

/* What the page shows beside the credential: the record's status on `today` (the
 * registry's date), which a revocation or an expiry changes after the credential was signed. */
struct certificate_now {
	const char *status;
	const char *today;
};

/* Appends the page of the credential (its signed JSON text). false when the text is not a
 * credential this registry issues (nothing useful appended). */
bool certificate_page(struct buf *out, const char *credential, const struct certificate_now *now);
/* The page's Content-Security-Policy: its one inline style by hash, nothing else. */
const char *certificate_page_csp(void);

#endif
