/* flate.c - content-stream compression on a worker thread (see flate.h). */
#include "flate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/arena.h"

typedef struct {
	unsigned char *data; /* input until compressed, then the output */
	size_t len;
	bool done;
} slot;

struct ov_flate {
	slot *v;
	size_t count;
	size_t submitted; /* streams 0 .. submitted-1 have been handed over */
	bool threaded;
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t more; /* a stream was submitted */
	z_stream z;          /* used by one thread only: the worker, or the submitter */
	bool z_ready;
};

static void deflate_with(z_stream *z, const unsigned char *data, size_t len, unsigned char **out,
                         size_t *out_len)
{
	uLong bound = deflateBound(z, (uLong)len);
	unsigned char *o = ov_xmalloc(bound + 1);
	z->next_in = (Bytef *)(uintptr_t)data;
	z->avail_in = (uInt)len;
	z->next_out = o;
	z->avail_out = (uInt)bound;
	/* the bound guarantees one call finishes the stream */
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		ov_oom();
	*out_len = bound - z->avail_out;
	/* the bound exceeds the input; a book keeps every page's stream until
	 * saving, so give the rest back */
	*out = ov_xrealloc(o, *out_len + 1);
	deflateReset(z);
}

static void z_init(z_stream *z)
{
	memset(z, 0, sizeof *z);
	if (deflateInit(z, OV_FLATE_LEVEL) != Z_OK)
		ov_oom();
}

void ov_flate_buffer(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len)
{
	z_stream z;
	z_init(&z);
	deflate_with(&z, data, len, out, out_len);
	deflateEnd(&z);
}

static void compress_slot(ov_flate *q, size_t i)
{
	slot *s = &q->v[i];
	unsigned char *out;
	size_t out_len;
	deflate_with(&q->z, s->data, s->len, &out, &out_len);
	free(s->data);
	s->data = out;
	s->len = out_len;
	s->done = true;
}

static void *work(void *arg)
{
	ov_flate *q = arg;
	for (size_t i = 0; i < q->count; i++) {
		pthread_mutex_lock(&q->lock);
		while (q->submitted <= i)
			pthread_cond_wait(&q->more, &q->lock);
		pthread_mutex_unlock(&q->lock);
		compress_slot(q, i);
	}
	return NULL;
}

ov_flate *ov_flate_start(size_t count, bool threaded)
{
	ov_flate *q = ov_xcalloc(1, sizeof *q);
	q->v = ov_xcalloc(count ? count : 1, sizeof *q->v);
	q->count = count;
	z_init(&q->z);
	q->z_ready = true;
	if (threaded && count > 1) {
		pthread_mutex_init(&q->lock, NULL);
		pthread_cond_init(&q->more, NULL);
		q->threaded = pthread_create(&q->worker, NULL, work, q) == 0;
		if (!q->threaded) {
			pthread_cond_destroy(&q->more);
			pthread_mutex_destroy(&q->lock);
		}
	}
	return q;
}

void ov_flate_submit(ov_flate *q, size_t i, unsigned char *data, size_t len)
{
	q->v[i].data = data;
	q->v[i].len = len;
	if (!q->threaded) {
		compress_slot(q, i);
		q->submitted = i + 1;
		return;
	}
	pthread_mutex_lock(&q->lock);
	q->submitted = i + 1;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
}

void ov_flate_finish(ov_flate *q)
{
	if (!q->threaded)
		return;
	/* streams never submitted (a failed build) count as empty */
	pthread_mutex_lock(&q->lock);
	q->submitted = q->count;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->worker, NULL);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->lock);
	q->threaded = false;
}

const unsigned char *ov_flate_result(const ov_flate *q, size_t i, size_t *len)
{
	*len = q->v[i].done ? q->v[i].len : 0;
	return q->v[i].done ? q->v[i].data : NULL;
}

void ov_flate_free(ov_flate *q)
{
	if (!q)
		return;
	ov_flate_finish(q);
	for (size_t i = 0; i < q->count; i++)
		free(q->v[i].data);
	free(q->v);
	if (q->z_ready)
		deflateEnd(&q->z);
	free(q);
}
