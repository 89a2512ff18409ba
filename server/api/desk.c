/* The agent's desk: what needs it across all its clients (filings by status and deadline,
 * requests for information awaiting an answer, renewals due, suspect-goods cases to answer)
 * with counts per client, or for
 * one client (organization_id). Only what a mandate in force lets it see (api/agency.h); the
 * SQL is mandate_store_desk. */
#include "api/handlers.h"
#include "api/mandate_store.h"
#include "api/paging.h"
#include "domain/recordation_flow.h"
#include "http/response.h"

void handle_agent_desk(struct request *req)
{
	struct field_errors errs = {0};
	const char *client = query_uuid(req, "organization_id", &errs);
	if (respond_if_invalid(req, &errs))
		return;
	char due_until[DATE_TEXT_LEN];
	date_format(recordation_renewal_due_until(request_today(req)), due_until);
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&mandate_store_desk,
	                DB_ARGS(req->principal.organization_id, request_today_text(req), client, due_until), &res);
	respond_result(req, st, res, 200);
}
