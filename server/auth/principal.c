#include "auth/principal.h"

#include <string.h>

static const char *const names[ROLE_COUNT] = {"anonymous",     "admin",    "hq_officer", "port_officer",
                                              "rights_holder", "importer", "metrics",    "agent"};

const enum role role_all[ROLE_COUNT] = {ROLE_ANONYMOUS,     ROLE_ADMIN,    ROLE_HQ_OFFICER, ROLE_PORT_OFFICER,
                                        ROLE_RIGHTS_HOLDER, ROLE_IMPORTER, ROLE_METRICS,    ROLE_AGENT};

const char *const role_user_names[] = {"admin", "hq_officer", "port_officer", "rights_holder", "importer",
                                       "agent", NULL};

const char *role_name(enum role role)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (role_all[i] == role)
			return names[i];
	return "unknown";
}

enum role role_parse(const char *name)
{
	for (int i = 1; name && i < ROLE_COUNT; i++)
		if ((role_all[i] & ROLES_USERS) && !strcmp(names[i], name))
			return role_all[i];
	return ROLE_ANONYMOUS;
}

bool principal_may_call(const struct principal *p, unsigned roles)
{
	return !p->unapproved || (roles & ROLES_USERS) == ROLES_USERS;
}
