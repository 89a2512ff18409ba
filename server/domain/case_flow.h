/* Suspect-goods cases as pure rules: which actions are allowed from which states, the case
 * number, and the money rules of DOMAIN.md (the guarantee a holder posts to have goods
 * detained, the most a fine may be). No I/O: api/cases.c reads the request, asks these rules
 * and writes the outcome in one transaction. */
#ifndef IPR_DOMAIN_CASE_FLOW_H
#define IPR_DOMAIN_CASE_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/flow.h"

/* Statuses as the API shows them. The database stores all but UNANSWERED, which is derived
 * when read: notified, and the holder's deadline (response_due_on) has passed without an
 * answer, so the goods are released. */
enum case_status {
	CASE_NOTIFIED,             /* goods suspended, the holder notified: it answers by response_due_on */
	CASE_DETAINED,             /* the holder asked for detention: customs investigates */
	CASE_NOT_INFRINGING,       /* the holder answered that they do not infringe: released */
	CASE_UNANSWERED,           /* no answer by the deadline: released (derived) */
	CASE_CONFIRMED_INFRINGING, /* investigation: infringing; confiscated, a fine proposed */
	CASE_NOT_CONFIRMED,        /* investigation: not confirmed; released */
	CASE_STATUS_COUNT
};

enum case_action {
	CASE_REQUEST_DETENTION,     /* holder: notified -> detained */
	CASE_ANSWER_NOT_INFRINGING, /* holder: notified -> not_infringing */
	CASE_CONFIRM_INFRINGING,    /* port officer: detained -> confirmed_infringing */
	CASE_NOT_CONFIRM,           /* port officer: detained -> not_confirmed */
	CASE_ATTACH_DOCUMENT,       /* port officer: photos, while the goods are held */
	CASE_REMOVE_DOCUMENT,       /* likewise */
	CASE_ACTION_COUNT
};

/* The transition table (domain/flow.h), for the workflow engine. */
extern const struct flow case_flow;
/* The status names in order, NULL-terminated (a list's status filter). */
extern const char *const case_status_names[CASE_STATUS_COUNT + 1];

/* True for the holder's answers (stamped answered_on/by), and for customs' decisions of the
 * investigation (stamped decided_on/by). */
bool case_is_answer(enum case_action action);
bool case_is_decision(enum case_action action);

/* Formats a case number "C2026-000001" into out (at least 13 bytes). */
void case_number_format(char *out, size_t len, int year, long long sequence);

/* The guarantee a holder posts to have goods declared at `value` detained, both in fen
 * (DOMAIN.md): under RMB 20,000 the value itself; from RMB 20,000 to 200,000 half the value
 * (rounded half up to the fen), at least RMB 20,000; above RMB 200,000, RMB 100,000. */
int64_t case_guarantee(int64_t value);
/* The largest fine that may be proposed for goods declared at `value`: 30 % of it, rounded
 * down to the fen (so that fine <= case_fine_limit(value) exactly when 10 * fine <= 3 * value). */
int64_t case_fine_limit(int64_t value);

#endif
