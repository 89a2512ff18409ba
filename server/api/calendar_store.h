/* The SQL of the working-day calendar, kept together: the declared exceptions of table
 * calendar_exceptions (migrations/0002_calendar.sql). */
#ifndef IPR_API_CALENDAR_STORE_H
#define IPR_API_CALENDAR_STORE_H

#include "db/db.h"

/* → every exception: day (days since 1970-01-01, as text), kind. */
extern struct db_stmt calendar_store_load;
/* $1 from, $2 to → {"items": [...]} of the exceptions in [from, to], by date. */
extern struct db_stmt calendar_store_list;
/* $1 day, $2 kind, $3 name, $4 actor → the exception as JSON text; replaces one on that day.
 * Writes a registry event (the log). */
extern struct db_stmt calendar_store_put;
/* $1 day, $2 actor: removes the exception of that day (the command tag says whether there was
 * one) and writes a registry event. */
extern struct db_stmt calendar_store_delete;

#endif
