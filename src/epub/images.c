/*
 * images.c - the EPUB's copies of the book's images (internal.h): each
 * file as it is, except
 *
 *   - WebP, which EPUB 3.3 lists as a core media type (§3.2) but EPUBCheck
 *     4.2.6 does not know (a WebP item is a "foreign resource" without a
 *     fallback, an error): it becomes a PNG, or a JPEG when it was lossy
 *     and has no transparency;
 *   - a CMYK (or YCCK) JPEG, which e-readers show with wrong colours or
 *     not at all (Calibre's check-book warns of it): it becomes an RGB
 *     JPEG, as the PDF draws it (src/pdf/images.c);
 *   - an image with more pixels than print needs, which is scaled down
 *     (src/image/raster.h) and encoded again in its own kind (a GIF as a
 *     PNG), when that makes it smaller; an animated GIF is never scaled,
 *     as that would keep only its first frame.
 *
 * "What print needs" is one rule for every image: the text block of the
 * book's page (doc->meta.page, less its margins) at OV_EPUB_IMAGE_DPI;
 * no printed image is larger than the text block. An image is scaled down
 * only when it is more than OV_EPUB_DOWNSAMPLE_MARGIN times that in width
 * or height. The PDF keeps the original pixels. The work is done on the
 * EPUB's own thread, and the result depends only on the files and the
 * page: the same book gives the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/raster.h"
#include "internal.h"

#define PT_PER_INCH 72.0
/* quality of re-encoded JPEGs: libjpeg's scale, where 85-90 is where
 * artefacts stop being visible on photographs and files grow fastest */
#define JPEG_QUALITY 88

void ov_epub_image_cap(const ov_doc *doc, uint32_t *w, uint32_t *h)
{
	const ov_page_setup *p = &doc->meta.page;
	double tw = p->width - p->inner - p->outer, th = p->height - p->top - p->bottom;
	*w = tw > 0 ? (uint32_t)ceil(tw / PT_PER_INCH * OV_EPUB_IMAGE_DPI) : 1;
	*h = th > 0 ? (uint32_t)ceil(th / PT_PER_INCH * OV_EPUB_IMAGE_DPI) : 1;
}

/* "images/3-photo.webp" -> "images/3-photo.png" (the extension replaced,
 * or added when there is none). Malloc'ed and kept in im, not in the
 * doc's arena: the document is read-only on this thread. */
static const char *renamed(ov_epub_images *im, const char *name, const char *ext)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(name, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - name) : strlen(name);
	size_t n = stem + strlen(ext) + 1;
	char *s = ov_xmalloc(n);
	snprintf(s, n, "%.*s%s", (int)stem, name, ext);
	im->strings = ov_xrealloc(im->strings, (im->nstrings + 1) * sizeof *im->strings);
	im->strings[im->nstrings++] = s;
	return s;
}

/* Decodes, scales and encodes one image. Returns false after reporting a
 * damaged file. */
static bool convert(ov_epub_images *im, const ov_doc *doc, const ov_asset *a, ov_epub_image *e,
                    uint32_t cap_w, uint32_t cap_h)
{
	ov_image_format f = a->info.format;
	bool webp = f == OV_IMAGE_WEBP;
	bool cmyk = f == OV_IMAGE_JPEG && a->info.components == 4;
	uint32_t w, h;
	ov_raster_fit(a->info.width, a->info.height, cap_w, cap_h, &w, &h);
	bool large = (double)a->info.width > cap_w * OV_EPUB_DOWNSAMPLE_MARGIN ||
	             (double)a->info.height > cap_h * OV_EPUB_DOWNSAMPLE_MARGIN;
	/* an animated GIF keeps its animation, whatever its size */
	if ((!webp && !cmyk && !large) || (f == OV_IMAGE_GIF && ov_raster_gif_animated(a->data, a->len)))
		return true;
	ov_raster r;
	char msg[200];
	if (ov_raster_decode_for(a->data, a->len, f, large ? w : UINT32_MAX, large ? h : UINT32_MAX, &r, msg,
	                         sizeof msg) != 0) {
		ov_diag_error(doc->diag, a->pos, "image '%s' is damaged: %s", a->shown, msg);
		e->type = NULL;
		return false;
	}
	if (large && (w < r.width || h < r.height)) {
		ov_raster s;
		ov_raster_scale(&r, w, h, &s);
		ov_raster_dispose(&r);
		r = s;
	}
	/* (a JPEG may have come from its DCT at the size already) */
	large = r.width < a->info.width || r.height < a->info.height;
	/* JPEG stays JPEG, a lossy opaque WebP becomes one; the rest PNG */
	bool jpeg = f == OV_IMAGE_JPEG || (webp && r.lossy && (r.channels == 1 || r.channels == 3));
	uint8_t *out;
	size_t len;
	int rc = jpeg ? ov_raster_encode_jpeg(&r, JPEG_QUALITY, &out, &len) : ov_raster_encode_png(&r, &out, &len);
	ov_raster_dispose(&r);
	if (rc != 0) {
		ov_diag_error(doc->diag, a->pos, "image '%s' cannot be encoded again for the EPUB", a->shown);
		e->type = NULL;
		return false;
	}
	if (!webp && !cmyk && len >= a->len) {
		/* no smaller: the original stays */
		free(out);
		return true;
	}
	e->owned = out;
	e->data = out;
	e->len = len;
	e->type = jpeg ? "image/jpeg" : "image/png";
	if (webp || f == OV_IMAGE_GIF)
		e->name = renamed(im, a->name, jpeg ? ".jpg" : ".png");
	if (webp)
		im->converted++;
	if (cmyk)
		im->cmyk++;
	if (large) {
		im->downsampled++;
		if (a->len > len)
			im->saved += a->len - len;
	}
	return true;
}

static void say_size(char *s, size_t n, size_t bytes)
{
	if (bytes >= 1000 * 1000)
		snprintf(s, n, "%.1f MB", bytes / 1e6);
	else
		snprintf(s, n, "%zu kB", (bytes + 500) / 1000);
}

void ov_epub_images_prepare(ov_epub_images *im, const ov_doc *doc)
{
	memset(im, 0, sizeof *im);
	im->count = doc->asset_count;
	im->items = ov_xcalloc(im->count + 1, sizeof *im->items);
	uint32_t cap_w, cap_h;
	ov_epub_image_cap(doc, &cap_w, &cap_h);
	for (size_t i = 0; i < doc->asset_count; i++) {
		const ov_asset *a = doc->assets[i];
		ov_epub_image *e = &im->items[i];
		if (!a || !a->ok || !a->name)
			continue;
		e->name = a->name;
		e->type = ov_image_media_type(a->info.format);
		e->data = a->data;
		e->len = a->len;
		bool found;
		*ov_strmap_slot(&im->by_name, a->name, strlen(a->name), &found) = e;
		if (a->info.format == OV_IMAGE_PNG || a->info.format == OV_IMAGE_JPEG ||
		    a->info.format == OV_IMAGE_GIF || a->info.format == OV_IMAGE_WEBP)
			convert(im, doc, a, e, cap_w, cap_h);
	}
	/* one note for the book (docs/conventions.md, "Severity") */
	char saved[32];
	say_size(saved, sizeof saved, im->saved);
	if (im->downsampled && im->converted)
		ov_diag_note(doc->diag, (ov_pos){0, 0, 0},
		             "%zu image%s %s downsampled for the EPUB (saved %s) and %zu WebP image%s converted to "
		             "PNG or JPEG",
		             im->downsampled, im->downsampled == 1 ? "" : "s", im->downsampled == 1 ? "was" : "were",
		             saved, im->converted, im->converted == 1 ? "" : "s");
	else if (im->downsampled)
		ov_diag_note(doc->diag, (ov_pos){0, 0, 0}, "%zu image%s %s downsampled for the EPUB (saved %s)",
		             im->downsampled, im->downsampled == 1 ? "" : "s", im->downsampled == 1 ? "was" : "were",
		             saved);
	else if (im->converted)
		ov_diag_note(doc->diag, (ov_pos){0, 0, 0},
		             "%zu WebP image%s %s converted to PNG or JPEG for the EPUB (EPUBCheck 4.2.6 does not "
		             "accept WebP)",
		             im->converted, im->converted == 1 ? "" : "s", im->converted == 1 ? "was" : "were");
	if (im->cmyk)
		ov_diag_note(doc->diag, (ov_pos){0, 0, 0},
		             "%zu CMYK JPEG image%s %s converted to RGB for the EPUB (e-readers show CMYK wrongly)",
		             im->cmyk, im->cmyk == 1 ? "" : "s", im->cmyk == 1 ? "was" : "were");
}

const ov_epub_image *ov_epub_image_of(const ov_epub_images *im, const ov_asset *a)
{
	if (!im || !a || !a->ok || !a->name)
		return NULL;
	void **slot = ov_strmap_find(&im->by_name, a->name, strlen(a->name));
	const ov_epub_image *e = slot ? *slot : NULL;
	return e && e->type ? e : NULL;
}

void ov_epub_images_dispose(ov_epub_images *im)
{
	for (size_t i = 0; i < im->count; i++)
		free(im->items[i].owned);
	free(im->items);
	for (size_t i = 0; i < im->nstrings; i++)
		free(im->strings[i]);
	free(im->strings);
	ov_strmap_dispose(&im->by_name, NULL);
	memset(im, 0, sizeof *im);
}
