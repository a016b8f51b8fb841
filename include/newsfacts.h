/*
 * newsfacts.h: extract dates, places, actors and counts of drones, missiles and
 * casualties from English news text.
 *
 * The library reads a buffer of UTF-8 text (invalid sequences are tolerated) and
 * reports facts through a callback, in order of (start, end, type). Offsets are
 * byte offsets into the caller's buffer, so text[start..end) is the fact's text.
 *
 * A model holds the tables of data/ and is read-only after loading: one model
 * may serve any number of threads, each calling nf_extract on its own buffer.
 */
#ifndef NEWSFACTS_H
#define NEWSFACTS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NEWSFACTS_VERSION "0.1.0"
/* The version of the output contract (FACTS.md) this library follows. */
#define NEWSFACTS_CONTRACT_VERSION 1

/* Fact types, as bits so that a set of them fits in nf_options.types. */
typedef enum {
	NF_ACTOR = 1,
	NF_COUNT = 2,
	NF_DATE = 4,
	NF_PLACE = 8
} nf_type;

#define NF_ALL_TYPES (NF_ACTOR | NF_COUNT | NF_DATE | NF_PLACE)

/* Name of a type as written in the output ("actor", "count", ...). */
const char *nf_type_name(nf_type type);

/*
 * One fact, valid during the callback that receives it: copy what you keep.
 * Strings are owned by the model or by the extraction; 'text' points into the
 * caller's input buffer. Fields that do not apply to the
 * fact's type are NULL (strings), 0 (numbers) or have their has_* flag cleared.
 */
typedef struct nf_fact {
	nf_type type;
	size_t sentence;        /* 0-based sentence index in the document */
	size_t start, end;      /* byte offsets into the input, end exclusive */
	const char *text;       /* input + start: raw bytes, not NUL-terminated */
	const char *rule;       /* name of the rule that produced the fact */

	/* count */
	const char *category;   /* drone, missile, mixed, killed, injured */
	const char *status;     /* launched, intercepted, hit, lost, unspecified */
	long long value;
	const char *qualifier;  /* exact, approx, at_least, more_than, at_most, less_than */
	const char *weapon;     /* model name or NULL */
	const char *victims;    /* civilians, children, soldiers, people or NULL */

	/* place and actor */
	const char *name;       /* canonical name */
	const char *kind;
	const char *country;    /* ISO 3166-1 alpha-2, "" for none */
	const char *admin1;     /* place only; NULL when unknown */
	int has_coords;
	double lat, lon;

	/* date */
	char timex[32];         /* TIMEX3 value */
	int resolved;           /* value contains no X */
} nf_fact;

/*
 * The bounds a count's qualifier implies (FACTS.md): sets the has_low and
 * has_high flags and the values. Approximate counts have neither.
 */
void nf_count_bounds(const nf_fact *fact, int *has_low, long long *low,
		     int *has_high, long long *high);

typedef struct nf_model nf_model;

/*
 * Load the tables from data_dir. On failure return NULL and write a one-line
 * reason (naming the file and line) into err.
 */
nf_model *nf_model_load(const char *data_dir, char *err, size_t errlen);
void nf_model_free(nf_model *model);

typedef struct nf_options {
	unsigned types;         /* set of nf_type bits; 0 means all */
	int has_ref_date;       /* resolve relative dates against ref_* */
	int ref_year, ref_month, ref_day;
	/*
	 * Take the reference date from the head of the article: a dateline
	 * ("KYIV, June 13 (Reuters) -") or a publication line ("Published: 13
	 * June 2024"). When there is none, ref_* is used if has_ref_date is set,
	 * and nothing is resolved otherwise.
	 */
	int ref_auto;
} nf_options;

/* Called once per fact; return non-zero to stop the extraction early. */
typedef int (*nf_fact_fn)(const nf_fact *fact, void *userdata);

/*
 * Extract the facts of one document. Returns 0 when done, the callback's
 * non-zero value when it stopped early, or -1 when memory ran out.
 */
int nf_extract(const nf_model *model, const char *text, size_t len,
	       const nf_options *options, nf_fact_fn fn, void *userdata);

/*
 * A document too large to hold whole (a file of gigabytes, a pipe), written
 * piece by piece: its facts are reported as windows of about a megabyte fill,
 * with offsets and sentences counted from the start of the document, exactly
 * as nf_extract would report them for the same text given whole. Memory stays
 * a few megabytes whatever the size. The text of a fact is valid during the
 * callback only. nf_stream_write and nf_stream_close return what nf_extract
 * returns; after a non-zero result the stream only awaits closing, and
 * nf_stream_close frees it in every case.
 */
typedef struct nf_stream nf_stream;

nf_stream *nf_stream_open(const nf_model *model, const nf_options *options,
			  nf_fact_fn fn, void *userdata);
int nf_stream_write(nf_stream *stream, const char *text, size_t len);
int nf_stream_close(nf_stream *stream);

/*
 * Events (FACTS.md, "type = event"): the facts of a document grouped into
 * attacks, one party's strikes on one place on one day. The numeric slots are
 * indexed by nf_event_slot; has[s] says whether slot s was stated.
 */
typedef enum nf_event_slot {
	NF_DRONES_LAUNCHED, NF_DRONES_INTERCEPTED, NF_DRONES_LOST, NF_DRONES_HIT,
	NF_MISSILES_LAUNCHED, NF_MISSILES_INTERCEPTED, NF_MISSILES_LOST, NF_MISSILES_HIT,
	NF_KILLED, NF_INJURED, NF_EVENT_NSLOTS
} nf_event_slot;

/* Name of a slot as written in the output ("drones_launched", ...). */
const char *nf_event_slot_name(nf_event_slot slot);

/*
 * One event, valid during the callback that receives it. Strings are never
 * NULL ("" when unknown). weapons is ';'-separated; sentences lists the
 * 0-based indexes of the sentences the event was assembled from, in order.
 */
typedef struct nf_event {
	char date[32];          /* TIMEX3 value of the day, "" when not stated */
	const char *place;      /* canonical name of the place hit */
	const char *country;    /* its ISO code, "" for none (seas) */
	const char *attacker;   /* canonical name of the attacking party, or "" */
	int has[NF_EVENT_NSLOTS];
	long long slot[NF_EVENT_NSLOTS];
	const char *weapons;
	const size_t *sentences;
	size_t nsentences;
} nf_event;

/* Called once per event, in order of the first sentence; non-zero stops. */
typedef int (*nf_event_fn)(const nf_event *event, void *userdata);

/*
 * Assemble the events of one document. Returns 0 when done, the callback's
 * non-zero value when it stopped early, or -1 when memory ran out (or, with
 * errno EOVERFLOW, when the text is over 4 GiB: it is analysed whole).
 * options->types is ignored: every fact type takes part.
 */
int nf_extract_events(const nf_model *model, const char *text, size_t len,
		      const nf_options *options, nf_event_fn fn, void *userdata);

/*
 * The summary of one document (FACTS.md, "type = summary"): each slot the
 * largest figure of that category and status stated anywhere. Only the slots
 * of *summary are filled (strings ""). Returns 0, or -1 when memory ran out
 * (or, with errno EOVERFLOW, when the text is over 4 GiB).
 */
int nf_extract_summary(const nf_model *model, const char *text, size_t len,
		       const nf_options *options, nf_event *summary);

#ifdef __cplusplus
}
#endif
#endif
