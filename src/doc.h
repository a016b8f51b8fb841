/*
 * doc.h: a document as the extractors see it: the original bytes, its tokens and
 * sentences, the options of the run, and the facts found so far.
 *
 * Extractors run in a fixed order (date, actor, place, count: see pipeline.c)
 * and may look at the facts earlier ones added, e.g. the place extractor skips
 * names inside a person's name that the actor extractor found.
 */
#ifndef NF_DOC_H
#define NF_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "newsfacts.h"

enum tok_kind {
	TK_WORD,   /* letters, with digits, inner apostrophes and dotted abbreviations ("u.s.") */
	TK_NUM,    /* digits, with thousands separators and a decimal part: "1,200", "1 200", "2.5" */
	TK_PUNCT,  /* one punctuation or symbol character; dashes are normalised to "-" */
};

enum tok_flag {
	TF_CAP = 1,       /* first letter upper case ("Kyiv", "NATO") */
	TF_UPPER = 2,     /* every letter upper case, two or more letters ("NATO") */
	TF_SPACE = 4,     /* white space right before the token */
	TF_NL = 8,        /* a line break before the token (or start of input) */
	TF_PARA = 16,     /* a blank line before the token (or start of input) */
};

typedef struct nf_token {
	uint32_t start, end;   /* byte offsets in the input: analyse() refuses texts past 4 GiB */
	const char *norm;      /* lower case, accents stripped, quotes/dashes normalised, NUL-terminated */
	uint32_t norm_len;
	uint32_t hash;         /* hash of norm (phrase.c) */
	double num;            /* value of a TK_NUM token */
	uint32_t sentence;     /* index of its sentence */
	uint8_t kind;          /* enum tok_kind */
	uint8_t flags;         /* enum tok_flag */
} nf_token;

typedef struct nf_sentence {
	size_t first, last;    /* token range [first, last) */
	size_t start, end;     /* byte range in the input */
	int headline;          /* a line of its own without final punctuation */
} nf_sentence;

typedef struct nf_fact_list {
	nf_fact *items;
	size_t len, cap;
} nf_fact_list;

typedef struct nf_doc {
	const char *text;      /* original input */
	size_t len;
	nf_token *toks;
	size_t ntoks;
	nf_sentence *sents;
	size_t nsents, capsents;
	char *norm_buf;        /* storage of the tokens' norm strings */
	const nf_options *opt;
	nf_fact_list facts;
	char **strings;        /* blocks holding the copies doc_strdup makes */
	size_t nstrings, capstrings;
	char *strings_free;    /* the unused end of the last block */
	size_t strings_left;
} nf_doc;

/*
 * The hash of a norm string: the tokenizer, the phrase sets and the
 * extractors' tables must agree. The bytes are taken sixteen at a time as two
 * words in the host's byte order (the last block padded with zero bytes), each block
 * mixed into the state by one 64 x 64 -> 128-bit multiply: a word of up to
 * sixteen bytes costs one multiply, where a byte-at-a-time hash costs a
 * multiply a byte. Norms hold no NUL byte, so the padding makes no two
 * norms alike.
 */
#define NF_HASH_SEED 0ull
#define NF_HASH_KEY 0xD6E8FEB86659FD93ull

/* Mix the block (lo, hi) into state h. */
static inline uint64_t nf_hash_block(uint64_t h, uint64_t lo, uint64_t hi)
{
	unsigned __int128 p = (unsigned __int128)(lo ^ h) * (hi ^ NF_HASH_KEY);

	return (uint64_t)p ^ (uint64_t)(p >> 64);
}

/* (the block's high half already mixed every byte into the low bits) */
static inline uint32_t nf_hash_final(uint64_t h)
{
	return (uint32_t)h;
}

/* The hash of s[0..n), every byte ORed with fold (0x20: ASCII letters in lower case). */
static inline uint32_t nf_hash_or(const char *s, size_t n, unsigned char fold)
{
	uint64_t h = NF_HASH_SEED;

	do {
		unsigned char block[16] = { 0 };
		size_t m = n < 16 ? n : 16;
		uint64_t lo, hi;

		for (size_t k = 0; k < m; k++)
			block[k] = (unsigned char)(s[k] | fold);
		memcpy(&lo, block, 8);
		memcpy(&hi, block + 8, 8);
		h = nf_hash_block(h, lo, hi);
		s += m;
		n -= m;
	} while (n);
	return nf_hash_final(h);
}

static inline uint32_t nf_hash(const char *s, size_t n)
{
	return nf_hash_or(s, n, 0);
}

/* The hash of the ASCII word s[0..n) in lower case (for words of ASCII letters hashed in place). */
static inline uint32_t nf_hash_lower(const char *s, size_t n)
{
	return nf_hash_or(s, n, 0x20);
}

/* One byte more of an FNV-1a hash (for other keys than norms: place.c's cache names). */
#define NF_HASH_INIT 2166136261u

static inline uint32_t nf_hash_step(uint32_t h, unsigned char c)
{
	return (h ^ c) * 16777619u;
}

/*
 * Append a fact of the given type covering tokens [first, last): fills type,
 * offsets, text and sentence, zeroes the rest. Returns the new fact (valid until
 * the next append) or NULL when memory runs out.
 */
nf_fact *doc_add_fact(nf_doc *doc, nf_type type, size_t first, size_t last,
		      const char *rule);

/*
 * Copy s[0..len) into storage the document owns, for fact strings that are in
 * no table (a person or village known only from context). Valid until
 * nf_extract returns; NULL when memory runs out.
 */
const char *doc_strdup(nf_doc *doc, const char *s, size_t len);

/* Index of the first token that starts at or after byte offset off (binary search). */
size_t doc_token_at(const nf_doc *doc, size_t off);
/* The same, searched forward from token hint (galloping): cheap for facts in text order. */
size_t doc_token_from(const nf_doc *doc, size_t off, size_t hint);

/* Token i's norm equals s (a NUL-terminated lower-case string). i may be out of range. */
static inline int tok_is(const nf_doc *doc, size_t i, const char *s)
{
	/* inline: every extractor asks this of most tokens; the first byte
	 * settles most comparisons without a call */
	return i < doc->ntoks && doc->toks[i].norm[0] == s[0] && strcmp(doc->toks[i].norm, s) == 0;
}

/* The last sentence token's index + 1 for token i. */
static inline size_t sent_end(const nf_doc *doc, size_t i)
{
	return doc->sents[doc->toks[i].sentence].last;
}

static inline size_t sent_begin(const nf_doc *doc, size_t i)
{
	return doc->sents[doc->toks[i].sentence].first;
}

#endif
