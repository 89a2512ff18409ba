/* The handlers the route table (api/routes.c) points at, one file per resource. Each
 * validates, authorizes, calls the database and answers exactly once. */
#ifndef IPR_API_HANDLERS_H
#define IPR_API_HANDLERS_H

#include <jansson.h>

#include "auth/password.h"
#include "domain/validate.h"
#include "http/request.h"
#include "http/router.h"

/* The route table: the one place where routes and the roles allowed on them are declared. */
extern const struct route api_routes[];
extern const size_t api_routes_count;

/* ops.c */
int ops_init(void) __attribute__((warn_unused_result));
void ops_free(void);
void handle_healthz(struct request *req);
void handle_readyz(struct request *req);
void handle_metrics(struct request *req);
void handle_openapi(struct request *req);
void handle_docs(struct request *req);

/* identity.c */
void handle_create_account(struct request *req);
void handle_create_session(struct request *req);
void handle_delete_session(struct request *req);
void handle_me(struct request *req);
void handle_change_password(struct request *req);
/* Shared checks of a password field `key` (10 characters to 512 bytes) and an email field. */
const char *validate_password(json_t *obj, const char *key, const char *prefix, struct field_errors *errs);
/* Hashes a new password for storage (call it on an offload thread); answers 503 and returns
 * false when the machine is short of memory for Argon2. */
bool hash_new_password(struct request *req, const char *password, char hash[PASSWORD_HASH_MAX]);
const char *validate_email(json_t *obj, const char *key, const char *prefix, enum v_presence presence,
                           struct field_errors *errs);

/* offices.c */
void handle_create_office(struct request *req);
void handle_list_offices(struct request *req);
void handle_create_officer(struct request *req);
void handle_list_users(struct request *req);
void handle_disable_user(struct request *req);
void handle_enable_user(struct request *req);

/* calendar.c (the registry's calendar itself: api/registry_calendar.h) */
void handle_list_calendar(struct request *req);
void handle_add_working_days(struct request *req);
void handle_put_calendar_exception(struct request *req);
void handle_delete_calendar_exception(struct request *req);

/* recordations.c */
void handle_create_recordation(struct request *req);
/* Checks the fields of a creation (creating) or merge-patch; records every bad one. */
void recordation_check_fields(json_t *body, bool creating, struct field_errors *errs);
void handle_list_recordations(struct request *req);
void handle_get_recordation(struct request *req);
void handle_update_recordation(struct request *req);
void handle_submit_recordation(struct request *req);
void handle_decide_recordation(struct request *req);
void handle_withdraw_recordation(struct request *req);
void handle_request_renewal(struct request *req);
void handle_decide_renewal(struct request *req);
void handle_revoke_recordation(struct request *req);
void handle_cancel_recordation(struct request *req);
void handle_recordation_history(struct request *req);
void handle_search_register(struct request *req);
/* The organization whose recordations the caller sees: a holder's own; NULL (all) for officers. */
const char *recordation_visible_organization(const struct request *req);

/* authorized_users.c */
void handle_list_authorized_users(struct request *req);
void handle_add_authorized_user(struct request *req);
void handle_replace_authorized_users(struct request *req);
void handle_update_authorized_user(struct request *req);
void handle_end_authorized_user(struct request *req);
void handle_check_authorization(struct request *req);

/* pre_confirmations.c */
void handle_create_pre_confirmation(struct request *req);
void handle_list_pre_confirmations(struct request *req);
void handle_get_pre_confirmation(struct request *req);
void handle_decide_pre_confirmation(struct request *req);
void handle_withdraw_pre_confirmation(struct request *req);
void handle_pre_confirmation_history(struct request *req);
/* The fields of a filing that the database resolves: NULL when absent or malformed. */
struct filing {
	const char *office_code;
	const char *recordation_number;
	const char *direction;
};
/* Checks every field of a filing received on today; records every bad one. */
void pre_confirmation_check_filing(json_t *body, ipr_date today, struct filing *f, struct field_errors *errs);
/* What the caller sees of pre-confirmations, as pc_store's scope parameters $2..$4: the
 * importer organization, the port office, the rights holder organization (NULL each that
 * does not apply). */
void pre_confirmation_visible_scope(const struct request *req, const char *out[3]);

/* documents.c */
void handle_upload_recordation_document(struct request *req);
void handle_list_recordation_documents(struct request *req);
void handle_download_recordation_document(struct request *req);
void handle_delete_recordation_document(struct request *req);
void handle_upload_pre_confirmation_document(struct request *req);
void handle_list_pre_confirmation_documents(struct request *req);
void handle_download_pre_confirmation_document(struct request *req);
void handle_delete_pre_confirmation_document(struct request *req);

#endif
