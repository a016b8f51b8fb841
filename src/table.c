/*
 * table.c: read the tab-separated tables of data/ (see table.h).
 */
#include "table.h"

#include <errno.h>
#include <fcntl.h>
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

/* Lines and tabs of buf, for sizing the rows and fields arrays once. */
static void count_lines(const char *buf, size_t len, size_t *lines, size_t *tabs)
{
	size_t nl = 1, nt = 0;

	for (size_t i = 0; i < len; i++) {
		nl += buf[i] == '\n';
		nt += buf[i] == '\t';
	}
	*lines = nl;
	*tabs = nt;
}

/*
 * The rows keep their field pointers in one shared array (t->fields), sized
 * from the tabs of the file, so a row costs what it holds, not
 * TABLE_MAX_FIELDS pointers: start-up touches every row of every table.
 */
table *table_load(const char *dir, const char *name, int min_fields,
		  char *err, size_t errlen)
{
	table *t = calloc(1, sizeof *t);
	size_t len = 0, cap = 0, nfields = 0, capfields;
	char *f[TABLE_MAX_FIELDS];

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

	count_lines(t->buf, len, &cap, &capfields);
	capfields += cap;       /* a row has one field more than tabs */
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
			int n = 0;

			row->line = line;
			for (char *fp = p;;) {
				char *tab = strchr(fp, '\t');

				if (n == TABLE_MAX_FIELDS) {
					snprintf(err, errlen, "%s:%d: more than %d fields",
						 t->path, line, TABLE_MAX_FIELDS);
					goto fail;
				}
				f[n++] = fp;
				if (!tab)
					break;
				*tab = '\0';
				fp = tab + 1;
			}
			if (n < min_fields) {
				snprintf(err, errlen, "%s:%d: %d fields, expected at least %d",
					 t->path, line, n, min_fields);
				goto fail;
			}
			memcpy(t->fields + nfields, f, (size_t)n * sizeof *f);
			row->field = t->fields + nfields;
			row->nfields = n;
			nfields += (size_t)n;
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
	free(t->fields);
	free(t);
}

const char *table_get(const table_row *row, int i)
{
	return i < row->nfields ? row->field[i] : "";
}
