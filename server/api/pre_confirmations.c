/* Pre-confirmation of rights: an importer (or exporter) asks the customs office of the port
 * of entry or exit, before the goods arrive, to confirm its right to use a recorded right;
 * an officer of that port confirms (with a number and a validity) or rejects it within a
 * deadline of working days; the importer may withdraw it before that. The rules are in
 * domain/pre_confirmation_flow.c, the SQL in api/pre_confirmation_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/deadline.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/pre_confirmation_store.h"
#include "api/registry_calendar.h"
#include "core/config.h"
#include "domain/pre_confirmation_flow.h"
#include "domain/recordation_flow.h"
#include "http/response.h"

static const char *const directions[] = {"import", "export", NULL};
static const char *const filing_keys[] = {"office_code", "direction", "recordation_number", "goods",
                                          "transport_document", "expected_on", "statement", NULL};
static const char *const goods_keys[] = {"description", "hs_code", "quantity", "unit", "value", "currency", NULL};

/* Who sees which requests: an importer its organization's, a port officer its office's, a
 * rights holder those naming its recordations (read-only: the route table gives it no
 * transition), headquarters all of them. The route table admits no other role. */
struct scope {
	const char *importer;
	const char *office;
	const char *holder;
};

static struct scope scope_of(const struct request *req)
{
	const struct principal *p = &req->principal;
	struct scope s = {NULL, NULL, NULL};
	if (p->role == ROLE_IMPORTER)
		s.importer = p->organization_id;
	else if (p->role == ROLE_PORT_OFFICER)
		s.office = p->office_id;
	else if (p->role == ROLE_RIGHTS_HOLDER)
		s.holder = p->organization_id;
	return s;
}

void pre_confirmation_visible_scope(const struct request *req, const char *out[3])
{
	struct scope s = scope_of(req);
	out[0] = s.importer;
	out[1] = s.office;
	out[2] = s.holder;
}

/* ---- rendering ---- */

/* The representation with its clock (working_days_left, overdue: api/deadline.h), malloc'd;
 * NULL if text is not an object. The clock's two members are appended to the text that
 * PostgreSQL wrote instead of re-serializing it: the goods' quantities and values are exact
 * decimals, which a round trip through Jansson's doubles would change (0.1 would come back
 * as 0.10000000000000001). */
static char *pre_confirmation_render(const char *text, void *ctx)
{
	json_t *obj = json_loads(text, 0, NULL);
	size_t len = strlen(text);
	if (!json_is_object(obj) || len < 2 || text[len - 1] != '}') {
		json_decref(obj);
		return NULL;
	}
	const char *status = json_string_value(json_object_get(obj, "status"));
	json_t *clock = json_object();
	json_t *due_on = json_object_get(obj, "due_on");
	if (due_on)
		json_object_set(clock, "due_on", due_on);
	deadline_clock_set(clock, ctx, status && !strcmp(status, "submitted"));
	json_object_del(clock, "due_on");
	char *members = json_dumps(clock, JSON_COMPACT);
	json_decref(clock);
	json_decref(obj);
	char *out = members ? xasprintf("%.*s,%s", (int)(len - 1), text, members + 1) : NULL;
	free(members);
	return out;
}

/* Answers a write (st, and res: the statement's one row, when DB_OK): the database error,
 * or the record as it is now with its ETag. Clears res. */
static void respond_written(struct request *req, enum db_status st, PGresult *res, unsigned status, ipr_date today)
{
	if (st == DB_OK && PQntuples(res) != 1) /* the statements write exactly one row: a bug */
		st = DB_ERROR;
	if (st != DB_OK) {
		PQclear(res);
		respond_db_error(req, st);
		return;
	}
	respond_with_deadlines(req, status, res, today, pre_confirmation_render);
}

/* ---- filing ---- */

static void check_goods(json_t *body, struct field_errors *errs)
{
	json_t *goods = v_array(body, "goods", "", 1, 200, V_REQUIRED, errs);
	size_t i;
	json_t *line;
	json_array_foreach(goods, i, line) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "goods[%zu]", i);
		if (!json_is_object(line)) {
			field_error(errs, prefix, "must be an object");
			continue;
		}
		v_no_unknown_fields(line, goods_keys, prefix, errs);
		v_string(line, "description", prefix, 1, 4000, V_REQUIRED, false, errs);
		const char *hs_code = v_string(line, "hs_code", prefix, 1, 10, V_REQUIRED, false, errs);
		if (hs_code && !text_is_digits(hs_code, 4, 10))
			field_errorf(errs, "must be an HS code of 4 to 10 digits", "%s.hs_code", prefix);
		double number = 0;
		v_number(line, "quantity", prefix, 0, 1e12, true, V_REQUIRED, &number, errs);
		v_string(line, "unit", prefix, 1, 32, V_REQUIRED, false, errs);
		v_number(line, "value", prefix, 0, 1e15, false, V_REQUIRED, &number, errs);
		const char *currency = v_string(line, "currency", prefix, 1, 3, V_REQUIRED, false, errs);
		if (currency && !text_is_currency(currency))
			field_errorf(errs, "must be an ISO 4217 code such as USD", "%s.currency", prefix);
	}
}

void pre_confirmation_check_filing(json_t *body, ipr_date today, struct filing *f, struct field_errors *errs)
{
	v_no_unknown_fields(body, filing_keys, "", errs);
	f->office_code = v_string(body, "office_code", "", 1, 16, V_REQUIRED, false, errs);
	if (f->office_code && !text_is_code(f->office_code, 2, 16)) {
		field_error(errs, "office_code", "must be a customs office code: 2 to 16 capital letters and digits");
		f->office_code = NULL;
	}
	f->direction = v_enum(body, "direction", "", directions, V_REQUIRED, errs);
	f->recordation_number = v_string(body, "recordation_number", "", 1, 64, V_REQUIRED, false, errs);
	if (f->recordation_number && !recordation_number_valid(f->recordation_number)) {
		field_error(errs, "recordation_number", "must be a recordation number such as T2026-000001");
		f->recordation_number = NULL;
	}
	check_goods(body, errs);
	v_string(body, "transport_document", "", 1, 64, V_OPTIONAL, false, errs);
	ipr_date expected = 0;
	if (v_date(body, "expected_on", "", V_REQUIRED, &expected, errs) && expected < today)
		field_error(errs, "expected_on", "must be today or later: pre-confirmation is asked before the goods arrive");
	v_string(body, "statement", "", 1, 4000, V_OPTIONAL, true, errs);
}

/* Resolves the office (a port) and the recordation of a filing into office_id and
 * recordation_id (UUID_TEXT_LEN each); an unknown one, or an office that is not a port, is
 * an error on its field. */
static enum db_status resolve_filing(const struct filing *f, char *office_id, char *recordation_id,
                                     struct field_errors *errs)
{
	if (!f->office_code && !f->recordation_number)
		return DB_OK;
	PGresult *res = NULL;
	enum db_status st = db_exec(&pc_store_lookup, DB_ARGS(f->office_code, f->recordation_number), &res);
	if (st != DB_OK)
		return st;
	if (f->office_code && PQgetisnull(res, 0, 0))
		field_error(errs, "office_code", "no customs office has this code");
	else if (f->office_code && strcmp(PQgetvalue(res, 0, 1), "port"))
		field_error(errs, "office_code", "is not a port office: pre-confirmation is asked of the port of entry or exit");
	else if (f->office_code)
		snprintf(office_id, UUID_TEXT_LEN, "%s", PQgetvalue(res, 0, 0));
	if (f->recordation_number && PQgetisnull(res, 0, 2))
		field_error(errs, "recordation_number", "no recordation has this number");
	else if (f->recordation_number)
		snprintf(recordation_id, UUID_TEXT_LEN, "%s", PQgetvalue(res, 0, 2));
	PQclear(res);
	return DB_OK;
}

void handle_create_pre_confirmation(struct request *req)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	struct filing f = {0};
	char office_id[UUID_TEXT_LEN] = "", recordation_id[UUID_TEXT_LEN] = "";
	ipr_date today = today_local(), due = 0;
	char today_text[DATE_TEXT_LEN], due_text[DATE_TEXT_LEN];
	PGresult *res = NULL;
	pre_confirmation_check_filing(body, today, &f, &errs);
	enum db_status st = resolve_filing(&f, office_id, recordation_id, &errs);
	if (st == DB_OK && field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		goto out;
	}
	if (st == DB_OK)
		st = registry_add_working_days(today, (int)cfg.pre_confirmation_due_days, &due);
	/* The raw body, not a re-serialization, so that numbers stay exact (see
	 * pre_confirmation_render); it was parsed above and duplicate keys refused. */
	if (st == DB_OK)
		st = db_exec(&pc_store_insert,
		             DB_ARGS(req->principal.organization_id, req->principal.user_id, office_id, recordation_id,
		                     date_format(today, today_text), date_format(due, due_text),
		                     pre_confirmation_roles(f.direction), req->body.data),
		             &res);
	respond_written(req, st, res, 201, today);
out:
	field_errors_clear(&errs);
	json_decref(body);
}

/* ---- reading ---- */

void handle_get_pre_confirmation(struct request *req)
{
	struct scope s = scope_of(req);
	ipr_date today = today_local();
	char today_text[DATE_TEXT_LEN];
	PGresult *res = NULL;
	enum db_status st = db_exec(&pc_store_get,
	                            DB_ARGS(request_param(req, "id"), s.importer, s.office, s.holder,
	                                    date_format(today, today_text)),
	                            &res);
	respond_found_with_deadlines(req, st, res, today, pre_confirmation_render, "pre-confirmation");
}

void handle_pre_confirmation_history(struct request *req)
{
	struct scope s = scope_of(req);
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&pc_store_history, DB_ARGS(request_param(req, "id"), s.importer, s.office, s.holder), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0)
		respond_problem(req, 404, "no pre-confirmation with this id");
	else
		respond_json_text(req, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
}

static const char *const status_choices[] = {"submitted", "confirmed", "rejected", "withdrawn", "expired", NULL};

void handle_list_pre_confirmations(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	const char *office_code = request_query(req, "office_code");
	if (office_code && !text_is_code(office_code, 2, 16))
		field_error(&errs, "office_code", "must be a customs office code: 2 to 16 capital letters and digits");
	const char *transport_document = query_text(req, "transport_document", 64, &errs);
	if (field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		return;
	}
	struct scope s = scope_of(req);
	/* Officers work a queue (the earliest deadline first); the others follow their filings. */
	bool queue = req->principal.role & ROLES_OFFICERS;
	ipr_date today = today_local();
	char today_text[DATE_TEXT_LEN];
	PGresult *res = NULL;
	enum db_status st = db_exec(queue ? &pc_store_list_queue : &pc_store_list_newest,
	                            DB_ARGS(date_format(today, today_text), s.importer, s.office, s.holder, status,
	                                    office_code, transport_document, page.after_key, page.after_id,
	                                    page.limit_plus_one),
	                            &res);
	if (st != DB_OK)
		respond_page_error(req, &page, st);
	else
		respond_page_with_deadlines(req, &page, res, today, pre_confirmation_render);
}

/* ---- transitions ---- */

/* Confirming: the validity and the number, assigned in the transaction that confirms. */
static enum db_status confirm_values(ipr_date today, const char *expected_on, char number[16],
                                     char valid_until[DATE_TEXT_LEN])
{
	ipr_date expected = 0;
	if (!date_parse(expected_on, &expected))
		return DB_ERROR;
	date_format(pre_confirmation_valid_until(expected, (int)cfg.pre_confirmation_valid_days), valid_until);
	int year = 0, month = 0, day = 0;
	date_to_ymd(today, &year, &month, &day);
	char year_text[8];
	snprintf(year_text, sizeof year_text, "%d", year);
	PGresult *res = NULL;
	enum db_status st = db_exec(&pc_store_next_number, DB_ARGS(year_text), &res);
	if (st != DB_OK)
		return st;
	pre_confirmation_number_format(number, 16, year, strtoll(PQgetvalue(res, 0, 0), NULL, 10));
	PQclear(res);
	return DB_OK;
}

/* Runs one transition as one transaction: lock the request (404 when not visible: another
 * port's officer, another importer), check If-Match (412) and the state (409 with
 * current_status), write it and its history entry, commit, answer 200. Two officers
 * deciding at once: the second waits on the lock and then finds it decided (409). */
static void run_transition(struct request *req, enum pre_confirmation_action action, const char *reason)
{
	struct scope s = scope_of(req);
	const char *id = request_param(req, "id");
	const char *if_match = request_header(req, MHD_HTTP_HEADER_IF_MATCH);
	ipr_date today = today_local();
	char today_text[DATE_TEXT_LEN], wanted[24], number[16] = "", valid_until[DATE_TEXT_LEN] = "";
	PGresult *row = NULL, *res = NULL;
	char *details = NULL;
	enum db_status st = db_begin();
	if (st == DB_OK)
		st = db_exec(&pc_store_lock, DB_ARGS(id, s.importer, s.office, s.holder, date_format(today, today_text)),
		             &row);
	if (st != DB_OK) {
		respond_db_error(req, st);
		goto out;
	}
	if (PQntuples(row) == 0) {
		respond_problem(req, 404, "no pre-confirmation with this id");
		goto out;
	}
	const char *shown = PQgetvalue(row, 0, 0), *version = PQgetvalue(row, 0, 1);
	if (if_match && (!if_match_version(if_match, version, wanted) || strcmp(wanted, version))) {
		respond_problem(req, 412, "If-Match %s does not match the current version \"%s\"", if_match, version);
		goto out;
	}
	enum pre_confirmation_status from;
	if (!pre_confirmation_status_parse(shown, &from) || !pre_confirmation_may(action, from)) {
		respond_state_conflict(req, shown, "a pre-confirmation request can only be decided or withdrawn while submitted");
		goto out;
	}
	if (action == PRE_CONFIRMATION_CONFIRM) {
		st = confirm_values(today, PQgetvalue(row, 0, 2), number, valid_until);
		details = xasprintf("{\"number\":\"%s\",\"valid_until\":\"%s\"}", number, valid_until);
	}
	if (st == DB_OK)
		st = db_exec(&pc_store_write,
		             DB_ARGS(id, pre_confirmation_allowed_from(action),
		                     pre_confirmation_status_name(pre_confirmation_target(action)), *number ? number : NULL,
		                     *valid_until ? valid_until : NULL, reason,
		                     pre_confirmation_is_decision(action) ? "t" : "f", req->principal.user_id, today_text,
		                     shown, details),
		             &res);
	/* Under the row lock the guarded UPDATE cannot miss: no row would be a bug, not a race. */
	if (st == DB_OK && PQntuples(res) == 1)
		st = db_commit();
	respond_written(req, st, res, 200, today);
	res = NULL;
out:
	db_rollback();
	PQclear(res);
	PQclear(row);
	free(details);
}

static const char *const decision_keys[] = {"outcome", "reason", NULL};
static const char *const decision_outcomes[] = {"confirm", "reject", NULL};
static const char *const withdrawal_keys[] = {"reason", NULL};

/* Reads a transition's body (it may be empty): a decision's outcome, or a withdrawal, and
 * the reason (required to reject); runs the transition or answers 400/422. */
static void transition(struct request *req, bool deciding)
{
	json_t *body = request_json_object(req, true);
	if (!body)
		return;
	struct field_errors errs = {0};
	v_no_unknown_fields(body, deciding ? decision_keys : withdrawal_keys, "", &errs);
	enum pre_confirmation_action action = PRE_CONFIRMATION_WITHDRAW;
	if (deciding) {
		const char *outcome = v_enum(body, "outcome", "", decision_outcomes, V_REQUIRED, &errs);
		action = outcome && !strcmp(outcome, "confirm") ? PRE_CONFIRMATION_CONFIRM : PRE_CONFIRMATION_REJECT;
	}
	const char *reason = v_string(body, "reason", "", 1, 2000,
	                              action == PRE_CONFIRMATION_REJECT ? V_REQUIRED : V_OPTIONAL, true, &errs);
	if (field_errors_any(&errs))
		respond_invalid(req, &errs);
	else
		run_transition(req, action, reason);
	json_decref(body);
}

void handle_decide_pre_confirmation(struct request *req)
{
	transition(req, true);
}

void handle_withdraw_pre_confirmation(struct request *req)
{
	transition(req, false);
}
