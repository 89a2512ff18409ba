/* The SQL of product identification guides (api/guides.c): a recordation's guide for
 * customs officers (migrations/0010_border.sql). Its photos are documents (document_store_guide). */
#ifndef IPR_API_GUIDE_STORE_H
#define IPR_API_GUIDE_STORE_H

#include "db/db.h"

/* $1 recordation, $2 the caller's organization (rights holders) or NULL (officers) → the
 * guide (api_guide; version 0 when none was written yet), its version; no row when the
 * recordation is not visible. */
extern struct db_stmt guide_store_get;
/* $1 recordation, $2 the guide (validated JSON), $3 actor, $4 the version it replaces (0: none
 * yet) → the guide, its version; no row when that is not the current version. Writes the
 * history entry (guide_changed) of the recordation. */
extern struct db_stmt guide_store_put;

#endif
