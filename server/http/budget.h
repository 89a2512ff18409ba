/* Global budgets of what request bodies in flight hold: bytes of JSON bodies buffered in memory
 * (IPR_BODY_MEMORY_BUDGET) and bytes of uploads spooled to temporary files
 * (IPR_UPLOAD_DISK_BUDGET). A body that does not fit is not read: its request is answered 503
 * with Retry-After, so that stalled or slow bodies cannot fill the memory or the disk however
 * many of them there are. */
#ifndef IPR_HTTP_BUDGET_H
#define IPR_HTTP_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

enum budget_kind { BUDGET_MEMORY, BUDGET_DISK };

/* Takes n bytes from the budget; false (nothing taken) when they do not fit. */
bool budget_take(enum budget_kind kind, uint64_t n);
/* Gives back n bytes taken before. */
void budget_give(enum budget_kind kind, uint64_t n);

#endif
