/*
 * numbers.c: read a number at a token, written in digits ("40", "1,200",
 * "1.2 thousand", "1.5k") or in words ("three", "forty-eight", "one hundred and
 * twenty", "a dozen", "two dozen", "dozens"). The words and their roles come
 * from data/numbers.tsv; the grammar that combines them lives here.
 *
 * number_at only reads; whether a number is a count, an age or a year is the
 * caller's decision, made from the words around it.
 */
#include "numbers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "extract.h"
#include "phrase.h"
#include "table.h"

enum num_kind { NK_UNIT, NK_TENS, NK_HUNDRED, NK_SCALE, NK_DOZEN, NK_EXACT, NK_VAGUE };

typedef struct num_word {
	long long value;
	enum num_kind kind;
} num_word;

/* Slots of numbers_model.single: a power of two, over twice the words. */
#define NUM_SINGLE 256

struct numbers_model {
	numbers_head head;      /* first: number_word_may_start (numbers.h) reads it */
	table *tab;
	phrase_set *words;      /* phrase value = index into entries */
	num_word *entries;
	size_t nentries;
	hash_filter multi_first;   /* first words of the phrases of two words or more */
	/* The one-word phrases that start no longer one ("three", "dozen"),
	 * by hash: word_at finds them without the phrase set. */
	struct {
		uint32_t hash;
		uint16_t len;
		uint16_t idx1;      /* entry index + 1; 0: empty slot */
		const char *word;   /* in tab */
	} single[NUM_SINGLE];
};

static int parse_kind(const char *s, enum num_kind *out)
{
	static const struct { const char *name; enum num_kind kind; } kinds[] = {
		{ "unit", NK_UNIT }, { "tens", NK_TENS }, { "hundred", NK_HUNDRED },
		{ "scale", NK_SCALE }, { "dozen", NK_DOZEN }, { "exact", NK_EXACT },
		{ "vague", NK_VAGUE },
	};

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		if (strcmp(s, kinds[k].name) == 0) {
			*out = kinds[k].kind;
			return 0;
		}
	}
	return -1;
}

/*
 * Put the first word of a number phrase into the filters (head.first, and
 * multi_first for a phrase of more words): a plain lower-case word is
 * hashed as it stands (it is its own token), anything else goes through the
 * tokenizer as in phrase_add. *single: the phrase is one plain word.
 */
static int first_word(numbers_model *nm, const char *text, nf_tokstore *store, int *single)
{
	size_t n = 0;
	nf_doc d;

	*single = 0;
	while (text[n] >= 'a' && text[n] <= 'z')
		n++;
	if (n > 0 && (text[n] == ' ' || text[n] == '\0')) {
		uint32_t h = nf_hash(text, n);

		hash_filter_add(&nm->head.first, h);
		if (text[n] == ' ')
			hash_filter_add(&nm->multi_first, h);
		*single = text[n] == '\0';
		return 0;
	}
	memset(&d, 0, sizeof d);
	if (tokenize_reuse(&d, text, strlen(text), store) < 0)
		return -1;
	if (d.ntoks > 0)
		hash_filter_add(&nm->head.first, d.toks[0].hash);
	if (d.ntoks > 1)
		hash_filter_add(&nm->multi_first, d.toks[0].hash);
	return 0;
}

/* Fill nm->single from the one-word phrases flagged in single[] (per row). */
static void index_singles(numbers_model *nm, const int *single)
{
	for (size_t r = 0; r < nm->tab->nrows; r++) {
		const char *word = nm->tab->rows[r].field[0];
		uint32_t h;
		size_t k;

		if (single[r] < 0 || strlen(word) > UINT16_MAX)
			continue;
		h = nf_hash(word, strlen(word));
		if (hash_filter_has(&nm->multi_first, h))
			continue;
		for (k = h & (NUM_SINGLE - 1); nm->single[k].idx1; k = (k + 1) & (NUM_SINGLE - 1))
			;
		nm->single[k].hash = h;
		nm->single[k].len = (uint16_t)strlen(word);
		nm->single[k].idx1 = (uint16_t)(single[r] + 1);
		nm->single[k].word = word;
	}
}

numbers_model *numbers_load(const char *dir, char *err, size_t errlen)
{
	numbers_model *nm = calloc(1, sizeof *nm);
	nf_tokstore store = { 0 };
	int *single = NULL;

	if (!nm) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	nm->tab = table_load(dir, "numbers.tsv", 3, err, errlen);
	if (!nm->tab)
		goto fail;
	nm->words = phrase_new();
	nm->entries = calloc(nm->tab->nrows ? nm->tab->nrows : 1, sizeof *nm->entries);
	/* per row: the entry index of a new one-word phrase, else -1 */
	single = malloc((nm->tab->nrows ? nm->tab->nrows : 1) * sizeof *single);
	if (!nm->words || !nm->entries || !single) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (size_t r = 0; r < nm->tab->nrows; r++) {
		const table_row *row = &nm->tab->rows[r];
		num_word *w = &nm->entries[nm->nentries];
		char *endp;

		w->value = strtoll(row->field[1], &endp, 10);
		if (*endp != '\0' || endp == row->field[1]) {
			snprintf(err, errlen, "%s:%d: bad value '%s'", nm->tab->path,
				 row->line, row->field[1]);
			goto fail;
		}
		if (parse_kind(row->field[2], &w->kind) < 0) {
			snprintf(err, errlen, "%s:%d: unknown kind '%s'", nm->tab->path,
				 row->line, row->field[2]);
			goto fail;
		}
		int got = phrase_add(nm->words, row->field[0], (int)nm->nentries);
		int one = 0;

		if (got >= 0 && first_word(nm, row->field[0], &store, &one) < 0)
			got = -1;
		single[r] = one && got == (int)nm->nentries &&
			    nm->nentries < NUM_SINGLE / 2 ? got : -1;

		if (got < 0) {
			snprintf(err, errlen, "%s:%d: cannot add '%s'", nm->tab->path,
				 row->line, row->field[0]);
			goto fail;
		}
		if (got == (int)nm->nentries)
			nm->nentries++;
	}
	index_singles(nm, single);
	free(single);
	tokstore_free(&store);
	return nm;
fail:
	free(single);
	tokstore_free(&store);
	numbers_free(nm);
	return NULL;
}

void numbers_free(numbers_model *nm)
{
	if (!nm)
		return;
	phrase_free(nm->words);
	free(nm->entries);
	table_free(nm->tab);
	free(nm);
}

/*
 * The model in a model cache (model.c's tables cache; cache.h's layout):
 * the count of entries, the table, the entries, the filters, the one-word
 * slots (their words as offsets into the table's text) and the phrase set.
 */
typedef struct saved_single {
	uint32_t hash, word;    /* word: offset in the table's text */
	uint16_t len, idx1;
} saved_single;

int numbers_save(const numbers_model *nm, FILE *f)
{
	saved_single ss[NUM_SINGLE];
	uint64_t n = nm->nentries;

	memset(ss, 0, sizeof ss);
	for (size_t k = 0; k < NUM_SINGLE; k++)
		if (nm->single[k].idx1)
			ss[k] = (saved_single){ nm->single[k].hash,
						(uint32_t)(nm->single[k].word - nm->tab->buf),
						nm->single[k].len, nm->single[k].idx1 };
	return cache_write_padded(f, &n, sizeof n) && table_save(nm->tab, f) == 0 &&
	       cache_write_padded(f, nm->entries, nm->nentries * sizeof *nm->entries) &&
	       cache_write_padded(f, &nm->head, sizeof nm->head) &&
	       cache_write_padded(f, &nm->multi_first, sizeof nm->multi_first) &&
	       cache_write_padded(f, ss, sizeof ss) && phrase_save(nm->words, f) == 0 ? 0 : -1;
}

numbers_model *numbers_map(const char **p, const char *end)
{
	const uint64_t *n = cache_take(p, end, sizeof *n);
	numbers_model *nm = n && *n <= UINT16_MAX ? calloc(1, sizeof *nm) : NULL;
	const num_word *entries;
	const numbers_head *head;
	const hash_filter *multi_first;
	const saved_single *ss;

	if (!nm)
		return NULL;
	nm->nentries = (size_t)*n;
	if (!(nm->tab = table_map(p, end, 3)) ||
	    !(entries = cache_take(p, end, nm->nentries * sizeof *entries)) ||
	    !(head = cache_take(p, end, sizeof *head)) ||
	    !(multi_first = cache_take(p, end, sizeof *multi_first)) ||
	    !(ss = cache_take(p, end, NUM_SINGLE * sizeof *ss)) ||
	    !(nm->entries = malloc((nm->nentries ? nm->nentries : 1) * sizeof *nm->entries)) ||
	    !(nm->words = phrase_map(p, end))) {
		numbers_free(nm);
		return NULL;
	}
	memcpy(nm->entries, entries, nm->nentries * sizeof *nm->entries);
	nm->head = *head;
	nm->multi_first = *multi_first;
	for (size_t k = 0; k < NUM_SINGLE; k++)
		if (ss[k].idx1) {
			nm->single[k].hash = ss[k].hash;
			nm->single[k].len = ss[k].len;
			nm->single[k].idx1 = ss[k].idx1;
			nm->single[k].word = nm->tab->buf + ss[k].word;
		}
	return nm;
}

/* word_at past its first test. */
static const num_word *word_lookup(const numbers_model *nm, const nf_doc *doc,
				   size_t i, size_t *len)
{
	const nf_token *t = &doc->toks[i];
	int idx;

	for (size_t k = t->hash & (NUM_SINGLE - 1); nm->single[k].idx1;
	     k = (k + 1) & (NUM_SINGLE - 1)) {
		if (nm->single[k].hash == t->hash && nm->single[k].len == t->norm_len &&
		    same_bytes(nm->single[k].word, t->norm, t->norm_len)) {
			*len = 1;
			return &nm->entries[nm->single[k].idx1 - 1];
		}
	}
	*len = phrase_match(nm->words, doc->toks, i, doc->ntoks, &idx);
	if (*len == 0 || idx < 0 || (size_t)idx >= nm->nentries)
		return NULL;
	return &nm->entries[idx];
}

/*
 * The number word (or fixed phrase) at token i: its entry and length, or
 * NULL. (Inline: most words a number reader asks about fail the filter.)
 */
static inline const num_word *word_at(const numbers_model *nm, const nf_doc *doc,
				      size_t i, size_t *len)
{
	if (i >= doc->ntoks || doc->toks[i].kind != TK_WORD ||
	    !number_word_may_start(nm, &doc->toks[i]))
		return NULL;
	return word_lookup(nm, doc, i, len);
}

/* Token i is glued to the previous one (no white space between them). */
static int glued(const nf_doc *doc, size_t i)
{
	return i < doc->ntoks && !(doc->toks[i].flags & TF_SPACE);
}

/* The multiplier of a suffix glued to digits: "k", "m", "mn", "mln", "bn"; 0 for none. */
static double suffix_scale(const char *s)
{
	if (!strcmp(s, "k"))
		return 1e3;
	if (!strcmp(s, "m") || !strcmp(s, "mn") || !strcmp(s, "mln"))
		return 1e6;
	if (!strcmp(s, "bn"))
		return 1e9;
	return 0;
}

/* The token is 1 to 3 (or exactly 3) plain digits: a thousands group. */
static int digit_group(const nf_token *t, int exact3)
{
	if (t->kind != TK_NUM || t->norm_len > 3 || (exact3 && t->norm_len != 3))
		return 0;
	for (uint32_t k = 0; k < t->norm_len; k++)
		if (t->norm[k] < '0' || t->norm[k] > '9')
			return 0;
	return 1;
}

/*
 * The value is a count we can hold: whole, not negative, at most 10^15.
 * Bigger ones (a 40-digit string before "drones") are refused, not wrapped.
 */
static int fill_value(double v, size_t ntoks, number_match *out)
{
	if (!(v >= 0 && v <= NUMBER_MAX))
		return 0;
	/* a whole number, the usual case, is its own rounding */
	if (v == (double)(long long)v)
		out->value = (long long)v;
	else if (fabs(v - floor(v + 0.5)) > 1e-6)
		return 0;
	else
		out->value = (long long)floor(v + 0.5);
	out->ntoks = ntoks;
	out->vague = 0;
	out->words = 0;
	return 1;
}

/*
 * Digits with a glued suffix, which the tokenizer leaves as words because a
 * letter follows the digits: "2m", "10k" (one word) and "1.5k" (the words
 * "1" and "5k" around a glued full stop).
 */
static int suffixed_at(const nf_doc *doc, size_t i, number_match *out)
{
	const char *s = doc->toks[i].norm;
	char buf[64], *endp;
	size_t ntoks = 1;
	double v, scale;

	if (s[0] < '0' || s[0] > '9')
		return 0;
	if (strspn(s, "0123456789") == doc->toks[i].norm_len && i + 2 < doc->ntoks &&
	    glued(doc, i + 1) && glued(doc, i + 2) && !strcmp(doc->toks[i + 1].norm, ".") &&
	    doc->toks[i + 2].norm[0] >= '0' && doc->toks[i + 2].norm[0] <= '9' &&
	    doc->toks[i].norm_len + doc->toks[i + 2].norm_len + 2 < sizeof buf) {
		snprintf(buf, sizeof buf, "%s.%s", s, doc->toks[i + 2].norm);
		s = buf;
		ntoks = 3;
	}
	v = strtod(s, &endp);
	scale = suffix_scale(endp);
	/* plain digits only: strtod would also read "1e5" or "0x10" */
	if (endp == s || scale == 0 || (size_t)(endp - s) != strspn(s, "0123456789."))
		return 0;
	return fill_value(v * scale, ntoks, out);
}

/*
 * A number in digits, with an optional multiplier: a scale word ("1.2
 * thousand", "5 million") or a glued suffix ("1.5k", "2m"). Thousands groups
 * split by a plain space ("1 200") are joined: the tokenizer joins only those
 * split by a no-break space, a plain one being ambiguous in general, but
 * after 1 to 3 digits a group of exactly 3 is a thousands group. Ordinals
 * ("83rd") are not numbers, and neither is a fraction left without a
 * multiplier.
 */
static int digits_at(const numbers_model *nm, const nf_doc *doc, size_t i,
		     number_match *out)
{
	double v = doc->toks[i].num;
	size_t j = i + 1, len;

	if (digit_group(&doc->toks[i], 0)) {
		while (j < doc->ntoks && digit_group(&doc->toks[j], 1) &&
		       doc->toks[j].start == doc->toks[j - 1].end + 1 &&
		       doc->text[doc->toks[j - 1].end] == ' ' && v < NUMBER_MAX) {
			v = v * 1000 + doc->toks[j].num;
			j++;
		}
	}

	size_t plain = j;

	if (glued(doc, j) && doc->toks[j].kind == TK_WORD) {
		const char *s = doc->toks[j].norm;

		if (!strcmp(s, "st") || !strcmp(s, "nd") || !strcmp(s, "rd") ||
		    !strcmp(s, "th"))
			return 0;
		if (suffix_scale(s) > 0) {
			v *= suffix_scale(s);
			j++;
		}
	}
	if (j == plain) {
		const num_word *w = word_at(nm, doc, j, &len);

		if (w && w->kind == NK_SCALE) {
			v *= (double)w->value;
			j += len;
		} else if (w && w->kind == NK_HUNDRED) {
			v *= 100;
			j += len;
		}
	}
	return fill_value(v, j - i, out);
}

/*
 * A number in words. Units and tens add to the current group, "hundred"
 * multiplies it, a scale word (thousand, million) closes it, "dozen" ends the
 * number by multiplying it by twelve. "and" may join a hundred or a scale to
 * what follows ("one hundred and twenty"), a hyphen joins tens and a unit
 * ("forty-eight"), and "a"/"an" stands for one before a multiplier ("a dozen",
 * "a hundred"). Fixed phrases and vague plurals stand alone.
 */
static int words_at(const numbers_model *nm, const nf_doc *doc, size_t i,
		    number_match *out)
{
	long long total = 0, cur = 0, last_scale = 0;
	int last = -1;          /* kind of the previous word, -1 at the start */
	size_t j = i, len;
	const num_word *w;

	if (tok_is(doc, i, "a") || tok_is(doc, i, "an")) {
		w = word_at(nm, doc, i + 1, &len);
		if (!w || (w->kind != NK_HUNDRED && w->kind != NK_SCALE &&
			   w->kind != NK_DOZEN))
			return 0;
		cur = 1;
		last = NK_UNIT;
		j = i + 1;
	}
	for (;;) {
		size_t at = j;

		/* A joining "and" or hyphen counts only when a number word follows. */
		if (((last == NK_HUNDRED || last == NK_SCALE) && tok_is(doc, j, "and")) ||
		    (last == NK_TENS && tok_is(doc, j, "-")))
			at = j + 1;
		w = word_at(nm, doc, at, &len);
		if (!w)
			break;
		if (at != j && !(w->kind == NK_UNIT || w->kind == NK_TENS))
			break;
		if (at != j && last == NK_TENS && (w->value == 0 || w->value >= 10))
			break;
		if (w->kind == NK_EXACT || w->kind == NK_VAGUE) {
			if (last != -1)
				break;
			out->value = w->value;
			out->ntoks = len;
			out->vague = w->kind == NK_VAGUE;
			out->words = 1;
			return 1;
		}
		if (w->kind == NK_UNIT) {
			if (last == NK_UNIT || (last == NK_TENS && (w->value == 0 || w->value >= 10)))
				break;
			if (last == NK_HUNDRED && cur % 100 != 0)
				break;
			cur += w->value;
		} else if (w->kind == NK_TENS) {
			if (last == NK_UNIT || last == NK_TENS)
				break;
			cur += w->value;
		} else if (w->kind == NK_HUNDRED) {
			if ((last != NK_UNIT && last != NK_TENS) || cur == 0 || cur >= 100)
				break;
			cur *= 100;
		} else if (w->kind == NK_SCALE) {
			if (last == -1 || last == NK_SCALE || cur == 0 ||
			    (last_scale && w->value >= last_scale))
				break;
			total += cur * w->value;
			cur = 0;
			last_scale = w->value;
		} else if (w->kind == NK_DOZEN) {
			if ((last != NK_UNIT && last != NK_TENS) || cur == 0)
				break;
			cur *= 12;
			j = at + len;
			last = NK_DOZEN;
			break;
		}
		last = (int)w->kind;
		j = at + len;
	}
	if (last == -1)
		return 0;
	out->value = total + cur;
	out->ntoks = j - i;
	out->vague = 0;
	out->words = 1;
	return 1;
}

int number_read(const numbers_model *nm, const nf_doc *doc, size_t i,
		number_match *out)
{
	/* (number_at took the words that start no number) */
	if (doc->toks[i].kind == TK_NUM)
		return digits_at(nm, doc, i, out);
	if (doc->toks[i].kind == TK_WORD) {
		const nf_token *t = &doc->toks[i];

		if (t->norm[0] >= '0' && t->norm[0] <= '9')
			return suffixed_at(doc, i, out) || words_at(nm, doc, i, out);
		return words_at(nm, doc, i, out);
	}
	return 0;
}
