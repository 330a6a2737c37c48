/*
 * fonts.c - the book's faces embedded in the PDF (PDF 1.7 §9.7: Type0
 * fonts over CIDFontType2, made in cidfont.c; cidfont.h says why not
 * libharu's). The characters each face draws are gathered from the
 * chapters drawn on the layout threads and from the pages still to draw;
 * every glyph drawn, and every glyph it is made of, is checked
 * (fontcheck.h); then each face is cut down to those glyphs and its
 * program and maps compressed, on as many threads as there are faces to
 * do, and its objects are added. A face nothing is set in is not embedded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cidfont.h"
#include "internal.h"
#include "util/parallel.h"

/* The faces to embed, prepared on up to one thread each (cidfont.h). */
typedef struct {
	const ov_book_fonts *f;
	uint8_t *const *used;
	ov_cidfont_data data[OV_FACE__COUNT];
	int faces[OV_FACE__COUNT];
	int count;
	ov_deflater **z; /* one per thread */
} font_work;

static void prepare_face(void *ctx, int thread, size_t k)
{
	font_work *w = ctx;
	int i = w->faces[k];
	ov_cidfont_prepare((const uint8_t *)w->f->data[i], w->f->len[i], w->f->ttf[i], w->used[i], w->z[thread],
	                   &w->data[i]);
}

/* Where face i's problems are reported: where book.yaml names its font,
 * else book.yaml itself (a document not made by the manifest). */
static ov_pos font_pos(const ov_doc *doc, int i)
{
	ov_pos pos = doc->meta.font_pos[i];
	if (!pos.file)
		pos.file = ov_diag_file(doc->diag, "book.yaml");
	return pos;
}

/* Sets in used (8192 bytes per face) the characters each face draws: a
 * face that shares its file with another draws for both; the space goes
 * between words; bit 0 says that the face draws at all. */
static void collect_all_used(const ov_pdf_writer *w, uint8_t *used[OV_FACE__COUNT])
{
	ov_pdf_collect_used(w->L, used);
	for (size_t c = 0; c < w->nch; c++)
		for (int i = 0; i < OV_FACE__COUNT; i++)
			for (size_t k = 0; k < w->chapters[c].ncps[i]; k++) {
				uint16_t cp = w->chapters[c].cps[i][k];
				used[i][cp >> 3] |= (uint8_t)(1u << (cp & 7));
			}
	const ov_meta *meta = &w->doc->meta;
	for (int i = 0; i < OV_FACE__COUNT; i++)
		for (int j = 0; j < OV_FACE__COUNT; j++)
			if (j != i && strcmp(meta->fonts[i], meta->fonts[j]) == 0)
				for (size_t k = 0; k < 8192; k++)
					used[i][k] |= used[j][k];
}

int ov_pdf_embed_fonts(ov_pdf_writer *w, HPDF_Font font[OV_FACE__COUNT])
{
	const ov_doc *doc = w->doc;
	const ov_book_fonts *f = ov_typeset_fonts(w->ts);
	uint8_t *used[OV_FACE__COUNT];
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		used[i] = ov_xcalloc(8192, 1);
		font[i] = NULL;
	}
	collect_all_used(w, used);
	font_work fw = {f, used, {{0}}, {0}, 0, NULL};
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		if (used[i][0] & 1)
			fw.faces[fw.count++] = i;
		used[i][0] &= (uint8_t)~1u;
	}
	/* every glyph drawn, and every glyph it is made of, must be sound
	 * (fontcheck.h); a face damaged only elsewhere serves, with a warning */
	int rc = 0;
	for (int k = 0; k < fw.count; k++) {
		int i = fw.faces[k];
		ov_pos pos = font_pos(doc, i);
		char why[OV_FONTCHECK_WHY];
		if (ov_fontcheck_chars(f->check[i], used[i], why, sizeof why) != 0) {
			ov_diag_error(doc->diag, pos, "font '%s' %s", doc->meta.fonts[i], why);
			rc = -1;
		} else if (ov_fontcheck_damaged(f->check[i], why, sizeof why)) {
			ov_diag_warning(doc->diag, pos, "font '%s' %s", doc->meta.fonts[i], why);
		}
	}
	if (rc != 0)
		goto done;
	int fthreads = w->nthreads < fw.count ? w->nthreads : fw.count;
	fw.z = ov_xcalloc((size_t)fthreads + 1, sizeof *fw.z);
	for (int t = 0; t < fthreads; t++)
		fw.z[t] = ov_deflater_new();
	ov_parallel_for((size_t)fw.count, fthreads, prepare_face, &fw);
	for (int t = 0; t < fthreads; t++)
		ov_deflater_free(fw.z[t]);
	free(fw.z);
	for (int k = 0; k < fw.count; k++) {
		int i = fw.faces[k];
		char tag[7] = "OCTVAA"; /* the subset prefix (§9.6.4), one per face */
		tag[5] = (char)('A' + i);
		ov_pos pos = font_pos(doc, i);
		if (!fw.data[i].ok) {
			ov_diag_error(doc->diag, pos, "font '%s' has glyph tables that cannot be embedded",
			              doc->meta.fonts[i]);
		} else {
			font[i] = ov_cidfont_add(w->pdf, &fw.data[i], f->ttf[i], used[i], tag,
			                         i == OV_FACE_ITALIC || i == OV_FACE_BOLD_ITALIC,
			                         i == OV_FACE_BOLD || i == OV_FACE_BOLD_ITALIC);
			if (!font[i])
				ov_diag_error(doc->diag, pos, "cannot embed font '%s' (libharu error 0x%04X)",
				              doc->meta.fonts[i], (unsigned)w->hs.error);
		}
		ov_cidfont_data_free(&fw.data[i]);
	}
	for (int k = 0; k < fw.count; k++)
		if (!font[fw.faces[k]])
			rc = -1;
done:
	for (int i = 0; i < OV_FACE__COUNT; i++)
		free(used[i]);
	return rc;
}
