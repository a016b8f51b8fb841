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
 * The first-token filter, the first member of every phrase set: public so that
 * the usual answer, "no phrase starts at this token", costs no call.
 */
typedef struct phrase_filter {
	uint64_t *first;       /* bit (hash & (nbits - 1)) of every first token */
	size_t nbits;          /* a power of two */
} phrase_filter;

size_t phrase_match_from(const phrase_set *set, const nf_token *toks, size_t i,
			 size_t n, int *value);

/*
 * Longest phrase starting at token i (tokens [i, n)). Returns the number of
 * tokens matched, 0 for none, and sets *value.
 */
static inline size_t phrase_match(const phrase_set *set, const nf_token *toks, size_t i,
				  size_t n, int *value)
{
	const phrase_filter *f = (const phrase_filter *)(const void *)set;
	uint32_t bit;

	if (i >= n)
		return 0;
	bit = toks[i].hash & (uint32_t)(f->nbits - 1);
	if (!((f->first[bit / 64] >> (bit % 64)) & 1))
		return 0;
	return phrase_match_from(set, toks, i, n, value);
}

/* Value of a one-token phrase equal to the norm string s, or -1. */
int phrase_lookup_word(const phrase_set *set, const char *norm);

#endif
