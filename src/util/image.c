/* image.c - PNG (ISO/IEC 15948 §5.2, §11.2.2), JPEG (ITU T.81 Annex B),
 * GIF (GIF89a §17-§20) and WebP (RFC 9649 §2.5-§2.7) header probing; SVG
 * recognised by its root element. */
#include "image.h"

#include <stdbool.h>
#include <string.h>

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int probe_png(const uint8_t *d, size_t len, ov_image_info *info)
{
	/* signature, then IHDR must be the first chunk */
	if (len < 33 || memcmp(d + 12, "IHDR", 4) != 0)
		return -1;
	info->width = be32(d + 16);
	info->height = be32(d + 20);
	/* look for pHYs before IDAT */
	size_t off = 8;
	while (off + 12 <= len) {
		uint32_t clen = be32(d + off);
		const uint8_t *type = d + off + 4;
		if (memcmp(type, "IDAT", 4) == 0 || memcmp(type, "IEND", 4) == 0)
			break;
		if (memcmp(type, "pHYs", 4) == 0 && clen == 9 && off + 8 + 9 <= len &&
		    d[off + 16] == 1) {
			info->dpi_x = be32(d + off + 8) * 0.0254;
			info->dpi_y = be32(d + off + 12) * 0.0254;
		}
		if (clen > len - off - 12)
			break;
		off += 12 + (size_t)clen;
	}
	return info->width && info->height ? 0 : -1;
}

static int probe_jpeg(const uint8_t *d, size_t len, ov_image_info *info)
{
	size_t off = 2;
	while (off + 4 <= len) {
		if (d[off] != 0xFF)
			return -1;
		uint8_t m = d[off + 1];
		if (m == 0xFF) {
			off++;
			continue;
		}
		if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
			off += 2;
			continue;
		}
		size_t seg = (size_t)d[off + 2] << 8 | d[off + 3];
		if (seg < 2 || off + 2 + seg > len)
			return -1;
		if (m == 0xE0 && seg >= 16 && memcmp(d + off + 4, "JFIF", 5) == 0) {
			unsigned unit = d[off + 11];
			double x = (double)((d[off + 12] << 8) | d[off + 13]);
			double y = (double)((d[off + 14] << 8) | d[off + 15]);
			if (unit == 1) {
				info->dpi_x = x;
				info->dpi_y = y;
			} else if (unit == 2) {
				info->dpi_x = x * 2.54;
				info->dpi_y = y * 2.54;
			}
		}
		/* SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (seg < 8)
				return -1;
			info->height = (uint32_t)d[off + 5] << 8 | d[off + 6];
			info->components = d[off + 9];
			info->width = (uint32_t)d[off + 7] << 8 | d[off + 8];
			return info->width && info->height ? 0 : -1;
		}
		if (m == 0xDA)
			return -1; /* scan data before a frame header */
		off += 2 + seg;
	}
	return -1;
}

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le24(const uint8_t *p) { return le16(p) | (uint32_t)p[2] << 16; }

/* The logical screen's size (§18); a screen of 0 x 0, which some writers
 * leave, is the first image's extent: its descriptor (§20) is found past
 * the global colour table (§19) and any extension blocks (§23-§26). */
static int probe_gif(const uint8_t *d, size_t len, ov_image_info *info)
{
	if (len < 13)
		return -1;
	info->width = le16(d + 6);
	info->height = le16(d + 8);
	if (info->width && info->height)
		return 0;
	size_t off = 13;
	if (d[10] & 0x80)
		off += 3 * ((size_t)2 << (d[10] & 7));
	while (off < len) {
		if (d[off] == 0x2C) {
			if (off + 10 > len)
				return -1;
			info->width = le16(d + off + 1) + le16(d + off + 5);
			info->height = le16(d + off + 3) + le16(d + off + 7);
			return info->width && info->height ? 0 : -1;
		}
		if (d[off] != 0x21 || off + 2 > len)
			return -1;
		/* an extension: label, then sub-blocks up to a zero length */
		off += 2;
		while (off < len && d[off])
			off += 1 + (size_t)d[off];
		off++;
	}
	return -1;
}

/* The first chunk after the RIFF header (RFC 9649 §2.5): a simple lossy
 * file's VP8 frame header (RFC 6386 §9.1), a lossless file's VP8L header
 * (§3.2 of the lossless bitstream), or an extended file's VP8X canvas size
 * (RFC 9649 §2.7). */
static int probe_webp(const uint8_t *d, size_t len, ov_image_info *info)
{
	if (len < 25)
		return -1;
	const uint8_t *c = d + 20;
	if (memcmp(d + 12, "VP8 ", 4) == 0) {
		if (len < 30 || c[3] != 0x9D || c[4] != 0x01 || c[5] != 0x2A)
			return -1;
		info->width = le16(c + 6) & 0x3FFF;
		info->height = le16(c + 8) & 0x3FFF;
	} else if (memcmp(d + 12, "VP8L", 4) == 0) {
		if (c[0] != 0x2F)
			return -1;
		uint32_t v = le16(c + 1) | (uint32_t)c[3] << 16 | (uint32_t)c[4] << 24;
		info->width = (v & 0x3FFF) + 1;
		info->height = ((v >> 14) & 0x3FFF) + 1;
	} else if (memcmp(d + 12, "VP8X", 4) == 0) {
		if (len < 30)
			return -1;
		info->width = le24(c + 4) + 1;
		info->height = le24(c + 7) + 1;
	} else {
		return -1;
	}
	return info->width && info->height ? 0 : -1;
}

static bool xml_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Whether d[0..len) looks like an SVG file: an optional byte order mark,
 * white space, then the prolog (XML 1.0 §2.8) and an element named svg,
 * with or without a prefix; svg.h's parse decides the rest. */
static bool sniff_svg(const uint8_t *d, size_t len)
{
	size_t i = 0;
	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		i = 3;
	/* the prolog (XML 1.0 §2.8): declaration, comments, processing
	 * instructions, a DOCTYPE with its internal subset, white space */
	for (int guard = 0; guard < 1000 && i < len; guard++) {
		while (i < len && xml_space(d[i]))
			i++;
		if (i + 1 >= len || d[i] != '<')
			return false;
		if (d[i + 1] == '?' || (i + 3 < len && memcmp(d + i, "<!--", 4) == 0)) {
			const char *end = d[i + 1] == '?' ? "?>" : "-->";
			size_t n = strlen(end), j = i + 2;
			while (j + n <= len && memcmp(d + j, end, n) != 0)
				j++;
			if (j + n > len)
				return false;
			i = j + n;
			continue;
		}
		if (i + 9 <= len && memcmp(d + i, "<!DOCTYPE", 9) == 0) {
			size_t j = i + 9;
			int brackets = 0;
			char quote = 0;
			for (; j < len; j++) {
				char c = (char)d[j];
				if (quote) {
					if (c == quote)
						quote = 0;
				} else if (c == '"' || c == '\'') {
					quote = c;
				} else if (c == '[') {
					brackets++;
				} else if (c == ']') {
					brackets--;
				} else if (c == '>' && brackets <= 0) {
					break;
				}
			}
			if (j >= len)
				return false;
			i = j + 1;
			continue;
		}
		/* the root element: svg, or prefix:svg */
		size_t j = i + 1;
		while (j < len && d[j] != ':' && d[j] != '>' && d[j] != '/' && !xml_space(d[j]))
			j++;
		if (j < len && d[j] == ':')
			i = j;
		return i + 4 < len && memcmp(d + i + 1, "svg", 3) == 0 &&
		       (xml_space(d[i + 4]) || d[i + 4] == '>' || d[i + 4] == '/');
	}
	return false;
}

int ov_image_probe(const uint8_t *data, size_t len, ov_image_info *info)
{
	memset(info, 0, sizeof *info);
	static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	if (len >= 8 && memcmp(data, png_sig, 8) == 0) {
		info->format = OV_IMAGE_PNG;
		return probe_png(data, len, info);
	}
	if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
		info->format = OV_IMAGE_JPEG;
		return probe_jpeg(data, len, info);
	}
	if (len >= 6 && (memcmp(data, "GIF87a", 6) == 0 || memcmp(data, "GIF89a", 6) == 0)) {
		info->format = OV_IMAGE_GIF;
		return probe_gif(data, len, info);
	}
	if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0) {
		info->format = OV_IMAGE_WEBP;
		return probe_webp(data, len, info);
	}
	if (sniff_svg(data, len)) {
		info->format = OV_IMAGE_SVG; /* its size comes from its parse (image/svg.h) */
		return 0;
	}
	return -1;
}

const char *ov_image_media_type(ov_image_format f)
{
	switch (f) {
	case OV_IMAGE_PNG: return "image/png";
	case OV_IMAGE_JPEG: return "image/jpeg";
	case OV_IMAGE_GIF: return "image/gif";
	case OV_IMAGE_WEBP: return "image/webp";
	case OV_IMAGE_SVG: return "image/svg+xml";
	default: return NULL;
	}
}
