/*
 * svgraster.c - an SVG drawn into pixels by librsvg 2.54 with cairo, for
 * the images whose features go beyond the drawing the PDF writer makes.
 *
 * librsvg is loaded with dlopen at the first SVG that needs it, not linked:
 * linking it (with cairo, pango, glib and their dependencies) costs every
 * run of octavo about 19 ms of start-up, and most books have no such SVG
 * (docs/libraries.md, "librsvg"). The types and the functions' signatures
 * come from its pkg-config headers, so a change in them fails the build.
 * The file given is the sanitised copy, and no base URI is given, so
 * librsvg loads nothing from outside it (it refuses to resolve a relative
 * or file: reference without one).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <librsvg/rsvg.h>

#include "svgint.h"
#include "util/arena.h"

static struct {
	bool ok;
	char why[160];
	RsvgHandle *(*new_from_data)(const guint8 *, gsize, GError **);
	gboolean (*render_document)(RsvgHandle *, cairo_t *, const RsvgRectangle *, GError **);
	void (*object_unref)(gpointer);
	void (*error_free)(GError *);
	cairo_surface_t *(*surface_create)(cairo_format_t, int, int);
	cairo_t *(*create)(cairo_surface_t *);
	void (*destroy)(cairo_t *);
	void (*surface_flush)(cairo_surface_t *);
	unsigned char *(*surface_data)(cairo_surface_t *);
	int (*surface_stride)(cairo_surface_t *);
	cairo_status_t (*surface_status)(cairo_surface_t *);
	void (*surface_destroy)(cairo_surface_t *);
} rsvg;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Stores dlsym(h, name) in *fn (a function pointer, through memcpy: ISO C
 * has no conversion from void * to one). */
static bool sym(void *h, const char *name, void *fn, size_t size)
{
	void *p = dlsym(h, name);
	if (!p) {
		snprintf(rsvg.why, sizeof rsvg.why, "librsvg has no %s", name);
		return false;
	}
	memcpy(fn, &p, size);
	return true;
}

#define SYM(h, name, field) sym(h, name, &rsvg.field, sizeof rsvg.field)

static void load(void)
{
	/* RTLD_LOCAL: its symbols stay out of the process's namespace;
	 * dlsym on the handle finds those of cairo and GLib too, which
	 * librsvg depends on */
	void *h = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(rsvg.why, sizeof rsvg.why, "librsvg-2.so.2 cannot be loaded (install librsvg2-2)");
		return;
	}
	rsvg.ok = SYM(h, "rsvg_handle_new_from_data", new_from_data) &&
	          SYM(h, "rsvg_handle_render_document", render_document) &&
	          SYM(h, "g_object_unref", object_unref) && SYM(h, "g_error_free", error_free) &&
	          SYM(h, "cairo_image_surface_create", surface_create) && SYM(h, "cairo_create", create) &&
	          SYM(h, "cairo_destroy", destroy) && SYM(h, "cairo_surface_flush", surface_flush) &&
	          SYM(h, "cairo_image_surface_get_data", surface_data) &&
	          SYM(h, "cairo_image_surface_get_stride", surface_stride) &&
	          SYM(h, "cairo_surface_status", surface_status) &&
	          SYM(h, "cairo_surface_destroy", surface_destroy);
	/* never closed: GLib's types, once registered, must stay */
}

bool ov_svg_rasterizer_available(void)
{
	pthread_once(&once, load);
	return rsvg.ok;
}

uint8_t *ov_svg_rasterize(const ov_svg *s, unsigned w, unsigned h, char *msg, size_t n)
{
	if (!ov_svg_rasterizer_available()) {
		snprintf(msg, n, "%s", rsvg.why);
		return NULL;
	}
	if (!w || !h || (uint64_t)w * h > OV_MAX_IMAGE_PIXELS || w > 32767 || h > 32767) {
		snprintf(msg, n, "%ux%u pixels is beyond the limit", w, h);
		return NULL;
	}
	GError *err = NULL;
	RsvgHandle *handle = rsvg.new_from_data(s->clean, s->clean_len, &err);
	if (!handle) {
		snprintf(msg, n, "librsvg cannot read it: %s", err && err->message ? err->message : "unknown error");
		if (err)
			rsvg.error_free(err);
		return NULL;
	}
	cairo_surface_t *surf = rsvg.surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
	if (rsvg.surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		snprintf(msg, n, "cairo cannot make a %ux%u picture", w, h);
		rsvg.surface_destroy(surf);
		rsvg.object_unref(handle);
		return NULL;
	}
	cairo_t *cr = rsvg.create(surf);
	RsvgRectangle vp = {0, 0, w, h};
	bool ok = rsvg.render_document(handle, cr, &vp, &err);
	rsvg.destroy(cr);
	rsvg.surface_flush(surf);
	uint8_t *out = NULL;
	if (!ok) {
		snprintf(msg, n, "librsvg cannot draw it: %s", err && err->message ? err->message : "unknown error");
		if (err)
			rsvg.error_free(err);
	} else {
		/* cairo's ARGB32: native-endian 32-bit words, colour
		 * premultiplied by alpha; out: RGBA bytes, not premultiplied */
		const unsigned char *px = rsvg.surface_data(surf);
		int stride = rsvg.surface_stride(surf);
		out = ov_xmalloc((size_t)w * h * 4);
		for (unsigned y = 0; y < h; y++) {
			const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
			uint8_t *o = out + (size_t)y * w * 4;
			for (unsigned x = 0; x < w; x++) {
				uint32_t v = row[x];
				unsigned a = v >> 24, r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
				if (a && a < 255) {
					r = (r * 255 + a / 2) / a;
					g = (g * 255 + a / 2) / a;
					b = (b * 255 + a / 2) / a;
				}
				o[4 * x] = (uint8_t)(r > 255 ? 255 : r);
				o[4 * x + 1] = (uint8_t)(g > 255 ? 255 : g);
				o[4 * x + 2] = (uint8_t)(b > 255 ? 255 : b);
				o[4 * x + 3] = (uint8_t)a;
			}
		}
	}
	rsvg.surface_destroy(surf);
	rsvg.object_unref(handle);
	return out;
}
