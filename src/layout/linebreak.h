/*
 * linebreak.h - total-fit line breaking (Knuth and Plass, "Breaking
 * Paragraphs into Lines", Software: Practice and Experience 11, 1981).
 *
 * A paragraph is a list of items: boxes (material of fixed width), glue
 * (space that may stretch or shrink; a legal break when it follows a box)
 * and penalties (possible breaks with a cost; flagged ones are hyphens).
 * The breaker picks the breaks that minimise the total demerits of all
 * lines, with fitness classes so that tight and loose lines do not follow
 * each other, at most max_hyphen_run hyphenated lines in a row, and a
 * bounded list of active breakpoints so that time stays linear in the
 * paragraph's length.
 *
 *   ov_item items[] = {...};             // end with glue(0,inf,0) + penalty(-inf)
 *   ov_break_params p = OV_BREAK_PARAMS_INIT;
 *   ov_break *br; size_t lines = ov_linebreak(items, n, &width, 1, &p, &br);
 *   ... line k runs from the item after br[k-1].pos (skipping glue and
 *       penalties) to br[k].pos ...
 *   free(br);
 *
 * Pure: no allocation other than the result and its own work space, no I/O.
 */
#ifndef OV_LINEBREAK_H
#define OV_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { OV_ITEM_BOX, OV_ITEM_GLUE, OV_ITEM_PENALTY } ov_item_type;

/* A penalty of OV_PENALTY_INF forbids a break, -OV_PENALTY_INF forces one. */
#define OV_PENALTY_INF 10000

typedef struct {
	ov_item_type type;
	double width;   /* pt; for a penalty, the width added when breaking here (a hyphen) */
	double stretch; /* glue: how much it may grow, pt */
	double shrink;  /* glue: how much it may shrink, pt */
	int penalty;    /* penalty: cost of breaking here */
	bool flagged;   /* penalty: a hyphenation break */
} ov_item;

typedef struct {
	double pretolerance;       /* first pass without hyphenation at this ratio; <0: none (TeX \pretolerance) */
	double tolerance;          /* largest adjustment ratio of a feasible line */
	double emergency_stretch;  /* pt per line added to the stretch, for badness only, in a
	                              pass after the tolerance failed; 0: none (\emergencystretch) */
	int line_penalty;          /* added to each line's badness (TeX \linepenalty) */
	int flagged_demerits;      /* two flagged breaks in a row (\doublehyphendemerits) */
	int fitness_demerits;      /* fitness classes more than one apart (\adjdemerits) */
	int final_hyphen_demerits; /* the last full line ends with a hyphen (\finalhyphendemerits) */
	int max_hyphen_run;        /* most hyphenated lines in a row, 0 = no limit */
	size_t max_active;         /* bound on the active list */
	double runt_width;         /* a last line narrower than this (pt, the final glue not
	                              counted) is a runt; 0: none */
	int runt_demerits;         /* added when the paragraph ends with a runt */
	int contrast_demerits;     /* times the squared difference of adjacent lines' ratios
	                              (not in the emergency passes) */
	int last_resort_penalty;   /* a hyphenation point of at least this penalty is a break
	                              only in the emergency passes; 0: none */
} ov_break_params;

/* Values close to TeX's plain format: \tolerance 200 is a ratio of about
 * 1.26; no pass without hyphens (TeX's \pretolerance=-1), no emergency
 * stretch, runt, contrast or last-resort penalty unless the caller sets
 * them (breaking.c does: lay_break_params). */
#define OV_BREAK_PARAMS_INIT {-1, 1.3, 0, 10, 3000, 3000, 5000, 2, 256, 0, 0, 0, 0}

typedef struct {
	size_t pos;    /* index of the item where the line ends (glue or penalty) */
	double ratio;  /* adjustment ratio: <0 shrunk, >0 stretched; -1 fully shrunk (the
	                  line's own stretch: the emergency stretch is not in it) */
	int fitness;   /* 0 tight, 1 decent, 2 loose, 3 very loose */
	bool hyphen;   /* the line ends at a flagged penalty */
	bool overfull; /* no feasible break existed: the line is too long */
} ov_break;

/* Breaks items[0..count) into lines of widths[min(line, nwidths - 1)].
 * The items must end with a forced break. Returns the number of lines and
 * a malloc'ed array of that many breaks in *out (caller frees). The passes
 * are TeX's (tex.web §863): without hyphenation at the pretolerance (a
 * flagged penalty of non-zero width, a hyphenation point, is no break
 * there; an explicit hyphen, of width 0, is), with it at the tolerance,
 * then at the tolerance with the emergency stretch. When none succeeds,
 * the best breaks whose lines stay under the badness cap (a ratio of
 * about 4.64) are taken, else the best breaks of any ratio, and lines that
 * cannot fit are marked overfull. */
size_t ov_linebreak(const ov_item *items, size_t count, const double *widths, size_t nwidths,
                    const ov_break_params *params, ov_break **out);

#endif
