#include "http/idempotency_store.h"

/* The advisory lock is (class, key): the class is "idem" in ASCII, so that it meets no other
 * lock of the two-integer kind (the migrations' lock is of the one-bigint kind, another space).
 * It is taken, not waited for: a second request with the key while the first runs is told so
 * (409) instead of holding a handler thread. Once it is held, no other transaction is between
 * the key's row and this one, and the insert cannot wait. An expired row is taken over. */
struct db_stmt idempotency_store_claim = DB_STMT(
	"WITH lock AS (SELECT pg_try_advisory_xact_lock(1768187245, hashtext($1::uuid::text || ' ' || $2::text)) AS locked),"
	" claim AS ("
	"  INSERT INTO idempotency_keys AS k (user_id, key, request_hash, expires_at)"
	"  SELECT $1::uuid, $2, $3, now() + make_interval(secs => $4::int) FROM lock WHERE locked"
	"  ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now(),"
	"   expires_at = EXCLUDED.expires_at, status = NULL, content_type = NULL, location = NULL, etag = NULL,"
	"   body = NULL"
	"  WHERE k.expires_at <= now()"
	"  RETURNING 1)"
	" SELECT locked, EXISTS (SELECT 1 FROM claim) FROM lock");

/* Purges at most 8 expired keys a request: more than each request adds, so the table stays at
 * what a lifetime of requests stored; rows another purge holds are skipped, not waited for. */
struct db_stmt idempotency_store_complete = DB_STMT(
	"WITH purge AS ("
	"  DELETE FROM idempotency_keys WHERE (user_id, key) IN ("
	"   SELECT user_id, key FROM idempotency_keys"
	"   WHERE expires_at <= now() AND NOT (user_id = $1::uuid AND key = $2::text)"
	"   ORDER BY expires_at LIMIT 8 FOR UPDATE SKIP LOCKED))"
	" UPDATE idempotency_keys SET status = $3::smallint, content_type = $4, location = $5, etag = $6, body = $7"
	" WHERE user_id = $1 AND key = $2");

struct db_stmt idempotency_store_answer =
	DB_QUERY_BINARY("SELECT request_hash, status::text, content_type, location, etag, body FROM idempotency_keys"
                        " WHERE user_id = $1 AND key = $2 AND status IS NOT NULL AND expires_at > now()");
