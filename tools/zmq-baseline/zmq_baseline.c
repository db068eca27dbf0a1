/*
 * Plain C libzmq baseline for `b5g bench transport`: the same PUSH->PULL workload
 * as the Swift roles, so the ratio measures only the cost of the Swift layer.
 *
 *   zmq-baseline sink   DATA_ENDPOINT CONTROL_ENDPOINT WARMUP
 *   zmq-baseline source DATA_ENDPOINT CONTROL_ENDPOINT SIZE MESSAGES SECONDS WARMUP ZERO_COPY_THRESHOLD
 *
 * Protocol (identical to the Swift roles):
 *  - the sink binds PULL on DATA, then ROUTER on CONTROL, prints
 *    "endpoints <data> <control>" and answers one "b5g.ready?" with "b5g.ready";
 *  - the source connects DEALER and PUSH, asks, then sends WARMUP messages, then up to
 *    MESSAGES measured messages of SIZE bytes (stopping after SECONDS), then an empty
 *    end marker; messages of at least ZERO_COPY_THRESHOLD bytes are sent zero-copy;
 *  - the sink copies each message into its buffer, times the measured messages from the
 *    last warm-up message to the last payload, prints "result <messages> <elapsed_ns> <cpu_ns>"
 *    and sends "b5g.done" so the source can close without losing anything;
 *  - CPU times (user + system, all threads) cover the measured phase: the sink appends
 *    its own to the result line, the source prints "cpu <ns>" once the sink said done.
 */
#define _POSIX_C_SOURCE 200809L
#include <zmq.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define READY_REQUEST "b5g.ready?"
#define READY_REPLY "b5g.ready"
#define DONE "b5g.done"
#define HANDSHAKE_TIMEOUT_MS 10000
#define IDLE_TIMEOUT_MS 10000

static void die(const char *what) {
    fprintf(stderr, "zmq-baseline: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* CPU time of the whole process (all threads, user + system). */
static uint64_t cpu_ns(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return ((uint64_t)usage.ru_utime.tv_sec + (uint64_t)usage.ru_stime.tv_sec) * 1000000000u
        + ((uint64_t)usage.ru_utime.tv_usec + (uint64_t)usage.ru_stime.tv_usec) * 1000u;
}

static void set_int(void *socket, int option, int value) {
    if (zmq_setsockopt(socket, option, &value, sizeof value) != 0) die("setsockopt");
}

static void *make_socket(void *context, int type) {
    void *socket = zmq_socket(context, type);
    if (!socket) die("zmq_socket");
    set_int(socket, ZMQ_LINGER, 1000);
    set_int(socket, ZMQ_SNDTIMEO, 5000);
    return socket;
}

static void last_endpoint(void *socket, char *out, size_t size) {
    if (zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, out, &size) != 0) die("last endpoint");
}

static int sink(const char *data_endpoint, const char *control_endpoint, long warmup) {
    void *context = zmq_ctx_new();
    void *pull = make_socket(context, ZMQ_PULL);
    void *router = make_socket(context, ZMQ_ROUTER);
    if (zmq_bind(pull, data_endpoint) != 0) die(data_endpoint);
    if (zmq_bind(router, control_endpoint) != 0) die(control_endpoint);
    char data[1024], control[1024];
    last_endpoint(pull, data, sizeof data);
    last_endpoint(router, control, sizeof control);
    printf("endpoints %s %s\n", data, control);
    fflush(stdout);

    /* Ready handshake: [identity][request] -> [identity][reply]. */
    set_int(router, ZMQ_RCVTIMEO, HANDSHAKE_TIMEOUT_MS);
    unsigned char identity[256], request[64];
    int identity_size = zmq_recv(router, identity, sizeof identity, 0);
    if (identity_size < 0) die("no ready request");
    int request_size = zmq_recv(router, request, sizeof request, 0);
    if (request_size != (int)strlen(READY_REQUEST) || memcmp(request, READY_REQUEST, request_size) != 0) {
        fprintf(stderr, "zmq-baseline: bad ready request\n");
        return 1;
    }
    if (zmq_send(router, identity, identity_size, ZMQ_SNDMORE) < 0) die("ready reply");
    if (zmq_send(router, READY_REPLY, strlen(READY_REPLY), 0) < 0) die("ready reply");

    set_int(pull, ZMQ_RCVTIMEO, IDLE_TIMEOUT_MS);
    zmq_msg_t message;
    zmq_msg_init(&message);
    size_t capacity = 0;
    unsigned char *buffer = NULL;
    long received = 0, measured = 0;
    uint64_t start = 0, last = 0, cpu_start = 0, cpu_last = 0;
    for (;;) {
        int size = zmq_msg_recv(&message, pull, 0);
        if (size < 0) {
            if (zmq_errno() == EINTR) continue;
            die("receive");
        }
        if (size == 0) break; /* end marker */
        if ((size_t)size > capacity) {
            buffer = realloc(buffer, (size_t)size);
            if (!buffer) die("realloc");
            capacity = (size_t)size;
        }
        memcpy(buffer, zmq_msg_data(&message), (size_t)size);
        zmq_msg_close(&message);
        zmq_msg_init(&message);
        received += 1;
        if (received == warmup) { start = now_ns(); cpu_start = cpu_ns(); }
        else if (received > warmup) { measured += 1; last = now_ns(); }
    }
    cpu_last = cpu_ns();
    printf("result %ld %llu %llu\n", measured, (unsigned long long)(measured > 0 ? last - start : 0),
           (unsigned long long)(cpu_last - cpu_start));
    fflush(stdout);
    if (zmq_send(router, identity, identity_size, ZMQ_SNDMORE) < 0) die("done");
    if (zmq_send(router, DONE, strlen(DONE), 0) < 0) die("done");
    zmq_msg_close(&message);
    free(buffer);
    zmq_close(pull);
    zmq_close(router);
    zmq_ctx_term(context);
    return 0;
}

static void no_free(void *data, void *hint) {
    (void)data;
    (void)hint;
}

static void send_one(void *push, unsigned char *payload, size_t size, size_t zero_copy_threshold) {
    if (size >= zero_copy_threshold) {
        zmq_msg_t message;
        zmq_msg_init_data(&message, payload, size, no_free, NULL);
        while (zmq_msg_send(&message, push, 0) < 0) {
            if (zmq_errno() != EINTR) die("send");
        }
    } else {
        while (zmq_send(push, payload, size, 0) < 0) {
            if (zmq_errno() != EINTR) die("send");
        }
    }
}

static int source(const char *data_endpoint, const char *control_endpoint, size_t size, long messages,
                  double seconds, long warmup, size_t zero_copy_threshold) {
    void *context = zmq_ctx_new();
    void *dealer = make_socket(context, ZMQ_DEALER);
    void *push = make_socket(context, ZMQ_PUSH);
    if (zmq_connect(dealer, control_endpoint) != 0) die(control_endpoint);
    if (zmq_connect(push, data_endpoint) != 0) die(data_endpoint);
    set_int(dealer, ZMQ_RCVTIMEO, HANDSHAKE_TIMEOUT_MS);
    if (zmq_send(dealer, READY_REQUEST, strlen(READY_REQUEST), 0) < 0) die("ready request");
    char reply[64];
    int reply_size = zmq_recv(dealer, reply, sizeof reply, 0);
    if (reply_size != (int)strlen(READY_REPLY) || memcmp(reply, READY_REPLY, reply_size) != 0) die("no ready reply");

    unsigned char *payload = malloc(size);
    if (!payload) die("malloc");
    for (size_t i = 0; i < size; i++) payload[i] = (unsigned char)(i * 31);
    for (long i = 0; i < warmup; i++) send_one(push, payload, size, zero_copy_threshold);
    uint64_t cpu_start = cpu_ns();
    uint64_t deadline = now_ns() + (uint64_t)(seconds * 1e9);
    for (long i = 0; i < messages; i++) {
        send_one(push, payload, size, zero_copy_threshold);
        if ((i & 255) == 255 && now_ns() >= deadline) break;
    }
    send_one(push, payload, 0, zero_copy_threshold);

    set_int(dealer, ZMQ_RCVTIMEO, 30000);
    char done[64];
    if (zmq_recv(dealer, done, sizeof done, 0) < 0) die("no done from sink");
    printf("cpu %llu\n", (unsigned long long)(cpu_ns() - cpu_start));
    fflush(stdout);
    zmq_close(push);
    zmq_close(dealer);
    zmq_ctx_term(context);
    free(payload); /* zero-copy messages are all delivered once the sink said done */
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 5 && strcmp(argv[1], "sink") == 0) return sink(argv[2], argv[3], atol(argv[4]));
    if (argc == 9 && strcmp(argv[1], "source") == 0)
        return source(argv[2], argv[3], (size_t)atol(argv[4]), atol(argv[5]), atof(argv[6]), atol(argv[7]),
                      (size_t)atol(argv[8]));
    fprintf(stderr,
            "usage: %s sink DATA CONTROL WARMUP\n"
            "       %s source DATA CONTROL SIZE MESSAGES SECONDS WARMUP ZERO_COPY_THRESHOLD\n",
            argv[0], argv[0]);
    return 2;
}
