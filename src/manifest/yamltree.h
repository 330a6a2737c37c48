/*
 * yamltree.h - one YAML document (book.yaml, or a chapter's front matter)
 * composed from libyaml's events into a small tree, within bounds that keep
 * hostile input linear in time and memory. Internal to src/manifest.
 *
 *   ov_arena a;
 *   ov_arena_init(&a);
 *   ov_ynode *root;
 *   if (ov_yaml_compose(&a, diag, file, 0, text, len, &root) == 0 && root)
 *           ... root->kind, root->kids ...
 *   ov_arena_dispose(&a);                  // the whole tree at once
 *
 * Why not libyaml's own loader (yaml_parser_load, loader.c in 0.2.5): it
 * cannot stop at a depth, so a deep document is scanned to its end, and
 * libyaml's scanner checks every open flow level for a possible simple key
 * on every token (yaml_parser_stale_simple_keys and the loop in
 * yaml_parser_fetch_more_tokens, scanner.c): 100,000 nested '[' cost 10^10
 * steps, 20 s. The loader also finds anchors by a linear search, at every
 * anchor (duplicate check) and every alias: quadratic in their number.
 *
 * Bounds; crossing one is one error at the node or directive that crosses
 * it, the parse stops there, and the document is refused:
 *  - nesting: a sequence or mapping inside more than OV_MAX_NESTING others
 *    (util/nesting.h; the top-level node is inside none). Checked at each
 *    collection's start event, so the scanner never reads far past it.
 *  - aliases: an alias repeats the whole node it names. The nodes repeated
 *    beyond the alias itself, counted as a walk into everything would visit
 *    them (an alias inside a repeated node counts each time), are limited
 *    to OV_YAML_MAX_REPEATED per document: no "billion laughs". An alias
 *    inside the node it names (a cycle) is refused.
 *  - %TAG directives: at most OV_YAML_MAX_TAG_DIRECTIVES; libyaml's parser
 *    compares each new one with all before it (yaml_parser_append_tag_
 *    directive, parser.c) and every tag with all of them.
 *
 * Only the first document of a stream is read (as yaml_parser_load did).
 * Tags are ignored: every scalar is text. An anchor may be defined again;
 * an alias names the most recent one (YAML 1.2 §3.2.2.2, "anchors need not
 * be unique"; libyaml's loader refused a second definition).
 */
#ifndef OV_MANIFEST_YAMLTREE_H
#define OV_MANIFEST_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/nesting.h"

/* Nodes that aliases may repeat in one document (see above). */
#define OV_YAML_MAX_REPEATED 100000
/* %TAG directives before the document. */
#define OV_YAML_MAX_TAG_DIRECTIVES 100

typedef enum { OV_YSCALAR, OV_YSEQUENCE, OV_YMAPPING } ov_ykind;

typedef struct ov_ynode ov_ynode;
struct ov_ynode {
	ov_ykind kind;
	/* Where the node starts (its anchor or tag, if any): line and byte
	 * column in the file. A node repeated by an alias is a copy that
	 * shares the original's text and kids and has the alias's position. */
	ov_pos pos;
	const char *text; /* scalar: the value, NUL-terminated; may hold a NUL */
	size_t len;       /* scalar: bytes of text; sequence: items; mapping: pairs */
	ov_ynode **kids;  /* sequence: len items; mapping: 2 * len, key then value */
	size_t weight;    /* nodes in it, aliases counted in full; 0 while open */
};

/* Pair i of a mapping. */
static inline ov_ynode *ov_ynode_key(const ov_ynode *m, size_t i) { return m->kids[2 * i]; }
static inline ov_ynode *ov_ynode_value(const ov_ynode *m, size_t i) { return m->kids[2 * i + 1]; }

/* What n is, for messages: "a string", "a list" or "a mapping". */
const char *ov_ynode_noun(const ov_ynode *n);

/* Scalar n's text copied into arena, or NULL with an error at n naming
 * key: not a scalar ("'key' must be a string, not a list"), holding a NUL,
 * or, when nonempty, empty. */
const char *ov_ynode_string(ov_diag *diag, ov_arena *arena, const ov_ynode *n, const char *key, bool nonempty);

/* Reports each key of mapping m that occurs twice in it, at the second
 * one ("duplicate key 'title' (first at line 1)"); one hash lookup a key,
 * so that a mapping of 100,000 keys does not cost 100,000^2 / 2
 * comparisons. Keys that are not scalars are left to the caller. */
void ov_yaml_check_duplicates(ov_diag *diag, const ov_ynode *m);

/* Composes the first YAML document of text[0..len). Positions are in the
 * file registered as file, whose line line0 + 1 holds text[0]. Returns 0
 * with *root (NULL when the stream holds no document), or -1 after one
 * error reported to diag (a syntax error, with the position of the
 * construct it is in and of where it was noticed, or a bound crossed).
 * The nodes live in arena. */
int ov_yaml_compose(ov_arena *arena, ov_diag *diag, uint32_t file, uint32_t line0, const char *text,
                    size_t len, ov_ynode **root);

#endif
