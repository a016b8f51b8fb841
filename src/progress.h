/*
 * progress.h: a one-line progress bar on standard error for long runs:
 * files done / total, MB/s and the time left, redrawn at most ten times a second.
 */
#ifndef NF_PROGRESS_H
#define NF_PROGRESS_H

#include <stddef.h>

typedef struct progress progress;

/* NULL when memory runs out (the run goes on without a bar). */
progress *progress_new(void);

/* How many files the run has (0 while unknown). */
void progress_total(progress *p, size_t files);

/* Files and bytes done so far; redraws when the last draw is old enough. */
void progress_update(progress *p, size_t files_done, unsigned long long bytes_done);

/* Erase the bar (before an error line); the next update draws it again. */
void progress_clear(progress *p);

/* Erase the bar and free it. */
void progress_end(progress *p);

#endif
