/*
 * writer_jsonl.c: one JSON object per fact and line (RFC 8259). Every string
 * is escaped and made valid UTF-8, so each line parses whatever the input held.
 */
#include <stdio.h>
#include <string.h>

#include "writer.h"

/* Write a JSON string: quotes, backslashes and control characters escaped. */
int json_string(FILE *out, const char *s, size_t len)
{
	size_t run = 0;

	if (putc('"', out) == EOF)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char ubuf[8];

		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\t')
			esc = "\\t";
		else if (c < 0x20 && c != 0) {
			snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
			esc = ubuf;
		} else if (c == 0x7f) {
			esc = "\\u007f";
		}
		if (!esc)
			continue;
		if (fput_utf8_clean(s + run, i - run, out) < 0 || fputs(esc, out) == EOF)
			return -1;
		run = i + 1;
	}
	if (fput_utf8_clean(s + run, len - run, out) < 0 || putc('"', out) == EOF)
		return -1;
	return 0;
}

int jsonl_write_fact(FILE *out, const char *doc, const nf_fact *f, int explain)
{
	int first = 1;

	if (putc('{', out) == EOF)
		return -1;
	for (int c = 0; c < NCOLUMNS; c++) {
		if (c == COL_RULE && !explain)
			continue;
		field_value v = fact_column(doc, f, (enum column)c);

		if (v.kind == V_NONE)
			continue;
		if (!first && putc(',', out) == EOF)
			return -1;
		first = 0;
		/* one write of the key: fprintf's format parsing was a fifth of a batch run */
		char key[64];
		size_t kl = strlen(column_names[c]);

		if (kl + 3 > sizeof key)
			return -1;
		key[0] = '"';
		memcpy(key + 1, column_names[c], kl);
		memcpy(key + 1 + kl, "\":", 2);
		if (fwrite(key, 1, kl + 3, out) != kl + 3)
			return -1;
		switch (v.kind) {
		case V_NULL:
			if (fputs("null", out) == EOF)
				return -1;
			break;
		case V_STRING:
			if (json_string(out, v.s, v.len) < 0)
				return -1;
			break;
		case V_INT:
		case V_REAL:
		case V_BOOL:
			if (fput_scalar(out, &v) < 0)
				return -1;
			break;
		case V_NONE:
			break;
		}
	}
	return fputs("}\n", out) == EOF ? -1 : 0;
}
