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
	const size_t *order;
	ov_idle_fn idle;
	void *idle_ctx;
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
		ov_idle_fn idle = NULL;
		if (i >= l->count) {
			idle = l->idle; /* the first thread here takes it */
			l->idle = NULL;
		}
		pthread_mutex_unlock(&l->lock);
		if (i >= l->count) {
			if (idle)
				idle(l->idle_ctx);
			break;
		}
		l->fn(l->ctx, r->thread, l->order ? l->order[i] : i);
	}
	return NULL;
}

void ov_parallel_for(size_t count, int nthreads, ov_item_fn fn, void *ctx)
{
	ov_parallel_for_ex(count, nthreads, fn, ctx, NULL, NULL, NULL);
}

void ov_parallel_for_ex(size_t count, int nthreads, ov_item_fn fn, void *ctx, const size_t *order,
                        ov_idle_fn idle, void *idle_ctx)
{
	if (nthreads < 1)
		nthreads = 1;
	if ((size_t)nthreads > count)
		nthreads = count ? (int)count : 1;
	loop l = {count, 0, PTHREAD_MUTEX_INITIALIZER, fn, ctx, order, idle, idle_ctx};
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
