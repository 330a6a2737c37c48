/* image.c - PNG (ISO/IEC 15948 §5.2, §11.2.2) and JPEG (ITU T.81 Annex B)
 * header probing; SVG recognised by its root element. */
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
			info->width = (uint32_t)d[off + 7] << 8 | d[off + 8];
			return info->width && info->height ? 0 : -1;
		}
		if (m == 0xDA)
			return -1; /* scan data before a frame header */
		off += 2 + seg;
	}
	return -1;
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
	case OV_IMAGE_SVG: return "image/svg+xml";
	default: return NULL;
	}
}
