/* Placeholder until the count extractor lands: loads nothing, finds nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "extract.h"

struct count_model {
	int unused;
};

struct count_model *count_model_load(const char *dir, char *err, size_t errlen)
{
	struct count_model *m = calloc(1, sizeof *m);

	(void)dir;
	if (!m)
		snprintf(err, errlen, "out of memory");
	return m;
}

void count_model_free(struct count_model *m)
{
	free(m);
}

int extract_counts(const nf_model *m, nf_doc *doc)
{
	(void)m;
	(void)doc;
	return 0;
}
