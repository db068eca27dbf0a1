// Counts heap allocations by interposing the glibc allocation entry points in the
// executable this object is linked into. Each wrapper bumps a relaxed atomic and forwards
// to glibc's own implementation (`__libc_malloc` and friends), so the allocator, `free`
// and every other behaviour stay glibc's. Benchmarks read the counter before and after
// the code they measure.

#include "CAllocationCounter.h"

#if defined(__linux__) && defined(__GLIBC__)

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

static _Atomic uint64_t b5g_allocations = 0;

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static inline void b5g_count_one(void) {
    atomic_fetch_add_explicit(&b5g_allocations, 1, memory_order_relaxed);
}

void *malloc(size_t size) {
    b5g_count_one();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    b5g_count_one();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    b5g_count_one();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    b5g_count_one();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    b5g_count_one();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    // POSIX: the alignment must be a power of two multiple of sizeof(void *).
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) {
        return EINVAL;
    }
    b5g_count_one();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0) {
        return ENOMEM;
    }
    *result = pointer;
    return 0;
}

uint64_t b5g_allocation_count(void) {
    return atomic_load_explicit(&b5g_allocations, memory_order_relaxed);
}

int b5g_allocation_counter_is_active(void) {
    return 1;
}

#else

uint64_t b5g_allocation_count(void) {
    return 0;
}

int b5g_allocation_counter_is_active(void) {
    return 0;
}

#endif
