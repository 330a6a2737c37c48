/*
 * htmlmap.h - what html.c (the HTML text written and parsed, the walk
 * over the parsed tree) and htmlmap.c (what each element and attribute
 * becomes: paragraphs, text, images, anchors, tables) share: the state of
 * the mapping and the helpers of the walk. Private to src/markdown.
 */
#ifndef OV_MARKDOWN_HTMLMAP_H
#define OV_MARKDOWN_HTMLMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "internal.h"
#include "util/buf.h"
#include "util/strmap.h"

/* ---- the HTML text (html.c) ---- */

/* Where the lines of the HTML text come from: from line html_line on, the
 * text's lines are the source's from src_line on. */
typedef struct {
	uint32_t html_line, src_line;
} seg;

typedef struct {
	ov_buf out;
	cmark_node **ref;   /* placeholders' nodes by number */
	size_t nref, cap;
	seg *segs;
	size_t nsegs, segcap;
	uint32_t lines;     /* newlines written so far */
} writer;


/* ---- mapping the parsed tree (htmlmap.c) ---- */

enum kind {
	K_INLINE,     /* tag dropped, content kept (span, u, mark, small, unknown tags) */
	K_DROP,       /* left out with its content, silently (script, style, head) */
	K_LOST,       /* left out with its content, with a warning (iframe, svg...) */
	K_VOID_LOST,  /* left out with a warning, but void in HTML5 and not in libxml2,
	               * which puts what follows inside it: that is walked (embed) */
	K_BLOCK,      /* a block boundary around its content (p, div, section...) */
	K_EM, K_STRONG, K_STRIKE, K_SUP, K_SUB, K_CODE, K_A, K_IMG, K_BR,
	K_HEADING, K_QUOTE, K_PRE, K_HR, K_LIST, K_LI, K_TABLE, K_ROWGROUP, K_TR, K_CELL, K_CAPTION,
	K_TERM,       /* summary: a paragraph in bold; dt: a definition list's term */
	K_DD,         /* dd: a definition list's definition */
	K_FIGURE, K_FIGCAPTION,
	K_PLACEHOLDER
};


enum mode {
	M_BLOCK,   /* blocks go into container; loose inlines into a paragraph */
	M_INLINE,  /* inlines only, into inl (a heading, a cell); blocks flattened */
	M_TABLE,   /* inside a table, outside its cells */
	M_SKIP     /* inside a code element (its text was taken whole) */
};

/* The state a parsed element changed, restored when it ends. */
typedef struct {
	xmlNode *e;
	enum mode mode;
	ov_node *container, *inl, *para;
	unsigned gen;
	int depth;
	bool boundary;      /* a block boundary at the end too */
	bool rowgroup;      /* a thead, tbody or tfoot: the rows after it are not its */
	ov_node *table;     /* the table being filled, restored after a nested one */
} frame;

/* A table being filled (the one BLOCK-mode table: one inside a cell is
 * flattened into the cell's text). */
typedef struct {
	ov_node *node;
	ov_node *row;
	bool head;          /* inside thead */
	int col;            /* next column in row */
	int *span_left;     /* per column: rows below the current one a rowspan still covers */
	bool *covered;      /* per column: a rowspan from above covers it in the current row */
	ov_node **span_owner; /* per column: the cell whose rowspan covers it, and its row */
	int *span_row;
	int rows;           /* rows so far */
	int span_cap;
	bool wide_warned;
} table_state;

/* Finding the columns of elements on their source line (hm_pos_of): the
 * start tags of the line searched last, by name, and the one left open
 * at its start (a tag over several lines). */
typedef struct {
	uint32_t line;        /* the parsed text's line indexed, 0 none */
	size_t at;            /* bytes into it past the last element found */
	ov_strmap tags;       /* lower-case name -> its '<' offsets on the line (a tag_offsets) */
	uint32_t open_line, open_col; /* the tag open at the line's start, 0 none */
	const char *open_name;
	size_t open_len;
	const xmlNode *el;    /* the element found last, and its position */
	ov_pos pos;
} colfind;

typedef struct {
	ov_md_conv *c;
	ov_doc *doc;
	writer *w;
	bool *used;           /* placeholders already converted */
	enum mode mode;
	ov_node *container;   /* where blocks go */
	ov_node *para;        /* the open paragraph of loose inlines, or NULL */
	ov_node *inl;         /* where inlines go, or NULL (a paragraph is opened) */
	unsigned gen;         /* paragraphs opened and closed so far */
	int depth;            /* containers below the chapter */
	ov_pos at;            /* the position of the HTML (for messages) */
	uint32_t line0;       /* its line in the parsed text */
	table_state t;
	bool flat_warned;
	ov_node *stray;       /* the item made for content between a list's items */
	colfind col;          /* figures part: elements' columns (hm_pos_of) */
} mapper;

/* The helpers of the walk (htmlmap.c), each documented where it is
 * defined. */
enum kind hm_kind_of(const xmlNode *e);
uint32_t hm_src_line(const mapper *m, long html_line);
ov_pos hm_pos_of(mapper *m, const xmlNode *n);
void hm_pos_skip(mapper *m, const xmlNode *e);
void hm_pos_dispose(mapper *m);
const char *hm_attr(mapper *m, const xmlNode *e, const char *name);
const char *hm_url_attr(mapper *m, const xmlNode *e, const char *name);
int hm_int_attr(mapper *m, const xmlNode *e, const char *name, int dflt, int max);
ov_node *hm_add(mapper *m, ov_node *parent, ov_node_type t, ov_pos pos);
bool hm_room(mapper *m, ov_pos pos);
/* HTML's ASCII whitespace. */
static inline bool hm_is_ws(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f'; }

/* The block an inline node is in (n itself when it is a block). */
ov_node *hm_inline_root(ov_node *n);
bool hm_ends_open(const ov_node *root);
ov_node *hm_block_parent(mapper *m, ov_pos pos);
ov_node *hm_deflist(mapper *m, ov_pos pos, ov_node **restore);
void hm_open_para(mapper *m, ov_pos pos);
void hm_trim_end(ov_node *n);
bool hm_empty_inlines(const ov_node *n);
void hm_split_images(mapper *m, ov_node *para);
void hm_close_para(mapper *m);
void hm_boundary(mapper *m, ov_pos pos);
void hm_add_text(mapper *m, const char *s, size_t len, ov_pos pos);
char *hm_text_of(const xmlNode *e);
const char *hm_code_info(mapper *m, const xmlNode *pre);
void hm_warn_lost(mapper *m, const xmlNode *e);
void hm_anchor_for(mapper *m, const xmlNode *e, enum kind k, ov_pos pos);
int hm_size_hint(mapper *m, const xmlNode *e, const char *name);
void hm_image(mapper *m, const xmlNode *e, ov_pos pos);

/* Tables. */
void hm_table_row(mapper *m, ov_pos pos);
ov_node *hm_table_cell(mapper *m, const xmlNode *e, ov_pos pos);
void hm_table_finish(mapper *m);

#endif
