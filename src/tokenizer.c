/*
 * tokenizer.c: split the input into words, numbers and punctuation.
 *
 * Offsets always refer to the original bytes. Each token also gets a normalised
 * form for matching: lower case, accents stripped, typographic quotes, dashes and
 * apostrophes mapped to their ASCII forms. Most news text is ASCII, so ASCII runs
 * take a fast path and utf8proc is called only for the other characters (its full
 * normalisation of every byte would cost far more than the rest of the pipeline).
 *
 * Invalid UTF-8 never stops the tokenizer: each bad byte is a punctuation token
 * whose norm is U+FFFD, so nothing downstream sees a broken sequence.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "array.h"
#include "extract.h"

/*
 * Byte classes of the ASCII fast path. Bytes of 0x80 and above (HI) are decoded
 * by decode_at; CR is a line break only when no LF follows.
 */
enum byte_class { SP = 1, NL = 2, CR = 4, UP = 8, LO = 16, DG = 32, PU = 64, HI = 128 };

static const unsigned char bclass[256] = {
	SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, NL, SP, SP, CR, SP, SP,
	SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
	SP, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU,
	DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, PU, PU, PU, PU, PU, PU,
	PU, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
	UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, PU, PU, PU, PU, PU,
	PU, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
	LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, PU, PU, PU, SP,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
	HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
};

#define WORDCH (UP | LO | DG)

/*
 * The bytes after an ASCII run that may continue the word the general way:
 * an apostrophe ("O'Brien") or a non-ASCII letter always, a dot after a
 * single letter ("U.S.").
 */
enum { AW = 1, AI = 2 };   /* always; after an initial */

static const unsigned char after_word[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, AW, 0, 0, 0, 0, 0, 0, AI, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
	AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW, AW,
};

/*
 * A word's norm keeps at most WORD_MAX bytes before folding (the rest of an
 * over-long word is dropped). Every token reserves NORM_SLACK bytes of norm
 * store first: enough for the common paths (word, number, punctuation) and
 * the NUL, and for fast_tokens' copies of sixteen bytes, so they write
 * without further checks.
 */
#define WORD_MAX 255
#define NUM_MAX 62
#define NORM_SLACK (WORD_MAX + 1)

enum char_class { C_SPACE, C_NEWLINE, C_LETTER, C_DIGIT, C_PUNCT };

/* One decoded character. */
typedef struct uchar {
	int32_t cp;     /* code point, 0xFFFD for an invalid byte */
	int len;        /* bytes in the input */
	int cls;        /* enum char_class */
	int upper;      /* an upper-case letter */
} uchar;

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

static void decode_at(const unsigned char *s, size_t n, uchar *u)
{
	unsigned char c = s[0];

	if (c < 0x80) {
		u->cp = c;
		u->len = 1;
		u->upper = c >= 'A' && c <= 'Z';
		/* a CR ends a line unless LF follows (CRLF): old Mac files use CR alone */
		if (c == '\n' || (c == '\r' && !(n > 1 && s[1] == '\n')))
			u->cls = C_NEWLINE;
		else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
			u->cls = C_SPACE;
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			u->cls = C_LETTER;
		else if (c >= '0' && c <= '9')
			u->cls = C_DIGIT;
		else if (c < 0x20 || c == 0x7f)
			u->cls = C_SPACE;   /* other control characters separate tokens */
		else
			u->cls = C_PUNCT;
		return;
	}
	/* U+2010 to U+2027, dashes, quotes and the ellipsis of news text, are all
	 * punctuation (categories Pd, Pi, Pf, Po): no need to ask utf8proc */
	if (c == 0xE2 && n >= 3 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0xA7) {
		u->cp = 0x2000 + (s[2] & 0x3F);
		u->len = 3;
		u->cls = C_PUNCT;
		u->upper = 0;
		return;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t r = utf8proc_iterate(s, n > 4 ? 4 : (utf8proc_ssize_t)n, &cp);

	u->upper = 0;
	if (r <= 0 || cp == 0xFFFD) {
		u->cp = 0xFFFD;
		u->len = r > 0 ? (int)r : 1;
		u->cls = C_PUNCT;
		return;
	}
	u->cp = cp;
	u->len = (int)r;
	if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
		u->cls = C_NEWLINE;
		return;
	}
	if (cp == 0xFEFF || cp == 0x200B || cp == 0x200C || cp == 0x200D) {
		u->cls = C_SPACE;
		return;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		u->upper = 1;
		/* fall through */
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		u->cls = C_LETTER;
		break;
	case UTF8PROC_CATEGORY_ND:
		u->cls = C_LETTER;  /* non-ASCII digits: part of a word, never a count */
		break;
	case UTF8PROC_CATEGORY_ZS:
		u->cls = C_SPACE;
		break;
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		u->cls = C_NEWLINE;
		break;
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
		u->cls = C_SPACE;
		break;
	default:
		u->cls = C_PUNCT;
	}
}

static int is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

/* ASCII form of a punctuation character, or NULL to keep its own bytes. */
static const char *punct_norm(int32_t cp)
{
	switch (cp) {
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
		return "-";
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
	case 0x02BC:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
	case 0x00AB: case 0x00BB:
		return "\"";
	case 0x2026:
		return "...";
	case 0xFFFD:
		return REPLACEMENT;
	default:
		return NULL;
	}
}

typedef struct tokvec {
	nf_token *v;
	size_t len, cap;
} tokvec;

/* The growing store of norm strings. */
typedef struct normbuf {
	char *buf;
	size_t len, cap;
} normbuf;

/*
 * Make room for extra more bytes of norm. The tokens in tv point into the
 * store: when it moves they are rebased (rare: the store is sized from the
 * input), so no pass over all tokens is needed at the end.
 */
static int norm_reserve(normbuf *nb, tokvec *tv, size_t extra)
{
	if (nb->cap - nb->len >= extra)
		return 0;
	size_t ncap = nb->cap ? nb->cap : 64;

	while (ncap - nb->len < extra)
		ncap *= 2;
	for (size_t k = 0; k < tv->len; k++)
		tv->v[k].norm = (const char *)(uintptr_t)(tv->v[k].norm - nb->buf);
	char *p = realloc(nb->buf, ncap);

	if (p) {
		nb->buf = p;
		nb->cap = ncap;
	}
	for (size_t k = 0; k < tv->len; k++)
		tv->v[k].norm = nb->buf + (uintptr_t)tv->v[k].norm;
	return p ? 0 : -1;
}

/* Room for one more token and extra bytes of norm (inline: mostly there is). */
static inline int make_room(tokvec *tv, normbuf *nb, size_t extra)
{
	if (tv->len == tv->cap &&
	    array_grow((void **)&tv->v, &tv->cap, tv->len, sizeof *tv->v, 16) < 0)
		return -1;
	return nb->cap - nb->len >= extra ? 0 : norm_reserve(nb, tv, extra);
}

/*
 * Lower-case, fold and strip the accents of the non-ASCII word of wl bytes at
 * nb->buf + nb->len, in place. Returns the folded length, or -1 when out of memory.
 */
static long fold_in_place(normbuf *nb, tokvec *tv, size_t wl)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)nb->buf + nb->len,
					  (utf8proc_ssize_t)wl, &out,
					  UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
					  UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);

	if (r < 0)
		return (long)wl;   /* cannot happen on decoded input; keep bytes */
	if (norm_reserve(nb, tv, (size_t)r + 1) < 0) {
		free(out);
		return -1;
	}
	memcpy(nb->buf + nb->len, out, (size_t)r);
	free(out);
	return (long)r;
}

/* Powers of ten that a double holds exactly (the fast path of number values). */
static const double POW10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

/*
 * Read a number at s[i]: digits, thousands groups ("1,200", "1 200" with a
 * no-break space) and a decimal part. Digits directly followed by a letter are
 * not a number ("83rd", "10km"): returns 0 then. Writes the digits (without
 * separators, at most NUM_MAX) to d, their count to *nd_out and the value to
 * *value.
 */
static size_t scan_number(const unsigned char *s, size_t n, size_t i, char *d,
			  uint32_t *nd_out, double *value)
{
	size_t j = i, nd = 0, ndigits = 0, nfrac = 0;
	uint64_t m = 0;   /* the digits' value, exact while ndigits <= 15 */

	while (j < n && s[j] >= '0' && s[j] <= '9') {
		if (nd < NUM_MAX)
			d[nd++] = (char)s[j];
		m = m * 10 + (s[j] - '0');
		ndigits++;
		j++;
	}
	for (;;) {
		size_t sep = 0;

		if (j < n && s[j] == ',')
			sep = 1;
		else if (j + 1 < n && s[j] == 0xC2 && s[j + 1] == 0xA0)
			sep = 2;
		else if (j + 2 < n && s[j] == 0xE2 && s[j + 1] == 0x80 &&
			 (s[j + 2] == 0xAF || s[j + 2] == 0x89))
			sep = 3;
		if (!sep || j + sep + 3 > n)
			break;
		const unsigned char *g = s + j + sep;

		if (!(g[0] >= '0' && g[0] <= '9' && g[1] >= '0' && g[1] <= '9' &&
		      g[2] >= '0' && g[2] <= '9'))
			break;
		if (j + sep + 3 < n && g[3] >= '0' && g[3] <= '9')
			break;
		for (int k = 0; k < 3; k++) {
			if (nd < NUM_MAX)
				d[nd++] = (char)g[k];
			m = m * 10 + (g[k] - '0');
		}
		ndigits += 3;
		j += sep + 3;
	}
	if (j + 1 < n && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
		if (nd < NUM_MAX)
			d[nd++] = '.';
		j++;
		while (j < n && s[j] >= '0' && s[j] <= '9') {
			if (nd < NUM_MAX)
				d[nd++] = (char)s[j];
			m = m * 10 + (s[j] - '0');
			ndigits++;
			nfrac++;
			j++;
		}
	}
	if (j < n && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') || s[j] >= 0xC0))
		return 0;
	d[nd] = '\0';
	/* up to 15 digits the value and 10^nfrac are exact doubles, so one
	 * division rounds exactly as strtod does */
	if (ndigits <= 15)
		*value = (double)m / POW10[nfrac];
	else
		*value = strtod(d, NULL);
	/* digits beyond NUM_MAX were dropped ("000...0005" would read as 0):
	 * a number that long is no quantity, so it reads as too large to count */
	if (nd >= NUM_MAX)
		*value = HUGE_VAL;
	*nd_out = (uint32_t)nd;
	return j - i;
}

/* "U.S.", "U.N.", "a.m.": letter-dot pairs, at least two. */
static size_t scan_dotted(const unsigned char *s, size_t n, size_t i)
{
	size_t j = i, pairs = 0;

	while (j + 1 < n && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') && s[j + 1] == '.') {
		if (j + 2 < n && ((s[j + 2] | 0x20) >= 'a' && (s[j + 2] | 0x20) <= 'z') &&
		    !(j + 3 < n && s[j + 3] == '.'))
			break;      /* "U.Sx": not an abbreviation */
		j += 2;
		pairs++;
	}
	return pairs >= 2 ? j - i : 0;
}

/* The character at s[a] is a letter (or, with digits, a letter or a digit). */
static int letter_at(const unsigned char *s, size_t n, size_t a, int digits)
{
	if (s[a] < 0x80)
		return (bclass[s[a]] & (digits ? WORDCH : UP | LO)) != 0;
	uchar c;

	decode_at(s + a, n - a, &c);
	return c.cls == C_LETTER || (digits && c.cls == C_DIGIT);
}

/* What the general word loop has gathered. */
typedef struct wordstate {
	size_t wl;        /* norm bytes written */
	int nletters;
	int notupper;     /* a letter that is not upper case */
	int ascii;        /* no non-ASCII letter: no folding needed */
} wordstate;

/*
 * The general word loop from s[j], for what the ASCII loop leaves: letters,
 * digits and marks of any script, inner apostrophes ("O'Brien"), words longer
 * than WORD_MAX. Writes the norm bytes (not yet folded) to d. Returns where
 * the word ends.
 */
static size_t word_general(const unsigned char *s, size_t len, size_t j, char *d, wordstate *w)
{
	while (j < len) {
		unsigned char b = s[j];
		unsigned cl = bclass[b];

		if (cl & WORDCH) {
			if (cl & (UP | LO)) {
				w->nletters++;
				w->notupper |= cl & LO;
			}
			if (w->wl < WORD_MAX)
				d[w->wl++] = (char)(b | 0x20);
			j++;
			continue;
		}
		if (b != '\'' && b < 0x80)
			break;
		uchar c;

		decode_at(s + j, len - j, &c);
		if (c.cls == C_LETTER) {   /* a non-ASCII letter or mark */
			w->nletters++;
			w->notupper |= !c.upper;
			w->ascii = 0;
			if (w->wl + (size_t)c.len <= WORD_MAX) {
				memcpy(d + w->wl, s + j, (size_t)c.len);
				w->wl += (size_t)c.len;
			}
			j += (size_t)c.len;
			continue;
		}
		if (is_apostrophe(c.cp) && j + (size_t)c.len < len) {
			/* "Russia's": the possessive is a token of its own */
			size_t a = j + (size_t)c.len;

			if (!letter_at(s, len, a, 0))
				break;
			if ((s[a] | 0x20) == 's' && (a + 1 >= len || !letter_at(s, len, a + 1, 1)))
				break;
			if (w->wl < WORD_MAX)
				d[w->wl++] = '\'';
			j = a;
			continue;
		}
		break;
	}
	return j;
}

/* Sixteen bytes to keep, then sixteen to clear: keep_bytes + 16 - n masks all but n bytes. */
static const unsigned char keep_bytes[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

/*
 * nf_hash of the norm q[0..n), n from 1 to 15, where sixteen bytes from q
 * may be read (the norm store's room): one block, the bytes past the norm
 * masked off, with no loop over the bytes.
 */
static inline uint32_t hash_short(const char *q, unsigned n)
{
	/* (written so, gcc takes two instructions for it, not four) */
	const unsigned char *keep = &keep_bytes[16] - n;
	uint64_t lo, hi, keep_lo, keep_hi;

	memcpy(&lo, q, 8);
	memcpy(&hi, q + 8, 8);
	memcpy(&keep_lo, keep, 8);
	memcpy(&keep_hi, keep + 8, 8);
	return nf_hash_final(nf_hash_block(NF_HASH_SEED, lo & keep_lo, hi & keep_hi));
}

/* TF_UPPER when the ASCII word p[0..n) has two letters or more, all upper case. */
static unsigned upper_flag(const unsigned char *p, size_t n)
{
	int nletters = 0;

	for (size_t q = 0; q < n; q++) {
		unsigned cl = bclass[p[q]];

		if (cl & LO)
			return 0;
		nletters += (cl & UP) != 0;
	}
	return nletters >= 2 ? TF_UPPER : 0;
}

/*
 * The flags of the ASCII word p[0..n) that starts with a letter of class cl,
 * after white space of flags pending. A word starting in lower case is never
 * all upper case.
 */
static inline unsigned word_flags(const unsigned char *p, size_t n, unsigned cl, unsigned pending)
{
	unsigned flags = pending;

	if (cl & UP) {
		flags |= TF_CAP;
		if (n > 1 && !(bclass[p[1]] & LO))   /* "Kyiv" settles at once */
			flags |= upper_flag(p, n);
	}
	return flags;
}

/*
 * Append the token at s[i] the general way: numbers, dotted abbreviations,
 * words with apostrophes or non-ASCII letters, over-long words, non-ASCII
 * punctuation, the possessive "'s". flags are the white-space flags before
 * it. The stores have room for a token and NORM_SLACK bytes of norm. Returns
 * where the token ends, or (size_t)-1 when memory runs out.
 */
static size_t slow_token(tokvec *tv, normbuf *nb, const unsigned char *s, size_t len,
			 size_t i, unsigned flags)
{
	unsigned char b = s[i];
	unsigned cl = bclass[b];
	uchar u = { b, 1, C_PUNCT, 0 };
	char *d = nb->buf + nb->len;   /* the norm, written in place */
	uint32_t nl;
	int kind = TK_WORD;
	double num = 0;
	size_t j;

	if (cl & HI)
		decode_at(s + i, len - i, &u);   /* a letter or punctuation: the caller took white space */
	if (cl & DG) {
		size_t k = scan_number(s, len, i, d, &nl, &num);

		if (k > 0) {
			kind = TK_NUM;
			j = i + k;
			goto done;
		}
	}
	if ((cl & WORDCH) || u.cls == C_LETTER) {
		if ((cl & UP) || u.upper)
			flags |= TF_CAP;
		size_t k = scan_dotted(s, len, i);

		if (k > 0) {
			/* "U.S.", "a.m." (the dots are no letters: upper_flag skips them) */
			if (norm_reserve(nb, tv, k + 1) < 0)
				return (size_t)-1;
			d = nb->buf + nb->len;
			for (size_t q = 0; q < k; q++)
				d[q] = (char)(s[i + q] == '.' ? '.' : s[i + q] | 0x20);
			flags |= upper_flag(s + i, k);
			nl = (uint32_t)k;
			j = i + k;
			goto done;
		}
		wordstate w = { 0, 0, 0, 1 };

		j = word_general(s, len, i, d, &w);
		if (w.nletters >= 2 && !w.notupper)
			flags |= TF_UPPER;
		nl = (uint32_t)w.wl;
		if (!w.ascii) {
			long r = fold_in_place(nb, tv, w.wl);

			/* a word that folding emptied (only marks): keep its bytes, since the
			 * extractors read norm[norm_len - 1] and expect a non-empty norm */
			if (r == 0) {
				if (norm_reserve(nb, tv, j - i + 1) < 0)
					return (size_t)-1;
				memcpy(nb->buf + nb->len, s + i, j - i);
				r = (long)(j - i);
			}
			if (r < 0)
				return (size_t)-1;
			nl = (uint32_t)r;
			d = nb->buf + nb->len;
		}
		goto done;
	}
	/* punctuation, with the possessive "'s" as a word */
	kind = TK_PUNCT;
	j = i + (size_t)u.len;
	if (is_apostrophe(u.cp) && tv->len > 0 && !(flags & TF_SPACE) &&
	    tv->v[tv->len - 1].kind == TK_WORD && j < len && (s[j] | 0x20) == 's' &&
	    (j + 1 >= len || !letter_at(s, len, j + 1, 1))) {
		kind = TK_WORD;
		d[0] = '\'';
		d[1] = 's';
		nl = 2;
		j++;
		goto done;
	}
	const char *pn = punct_norm(u.cp);

	if (pn) {
		nl = (uint32_t)strlen(pn);
		memcpy(d, pn, nl);
	} else {
		nl = (uint32_t)u.len;
		memcpy(d, s + i, nl);
	}
done:
	d[nl] = '\0';
	nf_token *t = &tv->v[tv->len++];

	t->start = (uint32_t)i;    /* fits: tokenize refuses texts past 4 GiB */
	t->end = (uint32_t)j;
	t->norm = d;
	t->norm_len = nl;
	t->hash = nf_hash(d, nl);
	t->num = num;
	t->sentence = 0;
	t->kind = (uint8_t)kind;
	t->flags = (uint8_t)flags;
	nb->len += nl + 1;
	return j;
}

/*
 * The most norm bytes a token of fast_tokens takes, its copies of sixteen
 * input bytes included (slow_token may take up to NORM_SLACK).
 */
#define FAST_NORM 16

/*
 * The end of the tokens that fast_tokens may add to the stores as they are:
 * each takes a token and at most FAST_NORM bytes of norm.
 */
static inline nf_token *fast_room(const tokvec *tv, const normbuf *nb)
{
	size_t room = tv->cap - tv->len;

	if (room > (nb->cap - nb->len) / FAST_NORM)
		room = (nb->cap - nb->len) / FAST_NORM;
	return tv->v + tv->len + room;
}

/*
 * Fill in the token of norm[0..len) at input offset start, ending the norm.
 * num is left unset (read only for TK_NUM tokens, which set it), and so is
 * sentence (split_sentences sets it; the other callers of tokenize_reuse
 * read only norms, hashes and kinds).
 */
static inline void put_token(nf_token *t, size_t start, size_t len, char *norm, uint32_t hash,
			     int kind, unsigned flags)
{
	norm[len] = '\0';
	t->start = (uint32_t)start;
	t->end = (uint32_t)(start + len);
	t->norm = norm;
	t->norm_len = (uint32_t)len;
	t->hash = hash;
	t->kind = (uint8_t)kind;
	t->flags = (uint8_t)flags;
}

/*
 * Copy the sixteen bytes at p to d, each ORed with 0x20 (letters to lower
 * case; digits have the bit already, and the other bytes are not read as
 * norm). Returns a mask with bit b set when byte b is not an ASCII letter or
 * digit.
 *
 * With SSE2 (every x86-64 has it) a few vector instructions classify all
 * sixteen, where the byte loop takes a table look-up and a test for each.
 * Adding 0x80 - 'a' to a lower-cased byte moves 'a'..'z' to the 26 lowest
 * signed bytes, so one signed compare tests the range; the same for '0'..'9'.
 * Bytes of 0x80 and above land elsewhere.
 */
#ifdef __SSE2__
#include <emmintrin.h>

static inline unsigned copy16_non_word(const unsigned char *p, unsigned char *d)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i letter = _mm_cmplt_epi8(_mm_add_epi8(folded, _mm_set1_epi8(0x80 - 'a')),
					_mm_set1_epi8(-128 + 26));
	__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '0')),
				       _mm_set1_epi8(-128 + 10));

	_mm_storeu_si128((__m128i *)(void *)d, folded);
	return ~(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) & 0xFFFF;
}
#else
static inline unsigned copy16_non_word(const unsigned char *p, unsigned char *d)
{
	unsigned stop = 0;

	for (unsigned b = 0; b < 16; b++) {
		d[b] = (unsigned char)(p[b] | 0x20);
		if (!(bclass[p[b]] & WORDCH))
			stop |= 1u << b;
	}
	return stop;
}
#endif

/* Where the fast loop stands: what tokenize_stores keeps in its own variables. */
typedef struct fastpos {
	size_t i;           /* the next input byte */
	unsigned pending;   /* white-space flags for the next token */
	nf_token *t;        /* the next token */
	char *d;            /* the next norm byte */
} fastpos;

/*
 * The typographic punctuation U+2010 to U+2027 (dashes, quotes, the
 * ellipsis) at p, three bytes, as decode_at reads it: its code point, or 0
 * for other bytes and for the apostrophes U+2018 and U+2019, which may make
 * a possessive or continue a word (slow_token, word_general).
 */
static inline int32_t typographic_punct(const unsigned char *p)
{
	if (p[0] != 0xE2 || p[1] != 0x80 || p[2] < 0x90 || p[2] > 0xA7 ||
	    p[2] == 0x98 || p[2] == 0x99)
		return 0;
	return 0x2000 + (p[2] & 0x3F);
}

/*
 * The possessive "'s" at s[p] after a word: the apostrophe's bytes (ASCII or
 * U+2019, U+2018), then "s" or "S" and an ASCII byte that is no letter or
 * digit. Returns the apostrophe's length, or 0 for anything else, which
 * word_general and slow_token read (an inner apostrophe, "O'Brien"; U+02BC).
 */
static inline unsigned possessive_at(const unsigned char *s, size_t len, size_t p)
{
	unsigned a = s[p] == '\'' ? 1 : s[p] == 0xE2 && p + 2 < len && s[p + 1] == 0x80 &&
		     (s[p + 2] == 0x99 || s[p + 2] == 0x98) ? 3 : 0;

	if (!a || p + a + 1 >= len || (s[p + a] | 0x20) != 's' || s[p + a + 1] >= 0x80 ||
	    (bclass[s[p + a + 1]] & WORDCH))
		return 0;
	return a;
}

/*
 * The plain integer of the k digits at p (k from 1 to 15, next the byte
 * after them, p[k + 1] readable), as scan_number reads it: its value in
 * *value, or -1 when p holds more than digits ("83rd") or scan_number reads
 * on (a thousands group or decimal part, a no-break space, a letter).
 */
static inline int plain_integer(const unsigned char *p, unsigned k, unsigned char next,
				double *value)
{
	uint64_t m = 0;

	if (next >= 0x80 || ((next == ',' || next == '.') && bclass[p[k + 1]] & DG))
		return -1;
	for (unsigned q = 0; q < k; q++) {
		unsigned digit = (unsigned)p[q] - '0';

		if (digit > 9)
			return -1;
		m = m * 10 + digit;
	}
	*value = (double)m;   /* exact: at most 15 digits */
	return 0;
}

/*
 * The fast loop, for the bulk of news text: ASCII words shorter than sixteen
 * bytes, plain integers, ASCII punctuation, the typographic punctuation of
 * typographic_punct, spaces and line feeds, while sixteen bytes of input
 * remain (len is sixteen or more) and the token store has room (up to
 * room_end). It stops at anything else, for the general loop, which makes
 * the same tokens the slow way. A classification of sixteen bytes serves
 * all the words within them; each word is hashed in one block (hash_short). A
 * function of its own, so that its few variables stay in registers.
 */
static __attribute__((noinline)) void fast_tokens(const unsigned char *s, size_t len,
						  fastpos *pos, nf_token *room_end)
{
	size_t i = pos->i;
	unsigned pending = pos->pending;
	nf_token *t = pos->t;
	char *d = pos->d;
	const size_t last = len - 16;   /* sixteen bytes from i on while i <= last */

	while (i <= last && t != room_end) {
		unsigned char b = s[i];
		unsigned cl = bclass[b];

		if (cl & (UP | LO)) {
			/* (64 bits: the word lengths ctzll takes from it need no extension) */
			uint64_t stop = copy16_non_word(s + i, (unsigned char *)d);

			if (!stop)
				break;   /* a word of sixteen bytes or more */
			/*
			 * The words in these sixteen bytes, one space between each:
			 * their norms are the lower-cased copy itself, the NUL that
			 * ends each in place of the space after it. stop's bit 0 is
			 * s[i], the next word's first byte.
			 */
			for (;;) {
				size_t k = (size_t)__builtin_ctzll(stop);
				unsigned char next = s[i + k];

				if (next != ' ') {
					/* "O'Brien", "U.S.": see after_word; a dash or a
					 * quote ends the word as a space does */
					if (after_word[next] && (after_word[next] == AW || k == 1) &&
					    !(i + k + 2 < len && typographic_punct(s + i + k))) {
						unsigned poss = possessive_at(s, len, i + k);

						if (!poss || t + 1 == room_end)
							goto out;
						/* "Russia's": the word, then the "'s" as slow_token makes it */
						put_token(t, i, k, d, hash_short(d, k), TK_WORD,
							  word_flags(s + i, k, cl, pending));
						t++;
						d += k + 1;
						i += k;
						d[0] = '\'';
						d[1] = 's';
						put_token(t, i, 2, d, hash_short(d, 2), TK_WORD, 0);
						t->end = (uint32_t)(i + poss + 1);
						t++;
						d += 3;
						i += poss + 1;
						pending = 0;
						break;
					}
					put_token(t, i, k, d, hash_short(d, k), TK_WORD,
						  word_flags(s + i, k, cl, pending));
					t++;
					d += k + 1;
					i += k;
					pending = 0;
					break;   /* punctuation or a line break: the main loop's */
				}
				/* the usual case: a space, taken without a turn of the loop */
				put_token(t, i, k, d, hash_short(d, k), TK_WORD,
					  word_flags(s + i, k, cl, pending));
				t++;
				d += k + 1;
				i += k + 1;
				pending = TF_SPACE;
				/* a next word that ends within the sixteen bytes (so s[i]
				 * is one of them) and starts with a letter */
				stop >>= k + 1;
				if (!stop || t == room_end || !((cl = bclass[s[i]]) & (UP | LO)))
					break;
			}
		} else if (cl & DG) {
			/* a plain integer ("12 drones"); the digits' copy is its norm */
			unsigned stop = copy16_non_word(s + i, (unsigned char *)d);
			unsigned k = (unsigned)__builtin_ctz(stop | 0x10000);

			if (k == 16 || i + k + 1 >= len ||
			    plain_integer(s + i, k, s[i + k], &t->num) < 0)
				break;
			put_token(t, i, k, d, hash_short(d, k), TK_NUM, pending);
			t++;
			d += k + 1;
			i += k;
			pending = 0;
		} else if (cl & SP) {
			pending |= TF_SPACE;
			i++;
		} else if (b == '\n') {
			/* a second line break before the next token makes a paragraph */
			pending |= TF_SPACE | TF_NL | (pending & TF_NL ? TF_PARA : 0);
			i++;
		} else if ((cl & PU) && b != '\'') {
			d[0] = (char)b;
			put_token(t, i, 1, d, nf_hash_final(nf_hash_block(NF_HASH_SEED, b, 0)),
				  TK_PUNCT, pending);
			t++;
			d += 2;
			i++;
			pending = 0;
			if (s[i] == ' ') {   /* the usual space after it, without a turn of the loop */
				pending = TF_SPACE;
				i++;
			}
		} else if (typographic_punct(s + i)) {
			const char *pn = punct_norm(typographic_punct(s + i));
			size_t nl = pn ? strlen(pn) : 3;

			/* the general way's norm (slow_token) */
			memcpy(d, pn ? pn : (const char *)s + i, nl);
			put_token(t, i, nl, d, hash_short(d, (unsigned)nl), TK_PUNCT, pending);
			t->end = (uint32_t)(i + 3);
			t++;
			d += nl + 1;
			i += 3;
			pending = 0;
		} else {
			break;
		}
	}
out:
	pos->i = i;
	pos->pending = pending;
	pos->t = t;
	pos->d = d;
}

/*
 * Tokenize into the stores tv and nb, which may already hold capacity; they
 * are grown as needed and left valid (for the caller to keep or free) even
 * when memory runs out.
 *
 * fast_tokens takes the bulk of the text. This loop takes what it leaves:
 * white space of other kinds (CR, non-ASCII), the input's last fifteen bytes,
 * and every other token, which slow_token makes. The stores' ends are kept
 * in local pointers (t, d) and their lengths written back around the calls
 * that may grow them.
 */
static int tokenize_stores(nf_doc *doc, const char *text, size_t len, tokvec *tv, normbuf *nb)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned pending = TF_NL | TF_PARA | TF_SPACE;
	size_t i = 0;

	doc->text = text;
	doc->len = len;
	tv->len = 0;
	nb->len = 0;
	/* so that the pointers below exist (a reused store mostly has room) */
	if ((tv->cap == 0 || nb->cap < NORM_SLACK) && make_room(tv, nb, NORM_SLACK) < 0)
		return -1;
	nf_token *t = tv->v, *room_end = fast_room(tv, nb);   /* see fast_room */
	char *d = nb->buf;

	while (i < len) {
		if (t == room_end) {   /* grow the stores: room for fast_room's tokens */
			tv->len = (size_t)(t - tv->v);
			nb->len = (size_t)(d - nb->buf);
			if (make_room(tv, nb, NORM_SLACK) < 0)
				return -1;
			t = tv->v + tv->len;
			d = nb->buf + nb->len;
			room_end = fast_room(tv, nb);
		}
		if (len - i >= 16) {
			fastpos pos = { i, pending, t, d };

			fast_tokens(s, len, &pos, room_end);
			i = pos.i;
			pending = pos.pending;
			t = pos.t;
			d = pos.d;
			if (i == len)
				break;
		}
		unsigned cl = bclass[s[i]];

		if (cl & SP) {
			pending |= TF_SPACE;
			i++;
			continue;
		}
		if (cl & (NL | CR)) {
			/* a CR ends a line unless LF follows (CRLF): old Mac files use
			 * CR alone. A second line break before the next token makes a
			 * paragraph. */
			if ((cl & CR) && i + 1 < len && s[i + 1] == '\n')
				pending |= TF_SPACE;
			else
				pending |= TF_SPACE | TF_NL | (pending & TF_NL ? TF_PARA : 0);
			i++;
			continue;
		}
		if (cl & HI) {
			uchar u;

			decode_at(s + i, len - i, &u);
			if (u.cls == C_SPACE || u.cls == C_NEWLINE) {
				pending |= TF_SPACE;
				if (u.cls == C_NEWLINE)
					pending |= TF_NL | (pending & TF_NL ? TF_PARA : 0);
				i += (size_t)u.len;
				continue;
			}
		}
		/* a token that fast_tokens leaves: the general way, which needs
		 * room for a token and NORM_SLACK bytes of norm */
		tv->len = (size_t)(t - tv->v);
		nb->len = (size_t)(d - nb->buf);
		if (make_room(tv, nb, NORM_SLACK) < 0 ||
		    (i = slow_token(tv, nb, s, len, i, pending)) == (size_t)-1)
			return -1;
		t = tv->v + tv->len;
		d = nb->buf + nb->len;
		room_end = fast_room(tv, nb);
		pending = 0;
	}
	tv->len = (size_t)(t - tv->v);
	nb->len = (size_t)(d - nb->buf);
	doc->toks = tv->v;
	doc->ntoks = tv->len;
	doc->norm_buf = nb->buf;
	return 0;
}

/*
 * Token offsets are 32-bit (a smaller token is a faster scan for every
 * extractor): a text past 4 GiB is refused with EOVERFLOW, never cut short.
 * nf_extract windows long inputs; only --events/--summary take a text whole.
 */
static int too_long_for_offsets(size_t len)
{
	if (len <= UINT32_MAX)
		return 0;
	errno = EOVERFLOW;
	return 1;
}

int tokenize(nf_doc *doc, const char *text, size_t len)
{
	if (too_long_for_offsets(len))
		return -1;
	/*
	 * Size the stores from the input (news averages five and a half bytes a
	 * token, the norms take about the input's bytes), with room to spare so
	 * that a long document is not copied while it grows: pages of a large
	 * allocation that stay unused cost nothing.
	 */
	tokvec tv = { malloc((len / 4 + 16) * sizeof(nf_token)), 0, len / 4 + 16 };
	normbuf nb = { malloc(len + len / 8 + NORM_SLACK), 0, len + len / 8 + NORM_SLACK };

	array_advise_huge(tv.v, tv.cap * sizeof(nf_token));
	array_advise_huge(nb.buf, nb.cap);

	if (tv.v && nb.buf && tokenize_stores(doc, text, len, &tv, &nb) == 0)
		return 0;
	free(tv.v);
	free(nb.buf);
	return -1;
}

int tokenize_reuse(nf_doc *doc, const char *text, size_t len, nf_tokstore *store)
{
	if (too_long_for_offsets(len))
		return -1;
	/* sized up front as in tokenize: growing a large store would copy it (and
	 * rebase every token's norm each time the norms move) */
	if (len > 4096 && store->tokcap < len / 4 + 16) {
		free(store->toks);
		store->tokcap = len / 4 + 16;
		if (!(store->toks = malloc(store->tokcap * sizeof *store->toks))) {
			store->tokcap = 0;
			return -1;
		}
		array_advise_huge(store->toks, store->tokcap * sizeof *store->toks);
	}
	if (len > 4096 && store->normcap < len + len / 8 + NORM_SLACK) {
		free(store->norm);
		store->normcap = len + len / 8 + NORM_SLACK;
		if (!(store->norm = malloc(store->normcap))) {
			store->normcap = 0;
			return -1;
		}
		array_advise_huge(store->norm, store->normcap);
	}
	tokvec tv = { store->toks, 0, store->tokcap };
	normbuf nb = { store->norm, 0, store->normcap };
	int rc = tokenize_stores(doc, text, len, &tv, &nb);

	store->toks = tv.v;
	store->tokcap = tv.cap;
	store->norm = nb.buf;
	store->normcap = nb.cap;
	return rc;
}

void tokstore_free(nf_tokstore *store)
{
	free(store->toks);
	free(store->norm);
	memset(store, 0, sizeof *store);
}
