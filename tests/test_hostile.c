/*
 * Hostile input at the level of the input module and the library: folders that
 * change during a walk, FIFOs, wide encodings, the binary probe's edge, numbers
 * too long to be counts, line ends. The binary's behaviour on the same inputs
 * is tested by tests/hostile.sh.
 *
 * input.c belongs to the command, not to libnewsfacts, so it is compiled in here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../src/input.c"
#include "testutil.h"

/* A scratch folder, removed with everything in it after each test. */
static char scratch[64];

static int make_scratch(void **state)
{
	(void)state;
	snprintf(scratch, sizeof scratch, "/tmp/nf-hostile-XXXXXX");
	return mkdtemp(scratch) ? 0 : -1;
}

static int remove_scratch(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", scratch, scratch);
	return system(cmd) == 0 ? 0 : -1;
}

static void put_file(const char *rel, const char *bytes, size_t len)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", scratch, rel);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void put_dir(const char *rel)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", scratch, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* What a walk saw: the files and the errors, as "file name" / "error name: why" lines. */
typedef struct walk_log {
	char text[2048];
	int files, errors;
	const char *remove_after;   /* after this file, remove the folder below */
	const char *remove_what;
} walk_log;

static void log_line(walk_log *w, const char *kind, const char *path, const char *why)
{
	size_t used = strlen(w->text);
	const char *rel = strncmp(path, scratch, strlen(scratch)) == 0 ? path + strlen(scratch) + 1 : path;

	snprintf(w->text + used, sizeof w->text - used, "%s %s%s%s\n", kind, rel,
		 why ? ": " : "", why ? why : "");
}

static int on_file(const char *path, void *ud)
{
	walk_log *w = ud;
	char cmd[512];

	w->files++;
	log_line(w, "file", path, NULL);
	if (w->remove_after && strstr(path, w->remove_after)) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s/%s'", scratch, w->remove_what);
		assert_int_equal(system(cmd), 0);
	}
	return 0;
}

static void on_error(const char *path, const char *reason, void *ud)
{
	walk_log *w = ud;

	w->errors++;
	log_line(w, "error", path, reason);
}

/* A folder removed while the walk is under way: one error for it, the rest walked in order. */
static void test_walk_folder_vanishes(void **state)
{
	walk_log w = { .remove_after = "a.txt", .remove_what = "b" };

	(void)state;
	put_file("a.txt", "x", 1);
	put_dir("b");
	put_file("b/inner.txt", "x", 1);
	put_file("c.txt", "x", 1);
	assert_int_equal(walk_tree(scratch, on_file, on_error, &w), 0);
	assert_string_equal(w.text,
			    "file a.txt\n"
			    "error b: No such file or directory\n"
			    "file c.txt\n");
}

/* A file removed after the listing: the walk still names it; reading it fails cleanly. */
static void test_walk_file_vanishes(void **state)
{
	walk_log w = { .remove_after = "a.txt", .remove_what = "b.txt" };
	input_buf buf;
	const char *reason = NULL;
	char path[256];

	(void)state;
	put_file("a.txt", "x", 1);
	put_file("b.txt", "x", 1);
	put_file("c.txt", "x", 1);
	assert_int_equal(walk_tree(scratch, on_file, on_error, &w), 0);
	/*
	 * The listing said b.txt is a plain file, so the walk names it without a
	 * stat; reading it then fails with the usual reason (one error line in a
	 * run), and c.txt is still walked.
	 */
	assert_string_equal(w.text, "file a.txt\nfile b.txt\nfile c.txt\n");
	snprintf(path, sizeof path, "%s/b.txt", scratch);
	assert_int_equal(input_read(path, &buf, &reason), -1);
	assert_string_equal(reason, "No such file or directory");
	assert_null(buf.data);
}

/* The walk's root itself gone: one error, nothing else. */
static void test_walk_root_missing(void **state)
{
	walk_log w = { 0 };
	char path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/nothing-here", scratch);
	assert_int_equal(walk_tree(path, on_file, on_error, &w), 0);
	assert_int_equal(w.files, 0);
	assert_int_equal(w.errors, 1);
	assert_non_null(strstr(w.text, "nothing-here: No such file or directory"));
}

/* A FIFO is skipped by a walk (it could block for ever) but read when named. */
static void test_fifo(void **state)
{
	walk_log w = { 0 };
	char path[256];
	input_buf buf;
	const char *reason = NULL;
	pid_t child;
	static const char msg[] = "Russia fired 12 drones at Kyiv.\n";

	(void)state;
	snprintf(path, sizeof path, "%s/pipe", scratch);
	assert_int_equal(mkfifo(path, 0600), 0);
	put_file("z.txt", "x", 1);
	assert_int_equal(walk_tree(scratch, on_file, on_error, &w), 0);
	assert_string_equal(w.text, "file z.txt\n");

	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		FILE *fp = fopen(path, "w");

		_exit(fp && fputs(msg, fp) >= 0 && fclose(fp) == 0 ? 0 : 1);
	}
	assert_int_equal(input_read(path, &buf, &reason), 0);
	assert_int_equal(buf.len, strlen(msg));
	assert_memory_equal(buf.data, msg, buf.len);
	input_free(&buf);
	int status;

	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int read_bytes(const char *bytes, size_t len, const char **reason)
{
	char path[256];
	input_buf buf;
	int rc;

	put_file("in.txt", bytes, len);
	snprintf(path, sizeof path, "%s/in.txt", scratch);
	rc = input_read(path, &buf, reason);
	if (rc == 0) {
		assert_int_equal(buf.len, len);
		assert_int_equal(buf.data[len], '\0');
		input_free(&buf);
	}
	return rc;
}

/* UTF-16 and UTF-32 with a BOM are refused, saying how to convert them. */
static void test_wide_encodings(void **state)
{
	const char *reason = NULL;

	(void)state;
	assert_int_equal(read_bytes("\xff\xfeK\0y\0i\0v\0", 10, &reason), -1);
	assert_non_null(strstr(reason, "UTF-16"));
	assert_non_null(strstr(reason, "iconv -f UTF-16 -t UTF-8"));
	assert_int_equal(read_bytes("\xfe\xff\0K\0y\0i\0v", 10, &reason), -1);
	assert_non_null(strstr(reason, "UTF-16"));
	assert_int_equal(read_bytes("\xff\xfe\0\0K\0\0\0", 8, &reason), -1);
	assert_non_null(strstr(reason, "UTF-32"));
	assert_int_equal(read_bytes("\0\0\xfe\xff\0\0\0K", 8, &reason), -1);
	assert_non_null(strstr(reason, "UTF-32"));
	/* a lone 0xFF is invalid UTF-8, not a BOM: read (the tokenizer replaces it) */
	assert_int_equal(read_bytes("\xff Kyiv", 6, &reason), 0);
	/* a UTF-8 BOM is read: the tokenizer skips it */
	assert_int_equal(read_bytes("\xef\xbb\xbfKyiv", 7, &reason), 0);
}

/* The binary probe covers exactly the first 8 KiB. */
static void test_binary_probe_edge(void **state)
{
	char *b = malloc(8193);
	const char *reason = NULL;

	(void)state;
	assert_non_null(b);
	memset(b, 'a', 8193);
	b[8191] = '\0';   /* the last byte of the probe */
	assert_int_equal(read_bytes(b, 8193, &reason), -1);
	assert_non_null(strstr(reason, "binary"));
	b[8191] = 'a';
	b[8192] = '\0';   /* the first byte after it */
	assert_int_equal(read_bytes(b, 8193, &reason), 0);
	free(b);
}

static size_t count_facts(const char *text, long long *values, size_t max)
{
	nf_fact facts[16];
	size_t n = test_extract(text, NULL, NF_COUNT, facts, 16);

	for (size_t i = 0; i < n && i < max; i++)
		values[i] = facts[i].value;
	return n;
}

/* Numbers too long to be counts are refused, never wrapped round or truncated. */
static void test_long_numbers(void **state)
{
	long long v[4];
	char text[256];

	(void)state;
	assert_int_equal(count_facts("Russia launched 1234567890123456789012345678901234567890 drones.", v, 4), 0);
	assert_int_equal(count_facts("Russia launched 999999999999999 drones.", v, 4), 1);
	assert_int_equal(v[0], 999999999999999LL);
	assert_int_equal(count_facts("Russia launched 1000000000000001 drones.", v, 4), 0);
	/* 70 zeros then 5: longer than any quantity, so not read as 0 or 5 */
	snprintf(text, sizeof text, "They launched %070d5 drones and 3 missiles.", 0);
	assert_int_equal(count_facts(text, v, 4), 1);
	assert_int_equal(v[0], 3);
}

/* A carriage return alone ends a line (old Mac files); CRLF is one line end, not two. */
static void test_line_ends(void **state)
{
	nf_fact cr[16], lf[16], crlf[16];
	size_t ncr, nlf, ncrlf;

	(void)state;
	ncr = test_extract("Drones hit Odesa\rRussia fired 12 drones at Kyiv.\r", NULL, 0, cr, 16);
	nlf = test_extract("Drones hit Odesa\nRussia fired 12 drones at Kyiv.\n", NULL, 0, lf, 16);
	ncrlf = test_extract("Drones hit Odesa\r\n\r\nRussia fired 12 drones at Kyiv.\r\n", NULL, 0, crlf, 16);
	assert_true(nlf >= 3);
	assert_int_equal(ncr, nlf);
	assert_int_equal(ncrlf, nlf);
	for (size_t i = 0; i < nlf; i++) {
		assert_int_equal(cr[i].sentence, lf[i].sentence);
		assert_int_equal(crlf[i].sentence, lf[i].sentence);
		assert_int_equal(cr[i].type, lf[i].type);
	}
	assert_int_equal(lf[0].sentence, 0);          /* Odesa, in the headline */
	assert_int_equal(lf[nlf - 1].sentence, 1);    /* Kyiv, in the next line */
}

/* A word that case folding empties (combining marks only) must not break later stages. */
static void test_word_of_marks(void **state)
{
	nf_fact f[16];
	size_t n;

	(void)state;
	n = test_extract("Kyiv \xcd\x85\xcd\x85. Russia fired 4 drones\xcc\x81 at Sumy.\n\xcd\x85\n5 drones",
			 NULL, NF_COUNT, f, 16);
	assert_true(n >= 1);
	assert_int_equal(f[n - 1].value, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walk_folder_vanishes, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(test_walk_file_vanishes, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(test_walk_root_missing, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(test_fifo, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(test_wide_encodings, make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(test_binary_probe_edge, make_scratch, remove_scratch),
		cmocka_unit_test(test_long_numbers),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_word_of_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
