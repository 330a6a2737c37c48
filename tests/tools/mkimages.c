/* mkimages.c - writes the small images of tests/fixtures/images/images/,
 * which no tool of the test dependencies makes (animated and interlaced
 * GIF with transparency, WebP lossy, lossless with alpha and animated, a
 * CMYK JPEG with Adobe's inverted inks). Run once, by hand; the files are
 * committed:
 *
 *   cc -O2 -o /tmp/mkimages tests/tools/mkimages.c $(pkg-config --cflags --libs libgif libwebp libwebpmux libjpeg)
 *   /tmp/mkimages tests/fixtures/images/images
 */
#include <gif_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <webp/encode.h>
#include <webp/mux.h>

static void die(const char *what)
{
	fprintf(stderr, "mkimages: %s\n", what);
	exit(1);
}

static void save(const char *dir, const char *name, const void *data, size_t len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die(path);
}

/* A GIF of w x h with a palette of 4 colours (0 transparent white, 1 red,
 * 2 blue, 3 green), its frames' pixels made by pixel(frame, x, y). */
static void gif(const char *path, int w, int h, int frames, bool interlace, int (*pixel)(int, int, int))
{
	int err;
	GifFileType *g = EGifOpenFileName(path, false, &err);
	if (!g)
		die(path);
	GifColorType colors[4] = {{255, 255, 255}, {255, 0, 0}, {0, 0, 255}, {0, 160, 0}};
	ColorMapObject *map = GifMakeMapObject(4, colors);
	EGifSetGifVersion(g, true);
	if (EGifPutScreenDesc(g, w, h, 2, 0, map) == GIF_ERROR)
		die("screen");
	if (frames > 1) {
		/* NETSCAPE2.0 application extension: loop forever */
		unsigned char app[11], loop[3] = {1, 0, 0};
		memcpy(app, "NETSCAPE2.0", 11);
		EGifPutExtensionLeader(g, APPLICATION_EXT_FUNC_CODE);
		EGifPutExtensionBlock(g, 11, app);
		EGifPutExtensionBlock(g, 3, loop);
		EGifPutExtensionTrailer(g);
	}
	GifPixelType *row = malloc((size_t)w);
	for (int f = 0; f < frames; f++) {
		GraphicsControlBlock gcb = {DISPOSE_BACKGROUND, false, 50, 0};
		GifByteType ext[4];
		size_t n = EGifGCBToExtension(&gcb, ext);
		EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, (int)n, ext);
		if (EGifPutImageDesc(g, 0, 0, w, h, interlace, NULL) == GIF_ERROR)
			die("image");
		static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
		for (int p = 0; p < (interlace ? 4 : 1); p++)
			for (int y = interlace ? start[p] : 0; y < h; y += interlace ? step[p] : 1) {
				for (int x = 0; x < w; x++)
					row[x] = (GifPixelType)pixel(f, x, y);
				if (EGifPutLine(g, row, w) == GIF_ERROR)
					die("line");
			}
	}
	free(row);
	GifFreeMapObject(map);
	if (EGifCloseFile(g, &err) == GIF_ERROR)
		die("close");
}

/* frame 0 red, frame 1 blue, each with a transparent border of 4 pixels */
static int anim_pixel(int f, int x, int y)
{
	if (x < 4 || y < 4 || x >= 56 || y >= 36)
		return 0;
	return f == 0 ? 1 : 2;
}

/* top half green, bottom half red: an interlaced file read in file order
 * would mix them */
static int interlaced_pixel(int f, int x, int y)
{
	(void)f;
	(void)x;
	return y < 24 ? 3 : 1;
}

static uint8_t *rgba(int w, int h, void (*pixel)(int, int, uint8_t *))
{
	uint8_t *px = malloc((size_t)w * h * 4);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			pixel(x, y, px + ((size_t)y * w + x) * 4);
	return px;
}

static void orange(int x, int y, uint8_t *p)
{
	(void)x;
	(void)y;
	p[0] = 240, p[1] = 140, p[2] = 20, p[3] = 255;
}

/* left half opaque purple, right half transparent */
static void half_purple(int x, int y, uint8_t *p)
{
	(void)y;
	p[0] = 128, p[1] = 0, p[2] = 160, p[3] = x < 32 ? 255 : 0;
}

static void webp_still(const char *dir, const char *name, bool lossless, void (*pixel)(int, int, uint8_t *))
{
	uint8_t *px = rgba(64, 48, pixel), *out;
	size_t n = lossless ? WebPEncodeLosslessRGBA(px, 64, 48, 64 * 4, &out)
	                    : WebPEncodeRGBA(px, 64, 48, 64 * 4, 80, &out);
	if (!n)
		die(name);
	save(dir, name, out, n);
	WebPFree(out);
	free(px);
}

static void cyan(int x, int y, uint8_t *p)
{
	(void)x;
	(void)y;
	p[0] = 0, p[1] = 200, p[2] = 200, p[3] = 255;
}

static void magenta(int x, int y, uint8_t *p)
{
	(void)x;
	(void)y;
	p[0] = 220, p[1] = 0, p[2] = 220, p[3] = 255;
}

/* two frames, cyan then magenta, lossless */
static void webp_anim(const char *dir)
{
	WebPAnimEncoderOptions ao;
	WebPConfig cfg;
	if (!WebPAnimEncoderOptionsInit(&ao) || !WebPConfigInit(&cfg))
		die("anim options");
	cfg.lossless = 1;
	WebPAnimEncoder *enc = WebPAnimEncoderNew(64, 48, &ao);
	void (*pix[2])(int, int, uint8_t *) = {cyan, magenta};
	for (int f = 0; f < 2; f++) {
		WebPPicture pic;
		WebPPictureInit(&pic);
		pic.use_argb = 1;
		pic.width = 64;
		pic.height = 48;
		uint8_t *px = rgba(64, 48, pix[f]);
		WebPPictureImportRGBA(&pic, px, 64 * 4);
		if (!WebPAnimEncoderAdd(enc, &pic, f * 500, &cfg))
			die("anim frame");
		WebPPictureFree(&pic);
		free(px);
	}
	WebPAnimEncoderAdd(enc, NULL, 1000, NULL);
	WebPData data;
	WebPDataInit(&data);
	if (!WebPAnimEncoderAssemble(enc, &data))
		die("anim assemble");
	save(dir, "anim.webp", data.bytes, data.size);
	WebPDataClear(&data);
	WebPAnimEncoderDelete(enc);
}

/* 48 x 32 of green in CMYK, written inverted the way Adobe's applications
 * write it (libjpeg adds the Adobe marker to a CMYK file) */
static void cmyk_jpeg(const char *dir)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *out = NULL;
	unsigned long len = 0;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, &len);
	c.image_width = 48;
	c.image_height = 32;
	c.input_components = 4;
	c.in_color_space = JCS_CMYK;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	jpeg_start_compress(&c, TRUE);
	unsigned char row[48 * 4];
	for (int x = 0; x < 48; x++) {
		/* C 100%, M 0, Y 100%, K 0: green; inverted: 0, 255, 0, 255 */
		row[x * 4 + 0] = 0;
		row[x * 4 + 1] = 255;
		row[x * 4 + 2] = 0;
		row[x * 4 + 3] = 255;
	}
	while (c.next_scanline < c.image_height) {
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	save(dir, "cmyk.jpg", out, len);
	free(out);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		die("usage: mkimages DIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/anim.gif", argv[1]);
	gif(path, 60, 40, 2, false, anim_pixel);
	snprintf(path, sizeof path, "%s/interlaced.gif", argv[1]);
	gif(path, 64, 48, 1, true, interlaced_pixel);
	webp_still(argv[1], "lossy.webp", false, orange);
	webp_still(argv[1], "alpha.webp", true, half_purple);
	webp_anim(argv[1]);
	cmyk_jpeg(argv[1]);
	return 0;
}
