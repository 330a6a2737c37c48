/*
 * fonts.c - the fonts the EPUB embeds: the book's faces (book.yaml's
 * "fonts"), and the fallback fonts (font/fallback.h) that show the
 * characters a face lacks, each cut down to the characters it shows
 * (hb-subset, font/font.h).
 *
 * The characters come from the generated documents themselves
 * (ov_epub_chars_note), so that what the writer adds on its own (the
 * back-link arrow U+21A9 of a note, the ballot boxes U+2610 and U+2611
 * of task items, typographic quotes) is counted with the book's text.
 * Content documents tell their code (inside code and pre elements, which
 * the stylesheet sets in the monospaced face) from their text, since the
 * two search different chains of fonts, as the PDF does:
 *
 *   text faces (regular, italic, bold, bold italic):  face, DejaVu Sans, Symbola
 *   the monospaced face:   face, DejaVu Sans Mono, DejaVu Sans, Symbola
 *
 * A character that one face of a chain lacks is served by the first
 * fallback font that has it (the search shape.h's itemization makes,
 * ov_fontset_font_for). A fallback font is read only when some character
 * needs it, so a book without symbols reads none, and one whose symbols
 * are all in DejaVu Sans never reads Symbola (3 MB). The stylesheet names
 * the fallback fonts right after the face (style.c), so that a reading
 * system takes each character from the font the PDF draws it with (CSS
 * Fonts 4, "Font Matching Algorithm": the first family of the list that
 * has a glyph for a character shows it).
 *
 * Formulas (MathML, math.c) are set in the book's math font, the one the
 * PDF uses (font/mathfont.h: fonts.math, else TeX Gyre Pagella Math),
 * embedded as a subset of the characters inside math elements: a reading
 * system on Chromium takes the glyph variants, assemblies and constants of
 * its OpenType MATH table (MathML Core §3.1 "the math font"), which
 * hb-subset keeps with every variant glyph the characters reach. The
 * characters of formulas are not the text's (no fallback font is chosen
 * for U+1D465, which no text face has).
 *
 * Trust: the book's faces are untrusted and checked (font/fontcheck.h);
 * so are the fallback fonts, though they come from Debian packages: a
 * fallback font that is missing or damaged is left out with a warning.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "font/fallback.h"
#include "font/font.h"
#include "font/mathfont.h"
#include "font/shape.h"
#include "util/fsio.h"
#include "util/utf8.h"

static const ov_pos no_pos = {0, 0, 0};

/* ---- characters ---- */

/* One bit per code point of the whole of Unicode, U+0000 to U+10FFFF:
 * 136 KiB, calloc'ed, so that only the pages a book's characters fall on
 * are ever written. */
#define CP_COUNT 0x110000u
#define CP_BYTES (CP_COUNT / 8)

struct ov_epub_chars {
	uint8_t *all;  /* every document: what the faces' subsets hold */
	uint8_t *text; /* content documents, outside code: the text chain */
	uint8_t *code; /* content documents, inside code and pre: the code chain */
	uint8_t *math; /* content documents, inside math elements: the math font */
	bool any_math;
};

static void cp_add(uint8_t *set, uint32_t cp)
{
	if (cp < CP_COUNT)
		set[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

/* The code points of set in ascending order, malloc'ed (*n of them). */
static uint32_t *cp_list(const uint8_t *set, size_t *n)
{
	size_t cap = 256, k = 0;
	uint32_t *out = ov_xmalloc(cap * sizeof *out);
	for (size_t i = 0; i < CP_BYTES; i += 8) {
		uint64_t w;
		memcpy(&w, set + i, sizeof w);
		if (!w) /* most of Unicode: 64 code points at a time */
			continue;
		for (size_t j = i; j < i + 8; j++)
			for (unsigned bit = 0; bit < 8; bit++)
				if (set[j] >> bit & 1) {
					if (k == cap) {
						cap *= 2;
						out = ov_xrealloc(out, cap * sizeof *out);
					}
					out[k++] = (uint32_t)(j * 8 + bit);
				}
	}
	*n = k;
	return out;
}

ov_epub_chars *ov_epub_chars_new(void)
{
	ov_epub_chars *c = ov_xmalloc(sizeof *c);
	c->all = ov_xcalloc(CP_BYTES, 1);
	c->text = ov_xcalloc(CP_BYTES, 1);
	c->code = ov_xcalloc(CP_BYTES, 1);
	c->math = ov_xcalloc(CP_BYTES, 1);
	c->any_math = false;
	return c;
}

void ov_epub_chars_free(ov_epub_chars *c)
{
	if (!c)
		return;
	free(c->all);
	free(c->text);
	free(c->code);
	free(c->math);
	free(c);
}

/* Whether the tag that starts at s[0] ('<') opens (+1) or closes (-1) a
 * code or pre element, else 0. The writer's own markup: attribute values
 * never hold '<' (ov_xml_escape), and no comments or CDATA sections. */
static int code_tag(const unsigned char *s, size_t len)
{
	size_t i = 1;
	int dir = 1;
	if (i < len && s[i] == '/') {
		dir = -1;
		i++;
	}
	size_t n = 0;
	if (len - i > 4 && memcmp(s + i, "code", 4) == 0)
		n = 4;
	else if (len - i > 3 && memcmp(s + i, "pre", 3) == 0)
		n = 3;
	if (!n)
		return 0;
	unsigned char after = s[i + n];
	return after == '>' || after == ' ' || after == '/' ? dir : 0;
}

/* Whether the tag at s[0] ('<') opens (+1) or closes (-1) a math
 * element, else 0. */
static int math_tag(const unsigned char *s, size_t len)
{
	size_t i = 1;
	int dir = 1;
	if (i < len && s[i] == '/') {
		dir = -1;
		i++;
	}
	if (len - i > 4 && memcmp(s + i, "math", 4) == 0 && (s[i + 4] == '>' || s[i + 4] == ' '))
		return dir;
	return 0;
}

void ov_epub_chars_note(ov_epub_chars *c, const char *doc, size_t len, bool xhtml)
{
	const unsigned char *s = (const unsigned char *)doc;
	size_t i = 0;
	bool in_tag = false;
	int code = 0;                  /* code and pre elements open */
	int math = 0;                  /* math elements open */
	uint8_t ascii[3][128] = {{0}}; /* the ASCII of the text, of the code, of formulas */
	uint8_t *seen = ascii[0];      /* ascii[math > 0 ? 2 : code > 0] */
	while (i < len) {
		/* a run of ASCII: most of a document */
		if (xhtml) {
			for (; i < len && s[i] < 0x80; i++) {
				unsigned char b = s[i];
				if (in_tag) {
					in_tag = b != '>';
					continue;
				}
				if (b == '<') {
					in_tag = true;
					if (i + 1 < len && (s[i + 1] == 'c' || s[i + 1] == 'p' || s[i + 1] == '/')) {
						code += code_tag(s + i, len - i);
						if (code < 0)
							code = 0;
						seen = ascii[math > 0 ? 2 : code > 0];
					}
					if (i + 1 < len && (s[i + 1] == 'm' || s[i + 1] == '/')) {
						math += math_tag(s + i, len - i);
						if (math < 0)
							math = 0;
						seen = ascii[math > 0 ? 2 : code > 0];
					}
					continue;
				}
				if (b == '&') {
					/* the references ov_xml_escape writes, and XML's
					 * named ones */
					static const struct {
						const char *name;
						char c;
					} ents[] = {{"&lt;", '<'},  {"&gt;", '>'},    {"&amp;", '&'}, {"&#34;", '"'},
					            {"&#39;", '\''}, {"&quot;", '"'}, {"&apos;", '\''}};
					for (size_t e = 0; e < sizeof ents / sizeof *ents; e++) {
						size_t n = strlen(ents[e].name);
						if (len - i >= n && memcmp(s + i, ents[e].name, n) == 0) {
							b = (unsigned char)ents[e].c;
							i += n - 1;
							break;
						}
					}
				}
				seen[b] = 1;
			}
		} else {
			while (i < len && s[i] < 0x80)
				i++;
		}
		if (i >= len)
			break;
		uint32_t cp;
		int n = ov_utf8_decode((const char *)s + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		if (n <= 0)
			continue;
		/* non-ASCII wherever it is, markup included (alternative text,
		 * labels): a superset is harmless; inside formulas, the math
		 * font's (alttext, in the math start tag, is never shown) */
		if (math > 0) { /* a formula's alttext is not shown */
			if (!in_tag) {
				cp_add(c->math, cp);
				c->any_math = true;
			}
			continue;
		}
		cp_add(c->all, cp);
		if (xhtml)
			cp_add(code > 0 ? c->code : c->text, cp);
	}
	for (unsigned b = 0x20; b < 0x7F; b++) {
		if (ascii[0][b]) {
			cp_add(c->all, b);
			cp_add(c->text, b);
		}
		if (ascii[1][b]) {
			cp_add(c->all, b);
			cp_add(c->code, b);
		}
		if (ascii[2][b]) {
			cp_add(c->math, b);
			c->any_math = true;
		}
	}
}

/* ---- the fonts ---- */

/* Distinct fallback files of both lists, at most. */
#define FALLBACK_MAX 8
#define FILES_MAX (OV_FACE__COUNT + FALLBACK_MAX)

enum { KIND_TEXT, KIND_CODE, KIND__COUNT }; /* the two chains */

typedef struct {
	char *path;          /* on disk */
	char *name;          /* inside the publication: "fonts/NAME.ttf" */
	char *data;          /* the file's bytes, then its subset's */
	size_t len;
	char family[96];     /* from the font's 'name' table, "" if none usable */
	ov_font *font;       /* NULL once subset, or when unusable */
	bool cff;            /* OpenType/CFF outlines */
	ov_pos pos;          /* where book.yaml names it (first face); none for a fallback */
	unsigned faces;      /* bit f: it is face f */
	const ov_fallback *fallback; /* for a fallback font: its entry, else NULL */
	int state;           /* a fallback: 0 not read yet, 1 usable, -1 left out (reported) */
	bool missing;        /* a fallback: its file could not be read */
	uint32_t *serves;    /* a fallback: the code points it shows, ascending */
	size_t nserves, capserves;
	bool serves_chain[KIND__COUNT]; /* a fallback: shows characters of the chain */
	bool embed;
} font_file;

typedef struct {
	uint32_t cp;
	uint8_t kind; /* KIND_TEXT or KIND_CODE */
	uint8_t file; /* the fallback that shows it */
} served_cp;

struct ov_epub_fonts {
	font_file files[FILES_MAX];
	size_t count;       /* files[0..faces) are the faces', then the fallbacks */
	size_t faces;
	int face_file[OV_FACE__COUNT];          /* index in files, -1 for none */
	int chain[KIND__COUNT][FALLBACK_MAX];   /* the fallbacks of each chain, in search order */
	size_t chain_len[KIND__COUNT];
	served_cp *served;  /* in order of kind, then code point */
	size_t nserved, capserved;
	char serif[96], mono[96];
	font_file math;     /* the math font (path NULL: none), as a fallback is */
	ov_epub_font out[FILES_MAX + 1];
	size_t nout;
};

/* Appends code point cp to out (size n, used *o) when it is printable and
 * safe inside a quoted CSS string; returns false otherwise. */
static bool family_char(char *out, size_t n, size_t *o, uint32_t cp)
{
	if (cp < 0x20 || cp == '"' || cp == '\\' || cp == 0x7F || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp > 0x10FFFF)
		return false;
	char u[4];
	int k = ov_utf8_encode(cp, u);
	if (*o + (size_t)k >= n)
		return false;
	memcpy(out + *o, u, (size_t)k);
	*o += (size_t)k;
	out[*o] = '\0';
	return true;
}

/* The family name of font f, as HarfBuzz reads the 'name' table (OpenType
 * 1.9, "name": ID 16, the typographic family, else ID 1, the family),
 * into out (n bytes): a name with a character that a quoted CSS string
 * cannot hold as it is (CSS Syntax 3 §4.3.5: '"', '\', newlines and other
 * controls) is not used. Leaves out empty when no name is usable. */
static void font_family(const ov_font *f, char *out, size_t n)
{
	static const unsigned ids[] = {16, 1};
	out[0] = '\0';
	for (size_t k = 0; k < sizeof ids / sizeof *ids; k++) {
		char raw[256];
		if (!ov_font_name(f, ids[k], raw, sizeof raw) || !raw[0])
			continue;
		char name[96];
		size_t o = 0, len = strlen(raw);
		bool ok = true;
		name[0] = '\0';
		for (size_t i = 0; ok && i < len;) {
			uint32_t cp;
			int m = ov_utf8_decode(raw + i, len - i, &cp);
			ok = m > 0 && family_char(name, sizeof name, &o, cp);
			i += m > 0 ? (size_t)m : 1;
		}
		if (ok && o && o < n) {
			memcpy(out, name, o + 1);
			return;
		}
	}
}

/* Appends s, each character that would need escaping in a URL or a zip
 * entry name replaced by '-'. */
static void put_plain(ov_buf *b, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		          c == '_' || c == '.';
		ov_buf_putc(b, ok ? c : '-');
	}
}

/* "fonts/" and the base name of path (put_plain), the file's extension
 * kept; a second file of the same base name gets its number (index + 1)
 * in front. */
static char *entry_name(const ov_epub_fonts *fs, const char *path, size_t index)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	ov_buf nb = OV_BUF_INIT;
	ov_buf_puts(&nb, "fonts/");
	put_plain(&nb, base);
	for (size_t j = 0; j < fs->count; j++)
		if (fs->files[j].name && strcmp(fs->files[j].name, ov_buf_cstr(&nb)) == 0) {
			ov_buf_clear(&nb);
			ov_buf_printf(&nb, "fonts/%zu-", index + 1);
			put_plain(&nb, base);
			break;
		}
	return ov_buf_detach(&nb);
}

void ov_epub_fonts_free(ov_epub_fonts *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->count; i++) {
		font_file *f = &fs->files[i];
		ov_font_free(f->font); /* before the bytes it reads */
		free(f->data);
		free(f->path);
		free(f->name);
		free(f->serves);
	}
	ov_font_free(fs->math.font);
	free(fs->math.data);
	free(fs->math.name);
	free(fs->math.serves);
	free(fs->served);
	free(fs);
}

/* The fallback entry e as a file of fs (one per distinct file). */
static int add_fallback(ov_epub_fonts *fs, const ov_fallback *e)
{
	char path[4096];
	ov_fallback_path(e, path, sizeof path);
	for (size_t i = fs->faces; i < fs->count; i++)
		if (strcmp(fs->files[i].path, path) == 0)
			return (int)i;
	if (fs->count == FILES_MAX)
		return -1;
	font_file *f = &fs->files[fs->count];
	f->path = ov_xstrdup(path);
	f->fallback = e;
	return (int)fs->count++;
}

int ov_epub_fonts_load(const ov_doc *doc, ov_epub_fonts **out)
{
	ov_epub_fonts *fs = ov_xcalloc(1, sizeof *fs);
	*out = fs;
	int rc = 0;
	for (int face = 0; face < OV_FACE__COUNT; face++) {
		fs->face_file[face] = -1;
		const char *path = doc->meta.fonts[face];
		if (!path || !*path)
			continue;
		size_t k;
		for (k = 0; k < fs->count; k++)
			if (strcmp(fs->files[k].path, path) == 0)
				break;
		if (k < fs->count) {
			fs->files[k].faces |= 1u << face;
			fs->face_file[face] = (int)k;
			continue;
		}
		font_file *f = &fs->files[fs->count];
		if (ov_read_file(path, &f->data, &f->len) != 0) {
			ov_diag_error(doc->diag, doc->meta.font_pos[face], "cannot read font '%s': %s", path,
			              ov_file_error(errno));
			rc = -1;
			continue;
		}
		f->path = ov_xstrdup(path);
		f->pos = doc->meta.font_pos[face];
		f->faces = 1u << face;
		/* checked as the PDF checks it: a damaged table is an error here,
		 * damaged glyphs once the subset is known */
		char why[OV_FONTCHECK_WHY];
		f->font = ov_font_load((const uint8_t *)f->data, f->len, why, sizeof why);
		if (!f->font) {
			ov_diag_error(doc->diag, f->pos, "font '%s' %s", path, why);
			rc = -1;
		} else {
			f->cff = ov_font_info_of(f->font)->cff;
			font_family(f->font, f->family, sizeof f->family);
		}
		f->name = entry_name(fs, path, fs->count);
		fs->face_file[face] = (int)fs->count;
		fs->count++;
	}
	fs->faces = fs->count;
	/* the chains after the faces (fallback.h), files not read yet */
	for (int kind = 0; kind < KIND__COUNT; kind++)
		for (const ov_fallback *e = ov_fallbacks(kind == KIND_CODE ? OV_FALLBACK_CODE : OV_FALLBACK_TEXT);
		     e->file && fs->chain_len[kind] < FALLBACK_MAX; e++) {
			int i = add_fallback(fs, e);
			if (i >= 0)
				fs->chain[kind][fs->chain_len[kind]++] = i;
		}
	return rc;
}

/* The font of fallback f, read and checked the first time it is asked
 * for; NULL when it is unusable (reported once: a missing file once per
 * package, whose files go together). */
static ov_font *fallback_font(const ov_doc *doc, ov_epub_fonts *fs, font_file *f)
{
	if (f->state)
		return f->font;
	f->state = -1;
	if (ov_read_file(f->path, &f->data, &f->len) != 0) {
		int err = errno;
		for (size_t i = fs->faces; i < fs->count; i++)
			if (fs->files[i].missing && strcmp(fs->files[i].fallback->package, f->fallback->package) == 0)
				return NULL;
		f->missing = true;
		ov_diag_warning(doc->diag, no_pos,
		                "cannot read fallback font '%s': %s; install the Debian package %s (the EPUB embeds "
		                "no glyphs from it)",
		                f->path, ov_file_error(err), f->fallback->package);
		return NULL;
	}
	char why[OV_FONTCHECK_WHY];
	f->font = ov_font_load((const uint8_t *)f->data, f->len, why, sizeof why);
	if (!f->font) {
		ov_diag_warning(doc->diag, no_pos,
		                "fallback font '%s' %s; reinstall the Debian package %s (the EPUB embeds no glyphs "
		                "from it)",
		                f->path, why, f->fallback->package);
		free(f->data);
		f->data = NULL;
		return NULL;
	}
	f->state = 1;
	f->cff = ov_font_info_of(f->font)->cff;
	font_family(f->font, f->family, sizeof f->family);
	return f->font;
}

static void push_cp(uint32_t **a, size_t *n, size_t *cap, uint32_t cp)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*a = ov_xrealloc(*a, *cap * sizeof **a);
	}
	(*a)[(*n)++] = cp;
}

/* Characters that need no glyph of their own: controls, and the default
 * ignorable ones (Unicode's Default_Ignorable_Code_Point: joiners,
 * variation selectors, which reading systems do not draw). */
static bool needs_no_glyph(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || ov_char_is_ignorable(cp);
}

/* For each character of set that a face of the chain lacks, the first
 * fallback of the chain that has it shows it. */
static void plan_chain(const ov_doc *doc, ov_epub_fonts *fs, int kind, const uint8_t *set)
{
	ov_font *faces[OV_FACE__COUNT];
	size_t nfaces = 0;
	for (int face = 0; face < OV_FACE__COUNT; face++) {
		bool mono = face == OV_FACE_MONO;
		if ((kind == KIND_CODE) != mono || fs->face_file[face] < 0)
			continue;
		ov_font *f = fs->files[fs->face_file[face]].font;
		if (f)
			faces[nfaces++] = f;
	}
	if (!nfaces) /* no face of its own: the reading system's fonts show it all */
		return;
	size_t n;
	uint32_t *cps = cp_list(set, &n);
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = cps[i];
		if (needs_no_glyph(cp))
			continue;
		bool lacks = false;
		for (size_t j = 0; j < nfaces && !lacks; j++)
			lacks = ov_font_glyph(faces[j], cp) == 0;
		if (!lacks)
			continue;
		for (size_t j = 0; j < fs->chain_len[kind]; j++) {
			font_file *fb = &fs->files[fs->chain[kind][j]];
			ov_font *f = fallback_font(doc, fs, fb);
			if (!f || !ov_font_glyph(f, cp))
				continue;
			/* a character of both chains is added twice: sorted out below */
			push_cp(&fb->serves, &fb->nserves, &fb->capserves, cp);
			fb->serves_chain[kind] = true;
			if (fs->nserved == fs->capserved) {
				fs->capserved = fs->capserved ? fs->capserved * 2 : 32;
				fs->served = ov_xrealloc(fs->served, fs->capserved * sizeof *fs->served);
			}
			fs->served[fs->nserved++] = (served_cp){cp, (uint8_t)kind, (uint8_t)fs->chain[kind][j]};
			break;
		}
	}
	free(cps);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Whether a usable fallback of chain kind shows cp (fs->served is sorted
 * by kind, then code point). */
static bool served_by_fallback(const ov_epub_fonts *fs, int kind, uint32_t cp)
{
	size_t lo = 0, hi = fs->nserved;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const served_cp *s = &fs->served[mid];
		if (s->kind < kind || (s->kind == kind && s->cp < cp))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fs->nserved && fs->served[lo].kind == kind && fs->served[lo].cp == cp &&
	       fs->files[fs->served[lo].file].state == 1;
}

/* Replaces f's bytes by the subset sub (n bytes); the font that read the
 * bytes goes first. */
static void take_subset(font_file *f, uint8_t *sub, size_t n)
{
	ov_font_free(f->font);
	f->font = NULL;
	free(f->data);
	f->data = (char *)sub;
	f->len = n;
}

/* A fallback font cut down to the characters it shows, every glyph of
 * the subset checked; left out with a warning when that fails. */
static void subset_fallback(const ov_doc *doc, font_file *f)
{
	qsort(f->serves, f->nserves, sizeof *f->serves, cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < f->nserves; i++)
		if (!k || f->serves[k - 1] != f->serves[i])
			f->serves[k++] = f->serves[i];
	f->nserves = k;
	char why[OV_FONTCHECK_WHY];
	size_t n, ngids = 0;
	uint32_t *gids = NULL;
	uint8_t *sub = NULL;
	int bad = ov_fontcheck_code_points(ov_font_check(f->font), f->serves, f->nserves, why, sizeof why);
	if (!bad) {
		sub = ov_font_subset_for_web(f->font, f->serves, f->nserves, &n, &gids, &ngids);
		bad = sub ? ov_fontcheck_glyphs(ov_font_check(f->font), gids, ngids, why, sizeof why) : 0;
		free(gids);
	}
	if (bad || !sub) {
		if (!bad)
			snprintf(why, sizeof why, "could not be subset");
		ov_diag_warning(doc->diag, no_pos,
		                "fallback font '%s' %s; reinstall the Debian package %s (the EPUB embeds no glyphs "
		                "from it)",
		                f->path, why, f->fallback->package);
		free(sub);
		f->state = -1;
		return;
	}
	take_subset(f, sub, n);
	f->embed = true;
}

/* One of the book's faces cut down to the characters of the documents
 * (printable ASCII always, for reading systems' own text, when its glyphs
 * are sound). Every glyph it draws must be sound: those of the book's
 * characters (its .notdef for a character no font of its chains has), and
 * the ligatures and alternates the layout tables reach from them. Returns
 * -1 after reporting an error. */
static int subset_face(const ov_doc *doc, ov_epub_fonts *fs, font_file *f, const uint32_t *all, size_t nall)
{
	ov_fontcheck *chk = ov_font_check(f->font);
	uint32_t *cps = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < nall; i++) {
		uint32_t cp = all[i];
		if (!ov_font_glyph(f->font, cp)) {
			/* a fallback shows it in every chain this face is in */
			bool text = f->faces & ~(1u << OV_FACE_MONO), code = f->faces & (1u << OV_FACE_MONO);
			if ((!text || served_by_fallback(fs, KIND_TEXT, cp)) &&
			    (!code || served_by_fallback(fs, KIND_CODE, cp)))
				continue;
		}
		push_cp(&cps, &n, &cap, cp);
	}
	char why[OV_FONTCHECK_WHY];
	if (ov_fontcheck_code_points(chk, cps, n, why, sizeof why) != 0) {
		ov_diag_error(doc->diag, f->pos, "font '%s' %s", f->path, why);
		free(cps);
		return -1;
	}
	/* all the characters, and the sound printable ASCII */
	n = 0;
	for (size_t i = 0; i < nall; i++)
		push_cp(&cps, &n, &cap, all[i]);
	for (uint32_t cp = 0x20; cp < 0x7F; cp++) /* twice is harmless: a set */
		if (ov_fontcheck_glyph_ok(chk, ov_font_glyph(f->font, cp)))
			push_cp(&cps, &n, &cap, cp);
	size_t len, ngids = 0;
	uint32_t *gids = NULL;
	uint8_t *sub = ov_font_subset_for_web(f->font, cps, n, &len, &gids, &ngids);
	free(cps);
	int bad = ov_fontcheck_glyphs(chk, gids, ngids, why, sizeof why);
	free(gids);
	if (bad) {
		ov_diag_error(doc->diag, f->pos, "font '%s' %s", f->path, why);
		free(sub);
		return -1;
	}
	if (ov_fontcheck_damaged(chk, why, sizeof why))
		ov_diag_warning(doc->diag, f->pos, "font '%s' %s", f->path, why);
	if (sub) {
		take_subset(f, sub, len);
	} else {
		ov_diag_warning(doc->diag, f->pos, "font '%s' could not be subset; the EPUB holds all of it", f->path);
		ov_font_free(f->font);
		f->font = NULL;
	}
	f->embed = true;
	return 0;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* Whether two family names are one: CSS compares them ignoring ASCII case
 * (CSS Fonts 4, "Font family: the font-family property"). */
static bool same_family(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

/* The math font cut down to the formulas' characters (those it has),
 * checked as a fallback font is; left out with a warning when it cannot
 * be read, is damaged or cannot be subset: reading systems then use
 * their own math font. */
static void subset_math(const ov_doc *doc, ov_epub_fonts *fs, const uint8_t *set)
{
	font_file *f = &fs->math;
	const char *path = ov_math_font_path(doc->meta.math_font);
	if (!path)
		return; /* no math font installed: the typesetting stage says so */
	ov_pos pos = doc->meta.math_font ? doc->meta.math_font_pos : no_pos;
	char why[OV_FONTCHECK_WHY];
	if (ov_read_file(path, &f->data, &f->len) != 0) {
		ov_diag_warning(doc->diag, pos, "cannot read math font '%s': %s; the EPUB embeds no math font", path,
		                ov_file_error(errno));
		return;
	}
	f->font = ov_font_load((const uint8_t *)f->data, f->len, why, sizeof why);
	if (!f->font) {
		ov_diag_warning(doc->diag, pos, "math font '%s' %s; the EPUB embeds no math font", path, why);
		return;
	}
	f->cff = ov_font_info_of(f->font)->cff;
	font_family(f->font, f->family, sizeof f->family);
	size_t n;
	uint32_t *cps = cp_list(set, &n);
	/* U+221A SQUARE ROOT, which msqrt and mroot draw without the
	 * document having it (MathML Core §3.3.3: the radical glyph and its
	 * variants come from the math font); hb-subset takes a set, so a
	 * second one is harmless */
	cps = ov_xrealloc(cps, (n + 1) * sizeof *cps);
	cps[n++] = 0x221A;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (ov_font_glyph(f->font, cps[i]))
			cps[k++] = cps[i];
	size_t len = 0, ngids = 0;
	uint32_t *gids = NULL;
	uint8_t *sub = NULL;
	int bad = ov_fontcheck_code_points(ov_font_check(f->font), cps, k, why, sizeof why);
	if (!bad) {
		sub = ov_font_subset_for_web(f->font, cps, k, &len, &gids, &ngids);
		bad = sub ? ov_fontcheck_glyphs(ov_font_check(f->font), gids, ngids, why, sizeof why) : 0;
		free(gids);
	}
	free(cps);
	if (bad || !sub) {
		if (!bad)
			snprintf(why, sizeof why, "could not be subset");
		ov_diag_warning(doc->diag, pos, "math font '%s' %s; the EPUB embeds no math font", path, why);
		free(sub);
		return;
	}
	take_subset(f, sub, len);
	f->path = NULL;
	f->name = entry_name(fs, path, fs->count);
	f->embed = true;
}

int ov_epub_fonts_prepare(ov_epub_fonts *fs, const ov_doc *doc, const ov_epub_chars *chars)
{
	plan_chain(doc, fs, KIND_TEXT, chars->text);
	plan_chain(doc, fs, KIND_CODE, chars->code);
	/* fs->served is in order of kind, then code point: plan_chain goes
	 * through each chain's characters in order, the text's first */
	for (size_t i = fs->faces; i < fs->count; i++)
		if (fs->files[i].state == 1 && fs->files[i].nserves)
			subset_fallback(doc, &fs->files[i]);

	int rc = 0;
	size_t nall;
	uint32_t *all = cp_list(chars->all, &nall);
	for (size_t i = 0; i < fs->faces; i++)
		if (fs->files[i].font && subset_face(doc, fs, &fs->files[i], all, nall) != 0)
			rc = -1;
	free(all);

	/* CSS families named as the fonts name themselves (readers and
	 * checkers compare the two); the serif family is the regular face's */
	int reg = fs->face_file[OV_FACE_REGULAR], mono = fs->face_file[OV_FACE_MONO];
	snprintf(fs->serif, sizeof fs->serif, "%s",
	         reg >= 0 && fs->files[reg].family[0] ? fs->files[reg].family : "Octavo Serif");
	snprintf(fs->mono, sizeof fs->mono, "%s",
	         mono >= 0 && fs->files[mono].family[0] ? fs->files[mono].family : "Octavo Mono");
	if (same_family(fs->mono, fs->serif))
		snprintf(fs->mono, sizeof fs->mono, "Octavo Mono");

	/* what the package, the stylesheet and the zip see: the faces, then
	 * the fallback fonts in the order the chains search them */
	fs->nout = 0;
	for (size_t i = 0; i < fs->count; i++) {
		font_file *f = &fs->files[i];
		if (!f->embed)
			continue;
		ov_epub_font *o = &fs->out[fs->nout++];
		memset(o, 0, sizeof *o);
		o->data = (const uint8_t *)f->data;
		o->len = f->len;
		o->cff = f->cff;
		o->faces = f->faces;
		if (f->fallback) {
			if (!f->family[0])
				snprintf(f->family, sizeof f->family, "%s", f->fallback->family);
			/* a family of its own: a face of the same family would
			 * otherwise be hidden by the subset (CSS Fonts 4, the
			 * font-family descriptor of @font-face) */
			bool clash = same_family(f->family, fs->serif) || same_family(f->family, fs->mono);
			for (size_t j = 0; j + 1 < fs->nout; j++)
				clash = clash || same_family(f->family, fs->out[j].family);
			if (clash)
				snprintf(f->family, sizeof f->family, "Octavo Fallback %zu", i - fs->faces + 1);
			f->name = entry_name(fs, f->path, i);
		}
		o->name = f->name;
		if (f->fallback)
			o->family = f->family;
		else /* a file that is a text face and the monospaced one: the text's */
			o->family = f->faces == 1u << OV_FACE_MONO ? fs->mono : fs->serif;
	}
	if (chars->any_math)
		subset_math(doc, fs, chars->math);
	if (fs->math.embed) {
		/* last: its own family, as a fallback's */
		font_file *f = &fs->math;
		bool clash = !f->family[0] || same_family(f->family, fs->serif) || same_family(f->family, fs->mono);
		for (size_t j = 0; j < fs->nout; j++)
			clash = clash || same_family(f->family, fs->out[j].family);
		if (clash)
			snprintf(f->family, sizeof f->family, "Octavo Math");
		ov_epub_font *o = &fs->out[fs->nout++];
		memset(o, 0, sizeof *o);
		o->data = (const uint8_t *)f->data;
		o->len = f->len;
		o->cff = f->cff;
		o->name = f->name;
		o->family = f->family;
	}
	return rc;
}

const char *ov_epub_fonts_math(const ov_epub_fonts *fs) { return fs->math.embed ? fs->math.family : NULL; }

const ov_epub_font *ov_epub_fonts_embedded(const ov_epub_fonts *fs, size_t *n)
{
	*n = fs->nout;
	return fs->out;
}

size_t ov_epub_fonts_stack(const ov_epub_fonts *fs, bool code, const char **families, size_t max)
{
	int kind = code ? KIND_CODE : KIND_TEXT;
	size_t n = 0;
	for (size_t j = 0; j < fs->chain_len[kind] && n < max; j++) {
		const font_file *f = &fs->files[fs->chain[kind][j]];
		if (f->embed && f->serves_chain[kind])
			families[n++] = f->family;
	}
	return n;
}

const char *ov_epub_fonts_serif(const ov_epub_fonts *fs) { return fs->serif; }
const char *ov_epub_fonts_mono(const ov_epub_fonts *fs) { return fs->mono; }

const ov_font *ov_epub_fonts_face(const ov_epub_fonts *fs, int face)
{
	if (face < 0 || face >= OV_FACE__COUNT || fs->face_file[face] < 0)
		return NULL;
	return fs->files[fs->face_file[face]].font;
}
