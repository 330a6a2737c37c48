/* flate.c - content-stream compression (see flate.h), by libdeflate:
 * whole buffers at once, which is all the PDF needs, about a third
 * faster than zlib's streaming deflate and smaller at the same level. */
#include "flate.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

struct ov_deflater {
	struct libdeflate_compressor *c;
	unsigned char *scratch; /* output space, reused: the bound of the largest stream so far */
	size_t cap;
};

ov_deflater *ov_deflater_new_level(int level)
{
	ov_deflater *d = ov_xcalloc(1, sizeof *d);
	d->c = libdeflate_alloc_compressor(level);
	if (!d->c)
		ov_oom();
	return d;
}

ov_deflater *ov_deflater_new(void) { return ov_deflater_new_level(OV_FLATE_LEVEL); }

void ov_deflater_run(ov_deflater *d, const unsigned char *data, size_t len, unsigned char **out,
                     size_t *out_len)
{
	size_t bound = libdeflate_zlib_compress_bound(d->c, len);
	if (bound > d->cap) {
		free(d->scratch);
		d->scratch = ov_xmalloc(bound);
		d->cap = bound;
	}
	/* the zlib format (RFC 1950), which FlateDecode reads (PDF 1.7
	 * §7.4.4); the bound guarantees the room, so 0 cannot come back */
	*out_len = libdeflate_zlib_compress(d->c, data, len, d->scratch, bound);
	if (*out_len == 0)
		ov_oom();
	/* a book keeps every page's stream until saving: exactly its size */
	*out = ov_xmalloc(*out_len);
	memcpy(*out, d->scratch, *out_len);
}

void ov_deflater_free(ov_deflater *d)
{
	if (!d)
		return;
	libdeflate_free_compressor(d->c);
	free(d->scratch);
	free(d);
}
