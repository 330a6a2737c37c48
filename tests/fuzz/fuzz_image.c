/* fuzz_image.c - libFuzzer target: arbitrary bytes as an image file,
 * through what a book's image meets: the header probe (util/image.h), then
 * the decoder of the format the probe saw (image/raster.h: PNG, JPEG and
 * its cheap check, GIF and its animation test, WebP), the scaler and both encoders on what
 * decodes. Nothing may crash, hang, leak or read out of bounds; a decoded
 * image must have the size and channels it says, within
 * OV_MAX_IMAGE_PIXELS. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "image/raster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_image_info info;
	ov_image_probe(data, size, &info);
	if (info.format == OV_IMAGE_UNKNOWN || info.format == OV_IMAGE_SVG)
		return 0;
	char msg[200];
	if (info.format == OV_IMAGE_JPEG) {
		bool cmyk;
		ov_raster_check_jpeg(data, size, &cmyk, msg, sizeof msg);
	}
	if (info.format == OV_IMAGE_GIF)
		ov_raster_gif_animated(data, size);
	ov_raster r;
	if (ov_raster_decode(data, size, info.format, &r, msg, sizeof msg) != 0) {
		if (r.px || !msg[0])
			abort();
		return 0;
	}
	if (!r.px || !r.width || !r.height || r.channels < 1 || r.channels > 4 ||
	    (uint64_t)r.width * r.height > OV_MAX_IMAGE_PIXELS)
		abort();
	/* small results only: the scaler and encoders are not what is fuzzed
	 * here, and a large image would slow every run */
	if ((uint64_t)r.width * r.height <= 512 * 512) {
		ov_raster s;
		ov_raster_scale(&r, (r.width + 1) / 2, (r.height + 2) / 3, &s);
		uint8_t *out;
		size_t len;
		if (ov_raster_encode_png(&s, &out, &len) == 0)
			free(out);
		if (ov_raster_encode_jpeg(&s, 88, &out, &len) == 0)
			free(out);
		ov_raster_dispose(&s);
	}
	ov_raster_dispose(&r);
	return 0;
}
