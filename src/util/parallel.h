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

void ov_parallel_for(size_t count, int nthreads, ov_item_fn fn, void *ctx);

#endif
