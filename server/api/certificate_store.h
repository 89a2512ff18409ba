/* The SQL of certificates (api/certificates.c): the claims of a credential, built from
 * the record as the decision's transaction sees it, and the signed credential kept. */
#ifndef IPR_API_CERTIFICATE_STORE_H
#define IPR_API_CERTIFICATE_STORE_H

#include "db/db.h"

/* $1 key multikey → nothing. Publishes the daemon's key (kept after a rotation). */
extern struct db_stmt certificate_store_publish_key;
/* → multikey of every key, the oldest first. */
extern struct db_stmt certificate_store_keys;
/* $1 recordation id, $2 the deciding officer, $3 the registry's time zone, and the validity
 * the decision writes (read before it is written): $4 valid_from, $5 valid_until → a new
 * credential id (uuid), the status index (the record's, or a new one), validFrom and
 * validUntil (the first and last second of those days in the zone, as UTC instants), the
 * issuing office's name and code, the holder's name, country and registration number, the
 * right's ipr_type, title, registration_number, registration_authority, goods_scope, classes
 * and hs_codes (comma-separated). api/certificates.c builds the credential. */
extern struct db_stmt certificate_store_recordation_claims;
/* $1 pre-confirmation id, $2 issuer DID, $3 the registry's time zone, $4 its public URL,
 * $5 the confirming officer, $6 number (NULL: not yet taken, the claim is null), $7
 * valid_until → the credential without proof (JSON text; validFrom is now(), the decision's
 * time), its id (uuid), its status index (the record's, or a new one). */
extern struct db_stmt certificate_store_pre_confirmation_claims;
/* $1 id, $2 recordation id, $3 pre-confirmation id (one of them NULL), $4 status index,
 * $5 verification method, $6 the signed credential → nothing. */
extern struct db_stmt certificate_store_insert;
/* $1 recordation id, $2 today → the latest credential (text), the recordation's status on
 * that day; no row when none. */
extern struct db_stmt certificate_store_latest_recordation;
/* $1 pre-confirmation id, $2 today → the latest credential (text), the pre-confirmation's
 * status on that day; no row when none. */
extern struct db_stmt certificate_store_latest_pre_confirmation;
/* $1 credential id (uuid), $2 today → the credential (text), its record's status on that
 * day; no row when none. */
extern struct db_stmt certificate_store_by_id;

/* $1 list, $2 today → the positions (0..131071) of the set bits of that list, and (on every
 * row, or alone with NULL when no bit is set) whether any certificate uses the list. */
extern struct db_stmt certificate_store_status_bits;
/* $1 list → bits_sha256, credential of the signed list kept; no row when none. */
extern struct db_stmt certificate_store_status_list;
/* $1 list, $2 bits_sha256, $3 credential → nothing. Keeps a newly signed list. */
extern struct db_stmt certificate_store_keep_status_list;

#endif
