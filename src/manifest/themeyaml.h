/*
 * themeyaml.h - book.yaml's `theme:` mapping into an ov_theme
 * (doc/theme.h). Every key and value is checked: unknown keys (with the
 * nearest known key when one is close), wrong types, numbers out of
 * their range, malformed colours; each problem is one error at the
 * YAML's line and column, and the rest of the mapping is still read, so
 * that one run reports them all.
 */
#ifndef OV_THEMEYAML_H
#define OV_THEMEYAML_H

#include <stddef.h>

#include "doc/theme.h"
#include "util/diag.h"
#include "yamltree.h"

/* Reads the value n of book.yaml's `theme` key into *t, which holds the
 * defaults (ov_theme_init). A value that is reported keeps its default.
 * After the keys: a body size or leading applies to every page size, and
 * an accent colour colours links and chapter labels whose own keys are
 * not given. */
void ov_theme_load(ov_theme *t, ov_diag *diag, const ov_ynode *n);

/* The name of the theme's key i, in the README's order; NULL past the
 * last (tests). */
const char *ov_theme_key_name(size_t i);

#endif
