/*
 * writer.c - the PDF writer's life, with libharu 2.3.0 (PDF 1.7, ISO
 * 32000-1). While the typesetting stage lays the book out, its sink draws
 * each chapter's pages (pages.c). Then ov_pdf_writer_finish makes the
 * document in this order, which is the order of its objects: the fonts
 * cut down to the characters drawn (fonts.c), the images (images.c), the
 * pages with their streams (pages.c), destinations, links and outline
 * (nav.c), page labels and the information dictionary (info.c); and
 * saves it into memory. The caller writes the file atomically.
 *
 * libharu's error handler only records the first error (no setjmp: a
 * longjmp would skip our cleanup); the record is checked before each step
 * and before saving.
 */
#include <pthread.h>
#include <stdlib.h>

#include "harufix.h"
#include "internal.h"

static void on_haru_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	ov_pdf_haru_state *s = user;
	if (!s->error) {
		s->error = error;
		s->detail = detail;
	}
}

/* What libharu's error codes (hpdf_error.h, named there) mean, for those a
 * build could meet; the message also gives the number. */
static const char *haru_message(HPDF_STATUS e)
{
	switch (e) {
	case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
	case HPDF_FILE_IO_ERROR: return "an input or output error";
	case HPDF_FILE_OPEN_ERROR: return "cannot open a file";
	case HPDF_INVALID_DOCUMENT: return "invalid document";
	case HPDF_INVALID_IMAGE: return "invalid image";
	case HPDF_INVALID_JPEG_DATA: return "invalid JPEG data";
	case HPDF_INVALID_OBJECT: return "invalid object";
	case HPDF_INVALID_PARAMETER: return "invalid parameter";
	case HPDF_INVALID_PNG_IMAGE: return "invalid PNG image";
	case HPDF_INVALID_STREAM: return "invalid stream";
	case HPDF_INVALID_URI: return "invalid URI";
	case HPDF_PAGE_INVALID_XOBJECT: return "invalid image on a page";
	case HPDF_REAL_OUT_OF_RANGE: return "a number out of range";
	case HPDF_STRING_OUT_OF_RANGE: return "a string too long";
	case HPDF_TTF_INVALID_CMAP: return "invalid TrueType cmap table";
	case HPDF_TTF_INVALID_FOMAT: return "invalid TrueType font";
	case HPDF_TTF_MISSING_TABLE: return "a table missing from a TrueType font";
	case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format";
	case HPDF_ZLIB_ERROR: return "zlib error";
	default: return "internal libharu error";
	}
}

ov_pdf_writer *ov_pdf_writer_new(const ov_doc *doc, ov_typeset *ts)
{
	ov_pdf_writer *w = ov_xcalloc(1, sizeof *w);
	w->doc = doc;
	w->ts = ts;
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next)
		w->nch++;
	w->chapters = ov_xcalloc(w->nch ? w->nch : 1, sizeof *w->chapters);
	w->nthreads = 1;
	/* the profiles first: without them no PDF/X file can be made, and the
	 * build says so before it lays out the book */
	w->x_ok = ov_pdfx_load(&w->x, doc->diag) == 0;
	return w;
}

void ov_pdf_writer_sink(ov_pdf_writer *w, ov_page_sink *sink)
{
	sink->begin = ov_pdf_begin_drawing;
	sink->chapter = ov_pdf_draw_chapter;
	sink->ctx = w;
}

/* Saves the document into a malloc'ed buffer; 0, or -1 when libharu
 * failed. */
static int save(ov_pdf_writer *w, unsigned char **out, size_t *out_len)
{
	HPDF_Doc pdf = w->pdf;
	if (w->hs.error || HPDF_SaveToStream(pdf) != HPDF_OK || w->hs.error)
		return -1;
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	unsigned char *buf = ov_xmalloc(size ? size : 1);
	HPDF_UINT32 got = (HPDF_UINT32)ov_haru_copy_saved(pdf, buf, size);
	if (got != size) {
		got = 0;
		HPDF_ResetStream(pdf);
	}
	while (got < size) {
		HPDF_UINT32 n = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(pdf, buf + got, &n);
		got += n;
		if (st != HPDF_OK || n == 0)
			break;
	}
	if (got != size) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = size;
	return 0;
}

int ov_pdf_writer_finish(ov_pdf_writer *w, ov_layout *L, unsigned char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	ov_pdf_end_drawing(w);
	w->L = L;
	if (!L || !w->x_ok)
		return -1;
	const ov_doc *doc = w->doc;
	w->pdf = HPDF_New(on_haru_error, &w->hs);
	if (!w->pdf)
		ov_oom();
	HPDF_Doc pdf = w->pdf;
	/* compression must be chosen before fonts and pages exist */
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	/* PDF 1.6: PDF/X-4 files are PDF 1.6 (ISO 15930-7 6.1.1), which an
	 * OpenType font program (FontFile3 /OpenType, §9.9) needs; libharu
	 * writes 1.3 unless told */
	pdf->pdf_version = HPDF_VER_16;
	if (!ov_pdfx_begin(&w->x, pdf))
		return -1;
	/* the glyphs of what the layout still holds (front matter, folios,
	 * running heads) join those the layout threads drew */
	ov_pdf_collect_used(L, &w->use, &w->spaces);
	HPDF_Font font[OV_FONTSET_MAX];
	if (ov_pdf_embed_fonts(w, font) != 0)
		return -1;
	HPDF_Image *images = ov_pdf_load_images(pdf, doc);
	for (size_t i = 0; i < doc->asset_count; i++)
		ov_pdfx_image_space(&w->x, images[i]);
	/* the whole font files are done with (libharu has the subsets): give
	 * their memory back before the pages go to libharu */
	ov_typeset_drop_fonts(w->ts);
	HPDF_Page *pages = ov_pdf_add_pages(w, font, images);
	ov_pdf_add_navigation(w, pages);
	ov_pdf_add_structure(w, pages);
	ov_pdf_add_info(pdf, doc, L);
	if (!ov_pdfx_finish(&w->x, pdf, doc) && !w->hs.error)
		w->hs.error = HPDF_INVALID_DOCUMENT;
	/* again: libharu sets 1.4 when it makes a graphics state with alpha
	 * (an SVG's transparency), even over a higher version */
	pdf->pdf_version = HPDF_VER_16;
	int rc = save(w, out, out_len);
	if (rc == 0 && !ov_pdfx_seal(*out, *out_len, ov_pdfx_ident(doc))) {
		free(*out);
		*out = NULL;
		*out_len = 0;
		w->hs.error = HPDF_INVALID_DOCUMENT;
		rc = -1;
	}
	if (rc != 0)
		ov_diag_error(doc->diag, (ov_pos){0, 0, 0}, "the PDF could not be produced: %s (libharu 0x%04X/%u)",
		              haru_message(w->hs.error), (unsigned)w->hs.error, (unsigned)w->hs.detail);
	free(pages);
	free(images);
	return rc;
}

void ov_pdf_writer_free(ov_pdf_writer *w)
{
	if (!w)
		return;
	ov_pdf_end_drawing(w);
	ov_pdf_glyph_use_dispose(&w->use);
	if (w->pdf)
		HPDF_Free(w->pdf);
	ov_pdf_free_drawn(w->chapters, w->nch);
	for (size_t p = 0; w->tags && w->L && p < w->L->page_count; p++)
		ov_pdf_page_tags_dispose(&w->tags[p]);
	free(w->tags);
	free(w->annots);
	ov_layout_free(w->L);
	ov_pdfx_dispose(&w->x);
	free(w);
}

struct ov_pdf_cleanup {
	pthread_t thread;
};

static void *free_thread(void *arg)
{
	ov_pdf_writer_free(arg);
	return NULL;
}

ov_pdf_cleanup *ov_pdf_writer_free_later(ov_pdf_writer *w)
{
	ov_pdf_cleanup *c = ov_xmalloc(sizeof *c);
	if (pthread_create(&c->thread, NULL, free_thread, w) == 0)
		return c;
	free(c);
	ov_pdf_writer_free(w);
	return NULL;
}

void ov_pdf_cleanup_wait(ov_pdf_cleanup *c)
{
	if (!c)
		return;
	pthread_join(c->thread, NULL);
	free(c);
}
