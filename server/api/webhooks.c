/* Webhook endpoints of an organization (its users register, list, delete and re-enable them)
 * and their delivery log, with redelivery. The deliveries themselves: api/webhook_delivery.c;
 * the SQL: api/webhook_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/events.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "api/webhook_delivery.h"
#include "api/webhook_store.h"
#include "domain/webhook.h"
#include "http/response.h"

static const char *const endpoint_keys[] = {"url", "description", "event_types", NULL};
static const char *const delivery_statuses[] = {"pending", "succeeded", "failed", NULL};

/* The event types as a PostgreSQL array literal ({"a","b"}), malloc'd; the items are checked. */
static char *types_literal(json_t *types)
{
	struct buf b = {0};
	buf_append(&b, "{", 1);
	size_t i;
	json_t *t;
	json_array_foreach(types, i, t)
		buf_printf(&b, "%s\"%s\"", i ? "," : "", json_string_value(t));
	buf_append(&b, "}", 1);
	return b.data;
}

void handle_create_webhook_endpoint(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, endpoint_keys, &errs);
	if (!body)
		return;
	const char *url = v_string(body, "url", "", 8, 2000, V_REQUIRED, false, &errs);
	const char *description = v_string(body, "description", "", 1, 200, V_OPTIONAL, false, &errs);
	json_t *types = v_string_set(body, "event_types", "", 0, 50, V_OPTIONAL, event_type_known,
	                             "is not a type of event (see EventType)", &errs);
	char why[256];
	const char *refusal = url ? webhook_url_refusal(url, why) : NULL;
	if (refusal)
		field_error(&errs, "url", refusal);
	if (respond_if_invalid(req, &errs))
		return;
	unsigned char bytes[WEBHOOK_SECRET_BYTES];
	char secret[WEBHOOK_SECRET_LEN];
	randombytes_buf(bytes, sizeof bytes);
	webhook_secret_format(bytes, secret);
	sodium_memzero(bytes, sizeof bytes);
	char *literal = types_literal(types);
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&webhook_store_insert,
		DB_ARGS(req->principal.organization_id, url, description, literal, secret, req->principal.user_id),
		&res);
	free(literal);
	sodium_memzero(secret, sizeof secret);
	respond_result(req, st, res, 201);
}

void handle_list_webhook_endpoints(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&webhook_store_list,
		DB_ARGS(req->principal.organization_id, page.after_key, page.after_id, page.limit_plus_one), &res);
	respond_page(req, &page, st, res);
}

/* Runs stmt ($1 the endpoint, $2 the caller's organization) and answers its one row with
 * `status` (204: no body), or 404 when the endpoint is not the organization's. */
static void endpoint_statement(struct request *req, struct db_stmt *stmt, unsigned status)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(stmt, DB_ARGS(request_param(req, "id"), req->principal.organization_id), &res);
	if (st == DB_OK && PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no webhook endpoint with this id");
	} else if (st == DB_OK && status == 204) {
		PQclear(res);
		respond_empty(req, 204);
	} else {
		respond_result(req, st, res, status);
	}
}

void handle_get_webhook_endpoint(struct request *req)
{
	endpoint_statement(req, &webhook_store_get, 200);
}

void handle_delete_webhook_endpoint(struct request *req)
{
	endpoint_statement(req, &webhook_store_delete, 204);
}

void handle_enable_webhook_endpoint(struct request *req)
{
	endpoint_statement(req, &webhook_store_enable, 200);
}

void handle_list_webhook_deliveries(struct request *req)
{
	struct field_errors errs = {0};
	struct page page;
	page_parse(req, &page, &errs);
	const char *status = query_enum(req, "status", delivery_statuses, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	PGresult *res = NULL;
	const char *id = request_param(req, "id"), *org = req->principal.organization_id;
	enum db_status st = db_exec(&webhook_store_get, DB_ARGS(id, org), &res);
	if (st == DB_OK && PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no webhook endpoint with this id");
		return;
	}
	PQclear(res);
	res = NULL;
	if (st == DB_OK)
		st = db_exec(&webhook_store_deliveries,
		             DB_ARGS(id, org, status, page.after_key, page.after_id, page.limit_plus_one), &res);
	respond_page(req, &page, st, res);
}

void handle_redeliver_webhook(struct request *req)
{
	const char *args[] = {request_param(req, "delivery_id"), request_param(req, "id"),
	                      req->principal.organization_id};
	PGresult *res = NULL;
	enum db_status st = db_exec(&webhook_store_redeliver, args, 3, &res);
	if (st != DB_OK || PQntuples(res) == 1) {
		respond_result(req, st, res, 200);
		return;
	}
	PQclear(res);
	res = NULL;
	st = db_exec(&webhook_store_delivery_status, args, 3, &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (PQntuples(res) == 0)
		respond_problem(req, 404, "no delivery with this id to this webhook endpoint");
	else
		respond_state_conflict(req, PQgetvalue(res, 0, 0), "this delivery is pending already: it will be sent");
	PQclear(res);
}
