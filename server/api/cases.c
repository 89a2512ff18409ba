/* Suspect-goods cases: a port officer who finds goods that may infringe recorded rights
 * suspends them and opens a case (the shipment, its goods lines and declared values, the
 * suspicion, photos); the holder of the recordations named answers within a deadline of
 * working days, asking for detention (with the guarantee DOMAIN.md computes from the value in
 * CNY) or saying the goods do not infringe; without an answer the goods are released; detained
 * goods are investigated within another deadline and found infringing (confiscation, a fine of
 * at most 30 % of their value) or not. Headquarters and the administrator read the
 * statistics. The rules are in domain/case_flow.c and domain/money.c, the SQL in
 * api/case_store.c.
 *
 * Every change of a case writes one entry of its history (case_events) in the same
 * transaction: that is where notifications to the holder and the port will be taken from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_store.h"
#include "api/deadline.h"
#include "api/document_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/registry_calendar.h"
#include "api/workflow.h"
#include "core/config.h"
#include "domain/case_flow.h"
#include "domain/mandate_flow.h"
#include "domain/money.h"
#include "domain/recordation_flow.h"
#include "http/response.h"

#define REGISTRY_CURRENCY "CNY"
#define CASE_RECORDATIONS_MAX 20
#define CASE_GOODS_MAX 200
#define CASE_RATES_MAX 20
#define RATE_MAX (100000LL * 1000000) /* CNY 100,000 for one unit of a currency, in millionths */

static const char *const case_keys[] = {"recordations", "transport_document", "declarant",  "consignor", "consignee",
                                        "goods",        "exchange_rates",     "e_commerce", "suspicion", NULL};
static const char *const declarant_keys[] = {"name", "registration_number", NULL};
static const char *const party_keys[] = {"name", "country", "address", NULL};
static const char *const rate_keys[] = {"currency", "rate", NULL};
static const char *const goods_keys[] = {"description",    "hs_code",  "quantity", "unit",
                                         "declared_value", "currency", NULL};

/* Who sees which cases, as case_store's scope parameters $2..$3: a port officer its office's,
 * a rights holder those naming its recordations, an agent those of its clients that a mandate
 * in force covers (answering them needs answer_cases: api/agency.h), headquarters all of them
 * (two NULLs). The route table admits no other role. */
static int case_scope(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX])
{
	const struct principal *p = &req->principal;
	out[0] = p->role == ROLE_PORT_OFFICER ? p->office_id : NULL;
	out[1] = p->role & (ROLE_RIGHTS_HOLDER | ROLE_AGENT) ? p->organization_id : NULL;
	return 2;
}

/* ---- rendering ---- */

/* The representation with the clock of the deadline that runs (the holder's answer, the
 * investigation; api/deadline.h), malloc'd; NULL if text is not an object. Its quantities and
 * amounts are exact decimals. */
static char *case_render(const char *text, void *ctx)
{
	static const char *const running[] = {"notified", "detained", NULL};
	const struct deadline_place place = {NULL, running};
	return deadline_render(text, ctx, &place, 1);
}

/* ---- opening ---- */

/* An amount of money of the body (a JSON number with at most `scale` decimals, at most max
 * units), or an error on its field. */
static bool check_amount(json_t *v, int scale, int64_t max, const char *field, struct field_errors *errs, int64_t *out)
{
	if (money_from_json(v, scale, max, out))
		return true;
	char most[MONEY_TEXT_MAX], message[160];
	snprintf(message, sizeof message, "must be a number from 0 to %s with at most %d decimals",
	         money_format(max, scale, most), scale);
	field_error(errs, field, message);
	return false;
}

/* The exchange rates the officer recorded: [{"currency": "USD", "rate": 7.1}], each currency
 * once and other than CNY, each rate above 0 with at most 6 decimals. Returns them as an
 * object (the caller's) of each valid currency to {"index", "units"}: the entry's place and
 * its rate in millionths, -1 when the rate itself is bad (its error is recorded). */
static json_t *check_rates(json_t *body, struct field_errors *errs)
{
	json_t *rates = json_object();
	json_t *list = v_array(body, "exchange_rates", "", 0, CASE_RATES_MAX, V_OPTIONAL, errs);
	size_t i;
	json_t *entry;
	json_array_foreach(list, i, entry) {
		char prefix[48], field[64];
		snprintf(prefix, sizeof prefix, "exchange_rates[%zu]", i);
		if (!json_is_object(entry)) {
			field_error(errs, prefix, "must be an object");
			continue;
		}
		v_no_unknown_fields(entry, rate_keys, prefix, errs);
		const char *currency = v_string(entry, "currency", prefix, 3, 3, V_REQUIRED, false, errs);
		snprintf(field, sizeof field, "%s.currency", prefix);
		if (currency && !text_is_currency(currency))
			field_error(errs, field, "must be an ISO 4217 code such as USD");
		else if (currency && !strcmp(currency, REGISTRY_CURRENCY))
			field_error(errs, field, "CNY is the registry's currency: it needs no exchange rate");
		else if (currency && json_object_get(rates, currency))
			field_error(errs, field, "is listed twice");
		else if (currency)
			json_object_set_new(rates, currency,
			                    json_pack("{s:I, s:I}", "index", (json_int_t)i, "units", (json_int_t)-1));
		snprintf(field, sizeof field, "%s.rate", prefix);
		json_t *rate = json_object_get(entry, "rate");
		int64_t units = 0;
		if (!rate || json_is_null(rate))
			field_error(errs, field, "is required");
		else if (check_amount(rate, RATE_SCALE, RATE_MAX, field, errs, &units) && units == 0)
			field_error(errs, field, "must be more than 0");
		else if (units > 0 && currency && json_object_get(rates, currency))
			json_object_set_new(json_object_get(rates, currency), "units", json_integer(units));
	}
	return rates;
}

/* The amounts of a shipment in CNY: each line's, as a PostgreSQL numeric[] literal, and the
 * total; and DOMAIN.md's rules applied to the total. */
struct case_amounts {
	struct buf lines; /* "{125000.00,3550.50}" */
	int64_t total, guarantee, fine_limit;
};

/* A line's value in CNY, at the rate recorded for its currency (a currency without one is
 * added to missing), appended to a. */
static void convert_line(int64_t value, const char *currency, json_t *rates, json_t *missing, const char *field,
                         struct case_amounts *a, struct field_errors *errs)
{
	int64_t cny = value;
	json_t *rate_entry = json_object_get(rates, currency);
	json_int_t rate = json_integer_value(json_object_get(rate_entry, "units"));
	if (strcmp(currency, REGISTRY_CURRENCY) && !rate_entry) {
		json_object_set_new(missing, currency, json_true());
		return;
	}
	if (strcmp(currency, REGISTRY_CURRENCY) && rate <= 0)
		return; /* the rate's own error is recorded */
	if (strcmp(currency, REGISTRY_CURRENCY) && !money_convert(value, rate, MONEY_MAX, &cny)) {
		field_error(errs, field, "is too large once in CNY");
		return;
	}
	char text[MONEY_TEXT_MAX];
	buf_printf(&a->lines, "%s%s", a->lines.len > 1 ? "," : "", money_format(cny, MONEY_SCALE, text));
	a->total += cny;
}

/* One goods line: its fields, and its value in CNY added to a. Returns its currency when it
 * is valid, else NULL. */
static const char *check_line(json_t *line, size_t i, json_t *rates, json_t *missing, struct case_amounts *a,
                              struct field_errors *errs)
{
	char prefix[32], field[64];
	snprintf(prefix, sizeof prefix, "goods[%zu]", i);
	if (!json_is_object(line)) {
		field_error(errs, prefix, "must be an object");
		return NULL;
	}
	v_no_unknown_fields(line, goods_keys, prefix, errs);
	const char *currency = goods_line_check(line, prefix, errs);
	snprintf(field, sizeof field, "%s.declared_value", prefix);
	json_t *value_json = json_object_get(line, "declared_value");
	int64_t value = 0;
	if (!value_json || json_is_null(value_json))
		field_error(errs, field, "is required");
	else if (check_amount(value_json, MONEY_SCALE, MONEY_MAX, field, errs, &value) && currency)
		convert_line(value, currency, rates, missing, field, a, errs);
	return currency;
}

/* The goods lines and the exchange rates; fills a when they are all good. */
static void check_goods(json_t *body, struct case_amounts *a, struct field_errors *errs)
{
	json_t *rates = check_rates(body, errs);
	json_t *goods = v_array(body, "goods", "", 1, CASE_GOODS_MAX, V_REQUIRED, errs);
	json_t *missing = json_object(), *used = json_object();
	bool currencies_known = goods != NULL; /* every line's currency is valid: the unused rates are known */
	buf_append(&a->lines, "{", 1);
	size_t i;
	json_t *line;
	json_array_foreach(goods, i, line) {
		const char *currency = check_line(line, i, rates, missing, a, errs);
		if (currency)
			json_object_set_new(used, currency, json_true());
		currencies_known = currencies_known && currency != NULL;
	}
	buf_append(&a->lines, "}", 1);
	if (a->total > MONEY_MAX) {
		field_error(errs, "goods", "the declared values add up to too much");
		a->total = 0;
	}
	const char *currency;
	json_t *item;
	json_object_foreach(missing, currency, item) {
		char message[96];
		snprintf(message, sizeof message, "needs the rate of %s: a goods line is declared in it", currency);
		field_error(errs, "exchange_rates", message);
	}
	json_object_foreach(rates, currency, item)
		if (currencies_known && !json_object_get(used, currency))
			field_errorf(errs, "is not needed: no goods line is declared in this currency",
			             "exchange_rates[%" JSON_INTEGER_FORMAT "].currency",
			             json_integer_value(json_object_get(item, "index")));
	json_decref(missing);
	json_decref(used);
	json_decref(rates);
	a->guarantee = case_guarantee(a->total);
	a->fine_limit = case_fine_limit(a->total);
}

/* An object of the body (required or not) without unknown fields; NULL when absent or bad. */
static json_t *check_object(json_t *body, const char *key, enum v_presence presence, const char *const *keys,
                            struct field_errors *errs)
{
	json_t *obj = v_object(body, key, "", presence, errs);
	if (obj)
		v_no_unknown_fields(obj, keys, key, errs);
	return obj;
}

/* Checks every field of a case; records every bad one. */
static void check_case(json_t *body, struct case_amounts *a, struct field_errors *errs)
{
	v_no_unknown_fields(body, case_keys, "", errs);
	v_string_set(body, "recordations", "", 1, CASE_RECORDATIONS_MAX, V_REQUIRED, recordation_number_valid,
	             "must be a recordation number such as T2026-000001", errs);
	v_string(body, "transport_document", "", 1, 64, V_REQUIRED, false, errs);
	json_t *declarant = check_object(body, "declarant", V_REQUIRED, declarant_keys, errs);
	if (declarant) {
		v_string(declarant, "name", "declarant", 1, 200, V_REQUIRED, false, errs);
		v_string(declarant, "registration_number", "declarant", 1, 64, V_REQUIRED, false, errs);
	}
	for (const char *const *key = (const char *const[]){"consignor", "consignee", NULL}; *key; key++) {
		json_t *party = check_object(body, *key, V_OPTIONAL, party_keys, errs);
		if (party)
			party_check(party, *key, errs);
	}
	check_goods(body, a, errs);
	json_t *e_commerce = json_object_get(body, "e_commerce");
	if (e_commerce && !json_is_null(e_commerce) && !json_is_boolean(e_commerce))
		field_error(errs, "e_commerce", "must be true or false");
	v_string(body, "suspicion", "", 1, 4000, V_REQUIRED, true, errs);
}

/* Resolves the recordation numbers of a case (checked already) into ids (a uuid[] literal):
 * each must exist and be in force, and all must be of one rights holder (into holder). */
static enum db_status resolve_recordations(struct request *req, json_t *numbers, struct buf *ids, char *holder,
                                           struct field_errors *errs)
{
	struct buf list = {0};
	size_t i;
	json_t *n;
	buf_append(&list, "{", 1);
	json_array_foreach(numbers, i, n)
		buf_printf(&list, "%s%s", i ? "," : "", json_string_value(n));
	buf_append(&list, "}", 1);
	PGresult *res = NULL;
	enum db_status st = db_exec(&case_store_recordations, DB_ARGS(list.data, request_today_text(req)), &res);
	buf_free(&list);
	if (st != DB_OK)
		return st;
	buf_append(ids, "{", 1);
	for (int row = 0; row < PQntuples(res); row++) {
		char field[32];
		snprintf(field, sizeof field, "recordations[%d]", row);
		const char *status = PQgetvalue(res, row, 3);
		if (PQgetisnull(res, row, 1)) {
			field_error(errs, field, "no recordation has this number");
			continue;
		}
		if (strcmp(status, "approved")) {
			field_error(errs, field, "is not in force: customs protects only recorded rights in force");
			continue;
		}
		if (!holder[0])
			snprintf(holder, UUID_TEXT_LEN, "%s", PQgetvalue(res, row, 2));
		else if (strcmp(holder, PQgetvalue(res, row, 2)))
			field_error(errs, field, "is another rights holder's: open one case for each holder");
		buf_printf(ids, "%s%s", ids->len > 1 ? "," : "", PQgetvalue(res, row, 1));
	}
	buf_append(ids, "}", 1);
	PQclear(res);
	return DB_OK;
}

/* Writes the case numbered in this transaction and reads it back as the officer sees it. */
static enum db_status insert_case(struct request *req, const char *holder, const struct buf *ids,
                                  const struct case_amounts *a, PGresult **out)
{
	int year = 0, month = 0, day = 0;
	date_to_ymd(request_today(req), &year, &month, &day);
	char year_text[8], number[16], due_text[DATE_TEXT_LEN], total[MONEY_TEXT_MAX], guarantee[MONEY_TEXT_MAX],
		fine_limit[MONEY_TEXT_MAX];
	snprintf(year_text, sizeof year_text, "%d", year);
	ipr_date due = 0;
	PGresult *res = NULL;
	enum db_status st = registry_add_working_days(request_today(req), (int)cfg.case_response_days, &due);
	if (st == DB_OK)
		st = db_exec(&case_store_next_number, DB_ARGS(year_text), &res);
	if (st != DB_OK)
		return st;
	case_number_format(number, sizeof number, year, strtoll(PQgetvalue(res, 0, 0), NULL, 10));
	PQclear(res);
	/* The raw body, not a re-serialization, so that numbers stay exact (see money.h); it
	 * was parsed above and duplicate keys refused. */
	st = db_exec(&case_store_insert,
	             DB_ARGS(number, req->principal.office_id, holder, req->principal.user_id, request_today_text(req),
	                     date_format(due, due_text), req->body.data, ids->data, a->lines.data,
	                     money_format(a->total, MONEY_SCALE, total),
	                     money_format(a->guarantee, MONEY_SCALE, guarantee),
	                     money_format(a->fine_limit, MONEY_SCALE, fine_limit)),
	             &res);
	if (st != DB_OK)
		return st;
	char id[UUID_TEXT_LEN];
	snprintf(id, sizeof id, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	st = db_exec(&case_store_notify,
	             DB_ARGS(id, "case.opened", req->principal.user_id, "{\"to_status\":\"notified\"}"), NULL);
	if (st != DB_OK)
		return st;
	return db_exec(&case_store_get, DB_ARGS(id, req->principal.office_id, NULL, request_today_text(req)), out);
}

void handle_create_case(struct request *req)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	struct case_amounts amounts = {0};
	struct buf ids = {0};
	char holder[UUID_TEXT_LEN] = "";
	PGresult *res = NULL;
	check_case(body, &amounts, &errs);
	enum db_status st = field_errors_any(&errs) ? DB_OK : db_begin();
	if (st == DB_OK && !field_errors_any(&errs))
		st = resolve_recordations(req, json_object_get(body, "recordations"), &ids, holder, &errs);
	if (st == DB_OK && field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		goto out;
	}
	if (st == DB_OK)
		st = insert_case(req, holder, &ids, &amounts, &res);
	if (st == DB_OK)
		st = db_commit();
	if (st != DB_OK) {
		PQclear(res);
		respond_db_error(req, st);
	} else {
		respond_with_deadlines(req, 201, res, request_today(req), case_render);
	}
out:
	db_rollback(); /* when nothing was committed */
	buf_free(&amounts.lines);
	buf_free(&ids);
	field_errors_clear(&errs);
}

/* ---- reading ---- */

void handle_get_case(struct request *req)
{
	const char *scope[WORKFLOW_SCOPE_MAX];
	case_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&case_store_get, DB_ARGS(request_param(req, "id"), scope[0], scope[1], request_today_text(req)), &res);
	respond_found_with_deadlines(req, st, res, request_today(req), case_render, "case");
}

void handle_list_cases(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", case_status_names, &errs);
	const char *office_code = query_code(req, "office_code", &errs);
	const char *overdue = query_enum(req, "overdue", query_boolean_choices, &errs);
	const char *transport_document = query_text(req, "transport_document", 64, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	const char *scope[WORKFLOW_SCOPE_MAX];
	case_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st = db_exec(&case_store_list,
	                            DB_ARGS(request_today_text(req), scope[0], scope[1], status, office_code, overdue,
	                                    transport_document, page.after_key, page.after_id, page.limit_plus_one),
	                            &res);
	respond_page_with_deadlines(req, &page, st, res, request_today(req), case_render);
}

/* ---- transitions ---- */

/* The values a transition writes (api/workflow.h), and the columns of the locked row that
 * transitions read (after status and version). */
enum { CASE_DETAINED_ON, CASE_INVESTIGATION_DUE_ON, CASE_FINE };
enum { LOCKED_GUARANTEE = 2, LOCKED_FINE_LIMIT };

/* Detention: the investigation's deadline runs from today. */
static enum db_status apply_detention(struct workflow_step *s, const void *arg)
{
	(void)arg;
	ipr_date due = 0;
	enum db_status st = registry_add_working_days(s->today, (int)cfg.case_investigation_days, &due);
	workflow_set_date(s, CASE_DETAINED_ON, s->today);
	workflow_set_date(s, CASE_INVESTIGATION_DUE_ON, due);
	return st;
}

/* Infringement confirmed: the fine proposed, if any, at most 30 % of the declared value. */
static enum db_status apply_infringing(struct workflow_step *s, const void *arg)
{
	(void)arg;
	json_t *fine_json = json_object_get(s->body, "fine");
	int64_t fine = 0, limit = 0;
	if (!fine_json || json_is_null(fine_json))
		return DB_OK;
	if (!money_from_json(fine_json, MONEY_SCALE, MONEY_MAX, &fine) ||
	    !money_parse(workflow_row(s, LOCKED_FINE_LIMIT), MONEY_SCALE, MONEY_MAX, &limit))
		return DB_ERROR; /* checked by handle_case_decision; stored by insert_case */
	char text[MONEY_TEXT_MAX];
	if (fine > limit) {
		char message[128];
		snprintf(message, sizeof message, "must be at most 30 %% of the goods' declared value: at most CNY %s",
		         workflow_row(s, LOCKED_FINE_LIMIT));
		field_error(&s->errs, "fine", message);
		s->errs_detail = "the fine proposed is more than 30 % of the declared value of the goods";
		return DB_OK;
	}
	workflow_set(s, CASE_FINE, money_format(fine, MONEY_SCALE, text));
	return DB_OK;
}

/* Writes the answer or decision and its history entry. Two officers deciding at once, or a
 * holder answering twice: the second waits on the lock and then finds it changed (409). */
static enum db_status case_write(struct workflow_step *s, PGresult **out)
{
	enum case_action action = (enum case_action)s->action;
	return db_exec(&case_store_write,
	               DB_ARGS(request_param(s->req, "id"), s->allowed, flow_status_name(&case_flow, s->to),
	                       case_is_answer(action) ? "t" : "f", s->values[CASE_DETAINED_ON],
	                       s->values[CASE_INVESTIGATION_DUE_ON], case_is_decision(action) ? "t" : "f",
	                       s->values[CASE_FINE], s->reason, s->req->principal.user_id, s->today_text,
	                       s->req->principal.role & (ROLE_RIGHTS_HOLDER | ROLE_AGENT) ? "t" : "f",
	                       s->event ? s->event : flow_status_name(&case_flow, s->to),
	                       flow_status_name(&case_flow, s->from)),
	               out);
}

static const char *const document_kinds[] = {"goods_photo", "packaging_photo", "transport_document", "other", NULL};

/* The power an agent needs for an action on a client's case (domain/mandate_flow.h). */
static int case_mandate_power(int action, int from)
{
	(void)from;
	return (int)mandate_power_for_case((enum case_action)action);
}

const struct workflow case_workflow = {
	.noun = "case",
	.flow = &case_flow,
	.scope = case_scope,
	.state = &case_store_state,
	.locked = &case_store_state_locked,
	.lock = &case_store_lock,
	.write = case_write,
	.render = case_render,
	.history = &case_store_history,
	.document_kinds = document_kinds,
	.documents = &document_store_case,
	.attach_action = CASE_ATTACH_DOCUMENT,
	.remove_action = CASE_REMOVE_DOCUMENT,
	.mandate_power = case_mandate_power,
	.mandate_check = &case_store_mandate,
	.topic = "case",
	.notify = &case_store_notify,
};

/* A transition route of cases (the context of handle_case_transition): the body names one of
 * the outcomes under `choice`, with a reason (required or not) and, where fine is set, the
 * fine proposed with an infringement. */
struct case_route {
	const char *choice;
	const char *const *fields;
	const char *const *names;
	const struct workflow_outcome *outcomes;
	enum v_presence reason;
	bool fine;
};

static const char *const answer_fields[] = {"answer", "reason", NULL};
static const char *const answer_names[] = {"request_detention", "not_infringing", NULL};
static const struct workflow_outcome answers[] = {
	{"request_detention", CASE_REQUEST_DETENTION, "detention_requested", V_OPTIONAL, apply_detention, NULL},
	{"not_infringing", CASE_ANSWER_NOT_INFRINGING, "answered_not_infringing", V_OPTIONAL, NULL, NULL},
	{NULL, 0, NULL, V_OPTIONAL, NULL, NULL},
};
/* The holder's answer: {"answer": "request_detention" | "not_infringing", "reason"}. */
const struct case_route case_answer = {"answer", answer_fields, answer_names, answers, V_OPTIONAL, false};

static const char *const decision_fields[] = {"outcome", "fine", "reason", NULL};
static const char *const decision_names[] = {"confirmed_infringing", "not_confirmed", NULL};
static const struct workflow_outcome decisions[] = {
	{"confirmed_infringing", CASE_CONFIRM_INFRINGING, NULL, V_REQUIRED, apply_infringing, NULL},
	{"not_confirmed", CASE_NOT_CONFIRM, NULL, V_REQUIRED, NULL, NULL},
	{NULL, 0, NULL, V_OPTIONAL, NULL, NULL},
};
/* The investigation's outcome: {"outcome", "fine" (confirmed_infringing only), "reason"}. */
const struct case_route case_decision = {"outcome", decision_fields, decision_names, decisions, V_REQUIRED, true};

void handle_case_transition(struct request *req)
{
	const struct case_route *r = request_context(req);
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, r->fields, &errs);
	if (!body)
		return;
	const char *name = v_enum(body, r->choice, "", r->names, V_REQUIRED, &errs);
	const char *reason = v_string(body, "reason", "", 1, 2000, r->reason, true, &errs);
	json_t *fine = r->fine ? json_object_get(body, "fine") : NULL;
	int64_t units = 0;
	if (fine && !json_is_null(fine) && check_amount(fine, MONEY_SCALE, MONEY_MAX, "fine", &errs, &units) && name &&
	    strcmp(name, "confirmed_infringing"))
		field_error(&errs, "fine", "is proposed only for goods confirmed infringing");
	const struct workflow_outcome *o = r->outcomes;
	while (name && o->name && strcmp(o->name, name))
		o++;
	if (!respond_if_invalid(req, &errs))
		workflow_run(req, &case_workflow, o, reason, body);
}

/* ---- statistics ---- */

/* Appends one CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break,
 * and a text that a spreadsheet would take for a formula (=, +, -, @) made plain text. */
static void csv_field(struct buf *out, const char *text, bool last)
{
	bool formula = strchr("=+-@", text[0]) && text[0];
	if (formula || strpbrk(text, ",\"\r\n")) {
		buf_append(out, "\"", 1);
		if (formula)
			buf_append(out, "'", 1);
		for (const char *p = text; *p; p++)
			buf_append(out, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
		buf_append(out, "\"", 1);
	} else {
		buf_append(out, text, strlen(text));
	}
	buf_append(out, last ? "\r\n" : ",", last ? 2 : 1);
}

static void respond_statistics_csv(struct request *req, PGresult *res)
{
	static const char *const header[] = {
		"dimension",       "key", "name", "cases", "items", "declared_value_cny", "e_commerce_cases",
		"e_commerce_share"};
	const int columns = (int)(sizeof header / sizeof header[0]);
	struct buf out = {0};
	for (int c = 0; c < columns; c++)
		csv_field(&out, header[c], c == columns - 1);
	for (int r = 0; r < PQntuples(res); r++)
		for (int c = 0; c < columns; c++)
			csv_field(&out, PQgetvalue(res, r, c), c == columns - 1);
	PQclear(res);
	respond_bytes(req, 200, "text/csv; charset=utf-8", out.data, out.len);
	response_header(req, MHD_HTTP_HEADER_CONTENT_DISPOSITION, "attachment; filename=\"case-statistics.csv\"");
	buf_free(&out);
}

/* Whether the client asks for CSV (Accept: text/csv) rather than JSON. */
static bool wants_csv(struct request *req)
{
	const char *accept = request_header(req, MHD_HTTP_HEADER_ACCEPT);
	return accept && strcasestr(accept, "text/csv");
}

void handle_case_statistics(struct request *req)
{
	struct field_errors errs = {0};
	ipr_date from = 0, to = 0;
	char from_text[DATE_TEXT_LEN], to_text[DATE_TEXT_LEN];
	bool has_from = query_date(req, "from", V_OPTIONAL, &from, &errs);
	bool has_to = query_date(req, "to", V_OPTIONAL, &to, &errs);
	if (has_from && has_to && to < from)
		field_error(&errs, "to", "must not be before from");
	const char *office_code = query_code(req, "office_code", &errs);
	if (respond_if_invalid(req, &errs))
		return;
	bool csv = wants_csv(req);
	PGresult *res = NULL;
	enum db_status st = db_exec(csv ? &case_store_statistics_rows : &case_store_statistics,
	                            DB_ARGS(request_today_text(req), has_from ? date_format(from, from_text) : NULL,
	                                    has_to ? date_format(to, to_text) : NULL, office_code),
	                            &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (csv)
		respond_statistics_csv(req, res);
	else
		respond_row(req, 200, res);
}
