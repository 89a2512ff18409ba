/* Events: what happened that an organization or a customs office should hear of. Each is
 * written in the transaction of its change (the workflows' through api/workflow.h, the
 * time-driven ones by api/scheduler.h), one row per audience (migrations/0015_events.sql):
 *   org:<organization id>   the users of an organization (rights holders, importers)
 *   office:<office id>      the officers of a customs office
 *   hq                      the officers of every headquarters office
 * and read in order through the feed, GET /v1/events, which long-polls (http/park.h). */
#ifndef IPR_API_EVENTS_H
#define IPR_API_EVENTS_H

#include "http/request.h"

#define EVENT_AUDIENCES_MAX 2
#define EVENT_AUDIENCE_LEN 48 /* "office:" and a UUID, and NUL */

/* Every type of event there is (the API document's EventType), NULL-terminated. */
extern const char *const event_types[];
bool event_type_known(const char *type);

/* The audiences whose events the caller sees, into out; returns how many (none for an
 * administrator). */
int events_audiences(const struct principal *p, char out[EVENT_AUDIENCES_MAX][EVENT_AUDIENCE_LEN]);

/* The event watch (a background job, db/job.h): every 200 ms, the events committed since it
 * last looked wake the feed's readers waiting for their audiences, and the webhook workers.
 * (Events do not NOTIFY: migration 0018 says why.) */
int events_watch_start(void) MUST_CHECK;
void events_watch_stop(void);

/* GET /v1/events?after=&limit=&wait= */
void handle_list_events(struct request *req);

#endif
