/*
 * array.h: the one growth rule of the project's dynamic arrays.
 */
#ifndef NF_ARRAY_H
#define NF_ARRAY_H

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/*
 * Make room for one more element in *items (len used of *cap, each size bytes):
 * when full, double the capacity (first when empty). Amortised O(1) appends.
 * Returns 0, or -1 when memory runs out (the array is then unchanged).
 */
static inline int array_grow(void **items, size_t *cap, size_t len, size_t size,
			     size_t first)
{
	if (len < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : first;
	void *p = realloc(*items, ncap * size);

	if (!p)
		return -1;
	*items = p;
	*cap = ncap;
	return 0;
}

/*
 * Ask for huge pages under a large array (tokens, norms, facts): their first
 * touch then costs one fault per 2 MiB instead of one per 4 KiB page, and on
 * a virtual machine page faults were a third of a large document's run. Only
 * the 2 MiB-aligned middle of the block is advised; a mere hint, ignored where
 * the kernel has no transparent huge pages.
 */
#define HUGE_PAGE ((uintptr_t)2 << 20)

static inline void array_advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);

	if (p && hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

#endif
