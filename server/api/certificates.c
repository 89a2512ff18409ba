/* Certificates: the registry's decisions as W3C Verifiable Credentials (Data Model 2.0)
 * with an eddsa-jcs-2022 Data Integrity proof (domain/data_integrity.h), which anyone can
 * verify offline with the registry's public key (`iprd verify`).
 *
 * A credential is issued inside the transaction of the decision that grants what it
 * certifies (an approved recordation, an approved renewal, a confirmed pre-confirmation):
 * the workflow engine runs certificate_issue_* as the workflow's `issue` step, after the
 * row and its history are written (or queued with them) and before the commit, so that
 * there is never an approval without its certificate nor a certificate of a decision that
 * rolled back. The claims are built before (certificate_prepare_*, the `prepare_issue`
 * step) from the locked row and the values the decision writes, all but the number when
 * the decision takes one last (api/workflow.h: workflow_number_last), so that what is left
 * to do while the number's counter is locked is to sign (some 0.1 ms) and insert; the
 * credential is kept as signed (its JCS form) and served byte for byte.
 *
 * The issuer is did:web of IPR_PUBLIC_URL; its DID document (GET /.well-known/did.json)
 * lists every key the registry has signed with, so that old certificates verify after a
 * key rotation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/certificate_page.h"
#include "api/certificate_store.h"
#include "api/handlers.h"
#include "api/pre_confirmation_store.h"
#include "api/recordation_store.h"
#include "core/config.h"
#include "core/jcs.h"
#include "core/log.h"
#include "core/signing.h"
#include "core/util.h"
#include "domain/data_integrity.h"
#include "domain/pre_confirmation_flow.h"
#include "domain/recordation_flow.h"
#include "domain/status_list.h"
#include "http/response.h"

void certificate_issuer_did(char *out, size_t len)
{
	/* did:web:<host>, a port's colon percent-encoded; the scheme is dropped (did:web
	 * resolves over https; a registry on plain http, as in development, keeps its DID). */
	const char *url = cfg.public_url, *host = strstr(url, "://");
	host = host ? host + 3 : url;
	size_t o = (size_t)snprintf(out, len, "did:web:");
	for (const char *p = host; *p && *p != '/' && o + 4 < len; p++) {
		if (*p == ':')
			o += (size_t)snprintf(out + o, len - o, "%%3A");
		else
			out[o++] = *p;
	}
	out[o < len ? o : len - 1] = '\0';
}

int certificate_publish_key(void)
{
	const struct signing_key *k = signing_active();
	if (!k)
		return 0;
	enum db_status st = db_exec(&certificate_store_publish_key, DB_ARGS(k->multikey), NULL);
	db_thread_close();
	return st == DB_OK ? 0 : -1;
}

/* The credentialStatus of a status index, under the registry's address (W3C Bitstring
 * Status List: list index / STATUS_LIST_BITS, its bit index % STATUS_LIST_BITS). */
static json_t *status_entry(long long index)
{
	char list[400], entry[440], bit[24];
	snprintf(list, sizeof list, "%s/v1/status-lists/%lld", cfg.public_url, index / STATUS_LIST_BITS);
	snprintf(bit, sizeof bit, "%lld", index % STATUS_LIST_BITS);
	snprintf(entry, sizeof entry, "%s#%s", list, bit);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", entry, "type", "BitstringStatusListEntry", "statusPurpose",
	                 "revocation", "statusListIndex", bit, "statusListCredential", list);
}

/* A comma-separated list as a JSON array of integers or of strings. */
static json_t *list_json(const char *text, bool integers)
{
	json_t *a = json_array();
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, ",");
		char item[64];
		snprintf(item, sizeof item, "%.*s", (int)(n < sizeof item ? n : sizeof item - 1), p);
		json_array_append_new(a, integers ? json_integer(strtoll(item, NULL, 10)) : json_string(item));
		p += n + (p[n] == ',');
	}
	return a;
}

/* Keeps what prepare built: the claims, the certificate's id and status index. */
static void keep_prepared(struct workflow_step *s, json_t *claims, const char *id, const char *index)
{
	s->prepared = json_pack("{s:o, s:s, s:s}", "claims", claims, "id", id, "index", index);
}

/* A column of row 0, NULL when SQL NULL. */
static const char *column(PGresult *res, int col)
{
	return PQgetisnull(res, 0, col) ? NULL : PQgetvalue(res, 0, col);
}

/* The claims of a recordation's certificate (credentialSubject.recordationNumber null until
 * the number is taken), from the locked row and the values the decision writes. */
static enum db_status prepare_recordation(struct workflow_step *s)
{
	char *const *v = s->values;
	PGresult *res = NULL;
	enum db_status st = db_exec(&certificate_store_recordation_claims,
	                            DB_ARGS(request_param(s->req, "id"), s->req->principal.user_id, cfg.timezone,
	                                    v[LIFE_VALID_FROM], v[LIFE_VALID_UNTIL]),
	                            &res);
	if (st != DB_OK)
		return st;
	if (PQntuples(res) != 1) { /* the row this transaction locked is there, and its decider */
		PQclear(res);
		log_error("certificate claims: no row");
		return DB_ERROR;
	}
	char did[300], id[64];
	certificate_issuer_did(did, sizeof did);
	snprintf(id, sizeof id, "urn:uuid:%s", PQgetvalue(res, 0, 0));
	json_t *subject = json_pack(
		"{s:s, s:s?, s:{s:s?, s:s?, s:s?}, s:{s:s?, s:s?, s:s?, s:s?, s:s?}, s:s?, s:o, s:o, s:s?, s:s?, "
		"s:{s:s?, s:s?}}",
		"type", "RecordedRight", "recordationNumber", v[LIFE_NUMBER], "holder", "name", column(res, 6),
		"country", column(res, 7), "registrationNumber", column(res, 8), "right", "type", column(res, 9),
		"title", column(res, 10), "registrationNumber", column(res, 11), "registrationAuthority",
		column(res, 12), "expiresOn", v[LIFE_RIGHT_EXPIRES_ON], "goodsScope", column(res, 13), "niceClasses",
		list_json(column(res, 14), true), "hsCodes", list_json(column(res, 15), false), "validFrom",
		v[LIFE_VALID_FROM], "validUntil", v[LIFE_VALID_UNTIL], "issuingOffice", "code", column(res, 5), "name",
		column(res, 4));
	json_t *cred =
		json_pack("{s:[s], s:s, s:[s, s], s:s, s:{s:s, s:s?}, s:s?, s:s?, s:o, s:o}", "@context",
	                  "https://www.w3.org/ns/credentials/v2", "id", id, "type", "VerifiableCredential",
	                  "RecordationCertificate", "name", "Customs recordation of an intellectual property right",
	                  "issuer", "id", did, "name", column(res, 4), "validFrom", column(res, 2), "validUntil",
	                  column(res, 3), "credentialSubject", subject, "credentialStatus",
	                  status_entry(strtoll(PQgetvalue(res, 0, 1), NULL, 10)));
	if (cred)
		keep_prepared(s, cred, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
	else
		log_error("certificate claims could not be built");
	PQclear(res);
	return cred ? DB_OK : DB_ERROR;
}

/* The claims of a pre-confirmation's certificate (claims: its statement, with the values the
 * decision writes), built in SQL. */
static enum db_status prepare_in_sql(struct workflow_step *s, struct db_stmt *claims, const char *const *values,
                                     int nvalues)
{
	char did[300];
	certificate_issuer_did(did, sizeof did);
	const char *params[9] = {request_param(s->req, "id"), did, cfg.timezone, cfg.public_url,
	                         s->req->principal.user_id};
	for (int i = 0; i < nvalues; i++)
		params[5 + i] = values[i];
	PGresult *res = NULL;
	enum db_status st = db_exec(claims, params, 5 + nvalues, &res);
	if (st != DB_OK)
		return st;
	char err[256];
	json_t *cred = NULL;
	if (PQntuples(res) == 1) /* the row this transaction locked is there, and its decider */
		cred = jcs_parse(PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0), err, sizeof err);
	else
		snprintf(err, sizeof err, "no row");
	if (cred)
		keep_prepared(s, cred, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	else
		log_error("certificate claims: %s", err);
	PQclear(res);
	return cred ? DB_OK : DB_ERROR;
}

/* Completes the prepared claims with the number (under credentialSubject's `key`), signs
 * them and keeps the credential (workflow_exec: with the decision's write), for the
 * recordation or the pre-confirmation id. */
static enum db_status sign_and_keep(struct workflow_step *s, const char *key, const char *number,
                                    const char *recordation_id, const char *pre_confirmation_id)
{
	if (!s->prepared)
		return DB_OK;
	const struct signing_key *k = signing_active();
	char did[300], vm[400], created[32];
	json_t *cred = json_object_get(s->prepared, "claims");
	json_object_set_new(json_object_get(cred, "credentialSubject"), key, json_string(number));
	certificate_issuer_did(did, sizeof did);
	snprintf(vm, sizeof vm, "%s#%s", did, k->multikey);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *signed_text = NULL;
	if (number && di_sign(cred, k, vm, created))
		signed_text = jcs_serialize(cred, NULL);
	if (!signed_text) {
		log_error("certificate claims could not be signed");
		return DB_ERROR;
	}
	const char *id = json_string_value(json_object_get(s->prepared, "id"));
	const char *index = json_string_value(json_object_get(s->prepared, "index"));
	enum db_status st =
		workflow_exec(s, &certificate_store_insert,
	                      DB_ARGS(id, recordation_id, pre_confirmation_id, index, vm, signed_text), NULL);
	free(signed_text);
	return st;
}

/* An approval, or an approved renewal (the action that decides renewals also rejects them). */
static bool grants_recordation(const struct workflow_step *s)
{
	return s->action == RECORDATION_APPROVE ||
	       (s->action == RECORDATION_DECIDE_RENEWAL && s->event && !strcmp(s->event, "renewal_approved"));
}

enum db_status certificate_prepare_recordation(struct workflow_step *s, const void *arg)
{
	(void)arg;
	if (!grants_recordation(s))
		return DB_OK;
	return signing_active() ? prepare_recordation(s) : DB_OK; /* IPR_SIGNING_KEY empty: nothing is signed */
}

enum db_status certificate_issue_recordation(struct workflow_step *s, const void *arg)
{
	(void)arg;
	return sign_and_keep(s, "recordationNumber", s->values[LIFE_NUMBER], request_param(s->req, "id"), NULL);
}

enum db_status certificate_prepare_pre_confirmation(struct workflow_step *s, const void *arg)
{
	(void)arg;
	if (s->action != PRE_CONFIRMATION_CONFIRM)
		return DB_OK;
	if (!signing_active())
		return DB_OK;
	const char *values[] = {s->values[PC_NUMBER], s->values[PC_VALID_UNTIL]};
	return prepare_in_sql(s, &certificate_store_pre_confirmation_claims, values, 2);
}

enum db_status certificate_issue_pre_confirmation(struct workflow_step *s, const void *arg)
{
	(void)arg;
	return sign_and_keep(s, "confirmationNumber", s->values[PC_NUMBER], NULL, request_param(s->req, "id"));
}

/* The media type asked for: text/html (a browser: the printable page), application/vc
 * (VC Data Model 2.0's), the older application/vc+ld+json, or plain application/json for
 * tools that know no other. */
static const char *credential_type(struct request *req)
{
	const char *accept = request_header(req, "Accept");
	if (accept && strstr(accept, "text/html"))
		return "text/html";
	if (accept && strstr(accept, "application/vc+ld+json"))
		return "application/vc+ld+json";
	if (accept && strstr(accept, "application/vc"))
		return "application/vc";
	if (accept && strstr(accept, "application/json"))
		return "application/json";
	return "application/vc";
}

/* Answers row 0 of res (credential, status today) as the type asked for. */
static void respond_credential(struct request *req, PGresult *res)
{
	const char *type = credential_type(req);
	const char *credential = PQgetvalue(res, 0, 0);
	struct buf page = {0};
	struct certificate_now now = {PQgetvalue(res, 0, 1), request_today_text(req)};
	if (strcmp(type, "text/html")) {
		respond_bytes(req, 200, type, credential, (size_t)PQgetlength(res, 0, 0));
	} else if (certificate_page(&page, credential, &now)) {
		respond_bytes(req, 200, "text/html; charset=utf-8", page.data, page.len);
		response_header(req, RESPONSE_CSP, certificate_page_csp());
	} else {
		log_error("a kept credential cannot be shown as a page");
		respond_problem(req, 500, "this certificate cannot be shown as a page; ask for application/vc");
	}
	response_header(req, "Vary", "Accept");
	buf_free(&page);
}

void handle_get_certificate(struct request *req)
{
	const struct certificate_route *r = request_context(req);
	if (!workflow_visible(req, r->wf))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(r->latest, DB_ARGS(request_param(req, "id"), request_today_text(req)), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0)
		respond_problem(req, 404, "this %s has no certificate: it is issued when the %s is %s", r->wf->noun,
		                r->wf->noun, r->granted);
	else
		respond_credential(req, res);
	PQclear(res);
}

/* GET /v1/certificates/{id}, anyone: whoever holds a certificate (its id is in the credential
 * and in the QR code of its printout, and random) fetches it to verify it. */
void handle_get_certificate_by_id(struct request *req)
{
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&certificate_store_by_id, DB_ARGS(request_param(req, "id"), request_today_text(req)), &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else if (PQntuples(res) == 0)
		respond_problem(req, 404, "no certificate has this id");
	else
		respond_credential(req, res);
	PQclear(res);
}

const struct certificate_route recordation_certificate = {&recordation_workflow, &certificate_store_latest_recordation,
                                                          "approved"};
const struct certificate_route pre_confirmation_certificate = {&pre_confirmation_workflow,
                                                               &certificate_store_latest_pre_confirmation, "confirmed"};

void handle_did_document(struct request *req)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(&certificate_store_keys, DB_NO_ARGS, &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	char did[300];
	certificate_issuer_did(did, sizeof did);
	json_t *methods = json_array(), *assertion = json_array();
	for (int i = 0; i < PQntuples(res); i++) {
		const char *mk = PQgetvalue(res, i, 0);
		char id[400];
		snprintf(id, sizeof id, "%s#%s", did, mk);
		json_array_append_new(methods, json_pack("{s:s, s:s, s:s, s:s}", "id", id, "type", "Multikey",
		                                         "controller", did, "publicKeyMultibase", mk));
		json_array_append_new(assertion, json_string(id));
	}
	PQclear(res);
	json_t *doc = json_pack("{s:[s, s], s:s, s:o, s:o}", "@context", "https://www.w3.org/ns/did/v1",
	                        "https://w3id.org/security/multikey/v1", "id", did, "verificationMethod", methods,
	                        "assertionMethod", assertion);
	char *text = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	respond_bytes(req, 200, "application/did+json", text, strlen(text));
	free(text);
}

/* ---- status lists ---- */

/* The signed status list credential of list n with these bits, malloc'd; NULL when it
 * cannot be made (logged). */
static char *sign_status_list(long long n, const unsigned char *bits)
{
	char did[300], created[32], url[400], subject[420];
	certificate_issuer_did(did, sizeof did);
	snprintf(url, sizeof url, "%s/v1/status-lists/%lld", cfg.public_url, n);
	snprintf(subject, sizeof subject, "%s#list", url);
	char *encoded = status_list_encode(bits, STATUS_LIST_BYTES);
	if (!encoded) {
		log_error("the status list could not be compressed");
		return NULL;
	}
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_t *cred = json_pack("{s:[s], s:s, s:[s, s], s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "@context",
	                         "https://www.w3.org/ns/credentials/v2", "id", url, "type", "VerifiableCredential",
	                         "BitstringStatusListCredential", "issuer", did, "validFrom", created,
	                         "credentialSubject", "id", subject, "type", "BitstringStatusList", "statusPurpose",
	                         "revocation", "encodedList", encoded);
	free(encoded);
	const struct signing_key *k = signing_active();
	char vm[400];
	snprintf(vm, sizeof vm, "%s#%s", did, k->multikey);
	char *text = di_sign(cred, k, vm, created) ? jcs_serialize(cred, NULL) : NULL;
	json_decref(cred);
	return text;
}

void handle_get_status_list(struct request *req)
{
	const char *param = request_param(req, "list");
	char *end = NULL;
	long long n = strtoll(param, &end, 10);
	if (!*param || *end || n < 0 || n > 1000000 || (param[0] == '0' && param[1])) {
		respond_problem(req, 404, "no status list %s", param);
		return;
	}
	if (!signing_active()) {
		respond_problem(req, 404,
		                "this registry signs nothing (IPR_SIGNING_KEY is empty): it has no status list");
		return;
	}
	PGresult *res = NULL, *kept = NULL;
	char *signed_text = NULL;
	enum db_status st = db_exec(&certificate_store_status_bits, DB_ARGS(param, request_today_text(req)), &res);
	if (st == DB_OK)
		st = db_exec(&certificate_store_status_list, DB_ARGS(param), &kept);
	if (st != DB_OK) {
		respond_db_error(req, st);
		goto out;
	}
	if (n > 0 && strcmp(PQgetvalue(res, 0, 1), "t")) {
		respond_problem(req, 404, "no status list %s", param);
		goto out;
	}
	unsigned char *bits = xcalloc(STATUS_LIST_BYTES, 1);
	for (int i = 0; i < PQntuples(res); i++)
		if (!PQgetisnull(res, i, 0))
			status_list_set(bits, (size_t)strtol(PQgetvalue(res, i, 0), NULL, 10));
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof h + 1];
	crypto_hash_sha256(h, bits, STATUS_LIST_BYTES);
	hex_encode(hex, h, sizeof h);
	const char *text = NULL;
	if (PQntuples(kept) == 1 && !strcmp(PQgetvalue(kept, 0, 0), hex)) {
		text = PQgetvalue(kept, 0, 1); /* unchanged: the list signed before */
	} else if ((signed_text = sign_status_list(n, bits))) {
		st = db_exec(&certificate_store_keep_status_list, DB_ARGS(param, hex, signed_text), NULL);
		text = st == DB_OK ? signed_text : NULL;
	}
	free(bits);
	if (!text) {
		respond_db_error(req, st == DB_OK ? DB_ERROR : st);
		goto out;
	}
	respond_bytes(req, 200, credential_type(req), text, strlen(text));
out:
	free(signed_text);
	PQclear(res);
	PQclear(kept);
}
