/* Acting for a client: the one place where what an agent may do for a rights holder is
 * decided. An agent's users call the same API as the holder's; a record of the holder is
 * theirs to see and change exactly as far as a mandate allows (domain/mandate_flow.h):
 * accepted, in force today, from an approved agent, covering the record and the action.
 *
 * The rule itself is the SQL function mandate_permits (migrations/0014_agents.sql), asked in
 * the transaction of each request, so that a mandate ended on one daemon binds every daemon
 * at the next statement (nothing about mandates is cached; an agent's approval travels with
 * its cached sessions, which follow its changes). Callers:
 *
 * - what a caller sees: the workflows' scope passes agency_viewer; their statements show a
 *   holder's record to its holder and to agents that mandate_permits (any power), and answer
 *   404 to everyone else (another holder, an agent without such a mandate);
 * - what it may change: the workflow engine (api/workflow.c) asks agency_permits once the
 *   record is locked: 403 when the agent sees it but no mandate grants the power;
 * - creating a holder's record: agency_client names whose it is. */
#ifndef IPR_API_AGENCY_H
#define IPR_API_AGENCY_H

#include <stdbool.h>

#include "api/workflow.h"
#include "domain/mandate_flow.h"
#include "http/request.h"

/* The organization whose view of holders' records the caller has: its own for a holder (its
 * records) and for an agent (its clients' records, as mandate_permits allows); NULL for
 * officers, who see every filing. */
const char *agency_viewer(const struct principal *p);

/* Whether the caller may take `action` (of wf's flow, from status `from`) on the record that
 * the step locked: always for any caller but an agent, or on a workflow whose records are no
 * holder's (wf->mandate_power NULL); for an agent, when a mandate grants the power. Answers
 * 403 (or the database error) and returns false when not. Runs inside the step's transaction. */
bool agency_permits(struct request *req, const struct workflow *wf, int action, int from);

/* Whose a new record is, from the body's organization_id (NULL when absent), into out: a
 * holder's own (organization_id absent or its own; another is 422); for an agent the client
 * it names (required), when a mandate in force covers all of the client's recordations (422
 * naming organization_id otherwise: not a client) and grants `power` (403 otherwise).
 * Answers and returns false when refused. */
bool agency_client(struct request *req, const char *organization_id, enum mandate_power power, char out[UUID_TEXT_LEN]);

#endif
