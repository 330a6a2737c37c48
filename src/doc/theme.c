/*
 * theme.c - the default theme, page setups by size, and colours.
 */
#include "theme.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const ov_page_size_names[OV_PAGE__COUNT] = {"6x9in", "a4", "letter"};

static const char *const face_names[OV_FACE__COUNT] = {"regular", "italic", "bold", "bold-italic",
                                                       "monospace"};

const char *ov_face_name(ov_face face)
{
	return face >= 0 && face < OV_FACE__COUNT ? face_names[face] : "regular";
}

void ov_theme_init(ov_theme *t)
{
	memset(t, 0, sizeof *t);
	/* Text blocks per docs/typography.md: 60-75 characters of the book face
	 * at the body size, leading about 1.3, bottom margin larger than top;
	 * the inner (binding) margin is narrower than the outer on A4 and
	 * Letter, but 4 pt wider on 6x9in. Each size has margins of its own,
	 * not one set scaled. */
	t->page[OV_PAGE_6X9IN] = (ov_page_setup){"6x9in", 432, 648, 54, 66, 54, 50, 10.5, 13.6, true};
	t->page[OV_PAGE_A4] = (ov_page_setup){"a4", 595.28, 841.89, 72, 92, 100, 135, 11.5, 15, true};
	t->page[OV_PAGE_LETTER] = (ov_page_setup){"letter", 612, 792, 72, 86, 100, 142, 11.5, 15, true};

	t->text_color = OV_COLOR_BLACK;
	t->paragraph_spacing = 0.45;
	t->paragraph_indent = 0;
	t->block_spacing = 0.2;
	t->display_spacing = 0.6;
	t->list_indent = 1.8;
	t->list_spacing = 0.3;
	t->quote_indent = 1.6;
	t->quote_spacing = 0.4;
	t->quote_bar_width = 1.5;
	t->quote_bar_at = 0.35;
	t->quote_bar_color = 0x999999; /* gray 0.6 */
	t->break_spacing = 0.6;
	t->break_width = 1.0 / 3;
	t->rule_weight = 0.5;
	t->rule_color = OV_COLOR_BLACK;
	/* links are set as text: a print book shows no colour, and the EPUB
	 * underlines them */
	t->link_color = OV_COLOR_BLACK;
	t->mark_size = 0.65;

	t->chapter_drop = 0.12;
	t->title_size = 2.0;
	t->part_pages = true;
	t->part_size = 2.6;
	t->title_leading = 1.2;
	t->title_space_after = 2;
	t->label_size = 1.1;
	t->label_gap = 2.2;
	t->label_face = OV_FACE_ITALIC;
	t->label_color = 0x404040; /* gray 0.25 */

	static const double size[OV_HEADING_LEVELS] = {1.6, 1.3, 1.12, 1, 1, 1};
	static const double above[OV_HEADING_LEVELS] = {1.2, 1.2, 0.9, 0.9, 0.9, 0.9};
	for (int i = 0; i < OV_HEADING_LEVELS; i++) {
		t->heading_size[i] = size[i];
		t->heading_above[i] = above[i];
		/* from level 4 on, headings are told apart by their slant */
		t->heading_face[i] = i >= 3 ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD;
	}
	t->heading_below = 0.35;
	t->heading_leading = 1.25;
	t->heading_color = OV_COLOR_BLACK;

	/* monospace looks larger than the book face at the same size
	 * (docs/typography.md: code at 85-90% of the body) */
	t->code_size = 0.85;
	t->inline_code_size = 0.88;
	t->code_leading = 1.3;
	t->code_padding = 4;
	t->code_space[0] = 0.3;
	t->code_space[1] = 0.4;
	t->code_background = 0xededed; /* gray 0.93 */
	t->code_mark_color = 0x808080; /* gray 0.5 */

	t->table_size = 0.9;
	t->table_leading = 1.3;
	t->table_padding = 4;
	t->table_header_face = OV_FACE_BOLD;
	t->table_rule_color = OV_COLOR_BLACK;
	t->table_rule = 0.8;
	t->table_header_rule = 0.5;
	t->table_space[0] = 0.5;
	t->table_space[1] = 0.6;

	/* callouts: GitHub's alert colours (Primer's fg.accent, success, done,
	 * attention and danger), on the code blocks' kind of tint, lighter;
	 * the label is text in that colour on the tint, so each keeps WCAG
	 * 2.1's 4.5:1 contrast (SC 1.4.3) against #f4f4f4: attention's
	 * #9a6700 has 4.43:1 (DAISY Ace found it), so warnings are #8a5a00
	 * (5.39:1); the others have 4.59 to 4.77:1 */
	t->callout_spacing = 0.5;
	t->callout_padding = 6;
	t->callout_bar_width = 2;
	t->callout_background = 0xf4f4f4;
	t->callout_color[0] = 0x0969da;
	t->callout_color[1] = 0x1a7f37;
	t->callout_color[2] = 0x8250df;
	t->callout_color[3] = 0x8a5a00;
	t->callout_color[4] = 0xd1242f;
	t->figure_space[0] = 0.5;
	t->figure_space[1] = 0.6;
	t->caption_size = 0.9;
	t->caption_leading = 1.3;
	t->caption_gap = 6;
	t->caption_face = OV_FACE_ITALIC;
	/* labels under 8 pt are hard to read in print (the size of a
	 * book's smallest notes) */
	t->figure_min_text = 8;

	t->note_size = 0.85;
	t->note_leading = 1.3;
	t->note_indent = 1.6;
	t->note_rule_length = 0.25;
	t->note_rule_weight = 0.4;

	t->contents_depth = 2;
	t->contents_leading = 1.35;
	t->contents_indent = 1.8;
	t->contents_space = 0.5;
	t->leader_color = 0x666666; /* gray 0.4 */

	t->head_verso = OV_HEAD_BOOK;
	t->head_recto = OV_HEAD_CHAPTER;
	t->head_size = 0.9;
	t->head_offset = 1.8;
	t->folio_offset = 2.4;
	t->head_color = 0x333333; /* gray 0.2 */

	t->title_page_size[0] = 2.3;
	t->title_page_size[1] = 1.35;
	t->title_page_size[2] = 1.3;
	t->title_page_size[3] = 1.1;
	t->title_page_drop = 0.22;
	t->copyright_size = 0.9;
	t->copyright_drop = 0.45;
}

int ov_page_size_index(const char *name)
{
	for (int i = 0; i < OV_PAGE__COUNT; i++)
		if (strcmp(name, ov_page_size_names[i]) == 0)
			return i;
	return -1;
}

int ov_theme_page(const ov_theme *t, const char *name, ov_page_setup *out)
{
	int i = ov_page_size_index(name);
	if (i < 0)
		return -1;
	*out = t->page[i];
	return 0;
}

bool ov_length_parse(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0)
		return false;
	while (*end == ' ')
		end++;
	double k;
	if (!*end || strcmp(end, "pt") == 0)
		k = 1;
	else if (strcmp(end, "in") == 0)
		k = 72;
	else if (strcmp(end, "mm") == 0)
		k = 72 / 25.4;
	else if (strcmp(end, "cm") == 0)
		k = 72 / 2.54;
	else
		return false;
	*out = v * k;
	return true;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool ov_color_parse(const char *s, ov_color *out)
{
	if (s[0] != '#')
		return false;
	size_t n = strlen(s + 1);
	if (n != 6 && n != 3)
		return false;
	ov_color c = 0;
	for (size_t i = 1; i <= n; i++) {
		int d = hex_digit(s[i]);
		if (d < 0)
			return false;
		/* #rgb is #rrggbb with each digit doubled (CSS Color 4, "The RGB
		 * Hexadecimal Notations") */
		c = n == 3 ? (c << 8) | (ov_color)(d * 17) : (c << 4) | (ov_color)d;
	}
	*out = c;
	return true;
}

void ov_color_format(ov_color c, char out[8])
{
	static const char hex[] = "0123456789abcdef";
	out[0] = '#';
	for (int i = 0; i < 6; i++)
		out[1 + i] = hex[(c >> (20 - 4 * i)) & 15];
	out[7] = '\0';
}
