/* Placeholder until the date extractor lands: loads nothing, finds nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "extract.h"

struct date_model {
	int unused;
};

struct date_model *date_model_load(const char *dir, char *err, size_t errlen)
{
	struct date_model *m = calloc(1, sizeof *m);

	(void)dir;
	if (!m)
		snprintf(err, errlen, "out of memory");
	return m;
}

void date_model_free(struct date_model *m)
{
	free(m);
}

int extract_dates(const nf_model *m, nf_doc *doc)
{
	(void)m;
	(void)doc;
	return 0;
}
