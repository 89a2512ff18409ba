/* Deadlines in representations: the working days left until a record's due_on, and whether
 * it has passed, as of today by the registry's calendar (api/registry_calendar.h). The SQL
 * representations carry placeholders (working_days_left null, overdue false) that these
 * fill in, because the working-day rule lives in C (domain/calendar.c), once. */
#ifndef IPR_API_DEADLINE_H
#define IPR_API_DEADLINE_H

#include <stdbool.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "api/paging.h"
#include "domain/calendar.h"

/* The calendar and the day deadlines are counted from. */
struct deadline_clock {
	const struct calendar *cal;
	ipr_date today;
};

/* Sets "working_days_left" (negative once overdue) and "overdue" of obj from its "due_on"
 * while the deadline is running (pending); null and false otherwise. */
void deadline_clock_set(json_t *obj, const struct deadline_clock *c, bool pending);

/* A representation written by PostgreSQL (text, a JSON object) with "working_days_left" and
 * "overdue" set from its "due_on" by the clock c (as deadline_clock_set), while its "status"
 * is one of running (NULL-terminated); malloc'd, NULL if text is not an object. The two
 * members are appended to the text instead of re-serializing it: a record's quantities and
 * amounts are exact decimals, which a round trip through Jansson's doubles would change (0.1
 * would come back as 0.10000000000000001). text must not have these two members already. */
char *deadline_render_exact(const char *text, const struct deadline_clock *c, const char *const *running);

/* Answers with one record from res (column 0 its representation, 1 its version), rewritten
 * by render (called with a struct deadline_clock as of today; NULL from it is a 500), and
 * its ETag. An optional boolean column 2 says whether a deadline of the record runs: when
 * false the placeholders are already the answer and column 0 is sent as it is. Clears res. */
void respond_with_deadlines(struct request *req, unsigned status, PGresult *res, ipr_date today, page_item_map render);

/* Answers the outcome (st, and res when DB_OK) of a statement that reads one record: the
 * database error; 404 "no <what> with this id" when there is no row (none, or one the caller
 * may not see); else 200 as respond_with_deadlines. Clears res. */
void respond_found_with_deadlines(struct request *req, enum db_status st, PGresult *res, ipr_date today,
                                  page_item_map render, const char *what);

/* Answers the outcome of a list statement as respond_page does (api/paging.h), each item
 * rewritten by render as above. Clears res. */
void respond_page_with_deadlines(struct request *req, const struct page *p, enum db_status st, PGresult *res,
                                 ipr_date today, page_item_map render);

#endif
