/*
 * table.c - tables: column widths from the cells' natural and narrowest
 * widths, cells broken into ragged lines, rows kept whole on a page
 * (only a row taller than a page goes on to the next), and the header
 * row repeated at the top of every continuation page. A cell spanning
 * rows (HTML rowspan) sets its lines on the baselines of the rows it
 * covers, the last of them growing when it needs more; rows joined by a
 * span are kept on one page when they fit on one.
 */
#include "internal.h"

#include <stdlib.h>

/* The gap below the rule above a row, and the room a rule under a row
 * takes (the header's, the table's last), pt. */
#define RULE_GAP 2
#define RULE_ROOM 1
/* Room kept for the rules when a row must fit with the header: the top
 * and header rules and their gaps, pt. */
#define RULES_ROOM 4
/* A header row needs this many lines after it on its page. */
#define HEADER_KEEP 2

typedef struct cell_lines cell_lines;
struct cell_lines {
	piece_vec pv;
	line_vec lv;
	int span;            /* columns the cell spans (HTML colspan), at least 1 */
	bool own;            /* a cell of the tree starts here */
	const ov_node *node; /* that cell (its TH or TD element) */
	/* figures part: row spans. A cell spanning rows (its "owner" place,
	 * rows > 1) sets its lines row by row: lines [from[j], from[j + 1])
	 * in the j-th row it covers, on the baselines of that row's other
	 * cells; the places below it point back at it. */
	int rows;            /* rows the cell spans, at least 1 */
	int col;             /* its column */
	size_t row;          /* its row */
	size_t *from;        /* rows + 1 line numbers, for rows > 1 */
	cell_lines *cover;   /* a place under a row span: the cell that covers it */
	int sub;             /* with cover: which of its rows this is (1..) */
};

/* The width of the columns [ci, ci + span), pt. */
static double span_width(const double *wid, int cols, int ci, int span)
{
	double w = 0;
	for (int k = ci; k < ci + span && k < cols; k++)
		w += wid[k];
	return w;
}

/* Row spans in the order of their last row (then of their place). */
static int by_last_row(const void *a, const void *b)
{
	const cell_lines *x = *(cell_lines *const *)a, *y = *(cell_lines *const *)b;
	size_t ex = x->row + (size_t)x->rows, ey = y->row + (size_t)y->rows;
	if (ex != ey)
		return ex < ey ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* A table's rows broken into lines, ready to be set. */
typedef struct {
	lay *c;
	const ov_node *t;
	cell_lines *cells;   /* rows x cols */
	int cols;
	const double *wid;   /* column widths, pt */
	double size, lead, pad, avail;
	const size_t *rl;    /* lines of each row */
} table_rows;

/* Sets lines [from, to) of row ri's cells (those it has), the first at
 * the top of the free space, the table's left edge at x0. */
static void set_row_lines(const table_rows *tr, size_t ri, size_t from, size_t to, double x0)
{
	lay *c = tr->c;
	double x = x0;
	for (int ci = 0; ci < tr->cols; ci++) {
		const cell_lines *cl = &tr->cells[ri * (size_t)tr->cols + (size_t)ci];
		size_t base = 0, lim = cl->lv.count;
		if (cl->cover) {
			/* under a row span: its lines for this row, from its column */
			if (cl->cover->col != ci) {
				x += tr->wid[ci];
				continue;
			}
			base = cl->cover->from[cl->sub];
			lim = cl->cover->from[cl->sub + 1];
			cl = cl->cover;
		} else if (cl->rows > 1) {
			lim = cl->from[1];
		}
		double cw = span_width(tr->wid, tr->cols, ci, cl->span > 1 ? cl->span : 1);
		lay_struct(c, cl->node, OV_SROLE_NODE);
		for (size_t li = from; li < to && base + li < lim; li++)
			lay_emit_line(c, &cl->pv, &cl->lv.v[base + li], x + tr->pad,
			              c->y + tr->lead * (double)(li - from + 1) - tr->lead * LAY_BASELINE_DEPTH,
			              cw - 2 * tr->pad, false, tr->t->as.table.align[ci]);
		lay_struct_end(c);
		x += tr->wid[ci];
	}
}

/* The header row (row 0) again at the top of a continuation page, with
 * its rule below. */
static void repeat_header(const table_rows *tr, double x0)
{
	lay *c = tr->c;
	size_t hl = tr->rl[0];
	c->size = tr->size;
	c->leading = tr->lead;
	/* the header again is a reading aid of print: the structure has it
	 * once (PDF 1.7 §14.8.2.2, pagination artifacts) */
	lay_struct(c, NULL, OV_SROLE_ARTIFACT);
	set_row_lines(tr, 0, 0, hl, x0);
	lay_struct_end(c);
	c->y += (double)hl * tr->lead + tr->pad;
	lay_add_rule(c, x0, c->y - RULE_ROOM, tr->avail, c->th->table_header_rule, c->th->table_rule_color);
	c->y += RULE_ROOM;
}

/* A rule above or below the table's rows, at the current position. */
static void table_rule(lay *c, double x0, double avail)
{
	lay_add_rule(c, x0, c->y, avail, c->th->table_rule, c->th->table_rule_color);
}

/* A page that begins with row r of table t begins before the table (its
 * first row) or at the first word of r (a continuation page: the header
 * row repeated above it is not where the page's text goes on); a row
 * without text leaves the page to what follows. */
static void mark_row(lay *c, const ov_node *t, const ov_node *r)
{
	if (!c->page || c->page->started)
		return;
	if (r == t->first) {
		lay_mark_start(c, t, 0);
		return;
	}
	ov_iter it = ov_iter_start(r);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent)))
		if (ent && (n->type == OV_NODE_TEXT || n->type == OV_NODE_CODE) && n->len) {
			lay_mark_start(c, n, 0);
			return;
		}
}

void lay_table(lay *c, const ov_node *t)
{
	int cols = t->as.table.columns;
	if (cols <= 0)
		return;
	size_t rows = 0;
	for (const ov_node *r = t->first; r; r = r->next)
		rows++;
	const ov_theme *th = c->th;
	double size = c->size * th->table_size, lead = size * th->table_leading, pad = th->table_padding;
	double avail = lay_line_width(c);
	/* column widths: natural (one line) widths, shrunk proportionally
	 * above the longest word when the table is wider than the measure */
	double *nat = ov_xcalloc((size_t)cols, sizeof *nat), *minw = ov_xcalloc((size_t)cols, sizeof *minw);
	cell_lines *cells = ov_xcalloc(rows * (size_t)cols, sizeof *cells);
	size_t ri = 0;
	for (const ov_node *r = t->first; r; r = r->next, ri++) {
		for (const ov_node *cell = r->first; cell; cell = cell->next) {
			int ci = cell->as.cell.column;
			if (ci < 0 || ci >= cols)
				continue;
			cell_lines *cl = &cells[ri * (size_t)cols + (size_t)ci];
			cl->span = cell->as.cell.span > 1 ? cell->as.cell.span : 1;
			cl->own = true;
			cl->node = cell;
			cl->rows = cell->as.cell.rowspan > 1 ? cell->as.cell.rowspan : 1;
			cl->col = ci;
			cl->row = ri;
			lay_build_pieces(c, cell, size, &cl->pv);
			if (r->as.row.header)
				for (size_t i = 0; i < cl->pv.count; i++) {
					piece *p = &cl->pv.v[i];
					ov_face f = lay_face_with(p->face, th->table_header_face);
					if (f != p->face && !p->math) { /* a formula keeps its glyphs */
						p->face = f;
						if (!p->image) /* keeps its drawn width */
							lay_measure_piece(c, p, cell->pos);
					}
				}
			/* a cell spanning columns gives them no width of its own: its
			 * lines are broken across their sum */
			if (cl->span > 1)
				continue;
			double w = 0, word = 0;
			for (size_t i = 0; i < cl->pv.count; i++) {
				piece *p = &cl->pv.v[i];
				if (p->hard_break) {
					/* a line break (<br> from HTML): the natural width is
					 * the widest line's */
					if (w > nat[ci])
						nat[ci] = w;
					w = 0;
				}
				w += (p->hard_break ? 0 : p->space) + p->width;
				word = p->can_break ? p->width : word + p->width;
				if (word > minw[ci])
					minw[ci] = word;
			}
			if (w > nat[ci])
				nat[ci] = w;
		}
	}
	/* the places row spans cover; a span stops above a row that has a
	 * cell of its own there (overlapping cells) and at the table's end */
	size_t owners = 0;
	for (size_t r0 = 0; r0 < rows; r0++)
		for (int ci = 0; ci < cols; ci++) {
			cell_lines *o = &cells[r0 * (size_t)cols + (size_t)ci];
			if (!o->own || o->rows < 2)
				continue;
			int k = 1;
			for (; k < o->rows && r0 + (size_t)k < rows; k++) {
				bool free_row = true;
				for (int cj = ci; cj < ci + o->span && cj < cols; cj++) {
					const cell_lines *u = &cells[(r0 + (size_t)k) * (size_t)cols + (size_t)cj];
					free_row = free_row && !u->own && !u->cover;
				}
				if (!free_row)
					break;
				for (int cj = ci; cj < ci + o->span && cj < cols; cj++) {
					cell_lines *u = &cells[(r0 + (size_t)k) * (size_t)cols + (size_t)cj];
					u->cover = o;
					u->sub = k;
				}
			}
			o->rows = k;
			owners += k > 1;
		}
	double total = 0, total_min = 0;
	for (int i = 0; i < cols; i++) {
		nat[i] += 2 * pad;
		minw[i] += 2 * pad;
		total += nat[i];
		total_min += minw[i];
	}
	double *wid = ov_xcalloc((size_t)cols, sizeof *wid);
	if (total <= avail) {
		/* spread the spare room so the table spans the measure */
		for (int i = 0; i < cols; i++)
			wid[i] = nat[i] + (avail - total) * nat[i] / total;
	} else if (total_min >= avail) {
		for (int i = 0; i < cols; i++)
			wid[i] = avail * minw[i] / total_min;
	} else {
		double spare = avail - total_min, want = total - total_min;
		for (int i = 0; i < cols; i++)
			wid[i] = minw[i] + spare * (nat[i] - minw[i]) / want;
	}
	size_t split_cells = 0;
	for (size_t i = 0; i < rows * (size_t)cols; i++) {
		int ci = (int)(i % (size_t)cols);
		double cw = span_width(wid, cols, ci, cells[i].span > 1 ? cells[i].span : 1);
		size_t before = cells[i].pv.count;
		lay_split_wide_quiet(c, &cells[i].pv, cw - 2 * pad);
		split_cells += cells[i].pv.count != before;
		lay_break_lines(&cells[i].pv, cw - 2 * pad, &cells[i].lv);
	}
	/* the lines of each row: its tallest cell's; then each row span's
	 * lines shared out over its rows, on their baselines, its last row
	 * growing when they need more (spans taken by their last row, so
	 * that the rows above one are final when it is shared out) */
	size_t *rl = ov_xcalloc(rows + 1, sizeof *rl);
	cell_lines **spans = ov_xcalloc(owners + 1, sizeof *spans);
	size_t ns = 0;
	for (size_t r0 = 0; r0 < rows; r0++) {
		rl[r0] = 1;
		for (int ci = 0; ci < cols; ci++) {
			cell_lines *cl = &cells[r0 * (size_t)cols + (size_t)ci];
			if (cl->own && cl->rows > 1)
				spans[ns++] = cl;
			else if (cl->own && cl->lv.count > rl[r0])
				rl[r0] = cl->lv.count;
		}
	}
	qsort(spans, ns, sizeof *spans, by_last_row);
	for (size_t i = 0; i < ns; i++) {
		cell_lines *o = spans[i];
		o->from = ov_xcalloc((size_t)o->rows + 1, sizeof *o->from);
		size_t n = o->lv.count;
		for (int j = 0; j + 1 < o->rows; j++) {
			size_t f = o->from[j] + rl[o->row + (size_t)j];
			o->from[j + 1] = f < n ? f : n;
		}
		o->from[o->rows] = n;
		size_t last = o->row + (size_t)o->rows - 1;
		if (n - o->from[o->rows - 1] > rl[last])
			rl[last] = n - o->from[o->rows - 1];
	}
	free(spans);
	/* one warning per table, not one per cell */
	if (split_cells)
		ov_diag_warning(c->diag, t->pos,
		                "table is too wide for the page: words in %zu cell%s are split; "
		                "use fewer or narrower columns",
		                split_cells, split_cells == 1 ? "" : "s");
	double keep_size = c->size, keep_lead = c->leading;
	lay_vspace(c, c->leading * th->table_space[0]);
	const ov_node *header = t->first && t->first->as.row.header ? t->first : NULL;
	table_rows tr = {c, t, cells, cols, wid, size, lead, pad, avail, rl};
	double x0 = lay_line_left(c);
	ri = 0;
	bool first_on_page = true;
	size_t group_end = 0; /* rows [ri, group_end] are joined by row spans */
	for (const ov_node *r = t->first; r; r = r->next, ri++) {
		size_t maxl = rl[ri];
		double rh = (double)maxl * lead + pad;
		double header_h = header && r != header ? (double)rl[0] * lead + pad : 0;
		/* rows joined by a row span are kept on one page when they fit
		 * on one; a taller group goes on row by row, each row setting
		 * its share of the span's lines */
		double need = rh;
		if (ri == 0 || ri > group_end) {
			group_end = ri;
			for (size_t k = ri; k <= group_end && k < rows; k++)
				for (int ci = 0; ci < cols; ci++) {
					const cell_lines *o = &cells[k * (size_t)cols + (size_t)ci];
					if (o->own && o->rows > 1 && k + (size_t)o->rows - 1 > group_end)
						group_end = k + (size_t)o->rows - 1;
				}
			double gh = 0;
			for (size_t k = ri; k <= group_end; k++)
				gh += (double)rl[k] * lead + pad;
			if (gh + header_h + RULES_ROOM <= lay_text_bottom(c) - lay_text_top(c))
				need = gh;
		}
		bool breaks = !c->page || c->y + need + (r == header ? lead * HEADER_KEEP : 0) > lay_text_bottom(c);
		if (breaks || first_on_page) {
			if (breaks && c->page && !first_on_page) {
				table_rule(c, x0, avail);
				lay_new_page(c);
			} else {
				/* the header row never stays alone: it needs the first
				 * body row on its page */
				double next_h = r == header && r->next ? (double)rl[ri + 1] * lead + pad : 0;
				lay_need(c, need + header_h + next_h + RULES_ROOM);
			}
			x0 = lay_line_left(c); /* the new page may be on the other side */
			table_rule(c, x0, avail);
			c->y += RULE_GAP;
			first_on_page = false;
			/* repeat the header row on a continuation page */
			if (header && r != header)
				repeat_header(&tr, x0);
		}
		c->size = size;
		c->leading = lead;
		if (c->y + rh > lay_text_bottom(c) + 0.01 && rh > lay_text_bottom(c) - lay_text_top(c)) {
			/* a row taller than a page (a cell holding a long text or an
			 * unbreakable word split into many lines) cannot stay whole:
			 * its lines go on from page to page, under the header again,
			 * instead of running off the foot of the page */
			size_t from = 0;
			while (from < maxl) {
				double room = lay_text_bottom(c) - c->y;
				size_t fit = room >= lead ? (size_t)(room / lead) : 1;
				size_t to = fit < maxl - from ? from + fit : maxl;
				mark_row(c, t, r);
				set_row_lines(&tr, ri, from, to, x0);
				c->y += lead * (double)(to - from);
				from = to;
				if (from < maxl) {
					table_rule(c, x0, avail);
					lay_new_page(c);
					c->size = size;
					c->leading = lead;
					x0 = lay_line_left(c);
					table_rule(c, x0, avail);
					c->y += RULE_GAP;
					if (header && r != header)
						repeat_header(&tr, x0);
				}
			}
			c->y += pad;
			if (c->stats)
				c->stats->split_rows++;
		} else {
			mark_row(c, t, r);
			set_row_lines(&tr, ri, 0, maxl, x0);
			c->y += rh;
			if (c->stats && c->y > lay_text_bottom(c) + 0.5)
				c->stats->split_rows++;
		}
		c->heading_pending = false;
		if (r == header) {
			lay_add_rule(c, x0, c->y - RULE_ROOM, avail, th->table_header_rule, th->table_rule_color);
			c->y += RULE_ROOM;
		}
		c->size = keep_size;
		c->leading = keep_lead;
	}
	table_rule(c, x0, avail);
	c->y += RULE_ROOM + c->leading * th->table_space[1];
	for (size_t i = 0; i < rows * (size_t)cols; i++) {
		free(cells[i].pv.v);
		free(cells[i].lv.v);
		free(cells[i].from);
	}
	free(rl);
	free(cells);
	free(nat);
	free(minw);
	free(wid);
}
