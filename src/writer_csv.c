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

static char *csv_special_at(char *d, const char *s, size_t len);

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

/*
 * Whether none of the 8 bytes in x is special in a CSV field: a comma, quote,
 * CR or LF (quoted), NUL or a byte above ASCII (checked as UTF-8). When no
 * byte has its high bit set (x itself is in the test), a special byte is
 * zero after its xor, and its - 1 sets the bit; a borrow between bytes only
 * starts at such a byte (as json_plain_word in writer_jsonl.c).
 */
static inline int csv_plain_word(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t special = x | (x - ones) | ((x ^ ones * ',') - ones) | ((x ^ ones * '"') - ones) |
			   ((x ^ ones * '\r') - ones) | ((x ^ ones * '\n') - ones);

	return (special & high) == 0;
}

/*
 * The room a string field of len bytes may need while it is written: the
 * field made valid UTF-8 (at most 3 * len bytes), past the room of that
 * quoted (each byte a doubled quote, and the quotes around).
 */
#define CSV_ROOM(len) (9 * (len) + 2)

/*
 * A string field at d, quoted by libcsv when it holds a comma, quote or line
 * break; d has room for CSV_ROOM(len) bytes. Returns the end.
 */
NF_ALWAYS_INLINE char *csv_string_at(char *d, const char *s, size_t len)
{
	if (copy_if_plain(d, (const unsigned char *)s, len, csv_plain_word))   /* the usual case */
		return d + len;
	return csv_special_at(d, s, len);
}

void csv_field(outbuf *b, const char *s, size_t len)
{
	char *d = len < SIZE_MAX / 16 ? outbuf_room(b, CSV_ROOM(len)) : NULL;

	if (!d) {
		b->failed = 1;
		return;
	}
	b->len = (size_t)(csv_string_at(d, s, len) - b->p);
}

/*
 * A field with a byte that needs quoting or checking, past the fast case.
 * Kept out of line so that the fast case stays small.
 */
#if defined __GNUC__
__attribute__((noinline))
#endif
static char *csv_special_at(char *d, const char *s, size_t len)
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
	if (clean && !needs_quotes) {
		memcpy(d, s, len);
		return d + len;
	}
	if (clean)   /* at most every byte a doubled quote, and the quotes around */
		return d + csv_write(d, 2 * len + 2, s, len);
	if (!needs_quotes)
		return utf8_clean_at(d, s, len);
	/*
	 * Make it valid UTF-8 first (at most 3 * len bytes), past the room the
	 * quoted field can take (twice that and the quotes), then quote it from
	 * there into place.
	 */
	char *clean_at = d + 6 * len + 2;
	size_t clean_len = (size_t)(utf8_clean_at(clean_at, s, len) - clean_at);

	return d + csv_write(d, 6 * len + 2, clean_at, clean_len);
}

/* A string field's value at d: the string, or nothing. */
NF_ALWAYS_INLINE char *csv_str(char *d, str v)
{
	return v.s ? csv_string_at(d, v.s, v.len) : d;
}

/* The record's head up to the start's value: a.txt,3, */
static const outbuf *csv_head(record_memo *m, const char *doc, size_t sentence)
{
	outbuf *h = &m->head;
	char *d;

	if (memo_has_head(m, doc, sentence))
		return h;
	if (!m->has_head || m->doc != doc) {
		h->len = 0;
		h->failed = 0;
		if (doc)
			csv_field(h, doc, strlen(doc));
		outbuf_putc(h, ',');
		m->doc_len = h->len;
	}
	h->len = m->doc_len;
	if ((d = outbuf_room(h, NF_NUM_ROOM + 1)) != NULL) {
		d += fmt_int(d, (long long)sentence);
		*d++ = ',';
		h->len = (size_t)(d - h->p);
	}
	m->has_head = !h->failed;
	m->doc = doc;
	m->sentence = sentence;
	return h->failed ? NULL : h;
}

/*
 * Make room for a record of f whose other strings (its type's and the rule)
 * take strings bytes, and write the fields every record has up to the text.
 * Returns where the type's comma goes, or NULL when out of memory.
 */
static char *csv_begin(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
		       size_t strings)
{
	size_t text_len = f->end - f->start;
	const outbuf *head = csv_head(m, doc, f->sentence);
	char *d;

	if (!head || text_len > SIZE_MAX / 32 || strings > SIZE_MAX / 32) {
		b->failed = 1;
		return NULL;
	}
	/* each string field at most CSV_ROOM */
	if (!(d = outbuf_room(b, head->len + RECORD_FIXED_ROOM + CSV_ROOM(text_len + strings) +
			      16)))
		return NULL;
	copy_head(d, head);
	d += head->len;
	d = put_uint_pair(d, f->start, ",", 1, f->end);
	*d++ = ',';
	return csv_string_at(d, f->text, text_len);
}

/*
 * Each type writes its fields and the commas of the other types' columns:
 * type, category, status, value, qualifier, low, high, weapon, victims, name,
 * kind, country, admin1, lat, lon, resolved.
 */
static char *csv_count(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
		       size_t rule_len)
{
	str category = str_of(f->category), status = str_of(f->status);
	str qualifier = str_of(f->qualifier), weapon = str_of(f->weapon);
	str victims = str_of(f->victims);
	int has_low, has_high;
	long long low, high;
	char value[NF_NUM_ROOM] = { 0 };
	size_t value_len = fmt_int(value, f->value);
	char *d = csv_begin(b, m, doc, f, category.len + status.len + qualifier.len +
			    weapon.len + victims.len + rule_len);

	if (!d)
		return NULL;
	nf_count_bounds(f, &has_low, &low, &has_high, &high);
	d = PUT(d, ",count,");
	d = csv_str(d, category);
	*d++ = ',';
	d = csv_str(d, status);
	*d++ = ',';
	memcpy(d, value, NF_NUM_ROOM);
	d += value_len;
	*d++ = ',';
	d = csv_str(d, qualifier);
	*d++ = ',';
	if (has_low)
		d += put_bound(d, low, f->value, value, value_len);
	*d++ = ',';
	if (has_high)
		d += put_bound(d, high, f->value, value, value_len);
	*d++ = ',';
	d = csv_str(d, weapon);
	*d++ = ',';
	d = csv_str(d, victims);
	return PUT(d, ",,,,,,,");   /* name .. resolved */
}

static char *csv_date(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
		      size_t rule_len)
{
	str value = str_of(f->timex);
	char *d = csv_begin(b, m, doc, f, value.len + rule_len);

	if (!d)
		return NULL;
	d = PUT(d, ",date,,,");   /* category, status empty */
	d = csv_str(d, value);
	d = PUT(d, ",,,,,,,,,,,,");   /* qualifier .. lon */
	return f->resolved ? PUT(d, "true") : PUT(d, "false");
}

/* A place's coordinates, kept in the memo: as json_coords in writer_jsonl.c. */
static char *csv_coords(char *d, record_memo *m, const nf_fact *f)
{
	const coords_text *c;

	if (!f->has_coords)
		return PUT(d, ",,");
	*d++ = ',';
	if (!(c = memo_coords(m, f->lat, f->lon))) {   /* beyond fmt_real5 */
		d = put_real5(d, f->lat);
		*d++ = ',';
		return put_real5(d, f->lon);
	}
	memcpy(d, c->lat, NF_NUM_ROOM);
	d += c->lat_len;
	*d++ = ',';
	memcpy(d, c->lon, NF_NUM_ROOM);
	return d + c->lon_len;
}

static char *csv_place(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
		       size_t rule_len)
{
	str name = str_of(f->name), kind = str_of(f->kind), country = str_of(f->country);
	str admin1 = str_of(f->admin1);
	char *d = csv_begin(b, m, doc, f, name.len + kind.len + country.len + admin1.len +
			    rule_len);

	if (!d)
		return NULL;
	d = PUT(d, ",place,,,,,,,,,");   /* category .. victims empty */
	d = csv_str(d, name);
	*d++ = ',';
	d = csv_str(d, kind);
	*d++ = ',';
	d = csv_str(d, country);
	*d++ = ',';
	d = csv_str(d, admin1);
	d = csv_coords(d, m, f);
	return PUT(d, ",");   /* resolved */
}

static char *csv_actor(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
		       size_t rule_len)
{
	str name = str_of(f->name), kind = str_of(f->kind), country = str_of(f->country);
	char *d = csv_begin(b, m, doc, f, name.len + kind.len + country.len + rule_len);

	if (!d)
		return NULL;
	d = PUT(d, ",actor,,,,,,,,,");   /* category .. victims empty */
	d = csv_str(d, name);
	*d++ = ',';
	d = csv_str(d, kind);
	*d++ = ',';
	d = csv_str(d, country);
	return PUT(d, ",,,,");   /* admin1 .. resolved */
}

/* A fact of no known type: the fields every record has. */
static char *csv_other(outbuf *b, record_memo *m, const char *doc, const nf_fact *f,
		       size_t rule_len)
{
	str type = str_of(nf_type_name(f->type));
	char *d = csv_begin(b, m, doc, f, type.len + rule_len);

	if (!d)
		return NULL;
	*d++ = ',';
	d = csv_str(d, type);
	return PUT(d, ",,,,,,,,,,,,,,,");   /* category .. resolved */
}

void csv_write_fact(outbuf *b, record_memo *m, const char *doc, const nf_fact *f, int explain)
{
	str rule = explain ? str_of(f->rule) : (str){ 0 };
	char *d;

	switch (f->type) {
	case NF_COUNT: d = csv_count(b, m, doc, f, rule.len); break;
	case NF_DATE: d = csv_date(b, m, doc, f, rule.len); break;
	case NF_PLACE: d = csv_place(b, m, doc, f, rule.len); break;
	case NF_ACTOR: d = csv_actor(b, m, doc, f, rule.len); break;
	default: d = csv_other(b, m, doc, f, rule.len); break;
	}
	if (!d)
		return;
	if (explain) {
		*d++ = ',';
		d = csv_str(d, rule);
	}
	d = PUT(d, "\r\n");
	b->len = (size_t)(d - b->p);
}
