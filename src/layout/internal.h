/*
 * internal.h - what the files of the layout stage share; not used outside
 * src/layout/. The public interface is layout.h.
 *
 * Inline content becomes a list of pieces (runs of one style between break
 * opportunities); lines are broken (total-fit for justified text, greedily
 * for ragged text) and justified by spreading the slack over the
 * inter-word spaces and letters; blocks are stacked down the page with a
 * page break whenever the next line, row or figure would not fit. Body
 * pages are laid out first, then the front matter (title, copyright,
 * contents), whose page numbers are roman, so the contents can show the
 * final body page numbers in one pass.
 *
 * The files, each doing one job (the sections below follow them):
 *
 *   book.c      the driver: chapters laid out apart on threads and joined
 *               in order, then the front matter and the links
 *               (ov_layout_book*, ov_layout_free)
 *   flow.c      blocks down the page: a chapter's opening, paragraphs,
 *               headings kept with what follows them, lists, block quotes
 *   inline.c    pieces from inline nodes (styles, links, note references)
 *   measure.c   widths of text and pieces, the measuring cache, characters
 *               missing from the fonts
 *   display.c   ragged by design: balanced titles and headings, hanging
 *               paragraphs (glossaries, references)
 *   breaking.c  pieces into lines: last-resort splits of wide words,
 *               hyphenation points, greedy and total-fit breaking (the
 *               total-fit algorithm itself is linebreak.c)
 *   lines.c     lines onto pages: a line's boxes, widows and orphans,
 *               room for the notes a line cites
 *   notes.c     footnotes at the foot of the page that cites them
 *   table.c     tables: column widths, rows, repeated header rows
 *   code.c      code blocks: wrapped lines, breaks between lines
 *   figure.c    figures: the image's printed size, the caption, the
 *               float queue (a figure that does not fit opens the next page)
 *   front.c     front matter: title page, copyright page, contents
 *   folios.c    folios and running heads
 *   pages.c     the page vector, boxes, page breaks, tints and bars
 *               across pages
 *   depth.c     page depth: a short page's room spread over its gaps
 *               (vertical justification), what the report's page
 *               section reads
 *   anchors.c   anchors (link and outline targets) and their lookup
 *   report.c    the layout report and the text dump of the pages
 *
 * Functions shared between the files are named lay_*; everything else is
 * static in its file.
 */
#ifndef OV_LAYOUT_INTERNAL_H
#define OV_LAYOUT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "linebreak.h"
#include "math.h"
#include "util/strmap.h"

/* ---- the context ---- */

/* Pages in the making: the body's, the front matter's or a chapter's. */
typedef struct {
	ov_lpage *pages;
	size_t count, cap;
} page_vec;

/* A footnote broken into lines (notes.c). */
typedef struct note note;

/* A run of a note's lines set at the foot of the current page. */
typedef struct {
	note *n;
	size_t first, count; /* lines [first, first + count) of the note */
} note_run;

/* A stretchable gap set on a page (lay_vspace): page depth (depth.c)
 * spreads a short page's remaining space over its gaps. */
typedef struct {
	size_t page;         /* index of its page among the pages being written */
	double y, h;         /* where it starts and its height, pt */
	double extra;        /* what vertical justification added to it, pt */
} lay_gap;

/* A figure waiting for the top of the next page (figure.c). */
typedef struct {
	const ov_node *fig;
	double indent_l, indent_r; /* the measure it was cited in */
} lay_float;

/* The layout context: where the layout is on which page, in what style,
 * and what it has set aside (notes, missing characters, measured words).
 * One per thread (book.c); a chapter is laid out with one context. */
typedef struct {
	const ov_doc *doc;
	ov_arena *arena;       /* strings and measured words (outlives the context) */
	ov_diag *diag;         /* where problems go */
	const ov_metrics *m;
	const ov_hyphenator *hyph; /* NULL: no hyphenation */
	ov_layout *L;
	const ov_page_setup *ps;
	const ov_theme *th;    /* the typography (doc->meta.theme) */
	page_vec *pv;          /* pages being written (body or front) */
	bool front;            /* writing front matter */
	ov_lpage *page;        /* current page, NULL before the first */
	int number;            /* number of the current page */
	double y;              /* top of the free space on the page */
	double indent_l, indent_r; /* from the measure's edges */
	double size, leading;  /* current text size and line distance */
	const ov_node *chapter;
	/* a list marker waiting for the first line of its item */
	const char *marker;
	const ov_node *marker_item; /* the ITEM whose marker it is (its Lbl element) */
	ov_face marker_face;
	int marker_task;       /* 0 none, 1 open box, 2 checked box */
	/* per page: LAY_NO_FOLIO, LAY_NO_HEAD (chapter openers, title pages) */
	uint8_t *no_folio;
	size_t no_folio_cap;
	ov_layout_stats *stats;  /* of the chapter being laid out, NULL otherwise */
	/* footnotes (PDF only): set at the foot of the page that cites them */
	note_run *notes;         /* runs on the current page, in citation order */
	size_t note_count, note_cap;
	note_run *queue;         /* notes (or their ends) waiting for the next page */
	size_t queue_count, queue_cap;
	bool in_notes;           /* setting the notes themselves */
	double note_h;           /* height the notes take at the page's foot */
	note **prepared;         /* every note of the chapter, freed at its end */
	size_t prepared_count, prepared_cap;
	ov_strmap prepared_of;   /* the address of a note's definition -> its note */
	bool heading_pending;    /* a heading waits for the first line after it */
	double keep_last;        /* room a paragraph's last line keeps below it on its page (the
	                          * display formula that follows it: formula.c), pt */
	const ov_node *display_node; /* the display formula laid out last (formula.c) */
	const ov_mlayout *display_layout;
	bool plain_spans;        /* a formula's /ActualText is its Unicode reading (ov_math_plain),
	                          * not its TeX: on the contents page and in running heads */
	/* ragged by design (display.c): set by the caller around
	 * lay_set_pieces for display type and hanging paragraphs */
	bool balance;            /* ragged lines broken into even widths (titles, headings) */
	double hang;             /* > 0: lines after a paragraph's first indented this far, pt,
	                          * set flush left, not hyphenated (glossaries, references) */
	bool notes_set;          /* the last lay_finish_notes set notes at the foot of the page
	                          * (a sub-chapter then starts a new page: summary part) */
	/* characters already reported as missing (cp << 3), and the
	 * index in diag of the warning that reported each */
	uint32_t *missing;
	size_t *missing_rec;
	size_t missing_count, missing_cap;
	ov_strmap missing_set;   /* the keys of missing, as 4 bytes each */
	/* anchors whose page index refers to the front vector */
	bool *anchor_front;
	/* measured words per face (lay_measure_piece): word -> measured */
	ov_strmap measured[OV_FACE__COUNT];
	ov_glyph_run scratch;    /* shaping's output before it is kept */
	/* page depth (depth.c): the gaps of this chapter's pages, the last
	 * line's baseline on the current page (0: none yet), why the current
	 * page will end, and whether the chapter's text has ended */
	lay_gap *gaps;
	size_t gap_count, gap_cap;
	double line_base;
	int end_kind;
	bool text_ended;
	/* floats (figure.c): figures waiting, in order, for the top of the
	 * next page; placing_floats while they are set there */
	lay_float *floats;
	size_t float_count, float_cap;
	bool placing_floats;
	const ov_node *floated;  /* the figure that floated last (the paragraph after it
	                          * goes on as if it followed the one before) */
	const ov_node *mark_chapter; /* a line without a source node begins its page at
	                              * this chapter's start (a sub-chapter's title) */
	const ov_node *code_of;  /* the display formula whose source lay_code_numbered sets
	                          * from a copy of its node (its pages begin at the formula) */
} lay;

/* Geometry of the current page, pt. */
static inline ov_lpage *lay_page_at(lay *c, size_t i) { return &c->pv->pages[i]; }

static inline size_t lay_page_index(lay *c) { return (size_t)(c->page - c->pv->pages); }

static inline double lay_text_top(const lay *c) { return c->ps->top; }
/* The text ends above the footnotes of the page. */
static inline double lay_text_bottom(const lay *c) { return c->ps->height - c->ps->bottom - c->note_h; }
static inline double lay_measure(const lay *c) { return c->ps->width - c->ps->inner - c->ps->outer; }

/* x of the left edge of the text block on the current page */
static inline double lay_block_left(const lay *c)
{
	if (!c->ps->two_sided)
		return (c->ps->inner + c->ps->outer) / 2;
	return c->page && !c->page->recto ? c->ps->outer : c->ps->inner;
}

static inline double lay_line_left(const lay *c) { return lay_block_left(c) + c->indent_l; }
static inline double lay_line_width(const lay *c) { return lay_measure(c) - c->indent_l - c->indent_r; }

/* ---- pieces and lines ---- */

/* A piece: a measured run of text of one style, between break
 * opportunities (inline.c), the unit lines are made of. */
typedef struct {
	/* the small fields first, together (the struct is copied often) */
	ov_face face;
	ov_color color;
	bool can_break;      /* a line may start at this piece */
	bool hard_break;     /* a line must start at this piece */
	bool strike;
	bool hyphen_before;  /* a hyphenation point: breaking here adds a hyphen */
	bool after_dash;     /* follows an explicit hyphen inside a word */
	bool cap_word;       /* with hyphen_before: the word starts with a capital */
	bool no_hyphenate;   /* code, URLs: never hyphenated */
	bool math_first, math_last; /* the first, the last stretch of its formula (formula.c) */
	double size;
	double rise;         /* baseline shift up (superscripts) */
	const char *text;
	size_t len;
	double width;
	double space;        /* width of the space before this piece (0 if none) */
	const char *uri;     /* external link */
	const ov_node *target_chapter; /* internal link */
	const char *target_id;
	const char *anchor;  /* anchor id to place at this piece's line */
	double hyphen_w;     /* with hyphen_before: width of that hyphen, pt */
	ov_pos pos;          /* source position of the piece's first byte */
	size_t chars;        /* glyphs letter spacing goes after (ov_glyph_tracks), plus one */
	const ov_glyph *glyphs; /* the shaped text (layout arena), or NULL: shaped when set */
	size_t glyph_count;
	const ov_node *note; /* a footnote reference: the definition */
	const char *stored;  /* text[0..len) as measured, kept once per distinct word (layout arena) */
	/* an image inside the text (inline.c), width wide and as high as its
	 * proportions make it (lay_inline_image_h); text is "" and len 0, so
	 * it is never measured, shaped, split nor hyphenated */
	const ov_asset *image;
	/* a stretch of an inline formula (formula.c): text is "" and len 0
	 * like an image's; math_node the formula; penalty the cost of a line
	 * break before it (TeX's \relpenalty, \binoppenalty: the break drops
	 * its space), 0 for an ordinary break */
	const ov_mchunk *math;
	const ov_node *math_node;
	int penalty;
	/* where the piece comes from, for the page list (ov_lpage.start): the
	 * inline node and the byte of its text the piece's word begins at
	 * (the parts of a split word keep the word's start); NULL for
	 * generated text */
	const ov_node *node;
	uint32_t off;
} piece;

typedef struct {
	piece *v;
	size_t count, cap;
	bool images; /* a piece is an image or a formula (lines then look for their height) */
} piece_vec;

/* The inline style in effect while pieces are made (inline.c). */
typedef struct {
	bool bold, italic, mono, strike;
	const char *uri;
	const ov_node *target_chapter;
	const char *target_id;
	bool url_like; /* break after / . - _ inside */
	bool script;   /* in a superscript or subscript: smaller */
	double rise;   /* baseline shift up, in ems of the text (negative: down) */
} istyle;

/* Makes pieces from text into pv (lay_add_text_pieces). */
typedef struct {
	lay *c;
	piece_vec *pv;
	double size;
	bool pending_space; /* whitespace seen since the last piece */
	bool pending_hard;
	const char *pending_anchor; /* an anchor (HTML <a id>) for the next piece */
	bool pending_tie;   /* the whitespace pending is all U+00A0 (a tie): no break there */
	const ov_node *node; /* the inline node the pieces come from (piece.node) */
} builder;

/* A line: a range of pieces chosen by a breaker (breaking.c). */
typedef struct {
	size_t first, end;  /* pieces [first, end) */
	double natural;     /* width without stretch, with the hyphen if any */
	int gaps;           /* spaces that can stretch */
	bool last;          /* last line of the paragraph or ends at a hard break */
	bool hyphen;        /* ends at a hyphenation point: a hyphen is drawn */
	double ratio;       /* adjustment ratio chosen by the total-fit breaker */
	bool overfull;      /* the breaker found no way to fit the line */
	bool ragged;        /* could not be justified within the tolerance: set flush left (no
	                       longer made: such a line is set loose, the report's "loose") */
} line;

typedef struct {
	line *v;
	size_t count, cap;
} line_vec;

/* Where a line's baseline sits in its line box, as a fraction of the
 * line's height from its top: the share of a line above the baseline in
 * the bundled faces (ascent against descent and half the gap). Headings
 * and titles, whose line boxes are tighter, sit a little lower. */
#define LAY_BASELINE 0.78
#define LAY_BASELINE_DEPTH 0.22 /* 1 - LAY_BASELINE, as a line's bottom part */
#define LAY_HEADING_BASELINE 0.8

/* An image inside a line of text is this many ems high: the EPUB's
 * "img.inline { height: 1.2em }" (epub/style.c), so that both books show
 * badges and icons at the same size. */
#define LAY_INLINE_IMAGE 1.2

/* The drawn height of image piece p: its width at the image's
 * proportions (lay_inline_image_size keeps them). */
static inline double lay_inline_image_h(const piece *p)
{
	const ov_asset *a = p->image;
	return a->svg ? p->width * a->svg->height / a->svg->width
	              : p->width * (double)a->info.height / (double)a->info.width;
}

/* How far the bottom of image piece p (of height h) is below the
 * baseline: its face's descent, as a glyph with a descender, but no lower
 * than the bottom of a line box of the current leading (so that an image
 * no taller than the leading fits its line and the lines keep their
 * distance), and at most half its height. */
static inline double lay_inline_image_depth(const lay *c, const piece *p, double h)
{
	double d = -c->m->descent[p->face] * p->size / 1000.0;
	double box = c->leading * LAY_BASELINE_DEPTH;
	if (d > box)
		d = box;
	return d < h / 2 ? d : h / 2;
}

/* A list marker ends this far before its item's text, pt; a number column
 * is a point wider. */
#define LAY_MARKER_GAP 5

/* Glyph expansion, as pdfTeX's font expansion that microtype sets up
 * (Hàn Thế Thành, "Micro-typographic extensions to the TeX typesetting
 * system", 2000): the glyphs of a justified line are scaled horizontally
 * by at most LAY_EXPAND_MAX either way, in steps of LAY_EXPAND_STEP (one
 * scale per line, so that equal lines come out equal), instead of
 * letter-spacing, which greys lowercase text (the letter-spacing of
 * justified lines is gone: the report's letter-sp counts none). A line's
 * slack goes to its spaces and its glyphs at one adjustment ratio, as in
 * pdfTeX: the glyphs reach their limit at ratio LAY_EXPAND_AT, the spaces
 * take what is left beyond; shrinking, they reach it at ratio -1 with the
 * spaces. Spaces alone would carry three times the contrast between
 * lines; glyphs alone would show (2% is where a reader starts to see it,
 * microtype's default). */
#define LAY_EXPAND_MAX 0.02
#define LAY_EXPAND_STEP 0.005
#define LAY_EXPAND_STEPS 4 /* LAY_EXPAND_MAX / LAY_EXPAND_STEP */
/* The breaker's tolerance (an adjustment ratio, linebreak.h), which the
 * expansion's stretch is measured against. */
#define LAY_TOLERANCE 1.3
/* The ratio at which glyph expansion reaches its limit: 1, which gives
 * fewer loose lines and less contrast than the tolerance (handbook 6x9in:
 * 68 loose lines against 74, 202 contrasting pairs against 223). */
#define LAY_EXPAND_AT 1.0

/* The width of a piece that glyph expansion scales: text, not monospace
 * (code keeps its columns), images, formulas, nor raised or lowered marks. */
static inline double lay_expand_width(const piece *p)
{
	if (p->face == OV_FACE_MONO || p->rise != 0 || !p->len || p->math || p->image)
		return 0;
	return p->width;
}

/* How line l of pv is set across width (lines.c): *extra, pt, is added
 * to each of its spaces, and its expandable glyphs are scaled by
 * 1 + *steps * LAY_EXPAND_STEP (*steps within +-LAY_EXPAND_STEPS). A
 * justified line (justify, not the last) fills the width; the last line
 * keeps an em free at its end, and any line wider than width shrinks.
 * Returns false when the line is set as it is (*extra 0, *steps 0). */
bool lay_line_adjust(const piece_vec *pv, const line *l, double width, bool justify, double *extra, int *steps);

/* A paragraph's last line narrower than this many ems (its final glue not
 * counted) is a runt (a short word alone on the last line), which the
 * breaker avoids when it can and the report counts. */
#define LAY_RUNT_EM 2.5


/* ---- pages.c: the page vector, boxes, page breaks ---- */

enum { LAY_NO_FOLIO = 1, LAY_NO_HEAD = 2 };

/* A new box of kind on the current page (zeroed, no destination). */
ov_box *lay_add_box(lay *c, ov_box_kind kind);
/* A filled rectangle, x and y its top-left corner. */
void lay_add_rule(lay *c, double x, double y, double w, double h, ov_color color);
/* Opens (lay_struct) and closes (lay_struct_end) the structure element of
 * (node, role) around what is drawn between them (OV_BOX_STRUCT, for the
 * tagged PDF); nothing before the first page. */
void lay_struct(lay *c, const ov_node *node, ov_struct_role role);
void lay_struct_end(lay *c);
/* A text box of s[0..len) shaped as glyphs[0..count) (arena), s copied
 * into the arena unless stored already holds it. */
ov_box *lay_add_glyphs(lay *c, double x, double y, ov_face face, double size, const char *s, size_t len,
                       const char *stored, const ov_glyph *glyphs, size_t count, double width, ov_color color);
/* A text box, shaped here; s copied into the arena unless stored already
 * holds it. */
void lay_add_text_stored(lay *c, double x, double y, ov_face face, double size, const char *s,
                         size_t len, const char *stored, double width, ov_color color);
/* A text box of a copy of s[0..len). */
void lay_add_text(lay *c, double x, double y, ov_face face, double size, const char *s,
                  size_t len, double width, ov_color color);
/* Adds flags (LAY_NO_FOLIO, LAY_NO_HEAD) to page i of the pages being
 * written; lay_set_no_folio adds both. */
void lay_set_page_flags(lay *c, size_t i, uint8_t flags);
void lay_set_no_folio(lay *c, size_t i);
/* Appends a copy of page p to pv. */
void lay_push_page(page_vec *pv, const ov_lpage *p);
/* Ends the current page (its notes) and starts the next one. */
void lay_new_page(lay *c);
/* Records where the current page's body text begins (ov_lpage.start),
 * unless something began it already: node (NULL: the chapter's start)
 * and byte off of its text. Not for front matter, notes or floats. */
void lay_mark_start(lay *c, const ov_node *node, size_t off);
/* n in lower-case roman numerals (the front matter's folios) into
 * out[0..size), folios.c. */
void lay_roman(int n, char *out, size_t size);
/* Makes sure h points fit below the current position, or starts a page;
 * lay_need_as says why the page ended when it does (OV_PAGE_END_*:
 * lay_need's page ends FULL). */
void lay_need(lay *c, double h);
void lay_need_as(lay *c, double h, int why);
/* Vertical space of h points, none at the top of a page. */
void lay_vspace(lay *c, double h);
/* A bar or tint behind what was set since (start_page, start_y). */
void lay_span_decoration(lay *c, size_t start_page, double start_y, double dx, double w,
                         ov_color color, double pad);

/* ---- depth.c: page depth ---- */
/* Ends the current page's text: records why it ends, its last baseline
 * and foot hyphen (ov_lpage), and, unless the chapter's text has ended,
 * spreads the room left below its last line over its gaps (vertical
 * justification). Once per page; before its notes are set. */
void lay_finish_page(lay *c);
/* Records a gap of h pt starting at the current y (lay_vspace); a
 * stretch point is a gap of no height that may stretch as one of h pt
 * would (between the items of a tight list). */
void lay_add_gap(lay *c, double h);
void lay_add_stretch(lay *c, double h);
/* y on page i of the pages being written, as justification moved it. */
double lay_depth_shift(const lay *c, size_t i, double y);

/* ---- figure.c: floats ---- */
/* Sets the figures waiting for a page at the top of the current one, as
 * many as fit (the first always). */
void lay_place_floats(lay *c);

/* ---- anchors.c ---- */

/* Appends anchor a (its page in the front vector when front); returns its
 * index. */
int lay_push_anchor(lay *c, ov_anchor a, bool front);
/* An anchor for (chapter, id) on the current page at y; returns its index. */
int lay_add_anchor(lay *c, const ov_node *chapter, const char *id, double y);

/* ---- measure.c ---- */

/* Whether character key (cp << 3 | face) is reported missing for the first
 * time; if so, records it as reported by the next message of c->diag. */
bool lay_missing_first(lay *c, uint32_t key);
/* Width in pt of s[0..len) in face at size; missing glyphs are reported
 * against pos when pos.file is set. */
double lay_text_width(lay *c, ov_face face, double size, const char *s, size_t len, ov_pos pos);
/* Plain text of node n, in the layout's arena. */
const char *lay_plain(lay *c, const ov_node *n);
/* Width in pt of the NUL-terminated s, reporting nothing. */
double lay_plain_width(lay *c, ov_face face, double size, const char *s);
/* Sets p's width, characters and kerning from its text, face and size
 * (cached per word); missing glyphs are reported against pos. */
void lay_measure_piece(lay *c, piece *p, ov_pos pos);

/* Longest text kept in the measuring cache, in bytes (measure.c). */
#define LAY_MEASURE_CACHE_MAX 1024

/* A measured text, in 1/1000 em for any size (lay.measured). */
typedef struct {
	const char *text;      /* NUL-terminated, in the layout arena */
	long advance;          /* width: the glyphs' advances and adjustments */
	size_t chars;          /* glyphs letter spacing goes after, plus one (0: none) */
	const ov_glyph *glyphs; /* layout arena */
	size_t count;
	bool missing;          /* a character is in no font (reported on use) */
} lay_measured;

/* s[0..len) in face, shaped and measured: once per distinct text up to
 * LAY_MEASURE_CACHE_MAX bytes, each time for longer ones. */
const lay_measured *lay_shaped(lay *c, ov_face face, const char *s, size_t len);

/* ---- inline.c ---- */

/* A new zeroed piece at the end of pv. */
piece *lay_push_piece(piece_vec *pv);
/* Pieces of text s[0..len) in style st, split at spaces (and, for URLs and
 * code, after separators). */
void lay_add_text_pieces(builder *b, const istyle *st, const char *s, size_t len, ov_pos pos);
/* Pieces of the inline content of block at size, appended to pv. */
void lay_build_pieces(lay *c, const ov_node *block, double size, piece_vec *pv);
/* Whether inline node n has a formula that can be set (an OV_NODE_MATH
 * without errors, with a math font): what makes the contents page and
 * the running heads set a heading's inlines instead of its plain text. */
bool lay_has_formula(lay *c, const ov_node *n);
/* Pieces of heading h's inlines at size, as the contents page and the
 * running heads show it: its formulas typeset, its text in face (code
 * stays monospace), in color, without its links, anchors and note marks
 * (which belong to the heading itself); appended to pv. */
void lay_heading_line_pieces(lay *c, const ov_node *h, ov_face face, double size, ov_color color, piece_vec *pv);
/* Pieces of the NUL-terminated s in one face. */
void lay_string_pieces(lay *c, piece_vec *pv, const char *s, ov_face face, double size, ov_pos pos);
/* Sets every piece of pv but the monospace ones and formulas in face. */
void lay_force_face(lay *c, piece_vec *pv, ov_face face, ov_pos pos);
/* Sets the colour of every piece of pv that is not a link's. */
void lay_color_pieces(piece_vec *pv, ov_color color);
/* face with the weight and slant of style added (bold + italic:
 * bold-italic); monospace stays monospace. */
ov_face lay_face_with(ov_face face, ov_face style);

/* ---- breaking.c ---- */

/* Splits pieces wider than width (with a warning at pos, or quietly) and
 * lets lines break inside words wider than width. */
void lay_split_wide(lay *c, piece_vec *pv, double width, ov_pos pos);
void lay_split_wide_quiet(lay *c, piece_vec *pv, double width);
/* Splits pieces at hyphenation points and after explicit hyphens. */
void lay_hyphenate_pieces(lay *c, piece_vec *pv);
/* Lines of pv at most width wide, appended to lv: filled greedily
 * (lay_break_lines) or by the total-fit method (lay_break_lines_total). */
void lay_break_lines(const piece_vec *pv, double width, line_vec *lv);
/* Greedy filling with the first line first wide and the others rest wide
 * (a hanging indent); *widest, unless NULL, gets the widest line's natural
 * width (balanced display type, display.c). */
void lay_fill_lines(const piece_vec *pv, double first, double rest, line_vec *lv, double *widest);
void lay_break_lines_total(const piece_vec *pv, double width, line_vec *lv);
/* Sets the parameters of justified text's breaker that depend on the
 * text's size em (pt) in prm (OV_BREAK_PARAMS_INIT for the others). */
void lay_break_params(double em, ov_break_params *prm);


/* ---- display.c ---- */

/* A hanging paragraph's later lines are indented this many ems, and so is
 * the EPUB's (epub/style.c, ul.hanging). */
#define LAY_HANG 1.5

/* Lines of pv, set ragged by design, appended to lv: with hang > 0, the
 * first line width wide and the others hang narrower; else balanced: as
 * many lines as greedy filling at width gives, as even as can be. */
void lay_break_display(const piece_vec *pv, double width, double hang, line_vec *lv);

/* ---- lines.c ---- */

/* Sets line l of pv with its baseline at y, starting at x. */
void lay_emit_line(lay *c, const piece_vec *pv, const line *l, double x, double y, double width,
                   bool justify, ov_align align);
/* Starts a line h high (a page break if needed, a waiting list marker);
 * returns its baseline. */
double lay_place_line(lay *c, double h, double ascent);
/* How many of lines i..n-1, each lead high, go on the current page
 * without a widow or an orphan; 0: start a new page first. */
size_t lay_lines_here(lay *c, size_t i, size_t n, double lead);
/* Breaks pv into lines across the current measure and sets them; frees
 * the pieces. */
void lay_set_pieces(lay *c, piece_vec *pv, double lead, double asc, bool justify,
                    ov_align align, ov_pos pos);

/* ---- flow.c ---- */

/* Lays chapter ch out from a new page. */
void lay_chapter(lay *c, const ov_node *ch);
/* Sets the title page of the part chapter ch opens (summary part,
 * theme.part_pages): a recto of its own; the chapter follows on the next
 * recto. */
void lay_part_page(lay *c, const ov_node *ch);
/* Lays sub-chapter ch (depth > 0) out where the page flow stands, its
 * title as a heading (summary part). */
void lay_subchapter(lay *c, const ov_node *ch);

/* ---- notes.c ---- */

/* The space and rule between the text and the notes, pt. */
double lay_note_sep(const lay *c);
/* Height the notes first cited in line l need on this page. */
double lay_notes_needed(lay *c, const piece_vec *pv, const line *l);
/* A reference to note def was set in a line ending at y = below. */
void lay_cite_note(lay *c, const ov_node *def, double below);
/* At the top of a new page: sets the notes that wait. */
void lay_place_carry(lay *c);
/* Draws the current page's notes at its foot. */
void lay_flush_notes(lay *c);
/* At a chapter's end: sets the notes that still wait (on new pages) and
 * frees the chapter's notes. */
void lay_finish_notes(lay *c);

/* ---- table.c, code.c, figure.c ---- */

void lay_table(lay *c, const ov_node *t);
void lay_code(lay *c, const ov_node *n);
/* lay_code with nums[0..nnums) printed at the right margin, the i-th on
 * the block's i-th printed line (a numbered display shown as its source,
 * formula.c), with the anchor ids[i] (NULL entries: none) at its top. */
void lay_code_numbered(lay *c, const ov_node *n, const char *const *nums, const char *const *ids, size_t nnums);
/* The printed size of figure fig's image, pt (0 x 0: none). */
void lay_figure_size(lay *c, const ov_node *fig, double *w, double *h);
void lay_figure(lay *c, const ov_node *fig);
/* The drawn size of image node img inside a line of text at size pt (the
 * EPUB's img.inline rule: LAY_INLINE_IMAGE em high, as wide as its aspect
 * ratio makes it, never wider than the line); false when it cannot be
 * drawn (remote, unreadable, no size): the text then shows its alt text. */
bool lay_inline_image_size(lay *c, const ov_node *img, double size, double *w, double *h);
/* The text runs of SVG s drawn as vectors into the box x, y (top-left),
 * w x h, as text boxes in the book's fonts. */
void lay_svg_text(lay *c, const ov_svg *s, double x, double y, double w, double h, ov_pos pos);

/* ---- front.c ---- */

/* The half-title (and its blank verso when two-sided), the title page,
 * the copyright page. */
void lay_half_title(lay *c);
void lay_title_page(lay *c);
void lay_copyright_page(lay *c);
/* The contents, with the page numbers of the body laid out already. */
void lay_contents_pages(lay *c, const page_vec *body, size_t body_anchor_count);

/* ---- folios.c ---- */

/* Folios and running heads on pages [0, count) of c->pv. */
void lay_add_folios(lay *c, size_t count, size_t no_folio_base);

/* Gives piece p, an image or a formula's first stretch just pushed, what
 * the builder has waiting for the next piece: an anchor, the space (and
 * break) before it, a hard line break (inline.c). */
void lay_take_pending(builder *b, piece *p);

/* ---- formula.c ---- */

/* Inline formula n (OV_NODE_MATH) at size pt as pieces of the paragraph
 * being built, one per stretch between its break points; false when it
 * cannot be set (errors, no math font: inline.c shows its source). */
bool lay_math_pieces(builder *b, const ov_node *n, double size, ov_pos pos);
/* The formula piece p's ink above and below its baseline, pt. */
void lay_math_piece_extent(const piece *p, double *height, double *depth);
/* Draws formula piece p with its baseline at y from x. */
void lay_emit_math_piece(lay *c, const piece *p, double x, double y);
/* Opens the span (OV_BOX_SPAN) of the stretches of one formula that begin
 * at piece i of a line ending before piece end, drawn from x on baseline
 * y: they copy as their part of the formula's source, with its dollars
 * when they hold its ends. Returns the index after the last of them,
 * where the caller closes the span (OV_BOX_SPAN_END). */
size_t lay_math_span_open(lay *c, const piece_vec *pv, size_t i, size_t end, double x, double y);
/* Draws box with its baseline at y (page coordinates) from x in color,
 * inside a span that copies as src[0..len) (src NULL: no span; "": a
 * span that copies as nothing). */
void lay_emit_mbox(lay *c, const ov_mbox *box, double x, double y, ov_color color, const char *src, size_t len);
/* The same, every length times scale (a display set smaller to fit). */
void lay_emit_mbox_scaled(lay *c, const ov_mbox *box, double x, double y, double scale, ov_color color,
                          const char *src, size_t len);
/* Display formula n (OV_NODE_MATH_BLOCK) as a block: centred, its rows
 * never split, its numbers at the right margin; false when it cannot be
 * set (flow.c shows its source). */
bool lay_math_display(lay *c, const ov_node *n);
/* Display n shown as its TeX source (it has errors, or no math font): a
 * code block with the display's equation numbers at the right margin
 * and its anchors. */
void lay_math_block_source(lay *c, const ov_node *n);
/* Room the first row of display n takes with the space above it (for
 * keeping it with the line before it), 0 when n is no display that can
 * be set. */
double lay_math_display_height(lay *c, const ov_node *n);

#endif
