/*
 * image.h - identify an image file from its first bytes and read its pixel
 * size, without decoding it. Pure libc, so that the layout and EPUB stages
 * can size and label images; the PDF writer decodes them fully.
 */
#ifndef OV_IMAGE_H
#define OV_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Images larger than this many pixels are refused (memory bound). */
#define OV_MAX_IMAGE_PIXELS (40u * 1000u * 1000u)

typedef enum { OV_IMAGE_UNKNOWN, OV_IMAGE_PNG, OV_IMAGE_JPEG, OV_IMAGE_GIF, OV_IMAGE_WEBP, OV_IMAGE_SVG } ov_image_format;

typedef struct {
	ov_image_format format;
	uint32_t width, height; /* pixels */
	double dpi_x, dpi_y;    /* from pHYs/JFIF, 0 when the file does not say */
	unsigned components;    /* a JPEG's colour components (1 gray, 3, 4 CMYK or YCCK), else 0 */
} ov_image_info;

/* Fills *info from data[0..len). Returns 0, or -1 when the data is not a
 * PNG, JPEG, GIF or WebP with a readable header (info->format tells which
 * it looked like). A GIF's size is its logical screen's (the first image's
 * extent when the screen is 0 x 0), an extended WebP's its canvas's. An SVG
 * file (its root element named svg) is OV_IMAGE_SVG with a size of 0 x 0:
 * image/svg.h's parse gives its size. */
int ov_image_probe(const uint8_t *data, size_t len, ov_image_info *info);

/* "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml" or
 * NULL. */
const char *ov_image_media_type(ov_image_format f);

#endif
