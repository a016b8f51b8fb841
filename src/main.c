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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "newsfacts.h"
#include "writer.h"

#ifndef NF_DATADIR
#define NF_DATADIR "/usr/local/share/newsfacts"
#endif

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

static const char *progname = "newsfacts";

enum long_only { OPT_REF_DATE = 256, OPT_NO_HEADER, OPT_DATA_DIR, OPT_EXPLAIN };

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "types", required_argument, NULL, 't' },
	{ "ref-date", required_argument, NULL, OPT_REF_DATE },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
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
"                        given as YYYY-MM-DD\n"
"      --no-header       CSV without its header row\n"
"      --data-dir DIR    read the tables from DIR instead of the installed ones\n"
"      --explain         add the rule that produced each fact\n"
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

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		usage_error("invalid --ref-date '%s' (expected YYYY-MM-DD)", s);
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
 * the executable (a build tree), else the installed share/newsfacts.
 */
static const char *find_data_dir(const char *given, char *buf, size_t size)
{
	const char *env = getenv("NEWSFACTS_DATA");
	struct stat st;

	if (given)
		return given;
	if (env && *env)
		return env;
	if (exe_dir(buf, size) == 0 && strlen(buf) + 32 < size) {
		strcat(buf, "/data/abbreviations.tsv");
		if (stat(buf, &st) == 0) {
			buf[strlen(buf) - strlen("/abbreviations.tsv")] = '\0';
			return buf;
		}
	}
	return NF_DATADIR;
}

typedef struct run {
	const nf_model *model;
	nf_options opt;
	writer *out;
	const char *doc;
	int input_failed;
	int output_failed;
} run;

static int write_fact(const nf_fact *f, void *ud)
{
	run *r = ud;

	if (writer_fact(r->out, r->doc, f) < 0) {
		r->output_failed = 1;
		return 1;
	}
	return 0;
}

static void input_error(const char *path, const char *reason, void *ud)
{
	run *r = ud;

	fprintf(stderr, "%s: '%s': %s\n", progname, path, reason);
	r->input_failed = 1;
}

/* Extract and write the facts of one input. Non-zero stops the run (output failed). */
static int process_file(const char *path, void *ud)
{
	run *r = ud;
	input_buf buf;
	const char *reason;

	if (input_read(path, &buf, &reason) < 0) {
		input_error(path, reason, r);
		return 0;
	}
	r->doc = path;
	int rc = nf_extract(r->model, buf.data, buf.len, &r->opt, write_fact, r);

	input_free(&buf);
	if (rc < 0)
		input_error(path, "out of memory", r);
	return r->output_failed;
}

static int process_operand(const char *path, run *r)
{
	struct stat st;

	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return walk_tree(path, process_file, input_error, r);
	return process_file(path, r);
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
		return -1;
	snprintf(of->tmp, n, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(of->tmp);

	if (fd < 0)
		return -1;
	if (!(of->fp = fdopen(fd, "w"))) {
		close(fd);
		unlink(of->tmp);
		return -1;
	}
	return 0;
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

int main(int argc, char **argv)
{
	enum output_format format = FORMAT_JSONL;
	const char *output = NULL, *data_dir = NULL;
	int header = 1, explain = 0, c;
	run r = { 0 };
	char dirbuf[PATH_MAX + 64], err[1024];

	/* a closed pipe downstream ends the run quietly, as for any filter */
	signal(SIGPIPE, SIG_DFL);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:t:hV", long_options, NULL)) != -1) {
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
	r.model = model;

	outfile of = { stdout, NULL, NULL };

	if (output && outfile_open(&of, output) < 0) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", progname, output, strerror(errno));
		nf_model_free(model);
		return EXIT_OUTPUT;
	}
	r.out = writer_new(format, of.fp, header, explain);
	if (!r.out) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_OUTPUT;
	}
	if (optind >= argc)
		process_operand("-", &r);
	for (int i = optind; i < argc && !r.output_failed; i++)
		process_operand(argv[i], &r);

	if (writer_close(r.out) < 0)
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
