/* Deadlines in representations: the working days left until a record's due_on, and whether
 * it has passed, as of today by the registry's calendar (api/registry_calendar.h). The SQL
 * representations carry placeholders (working_days_left null, overdue false) that these
 * fill in, because the working-day rule lives in C (domain/calendar.c), once. */
#ifndef IPR_API_DEADLINE_H
#define IPR_API_DEADLINE_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "api/paging.h"
#include "domain/calendar.h"

/* The calendar and the day deadlines are counted from. */
struct deadline_clock {
	const struct calendar *cal;
	ipr_date today;
};

/* Where a representation carries a clock, and when its deadline runs. */
struct deadline_place {
	const char *member; /* NULL: the record itself; else its member whose value (when an object) carries it */
	const char *const *running; /* it runs while the object's "status" is one of these (NULL-terminated); NULL:
	                             * while its "due_on" is set */
};

enum { DEADLINE_PLACES_MAX = 4 };

/* A representation written by PostgreSQL (text, a JSON object) with the clock of each of its n
 * places (at most DEADLINE_PLACES_MAX) set by c from the place's "due_on": "working_days_left"
 * (negative once overdue; null while the deadline does not run) and "overdue". Members of these
 * names already there (the SQL's placeholders) get their values replaced, else the two are
 * appended to the object. The text is edited, not parsed and written again: cheaper, and a
 * record's exact decimals stay as written (a round trip through Jansson's doubles would turn 0.1
 * into 0.10000000000000001). malloc'd; NULL if text is not such an object. */
char *deadline_render(const char *text, const struct deadline_clock *c, const struct deadline_place *places, int n);

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
