/*
 * actor.c: the actors of a report: who acts, speaks, attacks, defends or is
 * targeted as a party (GUIDELINES.md, "actor" and decided cases 26-31).
 *
 * Four sources, from the most to the least certain:
 *  1. the names of data/actors.tsv (people, bodies, armed groups), wherever
 *     they stand, except a body right before a title ("Pentagon spokesperson
 *     X" names only the person, case 28);
 *  2. demonym phrases: a modifier of data/demonyms.tsv before a head noun of
 *     data/actor_heads.tsv ("Russian forces", "Ukraine's air force"), or the
 *     head first ("the Ministry of Defence of Russia");
 *  3. country names of data/actors.tsv, but only where data/actor_context.tsv
 *     makes them a party ("Russia launched", "strikes on Ukraine"), and the
 *     countries coordinated with such a one ("between Israel and Iran");
 *  4. unknown people introduced by a title of data/person_titles.tsv
 *     ("Governor Ivan Petrenko", "Ivan Petrenko, governor of ..."); a later
 *     mention of such a person's surname gets the full name.
 *
 * Names found by rule 4 are in no table: the document keeps their copies
 * (doc_strdup), so the model stays read-only and shared between threads.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "cache.h"
#include "extract.h"
#include "phrase.h"
#include "table.h"

/* Words a demonym may not reach across to find its head (blocks_head). */
enum { NHEAD_STOP = 25 };
static const char *const head_stop[NHEAD_STOP] = { "and", "or", "of", "the", "in", "on",
	"to", "with", "by", "for", "from", "at", "that", "which", "who", "is", "are", "was",
	"were", "'s", "as", "than", "into", "over", "near" };

typedef struct actor_entry {
	const char *name, *kind, *country;
} actor_entry;

/* What a matched phrase stands for. */
enum alias_need { NEED_NONE, NEED_CAP, NEED_UPPER };

/* When a country's name is an actor: always, in context, or before a verb (a capital). */
enum context_need { CTX_NONE, CTX_PARTY, CTX_VERB };

typedef struct alias_rec {
	int target;             /* entry index, or demonym index for modifiers */
	uint8_t need;           /* enum alias_need, checked on the first token */
	uint8_t in_context;     /* enum context_need */
} alias_rec;

typedef struct demonym {
	const char *actor, *country, *kind, *adj;
	int *entry_of_head;     /* entry per row of actor_heads.tsv (in the cache when mapped) */
	int self;               /* entry of the country or group itself */
} demonym;

typedef struct head_row {
	const char *pattern, *kind;
	int after_of;           /* may stand first: "<head> of <country>" */
} head_row;

struct actor_model {
	table *t_actors, *t_demonyms, *t_heads, *t_context, *t_titles;
	actor_entry *entries;
	size_t nentries, capentries;
	char **owned;           /* generated canonical names */
	size_t nowned, capowned;
	alias_rec *aliases;
	size_t naliases, capaliases;
	demonym *dems;
	size_t ndems;
	head_row *heads;
	size_t nheads;
	phrase_set *names;      /* actors.tsv names, aliases, "the Russians" */
	phrase_set *mods;       /* demonym modifiers: "Russian", "Russia's" */
	phrase_set *ofnames;    /* names after "<head> of" */
	phrase_set *headset;    /* head nouns -> row of actor_heads.tsv */
	phrase_set *verbs, *aux, *modals, *adverbs, *before, *notname, *titles;
	size_t head_tokens;     /* tokens of the longest head phrase */
	uint32_t of_hash, paren_hash, comma_hash;   /* nf_hash of "of", "(" and "," */
	uint32_t head_stop_hash[NHEAD_STOP];   /* nf_hash of each head_stop word */
	uint64_t head_stop_bits[4];            /* bit (hash & 255) of each: most words miss */
	/* per (hash & start_mask): which of names, mods, headset and titles
	 * have a first token of that hash, whether the first three have it in
	 * their solo filter, and whether any of them or "(" does (enum
	 * start_flag, build_start_flags). A token whose flags are 0 and that
	 * is not capitalised matters to no pass, and most tokens are such */
	uint8_t *start_flags;
	uint32_t start_mask;
	/* while loading: entry index + 1 per slot, hashed by name (0 = empty) */
	uint32_t *name_slots;
	size_t name_cap;        /* a power of two */
	/* the mapped model cache (actor_cache_map), or NULL: the phrase sets,
	 * aliases, start flags, entry_of_head arrays and strings live there */
	void *cache;
	size_t cache_size;
	uint64_t serial;        /* unique to this model in the process: see actor_scratch */
};

/* The serial of the last model loaded. */
static atomic_uint_least64_t model_serial;

/* ---- loading ---------------------------------------------------------- */

/*
 * The entries are looked up by name while the demonym tables generate
 * thousands of names ("Russian Armed Forces"): a hash set of entry indexes
 * keeps that linear, and a name's first entry is the one found.
 */
static int find_entry(const struct actor_model *m, const char *name)
{
	size_t mask = m->name_cap - 1;

	for (size_t i = nf_hash(name, strlen(name)) & mask; m->name_slots[i]; i = (i + 1) & mask)
		if (strcmp(m->entries[m->name_slots[i] - 1].name, name) == 0)
			return (int)m->name_slots[i] - 1;
	return -1;
}

static void index_entry(struct actor_model *m, size_t e)
{
	size_t mask = m->name_cap - 1;
	const char *name = m->entries[e].name;
	size_t i = nf_hash(name, strlen(name)) & mask;

	while (m->name_slots[i]) {
		if (strcmp(m->entries[m->name_slots[i] - 1].name, name) == 0)
			return;     /* the first entry of a name stays the one found */
		i = (i + 1) & mask;
	}
	m->name_slots[i] = (uint32_t)e + 1;
}

static int add_entry(struct actor_model *m, const char *name, const char *kind,
		     const char *country)
{
	if (array_grow((void **)&m->entries, &m->capentries, m->nentries, sizeof *m->entries, 64) < 0)
		return -1;
	if ((m->nentries + 1) * 2 > m->name_cap) {
		size_t ncap = m->name_cap ? m->name_cap * 2 : 1024;
		uint32_t *ns = calloc(ncap, sizeof *ns);

		if (!ns)
			return -1;
		free(m->name_slots);
		m->name_slots = ns;
		m->name_cap = ncap;
		for (size_t e = 0; e < m->nentries; e++)
			index_entry(m, e);
	}
	m->entries[m->nentries] = (actor_entry){ name, kind, country };
	index_entry(m, m->nentries);
	return (int)m->nentries++;
}

/* The entry of that name, created (with a copy of the name) when missing. */
static int entry_for(struct actor_model *m, const char *name, const char *kind,
		     const char *country)
{
	int e = find_entry(m, name);

	if (e >= 0)
		return e;
	if (array_grow((void **)&m->owned, &m->capowned, m->nowned, sizeof *m->owned, 64) < 0)
		return -1;
	char *copy = strdup(name);

	if (!copy)
		return -1;
	m->owned[m->nowned++] = copy;
	return add_entry(m, copy, kind, country);
}

/*
 * How the first token of a match must be written: an alias that starts with
 * an acronym ("US", "UN") only matches upper case, one with a capital only
 * capitalised text ("Wagner", not "wagner"), a lower-case one anything.
 */
static uint8_t alias_need(const char *alias)
{
	size_t n = 0;

	if (!(alias[0] >= 'A' && alias[0] <= 'Z'))
		return NEED_NONE;
	while (alias[n] >= 'A' && alias[n] <= 'Z')
		n++;
	if (n >= 2 && (alias[n] == '\0' || alias[n] == ' '))
		return NEED_UPPER;
	return NEED_CAP;
}

/* Add one phrase of set with a new alias record; an existing phrase keeps its first meaning. */
static int add_alias(struct actor_model *m, phrase_set *set, const char *text,
		     int target, int in_context)
{
	if (!*text)
		return 0;
	if (array_grow((void **)&m->aliases, &m->capaliases, m->naliases, sizeof *m->aliases, 64) < 0)
		return -1;
	int idx = (int)m->naliases;
	int v = phrase_add(set, text, idx);

	if (v < 0)
		return -1;
	if (v == idx) {
		alias_rec *r = &m->aliases[idx];

		/* zeroed whole: the records go to the cache file padding and all */
		memset(r, 0, sizeof *r);
		r->target = target;
		r->need = (uint8_t)alias_need(text);
		r->in_context = (uint8_t)in_context;
		m->naliases++;
	}
	return 0;
}

/* Call fn for each '|'-separated part of a table field (modified in place, then restored). */
static int each_part(char *field, int (*fn)(void *, const char *), void *arg)
{
	while (*field) {
		char *bar = strchr(field, '|');

		if (bar)
			*bar = '\0';
		int rc = fn(arg, field);

		if (bar)
			*bar = '|';
		if (rc < 0)
			return -1;
		if (!bar)
			break;
		field = bar + 1;
	}
	return 0;
}

struct alias_ctx {
	struct actor_model *m;
	phrase_set *set;
	int target, in_context;
};

static int add_alias_cb(void *arg, const char *text)
{
	struct alias_ctx *c = arg;

	return add_alias(c->m, c->set, text, c->target, c->in_context);
}

struct value_ctx {
	phrase_set *set;
	int value;
};

static int add_value_cb(void *arg, const char *text)
{
	struct value_ctx *c = arg;

	return *text && phrase_add(c->set, text, c->value) < 0 ? -1 : 0;
}

static int load_actors(struct actor_model *m)
{
	for (size_t r = 0; r < m->t_actors->nrows; r++) {
		table_row *row = &m->t_actors->rows[r];
		const char *kind = table_get(row, 1);
		int e = add_entry(m, row->field[0], kind, table_get(row, 2));
		struct alias_ctx c = { m, m->names, e,
				       strcmp(kind, "country") == 0 ? CTX_PARTY : CTX_NONE };

		if (e < 0 || add_alias(m, m->names, row->field[0], e, c.in_context) < 0)
			return -1;
		if (row->nfields > 3 && each_part(row->field[3], add_alias_cb, &c) < 0)
			return -1;
		c.in_context = CTX_VERB;
		if (row->nfields > 4 && each_part(row->field[4], add_alias_cb, &c) < 0)
			return -1;
	}
	return 0;
}

/* Expand a head row's pattern for one demonym: "{adj} Armed Forces" -> "Russian Armed Forces". */
static void expand(char *out, size_t outlen, const char *pattern, const demonym *d)
{
	size_t n = 0;

	for (const char *p = pattern; *p && n + 1 < outlen;) {
		const char *with = NULL;

		if (*p == '{' && strncmp(p, "{adj}", 5) == 0)
			with = d->adj, p += 5;
		else if (*p == '{' && strncmp(p, "{actor}", 7) == 0)
			with = d->actor, p += 7;
		if (with) {
			for (; *with && n + 1 < outlen; with++)
				out[n++] = *with;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
}

static int load_demonyms(struct actor_model *m)
{
	m->nheads = m->t_heads->nrows;
	m->heads = calloc(m->nheads ? m->nheads : 1, sizeof *m->heads);
	m->ndems = m->t_demonyms->nrows;
	m->dems = calloc(m->ndems ? m->ndems : 1, sizeof *m->dems);
	if (!m->heads || !m->dems)
		return -1;
	for (size_t h = 0; h < m->nheads; h++) {
		table_row *row = &m->t_heads->rows[h];
		struct value_ctx c = { m->headset, (int)h };

		m->heads[h] = (head_row){ row->field[1], row->field[2],
					  strcmp(table_get(row, 3), "of") == 0 };
		/* head phrases map straight to their row: no alias record needed */
		if (each_part(row->field[0], add_value_cb, &c) < 0)
			return -1;
	}
	for (size_t i = 0; i < m->ndems; i++) {
		table_row *row = &m->t_demonyms->rows[i];
		demonym *d = &m->dems[i];
		char name[256];

		d->actor = row->field[0];
		d->country = row->field[1];
		d->kind = row->field[2];
		d->adj = row->field[3];
		d->entry_of_head = malloc((m->nheads ? m->nheads : 1) * sizeof(int));
		if (!d->entry_of_head)
			return -1;
		int group = strcmp(d->kind, "country") != 0;
		int self = entry_for(m, d->actor, group ? d->kind : "country", d->country);

		if (self < 0)
			return -1;
		d->self = self;
		for (size_t h = 0; h < m->nheads; h++) {
			if (group) {
				/* an armed group's forces, officials and missiles are the group */
				d->entry_of_head[h] = self;
				continue;
			}
			expand(name, sizeof name, m->heads[h].pattern, d);
			d->entry_of_head[h] = entry_for(m, name, m->heads[h].kind, d->country);
			if (d->entry_of_head[h] < 0)
				return -1;
		}
		struct alias_ctx mods = { m, m->mods, (int)i, 0 };
		struct alias_ctx ofs = { m, m->ofnames, (int)i, 0 };

		if (each_part(row->field[4], add_alias_cb, &mods) < 0 ||
		    (row->nfields > 5 && each_part(row->field[5], add_alias_cb, &ofs) < 0))
			return -1;
		if (row->nfields > 6 && *row->field[6]) {
			/* plurals that mean the forces: "the Russians shelled" */
			snprintf(name, sizeof name, "%s Armed Forces", d->adj);
			struct alias_ctx forces = { m, m->names,
						    entry_for(m, name, "military", d->country), 0 };

			if (forces.target < 0 || each_part(row->field[6], add_alias_cb, &forces) < 0)
				return -1;
		}
	}
	return 0;
}

static int load_context(struct actor_model *m)
{
	static const struct {
		const char *role;
		size_t off;
	} roles[] = {
		{ "verb", offsetof(struct actor_model, verbs) },
		{ "aux", offsetof(struct actor_model, aux) },
		{ "modal", offsetof(struct actor_model, modals) },
		{ "adverb", offsetof(struct actor_model, adverbs) },
		{ "before", offsetof(struct actor_model, before) },
		{ "notname", offsetof(struct actor_model, notname) },
	};

	for (size_t r = 0; r < m->t_context->nrows; r++) {
		table_row *row = &m->t_context->rows[r];
		phrase_set *set = NULL;

		for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
			if (strcmp(row->field[0], roles[k].role) == 0)
				set = *(phrase_set **)((char *)m + roles[k].off);
		struct value_ctx c = { set, 0 };

		if (set && each_part(row->field[1], add_value_cb, &c) < 0)
			return -1;
	}
	for (size_t r = 0; r < m->t_titles->nrows; r++) {
		struct value_ctx c = { m->titles, 0 };

		if (add_value_cb(&c, m->t_titles->rows[r].field[0]) < 0)
			return -1;
	}
	return 0;
}

enum { SF_SETS_SHIFT = 2 };   /* the first bit of names' flags (enum start_flag) */
/*
 * start_flags has at least as many bytes: about 16 per first token of the
 * four sets, so that few words share a byte with one (each that does costs
 * skim a may_stop)
 */
#define START_MIN_BITS 65536

/*
 * A byte of start_flags: SF_ANY is TF_CAP's bit, so that skim's first test
 * of a token is (flags | its start flags) & 1. Each bit copies the bit of
 * the token's hash in a filter (build_start_flags): no false "no".
 */
enum start_flag {
	SF_ANY = 1,             /* a first token of any of the four sets, or "(" */
	SF_TITLE = 2,           /* a first token of titles */
	SF_NAMES = 1 << SF_SETS_SHIFT, SF_NAMES_SOLO = 2 << SF_SETS_SHIFT,
	SF_MODS = 4 << SF_SETS_SHIFT, SF_MODS_SOLO = 8 << SF_SETS_SHIFT,
	SF_HEAD = 16 << SF_SETS_SHIFT, SF_HEAD_SOLO = 32 << SF_SETS_SHIFT,
	SF_STARTS = SF_NAMES | SF_MODS | SF_HEAD,   /* pass 1 may start here */
};
_Static_assert((int)SF_ANY == (int)TF_CAP, "skim ors the start flags with the token's");

/*
 * Fill m->start_flags from the first tokens of names, mods, headset and
 * titles, and the solo filters of the first three: skim's test of a token
 * is then one load. 0, or -1.
 */
static int build_start_flags(struct actor_model *m)
{
	const phrase_set *sets[4] = { m->names, m->mods, m->headset, m->titles };
	const uint8_t first_flag[4] = { SF_NAMES, SF_MODS, SF_HEAD, SF_TITLE };
	/* no coarser than one filter of the four sets' first tokens, nor than
	 * a set's own filter (whose solo bits are read at b & its mask below) */
	phrase_filter any;

	if (phrase_filter_union(&any, sets, 4, 0) < 0)
		return -1;
	size_t nbits = any.nbits > START_MIN_BITS ? any.nbits : START_MIN_BITS;

	phrase_filter_free(&any);
	for (size_t k = 0; k < 4; k++)
		while (nbits < phrase_first_filter(sets[k])->nbits)
			nbits *= 2;
	if (!(m->start_flags = calloc(nbits, 1)))
		return -1;
	m->start_mask = (uint32_t)(nbits - 1);
	for (size_t k = 0; k < 4; k++) {
		/* the set's first tokens at this size (its own filter may be
		 * coarser: most of its bits then stand for other words too) */
		phrase_filter exact;

		if (phrase_filter_union(&exact, &sets[k], 1, nbits) < 0)
			return -1;
		const phrase_filter *own = phrase_first_filter(sets[k]);
		const uint32_t own_mask = (uint32_t)(own->nbits - 1);

		for (size_t w = 0; w < exact.nbits / 64; w++)
			for (uint64_t bits = exact.first[w]; bits; bits &= bits - 1) {
				/* (exact has nbits bits, or more for a set too big) */
				const size_t b = (w * 64 + (size_t)__builtin_ctzll(bits)) & (nbits - 1);
				const uint32_t ob = (uint32_t)b & own_mask;

				m->start_flags[b] |= (uint8_t)(first_flag[k] | SF_ANY);
				/* alone a phrase? its own solo filter says (SF_*_SOLO
				 * is the bit after SF_*) */
				if (k < 3 && ((own->solo[ob / 64] >> (ob % 64)) & 1))
					m->start_flags[b] |= (uint8_t)(first_flag[k] << 1);
			}
		phrase_filter_free(&exact);
	}
	/* and "(": a photo credit may open there */
	m->start_flags[nf_hash("(", 1) & m->start_mask] |= SF_ANY;
	return 0;
}

/* ---- the model cache ---------------------------------------------------- */

/*
 * Building the model (the tables read, a thousand demonym names made,
 * phrase tries filled) was most of a short run's start-up. So, as place.c
 * does for places, the built model is kept in a cache file that later
 * starts map: the phrase sets, aliases, start flags and entry_of_head
 * arrays are read there in place, and only the entries' string pointers are
 * made. The header names the five tables (device, inode, size,
 * modification time) and the tokenizer; any change rebuilds it. Failing to
 * read or write the cache is never an error: the model is then built.
 */
#define ACTOR_CACHE_MAGIC "nfactor1"

enum { NTABLES = 5, NSETS = 11 };
static const char *const table_files[NTABLES] = { "actors.tsv", "demonyms.tsv",
	"actor_heads.tsv", "actor_context.tsv", "person_titles.tsv" };

typedef struct table_id {
	uint64_t dev, ino, size, mtime_sec, mtime_nsec;
} table_id;

typedef struct actor_cache_head {
	char magic[8];
	table_id tables[NTABLES];
	uint64_t tokfp;         /* tokenizer_fingerprint(): the sets hold its hashes and norms */
	uint64_t nentries, naliases, ndems, nheads, start_bytes, strsize;
} actor_cache_head;

/* An entry in the cache: its strings as offsets into the strings (UINT32_MAX: NULL). */
typedef struct cache_entry {
	uint32_t name, kind, country;
} cache_entry;

/* The model's phrase sets, in the cache's order. */
static void model_sets(struct actor_model *m, phrase_set **sets[NSETS])
{
	phrase_set **all[NSETS] = { &m->names, &m->mods, &m->ofnames, &m->headset, &m->verbs,
				    &m->aux, &m->modals, &m->adverbs, &m->before, &m->notname,
				    &m->titles };

	memcpy(sets, all, sizeof all);
}

static void cache_identity(actor_cache_head *h, const struct stat *st, uint64_t tokfp)
{
	memset(h, 0, sizeof *h);
	memcpy(h->magic, ACTOR_CACHE_MAGIC, sizeof h->magic);
	for (size_t k = 0; k < NTABLES; k++)
		h->tables[k] = (table_id){ (uint64_t)st[k].st_dev, (uint64_t)st[k].st_ino,
					   (uint64_t)st[k].st_size, (uint64_t)st[k].st_mtim.tv_sec,
					   (uint64_t)st[k].st_mtim.tv_nsec };
	h->tokfp = tokfp;
}

/* What names the cache file besides the tables' folder (cache_path): layout and tokenizer. */
static uint64_t cache_salt(uint64_t tokfp)
{
	uint64_t salt = tokfp ^ sizeof(actor_cache_head) ^ ((uint64_t)sizeof(alias_rec) << 32);

	for (const char *c = ACTOR_CACHE_MAGIC; *c; c++)
		salt = (salt ^ (unsigned char)*c) * 1099511628211ull;
	return salt;
}

/*
 * The strings of the entries, each written once per pointer: entries that
 * share a string (a demonym's country) share it in the cache too, as
 * tally_country compares codes by address first.
 */
typedef struct string_pool {
	const char **keys;      /* open addressing by address */
	uint32_t *offs;
	size_t cap;
	char *buf;
	size_t len, bufcap;
} string_pool;

static uint32_t pool_add(string_pool *sp, const char *s)
{
	if (!s)
		return UINT32_MAX;
	size_t i = ((uintptr_t)s * 0x9E3779B97F4A7C15ull >> 20) & (sp->cap - 1);

	for (; sp->keys[i]; i = (i + 1) & (sp->cap - 1))
		if (sp->keys[i] == s)
			return sp->offs[i];
	size_t n = strlen(s) + 1;

	if (sp->len + n >= UINT32_MAX ||
	    array_grow((void **)&sp->buf, &sp->bufcap, sp->len + n - 1, 1, 4096) < 0)
		return UINT32_MAX;
	memcpy(sp->buf + sp->len, s, n);
	sp->keys[i] = s;
	sp->offs[i] = (uint32_t)sp->len;
	sp->len += n;
	return sp->offs[i];
}

/* Write the built model to cpath: a temporary file renamed over it. Failing is no error. */
static void actor_cache_write(struct actor_model *m, const char *cpath, const struct stat *st,
			      uint64_t tokfp)
{
	char tmp[4200];
	string_pool sp = { 0 };
	cache_entry *ce = malloc((m->nentries ? m->nentries : 1) * sizeof *ce);
	int32_t *ints = malloc((m->ndems * (m->nheads + 1) + 1) * sizeof *ints);
	uint8_t *after_of = malloc(m->nheads + 1);
	phrase_set **sets[NSETS];
	actor_cache_head h;
	int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", cpath, (long)getpid());

	for (sp.cap = 64; sp.cap < 6 * m->nentries; sp.cap *= 2)
		;
	sp.keys = calloc(sp.cap, sizeof *sp.keys);
	sp.offs = malloc(sp.cap * sizeof *sp.offs);
	if (!ce || !ints || !after_of || !sp.keys || !sp.offs || n < 0 || (size_t)n >= sizeof tmp)
		goto done;
	for (size_t e = 0; e < m->nentries; e++) {
		const actor_entry *ae = &m->entries[e];

		ce[e] = (cache_entry){ pool_add(&sp, ae->name), pool_add(&sp, ae->kind),
				       pool_add(&sp, ae->country) };
		if ((ae->name && ce[e].name == UINT32_MAX) || (ae->kind && ce[e].kind == UINT32_MAX) ||
		    (ae->country && ce[e].country == UINT32_MAX))
			goto done;
	}
	if (!sp.len && pool_add(&sp, "") == UINT32_MAX)
		goto done;
	/* per demonym: its self entry, then its entry per head */
	for (size_t d = 0; d < m->ndems; d++) {
		ints[d * (m->nheads + 1)] = m->dems[d].self;
		memcpy(ints + d * (m->nheads + 1) + 1, m->dems[d].entry_of_head,
		       m->nheads * sizeof *ints);
	}
	for (size_t k = 0; k < m->nheads; k++)
		after_of[k] = (uint8_t)m->heads[k].after_of;
	cache_identity(&h, st, tokfp);
	h.nentries = m->nentries;
	h.naliases = m->naliases;
	h.ndems = m->ndems;
	h.nheads = m->nheads;
	h.start_bytes = (uint64_t)m->start_mask + 1;
	h.strsize = sp.len;
	FILE *f = cache_create(tmp);

	if (!f)
		goto done;
	int ok = cache_write_padded(f, &h, sizeof h) &&
		 cache_write_padded(f, ce, m->nentries * sizeof *ce) &&
		 cache_write_padded(f, m->aliases, m->naliases * sizeof *m->aliases) &&
		 cache_write_padded(f, ints, m->ndems * (m->nheads + 1) * sizeof *ints) &&
		 cache_write_padded(f, after_of, m->nheads) &&
		 cache_write_padded(f, m->start_flags, (size_t)h.start_bytes) &&
		 cache_write_padded(f, sp.buf, sp.len);

	model_sets(m, sets);
	for (size_t k = 0; k < NSETS && ok; k++)
		ok = phrase_save(*sets[k], f) == 0;
	ok = ok && cache_seal(f) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, cpath) != 0)
		unlink(tmp);
done:
	free(ce);
	free(ints);
	free(after_of);
	free(sp.keys);
	free(sp.offs);
	free(sp.buf);
}

/*
 * Map the model cache at cpath if it is of these tables (st) and
 * tokenizer. Returns 1 when used: m is then complete but for what
 * finish_model sets.
 */
static int actor_cache_map(struct actor_model *m, const char *cpath, const struct stat *st,
			   uint64_t tokfp)
{
	actor_cache_head want;
	size_t size;
	void *map = cache_map(cpath, sizeof want, &size);

	if (!map)
		return 0;
	const char *p = map, *end = p + size;
	const actor_cache_head *h = cache_take(&p, end, sizeof *h);
	phrase_set **sets[NSETS];

	cache_identity(&want, st, tokfp);
	if (memcmp(h, &want, offsetof(actor_cache_head, nentries)) != 0 ||
	    h->nentries > INT32_MAX || h->naliases > INT32_MAX || h->ndems > INT32_MAX ||
	    h->nheads > INT32_MAX || h->strsize == 0 || h->strsize > UINT32_MAX ||
	    h->start_bytes < 64 || h->start_bytes > UINT32_MAX ||
	    (h->start_bytes & (h->start_bytes - 1)) ||
	    (h->nheads && h->ndems > INT32_MAX / (h->nheads + 1)))
		goto bad;
	const cache_entry *ce = cache_take(&p, end, h->nentries * sizeof *ce);
	const alias_rec *aliases = cache_take(&p, end, h->naliases * sizeof *aliases);
	const int32_t *ints = cache_take(&p, end, h->ndems * (h->nheads + 1) * sizeof *ints);
	const uint8_t *after_of = cache_take(&p, end, h->nheads);
	const uint8_t *start_flags = cache_take(&p, end, h->start_bytes);
	const char *str = cache_take(&p, end, h->strsize);

	if (!ce || !aliases || !ints || !after_of || !start_flags || !str ||
	    str[h->strsize - 1] != '\0')
		goto bad;
	m->nentries = (size_t)h->nentries;
	m->naliases = (size_t)h->naliases;
	m->ndems = (size_t)h->ndems;
	m->nheads = (size_t)h->nheads;
	/* read only: a mapped model is never changed (nor freed but for these) */
	m->aliases = (alias_rec *)(uintptr_t)aliases;
	m->start_flags = (uint8_t *)(uintptr_t)start_flags;
	m->start_mask = (uint32_t)(h->start_bytes - 1);
	m->entries = malloc((m->nentries ? m->nentries : 1) * sizeof *m->entries);
	m->dems = calloc(m->ndems ? m->ndems : 1, sizeof *m->dems);
	m->heads = calloc(m->nheads ? m->nheads : 1, sizeof *m->heads);
	if (!m->entries || !m->dems || !m->heads)
		goto bad;
	for (size_t e = 0; e < m->nentries; e++) {
		const uint32_t o[3] = { ce[e].name, ce[e].kind, ce[e].country };
		const char *s[3];

		for (size_t k = 0; k < 3; k++) {
			if (o[k] != UINT32_MAX && o[k] >= h->strsize)
				goto bad;
			s[k] = o[k] == UINT32_MAX ? NULL : str + o[k];
		}
		m->entries[e] = (actor_entry){ s[0], s[1], s[2] };
	}
	for (size_t d = 0; d < m->ndems; d++) {
		const int32_t *row = ints + d * (m->nheads + 1);

		for (size_t k = 0; k <= m->nheads; k++)
			if (row[k] < 0 || (size_t)row[k] >= m->nentries)
				goto bad;
		m->dems[d].self = row[0];
		m->dems[d].entry_of_head = (int *)(uintptr_t)(row + 1);
	}
	for (size_t k = 0; k < m->nheads; k++)
		m->heads[k].after_of = after_of[k];
	model_sets(m, sets);
	for (size_t k = 0; k < NSETS; k++)
		if (!(*sets[k] = phrase_map(&p, end)))
			goto bad;
	if (p != end)
		goto bad;
	m->cache = map;
	m->cache_size = size;
	return 1;
bad:
	model_sets(m, sets);
	for (size_t k = 0; k < NSETS; k++) {
		phrase_free(*sets[k]);
		*sets[k] = NULL;
	}
	free(m->entries);
	free(m->dems);
	free(m->heads);
	m->entries = NULL;
	m->dems = NULL;
	m->heads = NULL;
	m->aliases = NULL;
	m->start_flags = NULL;
	m->nentries = m->naliases = m->ndems = m->nheads = 0;
	munmap(map, size);
	return 0;
}

/* Build the model from the tables in dir. 0, or -1 with err set. */
static int build_model(struct actor_model *m, const char *dir, char *err, size_t errlen)
{
	if (!(m->t_actors = table_load(dir, "actors.tsv", 3, err, errlen)) ||
	    !(m->t_demonyms = table_load(dir, "demonyms.tsv", 5, err, errlen)) ||
	    !(m->t_heads = table_load(dir, "actor_heads.tsv", 3, err, errlen)) ||
	    !(m->t_context = table_load(dir, "actor_context.tsv", 2, err, errlen)) ||
	    !(m->t_titles = table_load(dir, "person_titles.tsv", 1, err, errlen)))
		return -1;
	/*
	 * Sized from the tables' rows, so that loading grows nothing: the
	 * names index (an entry per row of actors.tsv and per demonym and
	 * head) and the bigger phrase sets (a few tokens per row).
	 */
	size_t expect = m->t_actors->nrows + m->t_demonyms->nrows * (m->t_heads->nrows + 1);

	for (m->name_cap = 1024; m->name_cap < 2 * expect; m->name_cap *= 2)
		;
	if (!(m->name_slots = calloc(m->name_cap, sizeof *m->name_slots)) ||
	    !(m->names = phrase_new()) || !(m->mods = phrase_new()) ||
	    !(m->ofnames = phrase_new()) || !(m->headset = phrase_new()) ||
	    phrase_reserve(m->names, 4 * m->t_actors->nrows + 2 * m->t_demonyms->nrows) < 0 ||
	    phrase_reserve(m->mods, 3 * m->t_demonyms->nrows) < 0 ||
	    phrase_reserve(m->ofnames, 2 * m->t_demonyms->nrows) < 0 ||
	    phrase_reserve(m->headset, 8 * m->t_heads->nrows) < 0 ||
	    !(m->verbs = phrase_new()) || !(m->aux = phrase_new()) ||
	    !(m->modals = phrase_new()) ||
	    !(m->adverbs = phrase_new()) || !(m->before = phrase_new()) ||
	    !(m->notname = phrase_new()) || !(m->titles = phrase_new()) ||
	    load_actors(m) < 0 || load_demonyms(m) < 0 || load_context(m) < 0 ||
	    build_start_flags(m) < 0) {
		snprintf(err, errlen, "out of memory loading the actor tables");
		return -1;
	}
	free(m->name_slots);    /* only the loaders look names up */
	m->name_slots = NULL;
	m->name_cap = 0;
	return 0;
}

struct actor_model *actor_model_load(const char *dir, char *err, size_t errlen)
{
	struct actor_model *m = calloc(1, sizeof *m);
	char path[4096], cpath[4096], legacy[4096];
	struct stat st[NTABLES];
	int cached = 1;

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (size_t k = NTABLES; k-- > 0 && cached;) {
		int n = snprintf(path, sizeof path, "%s/%s", dir, table_files[k]);

		cached = n > 0 && (size_t)n < sizeof path && stat(path, &st[k]) == 0;
	}
	/* path is actors.tsv's now: it names the cache */
	uint64_t tokfp = cached ? tokenizer_fingerprint() : 0;

	m->serial = atomic_fetch_add(&model_serial, 1) + 1;

	cached = cached && cache_path(cpath, sizeof cpath, legacy, sizeof legacy, path, "actors1",
				      cache_salt(tokfp));
	if (!(cached && actor_cache_map(m, cpath, st, tokfp))) {
		if (build_model(m, dir, err, errlen) < 0)
			goto fail;
		if (cached)
			actor_cache_write(m, cpath, st, tokfp);
	}
	m->head_tokens = phrase_max_tokens(m->headset);
	m->of_hash = nf_hash("of", 2);
	m->paren_hash = nf_hash("(", 1);
	m->comma_hash = nf_hash(",", 1);
	for (size_t k = 0; k < NHEAD_STOP; k++) {
		m->head_stop_hash[k] = nf_hash(head_stop[k], strlen(head_stop[k]));
		m->head_stop_bits[(m->head_stop_hash[k] & 255) / 64] |=
			1ull << (m->head_stop_hash[k] % 64);
	}
	return m;
fail:
	actor_model_free(m);
	return NULL;
}

void actor_model_free(struct actor_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ndems && m->dems && !m->cache; i++)
		free(m->dems[i].entry_of_head);
	free(m->dems);
	free(m->heads);
	for (size_t i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	free(m->owned);
	free(m->entries);
	free(m->name_slots);
	if (!m->cache) {
		free(m->aliases);
		free(m->start_flags);
	}
	phrase_set **sets[NSETS];

	model_sets(m, sets);
	for (size_t i = 0; i < NSETS; i++)
		phrase_free(*sets[i]);
	table_free(m->t_actors);
	table_free(m->t_demonyms);
	table_free(m->t_heads);
	table_free(m->t_context);
	table_free(m->t_titles);
	if (m->cache)
		munmap(m->cache, m->cache_size);
	free(m);
}

/* ---- matching ----------------------------------------------------------- */

enum { MAXC = 32 };

/* Tokens [a, b) are one actor mention of country code cc (may be NULL or ""). */
typedef struct cc_span {
	size_t a, b;
	const char *cc;
} cc_span;

static inline int bit_get(const uint64_t *set, size_t i)
{
	return (int)((set[i / 64] >> (i % 64)) & 1);
}

static inline void bit_set(uint64_t *set, size_t i)
{
	set[i / 64] |= 1ull << (i % 64);
}

/*
 * A candidate of the passes after the first (skim): its token, and the
 * token's hash, so that the surname pass reads no token for most.
 */
typedef struct cand_tok {
	uint32_t tok, hash;
} cand_tok;

/*
 * The first steps down names and mods (phrase_first_step) of a word that
 * stops pass 1: a slot of scan.steps, the memo of those steps by word, as
 * the same few words make most stops ("Russian", "Ukraine"). The memo is
 * the thread's, kept from document to document: the word is copied (a
 * longer one is not kept).
 */
enum { STEPS_WORD = 24, STEPS_MEMO = 1024 };

typedef struct first_steps {
	uint32_t len, hash;     /* the word's norm_len (UINT32_MAX: an empty slot) and hash */
	char norm[STEPS_WORD];  /* the word */
	phrase_step names, mods;   /* each only if the word's start flags have that set */
} first_steps;

/* A person's mention [a, b) and what it names: pass 2 reads the surnames. */
typedef struct person_span {
	size_t a, b;
	const char *name, *country;
} person_span;

/* A mention of pass 1 that counts only in context (emit_countries). */
typedef struct mention {
	size_t a, b;
	int entry;
	int alias;
	int actor;
} mention;

/* A person found by pass 2, whose surname alone names them later. */
typedef struct found_person {
	const char *name, *country;
	const char *surname;    /* norm of the last token */
	uint32_t surname_hash;
} found_person;

typedef struct scan {
	const struct actor_model *m;
	nf_doc *doc;
	/* bit sets over the tokens: a bit per token is cheap to zero, where a
	 * byte and a pointer per token cost a long document more to clear
	 * than the few mentions that use them */
	uint64_t *covered;      /* token belongs to an actor mention */
	uint64_t *credit;       /* token inside a photo credit: "(... via AP)" */
	/* the mentions of pass 1 in token order, with their country codes:
	 * the country near a token is looked up here (nearby_country) */
	cc_span *spans;
	size_t nspans, capspans;
	/* the people named so far, in the order of their facts (emit_noted):
	 * no search of the facts, nor of their tokens, for them */
	person_span *people;
	size_t npeople, cappeople;
	/* the tokens the passes after the first may start at (skim): the
	 * capitalised ones and those that may begin a title, in order */
	cand_tok *cand;
	size_t ncand;
	/* those of them where pass 2 may find a person (next_person_start) */
	uint32_t *starts;
	size_t nstarts;
	/* the memo of first_steps, a slot per hash & (STEPS_MEMO - 1) (the last
	 * word there), and the steps of a word too long for it */
	first_steps *steps, long_word;
	/* the countries of the mentions in order of first appearance, and how
	 * many mentions each has (see dominant_country) */
	const char *codes[MAXC];
	size_t counts[MAXC], ncodes;
	size_t last_code;       /* index of the code tallied last */
	/* the index in codes of a code string seen before, by its address
	 * (the same entry's mentions give the same one): no string compare */
	struct {
		const char *c;
		size_t k;
	} seen[64];
} scan;

/*
 * The thread's scratch, kept from document to document so that a short
 * one allocates, zeroes and frees little: the memo of first steps (for
 * the model of that serial), and the first room of the per-token arrays
 * (a document of up to SCRATCH_TOKS tokens) and of the grown ones (past
 * it, array_grow_from moves them to the heap). Its size is fixed.
 */
enum { SCRATCH_TOKS = 4096, ROOM = 64 };

static _Thread_local struct actor_scratch {
	uint64_t serial;        /* 0: none yet */
	_Alignas(64) first_steps steps[STEPS_MEMO];   /* a slot a cache line */
	cand_tok cand[SCRATCH_TOKS];
	uint32_t starts[SCRATCH_TOKS];
	uint64_t bits[2 * SCRATCH_TOKS / 64];   /* covered, then credit */
	cc_span spans[4 * ROOM];
	person_span people[ROOM];
	mention ms[ROOM];
	found_person ps[ROOM];
	uint32_t slots[2 * ROOM];
} actor_scratch;

static int alias_fits(const nf_doc *doc, size_t i, const alias_rec *a)
{
	uint8_t f = doc->toks[i].flags;

	if (a->need == NEED_UPPER)
		return (f & TF_UPPER) != 0;
	if (a->need == NEED_CAP)
		return (f & TF_CAP) != 0;
	return 1;
}

/* Longest match of an alias set at i that fits its capitalisation; sets *rec. */
static inline size_t match_alias(const scan *s, const phrase_set *set, size_t i, size_t n,
			  const alias_rec **rec)
{
	int v;
	size_t len = phrase_match(set, s->doc->toks, i, n, &v);

	if (!len || !alias_fits(s->doc, i, &s->m->aliases[v]))
		return 0;
	*rec = &s->m->aliases[v];
	return len;
}

static inline size_t match_set(const phrase_set *set, const nf_doc *doc, size_t i, size_t n);

/* May a phrase of the set whose first token t is go on with next (its pair filter)? */
static inline int pair_may(const phrase_set *set, const nf_token *t, const nf_token *next)
{
	const phrase_filter *f = phrase_first_filter(set);
	const uint32_t pb = phrase_pair_bit(t->hash, next->hash, f->pairshift);

	return (int)((f->pair[pb / 64] >> (pb % 64)) & 1);
}

/*
 * phrase_match of names, mods or headset at token i (< n), whose start
 * flags are f: they hold the set's bits of its first-token and solo
 * filters (flag and flag << 1, see build_start_flags), so only the pair
 * filter is left to test before the trie is walked.
 */
static inline size_t match_flagged(const scan *s, const phrase_set *set, unsigned f,
				   unsigned flag, size_t i, size_t n, int *v)
{
	const nf_token *t = &s->doc->toks[i];

	if (!(f & flag) || (!(f & (flag << 1)) && (i + 1 >= n || !pair_may(set, t, t + 1))))
		return 0;
	return phrase_walk(set, s->doc->toks, i, n, v);
}

/* The start flags of token i. */
static inline unsigned start_flags_of(const scan *s, size_t i)
{
	return s->m->start_flags[s->doc->toks[i].hash & s->m->start_mask];
}

/* match_alias of names or mods, by match_flagged. */
static inline size_t match_alias_flagged(const scan *s, const phrase_set *set, unsigned f,
					 unsigned flag, size_t i, size_t n, const alias_rec **rec)
{
	int v;
	size_t len = match_flagged(s, set, f, flag, i, n, &v);

	if (!len || !alias_fits(s->doc, i, &s->m->aliases[v]))
		return 0;
	*rec = &s->m->aliases[v];
	return len;
}

/*
 * The first steps of the word at stop i (start flags f) down names and
 * mods, from the memo, or taken and kept there (in place of the word that
 * had the slot). The slot's word is compared whole: two words of one hash
 * are told apart.
 */
static const first_steps *stop_steps(scan *s, size_t i, unsigned f)
{
	const nf_token *t = &s->doc->toks[i];
	first_steps *fs = &s->steps[t->hash & (STEPS_MEMO - 1)];
	static const phrase_step none = { 0, 0, -1 };

	if (fs->hash == t->hash && fs->len == t->norm_len &&
	    same_bytes(fs->norm, t->norm, t->norm_len))
		return fs;
	if (t->norm_len <= STEPS_WORD) {
		memcpy(fs->norm, t->norm, t->norm_len);
		fs->len = t->norm_len;
	} else {
		fs = &s->long_word;
	}
	fs->hash = t->hash;
	/* the flags are the word's: the steps not taken are never read */
	fs->names = (f & SF_NAMES) ? phrase_first_step(s->m->names, t) : none;
	fs->mods = (f & SF_MODS) ? phrase_first_step(s->m->mods, t) : none;
	return fs;
}

/*
 * match_alias at stop i of the set whose first step from token i is st
 * (flag: its start flag): the walk goes on past the first token only when
 * the next may follow (st->next), and most stop there.
 */
static inline size_t match_alias_stepped(const scan *s, const phrase_set *set,
					 const phrase_step *st, unsigned f, unsigned flag,
					 size_t i, size_t n, const alias_rec **rec)
{
	const nf_token *t = &s->doc->toks[i];
	size_t len = 0;
	int v = st->value;

	if (!(f & flag) || !st->node)
		return 0;
	if (i + 1 < n && ((st->next >> (t[1].hash & 63)) & 1))
		len = phrase_walk_on(set, st->node, s->doc->toks, i + 1, n, &v);
	if (len)
		len++;
	else if (v >= 0)
		len = 1;
	if (!len || !alias_fits(s->doc, i, &s->m->aliases[v]))
		return 0;
	*rec = &s->m->aliases[v];
	return len;
}


static int is_lower_word(const nf_token *t)
{
	return t->kind == TK_WORD && !(t->flags & TF_CAP);
}

/*
 * Token t is "," (is_comma) or "of" (is_of): its hash first, which rules
 * out nearly every other token, then its norm, so that a word of the same
 * hash is neither.
 */
static inline int is_comma(const nf_token *t, uint32_t comma_hash)
{
	return t->hash == comma_hash && t->norm_len == 1 && t->norm[0] == ',';
}

static inline int is_of(const nf_token *t, uint32_t of_hash)
{
	return t->hash == of_hash && t->norm_len == 2 && t->norm[0] == 'o' && t->norm[1] == 'f';
}

/* Words a demonym may not reach across to find its head. */
static int blocks_head(const struct actor_model *m, const nf_token *t)
{
	/* the hashes first: a bit test rules out most words, then a compare
	 * each, and a string compare on a hit */
	if (!((m->head_stop_bits[(t->hash & 255) / 64] >> (t->hash % 64)) & 1))
		return 0;
	for (size_t k = 0; k < NHEAD_STOP; k++)
		if (t->hash == m->head_stop_hash[k] && strcmp(t->norm, head_stop[k]) == 0)
			return 1;
	return 0;
}

/*
 * A demonym phrase at i: a modifier (rec, ml tokens long), then a head right
 * after it or after one or two lower-case words ("Russia's massive drone
 * attack"). bare and bl are the match of the names at i (bl 0 for none).
 * Returns its length and sets *entry.
 */
static size_t match_demonym(const scan *s, size_t i, size_t n, const alias_rec *rec,
			    size_t ml, const alias_rec *bare, size_t bl, int *entry)
{
	if (!ml)
		return 0;
	/* only an adjective or a possessive reaches over other words: "Russia
	 * launched drones" is a sentence, "Russia's massive drone attack" a phrase */
	int may_skip = !(bl == ml && bare->in_context);

	int coord = 0;

	for (size_t skip = 0; skip <= 3 && i + ml + skip < n; skip++) {
		if (skip > 0) {
			size_t k = i + ml + skip - 1;
			const nf_token *t = &s->doc->toks[k];
			const alias_rec *other;

			/* "Russian and Ukrainian forces": the first names its own */
			if (skip == 1 && (tok_is(s->doc, k, "and") || tok_is(s->doc, k, "or"))) {
				coord = 1;
				continue;
			}
			if (coord && match_alias_flagged(s, s->m->mods, start_flags_of(s, k), SF_MODS, k,
							 k + 1, &other) == 1)
				continue;
			if (!may_skip || !is_lower_word(t) || blocks_head(s->m, t) ||
			    match_set(s->m->verbs, s->doc, k, n))
				break;
		}
		if (skip == 3 && !coord)
			break;
		int h;
		size_t hl = match_flagged(s, s->m->headset, start_flags_of(s, i + ml + skip), SF_HEAD,
					  i + ml + skip, n, &h);

		if (hl && (skip == 0 || s->doc->toks[i + ml + skip].kind == TK_WORD)) {
			*entry = s->m->dems[rec->target].entry_of_head[h];
			/* a coordinated demonym's span is its own word */
			return coord ? ml : ml + skip + hl;
		}
	}
	return 0;
}

/*
 * "<head> of <name>": "the Ministry of Defence of Russia", at a stop of
 * pass 1 whose start flags are f.
 */
static size_t match_head_of(const scan *s, size_t i, size_t n, unsigned f, int *entry)
{
	const nf_doc *doc = s->doc;
	size_t k = i + 1, last = i + s->m->head_tokens;
	int h;

	/* no head begins with this token: its start flags say so */
	if (!(f & SF_HEAD))
		return 0;
	/* most heads ("attack", "drones") are followed by no "of" at all: that
	 * costs less to see than the head itself */
	if (last >= doc->ntoks)
		last = doc->ntoks - 1;
	while (k <= last && !is_of(&doc->toks[k], s->m->of_hash))
		k++;
	if (k > last)
		return 0;
	size_t hl = phrase_match(s->m->headset, s->doc->toks, i, n, &h);

	if (!hl || !s->m->heads[h].after_of || !tok_is(s->doc, i + hl, "of"))
		return 0;
	const alias_rec *rec;
	size_t nl = match_alias(s, s->m->ofnames, i + hl + 1, n, &rec);

	if (!nl)
		return 0;
	*entry = s->m->dems[rec->target].entry_of_head[h];
	return hl + 1 + nl;
}

static inline size_t match_set(const phrase_set *set, const nf_doc *doc, size_t i, size_t n)
{
	int v;

	return i < n ? phrase_match(set, doc->toks, i, n, &v) : 0;
}

static int emit(nf_doc *doc, size_t a, size_t b, const char *name, const char *kind,
		const char *country, const char *rule)
{
	nf_fact *f = doc_add_fact(doc, NF_ACTOR, a, b, rule);

	if (!f)
		return -1;
	f->name = name;
	f->kind = kind;
	f->country = country;
	return 0;
}

/* emit, and a person's mention is noted in s->people too. */
static int emit_noted(scan *s, size_t a, size_t b, const char *name, const char *kind,
		      const char *country, const char *rule)
{
	if (emit(s->doc, a, b, name, kind, country, rule) < 0)
		return -1;
	if (!kind || kind[0] != 'p' || strcmp(kind, "person") != 0)
		return 0;
	if (array_grow_from((void **)&s->people, &s->cappeople, s->npeople, sizeof *s->people, 0,
			    actor_scratch.people) < 0)
		return -1;
	s->people[s->npeople++] = (person_span){ a, b, name, country };
	return 0;
}

/* ---- countries in context -------------------------------------------- */

/*
 * The country named at [a, b) acts or is targeted: a verb follows ("Russia
 * launched", "Iran has fired", "Ukraine was attacked"), or a preposition or
 * transitive verb comes before ("strikes on Ukraine", "fired by Iran",
 * "attacked Ukraine").
 */
static int country_in_context(const scan *s, size_t a, size_t b, int verb_only)
{
	const struct actor_model *m = s->m;
	nf_doc *doc = s->doc;
	size_t lo = sent_begin(doc, a), hi = sent_end(doc, a);
	size_t j = b, len;

	if (!tok_is(doc, j, "'s")) {
		while ((len = match_set(m->adverbs, doc, j, hi)))
			j += len;
		if (match_set(m->verbs, doc, j, hi))
			return 1;
		if ((len = match_set(m->modals, doc, j, hi))) {
			/* "Ukraine would convene": a verb always follows a modal */
			size_t k = j + len;

			while ((len = match_set(m->adverbs, doc, k, hi)) || tok_is(doc, k, "not"))
				k += len ? len : 1;
			if (k < hi && is_lower_word(&doc->toks[k]) && !tok_is(doc, k, "be"))
				return 1;
		}
		if ((len = match_set(m->aux, doc, j, hi))) {
			size_t k = j + len;
			int perfect = tok_is(doc, j, "has") || tok_is(doc, j, "have") ||
				      tok_is(doc, j, "had");

			while ((len = match_set(m->adverbs, doc, k, hi)) || tok_is(doc, k, "not"))
				k += len ? len : 1;
			if (tok_is(doc, k, "been")) {
				perfect = 0;
				k++;
			}
			if (match_set(m->verbs, doc, k, hi))
				return 1;
			/* "is attacking", "has been firing", "has shelled"; not "has been gripped" */
			if (k < hi && is_lower_word(&doc->toks[k]) && doc->toks[k].norm_len > 4) {
				const char *w = doc->toks[k].norm;
				size_t wl = doc->toks[k].norm_len;

				if (strcmp(w + wl - 3, "ing") == 0 && !perfect)
					return 1;
				if (strcmp(w + wl - 2, "ed") == 0 && perfect)
					return 1;
			}
		}
	}
	if (verb_only)
		return 0;
	size_t k = a;

	if (k > lo && tok_is(doc, k - 1, "the"))
		k--;
	for (size_t w = 1; w <= 4 && w <= k - lo; w++)
		if (match_set(m->before, doc, k - w, k) == w)
			return 1;
	return 0;
}

/* Two mentions joined by "and", "or" or a comma. */
static int coordinated(const nf_doc *doc, const mention *x, const mention *y)
{
	size_t gap = y->a - x->b;

	if (doc->toks[x->a].sentence != doc->toks[y->a].sentence)
		return 0;
	if (gap == 1)
		return tok_is(doc, x->b, "and") || tok_is(doc, x->b, "or") || tok_is(doc, x->b, ",");
	if (gap == 2)
		return (tok_is(doc, x->b, ",") || tok_is(doc, x->b, "and")) &&
		       (tok_is(doc, x->b + 1, "and") || tok_is(doc, x->b + 1, "the"));
	return gap == 3 && tok_is(doc, x->b, ",") && tok_is(doc, x->b + 1, "and") &&
	       tok_is(doc, x->b + 2, "the");
}

static int emit_countries(scan *s, mention *ms, size_t nm)
{
	for (size_t i = 0; i < nm; i++)
		ms[i].actor = country_in_context(s, ms[i].a, ms[i].b,
						 s->m->aliases[ms[i].alias].in_context == CTX_VERB);
	/* spread along coordinations, both ways (the flag first: the test of
	 * the words costs more) */
	for (size_t i = 0; i + 1 < nm; i++)
		if (ms[i].actor && coordinated(s->doc, &ms[i], &ms[i + 1]))
			ms[i + 1].actor = 1;
	for (size_t i = nm; i-- > 1;)
		if (ms[i].actor && coordinated(s->doc, &ms[i - 1], &ms[i]))
			ms[i - 1].actor = 1;
	for (size_t i = 0; i < nm; i++) {
		const actor_entry *e = &s->m->entries[ms[i].entry];

		if (ms[i].actor &&
		    emit_noted(s, ms[i].a, ms[i].b, e->name, e->kind, e->country, "actor-country") < 0)
			return -1;
	}
	return 0;
}

/* ---- pass 1: names, demonym phrases and countries ------------------------ */

/*
 * A demonym right after a word that targets ("strikes on Ukrainian cities",
 * "attacks against Russian territory"): the country is the target.
 */
static size_t match_targeted_demonym(const scan *s, size_t i, const alias_rec *rec,
				     size_t ml, int *entry)
{
	size_t k = i, lo;

	if (!ml || tok_is(s->doc, i + ml - 1, "'s") || is_lower_word(&s->doc->toks[i]))
		return 0;
	lo = sent_begin(s->doc, i);
	if (k > lo && tok_is(s->doc, k - 1, "the"))
		k--;
	for (size_t w = 1; w <= 4 && w <= k - lo; w++) {
		if (match_set(s->m->before, s->doc, k - w, k) == w) {
			*entry = s->m->dems[rec->target].self;
			return ml;
		}
	}
	return 0;
}

/*
 * The mention at i completes a person's title: "a spokesman for Ukraine's
 * General Staff", "head of the Kharkiv Oblast Military Administration". Such a
 * body only describes the person (case 28).
 */
static int after_title(const scan *s, size_t i)
{
	size_t lo = sent_begin(s->doc, i), k = i;

	if (k > lo && tok_is(s->doc, k - 1, "the"))
		k--;
	if (k <= lo + 1 || !(tok_is(s->doc, k - 1, "of") || tok_is(s->doc, k - 1, "for")))
		return 0;
	k--;
	for (size_t w = 1; w <= 2 && w <= k - lo; w++)
		if (match_set(s->m->titles, s->doc, k - w, k) == w)
			return 1;
	return 0;
}

/*
 * Mark the tokens of a photo credit opening at token i, "(Ukrainian
 * Emergency Service via AP)": a parenthesis that holds "via", "photo" or
 * "credit" (case 29). Out of line: rare, and kept out of skim's loop.
 */
static __attribute__((noinline)) void mark_credit(scan *s, size_t i)
{
	const nf_doc *doc = s->doc;
	size_t k, credit = 0;

	for (k = i + 1; k < doc->ntoks && k < i + 40 && !tok_is(doc, k, ")"); k++)
		if (tok_is(doc, k, "via") || tok_is(doc, k, "photo") || tok_is(doc, k, "credit"))
			credit = 1;
	if (credit && tok_is(doc, k, ")"))
		for (size_t j = i; j < k; j++)
			bit_set(s->credit, j);
}

/*
 * May pass 1 find a mention at token i, whose start flags (nonzero) are f?
 * "the" begins names but is mostly no name's, and most heads ("attack")
 * have no "of" after them: ruled out here, in skim's loop, the stop at such
 * a token costs no rule. Every rule of pass 1 needs a match of names, mods
 * or headset at i, and match_head_of an "of" within head_tokens (the same
 * window as there). The tests are those phrase_match_from makes before it
 * walks the trie: no false "no".
 */
static int may_stop(const scan *s, size_t i, unsigned f)
{
	const struct actor_model *m = s->m;
	const nf_doc *doc = s->doc;
	const nf_token *t = &doc->toks[i];

	if (f & (SF_NAMES_SOLO | SF_MODS_SOLO))
		return 1;
	/*
	 * At a sentence's end only a phrase alone may match, and match_head_of
	 * needs its "of" and name in the sentence. That is asked last: the
	 * pair filters rule out most tokens here ("the" of "the Russians").
	 */
	if (i + 1 >= doc->ntoks)
		return 0;
	const nf_token *next = t + 1;

	if (((f & SF_NAMES) && pair_may(m->names, t, next)) ||
	    ((f & SF_MODS) && pair_may(m->mods, t, next)))
		return i + 1 < sent_end(doc, i);
	if (!(f & SF_HEAD) || (!(f & SF_HEAD_SOLO) && !pair_may(m->headset, t, next)) ||
	    i + 1 >= sent_end(doc, i))
		return 0;
	size_t last = i + m->head_tokens;

	if (last >= doc->ntoks)
		last = doc->ntoks - 1;
	for (size_t k = i + 1; k <= last; k++)
		if (is_of(&doc->toks[k], m->of_hash))
			return 1;
	return 0;
}

/* Does skim note token t: capitalised, or in a filter (SF_ANY)? */
static inline int noted(const uint8_t *start_flags, uint32_t start_mask, const nf_token *t)
{
	return ((start_flags[t->hash & start_mask] | t->flags) & SF_ANY) != 0;
}

/*
 * The first token of [k, end) that skim notes, or end. Most tokens are not:
 * two are tested a round, as the loop's own test and jump cost as much as a
 * token's. An index, not a pointer: skim needs the index of the few noted.
 */
static inline size_t next_noted(const uint8_t *start_flags, uint32_t start_mask,
				const nf_token *toks, size_t k, size_t end)
{
	for (; k + 1 < end; k += 2) {
		if (noted(start_flags, start_mask, &toks[k]))
			return k;
		if (noted(start_flags, start_mask, &toks[k + 1]))
			return k + 1;
	}
	return k < end && !noted(start_flags, start_mask, &toks[k]) ? k + 1 : k;
}

/*
 * May the name-first rule of pass 2 ("Ivan Petrenko, the regional
 * governor") find a name at token k? Its cheap tests: a capitalised word
 * (not all capitals) with no capitalised word before it, and a comma after
 * two or three words in its sentence.
 */
static inline int name_first_may(const nf_doc *doc, size_t k, uint32_t comma)
{
	const nf_token *t = &doc->toks[k];

	if (t->kind != TK_WORD || (t->flags & (TF_CAP | TF_UPPER)) != TF_CAP ||
	    (k > 0 && t[-1].kind == TK_WORD && (t[-1].flags & TF_CAP)))
		return 0;
	const size_t n = sent_end(doc, k);

	return (k + 2 < n && is_comma(t + 2, comma)) || (k + 3 < n && is_comma(t + 3, comma));
}

/*
 * From token i on, note the candidates of the later passes (cand and
 * starts) and the
 * photo credits, up to the first token where a mention may start
 * (start_flags, may_stop), noted too and returned, or end. With all set,
 * note [i, end) whatever starts there.
 *
 * Every token passes here once, in order, before pass 1 looks for a mention
 * at it, so a mention's credit is known then. This is the one loop over
 * every token, and most fail its first test.
 */
static inline __attribute__((always_inline)) size_t skim(scan *s, size_t i, size_t end, int all)
{
	const nf_token *const toks = s->doc->toks;
	/* copies: the stores to cand could alias the model's fields */
	const uint8_t *start_flags = s->m->start_flags;
	const uint32_t start_mask = s->m->start_mask;
	const uint32_t paren = s->m->paren_hash, comma = s->m->comma_hash;
	cand_tok *cand = s->cand;
	uint32_t *starts = s->starts;
	size_t ncand = s->ncand, nstarts = s->nstarts;

	size_t k = i;

	for (; (k = next_noted(start_flags, start_mask, toks, k, end)) < end; k++) {
		const nf_token *const t = &toks[k];
		const unsigned f = start_flags[t->hash & start_mask];

		if ((t->flags & TF_CAP) || (f & SF_TITLE)) {
			cand[ncand++] = (cand_tok){ (uint32_t)k, t->hash };
			/* (SF_TITLE: a title's first token may be this one) */
			if ((f & SF_TITLE) || name_first_may(s->doc, k, comma))
				starts[nstarts++] = (uint32_t)k;
		}
		if (t->hash == paren && tok_is(s->doc, k, "("))
			mark_credit(s, k);
		if (!all && (f & SF_STARTS) && may_stop(s, k, f))
			break;
	}
	s->ncand = ncand;
	s->nstarts = nstarts;
	return k;
}

/* Country codes are short: a loop, and no call, compares them. */
static inline int same_string(const char *a, const char *b)
{
	if (a == b)
		return 1;
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/*
 * Count the mention at token i of country c for dominant_country: mentions,
 * not tokens, so one that continues the same country's mention at i - 1
 * counts with it. Called in token order, before the mention at i joins
 * s->spans.
 */
static void tally_country(scan *s, size_t i, const char *c)
{
	const cc_span *prev = s->nspans ? &s->spans[s->nspans - 1] : NULL;
	size_t k;

	/* a mention before ends at i - 1 only if it is the last span */
	if (!c || !*c || (i > 0 && prev && prev->b == i && prev->cc == c))
		return;
	const size_t h = ((uintptr_t)c >> 3) % 64;

	if (s->seen[h].c == c) {
		s->counts[s->seen[h].k]++;
		return;
	}
	/* the codes are distinct strings: any order finds the same one, and
	 * the last one found is the likeliest */
	if (s->last_code < s->ncodes && same_string(s->codes[s->last_code], c)) {
		s->counts[s->last_code]++;
		s->seen[h].c = c;
		s->seen[h].k = s->last_code;
		return;
	}
	for (k = 0; k < s->ncodes && !same_string(s->codes[k], c); k++)
		;
	if (k == s->ncodes) {
		if (k == MAXC)
			return;
		s->codes[k] = c;
		s->counts[s->ncodes++] = 0;
	}
	s->counts[k]++;
	s->last_code = k;
	s->seen[h].c = c;
	s->seen[h].k = k;
}

static int scan_names(scan *s)
{
	const struct actor_model *m = s->m;
	nf_doc *doc = s->doc;
	mention *ms = actor_scratch.ms;
	size_t nm = 0, capm = ROOM;
	int rc = -1;

	for (size_t i = 0; (i = skim(s, i, doc->ntoks, 0)) < doc->ntoks;) {
		size_t n = sent_end(doc, i), best = 0, len;
		const alias_rec *rec = NULL, *mod = NULL;
		int entry = -1, e, in_context = 0;
		const char *rule = "actor-name";
		const unsigned f = start_flags_of(s, i);
		const first_steps *fs = (f & (SF_NAMES | SF_MODS)) ? stop_steps(s, i, f) : NULL;
		/* the modifiers at i serve two rules: matched once */
		size_t ml = fs ? match_alias_stepped(s, m->mods, &fs->mods, f, SF_MODS, i, n, &mod) : 0;

		if (fs && (len = match_alias_stepped(s, m->names, &fs->names, f, SF_NAMES, i, n, &rec))) {
			best = len;
			entry = rec->target;
			in_context = rec->in_context;
		}
		if ((len = match_demonym(s, i, n, mod, ml, rec, best, &e)) > best) {
			best = len, entry = e, in_context = 0;
			rule = "actor-demonym";
		}
		if ((len = match_head_of(s, i, n, f, &e)) > best) {
			best = len, entry = e, in_context = 0;
			rule = "actor-head-of";
		}
		if (!best && (len = match_targeted_demonym(s, i, mod, ml, &e))) {
			best = len, entry = e, in_context = 0;
			rule = "actor-targeted-demonym";
		}
		/* the tokens the mention spans are passed over: noted now */
		if (best > 1)
			skim(s, i + 1, i + best, 1);
		if (!best || bit_get(s->credit, i)) {
			i += best ? best : 1;
			continue;
		}
		const actor_entry *ae = &m->entries[entry];

		if (in_context) {
			if (array_grow_from((void **)&ms, &capm, nm, sizeof *ms, 0, actor_scratch.ms) < 0)
				goto out;
			ms[nm++] = (mention){ i, i + best, entry, (int)(rec - m->aliases), 0 };
		} else if ((ae->kind[0] == 'p' && strcmp(ae->kind, "person") == 0) ||
			   (!match_set(m->titles, doc, i + best, n) && !after_title(s, i))) {
			/* a body before a title only qualifies the person (case 28) */
			if (emit_noted(s, i, i + best, ae->name, ae->kind, ae->country, rule) < 0)
				goto out;
		}
		tally_country(s, i, ae->country);
		if (array_grow_from((void **)&s->spans, &s->capspans, s->nspans, sizeof *s->spans, 0,
				    actor_scratch.spans) < 0)
			goto out;
		s->spans[s->nspans++] = (cc_span){ i, i + best, ae->country };
		for (size_t k = i; k < i + best; k++)
			bit_set(s->covered, k);
		i += best;
	}
	rc = emit_countries(s, ms, nm);
out:
	array_free_from(ms, actor_scratch.ms);
	return rc;
}

/* ---- pass 2: people introduced by a title ----------------------------- */

/* Token i looks like part of a name: name_token but for the words of notname. */
static inline int name_shape(const scan *s, size_t i)
{
	const nf_token *t = &s->doc->toks[i];

	return t->kind == TK_WORD && (t->flags & TF_CAP) && !(t->flags & TF_UPPER) &&
	       !bit_get(s->covered, i) && t->norm_len > 1;
}

/* Token i may be part of a person's name. */
static int name_token(const scan *s, size_t i)
{
	return name_shape(s, i) && !match_set(s->m->notname, s->doc, i, i + 1);
}

/* A name of two or three capitalised words at i, on one line; returns its length. */
static size_t name_run(const scan *s, size_t i, size_t n)
{
	size_t k;

	/* a name has two words: the cheap test of the second first */
	if (i + 1 >= n || !name_shape(s, i + 1))
		return 0;
	/* each token's name_token once: it is the costly test */
	for (k = i; k < n; k++) {
		if (!name_token(s, k))
			break;
		/* four capitalised words, or a name token on the next line: a
		 * title or a heading */
		if (k - i == 3 || (k > i && (s->doc->toks[k].flags & TF_NL)))
			return 0;
	}
	return k - i >= 2 ? k - i : 0;
}

/*
 * The country of the nearest actor mention within a few tokens, else the
 * document's: the last token with a country among the 8 before a (in its
 * sentence), else the first among the 10 from b on. [a, b) is no mention's.
 */
static const char *nearby_country(const scan *s, size_t a, size_t b, const char *doc_cc)
{
	size_t lo = sent_begin(s->doc, a), hi = sent_end(s->doc, a);
	size_t l = 0, r = s->nspans;

	/* l: the first span that does not start before a */
	while (l < r) {
		size_t mid = l + (r - l) / 2;

		if (s->spans[mid].a < a)
			l = mid + 1;
		else
			r = mid;
	}
	for (size_t p = l; p-- > 0;) {
		const cc_span *sp = &s->spans[p];

		if (!sp->cc || !*sp->cc)
			continue;
		/* its token nearest a */
		size_t t = sp->b - 1 < a - 1 ? sp->b - 1 : a - 1;

		if (t >= lo && a - t <= 8)
			return sp->cc;
		break;
	}
	/* the spans from l on start at a or later; the one before may reach b */
	for (size_t p = l > 0 ? l - 1 : 0; p < s->nspans; p++) {
		const cc_span *sp = &s->spans[p];

		if (sp->b <= b || !sp->cc || !*sp->cc)
			continue;
		size_t t = sp->a > b ? sp->a : b;

		if (t < hi && t - b < 10)
			return sp->cc;
		break;
	}
	return doc_cc;
}

/* The country most actor mentions of the document belong to ("" when none). */
static const char *dominant_country(const scan *s)
{
	size_t best = 0;

	for (size_t k = 1; k < s->ncodes; k++)
		if (s->counts[k] > s->counts[best])
			best = k;
	return s->ncodes ? s->codes[best] : "";
}

static int add_person(scan *s, size_t a, size_t b, const char *doc_cc,
		      found_person **ps, size_t *np, size_t *capp)
{
	nf_doc *doc = s->doc;
	const char *name = doc_strdup(doc, doc->text + doc->toks[a].start,
				      doc->toks[b - 1].end - doc->toks[a].start);

	if (!name)
		return -1;
	const char *cc = nearby_country(s, a, b, doc_cc);

	if (emit_noted(s, a, b, name, "person", cc, "actor-titled-person") < 0 ||
	    array_grow_from((void **)ps, capp, *np, sizeof **ps, 0, actor_scratch.ps) < 0)
		return -1;
	(*ps)[(*np)++] = (found_person){ name, cc, doc->toks[b - 1].norm, doc->toks[b - 1].hash };
	for (size_t k = a; k < b; k++)
		bit_set(s->covered, k);
	return 0;
}

/*
 * The first token from i on where scan_titled_people may find a person: an
 * uncovered one of s->starts (skim put there the tokens that may begin a
 * title, and those that pass the cheap tests of the name-first rule), in
 * increasing order; *c is the cursor in that list, left at the token
 * returned. ntoks when none is left.
 */
static size_t next_person_start(const scan *s, size_t *c, size_t i)
{
	const uint32_t *starts = s->starts;
	const size_t nstarts = s->nstarts;
	size_t k = *c;

	while (k < nstarts && (starts[k] < i || bit_get(s->covered, starts[k])))
		k++;
	*c = k;
	return k < nstarts ? starts[k] : s->doc->ntoks;
}

/*
 * People not in the table: a title, possibly several ("Maj. Gen."), then a
 * name ("Governor Ivan Petrenko"), or a name, a comma and a title within a few
 * words ("Ivan Petrenko, the regional governor"). The person's country is the
 * nearest actor's, else the document's main one. Later mentions of the
 * surname alone name the same person.
 */
static int scan_titled_people(scan *s)
{
	const struct actor_model *m = s->m;
	nf_doc *doc = s->doc;
	const char *doc_cc = dominant_country(s);
	found_person *ps = actor_scratch.ps;
	size_t np = 0, capp = ROOM;
	uint32_t *slots = NULL;
	int rc = -1;

	size_t c = 0;

	for (size_t i = 0; (i = next_person_start(s, &c, i)) < doc->ntoks; i++) {
		size_t n = sent_end(doc, i), len, j = i, nl;
		/* title first */
		while ((len = match_set(m->titles, doc, j, n))) {
			j += len;
			while (tok_is(doc, j, "."))
				j++;
		}
		if (j > i && (nl = name_run(s, j, n))) {
			if (add_person(s, j, j + nl, doc_cc, &ps, &np, &capp) < 0)
				goto out;
			i = j + nl - 1;
			continue;
		}
		/* name first, then ", (a|the)? ... title" */
		if (i > 0 && doc->toks[i - 1].kind == TK_WORD && (doc->toks[i - 1].flags & TF_CAP))
			continue;
		/* a name is two or three words: no comma after either, no name
		 * here (the cheap test first) */
		if (!(i + 2 < n && is_comma(&doc->toks[i + 2], m->comma_hash)) &&
		    !(i + 3 < n && is_comma(&doc->toks[i + 3], m->comma_hash)))
			continue;
		if (!(nl = name_run(s, i, n)) || !tok_is(doc, i + nl, ","))
			continue;
		for (size_t k = i + nl + 1; k < n && k <= i + nl + 4; k++) {
			if (match_set(m->titles, doc, k, n)) {
				if (add_person(s, i, i + nl, doc_cc, &ps, &np, &capp) < 0)
					goto out;
				i += nl - 1;
				break;
			}
			if (doc->toks[k].kind != TK_WORD)
				break;
		}
	}
	/* people of the table named in full ("Lloyd Austin") count too: all
	 * the people named so far, in the order of their facts */
	for (size_t f = 0; f < s->npeople; f++) {
		const person_span *pp = &s->people[f];
		const nf_token *last = &doc->toks[pp->b - 1];

		if (pp->b - pp->a < 2 || last->kind != TK_WORD ||
		    array_grow_from((void **)&ps, &capp, np, sizeof *ps, 0, actor_scratch.ps) < 0)
			continue;
		ps[np++] = (found_person){ pp->name, pp->country, last->norm, last->hash };
	}
	/*
	 * Surnames alone after the full name. The first person of a surname
	 * wins; a hash set of the surnames (person index + 1 per slot) keeps
	 * this linear in a long window naming thousands of people.
	 */
	size_t cap = 16;

	while (cap < np * 2)
		cap *= 2;
	if (np && cap <= 2 * ROOM)
		slots = memset(actor_scratch.slots, 0, cap * sizeof *slots);
	else if (np && !(slots = calloc(cap, sizeof *slots)))
		goto out;
	for (size_t p = 0; p < np; p++) {
		size_t k = ps[p].surname_hash & (cap - 1);

		while (slots[k] && (ps[slots[k] - 1].surname_hash != ps[p].surname_hash ||
				    strcmp(ps[slots[k] - 1].surname, ps[p].surname) != 0))
			k = (k + 1) & (cap - 1);
		if (!slots[k])
			slots[k] = (uint32_t)p + 1;
	}
	for (c = 0; np && c < s->ncand; c++) {
		const uint32_t hash = s->cand[c].hash;
		size_t i = s->cand[c].tok, k = hash & (cap - 1);

		/* most words are no surname: an empty slot says so first */
		if (!slots[k] || !(doc->toks[i].flags & TF_CAP) || bit_get(s->covered, i))
			continue;
		for (; slots[k]; k = (k + 1) & (cap - 1)) {
			const found_person *fp = &ps[slots[k] - 1];

			if (hash != fp->surname_hash ||
			    strcmp(doc->toks[i].norm, fp->surname) != 0)
				continue;
			if (emit(doc, i, i + 1, fp->name, "person", fp->country,
				 "actor-surname") < 0)
				goto out;
			bit_set(s->covered, i);
			break;
		}
	}
	rc = 0;
out:
	array_free_from(slots, actor_scratch.slots);
	array_free_from(ps, actor_scratch.ps);
	return rc;
}

/*
 * Find the actors of doc (see the top of this file). Returns 0, or -1 when
 * memory runs out.
 */
int extract_actors(const nf_model *model, nf_doc *doc)
{
	struct actor_scratch *as = &actor_scratch;
	scan s = { .m = model->actor, .doc = doc, .steps = as->steps,
		   .spans = as->spans, .capspans = 4 * ROOM,
		   .people = as->people, .cappeople = ROOM };
	int rc = -1;

	if (!doc->ntoks)
		return 0;
	if (as->serial != s.m->serial) {
		for (size_t k = 0; k < STEPS_MEMO; k++)
			as->steps[k].len = UINT32_MAX;
		as->serial = s.m->serial;
	}
	size_t words = (doc->ntoks + 63) / 64;

	/* covered, then credit, zeroed; cand, then starts: a token is at most
	 * once in each */
	if (doc->ntoks <= SCRATCH_TOKS) {
		s.covered = memset(as->bits, 0, 2 * words * sizeof *s.covered);
		s.cand = as->cand;
		s.starts = as->starts;
	} else {
		s.covered = calloc(2 * words, sizeof *s.covered);
		s.cand = malloc(doc->ntoks * (sizeof *s.cand + sizeof *s.starts));
		s.starts = s.cand ? (uint32_t *)(void *)(s.cand + doc->ntoks) : NULL;
	}
	s.credit = s.covered ? s.covered + words : NULL;
	if (s.covered && s.cand) {
		if (scan_names(&s) == 0 && scan_titled_people(&s) == 0)
			rc = 0;
	}
	if (s.covered != as->bits) {
		free(s.cand);
		free(s.covered);
	}
	array_free_from(s.spans, as->spans);
	array_free_from(s.people, as->people);
	return rc;
}
