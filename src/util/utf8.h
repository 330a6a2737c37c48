/*
 * utf8.h - UTF-8 decoding and validation (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF).
 */
#ifndef OV_UTF8_H
#define OV_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s[0..len). Returns the number of bytes used
 * (1..4) and stores the code point in *cp, or returns -1 for an invalid or
 * truncated sequence (then *cp is U+FFFD and one byte should be skipped). */
int ov_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Offset of the first invalid byte in s[0..len), or len when s is valid. */
size_t ov_utf8_validate(const char *s, size_t len);

/* Encodes cp into out (at least 4 bytes); returns the byte count. */
int ov_utf8_encode(uint32_t cp, char *out);
/* Writes cp (at most U+10FFFF) as UTF-16 code units to out[0..2): one,
 * or a surrogate pair above U+FFFF (Unicode §3.9); returns the count. PDF
 * text strings and /ActualText are UTF-16BE (PDF 1.7 §7.9.2.2). */
int ov_utf16_encode(uint32_t cp, uint16_t out[2]);

/* Number of code points in s[0..len) (invalid bytes count as one each). */
size_t ov_utf8_count(const char *s, size_t len);

/* The value of the hexadecimal digit c (0-9, a-f, A-F), or -1. */
static inline int ov_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
