/*
 * writer.h: write facts as JSON Lines or CSV (FACTS.md), behind one interface.
 *
 * Both formats take their fields from one column list (writer.c), so they
 * always carry the same facts with the same values.
 */
#ifndef NF_WRITER_H
#define NF_WRITER_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "newsfacts.h"

enum output_format { FORMAT_JSONL, FORMAT_CSV };

typedef struct writer writer;

/* A writer onto out. header: write the CSV header row; explain: add the rule column. */
writer *writer_new(enum output_format format, FILE *out, int header, int explain);

/*
 * Write one fact of document doc. Returns 0, or -1 when the output failed.
 * Records gather in the writer's buffer and go to the stream WRITER_BATCH
 * bytes at a time (one fwrite a record was a twentieth of a run; a batch
 * larger than the stream's 64 KiB buffer goes out without a copy into it): call
 * writer_flush at the end of each document, before anything else writes to
 * the same stream.
 */
#define WRITER_BATCH ((size_t)1 << 17)
int writer_fact(writer *w, const char *doc, const nf_fact *fact);

/* Hand the records gathered so far to the stream. Returns 0, or -1 as writer_fact. */
int writer_flush(writer *w);

/* The stream and format a writer writes to (for the event records of writer_events.c). */
FILE *writer_stream(const writer *w);
enum output_format writer_format(const writer *w);

/* Flush the records and the stream; returns 0, or -1 when any write failed. Frees the writer. */
int writer_close(writer *w);

/* The value of one column for a fact. */
enum value_kind { V_NONE, V_NULL, V_STRING, V_INT, V_REAL, V_BOOL };

typedef struct field_value {
	enum value_kind kind;
	const char *s;
	size_t len;             /* length of s (text may hold any bytes) */
	long long i;
	double d;
} field_value;

/*
 * The columns of a fact record, in order: enum name, column name, and the
 * fact types (nf_type bits) the column belongs to.
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
/* The fact types each column belongs to: fact_column gives V_NONE for the others. */
extern const unsigned char column_types[NCOLUMNS];

/* A string value, V_NULL for NULL. */
static inline field_value value_string(const char *s)
{
	field_value v = { .kind = s ? V_STRING : V_NULL, .s = s };

	if (s)
		v.len = strlen(s);
	return v;
}

static inline field_value value_int(long long i)
{
	return (field_value){ .kind = V_INT, .i = i };
}

/*
 * The value of column c for a fact whose type the column belongs to
 * (column_types), V_NULL when it is unknown. Inline: the writers call it for
 * every field.
 */
static inline field_value column_value(const char *doc, const nf_fact *f, enum column c)
{
	const field_value none = { .kind = V_NONE };
	int has_low, has_high;
	long long low, high;

	switch (c) {
	case COL_DOC: return value_string(doc);
	case COL_SENTENCE: return value_int((long long)f->sentence);
	case COL_START: return value_int((long long)f->start);
	case COL_END: return value_int((long long)f->end);
	case COL_TEXT:
		return (field_value){ .kind = V_STRING, .s = f->text, .len = f->end - f->start };
	case COL_TYPE: return value_string(nf_type_name(f->type));
	case COL_CATEGORY: return value_string(f->category);
	case COL_STATUS: return value_string(f->status);
	case COL_VALUE:
		return f->type == NF_COUNT ? value_int(f->value) : value_string(f->timex);
	case COL_QUALIFIER: return value_string(f->qualifier);
	case COL_LOW:
	case COL_HIGH:
		nf_count_bounds(f, &has_low, &low, &has_high, &high);
		if (c == COL_LOW)
			return has_low ? value_int(low) : (field_value){ .kind = V_NULL };
		return has_high ? value_int(high) : (field_value){ .kind = V_NULL };
	case COL_WEAPON: return value_string(f->weapon);
	case COL_VICTIMS: return value_string(f->victims);
	case COL_NAME: return value_string(f->name);
	case COL_KIND: return value_string(f->kind);
	case COL_COUNTRY: return value_string(f->country);
	case COL_ADMIN1: return value_string(f->admin1);
	case COL_LAT:
	case COL_LON:
		if (!f->has_coords)
			return (field_value){ .kind = V_NULL };
		return (field_value){ .kind = V_REAL, .d = c == COL_LAT ? f->lat : f->lon };
	case COL_RESOLVED: return (field_value){ .kind = V_BOOL, .i = f->resolved };
	case COL_RULE: return value_string(f->rule);
	case NCOLUMNS: break;
	}
	return none;
}

/*
 * The value of column c for a fact: V_NONE when the column does not belong to
 * the fact's type, V_NULL when it belongs but is unknown.
 */
static inline field_value fact_column(const char *doc, const nf_fact *f, enum column c)
{
	if ((unsigned)c >= NCOLUMNS || !(column_types[c] & f->type))
		return (field_value){ .kind = V_NONE };
	return column_value(doc, f, c);
}

/* The columns a JSON record of some fact type carries, in order. */
typedef struct column_list {
	unsigned char n, c[NCOLUMNS];
} column_list;

void columns_of(column_list *l, unsigned type, int explain);

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

/* Write the buffer to out and empty it; 0, or -1 when the write or a growth failed. */
int outbuf_flush(outbuf *b, FILE *out);
void outbuf_free(outbuf *b);

/*
 * Numbers as printf spells them: "%lld", "%llu", "%.5f" (exactly, rounding
 * included). The fmt_ forms write at d, which has room for NF_NUM_ROOM
 * bytes, and return the length; fmt_real5 returns 0 for the values it
 * leaves to printf (infinities, NaNs, magnitudes of 2^36 and more).
 */
#define NF_NUM_ROOM 24
extern const char nf_two_digits[201];                 /* "00" to "99" */
extern const unsigned long long nf_powers_of_10[20];  /* 1 to 10^19 */

static inline size_t fmt_uint(char *d, unsigned long long u)
{
	/* the digit count from the bit length (1233 / 4096 ~ log10 2), then one compare */
	unsigned bits = 64 - (unsigned)__builtin_clzll(u | 1);
	unsigned t = bits * 1233 >> 12;
	size_t n = t + 1 - ((u | 1) < nf_powers_of_10[t]);
	char *p = d + n;

	while (u > UINT32_MAX) {
		unsigned r = (unsigned)(u % 100);

		u /= 100;
		p -= 2;
		memcpy(p, nf_two_digits + 2 * r, 2);
	}
	/* the rest in 32 bits: cheaper divisions */
	for (uint32_t v = (uint32_t)u;; ) {
		if (v < 10) {
			p[-1] = (char)('0' + v);
			break;
		}
		if (v < 100) {
			memcpy(p - 2, nf_two_digits + 2 * v, 2);
			break;
		}
		p -= 2;
		memcpy(p, nf_two_digits + 2 * (v % 100), 2);
		v /= 100;
	}
	return n;
}

static inline size_t fmt_int(char *d, long long i)
{
	if (i >= 0)
		return fmt_uint(d, (unsigned long long)i);
	d[0] = '-';
	return 1 + fmt_uint(d + 1, 0ull - (unsigned long long)i);
}

size_t fmt_real5(char *d, double x);
void outbuf_int(outbuf *b, long long i);
void outbuf_uint(outbuf *b, unsigned long long u);
void outbuf_real5(outbuf *b, double x);

/* A number or boolean value as both formats spell it (42, 50.45000, true). */
void outbuf_scalar(outbuf *b, const field_value *v);

/*
 * s[0..len) as valid UTF-8: invalid sequences and NUL bytes become U+FFFD.
 * Used for the text field, whatever bytes the input held.
 */
void outbuf_utf8_clean(outbuf *b, const char *s, size_t len);
/* The length of the valid UTF-8 sequence at p (NUL: none), or 0 when there is none. */
size_t utf8_valid_len(const unsigned char *p, size_t avail);

/* For the few small helpers of the per-field path that must be inlined. */
#if defined __GNUC__
#define NF_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define NF_ALWAYS_INLINE static inline
#endif

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

/* Internal: the two formats, each appending one record to b. */
void csv_write_header(outbuf *b, int explain);
void csv_write_fact(outbuf *b, const char *doc, const nf_fact *f, int explain);
void jsonl_write_fact(outbuf *b, const char *doc, const nf_fact *f, const column_list *cols);
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
/* Flush the records and the stream; returns 0, or -1 when any write failed. Frees the writer. */
int event_writer_close(event_writer *w);

#endif
