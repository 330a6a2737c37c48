/* flate.c - content-stream compression (see flate.h). */
#include "flate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/arena.h"

struct ov_deflater {
	z_stream z;
	unsigned char *scratch; /* output space, reused: deflateBound of the largest stream so far */
	size_t cap;
};

ov_deflater *ov_deflater_new(void)
{
	ov_deflater *d = ov_xcalloc(1, sizeof *d);
	if (deflateInit(&d->z, OV_FLATE_LEVEL) != Z_OK)
		ov_oom();
	return d;
}

void ov_deflater_run(ov_deflater *d, const unsigned char *data, size_t len, unsigned char **out,
                     size_t *out_len)
{
	uLong bound = deflateBound(&d->z, (uLong)len);
	if (bound > d->cap) {
		free(d->scratch);
		d->scratch = ov_xmalloc(bound);
		d->cap = bound;
	}
	d->z.next_in = (Bytef *)(uintptr_t)data;
	d->z.avail_in = (uInt)len;
	d->z.next_out = d->scratch;
	d->z.avail_out = (uInt)bound;
	/* the bound guarantees one call finishes the stream */
	if (deflate(&d->z, Z_FINISH) != Z_STREAM_END)
		ov_oom();
	*out_len = bound - d->z.avail_out;
	/* a book keeps every page's stream until saving: exactly its size */
	*out = ov_xmalloc(*out_len ? *out_len : 1);
	memcpy(*out, d->scratch, *out_len);
	deflateReset(&d->z);
}

void ov_deflater_free(ov_deflater *d)
{
	if (!d)
		return;
	deflateEnd(&d->z);
	free(d->scratch);
	free(d);
}
