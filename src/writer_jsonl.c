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
 * above 0x7f, below 0x20, nor a quote or backslash. When no byte has its
 * high bit set (x itself is in the test), a byte that is special gets it
 * set by one of the sums: below 0x20 by - 0x20, 0x7f by + 1, a quote or
 * backslash by the - 1 of its zero after the xor. A borrow or carry between
 * bytes only starts at such a byte, so the others give no false answers.
 */
static inline int json_plain_word(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t special = x | (x - ones * 0x20) | (x + ones) | ((x ^ ones * '"') - ones) |
			   ((x ^ ones * '\\') - ones);

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

/* A string field's value at d: the string, or null. */
NF_ALWAYS_INLINE char *json_str(char *d, str v)
{
	return v.s ? json_string_at(d, v.s, v.len) : PUT(d, "null");
}

/* A field's key with the comma before it: ,"name": */
#define KEY(name) ",\"" #name "\":"

/* The record's head up to the start's value: {"doc":"a.txt","sentence":3,"start": */
static const outbuf *json_head(record_memo *m, const char *doc, size_t sentence)
{
	outbuf *h = &m->head;
	char *d;

	if (memo_has_head(m, doc, sentence))
		return h;
	if (!m->has_head || m->doc != doc) {
		h->len = 0;
		h->failed = 0;
		outbuf_put(h, "{\"doc\":", sizeof "{\"doc\":" - 1);
		if (doc)
			jsonl_string(h, doc, strlen(doc));
		else
			outbuf_put(h, "null", 4);
		outbuf_put(h, KEY(sentence), sizeof KEY(sentence) - 1);
		m->doc_len = h->len;
	}
	h->len = m->doc_len;
	if ((d = outbuf_room(h, NF_NUM_ROOM + sizeof KEY(start))) != NULL) {
		d += fmt_int(d, (long long)sentence);
		h->len = (size_t)(PUT(d, KEY(start)) - h->p);
	}
	m->has_head = !h->failed;
	m->doc = doc;
	m->sentence = sentence;
	return h->failed ? NULL : h;
}

/*
 * Make room for a record of f whose other strings (its type's and the rule)
 * take strings bytes, and write the fields every record has up to the text.
 * Returns where the type goes, or NULL when out of memory.
 */
static char *json_begin(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
			size_t strings)
{
	size_t text_len = f->end - f->start;
	const outbuf *head = json_head(m, doc, f->sentence);
	char *d;

	if (!head || text_len > SIZE_MAX / 16 || strings > SIZE_MAX / 16) {
		b->failed = 1;
		return NULL;
	}
	/* each byte of a string at most a \u00XX */
	if (!(d = outbuf_room(b, head->len + RECORD_FIXED_ROOM + 6 * (text_len + strings))))
		return NULL;
	copy_head(d, head);
	d += head->len;
	d = put_uint_pair(d, f->start, KEY(end), sizeof KEY(end) - 1, f->end);
	d = PUT(d, KEY(text));
	return json_string_at(d, f->text, text_len);
}

static char *json_count(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
			size_t rule_len)
{
	str category = str_of(f->category), status = str_of(f->status);
	str qualifier = str_of(f->qualifier), weapon = str_of(f->weapon);
	str victims = str_of(f->victims);
	int has_low, has_high;
	long long low, high;
	char value[NF_NUM_ROOM] = { 0 };
	size_t value_len = fmt_int(value, f->value);
	char *d = json_begin(b, m, doc, f, category.len + status.len + qualifier.len +
			     weapon.len + victims.len + rule_len);

	if (!d)
		return NULL;
	nf_count_bounds(f, &has_low, &low, &has_high, &high);
	d = PUT(d, KEY(type) "\"count\"");
	d = json_str(PUT(d, KEY(category)), category);
	d = json_str(PUT(d, KEY(status)), status);
	d = PUT(d, KEY(value));
	memcpy(d, value, NF_NUM_ROOM);
	d += value_len;
	d = json_str(PUT(d, KEY(qualifier)), qualifier);
	d = PUT(d, KEY(low));
	d = has_low ? d + put_bound(d, low, f->value, value, value_len) : PUT(d, "null");
	d = PUT(d, KEY(high));
	d = has_high ? d + put_bound(d, high, f->value, value, value_len) : PUT(d, "null");
	d = json_str(PUT(d, KEY(weapon)), weapon);
	return json_str(PUT(d, KEY(victims)), victims);
}

static char *json_date(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
		       size_t rule_len)
{
	str value = str_of(f->timex);
	char *d = json_begin(b, m, doc, f, value.len + rule_len);

	if (!d)
		return NULL;
	d = PUT(d, KEY(type) "\"date\"");
	d = json_str(PUT(d, KEY(value)), value);
	return f->resolved ? PUT(d, KEY(resolved) "true") : PUT(d, KEY(resolved) "false");
}

/*
 * A place's coordinates, kept in the memo; a text is copied as a whole slot
 * (one fixed-size move) and the end set after it, the record's room covering
 * the slack.
 */
static char *json_coords(char *d, record_memo *m, const nf_fact *f)
{
	const coords_text *c;

	if (!f->has_coords)
		return PUT(d, KEY(lat) "null" KEY(lon) "null");
	d = PUT(d, KEY(lat));
	if (!(c = memo_coords(m, f->lat, f->lon))) {   /* beyond fmt_real5 */
		d = put_real5(d, f->lat);
		return put_real5(PUT(d, KEY(lon)), f->lon);
	}
	memcpy(d, c->lat, NF_NUM_ROOM);
	d = PUT(d + c->lat_len, KEY(lon));
	memcpy(d, c->lon, NF_NUM_ROOM);
	return d + c->lon_len;
}

static char *json_place(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
			size_t rule_len)
{
	str name = str_of(f->name), kind = str_of(f->kind), country = str_of(f->country);
	str admin1 = str_of(f->admin1);
	char *d = json_begin(b, m, doc, f, name.len + kind.len + country.len + admin1.len +
			     rule_len);

	if (!d)
		return NULL;
	d = PUT(d, KEY(type) "\"place\"");
	d = json_str(PUT(d, KEY(name)), name);
	d = json_str(PUT(d, KEY(kind)), kind);
	d = json_str(PUT(d, KEY(country)), country);
	d = json_str(PUT(d, KEY(admin1)), admin1);
	return json_coords(d, m, f);
}

static char *json_actor(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
			size_t rule_len)
{
	str name = str_of(f->name), kind = str_of(f->kind), country = str_of(f->country);
	char *d = json_begin(b, m, doc, f, name.len + kind.len + country.len + rule_len);

	if (!d)
		return NULL;
	d = PUT(d, KEY(type) "\"actor\"");
	d = json_str(PUT(d, KEY(name)), name);
	d = json_str(PUT(d, KEY(kind)), kind);
	return json_str(PUT(d, KEY(country)), country);
}

/* A fact of no known type: the fields every record has. */
static char *json_other(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
			size_t rule_len)
{
	str type = str_of(nf_type_name(f->type));
	char *d = json_begin(b, m, doc, f, type.len + rule_len);

	return d ? json_str(PUT(d, KEY(type)), type) : NULL;
}

/* The fields of FACTS.md in their order, by type (NF_COLUMNS lists them). */
void jsonl_write_fact(outbuf *b, record_memo *m, const char *doc, const nf_fact *f, int explain)
{
	str rule = explain ? str_of(f->rule) : (str){ 0 };
	char *d;

	switch (f->type) {
	case NF_COUNT: d = json_count(b, m, doc, f, rule.len); break;
	case NF_DATE: d = json_date(b, m, doc, f, rule.len); break;
	case NF_PLACE: d = json_place(b, m, doc, f, rule.len); break;
	case NF_ACTOR: d = json_actor(b, m, doc, f, rule.len); break;
	default: d = json_other(b, m, doc, f, rule.len); break;
	}
	if (!d)
		return;
	if (explain)
		d = json_str(PUT(d, KEY(rule)), rule);
	d = PUT(d, "}\n");
	b->len = (size_t)(d - b->p);
}
