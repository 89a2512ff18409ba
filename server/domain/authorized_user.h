/* Authorized users ("legitimate users") of a recordation as pure rules: which fields an
 * entry has and what each may hold, how registration numbers are compared, which
 * recordation states let the list change, and which entries of a bulk upload duplicate
 * each other. No I/O: api/authorized_users.c reads and writes, these decide. The
 * authorization check itself is the SQL function authorization_check (migration 0004),
 * because it runs where the entries are. */
#ifndef IPR_DOMAIN_AUTHORIZED_USER_H
#define IPR_DOMAIN_AUTHORIZED_USER_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "domain/recordation_flow.h"
#include "domain/validate.h"

#define AUTHORIZED_USERS_BULK_MAX 5000 /* entries in one PUT .../authorized-users */
#define REGISTRATION_KEY_MAX 257       /* a normalized registration number (64 characters of UTF-8) and NUL */

/* The roles an entry can give ("licensee", ... "distributor"), NULL-terminated. */
extern const char *const authorized_roles[];

/* True for one of authorized_roles. */
bool authorized_role_valid(const char *s);

/* True when the authorized-user list of a recordation shown as `status` may change:
 * anything but withdrawn, revoked, cancelled and expired. */
bool authorized_users_may_change(enum recordation_status status);

/* The form in which registration numbers are compared: without surrounding spaces, ASCII
 * letters in upper case (the same as the SQL column registration_key). Writes at most len
 * bytes to out, NUL-terminated; returns out. */
char *registration_key(const char *number, char *out, size_t len);

/* Checks one entry of the API (an object at `prefix`: "" or "entries[17]"): every bad
 * field is recorded in errs under its path. creating: a new entry (name, registration
 * number, country and roles required); otherwise a merge-patch (nothing required, null
 * clears the optional fields, the required ones cannot be cleared). */
void authorized_user_check(json_t *entry, const char *prefix, bool creating, struct field_errors *errs);

/* Among entries (an array of entries that authorized_user_check accepted or not), names
 * every one whose registration number (normalized) and validity overlap those of an entry
 * before it in the array: "entries[i].registration_number". Entries with a bad
 * registration number or validity are passed over (they are reported already). Returns
 * the number of entries named. */
size_t authorized_users_check_duplicates(json_t *entries, struct field_errors *errs);

/* Checks the body of a bulk replace, {"entries": [...]}: every entry as a new one, and
 * duplicates. Returns the entries (borrowed from body), or NULL when there are none. */
json_t *authorized_users_check_list(json_t *body, struct field_errors *errs);

#endif
