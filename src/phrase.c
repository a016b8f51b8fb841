/*
 * phrase.c: phrase sets as a trie over normalised tokens (see phrase.h).
 *
 * Node 0 is the root. An edge (parent node, token norm) -> child node lives in
 * one open-addressing hash table; the token's hash is computed once by the
 * tokenizer, so following an edge is one probe and one string compare.
 *
 * Most tokens of a text begin no phrase, so the hashes of the first tokens are
 * also kept in a bitset: a clear bit answers "no phrase here" without
 * touching the edge table at all.
 */
#include "phrase.h"

#include <stdlib.h>
#include <string.h>

#include "extract.h"

typedef struct edge {
	uint32_t parent;
	uint32_t child;        /* 0 = empty slot (the root is never a child) */
	uint32_t hash;
	uint32_t norm;         /* offset of the token's norm in phrase_set.norms */
} edge;

/*
 * The first-token filter has about 32 bits per first token, so that a word
 * that begins no phrase finds its bit clear 97 times in 100 (a set bit costs
 * a probe of the edge table, most likely a cache miss): small sets keep a
 * small filter, the gazetteer's a large one.
 */
#define FIRST_MIN_BITS 512
#define FIRST_BITS_PER_TOKEN 32

struct phrase_set {
	phrase_filter filter;  /* first: phrase_match (phrase.h) reads it through a cast */
	size_t nfirsts;        /* distinct first tokens */
	int *value;            /* per node, -1 when no phrase ends there */
	size_t nnodes, capnodes;
	edge *edges;
	size_t nedges, capedges;   /* capedges is a power of two */
	/* the edges' norm strings, NUL-terminated, one after another: one
	 * allocation for all, freed at once */
	char *norms;
	size_t normlen, normcap;
	nf_tokstore scratch;   /* reused by phrase_add to tokenize phrases */
};

static uint32_t edge_slot(uint32_t parent, uint32_t hash, size_t cap)
{
	uint32_t h = hash ^ (parent * 0x9E3779B1u);

	h ^= h >> 15;
	return h & (uint32_t)(cap - 1);
}

phrase_set *phrase_new(void)
{
	phrase_set *set = calloc(1, sizeof *set);

	if (!set)
		return NULL;
	set->capnodes = 64;
	set->value = malloc(set->capnodes * sizeof *set->value);
	set->capedges = 128;
	set->edges = calloc(set->capedges, sizeof *set->edges);
	set->filter.nbits = FIRST_MIN_BITS;
	set->filter.first = calloc(set->filter.nbits / 64, sizeof *set->filter.first);
	if (!set->value || !set->edges || !set->filter.first) {
		phrase_free(set);
		return NULL;
	}
	set->value[0] = -1;
	set->nnodes = 1;
	return set;
}

void phrase_free(phrase_set *set)
{
	if (!set)
		return;
	free(set->edges);
	free(set->filter.first);
	free(set->norms);
	tokstore_free(&set->scratch);
	free(set->value);
	free(set);
}

/* a == b for two NUL-terminated norms; short words, so a loop beats a call */
static inline int same_norm(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static inline const edge *find_edge(const phrase_set *set, uint32_t parent, uint32_t hash,
				    const char *norm)
{
	size_t mask = set->capedges - 1;

	for (uint32_t i = edge_slot(parent, hash, set->capedges);; i = (i + 1) & mask) {
		const edge *e = &set->edges[i];

		if (e->child == 0)
			return NULL;
		if (e->hash == hash && e->parent == parent && same_norm(set->norms + e->norm, norm))
			return e;
	}
}

static int grow_edges(phrase_set *set)
{
	size_t ncap = set->capedges * 2;
	edge *ne = calloc(ncap, sizeof *ne);

	if (!ne)
		return -1;
	for (size_t i = 0; i < set->capedges; i++) {
		edge *e = &set->edges[i];

		if (e->child == 0)
			continue;
		uint32_t j = edge_slot(e->parent, e->hash, ncap);

		while (ne[j].child != 0)
			j = (j + 1) & (uint32_t)(ncap - 1);
		ne[j] = *e;
	}
	free(set->edges);
	set->edges = ne;
	set->capedges = ncap;
	return 0;
}

static void set_first_bit(phrase_set *set, uint32_t hash)
{
	uint32_t bit = hash & (uint32_t)(set->filter.nbits - 1);

	set->filter.first[bit / 64] |= 1ull << (bit % 64);
}

/* Note a new first token, widening the filter (rebuilt from the root's edges) as the set grows. */
static int add_first(phrase_set *set, uint32_t hash)
{
	set->nfirsts++;
	if (set->nfirsts * FIRST_BITS_PER_TOKEN > set->filter.nbits) {
		size_t nbits = set->filter.nbits * 2;

		while (nbits < set->nfirsts * FIRST_BITS_PER_TOKEN)
			nbits *= 2;
		uint64_t *nf = calloc(nbits / 64, sizeof *nf);

		if (!nf)
			return -1;
		free(set->filter.first);
		set->filter.first = nf;
		set->filter.nbits = nbits;
		for (size_t i = 0; i < set->capedges; i++)
			if (set->edges[i].child != 0 && set->edges[i].parent == 0)
				set_first_bit(set, set->edges[i].hash);
	}
	set_first_bit(set, hash);
	return 0;
}

/* Child of parent along norm, created when missing. Returns 0 when out of memory. */
static uint32_t add_edge(phrase_set *set, uint32_t parent, uint32_t hash, const char *norm)
{
	const edge *found = find_edge(set, parent, hash, norm);

	if (found)
		return found->child;
	if ((set->nedges + 1) * 4 > set->capedges * 3 && grow_edges(set) < 0)
		return 0;
	if (set->nnodes == set->capnodes) {
		int *nv = realloc(set->value, set->capnodes * 2 * sizeof *nv);

		if (!nv)
			return 0;
		set->value = nv;
		set->capnodes *= 2;
	}
	if (parent == 0 && add_first(set, hash) < 0)
		return 0;
	size_t nl = strlen(norm) + 1;

	if (set->normcap - set->normlen < nl) {
		size_t ncap = set->normcap ? set->normcap : 1024;

		while (ncap - set->normlen < nl)
			ncap *= 2;
		char *nn = ncap <= UINT32_MAX ? realloc(set->norms, ncap) : NULL;

		if (!nn)
			return 0;
		set->norms = nn;
		set->normcap = ncap;
	}
	uint32_t off = (uint32_t)set->normlen;

	memcpy(set->norms + off, norm, nl);
	set->normlen += nl;
	uint32_t child = (uint32_t)set->nnodes++;
	size_t mask = set->capedges - 1;
	uint32_t i = edge_slot(parent, hash, set->capedges);

	while (set->edges[i].child != 0)
		i = (i + 1) & (uint32_t)mask;
	set->edges[i] = (edge){ parent, child, hash, off };
	set->nedges++;
	set->value[child] = -1;
	return child;
}

/*
 * The trie node of a phrase of ASCII letters and spaces only, the most
 * common kind in the tables, whose tokens are its words in lower case: no
 * need for the tokenizer. Returns 0 when text is of another kind (or out of
 * memory), and the node (not the root) otherwise.
 */
static uint32_t add_plain(phrase_set *set, const char *text)
{
	char word[128];
	uint32_t node = 0;
	size_t n = 0;

	for (const char *p = text;; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (n + 1 >= sizeof word)
				return 0;
			word[n++] = (char)(c | 0x20);
			continue;
		}
		if (c != ' ' && c != '\0')
			return 0;
		if (n > 0) {
			word[n] = '\0';
			if (!(node = add_edge(set, node, nf_hash(word, n), word)))
				return 0;
			n = 0;
		}
		if (c == '\0')
			return node;
	}
}

/* Does text hold only ASCII letters and spaces, with at least one letter and no long word? */
static int is_plain(const char *text)
{
	int letters = 0;
	size_t run = 0;

	for (const char *p = text; *p; p++) {
		if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') {
			letters++;
			if (++run > 100)
				return 0;
		} else if (*p == ' ') {
			run = 0;
		} else {
			return 0;
		}
	}
	return letters > 0;
}

int phrase_add(phrase_set *set, const char *text, int value)
{
	nf_doc doc = { 0 };
	uint32_t node = 0;
	int rc = -1;

	if (is_plain(text)) {
		if (!(node = add_plain(set, text)))
			return -1;
		if (set->value[node] < 0)
			set->value[node] = value;
		return set->value[node];
	}
	if (tokenize_reuse(&doc, text, strlen(text), &set->scratch) < 0 || doc.ntoks == 0)
		return -1;
	for (size_t i = 0; i < doc.ntoks; i++) {
		node = add_edge(set, node, doc.toks[i].hash, doc.toks[i].norm);
		if (node == 0)
			return -1;
	}
	if (set->value[node] < 0)
		set->value[node] = value;
	rc = set->value[node];
	return rc;
}

static inline int may_begin(const phrase_set *set, uint32_t hash)
{
	uint32_t bit = hash & (uint32_t)(set->filter.nbits - 1);

	return (set->filter.first[bit / 64] >> (bit % 64)) & 1;
}

/* phrase_match (phrase.h) past its filter. */
size_t phrase_match_from(const phrase_set *set, const nf_token *toks, size_t i,
			 size_t n, int *value)
{
	uint32_t node = 0;
	size_t best = 0;

	if (i >= n)
		return 0;
	for (size_t j = i; j < n; j++) {
		const edge *e = find_edge(set, node, toks[j].hash, toks[j].norm);

		if (!e)
			break;
		node = e->child;
		if (set->value[node] >= 0) {
			best = j - i + 1;
			*value = set->value[node];
		}
	}
	return best;
}

int phrase_lookup_word(const phrase_set *set, const char *norm)
{
	uint32_t hash = nf_hash(norm, strlen(norm));
	const edge *e = may_begin(set, hash) ? find_edge(set, 0, hash, norm) : NULL;

	return e ? set->value[e->child] : -1;
}
