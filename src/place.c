/*
 * place.c: the named geographic places of a report (GUIDELINES.md, "place" and
 * decided cases 18-25).
 *
 * The gazetteer data/places.tsv gives each place its canonical name, kind,
 * country, first-level region and coordinates; every spelling of it (name and
 * aliases) goes into one phrase set, matched longest first. Around that match,
 * the words of data/place_context.tsv decide what a bare name stands for:
 *
 *  - a region's stem (derived from its "<stem> region/Oblast/Krai" aliases)
 *    is the region before "regional" or "OVA", after "governor of" or
 *    "the region of", and across a list that ends in a plural region word
 *    ("the Sumy, Poltava and Kharkiv regions"); otherwise a bare name is the
 *    city of that name (case 22);
 *  - "<name> district" is the district "<Name> District" (case 23), of the
 *    known place or, for an unknown name, of the text itself;
 *  - after "the village of", "the town of" a name missing from the gazetteer
 *    is still a place, with the kind the article gives it.
 *
 * Matches need a capitalised first word; data/place_stopwords.tsv holds the
 * names that are also ordinary words, first names or abbreviations, and the
 * media and fleets whose names hold a place (case 21). Names inside a person
 * found by the actor extractor are skipped.
 *
 * Places found by context only are in no table: the document keeps copies of
 * their names (doc_strdup), so the model stays read-only and shared.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"
#include "phrase.h"
#include "table.h"

typedef struct place_entry {
	const char *name, *kind, *country;
	const char *admin1;     /* NULL when unknown */
	double lat, lon;
	int has_coords;
	int evidence;           /* enum evidence */
} place_entry;

/* Column 10 of the gazetteer: what a mention needs before it is read as the place. */
enum evidence { EV_KNOWN, EV_COUNTRY, EV_CONTEXT };

static int evidence_of(const char *s)
{
	return !strcmp(s, "country") ? EV_COUNTRY : !strcmp(s, "context") ? EV_CONTEXT : EV_KNOWN;
}

/*
 * data/places_geonames.tsv, indexed without tokenizing: the file mapped into
 * memory as it is, and a hash table from the first run of letters of every
 * spelling ("kryvyi" of "Kryvyi Rih") to the spellings that start so. A
 * spelling is tokenized only when a document has a word that starts like it,
 * and a row's fields are read only when it matches, so start-up costs one pass
 * over the file.
 */
typedef struct geo_key {
	uint32_t hash, off, next;   /* next: index + 1 of the next key in the bucket */
	uint16_t len;
	uint16_t pad;               /* zero: the keys are written to the cache as they are */
} geo_key;

typedef struct geo_index {
	const char *buf;        /* the mapped file */
	size_t size;
	geo_key *keys;
	size_t nkeys, capkeys;
	uint32_t *heads;        /* per bucket: first key + 1, 0 for none */
	size_t nbuckets;        /* a power of two */
	void *cache;            /* the mapped cache file keys and heads live in, or NULL */
	size_t cache_size;
} geo_index;

/*
 * The index is the same at every start while the file stays the same, so it
 * is kept in a cache file ($NEWSFACTS_CACHE_DIR, else $XDG_CACHE_HOME/newsfacts,
 * else ~/.cache/newsfacts) and mapped at start: no pass over the file, and
 * only the pages a document's words look up are read. The header names the
 * GeoNames file's identity (device, inode, size, modification time); any
 * change, or a cache of another layout, rebuilds it. Failing to read or write
 * the cache is never an error: the index is then built in memory.
 */
#define GEO_CACHE_MAGIC "nfgeoix1"

typedef struct geo_cache_head {
	char magic[8];
	uint64_t dev, ino, size, mtime_sec, mtime_nsec;
	uint64_t nkeys, nbuckets;
} geo_cache_head;

/* One GeoNames row read for a match: its fields, NUL-terminated, in line. */
typedef struct geo_row {
	char line[512];
} geo_row;

/* Classes of data/place_stopwords.tsv. */
enum stop_class { STOP_BLOCK, STOP_COMMON, STOP_FORENAME, STOP_NOTNAME, STOP_UPPER };

/* Roles of data/place_context.tsv. */
enum ctx_role {
	CTX_REGION_SUFFIX, CTX_REGION_BEFORE, CTX_REGION_ADJ, CTX_DISTRICT_SUFFIX,
	CTX_DISTRICT_KEEP, CTX_VILLAGE_BEFORE, CTX_TOWN_BEFORE, CTX_CITY_BEFORE,
	CTX_VILLAGE_AFTER, CTX_DISTRICT_PLAIN, CTX_NROLES
};

static const char *const role_names[CTX_NROLES] = {
	"region_suffix", "region_before", "region_adjective", "district_suffix",
	"district_keep", "village_before", "town_before", "city_before", "village_after",
	"district_plain",
};

static const char *const stop_names[] = { "block", "common", "forename", "notname", "upper" };

struct place_model {
	table *t_places, *t_stop, *t_ctx;
	place_entry *entries;
	size_t nentries;
	phrase_set *names;      /* every spelling -> entry */
	phrase_set *stems;      /* region stem ("Kharkiv", "Rostov-on-Don") -> entry */
	phrase_set *stop;       /* -> enum stop_class */
	phrase_set *ctx;        /* -> enum ctx_role */
	geo_index geo;
};

/* ---- loading ------------------------------------------------------------ */

static int lookup_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* Is the last word of text a one-word region suffix ("region", "Oblast", "Krai")? */
static size_t region_stem_len(const struct place_model *m, const char *text)
{
	const char *sp = strrchr(text, ' ');

	if (strncasecmp(text, "republic of ", 12) == 0)
		return 0;
	if (!sp || sp == text)
		return 0;
	for (size_t r = 0; r < m->t_ctx->nrows; r++) {
		const table_row *row = &m->t_ctx->rows[r];

		if (strcmp(table_get(row, 1), "region_suffix") == 0 &&
		    !strchr(table_get(row, 0), ' ') && strcasecmp(sp + 1, table_get(row, 0)) == 0)
			return (size_t)(sp - text);
	}
	return 0;
}

/*
 * Add one spelling of entry e: to the names, and, for a region spelt
 * "<stem> <suffix>" or "Republic of <stem>", its stem to the stems.
 */
static int add_spelling(struct place_model *m, const char *text, int e)
{
	if (!*text)
		return 0;
	if (phrase_add(m->names, text, e) < 0)
		return -1;
	if (strcmp(m->entries[e].kind, "region") != 0)
		return 0;
	size_t n = region_stem_len(m, text);
	char stem[256];

	if (n > 0 && n < sizeof stem) {
		memcpy(stem, text, n);
		stem[n] = '\0';
		return phrase_add(m->stems, stem, e) < 0 ? -1 : 0;
	}
	if (strncasecmp(text, "republic of ", 12) == 0)
		return phrase_add(m->stems, text + 12, e) < 0 ? -1 : 0;
	return 0;
}

static int load_entries(struct place_model *m, char *err, size_t errlen)
{
	table *t = m->t_places;

	if (!(m->entries = calloc(t->nrows ? t->nrows : 1, sizeof *m->entries)))
		goto oom;
	for (size_t r = 0; r < t->nrows; r++) {
		table_row *row = &t->rows[r];
		place_entry *pe = &m->entries[r];
		const char *lat = table_get(row, 4), *lon = table_get(row, 5);

		pe->name = row->field[0];
		pe->kind = table_get(row, 1);
		pe->country = table_get(row, 2);
		pe->admin1 = *table_get(row, 3) ? table_get(row, 3) : NULL;
		if (*lat && *lon) {
			pe->lat = strtod(lat, NULL);
			pe->lon = strtod(lon, NULL);
			pe->has_coords = 1;
		}
		pe->evidence = evidence_of(table_get(row, 9));
		m->nentries++;
		if (add_spelling(m, pe->name, (int)r) < 0)
			goto oom;
		/* aliases: '|'-separated, split in place (the table owns the bytes) */
		if (row->nfields > 8) {
			char *p = row->field[8];

			while (p && *p) {
				char *bar = strchr(p, '|');

				if (bar)
					*bar = '\0';
				if (add_spelling(m, p, (int)r) < 0)
					goto oom;
				p = bar ? bar + 1 : NULL;
			}
		}
	}
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", t->path);
	return -1;
}

/* Load a two-column table of phrase -> one of the given names into set. */
static int load_classes(table *t, phrase_set *set, const char *const *names, int n,
			char *err, size_t errlen)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const table_row *row = &t->rows[r];
		int c = lookup_name(names, n, table_get(row, 1));

		if (c < 0) {
			snprintf(err, errlen, "%s:%d: unknown class '%s'", t->path, row->line,
				 table_get(row, 1));
			return -1;
		}
		if (phrase_add(set, row->field[0], c) < 0) {
			snprintf(err, errlen, "%s:%d: out of memory or empty phrase", t->path,
				 row->line);
			return -1;
		}
	}
	return 0;
}


/*
 * Hash of the first run of ASCII letters of s, lower-cased: the key of a
 * spelling in the GeoNames index. Applied alike to a spelling and to a token's
 * norm (already lower case, accents stripped), so "Kam'ianske" and the token
 * "kam'ianske" both give the hash of "kam".
 */
static uint32_t letters_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i = 0;

	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (c < 'a' || c > 'z')
			break;
		h ^= c;
		h *= 16777619u;
	}
	return i ? h : 0;
}

static int geo_add_key(geo_index *g, const char *sp, size_t len)
{
	uint32_t h = letters_hash(sp, len);

	if (!h || !len || len > 0xffff)
		return 0;
	if (g->nkeys == g->capkeys) {
		/* about one key a row, and rows take 60 bytes or more */
		size_t ncap = g->capkeys ? g->capkeys * 2 : g->size / 48 + 1024;
		geo_key *nk = realloc(g->keys, ncap * sizeof *nk);

		if (!nk)
			return -1;
		g->keys = nk;
		g->capkeys = ncap;
	}
	g->keys[g->nkeys++] = (geo_key){ h, (uint32_t)(sp - g->buf), 0, (uint16_t)len, 0 };
	return 0;
}

/* The cache file of the GeoNames file at path, in out; 0 when there is none to use. */
static int geo_cache_path(char *out, size_t outlen, const char *path)
{
	const char *dir = getenv("NEWSFACTS_CACHE_DIR"), *base = getenv("XDG_CACHE_HOME");
	char parent[4096], full[4096];
	int n;

	if (dir && !*dir)
		return 0;       /* set and empty: no cache */
	if (!dir) {
		const char *home = getenv("HOME");

		if (base && *base)
			n = snprintf(parent, sizeof parent, "%s", base);
		else if (home && *home)
			n = snprintf(parent, sizeof parent, "%s/.cache", home);
		else
			return 0;
		if (n < 0 || (size_t)n >= sizeof parent)
			return 0;
		mkdir(parent, 0700);
		n = snprintf(full, sizeof full, "%s/newsfacts", parent);
		if (n < 0 || (size_t)n >= sizeof full)
			return 0;
		dir = full;
	}
	mkdir(dir, 0700);
	/* one cache per GeoNames file: its absolute path names it */
	char *abs = realpath(path, NULL);
	uint32_t h = abs ? nf_hash(abs, strlen(abs)) : 0;

	free(abs);
	n = snprintf(out, outlen, "%s/geonames-%08x.idx", dir, (unsigned)h);
	return n > 0 && (size_t)n < outlen;
}

static geo_cache_head geo_cache_head_of(const struct stat *st, size_t nkeys, size_t nbuckets)
{
	geo_cache_head h;

	memset(&h, 0, sizeof h);
	memcpy(h.magic, GEO_CACHE_MAGIC, sizeof h.magic);
	h.dev = (uint64_t)st->st_dev;
	h.ino = (uint64_t)st->st_ino;
	h.size = (uint64_t)st->st_size;
	h.mtime_sec = (uint64_t)st->st_mtim.tv_sec;
	h.mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
	h.nkeys = nkeys;
	h.nbuckets = nbuckets;
	return h;
}

/* Map the cache at cpath if it indexes the file st describes. Returns 1 when used. */
static int geo_cache_map(geo_index *g, const char *cpath, const struct stat *st)
{
	int fd = open(cpath, O_RDONLY);
	struct stat cs;
	geo_cache_head want, *have;

	if (fd < 0)
		return 0;
	if (fstat(fd, &cs) < 0 || (size_t)cs.st_size < sizeof *have) {
		close(fd);
		return 0;
	}
	void *map = mmap(NULL, (size_t)cs.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

	close(fd);
	if (map == MAP_FAILED)
		return 0;
	have = map;
	want = geo_cache_head_of(st, (size_t)have->nkeys, (size_t)have->nbuckets);
	if (memcmp(have, &want, sizeof want) != 0 || have->nbuckets == 0 ||
	    (have->nbuckets & (have->nbuckets - 1)) != 0 || have->nkeys > UINT32_MAX ||
	    have->nbuckets > UINT32_MAX ||
	    (uint64_t)cs.st_size != sizeof *have + have->nkeys * sizeof(geo_key) +
				    have->nbuckets * sizeof(uint32_t)) {
		munmap(map, (size_t)cs.st_size);
		return 0;
	}
	g->cache = map;
	g->cache_size = (size_t)cs.st_size;
	g->keys = (geo_key *)(have + 1);
	g->nkeys = g->capkeys = (size_t)have->nkeys;
	g->heads = (uint32_t *)(g->keys + g->nkeys);
	g->nbuckets = (size_t)have->nbuckets;
	return 1;
}

/* Write the index to the cache: a temporary file renamed over it, so readers see all or nothing. */
static void geo_cache_write(const geo_index *g, const char *cpath, const struct stat *st)
{
	char tmp[4200];
	geo_cache_head h = geo_cache_head_of(st, g->nkeys, g->nbuckets);
	int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", cpath, (long)getpid());

	if (n < 0 || (size_t)n >= sizeof tmp)
		return;
	FILE *f = fopen(tmp, "wb");

	if (!f)
		return;
	int ok = fwrite(&h, sizeof h, 1, f) == 1 &&
		 fwrite(g->keys, sizeof *g->keys, g->nkeys, f) == g->nkeys &&
		 fwrite(g->heads, sizeof *g->heads, g->nbuckets, f) == g->nbuckets;

	if (fclose(f) != 0 || !ok || rename(tmp, cpath) != 0)
		unlink(tmp);
}

/*
 * Index data/places_geonames.tsv (see geo_index). A missing file is no error:
 * the gazetteer is then places.tsv alone.
 */
static int geo_load(geo_index *g, const char *dir, char *err, size_t errlen)
{
	char path[4096], cpath[4096];
	struct stat st;
	int fd, cached;

	snprintf(path, sizeof path, "%s/places_geonames.tsv", dir);
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	if (fstat(fd, &st) < 0 || st.st_size == 0 || (uint64_t)st.st_size >= UINT32_MAX) {
		close(fd);
		return 0;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	g->buf = map;
	g->size = (size_t)st.st_size;
	cached = geo_cache_path(cpath, sizeof cpath, path);
	if (cached && geo_cache_map(g, cpath, &st))
		return 0;
	for (const char *p = g->buf, *end = g->buf + g->size; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if (p < eol && *p != '#') {
			const char *tab = memchr(p, '\t', (size_t)(eol - p));

			if (geo_add_key(g, p, (size_t)((tab ? tab : eol) - p)) < 0)
				goto oom;
			/*
			 * The aliases, field 9 of the ten, give keys too. They are
			 * the last field but one, found from the line's end: the
			 * evidence and the aliases are short, so that reads a few
			 * bytes instead of the whole row.
			 */
			const char *fe = eol, *fs;

			while (tab && fe > tab && fe[-1] != '\t')
				fe--;
			fe = tab && fe > tab ? fe - 1 : NULL;   /* the last tab */
			for (fs = fe; fs && fs > tab && fs[-1] != '\t';)
				fs--;
			if (fe && fs > tab) {
				for (const char *a = fs; a < fe;) {
					const char *bar = memchr(a, '|', (size_t)(fe - a));
					const char *ae = bar ? bar : fe;

					if (geo_add_key(g, a, (size_t)(ae - a)) < 0)
						goto oom;
					a = ae + 1;
				}
			}
		}
		p = eol + 1;
	}
	for (g->nbuckets = 1024; g->nbuckets < g->nkeys; g->nbuckets *= 2)
		;
	if (!(g->heads = calloc(g->nbuckets, sizeof *g->heads)))
		goto oom;
	for (size_t k = g->nkeys; k-- > 0;) {
		uint32_t b = g->keys[k].hash & (uint32_t)(g->nbuckets - 1);

		g->keys[k].next = g->heads[b];
		g->heads[b] = (uint32_t)k + 1;
	}
	if (cached)
		geo_cache_write(g, cpath, &st);
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", path);
	return -1;
}

static void geo_free(geo_index *g)
{
	if (g->buf)
		munmap((void *)g->buf, g->size);
	if (g->cache) {
		munmap(g->cache, g->cache_size);
	} else {
		free(g->keys);
		free(g->heads);
	}
}

/* The offset of the row that holds byte off of the file. */
static uint32_t geo_row_of(const geo_index *g, uint32_t off)
{
	while (off > 0 && g->buf[off - 1] != '\n')
		off--;
	return off;
}

/* Read the row at offset r into row (fields NUL-terminated) and pe. */
static void geo_entry(const geo_index *g, uint32_t r, geo_row *row, place_entry *pe)
{
	const char *src = g->buf + r, *end = g->buf + g->size;
	const char *field[10] = { "", "", "", "", "", "", "", "", "", "" };
	size_t n = 0;
	int f = 0;

	field[0] = row->line;
	while (src < end && *src != '\n' && n + 1 < sizeof row->line) {
		if (*src == '\t') {
			row->line[n++] = '\0';
			if (f < 9)
				field[++f] = row->line + n;
		} else {
			row->line[n++] = *src;
		}
		src++;
	}
	row->line[n] = '\0';
	pe->name = field[0];
	pe->kind = field[1];
	pe->country = field[2];
	pe->admin1 = *field[3] ? field[3] : NULL;
	pe->has_coords = *field[4] && *field[5];
	pe->lat = pe->has_coords ? strtod(field[4], NULL) : 0;
	pe->lon = pe->has_coords ? strtod(field[5], NULL) : 0;
	pe->evidence = evidence_of(field[9]);
}

struct place_model *place_model_load(const char *dir, char *err, size_t errlen)
{
	struct place_model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(m->t_places = table_load(dir, "places.tsv", 3, err, errlen)) ||
	    !(m->t_stop = table_load(dir, "place_stopwords.tsv", 2, err, errlen)) ||
	    !(m->t_ctx = table_load(dir, "place_context.tsv", 2, err, errlen)))
		goto fail;
	if (!(m->names = phrase_new()) || !(m->stems = phrase_new()) ||
	    !(m->stop = phrase_new()) || !(m->ctx = phrase_new())) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (load_classes(m->t_ctx, m->ctx, role_names, CTX_NROLES, err, errlen) < 0 ||
	    load_classes(m->t_stop, m->stop, stop_names,
			 (int)(sizeof stop_names / sizeof *stop_names), err, errlen) < 0 ||
	    load_entries(m, err, errlen) < 0 || geo_load(&m->geo, dir, err, errlen) < 0)
		goto fail;
	return m;
fail:
	place_model_free(m);
	return NULL;
}

void place_model_free(struct place_model *m)
{
	if (!m)
		return;
	phrase_free(m->names);
	phrase_free(m->stems);
	phrase_free(m->stop);
	phrase_free(m->ctx);
	free(m->entries);
	geo_free(&m->geo);
	table_free(m->t_places);
	table_free(m->t_stop);
	table_free(m->t_ctx);
	free(m);
}

/* ---- extraction --------------------------------------------------------- */

#define MAX_COUNTRIES 8
#define GEO_BASE 0x40000000  /* entry numbers from here on are GeoNames index rows */

typedef struct scan {
	struct place_model *m;
	nf_doc *doc;
	uint8_t *skip;          /* per token: inside a person or a blocked phrase */
	const char *countries[MAX_COUNTRIES];   /* of the article's known places */
	size_t ncountries;
	const char *regions[MAX_COUNTRIES];     /* their first-level regions */
	size_t nregions;
	place_entry tmp[16];    /* GeoNames rows read for the current match */
	geo_row tmprow[16];
	unsigned ntmp;
	nf_tokstore spellings;  /* reused to tokenize the GeoNames spellings tried */
} scan;

static int in_article_region(const scan *s, const char *region)
{
	for (size_t k = 0; k < s->nregions; k++)
		if (!strcmp(s->regions[k], region))
			return 1;
	return 0;
}

/* The gazetteer entry e: a row of places.tsv, or one of the GeoNames index. */
static const place_entry *entry_of(scan *s, int e)
{
	if (e < GEO_BASE)
		return &s->m->entries[e];
	static const char *const kinds[] = { "city", "town", "village", "region", "district", "other" };
	unsigned k = s->ntmp++ % 16;
	place_entry *pe = &s->tmp[k];
	const char *name, *cc, *admin1 = NULL;

	geo_entry(&s->m->geo, (uint32_t)(e - GEO_BASE), &s->tmprow[k], pe);
	/* facts outlive the row buffer: their strings live in the document */
	if (!(name = doc_strdup(s->doc, pe->name, strlen(pe->name))) ||
	    !(cc = doc_strdup(s->doc, pe->country, strlen(pe->country))) ||
	    (pe->admin1 && !(admin1 = doc_strdup(s->doc, pe->admin1, strlen(pe->admin1)))))
		return NULL;
	pe->name = name;
	pe->country = cc;
	pe->admin1 = admin1;
	const char *kind = "other";

	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (!strcmp(pe->kind, kinds[i]))
			kind = kinds[i];
	pe->kind = kind;
	return pe;
}

static int in_article_country(const scan *s, const char *cc)
{
	for (size_t k = 0; k < s->ncountries; k++)
		if (!strcmp(s->countries[k], cc))
			return 1;
	return 0;
}

/* What a place found by context stands in: country and first-level region. */
typedef struct where {
	const char *country, *admin1;
} where;

static size_t match_in_sentence(const phrase_set *set, const nf_doc *doc, size_t i,
				int *value)
{
	if (i >= doc->ntoks)
		return 0;
	return phrase_match(set, doc->toks, i, sent_end(doc, i), value);
}

/* The context role of the phrase at token i, or -1; *len gets its length. */
static int ctx_at(const scan *s, size_t i, size_t *len)
{
	int role = -1;

	*len = match_in_sentence(s->m->ctx, s->doc, i, &role);
	return *len ? role : -1;
}

static int is_cap_word(const nf_doc *doc, size_t i)
{
	return i < doc->ntoks && doc->toks[i].kind == TK_WORD && (doc->toks[i].flags & TF_CAP);
}

/* Token i is the first word of its sentence (leading quotes and marks aside). */
static int sentence_initial(const nf_doc *doc, size_t i)
{
	for (size_t k = sent_begin(doc, i); k < i; k++)
		if (doc->toks[k].kind != TK_PUNCT)
			return 0;
	return 1;
}

/*
 * May the gazetteer match [i, i+len) stand as a place? Checks the capital,
 * and the stop classes of a match that is exactly a stop phrase.
 */
static int acceptable(const scan *s, size_t i, size_t len)
{
	const nf_doc *doc = s->doc;
	const nf_token *t = &doc->toks[i];
	int cls = -1;

	if (!(t->flags & TF_CAP))
		return 0;
	if (match_in_sentence(s->m->stop, doc, i, &cls) != len)
		return 1;
	switch (cls) {
	case STOP_COMMON:
		return !sentence_initial(doc, i) && !doc->sents[t->sentence].headline;
	case STOP_FORENAME:
		return !is_cap_word(doc, i + len) || (doc->toks[i + len].flags & TF_NL);
	case STOP_UPPER:
		return (t->flags & TF_UPPER) != 0;
	case STOP_NOTNAME:
	case STOP_BLOCK:
		return 0;
	}
	return 1;
}

static int is_settlement(const char *kind)
{
	return !strcmp(kind, "city") || !strcmp(kind, "town") || !strcmp(kind, "village");
}

static int emit(scan *s, size_t a, size_t b, const char *name, const char *kind,
		const char *country, const char *admin1, const place_entry *coords,
		const char *rule)
{
	nf_fact *f = doc_add_fact(s->doc, NF_PLACE, a, b, rule);

	if (!f)
		return -1;
	f->name = name;
	f->kind = kind;
	f->country = country;
	f->admin1 = admin1;
	if (coords && coords->has_coords) {
		f->has_coords = 1;
		f->lat = coords->lat;
		f->lon = coords->lon;
	}
	return 0;
}

static int emit_entry(scan *s, size_t a, size_t b, int e, const char *rule)
{
	const place_entry *pe = entry_of(s, e);

	if (!pe)
		return -1;
	return emit(s, a, b, pe->name, pe->kind, pe->country, pe->admin1, pe, rule);
}

/*
 * The longest GeoNames spelling at token i, within its sentence: its length,
 * and in *e the row to read it as. Rows that share the spelling are weighed:
 * one in the article's countries first, else the first (the most populous).
 * A row's evidence must be met: "country" needs the article's country or a
 * settlement word before it (settled), "context" the settlement word.
 */
static size_t geo_at(scan *s, size_t i, int settled, int *e)
{
	const geo_index *g = &s->m->geo;
	const nf_doc *doc = s->doc;
	const nf_token *t = &doc->toks[i];
	size_t best = 0, end = sent_end(doc, i);
	int best_score = -1;

	if (!g->nkeys || t->kind != TK_WORD)
		return 0;
	uint32_t h = letters_hash(t->norm, t->norm_len);

	if (!h)
		return 0;
	size_t steps = 0;

	for (uint32_t k = g->heads[h & (uint32_t)(g->nbuckets - 1)]; k; k = g->keys[k - 1].next) {
		if (k > g->nkeys || ++steps > g->nkeys)
			break;          /* a damaged cache: never read past the index, nor loop */
		const geo_key *key = &g->keys[k - 1];

		if ((size_t)key->off + key->len > g->size)
			continue;
		nf_doc sp = { 0 };
		size_t n = 0;

		if (key->hash != h)
			continue;
		if (tokenize_reuse(&sp, g->buf + key->off, key->len, &s->spellings) < 0)
			return 0;
		if (sp.ntoks && i + sp.ntoks <= end) {
			n = sp.ntoks;
			for (size_t j = 0; j < sp.ntoks && n; j++)
				if (sp.toks[j].hash != doc->toks[i + j].hash ||
				    strcmp(sp.toks[j].norm, doc->toks[i + j].norm) != 0)
					n = 0;
		}
		if (!n || n < best)
			continue;
		place_entry pe;
		geo_row row;
		uint32_t r = geo_row_of(g, key->off);

		geo_entry(g, r, &row, &pe);
		int home = in_article_country(s, pe.country);

		if (pe.evidence == EV_CONTEXT && !settled)
			continue;
		if (pe.evidence == EV_COUNTRY && !settled && !home)
			continue;
		int score = (home ? 1 : 0) + (pe.admin1 && in_article_region(s, pe.admin1) ? 2 : 0);

		if (n > best || score > best_score) {
			best = n;
			best_score = score;
			*e = GEO_BASE + (int)r;
		} else if (score == best_score && GEO_BASE + (int)r < *e) {
			*e = GEO_BASE + (int)r;   /* the more populous of equals */
		}
	}
	/*
	 * "Zarichne, Donetsk Oblast": a region in apposition that none of the
	 * readings lies in means a place the gazetteer lacks.
	 */
	int re;
	size_t after = i + best;

	if (best && best_score < 2 && tok_is(doc, after, ",") &&
	    match_in_sentence(s->m->names, doc, after + 1, &re) &&
	    !strcmp(s->m->entries[re].kind, "region"))
		return 0;
	return best;
}

/* The gazetteer place at token i (its length, 0 for none, *e its entry). */
static size_t known_at_ctx(scan *s, size_t i, int settled, int *e)
{
	if (i >= s->doc->ntoks || s->skip[i])
		return 0;
	size_t n = match_in_sentence(s->m->names, s->doc, i, e);

	if (n && !acceptable(s, i, n))
		n = 0;
	if (!(s->doc->toks[i].flags & TF_CAP))
		return n;
	/* a GeoNames place is no sentence's first word unless a settlement word says so */
	if (!settled && (sentence_initial(s->doc, i) || s->doc->sents[s->doc->toks[i].sentence].headline))
		return n;
	int ge = -1;
	size_t gn = geo_at(s, i, settled, &ge);

	if (gn > n && acceptable(s, i, gn)) {
		*e = ge;
		return gn;
	}
	return n;
}

static size_t known_at(scan *s, size_t i, int *e)
{
	return known_at_ctx(s, i, 0, e);
}

/* A region stem at token i, capitalised (its length, *e the region). */
static size_t stem_at(const scan *s, size_t i, int *e)
{
	if (!is_cap_word(s->doc, i) || s->skip[i])
		return 0;
	size_t n = match_in_sentence(s->m->stems, s->doc, i, e);

	return n && acceptable(s, i, n) ? n : 0;
}

/* Token i is an Arabic article followed by "-" and a capitalised word: "al-Daraj". */
static int is_article(const nf_doc *doc, size_t i)
{
	static const char *const articles[] = { "al", "el", "as", "ash", "ad", "an", "ar", "at", "az" };

	if (i + 2 >= doc->ntoks || !tok_is(doc, i + 1, "-") ||
	    (doc->toks[i + 1].flags & TF_SPACE) || (doc->toks[i + 2].flags & TF_SPACE) ||
	    !is_cap_word(doc, i + 2))
		return 0;
	for (size_t a = 0; a < sizeof articles / sizeof *articles; a++)
		if (tok_is(doc, i, articles[a]))
			return 1;
	return 0;
}

/*
 * An unknown name at token i: up to four capitalised words, hyphenated pieces
 * joined ("Ayta ash-Shab"), none of them a stop word. Returns its length.
 */
static size_t unknown_name_at(const scan *s, size_t i)
{
	const nf_doc *doc = s->doc;
	size_t end = i < doc->ntoks ? sent_end(doc, i) : i, k = i, words = 0;
	int cls;

	/* an Arabic article glued to a capitalised name: "al-Daraj" */
	if (is_article(doc, i) && !s->skip[i])
		k = i + 2;
	while (k < end && words < 4 && is_cap_word(doc, k) && !s->skip[k]) {
		if (match_in_sentence(s->m->stop, doc, k, &cls) == 1 && cls == STOP_NOTNAME)
			break;
		k++;
		words++;
		/* "-" glued on both sides continues the name, whatever the case */
		while (k + 1 < end && tok_is(doc, k, "-") && !(doc->toks[k].flags & TF_SPACE) &&
		       doc->toks[k + 1].kind == TK_WORD && !(doc->toks[k + 1].flags & TF_SPACE))
			k += 2;
	}
	return k - i;
}

/*
 * Where a place found by context lies: the gazetteer place that follows it
 * closely in the sentence ("Moshenoye, Belgorod region"), else the latest
 * place found before it in the document.
 */
static where locate(scan *s, size_t after)
{
	const nf_doc *doc = s->doc;
	where w = { "", NULL };

	/* only a place in apposition or containment: ", Belgorod region", "in the Sumy region" */
	size_t k = after;
	int e;

	if (tok_is(doc, k, ","))
		k++;
	if (tok_is(doc, k, "in"))
		k++;
	if (tok_is(doc, k, "the"))
		k++;
	if (k < doc->ntoks && doc->toks[k].kind == TK_WORD && !(doc->toks[k].flags & TF_CAP))
		k++;        /* an adjective: "in southern Lebanon" */
	if (k > after && known_at(s, k, &e)) {
		const place_entry *pe = entry_of(s, e);

		if (pe && *pe->country) {
			w.country = pe->country;
			w.admin1 = strcmp(pe->kind, "region") == 0 ? pe->name : pe->admin1;
			return w;
		}
	}
	for (size_t f = doc->facts.len; f-- > 0;) {
		const nf_fact *pf = &doc->facts.items[f];

		if (pf->type != NF_PLACE || !pf->country || !*pf->country)
			continue;
		w.country = pf->country;
		w.admin1 = strcmp(pf->kind, "region") == 0 ? pf->name : pf->admin1;
		return w;
	}
	return w;
}

/*
 * A copy of the text of tokens [a, b) as it stands; a lower-case article
 * starting it is capitalised ("al-Daraj" -> "Al-Daraj").
 */
static const char *copy_span(scan *s, size_t a, size_t b)
{
	nf_doc *doc = s->doc;
	const char *text = doc->text + doc->toks[a].start;
	size_t len = doc->toks[b - 1].end - doc->toks[a].start;
	char buf[256];

	if (text[0] >= 'a' && text[0] <= 'z' && len < sizeof buf) {
		memcpy(buf, text, len);
		buf[0] = (char)(buf[0] - 'a' + 'A');
		return doc_strdup(doc, buf, len);
	}
	return doc_strdup(doc, text, len);
}

/*
 * "<name> District" for the name at [a, b) (entry e, or -1 for the text), or
 * "<name> <Word>" for the district words that stay ("Katha Township").
 */
static int emit_district(scan *s, size_t a, size_t b, int e, size_t word, int keep)
{
	const nf_doc *doc = s->doc;
	char buf[256];
	const char *base;
	size_t blen;
	where w;

	if (e >= 0) {
		const place_entry *pe = entry_of(s, e);

		if (!pe)
			return -1;
		base = pe->name;
		blen = strlen(base);
		w.country = pe->country;
		w.admin1 = pe->admin1;
	} else {
		base = doc->text + doc->toks[a].start;
		blen = doc->toks[b - 1].end - doc->toks[a].start;
		w = locate(s, word + 1);
	}
	int n;

	if (keep) {
		const char *wn = doc->toks[word].norm;

		n = snprintf(buf, sizeof buf, "%.*s %c%s", (int)blen, base,
			     wn[0] >= 'a' && wn[0] <= 'z' ? wn[0] - 'a' + 'A' : wn[0], wn + 1);
	} else {
		n = snprintf(buf, sizeof buf, "%.*s District", (int)blen, base);
	}
	if (n < 0 || (size_t)n >= sizeof buf)
		return 0;
	const char *name = doc_strdup(s->doc, buf, (size_t)n);

	if (!name)
		return -1;
	return emit(s, a, word + 1, name, "district", w.country, w.admin1, NULL,
		    e >= 0 ? "place-known-district" : "place-district");
}

/*
 * A list of region stems from token i: "Sumy", "Sumy and Kharkiv", "Kirovohrad,
 * Odesa and Kherson". Fills items (start, length, entry) and returns how many,
 * *end gets the token after the list.
 */
typedef struct list_item {
	size_t at, len;
	int e;
} list_item;

#define MAX_LIST 12

static size_t stem_list(const scan *s, size_t i, list_item *items, size_t *end)
{
	size_t n = 0, k = i;

	for (;;) {
		int e;
		size_t len = stem_at(s, k, &e);

		if (!len)
			break;
		items[n++] = (list_item){ k, len, e };
		*end = k + len;
		k += len;
		if (n == MAX_LIST)
			break;
		size_t j = k;

		if (tok_is(s->doc, j, ","))
			j++;
		if (tok_is(s->doc, j, "and") || tok_is(s->doc, j, "or") || tok_is(s->doc, j, "&"))
			j++;
		if (j == k)
			break;
		k = j;
	}
	if (!n)
		*end = i;
	return n;
}

static int emit_list(scan *s, const list_item *items, size_t n, const char *rule)
{
	for (size_t k = 0; k < n; k++)
		if (emit_entry(s, items[k].at, items[k].at + items[k].len, items[k].e, rule) < 0)
			return -1;
	return 0;
}

/*
 * Region forms that start with a stem at token i: "Sumy regional governor",
 * "Sumy's regional head", "Sumy OVA", "Sumy province", and lists that end in a
 * plural region word. Returns the tokens consumed (0: none of these), -1 on OOM.
 */
static long region_forms(scan *s, size_t i)
{
	list_item items[MAX_LIST];
	size_t end, len;
	size_t n = stem_list(s, i, items, &end);

	if (!n)
		return 0;
	if (n == 1) {
		size_t j = end + (tok_is(s->doc, end, "'s") ? 1 : 0);

		if (ctx_at(s, j, &len) == CTX_REGION_ADJ) {
			if (emit_list(s, items, 1, "place-region-adjective") < 0)
				return -1;
			return (long)(end - i);
		}
	}
	if (ctx_at(s, end, &len) != CTX_REGION_SUFFIX)
		return 0;
	/* a singular word after a list names only the last: "Kyiv and Sumy region" */
	const char *w = s->doc->toks[end + len - 1].norm;
	size_t wl = strlen(w);

	if (n > 1 && !(wl > 1 && w[wl - 1] == 's'))
		return 0;
	if (n == 1 ? emit_entry(s, i, end + len, items[0].e, "place-region-suffix") < 0
		   : emit_list(s, items, n, "place-region-list") < 0)
		return -1;
	return (long)(end + len - i);
}

/*
 * Places named after a context phrase at token i ("the region of", "governor
 * of", "the village of"). Returns the tokens consumed, 0 for none, -1 on OOM.
 */
static long after_context(scan *s, size_t i)
{
	nf_doc *doc = s->doc;
	size_t len;
	int role = ctx_at(s, i, &len);
	size_t j = i + len;

	if (role < 0)
		return 0;
	if (tok_is(doc, j, "the"))
		j++;
	if (role == CTX_REGION_BEFORE) {
		list_item items[MAX_LIST];
		size_t end, sl;
		size_t n = stem_list(s, j, items, &end);

		if (!n)
			return 0;
		if (emit_list(s, items, n, "place-region-of") < 0)
			return -1;
		if (ctx_at(s, end, &sl) == CTX_REGION_SUFFIX)
			end += sl;
		return (long)(end - i);
	}
	if (role != CTX_VILLAGE_BEFORE && role != CTX_TOWN_BEFORE && role != CTX_CITY_BEFORE)
		return 0;
	const char *kind = role == CTX_VILLAGE_BEFORE ? "village" :
			   role == CTX_TOWN_BEFORE ? "town" : "city";
	list_item items[MAX_LIST];
	size_t k = j, done = 0, n_items = 0;

	/* a list of settlements: "the villages of A, B and C", known (e >= 0) or not */
	while (n_items < MAX_LIST) {
		int e;
		size_t n = known_at_ctx(s, k, 1, &e);

		if (!n) {
			e = -1;
			n = unknown_name_at(s, k);
		}
		if (!n)
			break;
		/* "Zarichne, Donetsk Oblast": a region after a comma says where, it is no item */
		if (n_items > 0 && e >= 0) {
			const place_entry *pe = entry_of(s, e);

			if (!pe)
				return -1;
			if (!is_settlement(pe->kind))
				break;
		}
		items[n_items++] = (list_item){ k, n, e };
		k += n;
		done = k;
		size_t m = k;

		if (tok_is(doc, m, ","))
			m++;
		if (tok_is(doc, m, "and") || tok_is(doc, m, "or"))
			m++;
		if (m == k)
			break;
		k = m;
	}
	if (!n_items)
		return 0;
	/* the unknown ones lie where the place after the whole list says */
	where w = locate(s, done);

	for (size_t t = 0; t < n_items; t++) {
		const list_item *it = &items[t];
		const char *name;

		if (it->e >= 0) {
			if (emit_entry(s, it->at, it->at + it->len, it->e, "place-settlement") < 0)
				return -1;
		} else if (!(name = copy_span(s, it->at, it->at + it->len)) ||
			   emit(s, it->at, it->at + it->len, name, kind, w.country, w.admin1,
				NULL, "place-settlement-unknown") < 0) {
			return -1;
		}
	}
	return (long)(done - i);
}

/* Mark the tokens of persons (actor extractor) and of blocked phrases. */
static void mark_skipped(scan *s)
{
	nf_doc *doc = s->doc;

	for (size_t f = 0; f < doc->facts.len; f++) {
		const nf_fact *af = &doc->facts.items[f];

		if (af->type != NF_ACTOR || !af->kind || strcmp(af->kind, "person") != 0)
			continue;
		for (size_t t = doc_token_at(doc, af->start);
		     t < doc->ntoks && doc->toks[t].end <= af->end; t++)
			s->skip[t] = 1;
	}
	for (size_t t = 0; t < doc->ntoks; t++) {
		int cls;
		size_t n = match_in_sentence(s->m->stop, doc, t, &cls);

		if (n && cls == STOP_BLOCK)
			for (size_t k = t; k < t + n; k++)
				s->skip[k] = 1;
	}
}

static int same_str(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* The city whose possessive stands right before token i ("Kherson's"), or NULL. */
static const nf_fact *owner_city(const scan *s, size_t i)
{
	const nf_doc *doc = s->doc;

	if (i < 2 || !tok_is(doc, i - 1, "'s") || !doc->facts.len)
		return NULL;
	const nf_fact *f = &doc->facts.items[doc->facts.len - 1];

	if (f->type != NF_PLACE || f->end != doc->toks[i - 2].end || strcmp(f->kind, "city"))
		return NULL;
	return f;
}

/*
 * One token position: the longest reading that starts there. Returns the
 * tokens consumed (at least 1), or -1 when memory runs out.
 */
static long place_at(scan *s, size_t i)
{
	nf_doc *doc = s->doc;
	long used;
	size_t len, n;
	int e, role;

	if ((used = after_context(s, i)) != 0)
		return used;
	if (!is_cap_word(doc, i) && !is_article(doc, i))
		return 1;
	if ((used = region_forms(s, i)) != 0)
		return used;
	if ((n = known_at(s, i, &e)) > 0) {
		const place_entry *pe = entry_of(s, e);

		if (!pe)
			return -1;
		const char *kind = pe->kind;

		role = ctx_at(s, i + n, &len);
		if ((role == CTX_DISTRICT_SUFFIX || role == CTX_DISTRICT_KEEP) && len == 1 &&
		    is_settlement(kind)) {
			if (emit_district(s, i, i + n, e, i + n, role == CTX_DISTRICT_KEEP) < 0)
				return -1;
			return (long)n + 1;
		}
		const nf_fact *city = owner_city(s, i);

		if (!strcmp(kind, "district") && city && !same_str(city->admin1, pe->admin1)) {
			/* the same district name in another city: "Kherson's Dniprovskyi district" */
			if (emit(s, i, i + n, pe->name, kind, city->country, city->admin1,
				 NULL, "place-district-of-city") < 0)
				return -1;
			return (long)n;
		}
		if (emit_entry(s, i, i + n, e, "place-gazetteer") < 0)
			return -1;
		return (long)n;
	}
	/* an unknown name before a district or village word */
	if (sentence_initial(doc, i) || !(n = unknown_name_at(s, i)))
		return 1;
	if (tok_is(doc, i + n, "village"))      /* "Moe Tarr Lay village of Katha township" */
		role = CTX_VILLAGE_AFTER;
	else
		role = ctx_at(s, i + n, &len);
	if ((role == CTX_DISTRICT_SUFFIX || role == CTX_DISTRICT_KEEP) && len == 1) {
		if (emit_district(s, i, i + n, -1, i + n, role == CTX_DISTRICT_KEEP) < 0)
			return -1;
		return (long)n + 1;
	}
	if (role == CTX_DISTRICT_PLAIN || role == CTX_VILLAGE_AFTER) {
		where w = locate(s, i + n + 1);
		const char *name = copy_span(s, i, i + n);

		if (!name || emit(s, i, i + n, name,
				  role == CTX_VILLAGE_AFTER ? "village" : "district", w.country,
				  w.admin1, NULL, "place-named-before-kind") < 0)
			return -1;
		return (long)n + 1;
	}
	return (long)n;
}

/*
 * The countries of the article: those of the places.tsv names it mentions
 * (countries, regions, reviewed settlements). A GeoNames town or village needs
 * one of them, so "Bar" stays a word in a report on Montenegro.
 */
static void article_countries(scan *s)
{
	const nf_doc *doc = s->doc;

	for (size_t i = 0; i < doc->ntoks && s->ncountries < MAX_COUNTRIES;) {
		int e;
		size_t n = 0;

		if (!s->skip[i] && is_cap_word(doc, i))
			n = match_in_sentence(s->m->names, doc, i, &e);
		if (!n || !acceptable(s, i, n)) {
			i++;
			continue;
		}
		const place_entry *pe = &s->m->entries[e];
		const char *cc = pe->country;
		const char *region = !strcmp(pe->kind, "region") ? pe->name : pe->admin1;

		if (*cc && !in_article_country(s, cc))
			s->countries[s->ncountries++] = cc;
		if (region && s->nregions < MAX_COUNTRIES && !in_article_region(s, region))
			s->regions[s->nregions++] = region;
		i += n;
	}
}

int extract_places(const nf_model *model, nf_doc *doc)
{
	scan s = { .m = model->place, .doc = doc };

	if (!doc->ntoks)
		return 0;
	if (!(s.skip = calloc(doc->ntoks, 1)))
		return -1;
	mark_skipped(&s);
	article_countries(&s);
	for (size_t i = 0; i < doc->ntoks;) {
		long used = s.skip[i] ? 1 : place_at(&s, i);

		if (used < 0) {
			free(s.skip);
			tokstore_free(&s.spellings);
			return -1;
		}
		i += (size_t)used;
	}
	free(s.skip);
	tokstore_free(&s.spellings);
	return 0;
}
