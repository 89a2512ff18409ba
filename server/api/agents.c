/* Agents: the law firms and brand-protection agencies that act for rights holders. They
 * register as organizations of kind `agent` (api/identity.c); the administrator approves,
 * refuses or suspends each on the workflow engine (domain/agent_flow.c), and only an approved
 * agent acts (auth/principal.h); rights holders find approved agents here to mandate them
 * (api/mandates.c). The SQL is in api/agent_store.c. */
#include <stdlib.h>
#include <string.h>

#include "api/agent_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/workflow.h"
#include "auth/session.h"
#include "domain/agent_flow.h"
#include "http/response.h"

/* The administrator sees every agent; a rights holder the approved ones; an agent itself. */
static int agent_scope(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX])
{
	const struct principal *p = &req->principal;
	out[0] = p->role == ROLE_AGENT ? p->organization_id : NULL;
	out[1] = p->role == ROLE_RIGHTS_HOLDER ? "t" : NULL;
	return 2;
}

/* No deadline runs on an agent: the representation is the answer (api/deadline.h). */
static char *agent_render(const char *text, void *ctx)
{
	(void)ctx;
	return xstrdup(text);
}

static enum db_status agent_write(struct workflow_step *s, PGresult **out)
{
	char *details = workflow_details_text(s);
	enum db_status st = db_exec(&agent_store_write,
	                            DB_ARGS(request_param(s->req, "id"), s->allowed,
	                                    flow_status_name(&agent_flow, s->to), s->reason, s->req->principal.user_id,
	                                    s->event, flow_status_name(&agent_flow, s->from), details),
	                            out);
	free(details);
	/* The agent's standing travels with its users' cached sessions: they are read again in
	 * this daemon from the next request (a lookup that read the old standing before the
	 * commit is dropped again when the trigger's NOTIFY arrives, as in the other daemons). */
	if (st == DB_OK && PQntuples(*out) == 1)
		session_changed(NULL);
	return st;
}

const struct workflow agent_workflow = {
	.noun = "agent",
	.flow = &agent_flow,
	.scope = agent_scope,
	.state = &agent_store_state,
	.locked = &agent_store_lock,
	.lock = &agent_store_lock,
	.write = agent_write,
	.render = agent_render,
	.history = &agent_store_history,
};

static const char *const decision_names[] = {"approve", "refuse", "suspend", NULL};
static const struct workflow_outcome decision_outcomes[] = {
	{"approve", AGENT_APPROVE, "approved", V_OPTIONAL, NULL, NULL},
	{"refuse", AGENT_REFUSE, "refused", V_REQUIRED, NULL, NULL},
	{"suspend", AGENT_SUSPEND, "suspended", V_REQUIRED, NULL, NULL},
};
const struct workflow_route agent_decision = {
	.wf = &agent_workflow, .names = decision_names, .outcomes = decision_outcomes};

void handle_get_agent(struct request *req)
{
	const char *scope[WORKFLOW_SCOPE_MAX];
	agent_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st = db_exec(&agent_store_get, DB_ARGS(request_param(req, "id"), scope[0], scope[1]), &res);
	if (st == DB_OK && PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no agent with this id");
	} else
		respond_result(req, st, res, 200);
}

static const char *const status_choices[] = {"pending", "approved", "refused", "suspended", NULL};

void handle_list_agents(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	/* Rights holders choose among approved agents only. */
	const char *approved_only = req->principal.role == ROLE_RIGHTS_HOLDER ? "t" : NULL;
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&agent_store_list,
	                DB_ARGS(status, approved_only, page.after_key, page.after_id, page.limit_plus_one), &res);
	respond_page(req, &page, st, res);
}
