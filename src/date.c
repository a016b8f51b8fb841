/*
 * date.c: the temporal tagger. Finds the expressions that place an event in
 * time and normalises each to a TIMEX3 value (FACTS.md, "type = date"):
 *
 *   calendar dates   "13 June 2024", "June 13, 2024", "Feb. 24", "2024-06-13",
 *                    "2024-06-13T10:00", "12.06.2024", "13/06/2024" (only when
 *                    a part above 12 settles the order)
 *   months, years    "in March", "mid-June", "February 2022", "in 2022",
 *                    "the 2022 offensive", "2023 saw", "the autumn of 2022",
 *                    decades ("the 1990s" = 199)
 *   weekdays         "on Thursday", "Thursday night", "late on Friday",
 *                    "over the weekend" (2024-W23-WE)
 *   deictic words    "yesterday", "tomorrow morning", "last week", "this year",
 *                    "two days ago", "one day earlier"
 *   durations        "in the past five days" (P5D), "the past 24 hours" (PT24H),
 *                    "a two-week lull" (P2W), "the last year" (P1Y)
 *   holidays         "Christmas" (XXXX-12-25), "New Year"
 *
 * With a reference (publication) date, relative expressions are resolved: a
 * weekday is the latest such day on or before it, a day or month without a year
 * takes the year that puts it on or before it. Without one, weekdays, months and
 * days keep an underspecified value (XXXX-WXX-4, XXXX-03, XXXX-03-08) and the
 * deictic words, which mean nothing without a "now", are left out. With
 * nf_options.ref_auto the reference date is read from the article's own head
 * (a dateline or publication line: detect_ref).
 *
 * The words (month names, units, holidays, the names that merely contain a date
 * word like "Sunday Times") live in data/dates.tsv; the patterns live here.
 * Expressions are matched left to right and never overlap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "extract.h"
#include "phrase.h"
#include "table.h"

enum date_kind {
	DK_MONTH, DK_MONTH_ABBR, DK_WEEKDAY, DK_HOLIDAY, DK_DAY_OFFSET, DK_UNIT,
	DK_SEASON, DK_DAYPART, DK_RELATIVE, DK_BACK, DK_LEAD, DK_MODIFIER, DK_PREP,
	DK_NOT_DATE, DK_COUNT_NOUN, DK_PROMO, DK_ANCHOR_OFFSET, DK_WEEKEND, DK_YEAR_VERB,
	DK_PUBLINE, DK_CLOCK, DK_NKINDS
};

static const char *const kind_names[DK_NKINDS] = {
	"month", "month_abbr", "weekday", "holiday", "day_offset", "unit",
	"season", "daypart", "relative", "back", "lead", "modifier", "prep",
	"not_date", "count_noun", "promo", "anchor_offset", "weekend", "year_verb",
	"publine", "clock",
};

/* last/this/next before a weekday, month or season (the values of "relative" rows) */
enum { REL_LAST = -1, REL_THIS = 0, REL_NEXT = 1, REL_NONE = 2 };

/*
 * Entries of the word filter, indexed by a word's hash modulo WORD_BITS: a
 * word whose entry lacks a bit is no such word.
 */
#define WORD_BITS 8192

/*
 * WF_LAST: the last word of a row of the kinds emit widens a date over.
 * Of the rows of an opening kind (see opens): WF_OPEN for the word of a
 * one-word row, WF_OPEN_PAIR for the first word of a longer row, WF_SECOND
 * for its second word and WF_THIRD for its third ("the day before"): "the"
 * may open only before a WF_SECOND word. WF_DIGITS: a word of digits and
 * letters that day_at or match_decade may take ("9th", "1990s").
 */
enum {
	WF_FIRST = 1, WF_UNIT = 2, WF_OPEN = 4, WF_LAST = 8, WF_OPEN_PAIR = 16, WF_SECOND = 32,
	WF_THIRD = 64, WF_DIGITS = 128
};

/* Slots of the word and pair tables (powers of two, a few times the ~250 rows). */
#define WORD_SLOTS 512
#define PAIR_SLOTS 256

/* Bit of kind k in a mask of kinds. */
#define KBIT(k) (1u << (k))

/*
 * The rows of several words ("Christmas Eve", "more than") are matched by a
 * phrase set per kind; the one-word rows, most of them, are looked up in
 * words (a one-word row whose word shares its hash with another word of the
 * table, never seen, goes to the set too). A word may have several kinds
 * ("last", "in").
 *
 * words maps the hash of the first word of every row to the kinds of the rows
 * it begins (kinds), to those of the one-word rows it is (alone), and, for
 * these, to their rows (in rows, from rows_at on, one per bit of alone in
 * kind order). pairs maps the hashes of the first two words of every longer
 * row to its kind (and those of its rows of just two tokens), so that "the"
 * is looked at further only before "day", "next"... (see token_kinds).
 * filter has WF_FIRST for every word of words, the WF_OPEN bits for the
 * words of the rows that may open an expression (a kind of opens), and
 * WF_UNIT for every unit word (see unit_ahead): one load passes over most
 * words of a text.
 */
struct word_slot {
	uint32_t hash;
	uint32_t kinds;        /* 0: empty slot */
	uint32_t alone;
	uint32_t longer;       /* the kinds of the rows of two tokens or more */
	uint32_t norm;         /* offset of the word in date_model.norms */
	uint32_t rows_at;
};

struct pair_slot {
	uint32_t key;          /* pair_key of the two words */
	uint32_t kinds;        /* 0: empty slot */
	uint32_t two_kinds;    /* those of the rows of just these two tokens */
};

/*
 * Built from the table, or mapped from the tables cache (model.c): a member
 * added here is saved there too (date_model_save).
 */
struct date_model {
	table *tab;
	phrase_set *sets[DK_NKINDS];   /* the rows of several words; NULL for none */
	struct word_slot words[WORD_SLOTS];
	struct pair_slot pairs[PAIR_SLOTS];
	char *norms;           /* the words of words, NUL-terminated */
	size_t normlen, normcap;
	int *rows;             /* rows of the one-word rows, see word_slot */
	unsigned char filter[WORD_BITS];
	uint32_t by_bit[32];   /* the patterns (bit p) that bit b of a token's mask may start */
	uint32_t opens;        /* the bits of a token that may start anything */
	size_t nrows;          /* of rows */
	int mapped;            /* norms and rows live in a mapped cache (date_model_map) */
};

static void index_patterns(struct date_model *m);

/* The set bits of x below bit k (no popcount instruction in the default -march). */
static inline uint32_t bits_below(uint32_t x, int k)
{
	x &= KBIT(k) - 1;
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	return (((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

static inline int filter_has(const struct date_model *m, uint32_t hash, int bit)
{
	return m->filter[hash % WORD_BITS] & bit;
}

static inline uint32_t pair_key(uint32_t first, uint32_t second)
{
	uint32_t h = first * 0x9E3779B1u ^ second;

	return h ^ (h >> 15);
}

/* The slot of hash in words: its own, or the empty one where it would go. */
static inline const struct word_slot *word_slot(const struct date_model *m, uint32_t hash)
{
	for (uint32_t i = hash & (WORD_SLOTS - 1);; i = (i + 1) & (WORD_SLOTS - 1)) {
		const struct word_slot *s = &m->words[i];

		if (s->hash == hash || !s->kinds)
			return s;
	}
}

/* The slot of key in pairs: its own, or an empty one (kinds 0). */
static inline const struct pair_slot *pair_slot(const struct date_model *m, uint32_t key)
{
	for (uint32_t i = key & (PAIR_SLOTS - 1);; i = (i + 1) & (PAIR_SLOTS - 1)) {
		const struct pair_slot *s = &m->pairs[i];

		if (s->key == key || !s->kinds)
			return s;
	}
}

/* A row's first three tokens: their hashes, and the first one's norm; the last one's hash. */
typedef struct row_words {
	uint32_t h[3];
	uint32_t last;
	size_t n;              /* tokens: 1, 2, or 3 for three or more */
	char norm[101];        /* as phrase_add: a longer word is tokenized */
} row_words;

/*
 * Note a row of kind k. Returns 1 when its first word has the hash of
 * another word of the table, whose word the slot keeps (the row then needs a
 * phrase set), 0 otherwise, -1 when memory runs out.
 */
static int index_row(struct date_model *m, const row_words *rw, enum date_kind k)
{
	struct word_slot *w = (struct word_slot *)word_slot(m, rw->h[0]);
	int clash = 0;

	if (!w->kinds) {
		size_t nl = strlen(rw->norm) + 1;

		if (m->normcap - m->normlen < nl) {
			size_t cap = m->normcap ? 2 * m->normcap : 2048;

			while (cap - m->normlen < nl)
				cap *= 2;
			char *nn = cap <= UINT32_MAX ? realloc(m->norms, cap) : NULL;

			if (!nn)
				return -1;
			m->norms = nn;
			m->normcap = cap;
		}
		w->norm = (uint32_t)m->normlen;
		memcpy(m->norms + m->normlen, rw->norm, nl);
		m->normlen += nl;
	} else if (strcmp(m->norms + w->norm, rw->norm) != 0) {
		clash = 1;
	}
	w->hash = rw->h[0];
	w->kinds |= KBIT(k);
	m->filter[rw->h[0] % WORD_BITS] |= WF_FIRST;
	if (k == DK_UNIT)
		m->filter[rw->h[0] % WORD_BITS] |= WF_UNIT;
	if (KBIT(k) & m->opens) {
		m->filter[rw->h[0] % WORD_BITS] |= rw->n == 1 ? WF_OPEN : WF_OPEN_PAIR;
		if (rw->n >= 2)
			m->filter[rw->h[1] % WORD_BITS] |= WF_SECOND;
		if (rw->n >= 3)
			m->filter[rw->h[2] % WORD_BITS] |= WF_THIRD;
	}
	if (rw->n == 1) {
		w->alone |= KBIT(k);
		return clash;
	}
	w->longer |= KBIT(k);
	uint32_t key = pair_key(rw->h[0], rw->h[1]), i = key & (PAIR_SLOTS - 1);

	while (m->pairs[i].kinds && m->pairs[i].key != key)
		i = (i + 1) & (PAIR_SLOTS - 1);
	m->pairs[i].key = key;
	m->pairs[i].kinds |= KBIT(k);
	if (rw->n == 2)
		m->pairs[i].two_kinds |= KBIT(k);
	return clash;
}

/*
 * The first three tokens of phrase text, as the tokenizer would give them. A
 * text of ASCII letters and spaces is its lower-case words (most rows);
 * others ("a.m.", "valentine's day") are tokenized. -1 when text has no
 * token or memory runs out.
 */
static int row_words_of(const char *text, nf_tokstore *store, row_words *rw)
{
	char word[sizeof rw->norm];
	size_t len = 0;

	rw->n = 0;
	for (size_t p = 0;; p++) {
		char ch = text[p];

		if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z' && len + 1 < sizeof word) {
			word[len++] = (char)(ch | 0x20);
			continue;
		}
		if (ch != ' ' && ch != '\0')
			break;          /* not plain: tokenize */
		if (len) {
			if (rw->n == 0) {
				memcpy(rw->norm, word, len);
				rw->norm[len] = '\0';
			}
			rw->last = nf_hash(word, len);
			if (rw->n < 3)
				rw->h[rw->n++] = rw->last;
			len = 0;
		}
		if (ch == '\0')
			return rw->n ? 0 : -1;
	}
	nf_doc d = { 0 };

	if (tokenize_reuse(&d, text, strlen(text), store) < 0 || d.ntoks == 0 ||
	    strlen(d.toks[0].norm) >= sizeof rw->norm)
		return -1;
	rw->n = d.ntoks < 3 ? d.ntoks : 3;
	for (size_t i = 0; i < rw->n; i++)
		rw->h[i] = d.toks[i].hash;
	rw->last = d.toks[d.ntoks - 1].hash;
	strcpy(rw->norm, d.toks[0].norm);
	return 0;
}

/*
 * WF_DIGITS for the words day_at and match_decade take: a day with a
 * suffix ("9th", "09th", "31st"; any of the four, as day_at) and a decade
 * ("1990s"). Other words that begin with a digit ("10km") start no date
 * unless a unit word follows (a zone of scan looks at them then).
 */
static void index_digit_words(struct date_model *m)
{
	static const char suffixes[4][3] = { "st", "nd", "rd", "th" };

	for (int d = 1; d <= 31; d++)
		for (int s = 0; s < 4; s++) {
			/* "9th", and "09th" for a day below 10 */
			char w[4] = { (char)('0' + d / 10), (char)('0' + d % 10), suffixes[s][0],
				      suffixes[s][1] };

			m->filter[nf_hash(w, 4) % WORD_BITS] |= WF_DIGITS;
			if (d < 10)
				m->filter[nf_hash(w + 1, 3) % WORD_BITS] |= WF_DIGITS;
		}
	for (int y = 100; y < 300; y++) {
		char w[5] = { (char)('0' + y / 100), (char)('0' + y / 10 % 10), (char)('0' + y % 10),
			      '0', 's' };

		m->filter[nf_hash(w, 5) % WORD_BITS] |= WF_DIGITS;
	}
}

/* The kind of a row (DK_NKINDS when unknown); rows come grouped, so try the last one first. */
static int kind_of(const char *name, int last)
{
	if (strcmp(name, kind_names[last]) == 0)
		return last;
	for (int k = 0; k < DK_NKINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return DK_NKINDS;
}

struct date_model *date_model_load(const char *dir, char *err, size_t errlen)
{
	struct date_model *m = calloc(1, sizeof *m);
	nf_tokstore store = { 0 };
	struct row_info {
		uint32_t first;        /* the hash of its first word */
		unsigned char kind;
		unsigned char in_set;  /* matched by the kind's phrase set */
	} *info = NULL;
	size_t nrows = 0;
	int k = 0;

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(m->tab = table_load(dir, "dates.tsv", 3, err, errlen)))
		goto fail;
	index_patterns(m);      /* opens, for index_row */
	index_digit_words(m);
	if (!(info = malloc((m->tab->nrows + 1) * sizeof *info)))
		goto oom;
	/* first the words of every row, and whether it needs a phrase set */
	for (size_t r = 0; r < m->tab->nrows; r++) {
		const table_row *row = &m->tab->rows[r];
		row_words rw;
		int clash;

		if ((k = kind_of(row->field[1], k)) == DK_NKINDS) {
			snprintf(err, errlen, "%s:%d: unknown kind '%s'", m->tab->path,
				 row->line, row->field[1]);
			goto fail;
		}
		if (row_words_of(row->field[0], &store, &rw) < 0 ||
		    (clash = index_row(m, &rw, (enum date_kind)k)) < 0) {
			snprintf(err, errlen, "%s:%d: cannot add phrase '%s'",
				 m->tab->path, row->line, row->field[0]);
			goto fail;
		}
		if (k == DK_LEAD || k == DK_MODIFIER || k == DK_BACK || k == DK_RELATIVE)
			m->filter[rw.last % WORD_BITS] |= WF_LAST;
		info[r].first = rw.h[0];
		info[r].kind = (unsigned char)k;
		info[r].in_set = rw.n > 1 || clash;
	}
	/* then the rows: of the one-word rows, the first of a word and kind is kept (as phrase_add) */
	for (size_t i = 0; i < WORD_SLOTS; i++) {
		m->words[i].rows_at = (uint32_t)nrows;
		nrows += bits_below(m->words[i].alone, DK_NKINDS);
	}
	if (!(m->rows = malloc((nrows + 1) * sizeof *m->rows)))
		goto oom;
	m->nrows = nrows;
	for (size_t i = 0; i < nrows; i++)
		m->rows[i] = -1;
	for (size_t r = 0; r < m->tab->nrows; r++) {
		const table_row *row = &m->tab->rows[r];

		k = info[r].kind;
		if (info[r].in_set) {
			if ((!m->sets[k] && !(m->sets[k] = phrase_new())) ||
			    phrase_add(m->sets[k], row->field[0], (int)r) < 0) {
				snprintf(err, errlen, "%s:%d: cannot add phrase '%s'",
					 m->tab->path, row->line, row->field[0]);
				goto fail;
			}
			continue;
		}
		const struct word_slot *w = word_slot(m, info[r].first);
		int *slot = &m->rows[w->rows_at + bits_below(w->alone, k)];

		if (*slot < 0)
			*slot = (int)r;
	}
	free(info);
	tokstore_free(&store);
	return m;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	free(info);
	tokstore_free(&store);
	date_model_free(m);
	return NULL;
}

void date_model_free(struct date_model *m)
{
	if (!m)
		return;
	for (int k = 0; k < DK_NKINDS; k++)
		phrase_free(m->sets[k]);
	if (!m->mapped) {
		free(m->norms);
		free(m->rows);
	}
	table_free(m->tab);
	free(m);
}

/*
 * The model in a model cache: a head, the table, the word and pair slots,
 * the filter, the norms, the rows, and the phrase sets there are.
 */
typedef struct date_saved_head {
	uint64_t normlen, nrows;
	uint64_t sets;         /* bit k: the kind has a phrase set */
} date_saved_head;

int date_model_save(const struct date_model *m, FILE *f)
{
	date_saved_head h = { m->normlen, m->nrows, 0 };
	int ok;

	for (int k = 0; k < DK_NKINDS; k++)
		h.sets |= m->sets[k] ? (uint64_t)1 << k : 0;
	ok = cache_write_padded(f, &h, sizeof h) && table_save(m->tab, f) == 0 &&
	     cache_write_padded(f, m->words, sizeof m->words) &&
	     cache_write_padded(f, m->pairs, sizeof m->pairs) &&
	     cache_write_padded(f, m->filter, sizeof m->filter) &&
	     cache_write_padded(f, m->norms, m->normlen) &&
	     cache_write_padded(f, m->rows, m->nrows * sizeof *m->rows);
	for (int k = 0; ok && k < DK_NKINDS; k++)
		ok = !m->sets[k] || phrase_save(m->sets[k], f) == 0;
	return ok ? 0 : -1;
}

struct date_model *date_model_map(const char **p, const char *end)
{
	const date_saved_head *h = cache_take(p, end, sizeof *h);
	struct date_model *m;

	if (!h || h->normlen == 0 || h->normlen > UINT32_MAX || h->nrows > UINT32_MAX ||
	    h->sets >= KBIT(DK_NKINDS) || !(m = calloc(1, sizeof *m)))
		return NULL;
	m->mapped = 1;
	m->normlen = m->normcap = (size_t)h->normlen;
	m->nrows = (size_t)h->nrows;
	const struct word_slot *words;
	const struct pair_slot *pairs;
	const unsigned char *filter;

	if (!(m->tab = table_map(p, end, 3)) ||
	    !(words = cache_take(p, end, sizeof m->words)) ||
	    !(pairs = cache_take(p, end, sizeof m->pairs)) ||
	    !(filter = cache_take(p, end, sizeof m->filter)) ||
	    !(m->norms = (char *)(uintptr_t)cache_take(p, end, m->normlen)) ||
	    (m->nrows && !(m->rows = (int *)(uintptr_t)cache_take(p, end, m->nrows * sizeof *m->rows))))
		goto bad;
	memcpy(m->words, words, sizeof m->words);
	memcpy(m->pairs, pairs, sizeof m->pairs);
	memcpy(m->filter, filter, sizeof m->filter);
	for (int k = 0; k < DK_NKINDS; k++)
		if (((h->sets >> k) & 1) && !(m->sets[k] = phrase_map(p, end)))
			goto bad;
	index_patterns(m);
	return m;
bad:
	date_model_free(m);
	return NULL;
}

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) ---- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ISO weekday, Monday = 1 ... Sunday = 7 (1970-01-01 was a Thursday). */
static int iso_weekday(long z)
{
	return (int)(((z % 7 + 7) % 7 + 3) % 7) + 1;
}

static int days_in_month(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

/*
 * Write v at p as printf's "%0*lld" with this width would, and return the end
 * (not terminated): the values are built in the hot path, where snprintf
 * costs more than the rest of a match.
 */
static char *put_num(char *p, long long v, int width)
{
	char digits[24];
	int n = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	if (v < 0) {
		*p++ = '-';
		width--;
	}
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	for (; width > n; width--)
		*p++ = '0';
	while (n)
		*p++ = digits[--n];
	return p;
}

/* Copy the NUL-terminated s to p; returns the end (not terminated). */
static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static void format_day(char *buf, long z)
{
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	char *p = put_num(buf, y, 4);

	*p++ = '-';
	p = put_num(p, m, 2);
	*p++ = '-';
	*put_num(p, d, 2) = '\0';
}

/* ISO 8601 week of day z: the week's Thursday decides the year. */
static void format_week(char *buf, long z)
{
	long thursday = z - iso_weekday(z) + 4;
	int y, m, d;

	civil_from_days(thursday, &y, &m, &d);
	char *p = put_num(buf, y, 4);

	p = put_str(p, "-W");
	*put_num(p, (int)((thursday - days_from_civil(y, 1, 1)) / 7) + 1, 2) = '\0';
}

/* ---- matching state ---- */

#define SLOT_MEMO 16            /* a power of two */

typedef struct dctx {
	const nf_model *model;
	const struct date_model *dm;
	nf_doc *doc;
	int has_ref;
	int ry, rm, rd;
	long ref;               /* reference day number */
	size_t floor;           /* tokens before it belong to an earlier match */
	size_t fact_end;        /* token after the last fact emitted (0: none yet) */
	int has_anchor;         /* the last day mentioned, for "a day earlier" */
	long anchor;
	/* next_unit's memory: no unit word in [unit_from, unit_next), and
	 * unit_next is one (or ntoks) */
	size_t unit_from, unit_next;
	/* token_kinds' memory of the word slots it looked up last, by hash:
	 * a few words ("the", "in", "on") are most of those it is asked */
	uint32_t memo_hash[SLOT_MEMO];
	const struct word_slot *memo_slot[SLOT_MEMO];
} dctx;

static const nf_token *tok(const dctx *c, size_t i)
{
	return i < c->doc->ntoks ? &c->doc->toks[i] : NULL;
}

static int is(const dctx *c, size_t i, const char *s)
{
	return tok_is(c->doc, i, s);
}

static int is_cap(const dctx *c, size_t i)
{
	const nf_token *t = tok(c, i);

	return t && (t->flags & TF_CAP);
}

static int glued(const dctx *c, size_t i)
{
	const nf_token *t = tok(c, i);

	return t && !(t->flags & TF_SPACE);
}

/*
 * The longest phrase of kind k within tokens [i, end): its length (0 for
 * none), and its row of data/dates.tsv in *v. The phrase set holds the rows
 * of several words, so it is asked first; a one-word row is a look-up in
 * words.
 */
static size_t kind_at(const struct date_model *dm, const nf_token *toks, size_t i, size_t end,
		      enum date_kind k, int *v)
{
	size_t n;

	if (i >= end)
		return 0;
	if (dm->sets[k] && (n = phrase_match(dm->sets[k], toks, i, end, v)))
		return n;
	const nf_token *t = &toks[i];

	if (!filter_has(dm, t->hash, WF_FIRST))
		return 0;
	const struct word_slot *w = word_slot(dm, t->hash);
	int r;

	if (!(w->alone & KBIT(k)) || (r = dm->rows[w->rows_at + bits_below(w->alone, k)]) < 0 ||
	    strcmp(dm->norms + w->norm, t->norm) != 0)
		return 0;
	*v = r;
	return 1;
}

/* Row of data/dates.tsv for a phrase of kind k starting at token i; returns its length. */
static size_t match_kind(const dctx *c, size_t i, enum date_kind k, const table_row **row)
{
	int v = -1;
	size_t n = kind_at(c->dm, c->doc->toks, i, c->doc->ntoks, k, &v);

	if (n && row)
		*row = &c->dm->tab->rows[v];
	return n;
}

/* The single token i has kind k; *value gets the row's value as an integer. */
static int word_kind(const dctx *c, size_t i, enum date_kind k, int *value)
{
	const table_row *row;

	if (match_kind(c, i, k, &row) != 1)
		return 0;
	if (value)
		*value = atoi(row->field[2]);
	return 1;
}

/*
 * A phrase of kind k ends right before token end (starting no earlier than
 * lo). near[n - 1]: row_kinds of token end - n for n tokens; a phrase of
 * kind k starts only where they have k. One of two tokens or more is a row
 * of the phrase set.
 */
static size_t ends_kind(const dctx *c, size_t end, size_t lo, enum date_kind k,
			const uint32_t near[3])
{
	const phrase_set *set = c->dm->sets[k];

	for (size_t n = 3; n >= 1; n--) {
		int v;

		if (end < lo + n || !(near[n - 1] & KBIT(k)))
			continue;
		if (n > 1 ? set && phrase_match(set, c->doc->toks, end - n, end, &v) == n
			  : kind_at(c->dm, c->doc->toks, end - 1, end, k, &v) == 1)
			return n;
	}
	return 0;
}

/* A four-digit year of 1900..2100 written in digits ("1,999" is no year). */
static int year_at(const dctx *c, size_t i, int *year)
{
	const nf_token *t = tok(c, i);

	if (!t || t->kind != TK_NUM || t->end - t->start != 4 || t->num != (long)t->num ||
	    t->num < 1900 || t->num > 2100)
		return 0;
	*year = (int)t->num;
	return 1;
}

/* A conjunction before i joins it to the date that ends right there: "2014 and 2022". */
static int follows_date(const dctx *c, size_t i)
{
	return i >= 2 && c->fact_end == i - 1 &&
	       (is(c, i - 1, "and") || is(c, i - 1, "or") || is(c, i - 1, "to") ||
		is(c, i - 1, "-") || is(c, i - 1, ",") || is(c, i - 1, "through"));
}

/* A day of the month: "9", "09", "9th". */
static int day_at(const dctx *c, size_t i, int *day)
{
	const nf_token *t = tok(c, i);

	if (!t)
		return 0;
	if (t->kind == TK_NUM) {
		if (t->end - t->start > 2 || t->num != (long)t->num || t->num < 1 || t->num > 31)
			return 0;
		*day = (int)t->num;
		return 1;
	}
	if (t->kind != TK_WORD || t->norm_len < 3 || t->norm_len > 4 ||
	    t->norm[0] < '0' || t->norm[0] > '9')
		return 0;
	char *endp;
	long v = strtol(t->norm, &endp, 10);

	if (endp == t->norm || v < 1 || v > 31)
		return 0;
	if (strcmp(endp, "st") && strcmp(endp, "nd") && strcmp(endp, "rd") && strcmp(endp, "th"))
		return 0;
	*day = (int)v;
	return 1;
}

/* A capitalised month name at i; *len counts a full stop after an abbreviation. */
static int month_at(const dctx *c, size_t i, int *month, size_t *len, int *abbr)
{
	if (!is_cap(c, i))
		return 0;
	if (word_kind(c, i, DK_MONTH, month)) {
		*abbr = 0;
		*len = 1;
		return 1;
	}
	if (word_kind(c, i, DK_MONTH_ABBR, month)) {
		*abbr = 1;
		*len = is(c, i + 1, ".") && glued(c, i + 1) ? 2 : 1;
		return 1;
	}
	return 0;
}

/*
 * The kinds of the rows of one token (n = 1) or of more whose first word is
 * token i's (more, never fewer).
 */
static uint32_t row_kinds(const dctx *c, size_t i, size_t n)
{
	uint32_t h = c->doc->toks[i].hash;

	if (!filter_has(c->dm, h, WF_FIRST))
		return 0;
	const struct word_slot *w = word_slot(c->dm, h);

	return n == 1 ? w->alone : w->longer;
}

/*
 * Add a fact for tokens [first, last) with the given value. The span grows to
 * the left over words that open a date expression ("on", "in the", "more
 * than", "late", "mid-"), within the sentence and after the previous fact.
 */
static int emit(dctx *c, size_t first, size_t last, const char *value, const char *rule)
{
	size_t lo = sent_begin(c->doc, first);

	if (lo < c->floor)
		lo = c->floor;
	for (int steps = 0; steps < 5 && first > lo; steps++) {
		size_t n;

		if (first >= lo + 2 && is(c, first - 1, "-") &&
		    word_kind(c, first - 2, DK_MODIFIER, NULL)) {
			first -= 2;
			continue;
		}
		/* no row of the kinds below ends in the word before (most words) */
		if (!filter_has(c->dm, c->doc->toks[first - 1].hash, WF_LAST))
			break;
		/* the kinds that may start at the three tokens before: most often none */
		uint32_t kinds[3] = { 0, 0, 0 }, near;

		for (n = 1; n <= 3 && first >= lo + n; n++)
			kinds[n - 1] = row_kinds(c, first - n, n);
		near = kinds[0] | kinds[1] | kinds[2];
		if (((near & KBIT(DK_LEAD)) && (n = ends_kind(c, first, lo, DK_LEAD, kinds))) ||
		    ((near & KBIT(DK_MODIFIER)) && (n = ends_kind(c, first, lo, DK_MODIFIER, kinds))) ||
		    ((near & KBIT(DK_BACK)) && (n = ends_kind(c, first, lo, DK_BACK, kinds))) ||
		    ((near & KBIT(DK_RELATIVE)) && (n = ends_kind(c, first, lo, DK_RELATIVE, kinds)))) {
			first -= n;
			continue;
		}
		break;
	}
	nf_fact *f = doc_add_fact(c->doc, NF_DATE, first, last, rule);

	if (!f)
		return -1;
	size_t n = strlen(value);

	if (n >= sizeof f->timex)
		n = sizeof f->timex - 1;
	memcpy(f->timex, value, n);
	f->timex[n] = '\0';
	f->resolved = strchr(value, 'X') == NULL;
	c->floor = last;
	c->fact_end = last;
	return 0;
}

/* Emit a calendar day and remember it as the anchor of "a day earlier". */
static int emit_day(dctx *c, size_t first, size_t last, long z, const char *rule)
{
	char v[32];

	format_day(v, z);
	c->has_anchor = 1;
	c->anchor = z;
	return emit(c, first, last, v, rule);
}

/*
 * Emit day d of month m, year y (0 = not given). A missing year comes from the
 * reference date (the year that puts the day on or before it), or stays XXXX.
 */
static int emit_month_day(dctx *c, size_t first, size_t last, int y, int m, int d,
			  const char *rule)
{
	char v[32];

	if (!y && c->has_ref)
		y = (m < c->rm || (m == c->rm && d <= c->rd)) ? c->ry : c->ry - 1;
	if (y) {
		if (d > days_in_month(y, m))
			return 0;
		return emit_day(c, first, last, days_from_civil(y, m, d), rule);
	}
	if (d > days_in_month(2000, m))
		return 0;
	char *p = put_num(put_str(v, "XXXX-"), m, 2);

	*p++ = '-';
	*put_num(p, d, 2) = '\0';
	return emit(c, first, last, v, rule);
}

/* Emit month m of year y; no year: resolved on or before the reference (rel: last/this/next). */
static int emit_month(dctx *c, size_t first, size_t last, int y, int m, int rel,
		      const char *rule)
{
	char v[32];

	if (!y && c->has_ref) {
		switch (rel) {
		case REL_LAST:
			y = m < c->rm ? c->ry : c->ry - 1;
			break;
		case REL_NEXT:
			y = m > c->rm ? c->ry : c->ry + 1;
			break;
		case REL_THIS:
			y = c->ry;
			break;
		default:
			y = m <= c->rm ? c->ry : c->ry - 1;
		}
	}
	char *p = y ? put_num(v, y, 4) : put_str(v, "XXXX");

	*p++ = '-';
	*put_num(p, m, 2) = '\0';
	return emit(c, first, last, v, rule);
}

/* ---- patterns; each returns the token after the match, 0 for none, -1 on OOM ---- */

typedef long long mres;

/*
 * The clock time glued to an ISO date's day token ("13T10" of
 * "2024-06-13T10:00:00Z"): the ":00", ":00Z", "+03:00" that follow, as long
 * as they are glued. Returns the token after them.
 */
static size_t skip_iso_time(const dctx *c, size_t j)
{
	for (;;) {
		const nf_token *p = tok(c, j), *n = tok(c, j + 1);

		if (!p || !n || !glued(c, j) || !glued(c, j + 1) || p->kind != TK_PUNCT ||
		    (p->norm[0] != ':' && p->norm[0] != '+' && p->norm[0] != '-' &&
		     p->norm[0] != '.') ||
		    !(n->norm[0] >= '0' && n->norm[0] <= '9'))
			return j;
		j += 2;
	}
}

/* "2024-06-13", and the timestamp "2024-06-13T10:00" (the clock adds no value, case 34). */
static mres match_iso(dctx *c, size_t i)
{
	int y, m, d;

	if (!year_at(c, i, &y) || !is(c, i + 1, "-") || !glued(c, i + 1) ||
	    !glued(c, i + 2) || !is(c, i + 3, "-") || !glued(c, i + 3) || !glued(c, i + 4))
		return 0;
	const nf_token *tm = tok(c, i + 2), *td = tok(c, i + 4);
	size_t end = i + 5;

	if (!tm || !td || tm->kind != TK_NUM || tm->end - tm->start != 2)
		return 0;
	if (td->kind == TK_WORD && td->norm_len >= 4 && td->norm[2] == 't' &&
	    td->norm[0] >= '0' && td->norm[0] <= '9' && td->norm[1] >= '0' &&
	    td->norm[1] <= '9' && td->norm[3] >= '0' && td->norm[3] <= '9') {
		d = (td->norm[0] - '0') * 10 + (td->norm[1] - '0');
		end = skip_iso_time(c, end);    /* "13t10" then ":00", ":00z" */
	} else if (td->kind == TK_NUM && td->end - td->start == 2) {
		d = (int)td->num;
	} else {
		return 0;
	}
	m = (int)tm->num;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return 0;
	if (emit_month_day(c, i, end, y, m, d, "date-iso") < 0)
		return -1;
	return (mres)end;
}

/*
 * "12.06.2024": day, month and year with full stops, the order used wherever
 * dots are (a month above 12 would be a US order and is swapped). The
 * tokenizer reads "12.06" as a decimal number, so its digits are read back
 * from the original text.
 */
static mres match_dotted(dctx *c, size_t i)
{
	const nf_token *t = tok(c, i);
	int y, a = 0, b = 0, k = 0;
	size_t len;

	if (t->kind != TK_NUM || (len = t->end - t->start) < 3 || len > 5 ||
	    !is(c, i + 1, ".") || !glued(c, i + 1) || !glued(c, i + 2) || !year_at(c, i + 2, &y))
		return 0;
	const char *s = c->doc->text + t->start;

	for (size_t p = 0, part = 0; p < len; p++) {
		if (s[p] == '.') {
			if (part++ || k == 0 || k > 2)
				return 0;
			k = 0;
		} else if (s[p] >= '0' && s[p] <= '9') {
			if (part)
				b = b * 10 + (s[p] - '0');
			else
				a = a * 10 + (s[p] - '0');
			k++;
		} else {
			return 0;
		}
	}
	if (k == 0 || k > 2)
		return 0;
	if (b > 12 && a <= 12) {
		int swap = a;

		a = b;
		b = swap;
	}
	if (b < 1 || b > 12 || a < 1 || a > days_in_month(y, b))
		return 0;
	if (emit_month_day(c, i, i + 3, y, b, a, "date-dotted") < 0)
		return -1;
	return (mres)(i + 3);
}

/* "13/06/2024", "06/13/2024": only when one part is above 12. */
static mres match_slash(dctx *c, size_t i)
{
	int a, b, y;

	if (!day_at(c, i, &a) || tok(c, i)->kind != TK_NUM || !is(c, i + 1, "/") ||
	    !glued(c, i + 1) || !day_at(c, i + 2, &b) || !glued(c, i + 2) ||
	    !is(c, i + 3, "/") || !glued(c, i + 3) || !year_at(c, i + 4, &y) || !glued(c, i + 4))
		return 0;
	int d, m;

	if (a > 12 && b <= 12) {
		d = a;
		m = b;
	} else if (b > 12 && a <= 12) {
		d = b;
		m = a;
	} else {
		return (mres)(i + 5);   /* ambiguous: no value, but not a count either */
	}
	if (emit_month_day(c, i, i + 5, y, m, d, "date-slash") < 0)
		return -1;
	return (mres)(i + 5);
}

/* An optional year after a day: "8 July 2024", "July 9, 2025". */
static size_t year_after(const dctx *c, size_t j, int *y)
{
	*y = 0;
	if (year_at(c, j, y))
		return j + 1;
	if (is(c, j, ",") && year_at(c, j + 1, y))
		return j + 2;
	return j;
}

/* A second day of a range: "3-4 May", "3 and 4 May", "May 3 to 5". */
static size_t range_day(const dctx *c, size_t j, int *d2)
{
	if ((is(c, j, "-") || is(c, j, "and") || is(c, j, "to") || is(c, j, "/")) &&
	    day_at(c, j + 1, d2))
		return j + 2;
	return 0;
}

/* "8 July", "8 July 2024", "9th of July", "the night of 3-4 May" */
static mres match_day_month(dctx *c, size_t i)
{
	int d, d2 = 0, m, y, abbr;
	size_t j = i + 1, mlen, k;

	/* the month (month_at: capitalised) is one to four tokens on, after
	 * a range and "of": most numbers have no capitalised word there */
	for (k = j; k < i + 5 && k < c->doc->ntoks && !(c->doc->toks[k].flags & TF_CAP); k++)
		;
	if (k == i + 5 || k >= c->doc->ntoks)
		return 0;
	if (!day_at(c, i, &d))
		return 0;
	if ((k = range_day(c, j, &d2)))
		j = k;
	if (is(c, j, "of"))
		j++;
	if (!month_at(c, j, &m, &mlen, &abbr))
		return 0;
	size_t end = year_after(c, j + mlen, &y);

	if (d2) {
		if (emit_month_day(c, i, i + 1, y, m, d, "date-day-month") < 0 ||
		    emit_month_day(c, k - 1, end, y, m, d2, "date-day-month") < 0)
			return -1;
		return (mres)end;
	}
	if (emit_month_day(c, i, end, y, m, d, "date-day-month") < 0)
		return -1;
	return (mres)end;
}

/*
 * Token i is a year in a date context: "in 2022", "since 2014", "the 2022
 * invasion". Returns the tokens the expression covers (2 with the noun), or 0.
 */
static int year_in_context(dctx *c, size_t i)
{
	int y, y0;
	size_t lo = sent_begin(c->doc, i);

	if (!year_at(c, i, &y))
		return 0;
	/* never a quantity: "in 2024 drones", "of 2000 people", "from 2000 feet" */
	const nf_token *nx = tok(c, i + 1);

	if (nx && nx->kind == TK_WORD &&
	    ((!(nx->flags & TF_CAP) && nx->norm_len > 3 && nx->norm[nx->norm_len - 1] == 's' &&
	      nx->norm[nx->norm_len - 2] != 's') ||
	     word_kind(c, i + 1, DK_COUNT_NOUN, NULL) || word_kind(c, i + 1, DK_UNIT, NULL)))
		return 0;
	if (is(c, i + 1, "%"))
		return 0;
	if (i > lo && word_kind(c, i - 1, DK_PREP, NULL))
		return 1;
	if (i >= lo + 2 && is(c, i - 1, "-") && word_kind(c, i - 2, DK_MODIFIER, NULL))
		return 1;    /* "mid-2023", "late-2022" */
	/* the second year of a range: "between 2014 and 2022", "2022-2023" */
	if (i >= lo + 2 && (is(c, i - 1, "and") || is(c, i - 1, "to") || is(c, i - 1, "-")) &&
	    year_at(c, i - 2, &y0) && y0 < y)
		return 1;
	if (i > lo && follows_date(c, i))
		return 1;
	/* a year before a noun: "the 2022 invasion", "Russia's 2014 annexation" */
	if (i > lo && (is(c, i - 1, "the") || is(c, i - 1, "its") || is(c, i - 1, "their") ||
		       is(c, i - 1, "'s") || is(c, i - 1, "a")) &&
	    nx && nx->kind == TK_WORD && !(nx->flags & TF_CAP))
		return is(c, i + 2, "-") ? 1 : 2;   /* "the 2022 full-scale invasion" */
	/* "2022, the year..." opening a sentence or line, or "(2022)" */
	if ((i == lo || (tok(c, i)->flags & TF_NL)) && nx && is(c, i + 1, ","))
		return 1;
	if (i > lo && is(c, i - 1, "(") && is(c, i + 1, ")"))
		return 1;
	/* a year as the subject of a clause: "2023 saw a record", "..., and 2024 was worse" */
	if ((i == lo || (tok(c, i)->flags & TF_NL) || is(c, i - 1, ",") || is(c, i - 1, ";") ||
	     is(c, i - 1, ":") || is(c, i - 1, "and") || is(c, i - 1, "but") ||
	     is(c, i - 1, "while")) &&
	    word_kind(c, i + 1, DK_YEAR_VERB, NULL))
		return 1;
	return 0;
}

/* "the 1990s", "the early 2000s": a TIMEX3 decade ("199", "200"). */
static mres match_decade(dctx *c, size_t i)
{
	const nf_token *t = tok(c, i);
	char v[32];

	if (t->kind != TK_WORD || t->norm_len != 5 || t->norm[4] != 's' || t->norm[3] != '0' ||
	    (t->norm[0] != '1' && t->norm[0] != '2') || t->norm[1] < '0' || t->norm[1] > '9' ||
	    t->norm[2] < '0' || t->norm[2] > '9')
		return 0;
	size_t lo = sent_begin(c->doc, i);

	/* "the 1990s", "the mid-1990s", "in 1990s Russia", "early 2000s" */
	if (!(i > lo && (is(c, i - 1, "the") || word_kind(c, i - 1, DK_PREP, NULL) ||
			 word_kind(c, i - 1, DK_MODIFIER, NULL))) &&
	    !(i >= lo + 2 && is(c, i - 1, "-") && word_kind(c, i - 2, DK_MODIFIER, NULL)))
		return 0;
	snprintf(v, sizeof v, "%.3s", t->norm);
	if (emit(c, i, i + 1, v, "date-decade") < 0)
		return -1;
	return (mres)(i + 1);
}

static mres match_year(dctx *c, size_t i)
{
	char v[32];
	int y = 0;

	int n = year_in_context(c, i);

	if (!n)
		return 0;
	year_at(c, i, &y);
	*put_num(v, y, 4) = '\0';
	if (emit(c, i, i + (size_t)n, v, "date-year") < 0)
		return -1;
	return (mres)(i + (size_t)n);
}

/* The token before i opens a bare month: "in March", "mid-June", "last May". */
static int month_context(const dctx *c, size_t i, int *rel)
{
	size_t lo = sent_begin(c->doc, i);

	*rel = REL_NONE;
	if (i <= lo)
		return 0;
	if (word_kind(c, i - 1, DK_RELATIVE, rel))
		return 1;
	if (word_kind(c, i - 1, DK_PREP, NULL) || word_kind(c, i - 1, DK_MODIFIER, NULL))
		return 1;
	if (follows_date(c, i))
		return 1;   /* "in February and March" */
	return i >= lo + 2 && is(c, i - 1, "-") && word_kind(c, i - 2, DK_MODIFIER, NULL);
}

/* "March 8", "Feb. 24, 2022", "May 3-4", "February 2022", "in March" */
static mres match_month(dctx *c, size_t i)
{
	int m, d, d2 = 0, y, abbr, rel;
	size_t mlen, j, k;

	if (!month_at(c, i, &m, &mlen, &abbr))
		return 0;
	j = i + mlen;
	/* a day, unless the number is followed by what makes it a count or a time */
	if (day_at(c, j, &d) && !is(c, j + 1, ":") && !word_kind(c, j + 1, DK_UNIT, NULL) &&
	    !(is(c, j + 1, "-") && glued(c, j + 1) && !day_at(c, j + 2, &d2))) {
		size_t end = j + 1;

		d2 = 0;
		if ((k = range_day(c, end, &d2)))
			end = k;
		int dd = d2;

		end = year_after(c, end, &y);
		if (dd) {
			if (emit_month_day(c, i, j + 1, y, m, d, "date-month-day") < 0 ||
			    emit_month_day(c, k - 1, end, y, m, dd, "date-month-day") < 0)
				return -1;
			return (mres)end;
		}
		if (emit_month_day(c, i, end, y, m, d, "date-month-day") < 0)
			return -1;
		return (mres)end;
	}
	if (year_at(c, j, &y)) {
		if (emit_month(c, i, j + 1, y, m, REL_NONE, "date-month-year") < 0)
			return -1;
		return (mres)(j + 1);
	}
	if (abbr)
		return 0;
	/* a bare month: "May" and "March" are also words, so every month needs context */
	if (!month_context(c, i, &rel))
		return 0;
	if (emit_month(c, i, i + 1, 0, m, rel, "date-month") < 0)
		return -1;
	return (mres)(i + 1);
}

/* Skip the parts of a day after a weekday or deictic word: "Friday evening". */
static size_t skip_daypart(const dctx *c, size_t j)
{
	size_t n;

	if ((n = match_kind(c, j, DK_DAYPART, NULL)))
		return j + n;
	return j;
}

/*
 * "on Thursday", "Thursday night", "last Friday", and a weekday that opens a
 * full date ("Wednesday, July 9, 2025": the date gives the value).
 */
static mres match_weekday(dctx *c, size_t i)
{
	int wd, rel = REL_NONE;
	char v[32];

	if (!is_cap(c, i) || !word_kind(c, i, DK_WEEKDAY, &wd))
		return 0;
	size_t j = i + 1;

	/* a date right after it carries the value */
	size_t k = is(c, j, ",") ? j + 1 : j;
	size_t nfacts = c->doc->facts.len, floor = c->floor;
	const nf_token *d = tok(c, k);
	mres r;

	c->floor = i;
	/* (their first tests: a day begins with a digit, a month is capitalised) */
	if (d && ((((unsigned char)(d->norm[0] - '0') < 10 && (r = match_day_month(c, k)) != 0)) ||
		  ((d->flags & TF_CAP) && (r = match_month(c, k)) != 0))) {
		if (r < 0)
			return -1;
		if (c->doc->facts.len == nfacts + 1) {
			/* widen the date's span to the weekday */
			nf_fact *f = &c->doc->facts.items[nfacts];
			const nf_token *t = tok(c, i);

			if (t->start < f->start) {
				f->start = t->start;
				f->text = c->doc->text + t->start;
				f->sentence = t->sentence;
			}
			return r;
		}
		if (c->doc->facts.len > nfacts)
			return r;
	}
	c->floor = floor;
	j = skip_daypart(c, j);
	if (i > 0 && i - 1 >= c->floor)
		word_kind(c, i - 1, DK_RELATIVE, &rel);
	if (c->has_ref) {
		long z = c->ref - ((iso_weekday(c->ref) - wd + 7) % 7);

		if (rel == REL_LAST && z == c->ref)
			z -= 7;
		else if (rel == REL_NEXT) {
			int ahead = (wd - iso_weekday(c->ref) + 7) % 7;

			z = c->ref + (ahead ? ahead : 7);
		}
		if (emit_day(c, i, j, z, "date-weekday") < 0)
			return -1;
		return (mres)j;
	}
	*put_num(put_str(v, "XXXX-WXX-"), wd, 0) = '\0';
	if (emit(c, i, j, v, "date-weekday") < 0)
		return -1;
	return (mres)j;
}

/* "Christmas", "New Year's Eve": the nearest occurrence to the reference date. */
static mres match_holiday(dctx *c, size_t i)
{
	const table_row *row;
	size_t n;
	int m, d;
	char v[32];

	if (!is_cap(c, i) || !(n = match_kind(c, i, DK_HOLIDAY, &row)) ||
	    sscanf(row->field[2], "%d-%d", &m, &d) != 2)
		return 0;
	if (c->has_ref) {
		long best = 0, bestdist = -1;

		for (int y = c->ry - 1; y <= c->ry + 1; y++) {
			long z = days_from_civil(y, m, d), dist = labs(z - c->ref);

			if (bestdist < 0 || dist < bestdist) {
				best = z;
				bestdist = dist;
			}
		}
		if (emit_day(c, i, i + n, best, "date-holiday") < 0)
			return -1;
		return (mres)(i + n);
	}
	snprintf(v, sizeof v, "XXXX-%02d-%02d", m, d);
	if (emit(c, i, i + n, v, "date-holiday") < 0)
		return -1;
	return (mres)(i + n);
}

/* "yesterday", "tomorrow morning": only with a reference date. */
static mres match_day_offset(dctx *c, size_t i)
{
	const table_row *row;
	size_t n = match_kind(c, i, DK_DAY_OFFSET, &row);

	if (!n)
		return 0;
	size_t j = skip_daypart(c, i + n);

	if (!c->has_ref)
		return (mres)j;
	if (emit_day(c, i, j, c->ref + atoi(row->field[2]), "date-deictic") < 0)
		return -1;
	return (mres)j;
}

/*
 * "the previous day", "the next day", "the day before.": a day counted from the
 * last day the text named, or back from the reference date when it named none.
 * "the day after the strike" names no day of its own and gives nothing.
 */
static mres match_anchor_offset(dctx *c, size_t i)
{
	const table_row *row;
	size_t n = match_kind(c, i, DK_ANCHOR_OFFSET, &row);

	if (!n)
		return 0;
	const nf_token *nx = tok(c, i + n);

	if ((is(c, i + n - 1, "before") || is(c, i + n - 1, "after")) && nx && nx->kind != TK_PUNCT)
		return 0;
	int offset = atoi(row->field[2]);
	long base;

	if (c->has_anchor)
		base = c->anchor;
	else if (c->has_ref && offset < 0)
		base = c->ref;
	else
		return (mres)(i + n);
	if (emit_day(c, i, i + n, base + offset, "date-anchor") < 0)
		return -1;
	return (mres)(i + n);
}

/* Emit the period of a unit (week, month, year) containing day z. */
static int emit_period(dctx *c, size_t first, size_t last, long z, char unit, const char *rule)
{
	char v[32];
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	switch (unit) {
	case 'D':
		return emit_day(c, first, last, z, rule);
	case 'W':
		format_week(v, z);
		break;
	case 'M':
		snprintf(v, sizeof v, "%04d-%02d", y, m);
		break;
	default:
		snprintf(v, sizeof v, "%04d", y);
	}
	return emit(c, first, last, v, rule);
}

/* Day z moved by n units (n may be negative); months and years keep the day in range. */
static long shift_days(long z, char unit, long n)
{
	int y, m, d;

	switch (unit) {
	case 'D':
		return z + n;
	case 'W':
		return z + 7 * n;
	case 'M':
	case 'Y':
		civil_from_days(z, &y, &m, &d);
		{
			long months = (long)y * 12 + (m - 1) + (unit == 'M' ? n : 12 * n);

			y = (int)(months / 12);
			m = (int)(months % 12) + 1;
		}
		if (d > days_in_month(y, m))
			d = days_in_month(y, m);
		return days_from_civil(y, m, d);
	default:
		return z;
	}
}

/*
 * "last week", "this year", "next month", "this morning" (with a reference
 * date), and "last Friday"/"next March" through the weekday and month patterns.
 * "last night" and "tonight" give nothing (GUIDELINES 32).
 */
static mres match_relative(dctx *c, size_t i)
{
	const table_row *row;
	int rel;

	if (!word_kind(c, i, DK_RELATIVE, &rel))
		return 0;
	/* "the last year", "the past week": a duration, below */
	if (i > 0 && (is(c, i - 1, "the") || is(c, i - 1, "these")))
		return 0;
	if (match_kind(c, i + 1, DK_DAYPART, NULL)) {
		if (rel != REL_THIS)
			return (mres)(i + 2);     /* "last night", "next morning" */
		if (!c->has_ref)
			return (mres)(i + 2);
		if (emit_day(c, i, i + 2, c->ref, "date-deictic") < 0)
			return -1;
		return (mres)(i + 2);
	}
	if (match_kind(c, i + 1, DK_UNIT, &row) != 1)
		return 0;
	char unit = row->field[2][0];

	if (strcmp(row->field[2], "W") && strcmp(row->field[2], "M") && strcmp(row->field[2], "Y"))
		return 0;
	const nf_token *u = tok(c, i + 1);

	if (u->norm[u->norm_len - 1] == 's')
		return 0;                       /* "last years of his life" */
	if (!c->has_ref)
		return (mres)(i + 2);
	if (emit_period(c, i, i + 2, shift_days(c->ref, unit, rel), unit, "date-deictic") < 0)
		return -1;
	return (mres)(i + 2);
}

/*
 * "over the weekend", "last weekend", "this weekend": a TIMEX3 weekend
 * (2024-W23-WE). The bare word means the latest weekend begun on or before the
 * reference date; last/this/next count weeks from the reference date's own.
 * Without a reference date: XXXX-WXX-WE, like a weekday.
 */
static mres match_weekend(dctx *c, size_t i)
{
	const nf_token *t = tok(c, i);
	char v[32];
	int rel = REL_NONE;

	if (t->norm_len != 7 || !word_kind(c, i, DK_WEEKEND, NULL) || i == 0 ||
	    is(c, i + 1, "of") || is(c, i + 1, "-"))
		return 0;
	if (!word_kind(c, i - 1, DK_RELATIVE, &rel) && !is(c, i - 1, "the") &&
	    !is(c, i - 1, "past") && !is(c, i - 1, "previous"))
		return 0;
	if (is(c, i - 1, "past") || is(c, i - 1, "previous"))
		rel = REL_LAST;
	if (c->has_ref) {
		long z = c->ref;

		if (rel == REL_NONE)
			z = iso_weekday(c->ref) >= 6 ? c->ref : c->ref - 7;
		else
			z = c->ref + 7 * rel;
		format_week(v, z);
		strcat(v, "-WE");
	} else {
		snprintf(v, sizeof v, "XXXX-WXX-WE");
	}
	if (emit(c, i, i + 1, v, "date-weekend") < 0)
		return -1;
	return (mres)(i + 1);
}

/* "the autumn of 2022", "spring 2023", "in the summer", "last winter" */
static mres match_season(dctx *c, size_t i)
{
	const table_row *row;
	char v[32];
	int y = 0, rel = REL_NONE;
	size_t end;

	if (match_kind(c, i, DK_SEASON, &row) != 1)
		return 0;
	const char *code = row->field[2];

	if (is(c, i + 1, "of") && year_at(c, i + 2, &y))
		end = i + 3;
	else if (year_at(c, i + 1, &y))
		end = i + 2;
	else if (i > 0 && word_kind(c, i - 1, DK_RELATIVE, &rel) && !is(c, i - 1, "coming") &&
		 !is(c, i + 1, "of") && !is(c, i, "fall"))
		end = i + 1;
	else if (i >= 2 && is(c, i - 1, "the") && word_kind(c, i - 2, DK_PREP, NULL) &&
		 !is(c, i + 1, "of") && !match_kind(c, i + 1, DK_UNIT, NULL))
		end = i + 1;
	else
		return 0;
	if (!y && c->has_ref) {
		static const char *const codes[] = { "WI", "SP", "SU", "FA" };
		int start = 0;      /* month a season starts in: 3, 6, 9, 12 */

		for (int s = 0; s < 4; s++)
			if (strcmp(code, codes[s]) == 0)
				start = s ? 3 * s : 12;
		if (rel == REL_LAST)
			y = c->ry - 1;
		else if (rel == REL_THIS)
			y = c->ry;
		else if (rel == REL_NEXT)
			y = start > c->rm ? c->ry : c->ry + 1;
		else
			y = start <= c->rm ? c->ry : c->ry - 1;
	}
	if (!y && rel != REL_NONE)
		return (mres)end;           /* "last winter" without a reference date */
	if (y)
		snprintf(v, sizeof v, "%04d-%s", y, code);
	else
		snprintf(v, sizeof v, "XXXX-%s", code);
	if (emit(c, i, end, v, "date-season") < 0)
		return -1;
	return (mres)end;
}

/* Read a number at i: number_at when the numbers model is there. */
static int read_number(const dctx *c, size_t i, long long *value, size_t *len)
{
	number_match nm;

	if (!c->model->numbers) {
		const nf_token *t = tok(c, i);

		if (!t || t->kind != TK_NUM)
			return 0;
		*value = (long long)t->num;
		*len = 1;
		return 1;
	}
	if (!number_at(c->model->numbers, c->doc, i, &nm) || nm.vague)
		return 0;
	*value = nm.value;
	*len = nm.ntoks;
	return 1;
}

/*
 * A unit after a number: "five days", "24 hours", "two-week", "three straight
 * days". Returns the token after the unit and its code in *unit ("D", "TH").
 */
static size_t unit_after(const dctx *c, size_t j, const char **unit, int *hyphen)
{
	const table_row *row;

	*hyphen = 0;
	if (is(c, j, "-") && glued(c, j) && glued(c, j + 1)) {
		*hyphen = 1;
		j++;
	} else if (is(c, j, "straight") || is(c, j, "consecutive") || is(c, j, "full")) {
		j++;
	}
	if (match_kind(c, j, DK_UNIT, &row) != 1)
		return 0;
	*unit = row->field[2];
	return j + 1;
}

/*
 * The first unit word after token i (ntoks for none). Callers go left to
 * right, so the answer is remembered in c until i passes it: each token is
 * looked at once.
 */
static inline size_t next_unit(dctx *c, size_t i)
{
	if (i + 1 < c->unit_from || i + 1 > c->unit_next) {
		const nf_token *toks = c->doc->toks;
		const nf_token *p = &toks[i + 1], *pend = &toks[c->doc->ntoks];

		/* (a pointer, one test a token) */
		while (p < pend && !filter_has(c->dm, p->hash, WF_UNIT))
			p++;
		c->unit_from = i + 1;
		c->unit_next = (size_t)(p - toks);
	}
	return c->unit_next;
}

/*
 * A unit word among the few tokens after i, in its sentence: without one no
 * number there can be a duration, and the number need not be read.
 */
static inline int unit_ahead(dctx *c, size_t i)
{
	size_t u = next_unit(c, i);

	/* the longest number: "two hundred and fifty-five" */
	return u < i + 8 && u < sent_end(c->doc, i);
}

/*
 * A number may start at token t ("24", "two", "a"): read_number's first
 * tests, and match_number_unit's "a". Elsewhere a unit word close ahead
 * is of no use.
 */
static inline int may_read_number(const dctx *c, const nf_token *t)
{
	if (t->kind != TK_WORD || (t->norm[0] >= '0' && t->norm[0] <= '9'))
		return 1;
	if (t->norm[0] == 'a' && (t->norm[1] == '\0' || (t->norm[1] == 'n' && t->norm[2] == '\0')))
		return 1;
	return c->model->numbers && number_word_may_start(c->model->numbers, t);
}

/* Format the duration of n units: P5D, P2W, PT24H, PT30M. */
static void format_duration(char *v, long long n, const char *unit)
{
	if (strlen(unit) > 8)      /* no code of dates.tsv; snprintf keeps it in bounds */
		snprintf(v, 32, unit[0] == 'T' ? "PT%lld%s" : "P%lld%s", n,
			 unit[0] == 'T' ? unit + 1 : unit);
	else if (unit[0] == 'T')
		*put_str(put_num(put_str(v, "PT"), n, 0), unit + 1) = '\0';
	else
		*put_str(put_num(put_str(v, "P"), n, 0), unit) = '\0';
}

/*
 * A number and a unit: a duration ("the past five days", "a two-week lull",
 * "the 14-month war"), or a point when "ago" or "earlier"/"later" follows
 * ("two weeks ago", "one day earlier"). Ages ("14-year-old", "three months
 * old") and rates ("15 hours a day") are no dates.
 */
static mres match_number_unit(dctx *c, size_t i)
{
	long long n;
	size_t len, j;
	const char *unit;
	int hyphen;
	char v[32];

	if (!unit_ahead(c, i))
		return 0;
	if (is(c, i, "a") || is(c, i, "an")) {
		n = 1;
		len = 1;
	} else if (!read_number(c, i, &n, &len)) {
		return 0;
	}
	/* the unit is right after the number or one word on: no sooner than the first unit word */
	if (next_unit(c, i) > i + len + 1)
		return 0;
	if (n <= 0 || n > 10000 || !(j = unit_after(c, i + len, &unit, &hyphen)))
		return 0;
	/* ages: "14-year-old", "three months old", "five years of age" */
	if (is(c, j, "old") || (is(c, j, "-") && is(c, j + 1, "old")) ||
	    (is(c, j, "of") && is(c, j + 1, "age")))
		return (mres)j;
	/* rates: "15 hours a day", "ten hours per day" */
	if ((is(c, j, "a") || is(c, j, "per") || is(c, j, "each") || is(c, j, "every")) &&
	    match_kind(c, j + 1, DK_UNIT, NULL))
		return (mres)(j + 2);
	int article = is(c, i, "a") || is(c, i, "an");
	int ago = is(c, j, "ago");
	int earlier = is(c, j, "earlier") || is(c, j, "later") || is(c, j, "before") ||
		      is(c, j, "after");

	/* "earlier"/"later" closing the phrase point at a day; "before the war" is a duration */
	if (is(c, j, "before") || is(c, j, "after")) {
		const nf_token *t = tok(c, j + 1);

		earlier = !t || t->kind == TK_PUNCT;
	}
	if (ago || earlier) {
		char u = unit[0];
		long base;

		if (u == 'T')
			return (mres)(j + 1);       /* "17 minutes ago": a timestamp */
		if (!strcmp(unit, "DE"))
			return (mres)(j + 1);
		if (ago) {
			if (!c->has_ref)
				return (mres)(j + 1);
			base = c->ref;
		}
		long sign = (ago || is(c, j, "earlier") || is(c, j, "before")) ? -1 : 1;

		/* counted from the last day mentioned; back from the reference date at worst */
		if (!ago) {
			if (c->has_anchor)
				base = c->anchor;
			else if (c->has_ref && sign < 0)
				base = c->ref;
			else
				return (mres)(j + 1);
		}

		if (emit_period(c, i, j + 1, shift_days(base, u, sign * n), u, "date-ago") < 0)
			return -1;
		return (mres)(j + 1);
	}
	if (article)
		return 0;               /* "a day", "a week": no stated length (GUIDELINES 35) */
	format_duration(v, n, unit);
	/* "a two-week lull", "the 14-month war": the noun belongs to the expression */
	size_t end = j;
	const nf_token *noun = tok(c, j);

	if (hyphen && noun && noun->kind == TK_WORD && !(noun->flags & TF_CAP) &&
	    noun->sentence == tok(c, i)->sentence)
		end = j + 1;
	if (emit(c, i, end, v, "date-duration") < 0)
		return -1;
	return (mres)end;
}

/* "the past week", "the last year", "over the past day": one unit back. */
static mres match_back_unit(dctx *c, size_t i)
{
	const table_row *row;
	char v[32];

	if (!word_kind(c, i, DK_BACK, NULL) || i == 0 ||
	    !(is(c, i - 1, "the") || is(c, i - 1, "this")))
		return 0;
	if (match_kind(c, i + 1, DK_UNIT, &row) != 1 || is(c, i + 2, "of"))
		return 0;
	const nf_token *u = tok(c, i + 1);

	if (u->norm[u->norm_len - 1] == 's')
		return 0;                       /* "the past few days" has no number */
	format_duration(v, 1, row->field[2]);
	if (emit(c, i, i + 2, v, "date-duration") < 0)
		return -1;
	return (mres)(i + 2);
}

/* Set the reference date of c to y-m-d. */
static void set_ref(dctx *c, int y, int m, int d)
{
	c->has_ref = 1;
	c->ry = y;
	c->rm = m;
	c->rd = d;
	c->ref = days_from_civil(y, m, d);
}

/*
 * What a token offers a pattern, beside the KBIT kinds of the rows that may
 * start at it: digits (a day, a year, a "1990s"), a unit word close ahead (a
 * duration may start here).
 */
#define TB_DAY_NUM (1u << 25)     /* a TK_NUM of one or two characters (day_at) */
#define TB_YEAR4 (1u << 26)       /* a TK_NUM of four characters (year_at) */
#define TB_NUM_GLUED (1u << 27)   /* a TK_NUM with a token glued after it ("13/06", "2024-06") */
#define TB_DIGITS (1u << 29)      /* a word that begins with a digit: "9th", "1990s" */
#define TB_UNIT_AHEAD (1u << 30)  /* unit_ahead */

/*
 * The kinds of the rows that may start at token t (= toks[i]): those of the
 * one-word rows it is, and of the longer rows whose first two words it and
 * the next token are. Of the kinds in opens, never fewer than match_kind
 * would find; the others may be left out. (Inline in both callers: out of
 * line, where gcc put it, it cost 0.4M more on b2.)
 */
static inline __attribute__((always_inline)) uint32_t token_kinds(dctx *c, const nf_token *t,
								    size_t i)
{
	if (!filter_has(c->dm, t->hash, WF_OPEN | WF_OPEN_PAIR))
		return 0;
	/* (by higher bits than the slot's own, which the words share less) */
	uint32_t m = (t->hash >> 9) & (SLOT_MEMO - 1);
	const struct word_slot *w = c->memo_slot[m];

	if (!w || c->memo_hash[m] != t->hash) {
		w = c->memo_slot[m] = word_slot(c->dm, t->hash);
		c->memo_hash[m] = t->hash;
	}
	uint32_t longer = w->kinds & ~w->alone;

	if (!longer || i + 1 >= c->doc->ntoks)
		return w->alone;
	const struct pair_slot *p = pair_slot(c->dm, pair_key(t->hash, t[1].hash));
	uint32_t kinds = p->kinds;

	/* the kinds of only longer rows need a third word of one ("the day before") */
	if ((kinds & ~p->two_kinds) &&
	    (i + 2 >= c->doc->ntoks || !filter_has(c->dm, t[2].hash, WF_THIRD)))
		kinds = p->two_kinds;
	return w->alone | (longer & kinds);
}

/*
 * The patterns in the order scan tries them, each with what its first test
 * needs of token i (a bit of the token's mask, see token_kinds): a pattern
 * whose needs the token lacks would return 0 at once, and is not called.
 */
static const struct {
	mres (*match)(dctx *, size_t);
	uint32_t needs;
} patterns[] = {
	{ match_iso, TB_NUM_GLUED },
	{ match_slash, TB_NUM_GLUED },
	{ match_dotted, TB_NUM_GLUED },
	{ match_day_month, TB_DAY_NUM | TB_DIGITS },
	{ match_month, KBIT(DK_MONTH) | KBIT(DK_MONTH_ABBR) },
	{ match_weekday, KBIT(DK_WEEKDAY) },
	{ match_holiday, KBIT(DK_HOLIDAY) },
	{ match_day_offset, KBIT(DK_DAY_OFFSET) },
	{ match_anchor_offset, KBIT(DK_ANCHOR_OFFSET) },
	{ match_relative, KBIT(DK_RELATIVE) },
	{ match_season, KBIT(DK_SEASON) },
	{ match_weekend, KBIT(DK_WEEKEND) },
	{ match_back_unit, KBIT(DK_BACK) },
	{ match_number_unit, TB_UNIT_AHEAD },
	{ match_year, TB_YEAR4 },
	{ match_decade, TB_DIGITS },
};

enum { NPATTERNS = sizeof patterns / sizeof patterns[0] };

/* Fill the model's by_bit and opens from patterns (at load, before the rows). */
static void index_patterns(struct date_model *m)
{
	m->opens = KBIT(DK_NOT_DATE) | KBIT(DK_PROMO);
	for (int p = 0; p < NPATTERNS; p++) {
		m->opens |= patterns[p].needs;
		for (int b = 0; b < 32; b++)
			if (patterns[p].needs & (1u << b))
				m->by_bit[b] |= 1u << p;
	}
}

/* The first unit word in (i, i + 7], or SIZE_MAX: the one unit_ahead would see. */
static size_t unit_within(const dctx *c, size_t i)
{
	size_t n = i + 8 < c->doc->ntoks ? i + 8 : c->doc->ntoks;

	for (size_t j = i + 1; j < n; j++)
		if (filter_has(c->dm, c->doc->toks[j].hash, WF_UNIT))
			return j;
	return SIZE_MAX;
}

/*
 * Token t is a unit word, begins a row of an opening kind, is a number or a
 * word of digits a pattern takes (WF_DIGITS): a load and a test on the
 * token itself (no norm).
 */
static inline int not_plain(const struct date_model *dm, const nf_token *t)
{
	return filter_has(dm, t->hash, WF_OPEN | WF_OPEN_PAIR | WF_UNIT | WF_DIGITS) ||
	       t->kind == TK_NUM;
}

/*
 * The first token of [i, to) that is a unit word or may open a date, or to.
 * Most tokens open no date: punctuation, words that begin no row of an
 * opening kind (WF_OPEN), are no number and no WF_DIGITS word, and words
 * whose rows' kinds are not for here ("the" before most words). Passed at
 * two tests a token, a branch each (punctuation is passed later).
 */
static size_t plain_pass(dctx *c, size_t i, size_t to)
{
	const nf_token *toks = c->doc->toks, *p = &toks[i], *pend = &toks[to];
	const nf_token *dend = &toks[c->doc->ntoks];
	const struct date_model *dm = c->dm;

	for (;; p++) {
		/* four a turn: one bound test for the four */
		for (; pend - p >= 4; p += 4) {
			if (not_plain(dm, p))
				break;
			if (not_plain(dm, p + 1)) {
				p += 1;
				break;
			}
			if (not_plain(dm, p + 2)) {
				p += 2;
				break;
			}
			if (not_plain(dm, p + 3)) {
				p += 3;
				break;
			}
		}
		while (p < pend && !not_plain(dm, p))
			p++;
		if (p == pend || filter_has(dm, p->hash, WF_UNIT) || p->kind == TK_NUM)
			break;
		/* (the filter passes other words too: "the", "their", "by"; of
		 * those of three to five letters, the lengths day_at and
		 * match_decade take, the norm is read: it is seldom in cache) */
		if (filter_has(dm, p->hash, WF_DIGITS) && p->norm_len >= 3 && p->norm_len <= 5 &&
		    (unsigned char)(p->norm[0] - '0') < 10)
			break;
		/* a word that begins only longer rows ("the") opens none before
		 * a word that is second in none (most) */
		if (p->kind != TK_WORD ||
		    (!filter_has(dm, p->hash, WF_OPEN) &&
		     (p + 1 == dend || !filter_has(dm, p[1].hash, WF_SECOND))))
			continue;
		if (token_kinds(c, p, (size_t)(p - toks)) & dm->opens)
			break;
	}
	return (size_t)(p - toks);
}

/*
 * Match the expressions of tokens [from, to) left to right, without overlap.
 *
 * A token is tried where it may open a date (plain_pass) or where a
 * duration may start: a number with a unit word up to seven tokens after
 * it (TB_UNIT_AHEAD). So the tokens up to seven before a unit word are
 * each looked at (the zone), and at a token that may open, the seven after
 * it are looked at for a unit word: a zone that begins before it must be
 * done first.
 */
static int scan(dctx *c, size_t from, size_t to)
{
	const nf_doc *doc = c->doc;
	const nf_token *toks = doc->toks;
	const struct date_model *dm = c->dm;
	size_t i = from;
	size_t zone_end = from;   /* the tokens of [i, zone_end) are each looked at */
	size_t unit = SIZE_MAX;   /* for them: the first unit word after them (unit_ahead) */

	while (i < to) {
		if (i >= zone_end) {
			size_t p = plain_pass(c, i, to);

			if (p > i && p < to && filter_has(dm, toks[p].hash, WF_UNIT)) {
				unit = p;       /* the zone before it, then it from here */
			} else {
				/* a token that may open (or a unit word right at i),
				 * or the end: a unit word close after it */
				unit = unit_within(c, p < to ? p : to - 1);
				if (p == to && unit == SIZE_MAX)
					break;
			}
			if (unit != SIZE_MAX) {
				zone_end = unit;
				i = unit > i + 7 ? unit - 7 : i;
			} else {
				zone_end = p + 1;
				i = p;
			}
			if (i >= to)
				break;
		}

		const nf_token *t = &toks[i];
		mres next = 0;

		/* (in a zone most words open nothing and start no number: no
		 * bit of has below would be set) */
		if (t->kind == TK_PUNCT || (!not_plain(dm, t) && !may_read_number(c, t))) {
			i++;
			continue;
		}
		uint32_t has = token_kinds(c, t, i) & dm->opens;

		if (t->kind == TK_NUM) {
			if (t->end - t->start <= 2)
				has |= TB_DAY_NUM;
			else if (t->end - t->start == 4)
				has |= TB_YEAR4;
			if (i + 1 < doc->ntoks && !(t[1].flags & TF_SPACE))
				has |= TB_NUM_GLUED;
		} else if (t->norm[0] >= '0' && t->norm[0] <= '9')
			has |= TB_DIGITS;
		/* unit_ahead, from the unit word found above (of use only
		 * where match_number_unit may read a number) */
		if (unit < i + 8 && unit < doc->sents[t->sentence].last && may_read_number(c, t))
			has |= TB_UNIT_AHEAD;
		if (!has) {
			i++;
			continue;
		}
		size_t n;

		if ((has & KBIT(DK_NOT_DATE)) && (n = match_kind(c, i, DK_NOT_DATE, NULL))) {
			i += n;
			continue;
		}
		/* a promo or link line ("Read more: ...") is not annotated (case 36) */
		if ((has & KBIT(DK_PROMO)) && (t->flags & TF_NL) &&
		    match_kind(c, i, DK_PROMO, NULL)) {
			for (i++; i < doc->ntoks && !(doc->toks[i].flags & TF_NL); i++)
				;
			continue;
		}
		/* the patterns this token may start, tried in their order */
		uint32_t todo = 0;

		for (uint32_t b = has; b; b &= b - 1)
			todo |= dm->by_bit[__builtin_ctz(b)];
		for (; todo && !next; todo &= todo - 1)
			next = patterns[__builtin_ctz(todo)].match(c, i);
		if (next < 0)
			return -1;
		i = next > 0 && (size_t)next > i ? (size_t)next : i + 1;
		if (c->floor < i && next > 0)
			c->floor = i;
	}
	return 0;
}

/* ---- --ref-date auto: the publication date from the head of the article ---- */

/* The head: the first lines of an article, where datelines and bylines sit. */
enum { HEAD_LINES = 12, HEAD_TOKENS = 400 };

/* How a head date was introduced; lower ranks win (a tie goes to the first). */
enum { RANK_PUBLISHED = 0, RANK_DATELINE = 1, RANK_UPDATED = 2, RANK_TIMESTAMP = 3,
       RANK_NONE = 9 };

static size_t line_begin(const nf_doc *doc, size_t i)
{
	while (i > 0 && !(doc->toks[i].flags & TF_NL))
		i--;
	return i;
}

static size_t line_end(const nf_doc *doc, size_t i)
{
	for (i++; i < doc->ntoks && !(doc->toks[i].flags & TF_NL); i++)
		;
	return i;
}

/* Token i is part of a clock time or zone ("14:05 GMT", "|"): no words of prose. */
static int clock_token(const dctx *c, size_t i)
{
	const nf_token *t = tok(c, i);

	return t->kind == TK_NUM || t->kind == TK_PUNCT || word_kind(c, i, DK_CLOCK, NULL) ||
	       word_kind(c, i, DK_LEAD, NULL);
}

/*
 * Why the date on tokens [first, last) of a head line would be the article's
 * date: after "Published"/"Updated" (a time may come between: "Updated 14:05
 * GMT, 13 Jun 2024"); in a dateline, capitalised place words before it and an
 * agency or a dash after it ("KYIV, June 13 (Reuters) -"); or alone on its line
 * but for a clock time ("Monday, 8 July 2024, 14:27"). RANK_NONE otherwise.
 */
static int head_rank(const dctx *c, size_t first, size_t last)
{
	const nf_doc *doc = c->doc;
	size_t lb = line_begin(doc, first), le = line_end(doc, first), n, j;
	const table_row *row;

	if ((n = match_kind(c, lb, DK_PUBLINE, &row)) && lb < first) {
		/* the date's span may have taken the "on" of "Published on" */
		for (j = lb + n < first ? lb + n : first; j < first && clock_token(c, j); j++)
			;
		if (j == first)
			return atoi(row->field[2]) ? RANK_UPDATED : RANK_PUBLISHED;
	}
	if (first > lb && is_cap(c, lb)) {
		for (j = lb; j < first && (is_cap(c, j) || is(c, j, ",") || is(c, j, ".")); j++)
			;
		size_t k = last;
		int agency = is(c, k, "(");

		if (agency) {
			while (k < le && k < last + 6 && !is(c, k, ")"))
				k++;
			k++;
		}
		/* the place in capitals ("KYIV,") or an agency after the date ("(Reuters)") */
		if (j == first && is(c, first - 1, ",") && (is(c, k, "-") || is(c, k, ":")) &&
		    ((doc->toks[lb].flags & TF_UPPER) || agency))
			return RANK_DATELINE;
	}
	for (j = lb; j < le && (clock_token(c, j) || (j >= first && j < last)); j++)
		;
	return j == le ? RANK_TIMESTAMP : RANK_NONE;
}

/*
 * The latest year the article writes in a date context ("in 2023", "June 13,
 * 2024"), for a dateline without one. 0 when there is none.
 */
static int latest_year(dctx *c)
{
	int best = 0, y, d, m, abbr;
	size_t mlen;

	for (size_t i = 0; i < c->doc->ntoks; i++) {
		if (c->doc->toks[i].kind != TK_NUM || !year_at(c, i, &y) || y <= best)
			continue;
		if ((i >= 1 && month_at(c, i - 1, &m, &mlen, &abbr)) ||
		    (i >= 2 && is(c, i - 1, ".") && month_at(c, i - 2, &m, &mlen, &abbr)) ||
		    (i >= 3 && is(c, i - 1, ",") && day_at(c, i - 2, &d) &&
		     month_at(c, i - 3, &m, &mlen, &abbr)) ||
		    year_in_context(c, i))
			best = y;
	}
	return best;
}

/*
 * --ref-date auto: tag the dates of the article's head without a reference,
 * keep the best-ranked day among them as the reference (head_rank), and drop
 * those facts again. A dateline's "June 13" takes the latest year the article
 * writes. Returns 1 when a reference date was found.
 */
static int detect_ref(dctx *c)
{
	nf_doc *doc = c->doc;
	size_t nfacts = doc->facts.len, lines = 0, head = 0;
	int best = RANK_NONE, by = 0, bm = 0, bd = 0;

	while (head < doc->ntoks && head < HEAD_TOKENS) {
		if ((doc->toks[head].flags & TF_NL) && ++lines > HEAD_LINES)
			break;
		head++;
	}
	if (scan(c, 0, head) < 0)
		return -1;
	for (size_t f = nfacts; f < doc->facts.len; f++) {
		const nf_fact *fact = &doc->facts.items[f];
		int y = 0, m, d;

		if (sscanf(fact->timex, "%4d-%2d-%2d", &y, &m, &d) != 3 &&
		    sscanf(fact->timex, "XXXX-%2d-%2d", &m, &d) != 2)
			continue;
		int rank = head_rank(c, doc_token_at(doc, fact->start), doc_token_at(doc, fact->end));

		if (rank < best) {
			best = rank;
			by = y;
			bm = m;
			bd = d;
		}
	}
	doc->facts.len = nfacts;
	c->floor = c->fact_end = 0;
	c->has_anchor = 0;
	if (best == RANK_NONE)
		return 0;
	if (!by)
		by = latest_year(c);
	if (!by || bd > days_in_month(by, bm))
		return 0;
	set_ref(c, by, bm, bd);
	return 1;
}

int extract_dates(const nf_model *model, nf_doc *doc)
{
	dctx c = { .model = model, .dm = model->date, .doc = doc };
	const nf_options *o = doc->opt;

	if (!c.dm)
		return 0;
	if (o && o->ref_auto && detect_ref(&c) < 0)
		return -1;
	if (!c.has_ref && o && o->has_ref_date && o->ref_month >= 1 && o->ref_month <= 12 &&
	    o->ref_day >= 1 && o->ref_day <= days_in_month(o->ref_year, o->ref_month))
		set_ref(&c, o->ref_year, o->ref_month, o->ref_day);
	return scan(&c, 0, doc->ntoks);
}
