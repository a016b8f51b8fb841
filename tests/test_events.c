/*
 * test_events.c: events assembled from the facts (src/events.c), and the
 * summary record.
 *
 * Each report in tests/events/NAME.txt (written for these tests) comes with
 * NAME.expect: one expected event a line, as ';'-separated key=value pairs
 * (place, date, attacker and slots such as killed=3). The report must give
 * exactly that many events; each expected one must exist with those values,
 * and with no slot the line does not list. An empty .expect file is a report
 * with no attack.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsfacts.h"
#include "testutil.h"

#ifndef NF_TEST_EVENTS_DIR
#define NF_TEST_EVENTS_DIR "tests/events"
#endif

#define MAXEV 16

/* A copy of an event's strings, which live only during the callback. */
typedef struct kept_event {
	nf_event ev;
	char place[64], country[8], attacker[64];
} kept_event;

typedef struct kept {
	kept_event items[MAXEV];
	size_t n;
} kept;

static int keep_event(const nf_event *ev, void *ud)
{
	kept *k = ud;

	if (k->n < MAXEV) {
		kept_event *e = &k->items[k->n];

		e->ev = *ev;
		snprintf(e->place, sizeof e->place, "%s", ev->place);
		snprintf(e->country, sizeof e->country, "%s", ev->country);
		snprintf(e->attacker, sizeof e->attacker, "%s", ev->attacker);
		e->ev.weapons = "";
		e->ev.sentences = NULL;
	}
	k->n++;
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);

		if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
			*len = fread(buf, 1, (size_t)n, f);
			buf[*len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

static void dump(const kept *k)
{
	for (size_t i = 0; i < k->n && i < MAXEV; i++) {
		const kept_event *e = &k->items[i];

		fprintf(stderr, "  event %s @ %s by %s:", e->place, e->ev.date, e->attacker);
		for (int s = 0; s < NF_EVENT_NSLOTS; s++)
			if (e->ev.has[s])
				fprintf(stderr, " %s=%lld", nf_event_slot_name(s), e->ev.slot[s]);
		fprintf(stderr, "\n");
	}
}

/* Does event e agree with one expected line ("place=Kyiv;killed=3")? */
static int matches(const kept_event *e, char *line)
{
	int listed[NF_EVENT_NSLOTS] = { 0 };
	char *save = NULL;

	for (char *kv = strtok_r(line, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(kv, '=');

		if (!eq)
			return 0;
		*eq = '\0';
		const char *key = kv, *val = eq + 1;

		if (!strcmp(key, "place")) {
			if (strcmp(e->place, val))
				return 0;
		} else if (!strcmp(key, "date")) {
			if (strcmp(e->ev.date, val))
				return 0;
		} else if (!strcmp(key, "attacker")) {
			if (strcmp(e->attacker, val))
				return 0;
		} else {
			int s = 0;

			while (s < NF_EVENT_NSLOTS && strcmp(nf_event_slot_name(s), key))
				s++;
			if (s == NF_EVENT_NSLOTS || !e->ev.has[s] || e->ev.slot[s] != atoll(val))
				return 0;
			listed[s] = 1;
		}
	}
	for (int s = 0; s < NF_EVENT_NSLOTS; s++)
		if (e->ev.has[s] && !listed[s])
			return 0;
	return 1;
}

/* Run one report and compare with its .expect file; 0 when they agree. */
static int check_report(const char *name)
{
	char path[512], *text, *expect;
	size_t len, elen;
	kept k = { 0 };
	int failed = 0;
	size_t nexpected = 0;

	snprintf(path, sizeof path, "%s/%s.txt", NF_TEST_EVENTS_DIR, name);
	text = read_file(path, &len);
	snprintf(path, sizeof path, "%s/%s.expect", NF_TEST_EVENTS_DIR, name);
	expect = read_file(path, &elen);
	if (!text || !expect) {
		fprintf(stderr, "%s: cannot read the report or its .expect file\n", name);
		free(text);
		free(expect);
		return 1;
	}
	assert_int_equal(nf_extract_events(test_model(), text, len, NULL, keep_event, &k), 0);
	char *save = NULL;

	for (char *line = strtok_r(expect, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int found = 0;

		nexpected++;
		for (size_t i = 0; i < k.n && i < MAXEV && !found; i++) {
			char copy[512];

			snprintf(copy, sizeof copy, "%s", line);
			found = matches(&k.items[i], copy);
		}
		if (!found) {
			fprintf(stderr, "%s: no event matches '%s'\n", name, line);
			failed = 1;
		}
	}
	if (k.n != nexpected) {
		fprintf(stderr, "%s: %zu events, expected %zu\n", name, k.n, nexpected);
		failed = 1;
	}
	if (failed)
		dump(&k);
	free(text);
	free(expect);
	return failed;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_reports(void **state)
{
	(void)state;
	DIR *dir = opendir(NF_TEST_EVENTS_DIR);
	char *names[128];
	size_t n = 0;
	int failures = 0;

	assert_non_null(dir);
	for (struct dirent *d; (d = readdir(dir)) && n < 128;) {
		size_t l = strlen(d->d_name);

		if (l > 4 && !strcmp(d->d_name + l - 4, ".txt")) {
			names[n] = strndup(d->d_name, l - 4);
			assert_non_null(names[n]);
			n++;
		}
	}
	closedir(dir);
	qsort(names, n, sizeof *names, cmp_str);
	assert_true(n >= 25);
	for (size_t i = 0; i < n; i++) {
		failures += check_report(names[i]);
		free(names[i]);
	}
	assert_int_equal(failures, 0);
}

/* Sentences are listed, in order, for a user to check the event. */
static void test_sentences_listed(void **state)
{
	(void)state;
	const char *text = "Russian missiles hit Vinnytsia on Monday.\n\n"
			   "The mayor said the blasts damaged a school.\n\n"
			   "Four people were killed there, officials said later.";
	kept k = { 0 };

	assert_int_equal(nf_extract_events(test_model(), text, strlen(text), NULL,
					   keep_event, &k), 0);
	assert_int_equal(k.n, 1);
	assert_string_equal(k.items[0].place, "Vinnytsia");
	assert_true(k.items[0].ev.has[NF_KILLED]);
	assert_int_equal(k.items[0].ev.slot[NF_KILLED], 4);
}

/*
 * An overnight attack with no day named is dated the morning it ended: the
 * day of the report (FACTS.md); a day named in the sentence still wins.
 */
static void test_overnight_dated_morning(void **state)
{
	(void)state;
	const char *text = "Russia sent 48 drones against Ukraine overnight, the air force said.\n\n"
			   "Separately, shelling killed a man in Nikopol on Wednesday evening.";
	nf_options opt = { .has_ref_date = 1, .ref_year = 2025, .ref_month = 3, .ref_day = 14 };
	kept k = { 0 };

	assert_int_equal(nf_extract_events(test_model(), text, strlen(text), &opt,
					   keep_event, &k), 0);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.items[0].place, "Ukraine");
	assert_string_equal(k.items[0].ev.date, "2025-03-14");
	assert_int_equal(k.items[0].ev.slot[NF_DRONES_LAUNCHED], 48);
	assert_string_equal(k.items[1].place, "Nikopol");
	assert_string_equal(k.items[1].ev.date, "2025-03-12");
}

/* The summary keeps the largest figure of each slot anywhere in the report. */
static void test_summary(void **state)
{
	(void)state;
	const char *text = "Russia launched 70 drones at Ukraine overnight, and 61 were shot down.\n"
			   "In Kharkiv, three people were killed; in Sumy, one person was killed.";
	nf_event s;

	assert_int_equal(nf_extract_summary(test_model(), text, strlen(text), NULL, &s), 0);
	assert_true(s.has[NF_DRONES_LAUNCHED]);
	assert_int_equal(s.slot[NF_DRONES_LAUNCHED], 70);
	assert_int_equal(s.slot[NF_KILLED], 3);
	assert_false(s.has[NF_MISSILES_LAUNCHED]);
	assert_false(s.has[NF_INJURED]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reports),
		cmocka_unit_test(test_sentences_listed),
		cmocka_unit_test(test_overnight_dated_morning),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
