/*
 * writer.c: the columns of a fact record and the format-independent writer.
 */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

const char *const column_names[NCOLUMNS] = {
	"doc", "sentence", "start", "end", "text", "type",
	"category", "status", "value", "qualifier", "low", "high",
	"weapon", "victims", "name", "kind", "country", "admin1",
	"lat", "lon", "resolved", "rule",
};

struct writer {
	enum output_format format;
	FILE *out;
	int explain;
	int failed;
};

writer *writer_new(enum output_format format, FILE *out, int header, int explain)
{
	writer *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->format = format;
	w->out = out;
	w->explain = explain;
	if (format == FORMAT_CSV && header && csv_write_header(out, explain) < 0)
		w->failed = 1;
	return w;
}

int writer_fact(writer *w, const char *doc, const nf_fact *f)
{
	int rc = w->format == FORMAT_CSV ? csv_write_fact(w->out, doc, f, w->explain)
					 : jsonl_write_fact(w->out, doc, f, w->explain);

	if (rc < 0 || ferror(w->out))
		w->failed = 1;
	return w->failed ? -1 : 0;
}

FILE *writer_stream(const writer *w)
{
	return w->out;
}

enum output_format writer_format(const writer *w)
{
	return w->format;
}

int writer_close(writer *w)
{
	int rc = (fflush(w->out) != 0 || ferror(w->out) || w->failed) ? -1 : 0;

	free(w);
	return rc;
}

static field_value str_or_null(const char *s)
{
	field_value v = { .kind = s ? V_STRING : V_NULL, .s = s };

	if (s)
		v.len = strlen(s);
	return v;
}

static field_value integer(long long i)
{
	return (field_value){ .kind = V_INT, .i = i };
}

field_value fact_column(const char *doc, const nf_fact *f, enum column c)
{
	const field_value none = { .kind = V_NONE };
	int is_count = f->type == NF_COUNT;
	int is_named = f->type == NF_PLACE || f->type == NF_ACTOR;
	int has_low, has_high;
	long long low, high;

	switch (c) {
	case COL_DOC: return str_or_null(doc);
	case COL_SENTENCE: return integer((long long)f->sentence);
	case COL_START: return integer((long long)f->start);
	case COL_END: return integer((long long)f->end);
	case COL_TEXT:
		return (field_value){ .kind = V_STRING, .s = f->text, .len = f->end - f->start };
	case COL_TYPE: return str_or_null(nf_type_name(f->type));
	case COL_CATEGORY: return is_count ? str_or_null(f->category) : none;
	case COL_STATUS: return is_count ? str_or_null(f->status) : none;
	case COL_VALUE:
		if (is_count)
			return integer(f->value);
		if (f->type == NF_DATE)
			return str_or_null(f->timex);
		return none;
	case COL_QUALIFIER: return is_count ? str_or_null(f->qualifier) : none;
	case COL_LOW:
	case COL_HIGH:
		if (!is_count)
			return none;
		nf_count_bounds(f, &has_low, &low, &has_high, &high);
		if (c == COL_LOW)
			return has_low ? integer(low) : (field_value){ .kind = V_NULL };
		return has_high ? integer(high) : (field_value){ .kind = V_NULL };
	case COL_WEAPON: return is_count ? str_or_null(f->weapon) : none;
	case COL_VICTIMS: return is_count ? str_or_null(f->victims) : none;
	case COL_NAME: return is_named ? str_or_null(f->name) : none;
	case COL_KIND: return is_named ? str_or_null(f->kind) : none;
	case COL_COUNTRY: return is_named ? str_or_null(f->country) : none;
	case COL_ADMIN1: return f->type == NF_PLACE ? str_or_null(f->admin1) : none;
	case COL_LAT:
	case COL_LON:
		if (f->type != NF_PLACE)
			return none;
		if (!f->has_coords)
			return (field_value){ .kind = V_NULL };
		return (field_value){ .kind = V_REAL, .d = c == COL_LAT ? f->lat : f->lon };
	case COL_RESOLVED:
		return f->type == NF_DATE ? (field_value){ .kind = V_BOOL, .i = f->resolved } : none;
	case COL_RULE: return str_or_null(f->rule);
	case NCOLUMNS: break;
	}
	return none;
}

int fput_scalar(FILE *out, const field_value *v)
{
	if (v->kind == V_INT) {
		/* by hand: fprintf's format parsing was a fifth of a batch run */
		char digits[24], *d = digits + sizeof digits;
		unsigned long long u = v->i < 0 ? 0ull - (unsigned long long)v->i
						: (unsigned long long)v->i;

		do
			*--d = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (v->i < 0)
			*--d = '-';
		return fwrite(d, 1, (size_t)(digits + sizeof digits - d), out) > 0 ? 0 : -1;
	}
	if (v->kind == V_REAL)
		return fprintf(out, "%.5f", v->d) < 0 ? -1 : 0;
	if (v->kind == V_BOOL)
		return fputs(v->i ? "true" : "false", out) == EOF ? -1 : 0;
	return 0;
}

int fput_utf8_clean(const char *s, size_t len, FILE *out)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0, run = 0;

	while (i < len) {
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = p[i] ? utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i > 4 ? 4 : len - i), &cp) : -1;

		if (r > 0) {
			i += (size_t)r;
			continue;
		}
		/* flush the valid run, then the replacement for one bad byte */
		if (fwrite(s + run, 1, i - run, out) != i - run ||
		    fwrite("\xEF\xBF\xBD", 1, 3, out) != 3)
			return -1;
		i++;
		run = i;
	}
	return fwrite(s + run, 1, len - run, out) == len - run ? 0 : -1;
}
