/*
 * stream.h: a stream's own buffer for a writer that reads its input straight
 * into it (main.c), saving nf_stream_write's copy of every byte. Internal:
 * not part of the library's interface.
 */
#ifndef NF_STREAM_H
#define NF_STREAM_H

#include <stddef.h>

#include "newsfacts.h"

/*
 * The free room after the stream's pending text, at least want bytes (want >
 * 0; the pending text is moved or the buffer grown as needed); *room is its
 * size. NULL when the stream has stopped or memory ran out: nf_stream_close
 * tells which.
 */
char *nf_stream_room(nf_stream *stream, size_t want, size_t *room);

/*
 * The first len bytes of the room were filled: as nf_stream_write of them,
 * and with its result.
 */
int nf_stream_wrote(nf_stream *stream, size_t len);

#endif
