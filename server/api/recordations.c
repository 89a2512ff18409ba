/* Recordations: rights holders' filings, their 30-working-day review, approval with a
 * number and a validity, renewal, revocation and cancellation, the history, and the
 * public register. The rules (which transition from which state, validity, renewal
 * window) are in domain/recordation_flow.c; the SQL in api/recordation_store.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/deadline.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/recordation_store.h"
#include "api/registry_calendar.h"
#include "domain/recordation_flow.h"
#include "http/offload.h"
#include "http/response.h"

static const char *const ipr_types[] = {"trademark", "copyright", "patent", "olympic_symbol", "world_expo_symbol",
                                        NULL};
static const char *const licensing_statuses[] = {"not_licensed", "licensed_exclusive", "licensed_non_exclusive",
                                                 "licensed_sole", NULL};
static const char *const recordation_keys[] = {
	"ipr_type", "title", "registration_number", "registration_authority", "right_expires_on", "classes",
	"goods_scope", "hs_codes", "licensing_status", "description", "genuine_manufacturers", "main_ports",
	"known_infringers", NULL};
static const char *const party_keys[] = {"name", "country", "address", NULL};

/* Holders see their own organization's recordations; officers see all (NULL). */
const char *recordation_visible_organization(const struct request *req)
{
	return req->principal.role == ROLE_RIGHTS_HOLDER ? req->principal.organization_id : NULL;
}

/* ---- rendering: the SQL representation plus the clocks (api/deadline.h) ---- */

/* The representation with its clocks, malloc'd; NULL if text is not an object. */
static char *recordation_render(const char *text, void *ctx)
{
	const struct deadline_clock *c = ctx;
	json_t *obj = json_loads(text, 0, NULL);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return NULL;
	}
	deadline_clock_set(obj, c, !json_is_null(json_object_get(obj, "due_on")));
	json_t *renewal = json_object_get(obj, "renewal");
	if (json_is_object(renewal)) {
		const char *status = json_string_value(json_object_get(renewal, "status"));
		deadline_clock_set(renewal, c, status && !strcmp(status, "submitted"));
	}
	char *out = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	return out;
}

/* Answers with one recordation from res (column 0 its representation, 1 its version) and
 * its ETag. Clears res. */
static void respond_recordation(struct request *req, unsigned status, PGresult *res, ipr_date today)
{
	respond_with_deadlines(req, status, res, today, recordation_render);
}

/* ---- input ---- */

/* An array of unique integers in [1, 45] (Nice classes). */
static void check_classes(json_t *body, struct field_errors *errs)
{
	json_t *arr = v_array(body, "classes", "", 0, 45, V_OPTIONAL, errs);
	size_t i;
	json_t *item;
	bool seen[46] = {false};
	json_array_foreach(arr, i, item) {
		json_int_t v = json_is_integer(item) ? json_integer_value(item) : 0;
		if (v < 1 || v > 45)
			field_errorf(errs, "must be a Nice class, a whole number from 1 to 45", "classes[%zu]", i);
		else if (seen[v])
			field_errorf(errs, "is listed twice", "classes[%zu]", i);
		else
			seen[v] = true;
	}
}

static bool is_hs_code(const char *s)
{
	return text_is_digits(s, 4, 10);
}

/* Companies named in a filing: [{name, country, address}]. */
static void check_parties(json_t *body, const char *key, struct field_errors *errs)
{
	json_t *arr = v_array(body, key, "", 0, 100, V_OPTIONAL, errs);
	size_t i;
	json_t *party;
	json_array_foreach(arr, i, party) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "%s[%zu]", key, i);
		if (!json_is_object(party)) {
			field_error(errs, prefix, "must be an object");
			continue;
		}
		v_no_unknown_fields(party, party_keys, prefix, errs);
		v_string(party, "name", prefix, 1, 200, V_REQUIRED, false, errs);
		const char *country = v_string(party, "country", prefix, 2, 2, V_OPTIONAL, false, errs);
		if (country && !text_is_country(country))
			field_errorf(errs, "must be an ISO 3166-1 alpha-2 code such as CN", "%s.country", prefix);
		v_string(party, "address", prefix, 0, 500, V_OPTIONAL, true, errs);
	}
}

void recordation_check_fields(json_t *body, bool creating, struct field_errors *errs)
{
	enum v_presence required = creating ? V_REQUIRED : V_OPTIONAL;
	v_no_unknown_fields(body, recordation_keys, "", errs);
	for (const char *const *key = recordation_keys; *key && !creating; key++)
		if ((!strcmp(*key, "ipr_type") || !strcmp(*key, "title")) && json_is_null(json_object_get(body, *key)))
			field_error(errs, *key, "cannot be cleared");
	const char *type = v_enum(body, "ipr_type", "", ipr_types, required, errs);
	v_string(body, "title", "", 1, 200, required, false, errs);
	v_string(body, "registration_number", "", 1, 64, V_OPTIONAL, false, errs);
	v_string(body, "registration_authority", "", 1, 200, V_OPTIONAL, false, errs);
	ipr_date expires;
	v_date(body, "right_expires_on", "", V_OPTIONAL, &expires, errs);
	check_classes(body, errs);
	json_t *classes = json_object_get(body, "classes");
	if (creating && type && strcmp(type, "trademark") && json_array_size(classes) > 0)
		field_error(errs, "classes", "only trademarks have Nice classes");
	v_string(body, "goods_scope", "", 1, 4000, V_OPTIONAL, true, errs);
	v_string_set(body, "hs_codes", "", 0, 100, V_OPTIONAL, is_hs_code, "must be an HS code of 4 to 10 digits", errs);
	v_enum(body, "licensing_status", "", licensing_statuses, V_OPTIONAL, errs);
	v_string(body, "description", "", 1, 4000, V_OPTIONAL, true, errs);
	check_parties(body, "genuine_manufacturers", errs);
	v_string_set(body, "main_ports", "", 0, 50, V_OPTIONAL, NULL, "must be a port name of 1 to 200 characters",
	             errs);
	check_parties(body, "known_infringers", errs);
}

/* A JSON body's text for a jsonb parameter; the caller frees it. */
static char *json_text(json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT);
	return text ? text : xstrdup("{}");
}

/* ---- create, read, edit ---- */

/* The body of a creation or merge-patch, checked, as text for the jsonb parameter (the
 * caller frees it); NULL after answering 400/413/415/422. */
static char *recordation_input(struct request *req, bool creating)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return NULL;
	struct field_errors errs = {0};
	recordation_check_fields(body, creating, &errs);
	char *text = field_errors_any(&errs) ? NULL : json_text(body);
	json_decref(body);
	if (!text)
		respond_invalid(req, &errs);
	return text;
}

void handle_create_recordation(struct request *req)
{
	char *input = recordation_input(req, true);
	if (!input)
		return;
	ipr_date today = today_local();
	char today_text[DATE_TEXT_LEN];
	PGresult *res = NULL;
	enum db_status st = db_exec(&store_insert,
	                            DB_ARGS(req->principal.organization_id, input, req->principal.user_id,
	                                    date_format(today, today_text)),
	                            &res);
	free(input);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	respond_recordation(req, 201, res, today);
}

static void got_recordation(struct request *req, enum db_status st, PGresult *res, void *today)
{
	respond_found_with_deadlines(req, st, res, (ipr_date)(intptr_t)today, recordation_render, "recordation");
}

/* The officer's lookup at the border: the query goes through the database pipeline. */
void handle_get_recordation(struct request *req)
{
	ipr_date today = today_local();
	char today_text[DATE_TEXT_LEN];
	offload_query(req, &store_get,
	              DB_ARGS(request_param(req, "id"), recordation_visible_organization(req),
	                      date_format(today, today_text)),
	              got_recordation, (void *)(intptr_t)today);
}

/* Why an update or transition touched no row: not visible (404), stale (412) or in a
 * state that does not allow it (409). */
static void respond_not_updated(struct request *req, const char *if_match, const char *today_text, const char *what)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&store_state, DB_ARGS(request_param(req, "id"), recordation_visible_organization(req), today_text), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	char wanted[24];
	if (PQntuples(res) == 0)
		respond_problem(req, 404, "no recordation with this id");
	else if (if_match && (!if_match_version(if_match, PQgetvalue(res, 0, 1), wanted) ||
	                      strcmp(wanted, PQgetvalue(res, 0, 1))))
		respond_problem(req, 412, "If-Match %s does not match the current version \"%s\"", if_match,
		                PQgetvalue(res, 0, 1));
	else
		respond_state_conflict(req, PQgetvalue(res, 0, 0), what);
	PQclear(res);
}

void handle_update_recordation(struct request *req)
{
	const char *if_match = request_header(req, MHD_HTTP_HEADER_IF_MATCH);
	if (!if_match) {
		respond_problem(req, 428, "send If-Match with the ETag of the recordation you edited");
		return;
	}
	char *patch = recordation_input(req, false);
	if (!patch)
		return;
	char version[24];
	if (!if_match_version(if_match, NULL, version))
		snprintf(version, sizeof version, "-1"); /* matches nothing: answered below as 412 */
	ipr_date today = today_local();
	char today_text[DATE_TEXT_LEN];
	date_format(today, today_text);
	PGresult *res = NULL;
	enum db_status st = db_exec(&store_patch,
	                            DB_ARGS(request_param(req, "id"), req->principal.organization_id,
	                                    strcmp(if_match, "*") ? version : NULL, patch,
	                                    recordation_allowed_from(RECORDATION_EDIT), today_text,
	                                    req->principal.user_id),
	                            &res);
	free(patch);
	if (st == DB_CHECK && !strcmp(db_last_constraint(), "recordations_classes_trademark")) {
		struct field_errors errs = {0};
		field_error(&errs, "classes", "only trademarks have Nice classes");
		respond_invalid(req, &errs);
		return;
	}
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		respond_not_updated(req, if_match, today_text,
		                    "a recordation can only be edited while draft, rejected or information_requested");
		return;
	}
	respond_recordation(req, 200, res, today);
}

/* ---- transitions ---- */

/* One transition in the making: the locked row, its lifecycle columns to be written back,
 * and the history entry. */
struct transition {
	struct request *req;
	enum recordation_action action;
	const char *history_action;
	ipr_date today;
	char today_text[DATE_TEXT_LEN];
	PGresult *row;               /* store_lock's row */
	enum recordation_status from;
	char *life[LIFE_COUNT];      /* the new values, malloc'd or NULL */
	bool stamp_submitted, stamp_renewal_submitted, stamp_renewal_decided;
	const char *reason;          /* for the history (borrowed from the body) */
	json_t *details;             /* for the history, owned */
	struct field_errors errs;    /* 422 when any */
	const char *errs_detail;     /* its detail, when not the default */
	bool answered;               /* apply answered a refusal itself */
};

static const char *row_value(const struct transition *t, int col)
{
	return PQgetisnull(t->row, 0, col) ? NULL : PQgetvalue(t->row, 0, col);
}

static void life_set(struct transition *t, enum life_col col, const char *value)
{
	free(t->life[col]);
	t->life[col] = value ? xstrdup(value) : NULL;
}

static void life_set_date(struct transition *t, enum life_col col, ipr_date d)
{
	char text[DATE_TEXT_LEN];
	life_set(t, col, date_format(d, text));
}

static void life_set_int(struct transition *t, enum life_col col, long long v)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", v);
	life_set(t, col, text);
}

/* A date of the row being changed (as it will be written); false when NULL. */
static bool life_date(const struct transition *t, enum life_col col, ipr_date *out)
{
	return t->life[col] && date_parse(t->life[col], out);
}

/* What each action does to the row, after the state machine allowed it. Returns DB_OK,
 * or a database error; an invalid request sets t->errs instead, and a refusal of another
 * kind is answered with transition_refuse. */
typedef enum db_status (*transition_apply)(struct transition *t, const void *arg);

/* Answers a refusal the state allows but the record's data does not. */
static void respond_transition_invalid(struct request *req, struct transition *t)
{
	if (!t->errs_detail) {
		respond_invalid(req, &t->errs);
		return;
	}
	json_t *list = t->errs.list;
	t->errs.list = NULL;
	respond_problem_with(req, 422, json_pack("{s:o}", "errors", list), "%s", t->errs_detail);
}

static enum db_status write_transition(struct transition *t, PGresult **out)
{
	const char *id = request_param(t->req, "id");
	enum recordation_status to = recordation_target(t->action, t->from);
	life_set(t, LIFE_STATUS, recordation_status_name(to));
	enum db_status st = db_exec(
		&store_write,
		DB_ARGS(id, recordation_allowed_from(t->action), t->life[0], t->life[1], t->life[2], t->life[3],
	            t->life[4], t->life[5], t->life[6], t->life[7], t->life[8], t->life[9], t->life[10], t->life[11],
	            t->life[12], t->life[13], t->stamp_submitted ? "t" : "f", t->stamp_renewal_submitted ? "t" : "f",
	            t->stamp_renewal_decided ? "t" : "f", t->today_text),
		out);
	if (st != DB_OK)
		return st;
	if (PQntuples(*out) != 1) /* cannot happen under the row lock: a bug, not a race */
		return DB_ERROR;
	bool same = to == t->from;
	char *details = t->details ? json_text(t->details) : NULL;
	st = db_exec(&store_event,
	             DB_ARGS(id, t->req->principal.user_id, t->history_action,
	                     same ? NULL : recordation_status_name(t->from), same ? NULL : recordation_status_name(to),
	                     t->reason, details),
	             NULL);
	free(details);
	return st;
}

/* Runs one transition as one transaction: lock the row (404 when not visible), check
 * If-Match (412) and the state machine (409 with current_status), apply, write the row and
 * its history entry, commit, answer 200 with the record. */
static void run_transition(struct request *req, enum recordation_action action, const char *history_action,
                           const char *reason, transition_apply apply, const void *arg)
{
	struct transition t = {.req = req, .action = action, .history_action = history_action, .reason = reason};
	t.today = today_local();
	date_format(t.today, t.today_text);
	PGresult *res = NULL;
	const char *if_match = request_header(req, MHD_HTTP_HEADER_IF_MATCH);
	char wanted[24];
	enum db_status st = db_begin();
	if (st == DB_OK)
		st = db_exec(&store_lock,
		             DB_ARGS(request_param(req, "id"), recordation_visible_organization(req), t.today_text),
		             &t.row);
	if (st != DB_OK) {
		respond_db_error(req, st);
		goto out;
	}
	if (PQntuples(t.row) == 0) {
		respond_problem(req, 404, "no recordation with this id");
		goto out;
	}
	const char *version = PQgetvalue(t.row, 0, LOCK_VERSION);
	if (if_match && (!if_match_version(if_match, version, wanted) || strcmp(wanted, version))) {
		respond_problem(req, 412, "If-Match %s does not match the current version \"%s\"", if_match, version);
		goto out;
	}
	const char *shown = PQgetvalue(t.row, 0, LOCK_SHOWN_STATUS);
	if (!recordation_status_parse(shown, &t.from) || !recordation_may(action, t.from)) {
		char detail[160];
		snprintf(detail, sizeof detail, "a recordation that is %s does not allow this (allowed from %s)", shown,
		         recordation_allowed_from(action));
		respond_state_conflict(req, shown, detail);
		goto out;
	}
	for (int i = 0; i < LIFE_COUNT; i++)
		life_set(&t, (enum life_col)i, row_value(&t, i));
	st = apply(&t, arg);
	if (st == DB_OK && t.answered)
		goto out;
	if (st == DB_OK && field_errors_any(&t.errs)) {
		respond_transition_invalid(req, &t);
		goto out;
	}
	if (st == DB_OK)
		st = write_transition(&t, &res);
	if (st == DB_OK)
		st = db_commit();
	if (st != DB_OK) {
		respond_db_error(req, st);
		goto out;
	}
	respond_recordation(req, 200, res, t.today);
	res = NULL;
out:
	db_rollback();
	PQclear(res);
	PQclear(t.row);
	for (int i = 0; i < LIFE_COUNT; i++)
		free(t.life[i]);
	json_decref(t.details);
	field_errors_clear(&t.errs);
}

/* A request body that may be empty, with only `allowed` fields; NULL after answering. */
static json_t *transition_body(struct request *req, const char *const *allowed, struct field_errors *errs)
{
	json_t *body = request_json_object(req, true);
	if (body)
		v_no_unknown_fields(body, allowed, "", errs);
	return body;
}

/* ---- submit ---- */

/* What a filing needs before it can be submitted; each missing item named. */
static void check_complete(struct transition *t)
{
	static const struct {
		int col;
		const char *field;
	} required[] = {
		{LOCK_TITLE, "title"},
		{LOCK_REGISTRATION_NUMBER, "registration_number"},
		{LOCK_REGISTRATION_AUTHORITY, "registration_authority"},
		{LIFE_RIGHT_EXPIRES_ON, "right_expires_on"},
		{LOCK_GOODS_SCOPE, "goods_scope"},
		{LOCK_LICENSING_STATUS, "licensing_status"},
	};
	for (size_t i = 0; i < ARRAY_LEN(required); i++)
		if (!row_value(t, required[i].col))
			field_error(&t->errs, required[i].field, "required to submit");
	ipr_date expires = 0;
	if (life_date(t, LIFE_RIGHT_EXPIRES_ON, &expires) && expires <= t->today)
		field_error(&t->errs, "right_expires_on", "must be in the future");
	if (!strcmp(row_value(t, LOCK_IPR_TYPE), "trademark") && !strcmp(row_value(t, LOCK_CLASS_COUNT), "0"))
		field_error(&t->errs, "classes", "required to submit");
	/* The evidence: the registration certificate always; the licence contract when the
	 * right is licensed (not asked while licensing_status itself is missing). */
	if (strcmp(row_value(t, LOCK_HAS_CERTIFICATE), "t"))
		field_error(&t->errs, "documents.registration_certificate", "required to submit");
	const char *licensing = row_value(t, LOCK_LICENSING_STATUS);
	if (licensing && strcmp(licensing, "not_licensed") && strcmp(row_value(t, LOCK_HAS_LICENCE), "t"))
		field_error(&t->errs, "documents.licence", "required to submit");
	t->errs_detail = "the filing is incomplete: every missing item is listed in errors";
}

static enum db_status apply_submit(struct transition *t, const void *arg)
{
	const char *note = arg;
	check_complete(t);
	if (field_errors_any(&t->errs))
		return DB_OK;
	/* After an information request the clock resumes with the days that were left;
	 * otherwise (a first filing, or one amended after rejection) a new clock starts. */
	int days = RECORDATION_DUE_WORKING_DAYS;
	if (t->from == RECORDATION_INFORMATION_REQUESTED && t->life[LIFE_PAUSED_WORKING_DAYS_LEFT])
		days = atoi(t->life[LIFE_PAUSED_WORKING_DAYS_LEFT]);
	ipr_date due = 0;
	enum db_status st = registry_add_working_days(t->today, days, &due);
	if (st != DB_OK)
		return st;
	life_set_date(t, LIFE_RECEIVED_ON, t->today);
	life_set_date(t, LIFE_DUE_ON, due);
	life_set(t, LIFE_PAUSED_WORKING_DAYS_LEFT, NULL);
	t->stamp_submitted = true;
	t->details = json_pack("{s:i, s:b}", "working_days", days, "resumed",
	                       t->from == RECORDATION_INFORMATION_REQUESTED);
	if (note)
		json_object_set_new(t->details, "note", json_string(note));
	return DB_OK;
}

static const char *const submit_keys[] = {"note", NULL};

void handle_submit_recordation(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = transition_body(req, submit_keys, &errs);
	if (!body)
		return;
	const char *note = v_string(body, "note", "", 1, 2000, V_OPTIONAL, true, &errs);
	if (field_errors_any(&errs))
		respond_invalid(req, &errs);
	else
		run_transition(req, RECORDATION_SUBMIT, "submitted", NULL, apply_submit, note);
	json_decref(body);
}

/* ---- decision ---- */

static enum db_status assign_number(struct transition *t)
{
	char prefix[2] = {recordation_number_prefix(row_value(t, LOCK_IPR_TYPE)), '\0'};
	int year = 0, month = 0, day = 0;
	date_to_ymd(t->today, &year, &month, &day);
	char year_text[8];
	snprintf(year_text, sizeof year_text, "%d", year);
	PGresult *res = NULL;
	enum db_status st = db_exec(&store_next_number, DB_ARGS(prefix, year_text), &res);
	if (st != DB_OK)
		return st;
	char number[16];
	recordation_number_format(number, sizeof number, prefix[0], year, strtoll(PQgetvalue(res, 0, 0), NULL, 10));
	PQclear(res);
	life_set(t, LIFE_NUMBER, number);
	t->details = json_pack("{s:s}", "number", number);
	return DB_OK;
}

static enum db_status apply_approve(struct transition *t, const void *arg)
{
	(void)arg;
	ipr_date expires = 0;
	if (!life_date(t, LIFE_RIGHT_EXPIRES_ON, &expires) || expires < t->today) {
		field_error(&t->errs, "right_expires_on", "the right has expired: it cannot be approved");
		return DB_OK;
	}
	life_set(t, LIFE_DUE_ON, NULL);
	life_set_date(t, LIFE_VALID_FROM, t->today);
	life_set_date(t, LIFE_VALID_UNTIL, recordation_valid_until(t->today, expires));
	return assign_number(t);
}

static enum db_status apply_reject(struct transition *t, const void *arg)
{
	(void)arg;
	life_set(t, LIFE_DUE_ON, NULL);
	life_set(t, LIFE_LAST_REASON, t->reason);
	return DB_OK;
}

/* The clock stops: the working days left are kept for the resubmission (none when overdue). */
static enum db_status apply_request_information(struct transition *t, const void *arg)
{
	(void)arg;
	ipr_date due = t->today;
	life_date(t, LIFE_DUE_ON, &due);
	int left = 0;
	enum db_status st = due > t->today ? registry_working_days_between(t->today, due, &left) : DB_OK;
	if (st != DB_OK)
		return st;
	life_set(t, LIFE_DUE_ON, NULL);
	life_set_int(t, LIFE_PAUSED_WORKING_DAYS_LEFT, left);
	life_set(t, LIFE_LAST_REASON, t->reason);
	t->details = json_pack("{s:i}", "paused_working_days_left", left);
	return DB_OK;
}

static const char *const decision_keys[] = {"outcome", "reason", NULL};
static const char *const decision_outcomes[] = {"approve", "reject", "request_information", NULL};

void handle_decide_recordation(struct request *req)
{
	static const struct {
		enum recordation_action action;
		const char *history_action;
		transition_apply apply;
	} outcomes[] = {
		{RECORDATION_APPROVE, "approved", apply_approve},
		{RECORDATION_REJECT, "rejected", apply_reject},
		{RECORDATION_REQUEST_INFORMATION, "information_requested", apply_request_information},
	};
	struct field_errors errs = {0};
	json_t *body = transition_body(req, decision_keys, &errs);
	if (!body)
		return;
	const char *outcome = v_enum(body, "outcome", "", decision_outcomes, V_REQUIRED, &errs);
	bool approving = outcome && !strcmp(outcome, "approve");
	const char *reason = v_string(body, "reason", "", 1, 2000, approving ? V_OPTIONAL : V_REQUIRED, true, &errs);
	if (field_errors_any(&errs)) {
		respond_invalid(req, &errs);
	} else {
		for (size_t i = 0; i < ARRAY_LEN(outcomes); i++)
			if (!strcmp(outcome, decision_outcomes[i]))
				run_transition(req, outcomes[i].action, outcomes[i].history_action, reason, outcomes[i].apply,
				               NULL);
	}
	json_decref(body);
}

/* ---- withdrawal, revocation, cancellation ---- */

/* A pending renewal ends with the recordation. */
static void close_renewal(struct transition *t)
{
	if (t->life[LIFE_RENEWAL_STATUS] && !strcmp(t->life[LIFE_RENEWAL_STATUS], "submitted")) {
		life_set(t, LIFE_RENEWAL_STATUS, "rejected");
		life_set(t, LIFE_RENEWAL_REASON, t->reason);
		t->stamp_renewal_decided = true;
	}
}

static enum db_status apply_end(struct transition *t, const void *arg)
{
	(void)arg;
	life_set(t, LIFE_DUE_ON, NULL);
	life_set(t, LIFE_PAUSED_WORKING_DAYS_LEFT, NULL);
	if (t->action != RECORDATION_WITHDRAW)
		life_set(t, LIFE_LAST_REASON, t->reason);
	close_renewal(t);
	return DB_OK;
}

static const char *const reason_keys[] = {"reason", NULL};

static void end_recordation(struct request *req, enum recordation_action action, const char *history_action,
                            enum v_presence reason_presence)
{
	struct field_errors errs = {0};
	json_t *body = transition_body(req, reason_keys, &errs);
	if (!body)
		return;
	const char *reason = v_string(body, "reason", "", 1, 2000, reason_presence, true, &errs);
	if (field_errors_any(&errs))
		respond_invalid(req, &errs);
	else
		run_transition(req, action, history_action, reason, apply_end, NULL);
	json_decref(body);
}

void handle_withdraw_recordation(struct request *req)
{
	end_recordation(req, RECORDATION_WITHDRAW, "withdrawn", V_OPTIONAL);
}

void handle_revoke_recordation(struct request *req)
{
	end_recordation(req, RECORDATION_REVOKE, "revoked", V_REQUIRED);
}

void handle_cancel_recordation(struct request *req)
{
	end_recordation(req, RECORDATION_CANCEL, "cancelled", V_REQUIRED);
}

/* ---- renewal ---- */

struct renewal_input {
	const char *note;
	const char *right_expires_on;
};

static bool renewal_pending(const struct transition *t)
{
	return t->life[LIFE_RENEWAL_STATUS] && !strcmp(t->life[LIFE_RENEWAL_STATUS], "submitted");
}

/* A 409 with its own problem type, answered from within apply: nothing is written. */
static enum db_status transition_refuse(struct transition *t, const char *slug, const char *detail)
{
	char type[64];
	snprintf(type, sizeof type, "urn:iprd:problem:%s", slug);
	respond_problem_with(t->req, 409,
	                     json_pack("{s:s, s:s}", "type", type, "current_status", recordation_status_name(t->from)),
	                     "%s", detail);
	t->answered = true;
	return DB_OK;
}

static enum db_status apply_renew(struct transition *t, const void *arg)
{
	const struct renewal_input *in = arg;
	ipr_date until = 0;
	life_date(t, LIFE_VALID_UNTIL, &until);
	if (renewal_pending(t))
		return transition_refuse(t, "renewal-pending", "a renewal of this recordation is already under review");
	if (!recordation_in_renewal_window(t->today, until)) {
		char opens[DATE_TEXT_LEN];
		char detail[128];
		snprintf(detail, sizeof detail, "renewal may be applied for from %s until valid_until",
		         date_format(recordation_renewal_opens(until), opens));
		return transition_refuse(t, "renewal-window", detail);
	}
	ipr_date due = 0;
	enum db_status st = registry_add_working_days(t->today, RENEWAL_DUE_WORKING_DAYS, &due);
	if (st != DB_OK)
		return st;
	life_set(t, LIFE_RENEWAL_STATUS, "submitted");
	life_set_date(t, LIFE_RENEWAL_DUE_ON, due);
	life_set(t, LIFE_RENEWAL_NOTE, in->note);
	life_set(t, LIFE_RENEWAL_REASON, NULL);
	life_set(t, LIFE_RENEWAL_RIGHT_EXPIRES_ON, in->right_expires_on);
	t->stamp_renewal_submitted = true;
	t->details = json_pack("{s:s?, s:s?}", "note", in->note, "right_expires_on", in->right_expires_on);
	return DB_OK;
}

static const char *const renewal_keys[] = {"note", "right_expires_on", NULL};

void handle_request_renewal(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = transition_body(req, renewal_keys, &errs);
	if (!body)
		return;
	struct renewal_input in = {0};
	in.note = v_string(body, "note", "", 1, 2000, V_OPTIONAL, true, &errs);
	ipr_date expires = 0;
	if (v_date(body, "right_expires_on", "", V_OPTIONAL, &expires, &errs)) {
		in.right_expires_on = json_string_value(json_object_get(body, "right_expires_on"));
		if (expires <= today_local())
			field_error(&errs, "right_expires_on", "must be in the future");
	}
	if (field_errors_any(&errs))
		respond_invalid(req, &errs);
	else
		run_transition(req, RECORDATION_RENEW, "renewal_submitted", NULL, apply_renew, &in);
	json_decref(body);
}

static enum db_status apply_renewal_decision(struct transition *t, const void *arg)
{
	bool approve = arg != NULL;
	if (!renewal_pending(t))
		return transition_refuse(t, "renewal-not-pending", "this recordation has no renewal under review");
	t->stamp_renewal_decided = true;
	if (!approve) {
		life_set(t, LIFE_RENEWAL_STATUS, "rejected");
		life_set(t, LIFE_RENEWAL_REASON, t->reason);
		return DB_OK;
	}
	ipr_date until = 0, expires = 0;
	life_date(t, LIFE_VALID_UNTIL, &until);
	if (!life_date(t, LIFE_RENEWAL_RIGHT_EXPIRES_ON, &expires))
		life_date(t, LIFE_RIGHT_EXPIRES_ON, &expires);
	ipr_date new_until = recordation_valid_until(until + 1, expires);
	if (new_until <= until) {
		field_error(&t->errs, "right_expires_on",
		            "the right expires before the recordation's validity ends: nothing to renew");
		return DB_OK;
	}
	life_set(t, LIFE_RENEWAL_STATUS, "approved");
	life_set_date(t, LIFE_RIGHT_EXPIRES_ON, expires);
	life_set_date(t, LIFE_VALID_UNTIL, new_until);
	t->details = json_pack("{s:s}", "valid_until", t->life[LIFE_VALID_UNTIL]);
	return DB_OK;
}

static const char *const renewal_outcomes[] = {"approve", "reject", NULL};

void handle_decide_renewal(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = transition_body(req, decision_keys, &errs);
	if (!body)
		return;
	const char *outcome = v_enum(body, "outcome", "", renewal_outcomes, V_REQUIRED, &errs);
	bool approving = outcome && !strcmp(outcome, "approve");
	const char *reason = v_string(body, "reason", "", 1, 2000, approving ? V_OPTIONAL : V_REQUIRED, true, &errs);
	if (field_errors_any(&errs))
		respond_invalid(req, &errs);
	else
		run_transition(req, RECORDATION_DECIDE_RENEWAL, approving ? "renewal_approved" : "renewal_rejected", reason,
		               apply_renewal_decision, approving ? outcome : NULL);
	json_decref(body);
}

/* ---- history, lists, register ---- */

void handle_recordation_history(struct request *req)
{
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&store_history, DB_ARGS(request_param(req, "id"), recordation_visible_organization(req)), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0)
		respond_problem(req, 404, "no recordation with this id");
	else
		respond_json_text(req, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
}

static const char *const status_choices[] = {"draft", "submitted", "information_requested", "approved", "rejected",
                                             "withdrawn", "revoked", "cancelled", "expired", NULL};

void handle_list_recordations(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	const char *type = query_enum(req, "ipr_type", ipr_types, &errs);
	const char *q = query_text(req, "q", 200, &errs);
	const char *overdue = query_enum(req, "overdue", query_boolean_choices, &errs);
	if (field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		return;
	}
	ipr_date today = today_local();
	char today_text[DATE_TEXT_LEN];
	date_format(today, today_text);
	const char *org = recordation_visible_organization(req);
	PGresult *res = NULL;
	enum db_status st = db_exec(org ? &store_list_own : &store_list_queue,
	                            DB_ARGS(today_text, org, status, type, q, overdue, page.after_key, page.after_id,
	                                    page.limit_plus_one),
	                            &res);
	if (st != DB_OK)
		respond_page_error(req, &page, st);
	else
		respond_page_with_deadlines(req, &page, res, today, recordation_render);
}

void handle_search_register(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *q = query_text(req, "q", 200, &errs);
	const char *type = query_enum(req, "ipr_type", ipr_types, &errs);
	const char *class_text = request_query(req, "class");
	char *end = NULL;
	long class_no = class_text ? strtol(class_text, &end, 10) : 0;
	if (class_text && (!*class_text || *end || class_no < 1 || class_no > 45))
		field_error(&errs, "class", "must be a Nice class, a whole number from 1 to 45");
	const char *hs_code = request_query(req, "hs_code");
	if (hs_code && !text_is_digits(hs_code, 2, 10))
		field_error(&errs, "hs_code", "must be an HS code or a prefix of one: 2 to 10 digits");
	if (field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		return;
	}
	char today_text[DATE_TEXT_LEN];
	date_format(today_local(), today_text);
	PGresult *res = NULL;
	enum db_status st = db_exec(&store_register,
	                            DB_ARGS(today_text, q, type, class_text, hs_code, page.after_key, page.after_id,
	                                    page.limit_plus_one),
	                            &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	respond_page(req, &page, res, 0, 1, 2);
}
