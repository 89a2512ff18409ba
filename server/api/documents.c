/* Supporting documents: the files behind a recordation, a pre-confirmation request or a
 * suspect-goods case (its photos).
 *
 * Upload: the body was spooled to a temporary file as it arrived (http/upload.c, with its
 * SHA-256 and leading bytes), so a handler here only checks it (kind, name, type by the
 * leading bytes) and copies it into PostgreSQL chunk by chunk, in one transaction with the
 * document row and its history entry. Download: the chunks are read one at a time as the
 * client takes the bytes. Neither ever holds more than one chunk of a file in memory.
 *
 * Any record with a workflow can be a parent: its descriptor (api/workflow.h, the route's
 * context) names its kinds of document, who sees it, the actions of its state machine that
 * attach and remove documents, and its statements. The file rules are in
 * domain/document_file.c, the SQL in api/document_store.c. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/document_store.h"
#include "api/handlers.h"
#include "api/workflow.h"
#include "core/config.h"
#include "core/log.h"
#include "domain/document_file.h"
#include "http/offload.h"
#include "http/response.h"

#define DOCUMENTS_MAX 50 /* per record */

/* Locks the parent for a change of its documents (attach: true, remove: false), inside the
 * step's transaction: 404 when the caller cannot see it, 409 when its state does not allow it. */
static bool parent_lock_for(struct workflow_step *s, struct request *req, const struct workflow *parent, bool attach)
{
	return workflow_begin(s, req, parent, attach ? parent->attach_action : parent->remove_action, parent->locked,
	                      NULL, attach ? "documents to be added" : "documents to be removed");
}

/* ---- upload ---- */

static bool kind_allowed(const struct workflow *parent, const char *kind)
{
	for (const char *const *k = parent->document_kinds; k && *k; k++)
		if (!strcmp(*k, kind))
			return true;
	return false;
}

/* The file name: the filename parameter, else the Content-Disposition header, else
 * "document" with the type's extension. A bad one is recorded in errs. */
static void upload_filename(struct request *req, enum document_type type, char *out, size_t len,
                            struct field_errors *errs)
{
	const char *query = request_query(req, "filename");
	const char *disposition = request_header(req, MHD_HTTP_HEADER_CONTENT_DISPOSITION);
	if (query) {
		if (document_filename_valid(query))
			snprintf(out, len, "%s", query);
		else
			field_error(errs, "filename",
			            "must be 1 to 200 characters without path separators or control characters");
	} else if (disposition) {
		if (!document_disposition_filename(disposition, out, len) || !document_filename_valid(out))
			field_error(
				errs, "Content-Disposition",
				"must be attachment; filename=\"...\" (or filename*=UTF-8''...) with a file name of "
				"1 to 200 characters without path separators or control characters");
	} else {
		snprintf(out, len, "document.%s", document_type_extension(type));
	}
}

/* Checks what can be checked before the database: kind and file name (422), declared and
 * actual type (415). Answers and returns false when anything is wrong. */
static bool upload_check(struct request *req, const struct workflow *parent, const char **kind,
                         enum document_type *type, char *filename, size_t filename_len)
{
	struct field_errors errs = {0};
	*kind = request_query(req, "kind");
	if (!*kind)
		field_error(&errs, "kind", "is required");
	else if (!kind_allowed(parent, *kind))
		field_error(&errs, "kind", "is not one of the allowed values");
	*type = document_type_of_media(request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE));
	upload_filename(req, *type == DOCUMENT_TYPE_NONE ? DOCUMENT_PDF : *type, filename, filename_len, &errs);
	if (field_errors_any(&errs)) {
		respond_invalid(req, &errs);
		return false;
	}
	if (*type == DOCUMENT_TYPE_NONE) {
		respond_problem(req, 415,
		                "send the file as it is, with Content-Type application/pdf, image/jpeg, "
		                "image/png or image/webp");
		return false;
	}
	const struct upload *u = req->upload;
	if (!u || u->size == 0) {
		respond_problem(req, 415, "the body is empty: it must be the file itself");
		return false;
	}
	enum document_type actual = document_type_sniff(u->head, u->head_len);
	if (actual != *type) {
		respond_problem(req, 415, "the file is not %s as declared: its first bytes are those of %s",
		                document_type_media(*type),
		                actual == DOCUMENT_TYPE_NONE ? "no accepted type" : document_type_media(actual));
		return false;
	}
	return true;
}

/* Copies the spooled file into chunk rows of content_id, one chunk in memory at a time. */
static enum db_status store_chunks(const struct upload *u, const char *content_id)
{
	char *chunk = xmalloc(DOCUMENT_CHUNK_BYTES);
	enum db_status st = DB_OK;
	uint64_t offset = 0;
	for (int n = 0; offset < u->size && st == DB_OK; n++) {
		uint64_t left = u->size - offset;
		size_t want = left < DOCUMENT_CHUNK_BYTES ? (size_t)left : DOCUMENT_CHUNK_BYTES;
		size_t got = 0;
		while (got < want) {
			ssize_t r = pread(u->fd, chunk + got, want - got, (off_t)(offset + got));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				log_error("uploads: cannot read back the temporary file: %s",
				          r < 0 ? strerror(errno) : "it is shorter than received");
				st = DB_ERROR;
				break;
			}
			got += (size_t)r;
		}
		if (st != DB_OK)
			break;
		char number[16];
		snprintf(number, sizeof number, "%d", n);
		const char *params[] = {content_id, number, chunk};
		const int lengths[] = {0, 0, (int)got};
		const int formats[] = {0, 0, 1};
		st = db_exec_binary(&document_store_chunk_insert, params, lengths, formats, 3, NULL);
		offset += got;
	}
	free(chunk);
	return st;
}

/* Who owns what the caller uploads: its organization, or the customs office of an officer
 * (document_store.h); the other NULL. */
struct owner {
	const char *organization, *office;
};

static struct owner owner_of(const struct request *req)
{
	const struct principal *p = &req->principal;
	return (struct owner){p->organization_id[0] ? p->organization_id : NULL, p->office_id[0] ? p->office_id : NULL};
}

/* The owner's content with this hash, stored now if it has none; its id into content_id.
 * Locked against removal until commit either way. */
static enum db_status claim_content(const struct request *req, const struct upload *u, enum document_type type,
                                    char content_id[24])
{
	char size[24], chunks[24];
	snprintf(size, sizeof size, "%llu", (unsigned long long)u->size);
	snprintf(chunks, sizeof chunks, "%llu",
	         (unsigned long long)((u->size + DOCUMENT_CHUNK_BYTES - 1) / DOCUMENT_CHUNK_BYTES));
	struct owner own = owner_of(req);
	/* A content whose last document is being removed right now can vanish between the two
	 * statements; then it is simply stored again. */
	for (int attempt = 0; attempt < 3; attempt++) {
		PGresult *res = NULL;
		enum db_status st = db_exec(
			&document_store_content_insert,
			DB_ARGS(own.organization, u->sha256, document_type_media(type), size, chunks, own.office),
			&res);
		if (st != DB_OK)
			return st;
		bool fresh = PQntuples(res) == 1;
		if (!fresh) {
			PQclear(res);
			st = db_exec(&document_store_content_existing, DB_ARGS(own.organization, u->sha256, own.office),
			             &res);
			if (st != DB_OK)
				return st;
		}
		if (PQntuples(res) == 1) {
			snprintf(content_id, 24, "%s", PQgetvalue(res, 0, 0));
			PQclear(res);
			return fresh ? store_chunks(u, content_id) : DB_OK;
		}
		PQclear(res);
	}
	return DB_CONFLICT;
}

/* Within the upload's transaction: answers 413 when the owner's documents and this file
 * (counted once however often attached) would be more than IPR_DOCUMENT_QUOTA. */
static enum db_status check_quota(struct request *req, const struct upload *u)
{
	struct owner own = owner_of(req);
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&document_store_quota_lock, DB_ARGS(own.organization ? own.organization : own.office), NULL);
	if (st == DB_OK)
		st = db_exec(&document_store_usage, DB_ARGS(own.organization, u->sha256, own.office), &res);
	if (st != DB_OK)
		return st;
	unsigned long long used = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (used + u->size > (unsigned long long)cfg.document_quota)
		respond_problem_with(req, 413,
		                     json_pack("{s:s, s:I, s:I}", "type", "urn:iprd:problem:storage-quota", "quota",
		                               (json_int_t)cfg.document_quota, "used", (json_int_t)used),
		                     "your %s's documents take %llu bytes; with this file of %llu they "
		                     "would pass its quota of %ld bytes: remove documents first",
		                     own.organization ? "organization" : "office", used, (unsigned long long)u->size,
		                     cfg.document_quota);
	return DB_OK;
}

/* Within the upload's transaction, once the parent is locked: the same file already
 * attached (answered 200), the limit (409), or a new document (201). Returns DB_OK when
 * it answered; a database error otherwise. */
static enum db_status attach(struct request *req, const struct workflow *parent, const char *kind,
                             enum document_type type, const char *filename)
{
	const char *id = request_param(req, "id");
	const struct upload *u = req->upload;
	PGresult *res = NULL;
	enum db_status st = db_exec(&parent->documents->same, DB_ARGS(id, u->sha256), &res);
	if (st != DB_OK)
		return st;
	if (PQntuples(res) == 1) {
		respond_row(req, 200, res);
		return DB_OK;
	}
	PQclear(res);
	if ((st = db_exec(&parent->documents->count, DB_ARGS(id), &res)) != DB_OK)
		return st;
	long count = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (count >= DOCUMENTS_MAX) {
		respond_problem_with(req, 409, json_pack("{s:s}", "type", "urn:iprd:problem:too-many-documents"),
		                     "a %s has at most %d documents; remove one first", parent->noun, DOCUMENTS_MAX);
		return DB_OK;
	}
	if ((st = check_quota(req, u)) != DB_OK || req->response)
		return st;
	char content_id[24];
	if ((st = claim_content(req, u, type, content_id)) != DB_OK)
		return st;
	st = db_exec(&parent->documents->insert, DB_ARGS(id, content_id, kind, filename, req->principal.user_id), &res);
	if (st == DB_OK)
		st = db_commit();
	if (st != DB_OK) {
		PQclear(res);
		return st;
	}
	respond_row(req, 201, res);
	return DB_OK;
}

void handle_upload_document(struct request *req)
{
	const struct workflow *parent = request_context(req);
	const char *kind = NULL;
	enum document_type type = DOCUMENT_TYPE_NONE;
	char filename[DOCUMENT_DISPOSITION_MAX + 1];
	if (!upload_check(req, parent, &kind, &type, filename, sizeof filename))
		return;
	struct workflow_step s;
	enum db_status st = parent_lock_for(&s, req, parent, true) ? attach(req, parent, kind, type, filename) : DB_OK;
	if (st != DB_OK)
		respond_db_error(req, st);
	workflow_end(&s);
}

/* ---- list ---- */

void handle_list_documents(struct request *req)
{
	const struct workflow *parent = request_context(req);
	if (!workflow_visible(req, parent))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(&parent->documents->list, DB_ARGS(request_param(req, "id")), &res);
	if (st != DB_OK)
		respond_db_error(req, st);
	else
		respond_row(req, 200, res);
}

/* ---- download ---- */

/* A download in progress. libmicrohttpd asks for its bytes on the event loop, which must not
 * wait for the database: each chunk is fetched on a handler thread (offload_task), the next one
 * while the current one is sent, and when the loop runs out of bytes before it is in, the
 * connection is suspended until the fetch resumes it. */
struct download {
	pthread_mutex_t lock;        /* guards what the fetching thread and the loop share (marked) */
	int refs;                    /* shared: the response's, and one while a fetch is in flight */
	bool fetching;               /* shared */
	bool waiting;                /* shared: the loop suspended the connection for the fetch */
	PGresult *ahead;             /* shared: the chunk fetched and not yet being sent, or NULL */
	enum db_status ahead_status; /* shared: how the last fetch went */
	struct MHD_Connection *conn;
	int loop_wake_fd;
	char content_id[24];
	int chunk_count;
	int next;        /* the chunk to fetch next */
	PGresult *chunk; /* the one being sent (binary), or NULL; the loop's only */
	size_t offset;   /* how much of it was sent */
	uint64_t size;
	uint64_t sent;
};

/* Fetches chunk n of the content into *out (binary); a chunk that is gone is an error. */
static enum db_status chunk_fetch(const struct download *d, int n, PGresult **out)
{
	char number[16];
	snprintf(number, sizeof number, "%d", n);
	enum db_status st = db_exec(&document_store_chunk_get, DB_ARGS(d->content_id, number), out);
	if (st == DB_OK && PQntuples(*out) != 1) {
		log_warn("documents: chunk %d of content %s is gone (removed during a download?)", n, d->content_id);
		PQclear(*out);
		*out = NULL;
		st = DB_ERROR;
	}
	return st;
}

static void download_unref(struct download *d)
{
	pthread_mutex_lock(&d->lock);
	bool last = --d->refs == 0;
	pthread_mutex_unlock(&d->lock);
	if (!last)
		return;
	PQclear(d->chunk);
	PQclear(d->ahead);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

/* On a handler thread: fetches d->next, then resumes the connection if the loop waits for it. */
static void download_fetch_task(void *arg)
{
	struct download *d = arg;
	PGresult *res = NULL;
	enum db_status st = chunk_fetch(d, d->next, &res);
	pthread_mutex_lock(&d->lock);
	d->ahead = res;
	d->ahead_status = st;
	d->fetching = false;
	d->next++;
	bool resume = d->waiting; /* suspended: libmicrohttpd cannot free d meanwhile */
	d->waiting = false;
	pthread_mutex_unlock(&d->lock);
	if (resume) {
		MHD_resume_connection(d->conn);
		request_wake_loop(d->loop_wake_fd);
	}
	download_unref(d);
}

/* With d->lock held: fetches the next chunk on a handler thread, if there is one. */
static void fetch_ahead(struct download *d)
{
	if (d->fetching || d->ahead || d->next >= d->chunk_count)
		return;
	d->fetching = true;
	d->refs++;
	offload_task(download_fetch_task, d);
}

/* libmicrohttpd's reader, on the event loop. */
static ssize_t download_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct download *d = cls;
	if (pos != d->sent)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	while (!d->chunk || d->offset >= (size_t)PQgetlength(d->chunk, 0, 0)) {
		pthread_mutex_lock(&d->lock);
		if (d->ahead) {
			PQclear(d->chunk);
			d->chunk = d->ahead;
			d->ahead = NULL;
			d->offset = 0;
			fetch_ahead(d);
			pthread_mutex_unlock(&d->lock);
			continue;
		}
		bool failed = d->ahead_status != DB_OK || (!d->fetching && d->next >= d->chunk_count);
		if (!failed) {
			fetch_ahead(d);
			d->waiting = true;
			MHD_suspend_connection(d->conn);
		}
		pthread_mutex_unlock(&d->lock);
		/* Failed: the client sees a short body. Else nothing yet: the fetch resumes us. */
		return failed ? MHD_CONTENT_READER_END_WITH_ERROR : 0;
	}
	size_t left = (size_t)PQgetlength(d->chunk, 0, 0) - d->offset;
	size_t n = left < max ? left : max;
	memcpy(buf, PQgetvalue(d->chunk, 0, 0) + d->offset, n);
	d->offset += n;
	d->sent += n;
	if (d->sent >= d->size) { /* the last bytes: let the chunk go now */
		PQclear(d->chunk);
		d->chunk = NULL;
	}
	return (ssize_t)n;
}

static void download_free(void *cls)
{
	download_unref(cls);
}

void handle_download_document(struct request *req)
{
	const struct workflow *parent = request_context(req);
	if (!workflow_visible(req, parent))
		return;
	PGresult *res = NULL;
	enum db_status st = db_exec(&parent->documents->file,
	                            DB_ARGS(request_param(req, "id"), request_param(req, "doc_id")), &res);
	if (st != DB_OK) {
		respond_db_error(req, st);
		return;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no document with this id on this %s", parent->noun);
		return;
	}
	struct download *d = xcalloc(1, sizeof *d);
	pthread_mutex_init(&d->lock, NULL);
	d->refs = 1;
	d->conn = req->conn;
	d->loop_wake_fd = req->loop_wake_fd;
	snprintf(d->content_id, sizeof d->content_id, "%s", PQgetvalue(res, 0, FILE_CONTENT_ID));
	d->chunk_count = atoi(PQgetvalue(res, 0, FILE_CHUNKS));
	d->size = strtoull(PQgetvalue(res, 0, FILE_SIZE), NULL, 10);
	/* The first chunk now, here on the handler thread, so that a database failure is still a
	 * proper 503, and the second on its way (not for HEAD, answered without the body). */
	if (strcmp(req->method, MHD_HTTP_METHOD_HEAD)) {
		if ((st = chunk_fetch(d, d->next++, &d->chunk)) != DB_OK) {
			download_free(d);
			PQclear(res);
			respond_db_error(req, st);
			return;
		}
		fetch_ahead(d);
	}
	char etag[80], disposition[DOCUMENT_DISPOSITION_OUT];
	snprintf(etag, sizeof etag, "\"%s\"", PQgetvalue(res, 0, FILE_SHA256));
	document_disposition_format(PQgetvalue(res, 0, FILE_NAME), disposition, sizeof disposition);
	respond_stream(req, 200, PQgetvalue(res, 0, FILE_CONTENT_TYPE), d->size, download_read, d, download_free);
	response_header(req, MHD_HTTP_HEADER_ETAG, etag);
	response_header(req, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
	PQclear(res);
}

/* ---- removal ---- */

/* Within the removal's transaction, once the parent is locked: removes the document and,
 * when no other document of the organization uses its content, the content. */
static enum db_status detach(struct request *req, const struct workflow *parent)
{
	PGresult *res = NULL;
	enum db_status st =
		db_exec(&parent->documents->remove,
	                DB_ARGS(request_param(req, "id"), request_param(req, "doc_id"), req->principal.user_id), &res);
	if (st != DB_OK)
		return st;
	if (PQntuples(res) == 0) {
		PQclear(res);
		respond_problem(req, 404, "no document with this id on this %s", parent->noun);
		return DB_OK;
	}
	char content_id[24];
	snprintf(content_id, sizeof content_id, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if ((st = db_exec(&document_store_content_lock, DB_ARGS(content_id), NULL)) != DB_OK ||
	    (st = db_exec(&document_store_content_release, DB_ARGS(content_id), NULL)) != DB_OK ||
	    (st = db_commit()) != DB_OK)
		return st;
	respond_empty(req, 204);
	return DB_OK;
}

void handle_delete_document(struct request *req)
{
	const struct workflow *parent = request_context(req);
	struct workflow_step s;
	enum db_status st = parent_lock_for(&s, req, parent, false) ? detach(req, parent) : DB_OK;
	if (st != DB_OK)
		respond_db_error(req, st);
	workflow_end(&s);
}
