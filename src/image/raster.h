/*
 * raster.h - decoding the book's raster images (PNG, JPEG, GIF's first
 * frame, WebP) to 8-bit samples, scaling them down, and encoding PNG and
 * JPEG, for the writers: the PDF writer draws formats PDF cannot take as
 * they are, the EPUB writer converts WebP and downsamples images larger
 * than print needs. libpng, libjpeg-turbo, giflib and libwebp are used
 * here and nowhere else (libpng also in the PDF writer's PNG path).
 *
 *   ov_raster r;
 *   char msg[160];
 *   if (ov_raster_decode(data, len, OV_IMAGE_GIF, &r, msg, sizeof msg) != 0)
 *       report "image 'x.gif' is damaged: <msg>";
 *   ... r.px ...
 *   ov_raster_dispose(&r);
 *
 * Every function here is thread-safe (no shared state): the PDF writer's
 * thread and the EPUB's decode at the same time.
 */
#ifndef OV_IMAGE_RASTER_H
#define OV_IMAGE_RASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/image.h"

/* A progressive JPEG with more scans than this is refused: libjpeg
 * decodes every scan in full, so a small file of thousands of empty scans
 * takes minutes (the "many scans" denial of service libjpeg-turbo's djpeg
 * guards against with -maxscans). Real encoders write at most about 10. */
#define OV_MAX_JPEG_SCANS 1000

/* Decoded pixels: 8-bit samples, rows top to bottom, no padding. */
typedef struct {
	uint32_t width, height;
	unsigned channels;   /* 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (alpha not premultiplied) */
	uint8_t *px;         /* width * height * channels bytes, malloc'ed */
	bool lossy;          /* the source was lossy (JPEG, lossy WebP): re-encode as JPEG */
	bool cmyk;           /* the source was a CMYK or YCCK JPEG (converted to RGB here) */
} ov_raster;

/* Decodes data[0..len), a file of format fmt (PNG, JPEG, GIF or WebP; for
 * a GIF its first frame on the logical screen, for an animated WebP its
 * first frame on the canvas) into *out. A fully opaque image comes back
 * without an alpha channel. The size is checked against
 * OV_MAX_IMAGE_PIXELS before any pixel is allocated. Returns 0, or -1
 * with *out empty and a lower-case reason without the subject in
 * msg[0..msize) ("the file is truncated", "GIF: ...").  The caller frees
 * out with ov_raster_dispose. */
int ov_raster_decode(const uint8_t *data, size_t len, ov_image_format fmt, ov_raster *out, char *msg,
                     size_t msize);

/* As ov_raster_decode, for an image that will be scaled down to
 * min_w x min_h: a JPEG may come back smaller, scaled by 1/2, 1/4 or 1/8
 * in its DCT (libjpeg's scaled IDCT, a fraction of the work of decoding
 * in full and of scaling what it makes), never below min_w x min_h. Other
 * formats come back whole. */
int ov_raster_decode_for(const uint8_t *data, size_t len, ov_image_format fmt, uint32_t min_w, uint32_t min_h,
                         ov_raster *out, char *msg, size_t msize);

/* Checks that a JPEG decodes, the cheap way (its DCT scaled to 1/8, so the
 * whole entropy-coded data is read but hardly any pixel made), and tells
 * whether it is CMYK or YCCK (*cmyk, which PDF viewers show inverted when
 * Adobe wrote it; the caller then decodes it in full). Returns 0, or -1
 * with a reason in msg as ov_raster_decode. */
int ov_raster_check_jpeg(const uint8_t *data, size_t len, bool *cmyk, char *msg, size_t msize);

/* Whether a GIF holds more than one image (an animation), from its block
 * structure alone (GIF89a §20-§27: descriptors counted, the compressed
 * data skipped by its sub-block lengths, nothing decoded). A damaged or
 * truncated file counts what it holds up to the damage. */
bool ov_raster_gif_animated(const uint8_t *data, size_t len);

/* Frees r's pixels and empties it; accepts an empty raster. */
void ov_raster_dispose(ov_raster *r);

/* The largest size within max_w x max_h with the proportions of w x h
 * (each side at least 1, never larger than w x h): *out_w, *out_h. */
void ov_raster_fit(uint32_t w, uint32_t h, uint32_t max_w, uint32_t max_h, uint32_t *out_w, uint32_t *out_h);

/* Scales src down to w x h (each at most src's and at least 1) into *out
 * (same channels; out->lossy copied) by area averaging: each new pixel is
 * the mean of the source area it covers, partial pixels weighted by the
 * part covered. Colour is averaged in linear light (sRGB decoded, IEC
 * 61966-2-1) and weighted by alpha (premultiplied), so that fine detail
 * keeps its brightness and transparent pixels do not darken the edges.
 * The caller frees out with ov_raster_dispose. */
void ov_raster_scale(const ov_raster *src, uint32_t w, uint32_t h, ov_raster *out);

/* Encodes r as a PNG (libpng, default compression, no time or text
 * chunks) or a baseline JPEG of the given quality (1-100; optimised
 * Huffman tables, JFIF header without a date; gray or RGB, any alpha
 * dropped) into a malloc'ed buffer *out, *len. The same pixels give the
 * same bytes. Returns 0, or -1 when the library fails (out of memory). */
int ov_raster_encode_png(const ov_raster *r, uint8_t **out, size_t *len);
/* The same, with libpng's fast setting when fast (a larger file, written
 * in a fraction of the time: for images made, not given, such as the
 * generated cover). */
int ov_raster_encode_png_fast(const ov_raster *r, bool fast, uint8_t **out, size_t *len);
int ov_raster_encode_jpeg(const ov_raster *r, int quality, uint8_t **out, size_t *len);

#endif
