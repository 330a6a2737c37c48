/*
 * images.c - the book's images as image XObjects (PDF 1.7 §8.9.5), each
 * loaded once however often it is drawn. Images are untrusted input
 * (docs/architecture.md, "Trust"): every PNG is decoded in full by libpng
 * before libharu sees it, a JPEG is checked by libjpeg-turbo (and one
 * that libharu reads as 0x0 pixels is reported as damaged), and GIF and
 * WebP, which PDF cannot hold, are decoded (src/image/raster.h) and drawn
 * as raw samples.
 */
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flate.h"
#include "harufix.h"
#include "image/raster.h"
#include "internal.h"
#include "util/image.h"

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* The concatenated IDAT data of a PNG (PNG spec §11.2.4) that a PDF
 * FlateDecode filter with PNG predictors can take as it is: 8-bit gray or
 * RGB, not interlaced, no transparency chunk, no colour profile or gamma
 * to honour (libpng's decoding, the other path, applies those). NULL for
 * any other PNG. The caller has had libpng decode the file (it is sound). */
static unsigned char *png_idat(const unsigned char *d, size_t len, size_t *out_len)
{
	if (len < 8 + 25 || memcmp(d + 12, "IHDR", 4) != 0)
		return NULL;
	unsigned depth = d[24], type = d[25], interlace = d[28];
	if (depth != 8 || (type != 0 && type != 2) || interlace != 0)
		return NULL;
	size_t total = 0;
	for (int pass = 0; pass < 2; pass++) {
		unsigned char *out = pass ? ov_xmalloc(total ? total : 1) : NULL;
		size_t at = 0;
		for (size_t p = 8; p + 12 <= len;) {
			uint32_t n = be32(d + p);
			const unsigned char *type4 = d + p + 4;
			if (n > len - p - 12)
				break;
			if (!pass && (memcmp(type4, "tRNS", 4) == 0 || memcmp(type4, "gAMA", 4) == 0 ||
			              memcmp(type4, "iCCP", 4) == 0 || memcmp(type4, "cHRM", 4) == 0 ||
			              memcmp(type4, "sBIT", 4) == 0))
				return NULL;
			if (memcmp(type4, "IDAT", 4) == 0) {
				if (pass)
					memcpy(out + at, d + p + 8, n);
				at += n;
			}
			if (memcmp(type4, "IEND", 4) == 0)
				break;
			p += 12 + (size_t)n;
		}
		if (pass) {
			*out_len = at;
			return out;
		}
		total = at;
		if (!total)
			return NULL;
	}
	return NULL;
}

/* An image XObject of 8-bit samples px (comps 1: gray, 3: RGB; w x h),
 * compressed here rather than by HPDF_LoadRawImageFromMem: libharu copies
 * the samples into its stream a few kilobytes at a time and deflates them
 * with zlib, which made an 829-page book of screenshots spend most of its
 * PDF time there. Each row goes with the PNG "Up" filter (PNG spec §9.2,
 * type 2: each byte less the one above it), which FlateDecode's PNG
 * predictor undoes (PDF 1.7 §7.4.4.4, /Predictor 15), and the rows are
 * compressed by libdeflate (flate.h). The pixels drawn are the same.
 * Level 6: on stas00/ml-engineering's 79 images, 2.6 s of CPU for the PDF
 * and 15.2 MB (libharu: 3.7 s, 346 MB of memory at the peak, 15.0 MB;
 * level 3: 15.5 MB; level 9: 4.0 s, 15.16 MB). */
#define OV_IMAGE_FLATE_LEVEL 6
static HPDF_Image raw_image(HPDF_Doc pdf, const unsigned char *px, unsigned w, unsigned h, unsigned comps)
{
	size_t row = (size_t)w * comps, n = (row + 1) * h;
	unsigned char *f = ov_xmalloc(n ? n : 1);
	for (size_t y = 0; y < h; y++) {
		unsigned char *o = f + y * (row + 1);
		const unsigned char *cur = px + y * row, *up = y ? cur - row : NULL;
		o[0] = 2;
		if (up)
			for (size_t x = 0; x < row; x++)
				o[1 + x] = (unsigned char)(cur[x] - up[x]);
		else
			memcpy(o + 1, cur, row);
	}
	ov_deflater *d = ov_deflater_new_level(OV_IMAGE_FLATE_LEVEL);
	unsigned char *z;
	size_t zlen;
	ov_deflater_run(d, f, n, &z, &zlen);
	ov_deflater_free(d);
	free(f);
	HPDF_Image image = ov_haru_flate_image(pdf, z, zlen, w, h, comps == 3);
	free(z);
	return image;
}

/* Decodes a PNG fully with libpng's simplified API (which reports errors
 * instead of aborting, unlike libharu's loader) and hands libharu raw
 * 8-bit samples plus a soft mask for alpha. */
static HPDF_Image load_png(HPDF_Doc pdf, const ov_doc *doc, const ov_asset *a, ov_pos pos)
{
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, a->data, a->len)) {
		ov_diag_error(doc->diag, pos, "image '%s' is damaged: %s", a->shown, img.message);
		return NULL;
	}
	if ((uint64_t)img.width * img.height > OV_MAX_IMAGE_PIXELS) {
		ov_diag_error(doc->diag, pos, "image '%s' is too large (%ux%u pixels; the limit is %u pixels)",
		              a->shown, img.width, img.height, OV_MAX_IMAGE_PIXELS);
		png_image_free(&img);
		return NULL;
	}
	bool alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	bool color = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
	img.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB) : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
	size_t size = PNG_IMAGE_SIZE(img);
	unsigned char *px = ov_xmalloc(size);
	if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
		ov_diag_error(doc->diag, pos, "image '%s' is damaged: %s", a->shown, img.message);
		free(px);
		return NULL;
	}
	unsigned w = img.width, h = img.height, ch = PNG_IMAGE_SAMPLE_CHANNELS(img.format);
	unsigned cc = color ? 3 : 1;
	HPDF_Image image;
	size_t zlen;
	unsigned char *z = png_idat(a->data, a->len, &zlen);
	if (z) {
		/* decoded above only to know it is sound; the file's own
		 * compressed rows go into the PDF */
		image = ov_haru_flate_image(pdf, z, zlen, w, h, color);
		free(z);
	} else if (!alpha) {
		image = raw_image(pdf, px, w, h, color ? 3 : 1);
	} else {
		size_t n = (size_t)w * h;
		unsigned char *c = ov_xmalloc(n * cc), *m = ov_xmalloc(n);
		for (size_t i = 0; i < n; i++) {
			memcpy(c + i * cc, px + i * ch, cc);
			m[i] = px[i * ch + cc];
		}
		image = raw_image(pdf, c, w, h, color ? 3 : 1);
		HPDF_Image mask = raw_image(pdf, m, w, h, 1);
		if (image && mask)
			HPDF_Image_AddSMask(image, mask);
		free(c);
		free(m);
	}
	free(px);
	return image;
}

/* An SVG beyond the vector subset, drawn by librsvg (image/svg.h) at
 * OV_SVG_RASTER_DPI for its intrinsic size, within OV_MAX_IMAGE_PIXELS:
 * RGB samples with its alpha as a soft mask. NULL for an SVG drawn as
 * vectors (svgdraw.c), which is never an image. */
static HPDF_Image load_svg(HPDF_Doc pdf, const ov_doc *doc, const ov_asset *a, ov_pos pos)
{
	const ov_svg *s = a->svg;
	if (!s->raster_reason)
		return NULL;
	double scale = OV_SVG_RASTER_DPI / 96.0;
	double area = s->width * s->height * scale * scale;
	if (area > OV_MAX_IMAGE_PIXELS)
		scale *= sqrt(OV_MAX_IMAGE_PIXELS / area);
	/* a side is at least a pixel, and at most what cairo takes */
	double wd = ceil(s->width * scale), hd = ceil(s->height * scale);
	unsigned w = (unsigned)(wd < 1 ? 1 : wd > 32767 ? 32767 : wd);
	unsigned h = (unsigned)(hd < 1 ? 1 : hd > 32767 ? 32767 : hd);
	while ((uint64_t)w * h > OV_MAX_IMAGE_PIXELS)
		w > h ? w-- : h--;
	char msg[256];
	uint8_t *px = ov_svg_rasterize(s, w ? w : 1, h ? h : 1, msg, sizeof msg);
	if (!px) {
		ov_diag_error(doc->diag, pos, "image '%s' cannot be drawn: %s", a->shown, msg);
		return NULL;
	}
	size_t n = (size_t)w * h;
	unsigned char *c = ov_xmalloc(n * 3), *m = ov_xmalloc(n);
	for (size_t i = 0; i < n; i++) {
		memcpy(c + i * 3, px + i * 4, 3);
		m[i] = px[i * 4 + 3];
	}
	HPDF_Image image = raw_image(pdf, c, w, h, 3);
	HPDF_Image mask = raw_image(pdf, m, w, h, 1);
	if (image && mask)
		HPDF_Image_AddSMask(image, mask);
	free(c);
	free(m);
	free(px);
	return image;
}

/* Decodes a GIF (its first frame: PDF has no animation), a WebP or a CMYK
 * JPEG with src/image/raster.h and hands libharu 8-bit gray or RGB samples,
 * with a soft mask (PDF 1.7 §11.6.5.3) for alpha. */
static HPDF_Image load_raster(HPDF_Doc pdf, const ov_doc *doc, const ov_asset *a, ov_pos pos)
{
	ov_raster r;
	char msg[200];
	if (ov_raster_decode(a->data, a->len, a->info.format, &r, msg, sizeof msg) != 0) {
		ov_diag_error(doc->diag, pos, "image '%s' is damaged: %s", a->shown, msg);
		return NULL;
	}
	unsigned ch = r.channels, cc = ch >= 3 ? 3 : 1;
	HPDF_Image image;
	if (ch == cc) {
		image = raw_image(pdf, r.px, r.width, r.height, cc);
	} else {
		size_t n = (size_t)r.width * r.height;
		unsigned char *c = ov_xmalloc(n * cc), *m = ov_xmalloc(n);
		for (size_t i = 0; i < n; i++) {
			memcpy(c + i * cc, r.px + i * ch, cc);
			m[i] = r.px[i * ch + cc];
		}
		/* freed before libharu copies the planes: a 40-megapixel GIF
		 * peaks at 320 MB instead of 480 MB */
		free(r.px);
		r.px = NULL;
		image = raw_image(pdf, c, r.width, r.height, cc);
		HPDF_Image mask = raw_image(pdf, m, r.width, r.height, 1);
		if (image && mask)
			HPDF_Image_AddSMask(image, mask);
		free(c);
		free(m);
	}
	ov_raster_dispose(&r);
	return image;
}

static HPDF_Image load_image(HPDF_Doc pdf, const ov_doc *doc, const ov_asset *a, ov_pos pos)
{
	if (a->svg)
		return load_svg(pdf, doc, a, pos);
	if (a->info.format == OV_IMAGE_PNG)
		return load_png(pdf, doc, a, pos);
	if (a->info.format == OV_IMAGE_GIF || a->info.format == OV_IMAGE_WEBP)
		return load_raster(pdf, doc, a, pos);
	if (a->info.format == OV_IMAGE_JPEG) {
		/* libharu copies a JPEG as it is (DCTDecode), whole or not: the
		 * check reads all of its data (at 1/8 scale, which is cheap) so
		 * that a truncated or damaged file is an error here, not a gray
		 * or broken picture in a viewer; CMYK is decoded to RGB, since a
		 * DeviceCMYK image from Adobe's inverted inks would show as a
		 * negative */
		char msg[200];
		bool cmyk;
		if (ov_raster_check_jpeg(a->data, a->len, &cmyk, msg, sizeof msg) != 0) {
			ov_diag_error(doc->diag, pos, "image '%s' is damaged: %s", a->shown, msg);
			return NULL;
		}
		if (cmyk)
			return load_raster(pdf, doc, a, pos);
		HPDF_Image img = HPDF_LoadJpegImageFromMem(pdf, a->data, (HPDF_UINT)a->len);
		/* a damaged JPEG can come back as a 0x0 image (libraries.md §1.3) */
		if (!img || HPDF_Image_GetWidth(img) == 0 || HPDF_Image_GetHeight(img) == 0) {
			ov_diag_error(doc->diag, pos, "image '%s' is a damaged JPEG file", a->shown);
			HPDF_ResetError(pdf);
			return NULL;
		}
		return img;
	}
	return NULL;
}

HPDF_Image *ov_pdf_load_images(HPDF_Doc pdf, const ov_doc *doc)
{
	HPDF_Image *images = ov_xcalloc(doc->asset_count + 1, sizeof *images);
	for (size_t i = 0; i < doc->asset_count; i++) {
		const ov_asset *a = doc->assets[i];
		if (a->ok)
			images[i] = load_image(pdf, doc, a, a->pos);
	}
	return images;
}
