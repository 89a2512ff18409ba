/* The statements of api/identity.c. */
#include "api/identity_store.h"

#include "auth/session.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt identity_store_insert_account = DB_STMT(
	"WITH o AS (INSERT INTO organizations (kind, name, country, registration_number, address, contact_email, phone)"
	"           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *),"
	"     u AS (INSERT INTO users (email, password_hash, full_name, role, organization_id)"
	"           SELECT $8, $9, $10, $1, o.id FROM o RETURNING *),"
	"     a AS (INSERT INTO agent_registrations (organization_id, licence_number)"
	"           SELECT o.id, $11 FROM o WHERE $1 = 'agent' RETURNING *)"
	" SELECT jsonb_build_object('organization', api_organization(o)"
	"          || jsonb_build_object('agent', (SELECT jsonb_build_object('licence_number', a.licence_number,"
	"                                                                    'status', a.status) FROM a)),"
	"        'user', api_user(u))::text FROM o, u");

struct db_stmt identity_store_find_login = DB_QUERY(
	"SELECT " SESSION_PRINCIPAL_COLUMNS("u", "f", "g") ", u.password_hash,"
	"       CASE WHEN u.id IS NOT NULL THEN api_user(u)::text END, k.email"
	"  FROM (SELECT lower($1) AS email) k"
	"  LEFT JOIN users u ON lower(u.email) = k.email AND u.disabled_at IS NULL" /* disabled: as if unknown */
	"  LEFT JOIN customs_offices f ON f.id = u.office_id"
	"  LEFT JOIN organizations g ON g.id = u.organization_id");

struct db_stmt identity_store_update_hash = DB_STMT("UPDATE users SET password_hash = $2 WHERE id = $1");

struct db_stmt identity_store_password_hash = DB_QUERY("SELECT password_hash FROM users WHERE id = $1");

struct db_stmt identity_store_change_password = DB_STMT(
	"WITH u AS (UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id)"
	" UPDATE sessions SET revoked_at = now()"
	"  WHERE user_id IN (SELECT id FROM u) AND id <> $3::uuid AND revoked_at IS NULL");

struct db_stmt identity_store_me = DB_QUERY(
	"SELECT jsonb_build_object('user', api_user(u),"
	"         'organization', (SELECT api_organization(g) FROM organizations g WHERE g.id = u.organization_id),"
	"         'office', (SELECT api_office(f) FROM customs_offices f WHERE f.id = u.office_id),"
	"         'time_zone', $2::text)::text"
	"  FROM users u WHERE u.id = $1");
/* clang-format on */
