/* The web console: the static files of the single-page application (IPR_CONSOLE_DIR), read
 * into memory once at start-up and served from there on the event loop, with no file
 * system access per request. It is not part of the API's route table: the server hands it
 * the GET and HEAD requests that no route matched outside /v1 (http/server.c). */
#ifndef IPR_HTTP_CONSOLE_H
#define IPR_HTTP_CONSOLE_H

#include <stdbool.h>

struct request;

/* Indexes the regular files under dir (symbolic links are followed only when they stay
 * inside dir's real path; "name.gz" is the gzip variant of "name"). A missing or empty
 * folder is logged, not fatal: the console then answers 404. Returns 0, or -1 when the
 * files are more than the console may hold in memory. */
int console_init(const char *dir);
void console_free(void);

/* True when the console answers this path (%-decoded; GET/HEAD, not /v1 or under it). */
bool console_claims(const char *method, const char *path);
/* Answers for path (the request's, %-decoded): the file, its gzip variant when accepted, 304
 * when the ETag matches, index.html for a client-side route (a path whose last segment has
 * no dot), else a 404 problem. */
void console_serve(struct request *req, const char *path);

#endif
