/*
 * progress.c: the progress bar of batch runs (see progress.h). It writes only
 * to standard error; the caller decides whether it is a terminal.
 */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define REDRAW_NS 100000000LL   /* ten times a second at most */
#define BAR_WIDTH 24

struct progress {
	long long start_ns, drawn_ns;
	size_t total;
	int drawn;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

progress *progress_new(void)
{
	progress *p = calloc(1, sizeof *p);

	if (p)
		p->start_ns = now_ns();
	return p;
}

void progress_total(progress *p, size_t files)
{
	if (p)
		p->total = files;
}

/*
 * Redraw the line in place ("\r", then the line padded to erase a longer
 * previous one). The time left assumes the files still to come are like the
 * ones done, which holds for news folders well enough.
 */
void progress_update(progress *p, size_t done, unsigned long long bytes)
{
	if (!p)
		return;
	long long t = now_ns();

	if (p->drawn && t - p->drawn_ns < REDRAW_NS && !(p->total && done == p->total))
		return;
	p->drawn_ns = t;
	p->drawn = 1;
	double secs = (double)(t - p->start_ns) / 1e9;
	double mbps = secs > 0 ? (double)bytes / 1e6 / secs : 0;
	char bar[BAR_WIDTH + 1];

	if (p->total) {
		size_t full = done >= p->total ? BAR_WIDTH : done * BAR_WIDTH / p->total;

		for (size_t i = 0; i < BAR_WIDTH; i++)
			bar[i] = i < full ? '#' : '.';
		bar[BAR_WIDTH] = '\0';
		long left = done ? (long)(secs * (double)(p->total - done) / (double)done + 0.5) : -1;

		if (left >= 0)
			fprintf(stderr, "\r[%s] %zu/%zu files  %.1f MB/s  %ld:%02ld left   ",
				bar, done, p->total, mbps, left / 60, left % 60);
		else
			fprintf(stderr, "\r[%s] %zu/%zu files  %.1f MB/s   ", bar, done,
				p->total, mbps);
	} else {
		fprintf(stderr, "\r%zu files  %.1f MB/s   ", done, mbps);
	}
	fflush(stderr);
}

void progress_clear(progress *p)
{
	if (p && p->drawn) {
		fprintf(stderr, "\r%*s\r", 72, "");
		p->drawn = 0;
	}
}

void progress_end(progress *p)
{
	progress_clear(p);
	free(p);
}
