/*
 * array.h: the one growth rule of the project's dynamic arrays.
 */
#ifndef NF_ARRAY_H
#define NF_ARRAY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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
 * array_grow for an array that starts in a fixed room of *cap items (a
 * thread's scratch, so a short document allocates nothing) and moves to the
 * heap once that is full; an array not in room grows as array_grow does.
 * Free it with array_free_from.
 */
static __attribute__((noinline, unused)) int
array_grow_past(void **items, size_t *cap, size_t len, size_t size, size_t first, const void *room)
{
	if (*items != room)
		return array_grow(items, cap, len, size, first);
	void *p = malloc(2 * *cap * size);

	if (!p)
		return -1;
	memcpy(p, room, len * size);
	*items = p;
	*cap *= 2;
	return 0;
}

static inline int array_grow_from(void **items, size_t *cap, size_t len, size_t size,
				  size_t first, const void *room)
{
	return len < *cap ? 0 : array_grow_past(items, cap, len, size, first, room);
}

static inline void array_free_from(void *items, const void *room)
{
	if (items != room)
		free(items);
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
