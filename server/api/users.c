/* The administrator's view of the registry's users: the list, and taking a user's access
 * away and giving it back (migration 0008). Disabling ends the user's sessions in the same
 * statement, and every daemon hears of it (db/listen.h); a disabled user's login fails like
 * a wrong password. */
#include <string.h>

#include "api/handlers.h"
#include "api/paging.h"
#include "api/user_store.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/response.h"

void handle_list_users(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *role = query_enum(req, "role", role_user_names, &errs);
	const char *office = query_text(req, "office_code", 16, &errs);
	const char *organization = request_query(req, "organization_id");
	if (organization && !uuid_valid(organization)) {
		field_error(&errs, "organization_id", "must be a UUID");
		organization = NULL;
	}
	const char *disabled = query_enum(req, "disabled", query_boolean_choices, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&user_store_list,
		DB_ARGS(role, office, organization, disabled, page.after_key, page.after_id, page.limit_plus_one),
		&res);
	respond_page(req, &page, st, res);
}

/* Answers the outcome of a disable or enable (st, and res when DB_OK: the user, or no row):
 * 200 with the user; when no row changed, 404 for an unknown user and 409 (`already`) for
 * one already in the state asked for. Clears res. */
static void respond_changed(struct request *req, enum db_status st, PGresult *res, const char *id, const char *already)
{
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 1) {
		respond_row(req, 200, res);
		return;
	}
	PQclear(res);
	st = db_exec(&user_store_disabled, DB_ARGS(id), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	bool found = PQntuples(res) == 1;
	PQclear(res);
	if (found)
		respond_problem(req, 409, "%s", already);
	else
		respond_problem(req, 404, "no user with this id");
}

static const char *const disable_keys[] = {"reason", NULL};

void handle_disable_user(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, disable_keys, &errs);
	if (!body)
		return;
	const char *reason = v_string(body, "reason", "", 1, 500, V_REQUIRED, false, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	const char *id = request_param(req, "id");
	if (!strcmp(id, req->principal.user_id)) {
		respond_problem(req, 409, "an administrator cannot disable their own account");
		return;
	}
	PGresult *res = NULL;
	enum db_status st = db_exec(&user_store_disable, DB_ARGS(id, reason, req->principal.user_id), &res);
	if (st == DB_OK && PQntuples(res) == 1)
		session_changed(
			NULL); /* the user's sessions end in this daemon now, in the others when they hear of it */
	respond_changed(req, st, res, id, "the user is already disabled");
}

void handle_enable_user(struct request *req)
{
	const char *id = request_param(req, "id");
	PGresult *res = NULL;
	enum db_status st = db_exec(&user_store_enable, DB_ARGS(id, req->principal.user_id), &res);
	respond_changed(req, st, res, id, "the user is not disabled");
}
