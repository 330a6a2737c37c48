/*
 * figures.h - which paragraphs are figures, and their captions (passes.c
 * asks; figures.c decides). Private to src/doc.
 */
#ifndef OV_DOC_FIGURES_H
#define OV_DOC_FIGURES_H

#include <stdbool.h>

#include "doc.h"

/* Makes paragraph para an OV_NODE_FIGURE when it is one: an image alone,
 * an image and its caption line (as.figure.image and as.figure.caption
 * set, the caption a PARAGRAPH child after the image, or the caption
 * paragraph after para moved into it), or images side by side (the first
 * stays in para, the others move into paragraphs of their own after it,
 * which the caller meets next). Returns whether para became a figure;
 * the caller numbers it and gives it its id. Nodes live in doc's arena. */
bool ov_doc_figure(ov_doc *doc, ov_node *para);

#endif
