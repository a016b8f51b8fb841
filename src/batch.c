/*
 * batch.c: documents on N threads, output in input order (see batch.h).
 *
 * The documents wait in a ring of QUEUE_PER_THREAD * N slots, numbered by their
 * position in the input. The caller's thread queues them, N - 1 workers take
 * them in order and write each document's output into a buffer of the job's,
 * and whichever thread finds the oldest document done writes out every
 * finished document in a row, in order. So the output is the single-threaded
 * output byte for byte.
 *
 * Memory stays bounded whatever the number of documents: a queued file is only
 * its name (read when taken), texts in memory (records) queue TEXTS_PER_THREAD
 * * N ahead at most, and at most FLIGHT_PER_THREAD * N documents are taken and
 * not yet written out, their finished outputs HELD_MAX bytes at most. Those
 * bounds are generous because a thread descheduled in the middle of the oldest
 * document holds up the others once they reach them: with 8 documents a thread
 * that happened thousands of times a run on a busy machine.
 *
 * The queueing thread is the N-th worker: when the ring is full it takes the
 * oldest queued document itself rather than sleep. A feeder that slept and woke
 * for every few documents, beside N workers on N cores, cost a context switch
 * and a futex call or two a document, and doubled the run's system time.
 * Threads are woken only when someone waits.
 *
 * Each thread writes through one writer for all its documents, onto a stream
 * whose bytes land in the current job's buffer (fopencookie), and buffers
 * written out are kept for later jobs: a memory stream a document
 * (open_memstream clears an 8 KiB buffer) and a writer growing its buffer anew
 * were a tenth of a short article's cost.
 *
 * With one job there are no threads at all: each document is processed as it
 * is queued, straight onto the run's writer.
 */
#define _GNU_SOURCE     /* fopencookie */
#include "batch.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "progress.h"
#include "writer.h"

enum job_state { JOB_FREE, JOB_QUEUED, JOB_DONE };

/* Slots of the ring per thread: files queued ahead, by name. */
#define QUEUE_PER_THREAD 64
/* Texts queued ahead per thread. */
#define TEXTS_PER_THREAD 8
/* Documents taken and not written out per thread, and the bytes of their outputs. */
#define FLIGHT_PER_THREAD 32
#define HELD_MAX ((size_t)32 << 20)

/* An output buffer larger than this is freed once written out, not kept. */
#define KEEP_OUT ((size_t)1 << 20)
/* A read buffer larger than this is freed after its file, not kept for the next. */
#define KEEP_READ ((size_t)1 << 20)

typedef struct job {
	int state;
	char *doc;                  /* path or record name */
	char *text;                 /* a record's text; NULL for a file still to read */
	size_t len;
	nf_options opt;
	const char *reason;         /* why the input failed (a static string), or NULL */
	int output_failed;
	char *out;                  /* the document's output (threads only) */
	size_t outlen, outcap;
	unsigned long long bytes;   /* input bytes, for the progress bar */
	size_t seq;                 /* position in the input */
} job;

/* One thread's writer, onto a stream that appends to the current job's out. */
typedef struct lane {
	FILE *f;
	writer *w;
	job *cur;
	int oom;                    /* a write to cur->out ran out of memory */
	input_buf read;             /* files are read into it, one after the other */
} lane;

struct batch {
	batch_config cfg;
	job *ring;
	size_t nring;
	size_t nflight;             /* bound on taken - emitted */
	size_t held;                /* output bytes of finished documents not written out */
	struct spare { char *p; size_t cap; } *spare;   /* output buffers to reuse */
	size_t nspare;
	size_t added, emitted;      /* documents queued, and written out, so far */
	size_t taken;               /* documents a thread has started */
	int emitting, closing;
	int idle_workers;           /* workers waiting for a document */
	int feeder_waiting;         /* the queueing thread waits for a document written out */
	int turn_waiters;           /* threads waiting to stream (wait_turn) */
	int input_failed, output_failed;
	int flush_each;             /* without threads: each document's records at once */
	pthread_mutex_t lock;
	pthread_cond_t work;        /* a document was queued, or the batch closes */
	pthread_cond_t space;       /* a slot was freed */
	pthread_cond_t turn;        /* a document was written out */
	pthread_t *threads;
	int nthreads;               /* workers besides the queueing thread */
	lane *feeder_lane;          /* the queueing thread's, made when it first helps */
	input_buf read;             /* the read buffer of a batch without threads */
	progress *bar;
	size_t files_done;
	unsigned long long bytes_done;
};

static void wait_turn(batch *b, const job *j);
static void end_turn(batch *b);

/*
 * Read the job's input if it is a file, into the thread's buffer rbuf, and run
 * the document function on it, onto w. A file too long to hold whole streams
 * onto the run's own writer instead, once every document before it is written
 * out (wait_turn): its output is never held in memory either.
 */
static void run_job(batch *b, job *j, writer *w, input_buf *rbuf)
{
	input_rest rest = { -1, 0, 0 };
	int streamed = 0, read_here = 0;

	if (!j->reason && !j->text) {
		if (input_read_head(j->doc, BATCH_HEAD, rbuf, &rest, &j->reason) < 0)
			return;
		j->text = rbuf->data;
		j->len = rbuf->len;
		read_here = 1;
		if (rest.fd >= 0 && b->nthreads) {
			wait_turn(b, j);
			w = b->cfg.out;
			streamed = 1;
		}
	}
	if (j->reason)
		return;
	errno = 0;    /* EOVERFLOW after a failure: too long, not out of memory */
	int rc = b->cfg.fn(b->cfg.ctx, w, j->doc, j->text, j->len,
			   rest.fd >= 0 ? &rest : NULL, &j->opt);

	j->bytes = j->len + rest.nread;    /* a streamed file's rest too, for the bar */
	if (rest.err)
		j->reason = strerror(rest.err);
	else if (rc == -1)
		j->reason = errno == EOVERFLOW ? "too long to analyse whole (over 4 GiB)"
					       : "out of memory";
	else if (rc < 0)
		j->output_failed = 1;
	input_rest_close(&rest);
	if (!read_here)
		free(j->text);
	else if (rbuf->cap > KEEP_READ)
		input_free(rbuf);
	j->text = NULL;
	if (streamed) {
		if (writer_flush(w) < 0 || fflush(b->cfg.outfp) != 0)
			j->output_failed = 1;
		end_turn(b);
	}
}

/*
 * The error line of a failed input, the output and the progress of one
 * finished job, whose fields are then cleared (its output buffer is the
 * caller's to free or reuse). Returns non-zero when the output failed. Only
 * one thread at a time writes (emit_ready), so the counters need no lock.
 */
static int write_job(batch *b, job *j)
{
	int failed = b->output_failed || j->output_failed;

	if (!failed && j->outlen && fwrite(j->out, 1, j->outlen, b->cfg.outfp) != j->outlen)
		failed = 1;
	if (j->reason) {
		/* the records before it out first: the error line falls in its place
		 * when standard output and error go to one file */
		if (!failed && fflush(b->cfg.outfp) != 0)
			failed = 1;
		progress_clear(b->bar);
		fprintf(stderr, "%s: '%s': %s\n", b->cfg.progname, j->doc ? j->doc : "?",
			j->reason);
		b->input_failed = 1;
	}
	b->files_done++;
	b->bytes_done += j->bytes;
	progress_update(b->bar, b->files_done, b->bytes_done);
	free(j->doc);
	free(j->text);
	memset(j, 0, sizeof *j);
	return failed;
}

/* A worker may take the next document: one is queued, and not too many are in flight. */
static int can_take(const batch *b)
{
	return b->taken < b->added && b->taken - b->emitted < b->nflight && b->held < HELD_MAX;
}

/* Keep a written-out buffer for a later document (with the lock held). */
static void keep_spare(batch *b, char *out, size_t cap)
{
	if (out && cap <= KEEP_OUT && b->nspare < b->nflight)
		b->spare[b->nspare++] = (struct spare){ out, cap };
	else
		free(out);
}

/*
 * Write out the finished jobs at the head of the ring, in order. Called with
 * the lock held; one thread at a time writes, without the lock, so the others
 * keep working meanwhile.
 */
static void emit_ready(batch *b)
{
	if (b->emitting)
		return;
	b->emitting = 1;
	while (b->emitted < b->added && b->ring[b->emitted % b->nring].state == JOB_DONE) {
		job *j = &b->ring[b->emitted % b->nring];
		char *out = j->out;
		size_t outlen = j->outlen, outcap = j->outcap;

		pthread_mutex_unlock(&b->lock);
		int failed = write_job(b, j);

		pthread_mutex_lock(&b->lock);
		b->held -= outlen;
		keep_spare(b, out, outcap);
		if (failed)
			b->output_failed = 1;
		j->state = JOB_FREE;
		b->emitted++;
		if (b->feeder_waiting) {
			b->feeder_waiting = 0;
			pthread_cond_signal(&b->space);
		}
		if (b->idle_workers && can_take(b))
			pthread_cond_signal(&b->work);
		if (b->turn_waiters)
			pthread_cond_broadcast(&b->turn);
	}
	b->emitting = 0;
	if (b->turn_waiters)
		pthread_cond_broadcast(&b->turn);
}

/*
 * Wait until j is the oldest document not written out and nobody writes, then
 * hold the output (b->emitting) for j to write straight onto it.
 */
static void wait_turn(batch *b, const job *j)
{
	pthread_mutex_lock(&b->lock);
	b->turn_waiters++;
	while (b->emitted != j->seq || b->emitting)
		pthread_cond_wait(&b->turn, &b->lock);
	b->turn_waiters--;
	b->emitting = 1;
	pthread_mutex_unlock(&b->lock);
}

static void end_turn(batch *b)
{
	pthread_mutex_lock(&b->lock);
	b->emitting = 0;
	pthread_mutex_unlock(&b->lock);
}

/* The lane's stream: bytes go to the end of the current job's output. */
static ssize_t lane_write(void *cookie, const char *buf, size_t n)
{
	lane *l = cookie;
	job *j = l->cur;

	if (!j || l->oom)
		return 0;
	if (j->outcap - j->outlen < n) {
		size_t cap = j->outcap ? j->outcap : 16384;

		while (cap - j->outlen < n && cap <= SIZE_MAX / 2)
			cap *= 2;
		char *p = cap - j->outlen >= n ? realloc(j->out, cap) : NULL;

		if (!p) {
			l->oom = 1;
			return 0;
		}
		j->out = p;
		j->outcap = cap;
	}
	memcpy(j->out + j->outlen, buf, n);
	j->outlen += n;
	return (ssize_t)n;
}

static void lane_free(lane *l)
{
	if (!l)
		return;
	l->cur = NULL;
	if (l->w)
		writer_close(l->w);
	if (l->f)
		fclose(l->f);
	input_free(&l->read);
	free(l);
}

/* A new writer on the lane (its first, or after one failed). */
static int lane_writer(batch *b, lane *l)
{
	if (l->w)
		writer_close(l->w);
	clearerr(l->f);
	l->w = writer_new(b->cfg.format, l->f, 0, b->cfg.explain);
	return l->w ? 0 : -1;
}

static lane *lane_new(batch *b)
{
	lane *l = calloc(1, sizeof *l);

	if (!l)
		return NULL;
	/* unbuffered: the writers hand over whole documents, copied once into out */
	if ((l->f = fopencookie(l, "w", (cookie_io_functions_t){ .write = lane_write })) &&
	    setvbuf(l->f, NULL, _IONBF, 0) == 0 && lane_writer(b, l) == 0)
		return l;
	lane_free(l);
	return NULL;
}

/* Process one job into its output buffer, through the lane's writer. */
static void run_job_buffered(batch *b, lane *l, job *j)
{
	if (!l || !l->w) {
		j->reason = j->reason ? j->reason : "out of memory";
		return;
	}
	l->cur = j;
	l->oom = 0;
	run_job(b, j, l->w, &l->read);
	/* the document's records (writer_end_doc left them in the writer) into its
	 * buffer, a failed document's too, as writer_close would */
	if (writer_flush(l->w) < 0 || l->oom) {
		if (!j->reason)
			j->reason = "out of memory";
		j->output_failed = 1;
		l->oom = 0;
		lane_writer(b, l);          /* the old one's failure is sticky */
	}
	l->cur = NULL;
}

/*
 * Take the oldest queued job (can_take), run it and write out what is ready.
 * Called with the lock held, returns with it held.
 */
static void take_job(batch *b, lane *l)
{
	job *j = &b->ring[b->taken++ % b->nring];

	if (b->nspare) {
		b->nspare--;
		j->out = b->spare[b->nspare].p;
		j->outcap = b->spare[b->nspare].cap;
	}
	pthread_mutex_unlock(&b->lock);
	run_job_buffered(b, l, j);
	pthread_mutex_lock(&b->lock);
	j->state = JOB_DONE;
	b->held += j->outlen;
	emit_ready(b);
}

static void *worker(void *arg)
{
	batch *b = arg;
	lane *l = lane_new(b);      /* made here: its memory comes from this thread's arena */

	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (!can_take(b) && !(b->closing && b->taken == b->added)) {
			b->idle_workers++;
			pthread_cond_wait(&b->work, &b->lock);
			b->idle_workers--;
		}
		if (b->taken == b->added)
			break;
		take_job(b, l);
	}
	pthread_mutex_unlock(&b->lock);
	lane_free(l);
	return NULL;
}

/* The queueing thread helps: it runs a queued job instead of waiting. */
static void feeder_takes_job(batch *b)
{
	if (!b->feeder_lane)
		b->feeder_lane = lane_new(b);
	take_job(b, b->feeder_lane);
}

batch *batch_new(const batch_config *cfg)
{
	batch *b = calloc(1, sizeof *b);

	if (!b)
		return NULL;
	b->cfg = *cfg;
	if (b->cfg.jobs < 1)
		b->cfg.jobs = 1;
	if (cfg->progress)
		b->bar = progress_new();
	if (b->cfg.jobs == 1) {
		b->flush_each = isatty(fileno(cfg->outfp));
		return b;
	}
	b->nring = QUEUE_PER_THREAD * (size_t)b->cfg.jobs;
	b->nflight = FLIGHT_PER_THREAD * (size_t)b->cfg.jobs;
	b->ring = calloc(b->nring, sizeof *b->ring);
	b->spare = calloc(b->nflight, sizeof *b->spare);
	b->threads = calloc((size_t)b->cfg.jobs - 1, sizeof *b->threads);
	if (!b->ring || !b->spare || !b->threads)
		goto fail;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->work, NULL);
	pthread_cond_init(&b->space, NULL);
	pthread_cond_init(&b->turn, NULL);
	for (; b->nthreads < b->cfg.jobs - 1; b->nthreads++)
		if (pthread_create(&b->threads[b->nthreads], NULL, worker, b) != 0)
			break;
	if (b->nthreads == 0) {
		pthread_mutex_destroy(&b->lock);
		pthread_cond_destroy(&b->work);
		pthread_cond_destroy(&b->space);
		pthread_cond_destroy(&b->turn);
		goto fail;
	}
	return b;
fail:
	progress_end(b->bar);
	free(b->ring);
	free(b->spare);
	free(b->threads);
	free(b);
	return NULL;
}

void batch_expect(batch *b, size_t files)
{
	progress_total(b->bar, files);
}

/*
 * Queue a job: with threads, wait for a free slot (running queued jobs
 * meanwhile) and wake a worker; without, run it at once onto the run's writer.
 * Takes doc and text (both malloc'd). A text waits for fewer documents ahead
 * of it than a file's name: it is in memory already.
 */
static int enqueue(batch *b, char *doc, char *text, size_t len, const nf_options *opt,
		   const char *reason)
{
	job local = { 0 }, *j = &local;

	if (b->nthreads) {
		size_t ahead = text ? TEXTS_PER_THREAD * (size_t)b->cfg.jobs : b->nring;

		pthread_mutex_lock(&b->lock);
		while (b->added - b->emitted >= ahead) {
			if (can_take(b)) {
				feeder_takes_job(b);
				continue;
			}
			b->feeder_waiting = 1;
			pthread_cond_wait(&b->space, &b->lock);
		}
		j = &b->ring[b->added % b->nring];
	}
	j->seq = b->added;
	j->doc = doc;
	j->text = text;
	j->len = len;
	j->opt = *opt;
	j->reason = doc ? reason : "out of memory";
	if (!doc) {
		free(text);
		j->text = NULL;
	}
	if (b->nthreads) {
		j->state = JOB_QUEUED;
		b->added++;
		if (b->idle_workers && can_take(b))
			pthread_cond_signal(&b->work);
		int failed = b->output_failed;

		pthread_mutex_unlock(&b->lock);
		return failed;
	}
	if (j->doc)
		run_job(b, j, b->cfg.out, &b->read);
	/* the records wait in the writer (writer_end_doc): out before an error
	 * line, and at once to a terminal */
	if ((j->reason || b->flush_each) && writer_flush(b->cfg.out) < 0)
		j->output_failed = 1;
	if (write_job(b, j))
		b->output_failed = 1;
	return b->output_failed;
}

int batch_add_file(batch *b, const char *path, const nf_options *opt)
{
	return enqueue(b, strdup(path), NULL, 0, opt, NULL);
}

int batch_add_text(batch *b, const char *doc, char *text, size_t len,
		   const nf_options *opt)
{
	return enqueue(b, strdup(doc), text, len, opt, NULL);
}

void batch_input_error(batch *b, const char *doc, const char *reason)
{
	enqueue(b, strdup(doc), NULL, 0, &(nf_options){ 0 }, reason);
}

void batch_finish(batch *b, int *input_failed, int *output_failed)
{
	if (b->nthreads) {
		pthread_mutex_lock(&b->lock);
		b->closing = 1;
		pthread_cond_broadcast(&b->work);
		while (b->taken < b->added) {
			if (can_take(b))
				feeder_takes_job(b);
			else {
				b->feeder_waiting = 1;
				pthread_cond_wait(&b->space, &b->lock);
			}
		}
		/* workers that slept on a full flight since, to see that all is taken */
		pthread_cond_broadcast(&b->work);
		pthread_mutex_unlock(&b->lock);
		for (int i = 0; i < b->nthreads; i++)
			pthread_join(b->threads[i], NULL);
		pthread_mutex_destroy(&b->lock);
		pthread_cond_destroy(&b->work);
		pthread_cond_destroy(&b->space);
		pthread_cond_destroy(&b->turn);
		lane_free(b->feeder_lane);
		for (size_t i = 0; i < b->nspare; i++)
			free(b->spare[i].p);
	}
	if (b->input_failed)
		*input_failed = 1;
	if (b->output_failed)
		*output_failed = 1;
	progress_end(b->bar);
	input_free(&b->read);
	free(b->ring);
	free(b->spare);
	free(b->threads);
	free(b);
}
