/* The router and path decoding: "METHOD\nraw path" against the API's route table. */
#include "api/handlers.h"
#include "core/util.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *method = fuzz_string(data, size);
	char *path = fuzz_split(method);
	struct route_match m;
	enum router_result r = router_match(api_routes, api_routes_count, method, path, &m);
	FUZZ_CHECK(r >= ROUTER_FOUND && r <= ROUTER_BAD_PATH);
	if (r == ROUTER_FOUND) {
		FUZZ_CHECK(m.route >= api_routes && m.route < api_routes + api_routes_count);
		FUZZ_CHECK(!strcmp(m.route->method, method) || (!strcmp(method, "HEAD") && !strcmp(m.route->method, "GET")));
		FUZZ_CHECK(m.nparams >= 0 && m.nparams <= ROUTE_MAX_PARAMS);
		for (int i = 0; i < m.nparams; i++) {
			size_t n = strnlen(m.params[i].value, sizeof m.params[i].value);
			FUZZ_CHECK(n > 0 && n <= ROUTE_PARAM_MAX);
			/* a parameter is one segment: a decoded '/' in it is never a UUID or a date */
			FUZZ_CHECK(!strchr(m.params[i].value, '/'));
			if (!strcmp(m.params[i].name, "id") || strstr(m.params[i].name, "_id"))
				FUZZ_CHECK(uuid_valid(m.params[i].value));
		}
	}
	if (r == ROUTER_METHOD_NOT_ALLOWED)
		FUZZ_CHECK(m.allow[0] != '\0');
	if (r == ROUTER_BAD_PARAM)
		FUZZ_CHECK(m.bad_param[0] != '\0');
	free(method);
	return 0;
}
