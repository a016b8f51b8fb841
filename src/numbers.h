/*
 * numbers.h: numbers written in digits or words, shared by the count and date
 * extractors: "40", "1,200", "1.2 thousand", "1.5k", "three", "forty-eight",
 * "one hundred and twenty", "a dozen", "two dozen", "dozens", "hundreds".
 * The number words come from data/numbers.tsv.
 */
#ifndef NF_NUMBERS_H
#define NF_NUMBERS_H

#include <stdio.h>

#include "doc.h"

typedef struct numbers_model numbers_model;

numbers_model *numbers_load(const char *dir, char *err, size_t errlen);
void numbers_free(numbers_model *nm);

/*
 * The model in a model cache (model.c's tables cache): numbers_save
 * returns 0, or -1 when writing fails; numbers_map reads it at *p up to
 * end (in a mapping that outlives the model) and moves *p past it, or
 * returns NULL when it does not fit.
 */
int numbers_save(const numbers_model *nm, FILE *f);
numbers_model *numbers_map(const char **p, const char *end);

/* The largest value number_at reads (10^15); bigger ones are refused, never wrapped. */
#define NUMBER_MAX 1e15

typedef struct number_match {
	long long value;
	size_t ntoks;           /* tokens consumed */
	int vague;              /* "dozens", "hundreds": an approximate amount */
	int words;              /* written in words */
} number_match;

/*
 * Read a number starting at token i. Returns 1 and fills *out, or 0.
 *
 * Digits: the token's value, times a following scale word ("1.2 thousand",
 * "5 million") or glued suffix ("1.5k", "2m", "3bn"); a value that is still not
 * an integer ("2.5") and an ordinal ("83rd") give 0. Thousands groups after a
 * plain space are joined ("1 200" = 1200, ntoks 2). A value above NUMBER_MAX
 * (say a 40-digit string, or "9 bn" times "million") gives 0: counts are
 * refused rather than clamped, as no report states such a number.
 * Words: units, tens and scales combined ("forty-eight", "one hundred and
 * twenty", "two thousand five hundred"), "a"/"an" before hundred, thousand,
 * million or dozen ("a dozen" = 12), "N dozen" (N * 12), fixed phrases ("half a
 * dozen" = 6) and vague plurals with vague = 1 ("dozens" = 24, "hundreds" =
 * 200, "thousands" = 2000, "tens of thousands" = 20000).
 * Nothing else is judged: "14" in "14-year-old" or "2024" are read like any
 * number, and deciding whether a number is a count, an age or a year is the
 * caller's job. A trailing "and" or hyphen is never consumed.
 */
static inline int number_at(const numbers_model *nm, const nf_doc *doc, size_t i,
			    number_match *out);

/* number_at past its first test (numbers.c). */
int number_read(const numbers_model *nm, const nf_doc *doc, size_t i,
		number_match *out);

/*
 * A set of words by their hashes (nf_token.hash): one bit a word among
 * HASHF_BITS. A word of the set always passes, another rarely (about 1 in
 * 300 for 50 words). For callers that pass over the tokens that start
 * nothing at a bit test each.
 */
#define HASHF_BITS 16384

typedef struct hash_filter {
	uint64_t w[HASHF_BITS / 64];
} hash_filter;

static inline void hash_filter_add(hash_filter *f, uint32_t hash)
{
	uint32_t a = hash & (HASHF_BITS - 1);

	f->w[a / 64] |= (uint64_t)1 << (a % 64);
}

static inline int hash_filter_has(const hash_filter *f, uint32_t hash)
{
	uint32_t a = hash & (HASHF_BITS - 1);

	return (f->w[a / 64] >> (a % 64)) & 1;
}

/* What numbers.c keeps first in a numbers_model, for the inline test below. */
typedef struct numbers_head {
	hash_filter first;      /* the first words of the number words and phrases */
} numbers_head;

/*
 * A number word or phrase ("three", "dozens", "half a dozen") may start at
 * token t: no number word fails, another word rarely passes. Digits and
 * "a"/"an" ("a dozen") are not tested.
 */
static inline int number_word_may_start(const numbers_model *nm, const nf_token *t)
{
	return hash_filter_has(&((const numbers_head *)(const void *)nm)->first, t->hash);
}

/*
 * number_at's first test inline: most tokens its callers try are words that
 * start no number, told by one bit test without a call; "a", "an" need a
 * number word after them ("a dozen").
 */
static inline int number_at(const numbers_model *nm, const nf_doc *doc, size_t i,
			    number_match *out)
{
	const nf_token *t;

	if (!nm || i >= doc->ntoks)
		return 0;
	t = &doc->toks[i];
	if (t->kind == TK_WORD && !(t->norm[0] >= '0' && t->norm[0] <= '9') &&
	    !number_word_may_start(nm, t) &&
	    !(t->norm[0] == 'a' &&
	      (t->norm[1] == '\0' || (t->norm[1] == 'n' && t->norm[2] == '\0')) &&
	      i + 1 < doc->ntoks && number_word_may_start(nm, &doc->toks[i + 1])))
		return 0;
	return number_read(nm, doc, i, out);
}

#endif
