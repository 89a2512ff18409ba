/* The statements of api/recordations.c. Every value comes in as a $n parameter; dates
 * computed in C (today, deadlines by the working-day calendar) are parameters too. */
#include "api/recordation_store.h"

#include "api/event_store.h"
#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
/* The editable fields: column and how it is read from the input object `p` (validated in
 * C). Creation inserts them; merge-patch sets those present in `p`. */
#define RECORDATION_FIELDS(X)                                                  \
	X("ipr_type", "p->>'ipr_type'")                                            \
	X("title", "p->>'title'")                                                  \
	X("registration_number", "p->>'registration_number'")                      \
	X("registration_authority", "p->>'registration_authority'")                \
	X("right_expires_on", "(p->>'right_expires_on')::date")                    \
	X("classes", "recordation_class_array(p->'classes')")                      \
	X("goods_scope", "p->>'goods_scope'")                                      \
	X("hs_codes", "recordation_text_array(p->'hs_codes')")                     \
	X("licensing_status", "p->>'licensing_status'")                            \
	X("description", "p->>'description'")                                     \
	X("genuine_manufacturers", "recordation_parties(p->'genuine_manufacturers')") \
	X("main_ports", "recordation_text_array(p->'main_ports')")                 \
	X("known_infringers", "recordation_parties(p->'known_infringers')")

/* Whether a deadline of the row is running (the decision's or a renewal's): only then does the
 * representation need its working_days_left and overdue from the calendar (api/recordations.c);
 * otherwise api_recordation's null and false are already the answer. */
#define CLOCK_RUNNING(r) "(" r ".due_on IS NOT NULL OR " r ".renewal_status IS NOT DISTINCT FROM 'submitted')"

#define INSERT_COLUMN(col, expr) ", " col
#define INSERT_VALUE(col, expr) ", " expr
#define PATCH_SET(col, expr) col " = CASE WHEN p ? '" col "' THEN " expr " ELSE r." col " END, "

/* Who may see a recordation: its organization's users ($2), an agent ($2) that a mandate lets
 * act on it today ($3; api/agency.h), or everyone when $2 is NULL (officers). */
#define VISIBLE                                                                                    \
	"r.id = $1::uuid AND ($2::uuid IS NULL OR r.organization_id = $2::uuid"                        \
	"                     OR mandate_permits($2::uuid, r.organization_id, r.id, NULL, $3::date))"

struct db_stmt recordation_store_insert = DB_STMT(
	"WITH n AS (INSERT INTO recordations (organization_id, holder_name" RECORDATION_FIELDS(INSERT_COLUMN) ")"
	"           SELECT o.id, o.name" RECORDATION_FIELDS(INSERT_VALUE)
	"             FROM organizations o, (SELECT $2::jsonb AS p) input WHERE o.id = $1::uuid"
	"           RETURNING id, status, version, api_recordation(recordations, $4::date)::text AS body,"
	"                     " CLOCK_RUNNING("recordations") " AS clock),"
	"     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, to_status)"
	"           SELECT n.id, $3::uuid, 'created', n.status FROM n),"
	"     ev AS (" EVENT_OUTBOX("recordation", "'recordation.created'", "n.id", "jsonb_build_object('to_status', n.status)", "$3") " FROM n)"
	" SELECT n.body, n.version, n.clock FROM n");

struct db_stmt recordation_store_patch = DB_STMT(
	"WITH u AS (UPDATE recordations r SET " RECORDATION_FIELDS(PATCH_SET)
	"                  version = r.version + 1, updated_at = now()"
	"             FROM (SELECT $3::jsonb AS p) input"
	"            WHERE r.id = $1::uuid AND ($2::bigint IS NULL OR r.version = $2::bigint)"
	"              AND r.status = ANY ($4::text[])"
	"           RETURNING r.id, r.version, api_recordation(r, $5::date)::text AS body),"
	"     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, details)"
	"           SELECT u.id, $6::uuid, 'updated',"
	"                  jsonb_build_object('fields', (SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys($3::jsonb) k))"
	"             FROM u)"
	" SELECT u.body, u.version FROM u");

/* Coalesced: the officer's lookup at the border, the hottest read. */
struct db_stmt recordation_store_get = DB_QUERY_COALESCED(
	"SELECT api_recordation(r, $3::date)::text, r.version, " CLOCK_RUNNING("r") " FROM recordations r WHERE " VISIBLE);

struct db_stmt recordation_store_state = DB_QUERY(
	"SELECT recordation_status_on(r, $3::date), r.version FROM recordations r WHERE " VISIBLE);

struct db_stmt recordation_store_state_locked = DB_STMT(
	"SELECT recordation_status_on(r, $3::date), r.version FROM recordations r WHERE " VISIBLE " FOR NO KEY UPDATE");

struct db_stmt recordation_store_lock = DB_STMT(
	"SELECT recordation_status_on(r, $3::date), r.version, r.status, r.received_on, r.due_on, r.paused_working_days_left, r.number, r.valid_from, r.valid_until,"
	"       r.right_expires_on, r.renewal_status, r.renewal_due_on, r.renewal_reason, r.renewal_note,"
	"       r.renewal_right_expires_on, r.last_reason,"
	"       r.ipr_type, r.title, r.registration_number,"
	"       r.registration_authority, r.goods_scope, r.licensing_status, cardinality(r.classes),"
	"       EXISTS (SELECT 1 FROM documents d WHERE d.recordation_id = r.id AND d.kind = 'registration_certificate'),"
	"       EXISTS (SELECT 1 FROM documents d WHERE d.recordation_id = r.id AND d.kind = 'licence')"
	"  FROM recordations r WHERE " VISIBLE " FOR UPDATE");

struct db_stmt recordation_store_write = DB_STMT(
	"UPDATE recordations r SET status = $3, received_on = $4::date, due_on = $5::date,"
	"       paused_working_days_left = $6::integer, number = $7, valid_from = $8::date, valid_until = $9::date,"
	"       right_expires_on = $10::date, renewal_status = $11, renewal_due_on = $12::date, renewal_reason = $13,"
	"       renewal_note = $14, renewal_right_expires_on = $15::date, last_reason = $16,"
	"       submitted_at = CASE WHEN $17::boolean THEN now() ELSE r.submitted_at END,"
	"       renewal_submitted_at = CASE WHEN $18::boolean THEN now() ELSE r.renewal_submitted_at END,"
	"       renewal_decided_at = CASE WHEN $19::boolean THEN now() WHEN $18::boolean THEN NULL"
	"                                 ELSE r.renewal_decided_at END,"
	"       version = r.version + 1, updated_at = now()"
	" WHERE r.id = $1::uuid AND r.status = ANY ($2::text[])"
	" RETURNING api_recordation(r, $20::date)::text, r.version");

struct db_stmt recordation_store_next_number = DB_STMT(
	"INSERT INTO recordation_counters AS c (prefix, year, last_value) VALUES ($1, $2::integer, 1)"
	" ON CONFLICT (prefix, year) DO UPDATE SET last_value = c.last_value + 1 RETURNING c.last_value");

struct db_stmt recordation_store_event = DB_STMT(
	"INSERT INTO recordation_events (recordation_id, actor_user_id, action, from_status, to_status, reason, details)"
	" VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7::jsonb)");

struct db_stmt recordation_store_notify = DB_STMT(
	EVENT_OUTBOX_NOTIFY("recordation"));

struct db_stmt recordation_store_history = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg(api_recordation_event(e) ORDER BY e.id)"
	"         FROM (SELECT * FROM recordation_events WHERE recordation_id = r.id ORDER BY id LIMIT 10000) e),"
	"         '[]'))::text"
	"  FROM recordations r WHERE r.id = $1::uuid");

struct db_stmt recordation_store_mandate = DB_QUERY(
	"SELECT 1 FROM recordations r"
	" WHERE r.id = $1::uuid AND mandate_permits($2::uuid, r.organization_id, r.id, $3, $4::date)");

/* Text search: a case-insensitive substring of search_text (pg_trgm index), with the LIKE
 * wildcards of the query taken literally. */
#define MATCHES_Q(q) \
	"r.search_text LIKE '%' || replace(replace(replace(lower(" q "), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'"

#define LIST_FILTERS                                                                      \
	"   AND ($3::text IS NULL OR recordation_status_on(r, $1::date) = $3)"                \
	"   AND ($4::text IS NULL OR r.ipr_type = $4)"                                        \
	"   AND ($5::text IS NULL OR " MATCHES_Q("$5") ")"                                    \
	"   AND ($6::boolean IS NULL OR coalesce(r.queue_on < $1::date, false) = $6::boolean)"                 \
	"   AND ($10::uuid IS NULL OR r.organization_id = $10::uuid)"

/* A cursor key's timestamp (api/paging.h). */
#define MICROS PAGE_SQL_MICROS
#define FROM_MICROS PAGE_SQL_FROM_MICROS

struct db_stmt recordation_store_list_own = DB_QUERY(
	"SELECT api_recordation(r, $1::date)::text, " MICROS("r.created_at") "::text, r.id"
	"  FROM recordations r"
	" WHERE r.organization_id = $2::uuid" LIST_FILTERS
	"   AND ($7::text IS NULL OR (r.created_at, r.id) < (" FROM_MICROS("$7") ", $8::uuid))"
	" ORDER BY r.created_at DESC, r.id DESC LIMIT $9::integer");

/* An agent's: its clients' recordations that a mandate in force lets it act on, newest first. */
struct db_stmt recordation_store_list_agent = DB_QUERY(
	"SELECT api_recordation(r, $1::date)::text, " MICROS("r.created_at") "::text, r.id"
	"  FROM recordations r"
	" WHERE r.organization_id IN (SELECT m.holder_id FROM mandates m"
	"                              WHERE m.agent_id = $2::uuid AND m.status = 'accepted')"
	"   AND mandate_permits($2::uuid, r.organization_id, r.id, NULL, $1::date)" LIST_FILTERS
	"   AND ($7::text IS NULL OR (r.created_at, r.id) < (" FROM_MICROS("$7") ", $8::uuid))"
	" ORDER BY r.created_at DESC, r.id DESC LIMIT $9::integer");

/* The queue: the running deadline first (none last), then the oldest filing. */
struct db_stmt recordation_store_list_queue = DB_QUERY(
	"SELECT api_recordation(r, $1::date)::text,"
	"       coalesce(r.queue_on, 'infinity')::text || ' ' || " MICROS("r.created_at") ", r.id"
	"  FROM recordations r"
	" WHERE $2::uuid IS NULL" LIST_FILTERS
	"   AND ($7::text IS NULL OR (coalesce(r.queue_on, 'infinity'), r.created_at, r.id)"
	"        > (split_part($7, ' ', 1)::date, " FROM_MICROS("split_part($7, ' ', 2)") ", $8::uuid))"
	" ORDER BY coalesce(r.queue_on, 'infinity'), r.created_at, r.id LIMIT $9::integer");

/* What the register shows: approved and valid on $1 (register_shown_until, which is on or after
 * the day exactly when recordation_status_on is 'approved' there: an approved recordation has a
 * valid_until, recordations_validity), with the text ($2, a substring of search_text: strpos,
 * where LIKE would need the wildcards escaped) and the filters ($3 ipr type, $4 class, $5 HS code
 * or a prefix of one). Written without recordation_status_on's CASE and without LIKE so that a
 * generic plan estimates them as PostgreSQL does any inequality (a third of the rows, not 0.5 %):
 * then the register in number order is read by its index and stops at the page, where 0.5 %
 * made the plan read every approved row and sort them (5,700 buffers at 100,000 recordations,
 * ten times that at 1,000,000). */
#define REGISTER_FILTERS                                                                     \
	" r.status = 'approved' AND register_shown_until(r) >= $1::date"                         \
	"   AND ($2::text IS NULL OR strpos(r.search_text, lower($2)) > 0)"                       \
	"   AND ($3::text IS NULL OR r.ipr_type = $3)"                                            \
	"   AND ($4::smallint IS NULL OR $4::smallint = ANY (r.classes))"                         \
	"   AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM unnest(r.hs_codes) h"                  \
	"                                     WHERE starts_with(h, $5) OR starts_with($5, h)))"

/* The words that contain the search's longest word ($9, migrations/0021_register_words.sql):
 * with at most REGISTER_WORDS_MAX of them, each word's entries are read in number order, the
 * first $8 that qualify of each, and the first $8 of those are the page. A part of a word found
 * in more words than that (a few digits, "ing") is common: then the register is read in number
 * order, as it is without text, until $8 qualify. Each word costs an index probe (~50 us here):
 * 64 of them cost less than the register in order for a part that is rare at its start ("zen",
 * in 44 words: 13,000 rows read before 51 qualify). */
#define REGISTER_WORDS_MAX "64"

/* The two statements' common parts: `words`, the vocabulary's words that contain the word w
 * (none when w is NULL), and `narrow`, whether they are few enough to be read one by one; and
 * the page: the first `limit` hits, their items in number order. */
#define REGISTER_WORDS(w)                                                                  \
	"WITH words AS MATERIALIZED ("                                                         \
	"       SELECT v.word FROM register_vocabulary v"                                      \
	"        WHERE " w "::text IS NOT NULL AND v.word LIKE '%' || lower(" w ") || '%'"      \
	"        LIMIT " REGISTER_WORDS_MAX " + 1),"                                            \
	"     narrow AS MATERIALIZED ("                                                        \
	"       SELECT " w "::text IS NOT NULL AND count(*) <= " REGISTER_WORDS_MAX " AS yes FROM words),"
#define REGISTER_PAGE(limit)                                                               \
	" SELECT api_register_item(r)::text, r.number, r.id"                                   \
	"   FROM (SELECT * FROM hits ORDER BY number LIMIT " limit "::integer) h JOIN recordations r ON r.id = h.id" \
	"  ORDER BY h.number"

struct db_stmt recordation_store_register = DB_QUERY(
	REGISTER_WORDS("$9")
	"     hits AS ("
	"       SELECT h.number, h.id FROM words CROSS JOIN LATERAL ("
	"              SELECT x.number, r.id FROM register_words x JOIN recordations r ON r.id = x.recordation_id"
	"               WHERE x.word = words.word AND x.shown_until >= $1::date"
	"                 AND ($6::text IS NULL OR x.number >= $6 AND (x.number, x.recordation_id) > ($6, $7::uuid))"
	"                 AND " REGISTER_FILTERS
	"               ORDER BY x.number LIMIT $8::integer) h"
	"        WHERE (SELECT yes FROM narrow)"
	"       UNION"
	"       (SELECT r.number, r.id FROM recordations r"
	"         WHERE NOT (SELECT yes FROM narrow)"
	"           AND ($6::text IS NULL OR r.number >= $6 AND (r.number, r.id) > ($6, $7::uuid))"
	"           AND " REGISTER_FILTERS
	"         ORDER BY r.number LIMIT $8::integer))"
	REGISTER_PAGE("$8"));

/* The same for a search that is one word and nothing else (the most common one): an entry of
 * register_words says all that decides, since the trigger keeps exactly the register's
 * recordations there with shown_until, and a word that contains the search's word means the
 * text contains it; so the words' entries are read from the index alone, and only the page's
 * recordations are read. */
struct db_stmt recordation_store_register_word = DB_QUERY(
	REGISTER_WORDS("$2")
	"     hits AS ("
	"       SELECT h.number, h.recordation_id AS id FROM words CROSS JOIN LATERAL ("
	"              SELECT x.number, x.recordation_id FROM register_words x"
	"               WHERE x.word = words.word AND x.shown_until >= $1::date"
	"                 AND ($3::text IS NULL OR x.number >= $3 AND (x.number, x.recordation_id) > ($3, $4::uuid))"
	"               ORDER BY x.number LIMIT $5::integer) h"
	"        WHERE (SELECT yes FROM narrow)"
	"       UNION"
	"       (SELECT r.number, r.id FROM recordations r"
	"         WHERE NOT (SELECT yes FROM narrow)"
	"           AND ($3::text IS NULL OR r.number >= $3 AND (r.number, r.id) > ($3, $4::uuid))"
	"           AND r.status = 'approved' AND register_shown_until(r) >= $1::date"
	"           AND strpos(r.search_text, lower($2)) > 0"
	"         ORDER BY r.number LIMIT $5::integer))"
	REGISTER_PAGE("$5"));
/* The register's version (migration 0023, api/register_cache.h). */
struct db_stmt recordation_store_register_version = DB_QUERY("SELECT n::text FROM register_version");
/* clang-format on */
