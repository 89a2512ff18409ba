#include "api/agency.h"

#include <stdio.h>
#include <string.h>

#include "api/mandate_store.h"
#include "http/response.h"

const char *agency_viewer(const struct principal *p)
{
	return p->role & ROLES_OFFICERS ? NULL : p->organization_id;
}

static void respond_not_mandated(struct request *req, const char *power)
{
	if (power)
		respond_problem_with(req, 403,
		                     json_pack("{s:s, s:s}", "type", "urn:iprd:problem:not-mandated", "power", power),
		                     "no mandate in force from this rights holder lets your agency %s here", power);
	else
		respond_problem_with(req, 403, json_pack("{s:s}", "type", "urn:iprd:problem:not-mandated"),
		                     "this is the rights holder's own to do: no mandate lets an agent do it");
}

bool agency_permits(struct request *req, const struct workflow *wf, int action, int from)
{
	if (req->principal.role != ROLE_AGENT || !wf->mandate_power)
		return true;
	enum mandate_power power = wf->mandate_power(action, from);
	const char *name = mandate_power_name(power);
	if (!name) {
		respond_not_mandated(req, NULL);
		return false;
	}
	PGresult *res = NULL;
	enum db_status st = db_exec(
		wf->mandate_check,
		DB_ARGS(request_param(req, "id"), req->principal.organization_id, name, request_today_text(req)), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return false;
	}
	bool granted = PQntuples(res) == 1;
	PQclear(res);
	if (!granted)
		respond_not_mandated(req, name);
	return granted;
}

bool agency_client(struct request *req, const char *organization_id, enum mandate_power power, char out[UUID_TEXT_LEN])
{
	const struct principal *p = &req->principal;
	struct field_errors errs = {0};
	if (p->role != ROLE_AGENT) {
		if (organization_id && strcmp(organization_id, p->organization_id))
			field_error(&errs, "organization_id", "must be your own organization (or left out)");
		snprintf(out, UUID_TEXT_LEN, "%s", p->organization_id);
		return !respond_if_invalid(req, &errs);
	}
	if (!organization_id) {
		field_error(&errs, "organization_id", "is required of an agent: the rights holder you file for");
		return !respond_if_invalid(req, &errs);
	}
	PGresult *res = NULL;
	enum db_status st = db_exec(
		&mandate_store_client,
		DB_ARGS(p->organization_id, organization_id, mandate_power_name(power), request_today_text(req)), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return false;
	}
	bool client = PQgetvalue(res, 0, 0)[0] == 't', granted = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	if (!client) {
		field_error(&errs, "organization_id",
		            "is not a client of yours: no mandate in force from it covers all its recordations");
		respond_invalid(req, &errs);
		return false;
	}
	if (!granted) {
		respond_not_mandated(req, mandate_power_name(power));
		return false;
	}
	snprintf(out, UUID_TEXT_LEN, "%s", organization_id);
	return true;
}
