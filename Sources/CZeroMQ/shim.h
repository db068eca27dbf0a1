#include <zmq.h>
#include <stdint.h>

/* zmq_msg_t must be the 64-byte opaque block Swift code allocates for it. */
_Static_assert(sizeof(zmq_msg_t) == 64, "zmq_msg_t layout changed");

/* Relaxed atomic counters: the zero-copy free callback runs on libzmq's I/O
   thread while the owner thread reads the count. C11 atomics are not importable
   into Swift as operations, so they are wrapped here. */
static inline void b5g_atomic_add(int64_t *counter, int64_t value) {
    __atomic_fetch_add(counter, value, __ATOMIC_RELAXED);
}

static inline int64_t b5g_atomic_load(const int64_t *counter) {
    return __atomic_load_n(counter, __ATOMIC_ACQUIRE);
}

static inline int64_t b5g_atomic_exchange(int64_t *counter, int64_t value) {
    return __atomic_exchange_n(counter, value, __ATOMIC_ACQ_REL);
}
