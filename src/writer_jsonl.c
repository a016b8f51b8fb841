/*
 * writer_jsonl.c: one JSON object per fact and line (RFC 8259). Every string
 * is escaped and made valid UTF-8, so each line parses whatever the input held.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "writer.h"

/*
 * What each byte needs inside a JSON string: 0 copied as it is, 1 escaped
 * (quote, backslash, control characters, DEL), 2 checked as UTF-8 (NUL and
 * the bytes above ASCII).
 */
static const unsigned char json_class[256] = {
	2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x10 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x20: '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   /* 0x50: '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,   /* 0x70: DEL */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* The escape of a class-1 byte, written at d; returns its length. */
static size_t json_escape(char *d, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e = c == '"' ? '"' : c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' :
		 c == '\t' ? 't' : 0;

	d[0] = '\\';
	if (e) {
		d[1] = e;
		return 2;
	}
	memcpy(d + 1, "u00", 3);   /* \u00XX, lowercase, as printf's %04x */
	d[4] = hex[c >> 4];
	d[5] = hex[c & 15];
	return 6;
}

/*
 * Whether none of the 8 bytes in x needs more than a copy: no byte at or
 * above 0x7f, below 0x20, nor a quote or backslash. Each test is the usual
 * "some byte is zero / less than n" word trick, exact once no byte has its
 * high bit set (and one that has makes the answer no anyway).
 */
static inline int json_plain_word(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
	uint64_t special = x | ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
			   ((backslash - ones) & ~backslash) | (x + ones);   /* + 1: DEL */

	return (special & high) == 0;
}

/*
 * The escaped form of s[0..len) at d, past the fast case; returns its end.
 * Kept out of line so that the fast case stays small.
 */
#if defined __GNUC__
__attribute__((noinline))
#endif
static char *json_escaped(char *d, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned char c;
		size_t n;

		/* 8 plain bytes at a time, then one by one up to the next special byte */
		while (end - p >= 8 && json_plain_word(load64(p))) {
			memcpy(d, p, 8);
			d += 8;
			p += 8;
		}
		while (p < end && !json_class[*p])
			*d++ = (char)*p++;
		if (p == end)
			break;
		c = *p;
		if (json_class[c] == 1) {
			d += json_escape(d, c);
			p++;
		} else if ((n = utf8_valid_len(p, (size_t)(end - p))) != 0) {
			memcpy(d, p, n);
			d += n;
			p += n;
		} else {   /* invalid UTF-8 or NUL */
			memcpy(d, "\xEF\xBF\xBD", 3);
			d += 3;
			p++;
		}
	}
	return d;
}

/*
 * A JSON string at d, quotes, backslashes and control characters escaped;
 * d has room for 6 * len + 2 bytes (each byte at most a \u00XX, and the
 * quotes). Returns the end.
 */
NF_ALWAYS_INLINE char *json_string_at(char *d, const char *s, size_t len)
{
	*d++ = '"';
	if (copy_if_plain(d, (const unsigned char *)s, len, json_plain_word))   /* the usual case */
		d += len;
	else
		d = json_escaped(d, s, len);
	*d++ = '"';
	return d;
}

void jsonl_string(outbuf *b, const char *s, size_t len)
{
	char *d = len < SIZE_MAX / 8 ? outbuf_room(b, 6 * len + 2) : NULL;

	if (!d) {
		b->failed = 1;
		return;
	}
	b->len += (size_t)(json_string_at(d, s, len) - d);
}

/*
 * Each column's key with the comma before it, ,"name": padded to 16 bytes so
 * that it is copied with one fixed-size move.
 */
#define KEY_ROOM 16
static const struct { char s[KEY_ROOM]; size_t len; } json_keys[NCOLUMNS] = {
#define NF_COLUMN_KEY(up, name, types) { ",\"" #name "\":", sizeof ",\"" #name "\":" - 1 },
	NF_COLUMNS(NF_COLUMN_KEY)
#undef NF_COLUMN_KEY
};

void jsonl_write_fact(outbuf *b, const char *doc, const nf_fact *f, const column_list *cols)
{
	size_t start = b->len;
	/* locals: every char store below may alias what is read through pointers */
	const unsigned char *col = cols->c, *last = col + cols->n;

	for (; col < last; col++) {
		enum column c = (enum column)*col;
		field_value v = column_value(doc, f, c);   /* cols holds only f's columns */
		size_t room = KEY_ROOM + NF_NUM_ROOM, n;
		char *d, *d0;

		if (v.kind == V_NONE)
			continue;
		if (v.kind == V_STRING) {
			if (v.len >= SIZE_MAX / 8) {
				b->failed = 1;
				continue;
			}
			room += 6 * v.len + 2;
		}
		if (!(d = d0 = outbuf_room(b, room)))
			continue;
		/* the key and the value, written in place */
		memcpy(d, json_keys[c].s, KEY_ROOM);
		d += json_keys[c].len;
		switch (v.kind) {
		case V_NULL:
			memcpy(d, "null", 4);
			d += 4;
			break;
		case V_STRING:
			d = json_string_at(d, v.s, v.len);
			break;
		case V_INT:
			d += fmt_int(d, v.i);
			break;
		case V_REAL:
			if ((n = fmt_real5(d, v.d)) == 0) {   /* a value for printf */
				b->len += (size_t)(d - d0);
				outbuf_real5(b, v.d);
				continue;
			}
			d += n;
			break;
		case V_BOOL:
			memcpy(d, v.i ? "true" : "false", 5);
			d += v.i ? 4 : 5;
			break;
		case V_NONE:
			break;
		}
		b->len += (size_t)(d - d0);
	}
	/* the object opens where the first key's comma stands */
	if (b->len > start)
		b->p[start] = '{';
	outbuf_put(b, "}\n", 2);
}
