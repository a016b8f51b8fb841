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
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "array.h"
#include "extract.h"

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

/* The growing store of norm strings; tokens hold offsets into it until the end. */
typedef struct normbuf {
	char *buf;
	size_t len, cap;
} normbuf;

static int norm_reserve(normbuf *nb, size_t extra)
{
	if (nb->cap - nb->len >= extra)
		return 0;
	size_t ncap = nb->cap ? nb->cap : 64;

	while (ncap - nb->len < extra)
		ncap *= 2;
	char *p = realloc(nb->buf, ncap);

	if (!p)
		return -1;
	nb->buf = p;
	nb->cap = ncap;
	return 0;
}

static int norm_append(normbuf *nb, const char *s, size_t n)
{
	if (norm_reserve(nb, n + 1) < 0)
		return -1;
	memcpy(nb->buf + nb->len, s, n);
	nb->len += n;
	return 0;
}

/* Lower-case, fold and strip the accents of a non-ASCII word into nb. */
static int norm_append_folded(normbuf *nb, const char *s, size_t n)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
					  UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
					  UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);

	if (r < 0)
		return norm_append(nb, s, n);  /* cannot happen on decoded input; keep bytes */
	int rc = norm_append(nb, (const char *)out, (size_t)r);

	free(out);
	return rc;
}

typedef struct tokvec {
	nf_token *v;
	size_t len, cap;
} tokvec;

static nf_token *tok_push(tokvec *tv)
{
	if (array_grow((void **)&tv->v, &tv->cap, tv->len, sizeof *tv->v, 16) < 0)
		return NULL;
	nf_token *t = &tv->v[tv->len++];

	memset(t, 0, sizeof *t);
	return t;
}

/*
 * Read a number at s[i]: digits, thousands groups ("1,200", "1 200" with a
 * no-break space) and a decimal part. Digits directly followed by a letter are
 * not a number ("83rd", "10km"): returns 0 then. Writes the digits (without
 * separators) to nb and the value to *value.
 */
static size_t scan_number(const unsigned char *s, size_t n, size_t i, normbuf *nb,
			  double *value)
{
	size_t j = i;
	char digits[64];
	size_t nd = 0;

	while (j < n && s[j] >= '0' && s[j] <= '9') {
		if (nd < sizeof digits - 2)
			digits[nd++] = (char)s[j];
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
		for (int k = 0; k < 3; k++)
			if (nd < sizeof digits - 2)
				digits[nd++] = (char)g[k];
		j += sep + 3;
	}
	if (j + 1 < n && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
		if (nd < sizeof digits - 2)
			digits[nd++] = '.';
		j++;
		while (j < n && s[j] >= '0' && s[j] <= '9') {
			if (nd < sizeof digits - 2)
				digits[nd++] = (char)s[j];
			j++;
		}
	}
	if (j < n && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') || s[j] >= 0xC0))
		return 0;
	digits[nd] = '\0';
	*value = strtod(digits, NULL);
	/* digits beyond the buffer were dropped ("000...0005" would read as 0):
	 * a number that long is no quantity, so it reads as too large to count */
	if (nd >= sizeof digits - 2)
		*value = HUGE_VAL;
	if (norm_append(nb, digits, nd) < 0)
		return (size_t)-1;
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

/*
 * Tokenize into the stores tv and nb, which may already hold capacity; they are
 * grown as needed and left valid (for the caller to keep or free) even when
 * memory runs out.
 */
static int tokenize_stores(nf_doc *doc, const char *text, size_t len, tokvec *tv_,
			   normbuf *nb_)
{
	const unsigned char *s = (const unsigned char *)text;
	tokvec tv = *tv_;
	normbuf nb = *nb_;
	int rc = -1;

	tv.len = 0;
	nb.len = 0;
	unsigned pending = TF_NL | TF_PARA | TF_SPACE;
	int newlines = 2;
	size_t i = 0;
	char wbuf[256];

	doc->text = text;
	doc->len = len;
	while (i < len) {
		uchar u;

		decode_at(s + i, len - i, &u);
		if (u.cls == C_SPACE) {
			pending |= TF_SPACE;
			i += (size_t)u.len;
			continue;
		}
		if (u.cls == C_NEWLINE) {
			pending |= TF_SPACE | TF_NL;
			if (++newlines >= 2)
				pending |= TF_PARA;
			i += (size_t)u.len;
			continue;
		}
		nf_token *t = tok_push(&tv);

		if (!t)
			goto oom;
		t->start = i;
		t->flags = (uint8_t)pending;
		size_t norm_start = nb.len;

		if (u.cls == C_DIGIT) {
			size_t k = scan_number(s, len, i, &nb, &t->num);

			if (k == (size_t)-1)
				goto oom;
			if (k > 0) {
				t->kind = TK_NUM;
				i += k;
				goto done;
			}
		}
		if (u.cls == C_LETTER || u.cls == C_DIGIT) {
			size_t k = scan_dotted(s, len, i);
			int ascii = 1, nletters = 0, nupper = 0;
			size_t wl = 0;

			t->kind = TK_WORD;
			if (u.upper)
				t->flags |= TF_CAP;
			if (k > 0) {
				for (size_t j = 0; j < k; j++) {
					char c = (char)s[i + j];

					if (c != '.') {
						nletters++;
						nupper += c >= 'A' && c <= 'Z';
					}
					char lower = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);

					if (norm_append(&nb, &lower, 1) < 0)
						goto oom;
				}
				i += k;
				if (nletters >= 2 && nupper == nletters)
					t->flags |= TF_UPPER;
				goto done;
			}
			/* letters, digits and marks, with inner apostrophes */
			size_t j = i;
			int folded_big = 0;

			while (j < len) {
				uchar c;
				unsigned char b = s[j];

				/* ASCII letters and digits, the bulk of news text, without decoding */
				if (((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || (b >= '0' && b <= '9')) {
					int up = b >= 'A' && b <= 'Z';

					if (b > '9') {
						nletters++;
						nupper += up;
					}
					if (wl + 1 < sizeof wbuf)
						wbuf[wl++] = (char)(up ? b + 32 : b);
					j++;
					continue;
				}
				decode_at(s + j, len - j, &c);
				if (c.cls == C_LETTER || c.cls == C_DIGIT) {
					if (c.cls == C_LETTER) {
						nletters++;
						nupper += c.upper;
					}
					if (c.cp >= 0x80)
						ascii = 0;
					if (wl + (size_t)c.len < sizeof wbuf) {
						if (c.cp < 0x80)
							wbuf[wl++] = (char)(c.upper ? c.cp + 32 : c.cp);
						else {
							memcpy(wbuf + wl, s + j, (size_t)c.len);
							wl += (size_t)c.len;
						}
					} else {
						folded_big = 1;
					}
					j += (size_t)c.len;
					continue;
				}
				if (is_apostrophe(c.cp) && j + (size_t)c.len < len) {
					/* "Russia's": the possessive is a token of its own */
					size_t a = j + (size_t)c.len;
					uchar nx;

					decode_at(s + a, len - a, &nx);
					if (nx.cls != C_LETTER)
						break;
					if ((s[a] | 0x20) == 's') {
						uchar after;

						if (a + 1 >= len)
							break;
						decode_at(s + a + 1, len - a - 1, &after);
						if (after.cls != C_LETTER && after.cls != C_DIGIT)
							break;
					}
					if (wl + 1 < sizeof wbuf)
						wbuf[wl++] = '\'';
					j = a;
					continue;
				}
				break;
			}
			(void)folded_big;  /* over-long words keep only their first 255 bytes' norm */
			if (nletters >= 2 && nupper == nletters)
				t->flags |= TF_UPPER;
			if (ascii) {
				if (norm_append(&nb, wbuf, wl) < 0)
					goto oom;
			} else if (norm_append_folded(&nb, wbuf, wl) < 0) {
				goto oom;
			}
			i = j;
			goto done;
		}
		/* punctuation, with the possessive "'s" as a word */
		t->kind = TK_PUNCT;
		if (is_apostrophe(u.cp) && tv.len > 1 && !(pending & TF_SPACE) &&
		    tv.v[tv.len - 2].kind == TK_WORD && i + (size_t)u.len < len &&
		    (s[i + u.len] | 0x20) == 's') {
			size_t a = i + (size_t)u.len + 1;
			uchar after;

			if (a >= len || (decode_at(s + a, len - a, &after),
					 after.cls != C_LETTER && after.cls != C_DIGIT)) {
				t->kind = TK_WORD;
				if (norm_append(&nb, "'s", 2) < 0)
					goto oom;
				i = a;
				goto done;
			}
		}
		{
			const char *pn = punct_norm(u.cp);

			if (pn ? norm_append(&nb, pn, strlen(pn)) < 0
			       : norm_append(&nb, (const char *)s + i, (size_t)u.len) < 0)
				goto oom;
			i += (size_t)u.len;
		}
done:
		/* a word that folding emptied (only marks): keep its bytes, since the
		 * extractors read norm[norm_len - 1] and expect a non-empty norm */
		if (nb.len == norm_start && norm_append(&nb, (const char *)s + t->start, i - t->start) < 0)
			goto oom;
		t->end = i;
		t->norm = (const char *)(uintptr_t)norm_start;
		t->norm_len = (uint32_t)(nb.len - norm_start);
		/* hashed now, while the bytes are in the cache */
		t->hash = nf_hash(nb.buf + norm_start, t->norm_len);
		if (norm_append(&nb, "", 1) < 0)   /* NUL terminator */
			goto oom;
		pending = 0;
		newlines = 0;
	}
	if (norm_reserve(&nb, 1) < 0)
		goto oom;
	for (size_t k = 0; k < tv.len; k++) {
		nf_token *t = &tv.v[k];

		t->norm = nb.buf + (uintptr_t)t->norm;
	}
	doc->toks = tv.v;
	doc->ntoks = tv.len;
	doc->norm_buf = nb.buf;
	rc = 0;
oom:
	*tv_ = tv;
	*nb_ = nb;
	return rc;
}

int tokenize(nf_doc *doc, const char *text, size_t len)
{
	/*
	 * Size the stores from the input (news averages five and a half bytes a
	 * token, the norms take about the input's bytes), with room to spare so
	 * that a long document is not copied while it grows: pages of a large
	 * allocation that stay unused cost nothing.
	 */
	tokvec tv = { malloc((len / 4 + 16) * sizeof(nf_token)), 0, len / 4 + 16 };
	normbuf nb = { malloc(len + len / 8 + 16), 0, len + len / 8 + 16 };

	if (tv.v && nb.buf && tokenize_stores(doc, text, len, &tv, &nb) == 0)
		return 0;
	free(tv.v);
	free(nb.buf);
	return -1;
}

int tokenize_reuse(nf_doc *doc, const char *text, size_t len, nf_tokstore *store)
{
	/* sized up front as in tokenize: growing a large store would copy it */
	if (len > 4096 && store->tokcap < len / 4 + 16) {
		free(store->toks);
		store->tokcap = len / 4 + 16;
		if (!(store->toks = malloc(store->tokcap * sizeof *store->toks))) {
			store->tokcap = 0;
			return -1;
		}
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
