/* The statements of api/cases.c. Every value comes in as a $n parameter; dates computed in C
 * (today, the deadlines by the working-day calendar) and amounts computed in C (exact, in
 * CNY) are parameters too. */
#include "api/case_store.h"

#include "api/event_store.h"
#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
/* The caller's scope ($2 port office, $3 rights holder or agent; see the header) on the day
 * `today` (the parameter that holds it). An agent's cases are among its clients' (an index
 * probe each), and then only those a mandate in force covers (case_mandate_permits). */
#define SCOPE_ON(today)                                                                                      \
	"($2::uuid IS NULL OR c.office_id = $2::uuid)"                                                         \
	" AND ($3::uuid IS NULL OR (c.holder_id IN (SELECT $3::uuid UNION ALL SELECT m.holder_id FROM mandates m"  \
	"                                          WHERE m.agent_id = $3::uuid AND m.status = 'accepted')"   \
	"                           AND (c.holder_id = $3::uuid"                                                \
	"                                OR case_mandate_permits($3::uuid, c.id, c.holder_id, NULL, " today "))))"
#define VISIBLE "c.id = $1::uuid AND " SCOPE_ON("$4::date")
#define SCOPE SCOPE_ON("$1::date")

struct db_stmt case_store_recordations = DB_QUERY(
	"SELECT n.number, r.id, r.organization_id, recordation_status_on(r, $2::date)"
	"  FROM unnest($1::text[]) WITH ORDINALITY AS n(number, i) LEFT JOIN recordations r ON r.number = n.number"
	" ORDER BY n.i");

struct db_stmt case_store_next_number = DB_STMT(
	"INSERT INTO case_counters AS k (year, last_value) VALUES ($1::integer, 1)"
	" ON CONFLICT (year) DO UPDATE SET last_value = k.last_value + 1 RETURNING k.last_value");

struct db_stmt case_store_insert = DB_STMT(
	"WITH n AS (INSERT INTO cases AS c (number, office_id, holder_id, transport_document, declarant, consignor,"
	"                  consignee, goods, exchange_rates, e_commerce, suspicion, items, declared_value_cny,"
	"                  guarantee_cny, fine_limit_cny, opened_on, response_due_on, created_by)"
	"           SELECT $1, $2::uuid, $3::uuid, i.p->>'transport_document', case_party(i.p->'declarant'),"
	"                  case_party(i.p->'consignor'), case_party(i.p->'consignee'),"
	"                  case_goods(i.p->'goods', $9::numeric[]),"
	"                  CASE WHEN jsonb_typeof(i.p->'exchange_rates') = 'array' THEN i.p->'exchange_rates' ELSE '[]' END,"
	"                  coalesce((i.p->>'e_commerce')::boolean, false), i.p->>'suspicion',"
	"                  (SELECT sum((g->>'quantity')::numeric) FROM jsonb_array_elements(i.p->'goods') g),"
	"                  $10::numeric, $11::numeric, $12::numeric, $5::date, $6::date, $4::uuid"
	"             FROM (SELECT $7::jsonb AS p) i"
	"           RETURNING c.id, c.status, c.number, c.response_due_on),"
	"     r AS (INSERT INTO case_recordations (case_id, recordation_id, position)"
	"           SELECT n.id, x.id, x.i FROM n, unnest($8::uuid[]) WITH ORDINALITY AS x(id, i)),"
	"     e AS (INSERT INTO case_events (case_id, actor_user_id, action, to_status, details)"
	"           SELECT n.id, $4::uuid, 'opened', n.status,"
	"                  jsonb_build_object('number', n.number, 'response_due_on', n.response_due_on) FROM n)"
	" SELECT n.id FROM n");

struct db_stmt case_store_get = DB_QUERY(
	"SELECT api_case(c, $4::date, $3::uuid IS NOT NULL)::text, c.version FROM cases c WHERE " VISIBLE);

struct db_stmt case_store_state = DB_QUERY(
	"SELECT case_status_on(c, $4::date), c.version FROM cases c WHERE " VISIBLE);

struct db_stmt case_store_state_locked = DB_STMT(
	"SELECT case_status_on(c, $4::date), c.version FROM cases c WHERE " VISIBLE " FOR NO KEY UPDATE");

struct db_stmt case_store_lock = DB_STMT(
	"SELECT case_status_on(c, $4::date), c.version, c.guarantee_cny, c.fine_limit_cny"
	"  FROM cases c WHERE " VISIBLE " FOR UPDATE");

struct db_stmt case_store_write = DB_STMT(
	"WITH u AS (UPDATE cases c SET status = $3,"
	"                  answered_on = CASE WHEN $4::boolean THEN $11::date ELSE c.answered_on END,"
	"                  answered_by = CASE WHEN $4::boolean THEN $10::uuid ELSE c.answered_by END,"
	"                  detained_on = coalesce($5::date, c.detained_on),"
	"                  investigation_due_on = coalesce($6::date, c.investigation_due_on),"
	"                  decided_on = CASE WHEN $7::boolean THEN $11::date ELSE c.decided_on END,"
	"                  decided_by = CASE WHEN $7::boolean THEN $10::uuid ELSE c.decided_by END,"
	"                  fine_cny = coalesce($8::numeric, c.fine_cny), reason = coalesce($9, c.reason),"
	"                  version = c.version + 1, updated_at = now()"
	"            WHERE c.id = $1::uuid AND c.status = ANY ($2::text[])"
	"           RETURNING c.id, c.status, c.version, c.guarantee_cny, c.investigation_due_on, c.fine_cny,"
	"                     api_case(c, $11::date, $12::boolean)::text AS body),"
	/* what the history says of the change: the guarantee and the investigation's deadline of a
	 * detention, the fine of an infringement (the amounts exact, as stored) */
	"     e AS (INSERT INTO case_events (case_id, actor_user_id, action, from_status, to_status, reason, details)"
	"           SELECT u.id, $10::uuid, $13, $14, u.status, $9,"
	"                  nullif(jsonb_strip_nulls(jsonb_build_object("
	"                      'guarantee_cny', CASE WHEN $5::date IS NOT NULL THEN u.guarantee_cny END,"
	"                      'investigation_due_on', CASE WHEN $5::date IS NOT NULL THEN u.investigation_due_on END,"
	"                      'fine_cny', $8::numeric)), '{}')"
	"             FROM u)"
	" SELECT u.body, u.version FROM u");

struct db_stmt case_store_notify = DB_STMT(EVENT_OUTBOX_NOTIFY("case"));

struct db_stmt case_store_history = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg(api_case_event(e) ORDER BY e.id)"
	"         FROM (SELECT * FROM case_events WHERE case_id = c.id ORDER BY id LIMIT 10000) e),"
	"         '[]'))::text"
	"  FROM cases c WHERE c.id = $1::uuid");

struct db_stmt case_store_mandate = DB_QUERY(
	"SELECT 1 FROM cases c WHERE c.id = $1::uuid AND case_mandate_permits($2::uuid, c.id, c.holder_id, $3, $4::date)");

/* The sort key of the queue: the running deadline (none: closed, last). */
#define QUEUE_ON "coalesce(case_due_on(c, $1::date), 'infinity')"

struct db_stmt case_store_list = DB_QUERY(
	"SELECT api_case(c, $1::date, $3::uuid IS NOT NULL)::text,"
	"       " QUEUE_ON "::text || ' ' || " PAGE_SQL_MICROS("c.created_at") ", c.id"
	"  FROM cases c"
	" WHERE " SCOPE
	"   AND ($4::text IS NULL OR case_status_on(c, $1::date) = $4)"
	"   AND ($5::text IS NULL OR c.office_id = (SELECT f.id FROM customs_offices f WHERE f.code = $5))"
	"   AND ($6::boolean IS NULL"
	"        OR (case_status_on(c, $1::date) = 'detained' AND c.investigation_due_on < $1::date) = $6::boolean)"
	"   AND ($7::text IS NULL OR upper(c.transport_document) = upper($7))"
	"   AND ($8::text IS NULL OR (" QUEUE_ON ", c.created_at, c.id)"
	"        > (split_part($8, ' ', 1)::date, " PAGE_SQL_FROM_MICROS("split_part($8, ' ', 2)") ", $9::uuid))"
	" ORDER BY " QUEUE_ON ", c.created_at, c.id LIMIT $10::integer");

/* The figures of a group of cases (the rows of `c` below). */
#define FIGURES                                                                        \
	"count(*) AS cases, coalesce(sum(c.items), 0) AS items,"                           \
	" coalesce(sum(c.declared_value_cny), 0) AS value,"                                \
	" count(*) FILTER (WHERE c.e_commerce) AS e_commerce"
/* The share of e-commerce shipments among a group's cases (0 to 1, four decimals). */
#define SHARE "CASE WHEN g.cases = 0 THEN 0 ELSE round(g.e_commerce::numeric / g.cases, 4) END"

/* The groups g (dimension, key, name, figures) of the cases opened from $2 to $3 at office $4:
 * every case once in `total`, in its `office`, `month` and `outcome`; in `ipr_type` once
 * under each type of right it names. */
#define STATISTICS_GROUPS                                                                                          \
	"WITH c AS (SELECT c.id, f.code AS office_code, f.name AS office_name, case_status_on(c, $1::date) AS outcome," \
	"                  to_char(c.opened_on, 'YYYY-MM') AS month, c.items, c.declared_value_cny, c.e_commerce"      \
	"             FROM cases c JOIN customs_offices f ON f.id = c.office_id"                                      \
	"            WHERE ($2::date IS NULL OR c.opened_on >= $2::date)"                                              \
	"              AND ($3::date IS NULL OR c.opened_on <= $3::date) AND ($4::text IS NULL OR f.code = $4)),"      \
	"     t AS (SELECT DISTINCT cr.case_id AS id, r.ipr_type"                                                     \
	"             FROM c JOIN case_recordations cr ON cr.case_id = c.id"                                          \
	"                    JOIN recordations r ON r.id = cr.recordation_id),"                                       \
	"     g AS (SELECT CASE WHEN GROUPING(c.office_code) = 0 THEN 'office' WHEN GROUPING(c.month) = 0 THEN 'month'" \
	"                       WHEN GROUPING(c.outcome) = 0 THEN 'outcome' ELSE 'total' END AS dimension,"           \
	"                  coalesce(c.office_code, c.month, c.outcome) AS key,"                                  \
	"                  CASE WHEN GROUPING(c.office_code) = 0 THEN min(c.office_name) END AS name, " FIGURES        \
	"             FROM c GROUP BY GROUPING SETS ((c.office_code), (c.month), (c.outcome), ())"                     \
	"           UNION ALL"                                                                                         \
	"           SELECT 'ipr_type', t.ipr_type, NULL, " FIGURES                                                    \
	"             FROM c JOIN t ON t.id = c.id GROUP BY t.ipr_type)"

/* One group as the API shows it. */
#define GROUP_JSON                                                                                           \
	"jsonb_strip_nulls(jsonb_build_object('key', g.key, 'name', g.name, 'cases', g.cases, 'items', g.items," \
	"                                     'declared_value_cny', g.value, 'e_commerce_cases', g.e_commerce,"  \
	"                                     'e_commerce_share', " SHARE "))"
#define GROUPS(dimension) \
	"coalesce(jsonb_agg(" GROUP_JSON " ORDER BY g.key) FILTER (WHERE g.dimension = '" dimension "'), '[]')"

struct db_stmt case_store_statistics = DB_QUERY(
	STATISTICS_GROUPS
	" SELECT jsonb_build_object('from', $2::date, 'to', $3::date, 'office_code', $4::text, 'currency', 'CNY',"
	"           'total', (SELECT " GROUP_JSON " FROM g WHERE g.dimension = 'total'),"
	"           'by_office', " GROUPS("office") ", 'by_ipr_type', " GROUPS("ipr_type") ","
	"           'by_month', " GROUPS("month") ", 'by_outcome', " GROUPS("outcome") ")::text"
	"   FROM g");

struct db_stmt case_store_statistics_rows = DB_QUERY(
	STATISTICS_GROUPS
	" SELECT g.dimension, g.key, g.name, g.cases, g.items, g.value, g.e_commerce, " SHARE
	"   FROM g"
	" ORDER BY array_position(ARRAY['total', 'office', 'ipr_type', 'month', 'outcome'], g.dimension), g.key");
/* clang-format on */
