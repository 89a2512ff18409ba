/* The statements of auth/session.c. */
#include "auth/session_store.h"

#include "auth/session.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt session_store_lookup = DB_QUERY(
	"SELECT " SESSION_PRINCIPAL_COLUMNS("u", "o", "g") ", s.id, extract(epoch FROM s.expires_at)::bigint"
	"  FROM sessions s JOIN users u ON u.id = s.user_id"
	"  LEFT JOIN customs_offices o ON o.id = u.office_id"
	"  LEFT JOIN organizations g ON g.id = u.organization_id"
	" WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL");

struct db_stmt session_store_insert = DB_STMT(
	"INSERT INTO sessions (user_id, token_hash, expires_at, client_ip)"
	" VALUES ($1, $2, now() + make_interval(secs => $3::int), nullif($4, '')::inet)"
	" RETURNING id, extract(epoch FROM expires_at)::bigint");

struct db_stmt session_store_revoke = DB_STMT(
	"UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL");
/* clang-format on */
