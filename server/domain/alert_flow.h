/* Alerts as pure rules: a rights holder's alert of an expected suspicious shipment is
 * `active` until it is withdrawn; `expired` is derived when read (past the end of its window
 * of dates), and nothing can be done to an expired alert. The API layer (api/alerts.c) runs
 * it on the workflow engine. */
#ifndef IPR_DOMAIN_ALERT_FLOW_H
#define IPR_DOMAIN_ALERT_FLOW_H

#include "domain/flow.h"

#define ALERT_WINDOW_MAX_DAYS 366 /* the longest window of dates one alert may cover */

enum alert_status { ALERT_ACTIVE, ALERT_WITHDRAWN, ALERT_EXPIRED, ALERT_STATUS_COUNT };

enum alert_action {
	ALERT_WITHDRAW, /* holder: -> withdrawn */
	ALERT_ACTION_COUNT
};

/* The transition table (domain/flow.h), for the workflow engine. */
extern const struct flow alert_flow;

#endif
