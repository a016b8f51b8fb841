/* Tests of the JSON Lines and CSV writers and of the phrase sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
		cmocka_unit_test(test_count_bounds_follow_the_qualifier),
		cmocka_unit_test(test_csv_header_and_quoting),
		cmocka_unit_test(test_date_fields),
		cmocka_unit_test(test_phrases_match_longest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
