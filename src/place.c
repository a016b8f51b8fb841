/*
 * place.c: the named geographic places of a report (GUIDELINES.md, "place" and
 * decided cases 18-25).
 *
 * The gazetteer data/places.tsv gives each place its canonical name, kind,
 * country, first-level region and coordinates; every spelling of it (name and
 * aliases) goes into one spelling index, matched longest first. Around that match,
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
 *
 * Speed: the tables and the GeoNames index are kept, built, in a cache file
 * mapped at start (model_cache_map). A document is scanned once for the
 * tokens where a place may start (capitalised words, context and "al-"
 * words: mark_skipped); the rules run at those alone, and what they ask of a
 * token again and again (its stop phrase, its places.tsv spelling) is kept
 * for those tokens (tok_memo), in arrays that need no clearing per document.
 * What geo_at reads of a GeoNames row is kept too, from document to
 * document (geo_caches).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "extract.h"
#include "phrase.h"
#include "table.h"

#define CUE_BITS 65536  /* the size of the cue table (a power of two) */

/*
 * What may start at a word, by its hash mod CUE_BITS (cue_table): a bit unset
 * is a sure no, a bit set a maybe the index itself settles. A capitalised word
 * with none of them (nor the GeoNames filter's bit) goes straight to the
 * unknown-name rule.
 */
enum cue_bit {
	CUE_TRACK = TF_CAP,     /* a context or blocked phrase or an article: tracked like a capital */
	CUE_CTX = 2,            /* the first token of a context phrase */
	CUE_STEM = 4,           /* of a region stem */
	CUE_NAME = 8,           /* of a places.tsv spelling */
	CUE_BLOCK = 16,         /* of a blocked phrase */
};

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
 * data/places_geonames.tsv, the file mapped into memory as it is, and a hash
 * table from the first token of every spelling ("kryvyi" of "Kryvyi Rih") to
 * the spellings that start so, with the hash of their second token: a
 * document's word finds the spellings that may start there with one probe, and
 * a row's fields are read only when it matches. Most spellings are ASCII
 * letters and spaces, whose tokens are their words: only the others are
 * tokenized, when the index is built (and again when they match).
 *
 * A spelling whose first run of ASCII letters differs from that of its first
 * token ("Kramatorśk": "kramator", "kramatorsk") is left out: the index was
 * once keyed by that run, so such a spelling never matched.
 */
typedef struct geo_key {
	uint32_t hash, off, next;   /* next: index + 1 of the next key in the bucket */
	uint16_t len;
	uint8_t plain;              /* ASCII letters and spaces only */
	uint8_t ntoks;              /* its tokens, 255 for 255 or more */
	uint32_t hash2;             /* of its second token; zero when it has one token */
} geo_key;

typedef struct geo_index {
	const char *buf;        /* the mapped file */
	size_t size;
	geo_key *keys;
	size_t nkeys, capkeys;
	uint32_t *heads;        /* per bucket: first key + 1, 0 for none */
	size_t nbuckets;        /* a power of two */
	uint64_t *filter;       /* nbuckets * 32 bits: bit (hash mod that) of every key, so
				 * that most words, which start no spelling, cost one test */
	int mapped;             /* keys, heads and filter live in the mapped model cache */
} geo_index;

/* The index is kept in the model cache with the rest (see model_cache_map). */

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

/*
 * The spellings of places.tsv (names, aliases, region stems) as sequences of
 * tokens, keyed by the hash of the first: a document's word finds the
 * spellings that may start there with one probe (most find an empty bucket),
 * and the hash of the second token rules out most of the rest before any
 * string is compared. A spelling of ASCII letters and spaces, nearly all of
 * them, tokenizes to its words in lower case: only the others need the
 * tokenizer. It answers as a phrase set would: the longest spelling, and of
 * equal ones the first added.
 */
typedef struct spell_tok {
	uint32_t hash;          /* nf_hash of the norm */
	uint32_t norm, len;     /* the norm: len bytes at norms + norm */
} spell_tok;

typedef struct spell_key {
	uint32_t hash, hash2;   /* of the first token and of the second (0 for none) */
	uint32_t next;          /* index + 1 of the next key in its bucket, 0 for none */
	uint32_t seq;           /* order of addition: the value's index */
	uint32_t ntoks, tok;    /* its tokens: toks[tok .. tok + ntoks) */
} spell_key;

typedef struct spell_index {
	spell_key *keys;
	size_t nkeys, capkeys;
	spell_tok *toks;
	size_t ntoks, captoks;
	char *norms;
	size_t normlen, normcap;
	uint32_t *heads;        /* per bucket: first key + 1 */
	size_t nbuckets;        /* a power of two */
	int *values;            /* per addition (seq): the entry */
	size_t nvalues, capvalues;
	int mapped;             /* the arrays live in the mapped cache: not to be freed */
} spell_index;

struct place_model {
	table *t_places, *t_stop, *t_ctx;
	place_entry *entries;
	size_t nentries;
	spell_index names;      /* every spelling -> entry */
	spell_index stems;      /* region stem ("Kharkiv", "Rostov-on-Don") -> entry */
	spell_index stop;       /* data/place_stopwords.tsv -> enum stop_class */
	spell_index block;      /* its phrases of class "block" alone, as a filter */
	spell_index ctx;        /* data/place_context.tsv -> enum ctx_role */
	/* enum cue_bit by first-token hash (cue_table): mark_skipped's test of a
	 * token is one load and an or, place_at's choice of rules one load */
	uint8_t *cue;           /* CUE_BITS bytes, mapped (in the cache when there is one) */
	void *cache;            /* the mapped model cache (model_cache_map), or NULL */
	size_t cache_size;
	uint64_t tokfp;         /* tokenizer_fingerprint(): the caches hold its hashes */
	const char *suffixes[16];   /* the one-word region suffixes ("region", "Oblast") */
	size_t suffix_len[16], nsuffixes;
	geo_index geo;
	uint64_t serial;        /* unique to this model in the process: see place_memos */
};

/* The serial of the last model loaded. */
static atomic_uint_least64_t model_serial;

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
	size_t wl = strlen(sp + 1);

	for (size_t k = 0; k < m->nsuffixes; k++)
		if (m->suffix_len[k] == wl && strcasecmp(sp + 1, m->suffixes[k]) == 0)
			return (size_t)(sp - text);
	return 0;
}

/* Note the one-word region suffixes of data/place_context.tsv, for region_stem_len. */
static int load_suffixes(struct place_model *m, char *err, size_t errlen)
{
	for (size_t r = 0; r < m->t_ctx->nrows; r++) {
		const table_row *row = &m->t_ctx->rows[r];

		if (strcmp(table_get(row, 1), "region_suffix") != 0 || strchr(row->field[0], ' '))
			continue;
		if (m->nsuffixes == sizeof m->suffixes / sizeof *m->suffixes) {
			snprintf(err, errlen, "%s:%d: too many one-word region suffixes",
				 m->t_ctx->path, row->line);
			return -1;
		}
		m->suffixes[m->nsuffixes] = row->field[0];
		m->suffix_len[m->nsuffixes++] = strlen(row->field[0]);
	}
	return 0;
}

/* The Arabic articles glued to a name: "al-Daraj", "Ayta ash-Shab" (is_article). */
static const char *const articles[] = { "al", "el", "as", "ash", "ad", "an", "ar", "at", "az" };

/* Is the bit of hash set in filter f (phrase.h)? */
static inline int filter_has(const phrase_filter *f, uint32_t hash)
{
	uint32_t bit = hash & (uint32_t)(f->nbits - 1);

	return (int)((f->first[bit / 64] >> (bit % 64)) & 1);
}

/* ---- the spelling index (spell_index) ----------------------------------- */

/* Is s[0..len) ASCII letters and spaces, with a letter and no word over 100 letters (phrase.c's plain phrases)? */
static int is_plain(const char *s, size_t len)
{
	int letters = 0;
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			letters = 1;
			if (++run > 100)
				return 0;
		} else if (c == ' ') {
			run = 0;
		} else {
			return 0;
		}
	}
	return letters;
}

/*
 * The words of the plain spelling s[0..len) against tokens [i, end): the
 * number of words when each equals its token's norm, else 0.
 */
static size_t plain_match(const char *s, size_t len, const nf_token *toks, size_t i, size_t end)
{
	size_t p = 0, k = i;

	for (;;) {
		while (p < len && s[p] == ' ')
			p++;
		if (p == len)
			return k - i;
		if (k >= end)
			return 0;
		const char *norm = toks[k].norm;
		size_t q = 0;

		while (p < len && s[p] != ' ') {
			if (norm[q] != (char)(s[p] | 0x20))
				return 0;
			p++;
			q++;
		}
		if (q != toks[k].norm_len)
			return 0;
		k++;
	}
}

static void spell_free(spell_index *ix)
{
	if (ix->mapped)
		return;
	free(ix->keys);
	free(ix->toks);
	free(ix->norms);
	free(ix->heads);
	free(ix->values);
}

/* Make room for n more of the items of an array (*p, *len, *cap). */
static int grow(void **p, size_t len, size_t *cap, size_t n, size_t size)
{
	if (*cap - len >= n)
		return 0;
	size_t ncap = *cap ? *cap : 1024;

	while (ncap - len < n)
		ncap *= 2;
	void *np = realloc(*p, ncap * size);

	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

/* Append a token of norm s[0..n) (lower-cased on the way when lower) and hash h. */
static int spell_push_tok(spell_index *ix, const char *s, size_t n, uint32_t h, int lower)
{
	if (grow((void **)&ix->toks, ix->ntoks, &ix->captoks, 1, sizeof *ix->toks) < 0 ||
	    grow((void **)&ix->norms, ix->normlen, &ix->normcap, n, 1) < 0)
		return -1;
	char *d = ix->norms + ix->normlen;

	for (size_t k = 0; k < n; k++)
		d[k] = lower ? (char)(s[k] | 0x20) : s[k];
	ix->toks[ix->ntoks++] = (spell_tok){ h, (uint32_t)ix->normlen, (uint32_t)n };
	ix->normlen += n;
	return 0;
}

/*
 * Add the spelling text[0..len) of entry value, tokenized in store when it is
 * not plain. Returns -1 when out of memory or when it has no token (as
 * phrase_add).
 */
static int spell_add(spell_index *ix, const char *text, size_t len, int value, nf_tokstore *store)
{
	uint32_t seq = (uint32_t)ix->nvalues;
	size_t first = ix->ntoks;

	if (grow((void **)&ix->values, ix->nvalues, &ix->capvalues, 1, sizeof *ix->values) < 0 ||
	    grow((void **)&ix->keys, ix->nkeys, &ix->capkeys, 1, sizeof *ix->keys) < 0)
		return -1;
	if (is_plain(text, len)) {
		/* its words, lower case, hashed as the tokenizer hashes them */
		for (size_t p = 0; p < len;) {
			size_t w = p;

			if (text[p] == ' ') {
				p++;
				continue;
			}
			while (p < len && text[p] != ' ')
				p++;
			if (spell_push_tok(ix, text + w, p - w, nf_hash_lower(text + w, p - w), 1) < 0)
				return -1;
		}
	} else {
		nf_doc d = { 0 };

		if (tokenize_reuse(&d, text, len, store) < 0 || d.ntoks == 0)
			return -1;
		for (size_t k = 0; k < d.ntoks; k++)
			if (spell_push_tok(ix, d.toks[k].norm, d.toks[k].norm_len, d.toks[k].hash, 0) < 0)
				return -1;
	}
	size_t n = ix->ntoks - first;

	ix->keys[ix->nkeys++] = (spell_key){ ix->toks[first].hash,
					     n > 1 ? ix->toks[first + 1].hash : 0, 0, seq,
					     (uint32_t)n, (uint32_t)first };
	ix->values[ix->nvalues++] = value;
	return 0;
}

/* Do keys a and b have the same tokens? */
static int spell_same(const spell_index *ix, const spell_key *a, const spell_key *b)
{
	if (a->hash != b->hash || a->hash2 != b->hash2 || a->ntoks != b->ntoks)
		return 0;
	for (uint32_t j = 0; j < a->ntoks; j++) {
		const spell_tok *x = &ix->toks[a->tok + j], *y = &ix->toks[b->tok + j];

		if (x->hash != y->hash || x->len != y->len ||
		    memcmp(ix->norms + x->norm, ix->norms + y->norm, x->len) != 0)
			return 0;
	}
	return 1;
}

/* Set bit at (hash mod CUE_BITS) of the first token of every key of ix. */
static void cue_mark(uint8_t *cue, const spell_index *ix, uint8_t bit)
{
	for (size_t k = 0; k < ix->nkeys; k++)
		cue[ix->keys[k].hash & (CUE_BITS - 1)] |= bit;
}

/*
 * Chain the keys into their buckets once all are added. A key with the
 * tokens of an earlier one ("Kharkiv" of "Kharkiv Oblast" and of "Kharkiv
 * region") can never win: it is left out.
 */
static int spell_finish(spell_index *ix, size_t per_key)
{
	/* sparse, so that an empty bucket answers most words */
	for (ix->nbuckets = 256; ix->nbuckets < ix->nkeys * per_key; ix->nbuckets *= 2)
		;
	if (!(ix->heads = calloc(ix->nbuckets, sizeof *ix->heads)))
		return -1;
	for (size_t k = 0; k < ix->nkeys; k++) {
		uint32_t b = ix->keys[k].hash & (uint32_t)(ix->nbuckets - 1), c;

		for (c = ix->heads[b]; c; c = ix->keys[c - 1].next)
			if (spell_same(ix, &ix->keys[c - 1], &ix->keys[k]))
				break;
		if (c)
			continue;
		ix->keys[k].next = ix->heads[b];
		ix->heads[b] = (uint32_t)k + 1;
	}
	return 0;
}

/* spell_match past an empty bucket: k is the bucket's first key + 1. */
static size_t spell_match_from(const spell_index *ix, const nf_doc *doc, size_t i, uint32_t k,
			       int *value)
{
	const nf_token *toks = doc->toks;
	size_t best = 0, end = sent_end(doc, i);
	uint32_t best_seq = 0, h = toks[i].hash;

	if (k > ix->nkeys)
		return 0;       /* a damaged cache */
	for (; k; k = ix->keys[k - 1].next) {
		const spell_key *key = &ix->keys[k - 1];

		/* the hashes of the first two tokens settle most keys */
		if (key->hash != h || key->ntoks > end - i ||
		    (key->ntoks > 1 && toks[i + 1].hash != key->hash2) ||
		    key->ntoks < best || (key->ntoks == best && key->seq > best_seq))
			continue;
		uint32_t j = 0;

		for (; j < key->ntoks; j++) {
			const spell_tok *kt = &ix->toks[key->tok + j];
			const nf_token *dt = &toks[i + j];

			if (kt->hash != dt->hash || kt->len != dt->norm_len ||
			    !same_bytes(ix->norms + kt->norm, dt->norm, kt->len))
				break;
		}
		if (j == key->ntoks) {
			best = key->ntoks;
			best_seq = key->seq;
		}
	}
	if (best)
		*value = ix->values[best_seq];
	return best;
}

/*
 * The longest spelling at token i (i < doc->ntoks) within its sentence: its
 * length (0: none), *value its entry. Most words find an empty bucket.
 */
static inline size_t spell_match(const spell_index *ix, const nf_doc *doc, size_t i, int *value)
{
	uint32_t k = ix->heads[doc->toks[i].hash & (uint32_t)(ix->nbuckets - 1)];

	return k ? spell_match_from(ix, doc, i, k, value) : 0;
}

/*
 * Documents name their places again and again ("Kharkiv" twenty times): what
 * the keys that begin with a word make of it is found once, remembered here
 * by its hash (and checked by its norm, kept in the slot): the answer of its
 * keys of one token, and the second tokens of its longer ones ("Kharkiv
 * Oblast"). Where the next token is none of those, that answer is
 * spell_match's. The answer depends on the word alone, so the slots are kept
 * from document to document (place_memos).
 */
#define SPELL_MEMO 512
#define STEMS_MEMO 64
#define MEMO_NORM 24            /* longer words are not remembered */
typedef struct spell_memo {
	uint64_t second;        /* bit (hash >> 26) of the second token of each longer key */
	uint32_t hash, len;     /* len UINT32_MAX: empty */
	int32_t value;          /* the answer of the keys of one token: n (0 or 1), value */
	uint32_t n;
	char norm[MEMO_NORM];   /* the word's norm, len bytes of it */
} spell_memo;

/* Fill sm for token t from the bucket chain from k (its first key + 1). 0, or -1 for a damaged cache. */
static __attribute__((noinline)) int spell_memo_fill(const spell_index *ix, uint32_t k,
						     const nf_token *t, spell_memo *sm)
{
	uint32_t one_seq = UINT32_MAX;
	uint64_t second = 0;

	if (k > ix->nkeys)
		return -1;
	for (; k; k = ix->keys[k - 1].next) {
		const spell_key *key = &ix->keys[k - 1];
		const spell_tok *kt = &ix->toks[key->tok];

		if (key->hash != t->hash || kt->len != t->norm_len ||
		    !same_bytes(ix->norms + kt->norm, t->norm, kt->len))
			continue;
		if (key->ntoks > 1)
			second |= 1ull << (key->hash2 >> 26);
		else if (key->seq < one_seq)
			one_seq = key->seq;
	}
	*sm = (spell_memo){ second, t->hash, t->norm_len, -1, 0, { 0 } };
	memcpy(sm->norm, t->norm, t->norm_len);
	if (one_seq != UINT32_MAX) {
		sm->n = 1;
		sm->value = ix->values[one_seq];
	}
	return 0;
}

/* spell_match, what a word seen before makes read from memo (slots of them, a power of two). */
static inline __attribute__((always_inline)) size_t spell_match_memo(const spell_index *ix,
								     spell_memo *memo, size_t slots,
								     const nf_doc *doc, size_t i,
								     int *value)
{
	const nf_token *t = &doc->toks[i];
	uint32_t k = ix->heads[t->hash & (uint32_t)(ix->nbuckets - 1)];

	if (!k)
		return 0;
	if (t->norm_len > MEMO_NORM)
		return spell_match_from(ix, doc, i, k, value);
	spell_memo *sm = &memo[t->hash & (uint32_t)(slots - 1)];

	if ((sm->hash != t->hash || sm->len != t->norm_len ||
	     !same_bytes(sm->norm, t->norm, t->norm_len)) &&
	    spell_memo_fill(ix, k, t, sm) < 0) {
		sm->len = UINT32_MAX;
		return 0;       /* a damaged cache: spell_match_from says none */
	}
	/* a longer key may go on with the next token: the whole search */
	if (sm->second && i + 1 < doc->ntoks && ((sm->second >> (t[1].hash >> 26)) & 1))
		return spell_match_from(ix, doc, i, k, value);
	if (sm->n)
		*value = sm->value;
	return sm->n;
}


/*
 * Add one spelling of entry e: to the names, and, for a region spelt
 * "<stem> <suffix>" or "Republic of <stem>", its stem to the stems.
 */
static int add_spelling(struct place_model *m, const char *text, int e, int region,
			nf_tokstore *store)
{
	if (!*text)
		return 0;
	size_t len = strlen(text);

	if (spell_add(&m->names, text, len, e, store) < 0)
		return -1;
	if (!region)
		return 0;
	size_t n = region_stem_len(m, text);

	if (n > 0 && n < 256)
		return spell_add(&m->stems, text, n, e, store);
	if (strncasecmp(text, "republic of ", 12) == 0)
		return spell_add(&m->stems, text + 12, len - 12, e, store);
	return 0;
}

/*
 * strtod for the coordinates of the gazetteers ("48.45", "-11.20"): digits
 * with a decimal point, at most 15 of them, read as an integer and divided by
 * a power of ten. Both are exact doubles, and the division rounds once, so
 * the result is strtod's. Any other form is left to strtod.
 */
static double coord(const char *s)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15,
	};
	const char *p = s + (*s == '-');
	uint64_t v = 0;
	int digits = 0, frac = 0, dot = 0;

	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++digits > 15)
				return strtod(s, NULL);
			v = v * 10 + (uint64_t)(*p - '0');
			frac += dot;
		} else if (*p == '.' && !dot) {
			dot = 1;
		} else {
			break;
		}
	}
	if (*p != '\0' || digits == 0)
		return strtod(s, NULL);
	double d = (double)v / pow10[frac];

	return *s == '-' ? -d : d;
}

static int load_entries(struct place_model *m, char *err, size_t errlen)
{
	table *t = m->t_places;
	nf_tokstore store = { 0 };      /* tokenizes the spellings that are not plain */

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
			pe->lat = coord(lat);
			pe->lon = coord(lon);
			pe->has_coords = 1;
		}
		pe->evidence = evidence_of(table_get(row, 9));
		m->nentries++;
		int region = strcmp(pe->kind, "region") == 0;

		if (add_spelling(m, pe->name, (int)r, region, &store) < 0)
			goto oom;
		/* aliases: '|'-separated, split in place (the table owns the bytes) */
		if (row->nfields > 8) {
			char *p = row->field[8];

			while (p && *p) {
				char *bar = strchr(p, '|');

				if (bar)
					*bar = '\0';
				if (add_spelling(m, p, (int)r, region, &store) < 0)
					goto oom;
				p = bar ? bar + 1 : NULL;
			}
		}
	}
	if (spell_finish(&m->names, 4) < 0 || spell_finish(&m->stems, 4) < 0)
		goto oom;
	tokstore_free(&store);
	return 0;
oom:
	tokstore_free(&store);
	snprintf(err, errlen, "%s: out of memory", t->path);
	return -1;
}

/* Load a two-column table of phrase -> one of the given names into set. */
static int load_classes(table *t, spell_index *set, const char *const *names, int n,
			spell_index *block, nf_tokstore *store, char *err, size_t errlen)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const table_row *row = &t->rows[r];
		int c = lookup_name(names, n, table_get(row, 1));

		if (c < 0) {
			snprintf(err, errlen, "%s:%d: unknown class '%s'", t->path, row->line,
				 table_get(row, 1));
			return -1;
		}
		size_t len = strlen(row->field[0]);

		if (spell_add(set, row->field[0], len, c, store) < 0 ||
		    (block && c == STOP_BLOCK && spell_add(block, row->field[0], len, c, store) < 0)) {
			snprintf(err, errlen, "%s:%d: out of memory or empty phrase", t->path,
				 row->line);
			return -1;
		}
	}
	/* small sets, very sparse: an empty bucket is their filter */
	if (spell_finish(set, 32) < 0 || (block && spell_finish(block, 32) < 0)) {
		snprintf(err, errlen, "out of memory");
		return -1;
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
	size_t i = 0;

	while (i < n && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
		i++;
	return i ? nf_hash_lower(s, i) : 0;
}

static int geo_add_key(geo_index *g, const char *sp, size_t len, nf_tokstore *store)
{
	uint32_t h, lh = 0, h2 = 0;
	size_t ntoks = 0, run = 0;
	int plain = 1, first_run = 1;

	if (!len || len > 0xffff)
		return 0;
	/*
	 * One pass: whether it is plain (is_plain), the hash of its first run
	 * of letters (letters_hash: none when it starts otherwise) and, when
	 * plain, the hashes of its first two words.
	 */
	for (size_t p = 0; p <= len; p++) {
		char c = p < len ? sp[p] : ' ';

		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			if (++run > 100)
				plain = 0;
			continue;
		}
		if (first_run) {
			if (!run || !(lh = nf_hash_lower(sp + p - run, run)))
				return 0;       /* letters_hash would give 0: no key */
			first_run = 0;
		}
		if (c != ' ') {
			plain = 0;
			break;
		}
		if (run && ++ntoks == 2)
			h2 = nf_hash_lower(sp + p - run, run);
		run = 0;
	}
	h = lh;
	if (!plain) {
		nf_doc d = { 0 };

		if (tokenize_reuse(&d, sp, len, store) < 0)
			return -1;
		if (!d.ntoks || letters_hash(d.toks[0].norm, d.toks[0].norm_len) != lh)
			return 0;       /* never matches: see geo_key */
		h = d.toks[0].hash;
		h2 = d.ntoks > 1 ? d.toks[1].hash : 0;
		ntoks = d.ntoks;
	}
	if (g->nkeys == g->capkeys) {
		/* about one key a row, and rows take 60 bytes or more */
		size_t ncap = g->capkeys ? g->capkeys * 2 : g->size / 48 + 1024;
		geo_key *nk = realloc(g->keys, ncap * sizeof *nk);

		if (!nk)
			return -1;
		g->keys = nk;
		g->capkeys = ncap;
	}
	g->keys[g->nkeys++] = (geo_key){ h, (uint32_t)(sp - g->buf), 0, (uint16_t)len,
					 (uint8_t)plain, (uint8_t)(ntoks < 255 ? ntoks : 255), h2 };
	return 0;
}

/*
 * The cache file of the data file at path, in out; 0 when there is none to use.
 * Its name hashes the data file's absolute path and salt (the cache's layout
 * and tokenizer): two newsfacts versions sharing a data folder then keep a
 * cache each instead of rebuilding each other's at every start. legacy gets
 * the name the file had before it was salted (the previous layout's
 * "geonames-" file), for removal.
 */
int cache_path(char *out, size_t outlen, char *legacy, size_t legacylen,
	       const char *path, const char *kind, uint64_t salt)
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
		n = snprintf(full, sizeof full, "%s/newsfacts", parent);
		if (n < 0 || (size_t)n >= sizeof full)
			return 0;
		dir = full;
	}
	/*
	 * One cache per data file: its absolute path names it, as given (a
	 * canonical path would cost a system call per folder of it at every
	 * start). The folders are made when a cache is written (cache_create).
	 */
	char *abs = path[0] == '/' ? NULL : realpath(path, NULL);
	const char *name = path[0] == '/' ? path : abs;
	uint32_t h = name ? nf_hash(name, strlen(name)) : 0, salted = h;

	free(abs);
	for (int i = 0; i < 8; i++)
		salted = nf_hash_step(salted, (unsigned char)(salt >> (8 * i)));
	n = snprintf(legacy, legacylen, "%s/geonames-%08x.idx", dir, (unsigned)h);
	if (n < 0 || (size_t)n >= legacylen)
		legacy[0] = '\0';
	n = snprintf(out, outlen, "%s/%s-%08x.idx", dir, kind, (unsigned)salted);
	return n > 0 && (size_t)n < outlen;
}


/*
 * Index data/places_geonames.tsv (see geo_index). A missing file is no error:
 * the gazetteer is then places.tsv alone.
 */
static int geo_open(geo_index *g, const char *path, struct stat *st, char *err, size_t errlen)
{
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	if (fstat(fd, st) < 0 || st->st_size == 0 || (uint64_t)st->st_size >= UINT32_MAX) {
		close(fd);
		return 0;
	}
	void *map = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);

	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	g->buf = map;
	g->size = (size_t)st->st_size;
	return 1;
}

/* Index the mapped GeoNames file (geo_open) in memory. */
static int geo_build(geo_index *g, const char *path, char *err, size_t errlen)
{
	nf_tokstore store = { 0 };      /* tokenizes the spellings that are not plain */

	for (const char *p = g->buf, *end = g->buf + g->size; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if (p < eol && *p != '#') {
			const char *tab = memchr(p, '\t', (size_t)(eol - p));

			if (geo_add_key(g, p, (size_t)((tab ? tab : eol) - p), &store) < 0)
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

					if (geo_add_key(g, a, (size_t)(ae - a), &store) < 0)
						goto oom;
					a = ae + 1;
				}
			}
		}
		p = eol + 1;
	}
	tokstore_free(&store);
	for (g->nbuckets = 1024; g->nbuckets < g->nkeys; g->nbuckets *= 2)
		;
	if (!(g->heads = calloc(g->nbuckets, sizeof *g->heads)) ||
	    !(g->filter = calloc(g->nbuckets / 2, sizeof *g->filter)))
		goto oom;
	for (size_t k = g->nkeys; k-- > 0;) {
		uint32_t b = g->keys[k].hash & (uint32_t)(g->nbuckets - 1);
		uint32_t bit = g->keys[k].hash & (uint32_t)(g->nbuckets * 32 - 1);

		g->keys[k].next = g->heads[b];
		g->heads[b] = (uint32_t)k + 1;
		g->filter[bit / 64] |= 1ull << (bit % 64);
	}
	return 0;
oom:
	tokstore_free(&store);
	snprintf(err, errlen, "%s: out of memory", path);
	return -1;
}

static void geo_free(geo_index *g)
{
	if (g->buf)
		munmap((void *)g->buf, g->size);
	if (!g->mapped) {
		free(g->keys);
		free(g->heads);
		free(g->filter);
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
static void geo_entry(const geo_index *g, uint32_t r, geo_row *row, place_entry *pe, int coords)
{
	const char *src = g->buf + r, *end = g->buf + g->size;
	const char *field[10] = { "", "", "", "", "", "", "", "", "", "" };
	size_t n = 0;
	int f = 0;
	const char *eol = memchr(src, '\n', (size_t)(end - src));

	if (!eol)
		eol = end;
	if ((size_t)(eol - src) + 1 < sizeof row->line) {
		/* the usual row, shorter than the buffer: a field at a time */
		char *d = row->line;

		for (;;) {
			const char *tab = memchr(src, '\t', (size_t)(eol - src));
			const char *fe = tab ? tab : eol;

			memcpy(d, src, (size_t)(fe - src));
			d[fe - src] = '\0';
			if (f < 10)
				field[f++] = d;
			d += fe - src + 1;
			if (!tab)
				break;
			src = tab + 1;
		}
		goto fields;
	}
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
fields:
	pe->name = field[0];
	pe->kind = field[1];
	pe->country = field[2];
	pe->admin1 = *field[3] ? field[3] : NULL;
	pe->has_coords = *field[4] && *field[5];
	pe->lat = pe->has_coords && coords ? coord(field[4]) : 0;
	pe->lon = pe->has_coords && coords ? coord(field[5]) : 0;
	pe->evidence = evidence_of(field[9]);
}

/*
 * A fingerprint of the tokenizer: the tokens of a probe holding what the
 * spellings of the tables hold (case, accents, apostrophes, hyphens, dots).
 * The caches hold token hashes and norms; a tokenizer that reads the probe
 * otherwise rebuilds them.
 */
static uint64_t tokenizer_fingerprint_of_probe(void)
{
	static const char probe[] = "Kam'ianske Kam\u2019ianske Ivano-Frankivsk Rostov-on-Don U.S. "
				    "St. Petersburg T\u00fcrkiye C\u00f4te d'Ivoire People's "
				    "Bila Tserkva\u2014Kyiv Mykolaiv's 2,5 al-Daraj \u00c9lys\u00e9e";
	nf_tokstore store = { 0 };
	nf_doc d = { 0 };
	uint64_t fp = 1469598103934665603ull;

	if (tokenize_reuse(&d, probe, sizeof probe - 1, &store) < 0) {
		tokstore_free(&store);
		return 0;
	}
	for (size_t k = 0; k < d.ntoks; k++) {
		fp = (fp ^ d.toks[k].hash) * 1099511628211ull;
		fp = (fp ^ d.toks[k].kind) * 1099511628211ull;
		for (const char *c = d.toks[k].norm; *c; c++)
			fp = (fp ^ (unsigned char)*c) * 1099511628211ull;
	}
	fp = (fp ^ d.ntoks) * 1099511628211ull;
	tokstore_free(&store);
	return fp;
}

uint64_t tokenizer_fingerprint(void)
{
	/* the same all run long: found once (each model cache asks) */
	static _Atomic uint64_t known;
	uint64_t fp = atomic_load_explicit(&known, memory_order_relaxed);

	if (fp)
		return fp;
	fp = tokenizer_fingerprint_of_probe();
	atomic_store_explicit(&known, fp, memory_order_relaxed);
	return fp;
}

/*
 * The model cache: the places.tsv entries, their spelling indexes, the cue
 * table and the GeoNames index, built at the first start and kept in a file
 * ($NEWSFACTS_CACHE_DIR, else $XDG_CACHE_HOME/newsfacts, else
 * ~/.cache/newsfacts) that later starts map: reading and indexing the
 * gazetteers would be most of start-up, mapping them is a few system calls,
 * and only the pages a document's words look up are read. The header names
 * places.tsv, place_context.tsv (its region suffixes make the stems),
 * places_geonames.tsv (device, inode, size, modification time) and the
 * tokenizer; any change, or a cache of another layout, rebuilds it. Failing
 * to read or write the cache is never an error: the model is then built in
 * memory.
 */
#define MODEL_CACHE_MAGIC "nfmodel2"

typedef struct file_id {
	uint64_t dev, ino, size, mtime_sec, mtime_nsec;
} file_id;

typedef struct spell_counts {
	uint64_t nkeys, ntoks, normlen, nbuckets, nvalues;
} spell_counts;

typedef struct model_cache_head {
	char magic[8];
	file_id places, context, stopwords, geonames;   /* geonames: zero when there is none */
	uint64_t tokfp;
	uint64_t nentries, strsize;
	spell_counts names, stems, stop, block, ctx;
	uint64_t geo_nkeys, geo_nbuckets;       /* geo_nbuckets: 0 when there is no index */
} model_cache_head;

/* A place_entry in the cache: its strings as offsets into the strings. */
typedef struct cache_entry {
	double lat, lon;
	uint32_t name, kind, country, admin1;   /* admin1: UINT32_MAX for none */
	int32_t has_coords, evidence;
} cache_entry;

static file_id file_id_of(const struct stat *st)
{
	return (file_id){ (uint64_t)st->st_dev, (uint64_t)st->st_ino, (uint64_t)st->st_size,
			  (uint64_t)st->st_mtim.tv_sec, (uint64_t)st->st_mtim.tv_nsec };
}

static spell_counts spell_counts_of(const spell_index *ix)
{
	return (spell_counts){ ix->nkeys, ix->ntoks, ix->normlen, ix->nbuckets, ix->nvalues };
}

/* Bytes of an index's arrays in the cache, each padded to 8; 0 when the counts cannot be. */
static uint64_t spell_bytes(const spell_counts *c)
{
	if (c->nkeys > UINT32_MAX || c->ntoks > UINT32_MAX || c->normlen > UINT32_MAX ||
	    c->nbuckets > UINT32_MAX || c->nvalues > UINT32_MAX || c->nbuckets == 0 ||
	    (c->nbuckets & (c->nbuckets - 1)) != 0)
		return 0;
	return cache_pad8(c->nkeys * sizeof(spell_key)) + cache_pad8(c->ntoks * sizeof(spell_tok)) +
	       cache_pad8(c->nbuckets * sizeof(uint32_t)) + cache_pad8(c->nvalues * sizeof(int)) +
	       cache_pad8(c->normlen);
}

/* Point ix at its arrays at *p in the cache (their sizes are checked by spell_bytes). */
static void spell_map(spell_index *ix, const spell_counts *c, const char **p)
{
	ix->keys = (spell_key *)(void *)*p;
	*p += cache_pad8(c->nkeys * sizeof(spell_key));
	ix->toks = (spell_tok *)(void *)*p;
	*p += cache_pad8(c->ntoks * sizeof(spell_tok));
	ix->heads = (uint32_t *)(void *)*p;
	*p += cache_pad8(c->nbuckets * sizeof(uint32_t));
	ix->values = (int *)(void *)*p;
	*p += cache_pad8(c->nvalues * sizeof(int));
	ix->norms = (char *)*p;
	*p += cache_pad8(c->normlen);
	ix->nkeys = ix->capkeys = c->nkeys;
	ix->ntoks = ix->captoks = c->ntoks;
	ix->normlen = ix->normcap = c->normlen;
	ix->nbuckets = c->nbuckets;
	ix->nvalues = ix->capvalues = c->nvalues;
	ix->mapped = 1;
}

/* Bytes of the GeoNames index in the cache: filter, keys, heads (see geo_build). */
static uint64_t geo_bytes(uint64_t nkeys, uint64_t nbuckets)
{
	if (nbuckets == 0)
		return 0;
	return nbuckets / 2 * sizeof(uint64_t) + cache_pad8(nkeys * sizeof(geo_key)) +
	       cache_pad8(nbuckets * sizeof(uint32_t));
}

/*
 * A cache header naming what the cache is of: its layout, the identity of the
 * tables (st: places, context, stop words; sg: GeoNames or NULL) and the
 * tokenizer's fingerprint. Written into a new cache; a mapped one must match.
 */
/* What names the cache file besides its data folder (cache_path): layout and tokenizer. */
static uint64_t cache_salt(uint64_t tokfp)
{
	uint64_t salt = tokfp ^ sizeof(model_cache_head) ^ ((uint64_t)sizeof(cache_entry) << 32);

	for (const char *c = MODEL_CACHE_MAGIC; *c; c++)
		salt = (salt ^ (unsigned char)*c) * 1099511628211ull;
	return salt;
}

static void cache_identity(model_cache_head *h, const struct place_model *m,
			   const struct stat *st, const struct stat *sg)
{
	memset(h, 0, sizeof *h);
	memcpy(h->magic, MODEL_CACHE_MAGIC, sizeof h->magic);
	h->places = file_id_of(&st[0]);
	h->context = file_id_of(&st[1]);
	h->stopwords = file_id_of(&st[2]);
	if (sg)
		h->geonames = file_id_of(sg);
	h->tokfp = m->tokfp;
}

/*
 * Map the model cache at cpath if it is of these files (sg NULL: no GeoNames
 * file). Returns 1 when used; the GeoNames index is then in m->geo, all but
 * the file itself (geo_open).
 */
static int model_cache_map(struct place_model *m, const char *cpath, const struct stat *st,
			   const struct stat *sg)
{
	model_cache_head want;
	size_t size;
	void *map = cache_map(cpath, sizeof want, &size);

	if (!map)
		return 0;
	const model_cache_head *h = map;
	uint64_t nb = spell_bytes(&h->names), sb = spell_bytes(&h->stems);
	uint64_t xb = spell_bytes(&h->stop) && spell_bytes(&h->block) && spell_bytes(&h->ctx) ?
		      spell_bytes(&h->stop) + spell_bytes(&h->block) + spell_bytes(&h->ctx) : 0;

	cache_identity(&want, m, st, sg);
	if (memcmp(h->magic, want.magic, sizeof want.magic) != 0 ||
	    memcmp(&h->places, &want.places, sizeof want.places) != 0 ||
	    memcmp(&h->context, &want.context, sizeof want.context) != 0 ||
	    memcmp(&h->stopwords, &want.stopwords, sizeof want.stopwords) != 0 || !xb ||
	    memcmp(&h->geonames, &want.geonames, sizeof want.geonames) != 0 ||
	    h->tokfp != want.tokfp || !nb || !sb || h->nentries > UINT32_MAX ||
	    h->strsize == 0 || h->strsize > UINT32_MAX ||
	    h->geo_nkeys > UINT32_MAX || h->geo_nbuckets > UINT32_MAX ||
	    (h->geo_nbuckets & (h->geo_nbuckets - 1)) != 0 ||
	    (h->geo_nbuckets && h->geo_nbuckets < 1024) || (!sg && h->geo_nbuckets) ||
	    (uint64_t)size != sizeof *h + h->nentries * sizeof(cache_entry) + nb + sb + xb +
				    cache_pad8(h->strsize) + CUE_BITS +
				    geo_bytes(h->geo_nkeys, h->geo_nbuckets))
		goto bad;
	const cache_entry *ce = (const cache_entry *)(h + 1);
	const char *p = (const char *)(ce + h->nentries);

	spell_map(&m->names, &h->names, &p);
	spell_map(&m->stems, &h->stems, &p);
	spell_map(&m->stop, &h->stop, &p);
	spell_map(&m->block, &h->block, &p);
	spell_map(&m->ctx, &h->ctx, &p);
	const char *str = p;

	if (str[h->strsize - 1] != '\0' ||
	    !(m->entries = malloc((h->nentries ? h->nentries : 1) * sizeof *m->entries)))
		goto bad;
	for (size_t r = 0; r < h->nentries; r++) {
		place_entry *pe = &m->entries[r];

		if (ce[r].name >= h->strsize || ce[r].kind >= h->strsize ||
		    ce[r].country >= h->strsize ||
		    (ce[r].admin1 != UINT32_MAX && ce[r].admin1 >= h->strsize))
			goto bad;
		pe->name = str + ce[r].name;
		pe->kind = str + ce[r].kind;
		pe->country = str + ce[r].country;
		pe->admin1 = ce[r].admin1 == UINT32_MAX ? NULL : str + ce[r].admin1;
		pe->lat = ce[r].lat;
		pe->lon = ce[r].lon;
		pe->has_coords = ce[r].has_coords;
		pe->evidence = ce[r].evidence;
	}
	m->nentries = (size_t)h->nentries;
	m->cache = map;
	m->cache_size = size;
	/* read only: the extractor never writes the cue table */
	m->cue = (uint8_t *)(uintptr_t)(str + cache_pad8(h->strsize));
	if (h->geo_nbuckets) {
		/* its keys are checked as they are read (geo_at) */
		geo_index *g = &m->geo;

		p = str + cache_pad8(h->strsize) + CUE_BITS;
		g->filter = (uint64_t *)(void *)p;
		g->nbuckets = (size_t)h->geo_nbuckets;
		g->nkeys = g->capkeys = (size_t)h->geo_nkeys;
		g->keys = (geo_key *)(void *)(p + g->nbuckets / 2 * sizeof(uint64_t));
		g->heads = (uint32_t *)(void *)((char *)g->keys + cache_pad8(g->nkeys * sizeof(geo_key)));
		g->mapped = 1;
	}
	return 1;
bad:
	free(m->entries);
	m->entries = NULL;
	memset(&m->names, 0, sizeof m->names);
	memset(&m->stems, 0, sizeof m->stems);
	memset(&m->stop, 0, sizeof m->stop);
	memset(&m->block, 0, sizeof m->block);
	memset(&m->ctx, 0, sizeof m->ctx);
	munmap(map, size);
	return 0;
}

static int spell_write(FILE *f, const spell_index *ix)
{
	return cache_write_padded(f, ix->keys, ix->nkeys * sizeof *ix->keys) &&
	       cache_write_padded(f, ix->toks, ix->ntoks * sizeof *ix->toks) &&
	       cache_write_padded(f, ix->heads, ix->nbuckets * sizeof *ix->heads) &&
	       cache_write_padded(f, ix->values, ix->nvalues * sizeof *ix->values) &&
	       cache_write_padded(f, ix->norms, ix->normlen);
}

/* Append s and its NUL to the strings (*buf, *len, *cap); its offset, or UINT32_MAX when out of memory. */
static uint32_t add_string(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s) + 1, off = *len;

	if (off + n > UINT32_MAX - 1 || grow((void **)buf, *len, cap, n, 1) < 0)
		return UINT32_MAX;
	memcpy(*buf + off, s, n);
	*len += n;
	return (uint32_t)off;
}

/* Write the model cache: a temporary file renamed over it. Failing is no error. */
static void model_cache_write(const struct place_model *m, const char *cpath,
			      const struct stat *st, const struct stat *sg)
{
	char tmp[4200], *str = NULL;
	size_t strlen_ = 0, strcap = 0;
	cache_entry *ce = calloc(m->nentries ? m->nentries : 1, sizeof *ce);
	model_cache_head h;
	int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", cpath, (long)getpid());

	if (!ce || n < 0 || (size_t)n >= sizeof tmp)
		goto done;
	for (size_t r = 0; r < m->nentries; r++) {
		const place_entry *pe = &m->entries[r];

		ce[r] = (cache_entry){ pe->lat, pe->lon,
				       add_string(&str, &strlen_, &strcap, pe->name),
				       add_string(&str, &strlen_, &strcap, pe->kind),
				       add_string(&str, &strlen_, &strcap, pe->country),
				       pe->admin1 ? add_string(&str, &strlen_, &strcap, pe->admin1)
						  : UINT32_MAX,
				       pe->has_coords, pe->evidence };
		if (ce[r].name == UINT32_MAX || ce[r].kind == UINT32_MAX ||
		    ce[r].country == UINT32_MAX || (pe->admin1 && ce[r].admin1 == UINT32_MAX))
			goto done;
	}
	if (!strlen_ && add_string(&str, &strlen_, &strcap, "") == UINT32_MAX)
		goto done;
	cache_identity(&h, m, st, sg);
	h.geo_nkeys = m->geo.nkeys;
	h.geo_nbuckets = m->geo.heads ? m->geo.nbuckets : 0;
	h.nentries = m->nentries;
	h.strsize = strlen_;
	h.names = spell_counts_of(&m->names);
	h.stems = spell_counts_of(&m->stems);
	h.stop = spell_counts_of(&m->stop);
	h.block = spell_counts_of(&m->block);
	h.ctx = spell_counts_of(&m->ctx);
	FILE *f = cache_create(tmp);

	if (!f)
		goto done;
	int ok = fwrite(&h, sizeof h, 1, f) == 1 &&
		 fwrite(ce, sizeof *ce, m->nentries, f) == m->nentries &&
		 spell_write(f, &m->names) && spell_write(f, &m->stems) &&
		 spell_write(f, &m->stop) && spell_write(f, &m->block) && spell_write(f, &m->ctx) &&
		 cache_write_padded(f, str, strlen_) && cache_write_padded(f, m->cue, CUE_BITS) &&
		 (!h.geo_nbuckets ||
		  (cache_write_padded(f, m->geo.filter, m->geo.nbuckets / 2 * sizeof *m->geo.filter) &&
		   cache_write_padded(f, m->geo.keys, m->geo.nkeys * sizeof *m->geo.keys) &&
		   cache_write_padded(f, m->geo.heads, m->geo.nbuckets * sizeof *m->geo.heads)));

	ok = ok && cache_seal(f) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, cpath) != 0)
		unlink(tmp);
done:
	free(ce);
	free(str);
}

/*
 * The cue table (CUE_BITS bytes of enum cue_bit), so that one load per token
 * rules out most rules. Mapped zero pages, not calloc's: a short run touches
 * only the pages it needs.
 */
static uint8_t *cue_table(const struct place_model *m)
{
	void *map = mmap(NULL, CUE_BITS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (map == MAP_FAILED)
		return NULL;
	uint8_t *cue = map;

	cue_mark(cue, &m->block, CUE_TRACK | CUE_BLOCK);
	cue_mark(cue, &m->ctx, CUE_TRACK | CUE_CTX);
	cue_mark(cue, &m->stems, CUE_STEM);
	cue_mark(cue, &m->names, CUE_NAME);
	/* and the Arabic articles of is_article */
	for (size_t k = 0; k < sizeof articles / sizeof *articles; k++)
		cue[nf_hash(articles[k], strlen(articles[k])) & (CUE_BITS - 1)] |= CUE_TRACK;
	return cue;
}

struct place_model *place_model_load(const char *dir, char *err, size_t errlen)
{
	struct place_model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	char ppath[4096], xpath[4096], spath[4096], gpath[4096], cpath[4096], legacy[4096];
	struct stat st[3], sg, so;      /* st: places.tsv, place_context.tsv, place_stopwords.tsv */
	int n1 = snprintf(ppath, sizeof ppath, "%s/places.tsv", dir);
	int n2 = snprintf(xpath, sizeof xpath, "%s/place_context.tsv", dir);
	int n3 = snprintf(gpath, sizeof gpath, "%s/places_geonames.tsv", dir);
	int n4 = snprintf(spath, sizeof spath, "%s/place_stopwords.tsv", dir);
	int cached = n1 > 0 && (size_t)n1 < sizeof ppath && n2 > 0 && (size_t)n2 < sizeof xpath &&
		     n3 > 0 && (size_t)n3 < sizeof gpath && n4 > 0 && (size_t)n4 < sizeof spath &&
		     stat(ppath, &st[0]) == 0 && stat(xpath, &st[1]) == 0 &&
		     stat(spath, &st[2]) == 0;
	nf_tokstore store = { 0 };      /* tokenizes the phrases that are not plain */
	/* a GeoNames file geo_open would not take is none */
	int has_geo = stat(gpath, &sg) == 0 && sg.st_size > 0 && (uint64_t)sg.st_size < UINT32_MAX;
	int mapped, opened;

	m->tokfp = tokenizer_fingerprint();
	m->serial = atomic_fetch_add(&model_serial, 1) + 1;
	cached = cached && cache_path(cpath, sizeof cpath, legacy, sizeof legacy, ppath, "model1",
				      cache_salt(m->tokfp));
	mapped = cached && model_cache_map(m, cpath, st, has_geo ? &sg : NULL);
	/* without the cache: the tables, read and indexed as they were when it was written */
	if (!mapped &&
	    (!(m->t_places = table_load(dir, "places.tsv", 3, err, errlen)) ||
	     !(m->t_stop = table_load(dir, "place_stopwords.tsv", 2, err, errlen)) ||
	     !(m->t_ctx = table_load(dir, "place_context.tsv", 2, err, errlen)) ||
	     load_classes(m->t_ctx, &m->ctx, role_names, CTX_NROLES, NULL, &store, err,
			  errlen) < 0 ||
	     load_classes(m->t_stop, &m->stop, stop_names,
			  (int)(sizeof stop_names / sizeof *stop_names), &m->block, &store, err,
			  errlen) < 0 ||
	     load_suffixes(m, err, errlen) < 0 || load_entries(m, err, errlen) < 0)) {
		tokstore_free(&store);
		goto fail;
	}
	tokstore_free(&store);
	if (!m->cache && !(m->cue = cue_table(m))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	/* the GeoNames file; its index is in the cache, unless the file changed meanwhile */
	if ((opened = geo_open(&m->geo, gpath, &so, err, errlen)) < 0)
		goto fail;
	if (mapped && (opened != has_geo ||
		       (opened && (so.st_dev != sg.st_dev || so.st_ino != sg.st_ino ||
				   so.st_size != sg.st_size ||
				   so.st_mtim.tv_sec != sg.st_mtim.tv_sec ||
				   so.st_mtim.tv_nsec != sg.st_mtim.tv_nsec)))) {
		/* no index from a cache of another file: build it, and keep the cache as it is */
		if (m->geo.mapped)
			m->geo = (geo_index){ .buf = m->geo.buf, .size = m->geo.size };
		cached = 0;
		mapped = 0;
	}
	if (opened && !m->geo.mapped && geo_build(&m->geo, gpath, err, errlen) < 0)
		goto fail;
	if (!mapped && cached && m->t_places) {
		model_cache_write(m, cpath, st, opened ? &so : NULL);
		if (legacy[0])
			unlink(legacy);
	}
	return m;
fail:
	place_model_free(m);
	return NULL;
}

void place_model_free(struct place_model *m)
{
	if (!m)
		return;
	spell_free(&m->names);
	spell_free(&m->stems);
	spell_free(&m->stop);
	spell_free(&m->block);
	spell_free(&m->ctx);
	if (m->cue && !m->cache)        /* (a mapped cache holds it) */
		munmap(m->cue, CUE_BITS);
	free(m->entries);
	if (m->cache)
		munmap(m->cache, m->cache_size);
	geo_free(&m->geo);
	table_free(m->t_places);
	table_free(m->t_stop);
	table_free(m->t_ctx);
	free(m);
}

/* ---- extraction --------------------------------------------------------- */

#define MAX_COUNTRIES 8
#define PREFETCH_AHEAD 8   /* candidates: extract_places prefetches their tokens */
#define GEO_BASE 0x40000000  /* entry numbers from here on are GeoNames index rows */

/*
 * What a token position answers, kept per document: the stop phrase there
 * and the places.tsv spelling there, asked again and again by the rules:
 * found once, on demand.
 */
typedef struct tok_memo {
	uint32_t stop_len1;     /* the stop phrase at the token + 1; 0: not looked up yet */
	uint32_t name_len1;     /* the longest spelling at it + 1; 0: not looked up yet */
	int32_t name_e;
	uint8_t stop_cls;
	uint8_t skip;           /* inside a person or a blocked phrase */
	uint8_t listed;         /* a candidate: place_at runs there */
} tok_memo;

/*
 * What geo_at reads of the GeoNames index, kept per thread from document to
 * document for one model (place_memos). What depends on the document (its
 * countries, its words) is kept with the stamp of the document that wrote it,
 * and read only by that document.
 */
struct geo_caches {
	struct geo_read {       /* a key's row (its index + 1 in k) */
		uint32_t k, r;
		uint8_t evidence;
		uint8_t home, region;   /* for the document of stamp doc */
		/* country, admin1: cc_len, a1_len bytes of the row at r + cc_off, a1_off */
		uint16_t cc_off, cc_len, a1_off, a1_len;
		uint64_t doc;
	} geoc[64];
	struct geo_first {      /* geo_first: what the GeoNames keys of a first-token hash need */
		uint64_t second;        /* bit (hash >> 26) of their second tokens */
		uint32_t hash;
		uint8_t filled, one;    /* one: a key of one token */
		/* geo_at's reading by the keys of one token, of the word norm, per
		 * settled, for the document of stamp doc */
		uint8_t known[2], n[2];
		int8_t score[2];
		int32_t e[2];
		const char *norm;
		uint32_t len;
		uint64_t doc;
	} geof[64];
};

/* GeoNames rows read for the current match, and their entries. */
struct geo_scratch {
	place_entry tmp[16];
	geo_row row[16];
};

typedef struct scan {
	struct place_model *m;
	nf_doc *doc;
	uint32_t *map;          /* per tracked token (is_tracked): its index in cand and memo;
				 * the other entries are never written nor read */
	tok_memo *memo;         /* per tracked token */
	size_t *cand;           /* the tracked tokens (mark_skipped), in order, and PREFETCH_AHEAD zeros */
	size_t ncand;
	uint32_t *cand_start;   /* per candidate: its token's start */
	const char *countries[MAX_COUNTRIES];   /* of the article's known places */
	size_t ncountries;
	const char *regions[MAX_COUNTRIES];     /* their first-level regions */
	size_t nregions;
	int countries_known;    /* article_countries has run (geo_at alone asks, and not in every document) */
	struct geo_caches *geo; /* the thread's (place_memos) */
	uint64_t doc_stamp;     /* this document's number in the thread: see geo_caches */
	struct geo_scratch *scratch;   /* written before read: not cleared per document */
	unsigned ntmp;
	nf_tokstore spellings;  /* reused to tokenize the GeoNames spellings tried */
	/* the answers of four sets for the words seen (spell_match_memo) */
	spell_memo *names_memo, *stop_memo, *ctx_memo;     /* SPELL_MEMO each (place_memos) */
	spell_memo *stems_memo; /* STEMS_MEMO: few words start a stem */
} scan;

/*
 * The tokens tracked: the capitalised ones and those whose hash is in the cue
 * filter (context phrases, blocked phrases, Arabic articles). Every token the
 * rules ask whether it is skipped is one of them, and the memo is kept for them
 * alone; a per-token array cleared for every document cost more than the rules.
 */
static inline int tracked_by(const uint8_t *cue, const nf_token *tk)
{
	return ((cue[tk->hash & (CUE_BITS - 1)] | tk->flags) & TF_CAP) != 0;
}

static inline int is_tracked(const scan *s, const nf_token *tk)
{
	return tracked_by(s->m->cue, tk);
}

static inline tok_memo *memo_of(const scan *s, size_t i)
{
	return is_tracked(s, &s->doc->toks[i]) ? &s->memo[s->map[i]] : NULL;
}

/* Token i (< doc->ntoks) is inside a person or a blocked phrase (only tracked ones are asked). */
static inline int skipped(const scan *s, size_t i)
{
	const tok_memo *tm = memo_of(s, i);

	return tm && tm->skip;
}

static int in_article_region(const scan *s, const char *region)
{
	for (size_t k = 0; k < s->nregions; k++)
		if (s->regions[k][0] == region[0] && !strcmp(s->regions[k], region))
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
	place_entry *pe = &s->scratch->tmp[k];
	const char *name, *cc, *admin1 = NULL;

	geo_entry(&s->m->geo, (uint32_t)(e - GEO_BASE), &s->scratch->row[k], pe, 1);
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

/* Is the string of len bytes at p (no NUL among them) one of the n of list? */
static int in_list(const char *const *list, size_t n, const char *p, size_t len)
{
	for (size_t k = 0; k < n; k++)
		if (!strncmp(list[k], p, len) && !list[k][len])
			return 1;
	return 0;
}

static int in_article_country(const scan *s, const char *cc)
{
	/* (the first byte, inline, settles most: a short article asks this of each of its places) */
	for (size_t k = 0; k < s->ncountries; k++)
		if (s->countries[k][0] == cc[0] && !strcmp(s->countries[k], cc))
			return 1;
	return 0;
}

/* What a place found by context stands in: country and first-level region. */
typedef struct where {
	const char *country, *admin1;
} where;

/* May token i start what bits (enum cue_bit) name? No when it is past the end. */
static inline int may_start(const scan *s, size_t i, uint8_t bits)
{
	return i < s->doc->ntoks && (s->m->cue[s->doc->toks[i].hash & (CUE_BITS - 1)] & bits);
}

/* The longest region stem at token i within its sentence (0: none), *e its entry. */
static inline size_t stems_at(const scan *s, size_t i, int *e)
{
	return spell_match_memo(&s->m->stems, s->stems_memo, STEMS_MEMO, s->doc, i, e);
}

/* The longest places.tsv spelling at token i within its sentence (0: none), *e its entry. */
static inline size_t name_at(const scan *s, size_t i, int *e)
{
	const nf_doc *doc = s->doc;

	/* no spelling starts with a word the cue table does not mark (most words) */
	if (i >= doc->ntoks || !(s->m->cue[doc->toks[i].hash & (CUE_BITS - 1)] & CUE_NAME))
		return 0;
	tok_memo *tm = memo_of(s, i);

	if (!tm) {
		int v = -1;
		size_t n = spell_match_memo(&s->m->names, s->names_memo, SPELL_MEMO, doc, i,
					    &v);

		if (n)
			*e = v;
		return n;
	}
	if (!tm->name_len1) {
		int v = -1;

		tm->name_len1 = 1 + (uint32_t)spell_match_memo(&s->m->names, s->names_memo,
							       SPELL_MEMO, doc, i, &v);
		tm->name_e = v;
	}
	if (tm->name_len1 > 1)
		*e = tm->name_e;
	return tm->name_len1 - 1;
}

/* The stop phrase at token i (its length, 0 for none; *cls its class). */
static inline size_t stop_at(const scan *s, size_t i, int *cls)
{
	if (i >= s->doc->ntoks)
		return 0;
	tok_memo *tm = memo_of(s, i);

	if (!tm) {
		int c = -1;
		size_t n = spell_match_memo(&s->m->stop, s->stop_memo, SPELL_MEMO, s->doc, i,
					    &c);

		if (n)
			*cls = (uint8_t)c;
		return n;
	}
	if (!tm->stop_len1) {
		int c = -1;

		tm->stop_len1 = 1 + (uint32_t)spell_match_memo(&s->m->stop, s->stop_memo,
							       SPELL_MEMO, s->doc, i, &c);
		tm->stop_cls = (uint8_t)c;
	}
	if (tm->stop_len1 > 1)
		*cls = tm->stop_cls;
	return tm->stop_len1 - 1;
}

/*
 * ctx_at at a token where a context phrase may start (CUE_CTX): its words'
 * answers remembered (spell_match_memo), as "the" and "region" come again and again.
 */
static __attribute__((noinline)) int ctx_start_at(const scan *s, size_t i, size_t *len)
{
	int role = -1;

	*len = spell_match_memo(&s->m->ctx, s->ctx_memo, SPELL_MEMO, s->doc, i, &role);
	return *len ? role : -1;
}

/* The context role of the phrase at token i, or -1; *len gets its length. */
static inline int ctx_at(const scan *s, size_t i, size_t *len)
{
	if (!may_start(s, i, CUE_CTX)) {
		*len = 0;
		return -1;      /* most words, without a call */
	}
	return ctx_start_at(s, i, len);
}

static inline int is_cap_word(const nf_doc *doc, size_t i)
{
	return i < doc->ntoks && doc->toks[i].kind == TK_WORD && (doc->toks[i].flags & TF_CAP);
}

/* Token i is the first word of its sentence (leading quotes and marks aside). */
static int sentence_initial(const nf_doc *doc, size_t i)
{
	/* backwards: the word before settles it at once */
	for (size_t k = i, b = sent_begin(doc, i); k > b; k--)
		if (doc->toks[k - 1].kind != TK_PUNCT)
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
	if (stop_at(s, i, &cls) != len)
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
 * What the GeoNames keys of first-token hash h need (the bucket chain from
 * k): a few first words ("Central", "North", "al") start dozens of spellings,
 * and the word after them is seldom any of their second words. Kept per
 * thread by hash; a damaged chain gets an entry that rules nothing out.
 */
static struct geo_first *geo_first(scan *s, uint32_t h, uint32_t k)
{
	const geo_index *g = &s->m->geo;
	struct geo_first *gf = &s->geo->geof[h % 64];
	size_t steps = 0;

	if (gf->filled && gf->hash == h)
		return gf;
	*gf = (struct geo_first){ .hash = h, .filled = 1 };
	for (; k; k = g->keys[k - 1].next) {
		if (k > g->nkeys || ++steps > g->nkeys) {
			gf->one = 1;
			gf->second = ~0ull;
			break;
		}
		const geo_key *key = &g->keys[k - 1];

		if (key->hash != h)
			continue;
		if (key->ntoks > 1)
			gf->second |= 1ull << (key->hash2 >> 26);
		else
			gf->one = 1;
	}
	return gf;
}

static void article_countries(scan *s);

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
	uint32_t h = t->hash, bit = h & (uint32_t)(g->nbuckets * 32 - 1);
	size_t steps = 0;

	if (!((g->filter[bit / 64] >> (bit % 64)) & 1))
		return 0;
	uint32_t head = g->heads[h & (uint32_t)(g->nbuckets - 1)];
	struct geo_first *gf = geo_first(s, h, head);
	/* the next word is none of the second words: only keys of one token can match */
	int one_only = i + 1 >= end || !((gf->second >> (t[1].hash >> 26)) & 1);

	settled = settled != 0;
	if (one_only && !gf->one)
		return 0;
	/* what those make of the word depends on it and settled alone: read once */
	int memo = one_only && gf->doc == s->doc_stamp && gf->known[settled] &&
		   gf->len == t->norm_len && same_bytes(gf->norm, t->norm, t->norm_len);

	if (memo) {
		best = gf->n[settled];
		best_score = gf->score[settled];
		if (best)
			*e = gf->e[settled];
	}
	for (uint32_t k = memo ? 0 : head; k; k = g->keys[k - 1].next) {
		if (k > g->nkeys || ++steps > g->nkeys)
			break;          /* a damaged cache: never read past the index, nor loop */
		const geo_key *key = &g->keys[k - 1];

		/* the hashes of the first two tokens settle most keys */
		if (key->hash != h || key->ntoks > end - i ||
		    (key->ntoks > 1 && doc->toks[i + 1].hash != key->hash2) ||
		    (size_t)key->off + key->len > g->size)
			continue;
		nf_doc sp = { 0 };
		size_t n = 0;

		if (key->plain) {
			/* most spellings: no need for the tokenizer */
			n = plain_match(g->buf + key->off, key->len, doc->toks, i, end);
		} else if (tokenize_reuse(&sp, g->buf + key->off, key->len, &s->spellings) < 0) {
			return 0;
		} else if (sp.ntoks && i + sp.ntoks <= end) {
			n = sp.ntoks;
			for (size_t j = 0; j < sp.ntoks && n; j++)
				if (sp.toks[j].hash != doc->toks[i + j].hash ||
				    strcmp(sp.toks[j].norm, doc->toks[i + j].norm) != 0)
					n = 0;
		}
		if (!n || n < best)
			continue;
		/*
		 * What the rule asks of a key's row is read once a thread, and
		 * weighed against the article's countries once a document.
		 */
		struct geo_read *gc = &s->geo->geoc[k % 64];

		if (gc->k != k) {
			place_entry pe;
			geo_row row;
			uint32_t r = geo_row_of(g, key->off);

			geo_entry(g, r, &row, &pe, 0);      /* its coordinates are not needed */
			/* (row.line holds the row's bytes where they lie in the file) */
			*gc = (struct geo_read){ .k = k, .r = r, .evidence = (uint8_t)pe.evidence,
						 .cc_len = (uint16_t)strlen(pe.country) };
			if (gc->cc_len)
				gc->cc_off = (uint16_t)(pe.country - row.line);
			if (pe.admin1) {
				gc->a1_off = (uint16_t)(pe.admin1 - row.line);
				gc->a1_len = (uint16_t)strlen(pe.admin1);
			}
		}
		if (gc->doc != s->doc_stamp) {
			const char *line = g->buf + gc->r;

			if (!s->countries_known)
				article_countries(s);
			gc->doc = s->doc_stamp;
			gc->home = (uint8_t)in_list(s->countries, s->ncountries, line + gc->cc_off,
						    gc->cc_len);
			gc->region = gc->a1_len && in_list(s->regions, s->nregions,
							   line + gc->a1_off, gc->a1_len);
		}
		int home = gc->home;
		uint32_t r = gc->r;

		if (gc->evidence == EV_CONTEXT && !settled)
			continue;
		if (gc->evidence == EV_COUNTRY && !settled && !home)
			continue;
		int score = (home ? 1 : 0) + (gc->region ? 2 : 0);

		if (n > best || score > best_score) {
			best = n;
			best_score = score;
			*e = GEO_BASE + (int)r;
		} else if (score == best_score && GEO_BASE + (int)r < *e) {
			*e = GEO_BASE + (int)r;   /* the more populous of equals */
		}
	}
	if (one_only && !memo) {
		if (gf->doc != s->doc_stamp || gf->len != t->norm_len || !gf->norm ||
		    !same_bytes(gf->norm, t->norm, t->norm_len)) {
			gf->doc = s->doc_stamp;
			gf->norm = t->norm;
			gf->len = t->norm_len;
			gf->known[0] = gf->known[1] = 0;
		}
		gf->known[settled] = 1;
		gf->n[settled] = (uint8_t)best;
		gf->score[settled] = (int8_t)best_score;
		gf->e[settled] = best ? *e : -1;
	}
	/*
	 * "Zarichne, Donetsk Oblast": a region in apposition that none of the
	 * readings lies in means a place the gazetteer lacks.
	 */
	int re = -1;
	size_t after = i + best;

	if (best && best_score < 2 && tok_is(doc, after, ",") &&
	    name_at(s, after + 1, &re) &&
	    !strcmp(s->m->entries[re].kind, "region"))
		return 0;
	return best;
}

/*
 * name_at and acceptable() for capitalised token i, answered from and into
 * its memo tm: the length of the places.tsv name there (its entry in *e),
 * 0 when there is none or it is not acceptable. (Inlined: the hot path of
 * known_at_cued; a call cost 0.6% of a run over short articles.)
 */
static inline __attribute__((always_inline)) size_t
memo_name_at(scan *s, tok_memo *tm, size_t i, int *e)
{
	if (!tm->name_len1) {
		int v = -1;

		tm->name_len1 = 1 + (uint32_t)spell_match_memo(&s->m->names, s->names_memo,
							       SPELL_MEMO, s->doc, i, &v);
		tm->name_e = v;
	}
	size_t n = tm->name_len1 - 1;

	if (!n)
		return 0;
	*e = tm->name_e;
	if (!tm->stop_len1) {
		int c = -1;

		tm->stop_len1 = 1 + (uint32_t)spell_match_memo(&s->m->stop, s->stop_memo,
							       SPELL_MEMO, s->doc, i, &c);
		tm->stop_cls = (uint8_t)c;
	}
	/* a match that is no stop phrase is acceptable (the capital is checked) */
	return tm->stop_len1 - 1 == n && !acceptable(s, i, n) ? 0 : n;
}

/* known_at_ctx where a spelling may start (CUE_NAME, or the GeoNames filter's bit). */
static __attribute__((noinline)) size_t known_at_cued(scan *s, size_t i, int settled, int *e)
{
	const nf_doc *doc = s->doc;

	/* acceptable() wants a capital: without one there is nothing here */
	if (!(doc->toks[i].flags & TF_CAP))
		return 0;
	/* a capitalised token is tracked: its memo answers at once (name_at, stop_at inline) */
	tok_memo *tm = &s->memo[s->map[i]];

	if (tm->skip)
		return 0;
	size_t n = memo_name_at(s, tm, i, e);

	/* geo_at's first test, without the call: most words start no GeoNames spelling */
	const geo_index *g = &s->m->geo;
	uint32_t bit = doc->toks[i].hash & (uint32_t)(g->nbuckets * 32 - 1);

	if (!g->nkeys || !((g->filter[bit / 64] >> (bit % 64)) & 1))
		return n;
	/* a GeoNames place is no sentence's first word unless a settlement word says so */
	if (!settled && (sentence_initial(doc, i) || doc->sents[doc->toks[i].sentence].headline))
		return n;
	int ge = -1;
	size_t gn = geo_at(s, i, settled, &ge);

	if (gn > n && acceptable(s, i, gn)) {
		*e = ge;
		return gn;
	}
	return n;
}

/*
 * The gazetteer place at token i (its length, 0 for none, *e its entry).
 * Most words start no spelling: the cue table and the GeoNames filter say so
 * without a call. (The filter has more bits than the table: it is asked itself.)
 */
static inline size_t known_at_ctx(scan *s, size_t i, int settled, int *e)
{
	if (i >= s->doc->ntoks)
		return 0;
	uint32_t h = s->doc->toks[i].hash, bit = h & (uint32_t)(s->m->geo.nbuckets * 32 - 1);

	if (!(s->m->cue[h & (CUE_BITS - 1)] & CUE_NAME) &&
	    (!s->m->geo.nkeys || !((s->m->geo.filter[bit / 64] >> (bit % 64)) & 1)))
		return 0;
	return known_at_cued(s, i, settled, e);
}

static size_t known_at(scan *s, size_t i, int *e)
{
	return known_at_ctx(s, i, 0, e);
}

/* A region stem at token i, capitalised (its length, *e the region). */
static size_t stem_at(const scan *s, size_t i, int *e)
{
	if (!is_cap_word(s->doc, i) || skipped(s, i))
		return 0;
	size_t n = stems_at(s, i, e);

	return n && acceptable(s, i, n) ? n : 0;
}

/* Could the token be an Arabic article ("al", "ash")? All are two or three letters, from 'a' or 'e'. */
static inline int maybe_article(const nf_token *t)
{
	return t->norm_len <= 3 && (t->norm[0] == 'a' || t->norm[0] == 'e');
}

/* Token i is an Arabic article followed by "-" and a capitalised word: "al-Daraj". */
static int is_article(const nf_doc *doc, size_t i)
{
	if (i >= doc->ntoks || !maybe_article(&doc->toks[i]))
		return 0;
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

	/* an Arabic article glued to a capitalised name: "al-Daraj" */
	if (i < doc->ntoks && maybe_article(&doc->toks[i]) && is_article(doc, i) && !skipped(s, i))
		k = i + 2;
	while (k < end && words < 4 && is_cap_word(doc, k)) {
		/* a capitalised token is tracked: its memo says at once (stop_at inline) */
		tok_memo *tm = &s->memo[s->map[k]];

		if (tm->skip)
			break;
		if (!tm->stop_len1) {
			int c = -1;

			tm->stop_len1 = 1 + (uint32_t)spell_match_memo(&s->m->stop, s->stop_memo,
								       SPELL_MEMO, doc, k, &c);
			tm->stop_cls = (uint8_t)c;
		}
		if (tm->stop_len1 == 2 && tm->stop_cls == STOP_NOTNAME)
			break;
		k++;
		words++;
		/* "-" glued on both sides continues the name, whatever the case (the
		 * token's own fields first: its norm is seldom in cache) */
		while (k + 1 < end && !(doc->toks[k].flags & TF_SPACE) &&
		       doc->toks[k].kind == TK_PUNCT && doc->toks[k].norm[0] == '-' &&
		       !doc->toks[k].norm[1] &&
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

static size_t stem_list(const scan *s, size_t i, list_item *items, size_t *end,
			size_t first_len, int first_e)
{
	size_t n = 0, k = i;

	for (;;) {
		int e = first_e;
		/* the first stem's match may be known (first_len > 0): only acceptable() is left */
		size_t len = k == i && first_len ? (acceptable(s, i, first_len) ? first_len : 0)
						 : stem_at(s, k, &e);

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
	/* place_at asks only where a stem may start (CUE_STEM) */
	/*
	 * A stem is a region form only before a list word or a context phrase
	 * (after "'s"): without one, the list is not read, nor acceptable() asked.
	 */
	const nf_doc *doc = s->doc;
	int e0;
	size_t l0;

	if (!is_cap_word(doc, i) || skipped(s, i) || !(l0 = stems_at(s, i, &e0)))
		return 0;
	size_t k = i + l0;

	if (!tok_is(doc, k, ",") && !tok_is(doc, k, "and") && !tok_is(doc, k, "or") &&
	    !tok_is(doc, k, "&") && !may_start(s, k, CUE_CTX) &&
	    !(tok_is(doc, k, "'s") && may_start(s, k + 1, CUE_CTX)))
		return 0;
	list_item items[MAX_LIST];
	size_t end, len;
	size_t n = stem_list(s, i, items, &end, l0, e0);

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
	/* place_at asks only where a context phrase may start (CUE_CTX) */
	int role = ctx_start_at(s, i, &len);
	size_t j = i + len;

	if (role < 0)
		return 0;
	if (tok_is(doc, j, "the"))
		j++;
	if (role == CTX_REGION_BEFORE) {
		list_item items[MAX_LIST];
		size_t end, sl;
		size_t n = stem_list(s, j, items, &end, 0, -1);

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

/*
 * The first tracked token of [t, end), or end. Most tokens are not: four are
 * tested a round, as the loop's own test and jump cost as much as a token's.
 */
static inline const nf_token *next_tracked(const uint8_t *cue, const nf_token *t,
					   const nf_token *end)
{
	for (; end - t >= 4; t += 4) {
		if (tracked_by(cue, t))
			return t;
		if (tracked_by(cue, t + 1))
			return t + 1;
		if (tracked_by(cue, t + 2))
			return t + 2;
		if (tracked_by(cue, t + 3))
			return t + 3;
	}
	while (t < end && !tracked_by(cue, t))
		t++;
	return t;
}

/* The first candidate from c on that starts at or after off (galloping: the persons come in text order). */
static size_t cand_from(const uint32_t *start, size_t ncand, size_t c, size_t off)
{
	size_t step = 1;

	if (c > ncand || (c > 0 && start[c - 1] >= off))
		c = 0;
	/* the candidates before c start before off */
	while (c + step < ncand && start[c + step] < off) {
		c += step + 1;
		step *= 2;
	}
	for (size_t hi = c + step < ncand ? c + step : ncand; c < hi;) {
		size_t mid = c + (hi - c) / 2;

		if (start[mid] < off)
			c = mid + 1;
		else
			hi = mid;
	}
	return c;
}

/*
 * Find the tracked tokens (cand, map, their memos) and which of them are
 * candidates, and mark the tokens of blocked phrases and of persons (actor
 * extractor) skipped.
 */
static void mark_skipped(scan *s)
{
	nf_doc *doc = s->doc;
	/* locals: the stores to cand would make the compiler reload them every token */
	const nf_token *toks = doc->toks;
	const uint8_t *cue = s->m->cue;
	size_t *cand = s->cand, ntoks = doc->ntoks, skip_to = 0, ncand = 0;
	uint32_t *map = s->map, *cand_start = s->cand_start;
	tok_memo *memo = s->memo;

	/*
	 * The candidates: capitalised words, and the words that may start a
	 * context phrase or an "al-" name. place_at passes over every other
	 * token at once.
	 */
	for (const nf_token *tk = toks, *const end = toks + ntoks;
	     (tk = next_tracked(cue, tk, end)) < end; tk++) {
		const uint8_t in_cue = cue[tk->hash & (CUE_BITS - 1)];
		const size_t t = (size_t)(tk - toks);
		tok_memo *tm = &memo[ncand];

		*tm = (tok_memo){ .skip = t < skip_to,
				  .listed = (in_cue & CUE_TRACK) || tk->kind == TK_WORD };
		map[t] = (uint32_t)ncand;
		cand_start[ncand] = tk->start;
		cand[ncand++] = t;
		/*
		 * Here only the blocked phrases matter (stop_at answers the
		 * rest on demand), and few words start one.
		 */
		if (!tm->listed || !(in_cue & CUE_BLOCK))
			continue;
		int cls = -1;
		size_t n = stop_at(s, t, &cls);

		if (n && cls == STOP_BLOCK) {
			tm->skip = 1;
			if (t + n > skip_to)
				skip_to = t + n;
		}
	}
	s->ncand = ncand;
	for (size_t k = 0; k < PREFETCH_AHEAD; k++)
		cand[ncand + k] = 0;    /* (what the main loop prefetches past the last) */
	/*
	 * The tracked tokens of each person: found among the candidates' starts,
	 * a small array, not the tokens, which are long out of cache.
	 */
	size_t from = 0;

	for (size_t f = 0; f < doc->facts.len; f++) {
		const nf_fact *af = &doc->facts.items[f];

		if (af->type != NF_ACTOR || !af->kind || af->kind[0] != 'p' ||
		    strcmp(af->kind, "person") != 0)
			continue;
		from = cand_from(cand_start, ncand, from, af->start);
		for (size_t c = from; c < ncand && toks[cand[c]].end <= af->end; c++)
			memo[c].skip = 1;
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
	/* which rules may apply at all: one load says (most words: none but the last) */
	const uint8_t cue = s->m->cue[doc->toks[i].hash & (CUE_BITS - 1)];

	if ((cue & CUE_CTX) && (used = after_context(s, i)) != 0)
		return used;
	/* (an article is glued to the "-" after it: that token says no before the norm is read) */
	if (!is_cap_word(doc, i) &&
	    !(i + 1 < doc->ntoks && !(doc->toks[i + 1].flags & TF_SPACE) &&
	      maybe_article(&doc->toks[i]) && is_article(doc, i)))
		return 1;
	if ((cue & CUE_STEM) && (used = region_forms(s, i)) != 0)
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
 * one of them, so "Bar" stays a word in a report on Montenegro. Found when
 * geo_at first reads a row: most short articles match no GeoNames spelling.
 * (The memos it fills hold answers, the same whenever asked.)
 */
static void article_countries(scan *s)
{
	const nf_doc *doc = s->doc;

	s->countries_known = 1;

	/* the capitalised words are among the candidates */
	for (size_t c = 0, next = 0; c < s->ncand && s->ncountries < MAX_COUNTRIES; c++) {
		size_t i = s->cand[c], n;
		int e = -1;
		tok_memo *tm = &s->memo[c];
		const nf_token *tk = &doc->toks[i];

		/* name_at and acceptable inline, on the candidate's own memo: a short
		 * article asks this of every capitalised word it has */
		if (i < next || !tm->listed || tm->skip || tk->kind != TK_WORD ||
		    !(tk->flags & TF_CAP) || !(s->m->cue[tk->hash & (CUE_BITS - 1)] & CUE_NAME))
			continue;
		if (!(n = memo_name_at(s, tm, i, &e)))
			continue;
		const place_entry *pe = &s->m->entries[e];
		const char *cc = pe->country;
		const char *region = pe->kind[0] == 'r' && !strcmp(pe->kind, "region") ? pe->name
										       : pe->admin1;

		if (*cc && !in_article_country(s, cc))
			s->countries[s->ncountries++] = cc;
		if (region && s->nregions < MAX_COUNTRIES && !in_article_region(s, region))
			s->regions[s->nregions++] = region;
		next = i + n;
	}
}

/*
 * The spelling memos of a thread, for the model of that serial: kept from
 * document to document (a short article would otherwise fill them anew, and
 * clear them first), emptied when another model comes.
 */
static _Thread_local struct place_memos {
	uint64_t serial;        /* 0: none yet */
	spell_memo slot[3 * SPELL_MEMO + STEMS_MEMO];
	struct geo_caches geo;
	uint64_t docs;          /* the documents seen: the last one's stamp */
	/* the per-token arrays of a short document: a malloc and free each less */
	_Alignas(max_align_t) char small_block[32 * 1024];
} place_memos;

int extract_places(const nf_model *model, nf_doc *doc)
{
	struct geo_scratch scratch;
	struct place_memos *pm = &place_memos;
	scan s = { .m = model->place, .doc = doc, .scratch = &scratch,
		   .names_memo = pm->slot, .stop_memo = pm->slot + SPELL_MEMO,
		   .ctx_memo = pm->slot + 2 * SPELL_MEMO, .stems_memo = pm->slot + 3 * SPELL_MEMO,
		   .geo = &pm->geo };

	if (!doc->ntoks)
		return 0;
	if (pm->serial != s.m->serial) {
		for (size_t k = 0; k < sizeof pm->slot / sizeof *pm->slot; k++)
			pm->slot[k].len = UINT32_MAX;
		memset(&pm->geo, 0, sizeof pm->geo);
		pm->serial = s.m->serial;
	}
	s.doc_stamp = ++pm->docs;       /* (from 1: the caches' 0 is no document) */
	/*
	 * One block for the per-token arrays (most aligned first). No clearing:
	 * mark_skipped writes the entries of the tracked tokens.
	 */
	size_t ntoks = doc->ntoks;
	size_t size = ntoks * sizeof *s.memo + (ntoks + PREFETCH_AHEAD) * sizeof *s.cand +
		      ntoks * sizeof *s.cand_start + ntoks * sizeof *s.map;
	char *block = size <= sizeof pm->small_block ? pm->small_block : malloc(size);

	if (!block)
		return -1;
	s.memo = (tok_memo *)block;
	s.cand = (size_t *)(block + ntoks * sizeof *s.memo);
	s.cand_start = (uint32_t *)(s.cand + ntoks + PREFETCH_AHEAD);
	s.map = s.cand_start + ntoks;
	mark_skipped(&s);
	/* place_at at every candidate not consumed by the reading before; the other tokens read as nothing */
	int rc = 0;

	for (size_t c = 0, next = 0; c < s.ncand; c++) {
		size_t i = s.cand[c];

		/* the tokens were read long ago (mark_skipped): ask for those a few candidates on */
		__builtin_prefetch(&doc->toks[s.cand[c + PREFETCH_AHEAD]]);
		if (i < next || !s.memo[c].listed || s.memo[c].skip)
			continue;
		long used = place_at(&s, i);

		if (used < 0) {
			rc = -1;
			break;
		}
		next = i + (size_t)used;
	}
	if (block != pm->small_block)
		free(block);
	tokstore_free(&s.spellings);
	return rc;
}
