/* Placeholder until the place extractor lands: loads nothing, finds nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "extract.h"

struct place_model {
	int unused;
};

struct place_model *place_model_load(const char *dir, char *err, size_t errlen)
{
	struct place_model *m = calloc(1, sizeof *m);

	(void)dir;
	if (!m)
		snprintf(err, errlen, "out of memory");
	return m;
}

void place_model_free(struct place_model *m)
{
	free(m);
}

int extract_places(const nf_model *m, nf_doc *doc)
{
	(void)m;
	(void)doc;
	return 0;
}
