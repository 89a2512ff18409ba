/* The statements of api/authorized_users.c. Every value comes in as a $n parameter. */
#include "api/authorized_user_store.h"

/* The fields of an entry: column and how it is read from the input object `p` (validated
 * in C). Creation inserts them; merge-patch sets those present in `p` (null clears; an
 * absent or null array is empty). */
/* clang-format off */ /* the SQL is laid out by hand */
#define AU_FIELDS(X)                                         \
	X("name", "p->>'name'")                                  \
	X("registration_number", "p->>'registration_number'")    \
	X("country", "p->>'country'")                            \
	X("roles", "recordation_text_array(p->'roles')")         \
	X("goods_scope", "p->>'goods_scope'")                    \
	X("hs_codes", "recordation_text_array(p->'hs_codes')")   \
	X("ports", "recordation_text_array(p->'ports')")         \
	X("valid_from", "(p->>'valid_from')::date")              \
	X("valid_until", "(p->>'valid_until')::date")

#define AU_COLUMN(col, expr) ", " col
#define AU_VALUE(col, expr) ", " expr
#define AU_PATCH_SET(col, expr) col " = CASE WHEN p ? '" col "' THEN " expr " ELSE a." col " END, "

/* The entry $2 of recordation $1, while active and (when $3 is given) at version $3. */
#define AU_CURRENT                                                                \
	" a.id = $2::uuid AND a.recordation_id = $1::uuid AND a.ended_at IS NULL" \
	" AND ($3::bigint IS NULL OR a.version = $3::bigint)"

/* Keyset pagination by (name, registration_number, id). The cursor carries only the id of the
 * last entry seen (a name can take 800 bytes, more than a cursor holds); its sort key is read
 * back here. */
struct db_stmt authorized_user_store_list = DB_QUERY(
	"SELECT api_authorized_user(a)::text, a.id::text, a.id FROM authorized_users a"
	" WHERE a.recordation_id = $1::uuid AND ($2::boolean OR a.ended_at IS NULL)"
	"   AND ($3::uuid IS NULL OR (a.name, a.registration_number, a.id) >"
	"        (SELECT c.name, c.registration_number, c.id FROM authorized_users c WHERE c.id = $3::uuid))"
	" ORDER BY a.name, a.registration_number, a.id LIMIT $4::integer");

struct db_stmt authorized_user_store_insert = DB_STMT(
	"WITH n AS (INSERT INTO authorized_users (recordation_id, created_by" AU_FIELDS(AU_COLUMN) ")"
	"           SELECT $1::uuid, $3::uuid" AU_FIELDS(AU_VALUE) " FROM (SELECT $2::jsonb AS p) input"
	"           RETURNING id, registration_number, name, version, api_authorized_user(authorized_users)::text AS body),"
	"     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, details)"
	"           SELECT $1::uuid, $3::uuid, 'authorized_user_added', jsonb_build_object('entry_id', n.id,"
	"                  'registration_number', n.registration_number, 'name', n.name) FROM n)"
	" SELECT n.body, n.version FROM n");

struct db_stmt authorized_user_store_patch = DB_STMT(
	"WITH u AS (UPDATE authorized_users a SET " AU_FIELDS(AU_PATCH_SET)
	"                  version = a.version + 1, updated_at = now()"
	"             FROM (SELECT $4::jsonb AS p) input"
	"            WHERE" AU_CURRENT
	"           RETURNING a.id, a.registration_number, a.version, api_authorized_user(a)::text AS body),"
	"     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, details)"
	"           SELECT $1::uuid, $5::uuid, 'authorized_user_changed', jsonb_build_object('entry_id', u.id,"
	"                  'registration_number', u.registration_number,"
	"                  'fields', (SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys($4::jsonb) k)) FROM u)"
	" SELECT u.body, u.version FROM u");

struct db_stmt authorized_user_store_end = DB_STMT(
	"WITH u AS (UPDATE authorized_users a SET ended_at = now(), ended_by = $4::uuid, version = a.version + 1,"
	"                  updated_at = now()"
	"            WHERE" AU_CURRENT
	"           RETURNING a.id, a.registration_number, a.version, api_authorized_user(a)::text AS body),"
	"     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, details)"
	"           SELECT $1::uuid, $4::uuid, 'authorized_user_ended', jsonb_build_object('entry_id', u.id,"
	"                  'registration_number', u.registration_number) FROM u)"
	" SELECT u.body, u.version FROM u");

struct db_stmt authorized_user_store_state = DB_QUERY(
	"SELECT CASE WHEN a.ended_at IS NULL THEN 'active' ELSE 'ended' END, a.version FROM authorized_users a"
	" WHERE a.id = $2::uuid AND a.recordation_id = $1::uuid");

/* Ending and creating are two statements: the exclusion constraint then sees the old
 * entries ended before the new ones arrive. */
struct db_stmt authorized_user_store_end_all = DB_STMT(
	"WITH u AS (UPDATE authorized_users a SET ended_at = now(), ended_by = $2::uuid, version = a.version + 1,"
	"                  updated_at = now()"
	"            WHERE a.recordation_id = $1::uuid AND a.ended_at IS NULL RETURNING 1)"
	" SELECT count(*) FROM u");

struct db_stmt authorized_user_store_insert_all = DB_STMT(
	"WITH input AS (SELECT gen_random_uuid() AS id, e.p, e.n"
	"                 FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(p, n)),"
	"     n AS (INSERT INTO authorized_users (id, recordation_id, created_by" AU_FIELDS(AU_COLUMN) ")"
	"           SELECT input.id, $1::uuid, $3::uuid" AU_FIELDS(AU_VALUE) " FROM input ORDER BY input.n"
	"           RETURNING id, api_authorized_user(authorized_users) AS body),"
	"     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, details)"
	"           VALUES ($1::uuid, $3::uuid, 'authorized_users_replaced',"
	"                   jsonb_build_object('ended', $4::integer, 'added', jsonb_array_length($2::jsonb))))"
	" SELECT jsonb_build_object('items', coalesce(jsonb_agg(n.body ORDER BY input.n), '[]'))::text"
	"   FROM n JOIN input ON input.id = n.id");

/* The border check, in one round trip: find the recordation (by id or number; importers
 * only numbered ones), describe it, and apply the rule (inlined: migration 0027). Coalesced:
 * every parameter is cast or used as text. */
struct db_stmt authorized_user_store_check = DB_QUERY_COALESCED(
	"SELECT (jsonb_build_object('recordation', CASE WHEN r.id IS NOT NULL THEN jsonb_build_object('id', r.id,"
	"            'number', r.number, 'status', recordation_status_on(r, $9::date), 'valid_from', r.valid_from,"
	"            'valid_until', r.valid_until) END) || c.answer)::text"
	"  FROM (VALUES (1)) AS one(x)"
	"  LEFT JOIN recordations r ON (r.id = $1::uuid OR r.number = $2::text) AND ($3::boolean OR r.number IS NOT NULL)"
	"  CROSS JOIN LATERAL authorization_rule(r.id, $4::text, CASE WHEN $5::text IS NOT NULL THEN ARRAY[$5::text] END,"
	"                                        $6::date, $7::text, $8::text) AS c");
/* clang-format on */
