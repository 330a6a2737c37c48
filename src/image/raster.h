/*
 * raster.h - decoding the book's raster images (PNG, JPEG, GIF's first
 * frame, WebP) to 8-bit samples, scaling them down, and encoding PNG and
 * JPEG, for the writers: the PDF writer draws formats PDF cannot take as
 * they are, the EPUB writer downsamples images larger than print needs.
 * libpng, libjpeg-turbo, giflib and libwebp are used here and nowhere
 * else. (Filled in by issue 13's image work.)
 */
#ifndef OV_IMAGE_RASTER_H
#define OV_IMAGE_RASTER_H

#include "util/image.h"

#endif
