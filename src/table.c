/*
 * table.c: read the tab-separated tables of data/ (see table.h).
 */
#include "table.h"
#include "cache.h"

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
	if (!t->mapped)
		free(t->buf);
	free(t->rows);
	free(t->fields);
	free(t);
}

/* What table_save writes first; then the path, the text, the rows and the fields. */
typedef struct saved_table {
	uint64_t nrows, nfields, pathlen, buflen;   /* pathlen and buflen with their NUL */
} saved_table;

typedef struct saved_row {
	uint32_t first;         /* its first field's index in the fields */
	int32_t nfields, line;
} saved_row;

int table_save(const table *t, FILE *f)
{
	size_t nfields = t->nrows ? (size_t)(t->rows[t->nrows - 1].field - t->fields) +
				    (size_t)t->rows[t->nrows - 1].nfields : 0;
	/* the text ends at its last field's NUL */
	size_t buflen = nfields ? (size_t)(t->fields[nfields - 1] - t->buf) +
				  strlen(t->fields[nfields - 1]) + 1 : 1;
	saved_table h = { t->nrows, nfields, strlen(t->path) + 1, buflen };
	saved_row *rows = malloc((t->nrows ? t->nrows : 1) * sizeof *rows);
	uint32_t *offs = malloc((nfields ? nfields : 1) * sizeof *offs);
	int ok = rows && offs && buflen <= UINT32_MAX;

	for (size_t i = 0; ok && i < t->nrows; i++)
		rows[i] = (saved_row){ (uint32_t)(t->rows[i].field - t->fields), t->rows[i].nfields,
				       t->rows[i].line };
	for (size_t i = 0; ok && i < nfields; i++)
		offs[i] = (uint32_t)(t->fields[i] - t->buf);
	ok = ok && cache_write_padded(f, &h, sizeof h) && cache_write_padded(f, t->path, h.pathlen) &&
	     cache_write_padded(f, nfields ? t->buf : "", buflen) &&
	     cache_write_padded(f, rows, t->nrows * sizeof *rows) &&
	     cache_write_padded(f, offs, nfields * sizeof *offs);
	free(rows);
	free(offs);
	return ok ? 0 : -1;
}

table *table_map(const char **p, const char *end, int min_fields)
{
	const saved_table *h = cache_take(p, end, sizeof *h);

	if (!h || h->nrows > UINT32_MAX || h->nfields > UINT32_MAX || h->pathlen == 0 ||
	    h->buflen == 0 || h->buflen > UINT32_MAX)
		return NULL;
	const char *path = cache_take(p, end, h->pathlen), *buf = cache_take(p, end, h->buflen);
	const saved_row *rows = cache_take(p, end, h->nrows * sizeof *rows);
	const uint32_t *offs = cache_take(p, end, h->nfields * sizeof *offs);
	table *t;

	if (!path || !buf || (h->nrows && !rows) || (h->nfields && !offs) ||
	    path[h->pathlen - 1] != '\0' || buf[h->buflen - 1] != '\0' ||
	    !(t = calloc(1, sizeof *t)))
		return NULL;
	t->mapped = 1;
	t->buf = (char *)(uintptr_t)buf;        /* read only: nobody writes a loaded table */
	t->nrows = (size_t)h->nrows;
	if (!(t->path = strdup(path)) ||
	    !(t->rows = malloc((t->nrows ? t->nrows : 1) * sizeof *t->rows)) ||
	    !(t->fields = malloc((h->nfields ? h->nfields : 1) * sizeof *t->fields)))
		goto bad;
	for (size_t i = 0; i < h->nfields; i++) {
		if (offs[i] >= h->buflen)
			goto bad;
		t->fields[i] = t->buf + offs[i];
	}
	for (size_t i = 0; i < t->nrows; i++) {
		if (rows[i].first > h->nfields || rows[i].nfields < min_fields ||
		    (uint64_t)rows[i].nfields > h->nfields - rows[i].first)
			goto bad;
		t->rows[i] = (table_row){ t->fields + rows[i].first, rows[i].nfields, rows[i].line };
	}
	return t;
bad:
	table_free(t);
	return NULL;
}
