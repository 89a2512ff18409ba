#include "domain/flow.h"

#include <string.h>

const char *flow_status_name(const struct flow *f, int status)
{
	return status >= 0 && status < f->status_count ? f->status_names[status] : NULL;
}

int flow_status_parse(const struct flow *f, const char *name)
{
	for (int i = 0; name && i < f->status_count; i++)
		if (!strcmp(name, f->status_names[i]))
			return i;
	return -1;
}

bool flow_may(const struct flow *f, int action, int from)
{
	if (action < 0 || action >= f->action_count || from < 0 || from >= f->status_count)
		return false;
	return (f->transitions[action].from & FLOW_FROM(from)) != 0;
}

int flow_target(const struct flow *f, int action, int from)
{
	int to = f->transitions[action].to;
	return to == FLOW_STAYS ? from : to;
}

const char *flow_allowed_from(const struct flow *f, int action, char out[FLOW_LITERAL_MAX])
{
	size_t n = 0;
	out[n++] = '{';
	for (int s = 0; s < f->status_count; s++) {
		size_t len = strlen(f->status_names[s]);
		if (!flow_may(f, action, s) || n + len + 3 > FLOW_LITERAL_MAX)
			continue;
		if (n > 1)
			out[n++] = ',';
		memcpy(out + n, f->status_names[s], len);
		n += len;
	}
	out[n++] = '}';
	out[n] = '\0';
	return out;
}
