/* Certificates: the registry's decisions as W3C Verifiable Credentials (Data Model 2.0)
 * with an eddsa-jcs-2022 Data Integrity proof (domain/data_integrity.h), which anyone can
 * verify offline with the registry's public key (`iprd verify`).
 *
 * A credential is issued inside the transaction of the decision that grants what it
 * certifies (an approved recordation, an approved renewal, a confirmed pre-confirmation):
 * the workflow engine runs certificate_issue_* as the workflow's `issue` step, after the
 * row and its history are written and before the commit, so that there is never an
 * approval without its certificate nor a certificate of a decision that rolled back. The
 * claims are read from the row as that transaction wrote it; the credential is kept as
 * signed (its JCS form) and served byte for byte.
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

/* Signs the claims (column 0 of res: the credential without its proof) and keeps the
 * credential, for the recordation or the pre-confirmation id. */
static enum db_status sign_and_keep(PGresult *res, const char *recordation_id, const char *pre_confirmation_id)
{
	const struct signing_key *k = signing_active();
	char err[256], did[300], vm[400], created[32];
	const char *text = PQgetvalue(res, 0, 0);
	json_t *cred = jcs_parse(text, strlen(text), err, sizeof err);
	if (!cred) {
		log_error("certificate claims are not JSON: %s", err);
		return DB_ERROR;
	}
	certificate_issuer_did(did, sizeof did);
	snprintf(vm, sizeof vm, "%s#%s", did, k->multikey);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *signed_text = NULL;
	if (di_sign(cred, k, vm, created))
		signed_text = jcs_serialize(cred, NULL);
	json_decref(cred);
	if (!signed_text) {
		log_error("certificate claims could not be canonicalized");
		return DB_ERROR;
	}
	enum db_status st = db_exec(&certificate_store_insert,
	                            DB_ARGS(PQgetvalue(res, 0, 1), recordation_id, pre_confirmation_id,
	                                    PQgetvalue(res, 0, 2), vm, signed_text),
	                            NULL);
	free(signed_text);
	return st;
}

static enum db_status issue(struct workflow_step *s, struct db_stmt *claims, bool recordation)
{
	if (!signing_active())
		return DB_OK; /* IPR_SIGNING_KEY empty: nothing is signed */
	const char *id = request_param(s->req, "id");
	char did[300];
	certificate_issuer_did(did, sizeof did);
	PGresult *res = NULL;
	enum db_status st =
		db_exec(claims, DB_ARGS(id, did, cfg.timezone, cfg.public_url, s->req->principal.user_id), &res);
	if (st != DB_OK)
		return st;
	if (PQntuples(res) == 1)
		st = sign_and_keep(res, recordation ? id : NULL, recordation ? NULL : id);
	else
		st = DB_ERROR; /* the row this transaction wrote is there, and its decider */
	PQclear(res);
	return st;
}

/* An approval, or an approved renewal (the action that decides renewals also rejects them). */
enum db_status certificate_issue_recordation(struct workflow_step *s, const void *arg)
{
	(void)arg;
	bool grants = s->action == RECORDATION_APPROVE ||
	              (s->action == RECORDATION_DECIDE_RENEWAL && s->event && !strcmp(s->event, "renewal_approved"));
	return grants ? issue(s, &certificate_store_recordation_claims, true) : DB_OK;
}

enum db_status certificate_issue_pre_confirmation(struct workflow_step *s, const void *arg)
{
	(void)arg;
	return s->action == PRE_CONFIRMATION_CONFIRM ? issue(s, &certificate_store_pre_confirmation_claims, false)
	                                             : DB_OK;
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
