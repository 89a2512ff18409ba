/* The transitions of a recordation: submission, the decision, withdrawal, revocation and
 * cancellation, renewal and its decision. The workflow engine (api/workflow.h) runs each in
 * one transaction; what each does to the row is an apply function here, whether it may
 * happen at all is domain/recordation_flow.c's table, the SQL is api/recordation_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/recordation_store.h"
#include "api/registry_calendar.h"
#include "api/workflow.h"
#include "domain/recordation_flow.h"
#include "http/response.h"

static const char *flag(const struct workflow_step *s, int col)
{
	return s->values[col] ? "t" : "f";
}

enum db_status recordation_write(struct workflow_step *s, PGresult **out)
{
	const char *id = request_param(s->req, "id");
	char *const *v = s->values;
	workflow_set(s, LIFE_STATUS, recordation_status_name((enum recordation_status)s->to));
	enum db_status st =
		workflow_exec(s, &recordation_store_write,
	                      DB_ARGS(id, s->allowed, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
	                              v[11], v[12], v[13], flag(s, STAMP_SUBMITTED), flag(s, STAMP_RENEWAL_SUBMITTED),
	                              flag(s, STAMP_RENEWAL_DECIDED), s->today_text),
	                      out);
	/* (Queued with the history entry, the write is read after both ran: under the row lock it
	 * cannot miss, and workflow_finish answers 500 and rolls back if it ever did.) */
	if (st != DB_OK || (!s->batch && PQntuples(*out) != 1))
		return st;
	bool same = s->to == s->from;
	char *details = workflow_details_text(s);
	st = workflow_exec(s, &recordation_store_event,
	                   DB_ARGS(id, s->req->principal.user_id, s->event,
	                           same ? NULL : recordation_status_name((enum recordation_status)s->from),
	                           same ? NULL : recordation_status_name((enum recordation_status)s->to), s->reason,
	                           details),
	                   NULL);
	free(details);
	return st;
}

/* ---- submit ---- */

/* What a filing needs before it can be submitted; each missing item named. */
static void check_complete(struct workflow_step *s)
{
	static const struct {
		int col;
		const char *field;
	} required[] = {
		{LOCK_TITLE, "title"},
		{LOCK_REGISTRATION_NUMBER, "registration_number"},
		{LOCK_REGISTRATION_AUTHORITY, "registration_authority"},
		{LOCK_LIFE(LIFE_RIGHT_EXPIRES_ON), "right_expires_on"},
		{LOCK_GOODS_SCOPE, "goods_scope"},
		{LOCK_LICENSING_STATUS, "licensing_status"},
	};
	for (size_t i = 0; i < ARRAY_LEN(required); i++)
		if (!workflow_row(s, required[i].col))
			field_error(&s->errs, required[i].field, "required to submit");
	ipr_date expires = 0;
	if (workflow_date(s, LIFE_RIGHT_EXPIRES_ON, &expires) && expires <= s->today)
		field_error(&s->errs, "right_expires_on", "must be in the future");
	if (!strcmp(workflow_row(s, LOCK_IPR_TYPE), "trademark") && !strcmp(workflow_row(s, LOCK_CLASS_COUNT), "0"))
		field_error(&s->errs, "classes", "required to submit");
	/* The evidence: the registration certificate always; the licence contract when the
	 * right is licensed (not asked while licensing_status itself is missing). */
	if (strcmp(workflow_row(s, LOCK_HAS_CERTIFICATE), "t"))
		field_error(&s->errs, "documents.registration_certificate", "required to submit");
	const char *licensing = workflow_row(s, LOCK_LICENSING_STATUS);
	if (licensing && strcmp(licensing, "not_licensed") && strcmp(workflow_row(s, LOCK_HAS_LICENCE), "t"))
		field_error(&s->errs, "documents.licence", "required to submit");
	s->errs_detail = "the filing is incomplete: every missing item is listed in errors";
}

static enum db_status apply_submit(struct workflow_step *s, const void *arg)
{
	(void)arg;
	const char *note = v_text(s->body, "note");
	check_complete(s);
	if (field_errors_any(&s->errs))
		return DB_OK;
	/* After an information request the clock resumes with the days that were left;
	 * otherwise (a first filing, or one amended after rejection) a new clock starts. */
	bool resumed = s->from == RECORDATION_INFORMATION_REQUESTED;
	int days = RECORDATION_DUE_WORKING_DAYS;
	if (resumed && s->values[LIFE_PAUSED_WORKING_DAYS_LEFT])
		days = atoi(s->values[LIFE_PAUSED_WORKING_DAYS_LEFT]);
	ipr_date due = 0;
	enum db_status st = registry_add_working_days(s->today, days, &due);
	if (st != DB_OK)
		return st;
	workflow_set_date(s, LIFE_RECEIVED_ON, s->today);
	workflow_set_date(s, LIFE_DUE_ON, due);
	workflow_set(s, LIFE_PAUSED_WORKING_DAYS_LEFT, NULL);
	workflow_set(s, STAMP_SUBMITTED, "t");
	s->details = json_pack("{s:i, s:b}", "working_days", days, "resumed", resumed);
	if (note)
		json_object_set_new(s->details, "note", json_string(note));
	return DB_OK;
}

static const char *const submit_fields[] = {"note", NULL};

static void check_submission(struct request *req, json_t *body, struct field_errors *errs)
{
	(void)req;
	v_string(body, "note", "", 1, 2000, V_OPTIONAL, true, errs);
}

static const struct workflow_outcome submission = {NULL,       RECORDATION_SUBMIT, "submitted",
                                                   V_OPTIONAL, apply_submit,       NULL};
const struct workflow_route recordation_submission = {
	.wf = &recordation_workflow, .outcomes = &submission, .fields = submit_fields, .check = check_submission};

/* ---- decision ---- */

static enum db_status assign_number(struct workflow_step *s)
{
	char prefix[2] = {recordation_number_prefix(workflow_row(s, LOCK_IPR_TYPE)), '\0'};
	int year = 0, month = 0, day = 0;
	date_to_ymd(s->today, &year, &month, &day);
	char year_text[8];
	snprintf(year_text, sizeof year_text, "%d", year);
	PGresult *res = NULL;
	enum db_status st = db_exec(&recordation_store_next_number, DB_ARGS(prefix, year_text), &res);
	if (st != DB_OK)
		return st;
	char number[16];
	recordation_number_format(number, sizeof number, prefix[0], year, strtoll(PQgetvalue(res, 0, 0), NULL, 10));
	PQclear(res);
	workflow_set(s, LIFE_NUMBER, number);
	s->details = json_pack("{s:s}", "number", number);
	return DB_OK;
}

/* The number is taken last (workflow_number_last): approvals of one series wait for each
 * other from it to their commit. */

static enum db_status apply_approve(struct workflow_step *s, const void *arg)
{
	(void)arg;
	ipr_date expires = 0;
	if (!workflow_date(s, LIFE_RIGHT_EXPIRES_ON, &expires) || expires < s->today) {
		field_error(&s->errs, "right_expires_on", "the right has expired: it cannot be approved");
		return DB_OK;
	}
	workflow_set(s, LIFE_DUE_ON, NULL);
	workflow_set_date(s, LIFE_VALID_FROM, s->today);
	workflow_set_date(s, LIFE_VALID_UNTIL, recordation_valid_until(s->today, expires));
	workflow_number_last(s, assign_number);
	return DB_OK;
}

static enum db_status apply_reject(struct workflow_step *s, const void *arg)
{
	(void)arg;
	workflow_set(s, LIFE_DUE_ON, NULL);
	workflow_set(s, LIFE_LAST_REASON, s->reason);
	return DB_OK;
}

/* The clock stops: the working days left are kept for the resubmission (none when overdue). */
static enum db_status apply_request_information(struct workflow_step *s, const void *arg)
{
	(void)arg;
	ipr_date due = s->today;
	workflow_date(s, LIFE_DUE_ON, &due);
	int left = 0;
	enum db_status st = due > s->today ? registry_working_days_between(s->today, due, &left) : DB_OK;
	if (st != DB_OK)
		return st;
	workflow_set(s, LIFE_DUE_ON, NULL);
	workflow_set_int(s, LIFE_PAUSED_WORKING_DAYS_LEFT, left);
	workflow_set(s, LIFE_LAST_REASON, s->reason);
	s->details = json_pack("{s:i}", "paused_working_days_left", left);
	return DB_OK;
}

static const char *const decision_names[] = {"approve", "reject", "request_information", NULL};
static const struct workflow_outcome decision_outcomes[] = {
	{"approve", RECORDATION_APPROVE, "approved", V_OPTIONAL, apply_approve, NULL},
	{"reject", RECORDATION_REJECT, "rejected", V_REQUIRED, apply_reject, NULL},
	{"request_information", RECORDATION_REQUEST_INFORMATION, "information_requested", V_REQUIRED,
         apply_request_information, NULL},
};
const struct workflow_route recordation_decision = {
	.wf = &recordation_workflow, .names = decision_names, .outcomes = decision_outcomes};

/* ---- withdrawal, revocation, cancellation ---- */

static bool renewal_pending(const struct workflow_step *s)
{
	return s->values[LIFE_RENEWAL_STATUS] && !strcmp(s->values[LIFE_RENEWAL_STATUS], "submitted");
}

static enum db_status apply_end(struct workflow_step *s, const void *arg)
{
	(void)arg;
	workflow_set(s, LIFE_DUE_ON, NULL);
	workflow_set(s, LIFE_PAUSED_WORKING_DAYS_LEFT, NULL);
	if (s->action != RECORDATION_WITHDRAW)
		workflow_set(s, LIFE_LAST_REASON, s->reason);
	if (renewal_pending(s)) { /* a pending renewal ends with the recordation */
		workflow_set(s, LIFE_RENEWAL_STATUS, "rejected");
		workflow_set(s, LIFE_RENEWAL_REASON, s->reason);
		workflow_set(s, STAMP_RENEWAL_DECIDED, "t");
	}
	return DB_OK;
}

static const struct workflow_outcome withdrawal = {NULL, RECORDATION_WITHDRAW, "withdrawn", V_OPTIONAL, apply_end,
                                                   NULL};
static const struct workflow_outcome revocation = {NULL, RECORDATION_REVOKE, "revoked", V_REQUIRED, apply_end, NULL};
static const struct workflow_outcome cancellation = {NULL,       RECORDATION_CANCEL, "cancelled",
                                                     V_REQUIRED, apply_end,          NULL};
const struct workflow_route recordation_withdrawal = {.wf = &recordation_workflow, .outcomes = &withdrawal};
const struct workflow_route recordation_revocation = {.wf = &recordation_workflow, .outcomes = &revocation};
const struct workflow_route recordation_cancellation = {.wf = &recordation_workflow, .outcomes = &cancellation};

/* ---- renewal ---- */

static enum db_status apply_renew(struct workflow_step *s, const void *arg)
{
	(void)arg;
	const char *note = v_text(s->body, "note"), *right_expires_on = v_text(s->body, "right_expires_on");
	ipr_date until = 0;
	workflow_date(s, LIFE_VALID_UNTIL, &until);
	if (renewal_pending(s))
		return workflow_refuse(s, "renewal-pending", "a renewal of this recordation is already under review");
	if (!recordation_in_renewal_window(s->today, until)) {
		char opens[DATE_TEXT_LEN];
		char detail[128];
		snprintf(detail, sizeof detail, "renewal may be applied for from %s until valid_until",
		         date_format(recordation_renewal_opens(until), opens));
		return workflow_refuse(s, "renewal-window", detail);
	}
	ipr_date due = 0;
	enum db_status st = registry_add_working_days(s->today, RENEWAL_DUE_WORKING_DAYS, &due);
	if (st != DB_OK)
		return st;
	workflow_set(s, LIFE_RENEWAL_STATUS, "submitted");
	workflow_set_date(s, LIFE_RENEWAL_DUE_ON, due);
	workflow_set(s, LIFE_RENEWAL_NOTE, note);
	workflow_set(s, LIFE_RENEWAL_REASON, NULL);
	workflow_set(s, LIFE_RENEWAL_RIGHT_EXPIRES_ON, right_expires_on);
	workflow_set(s, STAMP_RENEWAL_SUBMITTED, "t");
	s->details = json_pack("{s:s?, s:s?}", "note", note, "right_expires_on", right_expires_on);
	return DB_OK;
}

static const char *const renewal_fields[] = {"note", "right_expires_on", NULL};

static void check_renewal(struct request *req, json_t *body, struct field_errors *errs)
{
	v_string(body, "note", "", 1, 2000, V_OPTIONAL, true, errs);
	ipr_date expires = 0;
	if (v_date(body, "right_expires_on", "", V_OPTIONAL, &expires, errs) && expires <= request_today(req))
		field_error(errs, "right_expires_on", "must be in the future");
}

static const struct workflow_outcome renewal = {NULL,       RECORDATION_RENEW, "renewal_submitted",
                                                V_OPTIONAL, apply_renew,       NULL};
const struct workflow_route recordation_renewal = {
	.wf = &recordation_workflow, .outcomes = &renewal, .fields = renewal_fields, .check = check_renewal};

static enum db_status apply_renewal_decision(struct workflow_step *s, const void *arg)
{
	bool approve = arg != NULL;
	if (!renewal_pending(s))
		return workflow_refuse(s, "renewal-not-pending", "this recordation has no renewal under review");
	workflow_set(s, STAMP_RENEWAL_DECIDED, "t");
	if (!approve) {
		workflow_set(s, LIFE_RENEWAL_STATUS, "rejected");
		workflow_set(s, LIFE_RENEWAL_REASON, s->reason);
		return DB_OK;
	}
	ipr_date until = 0, expires = 0;
	workflow_date(s, LIFE_VALID_UNTIL, &until);
	if (!workflow_date(s, LIFE_RENEWAL_RIGHT_EXPIRES_ON, &expires))
		workflow_date(s, LIFE_RIGHT_EXPIRES_ON, &expires);
	ipr_date new_until = recordation_valid_until(until + 1, expires);
	if (new_until <= until) {
		field_error(&s->errs, "right_expires_on",
		            "the right expires before the recordation's validity ends: nothing to renew");
		return DB_OK;
	}
	workflow_set(s, LIFE_RENEWAL_STATUS, "approved");
	workflow_set_date(s, LIFE_RIGHT_EXPIRES_ON, expires);
	workflow_set_date(s, LIFE_VALID_UNTIL, new_until);
	s->details = json_pack("{s:s}", "valid_until", s->values[LIFE_VALID_UNTIL]);
	return DB_OK;
}

static const char *const renewal_decision_names[] = {"approve", "reject", NULL};
static const struct workflow_outcome renewal_decision_outcomes[] = {
	{"approve", RECORDATION_DECIDE_RENEWAL, "renewal_approved", V_OPTIONAL, apply_renewal_decision, ""},
	{"reject", RECORDATION_DECIDE_RENEWAL, "renewal_rejected", V_REQUIRED, apply_renewal_decision, NULL},
};
const struct workflow_route recordation_renewal_decision = {
	.wf = &recordation_workflow, .names = renewal_decision_names, .outcomes = renewal_decision_outcomes};
