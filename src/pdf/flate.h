/*
 * flate.h - compresses the pages' content streams (PDF 1.7 §7.4.4,
 * FlateDecode), on a worker thread while the pages are still being drawn.
 *
 *   ov_flate *q = ov_flate_start(page_count, true);
 *   for each page i, in order: ov_flate_submit(q, i, content, len);  // q owns content
 *   ov_flate_finish(q);                  // waits for the worker
 *   const unsigned char *z = ov_flate_result(q, i, &zlen);
 *   ov_flate_free(q);
 *
 * Each stream is compressed on its own with the same settings, so the
 * bytes do not depend on threading: a threaded and an unthreaded run give
 * the same PDF. libharu is never called here (it is not thread-safe);
 * the caller hands the results to it afterwards.
 */
#ifndef OV_PDF_FLATE_H
#define OV_PDF_FLATE_H

#include <stdbool.h>
#include <stddef.h>

/* zlib level for content streams, chosen by measurement (bench/README.md):
 * with text written as two-byte literal strings, level 4 gives the same
 * size as libharu's level 6 on hexadecimal strings in about half the time. */
#define OV_FLATE_LEVEL 4

typedef struct ov_flate ov_flate;

/* A queue for count streams. With threaded, a worker thread compresses
 * them as they are submitted; without, ov_flate_submit compresses at once.
 * A worker that cannot be started falls back to the latter. */
ov_flate *ov_flate_start(size_t count, bool threaded);
/* Hands stream i (malloc'ed, len bytes) over; streams come in order
 * 0, 1, 2 ... The queue frees data once it is compressed. */
void ov_flate_submit(ov_flate *q, size_t i, unsigned char *data, size_t len);
/* Waits until every submitted stream is compressed. */
void ov_flate_finish(ov_flate *q);
/* Compressed stream i (owned by the queue), valid until ov_flate_free. */
const unsigned char *ov_flate_result(const ov_flate *q, size_t i, size_t *len);
void ov_flate_free(ov_flate *q);

/* Compresses data[0..len) with OV_FLATE_LEVEL into a malloc'ed buffer
 * (*out, *out_len); the one-shot form of the above. */
void ov_flate_buffer(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len);

#endif
