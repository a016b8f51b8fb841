#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NF_TEST_DATA_DIR
#define NF_TEST_DATA_DIR "data"
#endif

static nf_model *model;

static void free_model(void)
{
	nf_model_free(model);
}

const nf_model *test_model(void)
{
	char err[512];

	if (!model) {
		model = nf_model_load(NF_TEST_DATA_DIR, err, sizeof err);
		if (!model) {
			fprintf(stderr, "test: cannot load model: %s\n", err);
			exit(1);
		}
		atexit(free_model);
	}
	return model;
}

/* Copies of fact strings, which live only during the callback; freed at exit. */
static char **copies;
static size_t ncopies, capcopies;

static void free_copies(void)
{
	for (size_t i = 0; i < ncopies; i++)
		free(copies[i]);
	free(copies);
}

static const char *keep(const char *s)
{
	if (!s)
		return NULL;
	if (ncopies == capcopies) {
		capcopies = capcopies ? capcopies * 2 : 256;
		if (!copies)
			atexit(free_copies);
		copies = realloc(copies, capcopies * sizeof *copies);
		if (!copies)
			exit(1);
	}
	if (!(copies[ncopies] = strdup(s)))
		exit(1);
	return copies[ncopies++];
}

struct collect {
	nf_fact *out;
	size_t max, n;
};

static int collect_fact(const nf_fact *f, void *ud)
{
	struct collect *c = ud;

	if (c->n < c->max) {
		nf_fact *o = &c->out[c->n];

		*o = *f;
		o->name = keep(f->name);
		o->kind = keep(f->kind);
		o->country = keep(f->country);
		o->admin1 = keep(f->admin1);
	}
	c->n++;
	return 0;
}

size_t test_extract(const char *text, const char *ref_date, unsigned types,
		    nf_fact *out, size_t max)
{
	nf_options opt = { .types = types };
	struct collect c = { out, max, 0 };

	if (ref_date && sscanf(ref_date, "%d-%d-%d", &opt.ref_year,
			       &opt.ref_month, &opt.ref_day) == 3)
		opt.has_ref_date = 1;
	if (nf_extract(test_model(), text, strlen(text), &opt, collect_fact, &c) < 0) {
		fprintf(stderr, "test: out of memory\n");
		exit(1);
	}
	return c.n;
}

int fact_text_is(const nf_fact *f, const char *s)
{
	return f->end - f->start == strlen(s) && memcmp(f->text, s, strlen(s)) == 0;
}

int facts_match(const char *text, const nf_fact *facts, size_t n,
		const char *const *want, fact_describer describe)
{
	size_t nwant = 0;
	int ok = 1;

	while (want[nwant])
		nwant++;
	if (n != nwant)
		ok = 0;
	for (size_t i = 0; ok && i < n; i++) {
		char got[512];

		describe(&facts[i], got, sizeof got);
		ok = strcmp(got, want[i]) == 0;
	}
	if (!ok) {
		fprintf(stderr, "text: %s\nwant:\n", text);
		for (size_t i = 0; i < nwant; i++)
			fprintf(stderr, "  %s\n", want[i]);
		fprintf(stderr, "got:\n");
		test_dump(facts, n);
	}
	return ok;
}

void test_dump(const nf_fact *facts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const nf_fact *f = &facts[i];

		fprintf(stderr, "  %s [%.*s]", nf_type_name(f->type),
			(int)(f->end - f->start), f->text);
		if (f->type == NF_COUNT)
			fprintf(stderr, " %s/%s/%lld/%s w=%s v=%s", f->category,
				f->status, f->value, f->qualifier,
				f->weapon ? f->weapon : "", f->victims ? f->victims : "");
		else if (f->type == NF_DATE)
			fprintf(stderr, " %s", f->timex);
		else
			fprintf(stderr, " %s (%s, %s)", f->name, f->kind, f->country);
		fprintf(stderr, " rule=%s\n", f->rule ? f->rule : "");
	}
}

char *test_cache_dir_begin(char *dir, int *made)
{
	const char *old = getenv("NEWSFACTS_CACHE_DIR");
	char *saved = old ? strdup(old) : NULL;

	*made = mkdtemp(dir) != NULL;
	if (*made)
		setenv("NEWSFACTS_CACHE_DIR", dir, 1);
	return saved;
}

int test_cache_dir_end(const char *dir, char *saved)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	int rc = system(cmd);

	if (saved)
		setenv("NEWSFACTS_CACHE_DIR", saved, 1);
	else
		unsetenv("NEWSFACTS_CACHE_DIR");
	free(saved);
	return rc;
}
