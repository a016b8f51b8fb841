/*
 * test_place.c: named places (src/place.c, data/places.tsv).
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
	nfacts = test_extract(text, NULL, NF_PLACE, facts, MAXF);
}

/* The place fact with this canonical name, or NULL. */
static const nf_fact *find(const char *name)
{
	for (size_t i = 0; i < nfacts && i < MAXF; i++)
		if (facts[i].name && !strcmp(facts[i].name, name))
			return &facts[i];
	return NULL;
}

/* Assert a place of this name, kind and country; dump the facts if not. */
static const nf_fact *expect(const char *name, const char *kind, const char *country)
{
	const nf_fact *f = find(name);

	if (!f || strcmp(f->kind, kind) || strcmp(f->country, country)) {
		fprintf(stderr, "expected %s (%s, %s)\n", name, kind, country);
		test_dump(facts, nfacts < MAXF ? nfacts : MAXF);
	}
	assert_non_null(f);
	assert_string_equal(f->kind, kind);
	assert_string_equal(f->country, country);
	return f;
}

static void expect_absent(const char *name)
{
	if (find(name))
		test_dump(facts, nfacts < MAXF ? nfacts : MAXF);
	assert_null(find(name));
}

static void expect_count(size_t n)
{
	if (nfacts != n)
		test_dump(facts, nfacts < MAXF ? nfacts : MAXF);
	assert_int_equal(nfacts, n);
}

/* Old and Russian-based spellings give the national transliteration (case 23). */
static void test_canonical_spellings(void **state)
{
	(void)state;
	run("Explosions were heard in Kiev, Kharkov and Zaporozhye, while Nikolaev "
	    "and Artemovsk came under artillery fire near Kupyansk and Chuguev.");
	expect_count(7);
	const nf_fact *f = expect("Kyiv", "city", "UA");

	assert_true(fact_text_is(f, "Kiev"));
	assert_true(f->has_coords);
	assert_true(f->lat > 50.3 && f->lat < 50.6);
	assert_true(f->lon > 30.3 && f->lon < 30.7);
	f = expect("Kharkiv", "city", "UA");
	assert_string_equal(f->admin1, "Kharkiv Oblast");
	expect("Zaporizhzhia", "city", "UA");
	expect("Mykolaiv", "city", "UA");
	expect("Bakhmut", "town", "UA");
	f = expect("Kupiansk", "town", "UA");
	assert_string_equal(f->admin1, "Kharkiv Oblast");
	expect("Chuhuiv", "town", "UA");
}

/* "<X> region", "Oblast", "Krai", "Republic of" and the Ukrainian form are the region. */
static void test_region_names(void **state)
{
	(void)state;
	run("Air defences worked over Kharkivska oblast, the Rostov-on-Don region, "
	    "Krasnodar Krai and the Republic of Bashkortostan.");
	expect_count(4);
	const nf_fact *f = expect("Kharkiv Oblast", "region", "UA");

	assert_null(f->admin1);
	expect("Rostov Oblast", "region", "RU");
	expect("Krasnodar Krai", "region", "RU");
	expect("Bashkortostan", "region", "RU");
}

/* A plural region word covers the whole list; a singular one only its own name. */
static void test_region_lists(void **state)
{
	(void)state;
	run("Drones were shot down over the Chernihiv, Sumy and Poltava regions.");
	expect_count(3);
	expect("Chernihiv Oblast", "region", "UA");
	expect("Sumy Oblast", "region", "UA");
	expect("Poltava Oblast", "region", "UA");

	run("Strikes hit Lviv and the Ternopil region on Sunday.");
	expect_count(2);
	expect("Lviv", "city", "UA");
	expect("Ternopil Oblast", "region", "UA");

	run("Moscow said it downed drones over the Kursk and Belgorod border regions.");
	expect("Kursk Oblast", "region", "RU");
	expect("Belgorod Oblast", "region", "RU");
	expect("Moscow", "city", "RU");
}

/* Bodies and officials named after the territory give the region (cases 20, 22). */
static void test_region_bodies_and_governors(void **state)
{
	(void)state;
	run("The governor of Kursk, the Bryansk regional administration and the "
	    "Sumy OVA reported damage, Tula's regional head said.");
	expect_count(4);
	expect("Kursk Oblast", "region", "RU");
	expect("Bryansk Oblast", "region", "RU");
	expect("Sumy Oblast", "region", "UA");
	expect("Tula Oblast", "region", "RU");

	run("Last week, fighting raged in the northern region of Chernihiv.");
	expect_count(1);
	expect("Chernihiv Oblast", "region", "UA");
}

/* A bare name, a city council and "X governor" stay the city (case 22). */
static void test_bare_names_are_cities(void **state)
{
	(void)state;
	run("Odesa Governor Oleh Kiper said the Poltava City Council met in Poltava.");
	expect_count(3);
	expect("Odesa", "city", "UA");
	expect("Poltava", "city", "UA");
	expect_absent("Poltava Oblast");
	expect_absent("Odesa Oblast");

	/* a region with no city of its name */
	run("Shelling was reported in Volyn overnight.");
	expect("Volyn Oblast", "region", "UA");
}

/* Countries with their short forms and possessives; demonyms are no places. */
static void test_countries(void **state)
{
	(void)state;
	run("Ukraine's allies in the U.S. and Britain sent aid, while Russian and "
	    "Belarusian troops drilled near Poland.");
	expect_count(4);
	expect("Ukraine", "country", "UA");
	expect("United States", "country", "US");
	expect("United Kingdom", "country", "GB");
	expect("Poland", "country", "PL");

	run("The Kenya-flagged freighter left a Iran-backed port.");
	expect("Kenya", "country", "KE");
	expect("Iran", "country", "IR");
}

/* "US" is a place only in capitals; "us" is a pronoun. */
static void test_abbreviations_need_capitals(void **state)
{
	(void)state;
	run("They told us the US would help.");
	expect_count(1);
	assert_true(fact_text_is(&facts[0], "US"));
}

/* Seas have no country; rivers keep "River"; Crimea and Sevastopol are UA (case 24). */
static void test_water_and_crimea(void **state)
{
	(void)state;
	run("Drones flew from the Sea of Azov across the Dnieper toward Sevastopol "
	    "in Crimea, while ships waited in the Gulf of Aden.");
	expect_count(5);
	expect("Sea of Azov", "sea", "");
	expect("Dnipro River", "other", "UA");
	expect("Sevastopol", "city", "UA");
	expect("Crimea", "region", "UA");
	expect("Gulf of Aden", "sea", "");
}

/* Places inside people, media and fleets are no places (cases 19, 21). */
static void test_names_that_hold_places(void **state)
{
	(void)state;
	run("Vladimir Putin told the Moscow Times that the Black Sea Fleet and the "
	    "Kyiv Post had it wrong.");
	expect_count(0);

	run("The official Vladimir Rogov spoke in Vladimir Oblast.");
	expect_count(1);
	expect("Vladimir Oblast", "region", "RU");

	run("A man from Vladimir was hurt in Kherson.");
	expect("Vladimir", "city", "RU");
	expect("Kherson", "city", "UA");
}

/* Names that are ordinary words need a capital and must not open the sentence. */
static void test_common_words(void **state)
{
	(void)state;
	run("Bar staff in the town of Bar, in the Vinnytsia region, heard blasts.");
	expect_count(2);
	assert_true(fact_text_is(&facts[0], "Bar"));
	assert_true(facts[0].start > 0);
	expect("Bar", "town", "UA");
	expect("Vinnytsia Oblast", "region", "UA");
}

/* All-caps datelines are places (case 25). */
static void test_datelines(void **state)
{
	(void)state;
	run("ZAPORIZHZHIA, Ukraine (AP) - Two people were killed.");
	expect_count(2);
	expect("Zaporizhzhia", "city", "UA");
	expect("Ukraine", "country", "UA");
}

/* Districts: "<Name> District", of a known town or of an unknown name (case 23). */
static void test_districts(void **state)
{
	(void)state;
	run("A drone hit Kyiv's Holosiivskyi district and a farm in the Izyum district.");
	expect_count(3);
	expect("Kyiv", "city", "UA");
	expect("Holosiivskyi District", "district", "UA");
	const nf_fact *f = expect("Izium District", "district", "UA");

	assert_string_equal(f->admin1, "Kharkiv Oblast");

	/* a district name that several cities have takes the city named with it */
	run("A glide bomb hit Kherson's Dniprovskyi district at noon.");
	f = expect("Dniprovskyi District", "district", "UA");
	assert_string_equal(f->admin1, "Kherson Oblast");

	run("Debris fell in the Smolensk region, in its Dorogobuzhsky district.");
	f = expect("Dorogobuzhsky District", "district", "RU");
	assert_string_equal(f->admin1, "Smolensk Oblast");
	assert_false(f->has_coords);

	run("Jets bombed the Pinlebu township and the al-Nasr neighbourhood of Gaza City.");
	expect("Pinlebu Township", "district", "");
	expect("Al-Nasr", "district", "PS");
	expect("Gaza City", "city", "PS");
}

/* Settlements missing from the gazetteer are found after "the village of". */
static void test_unknown_settlements(void **state)
{
	(void)state;
	run("Two died in the village of Zarichne, Donetsk Oblast, and in the town of "
	    "Bilopillia.");
	const nf_fact *f = expect("Zarichne", "village", "UA");

	assert_string_equal(f->admin1, "Donetsk Oblast");
	/* a known place keeps its own kind whatever the article calls it */
	expect("Bilopillia", "town", "UA");

	run("Troops entered the villages of Stepove and Ivanivka near Avdiivka.");
	expect("Stepove", "village", "UA");
	expect("Ivanivka", "village", "UA");
	expect("Avdiivka", "town", "UA");
}

/* Middle East and other conflicts. */
static void test_other_conflicts(void **state)
{
	(void)state;
	run("The Houthis fired at Eilat from Hodeidah, and strikes hit Khartoum and "
	    "the Gaza Strip.");
	expect_count(4);
	expect("Eilat", "town", "IL");
	expect("Hodeidah", "city", "YE");
	expect("Khartoum", "city", "SD");
	expect("Gaza Strip", "region", "PS");

	run("Fighting in Pakistan-administered Kashmir spread to the Middle East debate.");
	expect("Azad Kashmir", "region", "PK");
	expect("Middle East", "other", "");
}

/*
 * The GeoNames part of the gazetteer (data/places_geonames.tsv): a town or
 * village needs the article's country or a settlement word; a name that is also
 * a word ("Police") needs the settlement word; a name shared by several places
 * reads as the one in the article's country.
 */
static void test_geonames_evidence(void **state)
{
	(void)state;
	run("Shelling damaged a school in Nova Ushytsia, in the Khmelnytskyi region, on Sunday.");
	expect("Nova Ushytsia", "village", "UA");

	run("Nova Ushytsia was quiet on Monday, residents told reporters.");
	expect_absent("Nova Ushytsia");

	run("Local police said the road near the port stayed closed, and Police officers searched cars.");
	expect_absent("Police");

	run("Storage tanks burned in the town of Police, in northwestern Poland, officials said.");
	expect("Police", "town", "PL");

	run("Officials in Odesa said debris from a drone fell on Borodino overnight.");
	expect("Borodino", "village", "UA");

	run("Officials in Kursk said debris from a drone fell on Borodino overnight.");
	expect("Borodino", "town", "RU");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_spellings),
		cmocka_unit_test(test_region_names),
		cmocka_unit_test(test_region_lists),
		cmocka_unit_test(test_region_bodies_and_governors),
		cmocka_unit_test(test_bare_names_are_cities),
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_abbreviations_need_capitals),
		cmocka_unit_test(test_water_and_crimea),
		cmocka_unit_test(test_names_that_hold_places),
		cmocka_unit_test(test_common_words),
		cmocka_unit_test(test_datelines),
		cmocka_unit_test(test_districts),
		cmocka_unit_test(test_unknown_settlements),
		cmocka_unit_test(test_other_conflicts),
		cmocka_unit_test(test_geonames_evidence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
