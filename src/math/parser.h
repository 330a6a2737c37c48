/*
 * parser.h - what the two halves of the math parser share: parse.c (the
 * token stack, macro expansion, lists, items and commands) and env.c
 * (environments, their rows and cells, \substack, \tag \label
 * \nonumber and the equation rows of a display). Not used outside
 * src/math; everything here works on one parse and allocates nodes in
 * its arena.
 */
#ifndef OV_MATH_PARSER_H
#define OV_MATH_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "math/internal.h"

/* What a list being parsed is inside of: it decides which tokens end it. */
enum {
	OV_MCTX_TOP, OV_MCTX_GROUP, OV_MCTX_FENCED, OV_MCTX_CELL, OV_MCTX_OPT, OV_MCTX_ENV,
	OV_MCTX_DOLLAR, /* $...$ inside \text */
	OV_MCTX_COUNT
};

/* Severities of ov_mp_msg. */
#define OV_MP_ERR 2
#define OV_MP_WARN 1
#define OV_MP_NOTE 0

typedef struct {
	ov_mrow_tag tag;
	bool nonumber;
} row_state;

/* A list being built: head to tail through next. */
typedef struct {
	ov_mnode *head, *tail;
} lst;

/* The state of one parse. */
typedef struct ov_mparser {
	ov_arena *a;
	ov_math *m;
	ov_math_macros *macros;
	ov_mtok *stk;          /* pending tokens, the next one last */
	size_t sn, scap;
	size_t added;          /* tokens added by expansions */
	size_t expansions;
	bool stop;             /* a limit was hit: the rest is not parsed */
	int level;             /* nesting of item() */
	uint8_t ctx[OV_MATH_MAX_DEPTH * 2 + 8];
	int nctx;
	int open[OV_MCTX_COUNT];
	int font;              /* the alphabet letters take (ov_mfont or OV_MFONT_BOLDSYM) */
	bool upright_ops;      /* inside \operatorname: '-' and '*' are text characters */
	row_state *row;        /* where \tag \label \nonumber of a display go, NULL inline */
	row_state row0;        /* a display's single row */
	bool top_env;          /* the display is one equation/align/gather environment */
	bool env_star;         /* ... a starred one: unnumbered */
	bool multline;         /* ... multline: one number, on its last row */
	row_state *env_rows;   /* its rows (malloc'ed) */
	size_t env_row_count;
	bool hline;            /* \hline seen in the current array row */
	const ov_mnode **refs; /* malloc'ed */
	size_t ref_count, ref_cap;
	bool color_noted;
	const char *cname;     /* the control sequence last looked up (the same token is asked */
	size_t cnlen;          /* about several times in a row), and what it is */
	const ov_mmacro *cmac;
	const ov_msym *csym;
	ov_mtok *argbuf;       /* macro arguments being collected */
	size_t argn, argcap;
} P;

static inline bool is_char(const ov_mtok *t, uint32_t c) { return t->type == OV_MT_CHAR && t->cp == c; }

/* ---- parse.c ---- */

/* Adds a message of severity sev (OV_MP_ERR makes the formula not ok)
 * at byte off; the first OV_MATH_MAX_MSGS are kept. */
__attribute__((format(printf, 4, 5))) void ov_mp_msg(P *p, uint32_t off, int sev, const char *fmt, ...);
/* An error after which nothing more is parsed (a limit). */
void ov_mp_fatal(P *p, uint32_t off, const char *text);
/* Puts t back as the next token. */
void ov_mp_unget(P *p, ov_mtok t);
/* The next token that is not a space, macros expanded: left in place
 * (peek) or taken (take); OV_MT_EOF at the end. */
ov_mtok ov_mp_peek(P *p);
ov_mtok ov_mp_take(P *p);
/* The command a control sequence stands for (a \let counts), or NULL. */
const ov_msym *ov_mp_command(P *p, const ov_mtok *t);
/* A new node of the arena, class ORD. */
ov_mnode *ov_mp_node(P *p, ov_mkind kind, uint32_t off);
/* Marks n's source range as ending at end (the offset after what it took). */
void ov_mp_span(P *p, ov_mnode *n, uint32_t end);
/* Where the source consumed so far ends: the offset of the next token. */
uint32_t ov_mp_here(P *p);
/* A list as one nucleus: itself when it is one ATOM without scripts,
 * else an ORD atom around it. */
ov_mnode *ov_mp_wrap(P *p, ov_mnode *list, uint32_t off);
/* A list up to what ends it in context kind (OV_MCTX_*), left in place. */
ov_mnode *ov_mp_list(P *p, int kind);
/* Skips an optional argument [..] without reading it. */
void ov_mp_skip_opt(P *p);
/* A group's text read without expansion, as it would print in a text
 * face (\text, \tag, \label ...): braces dropped, spaces collapsed,
 * escaped characters unescaped; in the arena. *dollar (if not NULL) tells
 * whether it held a '$'. The source bytes of the argument in [*from, *to)
 * when they are the formula's own, else *from == *to. */
char *ov_mp_text_arg(P *p, const ov_mtok *cmd, bool *ok, bool *dollar, uint32_t *from, uint32_t *to);

/* ---- env.c ---- */

/* After \\ or \cr: skips a '*' and an extra space [4pt] (not kept). */
void ov_mp_skip_cr_extra(P *p);
/* Reads the {name} after cmd (\begin, \end) into name[32]; false
 * (reported) when it is missing or unclosed. */
bool ov_mp_env_name(P *p, const ov_mtok *cmd, char *name);
/* \begin{name} ... \end{name} after cmd: an ARRAY node (matrix, cases,
 * aligned ...), or for equation the content; a display environment at
 * the top of a display (before: what precedes it in the list) numbers
 * the display's rows. NULL when nothing is made. */
ov_mnode *ov_mp_environment(P *p, const ov_mtok *cmd, lst *before);
/* \substack{a \\ b} after cmd: a one-column ARRAY, or NULL (reported). */
ov_mnode *ov_mp_substack(P *p, const ov_mtok *cmd);
/* \tag{..} \tag*{..} and \label{..} after cmd: given to the current
 * equation row (a warning outside a display). */
void ov_mp_tag(P *p, const ov_mtok *cmd);
void ov_mp_label(P *p, const ov_mtok *cmd);
/* Sets the display's rows (p->m->rows, row_count) with their tags and
 * numbers once the whole formula is parsed. */
void ov_mp_finish_rows(P *p);

#endif
