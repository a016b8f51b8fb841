/*
 * phrase.h: a set of phrases (sequences of normalised tokens) matched in one pass
 * over a document's tokens: a trie whose edges live in one hash table keyed by
 * (node, token hash), so a lookup costs one probe per token.
 *
 * A phrase is written in plain text ("Kharkiv Oblast", "Rostov-on-Don") and
 * tokenised by the same tokenizer as documents, so any spelling variant that
 * normalises alike (case, accents, curly quotes, dashes) matches.
 */
#ifndef NF_PHRASE_H
#define NF_PHRASE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"

typedef struct phrase_set phrase_set;

phrase_set *phrase_new(void);
void phrase_free(phrase_set *set);

/*
 * Add a phrase with a value (>= 0). If the phrase is already there, its value is
 * kept and returned; otherwise value is returned. -1 when memory runs out or the
 * phrase has no tokens.
 */
int phrase_add(phrase_set *set, const char *text, int value);

/*
 * Make room for about nedges more trie edges (one per token of the phrases
 * still to add), so that loading a big table never rehashes. 0, or -1 when
 * memory runs out. Optional: sets grow as needed.
 */
int phrase_reserve(phrase_set *set, size_t nedges);

/*
 * The first-token filter, the first member of every phrase set: public so that
 * the usual answer, "no phrase starts at this token", costs no call.
 */
typedef struct phrase_filter {
	uint64_t *first;       /* bit (hash & (nbits - 1)) of every first token */
	size_t nbits;          /* a power of two */
	/* a set's own filter only (NULL in phrase_filter_union's): */
	uint64_t *solo;        /* the same bits, of the first tokens that are a phrase alone */
	uint64_t *pair;        /* bit phrase_pair_bit of each phrase's first two tokens */
	unsigned pairshift;    /* 32 - log2(the bits of pair) */
} phrase_filter;

/* The bit of pair for the first two tokens' hashes. */
static inline uint32_t phrase_pair_bit(uint32_t h0, uint32_t h1, unsigned shift)
{
	return ((h0 * 0x9E3779B1u) ^ h1) * 0x85EBCA6Bu >> shift;
}

/* May a phrase of the filter start with a token of this hash? (No false "no".) */
static inline int phrase_filter_has(const phrase_filter *f, uint32_t hash)
{
	uint32_t bit = hash & (uint32_t)(f->nbits - 1);

	return (int)((f->first[bit / 64] >> (bit % 64)) & 1);
}

/* Let the filter pass tokens of this hash too. */
static inline void phrase_filter_set(phrase_filter *f, uint32_t hash)
{
	uint32_t bit = hash & (uint32_t)(f->nbits - 1);

	f->first[bit / 64] |= 1ull << (bit % 64);
}

/* The first-token filter of a set. */
static inline const phrase_filter *phrase_first_filter(const phrase_set *set)
{
	return (const phrase_filter *)(const void *)set;
}

/*
 * One filter for the first tokens of several sets, so that a caller trying
 * them all at each token rules out most tokens with one test. The sets must
 * be complete. It has at least min_bits bits (two filters of the same size
 * share the arithmetic of a test). 0, or -1 when memory runs out; free with
 * phrase_filter_free.
 */
int phrase_filter_union(phrase_filter *f, const phrase_set *const *sets, size_t nsets,
			size_t min_bits);
void phrase_filter_free(phrase_filter *f);

size_t phrase_match_from(const phrase_set *set, const nf_token *toks, size_t i,
			 size_t n, int *value);

/*
 * The longest phrase that goes on from trie node node (0: the root) with
 * the tokens [i, n), i < n: the number of those tokens it takes (0 for
 * none), and *value set.
 */
size_t phrase_walk_on(const phrase_set *set, uint32_t node, const nf_token *toks, size_t i,
		      size_t n, int *value);

/*
 * phrase_match without its filter tests (i < n): for a caller that made
 * them already, or their equivalent (actor.c's start flags). Same result
 * whenever the tests pass.
 */
size_t phrase_walk(const phrase_set *set, const nf_token *toks, size_t i, size_t n,
		   int *value);

/*
 * The first step of a walk: the node a phrase's first token leads to from
 * the root, for a caller that keeps it per word (actor.c's pass 1) and
 * then goes on with phrase_walk_on.
 */
typedef struct phrase_step {
	uint64_t next;         /* bit (hash & 63) of each token that may come next */
	uint32_t node;         /* 0: no phrase begins with the token */
	int value;             /* of the phrase of the token alone, or -1 */
} phrase_step;

phrase_step phrase_first_step(const phrase_set *set, const nf_token *t);

/*
 * Longest phrase starting at token i (tokens [i, n)). Returns the number of
 * tokens matched, 0 for none, and sets *value.
 */
static inline size_t phrase_match(const phrase_set *set, const nf_token *toks, size_t i,
				  size_t n, int *value)
{
	if (i >= n || !phrase_filter_has(phrase_first_filter(set), toks[i].hash))
		return 0;
	return phrase_match_from(set, toks, i, n, value);
}

/* Tokens of the longest phrase of the set (0 for an empty set). */
size_t phrase_max_tokens(const phrase_set *set);

/* Value of a one-token phrase equal to the norm string s, or -1. */
int phrase_lookup_word(const phrase_set *set, const char *norm);

/*
 * A complete set, saved into a model cache: its arrays one after another,
 * each padded to 8 bytes. 0, or -1 when writing fails.
 */
int phrase_save(const phrase_set *set, FILE *f);

/*
 * The set phrase_save wrote at *p (8-aligned, in a sealed cache mapping that
 * outlives the set: cache.h) up to end: the set reads its arrays there, and
 * *p moves past them. NULL when its counts do not fit. Matches only:
 * nothing may be added to it. Free with phrase_free.
 */
phrase_set *phrase_map(const char **p, const char *end);

static inline uint64_t bytes_load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static inline uint32_t bytes_load32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

/*
 * a[0..n) equals b[0..n). Words are short: a few word-sized compares,
 * overlapping at the end and never reading past either, cost less than a
 * call of memcmp (phrase.c's same_norm and place.c's spelling index use it).
 */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
	if (n >= 8) {
		for (size_t k = 0; k + 8 < n; k += 8)
			if (bytes_load64(a + k) != bytes_load64(b + k))
				return 0;
		return bytes_load64(a + n - 8) == bytes_load64(b + n - 8);
	}
	if (n >= 4)
		return bytes_load32(a) == bytes_load32(b) && bytes_load32(a + n - 4) == bytes_load32(b + n - 4);
	return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

#endif
