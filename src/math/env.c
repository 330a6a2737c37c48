/*
 * env.c - the environments of TeX math (LaTeX's array, amsmath's matrix
 * pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases aligned
 * alignedat gathered split and the display environments equation align
 * gather multline alignat flalign, mathtools' dcases rcases and the
 * small matrices): their cells and rows, \hline and column
 * specifications, \substack, and the equation rows of a display with
 * their \tag \label \nonumber. The rest of the parser is parse.c;
 * what both share is parser.h.
 */
#include <stdlib.h>
#include <string.h>

#include "math/parser.h"

void ov_mp_skip_cr_extra(P *p)
{
	ov_mtok t = ov_mp_peek(p);
	if (is_char(&t, '*')) {
		ov_mp_take(p);
		t = ov_mp_peek(p);
	}
	if (is_char(&t, '[')) { /* \\[4pt]: the extra space is not kept */
		ov_mp_take(p);
		for (;;) {
			ov_mtok u = ov_mp_take(p);
			if (u.type == OV_MT_EOF || is_char(&u, ']'))
				break;
		}
	}
}

/* ---- the environments ---- */

typedef struct {
	const char *name;
	int kind;         /* ov_marray_kind, or -1 for equation */
	uint32_t left, right;
	bool top;         /* a display environment (equation, align ...) */
	bool star;        /* unnumbered */
	uint8_t argtype;  /* 0 none, 1 column spec, 2 a number (alignat) */
	bool dstyle;      /* dcases: display style cells */
} env_def;

static const env_def envs[] = {
	{"Bmatrix", OV_MARRAY_MATRIX, '{', '}', false, false, 0, false},
	{"Vmatrix", OV_MARRAY_MATRIX, 0x2016, 0x2016, false, false, 0, false},
	{"align", OV_MARRAY_ALIGNED, 0, 0, true, false, 0, false},
	{"align*", OV_MARRAY_ALIGNED, 0, 0, true, true, 0, false},
	{"alignat", OV_MARRAY_ALIGNED, 0, 0, true, false, 2, false},
	{"alignat*", OV_MARRAY_ALIGNED, 0, 0, true, true, 2, false},
	{"aligned", OV_MARRAY_ALIGNED, 0, 0, false, false, 0, false},
	{"alignedat", OV_MARRAY_ALIGNED, 0, 0, false, false, 2, false},
	{"array", OV_MARRAY_ARRAY, 0, 0, false, false, 1, false},
	{"bmatrix", OV_MARRAY_MATRIX, '[', ']', false, false, 0, false},
	{"bsmallmatrix", OV_MARRAY_SMALL, '[', ']', false, false, 0, false},
	{"cases", OV_MARRAY_CASES, '{', 0, false, false, 0, false},
	{"dcases", OV_MARRAY_CASES, '{', 0, false, false, 0, true},
	{"equation", -1, 0, 0, true, false, 0, false},
	{"equation*", -1, 0, 0, true, true, 0, false},
	{"flalign", OV_MARRAY_ALIGNED, 0, 0, true, false, 0, false},
	{"flalign*", OV_MARRAY_ALIGNED, 0, 0, true, true, 0, false},
	{"gather", OV_MARRAY_GATHERED, 0, 0, true, false, 0, false},
	{"gather*", OV_MARRAY_GATHERED, 0, 0, true, true, 0, false},
	{"gathered", OV_MARRAY_GATHERED, 0, 0, false, false, 0, false},
	{"matrix", OV_MARRAY_MATRIX, 0, 0, false, false, 0, false},
	{"multline", OV_MARRAY_GATHERED, 0, 0, true, false, 0, false},
	{"multline*", OV_MARRAY_GATHERED, 0, 0, true, true, 0, false},
	{"pmatrix", OV_MARRAY_MATRIX, '(', ')', false, false, 0, false},
	{"psmallmatrix", OV_MARRAY_SMALL, '(', ')', false, false, 0, false},
	{"rcases", OV_MARRAY_CASES, 0, '}', false, false, 0, false},
	{"smallmatrix", OV_MARRAY_SMALL, 0, 0, false, false, 0, false},
	{"split", OV_MARRAY_ALIGNED, 0, 0, false, false, 0, false},
	{"subarray", OV_MARRAY_ARRAY, 0, 0, false, false, 1, false},
	{"vmatrix", OV_MARRAY_MATRIX, '|', '|', false, false, 0, false},
};

static const env_def *env_find(const char *name)
{
	for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++)
		if (strcmp(envs[i].name, name) == 0)
			return &envs[i];
	return NULL;
}

/* The name in \begin{name} \end{name}: letters and '*', up to 31. */
bool ov_mp_env_name(P *p, const ov_mtok *cmd, char *name)
{
	ov_mtok t = ov_mp_take(p);
	name[0] = 0;
	if (!is_char(&t, '{')) {
		if (t.type != OV_MT_EOF)
			ov_mp_unget(p, t);
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\%.*s'", (int)cmd->nlen, cmd->name);
		return false;
	}
	size_t n = 0;
	for (;;) {
		ov_mtok u = ov_mp_take(p);
		if (u.type == OV_MT_EOF) {
			name[n] = 0; /* the caller may print it */
			ov_mp_msg(p, t.off, OV_MP_ERR, "missing '}'");
			return false;
		}
		if (is_char(&u, '}'))
			break;
		if (u.type == OV_MT_CHAR && u.cp < 128 && u.cp > ' ' && n < 31)
			name[n++] = (char)u.cp;
	}
	name[n] = 0;
	return true;
}

typedef struct {
	ov_mnode **cells;   /* malloc'ed */
	size_t count, cap;
	uint32_t *row_start; /* index of each row's first cell */
	bool *hl;
	size_t rows, rcap;
} grid;

static void grid_row(grid *g)
{
	if (g->rows == g->rcap) {
		g->rcap = g->rcap ? g->rcap * 2 : 8;
		g->row_start = ov_xrealloc(g->row_start, g->rcap * sizeof *g->row_start);
		g->hl = ov_xrealloc(g->hl, (g->rcap + 1) * sizeof *g->hl);
	}
	g->row_start[g->rows] = (uint32_t)g->count;
	g->hl[g->rows] = false;
	g->rows++;
}

static void grid_cell(grid *g, ov_mnode *c)
{
	if (g->count == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->cells = ov_xrealloc(g->cells, g->cap * sizeof *g->cells);
	}
	g->cells[g->count++] = c;
}

/* Column spec of array{...}: l c r and | (TeXbook chapter 22, LaTeX's
 * array); @{..} !{..} p{..} and the rest are ignored with a warning. */
static void column_spec(P *p, const ov_mtok *cmd, char *align, size_t *cols, bool *vl)
{
	ov_mtok t = ov_mp_take(p);
	*cols = 0;
	if (!is_char(&t, '{')) {
		if (t.type != OV_MT_EOF)
			ov_mp_unget(p, t);
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing column specification for 'array'");
		return;
	}
	long depth = 0;
	for (;;) {
		ov_mtok u = ov_mp_take(p);
		if (u.type == OV_MT_EOF) {
			ov_mp_msg(p, t.off, OV_MP_ERR, "missing '}'");
			return;
		}
		if (is_char(&u, '{')) {
			depth++;
			continue;
		}
		if (is_char(&u, '}')) {
			if (depth-- == 0)
				return;
			continue;
		}
		if (depth > 0)
			continue;
		if (u.type == OV_MT_CHAR && (u.cp == 'l' || u.cp == 'c' || u.cp == 'r')) {
			if (*cols < OV_MATH_MAX_COLS)
				align[(*cols)++] = (char)u.cp;
		} else if (is_char(&u, '|')) {
			vl[*cols] = true;
		} else if (u.type == OV_MT_CHAR && u.cp < 128) {
			ov_mp_msg(p, u.off, OV_MP_WARN, "column specifier '%c' is ignored", (char)u.cp);
		} else {
			ov_mp_msg(p, u.off, OV_MP_WARN, "column specifier is ignored");
		}
	}
}

ov_mnode *ov_mp_environment(P *p, const ov_mtok *cmd, lst *before)
{
	char name[32];
	if (!ov_mp_env_name(p, cmd, name))
		return NULL;
	const env_def *e = env_find(name);
	env_def unknown = {name, OV_MARRAY_MATRIX, 0, 0, false, false, 0, false};
	if (!e) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "unknown environment '%s'", name);
		e = &unknown;
	}
	bool top = e->top && p->m->display && p->nctx == 1 && !before->head && !p->top_env;
	if (e->top && !top && !p->stop)
		ov_mp_msg(p, cmd->off, OV_MP_WARN, "environment '%s' is set as part of the formula here (it can only number "
		    "a display of its own)", name);
	char align[OV_MATH_MAX_COLS + 1] = {0};
	bool vl[OV_MATH_MAX_COLS + 1] = {0};
	size_t spec_cols = 0;
	if (e->argtype == 1) {
		ov_mp_skip_opt(p); /* array's [t] [b] position */
		column_spec(p, cmd, align, &spec_cols, vl);
	} else if (e->argtype == 2) {
		char num[32];
		ov_mp_env_name(p, cmd, num); /* alignat{n}: the count of column pairs follows from the rows */
	}
	row_state *saved_row = p->row;
	if (top) {
		p->top_env = true;
		p->env_row_count = 0;
	}
	if (e->kind < 0) { /* equation: one row, the content as a list */
		if (top) {
			p->env_rows = ov_xcalloc(1, sizeof *p->env_rows);
			p->env_row_count = 1;
			p->row = &p->env_rows[0];
		}
		ov_mnode *body = ov_mp_list(p, OV_MCTX_ENV);
		ov_mtok t = ov_mp_take(p);
		char end[32];
		if (ov_mp_command(p, &t) && ov_mp_command(p, &t)->kind == OV_MK_END) {
			if (ov_mp_env_name(p, &t, end) && strcmp(end, name) != 0)
				ov_mp_msg(p, t.off, OV_MP_ERR, "\\end{%s} does not match \\begin{%s}", end, name);
		} else {
			if (t.type != OV_MT_EOF)
				ov_mp_unget(p, t);
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "\\begin{%s} without matching \\end{%s}", name, name);
		}
		if (top) {
			p->row = saved_row;
			p->env_star = e->star;
		}
		return top ? body : ov_mp_wrap(p, body, cmd->off);
	}
	grid g = {0};
	size_t envcap = 0;
	grid_row(&g);
	bool too_many = false;
	if (top) {
		envcap = 8;
		p->env_rows = ov_xcalloc(envcap, sizeof *p->env_rows);
		p->env_row_count = 1;
		p->row = &p->env_rows[0];
	}
	p->hline = false;
	for (;;) {
		if (++p->level > OV_MATH_MAX_DEPTH) {
			ov_mp_fatal(p, cmd->off, "formula nested too deeply (more than 64 levels)");
			break;
		}
		ov_mnode *cell = ov_mp_list(p, OV_MCTX_CELL);
		p->level--;
		if (e->dstyle && cell) {
			ov_mnode *s = ov_mp_node(p, OV_MN_STYLE, cell->off);
			s->u.style.style = OV_MSTYLE_D;
			s->next = cell;
			cell = s;
		}
		if (g.count - g.row_start[g.rows - 1] < OV_MATH_MAX_COLS)
			grid_cell(&g, cell);
		else if (!too_many && (too_many = true))
			ov_mp_msg(p, cmd->off, OV_MP_ERR, "too many columns in '%s' (more than %d)", name, OV_MATH_MAX_COLS);
		if (p->hline)
			g.hl[g.rows - 1] = true, p->hline = false;
		ov_mtok t = ov_mp_take(p);
		const ov_msym *s = ov_mp_command(p, &t);
		if (is_char(&t, '&'))
			continue;
		if (s && s->kind == OV_MK_CR) {
			ov_mp_skip_cr_extra(p);
			if (g.rows >= OV_MATH_MAX_ROWS) {
				if (!too_many && (too_many = true))
					ov_mp_msg(p, t.off, OV_MP_ERR, "too many rows in '%s' (more than %d)", name, OV_MATH_MAX_ROWS);
				continue;
			}
			grid_row(&g);
			if (top) {
				if (p->env_row_count == envcap) {
					p->env_rows = ov_xrealloc(p->env_rows, envcap * 2 * sizeof *p->env_rows);
					memset(p->env_rows + envcap, 0, envcap * sizeof *p->env_rows);
					envcap *= 2;
				}
				p->row = &p->env_rows[p->env_row_count++];
			}
			continue;
		}
		if (s && s->kind == OV_MK_END) {
			char end[32];
			if (ov_mp_env_name(p, &t, end) && strcmp(end, name) != 0)
				ov_mp_msg(p, t.off, OV_MP_ERR, "\\end{%s} does not match \\begin{%s}", end, name);
			break;
		}
		if (t.type != OV_MT_EOF)
			ov_mp_unget(p, t);
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "\\begin{%s} without matching \\end{%s}", name, name);
		break;
	}
	/* a last row that is empty (a \\ before \end) is no row */
	if (g.rows > 1 && g.count - g.row_start[g.rows - 1] == 1 && !g.cells[g.count - 1]) {
		bool hl = g.hl[g.rows - 1];
		g.rows--;
		g.count--;
		g.hl[g.rows] = hl;
		if (top && p->env_row_count > g.rows)
			p->env_row_count = g.rows;
	} else {
		g.hl[g.rows] = false;
	}
	if (top)
		p->row = saved_row;
	size_t cols = 1;
	for (size_t r = 0; r < g.rows; r++) {
		size_t n = (r + 1 < g.rows ? g.row_start[r + 1] : g.count) - g.row_start[r];
		if (n > cols)
			cols = n;
	}
	if (spec_cols > cols)
		cols = spec_cols;
	ov_mnode *n = ov_mp_node(p, OV_MN_ARRAY, cmd->off);
	n->u.array.akind = (ov_marray_kind)e->kind;
	n->u.array.script = !strcmp(e->name, "subarray");
	n->u.array.rows = (uint32_t)g.rows;
	n->u.array.cols = (uint32_t)cols;
	n->u.array.cells = ov_arena_calloc(p->a, g.rows * cols, sizeof(ov_mnode *));
	for (size_t r = 0; r < g.rows; r++) {
		size_t k = (r + 1 < g.rows ? g.row_start[r + 1] : g.count) - g.row_start[r];
		for (size_t c = 0; c < k; c++)
			n->u.array.cells[r * cols + c] = g.cells[g.row_start[r] + c];
	}
	char *al = ov_arena_alloc(p->a, cols + 1);
	for (size_t c = 0; c < cols; c++) {
		switch (e->kind) {
		case OV_MARRAY_ALIGNED: al[c] = c % 2 ? 'l' : 'r'; break;
		case OV_MARRAY_CASES: al[c] = 'l'; break;
		case OV_MARRAY_ARRAY: al[c] = c < spec_cols ? align[c] : 'c'; break;
		default: al[c] = 'c'; break;
		}
	}
	n->u.array.align = al;
	if (e->kind == OV_MARRAY_ARRAY) {
		bool any = false;
		for (size_t c = 0; c <= spec_cols; c++)
			any |= vl[c];
		if (any) {
			n->u.array.vlines = ov_arena_calloc(p->a, cols + 1, sizeof(bool));
			for (size_t c = 0; c <= spec_cols; c++)
				n->u.array.vlines[c == spec_cols ? cols : c] |= vl[c];
		}
	}
	bool anyh = false;
	for (size_t r = 0; r <= g.rows; r++)
		anyh |= g.hl[r];
	if (anyh) {
		n->u.array.hlines = ov_arena_calloc(p->a, g.rows + 1, sizeof(bool));
		memcpy(n->u.array.hlines, g.hl, (g.rows + 1) * sizeof(bool));
	}
	n->u.array.left = e->left;
	n->u.array.right = e->right;
	if (top) {
		if (p->env_row_count < g.rows)
			p->env_row_count = g.rows;
		p->env_star = e->star;
		p->multline = strncmp(name, "multline", 8) == 0;
	}
	free(g.cells);
	free(g.row_start);
	free(g.hl);
	ov_mp_span(p, n, ov_mp_here(p));
	return n;
}

/* \substack{a \\ b}: amsmath's one-column subarray, one row per \\. */
ov_mnode *ov_mp_substack(P *p, const ov_mtok *cmd)
{
	ov_mtok o = ov_mp_take(p);
	if (!is_char(&o, '{')) {
		if (o.type != OV_MT_EOF)
			ov_mp_unget(p, o);
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "missing argument for '\\substack'");
		return NULL;
	}
	/* as \begin{subarray}{c} ... \end{subarray} */
	ov_mnode **cells = NULL;
	size_t count = 0, cap = 0;
	for (;;) {
		if (++p->level > OV_MATH_MAX_DEPTH) {
			ov_mp_fatal(p, cmd->off, "formula nested too deeply (more than 64 levels)");
			break;
		}
		p->open[OV_MCTX_GROUP]++; /* its '}' ends the cell */
		ov_mnode *c = ov_mp_list(p, OV_MCTX_CELL);
		p->open[OV_MCTX_GROUP]--;
		p->level--;
		if (count == cap) {
			cap = cap ? cap * 2 : 4;
			cells = ov_xrealloc(cells, cap * sizeof *cells);
		}
		if (count < OV_MATH_MAX_ROWS)
			cells[count++] = c;
		ov_mtok u = ov_mp_take(p);
		const ov_msym *us = ov_mp_command(p, &u);
		if (us && us->kind == OV_MK_CR) {
			ov_mp_skip_cr_extra(p);
			continue;
		}
		if (is_char(&u, '&')) {
			ov_mp_msg(p, u.off, OV_MP_ERR, "misplaced '&'");
			continue;
		}
		if (!is_char(&u, '}')) {
			if (u.type != OV_MT_EOF)
				ov_mp_unget(p, u);
			ov_mp_msg(p, o.off, OV_MP_ERR, "missing '}'");
		}
		break;
	}
	if (count > 1 && !cells[count - 1])
		count--;
	ov_mnode *n = ov_mp_node(p, OV_MN_ARRAY, cmd->off);
	n->u.array.akind = OV_MARRAY_ARRAY;
	n->u.array.script = true;
	n->u.array.rows = (uint32_t)count;
	n->u.array.cols = 1;
	n->u.array.cells = ov_arena_calloc(p->a, count ? count : 1, sizeof *cells);
	if (count)
		memcpy(n->u.array.cells, cells, count * sizeof *cells);
	n->u.array.align = ov_arena_strdup(p->a, "c");
	free(cells);
	return n;
}

/* ---- equation rows: \tag \label (amsmath) ---- */

void ov_mp_tag(P *p, const ov_mtok *cmd)
{
	bool ok;
	ov_mtok st = ov_mp_peek(p);
	bool star = is_char(&st, '*');
	if (star)
		ov_mp_take(p);
	uint32_t from, to;
	char *s2 = ov_mp_text_arg(p, cmd, &ok, NULL, &from, &to);
	if (!ok)
		return;
	if (!p->row) {
		ov_mp_msg(p, cmd->off, OV_MP_WARN, "'\\tag' outside a display is ignored");
	} else if (p->row->tag.tag) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "more than one '\\tag' for one equation");
	} else {
		p->row->tag.tag = to > from ? ov_arena_strndup(p->a, p->m->src + from, to - from) : s2;
		p->row->tag.tag_star = star;
	}
}

void ov_mp_label(P *p, const ov_mtok *cmd)
{
	bool ok;
	char *s2 = ov_mp_text_arg(p, cmd, &ok, NULL, NULL, NULL);
	if (!ok)
		return;
	if (!p->row) {
		ov_mp_msg(p, cmd->off, OV_MP_WARN, "'\\label' outside a display is ignored");
	} else if (p->row->tag.label) {
		ov_mp_msg(p, cmd->off, OV_MP_ERR, "more than one '\\label' for one equation");
	} else {
		p->row->tag.label = s2;
		p->row->tag.label_off = cmd->off;
	}
}

/* A display with one top environment numbers its rows (all, or the last
 * of multline; none when starred, \nonumber or \tag'ed); a display
 * without one is one row, numbered when it has a \label. */
void ov_mp_finish_rows(P *p)
{
	ov_math *m = p->m;
	if (p->top_env) {
		m->row_count = p->env_row_count;
		m->rows = ov_arena_calloc(p->a, p->env_row_count ? p->env_row_count : 1, sizeof *m->rows);
		for (size_t i = 0; i < p->env_row_count; i++) {
			row_state *r = &p->env_rows[i];
			r->tag.numbered = !p->env_star && !r->nonumber && !r->tag.tag &&
			                  (!p->multline || i + 1 == p->env_row_count);
			m->rows[i] = r->tag;
		}
		for (ov_mnode *n = m->list; n; n = n->next)
			if (n->kind == OV_MN_ARRAY && n->u.array.rows == p->env_row_count) {
				n->u.array.tags = m->rows;
				break;
			}
	} else {
		m->row_count = 1;
		m->rows = ov_arena_alloc(p->a, sizeof *m->rows);
		p->row0.tag.numbered = p->row0.tag.label && !p->row0.tag.tag && !p->row0.nonumber;
		m->rows[0] = p->row0.tag;
	}
}
