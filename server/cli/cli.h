/* The commands of the iprd binary that are not the server: offline verification of what
 * the registry signed, and key generation. They use the layers below (core, domain, and
 * for verify-log db) and nothing of HTTP. */
#ifndef IPR_CLI_CLI_H
#define IPR_CLI_CLI_H

/* iprd keygen FILE: a new Ed25519 key, mode 0600. Exit status. */
int cli_keygen(int argc, char **argv);
/* iprd verify FILE --keys K [--keys K2...] [--status-list S] [--at INSTANT]: a credential,
 * offline. Exit status: 0 valid, 1 not valid, 2 usage or unreadable input. */
int cli_verify(int argc, char **argv);
/* iprd verify-log: the log recomputed from the database (IPR_DATABASE_URL) against its signed
 * checkpoints. Exit status: 0 consistent, 1 not (the first problem named), 2 unreadable. */
int cli_verify_log(void);

#endif
