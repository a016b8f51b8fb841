/*
 * test_count.c: counts of drones, missiles and casualties (src/count.c).
 * Each test sentence is written for the test, in the phrasing of war reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "newsfacts.h"
#include "testutil.h"

#define MAXF 64

static nf_fact facts[MAXF];
static size_t nfacts;

static void run(const char *text)
{
	nfacts = test_extract(text, NULL, NF_COUNT, facts, MAXF);
}

/* The fact with this key, or NULL. */
static const nf_fact *find(const char *category, const char *status, long long value)
{
	for (size_t i = 0; i < nfacts && i < MAXF; i++)
		if (!strcmp(facts[i].category, category) && !strcmp(facts[i].status, status) &&
		    facts[i].value == value)
			return &facts[i];
	return NULL;
}

/* Assert a fact with this key and qualifier exists; dump the facts if not. */
static const nf_fact *expect(const char *category, const char *status, long long value,
			     const char *qualifier)
{
	const nf_fact *f = find(category, status, value);

	if (!f || strcmp(f->qualifier, qualifier)) {
		fprintf(stderr, "expected %s/%s/%lld %s\n", category, status, value, qualifier);
		test_dump(facts, nfacts < MAXF ? nfacts : MAXF);
	}
	assert_non_null(f);
	assert_string_equal(f->qualifier, qualifier);
	return f;
}

static void expect_count(size_t n)
{
	if (nfacts != n)
		test_dump(facts, nfacts < MAXF ? nfacts : MAXF);
	assert_int_equal(nfacts, n);
}

static void test_launched_and_coordinated(void **state)
{
	(void)state;
	run("Overnight Russia launched 62 Shahed drones and four Iskander-M ballistic missiles "
	    "at the Odesa region, the air force said.");
	const nf_fact *f = expect("drone", "launched", 62, "exact");

	assert_string_equal(f->weapon, "Shahed");
	assert_true(fact_text_is(f, "62 Shahed drones"));
	f = expect("missile", "launched", 4, "exact");
	assert_string_equal(f->weapon, "Iskander");
	expect_count(2);
}

static void test_qualifier_scope(void **state)
{
	(void)state;
	run("The enemy sent more than 250 drones and 12 missiles against Ukraine.");
	expect("drone", "launched", 250, "more_than");
	expect("missile", "launched", 12, "exact");
	run("Air defence units shot down about 70 drones and three cruise missiles, "
	    "while 41 more drones were locationally lost.");
	expect("drone", "intercepted", 70, "approx");
	expect("missile", "intercepted", 3, "exact");
	expect("drone", "lost", 41, "exact");
	expect_count(3);
}

static void test_passive_and_elliptic(void **state)
{
	(void)state;
	run("The ministry said it had intercepted 23 Ukrainian drones before dawn. "
	    "Eleven were destroyed over the Kursk region.");
	expect("drone", "intercepted", 23, "exact");
	expect("drone", "intercepted", 11, "exact");
	run("Five drones were shot down over Lipetsk.");
	expect("drone", "intercepted", 5, "exact");
	expect_count(1);
}

static void test_several_statuses(void **state)
{
	(void)state;
	run("Ukraine's military said all 18 drones were downed.");
	expect("drone", "launched", 18, "exact");
	expect("drone", "intercepted", 18, "exact");
	run("Air defences downed 33 of 39 drones overnight.");
	expect("drone", "launched", 39, "exact");
	expect("drone", "intercepted", 33, "exact");
	expect_count(2);
	run("Russia fired 27 missiles; of these, 19 were shot down.");
	expect("missile", "launched", 27, "exact");
	expect("missile", "intercepted", 19, "exact");
}

static void test_singular_weapons(void **state)
{
	(void)state;
	run("A drone struck a bus stop in the city centre.");
	expect("drone", "hit", 1, "exact");
	run("Another missile was shot down near Bila Tserkva.");
	expect("missile", "intercepted", 1, "exact");
	/* no fate, no count; plurals without a number give nothing */
	run("The drone operators trained for weeks. Drones struck the port.");
	expect_count(0);
}

static void test_not_counts(void **state)
{
	(void)state;
	run("Russian jets dropped 14 glide bombs and struck 30 buildings.");
	expect_count(0);
	run("The army carried out four missile strikes on the 47th brigade in 2023.");
	expect_count(0);
	run("A 12-year-old boy was rescued from the rubble.");
	expect_count(0);
}

static void test_casualties(void **state)
{
	(void)state;
	run("The strike killed three people and injured at least 19 others.");
	const nf_fact *f = expect("killed", "unspecified", 3, "exact");

	assert_string_equal(f->victims, "people");
	assert_true(fact_text_is(f, "three people"));
	f = expect("injured", "unspecified", 19, "at_least");
	assert_null(f->victims);
	run("Two civilians were killed and five were wounded, the governor said.");
	f = expect("killed", "unspecified", 2, "exact");
	assert_string_equal(f->victims, "civilians");
	expect("injured", "unspecified", 5, "exact");
	run("The attack left six dead and almost 40 injured.");
	expect("killed", "unspecified", 6, "exact");
	expect("injured", "unspecified", 40, "approx");
	run("Later the death toll rose to 14.");
	expect("killed", "unspecified", 14, "exact");
}

static void test_singular_people(void **state)
{
	(void)state;
	run("A woman and her daughter were killed in the shelling.");
	expect("killed", "unspecified", 2, "exact");
	expect_count(1);
	run("An elderly man died in hospital.");
	expect("killed", "unspecified", 1, "exact");
}

static void test_sub_counts(void **state)
{
	(void)state;
	run("Doctors said 31 people were injured, including seven children.");
	expect("injured", "unspecified", 31, "exact");
	const nf_fact *f = expect("injured", "unspecified", 7, "exact");

	assert_string_equal(f->victims, "children");
}

static void test_zero_counts(void **state)
{
	(void)state;
	run("Debris fell on a warehouse, with no casualties reported.");
	expect("killed", "unspecified", 0, "exact");
	expect("injured", "unspecified", 0, "exact");
	expect_count(2);
	run("Nobody was hurt, the mayor said.");
	expect("injured", "unspecified", 0, "exact");
	expect_count(1);
}

static void test_vague_and_ranges(void **state)
{
	(void)state;
	run("Russia has fired hundreds of drones at the city.");
	expect("drone", "launched", 200, "approx");
	run("Between 15 and 20 missiles were launched.");
	expect("missile", "launched", 15, "at_least");
	expect("missile", "launched", 20, "at_most");
	run("The attack used two dozen drones.");
	expect("drone", "launched", 24, "exact");
}

static void test_mixed(void **state)
{
	(void)state;
	run("In total, 95 missiles and drones were launched at Ukraine.");
	expect("mixed", "launched", 95, "exact");
	expect_count(1);
}

static void test_participles_and_agents(void **state)
{
	(void)state;
	/* a status glued to a modifier: "Russia-launched" */
	run("Gunners destroyed nine Russia-launched missiles.");
	expect("missile", "launched", 9, "exact");
	expect("missile", "intercepted", 9, "exact");
	/* a reduced relative and its agent before the main verb */
	run("A cruise missile fired from a warship hit a grain terminal in Izmail.");
	expect("missile", "launched", 1, "exact");
	expect("missile", "hit", 1, "exact");
	expect_count(2);
}

static void test_lists_share_the_verb(void **state)
{
	(void)state;
	run("Officials said four Kalibr missiles, six Kh-101 missiles and 31 drones "
	    "were shot down.");
	expect("missile", "intercepted", 4, "exact");
	expect("missile", "intercepted", 6, "exact");
	expect("drone", "intercepted", 31, "exact");
	expect_count(3);
}

static void test_attack_nouns(void **state)
{
	(void)state;
	run("A drone strike on the depot started a fire, and missile debris damaged "
	    "two houses. The two fires were put out.");
	expect_count(0);
}

static void test_casualty_phrasings(void **state)
{
	(void)state;
	run("The number of dead from Tuesday's strike on the five-storey block in "
	    "Sumy has risen to 19.");
	expect("killed", "unspecified", 19, "exact");
	run("At least 11 residents, including two teenagers, were wounded.");
	expect("injured", "unspecified", 11, "at_least");
	run("Four pensioners were among the dead.");
	expect("killed", "unspecified", 4, "exact");
	/* missing people are no casualties, even after a casualty word */
	run("Thirty people were injured and 12 others are missing.");
	expect("injured", "unspecified", 30, "exact");
	expect_count(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_launched_and_coordinated),
		cmocka_unit_test(test_qualifier_scope),
		cmocka_unit_test(test_passive_and_elliptic),
		cmocka_unit_test(test_several_statuses),
		cmocka_unit_test(test_singular_weapons),
		cmocka_unit_test(test_not_counts),
		cmocka_unit_test(test_casualties),
		cmocka_unit_test(test_singular_people),
		cmocka_unit_test(test_sub_counts),
		cmocka_unit_test(test_zero_counts),
		cmocka_unit_test(test_vague_and_ranges),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_participles_and_agents),
		cmocka_unit_test(test_lists_share_the_verb),
		cmocka_unit_test(test_attack_nouns),
		cmocka_unit_test(test_casualty_phrasings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
