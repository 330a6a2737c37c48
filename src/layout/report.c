/*
 * report.c - what the layout tells about itself: the layout report (a
 * row of counts per chapter, then the total: justified lines, overfull,
 * loose, tight and ragged lines, hyphens, widows, orphans, stranded
 * headings, split table rows, letter-spaced and expanded lines, the
 * narrowest and widest word space, adjacent lines of contrasting spacing
 * and runts; docs/typography.md) and the text dump of
 * every page's boxes that the golden tests compare.
 */
#include "layout.h"

#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

/* Drops a UTF-8 sequence that a byte limit cut short at the end of s (a
 * title with a formula's four-byte math letters, ov_math_plain). */
static void trim_utf8(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

/* Facing pages whose last baselines differ by more than this, pt. */
#define SPREAD_TOLERANCE 0.5

/* The page section (depth.c's figures, ov_lpage): body pages; holes
 * (pages that end early because the next block is a figure that did not
 * fit) and their empty lines; short pages (ending more than a line short
 * of a full page, but not where a chapter ends or before a display row
 * that cannot be split, which are counted apart); hyphens at the foot of
 * a recto and of a verso; facing pages of text and how many of them end
 * at different baselines. */
static void page_section(const ov_layout *L, ov_buf *b)
{
	size_t pages = 0, holes = 0, shorts = 0, blocks = 0, recto_hy = 0, verso_hy = 0, spreads = 0, uneven = 0;
	double hole_lines = 0, short_lines = 0;
	for (size_t i = L->front_count; i < L->page_count; i++) {
		const ov_lpage *p = &L->pages[i];
		pages++;
		if (!p->end)
			continue;
		bool over = p->short_lines > 1.0f + 1e-3f;
		if (p->end == OV_PAGE_END_FLOAT && p->short_lines > 1e-3f) {
			holes++;
			hole_lines += p->short_lines;
		}
		if (over && p->end == OV_PAGE_END_BLOCK)
			blocks++;
		else if (over && p->end != OV_PAGE_END_CHAPTER) {
			shorts++;
			short_lines += p->short_lines;
		}
		if (p->foot_hyphen && p->end != OV_PAGE_END_CHAPTER) {
			if (p->recto)
				recto_hy++;
			else
				verso_hy++;
		}
		/* a spread: this verso and the recto after it, both pages of
		 * text that the chapter goes on from */
		if (!p->recto && i + 1 < L->page_count) {
			const ov_lpage *q = &L->pages[i + 1];
			bool full = p->end != OV_PAGE_END_CHAPTER && q->end && q->end != OV_PAGE_END_CHAPTER &&
			            p->chapter == q->chapter;
			if (full) {
				spreads++;
				double d = p->last_base - q->last_base;
				if (d > SPREAD_TOLERANCE || d < -SPREAD_TOLERANCE)
					uneven++;
			}
		}
	}
	ov_buf_printf(b, "\n%6s %6s %10s %6s %11s %14s %13s %13s %7s %14s\n", "pages", "holes", "hole-lines", "short",
	              "short-lines", "before-display", "recto-hyphens", "verso-hyphens", "spreads", "uneven-spreads");
	ov_buf_printf(b, "%6zu %6zu %10.1f %6zu %11.1f %14zu %13zu %13zu %7zu %14zu\n", pages, holes, hole_lines, shorts,
	              short_lines, blocks, recto_hy, verso_hy, spreads, uneven);
}

char *ov_layout_report(const ov_layout *L)
{
	ov_buf b = OV_BUF_INIT;
	ov_layout_stats t = {0};
	ov_buf_printf(&b, "%-40s %6s %8s %5s %5s %6s %6s %9s %6s %7s %8s %10s %9s %8s %9s %9s %8s %5s\n", "chapter",
	              "lines", "overfull", "loose", "tight", "ragged", "hyph", "hyph-runs", "widows", "orphans",
	              "stranded", "split-rows", "letter-sp", "expanded", "space-min", "space-max", "contrast", "runts");
	for (size_t i = 0; i <= L->stats_count; i++) {
		const ov_layout_stats *s = i < L->stats_count ? &L->stats[i] : &t;
		char name[48];
		if (i == L->stats_count)
			snprintf(name, sizeof name, "total");
		else if (s->chapter->as.chapter.number)
			snprintf(name, sizeof name, "%d %.37s", s->chapter->as.chapter.number, s->chapter->as.chapter.title);
		else
			snprintf(name, sizeof name, "%.39s", s->chapter->as.chapter.title);
		trim_utf8(name);
		ov_buf_printf(&b, "%-40s %6zu %8zu %5zu %5zu %6zu %6zu %9zu %6zu %7zu %8zu %10zu %9zu %8zu %9.3f %9.3f %8zu %5zu\n",
		              name, s->lines, s->overfull, s->loose, s->tight, s->ragged, s->hyphenated, s->hyphen_runs,
		              s->widows, s->orphans, s->stranded, s->split_rows, s->letter_spaced, s->expanded,
		              s->space_min, s->space_max, s->contrast, s->runts);
		if (i < L->stats_count) {
			t.lines += s->lines;
			t.overfull += s->overfull;
			t.loose += s->loose;
			t.tight += s->tight;
			t.ragged += s->ragged;
			t.hyphenated += s->hyphenated;
			t.hyphen_runs += s->hyphen_runs;
			t.widows += s->widows;
			t.orphans += s->orphans;
			t.stranded += s->stranded;
			t.split_rows += s->split_rows;
			t.letter_spaced += s->letter_spaced;
			t.expanded += s->expanded;
			if (s->space_max > 0 && (t.space_max == 0 || s->space_min < t.space_min))
				t.space_min = s->space_min;
			if (s->space_max > t.space_max)
				t.space_max = s->space_max;
			t.contrast += s->contrast;
			t.runts += s->runts;
		}
	}
	page_section(L, &b);
	return ov_buf_detach(&b);
}

char *ov_layout_dump(const ov_layout *L)
{
	ov_buf b = OV_BUF_INIT;
	static const char *const kinds[] = {"text", "rule", "image", "link", "span", "span-end", "mark"};
	for (size_t p = 0; p < L->page_count; p++) {
		const ov_lpage *pg = &L->pages[p];
		ov_buf_printf(&b, "page %zu %s%d %s\n", p + 1, pg->front ? "front " : "", pg->number,
		              pg->recto ? "recto" : "verso");
		for (size_t i = 0; i < pg->count; i++) {
			const ov_box *x = &pg->boxes[i];
			if (x->kind == OV_BOX_STRUCT || x->kind == OV_BOX_STRUCT_END)
				continue; /* structure, not drawing: the dumps show what is drawn */
			ov_buf_printf(&b, "  %s %.2f %.2f %.2f", kinds[x->kind], x->x, x->y, x->w);
			if (x->kind == OV_BOX_TEXT) {
				ov_buf_printf(&b, " f%d %.2f \"%s\"", (int)x->face, x->size, x->text);
				if (x->tracking > 0)
					ov_buf_printf(&b, " tc=%.3f", x->tracking);
				if (x->expand)
					ov_buf_printf(&b, " tz=%.1f", 100 + x->expand * 0.5);
				/* one glyph per character in the face's own font: its
				 * kerning; else every glyph, with the byte its cluster
				 * starts at, its font when another, adjustment and offset */
				bool plain = x->glyph_count == ov_utf8_count(x->text, x->len);
				for (size_t k = 0; k < x->glyph_count && plain; k++)
					plain = x->glyphs[k].dx == 0 && x->glyphs[k].dy == 0 &&
					        x->glyphs[k].font == (unsigned)x->face && x->glyphs[k].gid != 0;
				for (size_t k = 0; k < x->glyph_count && plain; k++)
					if (x->glyphs[k].adjust)
						ov_buf_printf(&b, " k%zu=%d", k, x->glyphs[k].adjust);
				for (size_t k = 0; k < x->glyph_count && !plain; k++) {
					const ov_glyph *g = &x->glyphs[k];
					ov_buf_printf(&b, " g%u@%u", g->gid, g->cluster);
					if (g->font != (unsigned)x->face)
						ov_buf_printf(&b, "/f%u", g->font);
					if (g->adjust)
						ov_buf_printf(&b, "%+d", g->adjust);
					if (g->dx || g->dy)
						ov_buf_printf(&b, "(%d,%d)", g->dx, g->dy);
				}
				if (x->full_word)
					ov_buf_printf(&b, " word=\"%s\"", x->full_word);
				if (x->word_end)
					ov_buf_puts(&b, " word-end");
			}
			else if (x->kind == OV_BOX_LINK)
				ov_buf_printf(&b, " -> %s", x->uri ? x->uri : x->target_id ? x->target_id : "?");
			else if (x->kind == OV_BOX_SPAN)
				ov_buf_printf(&b, " h=%.2f \"%.*s\"", x->h, (int)x->len, x->text ? x->text : "");
			else if (x->kind == OV_BOX_SPAN_END)
				; /* nothing but its place */
			else
				ov_buf_printf(&b, " h=%.2f", x->h);
			ov_buf_putc(&b, '\n');
		}
	}
	return ov_buf_detach(&b);
}
