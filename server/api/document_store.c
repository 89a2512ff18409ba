/* The statements of api/documents.c. Every value comes in as a $n parameter. */
#include "api/document_store.h"

/* What a history entry says of the document `d` added or removed. */
/* clang-format off */ /* the SQL is laid out by hand */
#define EVENT_DETAILS "jsonb_build_object('document_id', d.id, 'kind', d.kind, 'filename', d.filename)"

/* One set of statements for the documents of a kind of parent: the parent's column in
 * documents, and its history table with that table's column naming the parent. */
#define DOCUMENT_STATEMENTS(col, events, events_col) \
	{ \
		.list = DB_QUERY( \
			"SELECT jsonb_build_object('items'," \
			"       coalesce(jsonb_agg(api_document(d) ORDER BY d.uploaded_at, d.id), '[]'))::text" \
			"  FROM documents d WHERE d." col " = $1::uuid"), \
		.file = DB_QUERY( \
			"SELECT d.filename, c.content_type, c.size, c.sha256, c.id, c.chunk_count" \
			"  FROM documents d JOIN document_contents c ON c.id = d.content_id" \
			" WHERE d.id = $2::uuid AND d." col " = $1::uuid"), \
		.same = DB_QUERY( \
			"SELECT api_document(d)::text" \
			"  FROM documents d JOIN document_contents c ON c.id = d.content_id" \
			" WHERE d." col " = $1::uuid AND c.sha256 = $2"), \
		.count = DB_QUERY("SELECT count(*) FROM documents WHERE " col " = $1::uuid"), \
		.insert = DB_STMT( \
			"WITH d AS (INSERT INTO documents (" col ", content_id, kind, filename, uploaded_by)" \
			"           VALUES ($1::uuid, $2::bigint, $3, $4, $5::uuid)" \
			"           RETURNING id, kind, filename, api_document(documents)::text AS body)," \
			"     e AS (INSERT INTO " events " (" events_col ", actor_user_id, action, details)" \
			"           SELECT $1::uuid, $5::uuid, 'document_added', " EVENT_DETAILS " FROM d)" \
			" SELECT d.body FROM d"), \
		.remove = DB_STMT( \
			"WITH d AS (DELETE FROM documents WHERE id = $2::uuid AND " col " = $1::uuid" \
			"           RETURNING id, content_id, kind, filename)," \
			"     e AS (INSERT INTO " events " (" events_col ", actor_user_id, action, details)" \
			"           SELECT $1::uuid, $3::uuid, 'document_removed', " EVENT_DETAILS " FROM d)" \
			" SELECT d.content_id FROM d"), \
	}

struct document_statements document_store_recordation =
	DOCUMENT_STATEMENTS("recordation_id", "recordation_events", "recordation_id");
struct document_statements document_store_pre_confirmation =
	DOCUMENT_STATEMENTS("pre_confirmation_id", "pre_confirmation_events", "pre_confirmation_id");
/* The photos of a recordation's guide: their history is the recordation's. */
struct document_statements document_store_guide = DOCUMENT_STATEMENTS("guide_of", "recordation_events", "recordation_id");
struct document_statements document_store_case = DOCUMENT_STATEMENTS("case_id", "case_events", "case_id");
struct document_statements document_store_mandate = DOCUMENT_STATEMENTS("mandate_id", "mandate_events", "mandate_id");

/* The owner of a content: $1 an organization or $6 (resp. $3) a customs office, the other NULL. */
#define OWNED_BY(office) "(organization_id = $1::uuid OR office_id = " office "::uuid)"

struct db_stmt document_store_content_insert = DB_STMT(
	"INSERT INTO document_contents (organization_id, office_id, sha256, content_type, size, chunk_count)"
	" VALUES ($1::uuid, $6::uuid, $2, $3, $4::bigint, $5::integer)"
	" ON CONFLICT DO NOTHING RETURNING id");

struct db_stmt document_store_content_existing = DB_STMT(
	"SELECT id FROM document_contents WHERE " OWNED_BY("$3") " AND sha256 = $2 FOR KEY SHARE");

struct db_stmt document_store_quota_lock = DB_STMT(
	"SELECT pg_advisory_xact_lock(hashtextextended('iprd document quota ' || $1, 0))");

struct db_stmt document_store_usage = DB_STMT(
	"SELECT coalesce(sum(size), 0)::text FROM document_contents WHERE " OWNED_BY("$3") " AND sha256 <> $2");

struct db_stmt document_store_chunk_insert = DB_STMT(
	"INSERT INTO document_chunks (content_id, n, data) VALUES ($1::bigint, $2::integer, $3::bytea)");

struct db_stmt document_store_chunk_get = DB_QUERY_BINARY(
	"SELECT data FROM document_chunks WHERE content_id = $1::bigint AND n = $2::integer");

struct db_stmt document_store_content_lock = DB_STMT("SELECT 1 FROM document_contents WHERE id = $1::bigint FOR UPDATE");

struct db_stmt document_store_content_release = DB_STMT(
	"DELETE FROM document_contents c WHERE c.id = $1::bigint"
	"   AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.content_id = c.id)");
/* clang-format on */
