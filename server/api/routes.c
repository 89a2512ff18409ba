/* The route table: every route of the API, and who may call it. The access-matrix test
 * calls each route as each role and holds the server to this table; `iprd routes` prints
 * it for that test and for the OpenAPI parity test. */
#include "api/handlers.h"
#include "auth/principal.h"

const struct route api_routes[] = {
	/* operations */
	{"GET", "/healthz", handle_healthz, ROLES_ANYONE, ROUTE_IN_LOOP},
	{"GET", "/readyz", handle_readyz, ROLES_ANYONE, 0},
	/* Administrators, or Prometheus with IPR_METRICS_TOKEN: the figures tell how busy the
	 * registry is and which routes fail, nothing an anonymous caller needs. */
	{"GET", "/metrics", handle_metrics, ROLE_ADMIN | ROLE_METRICS, ROUTE_IN_LOOP},
	{"GET", "/v1/openapi.yaml", handle_openapi, ROLES_ANYONE, ROUTE_IN_LOOP},
	{"GET", "/docs", handle_docs, ROLES_ANYONE, ROUTE_IN_LOOP},

	/* accounts and sessions */
	{"POST", "/v1/accounts", handle_create_account, ROLES_ANYONE, 0},
	{"POST", "/v1/sessions", handle_create_session, ROLES_ANYONE, 0},
	{"DELETE", "/v1/sessions/current", handle_delete_session, ROLES_USERS, 0},
	{"GET", "/v1/me", handle_me, ROLES_USERS, 0},
	{"PUT", "/v1/me/password", handle_change_password, ROLES_USERS, 0},
	{"POST", "/v1/customs-offices", handle_create_office, ROLE_ADMIN, 0},
	{"GET", "/v1/customs-offices", handle_list_offices, ROLES_USERS, 0},
	{"POST", "/v1/officers", handle_create_officer, ROLE_ADMIN, 0},
	{"GET", "/v1/users", handle_list_users, ROLE_ADMIN, 0},
	{"POST", "/v1/users/{id}/disable", handle_disable_user, ROLE_ADMIN, 0},
	{"POST", "/v1/users/{id}/enable", handle_enable_user, ROLE_ADMIN, 0},

	/* working-day calendar */
	{"GET", "/v1/calendar", handle_list_calendar, ROLES_ANYONE, 0},
	{"GET", "/v1/calendar/working-days", handle_add_working_days, ROLES_ANYONE, 0},
	{"PUT", "/v1/calendar/{date}", handle_put_calendar_exception, ROLE_ADMIN, 0},
	{"DELETE", "/v1/calendar/{date}", handle_delete_calendar_exception, ROLE_ADMIN, 0},

	/* recordations */
	{"POST", "/v1/recordations", handle_create_recordation, ROLE_RIGHTS_HOLDER, 0},
	{"GET", "/v1/recordations", handle_list_recordations, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0},
	{"GET", "/v1/recordations/{id}", handle_get_recordation, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, ROUTE_IN_LOOP},
	{"PATCH", "/v1/recordations/{id}", handle_update_recordation, ROLE_RIGHTS_HOLDER, 0},
	{"POST", "/v1/recordations/{id}/submit", handle_submit_recordation, ROLE_RIGHTS_HOLDER, 0},
	{"POST", "/v1/recordations/{id}/decision", handle_decide_recordation, ROLE_HQ_OFFICER, 0},
	{"POST", "/v1/recordations/{id}/withdrawal", handle_withdraw_recordation, ROLE_RIGHTS_HOLDER, 0},
	{"POST", "/v1/recordations/{id}/renewal", handle_request_renewal, ROLE_RIGHTS_HOLDER, 0},
	{"POST", "/v1/recordations/{id}/renewal/decision", handle_decide_renewal, ROLE_HQ_OFFICER, 0},
	{"POST", "/v1/recordations/{id}/revocation", handle_revoke_recordation, ROLE_HQ_OFFICER, 0},
	{"POST", "/v1/recordations/{id}/cancellation", handle_cancel_recordation, ROLE_RIGHTS_HOLDER, 0},
	{"GET", "/v1/recordations/{id}/history", handle_recordation_history, ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0},
	{"GET", "/v1/register", handle_search_register, ROLES_ANYONE, 0},

	/* authorized users */
	{"GET", "/v1/recordations/{id}/authorized-users", handle_list_authorized_users,
	 ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0},
	{"POST", "/v1/recordations/{id}/authorized-users", handle_add_authorized_user, ROLE_RIGHTS_HOLDER, 0},
	{"PUT", "/v1/recordations/{id}/authorized-users", handle_replace_authorized_users, ROLE_RIGHTS_HOLDER,
	 ROUTE_BULK_BODY},
	{"PATCH", "/v1/recordations/{id}/authorized-users/{entry_id}", handle_update_authorized_user,
	 ROLE_RIGHTS_HOLDER, 0},
	{"DELETE", "/v1/recordations/{id}/authorized-users/{entry_id}", handle_end_authorized_user,
	 ROLE_RIGHTS_HOLDER, 0},
	{"GET", "/v1/authorizations/check", handle_check_authorization, ROLES_OFFICERS | ROLE_IMPORTER,
	 ROUTE_IN_LOOP},

	/* pre-confirmations: importers ask, the port's officers decide; each reader sees only its
	 * own (api/pre_confirmations.c) */
	{"POST", "/v1/pre-confirmations", handle_create_pre_confirmation, ROLE_IMPORTER, 0},
	{"GET", "/v1/pre-confirmations", handle_list_pre_confirmations,
	 ROLE_IMPORTER | ROLES_OFFICERS | ROLE_RIGHTS_HOLDER, 0},
	{"GET", "/v1/pre-confirmations/{id}", handle_get_pre_confirmation,
	 ROLE_IMPORTER | ROLES_OFFICERS | ROLE_RIGHTS_HOLDER, 0},
	{"POST", "/v1/pre-confirmations/{id}/decision", handle_decide_pre_confirmation, ROLE_PORT_OFFICER, 0},
	{"POST", "/v1/pre-confirmations/{id}/withdrawal", handle_withdraw_pre_confirmation, ROLE_IMPORTER, 0},
	{"GET", "/v1/pre-confirmations/{id}/history", handle_pre_confirmation_history,
	 ROLE_IMPORTER | ROLES_OFFICERS | ROLE_RIGHTS_HOLDER, 0},

	/* supporting documents */
	{"POST", "/v1/recordations/{id}/documents", handle_upload_recordation_document, ROLE_RIGHTS_HOLDER,
	 ROUTE_RAW_BODY},
	{"GET", "/v1/recordations/{id}/documents", handle_list_recordation_documents,
	 ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0},
	{"GET", "/v1/recordations/{id}/documents/{doc_id}", handle_download_recordation_document,
	 ROLE_RIGHTS_HOLDER | ROLES_OFFICERS, 0},
	{"DELETE", "/v1/recordations/{id}/documents/{doc_id}", handle_delete_recordation_document, ROLE_RIGHTS_HOLDER,
	 0},
	{"POST", "/v1/pre-confirmations/{id}/documents", handle_upload_pre_confirmation_document, ROLE_IMPORTER,
	 ROUTE_RAW_BODY},
	{"GET", "/v1/pre-confirmations/{id}/documents", handle_list_pre_confirmation_documents,
	 ROLE_IMPORTER | ROLES_OFFICERS | ROLE_RIGHTS_HOLDER, 0},
	{"GET", "/v1/pre-confirmations/{id}/documents/{doc_id}", handle_download_pre_confirmation_document,
	 ROLE_IMPORTER | ROLES_OFFICERS | ROLE_RIGHTS_HOLDER, 0},
	{"DELETE", "/v1/pre-confirmations/{id}/documents/{doc_id}", handle_delete_pre_confirmation_document,
	 ROLE_IMPORTER, 0},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
