/*
 * test_numbers.c: numbers in digits and words (src/numbers.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"
#include "testutil.h"

/*
 * Tokenize text and read the number at its first token whose text starts
 * with 'at'. Returns number_at's result and fills *out.
 */
static int read_number(const char *text, const char *at, number_match *out)
{
	nf_doc doc;
	int found = 0;
	size_t offset = (size_t)(strstr(text, at) - text);

	memset(&doc, 0, sizeof doc);
	assert_int_equal(tokenize(&doc, text, strlen(text)), 0);
	for (size_t i = 0; i < doc.ntoks; i++) {
		if (doc.toks[i].start == offset) {
			found = number_at(test_model()->numbers, &doc, i, out);
			break;
		}
	}
	doc_release(&doc);
	return found;
}

static void test_digits(void **state)
{
	number_match n;

	(void)state;
	assert_true(read_number("Russia fired 1,250 drones", "1,250", &n));
	assert_int_equal(n.value, 1250);
	assert_int_equal(n.ntoks, 1);
	assert_false(n.vague);
	assert_false(n.words);
	assert_true(read_number("some 1.5 thousand drones", "1.5", &n));
	assert_int_equal(n.value, 1500);
	assert_int_equal(n.ntoks, 2);
	assert_true(read_number("a 3 million budget", "3", &n));
	assert_int_equal(n.value, 3000000);
	/* a fraction with no multiplier is not a count */
	assert_false(read_number("rose by 2.5 points", "2.5", &n));
}

static void test_words(void **state)
{
	number_match n;

	(void)state;
	assert_true(read_number("Seventeen drones were seen", "Seventeen", &n));
	assert_int_equal(n.value, 17);
	assert_true(n.words);
	assert_true(read_number("about sixty-three missiles", "sixty", &n));
	assert_int_equal(n.value, 63);
	assert_int_equal(n.ntoks, 3);
	assert_true(read_number("one hundred and forty drones", "one", &n));
	assert_int_equal(n.value, 140);
	assert_int_equal(n.ntoks, 4);
	assert_true(read_number("two thousand five hundred people", "two", &n));
	assert_int_equal(n.value, 2500);
	assert_true(read_number("three hundred thousand residents", "three", &n));
	assert_int_equal(n.value, 300000);
}

static void test_dozens_and_vague(void **state)
{
	number_match n;

	(void)state;
	assert_true(read_number("a dozen drones", "a dozen", &n));
	assert_int_equal(n.value, 12);
	assert_int_equal(n.ntoks, 2);
	assert_true(read_number("three dozen missiles", "three", &n));
	assert_int_equal(n.value, 36);
	assert_false(n.vague);
	assert_true(read_number("half a dozen drones", "half", &n));
	assert_int_equal(n.value, 6);
	assert_true(read_number("dozens of drones", "dozens", &n));
	assert_int_equal(n.value, 24);
	assert_true(n.vague);
	assert_true(read_number("hundreds of people", "hundreds", &n));
	assert_int_equal(n.value, 200);
	assert_true(read_number("tens of thousands of lives", "tens", &n));
	assert_int_equal(n.value, 20000);
	assert_int_equal(n.ntoks, 3);
	assert_true(n.vague);
}

static void test_edges(void **state)
{
	number_match n;

	(void)state;
	/* a trailing "and" stays outside the number */
	assert_true(read_number("five and a car", "five", &n));
	assert_int_equal(n.value, 5);
	assert_int_equal(n.ntoks, 1);
	/* "a" alone is no number, nor a bare "hundred" */
	assert_false(read_number("a drone hit", "a drone", &n));
	assert_false(read_number("hundred drones", "hundred", &n));
	/* two units in a row do not combine */
	assert_true(read_number("one two three", "one", &n));
	assert_int_equal(n.ntoks, 1);
	/* ordinals are not numbers */
	assert_false(read_number("the 83rd brigade", "83rd", &n));
}

static void test_groups_and_suffixes(void **state)
{
	number_match n;

	(void)state;
	/* thousands groups after a plain space */
	assert_true(read_number("Russia sent 1 200 drones", "1 200", &n));
	assert_int_equal(n.value, 1200);
	assert_int_equal(n.ntoks, 2);
	assert_true(read_number("some 2 500 000 shells", "2 500", &n));
	assert_int_equal(n.value, 2500000);
	/* a four-digit year is no group leader, and two digits are no group */
	assert_true(read_number("in 2023 300 drones", "2023", &n));
	assert_int_equal(n.value, 2023);
	assert_int_equal(n.ntoks, 1);
	assert_true(read_number("on day 12 40 drones", "12", &n));
	assert_int_equal(n.value, 12);
	/* suffixes glued to the digits */
	assert_true(read_number("nearly 1.5k drones", "1.5k", &n));
	assert_int_equal(n.value, 1500);
	assert_int_equal(n.ntoks, 3);
	assert_true(read_number("a 10k bill", "10k", &n));
	assert_int_equal(n.value, 10000);
	assert_true(read_number("spent 3bn", "3bn", &n));
	assert_int_equal(n.value, 3000000000LL);
	assert_false(read_number("the 1e5k code", "1e5k", &n));
	/* "forty-eight", "a hundred", "one hundred and twenty" */
	assert_true(read_number("forty-eight drones", "forty", &n));
	assert_int_equal(n.value, 48);
	assert_true(read_number("a hundred drones", "a hundred", &n));
	assert_int_equal(n.value, 100);
	assert_true(read_number("one hundred and twenty missiles", "one", &n));
	assert_int_equal(n.value, 120);
	assert_true(read_number("two dozen drones", "two", &n));
	assert_int_equal(n.value, 24);
	assert_false(n.vague);
	assert_true(read_number("thousands of drones", "thousands", &n));
	assert_int_equal(n.value, 2000);
	assert_true(n.vague);
}

static void test_huge_numbers_refused(void **state)
{
	number_match n;

	(void)state;
	/* 40 digits would overflow a long long: refused, never wrapped */
	assert_false(read_number("1234567890123456789012345678901234567890 drones",
				 "1234567890", &n));
	assert_false(read_number("9999999999999999 drones", "9999", &n));
	/* the largest accepted value */
	assert_true(read_number("1000000000000000 drones", "1000", &n));
	assert_int_equal(n.value, 1000000000000000LL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_dozens_and_vague),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_groups_and_suffixes),
		cmocka_unit_test(test_huge_numbers_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
