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
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsfacts.h"
#include "testutil.h"

#ifndef NF_TEST_DATA_DIR
#define NF_TEST_DATA_DIR "data"
#endif

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

/*
 * Table-driven cases: a sentence, the facts it must give as "category status
 * value qualifier [w=weapon] [v=victims]", and how many facts in all (-1:
 * not checked). The sentences are written for the tests, varying the
 * phrasings of wire reports: other numbers, places, verbs and word order.
 */
typedef struct count_case {
	const char *text;
	const char *facts[6];
	int total;
} count_case;

/* Check one expected fact written as "category status value qualifier [w=..] [v=..]". */
static void expect_spec(const char *text, const char *spec)
{
	char category[16], status[16], qualifier[16], extra1[32] = "", extra2[32] = "";
	long long value;
	int n = sscanf(spec, "%15s %15s %lld %15s %31s %31s", category, status, &value,
		       qualifier, extra1, extra2);

	assert_true(n >= 4);
	const nf_fact *f = find(category, status, value);

	if (!f || strcmp(f->qualifier, qualifier))
		fprintf(stderr, "in: %s\n", text);
	f = expect(category, status, value, qualifier);
	for (int k = 0; k < 2; k++) {
		char *x = k == 0 ? extra1 : extra2;

		if (!strncmp(x, "w=", 2)) {
			/* "w=Storm_Shadow": a space in a weapon name */
			for (char *u = x; *u; u++)
				if (*u == '_')
					*u = ' ';
			assert_non_null(f->weapon);
			assert_string_equal(f->weapon, x + 2);
		} else if (!strncmp(x, "v=", 2)) {
			assert_non_null(f->victims);
			assert_string_equal(f->victims, x + 2);
		}
	}
}

static void run_cases(const count_case *cases, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		run(cases[c].text);
		for (size_t k = 0; k < 6 && cases[c].facts[k]; k++)
			expect_spec(cases[c].text, cases[c].facts[k]);
		if (cases[c].total >= 0) {
			if ((int)nfacts != cases[c].total)
				fprintf(stderr, "in: %s\n", cases[c].text);
			expect_count((size_t)cases[c].total);
		}
	}
}

/* The phrasings the issue lists, one case each. */
static void test_issue_phrasings(void **state)
{
	static const count_case cases[] = {
		/* numbers */
		{ "Russia sent 1,200 drones in a week.", { "drone launched 1200 exact" }, 1 },
		{ "Russia sent 1 200 drones in a week.", { "drone launched 1200 exact" }, 1 },
		{ "Russia sent 1.2 thousand drones in a week.", { "drone launched 1200 exact" }, 1 },
		{ "Russia sent 1.5k drones in a week.", { "drone launched 1500 exact" }, 1 },
		{ "Gunners downed one hundred and twenty drones.", { "drone intercepted 120 exact" }, 1 },
		{ "Gunners downed forty-eight drones.", { "drone intercepted 48 exact" }, 1 },
		{ "Gunners downed a dozen drones.", { "drone intercepted 12 exact" }, 1 },
		{ "Gunners downed two dozen drones.", { "drone intercepted 24 exact" }, 1 },
		{ "Gunners downed a hundred drones.", { "drone intercepted 100 exact" }, 1 },
		{ "Russia launched dozens of drones, hundreds of missiles and thousands of decoys.",
		  { "drone launched 24 approx", "missile launched 200 approx",
		    "drone launched 2000 approx" }, 3 },
		{ "Several drones, a few missiles and many decoys were launched.", { NULL }, 0 },
		{ "Russia fired 10 to 15 missiles at Lviv.",
		  { "missile launched 10 at_least", "missile launched 15 at_most" }, 2 },
		{ "Russia fired 10-15 missiles at Lviv.",
		  { "missile launched 10 at_least", "missile launched 15 at_most" }, 2 },
		{ "Russia fired between 10 and 15 missiles at Lviv.",
		  { "missile launched 10 at_least", "missile launched 15 at_most" }, 2 },
		{ "The third missile hit the 83rd brigade's base, injuring a 14-year-old.", { NULL }, 0 },
		/* coordination */
		{ "Russia launched 40 missiles and 580 drones.",
		  { "missile launched 40 exact", "drone launched 580 exact" }, 2 },
		{ "The enemy attacked with 36 drones, three missiles, and five glide bombs.",
		  { "drone launched 36 exact", "missile launched 3 exact" }, 2 },
		{ "Air defences destroyed 552 Shahed drones and 31 missiles.",
		  { "drone intercepted 552 exact w=Shahed", "missile intercepted 31 exact" }, 2 },
		/* status from the verb and its subject */
		{ "Russia fired 40 missiles.", { "missile launched 40 exact" }, 1 },
		{ "Russia sent 40 missiles.", { "missile launched 40 exact" }, 1 },
		{ "Russia launched 580 drones. Air defences shot down 552 overnight.",
		  { "drone launched 580 exact", "drone intercepted 552 exact" }, 2 },
		{ "Russia launched 580 drones; air defences intercepted 552.",
		  { "drone intercepted 552 exact" }, 2 },
		{ "Sixty drones were downed over the Sumy region.",
		  { "drone intercepted 60 exact" }, 1 },
		{ "The enemy launched 90 drones, of which 31 were destroyed.",
		  { "drone launched 90 exact", "drone intercepted 31 exact" }, 2 },
		{ "Three drones were shot down over Yaroslavl.", { "drone intercepted 3 exact" }, 1 },
		{ "Two missiles struck the port and one drone hit a substation.",
		  { "missile hit 2 exact", "drone hit 1 exact" }, 2 },
		{ "Forty drones were locationally lost.", { "drone lost 40 exact" }, 1 },
		{ "Eleven drones were jammed by electronic warfare.", { "drone lost 11 exact" }, 1 },
		{ "Nineteen drones failed to reach their targets.", { "drone lost 19 exact" }, 1 },
		{ "All 25 drones were shot down.",
		  { "drone launched 25 exact", "drone intercepted 25 exact" }, 2 },
		{ "The statement mentioned 40 drones in passing.", { "drone unspecified 40 exact" }, 1 },
		{ "Out of 40 missiles, 31 were shot down.",
		  { "missile launched 40 exact", "missile intercepted 31 exact" }, 2 },
		/* casualties */
		{ "The blast killed one person and injured at least 26 people.",
		  { "killed unspecified 1 exact v=people", "injured unspecified 26 at_least v=people" }, 2 },
		{ "The shelling caused four fatalities and nearly 60 injuries.",
		  { "killed unspecified 4 exact", "injured unspecified 60 approx" }, 2 },
		{ "The strike left five wounded.", { "injured unspecified 5 exact" }, 1 },
		{ "Two people lost their lives in Nikopol.", { "killed unspecified 2 exact v=people" }, 1 },
		{ "By evening the death toll rose to 12.", { "killed unspecified 12 exact" }, 1 },
		{ "Shelling claimed the life of an elderly woman near Beryslav.",
		  { "killed unspecified 1 exact" }, 1 },
		{ "The falling debris injured two people.", { "injured unspecified 2 exact v=people" }, 1 },
		{ "More than two dozen civilians in the two regions have lost their lives.",
		  { "killed unspecified 24 more_than v=civilians" }, 1 },
		{ "No casualties were reported.",
		  { "killed unspecified 0 exact", "injured unspecified 0 exact" }, 2 },
		{ "One person was killed and three others injured.",
		  { "killed unspecified 1 exact v=people", "injured unspecified 3 exact" }, 2 },
		/* weapon models from data/weapons.tsv */
		{ "Russia fired 20 Kalibr missiles, six Kinzhal missiles, 12 Iskander-M missiles, "
		  "eight Kh-101 missiles and 50 Geran-2 drones.",
		  { "missile launched 20 exact w=Kalibr", "missile launched 6 exact w=Kinzhal",
		    "missile launched 12 exact w=Iskander", "missile launched 8 exact w=Kh-101",
		    "drone launched 50 exact w=Geran-2" }, 5 },
		{ "Kyiv fired four ATACMS missiles and two Storm Shadow missiles, and Moscow "
		  "used three S-300 missiles.",
		  { "missile launched 4 exact w=ATACMS", "missile launched 2 exact w=Storm_Shadow",
		    "missile launched 3 exact w=S-300" }, 3 },
		/* not counts */
		{ "The blasts damaged 18 apartment buildings; two F-16 fighter jets flew over.",
		  { NULL }, 0 },
		{ "A 14-year-old girl was pulled from the ruins.", { NULL }, 0 },
		{ "Jets dropped four glide bombs after three missile strikes.", { NULL }, 0 },
		/* a claim is still a count */
		{ "Moscow claimed 12 missiles were fired.", { "missile launched 12 exact" }, 1 },
		/* sub-counts */
		{ "Medics said 40 people were hurt, including nine children.",
		  { "injured unspecified 40 exact v=people", "injured unspecified 9 exact v=children" }, 2 },
	};

	(void)state;
	run_cases(cases, sizeof cases / sizeof cases[0]);
}

/*
 * Sentences in the manner of the dev articles, reworded: the weak spots the
 * extractor had and the shapes that news copy keeps using.
 */
static void test_report_phrasings(void **state)
{
	static const count_case cases[] = {
		/* a bare count after a list of both kinds is mixed */
		{ "The raids on Poltava used Kh-59 missiles, Oniks missiles and Shahed drones. "
		  "Seven were destroyed.", { "mixed intercepted 7 exact" }, 1 },
		/* "of which", "of whom", "of those" refer back */
		{ "The fleet fired five Kalibr cruise missiles, two of which were intercepted.",
		  { "missile launched 5 exact w=Kalibr", "missile intercepted 2 exact w=Kalibr" }, 2 },
		{ "Nine people were hurt, one of whom is in critical condition.",
		  { "injured unspecified 9 exact v=people", "injured unspecified 1 exact" }, 2 },
		{ "Officials said 17 of those killed were inside the school.",
		  { "killed unspecified 17 exact" }, 1 },
		/* "N of the <group>" takes the group's victims and the verb's category */
		{ "Six of the children were hospitalised.",
		  { "injured unspecified 6 exact v=children" }, 1 },
		{ "The toll rose to nine as two of the injured died overnight.",
		  { "killed unspecified 9 exact", "killed unspecified 2 exact" }, 2 },
		/* "tens of thousands of lives" only when lives were taken */
		{ "The siege has cost tens of thousands of lives.",
		  { "killed unspecified 20000 approx" }, 1 },
		{ "Doctors there have saved hundreds of lives.", { NULL }, 0 },
		/* the qualifier before "a dozen", "two dozen" */
		{ "The strike wounded more than a dozen others.",
		  { "injured unspecified 12 more_than" }, 1 },
		/* "devices" standing for the weapons counted before */
		{ "The air force recorded 60 drones and missiles. More than 30 devices "
		  "then failed to reach their targets.",
		  { "mixed launched 60 exact", "mixed lost 30 more_than" }, 2 },
		/* a weapon inside "an attack with": the attack's verb is not the weapon's */
		{ "Overnight, an attack with a ballistic missile damaged a warehouse in Izmail.",
		  { "missile launched 1 exact" }, 1 },
		/* singular people listed inside a total give nothing */
		{ "Among the wounded were a baby and a 15-year-old boy.", { NULL }, 0 },
		{ "Four people were injured in Sumy, including a child.",
		  { "injured unspecified 4 exact v=people" }, 1 },
		/* a named victim */
		{ "Halyna suffered cuts from the broken glass.", { "injured unspecified 1 exact" }, 1 },
		{ "Petro Hnatiuk was killed when the shell landed.", { "killed unspecified 1 exact" }, 1 },
		{ "He was injured, and Kharkiv was hit again.", { NULL }, 0 },
		/* ages inside a noun phrase */
		{ "A young mother and her four-year-old son were killed in Odesa.",
		  { "killed unspecified 2 exact" }, 1 },
		{ "Their 17-year-old daughter, who was wounded, is in hospital.",
		  { "injured unspecified 1 exact" }, -1 },
		{ "A soldier who was killed in 2022 was buried on Friday.",
		  { "killed unspecified 1 exact v=soldiers" }, 1 },
		/* asides between the subject and its verb */
		{ "A further eight people - drivers and passers-by - were injured.",
		  { "injured unspecified 8 exact v=people" }, 1 },
		{ "Eleven people were (hospitalised) after the blast.",
		  { "injured unspecified 11 exact v=people" }, 1 },
		{ "Two workers of the rail depot were killed.", { "killed unspecified 2 exact" }, 1 },
		{ "An anti-ship missile (ASBM) was launched at the tanker.",
		  { "missile launched 1 exact" }, 1 },
		/* participles with an agent, relative clauses */
		{ "A drone downed by air defences crashed onto a garage.",
		  { "drone intercepted 1 exact", "drone unspecified 1 exact" }, 2 },
		{ "Gunners destroyed 51 of 56 Shahed drones that were launched at Kyiv.",
		  { "drone launched 56 exact w=Shahed", "drone intercepted 51 exact w=Shahed" }, 2 },
		/* elliptic counts */
		{ "Four drones were shot down over Bryansk and two over Kursk.",
		  { "drone intercepted 4 exact", "drone intercepted 2 exact" }, 2 },
		{ "Air defences destroyed 30 drones, while three more were lost to jamming.",
		  { "drone intercepted 30 exact", "drone lost 3 exact" }, 2 },
		/* tolls far from their numbers */
		{ "Crews found two more bodies, raising the death toll from the strike on the "
		  "city to 31.", { "killed unspecified 31 exact" }, -1 },
		{ "Since the summer, the toll has climbed to 40.", { "killed unspecified 40 exact" }, 1 },
		/* casualty words coordinated on one number */
		{ "Shelling leaves dozens dead, injured in Kherson",
		  { "killed unspecified 24 approx", "injured unspecified 24 approx" }, 2 },
		/* people named by a group or nationality */
		{ "At least six Palestinians were killed in the raid.",
		  { "killed unspecified 6 at_least" }, 1 },
		{ "Nearly 12,000 residents have since been killed, officials said.",
		  { "killed unspecified 12000 approx" }, 1 },
		{ "Three Hezbollah members were killed near Tyre.", { "killed unspecified 3 exact" }, 1 },
		/* "among" with a number before the casualty word */
		{ "At least nine minors were among the 40 wounded.",
		  { "injured unspecified 9 at_least v=children", "injured unspecified 40 exact" }, 2 },
		/* hits and impacts */
		{ "The report listed 14 confirmed missile impacts and 30 drone hits.",
		  { "missile hit 14 exact", "drone hit 30 exact" }, 2 },
		{ "A Russian missile tore through the market on Sunday.", { "missile hit 1 exact" }, 1 },
		{ "An unexploded missile fell into a garden in Poltava.",
		  { "missile unspecified 1 exact" }, 1 },
		/* a title-case headline: no word stands between a number and its noun */
		{ "Russia Sends 3 Waves Of Drones At Kyiv", { NULL }, 0 },
		{ "Ukraine Downs 38 Russian Drones Overnight", { "drone intercepted 38 exact" }, 1 },
		/* qualifiers in other words */
		{ "Upwards of 70 drones were fired at the port.", { "drone launched 70 more_than" }, 1 },
		{ "No fewer than 15 missiles were launched.", { "missile launched 15 at_least" }, 1 },
		{ "As many as 90 drones were sent overnight.", { "drone launched 90 at_most" }, 1 },
		{ "Fewer than ten missiles hit their targets.", { "missile hit 10 less_than" }, 1 },
		/* zero counts */
		{ "Nobody was hurt, the mayor wrote.", { "injured unspecified 0 exact" }, 1 },
		{ "The governor said there were no deaths.", { "killed unspecified 0 exact" }, 1 },
	};

	(void)state;
	run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* --explain: each fact names the rule that produced it. */
static void test_rule_names(void **state)
{
	static const struct { const char *text, *spec, *rule; } cases[] = {
		{ "Russia launched 40 drones.", "drone launched 40", "weapon-verb-before" },
		{ "Forty drones were shot down.", "drone intercepted 40", "weapon-verb-after" },
		{ "Russia fired 40 missiles and 50 drones.", "drone launched 50", "weapon-shared-verb" },
		{ "Air defences downed 33 of 39 drones.", "drone launched 39", "weapon-n-of-m" },
		{ "Russia fired 30 drones. Twelve were shot down.", "drone intercepted 12",
		  "weapon-elliptic" },
		{ "The report mentioned 40 drones.", "drone unspecified 40", "weapon-no-verb" },
		{ "Two people were killed.", "killed unspecified 2", "people-verb-after" },
		{ "The strike killed two people.", "killed unspecified 2", "people-verb-before" },
		{ "The strike left four dead.", "killed unspecified 4", "casualty-noun" },
		{ "The death toll has risen to 14.", "killed unspecified 14", "casualty-toll" },
		{ "No one was injured.", "injured unspecified 0", "casualty-zero" },
		{ "Between 10 and 20 drones were launched.", "drone launched 10", "range-low" },
	};

	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char category[16], status[16];
		long long value;

		run(cases[c].text);
		assert_int_equal(sscanf(cases[c].spec, "%15s %15s %lld", category, status, &value), 3);
		const nf_fact *f = find(category, status, value);

		if (!f || !f->rule || strcmp(f->rule, cases[c].rule)) {
			fprintf(stderr, "in: %s (want rule %s)\n", cases[c].text, cases[c].rule);
			test_dump(facts, nfacts < MAXF ? nfacts : MAXF);
		}
		assert_non_null(f);
		assert_non_null(f->rule);
		assert_string_equal(f->rule, cases[c].rule);
	}
}

/* ---- the tables cache (model.c) ---- */

typedef struct described {
	char text[4096];
} described;

static void append(described *d, const char *s)
{
	strncat(d->text, s, sizeof d->text - strlen(d->text) - 1);
}

static int describe_fact(const nf_fact *f, void *ud)
{
	char buf[256];

	snprintf(buf, sizeof buf, "%s %zu-%zu %s %s %lld %s %s %s %s|", nf_type_name(f->type),
		 f->start, f->end, f->category ? f->category : "", f->status ? f->status : "",
		 f->value, f->qualifier ? f->qualifier : "", f->weapon ? f->weapon : "",
		 f->timex, f->name ? f->name : "");
	append(ud, buf);
	return 0;
}

static int describe_event(const nf_event *ev, void *ud)
{
	char buf[256];

	snprintf(buf, sizeof buf, "event %s %s %s %s|", ev->date, ev->place, ev->attacker,
		 ev->weapons);
	append(ud, buf);
	return 0;
}

/* Every fact and event of text, with a model loaded afresh from data_dir. */
static void describe_with_fresh_model(const char *data_dir, const char *text, described *d)
{
	char err[512];
	nf_model *m = nf_model_load(data_dir, err, sizeof err);
	nf_options opt = { .types = 0, .has_ref_date = 1, .ref_year = 2024, .ref_month = 6,
			   .ref_day = 13 };

	if (!m)
		fprintf(stderr, "%s\n", err);
	assert_non_null(m);
	d->text[0] = '\0';
	assert_int_equal(nf_extract(m, text, strlen(text), &opt, describe_fact, d), 0);
	assert_int_equal(nf_extract_events(m, text, strlen(text), &opt, describe_event, d), 0);
	nf_model_free(m);
}

/* The inode of the one tables cache file in dir (its path into out). */
static ino_t tables_cache(const char *dir, char *out, size_t outlen)
{
	char cmd[600];
	struct stat st;
	FILE *ls;

	snprintf(cmd, sizeof cmd, "ls -1 '%s'/tables1-*", dir);
	assert_non_null(ls = popen(cmd, "r"));
	assert_non_null(fgets(out, (int)outlen, ls));
	out[strcspn(out, "\n")] = '\0';
	pclose(ls);
	assert_int_equal(stat(out, &st), 0);
	return st.st_ino;
}

/*
 * The numbers, splitter, date, count and events models are written to the
 * tables cache at the first load and mapped at the next, with the same
 * answers; a cache written to since (damaged), or of tables changed since,
 * is rebuilt; a cache folder that cannot be written costs only the build.
 */
static void test_tables_cache(void **state)
{
	static const char text[] =
		"On Thursday night Russia launched 40 Shahed drones and two Iskander-M missiles "
		"at Kharkiv, the air force said. Air defences shot down 35 of the drones. "
		"At least three people were killed and a dozen were wounded, the governor said "
		"on Friday. Last week nobody was hurt.";
	static const char kubs[] = "Russia launched 12 kubs at Odesa.";
	char dir[] = "/tmp/nf-test-tables-cache-XXXXXX", data[700], cmd[1600], file[700];
	described first, again;
	int made;
	char *saved = test_cache_dir_begin(dir, &made);

	(void)state;
	assert_true(made);
	/* a copy of the tables, to change one below */
	snprintf(data, sizeof data, "%s/data", dir);
	snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", NF_TEST_DATA_DIR, data);
	assert_int_equal(system(cmd), 0);

	describe_with_fresh_model(data, text, &first);        /* builds, writes */
	assert_non_null(strstr(first.text, "count 34-50 drone launched 40"));
	assert_non_null(strstr(first.text, "date 0-17"));
	assert_non_null(strstr(first.text, "event "));
	ino_t ino = tables_cache(dir, file, sizeof file);

	describe_with_fresh_model(data, text, &again);        /* maps */
	assert_string_equal(first.text, again.text);
	assert_true(tables_cache(dir, file, sizeof file) == ino);

	/* written to: not trusted, rebuilt */
	FILE *f = fopen(file, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, 4096, SEEK_SET), 0);
	for (int i = 0; i < 4096; i++)
		fputc(0xff, f);
	fclose(f);
	describe_with_fresh_model(data, text, &again);
	assert_string_equal(first.text, again.text);
	assert_true(tables_cache(dir, file, sizeof file) != ino);
	ino = tables_cache(dir, file, sizeof file);

	/* a table changed: rebuilt, and the change is seen */
	describe_with_fresh_model(data, kubs, &again);
	assert_null(strstr(again.text, "count"));
	snprintf(cmd, sizeof cmd, "printf 'kubs\\tdrone\\tKub\\tpl\\n' >> '%s/weapons.tsv'", data);
	assert_int_equal(system(cmd), 0);
	describe_with_fresh_model(data, kubs, &again);
	assert_non_null(strstr(again.text, "count 16-23 drone launched 12 exact Kub"));
	assert_true(tables_cache(dir, file, sizeof file) != ino);
	describe_with_fresh_model(data, text, &again);
	assert_string_equal(first.text, again.text);

	/* a cache folder that cannot be made: built each time */
	setenv("NEWSFACTS_CACHE_DIR", "/dev/null/newsfacts", 1);
	describe_with_fresh_model(data, text, &again);
	assert_string_equal(first.text, again.text);

	assert_int_equal(test_cache_dir_end(dir, saved), 0);
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
		cmocka_unit_test(test_issue_phrasings),
		cmocka_unit_test(test_report_phrasings),
		cmocka_unit_test(test_rule_names),
		cmocka_unit_test(test_tables_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
