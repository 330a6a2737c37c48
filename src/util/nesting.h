/*
 * nesting.h - the one bound on nesting in untrusted input, shared by the
 * stages that read it (docs/architecture.md, "Trust": recursion over
 * user-controlled nesting is bounded).
 *
 * Markdown (src/markdown): containers (block quotes, lists, items,
 * emphasis, links...) deeper than this are reported and left out.
 * YAML (src/manifest, book.yaml and front matter): a list or mapping inside
 * more than this many others is reported and the YAML is refused.
 */
#ifndef OV_NESTING_H
#define OV_NESTING_H

#define OV_MAX_NESTING 100

#endif
