/*
 * linebreak.c - the total-fit algorithm of Knuth and Plass (1981), as in
 * TeX's line_break (tex.web §813-890):
 *   - breaks are legal at penalties below OV_PENALTY_INF and at glue that
 *     follows a box;
 *   - a line's adjustment ratio r is its slack divided by its total stretch
 *     (or shrink); badness is 100|r|^3, capped at 10000;
 *   - demerits are (line_penalty + badness)^2 +/- penalty^2, plus extra
 *     for consecutive hyphens, adjacent lines whose fitness classes differ
 *     by more than one, a hyphen before the last line, and a last line
 *     too short (a runt);
 *   - the active list holds the best node per (fitness class, hyphen run)
 *     for each breakpoint, and is bounded by max_active.
 * The passes are TeX's: one without hyphenation at the pretolerance, one
 * with it at the tolerance, and one with the emergency stretch added to
 * every line's stretch when its badness is weighed (tex.web §863, the
 * TeXbook p. 107), so that a paragraph that cannot be set within the
 * tolerance gets the lines least loose rather than a few very loose ones.
 * When even that fails, a pass accepts ratios up to where the badness is
 * capped, a last one any ratio, and a line that cannot fit even then is
 * broken overfull.
 */
#include "linebreak.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/arena.h"

typedef struct {
	size_t pos;        /* break position, SIZE_MAX for the paragraph start */
	size_t line;       /* lines ended by this break */
	int fitness;
	int hyph_run;      /* hyphenated lines in a row ending here */
	bool hyphen, overfull;
	double ratio;
	double demerits;   /* total from the start */
	double w, y, z;    /* width, stretch and shrink sums where the next line starts */
	size_t prev;       /* index of the previous node, SIZE_MAX for none */
} node;

typedef struct {
	node *v;
	size_t count, cap;
} node_pool;

static size_t add_node(node_pool *p, node n)
{
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->v = ov_xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->count] = n;
	return p->count++;
}

static int fitness_of(double r)
{
	if (r < -0.5)
		return 0;
	if (r <= 0.5)
		return 1;
	if (r <= 1)
		return 2;
	return 3;
}

static double badness(double r)
{
	double b = 100 * fabs(r) * fabs(r) * fabs(r);
	return b > 10000 ? 10000 : b;
}

/* An active node as the inner loop needs it: a copy of the node's fields
 * packed together, so that the loop over the active list reads one array
 * instead of chasing indexes into the pool (the loop runs about a dozen
 * times per breakpoint). */
typedef struct {
	double w, y, z, demerits, ratio;
	size_t line;
	size_t id;        /* the node in the pool */
	int fitness, hyph_run;
	bool hyphen, start;
} active_node;

static active_node activate(const node_pool *pool, size_t id)
{
	const node *n = &pool->v[id];
	return (active_node){n->w, n->y, n->z, n->demerits, n->ratio, n->line, id, n->fitness, n->hyph_run,
	                     n->hyphen, n->pos == SIZE_MAX};
}

/* One pass; returns the index of the best final node or SIZE_MAX. */
static size_t pass(const ov_item *items, size_t n, const double *sw, const double *sy, const double *sz,
                   const double *widths, size_t nwidths, const ov_break_params *p, double tolerance,
                   bool hyphenate, bool emergency, double es, bool final, node_pool *pool)
{
	pool->count = 0;
	active_node *active = ov_xmalloc((p->max_active + 16) * sizeof *active);
	size_t nactive = 0;
	node start = {SIZE_MAX, 0, 1, 0, false, false, 0, 0, 0, 0, 0, SIZE_MAX};
	active[nactive++] = activate(pool, add_node(pool, start));
	size_t best_final = SIZE_MAX;

	/* the narrowest measure, and the least width and stretch sums of the
	 * active nodes (recomputed after nodes leave: min_stale) */
	double tmin = widths[0];
	for (size_t i = 1; i < nwidths; i++)
		if (widths[i] < tmin)
			tmin = widths[i];
	double min_w = 0, min_y = 0;
	bool min_stale = true;

	for (size_t b = 0; b < n && nactive; b++) {
		const ov_item *it = &items[b];
		bool legal = (it->type == OV_ITEM_PENALTY && it->penalty < OV_PENALTY_INF) ||
		             (it->type == OV_ITEM_GLUE && b > 0 && items[b - 1].type == OV_ITEM_BOX);
		/* the first pass does without the hyphenation points, the second
		 * without those left for a last resort */
		if (legal && it->type == OV_ITEM_PENALTY && it->flagged && it->width > 0)
			legal = hyphenate && (emergency || !p->last_resort_penalty || it->penalty < p->last_resort_penalty);
		if (!legal)
			continue;
		bool forced = it->type == OV_ITEM_PENALTY && it->penalty <= -OV_PENALTY_INF;
		bool flagged = it->type == OV_ITEM_PENALTY && it->flagged;
		double pw = it->type == OV_ITEM_PENALTY ? it->width : 0;
		int pen = it->type == OV_ITEM_PENALTY ? it->penalty : 0;
		double swb = sw[b], syb = sy[b], szb = sz[b];

		/* A breakpoint where even the longest line (from the node with
		 * the least width sum, with the most stretch) falls short of the
		 * narrowest measure by more than the tolerance lets it stretch
		 * gives no candidate and deactivates nothing: every node's ratio
		 * is at least (tmin - Lmax) / Ymax. Most breakpoints of a line are
		 * such; the final pass (no tolerance) has none. The bound keeps a
		 * margin so that rounding cannot skip a node the loop would take. */
		if (!forced && tolerance < INFINITY) {
			if (min_stale) {
				min_w = active[0].w;
				min_y = active[0].y;
				for (size_t k = 1; k < nactive; k++) {
					if (active[k].w < min_w)
						min_w = active[k].w;
					if (active[k].y < min_y)
						min_y = active[k].y;
				}
				min_stale = false;
			}
			double lmax = swb - min_w + pw, ymax = syb - min_y + es;
			if (lmax < tmin && (ymax <= 0 || (tmin - lmax) > ymax * tolerance * (1 + 1e-9) + 1e-9))
				continue;
		}

		/* best candidate per fitness class and hyphen-run state */
		struct {
			double demerits, ratio;
			size_t from;
		} cand[4][3];
		unsigned set = 0; /* bit 3 * fitness + run: that candidate exists (no
		                     clearing of the whole table per breakpoint) */
		size_t least_bad = SIZE_MAX; /* latest deactivated node, for an overfull break */
		for (size_t k = 0; k < nactive;) {
			const active_node *a = &active[k];
			size_t line = a->line;
			double target = widths[line < nwidths ? line : nwidths - 1];
			double L = swb - a->w + pw, Y = syb - a->y, Z = szb - a->z;
			double r, r_own = 0; /* r weighs the line (with the emergency stretch), r_own is set */
			if (L < target) {
				r = Y + es > 0 ? (target - L) / (Y + es) : INFINITY;
				r_own = Y > 0 ? (target - L) / Y : INFINITY;
			}
			else if (L > target)
				r = r_own = Z > 0 ? (target - L) / Z : -INFINITY;
			else
				r = 0;
			bool deactivate = r < -1 || forced;
			if (r >= -1 && r <= tolerance) {
				int run = flagged ? a->hyph_run + 1 : 0;
				if (!(flagged && p->max_hyphen_run && run > p->max_hyphen_run)) {
					double bad = badness(r);
					double d = (p->line_penalty + bad) * (p->line_penalty + bad);
					if (pen >= 0)
						d += (double)pen * pen;
					else if (pen > -OV_PENALTY_INF)
						d -= (double)pen * pen;
					if (flagged && a->hyphen)
						d += p->flagged_demerits;
					int fit = fitness_of(r);
					if (!a->start && abs(fit - a->fitness) > 1)
						d += p->fitness_demerits;
					/* the contrast of word spaces with the line before,
					 * within a fitness class as across: the square of the
					 * difference of their ratios (a last line, set at its
					 * natural width, has none); not in the emergency
					 * passes, where one line that cannot be helped would
					 * pull its neighbours loose */
					if (!a->start && p->contrast_demerits && !emergency && !(forced && b == n - 1)) {
						double r1 = r_own > 2 ? 2 : r_own, r0 = a->ratio > 2 ? 2 : a->ratio;
						d += p->contrast_demerits * (r1 - r0) * (r1 - r0);
					}
					if (forced && b == n - 1 && a->hyphen)
						d += p->final_hyphen_demerits;
					/* a runt: the last line, its final glue (TeX's
					 * \parfillskip) left out, narrower than runt_width */
					if (forced && b == n - 1 && !a->start && p->runt_width > 0 &&
					    items[b - 1].type == OV_ITEM_GLUE && sw[b - 1] - a->w < p->runt_width)
						d += p->runt_demerits;
					d += a->demerits;
					int rs = run > 2 ? 2 : run;
					unsigned bit = 1u << (fit * 3 + rs);
					if (!(set & bit) || d < cand[fit][rs].demerits) {
						set |= bit;
						cand[fit][rs].demerits = d;
						cand[fit][rs].ratio = r_own;
						cand[fit][rs].from = a->id;
					}
				}
			}
			if (deactivate) {
				/* as TeX's final pass: when nothing fits, the break comes
				 * from the latest node, so the overfull line is shortest */
				const node *c = &pool->v[a->id];
				if (least_bad == SIZE_MAX || c->pos + 1 > pool->v[least_bad].pos + 1 ||
				    (c->pos == pool->v[least_bad].pos && c->demerits < pool->v[least_bad].demerits))
					least_bad = a->id;
				active[k] = active[--nactive];
				min_stale = true;
			} else {
				k++;
			}
		}

		/* where the next line starts: skip the glue and penalties after b */
		double tw = sw[b], ty = sy[b], tz = sz[b];
		for (size_t i = b; i < n; i++) {
			if (items[i].type == OV_ITEM_BOX)
				break;
			if (items[i].type == OV_ITEM_GLUE) {
				tw += items[i].width;
				ty += items[i].stretch;
				tz += items[i].shrink;
			} else if (i > b && items[i].penalty <= -OV_PENALTY_INF) {
				break;
			}
		}
		/* A candidate is dropped when another here is sure to do better
		 * whatever follows: no more constrained by the hyphen-run limit,
		 * ending the same line (or lines of one width), and with fewer
		 * demerits even after the most its fitness class can cost on the
		 * next line. The breaks chosen are the same; the final pass, which
		 * takes lines of any looseness, would otherwise keep up to twelve
		 * nodes per breakpoint active. */
		unsigned keep = set;
		for (int f = 0; f < 4; f++)
			for (int rs = 0; rs < 3; rs++) {
				unsigned bit = 1u << (f * 3 + rs);
				if (!(set & bit))
					continue;
				size_t bl = pool->v[cand[f][rs].from].line;
				for (int f2 = 0; f2 < 4 && (keep & bit); f2++)
					for (int r2 = 0; r2 <= rs && (keep & bit); r2++) {
						unsigned b2 = 1u << (f2 * 3 + r2);
						if (b2 == bit || !(keep & b2))
							continue;
						size_t al = pool->v[cand[f2][r2].from].line;
						bool same_width = al == bl || (al + 1 >= nwidths && bl + 1 >= nwidths);
						double margin = f2 == f ? 0 : p->fitness_demerits;
						if (same_width && cand[f2][r2].demerits + margin < cand[f][rs].demerits)
							keep &= ~bit;
					}
			}
		bool any = false;
		for (int f = 0; f < 4; f++)
			for (int rs = 0; rs < 3; rs++) {
				if (!(set & (1u << (f * 3 + rs))))
					continue;
				any = true;
				if (!(keep & (1u << (f * 3 + rs))))
					continue;
				const node *from = &pool->v[cand[f][rs].from];
				node nn = {b, from->line + 1, f, flagged ? from->hyph_run + 1 : 0, flagged, false,
				           cand[f][rs].ratio, cand[f][rs].demerits, tw, ty, tz, cand[f][rs].from};
				size_t id = add_node(pool, nn);
				if (b == n - 1 && forced) {
					if (best_final == SIZE_MAX || nn.demerits < pool->v[best_final].demerits)
						best_final = id;
				} else {
					active[nactive++] = activate(pool, id);
					min_stale = true;
				}
			}
		if (!any && !nactive && final && least_bad != SIZE_MAX) {
			/* nothing fits: break here, overfull, and go on */
			const node *from = &pool->v[least_bad];
			node nn = {b, from->line + 1, 0, 0, flagged, true, -1, from->demerits + 1e10, tw, ty, tz, least_bad};
			size_t id = add_node(pool, nn);
			if (b == n - 1 && forced)
				best_final = id;
			else
				active[nactive++] = activate(pool, id);
			min_stale = true;
		}
		/* keep the active list bounded: drop the nodes with most demerits */
		while (nactive > p->max_active) {
			size_t worst = 0;
			for (size_t k = 1; k < nactive; k++)
				if (active[k].demerits > active[worst].demerits)
					worst = k;
			active[worst] = active[--nactive];
			min_stale = true;
		}
	}
	free(active);
	return best_final;
}

/* Whether the paragraph that final node id ends has a runt: the test of
 * the runt demerits in pass. */
static bool ends_in_runt(const ov_item *items, size_t n, const double *sw, const ov_break_params *p,
                         const node_pool *pool, size_t id)
{
	size_t prev = pool->v[id].prev;
	if (p->runt_width <= 0 || n < 2 || prev == SIZE_MAX || pool->v[prev].pos == SIZE_MAX ||
	    items[n - 2].type != OV_ITEM_GLUE)
		return false;
	return sw[n - 2] - pool->v[prev].w < p->runt_width;
}

size_t ov_linebreak(const ov_item *items, size_t n, const double *widths, size_t nwidths,
                    const ov_break_params *params, ov_break **out)
{
	*out = NULL;
	if (!n || !nwidths)
		return 0;
	double *sw = ov_xmalloc((n + 1) * sizeof *sw), *sy = ov_xmalloc((n + 1) * sizeof *sy),
	       *sz = ov_xmalloc((n + 1) * sizeof *sz);
	sw[0] = sy[0] = sz[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const ov_item *it = &items[i];
		bool counts = it->type != OV_ITEM_PENALTY;
		sw[i + 1] = sw[i] + (counts ? it->width : 0);
		sy[i + 1] = sy[i] + (it->type == OV_ITEM_GLUE ? it->stretch : 0);
		sz[i + 1] = sz[i] + (it->type == OV_ITEM_GLUE ? it->shrink : 0);
	}
	node_pool pool = {0};
	const ov_break_params *p = params;
	size_t best = SIZE_MAX;
	/* a paragraph that sets well without hyphens is not hyphenated (the
	 * TeXbook p. 96): the cheaper pass, as most paragraphs pass it */
	if (p->pretolerance >= 0)
		best = pass(items, n, sw, sy, sz, widths, nwidths, p, p->pretolerance, false, false, 0, false, &pool);
	if (best != SIZE_MAX && ends_in_runt(items, n, sw, p, &pool, best)) {
		/* a runt that the lines without hyphens could not avoid: the
		 * pass with them may, and wins when its demerits are fewer */
		node_pool again = {0};
		size_t b2 = pass(items, n, sw, sy, sz, widths, nwidths, p, p->tolerance, true, false, 0, false, &again);
		if (b2 != SIZE_MAX && again.v[b2].demerits < pool.v[best].demerits) {
			free(pool.v);
			pool = again;
			best = b2;
		} else {
			free(again.v);
		}
	}
	if (best == SIZE_MAX)
		best = pass(items, n, sw, sy, sz, widths, nwidths, p, p->tolerance, true, false, 0, false, &pool);
	double es = p->emergency_stretch > 0 ? p->emergency_stretch : 0;
	if (best == SIZE_MAX && (es > 0 || p->last_resort_penalty))
		best = pass(items, n, sw, sy, sz, widths, nwidths, p, p->tolerance, true, true, es, false, &pool);
	/* Before the pass that takes any line, one up to the ratio where the
	 * badness reaches its cap (100 r^3 = 10000): lines looser than that
	 * all cost the same, and the pass with a bound skips most breakpoints
	 * (above), where the unbounded one weighs every active node at every
	 * breakpoint; the paragraphs that failed the first pass cost ten times
	 * the work of the others (the 100-chapter benchmark: a quarter of its
	 * paragraphs, 3.2 million node visits against 0.2 million). Its
	 * optimum is the unbounded pass's whenever that one has no line
	 * looser than the cap; else the paragraph gets lines within the cap,
	 * and only when there are none the unbounded pass runs, as TeX's
	 * passes go from \pretolerance to \tolerance to the final pass
	 * (tex.web §863). */
	double capped = cbrt(10000.0 / 100.0);
	if (best == SIZE_MAX && p->tolerance < capped)
		best = pass(items, n, sw, sy, sz, widths, nwidths, p, capped, true, true, es, false, &pool);
	if (best == SIZE_MAX)
		best = pass(items, n, sw, sy, sz, widths, nwidths, p, INFINITY, true, true, es, true, &pool);
	size_t lines = 0;
	if (best != SIZE_MAX) {
		lines = pool.v[best].line;
		ov_break *br = ov_xcalloc(lines ? lines : 1, sizeof *br);
		size_t k = lines;
		for (size_t id = best; id != SIZE_MAX && pool.v[id].pos != SIZE_MAX; id = pool.v[id].prev) {
			const node *nd = &pool.v[id];
			br[--k] = (ov_break){nd->pos, nd->ratio, nd->fitness, nd->hyphen, nd->overfull};
		}
		*out = br;
	}
	free(pool.v);
	free(sw);
	free(sy);
	free(sz);
	return lines;
}
