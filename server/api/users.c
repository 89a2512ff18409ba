/* The administrator's view of the registry's users: the list, and taking a user's access
 * away and giving it back (migration 0008). Disabling ends the user's sessions in the same
 * statement, and every daemon hears of it (db/listen.h); a disabled user's login fails like
 * a wrong password. */
#include <string.h>

#include "api/handlers.h"
#include "api/paging.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/response.h"

/* Sorted by email in byte order (COLLATE "C"): the same for every database locale. */
static struct db_stmt list_users = DB_QUERY(
	"SELECT api_user(u)::text, lower(u.email) COLLATE \"C\", u.id FROM users u"
	" WHERE ($1::text IS NULL OR u.role = $1)"
	"   AND ($2::text IS NULL OR u.office_id = (SELECT f.id FROM customs_offices f WHERE f.code = $2))"
	"   AND ($3::uuid IS NULL OR u.organization_id = $3)"
	"   AND ($4::boolean IS NULL OR (u.disabled_at IS NOT NULL) = $4)"
	"   AND ($5::text IS NULL OR (lower(u.email) COLLATE \"C\", u.id) > ($5 COLLATE \"C\", $6::uuid))"
	" ORDER BY lower(u.email) COLLATE \"C\", u.id LIMIT $7");

/* $1 user, $2 reason, $3 administrator → the user, when it was enabled; its sessions end. */
static struct db_stmt disable_user = DB_STMT(
	"WITH u AS (UPDATE users SET disabled_at = now(), disabled_reason = $2, disabled_by = $3"
	"           WHERE id = $1 AND disabled_at IS NULL RETURNING id, api_user(users)::text AS body),"
	"     s AS (UPDATE sessions SET revoked_at = now() WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL)"
	" SELECT body FROM u");

static struct db_stmt enable_user = DB_STMT(
	"UPDATE users SET disabled_at = NULL, disabled_reason = NULL, disabled_by = NULL"
	" WHERE id = $1 AND disabled_at IS NOT NULL RETURNING api_user(users)::text");

static struct db_stmt user_disabled = DB_QUERY("SELECT disabled_at IS NOT NULL FROM users WHERE id = $1");

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
	enum db_status st = db_exec(&list_users,
	                            DB_ARGS(role, office, organization, disabled, page.after_key, page.after_id,
	                                    page.limit_plus_one),
	                            &res);
	if (st != DB_OK) {
		respond_page_error(req, &page, st);
		return;
	}
	respond_page(req, &page, res, 0, 1, 2);
}

/* Answers the outcome of a disable or enable (st, and res when DB_OK: the user, or no row):
 * 200 with the user; when no row changed, 404 for an unknown user and 409 (`already`) for
 * one already in the state asked for. Clears res. */
static void respond_changed(struct request *req, enum db_status st, PGresult *res, const char *id,
                            const char *already)
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
	st = db_exec(&user_disabled, DB_ARGS(id), &res);
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
	enum db_status st = db_exec(&disable_user, DB_ARGS(id, reason, req->principal.user_id), &res);
	if (st == DB_OK && PQntuples(res) == 1)
		session_changed(NULL); /* the user's sessions end in this daemon now, in the others when they hear of it */
	respond_changed(req, st, res, id, "the user is already disabled");
}

void handle_enable_user(struct request *req)
{
	const char *id = request_param(req, "id");
	PGresult *res = NULL;
	enum db_status st = db_exec(&enable_user, DB_ARGS(id), &res);
	respond_changed(req, st, res, id, "the user is not disabled");
}
