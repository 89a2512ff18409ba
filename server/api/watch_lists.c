/* Watch lists: each customs office keeps its recordations, or HS chapters, under intensive
 * checks for a period, each with the reason (Korea's customs does this: fashion items at one
 * airport, electronics, food and cosmetics at a port); the border check marks what is on the
 * port's list. Every officer reads them (customs-internal); an office's own port officers and
 * headquarters keep them. An entry is ended, not deleted. The SQL is in api/watch_list_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/paging.h"
#include "api/watch_list_store.h"
#include "domain/recordation_flow.h"
#include "http/response.h"

static const char *const entry_keys[] = {"recordation_number", "hs_chapter",  "reason",
                                         "valid_from",         "valid_until", NULL};

/* The office of the path into office_id (UUID_TEXT_LEN); answers 404 when there is none, or
 * 403 when changing (keeping) it is not for the caller: a port officer keeps only its own
 * office's list. Returns true when the request may go on. */
static bool office_of_path(struct request *req, bool keeping, char *office_id)
{
	const char *code = request_param(req, "code");
	PGresult *res = NULL;
	enum db_status st = text_is_office_code(code) ? db_exec(&watch_list_store_office, DB_ARGS(code), &res) : DB_OK;
	if (st != DB_OK) {
		respond_db_error(req, st);
		return false;
	}
	bool found = res && PQntuples(res) == 1;
	if (found)
		snprintf(office_id, UUID_TEXT_LEN, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (!found) {
		respond_problem(req, 404, "no customs office has this code");
		return false;
	}
	if (keeping && req->principal.role == ROLE_PORT_OFFICER && strcmp(req->principal.office_code, code)) {
		respond_problem(req, 403, "a port officer keeps only its own office's watch list");
		return false;
	}
	return true;
}

static bool is_hs_chapter(const char *s)
{
	return text_is_digits(s, 2, 2);
}

static void check_entry(json_t *body, ipr_date today, struct field_errors *errs)
{
	v_no_unknown_fields(body, entry_keys, "", errs);
	const char *number = v_string(body, "recordation_number", "", 1, 64, V_OPTIONAL, false, errs);
	if (number && !recordation_number_valid(number))
		field_error(errs, "recordation_number", "must be a recordation number such as T2026-000001");
	const char *chapter = v_string(body, "hs_chapter", "", 2, 2, V_OPTIONAL, false, errs);
	if (chapter && !is_hs_chapter(chapter))
		field_error(errs, "hs_chapter", "must be an HS chapter: 2 digits");
	bool has_number = json_is_string(json_object_get(body, "recordation_number"));
	bool has_chapter = json_is_string(json_object_get(body, "hs_chapter"));
	if (has_number && has_chapter)
		field_error(errs, "hs_chapter", "give a recordation_number or an hs_chapter, not both");
	else if (!has_number && !has_chapter) {
		field_error(errs, "recordation_number", "give a recordation_number or an hs_chapter");
		field_error(errs, "hs_chapter", "give a recordation_number or an hs_chapter");
	}
	v_string(body, "reason", "", 1, 2000, V_REQUIRED, true, errs);
	ipr_date from = today, until = 0;
	v_date(body, "valid_from", "", V_OPTIONAL, &from, errs);
	if (v_date(body, "valid_until", "", V_REQUIRED, &until, errs)) {
		if (until < today)
			field_error(errs, "valid_until", "must be today or later");
		else if (until < from)
			field_error(errs, "valid_until", "must not be before valid_from");
	}
}

void handle_list_watch_list(struct request *req)
{
	static const char *const status_choices[] = {"scheduled", "active", "expired", "ended", NULL};
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", status_choices, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	char office_id[UUID_TEXT_LEN];
	if (!office_of_path(req, false, office_id))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&watch_list_store_list,
		DB_ARGS(request_today_text(req), office_id, status, page.after_key, page.after_id, page.limit_plus_one),
		&res);
	respond_page(req, &page, st, res);
}

void handle_add_watch_list_entry(struct request *req)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	check_entry(body, request_today(req), &errs);
	if (respond_if_invalid(req, &errs))
		return;
	char office_id[UUID_TEXT_LEN], recordation_id[UUID_TEXT_LEN] = "";
	if (!office_of_path(req, true, office_id))
		return;
	PGresult *res = NULL;
	enum db_status st = DB_OK;
	const char *number = v_text(body, "recordation_number");
	if (number) {
		st = db_exec(&watch_list_store_recordation, DB_ARGS(number), &res);
		if (st == DB_OK && PQntuples(res) == 1)
			snprintf(recordation_id, sizeof recordation_id, "%s", PQgetvalue(res, 0, 0));
		else if (st == DB_OK)
			field_error(&errs, "recordation_number", "no recordation has this number");
		PQclear(res);
		res = NULL;
		if (st == DB_OK && respond_if_invalid(req, &errs))
			return;
	}
	char *text = st == DB_OK ? json_dumps(body, JSON_COMPACT) : NULL;
	if (st == DB_OK)
		st = db_exec(&watch_list_store_insert,
		             DB_ARGS(office_id, req->principal.user_id, text, number ? recordation_id : NULL,
		                     request_today_text(req)),
		             &res);
	free(text);
	if (st == DB_UNIQUE && !strcmp(db_last_constraint(), "watch_list_entries_no_overlap"))
		respond_problem_with(req, 409,
		                     json_pack("{s:s}", "type", "urn:iprd:problem:duplicate-watch-list-entry"),
		                     "the office's list has this %s already for some of the same days",
		                     number ? "recordation" : "chapter");
	else
		respond_result(req, st, res, 201);
}

/* Ends an entry (it stays in the list as ended): 200 with it. */
void handle_end_watch_list_entry(struct request *req)
{
	char office_id[UUID_TEXT_LEN];
	if (!office_of_path(req, true, office_id))
		return;
	const char *entry = request_param(req, "entry_id");
	PGresult *res = NULL;
	enum db_status st = db_exec(&watch_list_store_end,
	                            DB_ARGS(office_id, entry, req->principal.user_id, request_today_text(req)), &res);
	if (st != DB_OK || PQntuples(res) == 1) {
		respond_result(req, st, res, 200);
		return;
	}
	PQclear(res);
	st = db_exec(&watch_list_store_exists, DB_ARGS(office_id, entry), &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (PQntuples(res) == 0)
		respond_problem(req, 404, "no entry with this id on this office's watch list");
	else
		respond_problem_with(req, 409, json_pack("{s:s}", "current_status", "ended"),
		                     "this entry has ended already");
	PQclear(res);
}
