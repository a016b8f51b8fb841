/*
 * writer_csv.c: RFC 4180 CSV with the header row of FACTS.md. Fields that need
 * quoting go through libcsv's csv_write; the rest are written as they are.
 * Lines end in CRLF, as RFC 4180 asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "writer.h"

static void csv_special_field(outbuf *b, const char *s, size_t len);

void csv_write_header(outbuf *b, int explain)
{
	for (int c = 0; c < NCOLUMNS; c++) {
		if (c == COL_RULE && !explain)
			continue;
		if (c > 0)
			outbuf_putc(b, ',');
		outbuf_put(b, column_names[c], strlen(column_names[c]));
	}
	outbuf_put(b, "\r\n", 2);
}

/* libcsv's quoting of s[0..len), appended to b. */
static void csv_quoted(outbuf *b, const char *s, size_t len)
{
	/* at most every byte a doubled quote, and the two quotes around */
	size_t room = 2 * len + 2;
	char *d = len < SIZE_MAX / 4 ? outbuf_room(b, room) : NULL;

	if (!d) {
		b->failed = 1;
		return;
	}
	b->len += csv_write(d, room, s, len);
}

/*
 * Whether none of the 8 bytes in x is special in a CSV field: a comma, quote,
 * CR or LF (quoted), NUL or a byte above ASCII (checked as UTF-8). The "some
 * byte is zero" word trick for each, exact once no byte has its high bit set.
 */
static inline int csv_plain_word(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t comma = x ^ (ones * ','), quote = x ^ (ones * '"');
	uint64_t cr = x ^ (ones * '\r'), lf = x ^ (ones * '\n');
	uint64_t special = x | ((x - ones) & ~x) | ((comma - ones) & ~comma) |
			   ((quote - ones) & ~quote) | ((cr - ones) & ~cr) | ((lf - ones) & ~lf);

	return (special & high) == 0;
}

/* A string field, quoted by libcsv when it holds a comma, quote or line break. */
void csv_field(outbuf *b, const char *s, size_t len)
{
	char *d = outbuf_room(b, len);

	if (!d)
		return;
	if (copy_if_plain(d, (const unsigned char *)s, len, csv_plain_word))   /* the usual case */
		b->len += len;
	else
		csv_special_field(b, s, len);
}

/* A field with a byte that needs quoting or checking, past the fast case. */
static void csv_special_field(outbuf *b, const char *s, size_t len)
{
	int needs_quotes = 0;
	int clean = 1;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ',' || c == '"' || c == '\r' || c == '\n')
			needs_quotes = 1;
		if (c == 0 || c >= 0x80)
			clean = 0;
	}
	if (clean) {
		if (needs_quotes)
			csv_quoted(b, s, len);
		else
			outbuf_put(b, s, len);
		return;
	}
	if (!needs_quotes) {
		outbuf_utf8_clean(b, s, len);
		return;
	}
	/*
	 * Make it valid UTF-8 first, past the room the quoted field can take,
	 * then quote it from there into place.
	 */
	size_t at = b->len, room = len < SIZE_MAX / 16 ? 6 * len + 2 : 0;

	if (!room || !outbuf_room(b, room + 3 * len)) {
		b->failed = 1;
		return;
	}
	b->len += room;
	outbuf_utf8_clean(b, s, len);   /* fits: no reallocation */
	size_t clen = b->len - (at + room);

	b->len = at;
	b->len += csv_write(b->p + at, room, b->p + at + room, clen);
}

void csv_write_fact(outbuf *b, const char *doc, const nf_fact *f, int explain)
{
	for (int c = 0; c < NCOLUMNS; c++) {
		if (c == COL_RULE && !explain)
			continue;
		if (!(column_types[c] & f->type)) {   /* another type's column: empty */
			outbuf_putc(b, ',');
			continue;
		}
		field_value v = column_value(doc, f, (enum column)c);
		size_t room = 1 + NF_NUM_ROOM + (v.kind == V_STRING ? v.len : 0);
		char *d = outbuf_room(b, room), *d0 = d;

		if (!d)
			continue;
		if (c > 0)
			*d++ = ',';
		switch (v.kind) {
		case V_NONE:
		case V_NULL:
			break;
		case V_STRING:
			if (copy_if_plain(d, (const unsigned char *)v.s, v.len, csv_plain_word)) {
				d += v.len;   /* the usual case */
				break;
			}
			b->len += (size_t)(d - d0);
			csv_special_field(b, v.s, v.len);
			continue;
		case V_INT:
			d += fmt_int(d, v.i);
			break;
		case V_REAL:
		case V_BOOL:
			b->len += (size_t)(d - d0);
			outbuf_scalar(b, &v);
			continue;
		}
		b->len += (size_t)(d - d0);
	}
	outbuf_put(b, "\r\n", 2);
}
