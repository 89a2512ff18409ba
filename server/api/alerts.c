/* Alerts: a rights holder tells customs of an expected suspicious shipment under one of its
 * recordations in force (its transport document, where it comes from, the ports, a window of
 * dates, a note). Officers see every alert (and the border check shows those matching a
 * shipment); a holder sees and withdraws its own. An alert expires after its window (derived
 * when read, domain/alert_flow.c). The SQL is in api/alert_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/alert_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/workflow.h"
#include "domain/alert_flow.h"
#include "http/response.h"

static const char *const alert_keys[] = {"recordation_id", "transport_document", "origin", "ports",
                                         "window_from",    "window_until",       "note",   NULL};

/* Holders see their organization's alerts; officers all (NULL). */
static int alert_scope(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX])
{
	out[0] = req->principal.role == ROLE_RIGHTS_HOLDER ? req->principal.organization_id : NULL;
	return 1;
}

static enum db_status alert_write(struct workflow_step *s, PGresult **out)
{
	return db_exec(&alert_store_write,
	               DB_ARGS(request_param(s->req, "id"), s->allowed, flow_status_name(&alert_flow, s->to), s->reason,
	                       s->req->principal.user_id, s->today_text, flow_status_name(&alert_flow, s->from)),
	               out);
}

const struct workflow alert_workflow = {
	.noun = "alert",
	.flow = &alert_flow,
	.scope = alert_scope,
	.state = &alert_store_state,
	.lock = &alert_store_lock,
	.write = alert_write,
	.history = &alert_store_history,
	.topic = "alert",
	.notify = &alert_store_notify,
};

static const struct workflow_outcome withdrawal = {NULL, ALERT_WITHDRAW, NULL, V_OPTIONAL, NULL, NULL};
const struct workflow_route alert_withdrawal = {.wf = &alert_workflow, .outcomes = &withdrawal};

/* Checks an alert filed today; the recordation is checked against the database after. */
static void check_alert(json_t *body, ipr_date today, struct field_errors *errs)
{
	v_no_unknown_fields(body, alert_keys, "", errs);
	const char *recordation = v_string(body, "recordation_id", "", 36, 36, V_REQUIRED, false, errs);
	if (recordation && !uuid_valid(recordation))
		field_error(errs, "recordation_id", "must be a recordation id (a UUID)");
	v_string(body, "transport_document", "", 1, 64, V_OPTIONAL, false, errs);
	v_string(body, "origin", "", 1, 200, V_OPTIONAL, false, errs);
	v_string_set(body, "ports", "", 0, 20, V_OPTIONAL, text_is_office_code,
	             "must be a port code: 2 to 16 capital letters and digits", errs);
	ipr_date from = 0, until = 0;
	bool has_from = v_date(body, "window_from", "", V_REQUIRED, &from, errs);
	if (v_date(body, "window_until", "", V_REQUIRED, &until, errs)) {
		if (until < today)
			field_error(errs, "window_until", "must be today or later: the shipment is expected, not past");
		else if (has_from && until < from)
			field_error(errs, "window_until", "must not be before window_from");
		else if (has_from && until - from >= ALERT_WINDOW_MAX_DAYS)
			field_error(errs, "window_until", "must be less than 366 days after window_from");
	}
	v_string(body, "note", "", 1, 2000, V_OPTIONAL, true, errs);
}

void handle_create_alert(struct request *req)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	check_alert(body, request_today(req), &errs);
	if (respond_if_invalid(req, &errs))
		return;
	const char *org = req->principal.organization_id;
	PGresult *res = NULL;
	enum db_status st = db_exec(&alert_store_recordation,
	                            DB_ARGS(v_text(body, "recordation_id"), org, request_today_text(req)), &res);
	if (st == DB_OK && PQntuples(res) == 0)
		field_error(&errs, "recordation_id", "none of your recordations has this id");
	else if (st == DB_OK && strcmp(PQgetvalue(res, 0, 0), "approved"))
		field_error(&errs, "recordation_id",
		            "must be an approved recordation in force: an alert is for the border");
	PQclear(res);
	res = NULL;
	if (st == DB_OK && respond_if_invalid(req, &errs))
		return;
	field_errors_clear(&errs);
	char *text = st == DB_OK ? json_dumps(body, JSON_COMPACT) : NULL;
	if (st == DB_OK)
		st = db_exec(&alert_store_insert, DB_ARGS(org, req->principal.user_id, text, request_today_text(req)),
		             &res);
	free(text);
	respond_result(req, st, res, 201);
}

void handle_get_alert(struct request *req)
{
	const char *scope[WORKFLOW_SCOPE_MAX];
	alert_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&alert_store_get, DB_ARGS(request_param(req, "id"), scope[0], request_today_text(req)), &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no alert with this id");
	} else
		respond_row(req, 200, res);
}

static const char *const status_choices[] = {"active", "withdrawn", "expired", NULL};

void handle_list_alerts(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	const char *recordation = request_query(req, "recordation_id");
	if (recordation && !uuid_valid(recordation)) {
		field_error(&errs, "recordation_id", "must be a recordation id (a UUID)");
		recordation = NULL;
	}
	const char *port = query_code(req, "port", &errs);
	const char *transport_document = query_text(req, "transport_document", 64, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	const char *scope[WORKFLOW_SCOPE_MAX];
	alert_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st = db_exec(&alert_store_list,
	                            DB_ARGS(request_today_text(req), scope[0], status, recordation, port,
	                                    transport_document, page.after_key, page.after_id, page.limit_plus_one),
	                            &res);
	respond_page(req, &page, st, res);
}
