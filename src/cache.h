/*
 * cache.h: the layout rules the model cache files share (place.c, actor.c,
 * phrase.c): every array starts 8-aligned, so a mapped file is read in place.
 */
#ifndef NF_CACHE_H
#define NF_CACHE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

static inline size_t cache_pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Write n bytes of p and the zeros up to the next multiple of 8: 1 on success. */
static inline int cache_write_padded(FILE *f, const void *p, size_t n)
{
	static const char zero[8];

	return (n == 0 || fwrite(p, 1, n, f) == n) &&
	       (cache_pad8(n) == n || fwrite(zero, 1, cache_pad8(n) - n, f) == cache_pad8(n) - n);
}

/* The next n bytes of a map at *p (8-aligned), or NULL past end; *p moves past them, padded. */
static inline const void *cache_take(const char **p, const char *end, uint64_t n)
{
	const char *at = *p;

	if (n > (uint64_t)(end - at) || cache_pad8((size_t)n) > (size_t)(end - at))
		return NULL;
	*p = at + cache_pad8((size_t)n);
	return at;
}

/*
 * The identity of a data file (device, inode, size, modification time): a
 * cache keeps those of the files it was built from, and one of other files
 * is rebuilt.
 */
typedef struct cache_file_id {
	uint64_t dev, ino, size, mtime_sec, mtime_nsec;
} cache_file_id;

static inline cache_file_id cache_file_id_of(const struct stat *st)
{
	return (cache_file_id){ (uint64_t)st->st_dev, (uint64_t)st->st_ino, (uint64_t)st->st_size,
				(uint64_t)st->st_mtim.tv_sec, (uint64_t)st->st_mtim.tv_nsec };
}

/*
 * Map the cache file at path read-only: its bytes, and its size in *size,
 * or NULL when it cannot be opened or mapped or is shorter than min bytes.
 */
void *cache_map(const char *path, size_t min, size_t *size);

#endif
