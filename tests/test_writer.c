/* Tests of the JSON Lines and CSV writers and of the phrase sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <limits.h>
#include <math.h>

#include <utf8proc.h>

#include "extract.h"
#include "phrase.h"
#include "testutil.h"
#include "writer.h"

static char *written(enum output_format fmt, int header, const char *doc, const nf_fact *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	writer *w;

	assert_non_null(mem);
	w = writer_new(fmt, mem, header, 0);
	assert_non_null(w);
	if (f)
		assert_int_equal(writer_fact(w, doc, f), 0);
	assert_int_equal(writer_close(w), 0);
	fclose(mem);
	return buf;
}

static nf_fact place_fact(const char *text, size_t len)
{
	nf_fact f = { 0 };

	f.type = NF_PLACE;
	f.sentence = 2;
	f.start = 10;
	f.end = 10 + len;
	f.text = text;
	f.name = "Kyiv";
	f.kind = "city";
	f.country = "UA";
	f.admin1 = NULL;
	f.has_coords = 1;
	f.lat = 50.45;
	f.lon = 30.5236;
	return f;
}

static void test_jsonl_place_fields(void **state)
{
	(void)state;
	nf_fact f = place_fact("Kyiv", 4);
	char *out = written(FORMAT_JSONL, 1, "a.txt", &f);

	assert_string_equal(out,
		"{\"doc\":\"a.txt\",\"sentence\":2,\"start\":10,\"end\":14,\"text\":\"Kyiv\","
		"\"type\":\"place\",\"name\":\"Kyiv\",\"kind\":\"city\",\"country\":\"UA\","
		"\"admin1\":null,\"lat\":50.45000,\"lon\":30.52360}\n");
	free(out);
}

/*
 * Records gather in the writer and reach the stream at writer_flush (or once
 * WRITER_BATCH bytes are waiting), whole and in order; a stream that fails
 * makes writer_flush fail.
 */
static void test_records_reach_the_stream_at_flush(void **state)
{
	(void)state;
	nf_fact f = place_fact("Kyiv", 4);
	char *buf = NULL;
	size_t len = 0, one;
	FILE *mem = open_memstream(&buf, &len);
	writer *w = writer_new(FORMAT_JSONL, mem, 0, 0);
	char *single = written(FORMAT_JSONL, 0, "a.txt", &f);

	assert_non_null(w);
	one = strlen(single);
	assert_int_equal(writer_fact(w, "a.txt", &f), 0);
	assert_int_equal(writer_fact(w, "a.txt", &f), 0);
	fflush(mem);
	assert_int_equal(len, 0);                       /* still in the writer */
	assert_int_equal(writer_flush(w), 0);
	fflush(mem);
	assert_int_equal(len, 2 * one);
	assert_memory_equal(buf + one, single, one);
	/* past WRITER_BATCH bytes, records go out without a flush */
	for (size_t i = 0; i * one <= WRITER_BATCH; i++)
		assert_int_equal(writer_fact(w, "a.txt", &f), 0);
	fflush(mem);
	assert_true(len > WRITER_BATCH && len % one == 0);
	assert_int_equal(writer_close(w), 0);
	fclose(mem);
	free(buf);

	FILE *full = fopen("/dev/full", "w");

	if (full) {
		setvbuf(full, NULL, _IONBF, 0);
		w = writer_new(FORMAT_JSONL, full, 0, 0);
		assert_int_equal(writer_fact(w, "a.txt", &f), 0);
		assert_int_equal(writer_flush(w), -1);
		assert_int_equal(writer_close(w), -1);
		fclose(full);
	}
	free(single);
}

static void test_jsonl_escapes_anything(void **state)
{
	(void)state;
	/* quote, backslash, tab, a control byte, invalid UTF-8 and a NUL */
	static const char text[] = "a\"b\\c\td\x01" "e\xff" "f\0g";
	nf_fact f = place_fact(text, sizeof text - 1);
	char *out = written(FORMAT_JSONL, 1, "we\"ird", &f);

	assert_non_null(strstr(out, "\"text\":\"a\\\"b\\\\c\\td\\u0001e\xef\xbf\xbd" "f\xef\xbf\xbdg\""));
	assert_non_null(strstr(out, "\"doc\":\"we\\\"ird\""));
	free(out);
}

static void test_count_bounds_follow_the_qualifier(void **state)
{
	(void)state;
	nf_fact f = { .type = NF_COUNT, .text = "over 500 drones", .end = 15,
		      .category = "drone", .status = "launched", .value = 500,
		      .qualifier = "more_than" };
	char *out = written(FORMAT_JSONL, 1, "-", &f);

	assert_non_null(strstr(out, "\"value\":500,\"qualifier\":\"more_than\",\"low\":501,\"high\":null,"
				    "\"weapon\":null,\"victims\":null}"));
	free(out);
	f.qualifier = "approx";
	out = written(FORMAT_CSV, 0, "-", &f);
	assert_string_equal(out, "-,0,0,15,over 500 drones,count,drone,launched,500,approx,,,,,,,,,,,\r\n");
	free(out);
}

static void test_csv_header_and_quoting(void **state)
{
	(void)state;
	nf_fact f = place_fact("Kyiv, \"the capital\"", 19);
	char *out = written(FORMAT_CSV, 1, "dir/a,b.txt", &f);

	assert_string_equal(out,
		"doc,sentence,start,end,text,type,category,status,value,qualifier,low,high,"
		"weapon,victims,name,kind,country,admin1,lat,lon,resolved\r\n"
		"\"dir/a,b.txt\",2,10,29,\"Kyiv, \"\"the capital\"\"\",place,,,,,,,,,Kyiv,city,UA,,"
		"50.45000,30.52360,\r\n");
	free(out);
}

static void test_date_fields(void **state)
{
	(void)state;
	nf_fact f = { .type = NF_DATE, .text = "on Thursday", .end = 11, .resolved = 0 };

	strcpy(f.timex, "XXXX-WXX-4");
	char *out = written(FORMAT_JSONL, 1, "-", &f);

	assert_non_null(strstr(out, "\"type\":\"date\",\"value\":\"XXXX-WXX-4\",\"resolved\":false}"));
	free(out);
}

/* What outbuf_* appended to an empty buffer, as a string the caller frees. */
static char *taken(outbuf *b)
{
	char *s;

	assert_int_equal(b->failed, 0);
	s = malloc(b->len + 1);
	assert_non_null(s);
	memcpy(s, b->p, b->len);
	s[b->len] = '\0';
	outbuf_free(b);
	return s;
}

static void assert_real5_as_printf(double x)
{
	outbuf b = { 0 };
	char want[400], *got;

	snprintf(want, sizeof want, "%.5f", x);
	outbuf_real5(&b, x);
	got = taken(&b);
	if (strcmp(got, want) != 0)
		fail_msg("%%.5f of %a: printf \"%s\", outbuf_real5 \"%s\"", x, want, got);
	free(got);
}

/* A reproducible stream of 64-bit values (xorshift). */
static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

static void test_real5_matches_printf(void **state)
{
	(void)state;
	static const double edges[] = {
		0.0, -0.0, -0.000004, 0.000004, 0.000005, -0.000005, 0.000006, 0.0000049999999,
		0.0000050000001, 0.000015, 0.000025, 0.000035, 1e-6, -1e-6, 1.5e-5, 2.5e-5,
		179.999995, -179.999995, 179.999994999, 179.9999950001, 180.0, -180.0,
		89.999995, -89.999995, 50.45, 30.5236, 49.9808, 36.2527, -0.5, 0.5,
		0.015625, 0.046875, -0.015625, 1.015625, 0.000078125, 1.0 / 3, -2.0 / 3,
		0.123455, 0.123465, 1.000005, 2.675, 1e-300, -1e-300, 4.9e-324, -4.9e-324,
		2.2250738585072014e-308, 1e-5, 9.999995, 99999.999995, 68719476735.999,
		68719476736.0, -68719476736.0, 68719476735.0, 1e11, 1e15, 1e20, -1e20,
		1.7976931348623157e308, -1.7976931348623157e308, 1234567.891235,
	};
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		assert_real5_as_printf(edges[i]);
	assert_real5_as_printf(INFINITY);
	assert_real5_as_printf(-INFINITY);
	assert_real5_as_printf(NAN);
	/* ties: k / 64 has exactly 6 binary places, so half-way cases at 5 decimals */
	for (int k = -12000; k <= 12000; k++)
		assert_real5_as_printf(k / 64.0);
	for (int k = 0; k < 200000; k++) {
		uint64_t r = next_random(&seed);
		double x;

		switch (k % 4) {
		case 0:   /* a coordinate */
			x = ((double)(r >> 11) / 9007199254740992.0) * 360.0 - 180.0;
			break;
		case 1:   /* a coordinate on the 6th decimal */
			x = (double)((long long)(r % 360000001ull) - 180000000) / 1e6;
			break;
		case 2:   /* any bit pattern: every exponent, subnormals, NaNs */
			memcpy(&x, &r, sizeof x);
			break;
		default:   /* small magnitudes, where the rounding is decided */
			x = ((double)(r >> 11) / 9007199254740992.0 - 0.5) *
			    ldexp(1.0, (int)(r % 80) - 40);
			break;
		}
		assert_real5_as_printf(x);
	}
}

static void test_integers_match_printf(void **state)
{
	(void)state;
	static const long long edges[] = {
		0, 1, -1, 9, 10, 11, -9, -10, 99, 100, 101, 999, 1000, 4294967295LL,
		4294967296LL, -4294967296LL, 9999999999LL, 10000000000LL,
		999999999999999999LL, 1000000000000000000LL, LLONG_MAX, LLONG_MIN,
		LLONG_MIN + 1,
	};
	uint64_t seed = 12345;

	for (size_t i = 0; i < sizeof edges / sizeof edges[0] + 200000; i++) {
		uint64_t r = i < sizeof edges / sizeof edges[0] ? (uint64_t)edges[i]
								: next_random(&seed);
		long long v = (long long)r;
		unsigned long long u = (unsigned long long)r;
		char want[64], *got;
		outbuf b = { 0 };

		if (i >= sizeof edges / sizeof edges[0]) {   /* every length */
			int shift = (int)(r % 64);

			v >>= shift;
			u >>= shift;
		}
		snprintf(want, sizeof want, "%lld", v);
		outbuf_int(&b, v);
		got = taken(&b);
		assert_string_equal(got, want);
		free(got);
		snprintf(want, sizeof want, "%llu", u);
		outbuf_uint(&b, u);
		got = taken(&b);
		assert_string_equal(got, want);
		free(got);
	}
	/* and the powers of ten and their neighbours, where the digit count changes */
	for (unsigned long long p = 1;; p *= 10) {
		for (unsigned long long u = p - 1; u <= p + 1; u++) {
			char want[64], *got;
			outbuf b = { 0 };

			snprintf(want, sizeof want, "%llu", u);
			outbuf_uint(&b, u);
			got = taken(&b);
			assert_string_equal(got, want);
			free(got);
		}
		if (p > ULLONG_MAX / 10)
			break;
	}
}

/* Two numbers at once (a record's start and end), of every length and around 10^8, as printf. */
static void test_uint_pairs_match_printf(void **state)
{
	(void)state;
	uint64_t seed = 777;

	for (int i = 0; i < 200000; i++) {
		uint64_t r = next_random(&seed), q = next_random(&seed);
		unsigned long long a = r >> (r % 64), b = q >> (q % 64);
		char want[64], got[2 * NF_NUM_ROOM + 8];
		char *end;

		if (i % 4 == 1)   /* both below 10^8, the vector path */
			a %= 100000000, b %= 100000000;
		else if (i % 4 == 2)   /* next to the bound */
			a = 99999990 + r % 20, b = 99999990 + q % 20;
		snprintf(want, sizeof want, "%llu,\"end\":%llu", a, b);
		end = put_uint_pair(got, a, ",\"end\":", 7, b);
		*end = '\0';
		assert_string_equal(got, want);
	}
}

/* The escaping as it was first written, a byte at a time: the reference. */
static void put_clean(outbuf *b, const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; ) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = s[i] ? utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i > 4 ? 4 : len - i), &cp) : -1;

		if (r > 0) {
			outbuf_put(b, s + i, (size_t)r);
			i += (size_t)r;
		} else {
			outbuf_put(b, "\xEF\xBF\xBD", 3);
			i++;
		}
	}
}

static void reference_json(outbuf *b, const unsigned char *s, size_t len)
{
	size_t run = 0;

	outbuf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		char esc[8] = "";

		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c == '\n')
			strcpy(esc, "\\n");
		else if (c == '\r')
			strcpy(esc, "\\r");
		else if (c == '\t')
			strcpy(esc, "\\t");
		else if ((c < 0x20 && c != 0) || c == 0x7f)
			snprintf(esc, sizeof esc, "\\u%04x", c);
		if (!esc[0])
			continue;
		put_clean(b, s + run, i - run);
		outbuf_put(b, esc, strlen(esc));
		run = i + 1;
	}
	put_clean(b, s + run, len - run);
	outbuf_putc(b, '"');
}

static void reference_csv(outbuf *b, const unsigned char *s, size_t len)
{
	outbuf clean = { 0 };
	int quote = 0;

	put_clean(&clean, s, len);
	for (size_t i = 0; i < clean.len; i++)
		if (strchr(",\"\r\n", clean.p[i]) && clean.p[i])
			quote = 1;
	if (quote)
		outbuf_putc(b, '"');
	for (size_t i = 0; i < clean.len; i++) {
		if (clean.p[i] == '"')
			outbuf_putc(b, '"');
		outbuf_putc(b, clean.p[i]);
	}
	if (quote)
		outbuf_putc(b, '"');
	outbuf_free(&clean);
}

static void test_strings_escape_as_the_reference(void **state)
{
	(void)state;
	/* bytes that matter, and plain ones so that the fast paths run too */
	static const unsigned char pick[] = {
		'a', 'b', 'z', ' ', '0', '~', '"', '\\', ',', '\n', '\r', '\t', 0x01, 0x1f,
		0x7f, 0x00, 0x80, 0xbf, 0xc2, 0xc3, 0xe2, 0xed, 0xa0, 0xf0, 0x9f, 0xf4,
		0x90, 0xff, 0x20, 0x7e,
	};
	uint64_t seed = 777;

	for (int k = 0; k < 100000; k++) {
		unsigned char s[80];
		size_t len = next_random(&seed) % sizeof s;
		int plain = k % 3 == 0;   /* mostly plain ASCII with the odd special byte */
		outbuf got = { 0 }, want = { 0 };

		for (size_t i = 0; i < len; i++) {
			uint64_t r = next_random(&seed);

			s[i] = plain && r % 16 ? (unsigned char)(0x20 + r / 16 % 95)
					       : pick[r / 16 % sizeof pick];
		}
		/* the string sits at the end of its allocation: nothing past it is read */
		unsigned char *heap = malloc(len ? len : 1);

		assert_non_null(heap);
		memcpy(heap, s, len);
		jsonl_string(&got, (const char *)heap, len);
		reference_json(&want, s, len);
		assert_int_equal(got.len, want.len);
		assert_memory_equal(got.p, want.p, got.len);
		got.len = want.len = 0;
		csv_field(&got, (const char *)heap, len);
		reference_csv(&want, s, len);
		assert_int_equal(got.len, want.len);
		if (got.len)
			assert_memory_equal(got.p, want.p, got.len);
		free(heap);
		outbuf_free(&got);
		outbuf_free(&want);
	}
}

/*
 * A record as the column list (NF_COLUMNS) has it, a column at a time: the
 * reference that the writers, which write each type's fields straight,
 * must match.
 */
static void reference_string(outbuf *b, enum output_format fmt, const char *s, size_t len)
{
	if (!s && fmt == FORMAT_JSONL)
		outbuf_put(b, "null", 4);
	else if (s && fmt == FORMAT_JSONL)
		reference_json(b, (const unsigned char *)s, len);
	else if (s)
		reference_csv(b, (const unsigned char *)s, len);
}

static void reference_printf(outbuf *b, enum output_format fmt, int known, const char *format, ...)
{
	char num[400];
	va_list ap;

	if (!known) {
		if (fmt == FORMAT_JSONL)
			outbuf_put(b, "null", 4);
		return;
	}
	va_start(ap, format);
	vsnprintf(num, sizeof num, format, ap);
	va_end(ap);
	outbuf_put(b, num, strlen(num));
}

static void reference_record(outbuf *b, enum output_format fmt, const char *doc,
			     const nf_fact *f, int explain)
{
	int has_low, has_high, first = 1;
	long long low, high;

	nf_count_bounds(f, &has_low, &low, &has_high, &high);
	for (int c = 0; c < NCOLUMNS; c++) {
		int belongs = (column_types[c] & f->type) != 0;

		if ((c == COL_RULE && !explain) || (fmt == FORMAT_JSONL && !belongs))
			continue;
		if (fmt == FORMAT_JSONL) {
			outbuf_put(b, first ? "{\"" : ",\"", 2);
			outbuf_put(b, column_names[c], strlen(column_names[c]));
			outbuf_put(b, "\":", 2);
		} else if (!first) {
			outbuf_putc(b, ',');
		}
		first = 0;
		if (!belongs)
			continue;
		switch (c) {
		case COL_DOC: reference_string(b, fmt, doc, doc ? strlen(doc) : 0); break;
		case COL_SENTENCE: reference_printf(b, fmt, 1, "%zu", f->sentence); break;
		case COL_START: reference_printf(b, fmt, 1, "%zu", f->start); break;
		case COL_END: reference_printf(b, fmt, 1, "%zu", f->end); break;
		case COL_TEXT: reference_string(b, fmt, f->text, f->end - f->start); break;
		case COL_TYPE: reference_string(b, fmt, nf_type_name(f->type), strlen(nf_type_name(f->type))); break;
		case COL_VALUE:
			if (f->type == NF_COUNT)
				reference_printf(b, fmt, 1, "%lld", f->value);
			else
				reference_string(b, fmt, f->timex, strlen(f->timex));
			break;
		case COL_LOW: reference_printf(b, fmt, has_low, "%lld", low); break;
		case COL_HIGH: reference_printf(b, fmt, has_high, "%lld", high); break;
		case COL_LAT: reference_printf(b, fmt, f->has_coords, "%.5f", f->lat); break;
		case COL_LON: reference_printf(b, fmt, f->has_coords, "%.5f", f->lon); break;
		case COL_RESOLVED: reference_printf(b, fmt, 1, "%s", f->resolved ? "true" : "false"); break;
		default: {
			const char *s = c == COL_CATEGORY ? f->category : c == COL_STATUS ? f->status :
					c == COL_QUALIFIER ? f->qualifier : c == COL_WEAPON ? f->weapon :
					c == COL_VICTIMS ? f->victims : c == COL_NAME ? f->name :
					c == COL_KIND ? f->kind : c == COL_COUNTRY ? f->country :
					c == COL_ADMIN1 ? f->admin1 : f->rule;

			reference_string(b, fmt, s, s ? strlen(s) : 0);
		}
		}
	}
	outbuf_put(b, fmt == FORMAT_JSONL ? "}\n" : "\r\n", 2);
}

/*
 * Facts of every type and odd values, through one writer, as the reference
 * writes them: records of one entry or sentence after another (what the
 * writer keeps between records), new documents, a doc name changed in place
 * after writer_flush, many places (the kept coordinates start again).
 */
static void test_records_follow_the_columns(void **state)
{
	(void)state;
	static const char *const qualifiers[] = { "exact", "approx", "at_least", "more_than",
						  "at_most", "less_than", NULL };
	static const char text[] = "Kyiv, \"the \\ capital\"\t\xff of \xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2";
	char doc[32] = "a.txt";
	uint64_t seed = 99;

	for (int fmt = FORMAT_JSONL; fmt <= FORMAT_CSV; fmt++)
		for (int explain = 0; explain <= 1; explain++) {
			char *buf = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&buf, &len);
			writer *w = writer_new((enum output_format)fmt, mem, 0, explain);
			outbuf want = { 0 };

			assert_non_null(w);
			strcpy(doc, "a.txt");
			for (int k = 0; k < 3000; k++) {
				uint64_t r = next_random(&seed);
				size_t tl = r % (sizeof text);
				nf_fact f = { .sentence = k / 3, .start = 1000 * (size_t)k,
					      .text = text + r / 7 % (sizeof text - tl), .rule = "a-rule" };
				const char *d = k % 97 == 5 ? NULL : doc;

				f.end = f.start + tl;
				if (k == 700)   /* beyond 8 and 16 digits */
					f.sentence = 123456789012ull, f.start = 12345678901234567ull,
					f.end = f.start + tl;
				if (k % 11 == 0)
					f.rule = k % 2 ? NULL : "rule \"quoted\", too";
				switch (k % 4) {
				case 0:
					f.type = NF_PLACE;
					f.name = k % 8 ? "Kyiv" : "Ky\"iv, \xe2\x80\x93 x";
					f.kind = "city";
					f.country = k % 3 ? "UA" : "";
					f.admin1 = k % 5 ? "Kyiv Oblast" : NULL;
					f.has_coords = k % 7 != 0;
					/* a few places again and again, then many that differ in one coordinate */
					f.lat = 50.45 + k % 5;
					f.lon = k % 13 == 1 ? 1e20 : k % 13 == 2 ? -0.0 :
						k < 600 ? 30.5236 : (double)(r % 1000000) / 1000.0 - 500;
					break;
				case 1:
					f.type = NF_ACTOR;
					f.name = "Volodymyr Zelenskyy";
					f.kind = k % 9 ? "person" : NULL;
					f.country = k % 5 ? "UA" : "";
					break;
				case 2:
					f.type = NF_COUNT;
					f.category = "drone";
					f.status = k % 6 ? "launched" : NULL;
					f.value = k % 10 == 2 ? -7 : (long long)(r % 100000000000ull);
					f.qualifier = qualifiers[k % 7];
					f.weapon = k % 3 ? NULL : "Shahed";
					f.victims = k % 5 ? NULL : "civil,ians";
					break;
				default:
					f.type = NF_DATE;
					strcpy(f.timex, k % 2 ? "2024-06-13" : "XXXX-WXX-4");
					f.resolved = k % 2;
					break;
				}
				assert_int_equal(writer_fact(w, d, &f), 0);
				reference_record(&want, (enum output_format)fmt, d, &f, explain);
				if (k % 50 == 49) {   /* a document ends; the next has its name in the same buffer */
					assert_int_equal(writer_flush(w), 0);
					snprintf(doc, sizeof doc, k % 100 == 49 ? "b,\"%d\".txt" : "c%d", k);
				}
			}
			assert_int_equal(writer_close(w), 0);
			fclose(mem);
			assert_non_null(buf);
			for (size_t i = 0; i < len && i < want.len; i++)
				if (buf[i] != want.p[i]) {
					size_t at = i;

					while (at > 0 && buf[at - 1] != '\n')
						at--;
					fail_msg("format %d, explain %d: at %zu, wrote\n%.300s\nnot\n%.300s",
						 fmt, explain, i, buf + at, want.p + at);
				}
			assert_int_equal(len, want.len);
			free(buf);
			outbuf_free(&want);
		}
}

static void test_phrases_match_longest(void **state)
{
	(void)state;
	phrase_set *set = phrase_new();
	nf_doc doc = { 0 };
	int v = -1;
	static const char text[] = "the Kharkiv Oblast and Rostov-on-Don and KHARKIV";

	assert_non_null(set);
	assert_int_equal(phrase_add(set, "Kharkiv", 1), 1);
	assert_int_equal(phrase_add(set, "Kharkiv Oblast", 2), 2);
	assert_int_equal(phrase_add(set, "Rostov-on-Don", 3), 3);
	assert_int_equal(phrase_add(set, "kharkiv", 9), 1);   /* already there */
	assert_int_equal(tokenize(&doc, text, strlen(text)), 0);
	assert_int_equal(phrase_match(set, doc.toks, 1, doc.ntoks, &v), 2);
	assert_int_equal(v, 2);
	assert_int_equal(phrase_match(set, doc.toks, 4, doc.ntoks, &v), 5);
	assert_int_equal(v, 3);
	assert_int_equal(phrase_match(set, doc.toks, doc.ntoks - 1, doc.ntoks, &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(phrase_match(set, doc.toks, 0, doc.ntoks, &v), 0);
	assert_int_equal(phrase_lookup_word(set, "kharkiv"), 1);
	assert_int_equal(phrase_lookup_word(set, "oblast"), -1);
	doc_release(&doc);
	phrase_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl_place_fields),
		cmocka_unit_test(test_jsonl_escapes_anything),
		cmocka_unit_test(test_records_reach_the_stream_at_flush),
		cmocka_unit_test(test_count_bounds_follow_the_qualifier),
		cmocka_unit_test(test_csv_header_and_quoting),
		cmocka_unit_test(test_date_fields),
		cmocka_unit_test(test_real5_matches_printf),
		cmocka_unit_test(test_integers_match_printf),
		cmocka_unit_test(test_uint_pairs_match_printf),
		cmocka_unit_test(test_strings_escape_as_the_reference),
		cmocka_unit_test(test_records_follow_the_columns),
		cmocka_unit_test(test_phrases_match_longest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
