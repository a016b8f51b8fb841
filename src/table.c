/*
 * table.c: read the tab-separated tables of data/ (see table.h).
 */
#include "table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = malloc(dl + nl + 2);

	if (!p)
		return NULL;
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

/* Read the whole file into a NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, ncap + 1);

			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap = ncap;
		}
		size_t r = fread(buf + n, 1, cap - n, f);

		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

table *table_load(const char *dir, const char *name, int min_fields,
		  char *err, size_t errlen)
{
	table *t = calloc(1, sizeof *t);
	size_t len = 0, cap = 0;

	if (!t || !(t->path = path_join(dir, name))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (!(t->buf = slurp(t->path, &len))) {
		snprintf(err, errlen, "cannot read '%s': %s", t->path, strerror(errno));
		goto fail;
	}
	char *p = t->buf, *endp = t->buf + len;
	int line = 0;

	while (p < endp) {
		char *eol = memchr(p, '\n', (size_t)(endp - p));

		if (!eol)
			eol = endp;
		*eol = '\0';
		line++;
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if (*p != '\0' && *p != '#') {
			if (t->nrows == cap) {
				size_t ncap = cap ? cap * 2 : 256;
				table_row *nr = realloc(t->rows, ncap * sizeof *nr);

				if (!nr) {
					snprintf(err, errlen, "out of memory");
					goto fail;
				}
				t->rows = nr;
				cap = ncap;
			}
			table_row *row = &t->rows[t->nrows++];

			row->nfields = 0;
			row->line = line;
			for (char *f = p;;) {
				char *tab = strchr(f, '\t');

				if (row->nfields == TABLE_MAX_FIELDS) {
					snprintf(err, errlen, "%s:%d: more than %d fields",
						 t->path, line, TABLE_MAX_FIELDS);
					goto fail;
				}
				row->field[row->nfields++] = f;
				if (!tab)
					break;
				*tab = '\0';
				f = tab + 1;
			}
			if (row->nfields < min_fields) {
				snprintf(err, errlen, "%s:%d: %d fields, expected at least %d",
					 t->path, line, row->nfields, min_fields);
				goto fail;
			}
		}
		p = eol + 1;
	}
	return t;
fail:
	table_free(t);
	return NULL;
}

void table_free(table *t)
{
	if (!t)
		return;
	free(t->path);
	free(t->buf);
	free(t->rows);
	free(t);
}

const char *table_get(const table_row *row, int i)
{
	return i < row->nfields ? row->field[i] : "";
}
