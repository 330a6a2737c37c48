/*
 * svg.h - SVG images: parsed with libxml2 (no entities, no network, no
 * external references) into a drawing the PDF writer draws as vectors,
 * sanitised for the EPUB, and rasterised by librsvg beyond the subset.
 * (Filled in by issue 13's image work.)
 */
#ifndef OV_IMAGE_SVG_H
#define OV_IMAGE_SVG_H

#include "util/image.h"

#endif
