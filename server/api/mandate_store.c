/* The statements of api/mandates.c and api/agency.c. */
#include "api/mandate_store.h"

#include "api/event_store.h"
#include "api/paging.h"

/* clang-format off */ /* the SQL is laid out by hand */
#define VISIBLE "m.id = $1::uuid AND (m.holder_id = $2::uuid OR m.agent_id = $3::uuid)"
/* A JSON array of strings as a SQL array, in its order. */
#define JSON_ARRAY(j) "ARRAY(SELECT t.e FROM jsonb_array_elements_text(" j ") WITH ORDINALITY t(e, n) ORDER BY t.n)"

struct db_stmt mandate_store_resolve = DB_QUERY(
	"SELECT (SELECT a.status FROM agent_registrations a WHERE a.organization_id = $2::uuid),"
	"       (SELECT coalesce(jsonb_agg(t.n - 1 ORDER BY t.n), '[]')"
	"          FROM jsonb_array_elements_text($3::jsonb) WITH ORDINALITY t(e, n)"
	"         WHERE NOT EXISTS (SELECT 1 FROM recordations r WHERE r.id = t.e::uuid AND r.organization_id = $1::uuid)"
	"       )::text");

struct db_stmt mandate_store_notify = DB_STMT(
	EVENT_OUTBOX_NOTIFY("mandate"));

struct db_stmt mandate_store_insert = DB_STMT(
	"WITH n AS (INSERT INTO mandates AS m (holder_id, agent_id, all_recordations, recordation_ids, actions, valid_from,"
	"                                      valid_until, note, granted_by)"
	"           VALUES ($1::uuid, $2::uuid, $3::boolean, " JSON_ARRAY("$4::jsonb") "::uuid[], " JSON_ARRAY("$5::jsonb") ","
	"                   $6::date, $7::date, $8, $9::uuid)"
	"           RETURNING m.id, m.status, m.version, api_mandate(m, $10::date)::text AS body),"
	"     e AS (INSERT INTO mandate_events (mandate_id, actor_user_id, action, to_status)"
	"           SELECT n.id, $9::uuid, 'granted', n.status FROM n),"
	"     ev AS (" EVENT_OUTBOX("mandate", "'mandate.granted'", "n.id", "jsonb_build_object('to_status', n.status)", "$9") " FROM n)"
	" SELECT n.body, n.version, false FROM n");

struct db_stmt mandate_store_get = DB_QUERY(
	"SELECT api_mandate(m, $4::date)::text, m.version, false FROM mandates m WHERE " VISIBLE);

struct db_stmt mandate_store_state = DB_QUERY(
	"SELECT mandate_status_on(m, $4::date), m.version FROM mandates m WHERE " VISIBLE);

struct db_stmt mandate_store_state_locked = DB_STMT(
	"SELECT mandate_status_on(m, $4::date), m.version FROM mandates m WHERE " VISIBLE " FOR NO KEY UPDATE");

struct db_stmt mandate_store_lock = DB_STMT(
	"SELECT mandate_status_on(m, $4::date), m.version, to_jsonb(m.actions)::text, m.all_recordations,"
	"       to_jsonb(m.recordation_ids)::text, m.valid_from, m.valid_until,"
	"       EXISTS (SELECT 1 FROM documents d WHERE d.mandate_id = m.id AND d.kind = 'power_of_attorney')"
	"  FROM mandates m WHERE " VISIBLE " FOR UPDATE");

struct db_stmt mandate_store_write = DB_STMT(
	"WITH u AS (UPDATE mandates m SET status = $3,"
	"                  answered_at = CASE WHEN $8::boolean THEN now() ELSE m.answered_at END,"
	"                  ended_at = CASE WHEN $3 = 'ended' THEN now() ELSE m.ended_at END,"
	"                  last_reason = coalesce($4, m.last_reason),"
	"                  actions = CASE WHEN $9::jsonb IS NULL THEN m.actions ELSE " JSON_ARRAY("$9::jsonb") " END,"
	"                  all_recordations = coalesce($10::boolean, m.all_recordations),"
	"                  recordation_ids = CASE WHEN $11::jsonb IS NULL THEN m.recordation_ids"
	"                                         ELSE " JSON_ARRAY("$11::jsonb") "::uuid[] END,"
	"                  valid_until = coalesce($12::date, m.valid_until),"
	"                  version = m.version + 1, updated_at = now()"
	"            WHERE m.id = $1::uuid AND m.status = ANY ($2::text[])"
	"           RETURNING m.id, m.status, m.version, api_mandate(m, $7::date)::text AS body),"
	"     e AS (INSERT INTO mandate_events (mandate_id, actor_user_id, action, from_status, to_status, reason, details)"
	"           SELECT u.id, $5::uuid, $6, $13, CASE WHEN $13::text IS NOT NULL THEN u.status END, $4, $14::jsonb"
	"             FROM u)"
	" SELECT u.body, u.version, false FROM u");

struct db_stmt mandate_store_history = DB_QUERY(
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg(api_mandate_event(e) ORDER BY e.id)"
	"         FROM (SELECT * FROM mandate_events WHERE mandate_id = m.id ORDER BY id LIMIT 10000) e),"
	"         '[]'))::text"
	"  FROM mandates m WHERE m.id = $1::uuid");

struct db_stmt mandate_store_list = DB_QUERY(
	"SELECT api_mandate(m, $1::date)::text, " PAGE_SQL_MICROS("m.created_at") "::text, m.id"
	"  FROM mandates m"
	" WHERE (m.holder_id = $2::uuid OR m.agent_id = $3::uuid)"
	"   AND ($4::text IS NULL OR mandate_status_on(m, $1::date) = $4)"
	"   AND ($5::uuid IS NULL OR m.holder_id = $5::uuid OR m.agent_id = $5::uuid)"
	"   AND ($6::text IS NULL OR (m.created_at, m.id) < (" PAGE_SQL_FROM_MICROS("$6") ", $7::uuid))"
	" ORDER BY m.created_at DESC, m.id DESC LIMIT $8::integer");

struct db_stmt mandate_store_client = DB_QUERY(
	"SELECT mandate_permits($1::uuid, $2::uuid, NULL, NULL, $4::date),"
	"       mandate_permits($1::uuid, $2::uuid, NULL, $3, $4::date)");
/* A recordation as the agent's desk lists it. */
#define DESK_ITEM(r)                                                                                          \
	"jsonb_build_object('id', " r ".id, 'title', " r ".title, 'ipr_type', " r ".ipr_type, 'status', " r ".shown," \
	" 'number', " r ".number, 'holder', jsonb_build_object('organization_id', " r ".organization_id, 'name', "    \
	r ".holder_name), 'due_on', " r ".due_on, 'paused_working_days_left', " r ".paused_working_days_left,"        \
	" 'valid_until', " r ".valid_until, 'renewal_status', " r ".renewal_status)"
#define DESK_LIST(where, order) \
	"(SELECT coalesce(jsonb_agg(" DESK_ITEM("d") " ORDER BY " order "), '[]') FROM" \
	" (SELECT * FROM r WHERE " where " ORDER BY " order " LIMIT 200) d)"

struct db_stmt mandate_store_desk = DB_QUERY(
	"WITH c AS (SELECT DISTINCT m.holder_id FROM mandates m"
	"            WHERE m.agent_id = $1::uuid AND m.status = 'accepted'"
	"              AND $2::date BETWEEN m.valid_from AND m.valid_until"
	"              AND ($3::uuid IS NULL OR m.holder_id = $3::uuid)),"
	"     r AS (SELECT r.*, recordation_status_on(r, $2::date) AS shown FROM recordations r"
	"            WHERE r.organization_id IN (SELECT holder_id FROM c)"
	"              AND mandate_permits($1::uuid, r.organization_id, r.id, NULL, $2::date)),"
	"     due AS (SELECT * FROM r WHERE r.shown = 'approved' AND r.valid_until <= $4::date"
	"                               AND r.renewal_status IS DISTINCT FROM 'submitted'),"
	/* notified and within the answer's deadline (case_status_on: notified), answerable */
	"     k AS (SELECT k.* FROM cases k"
	"            WHERE k.holder_id IN (SELECT holder_id FROM c) AND k.status = 'notified'"
	"              AND k.response_due_on >= $2::date"
	"              AND case_mandate_permits($1::uuid, k.id, k.holder_id, 'answer_cases', $2::date))"
	" SELECT jsonb_build_object("
	"   'clients', (SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', g.id, 'name', g.name,"
	"                 'counts', jsonb_build_object("
	"                   'draft', (SELECT count(*) FROM r WHERE r.organization_id = g.id AND r.shown = 'draft'),"
	"                   'submitted', (SELECT count(*) FROM r WHERE r.organization_id = g.id AND r.shown = 'submitted'),"
	"                   'information_requested', (SELECT count(*) FROM r WHERE r.organization_id = g.id"
	"                                                                    AND r.shown = 'information_requested'),"
	"                   'rejected', (SELECT count(*) FROM r WHERE r.organization_id = g.id AND r.shown = 'rejected'),"
	"                   'approved', (SELECT count(*) FROM r WHERE r.organization_id = g.id AND r.shown = 'approved'),"
	"                   'renewals_due', (SELECT count(*) FROM due WHERE due.organization_id = g.id),"
	"                   'cases_to_answer', (SELECT count(*) FROM k WHERE k.holder_id = g.id)))"
	"                 ORDER BY g.name, g.id), '[]')"
	"                 FROM c JOIN organizations g ON g.id = c.holder_id),"
	"   'filings', " DESK_LIST("r.shown IN ('draft', 'submitted', 'rejected')",
	                           "coalesce(due_on, 'infinity'), created_at, id") ","
	"   'information_requests', " DESK_LIST("r.shown = 'information_requested'", "received_on, id") ","
	"   'renewals_due', (SELECT coalesce(jsonb_agg(" DESK_ITEM("d") " ORDER BY d.valid_until, d.id), '[]')"
	"                      FROM (SELECT * FROM due ORDER BY valid_until, id LIMIT 200) d),"
	"   'cases_to_answer', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'number', d.number,"
	"                          'holder', jsonb_build_object('organization_id', g.id, 'name', g.name),"
	"                          'office_code', f.code, 'response_due_on', d.response_due_on,"
	"                          'recordations', (SELECT jsonb_agg(jsonb_build_object('id', r.id, 'number', r.number,"
	"                                                                              'title', r.title) ORDER BY cr.position)"
	"                                             FROM case_recordations cr JOIN recordations r ON r.id = cr.recordation_id"
	"                                            WHERE cr.case_id = d.id))"
	"                        ORDER BY d.response_due_on, d.id), '[]')"
	"                         FROM (SELECT * FROM k ORDER BY response_due_on, id LIMIT 200) d"
	"                         JOIN organizations g ON g.id = d.holder_id JOIN customs_offices f ON f.id = d.office_id)"
	" )::text");
/* clang-format on */
