#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H

#include <stdint.h>

/// Heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign)
/// made by this process since it started, counted with a relaxed atomic.
///
/// Meaningful only on Linux/glibc, where this target interposes those functions in the
/// executable it is linked into and forwards them to glibc's `__libc_*` entry points.
/// Elsewhere it always returns 0.
uint64_t b5g_allocation_count(void);

/// 1 when the interposition is compiled in (Linux/glibc), 0 otherwise.
int b5g_allocation_counter_is_active(void);

#endif
