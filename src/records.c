/*
 * records.c: JSON Lines (jansson) and CSV (libcsv) article collections fed to
 * a batch, one record at a time (see records.h). Only the record being parsed
 * is held here; the batch bounds the ones in flight.
 */
#include "records.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

/* "YYYY-MM-DD", or an ISO timestamp starting so, as the reference date. */
static int parse_date(const char *s, nf_options *opt)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (!s || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return -1;
	opt->has_ref_date = 1;
	opt->ref_year = y;
	opt->ref_month = m;
	opt->ref_day = d;
	return 0;
}

/* The name of record n of path when it has no id: "path:n". */
static void record_name(char *buf, size_t size, const char *path, size_t n)
{
	snprintf(buf, size, "%s:%zu", strcmp(path, "-") == 0 ? "stdin" : path, n);
}

/* Queue one record; text is malloc'd and taken. */
static int queue_record(batch *b, const char *path, size_t n, const char *id,
			const char *date, char *text, size_t len, const nf_options *base)
{
	char name[4096];
	nf_options opt = *base;

	if (!text) {
		record_name(name, sizeof name, path, n);
		batch_input_error(b, name, "record without a text field, skipped");
		return 0;
	}
	if (date && *date)
		parse_date(date, &opt);
	if (id && *id)
		snprintf(name, sizeof name, "%s", id);
	else
		record_name(name, sizeof name, path, n);
	return batch_add_text(b, name, text, len, &opt);
}

static char *copy_bytes(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* One JSON Lines record: ids may be strings or integers. */
static int jsonl_record(batch *b, const char *path, size_t lineno, const char *line,
			size_t len, const records_config *cfg, const nf_options *base)
{
	json_error_t jerr;
	json_t *obj = json_loadb(line, len, 0, &jerr);
	char name[4096], idbuf[32];
	int rc;

	if (!obj || !json_is_object(obj)) {
		record_name(name, sizeof name, path, lineno);
		batch_input_error(b, name, obj ? "not a JSON object, skipped"
					       : "invalid JSON, skipped");
		json_decref(obj);
		return 0;
	}
	json_t *id = json_object_get(obj, cfg->id_field);
	json_t *date = json_object_get(obj, cfg->date_field);
	json_t *text = json_object_get(obj, cfg->text_field);
	const char *ids = json_string_value(id);

	if (json_is_integer(id)) {
		snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
		ids = idbuf;
	}
	char *t = NULL;
	size_t tlen = 0;

	if (json_is_string(text)) {
		tlen = json_string_length(text);
		if (!(t = copy_bytes(json_string_value(text), tlen))) {
			json_decref(obj);
			record_name(name, sizeof name, path, lineno);
			batch_input_error(b, name, "out of memory");
			return 0;
		}
	}
	rc = queue_record(b, path, lineno, ids, json_string_value(date), t, tlen, base);
	json_decref(obj);
	return rc;
}

static int read_jsonl(FILE *f, const char *path, const records_config *cfg, batch *b,
		      const nf_options *base)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		size_t len = (size_t)n;

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		size_t skip = 0;

		while (skip < len && (line[skip] == ' ' || line[skip] == '\t'))
			skip++;
		if (skip == len)
			continue;   /* blank lines between records */
		rc = jsonl_record(b, path, lineno, line + skip, len - skip, cfg, base);
	}
	free(line);
	return rc;
}

/* The state of a CSV parse: the header's columns, then one row at a time. */
typedef struct csv_state {
	const records_config *cfg;
	batch *b;
	const char *path;
	const nf_options *base;
	char **fields;
	size_t *lens;
	size_t nfields, cap;
	int header_done;
	int id_col, date_col, text_col;
	size_t row;
	int oom, stop;
} csv_state;

static void csv_field(void *s, size_t len, void *data)
{
	csv_state *st = data;

	if (st->nfields == st->cap) {
		size_t ncap = st->cap ? st->cap * 2 : 16;
		char **nf = realloc(st->fields, ncap * sizeof *nf);

		if (!nf) {
			st->oom = 1;
			return;
		}
		st->fields = nf;
		size_t *nl = realloc(st->lens, ncap * sizeof *nl);

		if (!nl) {
			st->oom = 1;
			return;
		}
		st->lens = nl;
		st->cap = ncap;
	}
	char *copy = copy_bytes(s ? s : "", s ? len : 0);

	if (!copy) {
		st->oom = 1;
		return;
	}
	st->lens[st->nfields] = s ? len : 0;
	st->fields[st->nfields++] = copy;
}

static int column_of(const csv_state *st, const char *name)
{
	for (size_t i = 0; i < st->nfields; i++)
		if (strcmp(st->fields[i], name) == 0)
			return (int)i;
	return -1;
}

static void csv_row(int c, void *data)
{
	csv_state *st = data;
	(void)c;

	if (!st->header_done) {
		st->header_done = 1;
		st->id_col = column_of(st, st->cfg->id_field);
		st->date_col = column_of(st, st->cfg->date_field);
		st->text_col = column_of(st, st->cfg->text_field);
	} else if (!st->stop) {
		char name[4096];
		const char *id = st->id_col >= 0 && (size_t)st->id_col < st->nfields
				 ? st->fields[st->id_col] : NULL;
		const char *date = st->date_col >= 0 && (size_t)st->date_col < st->nfields
				   ? st->fields[st->date_col] : NULL;
		char *text = NULL;
		size_t len = 0;

		st->row++;
		if (st->oom) {
			record_name(name, sizeof name, st->path, st->row);
			batch_input_error(st->b, name, "out of memory");
			st->oom = 0;
		} else {
			if (st->text_col >= 0 && (size_t)st->text_col < st->nfields) {
				text = st->fields[st->text_col];
				len = st->lens[st->text_col];
				st->fields[st->text_col] = NULL;   /* the batch takes it */
			}
			st->stop = queue_record(st->b, st->path, st->row, id, date, text, len,
						st->base);
		}
	}
	for (size_t i = 0; i < st->nfields; i++)
		free(st->fields[i]);
	st->nfields = 0;
}

static int read_csv(FILE *f, const char *path, const records_config *cfg, batch *b,
		    const nf_options *base)
{
	struct csv_parser p;
	csv_state st = { .cfg = cfg, .b = b, .path = path, .base = base };
	char buf[65536];
	size_t n;

	if (csv_init(&p, 0) != 0) {
		batch_input_error(b, path, "out of memory");
		return 0;
	}
	while (!st.stop && (n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (csv_parse(&p, buf, n, csv_field, csv_row, &st) != n) {
			batch_input_error(b, path, "malformed CSV, the rest skipped");
			break;
		}
	}
	if (!st.stop)
		csv_fini(&p, csv_field, csv_row, &st);
	csv_free(&p);
	for (size_t i = 0; i < st.nfields; i++)
		free(st.fields[i]);
	free(st.fields);
	free(st.lens);
	if (st.header_done && st.text_col < 0 && !st.stop)
		batch_input_error(b, path, "no text column in the CSV header");
	return st.stop;
}

int records_read(const char *path, const records_config *cfg, batch *b,
		 const nf_options *base)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	int rc;

	if (!f) {
		batch_input_error(b, path, strerror(errno));
		return 0;
	}
	if (cfg->format == RECORDS_CSV)
		rc = read_csv(f, path, cfg, b, base);
	else
		rc = read_jsonl(f, path, cfg, b, base);
	if (ferror(f))
		batch_input_error(b, path, "read error");
	if (!is_stdin)
		fclose(f);
	return rc;
}
