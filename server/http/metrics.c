#include "http/metrics.h"

#include <stdatomic.h>
#include <string.h>

#include "db/db.h"

static const unsigned statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                                    412, 413, 415, 422, 428, 429, 500, 503, 0 /* other */};
#define NSTATUS (sizeof statuses / sizeof statuses[0])
static const double bucket_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBUCKET (sizeof bucket_bounds / sizeof bucket_bounds[0])

struct route_metrics {
	atomic_ullong count[NSTATUS];
	atomic_ullong bucket[NBUCKET + 1]; /* the last one is +Inf */
	atomic_ullong sum_ns;
};

static const struct route *routes;
static size_t nroutes;
static struct route_metrics *per_route; /* nroutes + 1 */

void metrics_init(const struct route *table, size_t n)
{
	routes = table;
	nroutes = n;
	per_route = xcalloc(n + 1, sizeof *per_route);
}

void metrics_record(int route_index, unsigned status, uint64_t duration_ns)
{
	if (!per_route)
		return;
	struct route_metrics *m = &per_route[route_index < 0 ? nroutes : (size_t)route_index];
	size_t s = 0;
	while (s < NSTATUS - 1 && statuses[s] != status)
		s++;
	atomic_fetch_add_explicit(&m->count[s], 1, memory_order_relaxed);
	double seconds = (double)duration_ns / 1e9;
	size_t b = 0;
	while (b < NBUCKET && seconds > bucket_bounds[b])
		b++;
	atomic_fetch_add_explicit(&m->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_ns, duration_ns, memory_order_relaxed);
}

static void labels(struct buf *out, size_t i)
{
	if (i == nroutes)
		buf_printf(out, "route=\"unmatched\",method=\"\"");
	else
		buf_printf(out, "route=\"%s\",method=\"%s\"", routes[i].path, routes[i].method);
}

void metrics_render(struct buf *out)
{
	buf_printf(out, "# HELP iprd_http_requests_total HTTP requests answered, by route and status.\n"
	                "# TYPE iprd_http_requests_total counter\n");
	for (size_t i = 0; i <= nroutes; i++) {
		for (size_t s = 0; s < NSTATUS; s++) {
			unsigned long long c = atomic_load_explicit(&per_route[i].count[s], memory_order_relaxed);
			if (!c)
				continue;
			buf_printf(out, "iprd_http_requests_total{");
			labels(out, i);
			if (statuses[s])
				buf_printf(out, ",status=\"%u\"} %llu\n", statuses[s], c);
			else
				buf_printf(out, ",status=\"other\"} %llu\n", c);
		}
	}
	buf_printf(out, "# HELP iprd_http_request_duration_seconds Time from first byte to the answer sent.\n"
	                "# TYPE iprd_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= nroutes; i++) {
		unsigned long long cumulative = 0;
		unsigned long long counts[NBUCKET + 1];
		for (size_t b = 0; b <= NBUCKET; b++) {
			counts[b] = atomic_load_explicit(&per_route[i].bucket[b], memory_order_relaxed);
			cumulative += counts[b];
		}
		if (!cumulative)
			continue;
		unsigned long long running = 0;
		for (size_t b = 0; b <= NBUCKET; b++) {
			running += counts[b];
			buf_printf(out, "iprd_http_request_duration_seconds_bucket{");
			labels(out, i);
			if (b < NBUCKET)
				buf_printf(out, ",le=\"%g\"} %llu\n", bucket_bounds[b], running);
			else
				buf_printf(out, ",le=\"+Inf\"} %llu\n", running);
		}
		buf_printf(out, "iprd_http_request_duration_seconds_sum{");
		labels(out, i);
		buf_printf(out, "} %.6f\n", (double)atomic_load(&per_route[i].sum_ns) / 1e9);
		buf_printf(out, "iprd_http_request_duration_seconds_count{");
		labels(out, i);
		buf_printf(out, "} %llu\n", cumulative);
	}
	struct db_stats st;
	db_stats(&st);
	buf_printf(
		out,
		"# HELP iprd_db_connections Open database connections (one per thread that uses one, and the pipelined ones).\n"
		"# TYPE iprd_db_connections gauge\niprd_db_connections %lld\n"
		"# HELP iprd_db_connections_busy Statements in flight now (a pipelined connection carries many at once).\n"
		"# TYPE iprd_db_connections_busy gauge\niprd_db_connections_busy %lld\n"
		"# HELP iprd_db_connect_failures_total Failed attempts to connect to the database.\n"
		"# TYPE iprd_db_connect_failures_total counter\niprd_db_connect_failures_total %lld\n"
		"# HELP iprd_db_errors_total Statements that failed for a reason other than the input.\n"
		"# TYPE iprd_db_errors_total counter\niprd_db_errors_total %lld\n"
		"# HELP iprd_db_coalesced_total Requests answered by one statement run for several requests of a loop's turn.\n"
		"# TYPE iprd_db_coalesced_total counter\niprd_db_coalesced_total %lld\n",
		(long long)st.connections_open, (long long)st.connections_busy, (long long)st.connect_failures,
		(long long)st.query_errors, (long long)st.coalesced);
}
