/*
 * table.c: read the tab-separated tables of data/ (see table.h).
 */
#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/*
 * Read the whole file into a NUL-terminated buffer, sized from fstat so that
 * a table costs one allocation and one read (start-up touches every table).
 */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	char *buf = NULL;
	size_t cap, n = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	/* a byte more than the file, so that the end is seen without growing */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	for (;;) {
		if (!buf || n == cap) {
			/* a file that grew (or a pipe) since fstat: read on */
			size_t ncap = buf ? cap * 2 : cap;
			char *nb = realloc(buf, ncap + 1);

			if (!nb) {
				free(buf);
				close(fd);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Lines of buf, for sizing the rows array once (memchr: start-up reads every table). */
static size_t count_lines(const char *buf, size_t len)
{
	size_t n = 1;

	for (const char *p = buf, *end = buf + len; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		n++;
	return n;
}

/*
 * The rows keep their field pointers in one shared array (t->fields), so a
 * row costs what it holds, not TABLE_MAX_FIELDS pointers: start-up touches
 * every row of every table. While the array grows, rows hold their first
 * field's index; the pointers are set once it is complete.
 */
table *table_load(const char *dir, const char *name, int min_fields,
		  char *err, size_t errlen)
{
	table *t = calloc(1, sizeof *t);
	size_t len = 0, nfields = 0, capfields;

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
	size_t cap = count_lines(t->buf, len);

	capfields = 4 * cap;
	t->rows = malloc(cap * sizeof *t->rows);
	t->fields = malloc(capfields * sizeof *t->fields);
	if (!t->rows || !t->fields) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	while (p < endp) {
		char *eol = memchr(p, '\n', (size_t)(endp - p));

		if (!eol)
			eol = endp;
		*eol = '\0';
		line++;
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if (*p != '\0' && *p != '#') {
			table_row *row = &t->rows[t->nrows++];
			size_t first = nfields;
			char *end = eol > p && eol[-1] == '\0' ? eol - 1 : eol;

			for (char *fp = p;;) {
				char *tab = memchr(fp, '\t', (size_t)(end - fp));

				if (nfields - first == TABLE_MAX_FIELDS) {
					snprintf(err, errlen, "%s:%d: more than %d fields",
						 t->path, line, TABLE_MAX_FIELDS);
					goto fail;
				}
				if (nfields == capfields) {
					char **nf = realloc(t->fields, 2 * capfields * sizeof *nf);

					if (!nf) {
						snprintf(err, errlen, "out of memory");
						goto fail;
					}
					t->fields = nf;
					capfields *= 2;
				}
				t->fields[nfields++] = fp;
				if (!tab)
					break;
				*tab = '\0';
				fp = tab + 1;
			}
			row->line = line;
			row->nfields = (int)(nfields - first);
			row->field = (char **)(uintptr_t)first;   /* an index until the array is complete */
			if (row->nfields < min_fields) {
				snprintf(err, errlen, "%s:%d: %d fields, expected at least %d",
					 t->path, line, row->nfields, min_fields);
				goto fail;
			}
		}
		p = eol + 1;
	}
	for (size_t i = 0; i < t->nrows; i++)
		t->rows[i].field = t->fields + (uintptr_t)t->rows[i].field;
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
	free(t->fields);
	free(t);
}
