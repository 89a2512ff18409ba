/* Delivering events to webhook endpoints: a bounded pool of worker threads
 * (IPR_WEBHOOK_WORKERS) in every daemon, off the request threads, each claiming one due
 * delivery at a time from the database (api/webhook_store.h: FOR UPDATE SKIP LOCKED, and a
 * lease on the endpoint so that a slow receiver holds one worker at most) and sending it with
 * libcurl, signed as the Standard Webhooks specification says (domain/webhook.h). A failure is
 * tried again after a doubling wait with jitter (IPR_WEBHOOK_RETRY_BASE, IPR_WEBHOOK_ATTEMPTS:
 * over a day by default); 410 Gone disables the endpoint. Every attempt is logged with its
 * status and latency.
 *
 * A receiver on a private, loopback or link-local address is refused unless it is in
 * IPR_WEBHOOK_ALLOWED_NETWORKS: checked when the endpoint is registered, and again on the
 * address libcurl is about to connect to (so that a name that later resolves elsewhere, DNS
 * rebinding, cannot reach inside). No redirect is followed, no proxy is used. */
#ifndef IPR_API_WEBHOOK_DELIVERY_H
#define IPR_API_WEBHOOK_DELIVERY_H

#include "core/net.h"

/* Starts the workers. */
int webhook_delivery_start(void) MUST_CHECK;
/* Stops them (a delivery under way finishes, at most IPR_WEBHOOK_TIMEOUT) and joins them. */
void webhook_delivery_stop(void);
/* Deliveries may have been written (events committed: api/events.h's watch); idle workers
 * look now. */
void webhook_delivery_changed(void);

/* Why url may not be an endpoint (a sentence for a 422), or NULL when it may: http or https,
 * a host and no credentials, and every address the host resolves to reachable (above).
 * Resolves the host: call it on a handler thread. */
const char *webhook_url_refusal(const char *url, char why[256]);

#endif
