/* Prometheus metrics: requests by route and status, a latency histogram per route,
 * database pool use. Lock-free counters; rendered on GET /metrics. */
#ifndef IPR_HTTP_METRICS_H
#define IPR_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "http/router.h"

/* Sizes the counters for a route table of n routes (plus one slot for unmatched paths). */
void metrics_init(const struct route *table, size_t n);
/* route_index -1 is "no route". */
void metrics_record(int route_index, unsigned status, uint64_t duration_ns);
/* Appends the text exposition format to out. */
void metrics_render(struct buf *out);

#endif
