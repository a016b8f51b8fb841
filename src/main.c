/*
 * main.c: the newsfacts command: options, inputs in order, facts out.
 *
 * Exit status: 0 when every input was read, 1 when some input could not be
 * (one line on standard error each; the others are still processed), 2 for a
 * usage error, 3 when the output could not be written.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "input.h"
#include "newsfacts.h"
#include "records.h"
#include "stream.h"
#include "writer.h"

#ifndef NF_DATADIR
#define NF_DATADIR "/usr/local/share/newsfacts"
#endif

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

static const char *progname = "newsfacts";

enum long_only { OPT_REF_DATE = 256, OPT_NO_HEADER, OPT_DATA_DIR, OPT_EXPLAIN,
	OPT_FILES_FROM, OPT_INPUT, OPT_ID_FIELD, OPT_DATE_FIELD, OPT_TEXT_FIELD,
	OPT_EVENTS, OPT_SUMMARY };

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "types", required_argument, NULL, 't' },
	{ "ref-date", required_argument, NULL, OPT_REF_DATE },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "files-from", required_argument, NULL, OPT_FILES_FROM },
	{ "null", no_argument, NULL, '0' },
	{ "input", required_argument, NULL, OPT_INPUT },
	{ "id-field", required_argument, NULL, OPT_ID_FIELD },
	{ "date-field", required_argument, NULL, OPT_DATE_FIELD },
	{ "text-field", required_argument, NULL, OPT_TEXT_FIELD },
	{ "events", no_argument, NULL, OPT_EVENTS },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: %s [OPTION]... [FILE|DIR|-]...\n"
"Extract dates, places, actors and counts of drones, missiles and casualties\n"
"from English news reports. With no FILE, or when FILE is -, read standard\n"
"input. A DIR is read recursively, in sorted order.\n"
"\n"
"  -f, --format FORMAT   output format: jsonl (default) or csv\n"
"  -o, --output FILE     write to FILE (replaced whole at the end) instead of\n"
"                        standard output\n"
"  -t, --types LIST      only these fact types, comma-separated:\n"
"                        date,place,actor,count (default: all)\n"
"      --ref-date DATE   resolve relative dates (\"on Thursday\") against DATE,\n"
"                        given as YYYY-MM-DD, or auto: each article's dateline\n"
"                        or publication line, if it has one\n"
"      --no-header       CSV without its header row\n"
"      --data-dir DIR    read the tables from DIR instead of the installed ones\n"
"      --explain         add the rule that produced each fact\n"
"  -j, --jobs N          process inputs on N threads (default: the number of\n"
"                        cores); the output is the same, in the same order\n"
"  -q, --quiet           no progress bar (shown only on a terminal, for many files)\n"
"      --files-from FILE read the inputs' names from FILE, one a line (- for\n"
"                        standard input)\n"
"  -0, --null            names in --files-from end with NUL, not a line break\n"
"      --input FORMAT    inputs are article collections: jsonl (one JSON object\n"
"                        a line) or csv (with a header row); each record is a\n"
"                        document\n"
"      --id-field NAME   the record field naming the document (default id)\n"
"      --date-field NAME the record field with its reference date (default date)\n"
"      --text-field NAME the record field with the article (default text)\n"
"      --events          write one record per attack (date, place, attacker,\n"
"                        weapons and tolls) instead of the facts\n"
"      --summary         write one record per document: the largest figure of\n"
"                        each weapon status and toll\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and the output contract's version\n"
"\n"
"Exit status: 0 when every input was read, 1 when some input could not be,\n"
"2 for a usage error, 3 when the output could not be written.\n"
"Output fields: see newsfacts(1).\n", progname);
}

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (try '%s --help')\n", progname);
	exit(EXIT_USAGE);
}

static unsigned parse_types(const char *list)
{
	unsigned types = 0;
	char *copy = strdup(list), *save = NULL;

	if (!copy) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_USAGE);
	}
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "date") == 0)
			types |= NF_DATE;
		else if (strcmp(tok, "place") == 0)
			types |= NF_PLACE;
		else if (strcmp(tok, "actor") == 0)
			types |= NF_ACTOR;
		else if (strcmp(tok, "count") == 0)
			types |= NF_COUNT;
		else {
			fprintf(stderr, "%s: unknown type '%s' in --types (expected date, place, actor or count)\n",
				progname, tok);
			free(copy);
			exit(EXIT_USAGE);
		}
	}
	free(copy);
	if (!types)
		usage_error("--types needs at least one type", NULL);
	return types;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static void parse_ref_date(const char *s, nf_options *opt)
{
	int y, m, d, n = 0;

	if (strcmp(s, "auto") == 0) {
		opt->ref_auto = 1;     /* the dateline of each article (date.c) */
		return;
	}
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		usage_error("invalid --ref-date '%s' (expected YYYY-MM-DD or auto)", s);
	opt->has_ref_date = 1;
	opt->ref_year = y;
	opt->ref_month = m;
	opt->ref_day = d;
}

/* Directory of the running executable, for finding data/ beside a build. */
static int exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');

	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

/*
 * Where the tables are: --data-dir, else $NEWSFACTS_DATA, else data/ beside
 * the executable or up to two folders above it (a build tree: ./newsfacts,
 * build/newsfacts, build/asan/newsfacts), else the installed share/newsfacts.
 */
static const char *find_data_dir(const char *given, char *buf, size_t size)
{
	static const char *const up[] = { "/data", "/../data", "/../../data" };
	const char *env = getenv("NEWSFACTS_DATA");
	char exe[PATH_MAX];
	struct stat st;

	if (given)
		return given;
	if (env && *env)
		return env;
	if (exe_dir(exe, sizeof exe) == 0) {
		for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
			int n = snprintf(buf, size, "%s%s/abbreviations.tsv", exe, up[i]);

			if (n > 0 && (size_t)n < size && stat(buf, &st) == 0) {
				buf[(size_t)n - strlen("/abbreviations.tsv")] = '\0';
				return buf;
			}
		}
	}
	return NF_DATADIR;
}

/* How the inputs are named and read. */
typedef struct run {
	nf_options opt;
	batch *batch;
	records_config records;     /* format RECORDS_NONE: inputs are articles */
	int input_failed;
	int output_failed;
} run;

/* One document's facts, written as they come. */
typedef struct doc_out {
	writer *w;
	const char *doc;
	int failed;
} doc_out;

static int write_fact(const nf_fact *f, void *ud)
{
	doc_out *o = ud;

	if (writer_fact(o->w, o->doc, f) < 0) {
		o->failed = 1;
		return 1;
	}
	return 0;
}

/* What is written for each document: facts, or event or summary records. */
typedef struct extract_ctx {
	const nf_model *model;
	int records;                /* 0: facts; else 1 + enum record_kind */
} extract_ctx;

typedef struct event_out {
	event_writer *w;
	const char *doc;
} event_out;

static int write_event(const nf_event *ev, void *ud)
{
	event_out *o = ud;

	return event_writer_write(o->w, o->doc, ev) < 0 ? 1 : 0;
}

/*
 * The rest of a document whose head is text[0..len), appended to it: events and
 * summaries are assembled from the whole document. Returns the new text (the
 * old one freed), or NULL when memory ran out or the rest could not be read.
 */
static char *read_whole(char *text, size_t *len, input_rest *rest)
{
	size_t cap = *len + 1;

	for (;;) {
		if (cap - *len < BATCH_HEAD) {
			char *p = realloc(text, cap * 2);

			if (!p)
				break;
			text = p;
			cap *= 2;
		}
		ssize_t r = input_rest_read(rest, text + *len, cap - *len - 1);

		if (r <= 0) {
			if (r < 0)
				break;
			text[*len] = '\0';
			return text;
		}
		*len += (size_t)r;
	}
	free(text);
	return NULL;
}

/* The event or summary records of one document, onto the document's writer. */
static int extract_doc_events(const extract_ctx *x, writer *w, const char *doc,
			      const char *text, size_t len, input_rest *rest,
			      const nf_options *opt)
{
	enum record_kind kind = (enum record_kind)(x->records - 1);
	event_out o = { NULL, doc };
	char *whole = NULL;
	nf_event summary;
	int rc;

	if (rest) {
		if (!(whole = malloc(len + 1)))
			return -1;
		memcpy(whole, text, len);
		if (!(whole = read_whole(whole, &len, rest)))
			return -1;
		text = whole;
	}
	if (!(o.w = event_writer_new(writer_format(w), writer_stream(w), 0, kind))) {
		free(whole);
		return -1;
	}
	if (kind == RECORD_SUMMARY) {
		rc = nf_extract_summary(x->model, text, len, opt, &summary);
		if (rc == 0 && event_writer_write(o.w, doc, &summary) < 0)
			rc = 1;
	} else {
		rc = nf_extract_events(x->model, text, len, opt, write_event, &o);
	}
	free(whole);
	if (event_writer_close(o.w) < 0 || rc > 0)
		return -2;
	return rc < 0 ? -1 : 0;
}

/* The facts of a document too long to hold whole: its head, then the rest. */
#define STREAM_CHUNK ((size_t)1 << 20)

static int extract_doc_stream(const extract_ctx *x, doc_out *o, const char *text,
			      size_t len, input_rest *rest, const nf_options *opt)
{
	nf_stream *s = nf_stream_open(x->model, opt, write_fact, o);
	int rc = s ? nf_stream_write(s, text, len) : -1;
	size_t room;
	char *p;
	ssize_t r;

	/* the rest is read straight into the stream's buffer, a chunk at a time */
	while (rc == 0 && (p = nf_stream_room(s, STREAM_CHUNK, &room)) != NULL &&
	       (r = input_rest_read(rest, p, room < STREAM_CHUNK ? room : STREAM_CHUNK)) > 0)
		rc = nf_stream_wrote(s, (size_t)r);
	if (rest->err && rc == 0)
		rc = -1;
	int closed = nf_stream_close(s);

	return rc ? rc : closed;
}

/*
 * Extract and write the records of one document (a batch_doc_fn, called from
 * the batch's threads: the model is shared read-only).
 */
static int extract_doc(void *ctx, writer *w, const char *doc, const char *text,
		       size_t len, input_rest *rest, const nf_options *opt)
{
	const extract_ctx *x = ctx;

	if (x->records)
		return extract_doc_events(x, w, doc, text, len, rest, opt);
	doc_out o = { w, doc, 0 };
	int rc = rest ? extract_doc_stream(x, &o, text, len, rest, opt)
		      : nf_extract(x->model, text, len, opt, write_fact, &o);

	/* the records wait in w's buffer: the batch flushes it when it must */
	if (writer_end_doc(w) < 0 || o.failed)
		return -2;
	return rc < 0 ? -1 : 0;
}

static void input_error(const char *path, const char *reason, void *ud)
{
	run *r = ud;

	batch_input_error(r->batch, path, reason);
}

static int queue_file(const char *path, void *ud)
{
	run *r = ud;

	if (r->records.format != RECORDS_NONE)
		return records_read(path, &r->records, r->batch, &r->opt);
	return batch_add_file(r->batch, path, &r->opt);
}

/* A file, a folder (walked in order) or "-". Non-zero stops the run (output failed). */
static int process_operand(const char *path, run *r)
{
	struct stat st;

	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return walk_tree(path, queue_file, input_error, r);
	return queue_file(path, r);
}

/* Every name listed in list ("-": standard input), one a line or NUL-terminated. */
static int process_list(const char *list, int delim, run *r)
{
	FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "%s: cannot read '%s': %s\n", progname, list, strerror(errno));
		r->input_failed = 1;
		return 0;
	}
	while (rc == 0 && (n = getdelim(&line, &cap, delim, f)) >= 0) {
		if (n > 0 && line[n - 1] == delim)
			line[--n] = '\0';
		if (delim == '\n' && n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n > 0)
			rc = process_operand(line, r);
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: cannot read '%s': %s\n", progname, list, strerror(errno));
		r->input_failed = 1;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int count_file(const char *path, void *ud)
{
	(void)path;
	++*(size_t *)ud;
	return 0;
}

static void count_error(const char *path, const char *reason, void *ud)
{
	(void)path;
	(void)reason;
	(void)ud;
}

/* Files the operands name, folders walked: the progress bar's total. */
static size_t count_inputs(char **names, int n)
{
	size_t total = 0;
	struct stat st;

	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], "-") != 0 && stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
			walk_tree(names[i], count_file, count_error, &total);
		else
			total++;
	}
	return total;
}

/* The output file, written under a temporary name and renamed at the end. */
typedef struct outfile {
	FILE *fp;
	char *final, *tmp;
} outfile;

static int outfile_open(outfile *of, const char *path)
{
	struct stat st;

	of->final = NULL;
	of->tmp = NULL;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a device or FIFO (/dev/stdout, a pipe): write straight into it */
		of->fp = fopen(path, "w");
		return of->fp ? 0 : -1;
	}
	size_t n = strlen(path) + 16;

	of->final = strdup(path);
	of->tmp = malloc(n);
	if (!of->final || !of->tmp)
		goto fail;
	snprintf(of->tmp, n, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(of->tmp);

	if (fd < 0)
		goto fail;
	if (!(of->fp = fdopen(fd, "w"))) {
		close(fd);
		unlink(of->tmp);
		goto fail;
	}
	return 0;
fail:
	{
		int saved = errno;   /* the caller reports it */

		free(of->final);
		free(of->tmp);
		of->final = of->tmp = NULL;
		errno = saved;
	}
	return -1;
}

static int outfile_close(outfile *of, int keep)
{
	int rc = fclose(of->fp) == 0 ? 0 : -1;

	if (of->tmp) {
		if (rc == 0 && keep) {
			/* mkstemp made it 0600: give it the usual mode */
			mode_t mask = umask(0);

			umask(mask);
			chmod(of->tmp, 0666 & ~mask);
			if (rename(of->tmp, of->final) < 0)
				rc = -1;
		} else {
			unlink(of->tmp);
		}
	}
	free(of->tmp);
	free(of->final);
	return rc;
}

/*
 * A document's token, norm and fact arrays are megabytes. glibc gives blocks
 * that large their own mapping and unmaps them when freed, so every document
 * (and every window of a long one) would fault fresh pages in, one by one: on
 * a virtual machine that was a third of the run. Keep such blocks in the heap
 * and keep freed memory for the next document instead.
 */
static void keep_freed_memory(void)
{
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
}

/*
 * Memory fresh from the system is dear on a virtual machine: a page fault
 * cost about 10 us here, so touching 20 MB page by page took 250 ms, in huge
 * pages 30 ms, and a one-sentence run's few dozen faults were a good part of
 * its time. The heap is grown by HUGE_HEAP at once and laid out in two parts:
 *
 * - its first START_HEAP bytes, which hold the tables (mapped from the model
 *   caches, they take about 0.3 MB of heap) and a short document, are mapped
 *   in one MADV_POPULATE_WRITE call instead of a fault a page (where the
 *   kernel lacks it, before Linux 5.14, the pages fault in as before);
 * - the rest is backed by huge pages as it is touched, two megabytes at a
 *   time, for long documents (about 20 bytes of memory per byte of text).
 *
 * The first part ends where the second begins, on a 2 MiB boundary: a block
 * of padding, never touched, moves the heap's start there. Otherwise a short
 * run might touch a huge page (a 2 MiB clear, about 100 us here), or a long
 * one fault in the pages up to the boundary one by one.
 *
 * Freed memory is kept for the next document (keep_freed_memory), and larger
 * arrays ask for huge pages themselves (array_advise_huge).
 */
#define HUGE_HEAP ((size_t)64 << 20)
#define START_HEAP ((size_t)768 << 10)

static void prepare_heap(void)
{
	const uintptr_t huge = (uintptr_t)2 << 20;
	/* kept all run long: the heap starts past it (volatile: the allocation is its only use) */
	static void *volatile padding;
	long page = sysconf(_SC_PAGESIZE);
	char *block = malloc(HUGE_HEAP);

	if (!block || page <= 0) {
		free(block);
		return;
	}
	/* freed, it is the heap's top again: the next block starts there */
	uintptr_t at = (uintptr_t)block;
	uintptr_t from = (at + START_HEAP + huge - 1) & ~(huge - 1);

	free(block);
	/* (a little short of it: malloc adds its header) */
	if (from - START_HEAP - at >= (uintptr_t)page) {
		padding = malloc(from - START_HEAP - at - 64);
		(void)padding;
	}
	if (!(block = malloc(HUGE_HEAP)))
		return;
	/* (were the padding refused, or the heap not where expected, the parts just meet elsewhere) */
	from = ((uintptr_t)block + START_HEAP + huge - 1) & ~(huge - 1);
	uintptr_t lo = ((uintptr_t)block + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	uintptr_t to = ((uintptr_t)block + HUGE_HEAP) & ~(huge - 1);

#ifdef MADV_POPULATE_WRITE
	if ((uintptr_t)block + START_HEAP > lo)
		(void)madvise((void *)lo, (uintptr_t)block + START_HEAP - lo, MADV_POPULATE_WRITE);
#else
	(void)lo;
#endif
#ifdef MADV_HUGEPAGE
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#endif
	free(block);
}

/*
 * The stack too: the extractors' frames take some 80 KiB at the deepest,
 * a fault a page. Map the pages below this frame at once. (The kernel gives
 * a new stack 128 KiB below its start; a range past it is refused, harmless.)
 */
#define START_STACK ((uintptr_t)96 << 10)

static void prepare_stack(void)
{
#ifdef MADV_POPULATE_WRITE
	char here;
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t top = (uintptr_t)&here & ~((uintptr_t)page - 1);

	if (page > 0 && top > START_STACK)
		(void)madvise((void *)(top - START_STACK), START_STACK, MADV_POPULATE_WRITE);
#endif
}

/* The default of --jobs: the cores online (asked only when needed: it reads a file). */
static int online_cores(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	return cores > 0 && cores <= 1024 ? (int)cores : 1;
}

int main(int argc, char **argv)
{
	enum output_format format = FORMAT_JSONL;
	const char *output = NULL, *data_dir = NULL;
	const char *files_from = NULL;
	int header = 1, explain = 0, records = 0, jobs = 0, quiet = 0, list_delim = '\n', c;
	run r = { 0 };
	char dirbuf[PATH_MAX + 64], err[1024];

	/* a closed pipe downstream ends the run quietly, as for any filter */
	signal(SIGPIPE, SIG_DFL);
	keep_freed_memory();
	prepare_heap();
	prepare_stack();
	opterr = 0;
	r.records = (records_config){ RECORDS_NONE, "id", "date", "text" };
	while ((c = getopt_long(argc, argv, ":f:o:t:j:q0hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0)
				format = FORMAT_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				format = FORMAT_CSV;
			else
				usage_error("unknown format '%s' (expected jsonl or csv)", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case 't':
			r.opt.types = parse_types(optarg);
			break;
		case OPT_REF_DATE:
			parse_ref_date(optarg, &r.opt);
			break;
		case OPT_NO_HEADER:
			header = 0;
			break;
		case OPT_DATA_DIR:
			data_dir = optarg;
			break;
		case OPT_EXPLAIN:
			explain = 1;
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || n < 1 || n > 1024)
				usage_error("invalid --jobs '%s' (expected 1 to 1024)", optarg);
			jobs = (int)n;
			break;
		}
		case 'q':
			quiet = 1;
			break;
		case OPT_FILES_FROM:
			files_from = optarg;
			break;
		case '0':
			list_delim = '\0';
			break;
		case OPT_INPUT:
			if (strcmp(optarg, "jsonl") == 0)
				r.records.format = RECORDS_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				r.records.format = RECORDS_CSV;
			else
				usage_error("unknown --input '%s' (expected jsonl or csv)", optarg);
			break;
		case OPT_ID_FIELD:
			r.records.id_field = optarg;
			break;
		case OPT_DATE_FIELD:
			r.records.date_field = optarg;
			break;
		case OPT_EVENTS:
			records = 1 + RECORD_EVENT;
			break;
		case OPT_SUMMARY:
			records = 1 + RECORD_SUMMARY;
			break;
		case OPT_TEXT_FIELD:
			r.records.text_field = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("newsfacts %s (fact contract version %d)\n", NEWSFACTS_VERSION,
			       NEWSFACTS_CONTRACT_VERSION);
			return 0;
		case ':':
			usage_error("option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}

	nf_model *model = nf_model_load(find_data_dir(data_dir, dirbuf, sizeof dirbuf),
					err, sizeof err);

	if (!model) {
		fprintf(stderr, "%s: cannot load the tables: %s\n", progname, err);
		return EXIT_USAGE;
	}

	outfile of = { stdout, NULL, NULL };

	if (output && outfile_open(&of, output) < 0) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", progname, output, strerror(errno));
		nf_model_free(model);
		return EXIT_OUTPUT;
	}
	/* 64 KiB writes, not stdio's 4 KiB (glibc sizes a buffer of its own that way) */
	static char out_buffer[1 << 16];

	if (!isatty(fileno(of.fp)))
		setvbuf(of.fp, out_buffer, _IOFBF, sizeof out_buffer);
	writer *out = writer_new(format, of.fp, header && !records, explain);
	extract_ctx ex = { model, records };

	if (records && format == FORMAT_CSV && header) {
		/* the event and summary records have their own header row */
		event_writer *hw = event_writer_new(format, of.fp, 1, (enum record_kind)(records - 1));

		if (!hw || event_writer_close(hw) < 0)
			r.output_failed = 1;
	}
	/* one plain file needs no threads: keep the start-up of one-article runs lean */
	struct stat st;
	int one_file = !files_from && r.records.format == RECORDS_NONE && argc - optind <= 1 &&
		       !(optind < argc && stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode));
	/* the bar is for runs over many files, on a terminal */
	size_t total = 0;
	int bar = !quiet && !one_file && isatty(STDERR_FILENO);

	if (bar && !files_from && r.records.format == RECORDS_NONE &&
	    (total = count_inputs(argv + optind, argc - optind)) < 10)
		bar = 0;
	batch_config bc = {
		.jobs = jobs ? jobs : one_file ? 1 : online_cores(),
		.format = format, .explain = explain, .out = out, .outfp = of.fp,
		.progname = progname, .fn = extract_doc, .ctx = &ex,
		.progress = bar,
	};

	if (!out || !(r.batch = batch_new(&bc))) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_OUTPUT;
	}
	batch_expect(r.batch, total);
	int stop = 0;

	if (files_from)
		stop = process_list(files_from, list_delim, &r);
	else if (optind >= argc)
		stop = process_operand("-", &r);
	for (int i = optind; i < argc && !stop; i++)
		stop = process_operand(argv[i], &r);
	batch_finish(r.batch, &r.input_failed, &r.output_failed);

	if (writer_close(out) < 0)
		r.output_failed = 1;
	int close_rc = output ? outfile_close(&of, !r.output_failed)
			      : (fclose(stdout) == 0 ? 0 : -1);

	if (close_rc < 0)
		r.output_failed = 1;
	nf_model_free(model);
	if (r.output_failed) {
		fprintf(stderr, "%s: cannot write %s: %s\n", progname,
			output ? output : "standard output", strerror(errno ? errno : EIO));
		return EXIT_OUTPUT;
	}
	return r.input_failed ? EXIT_INPUT : 0;
}
