/* The statements of api/guides.c. Every value comes in as a $n parameter. */
#include "api/guide_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt guide_store_get = DB_QUERY(
	"SELECT api_guide(r.id, g)::text, coalesce(g.version, 0)"
	"  FROM recordations r LEFT JOIN recordation_guides g ON g.recordation_id = r.id"
	" WHERE r.id = $1::uuid AND ($2::uuid IS NULL OR r.organization_id = $2::uuid)");

/* Creation (version 0) or replacement of the version read: a row is proposed for version 0 or
 * when a guide exists (the recordation is locked: none can appear meanwhile), and the UPDATE
 * of the conflict happens only for the current version; no row means stale. The body is built from what was written (a statement does not see its own changes). */
struct db_stmt guide_store_put = DB_STMT(
	"WITH u AS (INSERT INTO recordation_guides AS g (recordation_id, summary, distinguishing_features,"
	"                  genuine_packaging, supply_routes, contact, updated_by)"
	"           SELECT $1::uuid, i.p->>'summary', border_guide_features(i.p->'distinguishing_features'),"
	"                  i.p->>'genuine_packaging', border_guide_routes(i.p->'supply_routes'), i.p->>'contact', $3::uuid"
	"             FROM (SELECT $2::jsonb AS p) i"
	"            WHERE $4::bigint = 0 OR EXISTS (SELECT 1 FROM recordation_guides x WHERE x.recordation_id = $1::uuid)"
	"           ON CONFLICT (recordation_id) DO UPDATE SET summary = excluded.summary,"
	"                  distinguishing_features = excluded.distinguishing_features,"
	"                  genuine_packaging = excluded.genuine_packaging, supply_routes = excluded.supply_routes,"
	"                  contact = excluded.contact, updated_by = excluded.updated_by, updated_at = now(),"
	"                  version = g.version + 1"
	"            WHERE g.version = $4::bigint"
	"           RETURNING g.*),"
	"     e AS (INSERT INTO recordation_events (recordation_id, actor_user_id, action, details)"
	"           SELECT u.recordation_id, $3::uuid, 'guide_changed', jsonb_build_object('version', u.version) FROM u)"
	" SELECT api_guide(u.recordation_id, ROW(u.*)::recordation_guides)::text, u.version FROM u");
/* clang-format on */
