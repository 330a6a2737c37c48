/* test_image.c - src/image/raster.h: the scaler's exact averages, the
 * decoders on the fixture images (tests/fixtures/images, made by
 * tests/tools/mkimages.c), the limits, and encoders that give the same
 * bytes twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "image/raster.h"
#include "util/fsio.h"

static ov_raster raster(uint32_t w, uint32_t h, unsigned ch, const uint8_t *px)
{
	ov_raster r = {w, h, ch, malloc((size_t)w * h * ch), false, false};
	memcpy(r.px, px, (size_t)w * h * ch);
	return r;
}

static void test_image__fit(void **state)
{
	(void)state;
	uint32_t w, h;
	ov_raster_fit(4000, 3000, 1367, 2200, &w, &h);
	assert_int_equal(w, 1367);
	assert_int_equal(h, 1025); /* 3000 * 1367 / 4000 = 1025.25 */
	ov_raster_fit(1000, 4000, 1367, 2200, &w, &h);
	assert_int_equal(w, 550);
	assert_int_equal(h, 2200);
	ov_raster_fit(100, 50, 1367, 2200, &w, &h); /* never enlarged */
	assert_int_equal(w, 100);
	assert_int_equal(h, 50);
	ov_raster_fit(100000, 1, 10, 10, &w, &h); /* at least one pixel */
	assert_int_equal(w, 10);
	assert_int_equal(h, 1);
}

static void test_image__scale_exact(void **state)
{
	(void)state;
	ov_raster d;
	/* a uniform colour stays exactly itself, whatever the weights */
	uint8_t flat[5 * 3 * 3];
	for (size_t i = 0; i < sizeof flat; i += 3)
		flat[i] = 200, flat[i + 1] = 17, flat[i + 2] = 99;
	ov_raster s = raster(5, 3, 3, flat);
	ov_raster_scale(&s, 2, 2, &d);
	assert_int_equal(d.width, 2);
	assert_int_equal(d.height, 2);
	for (size_t i = 0; i < 12; i += 3) {
		assert_int_equal(d.px[i], 200);
		assert_int_equal(d.px[i + 1], 17);
		assert_int_equal(d.px[i + 2], 99);
	}
	ov_raster_dispose(&d);
	ov_raster_dispose(&s);

	/* alpha is averaged as it is, with fractional coverage: 3 -> 2 gives
	 * (2 * 255 + 1 * 0) / 3 = 170 on each side */
	static const uint8_t ga[] = {10, 255, 20, 0, 10, 255};
	s = raster(3, 1, 2, ga);
	ov_raster_scale(&s, 2, 1, &d);
	assert_int_equal(d.px[1], 170);
	assert_int_equal(d.px[3], 170);
	/* premultiplied: the transparent pixel's gray (20) counts for nothing */
	assert_int_equal(d.px[0], 10);
	assert_int_equal(d.px[2], 10);
	ov_raster_dispose(&d);
	ov_raster_dispose(&s);

	/* 4 -> 2 in both directions: each new alpha is a mean of four */
	static const uint8_t rgba[4 * 4 * 4] = {
		255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 255, 255,
		255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 255, 255,
		0, 255, 0, 100, 0, 255, 0, 100, 9, 9, 9, 0, 9, 9, 9, 0,
		0, 255, 0, 100, 0, 255, 0, 100, 9, 9, 9, 0, 9, 9, 9, 0};
	s = raster(4, 4, 4, rgba);
	ov_raster_scale(&s, 2, 2, &d);
	static const uint8_t want[] = {255, 0, 0, 128, 0, 0, 255, 255, 0, 255, 0, 100, 0, 0, 0, 0};
	assert_memory_equal(d.px, want, sizeof want); /* red at half alpha: not darkened */
	ov_raster_dispose(&d);
	ov_raster_dispose(&s);

	/* black and white average in linear light: 0.5 is sRGB 188, not 128 */
	static const uint8_t bw[] = {0, 255};
	s = raster(2, 1, 1, bw);
	ov_raster_scale(&s, 1, 1, &d);
	assert_int_equal(d.px[0], 188);
	ov_raster_dispose(&d);
	ov_raster_dispose(&s);
}

static void load(const char *name, ov_image_format f, ov_raster *r)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/images/images/%s", getenv("OV_FIXTURES"), name);
	char *data;
	size_t len;
	assert_int_equal(ov_read_file(path, &data, &len), 0);
	char msg[200];
	int rc = ov_raster_decode((const uint8_t *)data, len, f, r, msg, sizeof msg);
	if (rc != 0)
		fail_msg("%s: %s", name, msg);
	free(data);
}

static const uint8_t *at(const ov_raster *r, uint32_t x, uint32_t y)
{
	return r->px + ((size_t)y * r->width + x) * r->channels;
}

static void test_image__decoders(void **state)
{
	(void)state;
	ov_raster r;
	/* the first frame of two (red; the second is blue) on the screen,
	 * with its transparent border */
	load("anim.gif", OV_IMAGE_GIF, &r);
	assert_int_equal(r.width, 60);
	assert_int_equal(r.height, 40);
	assert_int_equal(r.channels, 4);
	assert_memory_equal(at(&r, 30, 20), ((uint8_t[]){255, 0, 0, 255}), 4);
	assert_int_equal(at(&r, 1, 1)[3], 0);
	ov_raster_dispose(&r);
	/* interlaced rows in their places: green above, red below */
	load("interlaced.gif", OV_IMAGE_GIF, &r);
	assert_int_equal(r.channels, 3); /* opaque: no alpha */
	static const uint8_t green[3] = {0, 160, 0}, red[3] = {255, 0, 0};
	for (uint32_t y = 0; y < 48; y++)
		assert_memory_equal(at(&r, 5, y), y < 24 ? green : red, 3);
	ov_raster_dispose(&r);
	load("lossy.webp", OV_IMAGE_WEBP, &r);
	assert_int_equal(r.channels, 3);
	assert_true(r.lossy);
	const uint8_t *p = at(&r, 32, 24);
	assert_true(abs(p[0] - 240) < 12 && abs(p[1] - 140) < 12 && abs(p[2] - 20) < 12);
	ov_raster_dispose(&r);
	load("alpha.webp", OV_IMAGE_WEBP, &r);
	assert_int_equal(r.channels, 4);
	assert_false(r.lossy);
	assert_memory_equal(at(&r, 3, 3), ((uint8_t[]){128, 0, 160, 255}), 4);
	assert_int_equal(at(&r, 60, 3)[3], 0);
	ov_raster_dispose(&r);
	load("anim.webp", OV_IMAGE_WEBP, &r); /* first frame: cyan */
	assert_int_equal(r.width, 64);
	assert_memory_equal(at(&r, 10, 10), ((uint8_t[]){0, 200, 200}), 3);
	ov_raster_dispose(&r);
	load("cmyk.jpg", OV_IMAGE_JPEG, &r); /* Adobe's inverted inks: green */
	assert_true(r.cmyk);
	assert_int_equal(r.channels, 3);
	p = at(&r, 20, 20);
	assert_true(p[0] < 8 && p[1] > 247 && p[2] < 8);
	ov_raster_dispose(&r);
}

static void test_image__gif_animated(void **state)
{
	(void)state;
	char path[1024];
	char *data;
	size_t len;
	snprintf(path, sizeof path, "%s/images/images/anim.gif", getenv("OV_FIXTURES"));
	assert_int_equal(ov_read_file(path, &data, &len), 0);
	assert_true(ov_raster_gif_animated((const uint8_t *)data, len));
	assert_false(ov_raster_gif_animated((const uint8_t *)data, 120)); /* cut in its first frame */
	free(data);
	snprintf(path, sizeof path, "%s/images/images/interlaced.gif", getenv("OV_FIXTURES"));
	assert_int_equal(ov_read_file(path, &data, &len), 0);
	assert_false(ov_raster_gif_animated((const uint8_t *)data, len));
	free(data);
}

static void test_image__limits(void **state)
{
	(void)state;
	ov_raster r;
	char msg[200];
	/* a 65535 x 65535 screen: refused before any pixel is allocated */
	static const uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a', 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0,
	                              0, 0, 0, 255, 255, 255,
	                              0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0, ';'};
	assert_int_equal(ov_raster_decode(gif, sizeof gif, OV_IMAGE_GIF, &r, msg, sizeof msg), -1);
	assert_string_equal(msg, "it is too large (65535x65535 pixels; the limit is 40000000 pixels)");
	assert_null(r.px);
	assert_int_equal(ov_raster_decode(gif, 10, OV_IMAGE_GIF, &r, msg, sizeof msg), -1);
	assert_string_equal(msg, "the file is truncated");
	static const uint8_t junk[] = "RIFF\x10\0\0\0WEBPVP8 \x04\0\0\0abcd";
	assert_int_equal(ov_raster_decode(junk, sizeof junk - 1, OV_IMAGE_WEBP, &r, msg, sizeof msg), -1);
	static const uint8_t soi[] = {0xFF, 0xD8, 0xFF};
	assert_int_equal(ov_raster_decode(soi, sizeof soi, OV_IMAGE_JPEG, &r, msg, sizeof msg), -1);
	assert_null(r.px);
}

static void test_image__encode(void **state)
{
	(void)state;
	uint8_t px[16 * 8 * 3];
	for (size_t i = 0; i < sizeof px; i++)
		px[i] = (uint8_t)(i * 7);
	ov_raster s = raster(16, 8, 3, px), d;
	uint8_t *a, *b;
	size_t alen, blen;
	/* PNG: lossless and the same bytes twice */
	assert_int_equal(ov_raster_encode_png(&s, &a, &alen), 0);
	assert_int_equal(ov_raster_encode_png(&s, &b, &blen), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	char msg[200];
	assert_int_equal(ov_raster_decode(a, alen, OV_IMAGE_PNG, &d, msg, sizeof msg), 0);
	assert_memory_equal(d.px, px, sizeof px);
	ov_raster_dispose(&d);
	free(a);
	free(b);
	/* JPEG: the same bytes twice, and it decodes to the size */
	assert_int_equal(ov_raster_encode_jpeg(&s, 88, &a, &alen), 0);
	assert_int_equal(ov_raster_encode_jpeg(&s, 88, &b, &blen), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_int_equal(ov_raster_decode(a, alen, OV_IMAGE_JPEG, &d, msg, sizeof msg), 0);
	assert_int_equal(d.width, 16);
	assert_int_equal(d.height, 8);
	bool cmyk;
	assert_int_equal(ov_raster_check_jpeg(a, alen, &cmyk, msg, sizeof msg), 0);
	assert_false(cmyk);
	assert_int_equal(ov_raster_check_jpeg(a, alen - 20, &cmyk, msg, sizeof msg), -1);
	assert_string_equal(msg, "the file is truncated");
	ov_raster_dispose(&d);
	free(a);
	free(b);
	ov_raster_dispose(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image__fit),
		cmocka_unit_test(test_image__scale_exact),
		cmocka_unit_test(test_image__decoders),
		cmocka_unit_test(test_image__gif_animated),
		cmocka_unit_test(test_image__limits),
		cmocka_unit_test(test_image__encode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
