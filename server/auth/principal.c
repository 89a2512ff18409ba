#include "auth/principal.h"

const char *role_name(enum role role)
{
	switch (role) {
	case ROLE_ANONYMOUS:
		return "anonymous";
	case ROLE_ADMIN:
		return "admin";
	case ROLE_HQ_OFFICER:
		return "hq_officer";
	case ROLE_PORT_OFFICER:
		return "port_officer";
	case ROLE_RIGHTS_HOLDER:
		return "rights_holder";
	case ROLE_IMPORTER:
		return "importer";
	case ROLE_METRICS:
		return "metrics";
	}
	return "unknown";
}
