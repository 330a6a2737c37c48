/* fuzz_svg.c - libFuzzer target: an SVG file's bytes through the probe,
 * the parse and sanitiser (src/image/svg.c: libxml2 with entities refused,
 * the allow-lists, the drawing with its use, viewports and text) and the
 * PDF writer's drawing of it (src/pdf/svgdraw.c). librsvg is not run: it
 * is not Octavo's code, and it sees only the sanitised copy. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "image/svg.h"
#include "pdf/internal.h"
#include "util/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_image_info info;
	ov_image_probe(data, size, &info);
	ov_arena arena;
	ov_arena_init(&arena);
	ov_diag diag;
	ov_diag_init(&diag);
	ov_svg *s = ov_svg_parse(&arena, data, size, &diag, (ov_pos){0, 1, 1}, "fuzz.svg", "fuzz.svg");
	if (s) {
		ov_buf out = OV_BUF_INIT;
		ov_pdf_res res = {{0}, 0, NULL, 0, NULL, 0, false};
		ov_pdf_draw_svg(&out, s, 72, 72, 300, 200, &res);
		free(res.gstates);
		ov_buf_dispose(&out);
	}
	ov_diag_dispose(&diag);
	ov_arena_dispose(&arena);
	return 0;
}
