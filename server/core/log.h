/* Levelled logs on stderr, one line per event. Never pass a password, token or hash. */
#ifndef IPR_CORE_LOG_H
#define IPR_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* Parses "debug", "info", "warn", "error"; returns -1 for anything else. */
int log_level_parse(const char *text);
/* Writes one line to stderr: the time, the level and the message, escaped (log_escape). */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a message made already (at most LOG_MESSAGE_MAX - 1 bytes are meant to reach
 * it: log_msg cuts there): no formatting. */
void log_line(enum log_level level, const char *msg);
#define LOG_MESSAGE_MAX 2048
/* A request's line in the access log: as log_line, but on a thread that called log_hold(true)
 * it is kept (up to PIPE_BUF bytes of whole lines) and written with the others by log_flush(),
 * or when the next does not fit, or before any other line: an event loop's requests of one
 * turn go out in one write(2), not one each (a few per cent of a small GET's time). The thread
 * must call log_flush() before it waits for anything, and log_hold(false) (which flushes)
 * before it ends. A crash loses the lines kept, at most a turn's. */
void log_request_line(enum log_level level, const char *msg);
void log_hold(bool on);
void log_flush(void);
/* Whether a line of this level is written at all. */
bool log_enabled(enum log_level level);
/* Copies text to out (cap bytes, NUL-terminated, cut between characters) with every byte
 * that is not part of a printable UTF-8 character (controls, DEL, C1, invalid sequences)
 * and every backslash written as \xHH. Returns the length written. */
size_t log_escape(const char *text, char *out, size_t cap);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
