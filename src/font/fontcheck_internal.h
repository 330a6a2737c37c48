/*
 * fontcheck_internal.h - what the font checker's three files share; the
 * manual is fontcheck.h. fontcheck.c opens a font: its table directory
 * and tables, HarfBuzz's sanitizer's verdicts, the public functions and
 * their messages. glyfcheck.c judges TrueType outlines ('loca', 'glyf');
 * cffcheck.c reads the 'CFF ' table's header and Top DICT and judges CFF
 * outlines. Each glyph is judged once: state, then code and via for a
 * damaged one.
 */
#ifndef OV_FONTCHECK_INTERNAL_H
#define OV_FONTCHECK_INTERNAL_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font/fontcheck.h"

/* big-endian fields (OpenType 1.9, "Data types") */
static inline uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline int16_t s16(const uint8_t *p) { return (int16_t)u16(p); }
static inline uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct {
	const uint8_t *p;
	uint32_t len;
} span;

/* The table blobs handed to HarfBuzz, for judging what its sanitizer
 * made of them (fontcheck.c). */
#define MAX_HANDED 64

typedef struct {
	const uint8_t *d;
	size_t len;
	hb_blob_t *file;
	struct {
		hb_tag_t tag;
		hb_blob_t *blob;  /* our reference */
		const char *data; /* where its bytes were when handed over */
	} h[MAX_HANDED];
	size_t n;
	bool closed; /* judged: later requests are not recorded */
} handed;

enum { G_UNSEEN, G_BUSY, G_OK, G_BAD };

/* What is wrong with a glyph. */
enum {
	P_NONE,
	P_LOCA_ORDER,   /* its loca offsets decrease */
	P_LOCA_PAST,    /* its bytes end past 'glyf' */
	P_SHORT,        /* shorter than a glyph header */
	P_CONTOURS,     /* numberOfContours below -1 */
	P_BOX_ORDER,    /* xMin > xMax or yMin > yMax */
	P_BOX_OUT,      /* box outside the font's */
	P_ENDPTS_PAST,  /* endPtsOfContours past its bytes */
	P_ENDPTS_ORDER, /* end points not increasing */
	P_INSTR_PAST,   /* instructions past its bytes */
	P_FLAGS_PAST,   /* flags past its bytes */
	P_FLAGS_REPEAT, /* a flag repeated past the last point */
	P_COORDS_PAST,  /* coordinates past its bytes */
	P_POINT_OUT,    /* a point outside the glyph's box */
	P_COMP_PAST,    /* a component record past its bytes */
	P_COMP_GID,     /* a component glyph id >= numGlyphs */
	P_COMP_SELF,    /* made of itself */
	P_COMP_OFFSET,  /* a component placed far outside the font's box */
	P_COMP_POINT,   /* a component anchored on a point that does not exist */
	P_CYCLE,        /* made of a glyph that is (through others) made of it */
	P_DEEP,         /* composites nested deeper than OV_FONTCHECK_MAX_DEPTH */
	P_PART,         /* made of a damaged glyph (via) */
	P_CFF_OUT,      /* CFF: its outline reaches far outside the font's box */
	P_CFF_LONG,     /* CFF: its outline has more points than any real glyph */
	P_CFF_RUN,      /* CFF: HarfBuzz's interpreter stops on its charstring */
};

/* The figures a message quotes. */
typedef struct {
	int64_t v[8];
} detail;

struct ov_fontcheck {
	const uint8_t *d;
	size_t len;
	bool cff;          /* outlines in 'CFF ' (OpenType/CFF), not glyf */
	bool program;      /* ov_fontcheck_open_program: 'cmap' may be missing */
	handed tables;
	hb_face_t *face;
	hb_font_t *font;
	span glyf, loca;
	bool long_loca;
	uint32_t nglyphs;
	int32_t box[4];  /* the font's bounding box ('head'): xMin, yMin, xMax, yMax */
	int32_t upem;
	uint8_t *state;  /* per glyph, G_* */
	uint8_t *code;   /* per damaged glyph, P_* */
	uint8_t *height; /* per sound glyph: composite levels (0: simple or empty) */
	uint16_t *via;   /* per glyph damaged through a component: that component */
	uint32_t *points; /* per sound glyph: its points, composites summed (saturating) */
	struct frame *stack; /* room for nglyphs frames, for ov_glyfcheck_visit */
	hb_draw_funcs_t *draw; /* CFF: the outline checker's callbacks */
	int32_t (*far)[2]; /* CFF: per damaged glyph, the point at fault (or the count) */
	size_t scanned_bad; /* glyphs whose offsets or header are damaged (ov_glyfcheck_start) */
	uint32_t first_scanned_bad;
};

static inline void mark_bad(ov_fontcheck *c, uint32_t g, int code, uint32_t via)
{
	c->state[g] = G_BAD;
	c->code[g] = (uint8_t)code;
	c->via[g] = (uint16_t)via;
}

/* glyfcheck.c: TrueType outlines */

/* Makes the walk's stack and judges every glyph's offsets and header,
 * cheaply; glyphs damaged there are counted for ov_fontcheck_damaged
 * (scanned_bad, first_scanned_bad). c->nglyphs and the tables are set. */
void ov_glyfcheck_start(ov_fontcheck *c);
/* Judges glyph root and every glyph it is made of, once each. */
void ov_glyfcheck_visit(ov_fontcheck *c, uint32_t root);
/* "is damaged: table 'glyf': glyph G<who> ..." (or table 'loca') for
 * damaged glyph g, which the caller has followed down through P_PART to
 * the glyph at fault; who is " (for 'A')" or the like, or "". */
void ov_glyfcheck_explain(const ov_fontcheck *c, uint32_t g, const char *who, char *why, size_t size);

/* cffcheck.c: OpenType/CFF */

/* Whether the 'CFF ' table t[0..len) can be embedded as Octavo embeds it;
 * false with why set ("is damaged: table 'CFF ' ...", or a refusal). */
bool ov_cffcheck_table(const uint8_t *t, uint32_t len, char *why, size_t size);
/* Whether HarfBuzz reads the 'CFF ' table of the opened font at all;
 * false with why set. */
bool ov_cffcheck_readable(ov_fontcheck *c, char *why, size_t size);
/* Judges CFF glyph g once by drawing it. */
void ov_cffcheck_visit(ov_fontcheck *c, uint32_t g);
/* The message for damaged CFF glyph g (P_CFF_*), as ov_glyfcheck_explain. */
void ov_cffcheck_explain(const ov_fontcheck *c, uint32_t g, const char *who, char *why, size_t size);

#endif
