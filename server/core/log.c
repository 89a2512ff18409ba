#include "core/log.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

static enum log_level min_level = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	min_level = level;
}

bool log_enabled(enum log_level level)
{
	return level >= min_level;
}

int log_level_parse(const char *text)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(text, level_names[i]) == 0)
			return i;
	return -1;
}

size_t log_escape(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		if (*p >= 0x20 && *p < 0x7F && *p != '\\') { /* printable ASCII, most of a line: as is */
			if (n + 1 >= cap)
				break;
			out[n++] = (char)*p++;
			continue;
		}
		const unsigned char *start = p;
		uint32_t c = 0;
		if (utf8_next(&p, &c) && c >= 0x20 && c != 0x7F && c != '\\' && !(c >= 0x80 && c <= 0x9F)) {
			size_t len = (size_t)(p - start);
			if (n + len >= cap)
				break;
			memcpy(out + n, start, len);
			n += len;
			continue;
		}
		/* one byte of it escaped; the next ones are looked at again (a continuation byte
		 * alone is not UTF-8, so all of a refused character is escaped) */
		if (n + 4 >= cap)
			break;
		snprintf(out + n, 5, "\\x%02X", *start);
		n += 4;
		p = start + 1;
	}
	out[n] = '\0';
	return n;
}

/* An event loop's lines of one turn, written together (log_hold). */
static __thread char held[PIPE_BUF];
static __thread size_t held_len;
static __thread bool held_on;

void log_hold(bool on)
{
	if (!on)
		log_flush();
	held_on = on;
}

void log_flush(void)
{
	if (!held_len)
		return;
	ssize_t w = write(STDERR_FILENO, held, held_len);
	(void)w; /* nowhere to report that the log cannot be written */
	held_len = 0;
}

/* The line's start up to the second ("2026-12-03T02:13:26"), made again once a second by each
 * thread: not a gmtime_r and a snprintf a line. */
static __thread time_t stamp_sec = -1;
static __thread char stamp[64];

static void emit(enum log_level level, const char *msg, bool keep)
{
	if (level < min_level)
		return;
	/* Every byte of the message may be four once escaped; longer lines are cut. */
	char line[4096];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != stamp_sec) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		stamp_sec = ts.tv_sec;
	}
	size_t n = strlen(stamp);
	memcpy(line, stamp, n);
	unsigned ms = (unsigned)(ts.tv_nsec / 1000000);
	line[n++] = '.';
	line[n++] = (char)('0' + ms / 100);
	line[n++] = (char)('0' + ms / 10 % 10);
	line[n++] = (char)('0' + ms % 10);
	line[n++] = 'Z';
	line[n++] = ' ';
	size_t ln = strlen(level_names[level]);
	memcpy(line + n, level_names[level], ln);
	n += ln;
	line[n++] = ' ';
	/* One event, one line, in valid UTF-8: control characters and invalid bytes from request
	 * data (a path, a header) cannot forge lines or break a log reader. */
	size_t len = n + log_escape(msg, line + n, sizeof line - n - 1);
	line[len++] = '\n';
	/* Straight to the descriptor, not through stdio's stderr, whose lock every request's line
	 * would contend for; one write(2) a line, or on an event loop's thread (log_hold) one for
	 * the access log's lines of its turn, at most PIPE_BUF bytes: whole lines, so that lines of
	 * concurrent threads do not interleave (a pipe takes up to PIPE_BUF bytes at once). Any
	 * other line goes out at once, behind what was kept: before what it announces (a
	 * connection closed) can be seen. */
	if (keep && held_on && len <= sizeof held) {
		if (held_len + len > sizeof held)
			log_flush();
		memcpy(held + held_len, line, len);
		held_len += len;
		return;
	}
	log_flush(); /* in order */
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w; /* nowhere to report that the log cannot be written */
}

void log_line(enum log_level level, const char *msg)
{
	emit(level, msg, false);
}

void log_request_line(enum log_level level, const char *msg)
{
	emit(level, msg, true);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char msg[LOG_MESSAGE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_line(level, msg);
}
