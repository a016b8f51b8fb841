/*
 * sentence.c: split a document's tokens into sentences.
 *
 * A sentence ends at ".", "!" or "?" (and any closing quotes or brackets after
 * it) when the next token starts like a sentence: a capital, a digit or an
 * opening quote. It does not end after an abbreviation from
 * data/abbreviations.tsv ("Maj. Gen.", "Mr.") or a single capital initial.
 * A line break ends a sentence too, unless the next line starts in lower case
 * after a line without final punctuation (hard-wrapped text), so headlines
 * without a final stop stay sentences of their own.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "phrase.h"
#include "table.h"

struct splitter_model {
	phrase_set *abbrev;
};

struct splitter_model *splitter_load(const char *dir, char *err, size_t errlen)
{
	struct splitter_model *m = calloc(1, sizeof *m);
	table *t = NULL;

	if (!m || !(m->abbrev = phrase_new()))
		goto oom;
	if (!(t = table_load(dir, "abbreviations.tsv", 1, err, errlen)))
		goto fail;
	for (size_t i = 0; i < t->nrows; i++)
		if (phrase_add(m->abbrev, t->rows[i].field[0], 1) < 0)
			goto oom;
	table_free(t);
	return m;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	table_free(t);
	splitter_free(m);
	return NULL;
}

/* The model in a model cache (model.c's tables cache): its phrase set. */
int splitter_save(const struct splitter_model *m, FILE *f)
{
	return phrase_save(m->abbrev, f);
}

struct splitter_model *splitter_map(const char **p, const char *end)
{
	struct splitter_model *m = calloc(1, sizeof *m);

	if (m && !(m->abbrev = phrase_map(p, end))) {
		free(m);
		return NULL;
	}
	return m;
}

void splitter_free(struct splitter_model *m)
{
	if (!m)
		return;
	phrase_free(m->abbrev);
	free(m);
}

static int is_end_punct(const nf_token *t)
{
	return t->kind == TK_PUNCT && t->norm_len == 1 &&
	       (t->norm[0] == '.' || t->norm[0] == '!' || t->norm[0] == '?');
}

static int is_closer(const nf_token *t)
{
	return t->kind == TK_PUNCT && t->norm_len == 1 &&
	       (t->norm[0] == '"' || t->norm[0] == '\'' || t->norm[0] == ')' ||
		t->norm[0] == ']' || t->norm[0] == '*');
}

static int starts_sentence(const nf_token *t)
{
	if (t->kind == TK_NUM || (t->flags & TF_CAP))
		return 1;
	return t->kind == TK_PUNCT && (t->norm[0] == '"' || t->norm[0] == '\'' ||
				       t->norm[0] == '(' || t->norm[0] == '[' ||
				       t->norm[0] == '*' || t->norm[0] == '-' ||
				       t->norm[0] == '#');
}

/*
 * Token t may start a sentence: it is no lower-case word inside a line. Most
 * tokens are such words, so kind and flags are tested in one two-byte load
 * (TK_WORD is 0, and flags follows kind in nf_token).
 */
_Static_assert(TK_WORD == 0 && TK_PUNCT == 2 &&
	       offsetof(nf_token, flags) == offsetof(nf_token, kind) + 1,
	       "kind_flags_any reads kind and flags as two adjacent bytes");

/* Token t's kind has a bit of kind_bits or its flags one of flag_bits. */
static inline int kind_flags_any(const nf_token *t, unsigned char kind_bits, unsigned char flag_bits)
{
	const unsigned char mask_bytes[2] = { kind_bits, flag_bits };
	uint16_t kind_flags, mask;

	memcpy(&kind_flags, (const unsigned char *)t + offsetof(nf_token, kind), 2);
	memcpy(&mask, mask_bytes, 2);   /* the same byte order as kind_flags */
	return (kind_flags & mask) != 0;
}

static inline int may_start_sentence(const nf_token *t)
{
	return kind_flags_any(t, 0xFF, TF_PARA | TF_NL | TF_CAP);
}

/* Index of the end punctuation that token k follows (skipping closers), or -1. */
static inline long end_punct_before(const nf_token *toks, size_t k)
{
	long j = (long)k - 1, stop = j - 8;

	if (j < 0 || toks[j].kind != TK_PUNCT)
		return -1;   /* the common case, without the loop */

	/* at most a few closers ('."\')'): a run of thousands is no sentence end,
	 * and scanning it from every token would take quadratic time */
	while (j >= 0 && j > stop && is_closer(&toks[j]) && !(toks[j].flags & TF_SPACE))
		j--;
	if (j >= 0 && is_end_punct(&toks[j]))
		return j;
	/* a closer after a stop may itself be preceded by white space: ". )" is rare */
	return -1;
}

/* The stop at index p closes an abbreviation ("Gen.", "J.") rather than a sentence. */
static int abbreviation_stop(const struct splitter_model *m, const nf_token *toks, long p)
{
	if (toks[p].norm[0] != '.' || p == 0 || (toks[p].flags & TF_SPACE))
		return 0;
	const nf_token *w = &toks[p - 1];

	if (w->kind != TK_WORD)
		return 0;
	if (w->norm_len == 1 && (w->flags & TF_CAP))
		return 1;   /* an initial: "J. Smith" */
	/* the set's filter rules out most words ("said.") by the token's hash */
	return phrase_filter_has(phrase_first_filter(m->abbrev), w->hash) &&
	       phrase_lookup_word(m->abbrev, w->norm) >= 0;
}

static inline int push_sentence(nf_doc *doc, size_t *cap, size_t first, size_t last)
{
	if (doc->nsents == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		nf_sentence *p = realloc(doc->sents, ncap * sizeof *p);

		if (!p)
			return -1;
		doc->sents = p;
		*cap = ncap;
	}
	nf_sentence *s = &doc->sents[doc->nsents];

	s->first = first;
	s->last = last;
	s->start = doc->toks[first].start;
	s->end = doc->toks[last - 1].end;
	const nf_token *lt = &doc->toks[last - 1];

	s->headline = !is_end_punct(lt) && !is_closer(lt) &&
		      (last == doc->ntoks || (doc->toks[last].flags & TF_NL));
	doc->nsents++;   /* the tokens' sentence fields are split_sentences' */
	return 0;
}

/* Whether a sentence starts at token t (one that may_start_sentence, not the first). */
static inline int breaks_before(const struct splitter_model *m, const nf_token *toks, const nf_token *t)
{
	unsigned f = t->flags;

	if (f & TF_PARA)
		return 1;
	/* the usual case: neither a line break nor a stop before (end_punct_before
	 * needs punctuation right before) */
	if (!(f & TF_NL) && t[-1].kind != TK_PUNCT)
		return 0;
	size_t k = (size_t)(t - toks);

	if (f & TF_NL)   /* hard-wrapped lines continue when the next starts in lower case */
		return t->kind != TK_WORD || (f & TF_CAP) || end_punct_before(toks, k) >= 0;
	if ((f & TF_SPACE) && starts_sentence(t)) {
		long p = end_punct_before(toks, k);

		return p >= 0 && (toks[p].norm[0] != '.' || !abbreviation_stop(m, toks, p));
	}
	return 0;
}

/* The sentence of token t, a new one when it breaks_before; -1 when memory runs out. */
static inline int place_token(const struct splitter_model *m, nf_doc *doc, nf_token *t,
			      size_t *cap, size_t *first, uint32_t *cur)
{
	if (may_start_sentence(t) && breaks_before(m, doc->toks, t)) {
		if (push_sentence(doc, cap, *first, (size_t)(t - doc->toks)) < 0)
			return -1;
		*first = (size_t)(t - doc->toks);
		++*cur;
	}
	t->sentence = *cur;
	return 0;
}

int split_sentences(const struct splitter_model *m, nf_doc *doc)
{
	nf_token *toks = doc->toks;
	size_t *cap = &doc->capsents, first = 0;
	uint32_t cur = (uint32_t)doc->nsents;   /* the sentence being read */

	if (doc->ntoks == 0)
		return 0;
	nf_token *t = toks + 1, *end = toks + doc->ntoks;

	toks[0].sentence = cur;
	/*
	 * A sentence starts only at a token after a line break or right after
	 * punctuation (breaks_before). Such tokens, and token 1, are placed in
	 * full; the others, most tokens, take a load, a test and a store each.
	 */
	while (t < end) {
		do {
			if (place_token(m, doc, t, cap, &first, &cur) < 0)
				return -1;
			t++;
		} while (t < end && (t[-1].kind == TK_PUNCT || (t->flags & TF_NL)));
		/* up to the next punctuation or line break, which is placed in full */
		for (; t < end && !kind_flags_any(t, TK_PUNCT, TF_NL); t++)
			t->sentence = cur;
	}
	return push_sentence(doc, cap, first, doc->ntoks);
}
