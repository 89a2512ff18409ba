/* Mandates: a rights holder's grant to an agent to act for it (all its recordations or a
 * listed set; the powers of domain/mandate_flow.h; a validity period; a power of attorney
 * attached as a document). The agent accepts or declines it; the holder narrows or ends it at
 * once; it expires by its period. What a mandate lets an agent do is decided in
 * api/agency.c; the rules in domain/mandate_flow.c, the SQL in api/mandate_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/document_store.h"
#include "api/handlers.h"
#include "api/mandate_store.h"
#include "api/paging.h"
#include "api/workflow.h"
#include "domain/mandate_flow.h"
#include "http/response.h"

/* A holder sees the mandates it granted, an agent those granted to it; the route table admits
 * no one else. */
static int mandate_scope(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX])
{
	const struct principal *p = &req->principal;
	out[0] = p->role == ROLE_RIGHTS_HOLDER ? p->organization_id : NULL;
	out[1] = p->role == ROLE_AGENT ? p->organization_id : NULL;
	return 2;
}

/* No deadline runs on a mandate: the representation is the answer (api/deadline.h). */
static char *mandate_render(const char *text, void *ctx)
{
	(void)ctx;
	return xstrdup(text);
}

/* ---- input ---- */

static const char *const grant_keys[] = {
	"agent_id", "all_recordations", "recordation_ids", "actions", "valid_from", "valid_until", "note", NULL};
static const char *const narrow_keys[] = {"actions", "recordation_ids", "valid_until", NULL};

static bool is_uuid(const char *s)
{
	return uuid_valid(s);
}

static bool is_power(const char *s)
{
	for (int i = 0; i < POWER_COUNT; i++)
		if (!strcmp(s, mandate_power_names[i]))
			return true;
	return false;
}

#define POWER_MESSAGE                                                                                          \
	"must be one of file_and_amend, submit, answer_information_requests, renew, manage_authorized_users, " \
	"answer_cases"
#define RECORDATION_MESSAGE "must be the id (a UUID) of a recordation"

/* The last day a period starting on `from` may run (MANDATE_MAX_YEARS). */
static ipr_date period_limit(ipr_date from)
{
	return date_add_years(from, MANDATE_MAX_YEARS);
}

/* Checks valid_until against the start, today and the longest period. */
static void check_until(ipr_date until, ipr_date from, ipr_date today, struct field_errors *errs)
{
	if (until < from)
		field_error(errs, "valid_until", "must be on or after valid_from");
	else if (until < today)
		field_error(errs, "valid_until", "must be today or later");
	else if (until > period_limit(from))
		field_error(errs, "valid_until", "must be at most 10 years after valid_from");
}

/* Names recordation_ids[i] for each index in the resolve statement's JSON array. */
static void not_the_holders(const char *indexes, struct field_errors *errs)
{
	json_t *arr = json_loads(indexes, 0, NULL);
	size_t i;
	json_t *n;
	json_array_foreach(arr, i, n)
		field_errorf(errs, "is not a recordation of yours", "recordation_ids[%lld]",
		             (long long)json_integer_value(n));
	json_decref(arr);
}

/* ---- grant ---- */

void handle_create_mandate(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, grant_keys, &errs);
	if (!body)
		return;
	ipr_date today = request_today(req);
	const char *agent = v_string(body, "agent_id", "", 36, 36, V_REQUIRED, false, &errs);
	if (agent && !uuid_valid(agent)) {
		field_error(&errs, "agent_id", "must be the id (a UUID) of an approved agent");
		agent = NULL;
	}
	json_t *all = json_object_get(body, "all_recordations");
	if (!all || json_is_null(all))
		field_error(&errs, "all_recordations", "is required");
	else if (!json_is_boolean(all))
		field_error(&errs, "all_recordations", "must be true or false");
	bool listed = json_is_false(all);
	json_t *ids = v_string_set(body, "recordation_ids", "", 1, MANDATE_MAX_RECORDATIONS,
	                           listed ? V_REQUIRED : V_OPTIONAL, is_uuid, RECORDATION_MESSAGE, &errs);
	if (json_is_true(all) && ids)
		field_error(&errs, "recordation_ids", "must be left out when all_recordations is true");
	json_t *actions = v_string_set(body, "actions", "", 1, POWER_COUNT, V_REQUIRED, is_power, POWER_MESSAGE, &errs);
	ipr_date from = today, until = 0;
	if (v_date(body, "valid_from", "", V_OPTIONAL, &from, &errs) && from < today)
		field_error(&errs, "valid_from", "must be today or later");
	if (v_date(body, "valid_until", "", V_REQUIRED, &until, &errs))
		check_until(until, from, today, &errs);
	const char *note = v_string(body, "note", "", 1, 2000, V_OPTIONAL, true, &errs);
	for (const char *const *k = (const char *const[]){"recordation_ids", "valid_from", NULL}; *k; k++)
		if (json_is_null(json_object_get(body, *k)))
			field_error(&errs, *k, "cannot be null: leave it out");

	char *ids_text = NULL, *actions_text = NULL;
	PGresult *res = NULL;
	enum db_status st = DB_OK;
	if (agent && !field_errors_any(&errs)) {
		ids_text = listed ? json_dumps(ids, JSON_COMPACT) : xstrdup("[]");
		st = db_exec(&mandate_store_resolve, DB_ARGS(req->principal.organization_id, agent, ids_text), &res);
		if (st == DB_OK) {
			if (PQgetisnull(res, 0, 0) || strcmp(PQgetvalue(res, 0, 0), "approved"))
				field_error(&errs, "agent_id", "is not an agent that the registry has approved");
			not_the_holders(PQgetvalue(res, 0, 1), &errs);
		}
		PQclear(res);
		res = NULL;
	}
	if (st != DB_OK) {
		respond_db_error(req, st);
		goto out;
	}
	if (respond_if_invalid(req, &errs))
		goto out;
	actions_text = json_dumps(actions, JSON_COMPACT);
	char from_text[DATE_TEXT_LEN], until_text[DATE_TEXT_LEN];
	st = db_exec(&mandate_store_insert,
	             DB_ARGS(req->principal.organization_id, agent, listed ? "f" : "t", ids_text, actions_text,
	                     date_format(from, from_text), date_format(until, until_text), note, req->principal.user_id,
	                     request_today_text(req)),
	             &res);
	respond_result(req, st, res, 201);
out:
	free(ids_text);
	free(actions_text);
	field_errors_clear(&errs);
}

/* ---- reading ---- */

void handle_get_mandate(struct request *req)
{
	const char *scope[WORKFLOW_SCOPE_MAX];
	mandate_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&mandate_store_get,
	                DB_ARGS(request_param(req, "id"), scope[0], scope[1], request_today_text(req)), &res);
	if (st == DB_OK && PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no mandate with this id");
	} else
		respond_result(req, st, res, 200);
}

static const char *const status_choices[] = {"offered", "accepted", "declined", "ended", "expired", NULL};

void handle_list_mandates(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	const char *other = query_uuid(req, "organization_id", &errs);
	if (respond_if_invalid(req, &errs))
		return;
	const char *scope[WORKFLOW_SCOPE_MAX];
	mandate_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st = db_exec(&mandate_store_list,
	                            DB_ARGS(request_today_text(req), scope[0], scope[1], status, other, page.after_key,
	                                    page.after_id, page.limit_plus_one),
	                            &res);
	respond_page(req, &page, st, res);
}

/* ---- transitions ---- */

/* The values a change writes (api/workflow.h). */
enum { MV_ACTIONS, MV_ALL, MV_RECORDATIONS, MV_VALID_UNTIL, MV_ANSWERED };

static enum db_status mandate_write(struct workflow_step *s, PGresult **out)
{
	char *details = workflow_details_text(s);
	char *const *v = s->values;
	const char *from = s->from == s->to ? NULL : flow_status_name(&mandate_flow, s->from);
	enum db_status st = db_exec(
		&mandate_store_write,
		DB_ARGS(request_param(s->req, "id"), s->allowed, flow_status_name(&mandate_flow, s->to), s->reason,
	                s->req->principal.user_id, s->event, s->today_text, v[MV_ANSWERED] ? "t" : "f", v[MV_ACTIONS],
	                v[MV_ALL], v[MV_RECORDATIONS], v[MV_VALID_UNTIL], from, details),
		out);
	free(details);
	return st;
}

/* Accepting needs the power of attorney: the holder attaches it before the agent accepts. */
static enum db_status apply_accept(struct workflow_step *s, const void *arg)
{
	(void)arg;
	const char *poa = workflow_row(s, MANDATE_LOCK_POWER_OF_ATTORNEY);
	if (!poa || strcmp(poa, "t"))
		return workflow_refuse(s, "power-of-attorney-missing",
		                       "the rights holder has not attached the power of attorney (a document of kind "
		                       "power_of_attorney) to this mandate yet: it can be accepted once it has");
	workflow_set(s, MV_ANSWERED, "t");
	return DB_OK;
}

static enum db_status apply_decline(struct workflow_step *s, const void *arg)
{
	(void)arg;
	workflow_set(s, MV_ANSWERED, "t");
	return DB_OK;
}

/* True when the JSON array text `set` holds the string s. */
static bool set_has(json_t *set, const char *s)
{
	size_t i;
	json_t *item;
	json_array_foreach(set, i, item)
		if (json_is_string(item) && !strcmp(json_string_value(item), s))
			return true;
	return false;
}

/* Narrowing: fewer powers, fewer recordations (a listed set out of all of them), an earlier
 * end; never more (a wider mandate is a new grant, which the agent accepts anew). Takes
 * effect at once. The body was checked by handle_narrow_mandate. */
static enum db_status apply_narrow(struct workflow_step *s, const void *arg)
{
	(void)arg;
	json_t *fields = json_array();
	json_t *actions = json_object_get(s->body, "actions"), *ids = json_object_get(s->body, "recordation_ids");
	json_t *now_actions = json_loads(workflow_row(s, MANDATE_LOCK_ACTIONS), 0, NULL);
	json_t *now_ids = json_loads(workflow_row(s, MANDATE_LOCK_RECORDATIONS), 0, NULL);
	bool all = !strcmp(workflow_row(s, MANDATE_LOCK_ALL), "t");
	enum db_status st = DB_OK;
	size_t i;
	json_t *item;
	if (actions) {
		json_array_foreach(actions, i, item)
			if (!set_has(now_actions, json_string_value(item)))
				field_errorf(&s->errs,
				             "is not granted by this mandate: a mandate is narrowed, never widened",
				             "actions[%zu]", i);
		char *text = json_dumps(actions, JSON_COMPACT);
		workflow_set(s, MV_ACTIONS, text);
		free(text);
		json_array_append_new(fields, json_string("actions"));
	}
	if (ids) {
		char *text = json_dumps(ids, JSON_COMPACT);
		if (all) { /* from all the holder's recordations to some of them */
			PGresult *res = NULL;
			st = db_exec(
				&mandate_store_resolve,
				DB_ARGS(s->req->principal.organization_id, s->req->principal.organization_id, text),
				&res);
			if (st == DB_OK)
				not_the_holders(PQgetvalue(res, 0, 1), &s->errs);
			PQclear(res);
		} else {
			json_array_foreach(ids, i, item)
				if (!set_has(now_ids, json_string_value(item)))
					field_errorf(
						&s->errs,
						"is not covered by this mandate: a mandate is narrowed, never widened",
						"recordation_ids[%zu]", i);
		}
		workflow_set(s, MV_RECORDATIONS, text);
		workflow_set(s, MV_ALL, "f");
		free(text);
		json_array_append_new(fields, json_string("recordation_ids"));
	}
	const char *until_text = v_text(s->body, "valid_until");
	ipr_date until = 0, from = 0, now_until = 0;
	if (until_text && date_parse(until_text, &until) &&
	    date_parse(workflow_row(s, MANDATE_LOCK_VALID_FROM), &from) &&
	    date_parse(workflow_row(s, MANDATE_LOCK_VALID_UNTIL), &now_until)) {
		if (until > now_until)
			field_error(&s->errs, "valid_until",
			            "must be on or before the mandate's end: a mandate is narrowed, never widened");
		else
			check_until(until, from, s->today, &s->errs);
		workflow_set(s, MV_VALID_UNTIL, until_text);
		json_array_append_new(fields, json_string("valid_until"));
	}
	s->details = json_pack("{s:o}", "fields", fields);
	json_decref(now_actions);
	json_decref(now_ids);
	return st;
}

const struct workflow mandate_workflow = {
	.noun = "mandate",
	.flow = &mandate_flow,
	.scope = mandate_scope,
	.state = &mandate_store_state,
	.locked = &mandate_store_state_locked,
	.lock = &mandate_store_lock,
	.write = mandate_write,
	.render = mandate_render,
	.history = &mandate_store_history,
	.document_kinds = (const char *const[]){"power_of_attorney", "other", NULL},
	.documents = &document_store_mandate,
	.attach_action = MANDATE_ATTACH_DOCUMENT,
	.remove_action = MANDATE_REMOVE_DOCUMENT,
	.topic = "mandate",
	.notify = &mandate_store_notify,
};

static const char *const answer_names[] = {"accept", "decline", NULL};
static const struct workflow_outcome answer_outcomes[] = {
	{"accept", MANDATE_ACCEPT, "accepted", V_OPTIONAL, apply_accept, NULL},
	{"decline", MANDATE_DECLINE, "declined", V_OPTIONAL, apply_decline, NULL},
};
static const struct workflow_outcome ending = {NULL, MANDATE_END, "ended", V_OPTIONAL, NULL, NULL};
static const struct workflow_outcome narrowing = {NULL, MANDATE_NARROW, "narrowed", V_OPTIONAL, apply_narrow, NULL};
const struct workflow_route mandate_answer = {
	.wf = &mandate_workflow, .names = answer_names, .outcomes = answer_outcomes};
const struct workflow_route mandate_end = {.wf = &mandate_workflow, .outcomes = &ending};

void handle_narrow_mandate(struct request *req)
{
	if (!request_if_match(req, "mandate"))
		return;
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, narrow_keys, &errs);
	if (!body)
		return;
	v_string_set(body, "actions", "", 1, POWER_COUNT, V_OPTIONAL, is_power, POWER_MESSAGE, &errs);
	v_string_set(body, "recordation_ids", "", 1, MANDATE_MAX_RECORDATIONS, V_OPTIONAL, is_uuid, RECORDATION_MESSAGE,
	             &errs);
	ipr_date until = 0;
	v_date(body, "valid_until", "", V_OPTIONAL, &until, &errs);
	if (!field_errors_any(&errs) && json_object_size(body) == 0)
		field_error(&errs, "actions", "name at least one of actions, recordation_ids, valid_until to narrow");
	for (const char *const *k = narrow_keys; *k; k++)
		if (json_is_null(json_object_get(body, *k)))
			field_error(&errs, *k, "cannot be cleared: leave it out to keep it");
	if (!respond_if_invalid(req, &errs))
		workflow_run(req, &mandate_workflow, &narrowing, NULL, body);
}
