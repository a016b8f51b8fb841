/*
 * writer_events.c: event and summary records (FACTS.md, "type = event" and
 * "type = summary") as JSON Lines or CSV. Both formats take their fields from
 * one column list per record kind, so they carry the same values; a slot that
 * was not stated is left out of JSON and empty in CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer.h"

struct event_writer {
	enum output_format format;
	enum record_kind kind;
	FILE *out;
	int failed;
	outbuf buf;             /* the record being built */
};

/* The columns before the slots, after them, for each kind. */
static const char *const event_head[] = { "doc", "type", "date", "place", "country", "attacker" };
static const char *const event_tail[] = { "weapons", "sentences" };
static const char *const summary_head[] = { "doc", "type" };

static void put_str(outbuf *b, const char *s)
{
	outbuf_put(b, s, strlen(s));
}

static void write_header(event_writer *w)
{
	int summary = w->kind == RECORD_SUMMARY;
	size_t nhead = summary ? 2 : 6;
	const char *const *head = summary ? summary_head : event_head;
	outbuf *b = &w->buf;

	for (size_t i = 0; i < nhead; i++) {
		if (i)
			outbuf_putc(b, ',');
		put_str(b, head[i]);
	}
	for (int s = 0; s < NF_EVENT_NSLOTS; s++) {
		outbuf_putc(b, ',');
		put_str(b, nf_event_slot_name(s));
	}
	if (!summary)
		for (size_t i = 0; i < 2; i++) {
			outbuf_putc(b, ',');
			put_str(b, event_tail[i]);
		}
	outbuf_put(b, "\r\n", 2);
}

event_writer *event_writer_new(enum output_format format, FILE *out, int header,
			       enum record_kind kind)
{
	event_writer *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->format = format;
	w->kind = kind;
	w->out = out;
	if (format == FORMAT_CSV && header) {
		write_header(w);
		if (outbuf_flush(&w->buf, out) < 0)
			w->failed = 1;
	}
	return w;
}

/* The start of a field: a comma unless first, and in JSON its key. */
static void put_key(const event_writer *w, outbuf *b, int first, const char *name)
{
	if (!first)
		outbuf_putc(b, ',');
	if (w->format == FORMAT_JSONL) {
		outbuf_putc(b, '"');
		put_str(b, name);
		outbuf_put(b, "\":", 2);
	}
}

/* A string field in the writer's format: "name":"value" or a CSV field. */
static void put_string(const event_writer *w, outbuf *b, int first, const char *name,
		       const char *s)
{
	put_key(w, b, first, name);
	if (w->format == FORMAT_CSV)
		csv_field(b, s, strlen(s));
	else
		jsonl_string(b, s, strlen(s));
}

/* A slot: an integer, or nothing (left out of JSON, empty in CSV). */
static void put_slot(const event_writer *w, outbuf *b, const nf_event *ev, int s)
{
	if (w->format == FORMAT_CSV) {
		outbuf_putc(b, ',');
		if (ev->has[s])
			outbuf_int(b, ev->slot[s]);
		return;
	}
	if (!ev->has[s])
		return;
	put_key(w, b, 0, nf_event_slot_name(s));
	outbuf_int(b, ev->slot[s]);
}

/*
 * The sentence indexes, ';'-separated, as a string field: digits and ';'
 * need no escaping in JSON nor quoting in CSV, so they are written as they are.
 */
static void put_sentences(const event_writer *w, outbuf *b, const nf_event *ev)
{
	put_key(w, b, 0, "sentences");
	if (w->format == FORMAT_JSONL)
		outbuf_putc(b, '"');
	for (size_t i = 0; i < ev->nsentences; i++) {
		if (i)
			outbuf_putc(b, ';');
		outbuf_uint(b, ev->sentences[i]);
	}
	if (w->format == FORMAT_JSONL)
		outbuf_putc(b, '"');
}

static void write_record(event_writer *w, const char *doc, const nf_event *ev)
{
	int summary = w->kind == RECORD_SUMMARY;
	outbuf *b = &w->buf;

	if (w->format == FORMAT_JSONL)
		outbuf_putc(b, '{');
	put_string(w, b, 1, "doc", doc);
	put_string(w, b, 0, "type", summary ? "summary" : "event");
	if (!summary) {
		put_string(w, b, 0, "date", ev->date);
		put_string(w, b, 0, "place", ev->place);
		put_string(w, b, 0, "country", ev->country);
		put_string(w, b, 0, "attacker", ev->attacker);
	}
	for (int s = 0; s < NF_EVENT_NSLOTS; s++)
		put_slot(w, b, ev, s);
	if (!summary) {
		put_string(w, b, 0, "weapons", ev->weapons);
		put_sentences(w, b, ev);
	}
	if (w->format == FORMAT_CSV)
		outbuf_put(b, "\r\n", 2);
	else
		outbuf_put(b, "}\n", 2);
}

int event_writer_write(event_writer *w, const char *doc, const nf_event *ev)
{
	write_record(w, doc, ev);
	if (outbuf_flush(&w->buf, w->out) < 0 || ferror(w->out))
		w->failed = 1;
	return w->failed ? -1 : 0;
}

int event_writer_close(event_writer *w)
{
	/* no fflush: one a document was a write(2) a short article; the stream's
	 * owner flushes it (writer_close) */
	int rc = (ferror(w->out) || w->failed) ? -1 : 0;

	outbuf_free(&w->buf);
	free(w);
	return rc;
}
