/*
 * flate.h - compresses the pages' content streams (PDF 1.7 §7.4.4,
 * FlateDecode). One deflater per thread: the layout threads compress the
 * pages of the chapters they lay out.
 *
 *   ov_deflater *d = ov_deflater_new();
 *   unsigned char *z; size_t zlen;
 *   ov_deflater_run(d, content, len, &z, &zlen);   // caller frees z
 *   ov_deflater_free(d);
 *
 * Each stream is compressed on its own with the same settings, so the
 * bytes do not depend on which thread did it. libharu is never called
 * here (it is not thread-safe); the caller hands the results to it.
 */
#ifndef OV_PDF_FLATE_H
#define OV_PDF_FLATE_H

#include <stddef.h>

/* zlib level for content streams, chosen by measurement (bench/README.md):
 * on the 1,000-page benchmark book's 9.1 MB of page content, level 3 takes
 * 134 ms against 172 ms at level 4 and 256 ms at zlib's default 6, and the
 * PDF is 6.9% larger than at level 6 (3.65 against 3.41 MB; level 4: 3.49,
 * level 2: 3.73 MB, 9.1% larger for 3% less time). */
#define OV_FLATE_LEVEL 3

typedef struct ov_deflater ov_deflater;

ov_deflater *ov_deflater_new(void);
/* Compresses data[0..len) with OV_FLATE_LEVEL into a malloc'ed buffer of
 * exactly the compressed size (*out, *out_len). */
void ov_deflater_run(ov_deflater *d, const unsigned char *data, size_t len, unsigned char **out,
                     size_t *out_len);
void ov_deflater_free(ov_deflater *d);

#endif
