/* Authorized users of a recordation: the list a rights holder keeps (add, change, end, bulk
 * replace), officers' reading of it, and the check customs and importers run against it.
 * The field rules are in domain/authorized_user.c, the SQL in api/authorized_user_store.c,
 * the authorization rule itself in the SQL function authorization_check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/authorized_user_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/workflow.h"
#include "domain/authorized_user.h"
#include "domain/recordation_flow.h"
#include "http/offload.h"
#include "http/response.h"

/* ---- reading ---- */

void handle_list_authorized_users(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *ended = query_enum(req, "include_ended", query_boolean_choices, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	if (!workflow_visible(req, &recordation_workflow))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(&authorized_user_store_list,
	                            DB_ARGS(request_param(req, "id"), ended && !strcmp(ended, "true") ? "t" : "f",
	                                    page.after_id, page.limit_plus_one),
	                            &res);
	respond_page(req, &page, st, res);
}

/* ---- changing ---- */

/* Opens the transaction of a list change: locks the caller's recordation (404 when it is
 * not the caller's) and checks that its state lets the list change (409). Returns true
 * when the change may go on; otherwise it answered. The caller ends the step in any case,
 * and commits it with workflow_commit, which announces recordation.authorized_users_changed. */
static bool list_change_begin(struct workflow_step *s, struct request *req)
{
	if (!workflow_begin(s, req, &recordation_workflow, RECORDATION_CHANGE_AUTHORIZED_USERS,
	                    recordation_workflow.locked, NULL, "changes of its authorized users"))
		return false;
	s->notify = "authorized_users_changed";
	return true;
}

/* The answer to a failed write: a duplicate (409), a validity the merge made backwards
 * (422), or the database's own trouble. */
static void respond_write_error(struct request *req, enum db_status st)
{
	if (st == DB_UNIQUE && !strcmp(db_last_constraint(), "authorized_users_no_overlap")) {
		respond_problem_with(
			req, 409, json_pack("{s:s}", "type", "urn:iprd:problem:duplicate-authorized-user"),
			"an active entry with the same registration number is valid on some of the same days");
	} else if (st == DB_CHECK && !strcmp(db_last_constraint(), "authorized_users_validity")) {
		struct field_errors errs = {0};
		field_error(&errs, "valid_until", "must not be before valid_from");
		respond_invalid(req, &errs);
	} else {
		respond_db_error(req, st);
	}
}

/* Why a change of an entry touched no row: no such entry (404), ended (409) or stale (412). */
static void respond_not_changed(struct request *req, const char *if_match)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(&authorized_user_store_state,
	                            DB_ARGS(request_param(req, "id"), request_param(req, "entry_id")), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0)
		respond_problem(req, 404, "no authorized user with this id on this recordation");
	else if (!strcmp(PQgetvalue(res, 0, 0), "ended"))
		respond_state_conflict(req, "ended", "this authorized user has been ended; add a new entry instead");
	else
		respond_version_mismatch(req, if_match, PQgetvalue(res, 0, 1));
	PQclear(res);
}

/* Runs one change of one entry (stmt answers body, version) in the list-change
 * transaction and answers `status` with the entry and its ETag. */
static void change_entry(struct request *req, unsigned status, struct db_stmt *stmt, const char *const *args, int nargs,
                         const char *if_match)
{
	struct workflow_step s;
	PGresult *res = NULL;
	if (!list_change_begin(&s, req))
		goto out;
	enum db_status st = db_exec(stmt, args, nargs, &res);
	if (st == DB_OK && PQntuples(res) == 0) {
		respond_not_changed(req, if_match);
		goto out;
	}
	if (st == DB_OK)
		st = workflow_commit(&s);
	if (st != DB_OK) {
		respond_write_error(req, st);
		goto out;
	}
	respond_row(req, status, res);
	res = NULL;
out:
	PQclear(res);
	workflow_end(&s);
}

void handle_add_authorized_user(struct request *req)
{
	char *input = request_json_checked(req, true, authorized_user_check);
	if (!input)
		return;
	change_entry(req, 201, &authorized_user_store_insert,
	             DB_ARGS(request_param(req, "id"), input, req->principal.user_id), NULL);
	free(input);
}

/* The version an If-Match names for the statement: NULL for "*" (any), "-1" (none) when
 * it names no version, so that the statement touches nothing and the answer is 412. */
static const char *wanted_version(const char *if_match, char out[24])
{
	if (!if_match || !strcmp(if_match, "*"))
		return NULL;
	if (!if_match_version(if_match, NULL, out))
		snprintf(out, 24, "-1");
	return out;
}

void handle_update_authorized_user(struct request *req)
{
	const char *if_match = request_if_match(req, "authorized user");
	char *patch = if_match ? request_json_checked(req, false, authorized_user_check) : NULL;
	if (!patch)
		return;
	char version[24];
	change_entry(req, 200, &authorized_user_store_patch,
	             DB_ARGS(request_param(req, "id"), request_param(req, "entry_id"),
	                     wanted_version(if_match, version), patch, req->principal.user_id),
	             if_match);
	free(patch);
}

void handle_end_authorized_user(struct request *req)
{
	const char *if_match = request_header(req, MHD_HTTP_HEADER_IF_MATCH);
	char version[24];
	change_entry(req, 200, &authorized_user_store_end,
	             DB_ARGS(request_param(req, "id"), request_param(req, "entry_id"),
	                     wanted_version(if_match, version), req->principal.user_id),
	             if_match);
}

/* ---- bulk replace ---- */

/* The entries of a bulk upload, every bad one named by index and field; NULL after
 * answering. Borrowed from body. */
static json_t *replace_input(struct request *req, json_t *body)
{
	struct field_errors errs = {0};
	json_t *entries = authorized_users_check_list(body, &errs);
	if (!field_errors_any(&errs))
		return entries;
	respond_invalid(req, &errs);
	return NULL;
}

/* Up to 5,000 entries checked and written in one transaction (on a handler thread, like
 * every handler that waits for the database). */
void handle_replace_authorized_users(struct request *req)
{
	struct workflow_step s = {0};
	PGresult *res = NULL;
	char *text = NULL;
	json_t *body = request_json_object(req, false);
	json_t *entries = body ? replace_input(req, body) : NULL;
	if (!entries || !list_change_begin(&s, req))
		goto out;
	text = json_dumps(entries, JSON_COMPACT);
	const char *id = request_param(req, "id");
	enum db_status st = db_exec(&authorized_user_store_end_all, DB_ARGS(id, req->principal.user_id), &res);
	char ended[24] = "0";
	if (st == DB_OK) {
		snprintf(ended, sizeof ended, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		res = NULL;
		st = db_exec(&authorized_user_store_insert_all, DB_ARGS(id, text, req->principal.user_id, ended), &res);
	}
	if (st == DB_OK)
		st = workflow_commit(&s);
	if (st != DB_OK) {
		respond_write_error(req, st);
		goto out;
	}
	respond_row(req, 200, res);
	res = NULL;
out:
	PQclear(res);
	workflow_end(&s);
	free(text);
}

/* ---- the check ---- */

/* The checked party of an importer: its own organization's registration number, or one
 * that is the same once normalized. NULL (answered 403) for anyone else's. */
static const char *importer_party(struct request *req, const char *asked)
{
	const char *own = req->principal.registration_number;
	char a[REGISTRATION_KEY_MAX], b[REGISTRATION_KEY_MAX];
	if (!asked || !strcmp(registration_key(asked, a, sizeof a), registration_key(own, b, sizeof b)))
		return own;
	respond_problem(req, 403, "an importer may only check its own organization's registration number");
	return NULL;
}

static void checked(struct request *req, enum db_status st, PGresult *res, void *unused)
{
	(void)unused;
	respond_result(req, st, res, 200);
}

const char *query_authorized_role(struct request *req, struct field_errors *errs)
{
	const char *role = request_query(req, "role");
	if (role && !authorized_role_valid(role)) {
		field_error(
			errs, "role",
			"must be one of: licensee, manufacturer, importer, exporter, consignor, consignee, distributor");
		return NULL;
	}
	return role;
}

/* Asked at the border for every suspicious shipment: the query goes through the database pipeline. */
void handle_check_authorization(struct request *req)
{
	struct field_errors errs = {0};
	const char *recordation = request_query(req, "recordation");
	const char *by_id = NULL, *by_number = NULL;
	if (!recordation)
		field_error(&errs, "recordation", "is required");
	else if (uuid_valid(recordation))
		by_id = recordation;
	else if (recordation_number_valid(recordation))
		by_number = recordation;
	else
		field_error(&errs, "recordation",
		            "must be a recordation number such as T2026-000001, or a recordation id");
	bool importer = req->principal.role == ROLE_IMPORTER;
	const char *party = query_text(req, "registration_number", 64, &errs);
	if (!importer && !request_query(req, "registration_number"))
		field_error(&errs, "registration_number", "is required");
	const char *role = query_authorized_role(req, &errs);
	const char *date_text = request_query(req, "date");
	ipr_date on = request_today(req);
	if (date_text && !date_parse(date_text, &on))
		field_error(&errs, "date", "must be a real date written YYYY-MM-DD");
	const char *hs_code = query_digits(req, "hs_code", 4, 10, "must be an HS code of 4 to 10 digits", &errs);
	const char *port = query_code(req, "port", &errs);
	if (respond_if_invalid(req, &errs))
		return;
	if (importer && !(party = importer_party(req, party)))
		return;
	char on_text[DATE_TEXT_LEN];
	offload_query(req, &authorized_user_store_check,
	              DB_ARGS(by_id, by_number, importer ? "f" : "t", party, role, date_format(on, on_text), hs_code,
	                      port, request_today_text(req)),
	              checked, NULL);
}
