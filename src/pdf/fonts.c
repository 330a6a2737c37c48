/*
 * fonts.c - the fonts the pages draw, embedded in the PDF (PDF 1.7 §9.7:
 * Type0 fonts addressed by glyph id, made in cidfont.c; cidfont.h says why
 * not libharu's): the book's own fonts and the fallback fonts that drew a
 * character its faces lack. The glyphs each font draws are gathered from
 * the chapters drawn on the layout threads and from the pages still to
 * draw (ov_pdf_glyph_use); every glyph drawn, and every glyph it is made
 * of, is checked (fontcheck.h); then each font is cut down to those glyphs
 * (hb-subset, glyph ids kept) with a ToUnicode map from the text each
 * glyph was drawn for, on as many threads as there are fonts to do, and
 * its objects are added. A font nothing is set in is not embedded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidfont.h"
#include "internal.h"
#include "util/parallel.h"
#include "util/utf8.h"

/* A font to embed: its glyphs, with their texts. */
typedef struct {
	int font;             /* font number */
	ov_cid_glyph *glyphs; /* by glyph id */
	size_t count;
	char *texts;          /* the single characters' texts, 5 bytes per glyph */
	ov_cidfont_data data;
} font_job;

typedef struct {
	const ov_book_fonts *f;
	font_job *jobs;
	ov_deflater **z; /* one per thread */
} font_work;

static void prepare_font(void *ctx, int thread, size_t k)
{
	font_work *w = ctx;
	font_job *j = &w->jobs[k];
	ov_cidfont_prepare_glyphs(w->f->font[j->font], j->glyphs, j->count, w->z[thread], &j->data);
}

/* Where font k's problems are reported: where book.yaml names it (its
 * first face, or fonts.math), else book.yaml itself (a fallback font, the
 * default math font, or a document not made by the manifest). */
static ov_pos font_pos(const ov_doc *doc, const ov_book_fonts *f, size_t k)
{
	ov_pos pos = f->face[k] >= 0                ? doc->meta.font_pos[f->face[k]]
	             : (int)k == f->math_font ? doc->meta.math_font_pos
	                                            : (ov_pos){0, 0, 0};
	if (!pos.file)
		pos.file = ov_diag_file(doc->diag, "book.yaml");
	return pos;
}

/* The glyphs font set gs drew, by glyph id, each with the text its
 * ToUnicode entry gives (the least single character it stood for, else
 * its least longer text; none for glyph 0). */
static void list_glyphs(const ov_pdf_glyph_set *gs, font_job *j)
{
	size_t n = 0;
	for (uint32_t g = 0; g < gs->n; g++)
		if (gs->cp[g] != OV_PDF_UNUSED)
			n++;
	j->glyphs = ov_xcalloc(n ? n : 1, sizeof *j->glyphs);
	j->texts = ov_xcalloc(n ? n : 1, 5);
	for (uint32_t g = 0; g < gs->n; g++) {
		if (gs->cp[g] == OV_PDF_UNUSED)
			continue;
		ov_cid_glyph *cg = &j->glyphs[j->count];
		cg->gid = g;
		if (g == 0) {
			cg->text = NULL;
		} else if (gs->cp[g] != OV_PDF_NO_CP) {
			char *t = j->texts + 5 * j->count;
			t[ov_utf8_encode(gs->cp[g], t)] = 0;
			cg->text = t;
		} else {
			uint32_t key = g;
			void **v = ov_strmap_find(&gs->texts, (const char *)&key, sizeof key);
			cg->text = v ? *v : NULL;
		}
		j->count++;
	}
}

int ov_pdf_embed_fonts(ov_pdf_writer *w, HPDF_Font font[OV_FONTSET_MAX])
{
	const ov_doc *doc = w->doc;
	const ov_book_fonts *f = ov_typeset_fonts(w->ts);
	for (int i = 0; i < OV_FONTSET_MAX; i++)
		font[i] = NULL;
	font_job jobs[OV_FONTSET_MAX];
	size_t njobs = 0;
	memset(jobs, 0, sizeof jobs);
	for (size_t k = 0; k < f->count; k++) {
		const ov_pdf_glyph_set *gs = &w->use.font[k];
		bool drawn = false;
		for (uint32_t g = 0; gs->cp && g < gs->n && !drawn; g++)
			drawn = gs->cp[g] != OV_PDF_UNUSED;
		if (!drawn)
			continue;
		jobs[njobs].font = (int)k;
		list_glyphs(gs, &jobs[njobs]);
		njobs++;
	}
	/* every glyph drawn, and every glyph it is made of, must be sound
	 * (fontcheck.h); a font damaged only elsewhere serves, with a warning */
	int rc = 0;
	for (size_t k = 0; k < njobs; k++) {
		font_job *j = &jobs[k];
		ov_pos pos = font_pos(doc, f, (size_t)j->font);
		ov_fontcheck *chk = ov_font_check(f->font[j->font]);
		uint32_t *gids = ov_xmalloc((j->count + 1) * sizeof *gids);
		for (size_t i = 0; i < j->count; i++)
			gids[i] = j->glyphs[i].gid;
		char why[OV_FONTCHECK_WHY];
		if (j->count && gids[0] == 0 && !ov_fontcheck_glyph_ok(chk, 0)) {
			/* glyph 0 is drawn for characters no font has */
			ov_diag_error(doc->diag, pos, "font '%s' is damaged: its .notdef glyph (glyph 0), drawn for "
			                              "characters no font has, is damaged", f->path[j->font]);
			rc = -1;
		} else if (ov_fontcheck_glyphs(chk, gids, j->count, why, sizeof why) != 0) {
			ov_diag_error(doc->diag, pos, "font '%s' %s", f->path[j->font], why);
			rc = -1;
		} else if (ov_fontcheck_damaged(chk, why, sizeof why) && (f->face[j->font] >= 0 || j->font == f->math_font)) {
			ov_diag_warning(doc->diag, pos, "font '%s' %s", f->path[j->font], why);
		}
		free(gids);
	}
	if (rc != 0)
		goto done;
	int fthreads = w->nthreads < (int)njobs ? w->nthreads : (int)njobs;
	if (fthreads < 1)
		fthreads = 1;
	font_work fw = {f, jobs, ov_xcalloc((size_t)fthreads + 1, sizeof(ov_deflater *))};
	for (int t = 0; t < fthreads; t++)
		fw.z[t] = ov_deflater_new();
	ov_parallel_for(njobs, fthreads, prepare_font, &fw);
	for (int t = 0; t < fthreads; t++)
		ov_deflater_free(fw.z[t]);
	free(fw.z);
	for (size_t k = 0; k < njobs; k++) {
		font_job *j = &jobs[k];
		ov_pos pos = font_pos(doc, f, (size_t)j->font);
		const ov_font_info *in = ov_font_info_of(f->font[j->font]);
		char tag[7];
		ov_cidfont_tag(f->font[j->font], j->glyphs, j->count, tag);
		int face = f->face[j->font];
		if (!j->data.ok) {
			ov_diag_error(doc->diag, pos, "font '%s' has glyph tables that cannot be embedded", f->path[j->font]);
		} else {
			bool italic = face == OV_FACE_ITALIC || face == OV_FACE_BOLD_ITALIC || in->italic_angle != 0;
			bool bold = face == OV_FACE_BOLD || face == OV_FACE_BOLD_ITALIC;
			font[j->font] = ov_cidfont_add_glyphs(w->pdf, &j->data, f->font[j->font], j->glyphs, j->count, tag,
			                                      italic, bold);
			if (!font[j->font])
				ov_diag_error(doc->diag, pos, "cannot embed font '%s' (libharu error 0x%04X)", f->path[j->font],
				              (unsigned)w->hs.error);
		}
		ov_cidfont_data_free(&j->data);
	}
	for (size_t k = 0; k < njobs; k++)
		if (!font[jobs[k].font])
			rc = -1;
done:
	for (size_t k = 0; k < njobs; k++) {
		free(jobs[k].glyphs);
		free(jobs[k].texts);
	}
	return rc;
}
