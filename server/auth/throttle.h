/* Login throttling: failed logins counted per account and per client address over a
 * window (IPR_LOGIN_WINDOW); past IPR_LOGIN_MAX_FAILURES the next attempts get 429 until
 * the window ends. Kept in memory, bounded: a fixed table of slots. */
#ifndef IPR_AUTH_THROTTLE_H
#define IPR_AUTH_THROTTLE_H

/* Seconds until key may try again (> 0 when locked out), else 0. */
int throttle_wait(const char *key);
void throttle_failure(const char *key);
void throttle_forget(const char *key);

#endif
