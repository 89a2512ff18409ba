/* The route table: every route of the API, and who may call it. The access-matrix test
 * calls each route as each role and holds the server to this table; `iprd routes` prints
 * it for that test and for the OpenAPI parity test. */
#include "api/handlers.h"
#include "auth/principal.h"

const struct route api_routes[] = {
	/* operations */
	{"GET", "/healthz", handle_healthz, ROLES_ANYONE, 0},
	{"GET", "/readyz", handle_readyz, ROLES_ANYONE, 0},
	{"GET", "/metrics", handle_metrics, ROLES_ANYONE, 0},
	{"GET", "/v1/openapi.yaml", handle_openapi, ROLES_ANYONE, 0},

	/* accounts and sessions */
	{"POST", "/v1/accounts", handle_create_account, ROLES_ANYONE, 0},
	{"POST", "/v1/sessions", handle_create_session, ROLES_ANYONE, 0},
	{"DELETE", "/v1/sessions/current", handle_delete_session, ROLES_USERS, 0},
	{"GET", "/v1/me", handle_me, ROLES_USERS, 0},
	{"POST", "/v1/customs-offices", handle_create_office, ROLE_ADMIN, 0},
	{"GET", "/v1/customs-offices", handle_list_offices, ROLES_USERS, 0},
	{"POST", "/v1/officers", handle_create_officer, ROLE_ADMIN, 0},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
