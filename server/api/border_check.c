/* The border check: one call that tells a port officer, for a shipment in front of them,
 * which recorded rights may apply and what customs knows about each (the rules are those of
 * border_check() in migrations/0024_border_check_page.sql: candidates, ranking, reasons, the
 * one authorization rule of 0004, pre-confirmations, guides, alerts, watch lists).
 *
 * Served by a handler thread (its route is not ROUTE_IN_LOOP), not on the event loop's
 * database pipeline like the authorization check: one check costs PostgreSQL some 3 ms of CPU
 * on the bench data set, twenty times a lookup, and a pipeline answers in order, so every
 * lookup of the loop queued behind the checks in flight (64 clients, half of them checking:
 * the authorization check fell from some 1,300-1,900 answers a second to 64-300, its p99 from
 * 40-51 ms to 160-1,100 ms; bench/RESULTS.md). On the handler threads the checks run on their
 * own connections, in parallel on every CPU, and the loop's lookups pass them by. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/border_store.h"
#include "api/handlers.h"
#include "api/paging.h"
#include "core/config.h"
#include "http/offload.h"
#include "http/response.h"

#define BORDER_HS_CODES_MAX 20
#define BORDER_LIMIT_DEFAULT 20
#define BORDER_LIMIT_MAX 50

/* hs_code: one HS code of 4 to 10 digits, or several separated by commas, as a PostgreSQL
 * array literal into out ("{61091000,4202}"); false (recorded in errs) when bad. */
static bool parse_hs_codes(const char *text, char *out, size_t len, struct field_errors *errs)
{
	size_t n = 0, at = 0;
	const char *p = text;
	out[at++] = '{';
	for (;;) {
		size_t k = strcspn(p, ",");
		char code[16];
		bool ok = k >= 4 && k <= 10 && ++n <= BORDER_HS_CODES_MAX;
		if (ok) {
			memcpy(code, p, k);
			code[k] = '\0';
			ok = text_is_digits(code, 4, 10);
		}
		if (!ok) {
			field_error(errs, "hs_code",
			            "must be HS codes of 4 to 10 digits, at most 20, separated by commas");
			return false;
		}
		at += (size_t)snprintf(out + at, len - at, "%s%s", n > 1 ? "," : "", code);
		if (!p[k])
			break;
		p += k + 1;
	}
	snprintf(out + at, len - at, "}");
	return true;
}

static void checked(struct request *req, enum db_status st, PGresult *res, void *unused)
{
	(void)unused;
	respond_result(req, st, res, 200);
}

void handle_border_check(struct request *req)
{
	struct field_errors errs = {0};
	const char *transport_document = query_text(req, "transport_document", 64, &errs);
	const char *declarant = query_text(req, "declarant", 64, &errs);
	const char *hs_text = request_query(req, "hs_code");
	char hs_codes[BORDER_HS_CODES_MAX * 11 + 4];
	bool has_hs = hs_text && parse_hs_codes(hs_text, hs_codes, sizeof hs_codes, &errs);
	const char *port = query_code(req, "port", &errs);
	const char *text = query_search(req, "text", &errs);
	const char *role = query_authorized_role(req, &errs);
	const char *date_text = request_query(req, "date");
	ipr_date on = request_today(req);
	if (date_text && !date_parse(date_text, &on))
		field_error(&errs, "date", "must be a real date written YYYY-MM-DD");
	const char *limit_text = request_query(req, "limit");
	long limit = BORDER_LIMIT_DEFAULT;
	if (limit_text) {
		char *end = NULL;
		limit = strtol(limit_text, &end, 10);
		if (!*limit_text || *end || limit < 1 || limit > BORDER_LIMIT_MAX)
			field_error(&errs, "limit", "must be a whole number from 1 to 50");
	}
	if (!request_query(req, "transport_document") && !request_query(req, "declarant") && !hs_text &&
	    !request_query(req, "text"))
		field_error(&errs, "text",
		            "the check needs something to look for: give at least one of text, hs_code, declarant and "
		            "transport_document");
	if (respond_if_invalid(req, &errs))
		return;
	/* A port officer checks at its own port unless it says otherwise. */
	if (!port && req->principal.role == ROLE_PORT_OFFICER)
		port = req->principal.office_code;
	char on_text[DATE_TEXT_LEN], limit_out[8], roles[32], similarity[8];
	snprintf(limit_out, sizeof limit_out, "%ld", limit);
	snprintf(similarity, sizeof similarity, "%ld", cfg.border_mark_similarity);
	if (role)
		snprintf(roles, sizeof roles, "{%s}", role);
	offload_query(req, &border_store_check,
	              DB_ARGS(date_format(on, on_text), transport_document, declarant, has_hs ? hs_codes : NULL, port,
	                      text, role ? roles : NULL, limit_out, similarity),
	              checked, NULL);
}
