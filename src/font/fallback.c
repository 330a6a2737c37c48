/* fallback.c - the fallback fonts (see fallback.h). What each covers was
 * checked with hb-shape on Debian 12's packages: DejaVu Sans has box
 * drawing, arrows, U+2610 ballot box, U+2713 check mark, U+2717 ballot X,
 * U+26A0 warning sign and the double-struck letters; DejaVu Sans Mono
 * has box drawing at the width of code; Symbola has the emoji (U+1F300
 * onwards, U+2705, U+274C) and the mathematical alphanumerics (U+1D400 to
 * U+1D7FF) DejaVu lacks. */
#include "fallback.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef OV_SYSTEM_FONT_DIR
#define OV_SYSTEM_FONT_DIR "/usr/share/fonts/truetype"
#endif

static const ov_fallback TEXT[] = {
	{"dejavu/DejaVuSans.ttf", "fonts-dejavu-core", "DejaVu Sans"},
	{"ancient-scripts/Symbola_hint.ttf", "fonts-symbola", "Symbola"},
	{NULL, NULL, NULL},
};

static const ov_fallback CODE[] = {
	{"dejavu/DejaVuSansMono.ttf", "fonts-dejavu-core", "DejaVu Sans Mono"},
	{"dejavu/DejaVuSans.ttf", "fonts-dejavu-core", "DejaVu Sans"},
	{"ancient-scripts/Symbola_hint.ttf", "fonts-symbola", "Symbola"},
	{NULL, NULL, NULL},
};

const ov_fallback *ov_fallbacks(ov_fallback_kind kind) { return kind == OV_FALLBACK_CODE ? CODE : TEXT; }

const char *ov_fallback_path(const ov_fallback *f, char *buf, size_t size)
{
	const char *dir = getenv("OCTAVO_SYSTEM_FONT_DIR");
	snprintf(buf, size, "%s/%s", dir && *dir ? dir : OV_SYSTEM_FONT_DIR, f->file);
	return buf;
}
