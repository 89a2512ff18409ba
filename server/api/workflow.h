/* The workflow engine: the one way a record changes state. A resource with a workflow
 * declares itself once, as a `struct workflow` (its noun, its state machine in domain/, who
 * sees what, its statements, how it answers), and the engine runs every change the same way
 * in one transaction: begin, lock the row (404 when the caller cannot see it), check
 * If-Match (412) and the state machine (409 with current_status), let the resource apply the
 * change, write it guarded by `status = ANY(allowed)` with its history entry, commit and
 * answer 200 with the record and its ETag.
 *
 * The same descriptor makes a record a parent of supporting documents (api/documents.c)
 * and serves its history; routes point at it (their context), so that one handler serves
 * every resource. Adding a workflow: a transition table (domain/), a store, the apply
 * functions, one descriptor, route lines. */
#ifndef IPR_API_WORKFLOW_H
#define IPR_API_WORKFLOW_H

#include <stdbool.h>

#include <jansson.h>

#include "api/paging.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/flow.h"
#include "domain/validate.h"
#include "http/request.h"

#define WORKFLOW_SCOPE_MAX 3   /* parameters that say what the caller may see */
#define WORKFLOW_VALUES_MAX 20 /* the columns a change writes back */

struct document_statements;

/* One change in the making, from the lock to the answer. */
struct workflow_step {
	struct request *req;
	const struct workflow *wf;
	int action;
	const char *event;  /* the history entry's action ("approved") */
	const char *notify; /* the event the change announces, after the workflow's topic
	                       ("approved": recordation.approved); NULL for none (workflow_commit) */
	json_t *body;       /* the request's body, for apply functions that read more than the reason */
	const char *reason; /* the caller's, borrowed from the body; or NULL */
	int from, to;       /* the status it starts from (as shown today) and leads to */
	PGresult *row;      /* the lock statement's row: status, version, the resource's columns */
	ipr_date today;     /* the request's (request_today) */
	const char *today_text;
	char allowed[FLOW_LITERAL_MAX];    /* the statuses the action may start from: the write's guard */
	char *values[WORKFLOW_VALUES_MAX]; /* what the write sets, malloc'd or NULL (workflow_set) */
	json_t *details;                   /* for the history entry, owned */
	struct field_errors errs;          /* apply's refusals of the data: 422 */
	const char *errs_detail;           /* their detail, when not the default */
	bool answered;                     /* apply answered a refusal itself (workflow_refuse) */
	/* A number the change takes from a gapless counter (set by apply: workflow_number_last),
	 * whose row lock is held until the commit; NULL for none. */
	enum db_status (*number)(struct workflow_step *s);
	json_t *prepared;       /* what the issue step built before the number, owned (prepare_issue) */
	struct db_batch *batch; /* where workflow_exec queues statements (the last round trip), or NULL */
	bool announced;         /* its event is written (or queued) */
};

/* What a change does once the engine allowed it: sets values, details, or records errors
 * in s->errs (422), or refuses with workflow_refuse. Returns DB_OK or a database error. */
typedef enum db_status (*workflow_apply)(struct workflow_step *s, const void *arg);

struct workflow {
	const char *noun; /* "recordation": "no recordation with this id" */
	const struct flow *flow;
	/* The parameters after the record's id that limit what the caller sees (NULL for each
	 * that does not apply); returns how many. */
	int (*scope)(const struct request *req, const char *out[WORKFLOW_SCOPE_MAX]);
	/* $1 id, scope, today → status shown today, version; no row when not visible. */
	struct db_stmt *state;
	/* The same, locked against other changes of the record and of its documents (FOR NO KEY
	 * UPDATE: history entries, which only reference the row, can still be written). */
	struct db_stmt *locked;
	/* The same FOR UPDATE, followed by the columns transitions read; the first `loaded`
	 * of them after status and version are copied into values[] for apply to change. */
	struct db_stmt *lock;
	int loaded;
	/* Writes the change: the row guarded by status = ANY(s->allowed), and its history entry;
	 * *out the record: body, version (and optionally whether a deadline runs). */
	enum db_status (*write)(struct workflow_step *s, PGresult **out);
	page_item_map render; /* the representation with its deadlines (api/deadline.h) */
	/* What a transition grants, issued after its write and before the commit, in the same
	 * transaction (the certificate of an approval: api/certificates.c, which decides by the
	 * step's action and event); NULL for none. prepare_issue runs first, after apply and
	 * before the number and the write, and builds from the locked row and the values to be
	 * written what can be built without the number (s->prepared); issue completes it and
	 * writes it with workflow_exec. */
	workflow_apply prepare_issue;
	workflow_apply issue;
	/* $1 id → {"items": [...]} (whether the caller sees the record is the state
	 * statement's to say: handle_history asks it first). */
	struct db_stmt *history;

	/* A rights holder's record, on which agents act under mandates (api/agency.h): the
	 * power (enum mandate_power) an agent needs to take `action` from status `from`, and
	 * the statement that says whether a mandate grants it: $1 id, $2 agent organization,
	 * $3 power, $4 today → a row when granted. NULL: agents act on such records as
	 * themselves, as far as the route table and scope let them. */
	int (*mandate_power)(int action, int from);
	struct db_stmt *mandate_check;

	/* A parent of supporting documents (api/documents.c): the kinds, the statements, and
	 * the actions of the flow that attach and remove them. NULL kinds: none. */
	const char *const *document_kinds;
	struct document_statements *documents;
	int attach_action, remove_action;

	/* Its events (api/events.h), written by workflow_commit in the change's transaction: the
	 * topic of their types ("recordation": recordation.approved), and the statement that
	 * appends one to the event outbox (EVENT_OUTBOX_NOTIFY, api/event_store.h; the relay writes
	 * it for each audience of the record): $1 id, $2 type, $3 actor, $4 data (jsonb:
	 * from_status, to_status, reason, details). NULL notify: the workflow announces nothing. */
	const char *topic;
	struct db_stmt *notify;
};

/* Opens the transaction of a change and locks the record with `lock` (wf->locked, or
 * wf->lock for a transition): answers 404 when the caller cannot see it, 403 when it is an
 * agent whose mandate does not grant the action (api/agency.h), 412 when if_match
 * (NULL: not checked) names another version, and 409 when the state machine does not allow
 * `action` now (`what` names it in the detail: "changes of its documents"; NULL "this").
 * Returns true when the change may go on; the caller ends the step with workflow_end in
 * every case. */
bool workflow_begin(struct workflow_step *s, struct request *req, const struct workflow *wf, int action,
                    struct db_stmt *lock, const char *if_match, const char *what);
/* Commits a change: first its event (s->notify, when the workflow has events), in the same
 * transaction, so that an event exists exactly when its change does. Every change of a
 * workflow's record commits through here. */
enum db_status workflow_commit(struct workflow_step *s) MUST_CHECK;
/* Ends a change written by the caller (st, and res: the record as the write returned it,
 * one row): commits (workflow_commit) and answers 200 with the record and its ETag, or the
 * database error. Clears res. */
void workflow_finish(struct workflow_step *s, enum db_status st, PGresult *res);
/* Rolls back what was not committed and frees the step. */
void workflow_end(struct workflow_step *s);

/* Whether the caller sees the record (answers 404, or the database error, and returns
 * false when not). */
bool workflow_visible(struct request *req, const struct workflow *wf);

/* A refusal that the state allows but the record does not (a 409 with its own problem type
 * urn:iprd:problem:<slug>), answered from within apply: nothing is written. */
enum db_status workflow_refuse(struct workflow_step *s, const char *slug, const char *detail);

/* A number from a gapless counter (a row per series, locked by the transaction that takes
 * the next value until its commit, so that approvals of one series wait for each other from
 * the number to the commit): apply asks for it with this instead of taking it, and the
 * engine takes it after everything else was decided and built (apply, prepare_issue), then
 * sends the write, what the change issues and its event in one round trip (workflow_exec)
 * and commits. `take` sets the number among the values and in the details. */
void workflow_number_last(struct workflow_step *s, enum db_status (*take)(struct workflow_step *s));
/* Runs a statement of the change's write or issue: at once (db_exec), or, when the change
 * ends with a number (workflow_number_last), queued for the last round trip; then *out is
 * only filled once that has run, and the caller must not read it. */
enum db_status workflow_exec(struct workflow_step *s, struct db_stmt *stmt, const char *const *params, int nparams,
                             PGresult **out) MUST_CHECK;

/* The values a change writes: set (copied; NULL clears), as a date or a number, and read. */
void workflow_set(struct workflow_step *s, int col, const char *value);
void workflow_set_date(struct workflow_step *s, int col, ipr_date d);
void workflow_set_int(struct workflow_step *s, int col, long long v);
/* A date among the values (as it will be written); false when NULL. */
bool workflow_date(const struct workflow_step *s, int col, ipr_date *out);
/* A column of the locked row; NULL when SQL NULL. */
const char *workflow_row(const struct workflow_step *s, int col);
/* The history details as JSON text (malloc'd), or NULL when there are none. */
char *workflow_details_text(const struct workflow_step *s);

/* A route of transitions: the context of handle_transition. By default its body holds
 * "reason" and, when names is set, an "outcome" naming one of the outcomes (without names
 * there is one outcome). A route whose body holds other fields lists them and checks them
 * (check records every bad one in errs); its apply functions read them from s->body. */
struct workflow_outcome {
	const char *name; /* the value of "outcome"; NULL for a route without that field */
	int action;
	const char *event;      /* the history entry's action */
	enum v_presence reason; /* whether the reason is required */
	workflow_apply apply;   /* NULL: the change of status alone */
	const void *arg;        /* for apply */
};
struct workflow_route {
	const struct workflow *wf;
	const char *const *names; /* the outcomes' names, NULL-terminated; NULL for none */
	const struct workflow_outcome *outcomes;
	const char *const *fields; /* NULL: reason (and outcome) */
	void (*check)(struct request *req, json_t *body, struct field_errors *errs);
};

/* Runs one transition (outcome o of wf, with the caller's reason and body) as one
 * transaction (see the top of this file) and answers. Every transition announces itself:
 * the event is its history action (o->event), else the status it leads to. */
void workflow_run(struct request *req, const struct workflow *wf, const struct workflow_outcome *o, const char *reason,
                  json_t *body);

/* The handlers that serve every workflow: a transition (context: struct workflow_route)
 * and the history (context: struct workflow). */
void handle_transition(struct request *req);
void handle_history(struct request *req);

#endif
