/*
 * phrase.c: phrase sets as a trie over normalised tokens (see phrase.h).
 *
 * Node 0 is the root. An edge (parent node, token norm) -> child node lives in
 * one open-addressing hash table; the token's hash is computed once by the
 * tokenizer, so following an edge is one probe and one string compare.
 *
 * Most tokens of a text begin no phrase, so the hashes of the first tokens are
 * also kept in a bitset: a clear bit answers "no phrase here" without
 * touching the edge table at all. Many first tokens begin only longer
 * phrases ("the" of "the Russians"): two more bitsets, of the first tokens
 * that are a phrase alone and of the first two tokens of every phrase, rule
 * those out before the trie is walked.
 *
 * Table phrases are nearly all plain ASCII: they are split into tokens here,
 * exactly as the tokenizer would, and only the others go through it.
 */
#include "phrase.h"
#include "cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
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
/* The pair filter: as many bits per distinct pair of first two tokens. */
#define PAIR_MIN_SHIFT 23     /* 512 bits */
#define PAIR_BITS_PER_PAIR 32

/*
 * The edge table is kept at most EDGES_LOAD_NUM / EDGES_LOAD_DEN full. A
 * probe that finds nothing would cost many slots in a full table, but most
 * such probes never happen: each node has a 64-bit mask of its children's
 * hashes (as the root has the first-token filter), and a clear bit ends a
 * match ("the" followed by anything but "Russians") without a probe.
 */
#define EDGES_MIN 128
#define EDGES_LOAD_NUM 1
#define EDGES_LOAD_DEN 2

/* Two hashes: a root edge's (hash, child node), or a phrase's first two tokens'. */
typedef struct hpair {
	uint32_t a, b;
} hpair;

typedef struct pnode {
	uint64_t next;         /* bit (hash & 63) of each child's token */
	int value;             /* -1 when no phrase ends here */
} pnode;

/* A node without children or phrase, zeroed whole: nodes go to the model cache padding and all. */
static void node_init(pnode *n)
{
	memset(n, 0, sizeof *n);
	n->value = -1;
}

struct phrase_set {
	phrase_filter filter;  /* first: phrase_match (phrase.h) reads it through a cast */
	/* the edges of the root (hash, child) and the distinct first two
	 * tokens of the phrases (hashes), from which the filters are rebuilt
	 * as they widen */
	hpair *roots, *pairs;
	size_t nfirsts, caproots;
	size_t npairs, cappairs;
	size_t maxlen;         /* tokens of the longest phrase */
	pnode *nodes;
	size_t nnodes, capnodes;
	edge *edges;
	size_t nedges, capedges;   /* capedges is a power of two */
	unsigned shift;        /* 32 - log2(capedges): slots are the hash's top bits */
	/* the edges' norm strings, each after a byte of its length (255 for
	 * longer) and NUL-terminated, one after another: one allocation for
	 * all, freed at once */
	char *norms;
	size_t normlen, normcap;
	nf_tokstore scratch;   /* reused by phrase_add to tokenize phrases */
	int mapped;            /* the arrays live in a mapped cache (phrase_map): not ours to free */
};

/* Fibonacci hashing of (parent, hash): the top bits of the product are well mixed. */
static inline uint32_t edge_slot(uint32_t parent, uint32_t hash, unsigned shift)
{
	return ((hash ^ (parent * 0x9E3779B1u)) * 0x85EBCA6Bu) >> shift;
}

static unsigned shift_of(size_t cap)
{
	unsigned bits = 0;

	while (((size_t)1 << bits) < cap)
		bits++;
	return 32 - bits;
}

phrase_set *phrase_new(void)
{
	phrase_set *set = calloc(1, sizeof *set);

	if (!set)
		return NULL;
	set->capnodes = 64;
	set->nodes = malloc(set->capnodes * sizeof *set->nodes);
	set->capedges = EDGES_MIN;
	set->shift = shift_of(set->capedges);
	set->edges = calloc(set->capedges, sizeof *set->edges);
	set->filter.nbits = FIRST_MIN_BITS;
	set->filter.first = calloc(set->filter.nbits / 64, sizeof *set->filter.first);
	set->filter.solo = calloc(set->filter.nbits / 64, sizeof *set->filter.solo);
	set->filter.pairshift = PAIR_MIN_SHIFT;
	set->filter.pair = calloc(((size_t)1 << (32 - PAIR_MIN_SHIFT)) / 64, sizeof *set->filter.pair);
	if (!set->nodes || !set->edges || !set->filter.first || !set->filter.solo ||
	    !set->filter.pair) {
		phrase_free(set);
		return NULL;
	}
	node_init(&set->nodes[0]);
	set->nnodes = 1;
	return set;
}

void phrase_free(phrase_set *set)
{
	if (!set)
		return;
	if (set->mapped) {
		free(set);
		return;
	}
	free(set->edges);
	free(set->filter.first);
	free(set->filter.solo);
	free(set->filter.pair);
	free(set->roots);
	free(set->pairs);
	free(set->norms);
	tokstore_free(&set->scratch);
	free(set->nodes);
	free(set);
}

/* Norms of 255 bytes or more: rare, compared whole. */
static __attribute__((noinline)) int same_long_norm(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/*
 * A stored norm (its length in the byte before it, 255 for 255 or more)
 * equals the norm b of length blen. Words are short: a few word-sized
 * compares, overlapping at the end, instead of a loop over the bytes.
 */
static inline int same_norm(const char *a, const char *b, size_t blen)
{
	size_t n = (unsigned char)a[-1];

	if (n != blen || n == 255)
		return n == 255 && same_long_norm(a, b);
	return same_bytes(a, b, n);
}

/*
 * The slot of edge (parent, norm): the edge's own, or the empty slot where
 * it would go (child 0).
 */
static inline edge *probe(const phrase_set *set, uint32_t parent, uint32_t hash,
			  const char *norm, size_t len)
{
	uint32_t mask = (uint32_t)set->capedges - 1;

	for (uint32_t i = edge_slot(parent, hash, set->shift);; i = (i + 1) & mask) {
		edge *e = &set->edges[i];

		if (e->child == 0 ||
		    (e->hash == hash && e->parent == parent &&
		     same_norm(set->norms + e->norm, norm, len)))
			return e;
	}
}

/* Rehash the edges into a table of ncap slots (a power of two). */
static int resize_edges(phrase_set *set, size_t ncap)
{
	edge *ne = calloc(ncap, sizeof *ne);
	unsigned nshift = shift_of(ncap);

	if (!ne)
		return -1;
	for (size_t i = 0; i < set->capedges; i++) {
		const edge *e = &set->edges[i];

		if (e->child == 0)
			continue;
		uint32_t j = edge_slot(e->parent, e->hash, nshift);

		while (ne[j].child != 0)
			j = (j + 1) & (uint32_t)(ncap - 1);
		ne[j] = *e;
	}
	free(set->edges);
	set->edges = ne;
	set->capedges = ncap;
	set->shift = nshift;
	return 0;
}

static void set_first_bit(phrase_filter *f, uint32_t hash)
{
	uint32_t bit = hash & (uint32_t)(f->nbits - 1);

	f->first[bit / 64] |= 1ull << (bit % 64);
}

static void set_solo_bit(phrase_filter *f, uint32_t hash)
{
	uint32_t bit = hash & (uint32_t)(f->nbits - 1);

	f->solo[bit / 64] |= 1ull << (bit % 64);
}

static void set_pair_bit(phrase_filter *f, uint32_t h0, uint32_t h1)
{
	uint32_t bit = phrase_pair_bit(h0, h1, f->pairshift);

	f->pair[bit / 64] |= 1ull << (bit % 64);
}

/*
 * Widen the pair filter for npairs pairs of first two tokens, rebuilt from
 * the edges below the root's children.
 */
static int grow_pairs(phrase_set *set, size_t npairs)
{
	phrase_filter *f = &set->filter;

	if (f->pairshift > 8) {
		unsigned shift = f->pairshift - 2;     /* four times wider */

		while (shift > 8 && npairs * PAIR_BITS_PER_PAIR > ((size_t)1 << (32 - shift)))
			shift--;
		uint64_t *np = calloc(((size_t)1 << (32 - shift)) / 64, sizeof *np);

		if (!np)
			return -1;
		free(f->pair);
		f->pair = np;
		f->pairshift = shift;
		for (size_t i = 0; i < set->npairs; i++)
			set_pair_bit(f, set->pairs[i].a, set->pairs[i].b);
	}
	return 0;
}

/* Note a new pair of first two tokens (see grow_pairs). */
static int add_pair(phrase_set *set, uint32_t h0, uint32_t h1)
{
	if (array_grow((void **)&set->pairs, &set->cappairs, set->npairs, sizeof *set->pairs, 16) < 0)
		return -1;
	set->pairs[set->npairs++] = (hpair){ h0, h1 };
	if (set->npairs * PAIR_BITS_PER_PAIR > ((size_t)1 << (32 - set->filter.pairshift)) &&
	    grow_pairs(set, set->npairs) < 0)
		return -1;
	set_pair_bit(&set->filter, h0, h1);
	return 0;
}

int phrase_reserve(phrase_set *set, size_t nedges)
{
	size_t cap = set->capedges, nodes = set->nnodes + nedges;

	while (cap * EDGES_LOAD_NUM < EDGES_LOAD_DEN * (set->nedges + nedges))
		cap *= 2;
	if (cap >= ((size_t)1 << 31))
		return -1;
	/* the pair filter too, for as many pairs as there are edges at most */
	if ((set->npairs + nedges) * PAIR_BITS_PER_PAIR > ((size_t)1 << (32 - set->filter.pairshift)) &&
	    grow_pairs(set, set->npairs + nedges) < 0)
		return -1;
	if (nodes > set->capnodes) {
		pnode *nv = realloc(set->nodes, nodes * sizeof *nv);

		if (!nv)
			return -1;
		set->nodes = nv;
		set->capnodes = nodes;
	}
	return cap > set->capedges ? resize_edges(set, cap) : 0;
}

/*
 * Note a new edge of the root, to node child, widening the filter (rebuilt
 * from the root's edges) as the set grows.
 */
static int add_first(phrase_set *set, uint32_t hash, uint32_t child)
{
	if (array_grow((void **)&set->roots, &set->caproots, set->nfirsts, sizeof *set->roots, 16) < 0)
		return -1;
	set->roots[set->nfirsts++] = (hpair){ hash, child };
	if (set->nfirsts * FIRST_BITS_PER_TOKEN > set->filter.nbits) {
		/* four times wider at once: fewer rebuilds at start-up */
		size_t nbits = set->filter.nbits * 4;

		while (nbits < set->nfirsts * FIRST_BITS_PER_TOKEN)
			nbits *= 2;
		uint64_t *nf = calloc(nbits / 64, sizeof *nf);
		uint64_t *ns = calloc(nbits / 64, sizeof *ns);

		if (!nf || !ns) {
			free(nf);
			free(ns);
			return -1;
		}
		free(set->filter.first);
		free(set->filter.solo);
		set->filter.first = nf;
		set->filter.solo = ns;
		set->filter.nbits = nbits;
		for (size_t i = 0; i < set->nfirsts; i++) {
			set_first_bit(&set->filter, set->roots[i].a);
			if (set->nodes[set->roots[i].b].value >= 0)
				set_solo_bit(&set->filter, set->roots[i].a);
		}
	}
	set_first_bit(&set->filter, hash);
	return 0;
}

/*
 * Child of parent along the token norm[0..len) (NUL-terminated), created when
 * missing. Returns 0 when out of memory.
 */
static uint32_t add_edge(phrase_set *set, uint32_t parent, uint32_t hash, const char *norm,
			 size_t len)
{
	/* four times larger while small: fewer rehashes of the sets that grow
	 * to thousands of edges */
	if ((set->nedges + 1) * EDGES_LOAD_DEN > set->capedges * EDGES_LOAD_NUM &&
	    resize_edges(set, set->capedges * (set->capedges < 4096 ? 4 : 2)) < 0)
		return 0;

	edge *slot = probe(set, parent, hash, norm, len);

	if (slot->child)
		return slot->child;
	if (set->nnodes == set->capnodes) {
		pnode *nv = realloc(set->nodes, set->capnodes * 2 * sizeof *nv);

		if (!nv)
			return 0;
		set->nodes = nv;
		set->capnodes *= 2;
	}
	if (set->normcap - set->normlen < len + 2) {
		size_t ncap = set->normcap ? set->normcap : 1024;

		while (ncap - set->normlen < len + 2)
			ncap *= 2;
		char *nn = ncap <= UINT32_MAX ? realloc(set->norms, ncap) : NULL;

		if (!nn)
			return 0;
		set->norms = nn;
		set->normcap = ncap;
	}
	uint32_t off = (uint32_t)set->normlen + 1;

	set->norms[off - 1] = (char)(len < 255 ? len : 255);
	memcpy(set->norms + off, norm, len + 1);
	set->normlen += len + 2;

	uint32_t child = (uint32_t)set->nnodes++;

	*slot = (edge){ parent, child, hash, off };
	set->nedges++;
	node_init(&set->nodes[child]);
	set->nodes[parent].next |= 1ull << (hash & 63);
	if (parent == 0 && add_first(set, hash, child) < 0)
		return 0;
	return child;
}

/* ---- ASCII phrases without the tokenizer ------------------------------- */

/* An ASCII letter's or digit's norm byte (lower case), 0 for any other byte. */
static const char alnum_norm[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f',
	['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
	['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r',
	['s'] = 's', ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
	['y'] = 'y', ['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f',
	['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l',
	['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r',
	['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
	['Y'] = 'y', ['Z'] = 'z',
};

static inline int is_alpha(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26;
}

static inline int is_digit(unsigned char c)
{
	return (unsigned)(c - '0') < 10;
}

static inline int is_alnum(unsigned char c)
{
	return alnum_norm[c] != 0;
}

/* "U.S.", "a.m.": at least two letter-dot pairs, as the tokenizer's scan_dotted. */
static size_t dotted_len(const unsigned char *s)
{
	size_t j = 0, pairs = 0;

	while (is_alpha(s[j]) && s[j + 1] == '.') {
		if (is_alpha(s[j + 2]) && s[j + 3] != '.')
			break;      /* "U.Sx": not an abbreviation */
		j += 2;
		pairs++;
	}
	return pairs >= 2 ? j : 0;
}

#define PHRASE_MAX_TOKENS 32
#define PHRASE_MAX_WORD 100

typedef struct ptok {
	uint32_t off, len;     /* norm at norm buffer + off, NUL-terminated */
	uint32_t hash;         /* nf_hash of the norm */
	int word;              /* TK_WORD: a possessive "'s" may follow */
} ptok;

/*
 * The tokens of a phrase of printable ASCII, exactly as the tokenizer makes
 * them (words with inner apostrophes, the possessive "'s", dotted
 * abbreviations, whole numbers, one-character punctuation), norms into
 * norm[]. Table phrases are nearly all of this kind, and the tokenizer's
 * general path costs several times more. Returns the number of tokens, or 0
 * when the phrase needs the tokenizer: other bytes (tabs, non-ASCII), numbers
 * with separators or decimals, digits before letters, long words, many tokens.
 */
static size_t ascii_tokens(const char *text, char *norm, ptok *tk)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, nt = 0, nl = 0;
	int space = 1;          /* white space (or the start) right before s[i] */

	while (s[i]) {
		unsigned char c = s[i];
		size_t start = nl;
		int word = 1;

		if (c == ' ') {
			space = 1;
			i++;
			continue;
		}
		if (c < 0x21 || c > 0x7e || nt == PHRASE_MAX_TOKENS)
			return 0;
		if (is_alpha(c)) {
			size_t k = dotted_len(s + i);

			if (k) {
				for (size_t j = 0; j < k; j++)
					norm[nl++] = (char)(s[i + j] == '.' ? '.' : s[i + j] | 0x20);
				i += k;
			} else {
				char l;

				for (;;) {
					while ((l = alnum_norm[s[i]]))
						norm[nl++] = l, i++;
					/* an inner apostrophe: "Kam'ianske", not "Russia's" */
					if (s[i] != '\'' || !is_alpha(s[i + 1]) ||
					    ((s[i + 1] | 0x20) == 's' && !is_alnum(s[i + 2])))
						break;
					norm[nl++] = '\'';
					i++;
				}
				if (nl - start > PHRASE_MAX_WORD)
					return 0;
			}
		} else if (is_digit(c)) {
			while (is_digit(s[i]) && nl - start <= PHRASE_MAX_WORD)
				norm[nl++] = (char)s[i++];
			if (nl - start > 60 || s[i] == ',' || s[i] == '.' || is_alpha(s[i]))
				return 0;
			word = 0;
		} else if (c == '\'' && !space && nt > 0 && tk[nt - 1].word &&
			   (s[i + 1] | 0x20) == 's' && !is_alnum(s[i + 2])) {
			/* the possessive: "Russia's" */
			norm[nl++] = '\'';
			norm[nl++] = 's';
			i += 2;
		} else {
			norm[nl++] = (char)c;
			i++;
			word = 0;
		}
		norm[nl] = '\0';
		tk[nt++] = (ptok){ (uint32_t)start, (uint32_t)(nl - start),
				   nf_hash(norm + start, nl - start), word };
		nl++;
		space = 0;
	}
	return nt;
}

int phrase_add(phrase_set *set, const char *text, int value)
{
	/* the norms are no longer than the text, but for a NUL each */
	char buf[1024];
	ptok tk[PHRASE_MAX_TOKENS];
	size_t len = strlen(text), nt;
	uint32_t node = 0;

	uint32_t h0 = 0;

	if (len < sizeof buf / 2 && (nt = ascii_tokens(text, buf, tk)) > 0) {
		for (size_t i = 0; i < nt; i++) {
			size_t nn = set->nnodes;

			node = add_edge(set, node, tk[i].hash, buf + tk[i].off, tk[i].len);
			if (node == 0 || (i == 1 && set->nnodes != nn && add_pair(set, h0, tk[i].hash) < 0))
				return -1;
			h0 = i == 0 ? tk[i].hash : h0;
		}
	} else {
		nf_doc doc = { 0 };

		if (tokenize_reuse(&doc, text, len, &set->scratch) < 0 || doc.ntoks == 0)
			return -1;
		nt = doc.ntoks;
		for (size_t i = 0; i < doc.ntoks; i++) {
			size_t nn = set->nnodes;

			node = add_edge(set, node, doc.toks[i].hash, doc.toks[i].norm,
					doc.toks[i].norm_len);
			if (node == 0 ||
			    (i == 1 && set->nnodes != nn && add_pair(set, h0, doc.toks[i].hash) < 0))
				return -1;
			h0 = i == 0 ? doc.toks[i].hash : h0;
		}
	}
	if (nt > set->maxlen)
		set->maxlen = nt;
	if (set->nodes[node].value < 0)
		set->nodes[node].value = value;
	if (nt == 1)
		set_solo_bit(&set->filter, h0);     /* a phrase alone now, if not before */
	return set->nodes[node].value;
}

/* ---- matching ----------------------------------------------------------- */

/*
 * The longest phrase on from node at toks[i] (i < n), down the trie: the
 * body of phrase_walk and phrase_walk_on (phrase.h), each out of line, so
 * that phrase_match_from's tests, which rule out most calls, cost no saved
 * registers, and the walk from the root keeps its node a constant.
 */
static inline __attribute__((always_inline)) size_t walk(const phrase_set *set, uint32_t node,
							 const nf_token *toks, size_t i, size_t n,
							 int *value)
{
	const nf_token *t = toks + i, *end = toks + n, *best = t;

	for (;;) {
		const uint32_t mask = (uint32_t)set->capedges - 1, hash = t->hash;
		const edge *e;

		for (uint32_t k = edge_slot(node, hash, set->shift);; k = (k + 1) & mask) {
			e = &set->edges[k];
			if (e->child == 0)
				return (size_t)(best - (toks + i));
			if (e->hash == hash && e->parent == node &&
			    same_norm(set->norms + e->norm, t->norm, t->norm_len))
				break;
		}
		node = e->child;
		const pnode *p = &set->nodes[node];

		t++;
		if (p->value >= 0) {
			best = t;
			*value = p->value;
		}
		/* the next token follows no edge of this node: no probe */
		if (t == end || !((p->next >> (t->hash & 63)) & 1))
			return (size_t)(best - (toks + i));
	}
}

/*
 * phrase_match (phrase.h) past its filter: a few tests, and no call, rule
 * out most of what passes it.
 */
size_t phrase_match_from(const phrase_set *set, const nf_token *toks, size_t i,
			 size_t n, int *value)
{
	const phrase_filter *f = &set->filter;

	if (i >= n)
		return 0;
	/* "the" begins "the Russians" and no phrase alone: unless the next
	 * token may be a second one (the pair filter), none is here */
	const uint32_t hash = toks[i].hash, bit = hash & (uint32_t)(f->nbits - 1);

	if (!((f->solo[bit / 64] >> (bit % 64)) & 1)) {
		if (i + 1 >= n)
			return 0;
		const uint32_t pb = phrase_pair_bit(hash, toks[i + 1].hash, f->pairshift);

		if (!((f->pair[pb / 64] >> (pb % 64)) & 1))
			return 0;
	}
	return phrase_walk(set, toks, i, n, value);
}

__attribute__((noinline)) size_t phrase_walk(const phrase_set *set, const nf_token *toks,
					     size_t i, size_t n, int *value)
{
	return walk(set, 0, toks, i, n, value);
}

__attribute__((noinline)) size_t phrase_walk_on(const phrase_set *set, uint32_t node,
						const nf_token *toks, size_t i, size_t n, int *value)
{
	return walk(set, node, toks, i, n, value);
}

phrase_step phrase_first_step(const phrase_set *set, const nf_token *t)
{
	const edge *e = probe(set, 0, t->hash, t->norm, t->norm_len);

	if (!e->child)
		return (phrase_step){ 0, 0, -1 };
	const pnode *p = &set->nodes[e->child];

	return (phrase_step){ p->next, e->child, p->value };
}

size_t phrase_max_tokens(const phrase_set *set)
{
	return set->maxlen;
}

int phrase_lookup_word(const phrase_set *set, const char *norm)
{
	size_t len = strlen(norm);
	uint32_t hash = nf_hash(norm, len);

	if (!phrase_filter_has(&set->filter, hash))
		return -1;
	const edge *e = probe(set, 0, hash, norm, len);

	return e->child ? set->nodes[e->child].value : -1;
}

/* ---- filters of several sets ------------------------------------------ */

int phrase_filter_union(phrase_filter *f, const phrase_set *const *sets, size_t nsets,
			size_t min_bits)
{
	size_t nfirsts = 0, nbits = FIRST_MIN_BITS;

	while (nbits < min_bits)
		nbits *= 2;
	for (size_t k = 0; k < nsets; k++)
		nfirsts += sets[k]->nfirsts;
	while (nbits < nfirsts * FIRST_BITS_PER_TOKEN)
		nbits *= 2;
	f->nbits = nbits;
	f->solo = f->pair = NULL;
	f->pairshift = 0;
	if (!(f->first = calloc(nbits / 64, sizeof *f->first)))
		return -1;
	for (size_t k = 0; k < nsets; k++)
		for (size_t i = 0; i < sets[k]->nfirsts; i++)
			set_first_bit(f, sets[k]->roots[i].a);
	return 0;
}

void phrase_filter_free(phrase_filter *f)
{
	free(f->first);
	f->first = NULL;
	f->nbits = 0;
}

/* ---- saved sets (phrase_save, phrase_map) ----------------------------- */

/* What phrase_save writes first: the counts that size the arrays after it. */
typedef struct saved_head {
	uint64_t nbits, pairshift, nfirsts, maxlen, nnodes, capedges, nedges, normlen;
} saved_head;

int phrase_save(const phrase_set *set, FILE *f)
{
	const phrase_filter *fl = &set->filter;
	const size_t pairbits = (size_t)1 << (32 - fl->pairshift);
	saved_head h = { fl->nbits, fl->pairshift, set->nfirsts, set->maxlen, set->nnodes,
			 set->capedges, set->nedges, set->normlen };

	return cache_write_padded(f, &h, sizeof h) && cache_write_padded(f, fl->first, fl->nbits / 8) &&
	       cache_write_padded(f, fl->solo, fl->nbits / 8) && cache_write_padded(f, fl->pair, pairbits / 8) &&
	       cache_write_padded(f, set->roots, set->nfirsts * sizeof *set->roots) &&
	       cache_write_padded(f, set->nodes, set->nnodes * sizeof *set->nodes) &&
	       cache_write_padded(f, set->edges, set->capedges * sizeof *set->edges) &&
	       cache_write_padded(f, set->norms, set->normlen) ? 0 : -1;
}

/*
 * The next n bytes at *p (of [*p, end)), or NULL when fewer are left; *p
 * moves past them, padded. A mapped set is never written: its arrays are
 * only typed as a built set's.
 */
static void *take(const char **p, const char *end, uint64_t n)
{
	return (void *)(uintptr_t)cache_take(p, end, n);
}

phrase_set *phrase_map(const char **p, const char *end)
{
	const saved_head *h = take(p, end, sizeof *h);
	phrase_set *set;

	if (!h || h->nbits < 64 || (h->nbits & (h->nbits - 1)) || h->nbits > ((uint64_t)1 << 32) ||
	    h->pairshift < 8 || h->pairshift > 26 || h->nnodes == 0 || h->nnodes > UINT32_MAX ||
	    h->capedges < 2 || (h->capedges & (h->capedges - 1)) ||
	    h->capedges >= ((uint64_t)1 << 31) || h->nfirsts > h->nnodes ||
	    h->normlen > UINT32_MAX || !(set = calloc(1, sizeof *set)))
		return NULL;
	set->mapped = 1;
	set->filter.nbits = (size_t)h->nbits;
	set->filter.pairshift = (unsigned)h->pairshift;
	set->nfirsts = set->caproots = (size_t)h->nfirsts;
	set->maxlen = (size_t)h->maxlen;
	set->nnodes = set->capnodes = (size_t)h->nnodes;
	set->capedges = (size_t)h->capedges;
	set->nedges = (size_t)h->nedges;
	set->shift = shift_of(set->capedges);
	set->normlen = set->normcap = (size_t)h->normlen;
	/* the arrays are 8-aligned in the map (each padded to 8 after the page-aligned start) */
	set->filter.first = take(p, end, h->nbits / 8);
	set->filter.solo = take(p, end, h->nbits / 8);
	set->filter.pair = take(p, end, ((uint64_t)1 << (32 - h->pairshift)) / 8);
	set->roots = take(p, end, h->nfirsts * sizeof *set->roots);
	set->nodes = take(p, end, h->nnodes * sizeof *set->nodes);
	set->edges = take(p, end, h->capedges * sizeof *set->edges);
	set->norms = take(p, end, h->normlen);
	/* (the arrays' contents are the seal's to vouch for: cache.h) */
	if (!set->filter.first || !set->filter.solo || !set->filter.pair ||
	    (h->nfirsts && !set->roots) || !set->nodes || !set->edges ||
	    (h->normlen && !set->norms) || h->nedges >= h->capedges) {
		free(set);
		return NULL;
	}
	return set;
}
