/* Accounts, sessions and the caller: registration of rights holders and importers, login,
 * logout, /v1/me. Password work runs offloaded (http/offload.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/handlers.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "http/offload.h"
#include "http/response.h"

static struct db_stmt insert_account = DB_STMT(
	"WITH o AS (INSERT INTO organizations (kind, name, country, registration_number, address, contact_email, phone)"
	"           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *),"
	"     u AS (INSERT INTO users (email, password_hash, full_name, role, organization_id)"
	"           SELECT $8, $9, $10, $1, o.id FROM o RETURNING *)"
	" SELECT jsonb_build_object('organization', api_organization(o), 'user', api_user(u))::text FROM o, u");

/* One row, known email or not: the user's columns (NULL when unknown or disabled: as if
 * unknown) and, last, the email as the database compares it (lower() in its locale). */
static struct db_stmt find_login = DB_QUERY(
	"SELECT u.id, u.password_hash, u.role, coalesce(u.organization_id::text, ''), coalesce(u.office_id::text, ''),"
	"       coalesce(f.code, ''), coalesce(g.registration_number, ''),"
	"       CASE WHEN u.id IS NOT NULL THEN api_user(u)::text END, k.email"
	"  FROM (SELECT lower($1) AS email) k"
	"  LEFT JOIN users u ON lower(u.email) = k.email AND u.disabled_at IS NULL"
	"  LEFT JOIN customs_offices f ON f.id = u.office_id"
	"  LEFT JOIN organizations g ON g.id = u.organization_id");

static struct db_stmt update_hash = DB_STMT("UPDATE users SET password_hash = $2 WHERE id = $1");

static struct db_stmt select_password_hash = DB_QUERY("SELECT password_hash FROM users WHERE id = $1");

/* $1 user, $2 the new hash, $3 the session that stays: every other session of the user ends. */
static struct db_stmt change_password = DB_STMT(
	"WITH u AS (UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id)"
	" UPDATE sessions SET revoked_at = now()"
	"  WHERE user_id IN (SELECT id FROM u) AND id <> $3::uuid AND revoked_at IS NULL");

static struct db_stmt select_me = DB_QUERY(
	"SELECT jsonb_build_object('user', api_user(u),"
	"         'organization', (SELECT api_organization(g) FROM organizations g WHERE g.id = u.organization_id),"
	"         'office', (SELECT api_office(f) FROM customs_offices f WHERE f.id = u.office_id),"
	"         'time_zone', $2::text)::text"
	"  FROM users u WHERE u.id = $1");

/* ---- registration ---- */

static const char *const account_keys[] = {"kind", "organization", "user", NULL};
static const char *const organization_keys[] = {"name", "country", "registration_number", "address",
                                                "contact_email", "phone", NULL};
static const char *const user_keys[] = {"email", "password", "full_name", NULL};
static const char *const account_kinds[] = {"rights_holder", "importer", NULL};

const char *validate_password(json_t *obj, const char *key, const char *prefix, struct field_errors *errs)
{
	const char *password =
		v_string(obj, key, prefix, PASSWORD_MIN_CHARS, PASSWORD_MAX_BYTES, V_REQUIRED, false, errs);
	if (password && strlen(password) > PASSWORD_MAX_BYTES) {
		char path[64];
		field_path(path, sizeof path, prefix, key);
		field_error(errs, path, "must be at most 512 bytes");
		return NULL;
	}
	return password;
}

const char *validate_email(json_t *obj, const char *key, const char *prefix, enum v_presence presence,
                           struct field_errors *errs)
{
	const char *email = v_string(obj, key, prefix, 3, 254, presence, false, errs);
	if (email && !text_is_email(email)) {
		char path[64];
		field_path(path, sizeof path, prefix, key);
		field_error(errs, path, "must be an email address");
		return NULL;
	}
	return email;
}

static bool text_is_phone(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789+-() .", *s))
			return false;
	return true;
}

struct account_job {
	json_t *body; /* holds the strings below */
	const char *kind, *name, *country, *registration_number, *address, *contact_email, *phone;
	const char *email, *password, *full_name;
};

static void account_job_free(void *arg)
{
	struct account_job *j = arg;
	json_decref(j->body);
	free(j);
}

bool hash_new_password(struct request *req, const char *password, char hash[PASSWORD_HASH_MAX])
{
	if (password_hash(password, hash) == 0)
		return true;
	respond_problem(req, 503, "the server is short of memory for password hashing; try again");
	return false;
}

static void create_account(struct request *req, void *arg)
{
	struct account_job *j = arg;
	char hash[PASSWORD_HASH_MAX];
	if (!hash_new_password(req, j->password, hash))
		return;
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&insert_account,
		        DB_ARGS(j->kind, j->name, j->country, j->registration_number, j->address, j->contact_email,
		                j->phone, j->email, hash, j->full_name),
		        &res);
	sodium_memzero(hash, sizeof hash);
	respond_created(req, st, res, "user.email", "is already registered", "an account with this email already exists");
}

void handle_create_account(struct request *req)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	struct account_job *j = xcalloc(1, sizeof *j);
	j->body = body;
	v_no_unknown_fields(body, account_keys, "", &errs);
	j->kind = v_enum(body, "kind", "", account_kinds, V_REQUIRED, &errs);
	json_t *org = v_object(body, "organization", "", V_REQUIRED, &errs);
	json_t *user = v_object(body, "user", "", V_REQUIRED, &errs);
	if (org) {
		v_no_unknown_fields(org, organization_keys, "organization", &errs);
		j->name = v_string(org, "name", "organization", 1, 200, V_REQUIRED, false, &errs);
		j->country = v_string(org, "country", "organization", 2, 2, V_REQUIRED, false, &errs);
		if (j->country && !text_is_country(j->country))
			field_error(&errs, "organization.country", "must be an ISO 3166-1 alpha-2 code such as CN");
		j->registration_number =
			v_string(org, "registration_number", "organization", 1, 64, V_REQUIRED, false, &errs);
		j->address = v_string(org, "address", "organization", 1, 500, V_REQUIRED, true, &errs);
		j->contact_email = validate_email(org, "contact_email", "organization", V_REQUIRED, &errs);
		j->phone = v_string(org, "phone", "organization", 3, 32, V_REQUIRED, false, &errs);
		if (j->phone && !text_is_phone(j->phone))
			field_error(&errs, "organization.phone", "may hold only digits, spaces and + - ( ) .");
	}
	if (user) {
		v_no_unknown_fields(user, user_keys, "user", &errs);
		j->email = validate_email(user, "email", "user", V_REQUIRED, &errs);
		j->password = validate_password(user, "password", "user", &errs);
		j->full_name = v_string(user, "full_name", "user", 1, 200, V_REQUIRED, false, &errs);
	}
	if (field_errors_any(&errs)) {
		account_job_free(j);
		respond_invalid(req, &errs);
		return;
	}
	offload(req, create_account, j, account_job_free);
}

/* ---- sessions ---- */

struct login_job {
	json_t *body;
	const char *email, *password;
	char throttle_account[1100]; /* "account:" and the email lowered by the database (254 characters) */
	char throttle_client[80];
};

static void login_job_free(void *arg)
{
	struct login_job *j = arg;
	json_decref(j->body);
	free(j);
}

static void fill_principal(PGresult *res, struct principal *p)
{
	static const enum role roles[] = {ROLE_ADMIN, ROLE_HQ_OFFICER, ROLE_PORT_OFFICER, ROLE_RIGHTS_HOLDER,
	                                  ROLE_IMPORTER};
	memset(p, 0, sizeof *p);
	snprintf(p->user_id, sizeof p->user_id, "%s", PQgetvalue(res, 0, 0));
	for (size_t i = 0; i < ARRAY_LEN(roles); i++)
		if (!strcmp(role_name(roles[i]), PQgetvalue(res, 0, 2)))
			p->role = roles[i];
	snprintf(p->organization_id, sizeof p->organization_id, "%s", PQgetvalue(res, 0, 3));
	snprintf(p->office_id, sizeof p->office_id, "%s", PQgetvalue(res, 0, 4));
	snprintf(p->office_code, sizeof p->office_code, "%s", PQgetvalue(res, 0, 5));
	snprintf(p->registration_number, sizeof p->registration_number, "%s", PQgetvalue(res, 0, 6));
}

/* Answers 429 with Retry-After when wait (seconds) is positive; returns whether it did. */
static bool respond_throttled(struct request *req, int wait, const char *what)
{
	if (wait <= 0)
		return false;
	char retry[16];
	snprintf(retry, sizeof retry, "%d", wait);
	respond_problem(req, 429, "too many %s; try again in %d seconds", what, wait);
	response_header(req, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	return true;
}

static void log_in(struct request *req, void *arg)
{
	struct login_job *j = arg;
	PGresult *res = NULL;
	enum db_status st = db_exec(&find_login, DB_ARGS(j->email), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	bool found = !PQgetisnull(res, 0, 0);
	/* The account's budget is keyed by the email as the database matches it, so that its case
	 * variants ("É@x.cn", "é@x.cn": one account) share it; unknown emails alike. */
	snprintf(j->throttle_account, sizeof j->throttle_account, "account:%s", PQgetvalue(res, 0, 8));
	if (respond_throttled(req, throttle_wait(j->throttle_account), "failed logins")) {
		PQclear(res);
		return;
	}
	/* Unknown email and wrong password: the same work, the same answer. */
	if (!password_verify(j->password, found ? PQgetvalue(res, 0, 1) : NULL)) {
		PQclear(res);
		throttle_failure(j->throttle_account);
		throttle_failure(j->throttle_client);
		log_info("request %s: failed login", req->request_id);
		respond_problem(req, 401, "the email or the password is wrong");
		response_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"iprd\"");
		return;
	}
	throttle_forget(j->throttle_account);
	struct principal p;
	fill_principal(res, &p);
	if (password_needs_rehash(PQgetvalue(res, 0, 1))) {
		char hash[PASSWORD_HASH_MAX];
		if (password_hash(j->password, hash) == 0 && db_exec(&update_hash, DB_ARGS(p.user_id, hash), NULL) == DB_OK)
			log_info("request %s: password hash of user %s renewed with the current cost", req->request_id,
			         p.user_id);
		sodium_memzero(hash, sizeof hash);
	}
	char token[TOKEN_TEXT_MAX];
	int64_t expires_at = 0;
	st = session_create(&p, req->client_ip, token, &expires_at);
	if (st != DB_OK) {
		PQclear(res);
		respond_db_error(req, st);
		return;
	}
	json_error_t jerr;
	json_t *user = json_loads(PQgetvalue(res, 0, 7), 0, &jerr);
	PQclear(res);
	time_t t = (time_t)expires_at;
	struct tm tm;
	gmtime_r(&t, &tm);
	char expires[32];
	strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
	respond_json(req, 201, json_pack("{s:s, s:s, s:o}", "token", token, "expires_at", expires, "user", user));
	sodium_memzero(token, sizeof token);
}

static const char *const login_keys[] = {"email", "password", NULL};

void handle_create_session(struct request *req)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	struct login_job *j = xcalloc(1, sizeof *j);
	j->body = body;
	v_no_unknown_fields(body, login_keys, "", &errs);
	j->email = v_string(body, "email", "", 1, 254, V_REQUIRED, false, &errs);
	j->password = v_string(body, "password", "", 1, PASSWORD_MAX_BYTES, V_REQUIRED, false, &errs);
	if (field_errors_any(&errs)) {
		login_job_free(j);
		respond_invalid(req, &errs);
		return;
	}
	/* The account's budget is looked at once the database has said which account it is (log_in). */
	snprintf(j->throttle_client, sizeof j->throttle_client, "client:%s", req->client_ip);
	if (respond_throttled(req, throttle_wait(j->throttle_client), "failed logins")) {
		login_job_free(j);
		return;
	}
	offload(req, log_in, j, login_job_free);
}

void handle_delete_session(struct request *req)
{
	enum db_status st = session_revoke(&req->principal);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	respond_empty(req, 204);
}

void handle_me(struct request *req)
{
	PGresult *res = NULL;
	enum db_status st = db_exec(&select_me, DB_ARGS(req->principal.user_id, cfg.timezone), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	respond_json_text(req, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
}

/* ---- changing one's own password ---- */

struct password_job {
	json_t *body;
	const char *current, *next;
	char throttle[64];
};

static void password_job_free(void *arg)
{
	struct password_job *j = arg;
	json_decref(j->body);
	free(j);
}

static void change_own_password(struct request *req, void *arg)
{
	struct password_job *j = arg;
	PGresult *res = NULL;
	enum db_status st = db_exec(&select_password_hash, DB_ARGS(req->principal.user_id), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	bool matches = password_verify(j->current, PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : NULL);
	PQclear(res);
	if (!matches) {
		throttle_failure(j->throttle);
		struct field_errors errs = {0};
		field_error(&errs, "current_password", "is not the password of this account");
		respond_invalid(req, &errs);
		return;
	}
	throttle_forget(j->throttle);
	char hash[PASSWORD_HASH_MAX];
	if (!hash_new_password(req, j->next, hash))
		return;
	st = db_exec(&change_password, DB_ARGS(req->principal.user_id, hash, req->principal.session_id), NULL);
	sodium_memzero(hash, sizeof hash);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	/* The other sessions end in this daemon now, in the others when they hear of it. */
	session_changed(NULL);
	respond_empty(req, 204);
}

static const char *const password_keys[] = {"current_password", "new_password", NULL};

void handle_change_password(struct request *req)
{
	json_t *body = request_json_object(req, false);
	if (!body)
		return;
	struct field_errors errs = {0};
	struct password_job *j = xcalloc(1, sizeof *j);
	j->body = body;
	v_no_unknown_fields(body, password_keys, "", &errs);
	j->current = v_string(body, "current_password", "", 1, PASSWORD_MAX_BYTES, V_REQUIRED, false, &errs);
	j->next = validate_password(body, "new_password", "", &errs);
	if (field_errors_any(&errs)) {
		password_job_free(j);
		respond_invalid(req, &errs);
		return;
	}
	/* Guessing the current password with a stolen token is throttled like logins. */
	snprintf(j->throttle, sizeof j->throttle, "password:%s", req->principal.user_id);
	if (respond_throttled(req, throttle_wait(j->throttle), "wrong passwords")) {
		password_job_free(j);
		return;
	}
	offload(req, change_own_password, j, password_job_free);
}
