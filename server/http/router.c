#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/util.h"

/* The most templates that match one path equally well: one a method (five methods). */
#define ROUTER_MATCHES_MAX 16

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

/* A path split at '/' and each segment %-decoded (RFC 3986: the separators are found in
 * the raw text, then the segments are decoded), so that "%2F" cannot add a segment. */
struct segments {
	int n;
	const char *seg[ROUTER_SEGMENTS_MAX];
	size_t len[ROUTER_SEGMENTS_MAX];
	char buf[ROUTER_PATH_MAX + 1]; /* each segment decoded, NUL-terminated; never longer than raw */
};

/* Splits and decodes path into s. ROUTER_FOUND when it is well formed; ROUTER_NOT_FOUND
 * when it cannot be a route's (no leading '/', too long, too many segments);
 * ROUTER_BAD_PATH for a malformed escape or one that decodes to NUL. */
static enum router_result split_path(const char *path, struct segments *s)
{
	s->n = 0;
	if (path[0] != '/' || strlen(path) > ROUTER_PATH_MAX)
		return ROUTER_NOT_FOUND;
	size_t used = 0;
	for (const char *p = path; *p == '/';) {
		p++;
		if (s->n == ROUTER_SEGMENTS_MAX)
			return ROUTER_NOT_FOUND;
		size_t raw = strcspn(p, "/");
		char *out = s->buf + used;
		long n = percent_decode(p, raw, out);
		if (n < 0)
			return ROUTER_BAD_PATH;
		s->seg[s->n] = out;
		s->len[s->n++] = (size_t)n;
		used += (size_t)n + 1; /* the raw segment had its '/' and at least n bytes */
		p += raw;
	}
	return ROUTER_FOUND;
}

/* Walks the template's segments and the path's together. Returns -1 on no match, else a
 * score that prefers literal segments (earlier segments weigh more). */
static long path_score(const char *tpl, const struct segments *s)
{
	long score = 0;
	const char *t = tpl;
	int i = 0;
	for (; *t == '/' && i < s->n; i++) {
		t++;
		size_t tl = segment_len(t);
		int m = segment_match(t, tl, s->seg[i], s->len[i]);
		if (!m)
			return -1;
		score = score * 2 + (m == 2);
		t += tl;
	}
	return *t || i < s->n ? -1 : score;
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
	if (!strcmp(name, "list") || !strcmp(name, "seq")) /* a status list's or a log leaf's number */
		return value[0] && strlen(value) <= 18 && strspn(value, "0123456789") == strlen(value);
	return !strchr(value, '/'); /* one segment, even %2F decoded */
}

/* Copies the parameters of a matched template into m; false when one is malformed. */
static bool extract_params(const char *tpl, const struct segments *s, struct route_match *m)
{
	m->nparams = 0;
	const char *t = tpl;
	for (int i = 0; *t == '/' && i < s->n; i++) {
		t++;
		size_t tl = segment_len(t), pl = s->len[i];
		if (t[0] == '{' && m->nparams < ROUTE_MAX_PARAMS) {
			size_t nl = tl - 2 < sizeof m->params[0].name - 1 ? tl - 2 : sizeof m->params[0].name - 1;
			memcpy(m->params[m->nparams].name, t + 1, nl);
			m->params[m->nparams].name[nl] = '\0';
			if (pl > ROUTE_PARAM_MAX) {
				snprintf(m->bad_param, sizeof m->bad_param, "%s", m->params[m->nparams].name);
				return false;
			}
			memcpy(m->params[m->nparams].value, s->seg[i], pl + 1);
			if (!param_valid(m->params[m->nparams].name, m->params[m->nparams].value)) {
				snprintf(m->bad_param, sizeof m->bad_param, "%s", m->params[m->nparams].name);
				return false;
			}
			m->nparams++;
		}
		t += tl;
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
	struct segments segs;
	enum router_result split = split_path(path, &segs);
	if (split != ROUTER_FOUND)
		return split;
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	const struct route *best = NULL;
	long best_score = -1, best_any = -1;
	/* The most specific template decides the path; methods are then looked up on it. Only
	 * the templates that match are looked at twice (the score of each was a tenth of a GET's
	 * time in iprd, computed twice). */
	size_t matching[ROUTER_MATCHES_MAX];
	size_t nmatching = 0;
	for (size_t i = 0; i < n; i++) {
		long s = path_score(table[i].path, &segs);
		if (s < 0 || s < best_any)
			continue;
		if (s > best_any)
			nmatching = 0;
		best_any = s;
		if (nmatching < ROUTER_MATCHES_MAX)
			matching[nmatching++] = i;
	}
	if (best_any < 0)
		return ROUTER_NOT_FOUND;
	for (size_t k = 0; k < nmatching; k++) {
		size_t i = matching[k];
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
	if (!extract_params(best->path, &segs, m))
		return ROUTER_BAD_PARAM;
	return ROUTER_FOUND;
}
