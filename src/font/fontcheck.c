/* fontcheck.c - the font checker (see fontcheck.h): opening a font, its
 * table directory and the tables the glyph checks, the PDF and shaping
 * read, HarfBuzz's sanitizer's verdicts on the tables HarfBuzz reads, and
 * the public functions with their messages. Outlines are judged in
 * glyfcheck.c (TrueType) and cffcheck.c (CFF). Table layouts: OpenType
 * 1.9, "The OpenType font file" (table directory) and the head, maxp,
 * hhea, hmtx and loca chapters. */
#include "fontcheck.h"

#include <hb-ot.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/fontcheck_internal.h"
#include "util/arena.h"

/* The table tagged tag in the font file d[0..len) ("Table directory"):
 * its bytes and length; NULL when the font has none or its entry points
 * outside the file. */
static const uint8_t *table_of(const uint8_t *d, size_t len, const char *tag, uint32_t *tlen)
{
	if (len < 12)
		return NULL;
	uint32_t n = u16(d + 4);
	if (12 + (size_t)n * 16 > len)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + 16 * (size_t)i;
		if (memcmp(r, tag, 4) != 0)
			continue;
		uint32_t off = u32(r + 8), l = u32(r + 12);
		if (off > len || l > len - off)
			return NULL;
		*tlen = l;
		return d + off;
	}
	return NULL;
}

/* ---- what HarfBuzz's sanitizer made of each table ----
 * The face is built table by table (hb_face_create_for_tables) so that
 * every table blob handed to HarfBuzz is seen. Its sanitizer makes a blob
 * it accepts immutable; one it rejects is dropped and stays mutable; and
 * before it blanks bad offsets ("neutering") it moves the bytes to a
 * writable copy, so a blob kept with bytes that are no longer the file's
 * passed only with parts of it blanked out. */

static hb_blob_t *reference_table(hb_face_t *face, hb_tag_t tag, void *user)
{
	(void)face;
	handed *t = user;
	if (tag == HB_TAG_NONE)
		return hb_blob_reference(t->file);
	char name[4] = {(char)(tag >> 24), (char)(tag >> 16), (char)(tag >> 8), (char)tag};
	uint32_t tl;
	const uint8_t *p = table_of(t->d, t->len, name, &tl);
	if (!p || tl == 0)
		return hb_blob_get_empty();
	hb_blob_t *b = hb_blob_create_sub_blob(t->file, (unsigned)(p - t->d), tl);
	if (!t->closed && t->n < MAX_HANDED) {
		t->h[t->n].tag = tag;
		t->h[t->n].blob = hb_blob_reference(b);
		t->h[t->n].data = hb_blob_get_data(b, NULL);
		t->n++;
	}
	return b;
}

/* The tables judged, in the order they are reported. */
static const char *const JUDGED[] = {"head", "maxp", "hhea", "hmtx", "cmap", "OS/2", "post",
                                     "name", "GDEF", "GSUB", "GPOS", "kern", "CFF ", "MATH"};

/* Makes HarfBuzz read (and so sanitize) every table of JUDGED it would
 * read for shaping and kerning, through its public accessors. */
static void read_tables(hb_face_t *face, hb_font_t *font, bool cff)
{
	if (cff) { /* 'CFF ': HarfBuzz's CFF reader, as drawing and subsetting use it */
		hb_glyph_extents_t e;
		hb_font_get_glyph_extents(font, 0, &e);
	}
	hb_face_get_upem(face);                 /* head */
	hb_face_get_glyph_count(face);          /* maxp */
	hb_font_get_glyph_h_advance(font, 0);   /* hhea, hmtx */
	hb_set_t *set = hb_set_create();
	hb_face_collect_unicodes(face, set);    /* cmap */
	hb_set_destroy(set);
	hb_position_t x;
	hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_X_HEIGHT, &x); /* OS/2 */
	char name[64];
	hb_font_get_glyph_name(font, 0, name, sizeof name); /* post */
	unsigned names;
	hb_ot_name_list_names(face, &names);    /* name */
	hb_ot_layout_has_glyph_classes(face);   /* GDEF */
	hb_ot_layout_has_substitution(face);    /* GSUB */
	hb_ot_layout_has_positioning(face);     /* GPOS */
	hb_ot_math_has_data(face);              /* MATH (mathfont.c reads it for formulas) */
	/* kerning as shaping (shape.c) asks for it: 'kern' is read when GPOS
	 * has no kerning for the text's script */
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, "AVATAR To", -1, 0, -1);
	/* no language: guessing one would add the default language to
	 * HarfBuzz's global list, from the threads that open fonts at once
	 * (the PDF's and the EPUB's), which ThreadSanitizer reports; a font
	 * set (shape.c) looks its language up before its threads start */
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
	hb_feature_t kern;
	hb_feature_from_string("kern", -1, &kern);
	static const char *const shapers[] = {"ot", NULL}; /* as shape.c */
	hb_shape_full(font, buf, &kern, 1, shapers);
	hb_buffer_destroy(buf);
}

/* "table 'GPOS' is malformed (...)" for the first table HarfBuzz rejected
 * or repaired; "" when none. Releases the references. */
static void judge_tables(handed *t, char *why, size_t size)
{
	why[0] = 0;
	for (size_t j = 0; j < sizeof JUDGED / sizeof *JUDGED; j++) {
		hb_tag_t tag = hb_tag_from_string(JUDGED[j], 4);
		bool seen = false, kept = false, copied = false;
		for (size_t i = 0; i < t->n; i++) {
			if (t->h[i].tag != tag)
				continue;
			seen = true;
			if (hb_blob_is_immutable(t->h[i].blob)) {
				kept = true;
				copied = copied || hb_blob_get_data(t->h[i].blob, NULL) != t->h[i].data;
			}
		}
		if (!seen || (kept && !copied) || why[0])
			continue;
		snprintf(why, size, "table '%s' is malformed (%s)", JUDGED[j],
		         kept ? "HarfBuzz would have to blank out parts of it" : "HarfBuzz rejects it");
	}
	for (size_t i = 0; i < t->n; i++)
		hb_blob_destroy(t->h[i].blob);
	t->n = 0;
	t->closed = true;
}

/* Judges glyph g and every glyph it is made of, once for the checker's
 * life. */
static void visit(ov_fontcheck *c, uint32_t g)
{
	if (c->cff)
		ov_cffcheck_visit(c, g);
	else
		ov_glyfcheck_visit(c, g);
}

/* ---- messages ---- */

/* 'A' or 'é' for code point cp; U+XXXX for characters that do not show
 * on their own (controls, spaces, combining marks, format characters). */
static void show(char *out, size_t size, uint32_t cp)
{
	bool plain = cp > 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0xA0) && cp != 0xAD &&
	             !(cp >= 0x300 && cp < 0x370) && !(cp >= 0x2000 && cp <= 0x200F) &&
	             !(cp >= 0x2028 && cp <= 0x202F) && !(cp >= 0x205F && cp <= 0x206F) &&
	             !(cp >= 0xD800 && cp <= 0xDFFF) && !(cp >= 0xFE00 && cp <= 0xFE0F) && cp != 0xFEFF &&
	             cp < 0x10000;
	if (!plain) {
		snprintf(out, size, "U+%04X", (unsigned)cp);
		return;
	}
	char u[4];
	int n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	snprintf(out, size, "'%.*s'", n, u);
}

/* " (for 'A')", " (part of 'é')", or "" when cp is 0; glyph 0 is the
 * .notdef glyph, drawn for characters the font lacks. */
static void who(char *out, size_t size, uint32_t g, uint32_t cp, bool part)
{
	out[0] = 0;
	if (!cp)
		return;
	char c[16];
	show(c, sizeof c, cp);
	snprintf(out, size, " (%s%s %s)", g == 0 ? ".notdef, " : "", part ? "part of" : "for", c);
}

/* "is damaged: table '...': glyph G ... " for damaged glyph g, reached
 * from code point cp (0: none); follows P_PART down to the glyph at
 * fault. */
static void explain(const ov_fontcheck *c, uint32_t g, uint32_t cp, char *why, size_t size)
{
	bool part = false;
	for (uint32_t steps = 0; c->code[g] == P_PART && steps < c->nglyphs; steps++) {
		g = c->via[g];
		part = true;
	}
	char w[64];
	who(w, sizeof w, g, cp, part);
	if (c->code[g] >= P_CFF_OUT)
		ov_cffcheck_explain(c, g, w, why, size);
	else
		ov_glyfcheck_explain(c, g, w, why, size);
}

/* ---- the whole font ---- */

/* The table directory: every table inside the file ("The OpenType font
 * file", "Table directory"). */
static bool check_directory(const uint8_t *d, size_t len, char *why, size_t size)
{
	uint32_t n = u16(d + 4);
	if (12 + (size_t)n * 16 > len) {
		snprintf(why, size, "is damaged: its table directory (%u tables) runs past the end of the file",
		         (unsigned)n);
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + 16 * (size_t)i;
		uint64_t off = u32(r + 8), l = u32(r + 12);
		if (off + l > len) {
			char tag[5];
			for (int k = 0; k < 4; k++)
				tag[k] = r[k] >= 0x20 && r[k] < 0x7F && r[k] != '\'' ? (char)r[k] : '?';
			tag[4] = 0;
			snprintf(why, size, "is damaged: table '%s' lies outside the file (bytes %llu to %llu of %zu)", tag,
			         (unsigned long long)off, (unsigned long long)(off + l), len);
			return false;
		}
	}
	return true;
}

/* head, maxp, hhea, hmtx, loca and the layout tables' versions, as the
 * glyph walk, the PDF and shaping use them; 'CFF ' through ov_cffcheck_table. */
static bool check_tables(ov_fontcheck *c, char *why, size_t size)
{
	static const struct {
		const char *tag;
		uint32_t min;
	} required[] = {{"head", 54}, {"maxp", 6}, {"hhea", 36}, {"hmtx", 0}, {"cmap", 4}, {"glyf", 0}};
	const uint8_t *t[6];
	uint32_t tl[6];
	for (int i = 0; i < 6; i++) {
		const char *tag = i == 5 && c->cff ? "CFF " : required[i].tag;
		t[i] = table_of(c->d, c->len, tag, &tl[i]);
		if (!t[i] && i == 4 && c->program)
			continue; /* a program to embed: its glyphs are addressed by id */
		if (!t[i]) {
			snprintf(why, size, "is damaged: table '%s' is missing", tag);
			return false;
		}
		if (tl[i] < required[i].min) {
			snprintf(why, size, "is damaged: table '%s' is too short (%u bytes, %u needed)", required[i].tag,
			         (unsigned)tl[i], (unsigned)required[i].min);
			return false;
		}
	}
	const uint8_t *head = t[0], *maxp = t[1], *hhea = t[2];
	uint32_t xl = tl[3];
	if (u16(head) != 1 || u32(head + 12) != 0x5F0F3CF5u) {
		snprintf(why, size, "is damaged: table 'head' has a wrong version or magic number");
		return false;
	}
	c->upem = u16(head + 18);
	if (c->upem < 16 || c->upem > 16384) {
		snprintf(why, size, "is damaged: table 'head' gives %d units per em (16 to 16384 are valid)", (int)c->upem);
		return false;
	}
	for (int b = 0; b < 4; b++)
		c->box[b] = s16(head + 36 + 2 * b);
	int32_t lim = OV_FONTCHECK_MAX_EM * c->upem;
	if (c->box[0] > c->box[2] || c->box[1] > c->box[3] || c->box[0] < -lim || c->box[1] < -lim ||
	    c->box[2] > lim || c->box[3] > lim) {
		snprintf(why, size, "is damaged: table 'head' gives an impossible bounding box (%d %d %d %d at %d units per em)",
		         (int)c->box[0], (int)c->box[1], (int)c->box[2], (int)c->box[3], (int)c->upem);
		return false;
	}
	int16_t fmt = s16(head + 50);
	if (fmt != 0 && fmt != 1) {
		snprintf(why, size, "is damaged: table 'head' gives an unknown loca format (%d)", (int)fmt);
		return false;
	}
	c->long_loca = fmt == 1;
	c->nglyphs = u16(maxp + 4);
	if (c->nglyphs == 0) {
		snprintf(why, size, "is damaged: table 'maxp' gives no glyphs");
		return false;
	}
	uint32_t nhm = u16(hhea + 34);
	if (nhm == 0 || nhm > c->nglyphs) {
		snprintf(why, size, "is damaged: table 'hhea' gives %u horizontal metrics for %u glyphs", (unsigned)nhm,
		         (unsigned)c->nglyphs);
		return false;
	}
	uint64_t need = 4 * (uint64_t)nhm + 2 * (uint64_t)(c->nglyphs - nhm);
	if (xl < need) {
		snprintf(why, size, "is damaged: table 'hmtx' is too short for the %u glyphs of table 'maxp' (%u bytes, %llu needed)",
		         (unsigned)c->nglyphs, (unsigned)xl, (unsigned long long)need);
		return false;
	}
	/* HarfBuzz 6 takes a layout table of a major version it does not know
	 * for an empty one (forward compatibility): kerning would be lost
	 * without a word. GDEF, GSUB and GPOS 1.x: OpenType 1.9. */
	static const char *const layout[] = {"GDEF", "GSUB", "GPOS"};
	for (int i = 0; i < 3; i++) {
		uint32_t ll;
		const uint8_t *lt = table_of(c->d, c->len, layout[i], &ll);
		if (lt && ll >= 4 && u16(lt) != 1) {
			snprintf(why, size, "is damaged: table '%s' has an unknown version (%u.%u)", layout[i],
			         (unsigned)u16(lt), (unsigned)u16(lt + 2));
			return false;
		}
	}
	if (c->cff)
		return ov_cffcheck_table(t[5], tl[5], why, size);
	c->glyf.p = table_of(c->d, c->len, "glyf", &c->glyf.len);
	c->loca.p = table_of(c->d, c->len, "loca", &c->loca.len);
	if (!c->loca.p) {
		snprintf(why, size, "is damaged: table 'loca' is missing");
		return false;
	}
	need = ((uint64_t)c->nglyphs + 1) * (c->long_loca ? 4 : 2);
	if (c->loca.len < need) {
		snprintf(why, size, "is damaged: table 'loca' is too short for the %u glyphs of table 'maxp' (%u bytes, %llu needed)",
		         (unsigned)c->nglyphs, (unsigned)c->loca.len, (unsigned long long)need);
		return false;
	}
	return true;
}

void ov_fontcheck_free(ov_fontcheck *c)
{
	if (!c)
		return;
	hb_font_destroy(c->font);
	hb_face_destroy(c->face);
	for (size_t i = 0; i < c->tables.n; i++)
		hb_blob_destroy(c->tables.h[i].blob);
	hb_blob_destroy(c->tables.file);
	free(c->state);
	free(c->code);
	free(c->height);
	free(c->via);
	free(c->points);
	free(c->stack);
	free(c->far);
	hb_draw_funcs_destroy(c->draw);
	free(c);
}

/* The HarfBuzz face and font over the checked tables, and the per-glyph
 * verdicts; c->d, len, cff and the table checks are done. */
static bool finish_open(ov_fontcheck *c, char *why, size_t size)
{
	c->tables.d = c->d;
	c->tables.len = c->len;
	c->tables.file = hb_blob_create((const char *)c->d, (unsigned)c->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	/* table blobs are cut from it, from any thread that shapes (shape.h):
	 * immutable from the start, so that cutting changes nothing */
	hb_blob_make_immutable(c->tables.file);
	c->face = hb_face_create_for_tables(reference_table, &c->tables, NULL);
	c->font = hb_font_create(c->face);
	hb_font_set_scale(c->font, c->upem, c->upem); /* font units throughout */
	read_tables(c->face, c->font, c->cff);
	char t[OV_FONTCHECK_WHY];
	judge_tables(&c->tables, t, sizeof t);
	if (t[0]) {
		snprintf(why, size, "is damaged: %s", t);
		return false;
	}
	if (c->cff && !ov_cffcheck_readable(c, why, size))
		return false;
	uint32_t n = c->nglyphs;
	c->state = ov_xcalloc(n, 1);
	c->code = ov_xcalloc(n, 1);
	c->height = ov_xcalloc(n, 1);
	c->via = ov_xcalloc(n, sizeof *c->via);
	c->points = ov_xcalloc(n, sizeof *c->points);
	if (!c->cff)
		ov_glyfcheck_start(c);
	return true;
}

/* ov_fontcheck_open and ov_fontcheck_open_program */
static ov_fontcheck *open_font(const uint8_t *d, size_t len, bool program, char *why, size_t size)
{
	why[0] = 0;
	if (len >= 4 && memcmp(d, "ttcf", 4) == 0) {
		snprintf(why, size, "is a font collection; give one font of it as a .ttf or .otf file");
		return NULL;
	}
	if (len >= 4 && (memcmp(d, "wOFF", 4) == 0 || memcmp(d, "wOF2", 4) == 0)) {
		snprintf(why, size, "is a web font (WOFF); give the .ttf or .otf file it was made from");
		return NULL;
	}
	bool cff = len >= 4 && memcmp(d, "OTTO", 4) == 0;
	bool sfnt = len >= 12 && (cff || u32(d) == 0x00010000u || memcmp(d, "true", 4) == 0);
	if (!sfnt) {
		snprintf(why, size, "is not an OpenType or TrueType font");
		return NULL;
	}
	if (!check_directory(d, len, why, size))
		return NULL;
	if (len > 0x7FFFFFFF) {
		snprintf(why, size, "is too large (%zu bytes)", len);
		return NULL;
	}
	uint32_t tl;
	bool glyf = table_of(d, len, "glyf", &tl), cff1 = table_of(d, len, "CFF ", &tl);
	if (!glyf && !cff1 && table_of(d, len, "CFF2", &tl)) {
		/* 'OTTO' like a CFF font (OpenType 1.9, "Organization of an
		 * OpenType font") */
		snprintf(why, size, "has CFF2 outlines (a variable font), which Octavo cannot embed");
		return NULL;
	}
	if (!cff && !glyf && cff1)
		cff = true; /* an OpenType/CFF font with the TrueType version number */
	ov_fontcheck *c = ov_xcalloc(1, sizeof *c);
	c->d = d;
	c->len = len;
	c->cff = cff;
	c->program = program;
	if (!check_tables(c, why, size) || !finish_open(c, why, size)) {
		ov_fontcheck_free(c);
		return NULL;
	}
	return c;
}

ov_fontcheck *ov_fontcheck_open(const uint8_t *d, size_t len, char *why, size_t size)
{
	return open_font(d, len, false, why, size);
}

ov_fontcheck *ov_fontcheck_open_program(const uint8_t *d, size_t len, char *why, size_t size)
{
	return open_font(d, len, true, why, size);
}

hb_face_t *ov_fontcheck_face(const ov_fontcheck *c) { return c->face; }
hb_font_t *ov_fontcheck_font(const ov_fontcheck *c) { return c->font; }
bool ov_fontcheck_is_cff(const ov_fontcheck *c) { return c->cff; }
uint32_t ov_fontcheck_glyph_count(const ov_fontcheck *c) { return c->nglyphs; }

uint32_t ov_fontcheck_char_of(const ov_fontcheck *c, uint32_t g)
{
	hb_set_t *set = hb_set_create();
	hb_face_collect_unicodes(c->face, set);
	hb_codepoint_t u = HB_SET_VALUE_INVALID, found = 0;
	while (!found && hb_set_next(set, &u)) {
		hb_codepoint_t x;
		if (hb_font_get_nominal_glyph(c->font, u, &x) && x == g)
			found = u;
	}
	hb_set_destroy(set);
	return found;
}

bool ov_fontcheck_glyph_ok(ov_fontcheck *c, uint32_t gid)
{
	if (gid >= c->nglyphs)
		return false;
	visit(c, gid);
	return c->state[gid] == G_OK;
}

/* The glyph the font draws for cp and what it is made of (glyph 0 when it
 * lacks cp); -1 with why set when one is damaged. */
static int check_char(ov_fontcheck *c, uint32_t cp, char *why, size_t size)
{
	hb_codepoint_t g = 0;
	if (!hb_font_get_nominal_glyph(c->font, cp, &g))
		g = 0;
	if (g >= c->nglyphs) {
		char ch[16];
		show(ch, sizeof ch, cp);
		snprintf(why, size, "is damaged: table 'cmap' maps %s to glyph %u, but the font has %u glyphs", ch,
		         (unsigned)g, (unsigned)c->nglyphs);
		return -1;
	}
	visit(c, g);
	if (c->state[g] != G_OK) { /* glyph 0 too: it is drawn for cp */
		explain(c, g, cp, why, size);
		return -1;
	}
	return 0;
}

int ov_fontcheck_code_points(ov_fontcheck *c, const uint32_t *cps, size_t count, char *why, size_t size)
{
	for (size_t i = 0; i < count; i++)
		if (cps[i] && check_char(c, cps[i], why, size) != 0)
			return -1;
	return 0;
}

int ov_fontcheck_glyphs(ov_fontcheck *c, const uint32_t *gids, size_t count, char *why, size_t size)
{
	for (size_t i = 0; i < count; i++) {
		uint32_t g = gids[i];
		if (g == 0)
			continue;
		if (g >= c->nglyphs) {
			snprintf(why, size, "is damaged: glyph %u does not exist (the font has %u glyphs)", (unsigned)g,
			         (unsigned)c->nglyphs);
			return -1;
		}
		visit(c, g);
		if (c->state[g] != G_OK) {
			/* named by a character that stands for it, when one does */
			explain(c, g, ov_fontcheck_char_of(c, g), why, size);
			return -1;
		}
	}
	return 0;
}

size_t ov_fontcheck_damaged(const ov_fontcheck *c, char *why, size_t size)
{
	if (!c->scanned_bad)
		return 0;
	/* the first, and a character the font maps to it */
	uint32_t g = c->first_scanned_bad;
	uint32_t cp = 0;
	cp = ov_fontcheck_char_of(c, g);
	char m[OV_FONTCHECK_WHY];
	explain(c, g, cp, m, sizeof m);
	const char *rest = m + strlen("is damaged: ");
	if (c->scanned_bad == 1)
		snprintf(why, size, "is damaged in a glyph this book does not use: %s", rest);
	else
		snprintf(why, size, "is damaged in %zu glyphs this book does not use; the first: %s", c->scanned_bad,
		         rest);
	return c->scanned_bad;
}
