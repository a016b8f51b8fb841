/*
 * writer.h: write facts as JSON Lines or CSV (FACTS.md), behind one interface.
 *
 * Both formats write the fields of the column list below (NF_COLUMNS), so
 * they always carry the same facts with the same values.
 */
#ifndef NF_WRITER_H
#define NF_WRITER_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "newsfacts.h"

/* SSE2 with 64-bit moves to and from the general registers: x86-64 */
#if defined __SSE2__ && defined __x86_64__
#define NF_PAIR_SSE2 1
#include <emmintrin.h>
#endif

enum output_format { FORMAT_JSONL, FORMAT_CSV };

/* For the few small helpers of the per-field path that must be inlined. */
#if defined __GNUC__
#define NF_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define NF_ALWAYS_INLINE static inline
#endif

typedef struct writer writer;

/* A writer onto out. header: write the CSV header row; explain: add the rule column. */
writer *writer_new(enum output_format format, FILE *out, int header, int explain);

/*
 * Write one fact of document doc. Returns 0, or -1 when the output failed.
 * Records gather in the writer's buffer and go to the stream WRITER_BATCH
 * bytes at a time (one fwrite a record was a twentieth of a run; a batch
 * larger than the stream's 64 KiB buffer goes out without a copy into it): call
 * writer_end_doc or writer_flush at the end of each document, and writer_flush
 * before anything else writes to the same stream. doc must keep its value until then: the writer keeps its
 * rendering, known by the pointer.
 */
#define WRITER_BATCH ((size_t)1 << 17)
int writer_fact(writer *w, const char *doc, const nf_fact *fact);

/* Hand the records gathered so far to the stream. Returns 0, or -1 as writer_fact. */
int writer_flush(writer *w);

/*
 * End a document without a flush: its records wait in the buffer with the next
 * documents' (a short article's flush copied its few KiB into stdio's buffer,
 * a run's every byte once more), and doc may change. The caller flushes
 * before anything else writes to the stream. Returns 0, or -1 as writer_fact.
 */
int writer_end_doc(writer *w);

/* The stream and format a writer writes to (for the event records of writer_events.c). */
FILE *writer_stream(const writer *w);
enum output_format writer_format(const writer *w);

/* Flush the records and the stream; returns 0, or -1 when any write failed. Frees the writer. */
int writer_close(writer *w);

/*
 * The columns of a fact record, in order: enum name, column name, and the
 * fact types (nf_type bits) the column belongs to. The two formats write
 * these fields type by type (writer_jsonl.c, writer_csv.c); the unit tests
 * hold them to this list.
 */
#define NF_COLUMNS(X) \
	X(DOC, doc, NF_ALL_TYPES) X(SENTENCE, sentence, NF_ALL_TYPES) \
	X(START, start, NF_ALL_TYPES) X(END, end, NF_ALL_TYPES) X(TEXT, text, NF_ALL_TYPES) \
	X(TYPE, type, NF_ALL_TYPES) X(CATEGORY, category, NF_COUNT) \
	X(STATUS, status, NF_COUNT) X(VALUE, value, NF_COUNT | NF_DATE) \
	X(QUALIFIER, qualifier, NF_COUNT) X(LOW, low, NF_COUNT) X(HIGH, high, NF_COUNT) \
	X(WEAPON, weapon, NF_COUNT) X(VICTIMS, victims, NF_COUNT) \
	X(NAME, name, NF_PLACE | NF_ACTOR) X(KIND, kind, NF_PLACE | NF_ACTOR) \
	X(COUNTRY, country, NF_PLACE | NF_ACTOR) X(ADMIN1, admin1, NF_PLACE) \
	X(LAT, lat, NF_PLACE) X(LON, lon, NF_PLACE) X(RESOLVED, resolved, NF_DATE) \
	X(RULE, rule, NF_ALL_TYPES)

enum column {
#define NF_COLUMN_ENUM(up, name, types) COL_##up,
	NF_COLUMNS(NF_COLUMN_ENUM)
#undef NF_COLUMN_ENUM
	NCOLUMNS
};

extern const char *const column_names[NCOLUMNS];
/* The fact types each column belongs to. */
extern const unsigned char column_types[NCOLUMNS];

/*
 * A growable byte buffer. Each record is built here and then written with one
 * fwrite: per-field stdio calls and printf's format parsing were most of the
 * writers' cost. Out of memory is sticky (failed) and reported at the flush.
 */
typedef struct outbuf {
	char *p;
	size_t len, cap;
	int failed;
} outbuf;

/* Make room for n more bytes; NULL when out of memory (failed is then set). */
char *outbuf_grow(outbuf *b, size_t n);

static inline char *outbuf_room(outbuf *b, size_t n)
{
	return b->cap - b->len >= n ? b->p + b->len : outbuf_grow(b, n);
}

static inline void outbuf_put(outbuf *b, const void *s, size_t n)
{
	char *d = outbuf_room(b, n);

	if (d) {
		memcpy(d, s, n);
		b->len += n;
	}
}

static inline void outbuf_putc(outbuf *b, char c)
{
	char *d = outbuf_room(b, 1);

	if (d)
		d[0] = c, b->len++;
}

/*
 * Write the buffer to out and empty it; 0, or -1 when the write or a growth
 * failed. From DIRECT_WRITE_MIN bytes on, the buffer goes to out's
 * descriptor (write(2)) after what stdio holds, not through fwrite.
 */
#define DIRECT_WRITE_MIN ((size_t)1 << 16)
int outbuf_flush(outbuf *b, FILE *out);
void outbuf_free(outbuf *b);

/*
 * Numbers as printf spells them: "%lld", "%llu", "%.5f" (exactly, rounding
 * included). The fmt_ forms write at d, which has room for NF_NUM_ROOM
 * bytes (they may write past the number's end, up to 8 bytes at a time), and
 * return the length; fmt_real5 returns 0 for the values it
 * leaves to printf (infinities, NaNs, magnitudes of 2^36 and more).
 */
#define NF_NUM_ROOM 24
extern const char nf_two_digits[201];                 /* "00" to "99" */
extern const unsigned long long nf_powers_of_10[20];  /* 1 to 10^19 */

/*
 * n < 10^8 as its 8 decimal digits, leading zeros included, in the bytes of
 * a word in memory order (first digit in the lowest byte): the digits of all
 * places at once, by multiplications that divide the lanes of the word by
 * 10^4, 100 and 10 (exact for n < 10^8).
 */
static inline uint64_t eight_digit_values(uint32_t n)
{
	uint64_t v = n / 10000 | (uint64_t)(n % 10000) << 32;   /* 2 lanes of 4 digits */
	uint64_t hundreds = (v * 10486 >> 20) & 0x0000007F0000007Full;
	uint64_t tens;

	v = hundreds | (v - hundreds * 100) << 16;               /* 4 lanes of 2 digits */
	tens = (v * 103 >> 10) & 0x000F000F000F000Full;
	return tens | (v - tens * 10) << 8;                      /* 8 lanes of 1 digit */
}

/* The same as characters. */
static inline uint64_t eight_digits(uint32_t n)
{
	return eight_digit_values(n) + 0x3030303030303030ull;
}

/* The last k (1 to 8) of n's 8 digits at d; writes 8 bytes. Returns k. */
static inline size_t put_last_digits(char *d, uint32_t n, size_t k)
{
	uint64_t x = eight_digits(n) >> (8 * (8 - k));

	memcpy(d, &x, 8);
	return k;
}

/* fmt_uint of the numbers of more than 8 digits (n of them). */
size_t fmt_long_uint(char *d, unsigned long long u, size_t n);
/* fmt_uint of the numbers of 10^8 and more. */
size_t fmt_large_uint(char *d, unsigned long long u);

NF_ALWAYS_INLINE size_t fmt_uint(char *d, unsigned long long u)
{
	uint64_t x;
	unsigned zeros;

	if (u >= 100000000)
		return fmt_large_uint(d, u);
	/* the leading zeros are the low bytes that hold 0; the last digit is written even if 0 */
	x = eight_digit_values((uint32_t)u);
	zeros = (unsigned)__builtin_ctzll(x | 1ull << 56) >> 3;
	x = (x + 0x3030303030303030ull) >> (8 * zeros);
	memcpy(d, &x, 8);
	return 8 - zeros;
}

NF_ALWAYS_INLINE size_t fmt_int(char *d, long long i)
{
	if (i >= 0)
		return fmt_uint(d, (unsigned long long)i);
	d[0] = '-';
	return 1 + fmt_uint(d + 1, 0ull - (unsigned long long)i);
}

/*
 * a, the n bytes of sep, then b, each as fmt_uint writes it (a record's
 * start and end); d has room for 2 * NF_NUM_ROOM + n bytes. Returns the end.
 * On x86-64 (SSE2), two numbers below 10^8 take their digits from one run
 * of vector instructions: the lanes of eight_digit_values, 16 bytes wide
 * (two fmt_uint took about 90 instructions, the pair takes about 65).
 */
NF_ALWAYS_INLINE char *put_uint_pair(char *d, unsigned long long a, const char *sep, size_t n,
				     unsigned long long b)
{
#ifdef NF_PAIR_SSE2
	if (a < 100000000 && b < 100000000) {   /* the usual case */
		__m128i x = _mm_set_epi64x((long long)b, (long long)a);
		/* the 64-bit lanes split into 32-bit lanes of 4 digits: n / 10^4, n % 10^4 */
		__m128i hi = _mm_srli_epi64(_mm_mul_epu32(x, _mm_set1_epi32((int)0xd1b71759)), 45);
		__m128i lo = _mm_sub_epi32(x, _mm_mul_epu32(hi, _mm_set1_epi32(10000)));
		__m128i v = _mm_or_si128(hi, _mm_slli_epi64(lo, 32));
		/* into 16-bit lanes of 2 digits: v / 100 (v * 5243 >> 19), then v % 100 */
		hi = _mm_srli_epi16(_mm_mulhi_epu16(v, _mm_set1_epi16(5243)), 3);
		lo = _mm_sub_epi16(v, _mm_mullo_epi16(hi, _mm_set1_epi16(100)));
		v = _mm_add_epi16(hi, _mm_slli_epi32(lo, 16));
		/* into bytes of 1 digit: v / 10 (v * 6554 >> 16), then v % 10 */
		hi = _mm_mulhi_epu16(v, _mm_set1_epi16(6554));
		lo = _mm_sub_epi16(v, _mm_mullo_epi16(hi, _mm_set1_epi16(10)));
		v = _mm_add_epi16(hi, _mm_slli_epi16(lo, 8));
		/* the leading zeros of each: the low bytes that hold 0; the last digit is written even if 0 */
		unsigned digits = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
		unsigned za = (unsigned)__builtin_ctz(digits | 0x80);
		unsigned zb = (unsigned)__builtin_ctz(digits >> 8 | 0x80);
		uint64_t da, db;

		v = _mm_add_epi8(v, _mm_set1_epi8('0'));
		da = (uint64_t)_mm_cvtsi128_si64(v) >> (8 * za);
		db = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)) >> (8 * zb);
		memcpy(d, &da, 8);
		d += 8 - za;
		memcpy(d, sep, n);
		d += n;
		memcpy(d, &db, 8);
		return d + 8 - zb;
	}
#endif
	d += fmt_uint(d, a);
	memcpy(d, sep, n);
	d += n;
	return d + fmt_uint(d, b);
}

/*
 * A count's bound at d: the value's digits again when the bound is the value
 * (an exact count's low and high, at_least's low, at_most's high), copied
 * from value (its n bytes, in a buffer of its own of NF_NUM_ROOM), else its
 * own.
 */
NF_ALWAYS_INLINE size_t put_bound(char *d, long long bound, long long v, const char *value,
				  size_t n)
{
	if (bound != v)
		return fmt_int(d, bound);
	memcpy(d, value, NF_NUM_ROOM);
	return n;
}

size_t fmt_real5(char *d, double x);
/* x as "%.5f" at d, printf's widest (317 bytes) included: d has room for REAL5_ROOM. Returns the end. */
#define REAL5_ROOM 320
char *put_real5(char *d, double x);
void outbuf_int(outbuf *b, long long i);
void outbuf_uint(outbuf *b, unsigned long long u);
void outbuf_real5(outbuf *b, double x);

/*
 * s[0..len) as valid UTF-8: invalid sequences and NUL bytes become U+FFFD.
 * Used for the text field, whatever bytes the input held.
 */
void outbuf_utf8_clean(outbuf *b, const char *s, size_t len);
/* The same at d, which has room for 3 * len bytes; returns the end. */
char *utf8_clean_at(char *d, const char *s, size_t len);
/* The length of the valid UTF-8 sequence at p (NUL: none), or 0 when there is none. */
size_t utf8_valid_len(const unsigned char *p, size_t avail);

/* The 8 bytes at p, in memory order, whatever their alignment. */
static inline uint64_t load64(const unsigned char *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
	return x;
}

/*
 * Copy s[0..len) to d when plain_word, which tests 8 bytes at once, finds none
 * of its bytes special, and say whether it did; d has room for len bytes.
 * Short strings are read as two overlapping halves (each byte tested at least
 * once), so nothing outside s is read. Inline, so that plain_word is too.
 */
NF_ALWAYS_INLINE int copy_if_plain(char *d, const unsigned char *s, size_t len,
				  int (*plain_word)(uint64_t))
{
	uint32_t a, z;
	uint16_t a2, z2;

	if (len >= 8) {
		/* words copied as they are tested: the caller rewrites d if one fails */
		uint64_t x;

		for (size_t i = 0; i + 8 < len; i += 8) {
			if (!plain_word(x = load64(s + i)))
				return 0;
			memcpy(d + i, &x, 8);
		}
		if (!plain_word(x = load64(s + len - 8)))
			return 0;
		memcpy(d + len - 8, &x, 8);
		return 1;
	}
	if (len >= 4) {
		memcpy(&a, s, 4);
		memcpy(&z, s + len - 4, 4);
		if (!plain_word(a | (uint64_t)z << 32))
			return 0;
		memcpy(d, &a, 4);
		memcpy(d + len - 4, &z, 4);
		return 1;
	}
	if (len >= 2) {
		memcpy(&a2, s, 2);
		memcpy(&z2, s + len - 2, 2);
		a = a2 | (uint32_t)z2 << 16;
		if (!plain_word(a | (uint64_t)a << 32))
			return 0;
		memcpy(d, &a2, 2);
		memcpy(d + len - 2, &z2, 2);
		return 1;
	}
	if (len == 1) {
		if (!plain_word(s[0] * 0x0101010101010101ull))
			return 0;
		d[0] = (char)s[0];
	}
	return 1;
}

/*
 * What a writer keeps from one record to the next, so as not to redo it: the
 * record's head up to the start (the doc and sentence fields), the same for
 * every fact of a sentence, and the texts of the coordinates of the places
 * written lately (a place is named again and again). The coordinates are
 * known by their values: a place's strings may live in memory that the
 * next document reuses, so the writer keeps nothing by their addresses.
 */
#define COORDS_SLOTS 256   /* a power of two */
#define COORDS_KEPT 192    /* three quarters of the slots: then all start again */
typedef struct coords_text {
	uint64_t lat_bits, lon_bits;            /* the doubles' bits */
	unsigned char lat_len, lon_len;
	char lat[NF_NUM_ROOM], lon[NF_NUM_ROOM];   /* "%.5f" */
} coords_text;

typedef struct record_memo {
	/*
	 * The head as the format writes it ({"doc":"a.txt","sentence":3,"start":
	 * or a.txt,3,) for doc and sentence. A doc name keeps its value until
	 * writer_flush or writer_end_doc, which end the document: the pointer is the key.
	 */
	int has_head;
	const char *doc;
	size_t sentence;
	size_t doc_len;         /* the head's bytes before the sentence's value */
	outbuf head;
	/*
	 * The coordinates' texts, in the order they came, and a hash table of
	 * their indexes + 1 (open addressing; 0: an empty slot). Only the table
	 * is cleared, at the start and when COORDS_KEPT are kept: each writer of
	 * a threaded run would clear the whole anew for one document.
	 */
	unsigned char coords_slot[COORDS_SLOTS];
	size_t ncoords;
	coords_text *coords;    /* COORDS_KEPT of them, allocated at the first place */
} record_memo;

/* Whether m's head is that of doc and sentence. */
static inline int memo_has_head(const record_memo *m, const char *doc, size_t sentence)
{
	return m->has_head && m->doc == doc && m->sentence == sentence;
}

/*
 * The head at d, which has room for HEAD_COPY bytes more: a short head is
 * copied with one fixed-size move (its buffer holds at least 256 bytes).
 */
#define HEAD_COPY 64
NF_ALWAYS_INLINE void copy_head(char *d, const outbuf *head)
{
	if (head->len <= HEAD_COPY)
		memcpy(d, head->p, HEAD_COPY);
	else
		memcpy(d, head->p, head->len);
}

/* The texts of lat and lon, kept for the next time; NULL for values fmt_real5 leaves to printf. */
const coords_text *memo_coords(record_memo *m, double lat, double lon);
void memo_free(record_memo *m);

/*
 * Room for a record but for its head and its strings: keys, quotes,
 * numbers, two coordinates as wide as printf's widest %.5f, and the slack of
 * copy_head.
 */
#define RECORD_FIXED_ROOM (512 + 2 * REAL5_ROOM + HEAD_COPY)

/* A string field's value and length; s NULL: none (null in JSON, empty in CSV). */
typedef struct str {
	const char *s;
	size_t len;
} str;

static inline str str_of(const char *s)
{
	return (str){ s, s ? strlen(s) : 0 };
}

/* Append the string literal lit at d; the value is the end. */
#define PUT(d, lit) (memcpy((d), lit, sizeof lit - 1), (d) + sizeof lit - 1)

/* Internal: the two formats, each appending one record to b. */
void csv_write_header(outbuf *b, int explain);
void csv_write_fact(outbuf *b, record_memo *m, const char *doc, const nf_fact *f, int explain);
void jsonl_write_fact(outbuf *b, record_memo *m, const char *doc, const nf_fact *f, int explain);
/* One string field, escaped for its format (shared with writer_events.c). */
void csv_field(outbuf *b, const char *s, size_t len);
void jsonl_string(outbuf *b, const char *s, size_t len);

/*
 * Event and summary records (FACTS.md, "type = event", "type = summary"),
 * written instead of the facts, with their own CSV header (writer_events.c).
 */
enum record_kind { RECORD_EVENT, RECORD_SUMMARY };

typedef struct event_writer event_writer;

event_writer *event_writer_new(enum output_format format, FILE *out, int header,
			       enum record_kind kind);
/* Write one record of document doc. Returns 0, or -1 when the output failed. */
int event_writer_write(event_writer *w, const char *doc, const nf_event *ev);
/*
 * Free the writer, its records handed to the stream (which its owner
 * flushes); returns 0, or -1 when any write failed.
 */
int event_writer_close(event_writer *w);

#endif
