/* The SQL of supporting documents (api/documents.c). The tables are those of
 * migrations/0006_documents.sql: contents stored once per organization in chunks, and the
 * documents that attach them to a record. Each kind of parent record (recordation,
 * pre-confirmation, recordation guide, case, mandate) has its own set of statements, written once by a macro in
 * document_store.c; the contents' statements are shared. */
#ifndef IPR_API_DOCUMENT_STORE_H
#define IPR_API_DOCUMENT_STORE_H

#include "db/db.h"

/* The bytes of a content are rows of at most this many bytes (the schema checks it too). */
#define DOCUMENT_CHUNK_BYTES (1024 * 1024)

/* The statements about the documents of one kind of parent; $1 is always the parent's id. */
struct document_statements {
	/* → {"items": [...]} oldest first. */
	struct db_stmt list;
	/* $2 document id → enum document_file_col; no row when not attached to this parent. */
	struct db_stmt file;
	/* $2 sha256 → the document attached to this parent with that content, if any. */
	struct db_stmt same;
	/* → how many documents the parent has. */
	struct db_stmt count;
	/* $2 content id, $3 kind, $4 filename, $5 actor → the new document; writes its history
	 * entry (document_added). */
	struct db_stmt insert;
	/* $2 document id, $3 actor → its content id; no row when not attached to this parent.
	 * Writes the history entry (document_removed). */
	struct db_stmt remove;
};

extern struct document_statements document_store_recordation;
extern struct document_statements document_store_pre_confirmation;
extern struct document_statements document_store_guide; /* the photos of a recordation's guide */
extern struct document_statements document_store_case;
extern struct document_statements document_store_mandate;

/* Columns of document_statements.file. */
enum document_file_col { FILE_NAME, FILE_CONTENT_TYPE, FILE_SIZE, FILE_SHA256, FILE_CONTENT_ID, FILE_CHUNKS };

/* A content belongs to its owner: an organization (holders', importers' uploads) or a customs
 * office (officers' uploads); the statements take both, one of them NULL. */
/* $1 organization, $2 sha256, $3 content type, $4 size, $5 chunk count, $6 office → id of a
 * new content, whose chunks are to be written in this transaction; no row when the owner has
 * it already (then document_store_content_existing). */
extern struct db_stmt document_store_content_insert;
/* $1 organization, $2 sha256, $3 office → id, locked against its removal until commit; no row
 * when it was removed since (insert it again). */
extern struct db_stmt document_store_content_existing;
/* $1 the owner's id (organization or office): waits for, and then holds off until commit,
 * the owner's other uploads, so that its storage is counted by one at a time
 * (IPR_DOCUMENT_QUOTA). */
extern struct db_stmt document_store_quota_lock;
/* $1 organization, $2 sha256, $3 office → the bytes of the owner's contents other than this
 * one (text). */
extern struct db_stmt document_store_usage;
/* $1 content id, $2 chunk number (from 0), $3 the bytes (binary). */
extern struct db_stmt document_store_chunk_insert;
/* $1 content id, $2 chunk number → the bytes (binary result). */
extern struct db_stmt document_store_chunk_get;
/* $1 content id: waits for, and then holds off, anyone attaching it meanwhile. */
extern struct db_stmt document_store_content_lock;
/* $1 content id: removes it (and its chunks) when no document uses it any more. Run after
 * document_store_content_lock, as a statement of its own: it must see what committed meanwhile. */
extern struct db_stmt document_store_content_release;

#endif
