#include "http/budget.h"

#include <stdatomic.h>

#include "core/config.h"

static atomic_uint_fast64_t held[2];

static uint64_t limit(enum budget_kind kind)
{
	return (uint64_t)(kind == BUDGET_MEMORY ? cfg.body_memory_budget : cfg.upload_disk_budget);
}

bool budget_take(enum budget_kind kind, uint64_t n)
{
	uint64_t now = atomic_load(&held[kind]);
	do {
		if (n > limit(kind) - now || now > limit(kind))
			return false;
	} while (!atomic_compare_exchange_weak(&held[kind], &now, now + n));
	return true;
}

void budget_give(enum budget_kind kind, uint64_t n)
{
	atomic_fetch_sub(&held[kind], n);
}
