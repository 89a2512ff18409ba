/* The statements of api/certificates.c. Every value comes in as a $n parameter. */
#include "api/certificate_store.h"

/* clang-format off */ /* the SQL is laid out by hand */
struct db_stmt certificate_store_publish_key =
	DB_STMT("INSERT INTO signing_keys (multikey) VALUES ($1) ON CONFLICT DO NOTHING");

struct db_stmt certificate_store_keys = DB_QUERY("SELECT multikey FROM signing_keys ORDER BY first_used_at, multikey");

/* The record's status index: the one its earlier certificates have, else a new one drawn at
 * random in the list being filled (migrations/0020_status_index_random.sql). */
#define STATUS_INDEX(column, id) \
	"coalesce((SELECT c.status_index FROM certificates c WHERE c." column " = " id " LIMIT 1)," \
	"         status_index_take())"

/* A date's first and last second in the registry's zone ($3), as UTC instants. */
#define DAY_START(d) "vc_instant((" d ")::timestamp AT TIME ZONE $3)"
#define DAY_END(d) "vc_instant(((" d ") + 1)::timestamp AT TIME ZONE $3 - interval '1 second')"

#define ORGANIZATION(o) \
	"jsonb_build_object('name', " o ".name, 'country', " o ".country, 'registrationNumber', " o ".registration_number)"
#define OFFICE(f) "jsonb_build_object('code', " f ".code, 'name', " f ".name)"

/* The columns only (api/certificates.c builds the credential): in SQL, the object alone
 * took some 0.7 ms, ten times the rest of the statement. */
struct db_stmt certificate_store_recordation_claims = DB_STMT(
	"SELECT gen_random_uuid(), " STATUS_INDEX("recordation_id", "$1::uuid") ","
	"       " DAY_START("$4::date") ", " DAY_END("$5::date") ", f.name, f.code,"
	"       o.name, o.country, o.registration_number, r.ipr_type, r.title, r.registration_number,"
	"       r.registration_authority, r.goods_scope, array_to_string(r.classes, ','),"
	"       array_to_string(r.hs_codes, ',')"
	"  FROM recordations r JOIN organizations o ON o.id = r.organization_id,"
	"       users u JOIN customs_offices f ON f.id = u.office_id"
	" WHERE r.id = $1::uuid AND u.id = $2::uuid");

struct db_stmt certificate_store_pre_confirmation_claims = DB_STMT(
	"WITH k AS (SELECT gen_random_uuid() AS id, " STATUS_INDEX("pre_confirmation_id", "$1::uuid") " AS idx)"
	" SELECT jsonb_build_object("
	"    '@context', jsonb_build_array('https://www.w3.org/ns/credentials/v2'),"
	"    'id', 'urn:uuid:' || k.id,"
	"    'type', jsonb_build_array('VerifiableCredential', 'PreConfirmationCertificate'),"
	"    'name', 'Customs pre-confirmation of the right to ship goods under a recorded right',"
	"    'issuer', jsonb_build_object('id', $2::text, 'name', f.name),"
	"    'validFrom', vc_instant(now()),"
	"    'validUntil', " DAY_END("$7::date") ","
	"    'credentialSubject', jsonb_build_object("
	"        'type', 'ConfirmedShipment',"
	"        'confirmationNumber', $6::text,"
	"        'importer', " ORGANIZATION("o") ","
	"        'port', " OFFICE("f") ","
	"        'direction', p.direction,"
	"        'recordationNumber', r.number,"
	"        'holder', jsonb_build_object('name', r.holder_name),"
	"        'transportDocument', p.transport_document,"
	"        'goods', p.goods,"
	"        'expectedOn', p.expected_on,"
	"        'validUntil', $7::date),"
	"    'credentialStatus', vc_status_entry($4, k.idx))::text,"
	"  k.id, k.idx"
	"  FROM k, pre_confirmations p JOIN organizations o ON o.id = p.organization_id"
	"       JOIN customs_offices f ON f.id = p.office_id JOIN recordations r ON r.id = p.recordation_id"
	" WHERE p.id = $1::uuid AND $5::uuid IS NOT NULL");

struct db_stmt certificate_store_insert = DB_STMT(
	"INSERT INTO certificates (id, recordation_id, pre_confirmation_id, status_index, verification_method, credential)"
	" VALUES ($1, $2, $3, $4, $5, $6)");

/* A certificate and its record's status on a date ($2), for the printable page. */
#define CERTIFICATE_NOW \
	"SELECT c.credential, coalesce(recordation_status_on(r, $2::date), pre_confirmation_status_on(p, $2::date))" \
	"  FROM certificates c LEFT JOIN recordations r ON r.id = c.recordation_id" \
	"       LEFT JOIN pre_confirmations p ON p.id = c.pre_confirmation_id"

struct db_stmt certificate_store_latest_recordation = DB_QUERY(
	CERTIFICATE_NOW " WHERE c.recordation_id = $1::uuid ORDER BY c.issued_at DESC, c.id LIMIT 1");

struct db_stmt certificate_store_latest_pre_confirmation = DB_QUERY(
	CERTIFICATE_NOW " WHERE c.pre_confirmation_id = $1::uuid ORDER BY c.issued_at DESC, c.id LIMIT 1");

struct db_stmt certificate_store_by_id = DB_QUERY(CERTIFICATE_NOW " WHERE c.id = $1::uuid");
struct db_stmt certificate_store_status_bits = DB_QUERY(
	"WITH used AS (SELECT EXISTS (SELECT 1 FROM certificates c WHERE c.status_index / 131072 = $1::bigint) AS any),"
	"     set AS (SELECT DISTINCT c.status_index % 131072 AS bit FROM certificates c"
	"               LEFT JOIN recordations r ON r.id = c.recordation_id"
	"               LEFT JOIN pre_confirmations p ON p.id = c.pre_confirmation_id"
	"              WHERE c.status_index / 131072 = $1::bigint"
	"                AND (recordation_status_on(r, $2::date) IN ('revoked', 'cancelled', 'expired')"
	"                     OR pre_confirmation_status_on(p, $2::date) = 'expired'))"
	" SELECT set.bit, used.any FROM used LEFT JOIN set ON true ORDER BY set.bit");

struct db_stmt certificate_store_status_list =
	DB_QUERY("SELECT bits_sha256, credential FROM status_lists WHERE list = $1::bigint");

struct db_stmt certificate_store_keep_status_list = DB_STMT(
	"INSERT INTO status_lists (list, bits_sha256, credential) VALUES ($1, $2, $3)"
	" ON CONFLICT (list) DO UPDATE SET bits_sha256 = EXCLUDED.bits_sha256, credential = EXCLUDED.credential,"
	"                                  issued_at = now()");
/* clang-format on */
