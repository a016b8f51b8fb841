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
 * A cache file is trusted only while its modification time is still the
 * stamp its writer gave it (cache_seal): any later write to it (a damaged or
 * half-copied file, an editor's save) moves the time, and the cache is then
 * rebuilt. So a mapped cache needs no pass over its arrays to check that
 * they lead nowhere outside it, which would read all of it at every start;
 * the map functions check only the counts that size them.
 *
 * cache_seal flushes f, a cache file fully written, and stamps it: 0, or -1
 * (then the file must not be used). Nothing may be written to f after.
 */
int cache_seal(FILE *f);

/*
 * Open tmp, a new cache file's temporary name, for writing: its folder (and
 * the folder above, as for ~/.cache/newsfacts) made if missing. NULL when it
 * cannot be.
 */
FILE *cache_create(const char *tmp);

/*
 * Map the cache file at path read-only: its bytes, and its size in *size,
 * or NULL when it cannot be opened or mapped, is shorter than min bytes or
 * does not bear its writer's stamp.
 */
void *cache_map(const char *path, size_t min, size_t *size);

/*
 * The build ID of the code (the linker's hash of the program or library
 * that holds newsfacts), 0 when it has none: a cache of what the code
 * derives from tables is of one build, since any change of the code may
 * change what it derives.
 */
uint64_t cache_build_id(void);

#endif
