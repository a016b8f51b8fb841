/*
 * test_actor.c: the actor extractor (src/actor.c). Each sentence is written for
 * the test in the phrasing of war reports; the expected actors follow FACTS.md
 * and GUIDELINES.md (actor rules and decided cases 26-31).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#ifndef NF_TEST_DATA_DIR
#define NF_TEST_DATA_DIR "data"
#endif

#define MAX_FACTS 32

/*
 * Extract the actors of text and compare them, in order, with want:
 * "NAME|KIND|COUNTRY=TEXT" strings, NULL-terminated. Dumps the facts when
 * they differ.
 */
static void describe_actor(const nf_fact *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s|%s|%s=%.*s", f->name, f->kind, f->country,
		 (int)(f->end - f->start), f->text);
}

static void expect_actors(const char *text, const char *const *want)
{
	nf_fact f[MAX_FACTS];
	size_t n = test_extract(text, NULL, NF_ACTOR, f, MAX_FACTS);

	assert_true(facts_match(text, f, n < MAX_FACTS ? n : MAX_FACTS, want, describe_actor));
}

#define EXPECT(text, ...) \
	expect_actors(text, (const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT_NONE(text) expect_actors(text, (const char *const[]){ NULL })

/* Table names with spelling variants, and a surname alone, get one full name. */
static void test_person_variants(void **state)
{
	(void)state;
	EXPECT("Governor Oleg Synegubov reported damage; Syniehubov said later that the fire was out.",
	       "Oleh Syniehubov|person|UA=Oleg Synegubov",
	       "Oleh Syniehubov|person|UA=Syniehubov");
	EXPECT("President Zelenskiy thanked the rescuers.",
	       "Volodymyr Zelenskyy|person|UA=Zelenskiy");
}

/* Demonym phrases name the forces, the air force or the country (case 26). */
static void test_demonym_phrases(void **state)
{
	(void)state;
	EXPECT("Russian troops shelled the village again at dawn.",
	       "Russian Armed Forces|military|RU=Russian troops");
	EXPECT("Ukraine's air defence downed 40 of the drones, it said.",
	       "Ukrainian Air Force|military|UA=Ukraine's air defence");
	EXPECT("A Russian missile destroyed the depot.",
	       "Russia|country|RU=Russian missile");
	EXPECT("The Russians hit the bridge twice.",
	       "Russian Armed Forces|military|RU=Russians");
	EXPECT("Russia's massive drone attack lasted six hours.",
	       "Russia|country|RU=Russia's massive drone attack");
	EXPECT("Houthi forces claimed the strike on the tanker.",
	       "Houthis|organization|YE=Houthi forces");
}

/* Every spelling of a ministry gets "<Demonym> Ministry of Defence" (case 31). */
static void test_ministry_spellings(void **state)
{
	(void)state;
	EXPECT("The Ministry of Defense of Russia said 19 drones were destroyed.",
	       "Russian Ministry of Defence|government|RU=Ministry of Defense of Russia");
	EXPECT("Russia's defence ministry said its units repelled the assault.",
	       "Russian Ministry of Defence|government|RU=Russia's defence ministry");
	EXPECT("the British Defence Ministry said in its daily update.",
	       "British Ministry of Defence|government|GB=British Defence Ministry");
}

/* A country is an actor when it acts or is targeted, not as a mere location (case 27). */
static void test_country_in_context(void **state)
{
	(void)state;
	EXPECT("Russia fired 12 missiles at Ukraine before dawn.",
	       "Russia|country|RU=Russia", "Ukraine|country|UA=Ukraine");
	EXPECT("Iran has launched more drones than last month.",
	       "Iran|country|IR=Iran");
	EXPECT("Ukraine would ask its allies for more air defence systems.",
	       "Ukraine|country|UA=Ukraine");
	EXPECT_NONE("The wreckage came down in a field in Moldova.");
	EXPECT_NONE("Myanmar has been gripped by unrest for years.");
	/* coordination carries the role over */
	EXPECT("Fighting between Israel and Iran went on.",
	       "Israel|country|IL=Israel", "Iran|country|IR=Iran");
	/* "X-backed" makes X a party, "X-made" does not */
	EXPECT("Iran-backed militias fired rockets.", "Iran|country|IR=Iran-backed");
	EXPECT_NONE("The Iranian-made drone was found in a field.");
	/* a target given by its demonym */
	EXPECT("Overnight strikes on Ukrainian cities left thousands without power.",
	       "Ukraine|country|UA=Ukrainian");
}

/* A capital stands for its country only right before a verb (case 18). */
static void test_capital_as_country(void **state)
{
	(void)state;
	EXPECT("Moscow has denied the report.", "Russia|country|RU=Moscow");
	EXPECT_NONE("Drones flew towards Moscow overnight.");
}

/* Unknown people introduced by a title, before or after the name. */
static void test_titled_people(void **state)
{
	(void)state;
	EXPECT("Mayor Petro Kovalenko said three homes burned. Kovalenko asked residents to stay inside.",
	       "Petro Kovalenko|person|=Petro Kovalenko",
	       "Petro Kovalenko|person|=Kovalenko");
	EXPECT("Ivan Sydorenko, a spokesman for Ukraine's General Staff, said the line held.",
	       "Ivan Sydorenko|person|UA=Ivan Sydorenko");
}

/* A body that only qualifies a person's title is no actor (case 28). */
static void test_titles_make_no_actor(void **state)
{
	(void)state;
	EXPECT("Pentagon spokesperson Pat Ryder declined to comment.",
	       "Pat Ryder|person|US=Pat Ryder");
}

/* Media, agencies and photo credits are not actors (case 29). */
static void test_not_actors(void **state)
{
	(void)state;
	EXPECT_NONE("Firefighters at work in Sumy. (Ukrainian Emergency Service via AP)");
	EXPECT_NONE("Reuters could not verify the footage posted on Telegram.");
}

/* International bodies carry no country; armed groups are organizations (case 30). */
static void test_international_and_groups(void **state)
{
	(void)state;
	EXPECT("The UN Security Council met on the strike, and NATO condemned it.",
	       "United Nations Security Council|organization|=UN Security Council",
	       "NATO|organization|=NATO");
	EXPECT("Hezbollah said it fired at a base.", "Hezbollah|organization|LB=Hezbollah");
}

/* A person of the table named in full is the same person by surname later on. */
static void test_table_person_surname(void **state)
{
	(void)state;
	EXPECT("Lloyd Austin arrived in Brussels on Thursday. Austin promised more air defence.",
	       "Lloyd Austin|person|US=Lloyd Austin", "Lloyd Austin|person|US=Austin");
}

typedef struct actor_list {
	char text[1024];
} actor_list;

static int keep_actor(const nf_fact *f, void *userdata)
{
	actor_list *l = userdata;
	size_t n = strlen(l->text);

	if (f->type == NF_ACTOR)
		snprintf(l->text + n, sizeof l->text - n, "%s|%s|%s ", f->name, f->kind,
			 f->country ? f->country : "-");
	return 0;
}

/* The actors of text, "name|kind|country" joined by spaces, with a fresh model. */
static void actors_with_fresh_model(const char *text, char *out, size_t outlen)
{
	char err[512];
	nf_model *m = nf_model_load(NF_TEST_DATA_DIR, err, sizeof err);
	actor_list l = { .text = "" };
	nf_options opt = { .types = NF_ACTOR };

	assert_non_null(m);
	assert_int_equal(nf_extract(m, text, strlen(text), &opt, keep_actor, &l), 0);
	nf_model_free(m);
	snprintf(out, outlen, "%s", l.text);
}

/*
 * The actor model is written to the cache at the first load and mapped at
 * the next, with the same answers; a damaged cache is never trusted, and a
 * cache folder that cannot be written costs nothing but the build.
 */
static void test_actor_cache(void **state)
{
	static const char text[] =
		"Russian troops shelled Kharkiv, Governor Ivan Petrenko said, and Russia "
		"launched drones; the Ministry of Defence of Ukraine said Iran had supplied them. "
		"Petrenko added that the UN Security Council would meet.";
	char dir[] = "/tmp/nf-test-actor-cache-XXXXXX", cmd[600], file[600];
	char first[1024], again[1024];
	int made;
	char *saved = test_cache_dir_begin(dir, &made);

	(void)state;
	assert_true(made);
	actors_with_fresh_model(text, first, sizeof first);     /* builds, writes */
	assert_non_null(strstr(first, "Russian Armed Forces|military|RU"));
	assert_non_null(strstr(first, "Ivan Petrenko|person|"));

	snprintf(cmd, sizeof cmd, "ls -1 '%s'/actors1-*", dir);
	FILE *ls = popen(cmd, "r");

	assert_non_null(ls);
	assert_non_null(fgets(file, sizeof file, ls));
	file[strcspn(file, "\n")] = '\0';
	pclose(ls);
	actors_with_fresh_model(text, again, sizeof again);     /* maps */
	assert_string_equal(first, again);

	/* damage the body, keeping the header: the checks must catch it or the
	 * matches stay in bounds (the sanitizers watch) */
	for (long at = 200; at < 300000; at += 40000) {
		FILE *f = fopen(file, "r+b");

		assert_non_null(f);
		assert_int_equal(fseek(f, at, SEEK_SET), 0);
		for (int i = 0; i < 4096; i++)
			fputc(0xff, f);
		fclose(f);
		actors_with_fresh_model(text, again, sizeof again);
	}
	/* a truncated cache is rebuilt, with the same answers */
	assert_int_equal(truncate(file, 100), 0);
	actors_with_fresh_model(text, again, sizeof again);
	assert_string_equal(first, again);
	actors_with_fresh_model(text, again, sizeof again);
	assert_string_equal(first, again);

	/* a cache folder that cannot be made: built each time */
	setenv("NEWSFACTS_CACHE_DIR", "/dev/null/newsfacts", 1);
	actors_with_fresh_model(text, again, sizeof again);
	assert_string_equal(first, again);

	assert_int_equal(test_cache_dir_end(dir, saved), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_person_variants),
		cmocka_unit_test(test_demonym_phrases),
		cmocka_unit_test(test_ministry_spellings),
		cmocka_unit_test(test_country_in_context),
		cmocka_unit_test(test_capital_as_country),
		cmocka_unit_test(test_titled_people),
		cmocka_unit_test(test_titles_make_no_actor),
		cmocka_unit_test(test_not_actors),
		cmocka_unit_test(test_international_and_groups),
		cmocka_unit_test(test_table_person_surname),
		cmocka_unit_test(test_actor_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
