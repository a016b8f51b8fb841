/*
 * model.c: load and free the tables of every stage (data/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "extract.h"

/*
 * The tables cache: the numbers, sentence splitter, date, count and events
 * models, built from their small tables at the first start and kept in one file (in the folder of
 * place.c's model cache) that later starts map. Building them was most of a
 * one-sentence run's instructions; mapping them is a few system calls, and
 * only the pages a document's words look up are read. The header names the
 * tables (device, inode, size, modification time), the tokenizer and the
 * build (cache_build_id: a cache of one build is never read by another,
 * whose code may derive other models); any change rebuilds it, in a file
 * of its own name. A cache that cannot be read or written is no error: the
 * models are then built in memory.
 *
 * A model member that loading sets must be saved too (X_model_save and
 * X_model_map).
 */
#define TABLES_CACHE_MAGIC "nftabs01"

/* The tables the cached models are built from; dates.tsv names the cache. */
static const char *const cached_tables[] = { "dates.tsv", "numbers.tsv", "abbreviations.tsv",
					     "weapons.tsv", "count_words.tsv", "event_cues.tsv",
					     "demonyms.tsv" };
#define NCACHED (sizeof cached_tables / sizeof *cached_tables)

typedef struct tables_cache_head {
	char magic[8];
	cache_file_id files[NCACHED];
	uint64_t tokfp;         /* tokenizer_fingerprint(): the models hold its hashes and norms */
	uint64_t build;         /* cache_build_id() */
	uint64_t size;          /* of the whole file */
} tables_cache_head;

/* What names the cache file besides the tables' folder (cache_path): build and tokenizer. */
static uint64_t tables_cache_salt(uint64_t tokfp, uint64_t build)
{
	uint64_t salt = (tokfp * 31 + build) ^ sizeof(tables_cache_head);

	for (const char *c = TABLES_CACHE_MAGIC; *c; c++)
		salt = (salt ^ (unsigned char)*c) * 1099511628211ull;
	return salt;
}

static void tables_cache_identity(tables_cache_head *h, const struct stat *st, uint64_t tokfp,
				  uint64_t build)
{
	memset(h, 0, sizeof *h);
	memcpy(h->magic, TABLES_CACHE_MAGIC, sizeof h->magic);
	for (size_t k = 0; k < NCACHED; k++)
		h->files[k] = cache_file_id_of(&st[k]);
	h->tokfp = tokfp;
	h->build = build;
}

/* Map the cache at cpath if it is of these tables: 1 when m's models of them are read there. */
static int tables_cache_map(nf_model *m, const char *cpath, const struct stat *st, uint64_t tokfp,
			    uint64_t build)
{
	tables_cache_head want;
	size_t size;
	void *map = cache_map(cpath, sizeof want, &size);

	if (!map)
		return 0;
	const tables_cache_head *h = map;
	const char *p = (const char *)(h + 1), *end = (const char *)map + size;

	tables_cache_identity(&want, st, tokfp, build);
	if (memcmp(h, &want, offsetof(tables_cache_head, size)) != 0 || h->size != size ||
	    !(m->numbers = numbers_map(&p, end)) || !(m->splitter = splitter_map(&p, end)) ||
	    !(m->date = date_model_map(&p, end)) || !(m->count = count_model_map(&p, end)) ||
	    !(m->events = events_model_map(&p, end)) || p != end) {
		numbers_free(m->numbers);
		splitter_free(m->splitter);
		date_model_free(m->date);
		count_model_free(m->count);
		events_model_free(m->events);
		m->numbers = NULL;
		m->splitter = NULL;
		m->date = NULL;
		m->count = NULL;
		m->events = NULL;
		munmap(map, size);
		return 0;
	}
	m->tables_cache = map;
	m->tables_cache_size = size;
	return 1;
}

/* Write the cache: a temporary file renamed over it. Failing is no error. */
static void tables_cache_write(const nf_model *m, const char *cpath, const struct stat *st,
			       uint64_t tokfp, uint64_t build)
{
	char tmp[4200];
	int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", cpath, (long)getpid());
	tables_cache_head h;
	FILE *f;

	if (n < 0 || (size_t)n >= sizeof tmp || !(f = cache_create(tmp)))
		return;
	tables_cache_identity(&h, st, tokfp, build);
	int ok = fwrite(&h, sizeof h, 1, f) == 1 && numbers_save(m->numbers, f) == 0 &&
		 splitter_save(m->splitter, f) == 0 && date_model_save(m->date, f) == 0 &&
		 count_model_save(m->count, f) == 0 && events_model_save(m->events, f) == 0;
	long size = ok ? ftell(f) : -1;

	/* the size last, in the header: a cache cut short is never mapped */
	h.size = size > 0 ? (uint64_t)size : 0;
	ok = ok && size > 0 && fseek(f, 0, SEEK_SET) == 0 && fwrite(&h, sizeof h, 1, f) == 1 &&
	     cache_seal(f) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, cpath) != 0)
		unlink(tmp);
}

/* The models of the small tables: mapped from the tables cache, else built (and cached). */
static int tables_load(nf_model *m, const char *dir, char *err, size_t errlen)
{
	char path[4096], cpath[4096], legacy[4096];
	struct stat st[NCACHED];
	int cached = 1;

	for (size_t k = NCACHED; k-- > 0 && cached;) {
		int n = snprintf(path, sizeof path, "%s/%s", dir, cached_tables[k]);

		cached = n > 0 && (size_t)n < sizeof path && stat(path, &st[k]) == 0;
	}
	/* path is dates.tsv's now: it names the cache */
	uint64_t tokfp = cached ? tokenizer_fingerprint() : 0, build = cached ? cache_build_id() : 0;

	cached = cached && build &&
		 cache_path(cpath, sizeof cpath, legacy, sizeof legacy, path, "tables1",
			    tables_cache_salt(tokfp, build));
	if (cached && tables_cache_map(m, cpath, st, tokfp, build))
		return 0;
	if (!(m->numbers = numbers_load(dir, err, errlen)) ||
	    !(m->splitter = splitter_load(dir, err, errlen)) ||
	    !(m->date = date_model_load(dir, err, errlen)) ||
	    !(m->count = count_model_load(dir, err, errlen)) ||
	    !(m->events = events_model_load(dir, err, errlen)))
		return -1;
	if (cached)
		tables_cache_write(m, cpath, st, tokfp, build);
	return 0;
}

nf_model *nf_model_load(const char *dir, char *err, size_t errlen)
{
	nf_model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (tables_load(m, dir, err, errlen) < 0 ||
	    !(m->actor = actor_model_load(dir, err, errlen)) ||
	    !(m->place = place_model_load(dir, err, errlen))) {
		nf_model_free(m);
		return NULL;
	}
	if (count_model_bind_numbers(m->count, m->numbers) < 0) {
		snprintf(err, errlen, "out of memory");
		nf_model_free(m);
		return NULL;
	}
	return m;
}

void nf_model_free(nf_model *m)
{
	if (!m)
		return;
	events_model_free(m->events);
	count_model_free(m->count);
	place_model_free(m->place);
	actor_model_free(m->actor);
	date_model_free(m->date);
	splitter_free(m->splitter);
	numbers_free(m->numbers);
	if (m->tables_cache)
		munmap(m->tables_cache, m->tables_cache_size);
	free(m);
}
