/* Product identification guides: what a rights holder tells customs officers about each of
 * its recordations so that they can tell genuine goods from counterfeits at the border
 * (distinguishing features, genuine packaging, genuine supply routes, a contact), with photos
 * of genuine and counterfeit goods and packaging. Shown to officers (here and in the border
 * check), never on the public register, never to another holder.
 *
 * The guide changes with the recordation's state machine (RECORDATION_CHANGE_GUIDE: from the
 * draft on, while in force), under the recordation's lock; its photos are documents whose
 * parent is the guide (api/documents.c, with recordation_guide_workflow as the route's
 * context), and both write the recordation's history. The SQL is in api/guide_store.c. */
#include <stdlib.h>
#include <string.h>

#include "api/document_store.h"
#include "api/guide_store.h"
#include "api/handlers.h"
#include "api/recordation_store.h"
#include "api/workflow.h"
#include "domain/recordation_flow.h"
#include "http/response.h"

static const char *const guide_keys[] = {
	"summary", "distinguishing_features", "genuine_packaging", "supply_routes", "contact", NULL};
static const char *const feature_keys[] = {"feature", "genuine", "counterfeit", NULL};
static const char *const route_keys[] = {"origin", "ports", "note", NULL};

static const char *const photo_kinds[] = {
	"genuine_goods", "counterfeit_goods", "genuine_packaging", "counterfeit_packaging", "other", NULL};

/* The guide's photos: documents of the recordation's guide, seen and changed by whoever
 * sees and changes the guide. */
const struct workflow recordation_guide_workflow = {
	.noun = "recordation",
	.flow = &recordation_flow,
	.scope = recordation_scope,
	.state = &recordation_store_state,
	.locked = &recordation_store_state_locked,
	.document_kinds = photo_kinds,
	.documents = &document_store_guide,
	.attach_action = RECORDATION_CHANGE_GUIDE,
	.remove_action = RECORDATION_CHANGE_GUIDE,
};

static void check_feature(json_t *item, const char *prefix, struct field_errors *errs)
{
	v_string(item, "feature", prefix, 1, 200, V_REQUIRED, false, errs);
	v_string(item, "genuine", prefix, 1, 1000, V_OPTIONAL, true, errs);
	v_string(item, "counterfeit", prefix, 1, 1000, V_OPTIONAL, true, errs);
}

static void check_route(json_t *item, const char *prefix, struct field_errors *errs)
{
	v_string(item, "origin", prefix, 1, 200, V_REQUIRED, false, errs);
	v_string_set(item, "ports", prefix, 0, 20, V_OPTIONAL, text_is_office_code,
	             "must be a port code: 2 to 16 capital letters and digits", errs);
	v_string(item, "note", prefix, 1, 1000, V_OPTIONAL, true, errs);
}

static void check_guide(json_t *body, const char *prefix, bool creating, struct field_errors *errs)
{
	(void)prefix;
	(void)creating;
	v_no_unknown_fields(body, guide_keys, "", errs);
	v_string(body, "summary", "", 1, 4000, V_OPTIONAL, true, errs);
	v_objects(body, "distinguishing_features", 0, 50, V_OPTIONAL, feature_keys, check_feature, errs);
	v_string(body, "genuine_packaging", "", 1, 4000, V_OPTIONAL, true, errs);
	v_objects(body, "supply_routes", 0, 50, V_OPTIONAL, route_keys, check_route, errs);
	v_string(body, "contact", "", 1, 500, V_OPTIONAL, true, errs);
}

void handle_get_guide(struct request *req)
{
	const char *scope[WORKFLOW_SCOPE_MAX];
	recordation_scope(req, scope);
	PGresult *res = NULL;
	enum db_status st = db_exec(&guide_store_get, DB_ARGS(request_param(req, "id"), scope[0]), &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no recordation with this id");
	} else
		respond_row(req, 200, res);
}

/* Replaces the guide (PUT: every field; one left out is cleared), If-Match naming the version
 * read ("0" before the first one), in the recordation's lock. */
void handle_put_guide(struct request *req)
{
	const char *if_match = request_if_match(req, "guide");
	char *guide = if_match ? request_json_checked(req, true, check_guide) : NULL;
	if (!guide)
		return;
	struct workflow_step s;
	PGresult *res = NULL;
	const char *id = request_param(req, "id");
	if (!workflow_begin(&s, req, &recordation_workflow, RECORDATION_CHANGE_GUIDE, &recordation_store_state_locked,
	                    NULL, "changes of its guide"))
		goto out;
	enum db_status st = db_exec(&guide_store_get, DB_ARGS(id, req->principal.organization_id), &res);
	if (st == DB_OK && PQntuples(res) != 1)
		st = DB_ERROR; /* the recordation is locked and visible */
	char version[24] = "";
	if (st == DB_OK) {
		snprintf(version, sizeof version, "%s", PQgetvalue(res, 0, 1));
		PQclear(res);
		res = NULL;
		if (respond_if_stale(req, if_match, version))
			goto out;
		st = db_exec(&guide_store_put, DB_ARGS(id, guide, req->principal.user_id, version), &res);
	}
	if (st == DB_OK && PQntuples(res) != 1)
		st = DB_ERROR; /* checked under the lock: it cannot be stale */
	if (st == DB_OK)
		st = db_commit();
	if (st != DB_OK)
		respond_db_error(req, st);
	else {
		respond_row(req, 200, res);
		res = NULL;
	}
out:
	PQclear(res);
	workflow_end(&s);
	free(guide);
}
