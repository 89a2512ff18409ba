/* Pre-confirmation of rights: an importer (or exporter) asks the customs office of the port
 * of entry or exit, before the goods arrive, to confirm its right to use a recorded right;
 * an officer of that port confirms (with a number and a validity) or rejects it within a
 * deadline of working days; the importer may withdraw it before that. The rules are in
 * domain/pre_confirmation_flow.c, the SQL in api/pre_confirmation_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/deadline.h"
#include "api/document_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/pre_confirmation_store.h"
#include "api/registry_calendar.h"
#include "api/workflow.h"
#include "core/config.h"
#include "domain/pre_confirmation_flow.h"
#include "domain/recordation_flow.h"
#include "http/response.h"

static const char *const directions[] = {"import", "export", NULL};
static const char *const filing_keys[] = {"office_code",        "direction",   "recordation_number", "goods",
                                          "transport_document", "expected_on", "statement",          NULL};
static const char *const goods_keys[] = {"description", "hs_code", "quantity", "unit", "value", "currency", NULL};

/* Who sees which requests, as pre_confirmation_store's scope parameters $2..$4: an importer its
 * organization's, a port officer its office's, a rights holder those naming its recordations
 * and an agent those naming the recordations its mandates let it see (both read-only: the
 * route table gives them no transition), headquarters all of them (three NULLs). The route
 * table admits no other role. */
static int pre_confirmation_scope(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX])
{
	const struct principal *p = &req->principal;
	out[0] = p->role == ROLE_IMPORTER ? p->organization_id : NULL;
	out[1] = p->role == ROLE_PORT_OFFICER ? p->office_id : NULL;
	out[2] = p->role & (ROLE_RIGHTS_HOLDER | ROLE_AGENT) ? p->organization_id : NULL;
	return 3;
}

/* ---- rendering ---- */

/* The representation with its clock (working_days_left, overdue: api/deadline.h), malloc'd;
 * NULL if text is not an object. Its goods' quantities and values are exact decimals. */
static char *pre_confirmation_render(const char *text, void *ctx)
{
	static const char *const running[] = {"submitted", NULL};
	const struct deadline_place place = {NULL, running};
	return deadline_render(text, ctx, &place, 1);
}

/* ---- filing ---- */

/* A filing's goods line: what every shipment's line has, and its value. */
static void check_goods_line(json_t *line, const char *prefix, struct field_errors *errs)
{
	goods_line_check(line, prefix, errs);
	double number = 0;
	v_number(line, "value", prefix, 0, 1e15, false, V_REQUIRED, &number, errs);
}

const char *goods_line_check(json_t *line, const char *prefix, struct field_errors *errs)
{
	v_string(line, "description", prefix, 1, 4000, V_REQUIRED, false, errs);
	const char *hs_code = v_string(line, "hs_code", prefix, 1, 10, V_REQUIRED, false, errs);
	if (hs_code && !text_is_digits(hs_code, 4, 10))
		field_errorf(errs, "must be an HS code of 4 to 10 digits", "%s.hs_code", prefix);
	double number = 0;
	v_number(line, "quantity", prefix, 0, 1e12, true, V_REQUIRED, &number, errs);
	v_string(line, "unit", prefix, 1, 32, V_REQUIRED, false, errs);
	const char *currency = v_string(line, "currency", prefix, 1, 3, V_REQUIRED, false, errs);
	if (currency && !text_is_currency(currency)) {
		field_errorf(errs, "must be an ISO 4217 code such as USD", "%s.currency", prefix);
		currency = NULL;
	}
	return currency;
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
	v_objects(body, "goods", 1, 200, V_REQUIRED, goods_keys, check_goods_line, errs);
	v_string(body, "transport_document", "", 1, 64, V_OPTIONAL, false, errs);
	ipr_date expected = 0;
	if (v_date(body, "expected_on", "", V_REQUIRED, &expected, errs) && expected < today)
		field_error(errs, "expected_on",
		            "must be today or later: pre-confirmation is asked before the goods arrive");
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
	enum db_status st =
		db_exec(&pre_confirmation_store_lookup, DB_ARGS(f->office_code, f->recordation_number), &res);
	if (st != DB_OK)
		return st;
	if (f->office_code && PQgetisnull(res, 0, 0))
		field_error(errs, "office_code", "no customs office has this code");
	else if (f->office_code && strcmp(PQgetvalue(res, 0, 1), "port"))
		field_error(errs, "office_code",
		            "is not a port office: pre-confirmation is asked of the port of entry or exit");
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
	ipr_date today = request_today(req), due = 0;
	char due_text[DATE_TEXT_LEN];
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
		st = db_exec(&pre_confirmation_store_insert,
		             DB_ARGS(req->principal.organization_id, req->principal.user_id, office_id, recordation_id,
		                     request_today_text(req), date_format(due, due_text),
		                     pre_confirmation_roles(f.direction), req->body.data),
		             &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else
		respond_with_deadlines(req, 201, res, today, pre_confirmation_render);
out:
	field_errors_clear(&errs);
}

/* ---- reading ---- */

void handle_get_pre_confirmation(struct request *req)
{
	const char *scope[WORKFLOW_SCOPE_MAX];
	pre_confirmation_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&pre_confirmation_store_get,
	                DB_ARGS(request_param(req, "id"), scope[0], scope[1], scope[2], request_today_text(req)), &res);
	respond_found_with_deadlines(req, st, res, request_today(req), pre_confirmation_render, "pre-confirmation");
}

static const char *const status_choices[] = {"submitted", "confirmed", "rejected", "withdrawn", "expired", NULL};

void handle_list_pre_confirmations(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	const char *office_code = query_code(req, "office_code", &errs);
	const char *transport_document = query_text(req, "transport_document", 64, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	const char *scope[WORKFLOW_SCOPE_MAX];
	pre_confirmation_scope(req, scope);
	/* Officers work a queue (the earliest deadline first); the others follow their filings. */
	bool queue = req->principal.role & ROLES_OFFICERS;
	PGresult *res = NULL;
	enum db_status st = db_exec(queue ? &pre_confirmation_store_list_queue : &pre_confirmation_store_list_newest,
	                            DB_ARGS(request_today_text(req), scope[0], scope[1], scope[2], status, office_code,
	                                    transport_document, page.after_key, page.after_id, page.limit_plus_one),
	                            &res);
	respond_page_with_deadlines(req, &page, st, res, request_today(req), pre_confirmation_render);
}

/* ---- transitions ---- */

/* The number of a confirmation, from the year's gapless counter. */
static enum db_status confirmation_number(struct workflow_step *s)
{
	int year = 0, month = 0, day = 0;
	date_to_ymd(s->today, &year, &month, &day);
	char year_text[8];
	snprintf(year_text, sizeof year_text, "%d", year);
	PGresult *res = NULL;
	enum db_status st = db_exec(&pre_confirmation_store_next_number, DB_ARGS(year_text), &res);
	if (st != DB_OK)
		return st;
	char number[16];
	pre_confirmation_number_format(number, sizeof number, year, strtoll(PQgetvalue(res, 0, 0), NULL, 10));
	PQclear(res);
	workflow_set(s, PC_NUMBER, number);
	s->details = json_pack("{s:s, s:s}", "number", number, "valid_until", s->values[PC_VALID_UNTIL]);
	return DB_OK;
}

/* Confirming: the validity, and the number, assigned in the transaction that confirms as its
 * last step (workflow_number_last: confirmations wait for each other from it to the commit). */
static enum db_status apply_confirm(struct workflow_step *s, const void *arg)
{
	(void)arg;
	ipr_date expected = 0;
	if (!date_parse(workflow_row(s, 2), &expected))
		return DB_ERROR;
	workflow_set_date(s, PC_VALID_UNTIL,
	                  pre_confirmation_valid_until(expected, (int)cfg.pre_confirmation_valid_days));
	workflow_number_last(s, confirmation_number);
	return DB_OK;
}

/* Writes the decision or withdrawal and its history entry (the action: the new status). Two
 * officers deciding at once: the second waits on the lock and then finds it decided (409). */
static enum db_status pre_confirmation_write(struct workflow_step *s, PGresult **out)
{
	enum pre_confirmation_action action = (enum pre_confirmation_action)s->action;
	char *details = workflow_details_text(s);
	enum db_status st = workflow_exec(
		s, &pre_confirmation_store_write,
		DB_ARGS(request_param(s->req, "id"), s->allowed,
	                pre_confirmation_status_name((enum pre_confirmation_status)s->to), s->values[PC_NUMBER],
	                s->values[PC_VALID_UNTIL], s->reason, pre_confirmation_is_decision(action) ? "t" : "f",
	                s->req->principal.user_id, s->today_text,
	                pre_confirmation_status_name((enum pre_confirmation_status)s->from), details),
		out);
	free(details);
	return st;
}

static const char *const document_kinds[] = {"licence", "authorization_letter", "contract", "invoice", "other", NULL};

const struct workflow pre_confirmation_workflow = {
	.noun = "pre-confirmation",
	.flow = &pre_confirmation_flow,
	.scope = pre_confirmation_scope,
	.state = &pre_confirmation_store_state,
	.locked = &pre_confirmation_store_state_locked,
	.lock = &pre_confirmation_store_lock,
	.write = pre_confirmation_write,
	.render = pre_confirmation_render,
	.prepare_issue = certificate_prepare_pre_confirmation,
	.issue = certificate_issue_pre_confirmation,
	.history = &pre_confirmation_store_history,
	.document_kinds = document_kinds,
	.documents = &document_store_pre_confirmation,
	.attach_action = PRE_CONFIRMATION_ATTACH_DOCUMENT,
	.remove_action = PRE_CONFIRMATION_REMOVE_DOCUMENT,
	.topic = "pre_confirmation",
	.notify = &pre_confirmation_store_notify,
};

static const char *const decision_names[] = {"confirm", "reject", NULL};
static const struct workflow_outcome decision_outcomes[] = {
	{"confirm", PRE_CONFIRMATION_CONFIRM, NULL, V_OPTIONAL, apply_confirm, NULL},
	{"reject", PRE_CONFIRMATION_REJECT, NULL, V_REQUIRED, NULL, NULL},
};
static const struct workflow_outcome withdrawal = {NULL, PRE_CONFIRMATION_WITHDRAW, NULL, V_OPTIONAL, NULL, NULL};
const struct workflow_route pre_confirmation_decision = {
	.wf = &pre_confirmation_workflow, .names = decision_names, .outcomes = decision_outcomes};
const struct workflow_route pre_confirmation_withdrawal = {.wf = &pre_confirmation_workflow, .outcomes = &withdrawal};
