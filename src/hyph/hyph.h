/*
 * hyph.h - hyphenation points of words, from TeX-derived patterns through
 * libhyphen (the only place hyphen.h is included).
 *
 *   ov_hyph *h = ov_hyph_load("en-US");          // NULL: no dictionary
 *   size_t at[32]; size_t n = ov_hyph_points(h, "engineering", 11, at, 32);
 *   // at = {2, 4, 8}: "en-gi-neer-ing", byte offsets a hyphen may follow
 *   ov_hyph_free(h);
 *
 * Rules (docs/typography.md): at least 2 letters before a break and 3
 * after; patterns are lowercase, so the word is lowercased first; words
 * with digits, underscores or two capitals (acronyms such as GPU) and words
 * on the no-hyphenation list are never broken.
 */
#ifndef OV_HYPH_H
#define OV_HYPH_H

#include <stddef.h>

typedef struct ov_hyph ov_hyph;

/* Folder of the system's hyphenation dictionaries (Debian: hyphen-*). */
#define OV_HYPH_DIR "/usr/share/hyphen"

/* Loads the dictionary for a BCP 47 language tag ("en", "en-US"); English
 * without a dictionary of its own region falls back to en_US. Returns NULL
 * when no dictionary is installed for the language. */
ov_hyph *ov_hyph_load(const char *language);
void ov_hyph_free(ov_hyph *h);

/* A second handle on h's dictionary and exceptions with a cache of its
 * own, for another thread (libhyphen only reads a loaded dictionary).
 * Free it with ov_hyph_free before h; add no exception to either after. */
ov_hyph *ov_hyph_share(const ov_hyph *h);

/* Words never to hyphenate, compared case-insensitively (e.g. "PyTorch"). */
void ov_hyph_add_exception(ov_hyph *h, const char *word);

/* Writes the byte offsets inside word[0..len) after which a hyphen may be
 * placed into at[0..max), in increasing order, and returns their count.
 * word must be letters only (the caller strips punctuation). Answers are
 * remembered per word, so add exceptions first. */
size_t ov_hyph_points(ov_hyph *h, const char *word, size_t len, size_t *at, size_t max);

#endif
