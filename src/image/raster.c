/* raster.c - see raster.h. */
#include "raster.h"

#include <gif_lib.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* jpeglib.h needs size_t and FILE declared before it */
#include <jerror.h>
#include <jpeglib.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include "util/arena.h"

static void say(char *msg, size_t msize, const char *fmt, ...)
{
	if (!msize)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msize, fmt, ap);
	va_end(ap);
}

/* A library's message after a prefix ("JPEG: "), its first letter lowered
 * when the word is not an acronym, as diagnostics start in lower case. */
static void say_lib(char *msg, size_t msize, const char *prefix, const char *text)
{
	say(msg, msize, "%s%s", prefix, text && *text ? text : "unknown error");
	size_t p = strlen(prefix);
	if (p < msize && msg[p] >= 'A' && msg[p] <= 'Z' && msg[p + 1] >= 'a' && msg[p + 1] <= 'z')
		msg[p] = (char)(msg[p] - 'A' + 'a');
}

static bool too_large(uint64_t w, uint64_t h, char *msg, size_t msize)
{
	if (w * h <= OV_MAX_IMAGE_PIXELS)
		return false;
	say(msg, msize, "it is too large (%llux%llu pixels; the limit is %u pixels)", (unsigned long long)w,
	    (unsigned long long)h, OV_MAX_IMAGE_PIXELS);
	return true;
}

void ov_raster_dispose(ov_raster *r)
{
	free(r->px);
	memset(r, 0, sizeof *r);
}

/* Drops an alpha channel that is 255 everywhere, in place. */
static void drop_opaque_alpha(ov_raster *r)
{
	if (r->channels != 2 && r->channels != 4)
		return;
	size_t n = (size_t)r->width * r->height;
	unsigned ch = r->channels;
	for (size_t i = 0; i < n; i++)
		if (r->px[i * ch + ch - 1] != 255)
			return;
	for (size_t i = 0; i < n; i++)
		memmove(r->px + i * (ch - 1), r->px + i * ch, ch - 1);
	r->channels = ch - 1;
}

/* ---- PNG (libpng's simplified API, libpng-manual §V) ---- */

static int decode_png(const uint8_t *data, size_t len, ov_raster *out, char *msg, size_t msize)
{
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		say(msg, msize, "%s", img.message);
		return -1;
	}
	if (too_large(img.width, img.height, msg, msize)) {
		png_image_free(&img);
		return -1;
	}
	bool alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	bool color = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
	img.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB) : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
	out->px = ov_xmalloc(PNG_IMAGE_SIZE(img));
	if (!png_image_finish_read(&img, NULL, out->px, 0, NULL)) {
		say(msg, msize, "%s", img.message);
		ov_raster_dispose(out);
		return -1;
	}
	out->width = img.width;
	out->height = img.height;
	out->channels = PNG_IMAGE_SAMPLE_CHANNELS(img.format);
	return 0;
}

/* ---- JPEG (libjpeg-turbo; libjpeg.txt, "Error handling") ---- */

/* libjpeg's default error_exit calls exit() and its warnings go to
 * stderr: errors jump back to the caller instead, and warnings are only
 * noted (a truncated file is a warning, JWRN_JPEG_EOF, after which the
 * library makes up gray rows). */
typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jmp;
	char *msg;
	size_t msize;
	bool truncated;
} jerr;

static void j_error_exit(j_common_ptr c)
{
	jerr *e = (jerr *)c->err;
	char text[JMSG_LENGTH_MAX];
	c->err->format_message(c, text);
	say_lib(e->msg, e->msize, "JPEG: ", text);
	longjmp(e->jmp, 1);
}

static void j_emit(j_common_ptr c, int level)
{
	jerr *e = (jerr *)c->err;
	if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF)
		e->truncated = true;
}

static void j_output(j_common_ptr c) { (void)c; }

static void j_progress(j_common_ptr c)
{
	j_decompress_ptr d = (j_decompress_ptr)c;
	if (c->is_decompressor && d->input_scan_number > OV_MAX_JPEG_SCANS) {
		jerr *e = (jerr *)c->err;
		say(e->msg, e->msize, "it has more than %d progressive scans", OV_MAX_JPEG_SCANS);
		longjmp(e->jmp, 1);
	}
}

static void jerr_init(jerr *e, char *msg, size_t msize)
{
	memset(e, 0, sizeof *e);
	jpeg_std_error(&e->pub);
	e->pub.error_exit = j_error_exit;
	e->pub.emit_message = j_emit;
	e->pub.output_message = j_output;
	e->msg = msg;
	e->msize = msize;
}

/* Decodes at 1/denom of the size into out, or when out is NULL checks
 * the file at 1/8 with the fastest settings; denom 0 picks the smallest
 * size libjpeg can make (1/1, 1/2, 1/4, 1/8: its scaled IDCT) that is
 * still at least min_w x min_h. CMYK and YCCK become RGB: Adobe's applications write the inks
 * inverted (0 = full ink) and say so with an APP14 "Adobe" marker
 * (Adobe Technical Note #5116, "Adobe application-specific JPEG marker");
 * other writers store them plainly. */
static int decode_jpeg_at(const uint8_t *data, size_t len, unsigned denom, uint32_t min_w, uint32_t min_h,
                          ov_raster *out, bool *cmyk, char *msg, size_t msize)
{
	struct jpeg_decompress_struct ci;
	struct jpeg_progress_mgr pm;
	jerr je;
	uint8_t *volatile px = NULL;
	uint8_t *volatile row = NULL;
	jerr_init(&je, msg, msize);
	ci.err = &je.pub;
	if (setjmp(je.jmp)) {
		jpeg_destroy_decompress(&ci);
		free(px);
		free(row);
		return -1;
	}
	jpeg_create_decompress(&ci);
	memset(&pm, 0, sizeof pm);
	pm.progress_monitor = j_progress;
	ci.progress = &pm;
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	if (too_large(ci.image_width, ci.image_height, msg, msize)) {
		jpeg_destroy_decompress(&ci);
		return -1;
	}
	bool inks = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
	if (cmyk)
		*cmyk = inks;
	ci.out_color_space = inks ? JCS_CMYK : ci.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
	unsigned scale = denom;
	if (!scale)
		for (scale = 8; scale > 1; scale /= 2)
			if ((ci.image_width + scale - 1) / scale >= min_w && (ci.image_height + scale - 1) / scale >= min_h)
				break;
	ci.scale_num = 1;
	ci.scale_denom = scale;
	if (!out) {
		ci.dct_method = JDCT_IFAST;
		ci.do_fancy_upsampling = FALSE;
	}
	jpeg_start_decompress(&ci);
	unsigned oc = (unsigned)ci.output_components, ch = inks ? 3 : oc;
	size_t w = ci.output_width, h = ci.output_height;
	if (out)
		px = ov_xmalloc(w * h * ch);
	row = ov_xmalloc(w * oc);
	while (ci.output_scanline < ci.output_height) {
		size_t y = ci.output_scanline;
		JSAMPROW r = row;
		if (jpeg_read_scanlines(&ci, &r, 1) != 1)
			break;
		if (!out)
			continue;
		uint8_t *dst = px + y * w * ch;
		if (!inks) {
			memcpy(dst, row, w * ch);
			continue;
		}
		for (size_t x = 0; x < w; x++) {
			const uint8_t *s = row + x * 4;
			unsigned k = s[3];
			for (int c = 0; c < 3; c++)
				dst[x * 3 + c] = ci.saw_Adobe_marker ? (uint8_t)((s[c] * k + 127) / 255)
				                                     : (uint8_t)(((255 - s[c]) * (255 - k) + 127) / 255);
		}
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	free(row);
	if (je.truncated) {
		free(px);
		say(msg, msize, "the file is truncated");
		return -1;
	}
	if (out) {
		out->px = px;
		out->width = (uint32_t)w;
		out->height = (uint32_t)h;
		out->channels = ch;
		out->lossy = true;
		out->cmyk = inks;
	}
	return 0;
}

int ov_raster_check_jpeg(const uint8_t *data, size_t len, bool *cmyk, char *msg, size_t msize)
{
	*cmyk = false;
	return decode_jpeg_at(data, len, 8, 0, 0, NULL, cmyk, msg, msize);
}

/* ---- GIF (GIF89a; giflib's record-by-record decoder) ---- */

typedef struct {
	const uint8_t *data;
	size_t len, at;
} memsrc;

static int gif_read(GifFileType *g, GifByteType *buf, int n)
{
	memsrc *m = g->UserData;
	size_t k = m->len - m->at;
	if (n < 0)
		return 0;
	if ((size_t)n < k)
		k = (size_t)n;
	memcpy(buf, m->data + m->at, k);
	m->at += k;
	return (int)k;
}

static void gif_fail(const memsrc *m, char *msg, size_t msize, int code)
{
	/* data that ends early gives giflib's "Failed to read from given
	 * file", or the error of the structure it was reading ("no screen
	 * descriptor detected"): whatever the code, a reader at the end
	 * means a truncated file */
	if (code == D_GIF_ERR_READ_FAILED || m->at == m->len)
		say(msg, msize, "the file is truncated");
	else
		say_lib(msg, msize, "GIF: ", GifErrorString(code));
}

/* The first image of the file (GIF89a §20) drawn on the logical screen
 * (§18), transparent where it does not cover the screen or where its
 * graphic control extension (§23) names a transparent index. Later frames
 * of an animation are not read. */
static int decode_gif(const uint8_t *data, size_t len, ov_raster *out, char *msg, size_t msize)
{
	memsrc m = {data, len, 0};
	int err = 0;
	GifFileType *g = DGifOpen(&m, gif_read, &err);
	if (!g) {
		gif_fail(&m, msg, msize, err);
		return -1;
	}
	GraphicsControlBlock gcb = {0, false, 0, NO_TRANSPARENT_COLOR};
	GifByteType *line = NULL;
	int rc = -1;
	for (;;) {
		GifRecordType rt;
		if (DGifGetRecordType(g, &rt) == GIF_ERROR) {
			gif_fail(&m, msg, msize, g->Error);
			goto done;
		}
		if (rt == TERMINATE_RECORD_TYPE) {
			say(msg, msize, "GIF: the file has no image");
			goto done;
		}
		if (rt == EXTENSION_RECORD_TYPE) {
			int code;
			GifByteType *ext;
			if (DGifGetExtension(g, &code, &ext) == GIF_ERROR) {
				gif_fail(&m, msg, msize, g->Error);
				goto done;
			}
			if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4)
				DGifExtensionToGCB(ext[0], ext + 1, &gcb);
			while (ext) {
				if (DGifGetExtensionNext(g, &ext) == GIF_ERROR) {
					gif_fail(&m, msg, msize, g->Error);
					goto done;
				}
			}
			continue;
		}
		if (rt == IMAGE_DESC_RECORD_TYPE)
			break;
	}
	if (DGifGetImageDesc(g) == GIF_ERROR) {
		gif_fail(&m, msg, msize, g->Error);
		goto done;
	}
	GifImageDesc *d = &g->Image;
	const ColorMapObject *cmap = d->ColorMap ? d->ColorMap : g->SColorMap;
	if (d->Width <= 0 || d->Height <= 0) {
		say(msg, msize, "GIF: the image is empty");
		goto done;
	}
	if (!cmap) {
		say(msg, msize, "GIF: the image has no colour table");
		goto done;
	}
	/* a screen of 0 x 0 (some writers) is the first image's extent */
	uint64_t sw = g->SWidth > 0 ? (uint64_t)g->SWidth : (uint64_t)d->Left + (uint64_t)d->Width;
	uint64_t sh = g->SHeight > 0 ? (uint64_t)g->SHeight : (uint64_t)d->Top + (uint64_t)d->Height;
	if (too_large(sw, sh, msg, msize) || too_large((uint64_t)d->Width, (uint64_t)d->Height, msg, msize))
		goto done;
	out->px = ov_xcalloc((size_t)(sw * sh), 4);
	out->width = (uint32_t)sw;
	out->height = (uint32_t)sh;
	out->channels = 4;
	line = ov_xmalloc((size_t)d->Width);
	/* interlaced rows come in four passes (GIF89a Appendix E) */
	static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
	int passes = d->Interlace ? 4 : 1;
	for (int p = 0; p < passes; p++) {
		for (int y = d->Interlace ? start[p] : 0; y < d->Height; y += d->Interlace ? step[p] : 1) {
			if (DGifGetLine(g, line, d->Width) == GIF_ERROR) {
				gif_fail(&m, msg, msize, g->Error);
				ov_raster_dispose(out);
				goto done;
			}
			uint64_t cy = (uint64_t)d->Top + (uint64_t)y;
			if (cy >= sh)
				continue;
			uint8_t *dst = out->px + cy * sw * 4;
			for (int x = 0; x < d->Width; x++) {
				uint64_t cx = (uint64_t)d->Left + (uint64_t)x;
				int v = line[x];
				if (cx >= sw || v == gcb.TransparentColor || v >= cmap->ColorCount)
					continue;
				const GifColorType *c = &cmap->Colors[v];
				uint8_t *o = dst + cx * 4;
				o[0] = c->Red;
				o[1] = c->Green;
				o[2] = c->Blue;
				o[3] = 255;
			}
		}
	}
	rc = 0;
done:
	free(line);
	DGifCloseFile(g, &err);
	return rc;
}

/* sub-blocks from off up to and including the zero-length terminator;
 * the offset after them, or len when they run past the end */
static size_t skip_sub_blocks(const uint8_t *d, size_t len, size_t off)
{
	while (off < len && d[off])
		off += 1 + (size_t)d[off];
	return off < len ? off + 1 : len;
}

bool ov_raster_gif_animated(const uint8_t *d, size_t len)
{
	if (len < 13)
		return false;
	size_t off = 13;
	if (d[10] & 0x80)
		off += 3 * ((size_t)2 << (d[10] & 7));
	int images = 0;
	while (off < len && d[off] != 0x3B) {
		if (d[off] == 0x21) { /* extension: label, then sub-blocks */
			off = skip_sub_blocks(d, len, off + 2);
		} else if (d[off] == 0x2C) { /* descriptor, local table, LZW size, data */
			if (++images > 1)
				return true;
			if (off + 10 > len)
				return false;
			unsigned flags = d[off + 9];
			off += 10;
			if (flags & 0x80)
				off += 3 * ((size_t)2 << (flags & 7));
			off = skip_sub_blocks(d, len, off + 1);
		} else {
			return false;
		}
	}
	return false;
}

/* ---- WebP (libwebp's decoder; the demuxer for an animation's first frame) ---- */

static void webp_fail(char *msg, size_t msize, VP8StatusCode st)
{
	switch (st) {
	case VP8_STATUS_NOT_ENOUGH_DATA: say(msg, msize, "the file is truncated"); break;
	case VP8_STATUS_UNSUPPORTED_FEATURE: say(msg, msize, "WebP: a feature libwebp does not support"); break;
	case VP8_STATUS_OUT_OF_MEMORY: say(msg, msize, "WebP: out of memory"); break;
	default: say(msg, msize, "WebP: the data is invalid (status %d)", (int)st); break;
	}
}

static int decode_webp(const uint8_t *data, size_t len, ov_raster *out, char *msg, size_t msize)
{
	WebPBitstreamFeatures f;
	VP8StatusCode st = WebPGetFeatures(data, len, &f);
	if (st != VP8_STATUS_OK) {
		webp_fail(msg, msize, st);
		return -1;
	}
	if (f.width <= 0 || f.height <= 0 || too_large((uint64_t)f.width, (uint64_t)f.height, msg, msize))
		return -1;
	size_t w = (size_t)f.width, h = (size_t)f.height;
	/* format 1 lossy, 2 lossless, 0 mixed (an animation: taken as lossless) */
	out->lossy = f.format == 1;
	if (f.has_animation) {
		/* the canvas (checked above: WebPGetFeatures gives VP8X's canvas
		 * size) with the first frame blended on it */
		WebPData wd = {data, len};
		WebPAnimDecoderOptions o;
		if (!WebPAnimDecoderOptionsInit(&o)) {
			say(msg, msize, "WebP: the decoder cannot start");
			return -1;
		}
		o.color_mode = MODE_RGBA;
		o.use_threads = 0;
		WebPAnimDecoder *dec = WebPAnimDecoderNew(&wd, &o);
		WebPAnimInfo ai;
		uint8_t *buf;
		int ts;
		if (!dec || !WebPAnimDecoderGetInfo(dec, &ai) || ai.canvas_width != w || ai.canvas_height != h ||
		    !WebPAnimDecoderGetNext(dec, &buf, &ts)) {
			say(msg, msize, "WebP: the animation is damaged or truncated");
			WebPAnimDecoderDelete(dec);
			return -1;
		}
		out->px = ov_xmalloc(w * h * 4);
		memcpy(out->px, buf, w * h * 4);
		WebPAnimDecoderDelete(dec);
		out->channels = 4;
	} else {
		WebPDecoderConfig cfg;
		if (!WebPInitDecoderConfig(&cfg)) {
			say(msg, msize, "WebP: the decoder cannot start");
			return -1;
		}
		unsigned ch = f.has_alpha ? 4 : 3;
		out->px = ov_xmalloc(w * h * ch);
		cfg.output.colorspace = f.has_alpha ? MODE_RGBA : MODE_RGB;
		cfg.output.is_external_memory = 1;
		cfg.output.u.RGBA.rgba = out->px;
		cfg.output.u.RGBA.stride = (int)(w * ch);
		cfg.output.u.RGBA.size = w * h * ch;
		st = WebPDecode(data, len, &cfg);
		WebPFreeDecBuffer(&cfg.output);
		if (st != VP8_STATUS_OK) {
			webp_fail(msg, msize, st);
			ov_raster_dispose(out);
			return -1;
		}
		out->channels = ch;
	}
	out->width = (uint32_t)w;
	out->height = (uint32_t)h;
	return 0;
}

int ov_raster_decode(const uint8_t *data, size_t len, ov_image_format fmt, ov_raster *out, char *msg,
                     size_t msize)
{
	return ov_raster_decode_for(data, len, fmt, UINT32_MAX, UINT32_MAX, out, msg, msize);
}

int ov_raster_decode_for(const uint8_t *data, size_t len, ov_image_format fmt, uint32_t min_w, uint32_t min_h,
                         ov_raster *out, char *msg, size_t msize)
{
	memset(out, 0, sizeof *out);
	say(msg, msize, "%s", "");
	int rc;
	switch (fmt) {
	case OV_IMAGE_PNG: rc = decode_png(data, len, out, msg, msize); break;
	case OV_IMAGE_JPEG: rc = decode_jpeg_at(data, len, 0, min_w, min_h, out, NULL, msg, msize); break;
	case OV_IMAGE_GIF: rc = decode_gif(data, len, out, msg, msize); break;
	case OV_IMAGE_WEBP: rc = decode_webp(data, len, out, msg, msize); break;
	default:
		say(msg, msize, "it is not a raster image");
		return -1;
	}
	if (rc != 0) {
		ov_raster_dispose(out);
		return -1;
	}
	drop_opaque_alpha(out);
	return 0;
}

/* ---- scaling ---- */

void ov_raster_fit(uint32_t w, uint32_t h, uint32_t max_w, uint32_t max_h, uint32_t *out_w, uint32_t *out_h)
{
	*out_w = w;
	*out_h = h;
	if (!w || !h)
		return;
	if (w > max_w) {
		*out_w = max_w;
		*out_h = (uint32_t)(((uint64_t)h * max_w + w / 2) / w);
	}
	if (*out_h > max_h) {
		*out_h = max_h;
		*out_w = (uint32_t)(((uint64_t)w * max_h + h / 2) / h);
	}
	if (*out_w < 1)
		*out_w = 1;
	if (*out_h < 1)
		*out_h = 1;
	if (*out_w > w)
		*out_w = w;
	if (*out_h > h)
		*out_h = h;
}

/* The sRGB value whose linear light is nearest to v (lin ascending). */
static uint8_t to_srgb(const float *lin, float v)
{
	if (v <= 0)
		return 0;
	if (v >= 1)
		return 255;
	int lo = 0, hi = 255;
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (lin[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return (uint8_t)(v - lin[lo] <= lin[hi] - v ? lo : hi);
}

/* Two passes of a box filter with exact fractional coverage: in units of
 * 1/(sw*dw), source pixel i spans [i*dw, (i+1)*dw) and destination pixel
 * j spans [j*sw, (j+1)*sw); a source pixel's weight in a destination pixel
 * is their overlap. Rows are read one at a time, so memory stays at two
 * destination rows of floats beside the result. */
void ov_raster_scale(const ov_raster *src, uint32_t w, uint32_t h, ov_raster *out)
{
	uint32_t sw = src->width, sh = src->height;
	unsigned ch = src->channels;
	bool alpha = ch == 2 || ch == 4;
	unsigned cc = alpha ? ch - 1 : ch;
	memset(out, 0, sizeof *out);
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (w > sw)
		w = sw;
	if (h > sh)
		h = sh;
	out->width = w;
	out->height = h;
	out->channels = ch;
	out->lossy = src->lossy;
	out->px = ov_xmalloc((size_t)w * h * ch);

	/* IEC 61966-2-1 §5.2: sRGB to linear */
	float lin[256];
	for (int i = 0; i < 256; i++) {
		double v = i / 255.0;
		lin[i] = (float)(v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4));
	}
	/* horizontal spans: first source pixel of each destination pixel */
	uint32_t *x0 = ov_xmalloc(((size_t)w + 1) * sizeof *x0);
	for (uint32_t j = 0; j <= w; j++)
		x0[j] = (uint32_t)((uint64_t)j * sw / w);
	float *srow = ov_xmalloc((size_t)sw * ch * sizeof *srow);
	float *hrow = ov_xmalloc((size_t)w * ch * sizeof *hrow);
	float *acc = ov_xcalloc((size_t)w * ch, sizeof *acc);
	uint32_t dy = 0;
	for (uint32_t sy = 0; sy < sh && dy < h; sy++) {
		const uint8_t *s = src->px + (size_t)sy * sw * ch;
		/* to linear, premultiplied by alpha in [0, 1] */
		for (size_t i = 0; i < sw; i++) {
			float a = alpha ? s[i * ch + cc] / 255.0f : 1.0f;
			for (unsigned c = 0; c < cc; c++)
				srow[i * ch + c] = lin[s[i * ch + c]] * a;
			if (alpha)
				srow[i * ch + cc] = a;
		}
		for (uint32_t j = 0; j < w; j++) {
			uint64_t lo = (uint64_t)j * sw, hi = lo + sw;
			float sum[4] = {0, 0, 0, 0};
			uint32_t last = x0[j + 1] < sw ? x0[j + 1] : sw - 1;
			for (uint32_t i = x0[j]; i <= last; i++) {
				uint64_t a = (uint64_t)i * w, b = a + w;
				uint64_t ov = (b < hi ? b : hi) - (a > lo ? a : lo);
				if (a >= hi || b <= lo)
					continue;
				for (unsigned c = 0; c < ch; c++)
					sum[c] += (float)ov * srow[i * ch + c];
			}
			for (unsigned c = 0; c < ch; c++)
				hrow[j * ch + c] = sum[c] / (float)sw;
		}
		/* vertically, source row sy spans [sy*h, (sy+1)*h) and
		 * destination row dy [dy*sh, (dy+1)*sh); a source row meets at
		 * most two destination rows (h <= sh) */
		uint64_t lo = (uint64_t)sy * h, hi = lo + h;
		while (dy < h) {
			uint64_t dlo = (uint64_t)dy * sh, dhi = dlo + sh;
			uint64_t ov = (hi < dhi ? hi : dhi) - (lo > dlo ? lo : dlo);
			for (size_t k = 0; k < (size_t)w * ch; k++)
				acc[k] += (float)ov * hrow[k];
			if (hi < dhi)
				break;
			/* destination row dy is complete */
			uint8_t *o = out->px + (size_t)dy * w * ch;
			for (uint32_t j = 0; j < w; j++) {
				float *p = acc + (size_t)j * ch;
				float a = alpha ? p[cc] / (float)sh : 1.0f;
				for (unsigned c = 0; c < cc; c++)
					o[j * ch + c] = a > 0 ? to_srgb(lin, p[c] / (float)sh / a) : 0;
				if (alpha) {
					long v = lrintf(a * 255.0f);
					o[j * ch + cc] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
				}
			}
			memset(acc, 0, (size_t)w * ch * sizeof *acc);
			dy++;
			if (hi == dhi)
				break;
		}
	}
	free(x0);
	free(srow);
	free(hrow);
	free(acc);
}

/* ---- encoding ---- */

int ov_raster_encode_png_fast(const ov_raster *r, bool fast, uint8_t **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = r->width;
	img.height = r->height;
	static const png_uint_32 formats[5] = {0, PNG_FORMAT_GRAY, PNG_FORMAT_GA, PNG_FORMAT_RGB, PNG_FORMAT_RGBA};
	img.format = formats[r->channels <= 4 ? r->channels : 0];
	if (fast)
		img.flags |= PNG_IMAGE_FLAG_FAST;
	/* one pass into a buffer as large as the PNG can be (libpng's bound:
	 * the pixels stored uncompressed, with the chunks' overhead); asking
	 * for the size first compressed the image twice */
	png_alloc_size_t size = PNG_IMAGE_PNG_SIZE_MAX(img);
	uint8_t *buf = ov_xmalloc(size);
	if (!png_image_write_to_memory(&img, buf, &size, 0, r->px, 0, NULL) || !size) {
		png_image_free(&img);
		free(buf);
		return -1;
	}
	*out = ov_xrealloc(buf, size);
	*len = size;
	return 0;
}

int ov_raster_encode_png(const ov_raster *r, uint8_t **out, size_t *len)
{
	return ov_raster_encode_png_fast(r, false, out, len);
}

int ov_raster_encode_jpeg(const ov_raster *r, int quality, uint8_t **out, size_t *len)
{
	struct jpeg_compress_struct ci;
	jerr je;
	char msg[JMSG_LENGTH_MAX];
	/* the memory destination grows b with malloc; b's address is
	 * taken, so it is in memory when an error jumps back */
	unsigned char *b = NULL;
	unsigned long size = 0;
	uint8_t *volatile row = NULL;
	*out = NULL;
	*len = 0;
	jerr_init(&je, msg, sizeof msg);
	ci.err = &je.pub;
	if (setjmp(je.jmp)) {
		jpeg_destroy_compress(&ci);
		free(b);
		free(row);
		return -1;
	}
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &b, &size);
	bool color = r->channels >= 3;
	unsigned cc = color ? 3 : 1;
	ci.image_width = r->width;
	ci.image_height = r->height;
	ci.input_components = (int)cc;
	ci.in_color_space = color ? JCS_RGB : JCS_GRAYSCALE;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, quality, TRUE);
	ci.optimize_coding = TRUE;
	jpeg_start_compress(&ci, TRUE);
	row = ov_xmalloc((size_t)r->width * cc);
	while (ci.next_scanline < ci.image_height) {
		const uint8_t *s = r->px + (size_t)ci.next_scanline * r->width * r->channels;
		/* JPEG has no alpha: what is transparent goes on white */
		for (size_t x = 0; x < r->width; x++) {
			unsigned a = r->channels == 2 || r->channels == 4 ? s[x * r->channels + cc] : 255;
			for (unsigned c = 0; c < cc; c++)
				row[x * cc + c] = (uint8_t)((s[x * r->channels + c] * a + 255 * (255 - a) + 127) / 255);
		}
		JSAMPROW rp = row;
		jpeg_write_scanlines(&ci, &rp, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	free(row);
	*out = b;
	*len = size;
	return 0;
}
