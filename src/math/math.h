/*
 * math.h - the math stage: TeX math source -> a math list, and the math
 * list -> Presentation MathML. Pure: util only, no fonts, no I/O.
 *
 *   ov_math_macros *mm = ov_math_macros_new(NULL);       // book-wide: math-macros:
 *   ov_math_macros_define(mm, "\\R", "\\mathbb{R}", 0, &err); // from book.yaml
 *   ov_math_macros *ch = ov_math_macros_new(mm);          // one chapter's, on top
 *   const ov_math *m = ov_math_parse(&arena, src, len, true, ch);
 *   for (size_t i = 0; i < m->msg_count; i++) report(m->msgs[i].off, m->msgs[i].text);
 *   if (m->ok) lay_out(m->list); else show_source(src, len);
 *   ov_math_mathml(&buf, m, refs_fn, ctx);                 // the EPUB's <math>
 *   ov_math_macros_free(ch); ov_math_macros_free(mm);
 *
 * The math list follows The TeXbook (chapter 17 and Appendix G): a list
 * of noads, each an atom of one of eight classes (which decide the space
 * between neighbours, TeXbook p. 170) with a nucleus and optional
 * superscript and subscript, or a generalized fraction, radical, accent,
 * \left...\right group, array, space, style change or text. Letters are
 * already mapped to the Unicode mathematical alphanumerics the way
 * unicode-math does (x -> U+1D465 MATHEMATICAL ITALIC SMALL X, \mathbf{x}
 * -> U+1D431, \mathbb{R} -> U+211D), so a node's code point is the
 * character to look up in an OpenType math font and to write in MathML.
 *
 * Every node records the byte range of the source it came from, so that
 * layout problems can point at it and a formula broken across lines can
 * give each piece its own source for copy and paste.
 *
 * Bad input is never fatal: ov_math_parse always returns a result, with
 * its problems as messages (byte offset into the source + text, GNU style
 * lower case, no position: the caller turns offsets into line:column).
 * When any message is an error, ok is false and the caller shows the
 * source instead. Limits below bound the work any input can cause.
 */
#ifndef OV_MATH_H
#define OV_MATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

/* ---- limits (documented in README.md, "Mathematics") ---- */

/* Longest formula source parsed, bytes; a longer one is an error. */
#define OV_MATH_MAX_LEN 16384
/* Deepest nesting of groups, scripts, fractions, environments, \left. */
#define OV_MATH_MAX_DEPTH 64
/* Most macro expansions in one formula (\newcommand, \def, math-macros:);
 * one more is an error ("macro expansion limit ... exceeded"), which stops
 * a recursive macro. */
#define OV_MATH_MAX_EXPANSIONS 10000
/* Most tokens one formula may grow to through expansion. */
#define OV_MATH_MAX_TOKENS 65536
/* Most macro parameters (TeX's #1..#9). */
#define OV_MATH_MAX_PARAMS 9
/* Most rows and columns of one array environment. */
#define OV_MATH_MAX_ROWS 1024
#define OV_MATH_MAX_COLS 64
/* Most messages kept per formula (the rest are counted, not kept). */
#define OV_MATH_MAX_MSGS 16

/* ---- the math list ---- */

/* Atom classes, TeXbook p. 158; their order is that of the spacing table
 * (TeXbook p. 170), which the layout indexes with them. */
typedef enum {
	OV_MCLASS_ORD,
	OV_MCLASS_OP,
	OV_MCLASS_BIN,
	OV_MCLASS_REL,
	OV_MCLASS_OPEN,
	OV_MCLASS_CLOSE,
	OV_MCLASS_PUNCT,
	OV_MCLASS_INNER,
	OV_MCLASS__COUNT
} ov_mclass;

/* Styles, TeXbook p. 140: D T S SS, each with its cramped variant (odd). */
typedef enum {
	OV_MSTYLE_D = 0, OV_MSTYLE_DC, OV_MSTYLE_T, OV_MSTYLE_TC,
	OV_MSTYLE_S, OV_MSTYLE_SC, OV_MSTYLE_SS, OV_MSTYLE_SSC,
	OV_MSTYLE_NONE = 255 /* no forced style */
} ov_mstyle;

typedef enum {
	OV_MN_ATOM,     /* nucleus (a character or a sub-list) with scripts, of class cls */
	OV_MN_FRAC,     /* \frac \dfrac \tfrac \binom \over \choose \atop, \cfrac */
	OV_MN_RADICAL,  /* \sqrt, \sqrt[n] */
	OV_MN_ACCENT,   /* \hat \widehat \bar \vec \dot ... and \underline-type bottom accents */
	OV_MN_OVERUNDER,/* \overline \underline \overbrace \underbrace \overset \underset \stackrel,
	                 * \xrightarrow: a body with something set over and/or under it */
	OV_MN_FENCED,   /* \left ... \middle ... \right */
	OV_MN_ARRAY,    /* matrix, cases, aligned, array ... environments */
	OV_MN_SPACE,    /* \, \: \; \! \quad \qquad \hspace \mkern, ~ */
	OV_MN_STYLE,    /* \displaystyle \textstyle \scriptstyle \scriptscriptstyle: from here on */
	OV_MN_TEXT,     /* \text{...} \mbox \textrm ...: text in a text face */
	OV_MN_REF,      /* \eqref{label} \ref{label}: an equation's number, filled in by the caller */
	OV_MN_PHANTOM,  /* \phantom \hphantom \vphantom: room without ink */
	OV_MN_BREAK,    /* \\ at the top level of a display outside an environment: rows (gathered) */
	OV_MN_SMASH,    /* \smash \smash[t] \smash[b]: the body drawn, its height and/or depth taken as 0 */
	OV_MN_BOXED,    /* \boxed: the body in display style inside a frame (LaTeX's \fbox) */
} ov_mkind;

/* Math alphabets (fonts) a character or text may ask for, kept so that
 * MathML can say mathvariant where no Unicode character exists, and so
 * that \text knows its face. */
typedef enum {
	OV_MFONT_DEFAULT = 0, /* letters italic, the rest upright */
	OV_MFONT_RM, OV_MFONT_IT, OV_MFONT_BF, OV_MFONT_BFIT, OV_MFONT_SF, OV_MFONT_TT,
	OV_MFONT_BB, OV_MFONT_CAL, OV_MFONT_FRAK, OV_MFONT_SFBF,
} ov_mfont;

/* Text faces of OV_MN_TEXT (the book's faces: regular, italic, bold, bold italic, mono). */
typedef enum { OV_MTEXT_RM, OV_MTEXT_IT, OV_MTEXT_BF, OV_MTEXT_BFIT, OV_MTEXT_TT } ov_mtext_face;

/* Where an operator's limits go (\limits, \nolimits; default: above and
 * below in display style for \sum-like operators, to the side otherwise
 * and always for \int-like ones). */
typedef enum { OV_MLIMITS_DEFAULT = 0, OV_MLIMITS_YES, OV_MLIMITS_NO } ov_mlimits;

/* Array environments; they differ in delimiters, alignment, spacing and style. */
typedef enum {
	OV_MARRAY_MATRIX,   /* matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix (delimiters in left/right) */
	OV_MARRAY_SMALL,    /* smallmatrix: script style, tighter */
	OV_MARRAY_CASES,    /* cases (left brace), dcases, rcases */
	OV_MARRAY_ALIGNED,  /* aligned, align, align*, split, alignat: rl rl ..., display style */
	OV_MARRAY_GATHERED, /* gathered, gather, gather*, multline: centred rows, display style */
	OV_MARRAY_ARRAY,    /* array{lcr} and subarray */
} ov_marray_kind;

typedef struct ov_mnode ov_mnode;

/* One row's equation number or tag in a display (align rows are numbered
 * one by one; a single equation has one row). */
typedef struct {
	bool numbered;      /* gets a number from the document (equation, align, gather, or a
	                     * \label in a plain $$ display) */
	const char *tag;    /* \tag{...} as written (its TeX source), NULL none; \tag* in tag_star */
	bool tag_star;      /* \tag*: no parentheses */
	const char *label;  /* \label{...}, NULL none */
	uint32_t label_off; /* where the \label is, for messages */
} ov_mrow_tag;

struct ov_mnode {
	ov_mkind kind;
	ov_mclass cls;        /* spacing class (ATOM: as given; FRAC, FENCED: INNER; others ORD) */
	uint32_t off, len;    /* source bytes [off, off + len) of the formula this came from */
	ov_mnode *next;       /* the next noad of the same list */
	ov_mnode *sup, *sub;  /* scripts (lists), NULL none; a script written as {} is a list
	                       * with an empty ATOM (cp 0, list NULL) */
	uint8_t primes;       /* ' ' ' written after the nucleus (becomes U+2032.. in the superscript) */
	ov_mlimits limits;    /* ATOM of class OP */
	union {
		struct {                /* ATOM */
			uint32_t cp;        /* the character, 0 when the nucleus is list (or empty) */
			ov_mnode *list;     /* a sub-formula in braces, or the letters of \operatorname */
			ov_mfont font;      /* the alphabet asked for (cp is already mapped) */
			uint8_t big;        /* \big=1 \Big=2 \bigg=3 \Bigg=4: a delimiter of that size */
			bool stretchy;      /* a delimiter or arrow that stretches (\middle handled in FENCED) */
			bool large_op;      /* OP from a character that has a display size (\sum \int ...) */
			bool negated;       /* \not before it: struck through (no precomposed character) */
		} atom;
		struct {                /* FRAC */
			ov_mnode *num, *den;
			int thickness;      /* -1 the font's rule (\frac), 0 none (\binom, \atop),
			                       else 1/1000 em from \genfrac */
			uint32_t left, right; /* delimiters (\binom: '(' ')'), 0 none */
			ov_mstyle style;    /* \dfrac D, \tfrac T, \cfrac D; NONE: from the context */
			bool cfrac;         /* \cfrac: amsmath's \strut in the numerator and
			                     * -\nulldelimiterspace after it */
			char num_align;     /* \cfrac[l] 'l', \cfrac[r] 'r'; 0: the numerator centred */
		} frac;
		struct {                /* RADICAL */
			ov_mnode *body, *degree; /* degree NULL for a square root */
		} radical;
		struct {                /* ACCENT */
			uint32_t cp;        /* the accent character (U+0302, U+0303, U+20D7 ...) */
			ov_mnode *body;
			bool wide;          /* \widehat \widetilde \overrightarrow...: stretch over the body */
			bool bottom;        /* \underbar-like: under the body */
		} accent;
		struct {                /* OVERUNDER */
			ov_mnode *body;
			ov_mnode *over, *under; /* labels (overset, \overbrace^{...}), NULL none */
			uint32_t over_cp, under_cp; /* the stretched glyph: U+203E overline and U+005F
			                           * underline (drawn as rules), U+23DE/U+23DF braces,
			                           * U+23DC/U+23DD parens, U+23B4/U+23B5 brackets; 0 none.
			                           * \xrightarrow and kin: both 0, the body is the arrow (one
			                           * stretchy REL atom) and the node's class is REL;
			                           * \overset takes the class of a one-atom body,
			                           * \stackrel is REL */
		} overunder;
		struct {                /* FENCED */
			size_t count;       /* bodies; delims has count + 1 entries */
			uint32_t *delims;   /* left, middles..., right; 0 is the null delimiter '.' */
			ov_mnode **bodies;
		} fenced;
		struct {                /* ARRAY */
			ov_marray_kind akind;
			uint32_t rows, cols;
			ov_mnode **cells;   /* rows * cols lists, row-major; NULL: empty cell */
			char *align;        /* cols letters 'l' 'c' 'r' (array: as given; aligned: "rlrl...") */
			bool *vlines;       /* cols + 1: a rule before column c (array's '|'), or NULL */
			bool *hlines;       /* rows + 1: \hline before row r, or NULL */
			uint32_t left, right; /* delimiters around it (pmatrix '(' ')'; cases '{' 0) */
			ov_mrow_tag *tags;  /* rows entries, for align/gather at the top of a display; NULL */
			int col_sep;        /* 1/1000 em between columns; 0 the environment's default */
			bool script;        /* subarray and \substack: cells in script style, packed
			                     * as amsmath packs them (no strut, no column space) */
		} array;
		struct {                /* SPACE */
			int mu;             /* in mu (1/18 em of the math font): \, 3, \: 4, \; 5, \! -3,
			                     * \quad 18, \qquad 36 */
			bool em_based;      /* \hspace, \kern in em or pt, converted: mu is then 1/1000 em */
			bool word;          /* \  and ~: the book face's interword space (TeX: the text
			                     * font's); mu then holds 333 (1/3 em, em_based) for
			                     * outputs without the face */
			bool nonscript;     /* dropped in script styles (TeX's \nonscript: \colon) */
		} space;
		struct {                /* STYLE */
			ov_mstyle style;
		} style;
		struct {                /* TEXT */
			const char *text;   /* UTF-8, NUL-terminated (arena); inline math inside \text
			                     * ($...$) is not supported and stays text */
			size_t len;
			ov_mtext_face face;
		} text;
		struct {                /* REF */
			const char *label;
			bool paren;         /* \eqref: "(3.2)"; \ref: "3.2" */
		} ref;
		struct {                /* PHANTOM */
			ov_mnode *body;
			bool width, height; /* \phantom both, \hphantom width only, \vphantom height only */
		} phantom;
		struct {                /* SMASH */
			ov_mnode *body;
			bool top, bottom;   /* zero the height (\smash, \smash[t]), the depth (\smash, \smash[b]) */
		} smash;
		struct {                /* BOXED */
			ov_mnode *body;
		} boxed;
	} u;
};

/* A message about the formula: off is a byte offset into its source. */
typedef struct {
	uint32_t off;
	bool error;         /* false: a warning (the formula is still set) or a note */
	bool note;          /* a note (\color ignored ...) */
	char text[160];     /* "unknown math command '\\sigmoid'" */
} ov_math_msg;

typedef struct ov_math {
	ov_mnode *list;     /* the formula, NULL when empty */
	bool display;       /* parsed as a display */
	bool ok;            /* no error: list may be laid out; otherwise show the source */
	ov_math_msg msgs[OV_MATH_MAX_MSGS];
	size_t msg_count;   /* kept messages */
	size_t msg_dropped; /* messages beyond OV_MATH_MAX_MSGS */
	/* a display's equation rows: one entry for a single equation, one per
	 * row for align/gather (then the ARRAY at the top of list has them in
	 * u.array.tags too); inline math: 0 */
	ov_mrow_tag *rows;
	size_t row_count;
	/* every \eqref and \ref of the formula (REF nodes), in source order */
	const ov_mnode **refs;
	size_t ref_count;
	const char *src;    /* the source (not copied: the caller's text) */
	size_t len;
} ov_math;

/* ---- macros ---- */

/* A set of macros (\newcommand, \def, book.yaml's math-macros:), looked
 * up in it and then in its parent. Not thread-safe; a parsed formula does
 * not point into it. */
typedef struct ov_math_macros ov_math_macros;

/* A new, empty set on top of parent (NULL: none); parent must outlive it. */
ov_math_macros *ov_math_macros_new(const ov_math_macros *parent);
void ov_math_macros_free(ov_math_macros *mm);
/* Defines name (with its backslash: "\\R") as body[0..len) taking params
 * arguments (0..9; #1..#9 in body), replacing any same-named macro of
 * this set. Returns false with a message in why (size bytes) when name
 * or body cannot be a macro (a name that is not a control sequence, a
 * '#' beyond params, unbalanced braces). */
bool ov_math_macros_define(ov_math_macros *mm, const char *name, const char *body, size_t len, int params,
                           char *why, size_t size);

/* ---- parsing ---- */

/* Parses the TeX math src[0..len) (what is between the dollars, or a
 * ```math block's text) as inline math or as a display. \newcommand,
 * \renewcommand and \def in the formula define into macros (which may be
 * NULL: then they are errors), for this and later formulas. Everything
 * returned lives in arena; src must outlive the result. Never NULL. */
const ov_math *ov_math_parse(ov_arena *arena, const char *src, size_t len, bool display,
                             ov_math_macros *macros);

/* Whether the command (with its backslash, "\\sum") is one the parser
 * knows (not counting macros): for tests and for the handbook's checks. */
bool ov_math_known_command(const char *name, size_t len);

/* Appends m's list as one line, an S-expression stable enough for golden
 * tests: a list is "(node node ...)", "()" when empty; a node is
 * "(KIND fields...)". An ATOM is its class (ord op bin rel open close punct
 * inner) then its character (printable ASCII as itself, else U+XXXX) or
 * its sub-list, then :font F :big N :stretchy :large :not :limits|:nolimits;
 * the others are (frac :num L :den L [:thick N] [:left C :right C] [:style S] [:cfrac]),
 * (sqrt L [:degree L]), (accent C L [:wide] [:bottom]), (overunder L
 * [:over-cp C] [:over L] [:under-cp C] [:under L]), (fenced D L D L ... D)
 * with nil for the null delimiter, (array KIND RxC :align S [:left C]
 * [:right C] [:vlines |..|] [:hlines -..] [:tagged] (cell cell ...)
 * per row), (space N [:em] [:word] [:nonscript]), (style S), (text FACE "s"), (eqref "l"),
 * (ref "l"), (phantom [:w] [:h] L), (break), (smash [:t] [:b] L), (boxed L);
 * a fraction may end with :cfrac and :num-align l|r; then [:class C] when not the
 * kind's own, :primes N, :sup L, :sub L. A display's rows follow:
 * (rows (row [:numbered] [:tag "t"|:tag* "t"] [:label "l"]) ...). */
void ov_math_dump(ov_buf *out, const ov_math *m);

/* ---- MathML ---- */

/* The text of an equation reference (\eqref{label}: "3.2", without the
 * parentheses, which the REF node adds), or NULL when label is unknown. */
typedef const char *(*ov_math_ref_fn)(void *ctx, const char *label);

/* Appends m as Presentation MathML (MathML Core elements, with
 * mathvariant only where Unicode has no character): <math
 * xmlns="http://www.w3.org/1998/Math/MathML" display="block"|"inline"
 * alttext="the TeX source">...</math>, escaped for XHTML. refs (may be
 * NULL) gives the numbers of \eqref; an unknown label is "??". For a
 * display with numbered rows, nums[i] (row_count entries, NULL entries
 * for unnumbered rows; nums may be NULL) is row i's number as printed
 * ("3.2"), set at the row's right in an <mtable> (mlabeledtr is not in
 * MathML Core, so a third column holds it), and ids[i] (same shape, may
 * be NULL) the id of row i's <mtr>, the target of links to it. Classes
 * on the mtable and mtd elements (ov-eqn, ov-eqpad, ov-eqno, ov-align,
 * ov-l, ov-r ...) are for the EPUB's stylesheet. m must be ok. */
void ov_math_mathml(ov_buf *out, const ov_math *m, ov_math_ref_fn refs, void *ctx, const char *const *nums,
                    const char *const *ids);

/* ---- plain text ---- */

/* Appends m as one line of Unicode text, for where a formula can be
 * neither typeset nor MathML: the PDF outline and /ActualText of a
 * formula in the contents, the EPUB's nav and toc.ncx, titles. Letters
 * stay the math alphanumerics of the list (x is U+1D465); scripts become
 * Unicode superscripts and subscripts where every character has one (x²,
 * xᵢ), else "^(...)" and "_(...)"; \frac is a/b with parentheses where a
 * part needs them, \sqrt √x or √(x+1), \binom (n¦k), accents combining
 * characters, \text as written, spaces U+2009 (\quad U+2003). refs (may
 * be NULL) gives the numbers of \eqref and \ref, "??" when unknown. When
 * m is not ok, its TeX source is appended as it is. plain.c says more. */
void ov_math_plain(ov_buf *out, const ov_math *m, ov_math_ref_fn refs, void *ctx);

#endif
