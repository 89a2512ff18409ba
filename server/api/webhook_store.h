/* The SQL of webhooks (migrations/0016_webhooks.sql): endpoints, their deliveries and the
 * workers' claims (api/webhooks.c, api/webhook_delivery.c). */
#ifndef IPR_API_WEBHOOK_STORE_H
#define IPR_API_WEBHOOK_STORE_H

#include "db/db.h"

/* $1 organization, $2 url, $3 description, $4 event types (text[]), $5 secret, $6 actor →
 * the endpoint (api_webhook_endpoint) with its secret: the only answer that shows it. */
extern struct db_stmt webhook_store_insert;
/* $1 organization, $2 cursor key, $3 cursor id, $4 limit → endpoint, key, id; newest first. */
extern struct db_stmt webhook_store_list;
/* $1 id, $2 organization → the endpoint; no row when it is not the organization's. */
extern struct db_stmt webhook_store_get;
/* $1 id, $2 organization → deleted with its deliveries; no row when not the organization's. */
extern struct db_stmt webhook_store_delete;
/* $1 id, $2 organization → enabled again: the endpoint; no row when not the organization's. */
extern struct db_stmt webhook_store_enable;
/* $1 endpoint, $2 organization, $3 status or NULL, $4 cursor key, $5 cursor id, $6 limit →
 * delivery (api_webhook_delivery), key, id; newest first; no row at all when the endpoint is
 * not the organization's (the first row is then checked by webhook_store_get). */
extern struct db_stmt webhook_store_deliveries;
/* $1 delivery, $2 endpoint, $3 organization → pending again, due now: the delivery; no row
 * when there is no such delivery of the organization's endpoint. */
extern struct db_stmt webhook_store_redeliver;
/* $1 delivery, $2 endpoint, $3 organization → its status; no row when not found. */
extern struct db_stmt webhook_store_delivery_status;

/* A worker's claim: $1 lease seconds → delivery id, endpoint id, url, secret, event id, event
 * (JSON text), attempts so far; no row when nothing is due. Takes a lease on the endpoint
 * (busy_until) so that no other worker of any daemon delivers to it meanwhile. */
extern struct db_stmt webhook_store_claim;
/* An attempt's outcome: $1 delivery, $2 endpoint, $3 status code or NULL, $4 error or NULL,
 * $5 latency ms, $6 the delivery's new status, $7 next attempt in ms (when pending),
 * $8 disable the endpoint with this reason (or NULL). Releases the lease. */
extern struct db_stmt webhook_store_record;

#endif
