/*
 * input.h: read one input whole, and walk folders of inputs.
 */
#ifndef NF_INPUT_H
#define NF_INPUT_H

#include <stddef.h>

typedef struct input_buf {
	char *data;     /* the bytes as read (a UTF-8 BOM included: the tokenizer skips it) */
	size_t len;
} input_buf;

/*
 * Read path ("-" for standard input; a FIFO is read like a file) into buf. A
 * file with a NUL byte in its first 8 KiB is binary and refused; so is text in
 * UTF-16 or UTF-32 with a byte-order mark (the reason says how to convert it). Returns 0, or -1 with a short reason in
 * *reason (a static string).
 */
int input_read(const char *path, input_buf *buf, const char **reason);
void input_free(input_buf *buf);

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
