/*
 * doc.h - the document tree: one tree for the whole book, built by the
 * markdown stage, resolved by the passes (passes.c), then read - never
 * changed - by the layout/PDF and EPUB writers.
 *
 *   ov_doc doc; ov_doc_init(&doc, &diag);
 *   ... manifest fills doc.meta, markdown appends chapters under doc.root ...
 *   ov_doc_resolve(&doc, book_dir);       // ids, numbers, links, notes, toc
 *   for (ov_node *n = ov_iter_first(..)) ... // writers walk with ov_iter
 *   ov_doc_dispose(&doc);
 *
 * Shape: BOOK > CHAPTER > blocks > inlines. Every node carries its source
 * position so that any later stage can report a problem against the source.
 * All strings and nodes live in doc.arena.
 */
#ifndef OV_DOC_H
#define OV_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/theme.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "image/svg.h"
#include "util/image.h"
#include "util/strmap.h"

typedef enum {
	OV_NODE_NONE = 0,
	/* containers of the book */
	OV_NODE_BOOK,
	OV_NODE_CHAPTER,
	/* blocks */
	OV_NODE_PARAGRAPH,
	OV_NODE_HEADING,
	OV_NODE_BLOCKQUOTE,
	OV_NODE_LIST,
	OV_NODE_ITEM,
	OV_NODE_CODE_BLOCK,
	OV_NODE_THEMATIC_BREAK,
	OV_NODE_TABLE,
	OV_NODE_TABLE_ROW,
	OV_NODE_TABLE_CELL,
	OV_NODE_FIGURE,       /* a paragraph holding only an image, or an image and its caption
	                       * (passes.c): children the IMAGE, then the caption PARAGRAPH */
	OV_NODE_FOOTNOTE_DEF, /* children are blocks */
	OV_NODE_HTML_BLOCK,   /* raw HTML: reported and never copied out */
	/* mdbook part (src/markdown/blocks.c): GitHub alerts, definition lists */
	OV_NODE_CALLOUT,      /* a GitHub alert ("> [!NOTE]"): children are blocks */
	OV_NODE_DEFLIST,      /* a definition list: DEFTERM and DEFDESC children, in order */
	OV_NODE_DEFTERM,      /* a term: children are inlines */
	OV_NODE_DEFDESC,      /* a term's definition: children are blocks */
	OV_NODE_MATH_BLOCK,   /* a display formula ($$...$$ on its own lines, ```math): leaf;
	                       * text is its TeX source, as.math the parsed formula */
	/* inlines */
	OV_NODE_TEXT,
	OV_NODE_SOFTBREAK,
	OV_NODE_LINEBREAK,
	OV_NODE_CODE,
	OV_NODE_EMPH,
	OV_NODE_STRONG,
	OV_NODE_STRIKE,
	OV_NODE_LINK,
	OV_NODE_IMAGE, /* children are the alt text inlines */
	OV_NODE_FOOTNOTE_REF,
	OV_NODE_HTML_INLINE,
	/* inlines from raw HTML (part "html", src/markdown/html.c) */
	OV_NODE_SUP,    /* <sup>: raised and smaller; children are inlines */
	OV_NODE_SUB,    /* <sub>: lowered and smaller; children are inlines */
	OV_NODE_ANCHOR, /* <a id|name>: a link target, no content (leaf) */
	OV_NODE_MATH,   /* inline math ($...$, $$...$$ inside text): leaf; text is its TeX
	                 * source, as.math the parsed formula */
	OV_NODE__COUNT
} ov_node_type;

#define OV_NODE_FIRST_BLOCK OV_NODE_PARAGRAPH
#define OV_NODE_LAST_BLOCK OV_NODE_MATH_BLOCK
#define OV_NODE_FIRST_INLINE OV_NODE_TEXT
#define OV_NODE_LAST_INLINE OV_NODE_MATH

typedef enum { OV_ALIGN_NONE = 0, OV_ALIGN_LEFT, OV_ALIGN_CENTER, OV_ALIGN_RIGHT } ov_align;

typedef struct ov_node ov_node;

/* Where a chapter's title came from, in the order they are taken
 * (summary part). */
typedef enum {
	OV_TITLE_FILE_NAME = 0, /* made from the file name ("5.1.2-matrices.md" -> "Matrices") */
	OV_TITLE_HEADING,       /* the first h1, else the first heading of any level */
	OV_TITLE_CONTENTS,      /* the chapter's entry in SUMMARY.md */
	OV_TITLE_FRONT_MATTER,  /* 'title:' in the front matter */
} ov_title_from;

/* What a chapter is in the book (front matter "role:"), for the EPUB's
 * semantics: the EPUB 3 Structural Semantics Vocabulary type and the
 * DPUB-ARIA 1.1 role of the same name (OV_ROLE_CHAPTER: "chapter",
 * doc-chapter). Names in ov_chapter_role_name. */
typedef enum {
	OV_ROLE_CHAPTER = 0, OV_ROLE_PREFACE, OV_ROLE_FOREWORD, OV_ROLE_INTRODUCTION, OV_ROLE_ACKNOWLEDGMENTS,
	OV_ROLE_PROLOGUE, OV_ROLE_EPILOGUE, OV_ROLE_AFTERWORD, OV_ROLE_CONCLUSION, OV_ROLE_APPENDIX,
	OV_ROLE_GLOSSARY, OV_ROLE_BIBLIOGRAPHY, OV_ROLE_INDEX, OV_ROLE_COLOPHON, OV_ROLE__COUNT
} ov_chapter_role;

/* The part of the book a chapter belongs to (front matter "matter:", by
 * default from its role): EPUB SSV frontmatter, bodymatter, backmatter. */
typedef enum { OV_MATTER_BODY = 0, OV_MATTER_FRONT, OV_MATTER_BACK } ov_matter;

/* The name of role r ("preface", "glossary", ...; "chapter"): static. */
const char *ov_chapter_role_name(ov_chapter_role r);
/* The matter a chapter of role r belongs to when its front matter does not
 * say: front for preface, foreword and acknowledgments, back for
 * afterword, appendix, glossary, bibliography, index and colophon, body
 * for the rest. */
ov_matter ov_chapter_role_matter(ov_chapter_role r);

/* The kinds of GitHub alert, in the order of theme.callout_color. */
typedef enum { OV_CALLOUT_NOTE, OV_CALLOUT_TIP, OV_CALLOUT_IMPORTANT, OV_CALLOUT_WARNING,
	       OV_CALLOUT_CAUTION } ov_callout_kind;

/* The label printed on a callout of kind k ("Note", "Tip", "Important",
 * "Warning", "Caution"), and its lower-case name ("note", ...) for
 * classes; static strings. */
const char *ov_callout_label(ov_callout_kind k);
const char *ov_callout_name(ov_callout_kind k);

/* An image file used by the book, shared by every node that names it. */
typedef struct {
	const char *src;      /* path relative to the book folder */
	const char *shown;    /* as first written in the book, for messages */
	const char *path;     /* path on disk (book_dir joined), NULL if missing */
	const char *name;     /* name inside the EPUB, e.g. "images/img1.png" */
	ov_image_info info;   /* format and pixel size */
	const uint8_t *data;  /* file contents (arena), NULL if unreadable; for an SVG,
	                         its sanitised copy (image/svg.h), all either writer sees */
	size_t len;
	const ov_svg *svg;    /* an SVG's drawing, else NULL */
	bool ok;              /* readable and a supported format */
	ov_pos pos;           /* where the book first names it */
} ov_asset;

/* A highlighted token of a code block: text[start, start+len) is of class
 * cls (ov_code_class); never spans a line break. */
typedef struct {
	uint32_t start, len;
	uint8_t cls;
} ov_code_span;

struct ov_node {
	ov_node_type type;
	ov_pos pos;
	ov_node *parent, *first, *last, *prev, *next;
	const char *text; /* TEXT, CODE, CODE_BLOCK, HTML_*: the literal (arena) */
	size_t len;       /* bytes in text */
	union {
		struct {
			const char *title;     /* plain text title (front matter or first h1) */
			const char *source;    /* chapter path relative to the book folder */
			const char *file;      /* EPUB file name, e.g. "ch01.xhtml" */
			const char *id;        /* anchor id of the chapter start, e.g. "ch01" */
			int number;            /* 1.. for numbered chapters, 0 otherwise */
			bool numbered;         /* front matter "numbered: false" clears it */
			ov_node *title_heading;/* the heading shown as the title (the first h1, else the
			                        * first heading of any level), or NULL */
			/* summary part: */
			ov_title_from title_from; /* where title came from */
			int depth;             /* nesting in the book's contents (SUMMARY.md): 0 a chapter;
			                        * deeper, a sub-chapter that goes on on the page of the
			                        * chapter before it (no new page) */
			const char *part;      /* title of the part this chapter opens (SUMMARY.md), or NULL */
			bool hanging_lists;    /* front matter "lists: hanging": its bullet lists are set
			                        * without bullets, flush left, with hanging indents */
			ov_chapter_role role;  /* front matter "role:" */
			ov_matter matter;      /* front matter "matter:", else from role */
		} chapter;
		struct {
			int level;         /* 1..6, as written: the PDF sets the heading in that level's style */
			int rank;          /* 1..6, its level in the book's structure (passes.c): the
			                    * chapter's title 1, any other at most one deeper than the
			                    * heading before it; the EPUB's hN, the contents' levels */
			const char *id;    /* unique within its chapter, a valid XML id (passes.c) */
			const char *given_id; /* ghrules: "x" of a trailing "{#x}", NULL if none */
			const char *id_text;  /* ghrules: the text GitHub's id rule reads (markdown.c) */
		} heading;
		struct {
			bool ordered;
			int start;         /* first number of an ordered list */
			bool tight;
			bool task;         /* every item is a task item */
			char delim;        /* '.' or ')' */
		} list;
		struct {
			int task;          /* 0 not a task, 1 open, 2 done */
		} item;
		struct {
			const char *info;  /* fence info string ("python"), "" if none */
			/* highlighting (doc/highlight.c, in ov_doc_resolve): */
			const char *language;       /* the language highlighted ("python"), NULL: plain */
			const ov_code_span *spans;  /* tokens of a class in text, in order, apart (arena) */
			size_t span_count;
		} code;
		struct {
			int columns;
			ov_align *align;   /* columns entries */
		} table;
		struct {
			bool header;
		} row;
		struct {
			int column;        /* 0-based */
			ov_align align;
			int span;          /* columns it spans (HTML colspan; part "html"), 0 or 1: one */
			int rowspan;       /* rows it spans (HTML rowspan, within its row group; figures
			                    * part), 0 or 1: one; the rows below have no cell there */
		} cell;
		struct {
			const char *url;      /* as written */
			const char *title;    /* "" if none */
			/* resolved by passes.c: */
			bool internal;        /* points into the book */
			ov_node *chapter;     /* target chapter for internal links */
			const char *anchor;   /* target id in that chapter, NULL = chapter top */
			const char *href;     /* for links out of the book: the absolute URI a writer may
			                       * link to (see ov_url_is_safe), or a book file under
			                       * base-url; NULL: no link, the text alone */
		} link;
		struct {
			const char *url;
			const char *title;
			ov_asset *asset;      /* resolved by passes.c, NULL if unusable */
			int width, height;    /* size hints from HTML's width/height: CSS px (> 0),
			                       * percent of the measure (< 0: -50 is 50%), 0 none */
		} image;
		struct {
			const char *id;       /* as written; NULL when passes.c finds it taken */
		} anchor;
		struct {
			ov_node *image;       /* the IMAGE child */
			ov_node *caption;     /* figures part: the caption written with the image (a
			                       * PARAGRAPH child after it, its inlines), or NULL: the
			                       * caption is the image's title, else its alt text */
			int number;           /* per chapter, 1.. */
			const char *id;       /* "fig-2-1" */
		} figure;
		struct {
			const char *label;    /* as written after [^ */
			int number;           /* per chapter, 1.., in order of first reference */
			const char *id;       /* "fn-3" */
			const char *ref_id;   /* id of the first reference, "fnref-3" */
		} footnote_def;
		struct {
			ov_callout_kind kind;
		} callout;
		struct {
			int number;
			ov_node *def;
			const char *id;       /* unique per reference: "fnref-3", "fnref-3-2" */
		} footnote_ref;
		struct {                  /* MATH, MATH_BLOCK (math/math.h) */
			const struct ov_math *math; /* parsed from text[0..len) (doc->arena); never NULL
			                       * for nodes the markdown stage makes; when !math->ok the
			                       * writers show the source and the errors are reported */
			/* where byte k of text is in its file: line src_line[j], column
			 * src_col[j] + (k - line_off[j]) for the last j with line_off[j] <= k
			 * (a formula over several lines, inside a block quote or list) */
			uint32_t *line_off, *src_line, *src_col;
			uint32_t line_count;
			/* MATH_BLOCK, resolved by passes.c: per row of math->rows, the number
			 * as printed ("3.2", a \tag's text) or NULL, and the anchor id of a
			 * numbered or labelled row ("eq-3-2") or NULL */
			const char **numbers;
			const char **ids;
			/* MATH: \eqref{label} or \ref{label} found in running text (not in
			 * dollars; it copies as written, without dollars). A \ref whose
			 * label names no equation is made the TEXT it was by the passes,
			 * without a message (LaTeX-ish books \ref other things) */
			bool in_text;
		} math;
	} as;
};

/* An entry of the table of contents (chapters and their h2/h3). */
typedef struct {
	int level;            /* 1 chapter, 2 section, 3 subsection; a sub-chapter (summary part)
	                       * 1 + its depth, its sections that much deeper; a part's title 1 */
	const char *title;    /* plain text */
	const char *label;    /* "1" for chapter 1, NULL when unnumbered */
	ov_node *chapter;
	ov_node *heading;     /* NULL for a chapter entry without an h1 */
	const char *anchor;   /* id within the chapter */
	bool part;            /* summary part: the title of a part, leading to its first chapter */
	int nest;             /* its level in the PDF's outline and the EPUB's nav: level, one
	                       * deeper for the entries of a part, which nest under its title */
	bool unlisted;        /* a boilerplate section (ov_contents_mark_unlisted, imprint.h):
	                       * left out of the printed contents and of the EPUB nav's
	                       * visible list; the PDF outline and the NCX keep it */
} ov_toc_entry;

/* The id of a part's title page in the layout's anchors (theme.part_pages):
 * a space keeps it apart from every heading id (XML ids have none). */
#define OV_PART_ANCHOR "part page"

/* Book metadata and settings from book.yaml (manifest stage). */
typedef struct {
	const char *title;       /* required */
	const char *subtitle;    /* NULL if absent (same for all optional fields) */
	const char **authors;
	size_t author_count;
	const char *language;    /* BCP 47, default "en" */
	const char *identifier;  /* ISBN, URN, or derived "urn:uuid:..." */
	const char *date;        /* publication date as written (YYYY[-MM[-DD]]) */
	const char *publisher;
	const char *rights;      /* rights text, a legacy "Copyright YEAR HOLDER." cut off (imprint.h) */
	/* the copyright page (doc/imprint.h; manifest/imprint.c reads the keys): */
	const char *copyright_year; /* "2026" or "2024–2026": 'copyright', else the date's year */
	const char *rights_holder;  /* 'rights-holder', else the authors; NULL none */
	const char *license;        /* 'license' (or its name:), NULL none */
	const char *license_url;    /* its url:, NULL none */
	const char *isbn;           /* as written ("978-1-..."), check digit verified; NULL none */
	const char *edition;        /* "First edition, 2026", NULL none */
	const char **contents_exclude; /* 'contents-exclude': section titles left out of the
	                             * contents; with contents_exclude_set, replaces the rule */
	size_t contents_exclude_count;
	bool contents_exclude_set;
	const char *description;
	const char **subjects;
	size_t subject_count;
	const char *cover;       /* cover image, relative to the book folder */
	const char *certified_by; /* 'accessibility-certified-by': who checked the EPUB's
	                         * accessibility claim (a11y:certifiedBy), NULL none */
	ov_pos cover_pos;
	const char *output;      /* base name of the outputs, e.g. "handbook" */
	const char *base_url;    /* where the book's files are published (links to files that are
	                          * not chapters point there), NULL if not given */
	ov_page_setup page;      /* the page setup of the PDF, from theme.page (ov_theme_page) */
	ov_theme theme;          /* the typography both writers follow (theme.h) */
	const char **no_hyphenation; /* words never hyphenated (e.g. "PyTorch") */
	size_t no_hyphenation_count;
	const char *assumed;     /* summary part: without book.yaml, what the book was taken to be
	                          * ("the chapters of SUMMARY.md"), for the one note; else NULL */
	bool from_book_toml;     /* summary part: without book.yaml, mdBook's book.toml gave the
	                          * metadata and the place of SUMMARY.md */
	const char *fonts[OV_FACE__COUNT]; /* paths to the TTF files */
	ov_pos font_pos[OV_FACE__COUNT];
	bool no_math;            /* book.yaml's "math: false": dollars and ```math are text */
	struct ov_math_macros *math_macros; /* book.yaml's math-macros: (math/math.h), NULL none;
	                          * freed by ov_doc_dispose */
	const char *math_font;   /* fonts.math: an OpenType math font (path), NULL: the default
	                          * (typeset.c: TeX Gyre Pagella Math, else DejaVu Math TeX Gyre) */
	ov_pos math_font_pos;
} ov_meta;

/* A labelled display equation (\label{...}), for \eqref and \ref
 * (passes.c). */
typedef struct {
	const char *label;
	ov_node *chapter;
	ov_node *node;        /* the MATH_BLOCK */
	size_t row;           /* its row in node->as.math (align rows are labelled one by one) */
	const char *number;   /* as printed, "3.2" (a \tag's text), without parentheses */
	const char *id;       /* anchor id in the chapter, "eq-3-2" */
} ov_equation;

typedef struct {
	ov_arena arena;
	ov_diag *diag;
	ov_meta meta;
	ov_node *root;          /* the BOOK node */
	ov_asset **assets;      /* distinct images, in first-use order */
	size_t asset_count;
	ov_asset *cover;        /* the cover image, NULL if none */
	ov_toc_entry *toc;
	size_t toc_count;
	int64_t build_time;     /* seconds since the epoch: SOURCE_DATE_EPOCH or now */
	int jobs;               /* threads the passes may use (0 or 1: the calling thread only) */
	ov_equation **equations; /* labelled equations, in book order (passes.c) */
	size_t equation_count;
	ov_strmap equation_of;  /* label -> 1 + index into equations */
} ov_doc;

/* The equation labelled label (\label{label}), or NULL. */
const ov_equation *ov_doc_equation(const ov_doc *doc, const char *label);

/* Where byte off of MATH or MATH_BLOCK n's source is in its file (through
 * as.math's line map; n->pos when it has none), for messages about a part
 * of a formula. */
ov_pos ov_node_math_pos(const ov_node *n, size_t off);

void ov_doc_init(ov_doc *doc, ov_diag *diag);
void ov_doc_dispose(ov_doc *doc);

/* Node construction; nodes live in doc->arena. */
ov_node *ov_node_new(ov_doc *doc, ov_node_type type, ov_pos pos);
void ov_node_append(ov_node *parent, ov_node *child);
/* Puts child (without a parent) just before next, under next's parent. */
void ov_node_insert_before(ov_node *next, ov_node *child);
/* Replaces node by its children in place (used to unwrap). */
void ov_node_unlink(ov_node *node);
bool ov_node_is_block(const ov_node *n);
bool ov_node_is_inline(const ov_node *n);
bool ov_node_is_leaf(ov_node_type t);
const char *ov_node_type_name(ov_node_type t);

/* Concatenated text of the inline descendants of n (TEXT, CODE; breaks as
 * spaces; note references left out; a formula as Unicode text,
 * ov_math_plain, its \eqref numbered from doc->equations), in doc->arena. */
const char *ov_node_plain_text(ov_doc *doc, const ov_node *n);
/* The same text appended to b (an \eqref in a formula as "??"). */
void ov_node_plain_text_buf(ov_buf *b, const ov_node *n);

/* True when url starts with a scheme ("https:", "mailto:"; RFC 3986 §3.1). */
bool ov_url_has_scheme(const char *url);
/* True when url's scheme is one a link may have: http, https, ftp, mailto
 * or tel (ASCII case ignored); the rest of the URL is not looked at. */
bool ov_url_scheme_allowed(const char *url);
/* True for an absolute http or https URL with a host ("https://x.org/..."). */
bool ov_url_is_web(const char *url);
/* True for a URI an output may link to: http, https or ftp with a host,
 * mailto or tel (schemes compared without case). Everything else (other
 * schemes, and paths, which a PDF viewer would open as local files or
 * network shares) is refused. */
bool ov_url_is_safe(const char *url);

/* The chapter that contains n, or NULL. */
ov_node *ov_node_chapter(const ov_node *n);

/* Whether list is set as a hanging list (no bullets, flush left, later
 * lines indented): a bullet list, not a task list nor inside another
 * list, in a chapter whose front matter says "lists: hanging". Both
 * writers ask. */
bool ov_list_hangs(const ov_node *list);

/* Depth-first walk with enter and exit events, without recursion, so that
 * deep nesting cannot overflow the stack.
 *
 *   ov_iter it = ov_iter_start(root);
 *   ov_node *n; bool entering;
 *   while ((n = ov_iter_next(&it, &entering))) { ... }
 *
 * Leaf types (ov_node_is_leaf: text, code, breaks, code blocks, rules, raw
 * HTML, note references) give one enter event; every other node gives an
 * enter and an exit event, even when it has no children. */
typedef struct {
	ov_node *root, *next;
	bool next_entering;
} ov_iter;
/* The walk only reads the tree; nodes come back mutable for the passes. */
ov_iter ov_iter_start(const ov_node *root);
ov_node *ov_iter_next(ov_iter *it, bool *entering);
/* Skip the children of the node just entered: the next event is its exit. */
void ov_iter_skip_children(ov_iter *it, const ov_node *entered);

/* Runs the passes that both writers rely on: chapter numbers and file
 * names, heading ids, figures, footnote numbering, internal link
 * resolution, image loading (relative to book_dir) and the table of
 * contents. Problems go to doc->diag. */
void ov_doc_resolve(ov_doc *doc, const char *book_dir);

/* The last of the passes (ties.c): turns the spaces where a line break
 * would mislead ("Chapter 3", "p. 5", "J. R. R. Tolkien", "10 GB") into
 * U+00A0: a text node is split after each (the parts in the document's
 * arena, each with its own column), and a soft break between two such
 * words becomes a text node of U+00A0. English
 * rules only when the book's language is `en*`; never in code, formulas,
 * raw HTML or URLs. */
void ov_doc_ties(ov_doc *doc);

/* Whether BCP 47 tag lang is English ("en", "en-US"). */
bool ov_language_is_english(const char *lang);

/* Highlights every code block under root whose info string names a known
 * language (doc/highlight.c; GNU source-highlight): fills as.code.language
 * and spans, in doc->arena. A language's definition that cannot be loaded
 * is a warning, once per language; unknown languages stay plain, silently.
 * ov_doc_resolve calls it. */
void ov_doc_highlight(ov_doc *doc);

/* The canonical name of the language a fence's info string names
 * ("py" -> "python", "rust,ignore" -> "rust"), or NULL; a static string. */
const char *ov_code_language(const char *info);

/* Writes "x" as an id-safe slug of text into the arena: lower case ASCII
 * letters and digits, other runs become '-', never empty ("section"). */
const char *ov_slugify(ov_arena *a, const char *text);

/* The id GitHub gives a heading of plain text text (ghrules): lower case,
 * letters, marks, digits, '_' and '-' kept, other punctuation, symbols and
 * emoji removed, each space a '-' (runs not collapsed); may be "" (a
 * heading of emoji alone). In doc's arena. Duplicates are numbered by the
 * caller ("x", "x-1", "x-2"). */
const char *ov_github_id(ov_arena *a, const char *text);
/* name made a valid XML id (an NCName, which EPUB's XHTML requires):
 * characters not allowed in a name are left out, and "s-" goes before a
 * name that cannot start one ("1-intro" -> "s-1-intro"); "section" when
 * nothing is left; equal to name when that is valid already. In the arena. */
const char *ov_xml_id(ov_arena *a, const char *name);

/* Serialises the tree as an indented S-expression (for tests):
 *   (chapter "Title" (heading 1 (text "Title")) ...) */
char *ov_doc_dump(const ov_doc *doc, const ov_node *n);

#endif
