/* The statements of api/users.c and of iprd create-admin. */
#include "api/user_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt user_store_list = DB_QUERY(
	"SELECT api_user(u)::text, lower(u.email) COLLATE \"C\", u.id FROM users u"
	" WHERE ($1::text IS NULL OR u.role = $1)"
	"   AND ($2::text IS NULL OR u.office_id = (SELECT f.id FROM customs_offices f WHERE f.code = $2))"
	"   AND ($3::uuid IS NULL OR u.organization_id = $3)"
	"   AND ($4::boolean IS NULL OR (u.disabled_at IS NOT NULL) = $4)"
	"   AND ($5::text IS NULL OR (lower(u.email) COLLATE \"C\", u.id) > ($5 COLLATE \"C\", $6::uuid))"
	" ORDER BY lower(u.email) COLLATE \"C\", u.id LIMIT $7");

struct db_stmt user_store_disable = DB_STMT(
	"WITH u AS (UPDATE users SET disabled_at = now(), disabled_reason = $2, disabled_by = $3"
	"           WHERE id = $1 AND disabled_at IS NULL RETURNING id, api_user(users)::text AS body),"
	"     s AS (UPDATE sessions SET revoked_at = now() WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL),"
	"     e AS (INSERT INTO registry_events (subject, actor_user_id, action, reason)"
	"           SELECT 'user:' || u.id, $3::uuid, 'user_disabled', $2 FROM u)"
	" SELECT body FROM u");

struct db_stmt user_store_enable = DB_STMT(
	"WITH u AS (UPDATE users SET disabled_at = NULL, disabled_reason = NULL, disabled_by = NULL"
	"           WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id, api_user(users)::text AS body),"
	"     e AS (INSERT INTO registry_events (subject, actor_user_id, action)"
	"           SELECT 'user:' || u.id, $2::uuid, 'user_enabled' FROM u)"
	" SELECT body FROM u");

struct db_stmt user_store_disabled = DB_QUERY("SELECT disabled_at IS NOT NULL FROM users WHERE id = $1");

struct db_stmt user_store_insert_admin = DB_STMT(
	"INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, $3, 'admin') RETURNING id");
/* clang-format on */
