/* Customs offices and their officers, run by the registry administrator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/office_store.h"
#include "api/paging.h"
#include "auth/password.h"
#include "db/db.h"
#include "http/offload.h"
#include "http/response.h"

static const char *const office_keys[] = {"code", "name", "kind", NULL};
static const char *const office_kinds[] = {"headquarters", "port", NULL};

void handle_create_office(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, office_keys, &errs);
	if (!body)
		return;
	const char *code = v_string(body, "code", "", 2, 16, V_REQUIRED, false, &errs);
	if (code && !text_is_code(code, 2, 16))
		field_error(&errs, "code", "must be 2 to 16 capital letters and digits");
	const char *name = v_string(body, "name", "", 1, 200, V_REQUIRED, false, &errs);
	const char *kind = v_enum(body, "kind", "", office_kinds, V_REQUIRED, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(&office_store_insert, DB_ARGS(code, name, kind), &res);
	respond_created(req, st, res, "code", "is taken", "a customs office with this code exists");
}

void handle_list_offices(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *kind = query_enum(req, "kind", office_kinds, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&office_store_list, DB_ARGS(kind, page.after_key, page.after_id, page.limit_plus_one), &res);
	respond_page(req, &page, st, res);
}

static void create_officer(struct request *req, json_t *body)
{
	char hash[PASSWORD_HASH_MAX];
	if (!hash_new_password(req, v_text(body, "password"), hash))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&office_store_insert_officer,
		DB_ARGS(v_text(body, "email"), hash, v_text(body, "full_name"), v_text(body, "office_code")), &res);
	sodium_memzero(hash, sizeof hash);
	if (st == DB_OK && PQntuples(res) != 1) { /* the office was removed meanwhile */
		PQclear(res);
		struct field_errors errs = {0};
		field_error(&errs, "office_code", "is not a customs office");
		respond_invalid(req, &errs);
		return;
	}
	respond_created(req, st, res, "email", "is already registered", "an account with this email already exists");
}

static const char *const officer_keys[] = {"email", "password", "full_name", "office_code", NULL};

void handle_create_officer(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, officer_keys, &errs);
	if (!body)
		return;
	validate_email(body, "email", "", V_REQUIRED, &errs);
	validate_password(body, "password", "", &errs);
	v_string(body, "full_name", "", 1, 200, V_REQUIRED, false, &errs);
	const char *office_code = v_string(body, "office_code", "", 2, 16, V_REQUIRED, false, &errs);
	enum db_status st = DB_OK;
	if (office_code) {
		PGresult *res = NULL;
		st = db_exec(&office_store_kind, DB_ARGS(office_code), &res);
		if (st == DB_OK && PQntuples(res) == 0)
			field_error(&errs, "office_code", "is not a customs office");
		PQclear(res);
	}
	if (st != DB_OK) {
		field_errors_clear(&errs);
		respond_db_error(req, st);
	} else if (!respond_if_invalid(req, &errs)) {
		offload(req, create_officer);
	}
}
