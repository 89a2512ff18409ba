/* A tiny check library for the C unit tests: each failed check prints where and what;
 * check_summary prints "NAME: N passed, M failed" and gives the exit code. */
#ifndef IPR_TEST_CHECK_H
#define IPR_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                              \
	do {                                                                                     \
		if (cond) {                                                                      \
			check_passed++;                                                          \
		} else {                                                                         \
			check_failed++;                                                          \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                                \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                                                    \
	do {                                                                                                  \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);                               \
		if (check_a_ == check_b_) {                                                                   \
			check_passed++;                                                                       \
		} else {                                                                                      \
			check_failed++;                                                                       \
			fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, #a, #b, \
			        check_a_, check_b_);                                                          \
		}                                                                                             \
	} while (0)

#define CHECK_STR(a, b)                                                                                           \
	do {                                                                                                      \
		const char *check_a_ = (a), *check_b_ = (b);                                                      \
		if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0) {                                    \
			check_passed++;                                                                           \
		} else {                                                                                          \
			check_failed++;                                                                           \
			fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", __FILE__, __LINE__, #a, #b, \
			        check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");                  \
		}                                                                                                 \
	} while (0)

static inline int check_summary(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
