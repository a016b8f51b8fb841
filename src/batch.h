/*
 * batch.h: run many documents through a per-document function on N threads,
 * writing their output in input order, byte for byte as one thread would.
 *
 * Documents come in as file paths (read by a worker) or as texts already in
 * memory (records of a JSONL or CSV collection). At most a fixed number of
 * documents are in flight at once (batch.c), so memory stays bounded by the
 * inputs in flight whatever the number of documents. A file longer than
 * BATCH_HEAD is not held whole: its head is read, and once every document
 * before it is written out, the rest streams straight to the output.
 */
#ifndef NF_BATCH_H
#define NF_BATCH_H

#include <stddef.h>
#include <stdio.h>

#include "newsfacts.h"

/* writer.h's writer; not included here, so that record readers can use jansson */
struct writer;
struct input_rest;

/*
 * Write the output of one document onto w. text holds the document, or only
 * its head when rest is not NULL: a file too large to hold whole, whose rest
 * the function reads (input_rest_read). Returns 0, -1 when memory ran out or
 * the rest could not be read (an input error: the run goes on) or -2 when the
 * output failed (the run stops). Called from worker threads: it may only read
 * what it shares with others.
 */
typedef int (*batch_doc_fn)(void *ctx, struct writer *w, const char *doc, const char *text,
			    size_t len, struct input_rest *rest, const nf_options *opt);

/* Files up to this size are read whole; longer ones stream (see batch_doc_fn). */
#define BATCH_HEAD ((size_t)4 << 20)

typedef struct batch_config {
	int jobs;                   /* threads, the calling one included; 1: no others */
	int format;                 /* enum output_format, for the threads' writers */
	int explain;
	struct writer *out;         /* the run's writer (its header already written) */
	FILE *outfp;                /* the stream under out */
	const char *progname;       /* for error lines */
	int progress;               /* show a progress bar on standard error */
	batch_doc_fn fn;
	void *ctx;
} batch_config;

typedef struct batch batch;

/* NULL when memory or threads ran out. */
batch *batch_new(const batch_config *cfg);

/* Announce how many files are to come, for the progress bar (0: unknown). */
void batch_expect(batch *b, size_t files);

/*
 * Queue one file (the path is copied). Returns non-zero once the output has
 * failed, so the caller stops feeding.
 */
int batch_add_file(batch *b, const char *path, const nf_options *opt);

/*
 * Queue one text in memory named doc; the batch takes text (malloc'd, len
 * bytes) and frees it. Same return as batch_add_file.
 */
int batch_add_text(batch *b, const char *doc, char *text, size_t len,
		   const nf_options *opt);

/* Report an input that could not be read, in order with the output. */
void batch_input_error(batch *b, const char *doc, const char *reason);

/*
 * Wait for every queued document, stop the threads and free the batch.
 * Sets *input_failed / *output_failed (left alone when nothing failed).
 */
void batch_finish(batch *b, int *input_failed, int *output_failed);

#endif
