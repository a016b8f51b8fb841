/*
 * test_table.c: the TSV reader of data/: comments, blank lines, CRLF, empty
 * fields, a last line without a break, and the one-line errors that name the
 * file and line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "table.h"

static char dir[] = "/tmp/nf-table-XXXXXX";

static void write_file(const char *name, const char *content)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void test_rows_and_fields(void **state)
{
	char err[256] = "";
	table *t;

	(void)state;
	write_file("a.tsv", "# name\tkind\n\nKyiv\tcity\tUA\r\nCrimea\tpeninsula\t\n"
			    "   \n#x\ty\nBlack Sea\tsea");
	t = table_load(dir, "a.tsv", 1, err, sizeof err);
	assert_non_null(t);
	assert_int_equal(t->nrows, 4);
	assert_string_equal(table_get(&t->rows[0], 0), "Kyiv");
	assert_string_equal(table_get(&t->rows[0], 2), "UA");          /* no "\r" left */
	assert_int_equal(t->rows[0].nfields, 3);
	assert_int_equal(t->rows[0].line, 3);
	assert_int_equal(t->rows[1].nfields, 3);                       /* a trailing tab: an empty field */
	assert_string_equal(table_get(&t->rows[1], 2), "");
	assert_string_equal(table_get(&t->rows[1], 9), "");            /* past the end */
	assert_string_equal(table_get(&t->rows[2], 0), "   ");         /* spaces are not blank */
	assert_string_equal(table_get(&t->rows[3], 0), "Black Sea");   /* no final line break */
	assert_string_equal(table_get(&t->rows[3], 1), "sea");
	assert_int_equal(t->rows[3].line, 7);
	table_free(t);
}

static void test_too_few_fields(void **state)
{
	char err[256] = "";

	(void)state;
	write_file("b.tsv", "# comment\nKyiv\tcity\nOdesa\n");
	assert_null(table_load(dir, "b.tsv", 2, err, sizeof err));
	assert_non_null(strstr(err, "b.tsv:3: 1 fields, expected at least 2"));
}

static void test_too_many_fields(void **state)
{
	char err[256] = "", row[128] = "";

	(void)state;
	for (int i = 0; i < TABLE_MAX_FIELDS + 1; i++)
		strcat(row, i ? "\tx" : "x");
	strcat(row, "\n");
	write_file("c.tsv", row);
	assert_null(table_load(dir, "c.tsv", 1, err, sizeof err));
	assert_non_null(strstr(err, "c.tsv:1: more than 16 fields"));
}

static void test_many_rows(void **state)
{
	char err[256] = "";
	size_t n = 5000;
	char *big = malloc(n * 32), *p = big;
	table *t;

	(void)state;
	assert_non_null(big);
	/* many fields a row: more than the reader's first guess of the fields array */
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "r%zu\ta\tb\tc\td\te\tf\n", i);
	write_file("d.tsv", big);
	t = table_load(dir, "d.tsv", 7, err, sizeof err);
	assert_non_null(t);
	assert_int_equal(t->nrows, n);
	assert_string_equal(table_get(&t->rows[n - 1], 0), "r4999");
	assert_string_equal(table_get(&t->rows[n - 1], 6), "f");
	assert_string_equal(table_get(&t->rows[0], 6), "f");
	table_free(t);
	free(big);
}

static void test_missing_file(void **state)
{
	char err[256] = "";

	(void)state;
	assert_null(table_load(dir, "nothing.tsv", 1, err, sizeof err));
	assert_non_null(strstr(err, "cannot read"));
	assert_non_null(strstr(err, "nothing.tsv"));
}

static int cleanup(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_fields),
		cmocka_unit_test(test_too_few_fields),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_many_rows),
		cmocka_unit_test(test_missing_file),
	};

	if (!mkdtemp(dir))
		return 1;
	return cmocka_run_group_tests(tests, NULL, cleanup);
}
