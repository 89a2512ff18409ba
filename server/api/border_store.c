/* The statement of api/border_check.c. */
#include "api/border_store.h"

struct db_stmt border_store_check =
	DB_QUERY("SELECT border_check($1::date, $2, $3, $4::text[], $5, $6, $7::text[], $8::integer, "
                 "($9::integer / 100.0)::real)::text");
