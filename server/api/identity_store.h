/* The SQL of accounts, logins and the caller (api/identity.c), kept together. The
 * representations (api_user, api_organization, api_office) are SQL functions of
 * migrations/0001_identity.sql. */
#ifndef IPR_API_IDENTITY_STORE_H
#define IPR_API_IDENTITY_STORE_H

#include "auth/session.h"
#include "db/db.h"

/* Columns of identity_store_find_login after the principal's. */
enum identity_login_col { LOGIN_HASH = SESSION_PRINCIPAL_NCOLUMNS, LOGIN_USER, LOGIN_EMAIL };

/* $1 kind, $2..$7 the organization (name, country, registration number, address, contact
 * email, phone), $8 email, $9 password hash, $10 full name, $11 an agent's licence number
 * (its registration, pending the administrator's approval) → {organization, user}. */
extern struct db_stmt identity_store_insert_account;

/* $1 email → one row, known email or not: the principal's columns (auth/session.h; NULL for
 * an unknown or disabled user: as if unknown), then enum identity_login_col, the last being the
 * email as the database compares it (lower() in its locale). */
extern struct db_stmt identity_store_find_login;

/* $1 user, $2 password hash. */
extern struct db_stmt identity_store_update_hash;

/* $1 user → password hash. */
extern struct db_stmt identity_store_password_hash;

/* $1 user, $2 the new hash, $3 the session that stays: every other session of the user ends. */
extern struct db_stmt identity_store_change_password;

/* $1 user, $2 the registry's time zone → {user, organization, office, time_zone}. */
extern struct db_stmt identity_store_me;

#endif
