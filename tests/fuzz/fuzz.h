/* Shared by the libFuzzer harnesses of this folder: each defines LLVMFuzzerTestOneInput and
 * calls the narrowest public functions that take client bytes. A broken invariant aborts,
 * which libFuzzer reports as a crash like any sanitizer finding. */
#ifndef IPR_FUZZ_H
#define IPR_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                                      \
	do {                                                                                                       \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);                     \
			abort();                                                                                           \
		}                                                                                                      \
	} while (0)

/* A NUL-terminated copy of the input (C strings are what the parsers get from libmicrohttpd);
 * free() it. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Splits s at the first '\n' (replaced by NUL): returns the part after it, or "" . */
static inline char *fuzz_split(char *s)
{
	char *nl = strchr(s, '\n');
	if (!nl)
		return s + strlen(s);
	*nl = '\0';
	return nl + 1;
}

#endif
