#include "api/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/agency.h"
#include "api/deadline.h"
#include "http/response.h"

/* $1 id, the caller's scope, today: the parameters of wf's state statements. */
static int state_params(struct request *req, const struct workflow *wf, const char *today,
                        const char *out[2 + WORKFLOW_SCOPE_MAX])
{
	int n = 0;
	out[n++] = request_param(req, "id");
	n += wf->scope(req, out + n);
	out[n++] = today;
	return n;
}

bool workflow_begin(struct workflow_step *s, struct request *req, const struct workflow *wf, int action,
                    struct db_stmt *lock, const char *if_match, const char *what)
{
	*s = (struct workflow_step){.req = req, .wf = wf, .action = action};
	s->today = request_today(req);
	s->today_text = request_today_text(req);
	flow_allowed_from(wf->flow, action, s->allowed);
	const char *params[2 + WORKFLOW_SCOPE_MAX];
	int n = state_params(req, wf, s->today_text, params);
	enum db_status st = db_begin();
	if (st == DB_OK)
		st = db_exec(lock, params, n, &s->row);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return false;
	}
	if (PQntuples(s->row) == 0) {
		respond_problem(req, 404, "no %s with this id", wf->noun);
		return false;
	}
	const char *shown = PQgetvalue(s->row, 0, 0);
	s->from = flow_status_parse(wf->flow, shown);
	if (!agency_permits(req, wf, action, s->from))
		return false;
	if (respond_if_stale(req, if_match, PQgetvalue(s->row, 0, 1)))
		return false;
	if (!flow_may(wf->flow, action, s->from)) {
		char detail[256];
		snprintf(detail, sizeof detail, "a %s that is %s does not allow %s (allowed from %s)", wf->noun, shown,
		         what ? what : "this", s->allowed);
		respond_state_conflict(req, shown, detail);
		return false;
	}
	s->to = flow_target(wf->flow, action, s->from);
	return true;
}

void workflow_end(struct workflow_step *s)
{
	db_rollback(); /* when nothing was committed */
	PQclear(s->row);
	s->row = NULL;
	for (int i = 0; i < WORKFLOW_VALUES_MAX; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
	}
	json_decref(s->details);
	s->details = NULL;
	json_decref(s->prepared);
	s->prepared = NULL;
	field_errors_clear(&s->errs);
}

/* Answers the data's refusal that apply recorded (422). */
static void respond_refused(struct workflow_step *s)
{
	if (!s->errs_detail) {
		respond_invalid(s->req, &s->errs);
		return;
	}
	json_t *list = s->errs.list;
	s->errs.list = NULL;
	respond_problem_with(s->req, 422, json_pack("{s:o}", "errors", list), "%s", s->errs_detail);
}

void workflow_number_last(struct workflow_step *s, enum db_status (*take)(struct workflow_step *s))
{
	s->number = take;
}

enum db_status workflow_exec(struct workflow_step *s, struct db_stmt *stmt, const char *const *params, int nparams,
                             PGresult **out)
{
	if (!s->batch)
		return db_exec(stmt, params, nparams, out);
	db_batch_add(s->batch, stmt, params, nparams, out);
	return DB_OK;
}

static enum db_status announce(struct workflow_step *s);

/* The end of a change that takes a number (workflow_number_last): the counter's row is
 * locked from the number to the commit, so that is done last: the number (one round trip),
 * then the write, what the change issues (signed meanwhile) and its event together (one
 * more), then the commit. */
static void write_numbered(struct workflow_step *s, const void *arg)
{
	struct db_batch batch = {0};
	PGresult *res = NULL;
	enum db_status st = s->number(s);
	s->batch = &batch;
	if (st == DB_OK)
		st = s->wf->write(s, &res);
	if (st == DB_OK && s->wf->issue)
		st = s->wf->issue(s, arg);
	if (st == DB_OK)
		st = announce(s);
	s->batch = NULL;
	if (st == DB_OK)
		st = db_batch_run(&batch);
	else
		db_batch_clear(&batch);
	workflow_finish(s, st, res);
}

void workflow_run(struct request *req, const struct workflow *wf, const struct workflow_outcome *o, const char *reason,
                  json_t *body)
{
	struct workflow_step s;
	PGresult *res = NULL;
	if (!workflow_begin(&s, req, wf, o->action, wf->lock, request_header(req, MHD_HTTP_HEADER_IF_MATCH), NULL))
		goto out;
	s.event = o->event;
	s.notify = o->event ? o->event : flow_status_name(wf->flow, s.to);
	s.reason = reason;
	s.body = body;
	for (int i = 0; i < wf->loaded; i++)
		workflow_set(&s, i, workflow_row(&s, 2 + i));
	enum db_status st = o->apply ? o->apply(&s, o->arg) : DB_OK;
	if (st == DB_OK && s.answered)
		goto out;
	if (st == DB_OK && field_errors_any(&s.errs)) {
		respond_refused(&s);
		goto out;
	}
	if (st == DB_OK && wf->prepare_issue)
		st = wf->prepare_issue(&s, o->arg);
	if (st == DB_OK && s.number) {
		write_numbered(&s, o->arg);
		goto out;
	}
	if (st == DB_OK)
		st = wf->write(&s, &res);
	if (st == DB_OK && wf->issue && PQntuples(res) == 1)
		st = wf->issue(&s, o->arg);
	workflow_finish(&s, st, res);
out:
	workflow_end(&s);
}

void workflow_finish(struct workflow_step *s, enum db_status st, PGresult *res)
{
	/* Under the row lock the guarded write cannot miss: no row would be a bug, not a race. */
	if (st == DB_OK && PQntuples(res) != 1)
		st = DB_ERROR;
	if (st == DB_OK)
		st = workflow_commit(s);
	if (st != DB_OK) {
		PQclear(res);
		respond_db_error(s->req, st);
		return;
	}
	respond_with_deadlines(s->req, 200, res, s->today, s->wf->render);
}

/* Writes the change's event (workflow_exec), once. */
static enum db_status announce(struct workflow_step *s)
{
	if (s->announced || !s->notify || !s->wf->notify)
		return DB_OK;
	s->announced = true;
	char type[128];
	snprintf(type, sizeof type, "%s.%s", s->wf->topic, s->notify);
	bool same = s->from == s->to;
	json_t *data = json_pack("{s:s?, s:s?, s:s?, s:O?}", "from_status",
	                         same ? NULL : flow_status_name(s->wf->flow, s->from), "to_status",
	                         same ? NULL : flow_status_name(s->wf->flow, s->to), "reason", s->reason, "details",
	                         s->details);
	char *text = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	enum db_status st = workflow_exec(
		s, s->wf->notify, DB_ARGS(request_param(s->req, "id"), type, s->req->principal.user_id, text), NULL);
	free(text);
	return st;
}

enum db_status workflow_commit(struct workflow_step *s)
{
	enum db_status st = announce(s);
	return st == DB_OK ? db_commit() : st;
}

bool workflow_visible(struct request *req, const struct workflow *wf)
{
	char today[DATE_TEXT_LEN];
	const char *params[2 + WORKFLOW_SCOPE_MAX];
	int n = state_params(req, wf, date_format(request_today(req), today), params);
	PGresult *res = NULL;
	enum db_status st = db_exec(wf->state, params, n, &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return false;
	}
	bool found = PQntuples(res) == 1;
	PQclear(res);
	if (!found)
		respond_problem(req, 404, "no %s with this id", wf->noun);
	return found;
}

enum db_status workflow_refuse(struct workflow_step *s, const char *slug, const char *detail)
{
	char type[64];
	snprintf(type, sizeof type, "urn:iprd:problem:%s", slug);
	respond_problem_with(
		s->req, 409,
		json_pack("{s:s, s:s}", "type", type, "current_status", flow_status_name(s->wf->flow, s->from)), "%s",
		detail);
	s->answered = true;
	return DB_OK;
}

void workflow_set(struct workflow_step *s, int col, const char *value)
{
	free(s->values[col]);
	s->values[col] = value ? xstrdup(value) : NULL;
}

void workflow_set_date(struct workflow_step *s, int col, ipr_date d)
{
	char text[DATE_TEXT_LEN];
	workflow_set(s, col, date_format(d, text));
}

void workflow_set_int(struct workflow_step *s, int col, long long v)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", v);
	workflow_set(s, col, text);
}

bool workflow_date(const struct workflow_step *s, int col, ipr_date *out)
{
	return s->values[col] && date_parse(s->values[col], out);
}

const char *workflow_row(const struct workflow_step *s, int col)
{
	return PQgetisnull(s->row, 0, col) ? NULL : PQgetvalue(s->row, 0, col);
}

char *workflow_details_text(const struct workflow_step *s)
{
	return s->details ? json_dumps(s->details, JSON_COMPACT) : NULL;
}

static const char *const decision_keys[] = {"outcome", "reason", NULL};
static const char *const reason_keys[] = {"reason", NULL};

void handle_transition(struct request *req)
{
	const struct workflow_route *r = request_context(req);
	struct field_errors errs = {0};
	const char *const *fields = r->fields ? r->fields : r->names ? decision_keys : reason_keys;
	json_t *body = request_json_fields(req, true, fields, &errs);
	if (!body)
		return;
	const struct workflow_outcome *o = r->names ? NULL : &r->outcomes[0];
	if (r->names) {
		const char *name = v_enum(body, "outcome", "", r->names, V_REQUIRED, &errs);
		for (size_t i = 0; name && r->names[i]; i++)
			if (!strcmp(name, r->names[i]))
				o = &r->outcomes[i];
	}
	const char *reason = NULL;
	if (r->check)
		r->check(req, body, &errs);
	else
		reason = v_string(body, "reason", "", 1, 2000, o ? o->reason : V_REQUIRED, true, &errs);
	if (!respond_if_invalid(req, &errs))
		workflow_run(req, r->wf, o, reason, body);
}

void handle_history(struct request *req)
{
	const struct workflow *wf = request_context(req);
	if (!workflow_visible(req, wf))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(wf->history, DB_ARGS(request_param(req, "id")), &res);
	if (st == DB_OK && PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no %s with this id", wf->noun);
	} else
		respond_result(req, st, res, 200);
}
