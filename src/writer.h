/*
 * writer.h: write facts as JSON Lines or CSV (FACTS.md), behind one interface.
 *
 * Both formats take their fields from one column list (writer.c), so they
 * always carry the same facts with the same values.
 */
#ifndef NF_WRITER_H
#define NF_WRITER_H

#include <stdio.h>

#include "newsfacts.h"

enum output_format { FORMAT_JSONL, FORMAT_CSV };

typedef struct writer writer;

/* A writer onto out. header: write the CSV header row; explain: add the rule column. */
writer *writer_new(enum output_format format, FILE *out, int header, int explain);

/* Write one fact of document doc. Returns 0, or -1 when the output failed. */
int writer_fact(writer *w, const char *doc, const nf_fact *fact);

/* The stream and format a writer writes to (for the event records of writer_events.c). */
FILE *writer_stream(const writer *w);
enum output_format writer_format(const writer *w);

/* Flush; returns 0, or -1 when any write failed. Frees the writer. */
int writer_close(writer *w);

/* The value of one column for a fact. */
enum value_kind { V_NONE, V_NULL, V_STRING, V_INT, V_REAL, V_BOOL };

typedef struct field_value {
	enum value_kind kind;
	const char *s;
	size_t len;             /* length of s (text may hold any bytes) */
	long long i;
	double d;
} field_value;

enum column {
	COL_DOC, COL_SENTENCE, COL_START, COL_END, COL_TEXT, COL_TYPE,
	COL_CATEGORY, COL_STATUS, COL_VALUE, COL_QUALIFIER, COL_LOW, COL_HIGH,
	COL_WEAPON, COL_VICTIMS, COL_NAME, COL_KIND, COL_COUNTRY, COL_ADMIN1,
	COL_LAT, COL_LON, COL_RESOLVED, COL_RULE, NCOLUMNS
};

extern const char *const column_names[NCOLUMNS];

/*
 * The value of column c for a fact: V_NONE when the column does not belong to
 * the fact's type, V_NULL when it belongs but is unknown.
 */
field_value fact_column(const char *doc, const nf_fact *f, enum column c);

/* Write a number or boolean value as both formats spell it (42, 50.45000, true). */
int fput_scalar(FILE *out, const field_value *v);

/*
 * Write s[0..len) as valid UTF-8: invalid sequences and NUL bytes become
 * U+FFFD. Used for the text field, whatever bytes the input held.
 */
int fput_utf8_clean(const char *s, size_t len, FILE *out);

/* Internal: the two formats. */
int csv_write_header(FILE *out, int explain);
int csv_write_fact(FILE *out, const char *doc, const nf_fact *f, int explain);
int jsonl_write_fact(FILE *out, const char *doc, const nf_fact *f, int explain);
/* One string field, escaped for its format (shared with writer_events.c). */
int csv_string(FILE *out, const char *s, size_t len);
int json_string(FILE *out, const char *s, size_t len);

/*
 * Event and summary records (FACTS.md, "type = event", "type = summary"),
 * written instead of the facts, with their own CSV header (writer_events.c).
 */
enum record_kind { RECORD_EVENT, RECORD_SUMMARY };

typedef struct event_writer event_writer;

event_writer *event_writer_new(enum output_format format, FILE *out, int header,
			       enum record_kind kind);
/* Write one record of document doc. Returns 0, or -1 when the output failed. */
int event_writer_write(event_writer *w, const char *doc, const nf_event *ev);
/* Flush; returns 0, or -1 when any write failed. Frees the writer. */
int event_writer_close(event_writer *w);

#endif
