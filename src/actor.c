/* Placeholder until the actor extractor lands: loads nothing, finds nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "extract.h"

struct actor_model {
	int unused;
};

struct actor_model *actor_model_load(const char *dir, char *err, size_t errlen)
{
	struct actor_model *m = calloc(1, sizeof *m);

	(void)dir;
	if (!m)
		snprintf(err, errlen, "out of memory");
	return m;
}

void actor_model_free(struct actor_model *m)
{
	free(m);
}

int extract_actors(const nf_model *m, nf_doc *doc)
{
	(void)m;
	(void)doc;
	return 0;
}
