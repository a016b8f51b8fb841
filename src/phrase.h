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
 * Longest phrase starting at token i (tokens [i, n)). Returns the number of
 * tokens matched, 0 for none, and sets *value.
 */
size_t phrase_match(const phrase_set *set, const nf_token *toks, size_t i,
		    size_t n, int *value);

/* Value of a one-token phrase equal to the norm string s, or -1. */
int phrase_lookup_word(const phrase_set *set, const char *norm);

#endif
