/*
 * writer.c: the columns of a fact record and the format-independent writer.
 */
#include "writer.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

const char *const column_names[NCOLUMNS] = {
#define NF_COLUMN_NAME(up, name, types) #name,
	NF_COLUMNS(NF_COLUMN_NAME)
#undef NF_COLUMN_NAME
};

const unsigned char column_types[NCOLUMNS] = {
#define NF_COLUMN_TYPES(up, name, types) types,
	NF_COLUMNS(NF_COLUMN_TYPES)
#undef NF_COLUMN_TYPES
};

struct writer {
	enum output_format format;
	FILE *out;
	int explain;
	int failed;
	outbuf buf;             /* the record being built */
	record_memo memo;
};

writer *writer_new(enum output_format format, FILE *out, int header, int explain)
{
	writer *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->format = format;
	w->out = out;
	w->explain = explain;
	if (format == FORMAT_CSV && header) {
		csv_write_header(&w->buf, explain);
		if (outbuf_flush(&w->buf, out) < 0)
			w->failed = 1;
	}
	return w;
}

int writer_fact(writer *w, const char *doc, const nf_fact *f)
{
	size_t whole = w->buf.len;    /* the records before this one */

	if (w->format == FORMAT_CSV)
		csv_write_fact(&w->buf, &w->memo, doc, f, w->explain);
	else
		jsonl_write_fact(&w->buf, &w->memo, doc, f, w->explain);
	if (w->buf.failed) {
		/* this record could not be built whole: write the ones before it, not it */
		w->buf.failed = 0;
		w->buf.len = whole;
		outbuf_flush(&w->buf, w->out);
		w->failed = 1;
	} else if (w->buf.len >= WRITER_BATCH && (outbuf_flush(&w->buf, w->out) < 0 ||
						 ferror(w->out))) {
		w->failed = 1;
	}
	return w->failed ? -1 : 0;
}

int writer_end_doc(writer *w)
{
	w->memo.has_head = 0;   /* the document ends: its name may change */
	return w->failed ? -1 : 0;
}

int writer_flush(writer *w)
{
	if (outbuf_flush(&w->buf, w->out) < 0 || ferror(w->out))
		w->failed = 1;
	return writer_end_doc(w);
}

FILE *writer_stream(const writer *w)
{
	return w->out;
}

enum output_format writer_format(const writer *w)
{
	return w->format;
}

int writer_close(writer *w)
{
	int rc = (writer_flush(w) < 0 || fflush(w->out) != 0 || ferror(w->out)) ? -1 : 0;

	outbuf_free(&w->buf);
	memo_free(&w->memo);
	free(w);
	return rc;
}

const coords_text *memo_coords(record_memo *m, double lat, double lon)
{
	const size_t mask = COORDS_SLOTS - 1;
	uint64_t a, o;
	size_t i, lat_len, lon_len;
	unsigned k;
	coords_text *c;

	if (!m->coords && !(m->coords = malloc(COORDS_KEPT * sizeof *m->coords)))
		return NULL;   /* the caller writes them itself */
	memcpy(&a, &lat, sizeof a);
	memcpy(&o, &lon, sizeof o);
	i = (size_t)((a ^ o * 0x9e3779b97f4a7c15ull) * 0x9e3779b97f4a7c15ull >> 40);
	for (; (k = m->coords_slot[i & mask]) != 0; i++) {
		c = &m->coords[k - 1];
		if (c->lat_bits == a && c->lon_bits == o)
			return c;
	}
	if (m->ncoords == COORDS_KEPT) {   /* start again (slot i is empty then too) */
		memset(m->coords_slot, 0, sizeof m->coords_slot);
		m->ncoords = 0;
	}
	c = &m->coords[m->ncoords];
	lat_len = fmt_real5(c->lat, lat);
	lon_len = fmt_real5(c->lon, lon);
	if (!lat_len || !lon_len)   /* printf's to write: not kept */
		return NULL;
	c->lat_bits = a;
	c->lon_bits = o;
	c->lat_len = (unsigned char)lat_len;
	c->lon_len = (unsigned char)lon_len;
	m->coords_slot[i & mask] = (unsigned char)++m->ncoords;
	return c;
}

void memo_free(record_memo *m)
{
	outbuf_free(&m->head);
	free(m->coords);
	m->coords = NULL;
	m->has_head = 0;
}

char *outbuf_grow(outbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (b->failed || n > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return NULL;
	}
	while (cap - b->len < n)
		cap *= 2;
	if (!(p = realloc(b->p, cap))) {
		b->failed = 1;
		return NULL;
	}
	b->p = p;
	b->cap = cap;
	return p + b->len;
}

/*
 * Write p[0..n) to out's descriptor, past stdio: what stdio holds goes out
 * first, so the bytes keep their order. 0, or -1 (errno set) when a write failed.
 */
static int write_direct(FILE *out, int fd, const char *p, size_t n)
{
	if (fflush(out) != 0)
		return -1;
	while (n > 0) {
		ssize_t r = write(fd, p, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int outbuf_flush(outbuf *b, FILE *out)
{
	int rc = b->failed ? -1 : 0;
	int fd;

	/* a record that could not be built whole is not written */
	if (rc == 0 && b->len) {
		/*
		 * A batch as large as stdio's buffer goes to the descriptor as it is:
		 * fwrite would copy most of it into that buffer first. A stream
		 * with no descriptor (open_memstream) takes it through fwrite.
		 */
		if (b->len >= DIRECT_WRITE_MIN && (fd = fileno(out)) >= 0)
			rc = write_direct(out, fd, b->p, b->len);
		else if (fwrite(b->p, 1, b->len, out) != b->len)
			rc = -1;
	}
	b->len = 0;
	return rc;
}

void outbuf_free(outbuf *b)
{
	free(b->p);
	*b = (outbuf){ 0 };
}

/* "00" to "99": two digits per division */
const char nf_two_digits[201] =
	"0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
	"5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

const unsigned long long nf_powers_of_10[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
	1000000000000ull, 10000000000000ull, 100000000000000ull,
	1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
	1000000000000000000ull, 10000000000000000000ull,
};

size_t fmt_real5(char *d, double x)
{
#ifdef __SIZEOF_INT128__
	/*
	 * printf rounds the exact binary value to 5 decimals, ties to even: do
	 * the same in integers. |x| = m * 2^-sh, so round(|x| * 10^5) is
	 * m * 10^5 (< 2^70) shifted right by sh, the bits shifted out deciding
	 * the rounding.
	 */
	uint64_t bits, m;
	unsigned ex, sh;
	unsigned long long q = 0, frac;
	size_t n = 0;

	memcpy(&bits, &x, sizeof bits);
	ex = (unsigned)(bits >> 52 & 0x7ff);
	m = bits & ((1ull << 52) - 1);
	if (ex >= 1023 + 36)    /* |x| >= 2^36, infinities, NaNs */
		return 0;
	if (ex)
		m |= 1ull << 52;
	sh = ex ? 1075 - ex : 1074;   /* 17 .. 1074 */
	if (sh < 64) {   /* |x| >= 2^-11: the bits shifted out are all in the low word */
		unsigned __int128 p = (unsigned __int128)m * 100000u;
		uint64_t lo = (uint64_t)p, hi = (uint64_t)(p >> 64);
		uint64_t rest = lo & ((1ull << sh) - 1), half = 1ull << (sh - 1);

		q = lo >> sh | hi << (64 - sh);
		if (rest > half || (rest == half && (q & 1)))
			q++;
	} else if (sh < 71) {   /* else |x| * 10^5 < 2^70 / 2^71: rounds to 0 */
		unsigned __int128 p = (unsigned __int128)m * 100000u;
		unsigned __int128 rest = p & (((unsigned __int128)1 << sh) - 1);
		unsigned __int128 half = (unsigned __int128)1 << (sh - 1);

		q = (unsigned long long)(p >> sh);
		if (rest > half || (rest == half && (q & 1)))
			q++;
	}
	if (bits >> 63)   /* printf keeps the sign of -0.0 and of what rounds to it */
		d[n++] = '-';
	n += fmt_uint(d + n, q / 100000);
	d[n++] = '.';
	frac = q % 100000;   /* 5 digits, leading zeros kept */
	d[n] = (char)('0' + frac / 10000);
	memcpy(d + n + 1, nf_two_digits + 2 * (frac / 100 % 100), 2);
	memcpy(d + n + 3, nf_two_digits + 2 * (frac % 100), 2);
	return n + 5;
#else
	(void)d;
	(void)x;
	return 0;
#endif
}

void outbuf_uint(outbuf *b, unsigned long long u)
{
	char *d = outbuf_room(b, NF_NUM_ROOM);

	if (d)
		b->len += fmt_uint(d, u);
}

void outbuf_int(outbuf *b, long long i)
{
	char *d = outbuf_room(b, NF_NUM_ROOM);

	if (d)
		b->len += fmt_int(d, i);
}

size_t fmt_large_uint(char *d, unsigned long long u)
{
	/* the digit count from the bit length (1233 / 4096 ~ log10 2), then one compare */
	unsigned bits = 64 - (unsigned)__builtin_clzll(u | 1);
	unsigned t = bits * 1233 >> 12;

	return fmt_long_uint(d, u, t + 1 - ((u | 1) < nf_powers_of_10[t]));
}

size_t fmt_long_uint(char *d, unsigned long long u, size_t n)
{
	uint64_t x;

	/* 8 digits at a time, the first group as long as it must be */
	if (n <= 16) {
		d += put_last_digits(d, (uint32_t)(u / 100000000), n - 8);
		x = eight_digits((uint32_t)(u % 100000000));
		memcpy(d, &x, 8);
		return n;
	}
	d += put_last_digits(d, (uint32_t)(u / 10000000000000000ull), n - 16);
	u %= 10000000000000000ull;
	x = eight_digits((uint32_t)(u / 100000000));
	memcpy(d, &x, 8);
	x = eight_digits((uint32_t)(u % 100000000));
	memcpy(d + 8, &x, 8);
	return n;
}

char *put_real5(char *d, double x)
{
	size_t n = fmt_real5(d, x);
	int len;

	if (!n && (len = snprintf(d, REAL5_ROOM, "%.5f", x)) > 0)
		n = (size_t)len < REAL5_ROOM ? (size_t)len : REAL5_ROOM - 1;
	return d + n;
}

void outbuf_real5(outbuf *b, double x)
{
	char *d = outbuf_room(b, REAL5_ROOM);

	if (d)
		b->len = (size_t)(put_real5(d, x) - b->p);
}

size_t utf8_valid_len(const unsigned char *p, size_t avail)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r;

	/* the common punctuation U+2000..U+203F (dashes, curly quotes) */
	if (avail >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] & 0xC0) == 0x80)
		return 3;
	if (!p[0])
		return 0;
	r = utf8proc_iterate(p, (utf8proc_ssize_t)(avail > 4 ? 4 : avail), &cp);
	return r > 0 ? (size_t)r : 0;
}

char *utf8_clean_at(char *d, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		size_t n;

		if (*p - 1u < 0x7fu) {   /* ASCII but NUL */
			*d++ = (char)*p++;
			continue;
		}
		n = utf8_valid_len(p, (size_t)(end - p));
		if (n) {
			memcpy(d, p, n);
			d += n;
			p += n;
		} else {
			memcpy(d, "\xEF\xBF\xBD", 3);
			d += 3;
			p++;
		}
	}
	return d;
}

void outbuf_utf8_clean(outbuf *b, const char *s, size_t len)
{
	/* at most 3 bytes (U+FFFD) for each byte */
	char *d = len <= SIZE_MAX / 3 ? outbuf_room(b, 3 * len) : NULL;

	if (!d) {
		b->failed = 1;
		return;
	}
	b->len = (size_t)(utf8_clean_at(d, s, len) - b->p);
}
