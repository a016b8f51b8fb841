/*
 * pipeline.c: one document through the stages: tokenize, split sentences, run
 * the extractors, order the facts and hand them to the caller.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "extract.h"
#include "stream.h"

const char *nf_type_name(nf_type type)
{
	switch (type) {
	case NF_ACTOR: return "actor";
	case NF_COUNT: return "count";
	case NF_DATE: return "date";
	case NF_PLACE: return "place";
	}
	return "?";
}

void nf_count_bounds(const nf_fact *f, int *has_low, long long *low,
		     int *has_high, long long *high)
{
	const char *q = f->qualifier ? f->qualifier : "exact";

	*has_low = *has_high = 0;
	*low = *high = 0;
	if (strcmp(q, "exact") == 0) {
		*has_low = *has_high = 1;
		*low = *high = f->value;
	} else if (strcmp(q, "at_least") == 0) {
		*has_low = 1;
		*low = f->value;
	} else if (strcmp(q, "more_than") == 0) {
		*has_low = 1;
		*low = f->value + 1;
	} else if (strcmp(q, "at_most") == 0) {
		*has_high = 1;
		*high = f->value;
	} else if (strcmp(q, "less_than") == 0) {
		*has_high = 1;
		*high = f->value - 1;
	}
}

/* Room for more facts in doc's list: 0, or -1 when memory ran out. Out of line: rare. */
#if defined __GNUC__
__attribute__((noinline))
#endif
static int grow_facts(nf_doc *doc)
{
	nf_fact_list *fl = &doc->facts;
	/* about one fact in five tokens before repeats are dropped */
	size_t ncap = fl->cap ? fl->cap * 2 : doc->ntoks / 4 + 16;
	nf_fact *p = realloc(fl->items, ncap * sizeof *p);

	if (!p)
		return -1;
	fl->items = p;
	fl->cap = ncap;
	array_advise_huge(p, ncap * sizeof *p);
	return 0;
}

nf_fact *doc_add_fact(nf_doc *doc, nf_type type, size_t first, size_t last,
		      const char *rule)
{
	nf_fact_list *fl = &doc->facts;

	if (first >= last || last > doc->ntoks)
		return NULL;
	if (fl->len == fl->cap && grow_facts(doc) < 0)
		return NULL;
	nf_fact *f = &fl->items[fl->len++];
	size_t start = doc->toks[first].start;

	/* the zeroes copied from a constant: a few wide moves (a memset of 192
	 * bytes is a rep stos, slow to start) */
	static const nf_fact no_fact;

	*f = no_fact;
	f->type = type;
	f->start = start;
	f->end = doc->toks[last - 1].end;
	f->text = doc->text + start;
	f->sentence = doc->toks[first].sentence;
	f->rule = rule;
	return f;
}

/*
 * Tokens spread evenly enough over the text that off's share of the text
 * points near the answer: start there and widen a window until it holds the
 * answer, then bisect it. A few probes instead of a search over the whole
 * array of a long window, whose every step would miss the cache.
 */
/* The first token of toks[lo, hi) that starts at or after off (hi if none). */
static size_t token_bisect(const nf_doc *doc, size_t off, size_t lo, size_t hi)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (doc->toks[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t doc_token_at(const nf_doc *doc, size_t off)
{
	size_t n = doc->ntoks, lo = 0, hi = n;

	if (n > 64 && doc->len > 0 && off < doc->len) {
		size_t guess = (size_t)((double)off / (double)doc->len * (double)n);
		size_t step = 16;

		if (guess >= n)
			guess = n - 1;
		if (doc->toks[guess].start < off) {
			/* the answer is after guess */
			lo = guess + 1;
			while (lo < n && doc->toks[lo + step < n ? lo + step : n - 1].start < off) {
				lo = lo + step < n ? lo + step + 1 : n;
				step *= 2;
			}
			hi = lo + step < n ? lo + step + 1 : n;
		} else {
			/* the answer is guess or before it */
			hi = guess;
			while (hi > 0 && doc->toks[hi > step ? hi - step : 0].start >= off) {
				hi = hi > step ? hi - step : 0;
				step *= 2;
			}
			lo = hi > step ? hi - step : 0;
		}
	}
	return token_bisect(doc, off, lo, hi);
}

size_t doc_token_from(const nf_doc *doc, size_t off, size_t hint)
{
	size_t lo = hint, step = 1;

	if (hint > doc->ntoks || (hint > 0 && doc->toks[hint - 1].start >= off))
		return doc_token_at(doc, off);
	/* toks[lo - 1] starts before off: gallop to a token at or after it */
	while (lo + step < doc->ntoks && doc->toks[lo + step].start < off) {
		lo += step + 1;
		step *= 2;
	}
	return token_bisect(doc, off, lo, lo + step < doc->ntoks ? lo + step : doc->ntoks);
}

/* Copies are small (names) and many in a long text: they are cut from blocks of this size. */
#define STRINGS_BLOCK 16384

const char *doc_strdup(nf_doc *doc, const char *s, size_t len)
{
	if (len + 1 > doc->strings_left) {
		size_t size = len + 1 > STRINGS_BLOCK ? len + 1 : STRINGS_BLOCK;
		char *block;

		if (array_grow((void **)&doc->strings, &doc->capstrings, doc->nstrings,
			       sizeof *doc->strings, 16) < 0 || !(block = malloc(size)))
			return NULL;
		doc->strings[doc->nstrings++] = block;
		doc->strings_free = block;
		doc->strings_left = size;
	}
	char *copy = doc->strings_free;

	memcpy(copy, s, len);
	copy[len] = '\0';
	doc->strings_free += len + 1;
	doc->strings_left -= len + 1;
	return copy;
}

void doc_release(nf_doc *doc)
{
	for (size_t i = 0; i < doc->nstrings; i++)
		free(doc->strings[i]);
	free(doc->strings);
	free(doc->toks);
	free(doc->norm_buf);
	free(doc->sents);
	free(doc->facts.items);
	memset(doc, 0, sizeof *doc);
}

static int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The same fact twice at the same place (two rules agreeing) is written once. */
static int same_fact(const nf_fact *a, const nf_fact *b)
{
	if (a->type != b->type || a->start != b->start || a->end != b->end)
		return 0;
	switch (a->type) {
	case NF_COUNT:
		return str_eq(a->category, b->category) && str_eq(a->status, b->status) &&
		       a->value == b->value;
	case NF_DATE:
		return strcmp(a->timex, b->timex) == 0;
	default:
		return str_eq(a->name, b->name);
	}
}

/* a before b in output order: (start, end, type). */
static inline int fact_before(const nf_fact *a, const nf_fact *b)
{
	if (a->start != b->start)
		return a->start < b->start;
	if (a->end != b->end)
		return a->end < b->end;
	return a->type < b->type;
}

/*
 * A fact and its start, held apart from it: the sort compares the starts in
 * a row rather than reading a 192-byte fact each time (the comparisons
 * through pointers were mostly cache misses); only facts that start
 * together are read.
 */
typedef struct fact_key {
	size_t start;
	nf_fact *fact;
} fact_key;

static inline int key_before(const fact_key *a, const fact_key *b)
{
	return a->start != b->start ? a->start < b->start : fact_before(a->fact, b->fact);
}

/*
 * Sort the n keys of order stably into output order. Each extractor adds its
 * facts mostly in text order, so the array is a few long sorted runs: merge
 * neighbouring runs until one is left (a natural merge sort), a few passes
 * instead of the n log n comparisons of a general sort. tmp has room for n;
 * the passes go back and forth between the two. Returns the one that holds
 * the result.
 */
static fact_key *merge_pairs(fact_key *order, fact_key *tmp, size_t n)
{
	while (n > 1) {
		size_t out = 0, runs = 0;
		fact_key *swap;

		for (size_t lo = 0; lo < n; runs++) {
			size_t mid = lo + 1, hi;

			while (mid < n && !key_before(&order[mid], &order[mid - 1]))
				mid++;
			hi = mid + (mid < n);
			while (hi < n && !key_before(&order[hi], &order[hi - 1]))
				hi++;
			/* merge [lo, mid) and [mid, hi) into tmp; ties take the left run */
			size_t i = lo, j = mid;

			while (i < mid && j < hi)
				tmp[out++] = key_before(&order[j], &order[i]) ? order[j++] : order[i++];
			while (i < mid)
				tmp[out++] = order[i++];
			while (j < hi)
				tmp[out++] = order[j++];
			lo = hi;
		}
		swap = order;
		order = tmp;
		tmp = swap;
		if (runs <= 1)
			break;
	}
	return order;
}

/*
 * sort_facts: the usual array is a handful of runs (the dates, the actors in
 * two or three, the places, the counts), merged all at once: each key is
 * copied once instead of once a pass (merge_pairs made three passes over
 * b2.txt's facts), the least of the runs' heads taken in turn, ties to the
 * earlier run so that the sort stays stable. Up to MERGE_WAYS runs; more go
 * to merge_pairs.
 */
#define MERGE_WAYS 8

static fact_key *sort_facts(fact_key *order, fact_key *tmp, size_t n)
{
	/* each run's next key, its start apart (most comparisons read no more), and its end */
	size_t at[MERGE_WAYS], start[MERGE_WAYS], end[MERGE_WAYS], k = 0;

	for (size_t lo = 0, hi; lo < n; lo = hi) {
		for (hi = lo + 1; hi < n && !key_before(&order[hi], &order[hi - 1]); hi++)
			;
		if (k == MERGE_WAYS)
			return merge_pairs(order, tmp, n);
		at[k] = lo;
		start[k] = order[lo].start;
		end[k++] = hi;
	}
	if (k <= 1)
		return order;
	for (size_t out = 0; out < n; out++) {
		size_t best = 0;

		for (size_t r = 1; r < k; r++)
			if (start[r] < start[best] ||
			    (start[r] == start[best] && fact_before(order[at[r]].fact, order[at[best]].fact)))
				best = r;
		tmp[out] = order[at[best]];
		if (++at[best] < end[best]) {
			start[best] = order[at[best]].start;
		} else {   /* the run is used up: the later ones move down */
			k--;
			for (size_t r = best; r < k; r++) {
				at[r] = at[r + 1];
				start[r] = start[r + 1];
				end[r] = end[r + 1];
			}
		}
	}
	return tmp;
}

/*
 * The facts of doc in output order (start, end, type; the extractors' order
 * among equals): *order gets doc->facts.len keys, to walk with next_fact,
 * in *block of *blockcap keys (grown here when short; the caller frees it).
 * 0, or -1 when memory ran out.
 */
static int order_facts(nf_doc *doc, fact_key **order, fact_key **block, size_t *blockcap)
{
	nf_fact_list *fl = &doc->facts;
	fact_key *keys;

	*order = NULL;
	if (fl->len == 0)
		return 0;
	if (*blockcap < 2 * fl->len) {
		free(*block);
		*blockcap = 0;
		if (!(*block = malloc(2 * fl->len * sizeof **block)))
			return -1;
		*blockcap = 2 * fl->len;
	}
	keys = *block;
	for (size_t i = 0; i < fl->len; i++) {
		nf_fact *f = &fl->items[i];

		keys[i] = (fact_key){ f->start, f };
	}
	*order = sort_facts(keys, keys + fl->len, fl->len);
	return 0;
}

/*
 * The next fact of the n in order from *i on, or NULL after the last: the
 * types not asked for are dropped, and so are repeats (the same fact at the
 * same place, two rules agreeing), before the caller changes the fact.
 * Walked once, as the facts are written: each read of a fact out of the
 * order it was written in is a cache miss, so they are asked for early.
 */
static inline nf_fact *next_fact(const fact_key *order, size_t n, size_t *i, unsigned types)
{
	while (*i < n) {
		nf_fact *f = order[(*i)++].fact;

		if (!(f->type & types))
			continue;
		for (; *i < n; ++*i) {
			const nf_fact *g = order[*i].fact;

#if defined __GNUC__
			if (*i + 16 < n)
				__builtin_prefetch(order[*i + 16].fact);
#endif
			if ((g->type & types) && !same_fact(f, g))
				break;
		}
		return f;
	}
	return NULL;
}

/* doc_analyse but the ordering, with the tokens in store when there is one (see extract_window). */
static int analyse(const nf_model *m, nf_doc *doc, const char *text, size_t len,
		   const nf_options *opt, unsigned types, nf_tokstore *store)
{
	doc->opt = opt;
	if ((store ? tokenize_reuse(doc, text, len, store) : tokenize(doc, text, len)) < 0 ||
	    split_sentences(m->splitter, doc) < 0)
		return -1;
	/* places skip names inside persons, so the actors run when either is asked */
	if ((types & NF_DATE) && extract_dates(m, doc) < 0)
		return -1;
	if ((types & (NF_ACTOR | NF_PLACE)) && extract_actors(m, doc) < 0)
		return -1;
	if ((types & NF_PLACE) && extract_places(m, doc) < 0)
		return -1;
	if ((types & NF_COUNT) && extract_counts(m, doc) < 0)
		return -1;
	return 0;
}

int doc_analyse(const nf_model *m, nf_doc *doc, const char *text, size_t len,
		const nf_options *opt, unsigned types)
{
	fact_key *order, *block = NULL;
	nf_fact *sorted = NULL, *f;
	size_t n = 0, i = 0, blockcap = 0;

	if (analyse(m, doc, text, len, opt, types, NULL) < 0 ||
	    order_facts(doc, &order, &block, &blockcap) < 0) {
		free(block);
		return -1;
	}
	/* the facts themselves in that order, for the callers that walk doc->facts */
	if (doc->facts.len > 0 && !(sorted = malloc(doc->facts.len * sizeof *sorted))) {
		free(block);
		return -1;
	}
	while ((f = next_fact(order, doc->facts.len, &i, types)) != NULL)
		sorted[n++] = *f;
	free(block);
	free(doc->facts.items);
	doc->facts.items = sorted;
	doc->facts.len = doc->facts.cap = n;
	return 0;
}

/*
 * Inputs longer than WINDOW_SPLIT are analysed in windows of about WINDOW
 * bytes, so that the tokens, sentences and facts of one window are all that is
 * held at once, whatever the input's size. A window ends between WINDOW and
 * 2 * WINDOW bytes in, at the first of: a blank line (a paragraph ends: news
 * text has paragraphs far shorter than a window), a line break, a sentence end
 * (". " before a capital), a space, and at worst a character boundary. The cut
 * depends only on the CUT_REACH bytes after the window's start, so a stream
 * fed piece by piece is cut exactly where the same text given whole is.
 */
#define WINDOW ((size_t)1 << 20)
#define WINDOW_SPLIT (4 * WINDOW)
#define CUT_REACH (2 * WINDOW + 4096)

/* A sentence ends at p (". ", "! ", "? " before a capital letter). */
static int sentence_end_at(const char *p, const char *end)
{
	return (p[0] == '.' || p[0] == '!' || p[0] == '?') && end - p >= 3 && p[1] == ' ' &&
	       p[2] >= 'A' && p[2] <= 'Z';
}

/*
 * Where the window starting at p ends, given the n bytes there are from p on
 * (all the rest when eof). 0 means that more bytes are needed to decide.
 */
static size_t window_cut(const char *p, size_t n, int eof)
{
	if (eof && n <= WINDOW + WINDOW / 2)
		return n;
	if (!eof && n < CUT_REACH)
		return 0;
	const char *end = p + (n < CUT_REACH ? n : CUT_REACH);
	const char *q = p + WINDOW, *nl = NULL, *sent = NULL, *space = NULL;

	for (; q < end; q++) {
		if (*q == '\n') {
			const char *r = q + 1;

			if (!nl)
				nl = r;
			while (r < end && (*r == ' ' || *r == '\t' || *r == '\r'))
				r++;
			if (r < end && *r == '\n')
				return (size_t)(r + 1 - p);     /* a blank line */
			if (r - p > (ptrdiff_t)(2 * WINDOW))
				break;
			q = r - 1;
		} else if (!nl && !sent && sentence_end_at(q, end)) {
			sent = q + 2;
		} else if (!space && *q == ' ') {
			space = q + 1;
		}
	}
	if (nl || sent || space)
		return (size_t)((nl ? nl : sent ? sent : space) - p);
	/* no white space at all: any character boundary */
	q = p + 2 * WINDOW;
	while (q > p + WINDOW && ((unsigned char)*q & 0xC0) == 0x80)
		q--;
	return (size_t)(q - p);
}

/*
 * The arrays of a thread's inputs, kept from one input to the next and
 * between the windows of a long one: a short article otherwise allocated,
 * faulted in and freed them anew, and its tokens' arrays are megabytes in a
 * long input. An array larger than STORE_KEEP bytes is freed once its input
 * is done (store_trim), so what a thread keeps stays bounded.
 */
#define STORE_KEEP ((size_t)1 << 20)

typedef struct doc_store {
	nf_tokstore tok;
	nf_sentence *sents;
	size_t sentcap;
	nf_fact *facts;
	size_t factcap;
	fact_key *keys;
	size_t keycap;
} doc_store;

static void store_free(doc_store *s)
{
	tokstore_free(&s->tok);
	free(s->sents);
	free(s->facts);
	free(s->keys);
	memset(s, 0, sizeof *s);
}

static void store_trim(doc_store *s)
{
	if (s->tok.tokcap * sizeof *s->tok.toks > STORE_KEEP || s->tok.normcap > STORE_KEEP)
		tokstore_free(&s->tok);
	if (s->sentcap * sizeof *s->sents > STORE_KEEP) {
		free(s->sents);
		s->sents = NULL;
		s->sentcap = 0;
	}
	if (s->factcap * sizeof *s->facts > STORE_KEEP) {
		free(s->facts);
		s->facts = NULL;
		s->factcap = 0;
	}
	if (s->keycap * sizeof *s->keys > STORE_KEEP) {
		free(s->keys);
		s->keys = NULL;
		s->keycap = 0;
	}
}

/* Each thread's store, freed when the thread ends (the key's destructor). */
static _Thread_local doc_store thread_store;
static _Thread_local int thread_store_known;
static pthread_key_t store_key;
static int store_key_made;
static pthread_once_t store_key_once = PTHREAD_ONCE_INIT;

static void store_release(void *store)
{
	store_free(store);
}

static void make_store_key(void)
{
	store_key_made = pthread_key_create(&store_key, store_release) == 0;
}

static doc_store *my_store(void)
{
	if (!thread_store_known) {
		pthread_once(&store_key_once, make_store_key);
		if (store_key_made)
			pthread_setspecific(store_key, &thread_store);
		thread_store_known = 1;
	}
	return &thread_store;
}

/*
 * The facts of text[0..len), reported with offsets and sentences shifted by
 * base, analysed in store's arrays. They are taken out of the store meanwhile:
 * a callback that extracts too (on the same thread) finds it empty.
 */
static int extract_window(const nf_model *m, const char *text, size_t len, size_t base,
			  size_t *sent_base, const nf_options *opt, unsigned types,
			  nf_fact_fn fn, void *userdata, doc_store *store)
{
	doc_store mine = *store;
	nf_doc doc = { .sents = mine.sents, .capsents = mine.sentcap,
		       .facts = { .items = mine.facts, .cap = mine.factcap } };
	fact_key *order;
	nf_fact *f;
	int rc = -1;

	memset(store, 0, sizeof *store);
	/* the facts go out through the order's pointers, not copied into it */
	if (analyse(m, &doc, text, len, opt, types, &mine.tok) == 0 &&
	    order_facts(&doc, &order, &mine.keys, &mine.keycap) == 0) {
		rc = 0;
		for (size_t i = 0; rc == 0 && (f = next_fact(order, doc.facts.len, &i, types)) != NULL;) {
			f->start += base;
			f->end += base;
			f->sentence += *sent_base;
			rc = fn(f, userdata);
		}
		*sent_base += doc.nsents;
	}
	/* the arrays back into the store (the tokens are there already) */
	mine.sents = doc.sents;
	mine.sentcap = doc.capsents;
	mine.facts = doc.facts.items;
	mine.factcap = doc.facts.cap;
	doc.toks = NULL;
	doc.norm_buf = NULL;
	doc.sents = NULL;
	doc.facts.items = NULL;
	doc_release(&doc);
	store_free(store);      /* what a nested extraction left there */
	*store = mine;
	return rc;
}

int nf_extract(const nf_model *m, const char *text, size_t len,
	       const nf_options *options, nf_fact_fn fn, void *userdata)
{
	static const nf_options defaults = { 0 };
	const nf_options *opt = options ? options : &defaults;
	unsigned types = opt->types ? opt->types : NF_ALL_TYPES;
	size_t sent_base = 0;
	doc_store *store = my_store();
	int rc = 0;

	if (len <= WINDOW_SPLIT) {
		rc = extract_window(m, text, len, 0, &sent_base, opt, types, fn, userdata, store);
	} else {
		for (size_t from = 0; from < len && rc == 0;) {
			size_t to = from + window_cut(text + from, len - from, 1);

			rc = extract_window(m, text + from, to - from, from, &sent_base, opt, types,
					    fn, userdata, store);
			from = to;
		}
	}
	store_trim(store);
	return rc;
}

/*
 * A stream holds the text not yet analysed: less than CUT_REACH plus the last
 * piece written. Once it holds CUT_REACH bytes, a window is cut, analysed and
 * dropped. At close, the rest is analysed as nf_extract would analyse it.
 */
/*
 * A stream's first buffer: the text a window cut needs, and room for a few
 * windows more. (The pending text, up to CUT_REACH, then moves to the front
 * every few windows: 46 MB of a 100 MB input, 1.5 ms here. Room for twelve
 * windows moved 14 MB, but its 8 MB more of fresh memory cost as much.)
 */
#define STREAM_ROOM (CUT_REACH + 4 * WINDOW)

struct nf_stream {
	const nf_model *model;
	nf_options opt;
	unsigned types;
	nf_fact_fn fn;
	void *userdata;
	char *buf;              /* pending text at buf + head, offset base of the input */
	size_t head, len, cap;
	size_t base, sent_base;
	int rc;                 /* first non-zero result: the stream is stopped */
};

nf_stream *nf_stream_open(const nf_model *m, const nf_options *options, nf_fact_fn fn,
			  void *userdata)
{
	nf_stream *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->model = m;
	if (options)
		s->opt = *options;
	s->types = s->opt.types ? s->opt.types : NF_ALL_TYPES;
	s->fn = fn;
	s->userdata = userdata;
	return s;
}

/* Analyse and drop the first cut bytes of the pending text. */
static int stream_window(nf_stream *s, size_t cut)
{
	s->rc = extract_window(s->model, s->buf + s->head, cut, s->base, &s->sent_base, &s->opt,
			       s->types, s->fn, s->userdata, my_store());
	s->head += cut;
	s->len -= cut;
	s->base += cut;
	return s->rc;
}

char *nf_stream_room(nf_stream *s, size_t want, size_t *room)
{
	if (s->rc)
		return NULL;
	/* the pending text moves to the front only when the room after it runs
	 * out: with STREAM_ROOM, once every few windows rather than at each */
	if (s->head + s->len + want > s->cap && s->head > 0) {
		memmove(s->buf, s->buf + s->head, s->len);
		s->head = 0;
	}
	if (s->len + want > s->cap) {
		size_t ncap = s->cap ? s->cap : STREAM_ROOM;

		while (ncap < s->len + want)
			ncap *= 2;
		char *p = realloc(s->buf, ncap);

		if (!p) {
			s->rc = -1;
			return NULL;
		}
		s->buf = p;
		s->cap = ncap;
	}
	*room = s->cap - s->head - s->len;
	return s->buf + s->head + s->len;
}

int nf_stream_wrote(nf_stream *s, size_t len)
{
	if (s->rc)
		return s->rc;
	s->len += len;
	/* the first window waits for WINDOW_SPLIT bytes: shorter inputs are one window */
	if (s->base == 0 && s->len <= WINDOW_SPLIT)
		return 0;
	for (size_t cut; s->rc == 0 && (cut = window_cut(s->buf + s->head, s->len, 0)) > 0;)
		stream_window(s, cut);
	return s->rc;
}

int nf_stream_write(nf_stream *s, const char *text, size_t len)
{
	size_t room;
	char *p;

	if (len == 0 || !(p = nf_stream_room(s, len, &room)))
		return s->rc;
	memcpy(p, text, len);
	return nf_stream_wrote(s, len);
}

int nf_stream_close(nf_stream *s)
{
	int rc;

	if (!s)
		return 0;
	if (s->rc == 0 && s->base == 0 && s->len <= WINDOW_SPLIT) {
		s->rc = extract_window(s->model, s->buf ? s->buf + s->head : "", s->len, 0, &s->sent_base,
				       &s->opt, s->types, s->fn, s->userdata, my_store());
		s->len = 0;
	}
	while (s->rc == 0 && s->len > 0)
		stream_window(s, window_cut(s->buf + s->head, s->len, 1));
	rc = s->rc;
	store_trim(my_store());
	free(s->buf);
	free(s);
	return rc;
}
