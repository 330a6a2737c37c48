/* parallel.c - see parallel.h. */
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "arena.h"

typedef struct {
	size_t count, next;
	pthread_mutex_t lock;
	ov_item_fn fn;
	void *ctx;
} loop;

typedef struct {
	loop *l;
	int thread;
} runner;

static void *run(void *arg)
{
	runner *r = arg;
	loop *l = r->l;
	for (;;) {
		pthread_mutex_lock(&l->lock);
		size_t i = l->next++;
		pthread_mutex_unlock(&l->lock);
		if (i >= l->count)
			break;
		l->fn(l->ctx, r->thread, i);
	}
	return NULL;
}

void ov_parallel_for(size_t count, int nthreads, ov_item_fn fn, void *ctx)
{
	if (nthreads < 1)
		nthreads = 1;
	if ((size_t)nthreads > count)
		nthreads = count ? (int)count : 1;
	loop l = {count, 0, PTHREAD_MUTEX_INITIALIZER, fn, ctx};
	runner *r = ov_xcalloc((size_t)nthreads, sizeof *r);
	pthread_t *th = ov_xcalloc((size_t)nthreads, sizeof *th);
	bool *started = ov_xcalloc((size_t)nthreads, sizeof *started);
	for (int t = 0; t < nthreads; t++)
		r[t] = (runner){&l, t};
	for (int t = 1; t < nthreads; t++)
		started[t] = pthread_create(&th[t], NULL, run, &r[t]) == 0;
	run(&r[0]);
	for (int t = 1; t < nthreads; t++)
		if (started[t])
			pthread_join(th[t], NULL);
	pthread_mutex_destroy(&l.lock);
	free(r);
	free(th);
	free(started);
}
