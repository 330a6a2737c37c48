/*
 * layout.h - the layout stage: resolved document tree + font metrics + page
 * setup -> pages of positioned boxes (text runs, rules, tints, images,
 * links) and named destinations. Pure: no libharu, no I/O; metrics come
 * through ov_metrics so that tests can use a fake font.
 *
 *   ov_metrics m = {ctx, advance_fn, has_glyph_fn, {asc...}, {desc...}};
 *   ov_layout *L = ov_layout_book(doc, &m, &hyph);   // hyph may be NULL
 *   for (size_t i = 0; i < L->page_count; i++) draw(&L->pages[i]);
 *   ov_layout_free(L);
 *
 * Coordinates are points from the top-left corner of the page, y growing
 * downwards; a text box's y is its baseline. The PDF writer flips them.
 *
 * Justified paragraphs are broken by the total-fit method (linebreak.h)
 * with hyphenation; ragged text (headings, captions, cells) is filled
 * greedily.
 */
#ifndef OV_LAYOUT_H
#define OV_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "doc/printpages.h"
#include "font/glyph.h"
#include "font/mathglyph.h"
#include "util/parallel.h"
#include "util/strmap.h"

/* Hyphenation points of a word (letters only): byte offsets after which a
 * hyphen may go, in increasing order, at most max; returns their count. */
typedef struct {
	void *ctx;
	size_t (*points)(void *ctx, const char *word, size_t len, size_t *at, size_t max);
} ov_hyphenator;

/* Font metrics for the five faces, in 1/1000 em. Each face stands for a
 * chain of fonts (the book's, then fallbacks; shape.h): advance and
 * has_glyph answer for the font of the chain that draws the character. */
typedef struct {
	void *ctx;
	int (*advance)(void *ctx, ov_face face, uint32_t cp);
	bool (*has_glyph)(void *ctx, ov_face face, uint32_t cp);
	/* Shapes s[0..len) in face: appends its glyphs to run (glyph.h), their
	 * clusters byte offsets into s; a character no font has is glyph 0.
	 * May be NULL (test fonts): then each character is one glyph whose id
	 * is its code point, in font number face, with advance's width. */
	size_t (*shape)(void *ctx, ov_face face, const char *s, size_t len, ov_glyph_run *run);
	int ascent[OV_FACE__COUNT];  /* above the baseline, positive */
	int descent[OV_FACE__COUNT]; /* below the baseline, negative */
	/* the math font (font/mathglyph.h), NULL when the book has none:
	 * formulas are then shown as their source, with one warning */
	const ov_math_metrics *math;
	/* The ink of glyph gid of font number font (as shape gives them)
	 * above and below the baseline, 1/1000 em (depth positive
	 * downwards); false when it is not known (test fonts). May be NULL.
	 * \text in formulas measures its height and depth by it, as TeX
	 * does with the text font's characters. */
	bool (*ink)(void *ctx, int font, uint32_t gid, double *height, double *depth);
} ov_metrics;

typedef enum {
	OV_BOX_TEXT,  /* text[0..len) in face at size, baseline at y, starting at x */
	OV_BOX_RULE,  /* filled rectangle x,y (top) w,h in color */
	OV_BOX_IMAGE, /* image scaled into x,y (top) w,h */
	OV_BOX_LINK,  /* clickable area x,y (top) w,h: uri, or dest (anchor index) */
	OV_BOX_SPAN,  /* opens a span that copies as text[0..len) whatever the boxes up to the
	               * matching OV_BOX_SPAN_END draw (a formula: its TeX source; PDF
	               * /ActualText, PDF 1.7 §14.9.4); x,y,w,h its extent; spans do not nest */
	OV_BOX_SPAN_END,
	OV_BOX_MARK,  /* a wrapped code line's continuation arrow in x,y (top) w,h, in color: a
	               * drawing, never text, so that neither copy nor extraction gives it */
	OV_BOX_STRUCT, /* what the boxes up to the matching OV_BOX_STRUCT_END draw belongs to
	                * the structure element of (node, role) (a tagged PDF's, PDF 1.7 §14.7);
	                * they nest; no geometry. The pair may open on one page and end on a
	                * later one (a paragraph across a page break) */
	OV_BOX_STRUCT_END,
} ov_box_kind;

/* What an OV_BOX_STRUCT opens: the element of its node as the node's type
 * says (a paragraph, a heading, a table cell...), or one of these around
 * what the layout draws without a node of its own. */
typedef enum {
	OV_SROLE_NODE = 0,   /* the node's own element */
	OV_SROLE_TITLE,      /* a chapter's title (node: the CHAPTER), its "Chapter N" label too */
	OV_SROLE_LBL,        /* a list item's marker (node: the ITEM) */
	OV_SROLE_LABEL,      /* a callout's label (node: the CALLOUT) */
	OV_SROLE_CAPTION,    /* a figure's caption made from its title or alt text (node: the FIGURE) */
	OV_SROLE_ARTIFACT,   /* decoration: a repeated table header, leaders (node NULL) */
	OV_SROLE_PAGINATION, /* folios and running heads (node NULL) */
	OV_SROLE_FRONT_P,    /* a line of the title or copyright page (node NULL: each a new element) */
	OV_SROLE_TOC_TITLE,  /* the contents page's title (node NULL) */
	OV_SROLE_TOCI,       /* an entry of the printed contents (node NULL) */
} ov_struct_role;

/* 104 bytes: a long book has more than half a million boxes, so the
 * fields of one kind share their room with those of the others (read only
 * the fields of a box's own kind). */
typedef struct {
	double x, y, w, h;      /* pt; see the coordinate note above */
	ov_color color;         /* RULE fill, TEXT colour (sRGB, theme.h) */
	ov_box_kind kind;
	ov_face face;           /* TEXT */
	uint32_t len;           /* TEXT: bytes */
	uint32_t glyph_count;   /* TEXT: glyphs in glyphs */
	int dest;               /* LINK: index into anchors when uri is NULL */
	bool word_end;          /* TEXT: the part after a break inside a hyphenated word */
	int8_t expand;          /* TEXT: glyphs scaled horizontally by 1 + expand * 0.005
	                           (glyph expansion of a justified line, LAY_EXPAND_STEP) */
	union {
		struct {                /* TEXT */
			double size;        /* pt */
			double tracking;    /* letter spacing, pt, after each glyph ov_glyph_tracks names */
			const char *text;   /* NUL-terminated UTF-8 (layout arena): what the glyphs stand for */
			const ov_glyph *glyphs; /* the shaped text, clusters into text (layout arena) */
			const char *full_word; /* first part of a word hyphenated at the line's end:
			                          the whole word, which is the text the part begins */
		};
		struct {                /* LINK */
			const char *uri;    /* external URL, or NULL */
			const ov_node *target_chapter; /* internal target before resolution */
			const char *target_id;
		};
		const ov_asset *image;  /* IMAGE */
		struct {                /* STRUCT */
			const ov_node *node; /* NULL for the roles without a node */
			ov_struct_role role;
		};
	};
} ov_box;

typedef struct {
	ov_box *boxes;
	size_t count, cap;
	int number;       /* printed page number (roman in front matter) */
	bool front;       /* front matter: numbered i, ii, iii */
	bool recto;       /* right-hand page */
	const ov_node *chapter; /* chapter the page belongs to, NULL in front matter */
	const char *head; /* running head printed at the top, NULL for none */
	/* with a chapter callback (ov_layout_book_threads): the chapter's index
	 * and this page's index among the pages it was given, -1 for pages the
	 * callback never saw (front matter, blank left-hand pages); taken: the
	 * callback took the page's boxes, so boxes holds only what was added
	 * afterwards (folio and running head) */
	int part, part_page;
	bool taken;
	/* page depth (depth.c), for the page section of the layout report:
	 * why the page ends (OV_PAGE_END_*; 0 for front matter and blank
	 * pages), whether its text block's last line ends with a hyphen, the
	 * last baseline of its text (notes included), pt from the top (0: no
	 * text), and how many lines of body text would still have fit below
	 * its text after vertical justification */
	uint8_t end;
	bool foot_hyphen;
	float last_base;
	float short_lines;
	/* where the page's body text begins (doc/printpages.h, for the EPUB's
	 * page-break markers): its first line's first word (start, byte
	 * start_off of its text), or the figure, table row, code line or
	 * formula it begins with; NULL: the chapter's start, or nothing yet.
	 * front_doc: a front-matter page's kind (ov_front_doc) */
	const ov_node *start;
	uint32_t start_off;
	bool started;     /* start is set (lay_mark_start) */
	const ov_node *first_float; /* the first figure that floated to the top of the page:
	                               where a page of figures only begins */
	uint8_t front_doc;
} ov_lpage;

/* Why a body page ends (ov_lpage.end). */
enum {
	OV_PAGE_END_FULL = 1,   /* its text went on on the next page, or a heading kept with it did */
	OV_PAGE_END_FLOAT,      /* the next block is a figure that did not fit (a hole) */
	OV_PAGE_END_BLOCK,      /* the next block cannot be split (a display formula's row) */
	OV_PAGE_END_CHAPTER,    /* the chapter's text ended on it or before it */
};

/* A place links and the outline can point to. */
typedef struct {
	const ov_node *chapter; /* NULL for front matter anchors */
	const char *id;         /* id within the chapter ("chapter", heading id, fn-1...) */
	size_t page;            /* index into pages */
	double y;               /* pt from the top */
} ov_anchor;

/* What the layout report counts, per chapter (docs/typography.md). */
typedef struct {
	const ov_node *chapter;  /* NULL: front matter */
	size_t lines;            /* lines of justified text */
	size_t overfull;         /* lines wider than the measure */
	size_t loose;            /* spaces stretched beyond the tolerance */
	size_t tight;            /* spaces shrunk beyond their limit */
	size_t ragged;           /* justified lines set flush left instead of loose */
	size_t hyphenated;       /* lines ending with an added hyphen */
	size_t hyphen_runs;      /* runs of more than two hyphenated lines */
	size_t widows;           /* a paragraph's last line alone atop a page */
	size_t orphans;          /* a paragraph's first line alone at a page's foot */
	size_t stranded;         /* headings left at the foot of a page */
	size_t split_rows;       /* table rows cut by a page break */
	size_t letter_spaced;    /* justified lines whose letters are spaced out (none: expansion) */
	size_t expanded;         /* justified lines whose glyphs are expanded or condensed */
	double space_min, space_max; /* narrowest and widest word space of a justified line
	                                within the tolerance (not a last line, not loose),
	                                ems; 0 when there is none */
	size_t contrast;         /* adjacent justified lines whose word spaces differ by
	                            more than OV_REPORT_CONTRAST ems */
	size_t runts;            /* paragraphs ending with a runt (LAY_RUNT_EM) */
} ov_layout_stats;

/* The difference between the word spaces of adjacent lines (ems) that the
 * report counts as a contrast: near half the natural space of the
 * handbook's face (0.22 em), which shows between two lines. */
#define OV_REPORT_CONTRAST 0.1

typedef struct {
	ov_arena arena;
	ov_layout_stats *stats;  /* one per chapter, in order, then none */
	size_t stats_count;
	ov_lpage *pages;
	size_t page_count;
	size_t front_count;    /* pages[0..front_count) are front matter */
	ov_anchor *anchors;
	size_t anchor_count;
	/* (chapter, id) -> 1 + index of the first anchor with them, so that
	 * ov_layout_find_anchor does not scan every anchor for every link */
	ov_strmap anchor_ids;
	int toc_anchor;        /* anchor of the contents page */
	double page_width, page_height;
} ov_layout;

/* Lays the whole book out: title page, copyright page, contents (with page
 * numbers), then the chapters. Justified text is hyphenated through hyph
 * (NULL: no hyphenation). Problems (characters missing from the fonts,
 * words wider than the measure) go to doc->diag as warnings. Returns a
 * layout to free with ov_layout_free. */
ov_layout *ov_layout_book(const ov_doc *doc, const ov_metrics *m, const ov_hyphenator *hyph);

/* The same, with the chapters laid out on up to nthreads threads: thread t
 * measures with m[t] and hyphenates with hyph[t] (NULL: none), which must
 * not share anything mutable (the kerning and hyphenation caches). The
 * layout and the messages are those of ov_layout_book with m[0] and
 * hyph[0], whatever nthreads is. */
ov_layout *ov_layout_book_threads(const ov_doc *doc, const ov_metrics *const *m,
                                  const ov_hyphenator *const *hyph, int nthreads);

/* Called for each chapter as soon as it is laid out, on the thread that
 * laid it out (thread: 0 .. nthreads-1), with the chapter's index and its
 * pages, numbered from 1 in the chapter: their final numbers, folios and
 * running heads come when the chapters are joined. The callback may take
 * a page's boxes (free them and set boxes NULL, count and cap 0, taken
 * true), so that a long book is never held in memory whole; links among
 * them are then the callback's to resolve (ov_layout_find_anchor). */
typedef void (*ov_chapter_fn)(void *ctx, int thread, size_t chapter, ov_lpage *pages, size_t count);

/* ov_layout_book_threads, calling fn(ctx, ...) for each chapter, and
 * idle(idle_ctx) (if not NULL) once, on a layout thread, as soon as one
 * thread has no chapter left to take: from then on a core is free for
 * other work (the other threads may still be laying out; the book is
 * only read by the layout). The longest chapters are taken first. */
ov_layout *ov_layout_book_stream(const ov_doc *doc, const ov_metrics *const *m,
                                 const ov_hyphenator *const *hyph, int nthreads, ov_chapter_fn fn,
                                 void *ctx, ov_idle_fn idle, void *idle_ctx);
void ov_layout_free(ov_layout *L);

/* Anchor index for (chapter, id), or -1. */
int ov_layout_find_anchor(const ov_layout *L, const ov_node *chapter, const char *id);

/* Where each page of L begins, for the EPUB's page list
 * (doc/printpages.h): fills out (out->v malloc'ed, the caller frees it)
 * and names the edition after doc's page setup. */
void ov_layout_print_pages(const ov_layout *L, const ov_doc *doc, ov_print_pages *out);

/* The layout report as text: a line per chapter and a total. Caller frees. */
char *ov_layout_report(const ov_layout *L);

/* Text dump of every page (page, box kind, x, y, w, text) for golden tests. */
char *ov_layout_dump(const ov_layout *L);

/* Largest nesting of lists and block quotes laid out with indentation;
 * deeper levels keep the last indentation. */
#define OV_LAYOUT_MAX_INDENT 8

#endif
