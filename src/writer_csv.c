/*
 * writer_csv.c: RFC 4180 CSV with the header row of FACTS.md. Fields that need
 * quoting go through libcsv's csv_fwrite; the rest are written as they are.
 * Lines end in CRLF, as RFC 4180 asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "writer.h"

int csv_write_header(FILE *out, int explain)
{
	for (int c = 0; c < NCOLUMNS; c++) {
		if (c == COL_RULE && !explain)
			continue;
		if ((c > 0 && putc(',', out) == EOF) || fputs(column_names[c], out) == EOF)
			return -1;
	}
	return fputs("\r\n", out) == EOF ? -1 : 0;
}

/* A string field, quoted by libcsv when it holds a comma, quote or line break. */
int csv_string(FILE *out, const char *s, size_t len)
{
	int needs_quotes = 0;
	int clean = 1;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ',' || c == '"' || c == '\r' || c == '\n')
			needs_quotes = 1;
		if (c == 0 || c >= 0x80)
			clean = 0;
	}
	if (!clean) {
		/* make it valid UTF-8 first, in memory, then quote as needed */
		char *buf = NULL;
		size_t blen = 0;
		FILE *mem = open_memstream(&buf, &blen);
		int rc;

		if (!mem)
			return -1;
		rc = fput_utf8_clean(s, len, mem);
		if (fclose(mem) != 0)
			rc = -1;
		if (rc == 0)
			rc = needs_quotes ? (csv_fwrite(out, buf, blen) == 0 ? 0 : -1)
					  : (fwrite(buf, 1, blen, out) == blen ? 0 : -1);
		free(buf);
		return rc;
	}
	if (needs_quotes)
		return csv_fwrite(out, s, len) == 0 ? 0 : -1;
	return fwrite(s, 1, len, out) == len ? 0 : -1;
}

int csv_write_fact(FILE *out, const char *doc, const nf_fact *f, int explain)
{
	for (int c = 0; c < NCOLUMNS; c++) {
		if (c == COL_RULE && !explain)
			continue;
		field_value v = fact_column(doc, f, (enum column)c);

		if (c > 0 && putc(',', out) == EOF)
			return -1;
		switch (v.kind) {
		case V_NONE:
		case V_NULL:
			break;
		case V_STRING:
			if (csv_string(out, v.s, v.len) < 0)
				return -1;
			break;
		case V_INT:
		case V_REAL:
		case V_BOOL:
			if (fput_scalar(out, &v) < 0)
				return -1;
			break;
		}
	}
	return fputs("\r\n", out) == EOF ? -1 : 0;
}
