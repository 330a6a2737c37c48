/*
 * printpages.h - where the print edition's pages begin, as plain data the
 * EPUB writer can place page-break markers with (src/epub/pagebreak.c)
 * without linking the layout: the layout reports it
 * (ov_layout_print_pages, src/layout/printpages.c) and src/cli/main.c,
 * which runs both, hands it over.
 */
#ifndef OV_DOC_PRINTPAGES_H
#define OV_DOC_PRINTPAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"

/* The EPUB document a front-matter page has its counterpart in: the
 * front matter is not in the document tree, so it is named by kind. */
typedef enum {
	OV_FRONT_NONE = 0,  /* a body page */
	OV_FRONT_TITLE,     /* half title, title page: the EPUB's title page */
	OV_FRONT_COPYRIGHT, /* the copyright page */
	OV_FRONT_CONTENTS,  /* the contents: the EPUB's navigation document */
} ov_front_doc;

/* One printed page: where its text begins. A body page begins in chapter
 * (its EPUB content document) at node, before byte off of node->text (a
 * TEXT or CODE_BLOCK node: between two words, never inside one), or
 * before node (a figure, table row, formula); node NULL: at the
 * chapter's start (an opening page, a blank page before it). */
typedef struct {
	const ov_node *chapter;  /* NULL for front matter */
	const ov_node *node;
	uint32_t off;
	ov_front_doc front;      /* front matter: which generated document */
	char label[16];          /* the printed folio: "57", "xii" */
} ov_print_page;

/* Every page of the print edition, in order (malloc'ed v, freed by whoever
 * made it), and the edition's name for the EPUB's metadata ("PDF, 6x9in"). */
typedef struct {
	ov_print_page *v;
	size_t count;
	char source[48];
} ov_print_pages;

#endif
