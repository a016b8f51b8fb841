/*
 * test_phrase.c: the structures start-up and throughput rest on: phrase sets
 * (plain phrases added without the tokenizer, the first-token filter as a set
 * grows), finding a token by byte offset, and the cached GeoNames index.
 * Each test sentence is written for the test, in the phrasing of war reports.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "extract.h"
#include "phrase.h"
#include "testutil.h"

#ifndef NF_TEST_DATA_DIR
#define NF_TEST_DATA_DIR "data"
#endif

static nf_doc doc;

static void tok(const char *text)
{
	doc_release(&doc);
	assert_int_equal(tokenize(&doc, text, strlen(text)), 0);
}

/* The token whose norm is word (the first), or ntoks. */
static size_t token_of(const char *word)
{
	size_t i = 0;

	while (i < doc.ntoks && strcmp(doc.toks[i].norm, word) != 0)
		i++;
	return i;
}

/*
 * Phrases of letters and spaces skip the tokenizer; the others go through it.
 * Both kinds must match text written in any case and spacing.
 */
static void test_plain_and_tokenized_phrases(void **state)
{
	phrase_set *set = phrase_new();
	int v = -1;

	(void)state;
	assert_non_null(set);
	assert_int_equal(phrase_add(set, "Kryvyi Rih", 1), 1);
	assert_int_equal(phrase_add(set, "  Black   Sea ", 2), 2);
	assert_int_equal(phrase_add(set, "Kam'ianske", 3), 3);
	assert_int_equal(phrase_add(set, "Rostov-on-Don", 4), 4);
	assert_int_equal(phrase_add(set, "U.S. Army", 5), 5);
	assert_int_equal(phrase_add(set, "KRYVYI rih", 9), 1);   /* the same phrase */
	assert_int_equal(phrase_add(set, "Kryvyi", 6), 6);       /* a prefix of one */
	assert_int_equal(phrase_add(set, " ", 7), -1);          /* no tokens */

	tok("Missiles hit KRYVYI RIH and Kam\xE2\x80\x99ianske, and ships left the black sea "
	    "for Rostov\xE2\x80\x93on-Don as the U.S. Army watched.");
	assert_int_equal(phrase_match(set, doc.toks, token_of("kryvyi"), doc.ntoks, &v), 2);
	assert_int_equal(v, 1);
	assert_int_equal(phrase_match(set, doc.toks, token_of("kam'ianske"), doc.ntoks, &v), 1);
	assert_int_equal(v, 3);
	assert_int_equal(phrase_match(set, doc.toks, token_of("black"), doc.ntoks, &v), 2);
	assert_int_equal(v, 2);
	assert_int_equal(phrase_match(set, doc.toks, token_of("rostov"), doc.ntoks, &v), 5);
	assert_int_equal(v, 4);
	assert_int_equal(phrase_match(set, doc.toks, token_of("u.s."), doc.ntoks, &v), 2);
	assert_int_equal(v, 5);
	assert_int_equal(phrase_match(set, doc.toks, token_of("missiles"), doc.ntoks, &v), 0);
	assert_int_equal(phrase_lookup_word(set, "kryvyi"), 6);
	assert_int_equal(phrase_lookup_word(set, "rih"), -1);
	phrase_free(set);
}

/*
 * A set of thousands of village names, hundreds of them with a first word of
 * their own: the first-token filter widens as the set grows, and every name
 * added before or after must still be found.
 */
static void test_large_set_finds_every_phrase(void **state)
{
	static const char *const heads[] = { "Nova", "Stara", "Velyka", "Mala", "Verkhnia",
					     "Nyzhnia", "Zelena", "Krasna" };
	static const char *const roots[] = { "Bilozer", "Dubrov", "Horod", "Kamian",
					     "Lypov", "Myrn", "Olkhov", "Pisch", "Sosn",
					     "Topol", "Vyshn", "Yablun", "Zoriv", "Hrab",
					     "Bereziv", "Kalyn" };
	static const char *const ends[] = { "ivka", "e", "ka", "ske", "ivske", "yi Hai",
					    "ets", "ianka", "ove", "ynka", "i Sady", "ivtsi",
					    "a Balka", "ske Pole", "iv", "yn", "ivka Druha",
					    "ovyi Yar", "ianske", "ivka Persha", "e Selo",
					    "ky", "ytsia", "a Hora" };
	enum { NH = 8, NR = 16, NE = 24 };
	phrase_set *set = phrase_new();
	char name[96], text[160];
	int v;

	(void)state;
	assert_non_null(set);
	/* "Bilozerivka" (value 2k), then "Nova Bilozerivka" (value 2k + 1) */
	for (int r = 0; r < NR; r++)
		for (int e = 0; e < NE; e++) {
			int k = r * NE + e;

			snprintf(name, sizeof name, "%s%s", roots[r], ends[e]);
			assert_int_equal(phrase_add(set, name, 2 * k), 2 * k);
			snprintf(name, sizeof name, "%s %s%s", heads[k % NH], roots[r], ends[e]);
			assert_int_equal(phrase_add(set, name, 2 * k + 1), 2 * k + 1);
		}
	for (int r = 0; r < NR; r++)
		for (int e = 0; e < NE; e++) {
			int k = r * NE + e;
			size_t words = strchr(ends[e], ' ') ? 2 : 1;

			snprintf(text, sizeof text, "Shelling hit %s %s%s overnight.",
				 heads[k % NH], roots[r], ends[e]);
			tok(text);
			assert_int_equal(phrase_match(set, doc.toks, 2, doc.ntoks, &v), words + 1);
			assert_int_equal(v, 2 * k + 1);
			assert_int_equal(phrase_match(set, doc.toks, 3, doc.ntoks, &v), words);
			assert_int_equal(v, 2 * k);
			assert_int_equal(phrase_match(set, doc.toks, 1, doc.ntoks, &v), 0);
		}
	tok("Shelling hit Nova Kakhovka overnight.");
	assert_int_equal(phrase_match(set, doc.toks, 2, doc.ntoks, &v), 0);
	phrase_free(set);
}

/*
 * A walk split at its first step, as actor.c's memo of stops takes it
 * (phrase_first_step, then phrase_walk_on past the first token), finds what
 * phrase_match finds at every token: phrases of one word, of several, a
 * prefix that is a phrase of its own, and words that begin none.
 */
static void test_first_step_then_walk_on(void **state)
{
	phrase_set *set = phrase_new();

	(void)state;
	assert_non_null(set);
	assert_int_equal(phrase_add(set, "Russian", 1), 1);
	assert_int_equal(phrase_add(set, "Russian Armed Forces", 2), 2);
	assert_int_equal(phrase_add(set, "the Russians", 3), 3);
	assert_int_equal(phrase_add(set, "Black Sea Fleet", 4), 4);
	tok("The Russians said Russian Armed Forces and the Black Sea Fleet struck, and "
	    "Russian drones hit the Black Sea coast; the Russian army denied it.");
	for (size_t i = 0; i < doc.ntoks; i++) {
		int want = -1, got = -1;
		size_t len = phrase_match(set, doc.toks, i, doc.ntoks, &want), more = 0;
		phrase_step st = phrase_first_step(set, &doc.toks[i]);

		if (st.node && i + 1 < doc.ntoks && ((st.next >> (doc.toks[i + 1].hash & 63)) & 1))
			more = phrase_walk_on(set, st.node, doc.toks, i + 1, doc.ntoks, &got);
		if (more)
			more++;
		else if (st.node && st.value >= 0)
			more = 1, got = st.value;
		assert_int_equal(more, len);
		if (len)
			assert_int_equal(got, want);
		/* phrase_walk, without the filters, agrees too */
		got = -1;
		assert_int_equal(phrase_walk(set, doc.toks, i, doc.ntoks, &got), len);
		if (len)
			assert_int_equal(got, want);
	}
	/* and the loop met each kind: "The Russians", "Russian Armed Forces", "Russian drones" */
	int v = -1;

	assert_int_equal(phrase_match(set, doc.toks, 0, doc.ntoks, &v), 2);
	assert_int_equal(v, 3);
	assert_int_equal(phrase_match(set, doc.toks, token_of("russian"), doc.ntoks, &v), 3);
	assert_int_equal(v, 2);
	assert_int_equal(phrase_match(set, doc.toks, token_of("drones") - 1, doc.ntoks, &v), 1);
	assert_int_equal(v, 1);
	phrase_free(set);
}

/* doc_token_at is the first token starting at or after the offset, for every offset. */
static void test_token_at_every_offset(void **state)
{
	static const char para[] =
		"Air defences shot down 41 of the 52 drones launched overnight, the air "
		"force said on Wednesday. Debris fell on two districts of Zaporizhzhia, "
		"injuring a 63-year-old man.\n\n"
		"In the Belgorod region, governor officials reported power cuts after a "
		"strike \xE2\x80\x94 the third this week \xE2\x80\x94 hit a substation near Shebekino.\n";
	char text[4 * sizeof para];

	(void)state;
	text[0] = '\0';
	for (int k = 0; k < 3; k++)
		strcat(text, para);
	tok(text);
	assert_true(doc.ntoks > 64);
	for (size_t off = 0; off <= doc.len + 2; off++) {
		size_t want = 0;

		while (want < doc.ntoks && doc.toks[want].start < off)
			want++;
		assert_int_equal(doc_token_at(&doc, off), want);
	}
}

typedef struct places {
	char names[16][64];
	size_t n;
} places;

static int keep_place(const nf_fact *f, void *userdata)
{
	places *p = userdata;

	if (f->type == NF_PLACE && p->n < 16)
		snprintf(p->names[p->n++], sizeof p->names[0], "%s/%s/%s", f->name, f->kind,
			 f->country);
	return 0;
}

/* The places of text, each "name/kind/country", joined by spaces, with a fresh model. */
static void places_with_fresh_model(const char *text, char *out, size_t outlen)
{
	char err[512];
	nf_model *m = nf_model_load(NF_TEST_DATA_DIR, err, sizeof err);
	places p = { .n = 0 };
	nf_options opt = { .types = NF_PLACE };

	assert_non_null(m);
	assert_int_equal(nf_extract(m, text, strlen(text), &opt, keep_place, &p), 0);
	nf_model_free(m);
	out[0] = '\0';
	for (size_t i = 0; i < p.n; i++) {
		strncat(out, p.names[i], outlen - strlen(out) - 1);
		strncat(out, " ", outlen - strlen(out) - 1);
	}
}

/*
 * The one file in dir (its path into out), but for actor.c's and model.c's
 * caches; fails when there is not exactly one.
 */
static void only_file(const char *dir, char *out, size_t outlen)
{
	char cmd[600];
	FILE *ls;

	snprintf(cmd, sizeof cmd, "ls -1 '%s' | grep -v '^actors1-\\|^tables1-'", dir);
	assert_non_null(ls = popen(cmd, "r"));
	char line[256];
	int n = 0;

	while (fgets(line, sizeof line, ls)) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(out, outlen, "%s/%s", dir, line);
		n++;
	}
	pclose(ls);
	assert_int_equal(n, 1);
}

/*
 * The GeoNames index is written to the cache at the first load and mapped at
 * the next: the places found are the same, and a damaged cache file is never
 * trusted (it is rebuilt, with the same answers). The file of an older layout
 * is removed when the new one is written.
 */
static void test_geonames_cache(void **state)
{
	static const char text[] =
		"A drone struck a warehouse near Nova Ushytsia in the Khmelnytskyi region "
		"late on Tuesday, while Odesa reported no damage.";
	char dir[] = "/tmp/nf-test-cache-XXXXXX", file[512];
	char first[1024], second[1024], third[1024];
	int made;
	char *saved = test_cache_dir_begin(dir, &made);

	(void)state;
	assert_true(made);

	/* the file an older layout left for this data folder: replaced, not kept */
	char places_tsv[PATH_MAX], *abs;

	snprintf(places_tsv, sizeof places_tsv, "%s/places.tsv", NF_TEST_DATA_DIR);
	assert_non_null(abs = realpath(places_tsv, NULL));
	snprintf(file, sizeof file, "%s/geonames-%08x.idx", dir, (unsigned)nf_hash(abs, strlen(abs)));
	free(abs);
	FILE *legacy = fopen(file, "wb");

	assert_non_null(legacy);
	fputs("an index of an older layout", legacy);
	fclose(legacy);

	places_with_fresh_model(text, first, sizeof first);     /* builds, writes */
	assert_non_null(strstr(first, "Nova Ushytsia/village/UA"));
	only_file(dir, file, sizeof file);
	assert_null(strstr(file, "/geonames-"));
	places_with_fresh_model(text, second, sizeof second);   /* maps */
	assert_string_equal(first, second);

	/* damage the index, keeping its size and header: the header still
	 * matches, so the lookups themselves must stay in bounds */
	FILE *f = fopen(file, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, 64, SEEK_SET), 0);
	for (int i = 0; i < 4096; i++)
		fputc(0xff, f);
	fclose(f);
	places_with_fresh_model(text, third, sizeof third);
	assert_non_null(strstr(third, "Odesa/city/UA"));         /* places.tsv is whole */

	/* a cache of another file (here: truncated) is rebuilt */
	assert_int_equal(truncate(file, 100), 0);
	places_with_fresh_model(text, third, sizeof third);
	assert_string_equal(first, third);
	places_with_fresh_model(text, third, sizeof third);
	assert_string_equal(first, third);

	assert_int_equal(test_cache_dir_end(dir, saved), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_tokenized_phrases),
		cmocka_unit_test(test_large_set_finds_every_phrase),
		cmocka_unit_test(test_first_step_then_walk_on),
		cmocka_unit_test(test_token_at_every_offset),
		cmocka_unit_test(test_geonames_cache),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	doc_release(&doc);
	return rc;
}
