/* Who is calling: the roles the route table speaks of, and the authenticated principal. */
#ifndef IPR_AUTH_PRINCIPAL_H
#define IPR_AUTH_PRINCIPAL_H

#include "core/util.h"

/* Roles as bits, so that a route declares the set that may call it. */
enum role {
	ROLE_ANONYMOUS = 1 << 0,    /* no token */
	ROLE_ADMIN = 1 << 1,        /* registry administrator */
	ROLE_HQ_OFFICER = 1 << 2,   /* customs officer of a headquarters office */
	ROLE_PORT_OFFICER = 1 << 3, /* customs officer of a port office */
	ROLE_RIGHTS_HOLDER = 1 << 4,
	ROLE_IMPORTER = 1 << 5,
	/* Not a user: the holder of IPR_METRICS_TOKEN (a Prometheus scraper), which only reads
	 * /metrics. A bearer token that never expires, since a scraper cannot log in. */
	ROLE_METRICS = 1 << 6,
	/* A user of an agent organization (a law firm, a brand-protection agency) that acts for
	 * rights holders under their mandates (api/agency.h). */
	ROLE_AGENT = 1 << 7,
};

#define ROLES_USERS (ROLE_ADMIN | ROLE_HQ_OFFICER | ROLE_PORT_OFFICER | ROLE_RIGHTS_HOLDER | ROLE_IMPORTER | ROLE_AGENT)
#define ROLES_ANYONE (ROLE_ANONYMOUS | ROLES_USERS)
#define ROLES_OFFICERS (ROLE_HQ_OFFICER | ROLE_PORT_OFFICER)

/* Every role, anonymous first, and the names of the users' roles (NULL-terminated, for
 * query_enum): the one list of them. */
#define ROLE_COUNT 8
extern const enum role role_all[ROLE_COUNT];
extern const char *const role_user_names[];

/* The role's name in the API ("admin", "hq_officer", ...); "anonymous" for ROLE_ANONYMOUS. */
const char *role_name(enum role role);
/* The user role of that name (ROLES_USERS); ROLE_ANONYMOUS for any other name. */
enum role role_parse(const char *name);

struct principal {
	enum role role;
	char user_id[UUID_TEXT_LEN];
	char session_id[UUID_TEXT_LEN];
	char organization_id[UUID_TEXT_LEN]; /* rights holders, importers, agents; "" otherwise */
	char office_id[UUID_TEXT_LEN];       /* officers; "" otherwise */
	char office_code[17];                /* officers; "" otherwise */
	char registration_number[65];        /* the organization's, for importers' own checks */
	char token_hash[65];                 /* hex BLAKE2b-256 of the bearer token */
	/* An agent whose registration the administrator has not approved (pending, refused,
	 * suspended): it may log in and look at itself, not act (principal_may_call). */
	bool unapproved;
};

/* Whether p may call a route open to `roles` at all, beyond the route's role check: an
 * unapproved agent may call only the routes every user may (its account, its password, its
 * logout). */
bool principal_may_call(const struct principal *p, unsigned roles);

#endif
