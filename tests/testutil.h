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

/* Print the facts to stderr (for a failing test's diagnosis). */
void test_dump(const nf_fact *facts, size_t n);

#endif
