/* Accounts, sessions and the caller: registration of rights holders and importers, login,
 * logout, /v1/me. Password work runs offloaded (http/offload.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/handlers.h"
#include "api/identity_store.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "http/offload.h"
#include "http/response.h"

/* ---- registration ---- */

static const char *const account_keys[] = {"kind", "organization", "user", NULL};
static const char *const organization_keys[] = {"name",          "country", "registration_number", "address",
                                                "contact_email", "phone",   "licence_number",      NULL};
static const char *const user_keys[] = {"email", "password", "full_name", NULL};
static const char *const account_kinds[] = {"rights_holder", "importer", "agent", NULL};

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

bool hash_new_password(struct request *req, const char *password, char hash[PASSWORD_HASH_MAX])
{
	if (password_hash(password, hash) == 0)
		return true;
	respond_problem(req, 503, "the server is short of memory for password hashing; try again");
	return false;
}

static void create_account(struct request *req, json_t *body)
{
	json_t *org = json_object_get(body, "organization"), *user = json_object_get(body, "user");
	char hash[PASSWORD_HASH_MAX];
	if (!hash_new_password(req, v_text(user, "password"), hash))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(&identity_store_insert_account,
	                            DB_ARGS(v_text(body, "kind"), v_text(org, "name"), v_text(org, "country"),
	                                    v_text(org, "registration_number"), v_text(org, "address"),
	                                    v_text(org, "contact_email"), v_text(org, "phone"), v_text(user, "email"),
	                                    hash, v_text(user, "full_name"), v_text(org, "licence_number")),
	                            &res);
	sodium_memzero(hash, sizeof hash);
	respond_created(req, st, res, "user.email", "is already registered",
	                "an account with this email already exists");
}

void handle_create_account(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, account_keys, &errs);
	if (!body)
		return;
	const char *kind = v_enum(body, "kind", "", account_kinds, V_REQUIRED, &errs);
	json_t *org = v_object(body, "organization", "", V_REQUIRED, &errs);
	json_t *user = v_object(body, "user", "", V_REQUIRED, &errs);
	if (org) {
		v_no_unknown_fields(org, organization_keys, "organization", &errs);
		v_string(org, "name", "organization", 1, 200, V_REQUIRED, false, &errs);
		const char *country = v_string(org, "country", "organization", 2, 2, V_REQUIRED, false, &errs);
		if (country && !text_is_country(country))
			field_error(&errs, "organization.country", "must be an ISO 3166-1 alpha-2 code such as CN");
		v_string(org, "registration_number", "organization", 1, 64, V_REQUIRED, false, &errs);
		v_string(org, "address", "organization", 1, 500, V_REQUIRED, true, &errs);
		validate_email(org, "contact_email", "organization", V_REQUIRED, &errs);
		const char *phone = v_string(org, "phone", "organization", 3, 32, V_REQUIRED, false, &errs);
		if (phone && !text_is_phone(phone))
			field_error(&errs, "organization.phone", "may hold only digits, spaces and + - ( ) .");
		/* An agent registers with the licence under which it represents rights holders; the
		 * administrator approves it before it acts (api/agents.c). */
		bool agent = kind && !strcmp(kind, "agent");
		v_string(org, "licence_number", "organization", 1, 64, agent ? V_REQUIRED : V_OPTIONAL, false, &errs);
		json_t *licence = json_object_get(org, "licence_number");
		if (json_is_null(licence))
			field_error(&errs, "organization.licence_number", "must be a licence number, or left out");
		else if (!agent && kind && licence)
			field_error(&errs, "organization.licence_number", "is only for agents");
	}
	if (user) {
		v_no_unknown_fields(user, user_keys, "user", &errs);
		validate_email(user, "email", "user", V_REQUIRED, &errs);
		validate_password(user, "password", "user", &errs);
		v_string(user, "full_name", "user", 1, 200, V_REQUIRED, false, &errs);
	}
	if (respond_if_invalid(req, &errs))
		return;
	/* Each registration costs a hash and a row: a client address has a budget of them. */
	char key[80];
	snprintf(key, sizeof key, "accounts:%s", req->client_budget);
	int wait = throttle_take(key, cfg.address_accounts, cfg.login_window);
	if (wait)
		respond_retry_later(req, 429, wait, "too many registrations from this address; try again in %d seconds",
		                    wait);
	else
		offload(req, create_account);
}

/* ---- sessions ---- */

/* A login is an attempt from the client's address, reserved before it is queued, and on the
 * account, reserved once the database has said which account it is and before its hash
 * (auth/throttle.h). The account's key is the email as the database matches it (lower() in its
 * locale, returned by the login lookup for known and unknown emails alike), so that the case
 * variants of an address ("É@x.cn", "é@x.cn": one account) share one budget. */
static void address_attempt(const struct request *req, struct throttle_attempt *a)
{
	a->subject[0] = '\0';
	snprintf(a->address, sizeof a->address, "client:%s", req->client_budget);
}

/* Answers 429 with Retry-After when wait (seconds) is positive; returns whether it did. */
static bool respond_throttled(struct request *req, int wait)
{
	if (wait)
		respond_retry_later(req, 429, wait, "too many failed attempts; try again in %d seconds", wait);
	return wait != 0;
}

static void log_in(struct request *req, json_t *body)
{
	const char *email = v_text(body, "email"), *password = v_text(body, "password");
	struct throttle_attempt client, account = {.address = ""};
	address_attempt(req, &client);
	PGresult *res = NULL;
	enum db_status st = db_exec(&identity_store_find_login, DB_ARGS(email), &res);
	if (st != DB_OK) {
		throttle_end(&client, THROTTLE_UNDECIDED);
		respond_db_error(req, st);
		return;
	}
	bool found = !PQgetisnull(res, 0, 0);
	snprintf(account.subject, sizeof account.subject, "account:%s", PQgetvalue(res, 0, LOGIN_EMAIL));
	if (respond_throttled(req, throttle_begin(&account))) {
		throttle_end(&client, THROTTLE_UNDECIDED);
		PQclear(res);
		return;
	}
	/* Unknown email and wrong password: the same work, the same answer. */
	if (!password_verify(password, found ? PQgetvalue(res, 0, LOGIN_HASH) : NULL)) {
		PQclear(res);
		throttle_end(&account, THROTTLE_FAILED);
		throttle_end(&client, THROTTLE_FAILED);
		log_info("request %s: failed login", req->request_id);
		respond_problem(req, 401, "the email or the password is wrong");
		response_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"iprd\"");
		return;
	}
	throttle_end(&account, THROTTLE_SUCCEEDED);
	throttle_end(&client, THROTTLE_SUCCEEDED);
	struct principal p;
	session_principal_read(res, &p);
	if (password_needs_rehash(PQgetvalue(res, 0, LOGIN_HASH))) {
		char hash[PASSWORD_HASH_MAX];
		if (password_hash(password, hash) == 0 &&
		    db_exec(&identity_store_update_hash, DB_ARGS(p.user_id, hash), NULL) == DB_OK)
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
	json_t *user = json_loads(PQgetvalue(res, 0, LOGIN_USER), 0, &jerr);
	PQclear(res);
	time_t t = (time_t)expires_at;
	struct tm tm;
	gmtime_r(&t, &tm);
	char expires[32];
	strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
	respond_json(req, 201, json_pack("{s:s, s:s, s:o}", "token", token, "expires_at", expires, "user", user));
	sodium_memzero(token, sizeof token);
}

/* Reserves the attempt and queues fn to check the password; or answers 429 while the attempt
 * must wait, 503 when the queue is full (and gives the attempt back). */
static void offload_attempt(struct request *req, const struct throttle_attempt *a, offload_fn fn)
{
	if (!respond_throttled(req, throttle_begin(a)) && !offload(req, fn))
		throttle_end(a, THROTTLE_UNDECIDED);
}

static const char *const login_keys[] = {"email", "password", NULL};

void handle_create_session(struct request *req)
{
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, login_keys, &errs);
	if (!body)
		return;
	v_string(body, "email", "", 1, 254, V_REQUIRED, false, &errs);
	v_string(body, "password", "", 1, PASSWORD_MAX_BYTES, V_REQUIRED, false, &errs);
	if (respond_if_invalid(req, &errs))
		return;
	/* The account's budget is looked at once the database has said which account it is (log_in). */
	struct throttle_attempt client;
	address_attempt(req, &client);
	offload_attempt(req, &client, log_in);
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
	enum db_status st = db_exec(&identity_store_me, DB_ARGS(req->principal.user_id, cfg.timezone), &res);
	respond_result(req, st, res, 200);
}

/* ---- changing one's own password ---- */

/* Guessing the current password with a stolen token is throttled like logins, per user. */
static void password_attempt(const struct request *req, struct throttle_attempt *a)
{
	snprintf(a->subject, sizeof a->subject, "password:%s", req->principal.user_id);
	a->address[0] = '\0';
}

static void change_own_password(struct request *req, json_t *body)
{
	struct throttle_attempt attempt;
	password_attempt(req, &attempt);
	PGresult *res = NULL;
	enum db_status st = db_exec(&identity_store_password_hash, DB_ARGS(req->principal.user_id), &res);
	if (st != DB_OK) {
		throttle_end(&attempt, THROTTLE_UNDECIDED);
		respond_db_error(req, st);
		return;
	}
	bool matches =
		password_verify(v_text(body, "current_password"), PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : NULL);
	PQclear(res);
	throttle_end(&attempt, matches ? THROTTLE_SUCCEEDED : THROTTLE_FAILED);
	if (!matches) {
		struct field_errors errs = {0};
		field_error(&errs, "current_password", "is not the password of this account");
		respond_invalid(req, &errs);
		return;
	}
	char hash[PASSWORD_HASH_MAX];
	if (!hash_new_password(req, v_text(body, "new_password"), hash))
		return;
	st = db_exec(&identity_store_change_password, DB_ARGS(req->principal.user_id, hash, req->principal.session_id),
	             NULL);
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
	struct field_errors errs = {0};
	json_t *body = request_json_fields(req, false, password_keys, &errs);
	if (!body)
		return;
	v_string(body, "current_password", "", 1, PASSWORD_MAX_BYTES, V_REQUIRED, false, &errs);
	validate_password(body, "new_password", "", &errs);
	struct throttle_attempt attempt;
	password_attempt(req, &attempt);
	if (!respond_if_invalid(req, &errs))
		offload_attempt(req, &attempt, change_own_password);
}
