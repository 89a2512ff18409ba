/* The route table: every route of the API, and who may call it. The access-matrix test
 * calls each route as each role and holds the server to this table; `iprd routes` prints
 * it for that test and for the OpenAPI parity test. */
#include "api/events.h"
#include "api/handlers.h"
#include "auth/principal.h"

/* A holder's records are its users' and, as far as a mandate allows, its agents'. */
#define HOLDERS (ROLE_RIGHTS_HOLDER | ROLE_AGENT)
/* the users of an organization: rights holders, importers, agents */
#define ORGANIZATIONS (ROLE_RIGHTS_HOLDER | ROLE_IMPORTER | ROLE_AGENT)

const struct route api_routes[] = {
	/* operations */
	{"GET", "/healthz", handle_healthz, ROLES_ANYONE, ROUTE_IN_LOOP, NULL},
	{"GET", "/readyz", handle_readyz, ROLES_ANYONE, 0, NULL},
	/* Administrators, or Prometheus with IPR_METRICS_TOKEN: the figures tell how busy the
	 * registry is and which routes fail, nothing an anonymous caller needs. */
	{"GET", "/metrics", handle_metrics, ROLE_ADMIN | ROLE_METRICS, ROUTE_IN_LOOP, NULL},
	{"GET", "/v1/openapi.yaml", handle_openapi, ROLES_ANYONE, ROUTE_IN_LOOP, NULL},
	{"GET", "/docs", handle_docs, ROLES_ANYONE, ROUTE_IN_LOOP, NULL},
	/* the registry's public keys, as the DID document of its did:web (api/certificates.c) */
	{"GET", "/.well-known/did.json", handle_did_document, ROLES_ANYONE, 0, NULL},
	{"GET", "/v1/status-lists/{list}", handle_get_status_list, ROLES_ANYONE, 0, NULL},
	/* a certificate by its credential's id: what the QR code of a printed certificate names */
	{"GET", "/v1/certificates/{id}", handle_get_certificate_by_id, ROLES_ANYONE, 0, NULL},
	/* the tamper-evident log (api/log.c): anyone checks the signed tree; the events it holds
	 * (actors, reasons) are for customs and the administrator */
	{"GET", "/v1/log/checkpoint", handle_log_checkpoint, ROLES_ANYONE, 0, NULL},
	{"GET", "/v1/log/proof", handle_log_proof, ROLES_ANYONE, 0, NULL},
	{"GET", "/v1/log/entries/{seq}", handle_log_entry, ROLE_ADMIN | ROLES_OFFICERS, 0, NULL},

	/* accounts and sessions. The POSTs that create something are ROUTE_IDEMPOTENT (an
	 * Idempotency-Key makes a retry safe), but not the anonymous ones: an account's email is
	 * unique (a retry gets 409 naming it, never a second account), and a login's answer is a
	 * credential, never stored (a retry makes another session; the lost one expires). */
	{"POST", "/v1/accounts", handle_create_account, ROLES_ANYONE, 0, NULL},
	{"POST", "/v1/sessions", handle_create_session, ROLES_ANYONE, 0, NULL},
	{"DELETE", "/v1/sessions/current", handle_delete_session, ROLES_USERS, 0, NULL},
	{"GET", "/v1/me", handle_me, ROLES_USERS, 0, NULL},
	{"PUT", "/v1/me/password", handle_change_password, ROLES_USERS, 0, NULL},
	{"POST", "/v1/customs-offices", handle_create_office, ROLE_ADMIN, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/customs-offices", handle_list_offices, ROLES_USERS, 0, NULL},
	{"POST", "/v1/officers", handle_create_officer, ROLE_ADMIN, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/users", handle_list_users, ROLE_ADMIN, 0, NULL},
	{"POST", "/v1/users/{id}/disable", handle_disable_user, ROLE_ADMIN, 0, NULL},
	{"POST", "/v1/users/{id}/enable", handle_enable_user, ROLE_ADMIN, 0, NULL},

	/* working-day calendar */
	{"GET", "/v1/calendar", handle_list_calendar, ROLES_ANYONE, 0, NULL},
	{"GET", "/v1/calendar/working-days", handle_add_working_days, ROLES_ANYONE, 0, NULL},
	{"PUT", "/v1/calendar/{date}", handle_put_calendar_exception, ROLE_ADMIN, 0, NULL},
	{"DELETE", "/v1/calendar/{date}", handle_delete_calendar_exception, ROLE_ADMIN, 0, NULL},

	/* recordations: holders, and agents acting for them (api/agency.h) */
	{"POST", "/v1/recordations", handle_create_recordation, HOLDERS, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/recordations", handle_list_recordations, HOLDERS | ROLES_OFFICERS, 0, NULL},
	{"GET", "/v1/recordations/{id}", handle_get_recordation, HOLDERS | ROLES_OFFICERS, ROUTE_IN_LOOP, NULL},
	{"PATCH", "/v1/recordations/{id}", handle_update_recordation, HOLDERS, 0, NULL},
	{"POST", "/v1/recordations/{id}/submit", handle_transition, HOLDERS, 0, &recordation_submission},
	{"POST", "/v1/recordations/{id}/decision", handle_transition, ROLE_HQ_OFFICER, 0, &recordation_decision},
	{"POST", "/v1/recordations/{id}/withdrawal", handle_transition, HOLDERS, 0, &recordation_withdrawal},
	{"POST", "/v1/recordations/{id}/renewal", handle_transition, HOLDERS, 0, &recordation_renewal},
	{"POST", "/v1/recordations/{id}/renewal/decision", handle_transition, ROLE_HQ_OFFICER, 0,
         &recordation_renewal_decision},
	{"POST", "/v1/recordations/{id}/revocation", handle_transition, ROLE_HQ_OFFICER, 0, &recordation_revocation},
	/* Cancelling a recorded right is the holder's alone: no mandate grants it. */
	{"POST", "/v1/recordations/{id}/cancellation", handle_transition, ROLE_RIGHTS_HOLDER, 0,
         &recordation_cancellation},
	{"GET", "/v1/recordations/{id}/history", handle_history, HOLDERS | ROLES_OFFICERS, 0, &recordation_workflow},
	{"GET", "/v1/recordations/{id}/certificate", handle_get_certificate, HOLDERS | ROLES_OFFICERS, 0,
         &recordation_certificate},
	{"GET", "/v1/register", handle_search_register, ROLES_ANYONE, ROUTE_READ_REPLICA, NULL},

	/* authorized users */
	{"GET", "/v1/recordations/{id}/authorized-users", handle_list_authorized_users, HOLDERS | ROLES_OFFICERS, 0,
         NULL},
	{"POST", "/v1/recordations/{id}/authorized-users", handle_add_authorized_user, HOLDERS, ROUTE_IDEMPOTENT, NULL},
	{"PUT", "/v1/recordations/{id}/authorized-users", handle_replace_authorized_users, HOLDERS, ROUTE_BULK_BODY,
         NULL},
	{"PATCH", "/v1/recordations/{id}/authorized-users/{entry_id}", handle_update_authorized_user, HOLDERS, 0, NULL},
	{"DELETE", "/v1/recordations/{id}/authorized-users/{entry_id}", handle_end_authorized_user, HOLDERS, 0, NULL},
	{"GET", "/v1/authorizations/check", handle_check_authorization, ROLES_OFFICERS | ROLE_IMPORTER, ROUTE_IN_LOOP,
         NULL},

	/* at the border: the one-call check (on a handler thread: see api/border_check.c), product
	 * identification guides (with their photos), alerts, watch lists */
	{"GET", "/v1/border-check", handle_border_check, ROLES_OFFICERS, 0, NULL},
	{"GET", "/v1/recordations/{id}/guide", handle_get_guide, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0, NULL},
	{"PUT", "/v1/recordations/{id}/guide", handle_put_guide, ROLE_RIGHTS_HOLDER, 0, NULL},
	{"POST", "/v1/recordations/{id}/guide/documents", handle_upload_document, ROLE_RIGHTS_HOLDER,
         ROUTE_RAW_BODY | ROUTE_IDEMPOTENT, &recordation_guide_workflow},
	{"GET", "/v1/recordations/{id}/guide/documents", handle_list_documents, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0,
         &recordation_guide_workflow},
	{"GET", "/v1/recordations/{id}/guide/documents/{doc_id}", handle_download_document,
         ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0, &recordation_guide_workflow},
	{"DELETE", "/v1/recordations/{id}/guide/documents/{doc_id}", handle_delete_document, ROLE_RIGHTS_HOLDER, 0,
         &recordation_guide_workflow},
	{"POST", "/v1/alerts", handle_create_alert, ROLE_RIGHTS_HOLDER, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/alerts", handle_list_alerts, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0, NULL},
	{"GET", "/v1/alerts/{id}", handle_get_alert, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0, NULL},
	{"POST", "/v1/alerts/{id}/withdrawal", handle_transition, ROLE_RIGHTS_HOLDER, 0, &alert_withdrawal},
	{"GET", "/v1/alerts/{id}/history", handle_history, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0, &alert_workflow},
	{"GET", "/v1/customs-offices/{code}/watch-list", handle_list_watch_list, ROLES_OFFICERS, 0, NULL},
	{"POST", "/v1/customs-offices/{code}/watch-list", handle_add_watch_list_entry, ROLES_OFFICERS, ROUTE_IDEMPOTENT,
         NULL},
	{"DELETE", "/v1/customs-offices/{code}/watch-list/{entry_id}", handle_end_watch_list_entry, ROLES_OFFICERS, 0,
         NULL},

	/* pre-confirmations: importers ask, the port's officers decide; each reader sees only its
	 * own (api/pre_confirmations.c: a holder's and its agents' are those naming its recordations) */
	{"POST", "/v1/pre-confirmations", handle_create_pre_confirmation, ROLE_IMPORTER, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/pre-confirmations", handle_list_pre_confirmations, ROLE_IMPORTER | ROLES_OFFICERS | HOLDERS, 0,
         NULL},
	{"GET", "/v1/pre-confirmations/{id}", handle_get_pre_confirmation, ROLE_IMPORTER | ROLES_OFFICERS | HOLDERS, 0,
         NULL},
	{"POST", "/v1/pre-confirmations/{id}/decision", handle_transition, ROLE_PORT_OFFICER, 0,
         &pre_confirmation_decision},
	{"POST", "/v1/pre-confirmations/{id}/withdrawal", handle_transition, ROLE_IMPORTER, 0,
         &pre_confirmation_withdrawal},
	{"GET", "/v1/pre-confirmations/{id}/history", handle_history, ROLE_IMPORTER | ROLES_OFFICERS | HOLDERS, 0,
         &pre_confirmation_workflow},
	{"GET", "/v1/pre-confirmations/{id}/certificate", handle_get_certificate,
         ROLE_IMPORTER | ROLES_OFFICERS | HOLDERS, 0, &pre_confirmation_certificate},

	/* suspect-goods cases: a port's officers open and decide them, the holder of the recordations
	 * named answers; each reader sees only its own (api/cases.c) */
	{"POST", "/v1/cases", handle_create_case, ROLE_PORT_OFFICER, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/cases", handle_list_cases, ROLES_OFFICERS | HOLDERS, 0, NULL},
	{"GET", "/v1/cases/statistics", handle_case_statistics, ROLE_HQ_OFFICER | ROLE_ADMIN, 0, NULL},
	{"GET", "/v1/cases/{id}", handle_get_case, ROLES_OFFICERS | HOLDERS, 0, NULL},
	{"POST", "/v1/cases/{id}/answer", handle_case_transition, HOLDERS, 0, &case_answer},
	{"POST", "/v1/cases/{id}/decision", handle_case_transition, ROLE_PORT_OFFICER, 0, &case_decision},
	{"GET", "/v1/cases/{id}/history", handle_history, ROLES_OFFICERS | HOLDERS, 0, &case_workflow},
	/* events: each user those of its organization or office (api/events.c) */
	{"GET", "/v1/events", handle_list_events, ROLES_USERS, 0, NULL},
	/* webhooks: an organization's own endpoints (api/webhooks.c) */
	{"POST", "/v1/webhook-endpoints", handle_create_webhook_endpoint, ORGANIZATIONS, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/webhook-endpoints", handle_list_webhook_endpoints, ORGANIZATIONS, 0, NULL},
	{"GET", "/v1/webhook-endpoints/{id}", handle_get_webhook_endpoint, ORGANIZATIONS, 0, NULL},
	{"DELETE", "/v1/webhook-endpoints/{id}", handle_delete_webhook_endpoint, ORGANIZATIONS, 0, NULL},
	{"POST", "/v1/webhook-endpoints/{id}/enable", handle_enable_webhook_endpoint, ORGANIZATIONS, 0, NULL},
	{"GET", "/v1/webhook-endpoints/{id}/deliveries", handle_list_webhook_deliveries, ORGANIZATIONS, 0, NULL},
	{"POST", "/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redelivery", handle_redeliver_webhook,
         ORGANIZATIONS, 0, NULL},

	/* supporting documents: one set of handlers, the parent given by the route */
	{"POST", "/v1/recordations/{id}/documents", handle_upload_document, HOLDERS, ROUTE_RAW_BODY | ROUTE_IDEMPOTENT,
         &recordation_workflow},
	{"GET", "/v1/recordations/{id}/documents", handle_list_documents, HOLDERS | ROLES_OFFICERS, 0,
         &recordation_workflow},
	{"GET", "/v1/recordations/{id}/documents/{doc_id}", handle_download_document, HOLDERS | ROLES_OFFICERS, 0,
         &recordation_workflow},
	{"DELETE", "/v1/recordations/{id}/documents/{doc_id}", handle_delete_document, HOLDERS, 0,
         &recordation_workflow},
	{"POST", "/v1/pre-confirmations/{id}/documents", handle_upload_document, ROLE_IMPORTER,
         ROUTE_RAW_BODY | ROUTE_IDEMPOTENT, &pre_confirmation_workflow},
	{"GET", "/v1/pre-confirmations/{id}/documents", handle_list_documents, ROLE_IMPORTER | ROLES_OFFICERS | HOLDERS,
         0, &pre_confirmation_workflow},
	{"GET", "/v1/pre-confirmations/{id}/documents/{doc_id}", handle_download_document,
         ROLE_IMPORTER | ROLES_OFFICERS | HOLDERS, 0, &pre_confirmation_workflow},
	{"DELETE", "/v1/pre-confirmations/{id}/documents/{doc_id}", handle_delete_document, ROLE_IMPORTER, 0,
         &pre_confirmation_workflow},
	{"POST", "/v1/cases/{id}/documents", handle_upload_document, ROLE_PORT_OFFICER,
         ROUTE_RAW_BODY | ROUTE_IDEMPOTENT, &case_workflow},
	{"GET", "/v1/cases/{id}/documents", handle_list_documents, ROLES_OFFICERS | HOLDERS, 0, &case_workflow},
	{"GET", "/v1/cases/{id}/documents/{doc_id}", handle_download_document, ROLES_OFFICERS | HOLDERS, 0,
         &case_workflow},
	{"DELETE", "/v1/cases/{id}/documents/{doc_id}", handle_delete_document, ROLE_PORT_OFFICER, 0, &case_workflow},

	/* agents and their mandates (api/agency.h: what a mandate lets an agent do) */
	{"GET", "/v1/agents", handle_list_agents, ROLE_ADMIN | ROLE_RIGHTS_HOLDER, 0, NULL},
	{"GET", "/v1/agents/{id}", handle_get_agent, ROLE_ADMIN | ROLE_RIGHTS_HOLDER | ROLE_AGENT, 0, NULL},
	{"POST", "/v1/agents/{id}/decision", handle_transition, ROLE_ADMIN, 0, &agent_decision},
	{"GET", "/v1/agents/{id}/history", handle_history, ROLE_ADMIN | ROLE_AGENT, 0, &agent_workflow},
	{"POST", "/v1/mandates", handle_create_mandate, ROLE_RIGHTS_HOLDER, ROUTE_IDEMPOTENT, NULL},
	{"GET", "/v1/mandates", handle_list_mandates, ROLE_RIGHTS_HOLDER | ROLE_AGENT, 0, NULL},
	{"GET", "/v1/mandates/{id}", handle_get_mandate, ROLE_RIGHTS_HOLDER | ROLE_AGENT, 0, NULL},
	{"PATCH", "/v1/mandates/{id}", handle_narrow_mandate, ROLE_RIGHTS_HOLDER, 0, NULL},
	{"POST", "/v1/mandates/{id}/answer", handle_transition, ROLE_AGENT, 0, &mandate_answer},
	{"POST", "/v1/mandates/{id}/end", handle_transition, ROLE_RIGHTS_HOLDER, 0, &mandate_end},
	{"GET", "/v1/mandates/{id}/history", handle_history, ROLE_RIGHTS_HOLDER | ROLE_AGENT, 0, &mandate_workflow},
	{"POST", "/v1/mandates/{id}/documents", handle_upload_document, ROLE_RIGHTS_HOLDER,
         ROUTE_RAW_BODY | ROUTE_IDEMPOTENT, &mandate_workflow},
	{"GET", "/v1/mandates/{id}/documents", handle_list_documents, ROLE_RIGHTS_HOLDER | ROLE_AGENT, 0,
         &mandate_workflow},
	{"GET", "/v1/mandates/{id}/documents/{doc_id}", handle_download_document, ROLE_RIGHTS_HOLDER | ROLE_AGENT, 0,
         &mandate_workflow},
	{"DELETE", "/v1/mandates/{id}/documents/{doc_id}", handle_delete_document, ROLE_RIGHTS_HOLDER, 0,
         &mandate_workflow},
	{"GET", "/v1/agent/desk", handle_agent_desk, ROLE_AGENT, 0, NULL},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
