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
};

/* The columns before the slots, after them, for each kind. */
static const char *const event_head[] = { "doc", "type", "date", "place", "country", "attacker" };
static const char *const event_tail[] = { "weapons", "sentences" };
static const char *const summary_head[] = { "doc", "type" };

static int write_header(const event_writer *w)
{
	int summary = w->kind == RECORD_SUMMARY;
	size_t nhead = summary ? 2 : 6;
	const char *const *head = summary ? summary_head : event_head;
	FILE *out = w->out;

	for (size_t i = 0; i < nhead; i++)
		if ((i && putc(',', out) == EOF) || fputs(head[i], out) == EOF)
			return -1;
	for (int s = 0; s < NF_EVENT_NSLOTS; s++)
		if (putc(',', out) == EOF || fputs(nf_event_slot_name(s), out) == EOF)
			return -1;
	if (!summary)
		for (size_t i = 0; i < 2; i++)
			if (putc(',', out) == EOF || fputs(event_tail[i], out) == EOF)
				return -1;
	return fputs("\r\n", out) == EOF ? -1 : 0;
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
	if (format == FORMAT_CSV && header && write_header(w) < 0)
		w->failed = 1;
	return w;
}

/* The sentence indexes, ';'-separated, into a string the caller frees. */
static char *sentence_list(const nf_event *ev)
{
	size_t size = ev->nsentences * 21 + 1;
	char *buf = malloc(size);
	size_t n = 0;

	if (!buf)
		return NULL;
	buf[0] = '\0';
	for (size_t i = 0; i < ev->nsentences; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%zu", i ? ";" : "", ev->sentences[i]);
	return buf;
}

/* A string field in the writer's format: "name":"value" or a CSV field. */
static int put_string(const event_writer *w, int first, const char *name, const char *s)
{
	FILE *out = w->out;

	if (w->format == FORMAT_CSV)
		return ((!first && putc(',', out) == EOF) ||
			csv_string(out, s, strlen(s)) < 0) ? -1 : 0;
	if ((!first && putc(',', out) == EOF) || fprintf(out, "\"%s\":", name) < 0)
		return -1;
	return json_string(out, s, strlen(s));
}

/* A slot: an integer, or nothing (left out of JSON, empty in CSV). */
static int put_slot(const event_writer *w, const nf_event *ev, int s)
{
	FILE *out = w->out;

	if (w->format == FORMAT_CSV) {
		if (putc(',', out) == EOF)
			return -1;
		return ev->has[s] && fprintf(out, "%lld", ev->slot[s]) < 0 ? -1 : 0;
	}
	if (!ev->has[s])
		return 0;
	return fprintf(out, ",\"%s\":%lld", nf_event_slot_name(s), ev->slot[s]) < 0 ? -1 : 0;
}

static int write_record(const event_writer *w, const char *doc, const nf_event *ev)
{
	int summary = w->kind == RECORD_SUMMARY;
	char *sentences = NULL;
	int rc = -1;

	if (w->format == FORMAT_JSONL && putc('{', w->out) == EOF)
		return -1;
	if (put_string(w, 1, "doc", doc) < 0 ||
	    put_string(w, 0, "type", summary ? "summary" : "event") < 0)
		return -1;
	if (!summary && (put_string(w, 0, "date", ev->date) < 0 ||
			 put_string(w, 0, "place", ev->place) < 0 ||
			 put_string(w, 0, "country", ev->country) < 0 ||
			 put_string(w, 0, "attacker", ev->attacker) < 0))
		return -1;
	for (int s = 0; s < NF_EVENT_NSLOTS; s++)
		if (put_slot(w, ev, s) < 0)
			return -1;
	if (!summary) {
		if (!(sentences = sentence_list(ev)))
			return -1;
		if (put_string(w, 0, "weapons", ev->weapons) < 0 ||
		    put_string(w, 0, "sentences", sentences) < 0)
			goto out;
	}
	rc = fputs(w->format == FORMAT_CSV ? "\r\n" : "}\n", w->out) == EOF ? -1 : 0;
out:
	free(sentences);
	return rc;
}

int event_writer_write(event_writer *w, const char *doc, const nf_event *ev)
{
	if (write_record(w, doc, ev) < 0 || ferror(w->out))
		w->failed = 1;
	return w->failed ? -1 : 0;
}

int event_writer_close(event_writer *w)
{
	int rc = (fflush(w->out) != 0 || ferror(w->out) || w->failed) ? -1 : 0;

	free(w);
	return rc;
}
