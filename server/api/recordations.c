/* Recordations: rights holders' filings (create, read, edit), the lists, the public
 * register, and the recordation's workflow descriptor. The transitions (the 30-working-day
 * review, renewal, revocation, cancellation) are in api/recordation_changes.c; the rules
 * (which transition from which state, validity, renewal window) in
 * domain/recordation_flow.c; the SQL in api/recordation_store.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/agency.h"
#include "api/deadline.h"
#include "api/document_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/recordation_store.h"
#include "api/register_cache.h"
#include "api/workflow.h"
#include "domain/recordation_flow.h"
#include "http/offload.h"
#include "http/response.h"

static const char *const ipr_types[] = {"trademark",      "copyright",         "patent",
                                        "olympic_symbol", "world_expo_symbol", NULL};
static const char *const licensing_statuses[] = {"not_licensed", "licensed_exclusive", "licensed_non_exclusive",
                                                 "licensed_sole", NULL};
static const char *const recordation_keys[] = {
	"ipr_type",         "title",       "registration_number",   "registration_authority",
	"right_expires_on", "classes",     "goods_scope",           "hs_codes",
	"licensing_status", "description", "genuine_manufacturers", "main_ports",
	"known_infringers", NULL};
/* Creation also names whose filing it is (an agent filing for a client: api/agency.h). */
static const char *const creation_keys[] = {"ipr_type",
                                            "title",
                                            "registration_number",
                                            "registration_authority",
                                            "right_expires_on",
                                            "classes",
                                            "goods_scope",
                                            "hs_codes",
                                            "licensing_status",
                                            "description",
                                            "genuine_manufacturers",
                                            "main_ports",
                                            "known_infringers",
                                            "organization_id",
                                            NULL};
static const char *const party_keys[] = {"name", "country", "address", NULL};

/* Holders see their own organization's recordations, agents their clients' as mandated;
 * officers see all (NULL). api/agency.h. */
static const char *visible_organization(const struct request *req)
{
	return agency_viewer(&req->principal);
}

int recordation_scope(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX])
{
	out[0] = visible_organization(req);
	return 1;
}

/* ---- rendering: the SQL representation plus the clocks (api/deadline.h) ---- */

/* The representation with its clocks, malloc'd; NULL if text is not an object. */
static char *recordation_render(const char *text, void *ctx)
{
	static const char *const renewal_running[] = {"submitted", NULL};
	static const struct deadline_place places[] = {{NULL, NULL}, {"renewal", renewal_running}};
	return deadline_render(text, ctx, places, 2);
}

static const char *const document_kinds[] = {"registration_certificate", "licence", "goods_photo", "packaging_photo",
                                             "power_of_attorney",        "other",   NULL};

/* The power an agent needs for an action on a holder's recordation (domain/mandate_flow.h). */
static int recordation_mandate_power(int action, int from)
{
	return (int)mandate_power_for_recordation((enum recordation_action)action, (enum recordation_status)from);
}

const struct workflow recordation_workflow = {
	.noun = "recordation",
	.flow = &recordation_flow,
	.scope = recordation_scope,
	.state = &recordation_store_state,
	.locked = &recordation_store_state_locked,
	.lock = &recordation_store_lock,
	.loaded = LIFE_COUNT,
	.write = recordation_write,
	.render = recordation_render,
	.prepare_issue = certificate_prepare_recordation,
	.issue = certificate_issue_recordation,
	.history = &recordation_store_history,
	.document_kinds = document_kinds,
	.documents = &document_store_recordation,
	.attach_action = RECORDATION_ATTACH_DOCUMENT,
	.remove_action = RECORDATION_REMOVE_DOCUMENT,
	.mandate_power = recordation_mandate_power,
	.mandate_check = &recordation_store_mandate,
	.topic = "recordation",
	.notify = &recordation_store_notify,
};

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

void party_check(json_t *party, const char *prefix, struct field_errors *errs)
{
	v_string(party, "name", prefix, 1, 200, V_REQUIRED, false, errs);
	const char *country = v_string(party, "country", prefix, 2, 2, V_OPTIONAL, false, errs);
	if (country && !text_is_country(country))
		field_errorf(errs, "must be an ISO 3166-1 alpha-2 code such as CN", "%s.country", prefix);
	v_string(party, "address", prefix, 0, 500, V_OPTIONAL, true, errs);
}

/* Companies named in a filing: [{name, country, address}]. */
static void check_parties(json_t *body, const char *key, struct field_errors *errs)
{
	v_objects(body, key, 0, 100, V_OPTIONAL, party_keys, party_check, errs);
}

void recordation_check_fields(json_t *body, const char *prefix, bool creating, struct field_errors *errs)
{
	(void)prefix;
	enum v_presence required = creating ? V_REQUIRED : V_OPTIONAL;
	v_no_unknown_fields(body, creating ? creation_keys : recordation_keys, "", errs);
	const char *org = creating ? v_string(body, "organization_id", "", 36, 36, V_OPTIONAL, false, errs) : NULL;
	if ((org && !uuid_valid(org)) || (creating && json_is_null(json_object_get(body, "organization_id"))))
		field_error(errs, "organization_id", "must be a UUID: the id of the rights holder filed for");
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
	v_string_set(body, "hs_codes", "", 0, 100, V_OPTIONAL, is_hs_code, "must be an HS code of 4 to 10 digits",
	             errs);
	v_enum(body, "licensing_status", "", licensing_statuses, V_OPTIONAL, errs);
	v_string(body, "description", "", 1, 4000, V_OPTIONAL, true, errs);
	check_parties(body, "genuine_manufacturers", errs);
	v_string_set(body, "main_ports", "", 0, 50, V_OPTIONAL, NULL, "must be a port name of 1 to 200 characters",
	             errs);
	check_parties(body, "known_infringers", errs);
}

/* ---- create, read, edit ---- */

void handle_create_recordation(struct request *req)
{
	char *input = request_json_checked(req, true, recordation_check_fields);
	if (!input)
		return;
	char holder[UUID_TEXT_LEN];
	if (!agency_client(req, v_text(request_json_object(req, false), "organization_id"), POWER_FILE_AND_AMEND,
	                   holder)) {
		free(input);
		return;
	}
	PGresult *res = NULL;
	enum db_status st = db_exec(&recordation_store_insert,
	                            DB_ARGS(holder, input, req->principal.user_id, request_today_text(req)), &res);
	free(input);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	respond_with_deadlines(req, 201, res, request_today(req), recordation_render);
}

static void got_recordation(struct request *req, enum db_status st, PGresult *res, void *unused)
{
	(void)unused;
	respond_found_with_deadlines(req, st, res, request_today(req), recordation_render, "recordation");
}

/* The officer's lookup at the border: the query goes through the database pipeline. */
void handle_get_recordation(struct request *req)
{
	offload_query(req, &recordation_store_get,
	              DB_ARGS(request_param(req, "id"), visible_organization(req), request_today_text(req)),
	              got_recordation, NULL);
}

void handle_update_recordation(struct request *req)
{
	const char *if_match = request_if_match(req, "recordation");
	char *patch = if_match ? request_json_checked(req, false, recordation_check_fields) : NULL;
	if (!patch)
		return;
	struct workflow_step s;
	PGresult *res = NULL;
	if (!workflow_begin(&s, req, &recordation_workflow, RECORDATION_EDIT, &recordation_store_state_locked, if_match,
	                    "editing"))
		goto out;
	enum db_status st = db_exec(
		&recordation_store_patch,
		DB_ARGS(request_param(req, "id"), NULL, patch, s.allowed, s.today_text, req->principal.user_id), &res);
	if (st == DB_CHECK && !strcmp(db_last_constraint(), "recordations_classes_trademark")) {
		field_error(&s.errs, "classes", "only trademarks have Nice classes");
		respond_invalid(req, &s.errs);
		goto out;
	}
	workflow_finish(&s, st, res);
out:
	workflow_end(&s);
	free(patch);
}

/* ---- lists, register ---- */

static const char *const status_choices[] = {
	"draft",   "submitted", "information_requested", "approved", "rejected", "withdrawn", "revoked", "cancelled",
	"expired", NULL};

void handle_list_recordations(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	const char *type = query_enum(req, "ipr_type", ipr_types, &errs);
	const char *q = query_search(req, "q", &errs);
	const char *overdue = query_enum(req, "overdue", query_boolean_choices, &errs);
	const char *holder = query_uuid(req, "organization_id", &errs);
	if (respond_if_invalid(req, &errs))
		return;
	const char *org = visible_organization(req);
	struct db_stmt *list = !org                                ? &recordation_store_list_queue
	                       : req->principal.role == ROLE_AGENT ? &recordation_store_list_agent
	                                                           : &recordation_store_list_own;
	PGresult *res = NULL;
	enum db_status st = db_exec(list,
	                            DB_ARGS(request_today_text(req), org, status, type, q, overdue, page.after_key,
	                                    page.after_id, page.limit_plus_one, holder),
	                            &res);
	respond_page_with_deadlines(req, &page, st, res, request_today(req), recordation_render);
}

/* Seconds a browser or a shared cache may serve a register page without asking again (then
 * it asks with If-None-Match, and gets 304 if nothing changed): the register changes with
 * decisions, a minute late is soon enough for the public. */
#define REGISTER_MAX_AGE 60

void handle_search_register(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *q = query_search(req, "q", &errs);
	const char *type = query_enum(req, "ipr_type", ipr_types, &errs);
	const char *class_text = request_query(req, "class");
	char *end = NULL;
	long class_no = class_text ? strtol(class_text, &end, 10) : 0;
	if (class_text && (!*class_text || *end || class_no < 1 || class_no > 45))
		field_error(&errs, "class", "must be a Nice class, a whole number from 1 to 45");
	const char *hs_code =
		query_digits(req, "hs_code", 2, 10, "must be an HS code or a prefix of one: 2 to 10 digits", &errs);
	if (respond_if_invalid(req, &errs))
		return;
	char word[4 * 200 + 1]; /* q: at most 200 characters of UTF-8 (query_search) */
	size_t bytes = 0, chars = 0;
	if (q) {
		const char *w = text_longest_word(q, &bytes, &chars);
		snprintf(word, sizeof word, "%.*s", (int)bytes, w);
	}
	/* A page kept since the register last changed is served again (api/register_cache.h). The
	 * key: every parameter, separated by a character none of them can hold. */
	struct buf key = {0}, body = {0};
	long long version = -1, kept_version = -1;
	if (register_cache_enabled()) {
		buf_printf(&key, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", request_today_text(req), q ? q : "",
		           type ? type : "", class_text ? class_text : "", hs_code ? hs_code : "",
		           page.after_key ? page.after_key : "", page.after_id ? page.after_id : "",
		           page.limit_plus_one);
		PGresult *vr = NULL;
		if (db_exec(&recordation_store_register_version, DB_NO_ARGS, &vr) == DB_OK && PQntuples(vr) == 1)
			version = atoll(PQgetvalue(vr, 0, 0));
		PQclear(vr);
		if (version >= 0 && register_cache_get(key.data, &kept_version, &body) && kept_version == version) {
			respond_json_cacheable(req, body.data, body.len, REGISTER_MAX_AGE);
			goto out;
		}
		body.len = 0;
	}
	PGresult *res = NULL;
	enum db_status st;
	if (q && bytes == strlen(q) && !type && !class_text && !hs_code)
		st = db_exec(&recordation_store_register_word,
		             DB_ARGS(request_today_text(req), q, page.after_key, page.after_id, page.limit_plus_one),
		             &res);
	else
		st = db_exec(&recordation_store_register,
		             DB_ARGS(request_today_text(req), q, type, class_text, hs_code, page.after_key,
		                     page.after_id, page.limit_plus_one, q ? word : NULL),
		             &res);
	if (st != DB_OK) { /* an error is not kept, nor marked for caches */
		respond_page(req, &page, st, res);
		goto out;
	}
	page_render(&page, res, &body);
	if (version >= 0)
		register_cache_put(key.data, version, body.data, body.len);
	respond_json_cacheable(req, body.data, body.len, REGISTER_MAX_AGE);
out:
	buf_free(&key);
	buf_free(&body);
}
