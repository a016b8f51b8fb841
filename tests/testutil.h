/*
 * testutil.h: helpers shared by the cmocka tests: one model loaded from the
 * project's data/ for the whole test program, and extraction into an array.
 */
#ifndef NF_TESTUTIL_H
#define NF_TESTUTIL_H

#include <stddef.h>

#include "newsfacts.h"

/* The model of data/ (NF_TEST_DATA_DIR, set by the Makefile), loaded once. */
const nf_model *test_model(void);

/*
 * Extract the facts of text with the given types (0 = all) and reference date
 * ("2024-06-13" or NULL). Copies up to max facts into out and returns how many
 * there were. Fact text pointers point into text.
 */
size_t test_extract(const char *text, const char *ref_date, unsigned types,
		    nf_fact *out, size_t max);

/* The fact's text equals s. */
int fact_text_is(const nf_fact *f, const char *s);

/* Write one fact as the compact string a test compares ("Kyiv|city|UA=Kyiv"). */
typedef void (*fact_describer)(const nf_fact *f, char *buf, size_t size);

/*
 * The n facts, described one by one, equal want (NULL-terminated), in order.
 * On a difference, print the text, what was wanted and the facts found.
 */
int facts_match(const char *text, const nf_fact *facts, size_t n,
		const char *const *want, fact_describer describe);

/*
 * Point NEWSFACTS_CACHE_DIR at a new folder made from the mkdtemp template
 * dir. Returns the previous value to hand to test_cache_dir_end (malloc'd,
 * NULL when it was unset); *made is 0 when the folder could not be made.
 */
char *test_cache_dir_begin(char *dir, int *made);
/* Remove the folder dir and put NEWSFACTS_CACHE_DIR back as saved (freed); 0 when removed. */
int test_cache_dir_end(const char *dir, char *saved);

/* Print the facts to stderr (for a failing test's diagnosis). */
void test_dump(const nf_fact *facts, size_t n);

#endif
