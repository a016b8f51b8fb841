/* Tests of the tokenizer and the sentence splitter on news-like sentences. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"
#include "testutil.h"

static nf_doc doc;

static void tok(const char *text)
{
	doc_release(&doc);
	assert_int_equal(tokenize(&doc, text, strlen(text)), 0);
	assert_int_equal(split_sentences(test_model()->splitter, &doc), 0);
}

/* The norms of all tokens joined by spaces, for compact assertions. */
static const char *norms(void)
{
	static char buf[1024];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < doc.ntoks && n + doc.toks[i].norm_len + 2 < sizeof buf; i++) {
		if (i)
			buf[n++] = ' ';
		memcpy(buf + n, doc.toks[i].norm, doc.toks[i].norm_len);
		n += doc.toks[i].norm_len;
		buf[n] = '\0';
	}
	return buf;
}

static void test_words_numbers_punct(void **state)
{
	(void)state;
	tok("Russia fired 1,200 drones, officials said.");
	assert_string_equal(norms(), "russia fired 1200 drones , officials said .");
	assert_int_equal(doc.toks[2].kind, TK_NUM);
	assert_true(doc.toks[2].num == 1200.0);
	assert_int_equal(doc.toks[2].start, 13);
	assert_int_equal(doc.toks[2].end, 18);
	assert_true(doc.toks[0].flags & TF_CAP);
	assert_false(doc.toks[1].flags & TF_CAP);
}

static void test_no_break_space_groups_and_decimals(void **state)
{
	(void)state;
	tok("about 1\xc2\xa0" "200 drones and 2.5 thousand shells");
	assert_int_equal(doc.toks[1].kind, TK_NUM);
	assert_true(doc.toks[1].num == 1200.0);
	assert_true(doc.toks[4].num == 2.5);
	/* a plain space does not join numbers: "On June 13 200 drones" */
	tok("June 13 200 drones");
	assert_string_equal(norms(), "june 13 200 drones");
}

static void test_hyphens_ages_ordinals(void **state)
{
	(void)state;
	tok("a 14-year-old girl and the 83rd brigade saw Kh-101 and forty-eight drones");
	assert_string_equal(norms(),
		"a 14 - year - old girl and the 83rd brigade saw kh - 101 and forty - eight drones");
	assert_int_equal(doc.toks[1].kind, TK_NUM);
	assert_int_equal(doc.toks[10].kind, TK_WORD);  /* 83rd is no number */
}

static void test_typography_is_normalised(void **state)
{
	(void)state;
	/* curly apostrophe, em dash, curly quotes, accents */
	tok("Kyiv\xe2\x80\x99s \xe2\x80\x9c" "air force\xe2\x80\x9d \xe2\x80\x94 Z\xc3\xa9lensky");
	assert_string_equal(norms(), "kyiv 's \" air force \" - zelensky");
	assert_int_equal(doc.toks[1].start, 4);
	assert_int_equal(doc.toks[1].end, 8);   /* the curly apostrophe is three bytes */
}

static void test_possessive_and_inner_apostrophe(void **state)
{
	(void)state;
	tok("Ukraine's forces' O'Brien");
	assert_string_equal(norms(), "ukraine 's forces ' o'brien");
}

static void test_abbreviations_and_caps(void **state)
{
	(void)state;
	tok("U.S. NATO officials");
	assert_string_equal(norms(), "u.s. nato officials");
	assert_true(doc.toks[0].flags & TF_UPPER);
	assert_true(doc.toks[1].flags & TF_UPPER);
	assert_false(doc.toks[2].flags & TF_UPPER);
}

static void test_invalid_utf8_is_a_replacement(void **state)
{
	(void)state;
	tok("Sumy \xff\xfe drones");
	assert_int_equal(doc.ntoks, 4);
	assert_string_equal(doc.toks[1].norm, "\xef\xbf\xbd");
	assert_int_equal(doc.toks[1].end - doc.toks[1].start, 1);
	assert_string_equal(doc.toks[3].norm, "drones");
}

static void test_markdown_does_not_break_words(void **state)
{
	(void)state;
	tok("### **Kharkiv** under fire");
	assert_string_equal(norms(), "# # # * * kharkiv * * under fire");
	assert_true(doc.toks[5].flags & TF_CAP);
}

static void test_sentences_survive_abbreviations(void **state)
{
	(void)state;
	tok("Maj. Gen. Ivan Petrov said the U.S. sent aid. Mr. Smith agreed. Then it ended!");
	assert_int_equal(doc.nsents, 3);
	assert_true(tok_is(&doc, doc.sents[1].first, "mr"));
	assert_true(tok_is(&doc, doc.sents[2].first, "then"));
}

static void test_headlines_are_sentences(void **state)
{
	(void)state;
	tok("Drones hit Odesa port\nRussia launched 40 drones overnight. Officials\nsaid more.\n\nNew paragraph here");
	assert_int_equal(doc.nsents, 4);
	assert_true(doc.sents[0].headline);
	assert_false(doc.sents[1].headline);
	/* the hard-wrapped "Officials\nsaid more." stays one sentence */
	assert_true(tok_is(&doc, doc.sents[2].first, "officials"));
	assert_true(tok_is(&doc, doc.sents[2].last - 1, "."));
	assert_true(tok_is(&doc, doc.sents[3].first, "new"));
	/* a sentence ending in a closing quote */
	tok("\"We shot down 12 drones.\" The ministry agreed.");
	assert_int_equal(doc.nsents, 2);
}

/*
 * Within a long sentence the fast loop takes a plain word; alone (fewer than
 * sixteen bytes of input) the general loop does. Both must make the same
 * token.
 */
static void test_fast_and_general_paths_agree(void **state)
{
	static const char *const words[] = {
		"Kyiv", "NATO", "drones", "x", "I", "U.S.", "a.m.", "O'Brien", "Russia's",
		"b52", "MiG", "ABCDEFGHIJKLMNO", "abcdefghijklmnopq", "caf\xc3\xa9",
		"42", "2026", "123456789012345", "83rd", "\xe2\x80\x94", "\xe2\x80\x9c",
	};
	(void)state;
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		char text[128], norm[64];

		snprintf(text, sizeof text, "officials said %s was hit on Tuesday", words[w]);
		tok(text);
		nf_token fast = doc.toks[2];

		snprintf(norm, sizeof norm, "%s", fast.norm);
		tok(words[w]);
		assert_string_equal(doc.toks[0].norm, norm);
		assert_int_equal(doc.toks[0].hash, fast.hash);
		assert_int_equal(doc.toks[0].kind, fast.kind);
		assert_int_equal(doc.toks[0].flags & (TF_CAP | TF_UPPER), fast.flags & (TF_CAP | TF_UPPER));
		assert_int_equal(doc.toks[0].end - doc.toks[0].start, fast.end - fast.start);
		if (fast.kind == TK_NUM)
			assert_true(doc.toks[0].num == fast.num);
	}
}

/* Words that end where the fast loop's sixteen bytes or the input end. */
static void test_words_at_sixteen_byte_edges(void **state)
{
	(void)state;
	tok("abcdefghijklmno ");   /* the space is the sixteenth and last byte */
	assert_string_equal(norms(), "abcdefghijklmno");
	tok("Drones hit Kyiv x");
	assert_string_equal(norms(), "drones hit kyiv x");
	tok("The drones hit Kyiv overnight, officials said on Tuesday");
	assert_string_equal(norms(), "the drones hit kyiv overnight , officials said on tuesday");
	assert_int_equal(doc.toks[9].start, 49);
	assert_true(doc.toks[3].flags & TF_CAP);
	assert_false(doc.toks[5].flags & TF_SPACE);   /* "," */
	assert_true(doc.toks[6].flags & TF_SPACE);    /* "officials" */
	/* a dash or quote ends a word in the fast loop as in the general one */
	tok("Officials said Kyiv\xe2\x80\x94the capital\xe2\x80\x9d was hit by 12 drones, 3 missiles");
	assert_string_equal(norms(), "officials said kyiv - the capital \" was hit by 12 drones , 3 missiles");
	assert_int_equal(doc.toks[2].end, 19);
	assert_int_equal(doc.toks[3].end, 22);   /* the dash's three bytes */
	assert_true(doc.toks[10].num == 12.0 && doc.toks[10].kind == TK_NUM);
	assert_true(doc.toks[13].num == 3.0 && doc.toks[13].kind == TK_NUM);
	/* possessives the fast loop takes, as the general loop makes them */
	tok("Officials said Russia\xe2\x80\x99s drones and NATO's jets hit the soldiers' base");
	assert_string_equal(norms(), "officials said russia 's drones and nato 's jets hit the soldiers ' base");
	assert_int_equal(doc.toks[3].start, 21);
	assert_int_equal(doc.toks[3].end, 25);     /* the apostrophe's three bytes and "s" */
	assert_true(doc.toks[3].kind == TK_WORD && !(doc.toks[3].flags & (TF_SPACE | TF_CAP)));
	assert_true(doc.toks[6].flags & TF_UPPER);  /* "NATO" */
	assert_int_equal(doc.toks[7].end - doc.toks[7].start, 2);
	assert_true(doc.toks[3].hash == doc.toks[7].hash);
}

static int teardown(void **state)
{
	(void)state;
	doc_release(&doc);
	return 0;
}

/* Token offsets are 32-bit: a longer text is refused up front (it is not read). */
static void test_text_past_4_gib_is_refused(void **state)
{
	(void)state;
#if SIZE_MAX > UINT32_MAX
	nf_doc big = { 0 };

	errno = 0;
	assert_int_equal(tokenize(&big, "a", (size_t)UINT32_MAX + 1), -1);
	assert_int_equal(errno, EOVERFLOW);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_numbers_punct),
		cmocka_unit_test(test_no_break_space_groups_and_decimals),
		cmocka_unit_test(test_hyphens_ages_ordinals),
		cmocka_unit_test(test_typography_is_normalised),
		cmocka_unit_test(test_possessive_and_inner_apostrophe),
		cmocka_unit_test(test_abbreviations_and_caps),
		cmocka_unit_test(test_invalid_utf8_is_a_replacement),
		cmocka_unit_test(test_markdown_does_not_break_words),
		cmocka_unit_test(test_sentences_survive_abbreviations),
		cmocka_unit_test(test_headlines_are_sentences),
		cmocka_unit_test(test_fast_and_general_paths_agree),
		cmocka_unit_test(test_words_at_sixteen_byte_edges),
		cmocka_unit_test(test_text_past_4_gib_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
