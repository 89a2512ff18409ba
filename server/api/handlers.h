/* The handlers the route table (api/routes.c) points at, one file per resource. Each
 * validates its input, calls its store and answers exactly once (http/response.h); who may
 * call it is the route table's business, decided before it runs (http/server.c).
 *
 * The rule of this layer: SQL is written only in the *_store.c files, one per resource, each
 * statement a constant `<resource>_store_<what>` whose parameters and columns its header
 * documents. Handlers never build SQL. State changes of a workflow go through the engine
 * (api/workflow.h); handlers that serve several resources take theirs from the route's context
 * (request_context). How to add a resource: server/README.md. */
#ifndef IPR_API_HANDLERS_H
#define IPR_API_HANDLERS_H

#include <jansson.h>

#include "api/workflow.h"
#include "auth/password.h"
#include "domain/validate.h"
#include "http/request.h"
#include "http/router.h"

/* The route table: the one place where routes and the roles allowed on them are declared. */
extern const struct route api_routes[];
extern const size_t api_routes_count;

/* ops.c */
int ops_init(void) MUST_CHECK;
void ops_free(void);
void handle_healthz(struct request *req);
void handle_readyz(struct request *req);
void handle_metrics(struct request *req);
void handle_openapi(struct request *req);
void handle_docs(struct request *req);

/* identity.c */
void handle_create_account(struct request *req);
void handle_create_session(struct request *req);
void handle_delete_session(struct request *req);
void handle_me(struct request *req);
void handle_change_password(struct request *req);
/* Shared checks of a password field `key` (10 characters to 512 bytes) and an email field. */
const char *validate_password(json_t *obj, const char *key, const char *prefix, struct field_errors *errs);
/* Hashes a new password for storage (call it on an offload thread); answers 503 and returns
 * false when the machine is short of memory for Argon2. */
bool hash_new_password(struct request *req, const char *password, char hash[PASSWORD_HASH_MAX]);
const char *validate_email(json_t *obj, const char *key, const char *prefix, enum v_presence presence,
                           struct field_errors *errs);

/* offices.c */
void handle_create_office(struct request *req);
void handle_list_offices(struct request *req);
void handle_create_officer(struct request *req);
void handle_list_users(struct request *req);
void handle_disable_user(struct request *req);
void handle_enable_user(struct request *req);

/* calendar.c (the registry's calendar itself: api/registry_calendar.h) */
void handle_list_calendar(struct request *req);
void handle_add_working_days(struct request *req);
void handle_put_calendar_exception(struct request *req);
void handle_delete_calendar_exception(struct request *req);

/* The workflows (api/workflow.h): each resource's descriptor, and the contexts of the
 * transition routes that api/workflow.c's handle_transition serves. */
extern const struct workflow recordation_workflow;
extern const struct workflow_route recordation_submission, recordation_decision, recordation_withdrawal,
	recordation_revocation, recordation_cancellation, recordation_renewal, recordation_renewal_decision;
extern const struct workflow pre_confirmation_workflow;
extern const struct workflow_route pre_confirmation_decision, pre_confirmation_withdrawal;
extern const struct workflow alert_workflow;
extern const struct workflow_route alert_withdrawal;
/* The documents (photos) of a recordation's product identification guide. */
extern const struct workflow recordation_guide_workflow;
extern const struct workflow case_workflow;
extern const struct workflow agent_workflow;
extern const struct workflow_route agent_decision;
extern const struct workflow mandate_workflow;
extern const struct workflow_route mandate_answer, mandate_end;

/* recordations.c */
void handle_create_recordation(struct request *req);
/* Checks the fields of a creation (creating) or merge-patch (a request body: prefix ""); records
 * every bad one. */
void recordation_check_fields(json_t *body, const char *prefix, bool creating, struct field_errors *errs);
void handle_list_recordations(struct request *req);
void handle_get_recordation(struct request *req);
void handle_update_recordation(struct request *req);
void handle_search_register(struct request *req);
/* Who sees which recordations, as the recordation statements' scope parameter $2: a rights
 * holder its organization's, officers all (NULL). Returns 1. */
int recordation_scope(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX]);
/* Checks a company named in a record ({name, country, address}: not unknown fields) under
 * prefix ("known_infringers[3]", "consignor"). */
void party_check(json_t *party, const char *prefix, struct field_errors *errs);

/* recordation_changes.c */
/* Writes a recordation's transition: the row and its history entry (the workflow's write). */
enum db_status recordation_write(struct workflow_step *s, PGresult **out);

/* authorized_users.c */
void handle_list_authorized_users(struct request *req);
void handle_add_authorized_user(struct request *req);
void handle_replace_authorized_users(struct request *req);
void handle_update_authorized_user(struct request *req);
void handle_end_authorized_user(struct request *req);
void handle_check_authorization(struct request *req);
/* The `role` query parameter of a check: an authorized user's role, or NULL (absent, or bad:
 * recorded in errs). */
const char *query_authorized_role(struct request *req, struct field_errors *errs);

/* pre_confirmations.c */
void handle_create_pre_confirmation(struct request *req);
void handle_list_pre_confirmations(struct request *req);
void handle_get_pre_confirmation(struct request *req);
/* The fields of a filing that the database resolves: NULL when absent or malformed. */
struct filing {
	const char *office_code;
	const char *recordation_number;
	const char *direction;
};
/* Checks every field of a filing received on today; records every bad one. */
void pre_confirmation_check_filing(json_t *body, ipr_date today, struct filing *f, struct field_errors *errs);
/* Checks what every goods line of a shipment has (description, hs_code, quantity, unit,
 * currency; not its value, nor unknown fields) under prefix ("goods[2]"); returns the
 * currency when it is valid, else NULL. */
const char *goods_line_check(json_t *line, const char *prefix, struct field_errors *errs);

/* cases.c: suspect-goods cases. Their transitions have a handler of their own, whose
 * context (a struct case_route) says under which member the body names the outcome, and
 * whether a fine comes with it; it checks the body and calls workflow_run. */
struct case_route;
extern const struct case_route case_answer, case_decision;
void handle_create_case(struct request *req);
void handle_list_cases(struct request *req);
void handle_get_case(struct request *req);
void handle_case_transition(struct request *req);
void handle_case_statistics(struct request *req);

/* guides.c */
void handle_get_guide(struct request *req);
void handle_put_guide(struct request *req);

/* alerts.c */
void handle_create_alert(struct request *req);
void handle_list_alerts(struct request *req);
void handle_get_alert(struct request *req);

/* watch_lists.c */
void handle_list_watch_list(struct request *req);
void handle_add_watch_list_entry(struct request *req);
void handle_end_watch_list_entry(struct request *req);

/* border_check.c */
void handle_border_check(struct request *req);

/* certificates.c: Verifiable Credentials of the decisions that grant something, issued in
 * the decision's transaction (a workflow outcome's `issue`), and the registry's keys. */
enum db_status certificate_prepare_recordation(struct workflow_step *s, const void *arg);
enum db_status certificate_issue_recordation(struct workflow_step *s, const void *arg);
enum db_status certificate_prepare_pre_confirmation(struct workflow_step *s, const void *arg);
enum db_status certificate_issue_pre_confirmation(struct workflow_step *s, const void *arg);
/* The issuer's DID (did:web of IPR_PUBLIC_URL). */
void certificate_issuer_did(char *out, size_t len);
/* Publishes the daemon's signing key in the database (kept there after a rotation); call
 * at start-up, before the threads. 0, or -1 (logged). */
int certificate_publish_key(void) MUST_CHECK;
/* The context of a certificate route: the record's workflow and its latest credential. */
struct certificate_route {
	const struct workflow *wf;
	struct db_stmt *latest;
	const char *granted; /* "approved": when a certificate is issued */
};
extern const struct certificate_route recordation_certificate, pre_confirmation_certificate;
void handle_get_certificate(struct request *req);
void handle_get_certificate_by_id(struct request *req);
void handle_did_document(struct request *req);
/* GET /v1/status-lists/{list}: the list signed, again when its bits changed. */
void handle_get_status_list(struct request *req);

/* log.c: the tamper-evident log's latest checkpoint (a C2SP signed note), its inclusion and
 * consistency proofs, and a leaf's event. */
void handle_log_checkpoint(struct request *req);
void handle_log_proof(struct request *req);
void handle_log_entry(struct request *req);
/* agents.c: agent organizations and their approval */
void handle_list_agents(struct request *req);
void handle_get_agent(struct request *req);

/* mandates.c: holders' grants to agents (acting for a client: api/agency.h) */
void handle_create_mandate(struct request *req);
void handle_list_mandates(struct request *req);
void handle_get_mandate(struct request *req);
void handle_narrow_mandate(struct request *req);

/* desk.c: an agent's work across its clients */
void handle_agent_desk(struct request *req);
/* webhooks.c: an organization's endpoints and their delivery log */
void handle_create_webhook_endpoint(struct request *req);
void handle_list_webhook_endpoints(struct request *req);
void handle_get_webhook_endpoint(struct request *req);
void handle_delete_webhook_endpoint(struct request *req);
void handle_enable_webhook_endpoint(struct request *req);
void handle_list_webhook_deliveries(struct request *req);
void handle_redeliver_webhook(struct request *req);

/* documents.c: the supporting documents of any workflow's record (context: its struct workflow) */
void handle_upload_document(struct request *req);
void handle_list_documents(struct request *req);
void handle_download_document(struct request *req);
void handle_delete_document(struct request *req);

#endif
