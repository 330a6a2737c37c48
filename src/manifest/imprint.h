/*
 * imprint.h - book.yaml's keys for the copyright page and the contents
 * (internal to src/manifest; the texts are made in doc/imprint.h):
 *   identifier        any URN; "urn:isbn:978-...", "isbn:..." or bare
 *                     ISBN digits are taken as the ISBN too
 *   isbn              an ISBN-13 (or ISBN-10) printed on the copyright page
 *   rights            rights text ("All rights reserved."); a legacy text
 *                     opening "Copyright 2026 Holder." gives the year and
 *                     the holder, and the rest is the rights
 *   copyright         the notice's year(s), default the date's year
 *   rights-holder     the notice's owner, default the authors
 *   license           a licence's name, or a mapping {name, url}
 *   edition           "First edition, 2026"
 *   contents-exclude  section titles left out of the contents (a list;
 *                     [] leaves none out), instead of the rule in
 *                     doc/imprint.h
 * A wrong ISBN check digit is an error at the value's line and column.
 */
#ifndef OV_MANIFEST_IMPRINT_H
#define OV_MANIFEST_IMPRINT_H

#include <stdbool.h>

#include "doc/doc.h"
#include "yamltree.h"

/* Reads key's value v into doc->meta when key is one of the above;
 * problems go to doc->diag. Returns false for any other key. */
bool ov_manifest_imprint_key(ov_doc *doc, const char *key, const ov_ynode *v);

/* The defaults, once all keys are read and before the identifier's: a
 * legacy rights sentence split, the year from the date, the identifier
 * from the ISBN ("urn:isbn:" and its digits). */
void ov_manifest_imprint_finish(ov_doc *doc);

#endif
