/*
 * table.h: the plain-text tables of data/. One record a line, fields separated by
 * tabs; blank lines and lines starting with '#' are skipped. The table keeps the
 * file's bytes, and the field pointers stay valid until table_free.
 */
#ifndef NF_TABLE_H
#define NF_TABLE_H

#include <stddef.h>
#include <stdio.h>

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
	int mapped;             /* buf lives in a mapped cache (table_map): not ours to free */
} table;

/*
 * Read dir/name. Every row must have at least min_fields fields. On failure
 * return NULL with a one-line reason in err ("data/places.tsv:12: ...").
 */
table *table_load(const char *dir, const char *name, int min_fields,
		  char *err, size_t errlen);
void table_free(table *t);

/*
 * A table, saved into a model cache (cache.h's layout): 0, or -1 when
 * writing fails. table_map reads it back at *p (8-aligned, in a mapping that
 * outlives the table) up to end, its strings in place, and moves *p past it;
 * NULL when it does not hold together or a row has fewer than min_fields
 * fields. Free with table_free.
 */
int table_save(const table *t, FILE *f);
table *table_map(const char **p, const char *end, int min_fields);

/* Field i of a row, or "" when the row is shorter (inline: loaders call it per field). */
static inline const char *table_get(const table_row *row, int i)
{
	return i < row->nfields ? row->field[i] : "";
}

#endif
