/* Cursor pagination shared by every list: `limit` (1..200, default 50) and an opaque
 * `cursor` naming the last row seen by its sort key and id (keyset pagination: rows that
 * arrive meanwhile are neither skipped nor repeated). */
#ifndef IPR_API_PAGING_H
#define IPR_API_PAGING_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "core/util.h"
#include "domain/cursor.h"
#include "http/request.h"
#include "http/response.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 200

struct page {
	long limit;
	char limit_plus_one[24]; /* the statement asks for one row more to know if there is a next page */
	const char *after_key;   /* NULL when no cursor: the statement starts at the beginning */
	const char *after_id;
	char decoded[CURSOR_DECODED_MAX];
};

/* Reads limit and cursor from the query string; records bad ones in errs. */
void page_parse(struct request *req, struct page *p, struct field_errors *errs);
/* The same from the two parameters' text (NULL when absent): the client's bytes. */
void page_parse_text(const char *limit, const char *cursor, struct page *p, struct field_errors *errs);

/* Answers the outcome of a list statement (st, and res when DB_OK): 200 {items, next_cursor}
 * from rows whose column 0 is an item's JSON text and columns 1 and 2 the sort key and id
 * (the statement ordered by them, and returned at most limit + 1 rows). A data error while a
 * cursor was given means the cursor was not one this server gave out (422 naming `cursor`);
 * any other failure is answered as respond_db_error. Clears res. */
void respond_page(struct request *req, const struct page *p, enum db_status st, PGresult *res);
/* The body respond_page sends for a statement's rows (DB_OK), appended to out, for a caller
 * that answers it itself (the public register: respond_json_cacheable). Clears res. */
void page_render(const struct page *p, PGresult *res, struct buf *out);
/* Like respond_page (DB_OK), with each item rewritten by map before it is sent: map returns
 * a malloc'd replacement (freed here), or NULL to send the item unchanged. For items that
 * need more than SQL can give (working days left, by the registry's calendar). */
typedef char *(*page_item_map)(const char *item, void *ctx);
void respond_page_mapped(struct request *req, const struct page *p, PGresult *res, page_item_map map, void *ctx);

/* Filters of a list, from the query string; a bad one is recorded in errs and NULL returned.
 * query_enum: one of the NULL-terminated choices. query_text: 1 to max characters of valid
 * UTF-8 without control characters. */
const char *query_enum(struct request *req, const char *name, const char *const *choices, struct field_errors *errs);
/* The choices of a boolean filter, for query_enum: "true" and "false". */
extern const char *const query_boolean_choices[];
const char *query_text(struct request *req, const char *name, size_t max, struct field_errors *errs);
/* A text search (`q`): query_text of at most 200 characters that an index can serve
 * (text_is_searchable); anything shorter would make PostgreSQL read every row. */
const char *query_search(struct request *req, const char *name, struct field_errors *errs);
/* query_code: a customs office or port code (2 to 16 capital letters and digits). query_digits:
 * min..max digits (an HS code, or a prefix of one), a bad one recorded with message. */
const char *query_code(struct request *req, const char *name, struct field_errors *errs);
const char *query_digits(struct request *req, const char *name, size_t min, size_t max, const char *message,
                         struct field_errors *errs);
/* A record's id (a UUID), as a filter: organization_id=... */
const char *query_uuid(struct request *req, const char *name, struct field_errors *errs);

/* A YYYY-MM-DD query parameter: true when present and valid (absent is an error only when
 * required). */
bool query_date(struct request *req, const char *name, enum v_presence presence, ipr_date *out,
                struct field_errors *errs);

/* SQL fragments for cursor keys that are timestamps: microseconds since the epoch, exact
 * both ways. */
#define PAGE_SQL_MICROS(ts) "(extract(epoch FROM " ts ") * 1000000)::bigint"
#define PAGE_SQL_FROM_MICROS(text) "('epoch'::timestamptz + (" text ")::bigint * interval '1 microsecond')"

#endif
