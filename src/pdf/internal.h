/*
 * internal.h - what the files of the PDF writer share; not used outside
 * src/pdf/.
 *
 *   writer.c   the writer's life: made before the layout, its sink handed
 *              to the typesetting stage; finish makes the document in the
 *              order below and saves it into memory; freed now or on a
 *              thread of its own
 *   pages.c    the sink: each chapter's pages drawn and compressed on the
 *              layout thread that laid them out; then the pages handed to
 *              libharu with their streams and resources (folio and
 *              running head drawn there)
 *   content.c  page content streams: text as TJ runs, rules, images,
 *              /ActualText spans; no libharu, safe on any thread
 *   fonts.c    the characters each face draws, their glyphs checked, the
 *              faces cut down and embedded (the objects: cidfont.c)
 *   images.c   PNG and JPEG images as image XObjects
 *   svgdraw.c  an SVG image's vector drawing as path operators
 *   nav.c      destinations, link annotations and the outline
 *   info.c     page labels and the document information dictionary
 *   tags.c     the tagged PDF's structure tree, ParentTree and catalog keys
 *   cidfont.c, flate.c, harufix.c: see their headers
 *
 * The order of the libharu calls is the order of the objects in the file:
 * fonts, images, pages, destinations, links, outline, structure, labels,
 * info. Code
 * moved between these files keeps it, so that the object numbers, and with
 * them the bytes, stay as they were.
 */
#ifndef OV_PDF_INTERNAL_H
#define OV_PDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "flate.h"
#include "pdf.h"
#include "pdfx.h"
#include "util/buf.h"
#include "util/strmap.h"

/* The resources a content stream uses: faces and images in order of first
 * use. Their names are /F1 /F2 ... and /X1 /X2 ... in that order, which
 * is the order libharu names them in when they are registered on the page
 * in the same order (HPDF_Page_GetLocalFontName and
 * HPDF_Page_GetXObjectName number them by their count), so a page can be
 * drawn on any thread, before libharu has the page or even the fonts. */
typedef struct {
	uint8_t fonts[OV_FONTSET_MAX]; /* font numbers (ov_book_fonts) of /F1, /F2, ... */
	int nfonts;
	size_t *images;                /* asset indexes of /X1, /X2, ... (malloc'ed) */
	size_t nimages;
	uint16_t *gstates;             /* the alpha pairs (fill << 8 | stroke, 255ths) of the
	                                  graphics states /E1, /E2, ... (malloc'ed) */
	size_t ngstates;
	bool rgb;                      /* the page draws in the sRGB space /sRGB (ov_pdf_put_color) */
} ov_pdf_res;

/* ---- tags (tags.c): the tagged PDF's marked content (PDF 1.7 §14.6-14.8) ---- */

/* The structure element a marked-content sequence belongs to: (node,
 * role) as the layout's OV_BOX_STRUCT gave them, serial telling apart
 * the elements without a node (each title page line its own). */
typedef struct {
	const ov_node *node;
	uint32_t serial;
	ov_struct_role role;
} ov_pdf_tag;

/* A link box drawn: the element it belongs in, how many sequences the
 * page had opened before it (its place among them), the text under it
 * (the annotation's /Contents; malloc'ed) and, once nav.c made it, the
 * annotation's index in the writer's annots (-1: none). */
typedef struct {
	ov_pdf_tag owner;
	uint32_t after;
	char *text;
	int annot;
} ov_pdf_link_tag;

/* A page's marked content: the owner of each MCID (index), and its links
 * in the order drawn (the chapter's stream's first: nfirst of them). */
typedef struct {
	ov_pdf_tag *mc;
	size_t nmc, capmc;
	ov_pdf_link_tag *links;
	size_t nlinks, caplinks, nfirst;
} ov_pdf_page_tags;

/* The elements open where a stream starts: carried from page to page of
 * a chapter, so that a paragraph goes on on the next page. */
#define OV_PDF_TAG_DEPTH 64
typedef struct {
	ov_pdf_tag stack[OV_PDF_TAG_DEPTH];
	int depth;         /* may exceed OV_PDF_TAG_DEPTH: the deeper ones are the deepest kept */
	uint32_t serial;   /* elements without a node opened so far */
} ov_pdf_tag_state;

/* An annotation made for a link (nav.c), for its Link element's OBJR. */
typedef struct {
	unsigned long obj;  /* its object number */
	size_t page;
	int key;            /* its /StructParent */
} ov_pdf_annot;

void ov_pdf_page_tags_dispose(ov_pdf_page_tags *t);

/* The structure type (PDF 1.7 §14.8.4) of tag's element: "P", "H2",
 * "TD"...; NULL for artifacts. */
const char *ov_pdf_tag_type(const ov_pdf_tag *t);

/* Writes the structure tree (StructTreeRoot, the elements, ParentTree)
 * from w->tags and w->annots, the document's /Lang, /MarkInfo and
 * /ViewerPreferences, and each page's /StructParents and /Tabs. */
void ov_pdf_add_structure(ov_pdf_writer *w, HPDF_Page *pages);

/* A page drawn while its chapter was laid out. */
typedef struct {
	unsigned char *z; /* compressed content stream; NULL once libharu has it */
	size_t zlen;
	ov_pdf_res res;
	ov_box *links;    /* the page's link boxes, kept for the annotations */
	size_t nlinks;
	ov_pdf_page_tags tags; /* its marked content, moved to the writer's tags with the stream */
} ov_pdf_drawn_page;


typedef struct {
	ov_pdf_drawn_page *pages;       /* the chapter's pages, as the layout gave them */
	size_t count;
} ov_pdf_drawn_chapter;

/* The glyphs of one font drawn, and the text each stands for, which its
 * ToUnicode map gives back (fonts.c): the least single character it was
 * drawn for, else the least longer text (a ligature's letters). */
#define OV_PDF_UNUSED 0xFFFFFFFFu /* cp[gid]: not drawn */
#define OV_PDF_NO_CP 0xFFFFFFFEu  /* cp[gid]: drawn, not for one character alone */
typedef struct {
	uint32_t *cp;     /* per glyph id: a code point, OV_PDF_NO_CP or OV_PDF_UNUSED; NULL: no font */
	uint32_t n;       /* the font's glyphs */
	ov_strmap texts;  /* glyph id (4 bytes) -> its least text of several characters (malloc'ed) */
} ov_pdf_glyph_set;

/* Glyphs drawn, per font number; one per layout thread, merged at the
 * end (the least text wins, whatever the order). */
typedef struct {
	ov_pdf_glyph_set font[OV_FONTSET_MAX]; /* made when the font first draws */
	const ov_fontset *set;                 /* the fonts (their glyph counts) */
} ov_pdf_glyph_use;

/* Sets use up for the fonts of f / frees it. */
void ov_pdf_glyph_use_init(ov_pdf_glyph_use *use, const ov_book_fonts *f);
void ov_pdf_glyph_use_dispose(ov_pdf_glyph_use *use);
/* Keeps in texts under key the least of its text and s[0..n): the
 * shorter, else the first in byte order (so that the result does not
 * depend on the order texts come in). */
void ov_pdf_keep_least_text(ov_strmap *texts, const char *key, size_t klen, const char *s, size_t n);
/* Makes gs hold n glyphs, none drawn. */
void ov_pdf_glyph_set_make(ov_pdf_glyph_set *gs, uint32_t n);
/* Merges from into to (both for the same fonts). */
void ov_pdf_glyph_use_merge(ov_pdf_glyph_use *to, const ov_pdf_glyph_use *from);

/* A set of the glyph runs (with their text) a thread has recorded in its
 * ov_pdf_glyph_use already (content.c). */
typedef struct ov_pdf_seen ov_pdf_seen;
ov_pdf_seen *ov_pdf_seen_new(void);
void ov_pdf_seen_free(ov_pdf_seen *s);
/* Adds the pair; false when it was there already. */
bool ov_pdf_seen_add(ov_pdf_seen *s, const void *glyphs, const void *text);

/* The space glyph of each face: the word gap drawn as a real space. */
typedef struct {
	int font[OV_FACE__COUNT];
	uint32_t gid[OV_FACE__COUNT];
	int advance[OV_FACE__COUNT]; /* 1/1000 em */
} ov_pdf_spaces;

/* What each layout thread draws with. */
typedef struct {
	ov_deflater *z;
	ov_pdf_glyph_use use;          /* the glyphs it drew, kept until the fonts are made */
	ov_pdf_seen *seen;             /* the runs recorded in use */
	ov_buf buf;                    /* the page's content stream */
} ov_pdf_drawer;

/* libharu's error handler records the first error only (no setjmp: a
 * longjmp would skip our cleanup); it is checked before each step. */
typedef struct {
	HPDF_STATUS error, detail;
} ov_pdf_haru_state;

struct ov_pdf_writer {
	const ov_doc *doc;
	ov_typeset *ts;                 /* the fonts (ov_typeset_fonts), dropped once embedded */
	size_t nch;                     /* chapters in the book */
	ov_pdf_drawn_chapter *chapters; /* nch, filled by the layout threads */
	ov_pdf_drawer *threads;         /* one per layout thread, from begin to finish */
	int nthreads;
	ov_pdf_spaces spaces;           /* from the fonts, at begin */
	ov_pdf_glyph_use use;           /* all glyphs drawn, merged at finish */
	/* made by ov_pdf_writer_finish, freed with the writer */
	ov_layout *L;
	HPDF_Doc pdf;
	ov_pdf_haru_state hs;           /* libharu's error handler's */
	ov_pdfx x;                      /* the ICC profiles, loaded by ov_pdf_writer_new */
	bool x_ok;                      /* they were */
	ov_pdf_page_tags *tags;         /* per page of L (ov_pdf_add_pages) */
	ov_pdf_annot *annots;           /* the link annotations made (nav.c) */
	size_t nannots, capannots;
};

/* ---- content.c ---- */

/* Draws page lp into o (PDF 1.7 §8, §9): rules and images first, text
 * over them, all inside q ... Q so that a further stream on the page starts
 * from the default state. H is the page height (pt; the layout's y grows
 * downwards), spaces the faces' space glyphs. Fonts and images go into res
 * (which may already hold those of an earlier stream of the page), the
 * glyphs drawn into use (NULL: not recorded; they were), once per run
 * not in seen (NULL: every box's).
 * Pure: no libharu, safe on any thread. */
void ov_pdf_draw_page(const ov_doc *doc, const ov_lpage *lp, double H, const ov_pdf_spaces *spaces,
                      ov_pdf_res *res, ov_pdf_glyph_use *use, ov_pdf_seen *seen, ov_buf *o);

/* The same, tagged (PDF 1.7 §14.6, §14.8.2.2): what the OV_BOX_STRUCT
 * pairs enclose in marked-content sequences with MCIDs, recorded in pt
 * (its MCIDs go on from pt->nmc), everything else as /Artifact; st holds
 * the elements open where the page starts, and where it ends after. */
void ov_pdf_draw_page_tagged(const ov_doc *doc, const ov_lpage *lp, double H, const ov_pdf_spaces *spaces,
                             ov_pdf_res *res, ov_pdf_glyph_use *use, ov_pdf_seen *seen, ov_buf *o,
                             ov_pdf_tag_state *st, ov_pdf_page_tags *pt);

/* Records into use the glyphs of the text boxes L still holds, and the
 * faces' spaces. */
void ov_pdf_collect_used(const ov_layout *L, ov_pdf_glyph_use *use, const ov_pdf_spaces *spaces);

/* The space glyph of each face of f. */
void ov_pdf_spaces_of(const ov_book_fonts *f, ov_pdf_spaces *out);

/* The name of the sRGB colour space in a page's resources (pdfx.h):
 * not "RGB", which is an inline image's abbreviation for DeviceRGB (ISO
 * 32000-1, 8.9.7 "Inline images") and which Ghostscript reports as "used inline
 * colour space inappropriately". */
#define OV_PDF_RGB_SPACE "sRGB"

/* Sets the fill colour (stroke: the stroking colour) to c, an sRGB
 * colour (theme.h), in a colour space PDF/X-4 allows with a CMYK output
 * intent (ISO 15930-7 6.2.4): a gray as DeviceGray ("g"/"G"), which
 * prints as black ink alone, anything else in the page's ICCBased sRGB
 * space ("/sRGB cs r g b sc"), which res records. Every colour a page
 * draws goes through here. */
void ov_pdf_put_color(ov_buf *o, ov_pdf_res *res, ov_color c, bool stroke);

/* A non-negative integer in decimal, without printf (content streams and
 * structure elements write them by the hundred thousand). */
void ov_pdf_put_uint(ov_buf *b, unsigned long v);

/* s[0..len) (UTF-8) as a PDF text string (§7.9.2.2): <FEFF...>, UTF-16BE
 * in hexadecimal. */
void ov_pdf_put_text_string(ov_buf *b, const char *s, size_t len);

/* x in PDF number syntax (§7.3.3), rounded to decimals (1 or 2) places,
 * without trailing zeros, as the content streams write numbers. */
void ov_pdf_put_real(ov_buf *b, double x, int decimals);

/* ---- pages.c ---- */

/* The sink's begin (ctx is the writer): a drawer for each layout thread. */
void ov_pdf_begin_drawing(void *ctx, int nthreads);
/* Frees the drawers, once the layout is done. */
void ov_pdf_end_drawing(ov_pdf_writer *w);

/* The layout's chapter callback (ov_chapter_fn; ctx is the writer): draws
 * and compresses the chapter's pages on the thread that laid them out,
 * keeps their links, and frees their boxes, so that the book is never
 * held in memory as boxes whole. */
void ov_pdf_draw_chapter(void *ctx, int thread, size_t chapter, ov_lpage *pages, size_t count);

/* Adds w->L's pages to w->pdf, each with the stream drawn with its chapter
 * and one for what was added since (folio, running head), or drawn here;
 * font and images are the resources by font number and by asset index. Returns
 * the pages, L->page_count of them (NULL from where libharu failed);
 * caller frees. */
HPDF_Page *ov_pdf_add_pages(ov_pdf_writer *w, HPDF_Font *font, HPDF_Image *images);

void ov_pdf_free_drawn(ov_pdf_drawn_chapter *chapters, size_t n);

/* ---- fonts.c ---- */

/* Embeds every font the pages draw (w->use, complete by then), cut down
 * to the glyphs they draw, into font[] by font number (NULL for the
 * others), on up to w->nthreads threads. Returns 0; or -1 when a glyph
 * drawn is damaged or a font cannot be embedded (reported where book.yaml
 * names the font). */
int ov_pdf_embed_fonts(ov_pdf_writer *w, HPDF_Font font[OV_FONTSET_MAX]);

/* ---- images.c ---- */

/* Loads every sound asset of doc as an image XObject, once each: an array
 * by asset index (NULL where an image failed, reported), caller frees. */
HPDF_Image *ov_pdf_load_images(HPDF_Doc pdf, const ov_doc *doc);

/* ---- nav.c ---- */

/* Destinations for every anchor of L, link annotations for every link box
 * (those kept with drawn pages too) and the outline, which is shown when
 * the file opens. pages are L's pages. */
void ov_pdf_add_navigation(ov_pdf_writer *w, HPDF_Page *pages);

/* ---- info.c ---- */

/* What the information dictionary and the XMP metadata say made the file. */
#define OV_PDF_CREATOR "Octavo"
#define OV_PDF_PRODUCER "Octavo with libharu " HPDF_VERSION_TEXT

/* Page labels that match the printed numbers, and the document
 * information dictionary (title, authors, dates from doc->build_time). */
void ov_pdf_add_info(HPDF_Doc pdf, const ov_doc *doc, const ov_layout *L);

/* s, or a copy of its first bytes in *copy (caller frees) cut on a
 * character boundary and ended with an ellipsis, at most max bytes in
 * all: libharu refuses a string over 65,535 bytes, and with it the whole
 * PDF, and no outline entry or document title needs that much. */
const char *ov_pdf_clipped(const char *s, size_t max, char **copy);

/* Draws SVG drawing s (its shapes; the layout sets its text) scaled into
 * the box w x h whose lower-left corner is x, y on the page (svgdraw.c);
 * the graphics states of its transparency are added to res. */
void ov_pdf_draw_svg(ov_buf *o, const ov_svg *s, double x, double y, double w, double h, ov_pdf_res *res);

#endif
