/* The recordation workflow as pure rules: which actions are allowed from which states,
 * the deadlines, the validity arithmetic, the renewal window, the number prefix.
 * No I/O: the API layer (api/recordations.c) reads the record, asks these rules, and
 * writes the outcome in one transaction. */
#ifndef IPR_DOMAIN_RECORDATION_FLOW_H
#define IPR_DOMAIN_RECORDATION_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "domain/flow.h"

#define RECORDATION_DUE_WORKING_DAYS 30 /* decision deadline after receipt */
#define RENEWAL_DUE_WORKING_DAYS 10     /* renewal decision deadline after its application */
#define RECORDATION_VALIDITY_YEARS 10
#define RENEWAL_WINDOW_MONTHS 6 /* renewal may be applied for this long before valid_until */

/* Statuses as the API shows them. The database stores all but EXPIRED, which is derived
 * when read: approved, past valid_until, and no renewal under review. */
enum recordation_status {
	RECORDATION_DRAFT,
	RECORDATION_SUBMITTED,
	RECORDATION_INFORMATION_REQUESTED,
	RECORDATION_APPROVED,
	RECORDATION_REJECTED,
	RECORDATION_WITHDRAWN,
	RECORDATION_REVOKED,
	RECORDATION_CANCELLED,
	RECORDATION_EXPIRED,
	RECORDATION_STATUS_COUNT
};

/* What a caller can do to a recordation. */
enum recordation_action {
	RECORDATION_EDIT,                    /* PATCH: stays in its state */
	RECORDATION_SUBMIT,                  /* -> submitted */
	RECORDATION_APPROVE,                 /* -> approved */
	RECORDATION_REJECT,                  /* -> rejected */
	RECORDATION_REQUEST_INFORMATION,     /* -> information_requested */
	RECORDATION_WITHDRAW,                /* -> withdrawn */
	RECORDATION_RENEW,                   /* stays approved; a renewal is opened */
	RECORDATION_DECIDE_RENEWAL,          /* stays approved; the renewal is closed */
	RECORDATION_REVOKE,                  /* -> revoked */
	RECORDATION_CANCEL,                  /* -> cancelled */
	RECORDATION_ATTACH_DOCUMENT,         /* stays; also approved (evidence for a renewal) */
	RECORDATION_REMOVE_DOCUMENT,         /* stays; only while the filing can be edited */
	RECORDATION_CHANGE_AUTHORIZED_USERS, /* stays; not once withdrawn, revoked, cancelled, expired */
	RECORDATION_CHANGE_GUIDE,            /* stays; its guide and the guide's photos, likewise */
	RECORDATION_ACTION_COUNT
};

/* The transition table (domain/flow.h), for the workflow engine. */
extern const struct flow recordation_flow;

/* "draft", "information_requested", ...; NULL for an out-of-range value. */
const char *recordation_status_name(enum recordation_status status);
/* Parses a status name; false when unknown. */
bool recordation_status_parse(const char *name, enum recordation_status *out);

/* True when action may start from the (API) status `from`. */
bool recordation_may(enum recordation_action action, enum recordation_status from);
/* The status an action leads to (the same status for EDIT, RENEW and DECIDE_RENEWAL). */
enum recordation_status recordation_target(enum recordation_action action, enum recordation_status from);
/* The statuses `action` may start from as a PostgreSQL array literal ("{draft,rejected}"),
 * for the guard of the UPDATE that decides races. This thread's storage. */
const char *recordation_allowed_from(enum recordation_action action);

/* The last day of validity of a recordation valid from `from`: the day before the tenth
 * anniversary, never after the right's own expiry. */
ipr_date recordation_valid_until(ipr_date from, ipr_date right_expires_on);
/* The first day on which renewal may be applied for: RENEWAL_WINDOW_MONTHS before valid_until. */
ipr_date recordation_renewal_opens(ipr_date valid_until);
/* True when renewal may be applied for on `today`: from recordation_renewal_opens to valid_until. */
bool recordation_in_renewal_window(ipr_date today, ipr_date valid_until);
/* The last valid_until whose renewal window is open on `today` (every recordation valid from
 * today to that date may be renewed today). */
ipr_date recordation_renewal_due_until(ipr_date today);

/* The number prefix of an IPR type: 'T' trademark, 'C' copyright, 'P' patent, 'O' Olympic
 * symbol, 'E' World Expo symbol; '\0' for an unknown type. */
char recordation_number_prefix(const char *ipr_type);
/* Formats a recordation number "T2026-000001" into out (at least 13 bytes). */
void recordation_number_format(char *out, size_t len, char prefix, int year, long long sequence);
/* True when s has the shape of a recordation number: a prefix, four digits, '-', six digits. */
bool recordation_number_valid(const char *s);

#endif
