/*
 * table.h: the plain-text tables of data/. One record a line, fields separated by
 * tabs; blank lines and lines starting with '#' are skipped. The table keeps the
 * file's bytes, and the field pointers stay valid until table_free.
 */
#ifndef NF_TABLE_H
#define NF_TABLE_H

#include <stddef.h>

#define TABLE_MAX_FIELDS 16

typedef struct table_row {
	char **field;           /* nfields pointers into the table's buffer */
	int nfields;
	int line;               /* 1-based line number, for error messages */
} table_row;

typedef struct table {
	char *path;
	char *buf;
	table_row *rows;
	size_t nrows;
	char **fields;          /* every row's field pointers, one after another */
} table;

/*
 * Read dir/name. Every row must have at least min_fields fields. On failure
 * return NULL with a one-line reason in err ("data/places.tsv:12: ...").
 */
table *table_load(const char *dir, const char *name, int min_fields,
		  char *err, size_t errlen);
void table_free(table *t);

/* Field i of a row, or "" when the row is shorter (inline: loaders call it per field). */
static inline const char *table_get(const table_row *row, int i)
{
	return i < row->nfields ? row->field[i] : "";
}

#endif
