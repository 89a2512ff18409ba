/* The route matcher: templates, parameters, 404 / 405 / bad parameters, HEAD. */
#include <string.h>

#include "check.h"
#include "http/router.h"

static void noop(struct request *req)
{
	(void)req;
}

static const struct route table[] = {
	{"GET", "/healthz", noop, 1, 0, NULL},
	{"POST", "/v1/recordations", noop, 1, 0, NULL},
	{"GET", "/v1/recordations", noop, 1, 0, NULL},
	{"GET", "/v1/recordations/{id}", noop, 1, 0, NULL},
	{"PATCH", "/v1/recordations/{id}", noop, 1, 0, NULL},
	{"POST", "/v1/recordations/{id}/submit", noop, 1, 0, NULL},
	{"PATCH", "/v1/recordations/{id}/authorized-users/{entry_id}", noop, 1, 0, NULL},
	{"DELETE", "/v1/sessions/current", noop, 1, 0, NULL},
	{"GET", "/v1/sessions/{id}", noop, 1, 0, NULL},
	{"PUT", "/v1/calendar/{date}", noop, 1, 0, NULL},
	{"GET", "/v1/calendar/working-days", noop, 1, 0, NULL},
};
#define N (sizeof table / sizeof table[0])
#define ID "0b5d3c52-8f0e-4d61-9a55-2f0f7e0c2a10"
#define ID2 "3F2504E0-4F89-11D3-9A0C-0305E82C3301"

int main(void)
{
	struct route_match m;

	CHECK_EQ_INT(router_match(table, N, "GET", "/healthz", &m), ROUTER_FOUND);
	CHECK(m.route == &table[0]);
	CHECK_EQ_INT(m.nparams, 0);

	CHECK_EQ_INT(router_match(table, N, "HEAD", "/healthz", &m), ROUTER_FOUND);
	CHECK(m.route == &table[0]);

	CHECK_EQ_INT(router_match(table, N, "GET", "/nope", &m), ROUTER_NOT_FOUND);
	CHECK_EQ_INT(router_match(table, N, "GET", "/", &m), ROUTER_NOT_FOUND);
	CHECK_EQ_INT(router_match(table, N, "GET", "", &m), ROUTER_NOT_FOUND);
	CHECK_EQ_INT(router_match(table, N, "GET", "/healthz/", &m), ROUTER_NOT_FOUND);
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/recordations/" ID "/", &m), ROUTER_NOT_FOUND);
	CHECK_EQ_INT(router_match(table, N, "GET", "//healthz", &m), ROUTER_NOT_FOUND);

	/* 405 lists every method of the path, HEAD with GET */
	CHECK_EQ_INT(router_match(table, N, "DELETE", "/v1/recordations", &m), ROUTER_METHOD_NOT_ALLOWED);
	CHECK_STR(m.allow, "POST, GET, HEAD");
	CHECK_EQ_INT(router_match(table, N, "POST", "/healthz", &m), ROUTER_METHOD_NOT_ALLOWED);
	CHECK_STR(m.allow, "GET, HEAD");

	/* parameters */
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/recordations/" ID, &m), ROUTER_FOUND);
	CHECK(m.route == &table[3]);
	CHECK_EQ_INT(m.nparams, 1);
	CHECK_STR(m.params[0].name, "id");
	CHECK_STR(m.params[0].value, ID);
	CHECK_EQ_INT(router_match(table, N, "PATCH", "/v1/recordations/" ID2, &m), ROUTER_FOUND);
	CHECK(m.route == &table[4]);

	CHECK_EQ_INT(router_match(table, N, "PATCH", "/v1/recordations/" ID "/authorized-users/" ID2, &m),
	             ROUTER_FOUND);
	CHECK_EQ_INT(m.nparams, 2);
	CHECK_STR(m.params[1].name, "entry_id");
	CHECK_STR(m.params[1].value, ID2);

	/* a malformed id is named */
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/recordations/123", &m), ROUTER_BAD_PARAM);
	CHECK_STR(m.bad_param, "id");
	CHECK_EQ_INT(router_match(table, N, "PATCH", "/v1/recordations/" ID "/authorized-users/x", &m),
	             ROUTER_BAD_PARAM);
	CHECK_STR(m.bad_param, "entry_id");
	CHECK_EQ_INT(
		router_match(table, N, "GET",
	                     "/v1/recordations/"
	                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	                     &m),
		ROUTER_BAD_PARAM);
	CHECK_EQ_INT(router_match(table, N, "PUT", "/v1/calendar/2026-02-30", &m), ROUTER_BAD_PARAM);
	CHECK_STR(m.bad_param, "date");
	CHECK_EQ_INT(router_match(table, N, "PUT", "/v1/calendar/2026-10-01", &m), ROUTER_FOUND);

	/* literal segments win over parameters */
	CHECK_EQ_INT(router_match(table, N, "DELETE", "/v1/sessions/current", &m), ROUTER_FOUND);
	CHECK(m.route == &table[7]);
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/sessions/current", &m), ROUTER_METHOD_NOT_ALLOWED);
	CHECK_STR(m.allow, "DELETE");
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/calendar/working-days", &m), ROUTER_FOUND);
	CHECK(m.route == &table[10]);
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/sessions/" ID, &m), ROUTER_FOUND);
	CHECK(m.route == &table[8]);

	/* The raw path is split first, each segment decoded after: an escaped '/' stays in its
	 * segment (so it cannot reach another route), an escaped NUL or a broken escape is refused. */
	CHECK_EQ_INT(router_match(table, N, "POST", "/v1/recordations/" ID "%2Fsubmit", &m), ROUTER_METHOD_NOT_ALLOWED);
	CHECK_STR(m.allow, "GET, HEAD, PATCH");
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/recordations/" ID "%2fsubmit", &m), ROUTER_BAD_PARAM);
	CHECK_STR(m.bad_param, "id");
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1%2Frecordations", &m), ROUTER_NOT_FOUND);
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/recordations/" ID "%00", &m), ROUTER_BAD_PATH);
	CHECK_EQ_INT(router_match(table, N, "GET", "/healthz%00", &m), ROUTER_BAD_PATH);
	CHECK_EQ_INT(router_match(table, N, "GET", "/healthz%", &m), ROUTER_BAD_PATH);
	CHECK_EQ_INT(router_match(table, N, "GET", "/healthz%4", &m), ROUTER_BAD_PATH);
	CHECK_EQ_INT(router_match(table, N, "GET", "/healthz%zz", &m), ROUTER_BAD_PATH);
	/* an escaped character that needs none is the character itself */
	CHECK_EQ_INT(router_match(table, N, "GET", "/%68ealthz", &m), ROUTER_FOUND);
	CHECK(m.route == &table[0]);
	CHECK_EQ_INT(router_match(table, N, "GET", "/v1/recordations/%30b5d3c52-8f0e-4d61-9a55-2f0f7e0c2a10", &m),
	             ROUTER_FOUND);
	CHECK_STR(m.params[0].value, ID);
	/* no route has that many segments, or that long a path */
	CHECK_EQ_INT(router_match(table, N, "GET", "/a/b/c/d/e/f/g/h/i/j", &m), ROUTER_NOT_FOUND);
	char long_path[ROUTER_PATH_MAX + 2] = "/v1/recordations/";
	memset(long_path + 17, 'a', ROUTER_PATH_MAX - 16);
	long_path[ROUTER_PATH_MAX + 1] = '\0';
	CHECK_EQ_INT(router_match(table, N, "GET", long_path, &m), ROUTER_NOT_FOUND);

	return check_summary("test_router");
}
