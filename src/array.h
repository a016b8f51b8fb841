/*
 * array.h: the one growth rule of the project's dynamic arrays.
 */
#ifndef NF_ARRAY_H
#define NF_ARRAY_H

#include <stdlib.h>

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

#endif
