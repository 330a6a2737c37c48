/*
 * figure.c - figures: the image at its printed size (from its resolution,
 * within the measure and 60% of the text block), centred, with its
 * numbered caption below it: the caption written with the image (its
 * inlines, figures part), else the image's title or alt text.
 *
 * A figure is a float: one that does not fit where it is cited waits for
 * the top of the next page while the text goes on filling this one (as
 * LaTeX's figure environment with [tp]: LaTeX 2e's float placement, the
 * top of a page; and as book editors place an illustration, after its
 * first text reference, as near it as the page allows). It never moves back: the text it follows in the source,
 * its mention, is on its page or the page before. Figures keep their
 * order: while one waits, the figures after it wait too (LaTeX's float
 * queue). Those still waiting when the chapter's text ends are set on the
 * pages after it (lay_finish_notes), so a chapter's last page may hold
 * only figures. An image inside a paragraph's text is no figure and stays
 * in its line; a figure is never taller than 60% of the text block
 * (lay_figure_size), so it always fits on a page under its caption.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Print resolution: an image is never set larger than this allows. */
#define MIN_DPI 150
#define PT_PER_INCH 72.0
#define CSS_PX_PER_INCH 96.0
/* The tallest a figure's image is set, as a fraction of the text block,
 * so that its caption and some text share its page. */
#define MAX_HEIGHT 0.6
/* The most lines of a caption kept on the page of its image; a longer
 * caption goes on to the next page. */
#define MAX_KEPT_LINES 6

/* The printed size of a figure's image: its natural size at the file's
 * resolution, but never below 150 dpi (the default when the file does not
 * say), never wider than the measure nor taller than 60% of the text block;
 * 0 x 0 when it cannot be shown. */
void lay_figure_size(lay *c, const ov_node *fig, double *w, double *h)
{
	const ov_node *img = fig->as.figure.image;
	const ov_asset *a = img ? img->as.image.asset : NULL;
	*w = *h = 0;
	if (!a || !a->ok)
		return;
	/* print needs at least 150 dpi: an image is never set larger than
	 * that allows, whatever resolution the file claims (docs/typography.md) */
	double dpi = a->info.dpi_x > MIN_DPI ? a->info.dpi_x : MIN_DPI;
	double dpi_y = a->info.dpi_y > MIN_DPI ? a->info.dpi_y : dpi;
	*w = a->info.width * PT_PER_INCH / dpi;
	*h = a->info.height * PT_PER_INCH / dpi_y;
	if (a->svg) {
		/* an SVG has no resolution: its intrinsic size, in CSS pixels,
		 * is its natural size, made smaller as below, never larger
		 * (a drawing made for a screen is not blown up on paper) */
		*w = a->svg->width * PT_PER_INCH / CSS_PX_PER_INCH;
		*h = a->svg->height * PT_PER_INCH / CSS_PX_PER_INCH;
	}
	/* HTML's width= and height= (CSS pixels, 96 to the inch; or a
	 * percentage of the measure) make an image smaller, never larger */
	double hw = img->as.image.width > 0 ? img->as.image.width * PT_PER_INCH / CSS_PX_PER_INCH
	            : img->as.image.width < 0 ? lay_line_width(c) * -img->as.image.width / 100.0
	                                      : 0;
	double hh = img->as.image.height > 0 ? img->as.image.height * PT_PER_INCH / CSS_PX_PER_INCH : 0;
	if (hw > 0 && hw < *w) {
		*h *= hw / *w;
		*w = hw;
	}
	if (hh > 0 && hh < *h) {
		*w *= hh / *h;
		*h = hh;
	}
	double maxw = lay_line_width(c), maxh = (lay_text_bottom(c) - lay_text_top(c)) * MAX_HEIGHT;
	if (*w > maxw) {
		*h *= maxw / *w;
		*w = maxw;
	}
	if (*h > maxh) {
		*w *= maxh / *h;
		*h = maxh;
	}
}

bool lay_inline_image_size(lay *c, const ov_node *img, double size, double *w, double *h)
{
	const ov_asset *a = img->as.image.asset;
	*w = *h = 0;
	if (!a || !a->ok)
		return false;
	/* the aspect ratio of its pixels, or of an SVG's intrinsic size */
	double nw = a->svg ? a->svg->width : (double)a->info.width;
	double nh = a->svg ? a->svg->height : (double)a->info.height;
	if (!(nw > 0) || !(nh > 0))
		return false;
	/* the EPUB's class rule outweighs the img's width= and height=
	 * (CSS 2.1 §6.4.4: presentational hints come first and lose), so
	 * those hints, which made the image an icon (figures.c), size it in
	 * neither book */
	*h = size * LAY_INLINE_IMAGE;
	*w = *h * nw / nh;
	double maxw = lay_line_width(c);
	if (*w > maxw) {
		*h *= maxw / *w;
		*w = maxw;
	}
	return *w > 0 && *h > 0;
}

/* The text of an SVG drawn as vectors, set in the book's fonts as text
 * boxes where the SVG puts it, scaled as its image box (x, y top-left, w x
 * h) scales the image: the SVG's own fonts are not used, its bold, italic
 * and monospace are the book's faces. Each text chunk (SVG 1.1 §10.4:
 * stretches from one absolute position to the next) is anchored as its
 * text-anchor says, measured in the book's font. */
void lay_svg_text(lay *c, const ov_svg *s, double x0, double y0, double w, double h, ov_pos pos)
{
	double sx = w / s->width, sy = h / s->height;
	double px = 0, py = 0; /* where the last stretch ended, image pixels */
	for (size_t i = 0; i < s->text_count;) {
		size_t j = i + 1;
		while (j < s->text_count && !s->texts[j].abs_x && !s->texts[j].abs_y)
			j++;
		double *width = ov_arena_alloc(c->arena, (j - i) * sizeof *width);
		double total = 0; /* the chunk's advance, image pixels */
		for (size_t k = i; k < j; k++) {
			const ov_svg_text *t = &s->texts[k];
			ov_face face = t->mono ? OV_FACE_MONO
			               : t->bold ? (t->italic ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD)
			               : t->italic ? OV_FACE_ITALIC : OV_FACE_REGULAR;
			width[k - i] = lay_text_width(c, face, t->size * sx, t->text, strlen(t->text), pos);
			total += width[k - i] / sx + (k > i ? t->dx : 0);
		}
		const ov_svg_text *first = &s->texts[i];
		double x = (first->abs_x ? first->x : px) + first->dx, y = (first->abs_y ? first->y : py) + first->dy;
		x -= first->anchor == 1 ? total / 2 : first->anchor == 2 ? total : 0;
		for (size_t k = i; k < j; k++) {
			const ov_svg_text *t = &s->texts[k];
			if (k > i) {
				x += t->dx;
				y += t->dy;
			}
			ov_face face = t->mono ? OV_FACE_MONO
			               : t->bold ? (t->italic ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD)
			               : t->italic ? OV_FACE_ITALIC : OV_FACE_REGULAR;
			lay_add_text(c, x0 + x * sx, y0 + y * sy, face, t->size * sx, t->text, strlen(t->text),
			             width[k - i], t->color);
			x += width[k - i] / sx;
		}
		px = x;
		py = y;
		i = j;
	}
}

/* Warns when the smallest text of an SVG figure set w pt wide prints
 * under the theme's figure-min-text: the labels of a drawing made for a
 * screen shrink with it (a 12 px label on a 600 px drawing in a 4.5 in
 * measure prints at 6.5 pt). One warning per figure, at its reference. */
static void check_svg_text(lay *c, const ov_node *fig, const ov_asset *a, double w)
{
	double min = c->th->figure_min_text;
	if (!(min > 0) || !a->svg || !a->svg->text_count || !(w > 0))
		return;
	const ov_svg *s = a->svg;
	double px = s->texts[0].size;
	for (size_t i = 1; i < s->text_count; i++)
		if (s->texts[i].size < px)
			px = s->texts[i].size;
	double scale = w / s->width, pt = px * scale;
	/* rounded as printed, so that 7.96 pt is not "8.0 pt, under 8 pt" */
	if (floor(pt * 10 + 0.5) / 10 < min)
		ov_diag_warning(c->diag, fig->pos,
		                "image '%s' prints text at %.1f pt, under figure-min-text (%g pt): its smallest "
		                "font-size, %g px, is scaled to %.0f %%; make it at least %.1f px",
		                a->shown, pt, min, px, scale * CSS_PX_PER_INCH / PT_PER_INCH * 100, min / scale);
}

/* "Figure C.N", or "Figure N" outside a numbered chapter. */
static const char *figure_label(lay *c, const ov_node *fig)
{
	const ov_node *ch = c->chapter;
	return ch && ch->as.chapter.number
	           ? ov_arena_printf(c->arena, "Figure %d.%d", ch->as.chapter.number, fig->as.figure.number)
	           : ov_arena_printf(c->arena, "Figure %d", fig->as.figure.number);
}

/* Sets figure fig at c->y (its space above included, a page break if it
 * does not fit). */
static void set_figure(lay *c, const ov_node *fig)
{
	const ov_node *img = fig->as.figure.image;
	const ov_asset *a = img ? img->as.image.asset : NULL;
	const char *title = img && *img->as.image.title ? img->as.image.title
	                                                : lay_plain(c, img);
	const char *label = figure_label(c, fig);
	double w, h;
	lay_figure_size(c, fig, &w, &h);
	const ov_theme *t = c->th;
	double cap_size = c->size * t->caption_size, cap_lead = cap_size * t->caption_leading;
	/* caption: "Figure 1.2: Caption text", centered */
	piece_vec pv = {0};
	const ov_node *cap = fig->as.figure.caption;
	size_t cap_lines = 2; /* kept with the image: two lines of it at least */
	if (cap) {
		/* figures part: the caption line written with the image, with
		 * its links and emphasis, in the caption face; as many of its
		 * lines as it has are kept with the image */
		lay_string_pieces(c, &pv, ov_arena_printf(c->arena, "%s:", label), t->caption_face, cap_size, fig->pos);
		size_t first = pv.count;
		lay_build_pieces(c, cap, cap_size, &pv);
		for (size_t i = first; i < pv.count; i++) {
			piece *p = &pv.v[i];
			ov_face f = lay_face_with(p->face, t->caption_face);
			if (f != p->face && !p->math) { /* a formula keeps its glyphs */
				p->face = f;
				if (!p->image) /* keeps its drawn width */
					lay_measure_piece(c, p, p->pos);
			}
		}
		if (pv.count > first && !pv.v[first].hard_break) {
			pv.v[first].space = lay_plain_width(c, OV_FACE_REGULAR, cap_size, " ");
			pv.v[first].can_break = true;
		}
		line_vec lv = {0};
		lay_break_lines(&pv, lay_line_width(c), &lv);
		if (lv.count > cap_lines && lv.count <= MAX_KEPT_LINES)
			cap_lines = lv.count;
		free(lv.v);
	} else {
		const char *text = ov_arena_printf(c->arena, "%s: %s", label, title);
		lay_string_pieces(c, &pv, text, t->caption_face, cap_size, fig->pos);
	}
	lay_vspace(c, c->leading * t->figure_space[0]);
	lay_need_as(c, h + cap_lead * (double)cap_lines + t->caption_gap, OV_PAGE_END_FLOAT);
	lay_add_anchor(c, c->chapter, fig->as.figure.id, c->y);
	lay_mark_start(c, fig, 0);
	c->heading_pending = false;
	if (w > 0) {
		lay_struct(c, fig, OV_SROLE_NODE);
		ov_box *b = lay_add_box(c, OV_BOX_IMAGE);
		b->x = lay_line_left(c) + (lay_line_width(c) - w) / 2;
		b->y = c->y;
		b->w = w;
		b->h = h;
		b->image = a;
		if (a->svg && !a->svg->raster_reason)
			lay_svg_text(c, a->svg, b->x, b->y, w, h, fig->pos);
		check_svg_text(c, fig, a, w);
		lay_struct_end(c);
		c->y += h + t->caption_gap;
	}
	/* a caption of more than one line is balanced (display.c): centred
	 * lines of even width, never a last line of one word */
	c->balance = true;
	lay_struct(c, cap ? cap : fig, cap ? OV_SROLE_NODE : OV_SROLE_CAPTION);
	lay_set_pieces(c, &pv, cap_lead, cap_lead * LAY_BASELINE, false, OV_ALIGN_CENTER, fig->pos);
	lay_struct_end(c);
	c->balance = false;
	lay_vspace(c, c->leading * t->figure_space[1]);
}

/* The height figure fig takes below the space above it: the image and
 * the caption lines kept with it (set_figure's lay_need). */
static double figure_height(lay *c, const ov_node *fig)
{
	const ov_theme *t = c->th;
	double w, h;
	lay_figure_size(c, fig, &w, &h);
	double cap_lead = c->size * t->caption_size * t->caption_leading;
	size_t lines = 2;
	if (fig->as.figure.caption) {
		/* as set_figure measures it: the label and the caption's words */
		piece_vec pv = {0};
		lay_string_pieces(c, &pv, ov_arena_printf(c->arena, "%s:", figure_label(c, fig)), t->caption_face,
		                  c->size * t->caption_size, fig->pos);
		lay_build_pieces(c, fig->as.figure.caption, c->size * t->caption_size, &pv);
		line_vec lv = {0};
		lay_break_lines(&pv, lay_line_width(c), &lv);
		if (lv.count > lines && lv.count <= MAX_KEPT_LINES)
			lines = lv.count;
		free(lv.v);
		free(pv.v);
	}
	return h + t->caption_gap + cap_lead * (double)lines;
}

static void push_float(lay *c, const ov_node *fig)
{
	if (c->float_count == c->float_cap) {
		c->float_cap = c->float_cap ? c->float_cap * 2 : 4;
		c->floats = ov_xrealloc(c->floats, c->float_cap * sizeof *c->floats);
	}
	c->floats[c->float_count++] = (lay_float){fig, c->indent_l, c->indent_r};
}

void lay_figure(lay *c, const ov_node *fig)
{
	/* only body pages float (the front matter has no figures); while a
	 * figure waits, the ones after it wait too */
	if (c->stats && c->page &&
	    (c->float_count ||
	     (c->y > lay_text_top(c) + 0.01 &&
	      c->y + c->leading * c->th->figure_space[0] + figure_height(c, fig) > lay_text_bottom(c) + 0.01))) {
		push_float(c, fig);
		c->floated = fig;
		return;
	}
	set_figure(c, fig);
}

void lay_place_floats(lay *c)
{
	c->placing_floats = true;
	/* set in the body's size, whatever was being set when the page
	 * broke (a heading, a list item waiting for its marker) */
	double keep_l = c->indent_l, keep_r = c->indent_r, keep_size = c->size, keep_lead = c->leading;
	const char *keep_marker = c->marker;
	int keep_task = c->marker_task;
	bool keep_pending = c->heading_pending;
	c->marker = NULL;
	c->marker_task = 0;
	c->size = c->ps->body_size;
	c->leading = c->ps->leading;
	size_t done = 0;
	while (done < c->float_count) {
		const lay_float *f = &c->floats[done];
		c->indent_l = f->indent_l;
		c->indent_r = f->indent_r;
		/* the first always; the next while they fit whole */
		if (done > 0 &&
		    c->y + c->leading * c->th->figure_space[0] + figure_height(c, f->fig) > lay_text_bottom(c) + 0.01)
			break;
		size_t page = lay_page_index(c);
		set_figure(c, f->fig);
		done++;
		if (lay_page_index(c) != page)
			break; /* its caption went on to another page */
	}
	c->indent_l = keep_l;
	c->indent_r = keep_r;
	c->size = keep_size;
	c->leading = keep_lead;
	c->marker = keep_marker;
	c->marker_task = keep_task;
	c->heading_pending = keep_pending;
	memmove(c->floats, c->floats + done, (c->float_count - done) * sizeof *c->floats);
	c->float_count -= done;
	c->placing_floats = false;
}
