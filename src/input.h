/*
 * input.h: read one input (whole, or its head and then the rest), and walk
 * folders of inputs.
 */
#ifndef NF_INPUT_H
#define NF_INPUT_H

#include <stddef.h>
#include <sys/types.h>

typedef struct input_buf {
	char *data;     /* the bytes as read (a UTF-8 BOM included: the tokenizer skips it) */
	size_t len;
	size_t cap;     /* bytes of room at data (input_read_head reuses them) */
} input_buf;

/*
 * Read path ("-" for standard input; a FIFO is read like a file) into buf. A
 * file with a NUL byte in its first 8 KiB is binary and refused; so is text in
 * UTF-16 or UTF-32 with a byte-order mark (the reason says how to convert it). Returns 0, or -1 with a short reason in
 * *reason (a static string).
 */
int input_read(const char *path, input_buf *buf, const char **reason);
void input_free(input_buf *buf);

/* The unread rest of an input whose head was read: fd is -1 when there is none. */
typedef struct input_rest {
	int fd;
	int err;        /* errno of a failed read, else 0 */
	size_t nread;   /* bytes of the rest read so far */
} input_rest;

/*
 * input_read, but at most limit bytes: when the input is longer, rest->fd is
 * left open on the rest (read it with input_rest_read, then input_rest_close).
 * The same checks are made on the head. buf is read into again: its data is
 * reused (NULL, cap 0 for none), so a caller reading many inputs keeps one
 * buffer; on failure it is freed.
 */
int input_read_head(const char *path, size_t limit, input_buf *buf, input_rest *rest,
		    const char **reason);

/* Up to cap bytes of the rest; 0 at its end, -1 on a read error (rest->err). */
ssize_t input_rest_read(input_rest *rest, char *buf, size_t cap);
void input_rest_close(input_rest *rest);

/* Called for every regular file of a walk, in order; non-zero stops the walk. */
typedef int (*walk_file_fn)(const char *path, void *userdata);
/* Called for what the walk could not read (it goes on after it). */
typedef void (*walk_error_fn)(const char *path, const char *reason, void *userdata);

/*
 * Walk dir recursively in byte order of names: regular files only, hidden
 * entries (".name") skipped, each directory entered once even through
 * symbolic links (so loops end). Returns what on_file returned to stop, or 0.
 */
int walk_tree(const char *dir, walk_file_fn on_file, walk_error_fn on_error,
	      void *userdata);

#endif
