/* The tamper-evident log (api/log.c): leaves sequenced and checkpoints signed by a thread of each daemon, the
 * routes of its proofs, and what `iprd verify-log` shares with them. */
#ifndef IPR_API_LOG_H
#define IPR_API_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/signing.h"
#include "domain/merkle.h"

/* The log's origin line and key name: the host of IPR_PUBLIC_URL and "/log". */
void log_origin(char *out, size_t len);
/* The C2SP signed-note key id of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[:4]. */
void log_key_id(const char *name, const unsigned char pk[ED25519_PUBLIC_BYTES], unsigned char id[4]);
/* The signed checkpoint note of a tree (malloc'd). */
char *log_note(const struct signing_key *k, uint64_t size, const unsigned char root[MERKLE_HASH],
               const char *time_text);

/* Writes the checkpoint of the current period unless one exists (another daemon's, say);
 * on this thread's connection. 0, or -1 (logged). */
int log_checkpoint_now(void);
/* Gives the leaves committed since the last time their positions (log_sequence()); on this
 * thread's connection. 0, or -1 (logged). */
int log_sequence_now(void);
/* The thread that sequences every second and, when a key signs, checkpoints every
 * IPR_LOG_CHECKPOINT_INTERVAL seconds: one of the server's jobs (struct server_jobs), started
 * after the signing key is loaded, with the stop signals blocked. */
int log_keeper_start(void);
void log_keeper_stop(void);

#endif
