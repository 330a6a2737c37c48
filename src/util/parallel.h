/*
 * parallel.h - a loop whose items run on several threads.
 *
 *   static void one(void *ctx, int thread, size_t i) { ... item i ... }
 *   ov_parallel_for(count, nthreads, one, ctx);
 *
 * Items are handed out in order, each to the first thread that is free;
 * thread is 0 .. nthreads-1 (0 is the calling thread), for per-thread
 * state in ctx. Returns when every item is done. A thread that cannot be
 * started leaves its share to the others. Results must not depend on
 * which thread did what: callers write item i's result to slot i and join
 * the slots in order afterwards.
 */
#ifndef OV_PARALLEL_H
#define OV_PARALLEL_H

#include <stddef.h>

typedef void (*ov_item_fn)(void *ctx, int thread, size_t item);
typedef void (*ov_idle_fn)(void *ctx);

void ov_parallel_for(size_t count, int nthreads, ov_item_fn fn, void *ctx);

/* The same loop, with two additions. order (NULL: 0, 1, 2, ...) is the
 * sequence in which the items are handed out, a permutation of 0..count-1:
 * the longest first, say, so that no thread is left with a long item when
 * the others are done. idle (may be NULL) is called once, with idle_ctx,
 * on the first thread that finds no item left, while the others may still
 * be busy: a core is free from then on. */
void ov_parallel_for_ex(size_t count, int nthreads, ov_item_fn fn, void *ctx, const size_t *order,
                        ov_idle_fn idle, void *idle_ctx);

#endif
