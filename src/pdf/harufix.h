/*
 * harufix.h - workarounds for libharu 2.3.0 defects that damage output
 * (docs/libraries.md §6). They use libharu's installed internal headers
 * (hpdf.h includes them), never patched or copied libharu code.
 */
#ifndef OV_HARUFIX_H
#define OV_HARUFIX_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

/* Marks a stream dictionary whose data is already FlateDecode-compressed:
 * libharu copies the bytes as they are (its filter is NONE, else it would
 * compress them again) and "/Filter /FlateDecode" is written with the
 * dictionary. */
void ov_haru_precompressed(HPDF_Dict dict);

/* An image XObject (PDF 1.7 §8.9.5) whose samples are zdata[0..zlen): a
 * zlib stream of PNG-filtered rows, one filter byte per row, 8 bits per
 * sample, RGB when color else gray: the concatenated IDAT data of such a
 * PNG, which FlateDecode with the PNG predictors (§7.4.4.4, /Predictor 15)
 * reads as it is, so it is neither decoded nor compressed again. zdata is
 * copied. Returns NULL after libharu's error handler was called. */
HPDF_Image ov_haru_flate_image(HPDF_Doc pdf, const uint8_t *zdata, size_t zlen, unsigned width,
                               unsigned height, int color);

/* Lets libharu's table of objects (the cross-reference list) take `more`
 * objects with at most one copy: libharu grows it by a fixed 1,024
 * entries, copying the whole table byte by byte each time, which is
 * quadratic in the objects of the book (a chapter with 40,000 footnotes
 * makes 80,000 link annotations: 690 M instructions of copying). Call it
 * before making many objects: from then on the table grows by at least
 * `more` entries at a time. */
void ov_haru_reserve_objects(HPDF_Doc pdf, size_t more);

/* An indirect dictionary whose entries are body[0..len), PDF syntax
 * written as it is between "<<" and ">>" (libharu calls a dictionary's
 * write function there, as for ov_haru_precompressed): for objects made
 * by the ten thousand, such as link annotations, which as libharu objects
 * take some twenty allocations each and a number formatter per value
 * (80,000 annotations: 1.2 G instructions to make, 1.4 G to write, 0.6 G
 * to free). The caller checks the syntax. Returns NULL after libharu's
 * error handler was called. */
HPDF_Dict ov_haru_raw_dict(HPDF_Doc pdf, const char *body, size_t len);

/* The object number of an indirect object (a page, a raw dictionary),
 * for writing a reference "N 0 R" into a raw body. */
unsigned long ov_haru_object_number(const void *obj);

/* Adds annot, an indirect annotation dictionary, to the end of page's
 * /Annots array (made when missing), as libharu's own annotations are
 * added. */
HPDF_STATUS ov_haru_page_add_annot(HPDF_Page page, HPDF_Dict annot);

/* Copies the file HPDF_SaveToStream made, size (HPDF_GetStreamSize)
 * bytes, into out, straight from the chunks of libharu's memory stream
 * (HPDF_ReadFromStream copies byte by byte: 21 M instructions for a
 * 1,000-page book, on the one thread that saves).
 * Returns the bytes copied: size, or 0 when the stream is not the memory
 * stream of that size expected (then read it with HPDF_ReadFromStream). */
size_t ov_haru_copy_saved(HPDF_Doc pdf, unsigned char *out, size_t size);

/* A URI action (PDF 1.7 §12.6.4.7) for uri, made an indirect object so
 * that several link annotations can share it; uri is at most
 * HPDF_LIMIT_MAX_STRING_LEN bytes. Returns NULL after libharu's error
 * handler was called. */
HPDF_Dict ov_haru_uri_action(HPDF_Doc pdf, const char *uri);

/* Makes annot, a link annotation, perform action (ov_haru_uri_action)
 * instead of the action it was made with, which is freed. */
HPDF_STATUS ov_haru_share_action(HPDF_Annotation annot, HPDF_Dict action);

/* Sets dict's entry key to the text string s[0..len) (UTF-8) written as
 * UTF-16BE, characters above U+FFFF as surrogate pairs (PDF 1.7 §7.9.2.2),
 * replacing an entry libharu made: its UTF-8 encoder writes them as
 * spaces (an outline title with a formula's math italic letters, U+1D465).
 * Returns HPDF_OK, else libharu's error code (a string too long for it,
 * memory). */
HPDF_STATUS ov_haru_set_text(HPDF_Dict dict, const char *key, const char *s, size_t len);

#endif
