/* Pre-confirmation of rights as pure rules: which actions are allowed from which states,
 * the validity of a confirmation, its number, the authorized-user roles of a direction.
 * No I/O: the API layer (api/pre_confirmations.c) reads the request, asks these rules,
 * and writes the outcome in one transaction. */
#ifndef IPR_DOMAIN_PRE_CONFIRMATION_FLOW_H
#define IPR_DOMAIN_PRE_CONFIRMATION_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "domain/flow.h"

/* Statuses as the API shows them. The database stores all but EXPIRED, which is derived
 * when read: confirmed and past valid_until. */
enum pre_confirmation_status {
	PRE_CONFIRMATION_SUBMITTED,
	PRE_CONFIRMATION_CONFIRMED,
	PRE_CONFIRMATION_REJECTED,
	PRE_CONFIRMATION_WITHDRAWN,
	PRE_CONFIRMATION_EXPIRED,
	PRE_CONFIRMATION_STATUS_COUNT
};

/* What a caller can do to a request; each decision or withdrawal leads to the status of the
 * same name. */
enum pre_confirmation_action {
	PRE_CONFIRMATION_CONFIRM,         /* port officer: -> confirmed, with a number and valid_until */
	PRE_CONFIRMATION_REJECT,          /* port officer: -> rejected, with a reason */
	PRE_CONFIRMATION_WITHDRAW,        /* importer: -> withdrawn */
	PRE_CONFIRMATION_ATTACH_DOCUMENT, /* importer: stays; only before the decision */
	PRE_CONFIRMATION_REMOVE_DOCUMENT, /* likewise */
	PRE_CONFIRMATION_ACTION_COUNT
};

/* The transition table (domain/flow.h), for the workflow engine. */
extern const struct flow pre_confirmation_flow;

/* "submitted", "confirmed", ...; NULL for an out-of-range value. */
const char *pre_confirmation_status_name(enum pre_confirmation_status status);
/* Parses a status name; false when unknown. */
bool pre_confirmation_status_parse(const char *name, enum pre_confirmation_status *out);

/* True when action may start from the (API) status `from`. */
bool pre_confirmation_may(enum pre_confirmation_action action, enum pre_confirmation_status from);
/* The status an action leads to. */
enum pre_confirmation_status pre_confirmation_target(enum pre_confirmation_action action);
/* The statuses `action` may start from as a PostgreSQL array literal ("{submitted}"), for
 * the guard of the UPDATE that decides races. This thread's storage. */
const char *pre_confirmation_allowed_from(enum pre_confirmation_action action);
/* True when the supporting documents of a request may change (attached, removed) in
 * status `s`: only before its decision. */
bool pre_confirmation_documents_open(enum pre_confirmation_status s);
/* Those statuses as a PostgreSQL array literal, "{submitted}", for messages. This thread's storage. */
const char *pre_confirmation_documents_open_in(void);
/* True when the action is a decision of customs (stamped decided_by / decided_at). */
bool pre_confirmation_is_decision(enum pre_confirmation_action action);

/* The last day (inclusive) a confirmation is valid: `valid_days` days after the expected
 * date of arrival or departure. */
ipr_date pre_confirmation_valid_until(ipr_date expected_on, int valid_days);

/* The authorized-user roles that entitle a party to ship in a direction, as a PostgreSQL
 * array literal: import "{importer,consignee}", export "{exporter,consignor}"; NULL for an
 * unknown direction. Static storage. */
const char *pre_confirmation_roles(const char *direction);

/* Formats a confirmation number "PC2026-000001" into out (at least 14 bytes). */
void pre_confirmation_number_format(char *out, size_t len, int year, long long sequence);

#endif
