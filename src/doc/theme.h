/*
 * theme.h - the book's typography in one value: faces, sizes, spaces,
 * colours and page setups that the PDF's layout (src/layout) and the
 * EPUB's stylesheet (src/epub/style.c) both read, so that the two books
 * agree. It is set to its defaults with the document (ov_doc_init),
 * changed by book.yaml's `theme:` mapping (manifest stage, with every
 * problem reported at its key), and only read afterwards.
 *
 *   const ov_theme *t = &doc->meta.theme;
 *   double h2 = body * t->heading_size[1];       // PDF: pt
 *   ov_buf_printf(b, "h2 { font-size: %gem; }", t->heading_size[1]); // EPUB
 *
 * Units, as the fields' comments say:
 *   pt     points, 1/72 in
 *   x body a factor of the body size (the EPUB writes it as em)
 *   x size a factor of the size of the text it belongs to (line heights)
 *   lines  a factor of the body leading (vertical spaces; the EPUB writes
 *          lines x leading as em)
 *   em     a factor of the body size (horizontal indents)
 *   colour sRGB, 0xRRGGBB (book.yaml: "#rrggbb")
 *
 * The defaults are those the PDF had before the theme existed; where the
 * EPUB's stylesheet differed (heading sizes, paragraph indents, code and
 * table styles), it now follows the PDF.
 *
 * book.yaml keys (README, "Themes"), with their fields, units and ranges:
 *   body-size            page[*].body_size          pt, 6-20
 *   leading              page[*].leading            x body, 1-2.5
 *   margins              page[*].top .. outer       {6x9in|a4|letter: {top, bottom, inner, outer}},
 *                                                   lengths; 2in of text block at least
 *   text-color           text_color                 "#rrggbb"
 *   accent-color         (link_color, label_color)  "#rrggbb"
 *   link-color           link_color                 "#rrggbb"
 *   paragraph-spacing    paragraph_spacing          lines, 0-3
 *   paragraph-indent     paragraph_indent           em, 0-5
 *   block-spacing        block_spacing              lines, 0-3
 *   display-spacing      display_spacing            lines, 0-3
 *   list-indent          list_indent                em, 0.5-5
 *   list-spacing         list_spacing               lines, 0-3
 *   quote-indent         quote_indent               em, 0-5
 *   quote-spacing        quote_spacing              lines, 0-3
 *   quote-bar-width      quote_bar_width            pt, 0-6
 *   quote-bar-position   quote_bar_at               fraction of the indent, 0-1
 *   quote-bar-color      quote_bar_color            "#rrggbb"
 *   break-spacing        break_spacing              lines, 0-5
 *   break-width          break_width                fraction of the measure, 0.05-1
 *   rule-weight          rule_weight                pt, 0.1-4
 *   rule-color           rule_color                 "#rrggbb"
 *   note-mark-size       mark_size                  x size, 0.4-1
 *   chapter-drop         chapter_drop               fraction of the text block, 0-0.5
 *   title-size           title_size                 x body, 0.5-5
 *   title-leading        title_leading              x size, 0.8-2
 *   title-space-after    title_space_after          lines, 0-6
 *   part-pages           part_pages                 true, false
 *   part-size            part_size                  x body, 0.5-5
 *   label-size           label_size                 x body, 0.5-3
 *   label-gap            label_gap                  x label size, 1-5
 *   label-face           label_face                 regular, italic, bold, bold-italic
 *   label-color          label_color                "#rrggbb"
 *   heading-sizes        heading_size[6]            x body, 0.5-4
 *   heading-faces        heading_face[6]            regular, italic, bold, bold-italic
 *   heading-space-above  heading_above[6]           lines, 0-5
 *   heading-space-below  heading_below              lines, 0-5
 *   heading-leading      heading_leading            x size, 0.8-2
 *   heading-color        heading_color              "#rrggbb"
 *   code-size            code_size                  x body, 0.5-1.5
 *   inline-code-size     inline_code_size           x size, 0.5-1.5
 *   code-leading         code_leading               x size, 1-2.5
 *   code-padding         code_padding               pt, 0-24
 *   code-space           code_space[2]              lines, 0-3
 *   code-background      code_background            "#rrggbb"
 *   code-mark-color      code_mark_color            "#rrggbb"
 *   code-colors          code_color[8]              "#rrggbb" (keyword, type, string, comment,
 *                                                  number, function, operator, meta)
 *   table-size           table_size                 x body, 0.5-1.5
 *   table-leading        table_leading              x size, 1-2.5
 *   table-padding        table_padding              pt, 0-24
 *   table-header-face    table_header_face          regular, italic, bold, bold-italic
 *   table-rule-color     table_rule_color           "#rrggbb"
 *   table-rule           table_rule                 pt, 0-4
 *   table-header-rule    table_header_rule          pt, 0-4
 *   table-space          table_space[2]             lines, 0-3
 *   callout-spacing      callout_spacing            lines, 0-3
 *   callout-padding      callout_padding            pt, 0-24
 *   bleed                bleed                      pt, 0-36 (PDF: BleedBox and MediaBox)
 *   callout-bar-width    callout_bar_width          pt, 0-6
 *   callout-background   callout_background         "#rrggbb"
 *   callout-colors       callout_color[5]           "#rrggbb" (note, tip, important, warning, caution)
 *   figure-space         figure_space[2]            lines, 0-3
 *   caption-size         caption_size               x body, 0.5-1.5
 *   caption-leading      caption_leading            x size, 1-2.5
 *   caption-gap          caption_gap                pt, 0-36
 *   caption-face         caption_face               regular, italic, bold, bold-italic
 *   figure-min-text      figure_min_text            pt, 0-24
 *   note-size            note_size                  x body, 0.5-1.5
 *   note-leading         note_leading               x size, 1-2.5
 *   note-indent          note_indent                x note size, 0-5
 *   note-rule-length     note_rule_length           fraction of the measure, 0-1
 *   note-rule-weight     note_rule_weight           pt, 0-4
 *   contents-depth       contents_depth             1-3
 *   contents-leading     contents_leading           x body, 1-3
 *   contents-indent      contents_indent            em, 0-5
 *   contents-space       contents_space             x contents leading, 0-3
 *   leader-color         leader_color               "#rrggbb"
 *   running-head-verso   head_verso                 book, chapter, none
 *   running-head-recto   head_recto                 book, chapter, none
 *   running-head-size    head_size                  x body, 0.5-1.5
 *   running-head-offset  head_offset                x body, 0.5-6
 *   folio-offset         folio_offset               x body, 0.5-6
 *   running-head-color   head_color                 "#rrggbb"
 *   title-page-sizes     title_page_size[4]         x body, 0.5-5
 *   title-page-drop      title_page_drop            fraction of the text block, 0-0.8
 *   copyright-size       copyright_size             x body, 0.5-1.5
 *   copyright-drop       copyright_drop             fraction of the text block, 0-0.8
 * A key that sets a list (heading-sizes, code-space, ...) takes one value
 * for all its items, or a list of as many (levels 1-6; above, below;
 * title, subtitle, authors, publisher; note, tip, important, warning,
 * caution). Lengths in pt may be written in
 * in, mm or cm as well. accent-color is the default of link-color and
 * label-color; body-size and leading hold for every page size.
 */
#ifndef OV_THEME_H
#define OV_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { OV_FACE_REGULAR, OV_FACE_ITALIC, OV_FACE_BOLD, OV_FACE_BOLD_ITALIC, OV_FACE_MONO,
	       OV_FACE__COUNT } ov_face;

/* Page geometry in points (1/72 in). */
typedef struct {
	const char *name;    /* "6x9in", "a4", "letter" */
	double width, height;
	double top, bottom, inner, outer; /* margins; inner = binding side */
	double body_size;    /* body text size */
	double leading;      /* baseline-to-baseline distance of body text */
	bool two_sided;      /* mirrored margins, chapters open on recto */
} ov_page_setup;

/* The page sizes a book may have, in the order of ov_page_size_names. */
typedef enum { OV_PAGE_6X9IN, OV_PAGE_A4, OV_PAGE_LETTER, OV_PAGE__COUNT } ov_page_size;

/* "6x9in", "a4", "letter" */
extern const char *const ov_page_size_names[OV_PAGE__COUNT];

/* An sRGB colour, 0xRRGGBB. */
typedef uint32_t ov_color;

#define OV_COLOR_BLACK 0x000000u

static inline unsigned ov_color_r(ov_color c) { return (c >> 16) & 0xFF; }
static inline unsigned ov_color_g(ov_color c) { return (c >> 8) & 0xFF; }
static inline unsigned ov_color_b(ov_color c) { return c & 0xFF; }
static inline bool ov_color_is_gray(ov_color c)
{
	return ov_color_r(c) == ov_color_g(c) && ov_color_g(c) == ov_color_b(c);
}

/* What a running head shows. */
typedef enum { OV_HEAD_NONE, OV_HEAD_BOOK, OV_HEAD_CHAPTER } ov_head_content;

/* Heading levels 1-6; heading_size[0] is level 1. */
#define OV_HEADING_LEVELS 6

/* Kinds of callout (GitHub alerts): note, tip, important, warning,
 * caution (ov_callout_kind in doc.h). */
#define OV_CALLOUT_KINDS 5

/* The classes of a highlighted code block's tokens (doc/highlight.c maps
 * the highlighting library's elements to them); meta: preprocessor lines,
 * decorators, shell variables, the keys of JSON, YAML and TOML. */
typedef enum {
	OV_CODE_KEYWORD,
	OV_CODE_TYPE,
	OV_CODE_STRING,
	OV_CODE_COMMENT,
	OV_CODE_NUMBER,
	OV_CODE_FUNCTION,
	OV_CODE_OPERATOR,
	OV_CODE_META,
	OV_CODE_CLASSES
} ov_code_class;

/* "keyword", "type", ...: the class's name in the EPUB's markup and the
 * theme's documentation; a static string. */
const char *ov_code_class_name(ov_code_class c);

typedef struct {
	/* page setups, by size: margins, body size and leading (pt) */
	ov_page_setup page[OV_PAGE__COUNT];

	/* body text */
	ov_color text_color;        /* body text, folios, markers, captions, cells */
	double paragraph_spacing;   /* lines, between two paragraphs */
	double paragraph_indent;    /* em, first line of a paragraph that follows one */
	double block_spacing;       /* lines, before a paragraph after another block */
	double display_spacing;     /* lines, above and below a display formula */
	double list_indent;         /* em, per list level */
	double list_spacing;        /* lines, around lists and between loose items */
	double quote_indent;        /* em, left (half of it right) per block quote */
	double quote_spacing;       /* lines, around block quotes */
	double quote_bar_width;     /* pt, the bar beside a block quote */
	double quote_bar_at;        /* fraction of the quote's indent left of the bar */
	ov_color quote_bar_color;
	double break_spacing;       /* lines, above a thematic break (which takes a line) */
	double break_width;         /* fraction of the measure */
	double rule_weight;         /* pt, a thematic break's thickness */
	ov_color rule_color;        /* thematic breaks, the rule above footnotes */
	ov_color link_color;        /* text of links and note marks */
	double mark_size;           /* x size: note marks (superscripts) */

	/* chapter openings */
	double chapter_drop;        /* fraction of the text block above the opening */
	double title_size;          /* x body: the chapter's title */
	double title_leading;       /* x size */
	double title_space_after;   /* lines, below the title */
	bool part_pages;            /* a part (SUMMARY.md) opens with a title page of its own, recto,
	                             * its verso blank (print only; the EPUB's nav nests its chapters) */
	double part_size;           /* x body: a part page's title */
	double label_size;          /* x body: "Chapter 3" above the title */
	double label_gap;           /* x label size, from the top of the label's line to the title's */
	ov_face label_face;
	ov_color label_color;

	/* headings inside chapters (and the contents' title, level 1) */
	double heading_size[OV_HEADING_LEVELS];  /* x body */
	ov_face heading_face[OV_HEADING_LEVELS]; /* the chapter's title takes level 1's */
	double heading_above[OV_HEADING_LEVELS]; /* lines */
	double heading_below;       /* lines */
	double heading_leading;     /* x size */
	ov_color heading_color;     /* headings, chapter and book titles */

	/* code */
	double code_size;           /* x body: code blocks */
	double inline_code_size;    /* x size: code inside text */
	double code_leading;        /* x size */
	double code_padding;        /* pt, around a code block's text */
	double code_space[2];       /* lines, above and below a code block */
	ov_color code_background;   /* the tint behind code blocks */
	ov_color code_mark_color;   /* the arrow that starts a wrapped line */
	ov_color code_color[OV_CODE_CLASSES]; /* highlighted tokens, by class (print; the EPUB
	                                         derives its dark-mode colours from them) */

	/* tables (booktabs: rules above, below and under the header) */
	double table_size;          /* x body */
	double table_leading;       /* x size */
	double table_padding;       /* pt, around each cell's text */
	ov_face table_header_face;
	ov_color table_rule_color;
	double table_rule;          /* pt: the rules above and below */
	double table_header_rule;   /* pt: the rule under the header row */
	double table_space[2];      /* lines, above and below a table */

	/* callouts (GitHub alerts, "> [!NOTE]"): a tint, a bar at the left
	 * and a label in the kind's colour */
	double callout_spacing;     /* lines, above and below a callout */
	double callout_padding;     /* pt, between the tint's edges and the text */
	double bleed;               /* pt, the PDF's bleed box beyond the trim on every side */
	double callout_bar_width;   /* pt, the bar along the callout's left edge */
	ov_color callout_background; /* the tint behind a callout */
	ov_color callout_color[OV_CALLOUT_KINDS]; /* bar and label: note, tip, important, warning, caution */

	/* figures */
	double figure_space[2];     /* lines, above and below a figure */
	double caption_size;        /* x body */
	double caption_leading;     /* x size */
	double caption_gap;         /* pt, between the image and its caption */
	ov_face caption_face;
	double figure_min_text;     /* pt: an SVG figure's text printed smaller is warned of; 0: never */

	/* footnotes */
	double note_size;           /* x body */
	double note_leading;        /* x size */
	double note_indent;         /* x note size: the text's indent; the number ends before it */
	double note_rule_length;    /* fraction of the measure */
	double note_rule_weight;    /* pt */

	/* contents */
	int contents_depth;         /* 1 chapters, 2 and sections, 3 and subsections */
	double contents_leading;    /* x body */
	double contents_indent;     /* em, per level below chapters */
	double contents_space;      /* x contents leading, above each chapter's entry */
	ov_color leader_color;      /* the dot leaders */

	/* running heads and folios */
	ov_head_content head_verso; /* left-hand pages (every page when one-sided: head_recto) */
	ov_head_content head_recto; /* right-hand pages */
	double head_size;           /* x body: running heads and folios */
	double head_offset;         /* x body: the head's baseline above the text block */
	double folio_offset;        /* x body: the folio's baseline below the text block */
	ov_color head_color;

	/* front matter */
	double title_page_size[4];  /* x body: title, subtitle, authors, publisher */
	double title_page_drop;     /* fraction of the text block above the title */
	double copyright_size;      /* x body */
	double copyright_drop;      /* fraction of the text block: the highest the copyright text
	                             * starts (PDF: it sits at the foot); EPUB: the space above it */
} ov_theme;

/* Sets t to the default theme. */
void ov_theme_init(ov_theme *t);

/* The page setup of size name ("6x9in", "a4", "letter") in theme t, into
 * *out. Returns -1 for an unknown name (out untouched). */
int ov_theme_page(const ov_theme *t, const char *name, ov_page_setup *out);

/* The index of page size name, or -1. */
int ov_page_size_index(const char *name);

/* Parses a length, a number with a unit: pt, in, mm or cm (a bare number
 * is in points), into *out in points. False for anything else, negative
 * numbers included. */
bool ov_length_parse(const char *s, double *out);

/* Parses "#rrggbb" or "#rgb" (hex digits in either case) into *out. */
bool ov_color_parse(const char *s, ov_color *out);

/* Writes c as "#rrggbb" into out[8]. */
void ov_color_format(ov_color c, char out[8]);

/* The name of face ("regular", "bold-italic", ...), as the fonts: and
 * theme: mappings of book.yaml spell it. */
const char *ov_face_name(ov_face face);

#endif
