#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/util.h"

/* The length of the path segment at s (up to the next '/' or the end). */
static size_t segment_len(const char *s)
{
	return (size_t)(strchrnul(s, '/') - s);
}

/* Compares one template segment with one path segment. Returns 2 for a literal match,
 * 1 for a parameter, 0 for no match. */
static int segment_match(const char *tpl, size_t tlen, const char *seg, size_t slen)
{
	if (tlen >= 2 && tpl[0] == '{' && tpl[tlen - 1] == '}')
		return slen > 0 ? 1 : 0;
	return tlen == slen && memcmp(tpl, seg, slen) == 0 ? 2 : 0;
}

/* Walks template and path together. Returns -1 on no match, else a score that prefers
 * literal segments (earlier segments weigh more). */
static long path_score(const char *tpl, const char *path)
{
	long score = 0;
	const char *t = tpl, *p = path;
	while (*t && *p) {
		if (*t != '/' || *p != '/')
			return -1;
		t++;
		p++;
		size_t tl = segment_len(t), pl = segment_len(p);
		int s = segment_match(t, tl, p, pl);
		if (!s)
			return -1;
		score = score * 2 + (s == 2);
		t += tl;
		p += pl;
	}
	return *t || *p ? -1 : score;
}

static bool param_valid(const char *name, const char *value)
{
	size_t n = strlen(name);
	if (!strcmp(name, "id") || (n > 3 && !strcmp(name + n - 3, "_id")))
		return uuid_valid(value);
	if (!strcmp(name, "date")) {
		ipr_date d;
		return date_parse(value, &d);
	}
	return true;
}

/* Copies the parameters of a matched template into m; false when one is malformed. */
static bool extract_params(const char *tpl, const char *path, struct route_match *m)
{
	m->nparams = 0;
	const char *t = tpl, *p = path;
	while (*t && *p) {
		t++;
		p++;
		size_t tl = segment_len(t), pl = segment_len(p);
		if (t[0] == '{' && m->nparams < ROUTE_MAX_PARAMS) {
			size_t nl = tl - 2 < sizeof m->params[0].name - 1 ? tl - 2 : sizeof m->params[0].name - 1;
			memcpy(m->params[m->nparams].name, t + 1, nl);
			m->params[m->nparams].name[nl] = '\0';
			if (pl > ROUTE_PARAM_MAX) {
				snprintf(m->bad_param, sizeof m->bad_param, "%s", m->params[m->nparams].name);
				return false;
			}
			memcpy(m->params[m->nparams].value, p, pl);
			m->params[m->nparams].value[pl] = '\0';
			if (!param_valid(m->params[m->nparams].name, m->params[m->nparams].value)) {
				snprintf(m->bad_param, sizeof m->bad_param, "%s", m->params[m->nparams].name);
				return false;
			}
			m->nparams++;
		}
		t += tl;
		p += pl;
	}
	return true;
}

static void allow_add(char *allow, size_t len, const char *method)
{
	if (strstr(allow, method))
		return;
	size_t used = strlen(allow);
	snprintf(allow + used, len - used, "%s%s", used ? ", " : "", method);
}

enum router_result router_match(const struct route *table, size_t n, const char *method, const char *path,
                                struct route_match *m)
{
	memset(m, 0, sizeof *m);
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	const struct route *best = NULL;
	long best_score = -1, best_any = -1;
	/* The most specific template decides the path; methods are then looked up on it. */
	for (size_t i = 0; i < n; i++) {
		long s = path_score(table[i].path, path);
		if (s > best_any)
			best_any = s;
	}
	if (best_any < 0)
		return ROUTER_NOT_FOUND;
	for (size_t i = 0; i < n; i++) {
		if (path_score(table[i].path, path) != best_any)
			continue;
		allow_add(m->allow, sizeof m->allow, table[i].method);
		if (!strcmp(table[i].method, "GET"))
			allow_add(m->allow, sizeof m->allow, "HEAD");
		if (!strcmp(table[i].method, want) && best_any > best_score) {
			best = &table[i];
			best_score = best_any;
		}
	}
	if (!best)
		return ROUTER_METHOD_NOT_ALLOWED;
	m->route = best;
	if (!extract_params(best->path, path, m))
		return ROUTER_BAD_PARAM;
	return ROUTER_FOUND;
}
