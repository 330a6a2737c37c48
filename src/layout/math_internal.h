/*
 * math_internal.h - what the files of the math layout share (math.h is
 * the stage's API). Items of a formula go to one growable array in the
 * order they are made; a box is a range of it plus its extent, so that
 * putting a box inside another is moving its range, never copying it.
 *
 * Files by job: math_box.c (items, boxes, glyphs, the dump), math_list.c
 * (the list walk: styles, atom classes and spacing, rules 5-22 dispatch,
 * chunks, the entry point), math_script.c (rules 13, 13a, 17, 18),
 * math_frac.c (15), math_radical.c (11), math_accent.c (9, 10, 12 and
 * over/under stacks), math_delim.c (stretchy glyphs, 19), math_array.c
 * (matrices, cases, aligned).
 */
#ifndef OV_LAYOUT_MATH_INTERNAL_H
#define OV_LAYOUT_MATH_INTERNAL_H

#include "font/glyph.h"
#include "layout/math.h"

/* A box being built: items[first..end) of the context, extent in pt. */
typedef struct {
	double w, h, d;
	double italic;      /* italic correction of a one-glyph box (TeX's "symbol"), pt */
	double accent_x;    /* top accent attachment from the left, pt (one-glyph box) */
	double y;           /* a row of a display: its baseline in the formula's box */
	size_t first, end;
	uint32_t gid;       /* one-glyph box: its glyph (for cut-in kerns), else 0 */
	bool glyph;         /* one character of the math font */
	bool extended;      /* MathExtendedShapeCoverage */
} mbox;

/* A place the top-level list may break, found by the list walk. */
typedef struct {
	size_t item;        /* items before it belong to the chunk before */
	double end_x;       /* x where the chunk before it ends */
	double x;           /* x where the chunk after it starts (after the glue) */
	double glue;        /* the space before the next atom */
	double h, d;        /* extent of the chunk before it */
	int penalty;
	uint32_t end_off;   /* source end of the chunk before */
	uint32_t next_off;  /* source start of the chunk after */
} mbreak;

typedef struct {
	const ov_math_env *env;
	const ov_math_metrics *mm;
	ov_arena *arena;
	ov_mitem *items;
	size_t count, cap;
	ov_glyph_run run;   /* \text shaping, reused */
	int depth;          /* nesting of lists being laid out */
	int lead;           /* class of an atom taken to precede the next list laid out
	                     * (aligned's {} before its left-aligned cells), -1 none */
	size_t missing;
	uint32_t missing_cp, missing_off;
	double last_size;   /* pt: the size of the last character of the math font set
	                     * (ov_mbox_char; not delimiters), 0 none yet: XeTeX's cur_f,
	                     * whose constants its fractions' gaps take (math_frac.c) */
	mbreak *breaks;     /* the top-level list's break places (NULL: not wanted) */
	size_t break_count, break_cap;
	double last_h, last_d; /* extent of the top-level list's last chunk */
	/* rows of a top-level array or \\ list (want_rows: wanted) */
	bool want_rows;
	mbox *rows;
	size_t row_count;
	double row_gap;
} mctx;

/* ---- styles and sizes (TeXbook p. 140 and p. 441) ---- */
static inline bool mcramped(ov_mstyle s) { return s & 1; }
static inline ov_mstyle msup(ov_mstyle s) { return (ov_mstyle)((s < OV_MSTYLE_S ? OV_MSTYLE_S : OV_MSTYLE_SS) | (s & 1)); }
static inline ov_mstyle msub(ov_mstyle s) { return (ov_mstyle)(msup(s) | 1); }
static inline ov_mstyle mnum(ov_mstyle s)
{
	return (ov_mstyle)((s < OV_MSTYLE_T ? OV_MSTYLE_T : s < OV_MSTYLE_S ? OV_MSTYLE_S : OV_MSTYLE_SS) | (s & 1));
}
static inline ov_mstyle mden(ov_mstyle s) { return (ov_mstyle)(mnum(s) | 1); }
static inline ov_mstyle mcramp(ov_mstyle s) { return (ov_mstyle)(s | 1); }
static inline bool mdisplay(ov_mstyle s) { return s <= OV_MSTYLE_DC; }
/* the 'ssty' level: 0 for D and T, 1 for S, 2 for SS */
static inline int mlevel(ov_mstyle s) { return s < OV_MSTYLE_S ? 0 : s < OV_MSTYLE_SS ? 1 : 2; }

/* The font size of style s, pt. */
double ov_msize(const mctx *c, ov_mstyle s);
/* MATH constant k in style s, pt (a percent constant is returned as is). */
double ov_mconst(const mctx *c, ov_math_constant k, ov_mstyle s);
/* 1/1000 em of the math font in style s -> pt. */
static inline double mpt(const mctx *c, ov_mstyle s, double v) { return v * ov_msize(c, s) / 1000; }

/* ---- items and boxes (math_box.c) ---- */
mbox ov_mbox_empty(mctx *c);
/* Appends a glyph item at (x, y) and returns its index. */
size_t ov_mitem_glyph(mctx *c, uint32_t gid, uint32_t cp, double size, double x, double y);
void ov_mitem_rule(mctx *c, double x, double y, double w, double h);
/* Moves the items of b by (dx, dy). */
void ov_mbox_shift(mctx *c, const mbox *b, double dx, double dy);
/* The box of character cp in style s (a missing one: empty, half an em
 * wide, counted with off); level of the 'ssty' variant from s. */
mbox ov_mbox_char(mctx *c, uint32_t cp, ov_mstyle s, uint32_t off);
/* The box of glyph gid (a variant) standing for cp at size pt. */
mbox ov_mbox_gid(mctx *c, uint32_t gid, uint32_t cp, double size);
/* b followed by a (items of a right after b's): one box; a is moved right
 * by b.w + gap. */
mbox ov_mbox_hcat(mctx *c, mbox b, mbox a, double gap);
/* Drops the items of b (phantoms), keeping its extent. */
void ov_mbox_drop(mctx *c, mbox *b);

/* ---- the list walk (math_list.c) ---- */
/* Lays out list in style s; brk: collect top-level break places. */
mbox ov_mlist(mctx *c, const ov_mnode *list, ov_mstyle s, bool brk);
/* The box of a nucleus-like argument: a list in style s, NULL empty. */
static inline mbox mlist(mctx *c, const ov_mnode *list, ov_mstyle s) { return ov_mlist(c, list, s, false); }

/* ---- the noads (one file each) ---- */
/* ATOM: rules 13, 13a, 16-18; limits decided here. */
mbox ov_matom(mctx *c, const ov_mnode *n, ov_mstyle s);
/* The scripts of any noad with nucleus box nuc (rule 18). */
mbox ov_mscripts(mctx *c, const ov_mnode *n, mbox nuc, ov_mstyle s);
/* Rule 13a: over and under (lists, NULL none) set as limits of nuc in style
 * s, delta the nucleus's italic correction. */
mbox ov_mlimits_box(mctx *c, mbox nuc, const ov_mnode *over, const ov_mnode *under, ov_mstyle s, double delta);
mbox ov_mfrac(mctx *c, const ov_mnode *n, ov_mstyle s);
mbox ov_mradical(mctx *c, const ov_mnode *n, ov_mstyle s);
mbox ov_maccent(mctx *c, const ov_mnode *n, ov_mstyle s);
mbox ov_moverunder(mctx *c, const ov_mnode *n, ov_mstyle s);
mbox ov_mfenced(mctx *c, const ov_mnode *n, ov_mstyle s);
mbox ov_marray(mctx *c, const ov_mnode *n, ov_mstyle s, bool rows);
/* \boxed: the body in display style framed as LaTeX's \fbox (math_box.c). */
mbox ov_mboxed(mctx *c, const ov_mnode *n);

/* ---- stretchy glyphs (math_delim.c) ---- */
/* Glyph cp grown to at least need pt (vertical: height + depth; horizontal:
 * width) through its size variants, then its assembly; the largest variant
 * when neither reaches. The glyph keeps its own baseline (vertical
 * assemblies stand on depth 0 and are re-centred by the caller). */
mbox ov_mstretch(mctx *c, uint32_t cp, double need, bool horizontal, ov_mstyle s, uint32_t off);
/* A delimiter (0: the null delimiter, \nulldelimiterspace wide) of at
 * least need pt in total, centred on the axis (rule 19). */
mbox ov_mdelim(mctx *c, uint32_t cp, double need, ov_mstyle s, uint32_t off);
/* Box r between the delimiters left and right (either may be 0: the null
 * delimiter), each ov_mdelim of need pt; off is where the node starts in
 * the source and end where it ends (for a delimiter the font lacks). */
mbox ov_mbox_fence(mctx *c, mbox r, uint32_t left, uint32_t right, double need, ov_mstyle s, uint32_t off,
                   uint32_t end);
/* The size a \left...\right pair needs around a formula of height h and
 * depth d (TeX's \delimiterfactor 901, \delimitershortfall 5pt). */
double ov_mdelim_need(const mctx *c, double h, double d, ov_mstyle s);
/* \nulldelimiterspace (1.2pt at 10pt), pt */
double ov_mnulldelim(const mctx *c);

#endif
