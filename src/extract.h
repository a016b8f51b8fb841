/*
 * extract.h: the extractors and the model that holds their tables.
 *
 * Each extractor is one module with a load function for its tables, a free
 * function, and an extract function that appends facts to doc->facts. They run
 * in the order date, actor, place, count (pipeline.c).
 */
#ifndef NF_EXTRACT_H
#define NF_EXTRACT_H

#include <stdio.h>

#include "doc.h"
#include "numbers.h"

struct date_model;
struct actor_model;
struct place_model;
struct count_model;
struct splitter_model;
struct events_model;

struct nf_model {
	numbers_model *numbers;
	struct splitter_model *splitter;
	struct date_model *date;
	struct actor_model *actor;
	struct place_model *place;
	struct count_model *count;
	struct events_model *events;   /* events.c: cue words, parties */
	void *tables_cache;     /* the mapped tables cache the models read (model.c), or NULL */
	size_t tables_cache_size;
};

/* Tokenize text into doc (toks, norm_buf). Returns 0, or -1 when out of memory. */
int tokenize(nf_doc *doc, const char *text, size_t len);

/*
 * Storage that tokenize_reuse keeps between calls, so tokenizing many short
 * strings (table phrases) costs no allocation each. doc->toks and
 * doc->norm_buf then point into the store: never doc_release such a doc.
 */
typedef struct nf_tokstore {
	nf_token *toks;
	size_t tokcap;
	char *norm;
	size_t normcap;
} nf_tokstore;

int tokenize_reuse(nf_doc *doc, const char *text, size_t len, nf_tokstore *store);
void tokstore_free(nf_tokstore *store);
/*
 * Run every stage on text: tokens, sentences, the extractors of the given
 * types, then the facts in output order (start, end, type) without repeats.
 * The caller releases doc with doc_release. Returns 0, or -1 when out of memory.
 */
int doc_analyse(const nf_model *m, nf_doc *doc, const char *text, size_t len,
		const nf_options *opt, unsigned types);

/* Free what tokenize and split_sentences allocated, and the facts. */
void doc_release(nf_doc *doc);

struct splitter_model *splitter_load(const char *dir, char *err, size_t errlen);
void splitter_free(struct splitter_model *m);
int split_sentences(const struct splitter_model *m, nf_doc *doc);

struct date_model *date_model_load(const char *dir, char *err, size_t errlen);
void date_model_free(struct date_model *m);
int extract_dates(const nf_model *m, nf_doc *doc);

struct actor_model *actor_model_load(const char *dir, char *err, size_t errlen);
void actor_model_free(struct actor_model *m);
int extract_actors(const nf_model *m, nf_doc *doc);

struct place_model *place_model_load(const char *dir, char *err, size_t errlen);
/*
 * place.c's model cache helpers, shared with actor.c's cache: the cache file
 * of data file path for a kind and salt (0 when none is to be used; legacy
 * gets an older name for removal), and a fingerprint of the tokenizer.
 */
int cache_path(char *out, size_t outlen, char *legacy, size_t legacylen, const char *path,
	       const char *kind, uint64_t salt);
uint64_t tokenizer_fingerprint(void);
void place_model_free(struct place_model *m);
int extract_places(const nf_model *m, nf_doc *doc);

struct count_model *count_model_load(const char *dir, char *err, size_t errlen);
void count_model_free(struct count_model *m);
/* Mark the number words of nums as mention starts (once, at load). -1: out of memory. */
int count_model_bind_numbers(struct count_model *m, const numbers_model *nums);
int extract_counts(const nf_model *m, nf_doc *doc);

struct events_model *events_model_load(const char *dir, char *err, size_t errlen);
void events_model_free(struct events_model *m);

/*
 * The models built from the small tables, saved into the tables cache
 * (model.c; cache.h's layout) and mapped from it: save returns 0, or -1
 * when writing fails; map reads the model at *p (8-aligned, in a mapping
 * that outlives the model) up to end and moves *p past it, or returns NULL
 * when it does not hold together.
 */
int splitter_save(const struct splitter_model *m, FILE *f);
struct splitter_model *splitter_map(const char **p, const char *end);
int date_model_save(const struct date_model *m, FILE *f);
struct date_model *date_model_map(const char **p, const char *end);
int count_model_save(const struct count_model *m, FILE *f);
struct count_model *count_model_map(const char **p, const char *end);
int events_model_save(const struct events_model *m, FILE *f);
struct events_model *events_model_map(const char **p, const char *end);

#endif
