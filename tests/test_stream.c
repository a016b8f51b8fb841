/*
 * test_stream.c: a document written to nf_stream piece by piece gives the
 * facts nf_extract gives for the same text whole, window cuts and all: same
 * offsets, sentences, types and values, in the same order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stream.h"
#include "testutil.h"

/* Our own report sentences; the text cycles through them with changing numbers. */
static const char *const sentences[] = {
	"Russia launched %d drones and 4 missiles at Kharkiv overnight on Tuesday, the air force said.",
	"Air defences shot down %d of them over the Odesa region.",
	"Governor Oleh Syniehubov said two people were killed and %d injured in the city.",
	"In Belgorod region, governor Vyacheslav Gladkov reported %d drones destroyed on Monday.",
	"Ukraine's General Staff said Russian forces lost %d tanks near Pokrovsk in March.",
	"NATO and the EU condemned the strike, which damaged %d homes in Zaporizhzhia.",
};

/* The text: n bytes of sentences; paragraph breaks unless one_line. */
static char *make_text(size_t n, int one_line, size_t *len)
{
	char *text = malloc(n + 256);
	size_t at = 0;

	assert_non_null(text);
	for (unsigned i = 0; at < n; i++) {
		int w = snprintf(text + at, 256, sentences[i % 6], (int)(i % 97) + 3);

		at += (size_t)w;
		text[at++] = one_line || i % 5 ? ' ' : '\n';
		if (!one_line && i % 11 == 10)
			text[at++] = '\n';
	}
	text[at] = '\0';
	*len = at;
	return text;
}

/* Facts as lines "start end sentence type name value", one string. */
typedef struct facts_text {
	char *buf;
	size_t len, cap;
	size_t n;
} facts_text;

static int add_fact(const nf_fact *f, void *ud)
{
	facts_text *ft = ud;
	char line[512];
	int w = snprintf(line, sizeof line, "%zu %zu %zu %d %s %lld\n", f->start, f->end,
			 f->sentence, (int)f->type, f->name ? f->name : f->timex,
			 f->value);

	if (ft->len + (size_t)w + 1 > ft->cap) {
		ft->cap = ft->cap ? ft->cap * 2 : 1 << 20;
		ft->buf = realloc(ft->buf, ft->cap);
		assert_non_null(ft->buf);
	}
	memcpy(ft->buf + ft->len, line, (size_t)w + 1);
	ft->len += (size_t)w;
	ft->n++;
	return 0;
}

/* Write text to a stream in pieces of size piece; the facts it reports. */
static facts_text streamed(const char *text, size_t len, size_t piece)
{
	facts_text ft = { 0 };
	nf_stream *s = nf_stream_open(test_model(), NULL, add_fact, &ft);

	assert_non_null(s);
	for (size_t at = 0; at < len; at += piece)
		assert_int_equal(nf_stream_write(s, text + at, len - at < piece ? len - at : piece), 0);
	assert_int_equal(nf_stream_close(s), 0);
	return ft;
}

/*
 * The same through the stream's own buffer, as main.c reads a long file:
 * each time all the room nf_stream_room hands out (at least want bytes) is filled.
 */
static facts_text streamed_in_place(const char *text, size_t len, size_t want)
{
	facts_text ft = { 0 };
	nf_stream *s = nf_stream_open(test_model(), NULL, add_fact, &ft);
	size_t room, n;

	assert_non_null(s);
	for (size_t at = 0; at < len; at += n) {
		char *p = nf_stream_room(s, want, &room);

		assert_non_null(p);
		assert_true(room >= want);
		n = len - at < room ? len - at : room;
		memcpy(p, text + at, n);
		assert_int_equal(nf_stream_wrote(s, n), 0);
	}
	assert_int_equal(nf_stream_close(s), 0);
	return ft;
}

static void check_pieces(int one_line)
{
	size_t len;
	char *text = make_text((size_t)5 << 20, one_line, &len);
	facts_text whole = { 0 };
	static const size_t pieces[] = { 4093, (1 << 20) + 7 };

	assert_int_equal(nf_extract(test_model(), text, len, NULL, add_fact, &whole), 0);
	assert_true(whole.n > 10000);
	for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++) {
		facts_text ft = streamed(text, len, pieces[i]);

		assert_int_equal(ft.n, whole.n);
		assert_true(ft.len == whole.len && memcmp(ft.buf, whole.buf, ft.len) == 0);
		free(ft.buf);
		ft = streamed_in_place(text, len, pieces[i]);
		assert_int_equal(ft.n, whole.n);
		assert_true(ft.len == whole.len && memcmp(ft.buf, whole.buf, ft.len) == 0);
		free(ft.buf);
	}
	free(whole.buf);
	free(text);
}

/* Paragraphs: windows end at blank lines. */
static void test_stream_equals_whole_paragraphs(void **state)
{
	(void)state;
	check_pieces(0);
}

/* One 5 MB line: windows end at sentence ends, and still agree. */
static void test_stream_equals_whole_one_line(void **state)
{
	(void)state;
	check_pieces(1);
}

/* A short document is one window: the same facts as nf_extract, even byte by byte. */
static void test_stream_short_document(void **state)
{
	const char *text = "Russia launched 3 drones at Kyiv on Monday, killing one.";
	facts_text whole = { 0 }, ft;

	(void)state;
	assert_int_equal(nf_extract(test_model(), text, strlen(text), NULL, add_fact, &whole), 0);
	ft = streamed(text, strlen(text), 1);
	assert_true(ft.n >= 4);
	assert_string_equal(ft.buf, whole.buf);
	free(ft.buf);
	free(whole.buf);
}

/* A stream opened and closed with nothing written reports nothing. */
static void test_stream_empty(void **state)
{
	facts_text ft = { 0 };
	nf_stream *s = nf_stream_open(test_model(), NULL, add_fact, &ft);

	(void)state;
	assert_non_null(s);
	assert_int_equal(nf_stream_close(s), 0);
	assert_int_equal(ft.n, 0);
}

/* The callback's non-zero answer stops the stream and is returned. */
static int stop_at_first(const nf_fact *f, void *ud)
{
	(void)f;
	++*(int *)ud;
	return 7;
}

static void test_stream_stops(void **state)
{
	size_t len;
	char *text = make_text((size_t)6 << 20, 0, &len);
	int calls = 0;
	nf_stream *s = nf_stream_open(test_model(), NULL, stop_at_first, &calls);

	(void)state;
	int rc = nf_stream_write(s, text, len / 2);

	rc = rc ? rc : nf_stream_write(s, text + len / 2, len - len / 2);
	assert_int_equal(rc, 7);
	size_t room;

	assert_null(nf_stream_room(s, 1, &room));   /* a stopped stream hands out no room */
	assert_int_equal(nf_stream_wrote(s, 0), 7);
	assert_int_equal(nf_stream_close(s), 7);
	assert_int_equal(calls, 1);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_equals_whole_paragraphs),
		cmocka_unit_test(test_stream_equals_whole_one_line),
		cmocka_unit_test(test_stream_short_document),
		cmocka_unit_test(test_stream_empty),
		cmocka_unit_test(test_stream_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
