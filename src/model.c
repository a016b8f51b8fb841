/*
 * model.c: load and free the tables of every stage (data/).
 */
#include <stdio.h>
#include <stdlib.h>

#include "extract.h"

nf_model *nf_model_load(const char *dir, char *err, size_t errlen)
{
	nf_model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(m->numbers = numbers_load(dir, err, errlen)) ||
	    !(m->splitter = splitter_load(dir, err, errlen)) ||
	    !(m->date = date_model_load(dir, err, errlen)) ||
	    !(m->actor = actor_model_load(dir, err, errlen)) ||
	    !(m->place = place_model_load(dir, err, errlen)) ||
	    !(m->count = count_model_load(dir, err, errlen)) ||
	    !(m->events = events_model_load(dir, err, errlen))) {
		nf_model_free(m);
		return NULL;
	}
	if (count_model_bind_numbers(m->count, m->numbers) < 0) {
		snprintf(err, errlen, "out of memory");
		nf_model_free(m);
		return NULL;
	}
	return m;
}

void nf_model_free(nf_model *m)
{
	if (!m)
		return;
	events_model_free(m->events);
	count_model_free(m->count);
	place_model_free(m->place);
	actor_model_free(m->actor);
	date_model_free(m->date);
	splitter_free(m->splitter);
	numbers_free(m->numbers);
	free(m);
}
