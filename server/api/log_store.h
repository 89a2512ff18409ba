/* The SQL of the tamper-evident log (api/log.c, the sequencer and checkpointer, iprd verify-log). The
 * appends themselves are not here: a trigger on each history table writes them (migration
 * 0012), in the transaction that writes the history row. */
#ifndef IPR_API_LOG_STORE_H
#define IPR_API_LOG_STORE_H

#include "db/db.h"

/* $1 the lock's key → whether this transaction holds the checkpointer's lock (advisory,
 * released at its end): one daemon checkpoints at a time. */
extern struct db_stmt log_store_try_lock;
/* → period, size, root (hex) of the latest checkpoint; no row when none. */
extern struct db_stmt log_store_latest;
/* $1 period → whether a checkpoint of that period exists. */
extern struct db_stmt log_store_has_period;
/* → the log's size (the leaves that have a position). */
extern struct db_stmt log_store_size;
/* → the log's size after the committed leaves without a position got the next ones
 * (log_sequence(), migration 0012). */
extern struct db_stmt log_store_sequence;
/* $1 from, $2 to → seq, event (JSON text) of the leaves [from, to), in order. */
extern struct db_stmt log_store_events;
/* $1 seqs (bigint[]), $2 leaf hashes (hex text[]) → nothing. */
extern struct db_stmt log_store_set_leaves;
/* $1 levels (int[]), $2 indexes (bigint[]), $3 hashes (hex text[]) → nothing. */
extern struct db_stmt log_store_insert_nodes;
/* $1 levels (int[]), $2 indexes (bigint[]) → level, idx, hash (hex; NULL when unknown) of
 * those subtrees (level 0: leaves), in the order asked. */
extern struct db_stmt log_store_nodes;
/* $1 period, $2 size, $3 root (hex), $4 note → nothing. */
extern struct db_stmt log_store_insert_checkpoint;
/* → the note of the latest checkpoint; no row when none. */
extern struct db_stmt log_store_latest_note;
/* $1 seq → the event (JSON text), leaf hash (hex); no row when none. */
extern struct db_stmt log_store_entry;
/* → size, root (hex), note of every checkpoint, by period. */
extern struct db_stmt log_store_checkpoints;
/* → seq, source, source_id, event (text), the event computed again from the source row (text,
 * NULL when the row is gone), leaf hash (hex) of every leaf, in order (verify-log). */
extern struct db_stmt log_store_audit;
/* → how many leaves wait in the queue for a position (verify-log). */
extern struct db_stmt log_store_pending;
/* → source, id of the history rows that no leaf holds, in the log or in its queue (verify-log). */
extern struct db_stmt log_store_unlogged;

#endif
