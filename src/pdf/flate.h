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

/* libdeflate level for content streams, chosen by measurement
 * (bench/README.md): the 100-chapter benchmark's 13.4 MB of page content
 * took 135 ms with zlib at level 3 (3.25 MB) and takes 90 ms with
 * libdeflate at level 3 (2.94 MB); level 4: 94 ms, 2.88 MB; level 6:
 * 139 ms, 2.75 MB; level 1: 57 ms, 3.47 MB. */
#define OV_FLATE_LEVEL 3

typedef struct ov_deflater ov_deflater;

ov_deflater *ov_deflater_new(void);
/* The same at another libdeflate level (1..12), for image samples. */
ov_deflater *ov_deflater_new_level(int level);
/* Compresses data[0..len) with OV_FLATE_LEVEL into a malloc'ed buffer of
 * exactly the compressed size (*out, *out_len). */
void ov_deflater_run(ov_deflater *d, const unsigned char *data, size_t len, unsigned char **out,
                     size_t *out_len);
void ov_deflater_free(ov_deflater *d);

#endif
