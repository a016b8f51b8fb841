/*
 * fuzz_extract.c: libFuzzer target on the library API.
 *
 * The model is loaded once (from NEWSFACTS_DATA, else data/ of the source
 * tree). Each input is passed to nf_extract as a document: the first byte
 * picks the fact types and whether a reference date is set, so both paths of
 * the date resolver and every subset of extractors are exercised. Every fact
 * is checked against the API's promises: its offsets lie inside the buffer,
 * start <= end, and text points at input + start. A broken promise aborts,
 * which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsfacts.h"

#ifndef NF_FUZZ_DATA_DIR
#define NF_FUZZ_DATA_DIR "data"
#endif

static nf_model *model;

typedef struct bounds {
	const char *text;
	size_t len;
	size_t last_start;
} bounds;

static int check_fact(const nf_fact *f, void *ud)
{
	bounds *b = ud;

	if (f->start > f->end || f->end > b->len || f->text != b->text + f->start)
		abort();
	/* facts arrive in order of start (the contract's ordering) */
	if (f->start < b->last_start)
		abort();
	b->last_start = f->start;
	if (!nf_type_name(f->type))
		abort();
	if (f->type == NF_COUNT) {
		int has_low, has_high;
		long long low, high;

		nf_count_bounds(f, &has_low, &low, &has_high, &high);
		if (!f->category || !f->status || !f->qualifier)
			abort();
	}
	if ((f->type == NF_PLACE || f->type == NF_ACTOR) && !f->name)
		abort();
	if (f->type == NF_DATE && memchr(f->timex, '\0', sizeof f->timex) == NULL)
		abort();
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("NEWSFACTS_DATA");
	char err[512];

	(void)argc;
	(void)argv;
	model = nf_model_load(dir && *dir ? dir : NF_FUZZ_DATA_DIR, err, sizeof err);
	if (!model) {
		fprintf(stderr, "fuzz_extract: cannot load the tables: %s\n", err);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned type_sets[8] = {
		0, NF_COUNT, NF_DATE, NF_PLACE, NF_ACTOR,
		NF_COUNT | NF_DATE, NF_PLACE | NF_ACTOR, NF_ALL_TYPES
	};
	nf_options opt = { 0 };
	bounds b;
	char *copy;

	if (size == 0)
		return 0;
	opt.types = type_sets[data[0] & 7];
	if (data[0] & 8) {
		opt.has_ref_date = 1;
		opt.ref_year = 2024;
		opt.ref_month = 1 + (data[0] >> 4) % 12;
		opt.ref_day = 1 + (data[0] >> 4);
	}
	data++;
	size--;
	/* an exact-size copy, so ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	b.text = copy;
	b.len = size;
	b.last_start = 0;
	if (nf_extract(model, copy, size, &opt, check_fact, &b) < 0)
		abort();   /* out of memory on a fuzz-sized input is a bug */
	free(copy);
	return 0;
}
