/*
 * internal.h - what the parts of the math parser share: tokens (lex.c),
 * the command table (symbols.c), the math alphabets (alphabet.c) and the
 * macro sets (macros.c). Not used outside src/math.
 */
#ifndef OV_MATH_INTERNAL_H
#define OV_MATH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "math/math.h"

/* ---- tokens (TeXbook chapter 7, reduced to what math needs) ---- */

typedef enum {
	OV_MT_EOF,
	OV_MT_CHAR,  /* one character (cp); { } ^ _ & # ~ are characters too */
	OV_MT_CS,    /* a control sequence: name[0..nlen) without its backslash */
	OV_MT_SPACE, /* a run of white space (ignored in math, kept for \text) */
	OV_MT_PARAM, /* #1..#9 in a macro body: cp is the number */
} ov_mtok_type;

typedef struct {
	uint8_t type;
	uint16_t nlen;    /* OV_MT_CS */
	uint32_t cp;      /* OV_MT_CHAR, OV_MT_PARAM */
	uint32_t off;     /* byte offset in the formula; for tokens of an expansion,
	                   * the offset of the outermost macro use */
	const char *name; /* OV_MT_CS: points into the source or into a macro set */
} ov_mtok;

/* Appends the tokens of s[0..len) to *toks (malloc'ed, *count and *cap
 * updated), offsets counted from base. A control word swallows the white
 * space after it (TeXbook p. 46); '%' starts a comment to the end of the
 * line. Never fails: invalid UTF-8 becomes U+FFFD. */
void ov_math_lex(const char *s, size_t len, uint32_t base, ov_mtok **toks, size_t *count, size_t *cap);

/* ---- the command table ---- */

typedef enum {
	OV_MK_SYM,      /* a character of class cls (arg: OV_MSYM_* flags) */
	OV_MK_OPNAME,   /* \lim \sin ...: text, arg 1 = limits in display */
	OV_MK_FONT,     /* \mathbf{..}: arg the font */
	OV_MK_FONTSW,   /* \bf: font switch to the end of the group */
	OV_MK_FRAC,     /* arg: 0 frac 1 dfrac 2 tfrac 3 cfrac 4 binom 5 dbinom 6 tbinom 7 genfrac */
	OV_MK_INFIX,    /* arg: 0 over 1 choose 2 atop 3 above 4 brace 5 brack */
	OV_MK_SQRT,
	OV_MK_ACCENT,   /* cp the accent, arg OV_MACC_* */
	OV_MK_OVER,     /* \overline \overbrace ... (arg 0) \underline \underbrace ... (arg 1): cp stretched */
	OV_MK_XARROW,   /* \xrightarrow[below]{above}: cp the arrow */
	OV_MK_OVERSET,  /* arg: 0 overset 1 underset 2 stackrel */
	OV_MK_SPACE,    /* arg mu, or OV_MSPACE_WORD */
	OV_MK_HSPACE,   /* arg: 0 \hspace{dim} 1 \hskip dim 2 \kern dim 3 \mkern mu 4 \mskip mu */
	OV_MK_STYLE,    /* arg the style */
	OV_MK_TEXT,     /* arg the face */
	OV_MK_CLASS,    /* \mathbin{..}: cls */
	OV_MK_BIG,      /* \big( ...: arg size 1..4, cls */
	OV_MK_LEFT, OV_MK_MIDDLE, OV_MK_RIGHT,
	OV_MK_LIMITS,   /* arg ov_mlimits */
	OV_MK_OPERATORNAME,
	OV_MK_NOT,
	OV_MK_PHANTOM,  /* arg 0 both 1 h 2 v */
	OV_MK_SMASH,
	OV_MK_BEGIN, OV_MK_END,
	OV_MK_CR,       /* \\ \cr */
	OV_MK_HLINE,
	OV_MK_NEWCMD,   /* arg 0 new 1 renew 2 provide */
	OV_MK_DEF, OV_MK_LET, OV_MK_DECLOP,
	OV_MK_TAG, OV_MK_LABEL, OV_MK_NONUMBER,
	OV_MK_REF,      /* arg 1 \eqref 0 \ref */
	OV_MK_COLOR,    /* arg 0 \color{c} 1 \textcolor{c}{x} 2 \colorbox{c}{x} */
	OV_MK_IGNORE,   /* \relax \allowbreak ...: nothing */
	OV_MK_MOD,      /* arg 0 bmod 1 pmod 2 pod 3 mod */
	OV_MK_SUBSTACK,
	OV_MK_BOXED,
} ov_mkind_cmd;

#define OV_MSYM_LARGE 1  /* a big operator with a display size */
#define OV_MSYM_DELIM 2  /* may follow \left \right \big */
#define OV_MSYM_LETTER 4 /* mapped through the alphabets (Greek, dotless i, partial) */
#define OV_MSYM_ITALIC 8 /* \varGamma ...: italic capital */
#define OV_MACC_WIDE 1
#define OV_MACC_BOTTOM 2
#define OV_MSPACE_WORD 1000 /* \  and ~: an interword space, 1/3 em */
#define OV_MSYM_THICK 16   /* amsmath's \iff \implies \impliedby: \; before and after */
#define OV_MSYM_COLON 32   /* amsmath's \colon (see parse.c) */
/* \boldsymbol and \bm: bold italic letters and lowercase Greek, bold
 * upright Greek capitals (unicode-math's bold-style=TeX); recorded in the
 * nodes as OV_MFONT_BFIT. */
#define OV_MFONT_BOLDSYM 100

typedef struct {
	const char *name; /* without the backslash */
	uint8_t kind;     /* ov_mkind_cmd */
	uint8_t cls;      /* ov_mclass */
	uint32_t cp;
	int arg;
	const char *text; /* OV_MK_OPNAME: the operator's letters */
} ov_msym;

/* The command named name[0..len) (without backslash), or NULL. */
const ov_msym *ov_math_sym(const char *name, size_t len);
/* The entry of a character typed directly (U+0080 and above, not a
 * letter: "≤" is \le's), or NULL. */
const ov_msym *ov_math_sym_char(uint32_t cp);
/* The table itself, sorted by name in byte order (for tests). */
const ov_msym *ov_math_syms(size_t *count);
/* The precomposed negation of cp (\not= -> U+2260), or 0. */
uint32_t ov_math_negate(uint32_t cp);

/* ---- alphabets ---- */

/* The character that cp (an ASCII letter or digit, a Greek letter,
 * dotless i/j, partial, nabla) becomes in font (ov_mfont or
 * OV_MFONT_BOLDSYM), as unicode-math maps them with math-style=TeX;
 * cp itself when the font has no such character. */
uint32_t ov_math_alpha(uint32_t cp, int font);

/* ---- macros ---- */

typedef struct {
	const char *name;  /* without backslash, owned by the set */
	size_t nlen;
	int params;        /* 0..9 */
	ov_mtok *body;     /* tokens; OV_MT_PARAM for #n; names point into the set */
	size_t count;
	ov_mtok *opt;      /* the default of an optional first argument, or NULL (no optional) */
	size_t opt_count;
	bool has_opt;
	const ov_msym *let; /* \let\a\b to a built-in command: the command (body unused) */
} ov_mmacro;

/* The macro named name[0..len) in mm or its parents, or NULL. */
const ov_mmacro *ov_math_macro_find(const ov_math_macros *mm, const char *name, size_t len);
/* Defines a macro in mm from tokens (copied, names included; '#' CHAR
 * followed by a digit becomes a parameter). Returns false with a message
 * in why when a '#' is not followed by a parameter number up to params. */
bool ov_math_macro_set(ov_math_macros *mm, const char *name, size_t nlen, int params, const ov_mtok *body,
                       size_t count, const ov_mtok *opt, size_t opt_count, bool has_opt, char *why, size_t size);
/* \let\name\cmd: name becomes the built-in command sym. */
void ov_math_macro_let(ov_math_macros *mm, const char *name, size_t nlen, const ov_msym *sym);
/* \let\name\macro: a copy of macro m under the new name. */
void ov_math_macro_copy(ov_math_macros *mm, const char *name, size_t nlen, const ov_mmacro *m);

#endif
