/* The statements of api/offices.c. */
#include "api/office_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt office_store_insert = DB_STMT(
	"INSERT INTO customs_offices (code, name, kind) VALUES ($1, $2, $3) RETURNING api_office(customs_offices)::text");

struct db_stmt office_store_list = DB_QUERY(
	"SELECT api_office(f)::text, f.code, f.id FROM customs_offices f"
	" WHERE ($1::text IS NULL OR f.kind = $1)"
	"   AND ($2::text IS NULL OR (f.code, f.id) > ($2, $3::uuid))"
	" ORDER BY f.code, f.id LIMIT $4");

struct db_stmt office_store_kind = DB_QUERY("SELECT kind FROM customs_offices WHERE code = $1");

struct db_stmt office_store_insert_officer = DB_STMT(
	"INSERT INTO users (email, password_hash, full_name, role, office_id)"
	" SELECT $1, $2, $3, CASE f.kind WHEN 'headquarters' THEN 'hq_officer' ELSE 'port_officer' END, f.id"
	"   FROM customs_offices f WHERE f.code = $4"
	" RETURNING api_user(users)::text");
/* clang-format on */
