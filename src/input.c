/*
 * input.c: read inputs, whole or head first, and walk folders (see input.h).
 */
#include "input.h"
#include "array.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#define BINARY_PROBE 8192

/*
 * Text in UTF-16 or UTF-32, recognised by its byte-order mark, is refused with
 * a line that says how to convert it, rather than the puzzling "binary file"
 * its NUL bytes would earn. (Reading it would mean reporting offsets into a
 * converted copy, not into the file as FACTS.md promises.) Returns the reason,
 * or NULL for anything else.
 */
static const char *wide_encoding(const input_buf *buf)
{
	const unsigned char *b = (const unsigned char *)buf->data;

	if (buf->len >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && !b[2] && !b[3]) ||
			      (!b[0] && !b[1] && b[2] == 0xFE && b[3] == 0xFF)))
		return "UTF-32 text, not UTF-8, skipped (convert it first: iconv -f UTF-32 -t UTF-8)";
	if (buf->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		return "UTF-16 text, not UTF-8, skipped (convert it first: iconv -f UTF-16 -t UTF-8)";
	return NULL;
}

int input_read_head(const char *path, size_t limit, input_buf *buf, input_rest *rest,
		    const char **reason)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	size_t cap = buf->data ? buf->cap : 0;

	buf->len = 0;
	rest->fd = -1;
	rest->err = 0;
	rest->nread = 0;
	if (fd < 0) {
		*reason = strerror(errno);
		return -1;
	}
	while (buf->len < limit) {
		if (cap - buf->len < 65536) {
			size_t ncap = cap ? cap * 2 : 262144;
			char *p = realloc(buf->data, ncap + 1);

			if (!p) {
				*reason = strerror(ENOMEM);
				goto fail;
			}
			buf->data = p;
			buf->cap = cap = ncap;
		}
		size_t want = cap - buf->len < limit - buf->len ? cap - buf->len : limit - buf->len;
		ssize_t r = read(fd, buf->data + buf->len, want);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			*reason = strerror(errno);
			goto fail;
		}
		if (r == 0)
			break;
		buf->len += (size_t)r;
	}
	if (!buf->data && !(buf->data = malloc(1))) {
		*reason = strerror(ENOMEM);
		goto fail;
	}
	if (!cap)
		buf->cap = 0;   /* the 1-byte buffer above holds no input */
	buf->data[buf->len] = '\0';
	if ((*reason = wide_encoding(buf)) != NULL ||
	    (memchr(buf->data, '\0', buf->len < BINARY_PROBE ? buf->len : BINARY_PROBE) &&
	     (*reason = "binary file (NUL byte in the first 8 KiB), skipped")))
		goto fail;
	if (buf->len < limit) {
		if (fd != STDIN_FILENO)
			close(fd);
	} else {
		rest->fd = fd;          /* the head is full: the rest is read later */
	}
	return 0;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	input_free(buf);
	return -1;
}

int input_read(const char *path, input_buf *buf, const char **reason)
{
	input_rest rest;

	buf->data = NULL;
	buf->cap = 0;
	return input_read_head(path, SIZE_MAX - 1, buf, &rest, reason);
}

ssize_t input_rest_read(input_rest *rest, char *buf, size_t cap)
{
	size_t got = 0;

	while (rest->fd >= 0 && got < cap) {
		ssize_t r = read(rest->fd, buf + got, cap - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rest->err = errno;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	rest->nread += got;
	return (ssize_t)got;
}

void input_rest_close(input_rest *rest)
{
	if (rest->fd > STDIN_FILENO)
		close(rest->fd);
	rest->fd = -1;
}

void input_free(input_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

/* The directories entered so far, by device and inode, so a loop ends. */
typedef struct visited {
	struct { dev_t dev; ino_t ino; } *v;
	size_t len, cap;
} visited;

static int visit(visited *vs, const struct stat *st)
{
	for (size_t i = 0; i < vs->len; i++)
		if (vs->v[i].dev == st->st_dev && vs->v[i].ino == st->st_ino)
			return 0;
	if (array_grow((void **)&vs->v, &vs->cap, vs->len, sizeof *vs->v, 16) < 0)
		return -1;
	vs->v[vs->len].dev = st->st_dev;
	vs->v[vs->len].ino = st->st_ino;
	vs->len++;
	return 1;
}

/* Entries are kept as their d_type byte followed by the name: sort by name. */
static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* dir/name in *path (grown as needed, the caller frees it), or NULL when memory ran out. */
static char *join(char **path, size_t *cap, const char *dir, size_t dl, const char *name)
{
	size_t nl = strlen(name);
	int slash = dl > 0 && dir[dl - 1] != '/';
	size_t need = dl + (size_t)slash + nl + 1;

	if (need > *cap) {
		char *p = realloc(*path, need + 64);

		if (!p)
			return NULL;
		*path = p;
		*cap = need + 64;
	}
	memcpy(*path, dir, dl);
	if (slash)
		(*path)[dl] = '/';
	memcpy(*path + dl + (size_t)slash, name, nl + 1);
	return *path;
}

/*
 * The entries are read into one pool (their d_type byte, their name), then
 * sorted, and the files' paths are made in one buffer: a malloc and free an
 * entry and another a path were a fair part of reading a short article.
 */
static int walk_dir(const char *dir, visited *vs, walk_file_fn on_file,
		    walk_error_fn on_error, void *ud)
{
	DIR *d = opendir(dir);
	char *pool = NULL, **names = NULL, *path = NULL;
	size_t used = 0, room = 0, n = 0, pathcap = 0, dl = strlen(dir);
	int rc = 0;
	struct dirent *e;

	if (!d) {
		on_error(dir, strerror(errno), ud);
		return 0;
	}
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;   /* hidden entries, "." and ".." */
		size_t len = strlen(e->d_name);

		if (room - used < len + 2) {
			size_t nroom = room ? room * 2 : 16384;

			while (nroom - used < len + 2)
				nroom *= 2;
			char *p = realloc(pool, nroom);

			if (!p)
				break;
			pool = p;
			room = nroom;
		}
		pool[used] = (char)e->d_type;
		memcpy(pool + used + 1, e->d_name, len + 1);
		used += len + 2;
		n++;
	}
	if (errno)
		on_error(dir, strerror(errno), ud);
	closedir(d);
	if (n && !(names = malloc(n * sizeof *names))) {
		on_error(dir, strerror(ENOMEM), ud);
		n = 0;
	}
	for (size_t i = 0, off = 0; i < n; i++) {
		names[i] = pool + off;
		off += strlen(pool + off + 1) + 2;
	}
	if (n)
		qsort(names, n, sizeof *names, cmp_name);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;

		if (!join(&path, &pathcap, dir, dl, names[i] + 1)) {
			on_error(dir, strerror(ENOMEM), ud);
			break;
		}
		/* the directory said it is a plain file: no stat (one call less a file) */
		if (names[i][0] == DT_REG) {
			rc = on_file(path, ud);
		} else if (stat(path, &st) < 0) {
			on_error(path, strerror(errno), ud);
		} else if (S_ISDIR(st.st_mode)) {
			int v = visit(vs, &st);

			if (v > 0)
				rc = walk_dir(path, vs, on_file, on_error, ud);
			else if (v < 0)
				on_error(path, strerror(ENOMEM), ud);
		} else if (S_ISREG(st.st_mode)) {
			rc = on_file(path, ud);
		}
	}
	free(path);
	free(names);
	free(pool);
	return rc;
}

int walk_tree(const char *dir, walk_file_fn on_file, walk_error_fn on_error,
	      void *userdata)
{
	visited vs = { 0 };
	struct stat st;
	int rc = 0;

	if (stat(dir, &st) < 0) {
		on_error(dir, strerror(errno), userdata);
		return 0;
	}
	if (visit(&vs, &st) < 0)
		on_error(dir, strerror(ENOMEM), userdata);
	else
		rc = walk_dir(dir, &vs, on_file, on_error, userdata);
	free(vs.v);
	return rc;
}
