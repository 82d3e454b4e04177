/* The raw C limit of each IPC experiment in scripts/bench/ipc/: the same shapes with bare
 * fork(), pipe(), a MAP_SHARED mapping, C11 atomics and a process-shared pthread mutex, no
 * interpreter and no serialization. It prints the same BENCH lines as the Python scenarios,
 * so scripts/bench_ipc.py reads both alike:
 *
 *     BENCH metric=NAME x=PARAM ops=COUNT seconds=S
 *
 * Extra metrics that have no Python counterpart (spin_round_trip: ping-pong on one shared
 * atomic, the floor under any round trip) are shown as notes.
 *
 *     cc -O2 -pthread -o ipc_limit ipc_limit.c && ./ipc_limit [SCALE]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double g_scale = 1.0;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long scaled(long n, long at_least) {
    long v = (long)(n * g_scale);
    return v < at_least ? at_least : v;
}

static void report(const char* metric, long x, long ops, double seconds) {
    printf("BENCH metric=%s x=%ld ops=%ld seconds=%.6f\n", metric, x, ops, seconds);
    fflush(stdout);
}

/* Spinning waits give up the core now and then: on a machine with more runnable processes
 * than cores, a pure spin would burn whole time slices waiting for a descheduled peer. */
static void relax(unsigned* spins) {
    if (++*spins % 256 == 0) sched_yield();
}

static void* shared_map(size_t bytes) {
    void* p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    return p;
}

static void full_write(int fd, const void* buf, size_t n) {
    const char* p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) {
            perror("write");
            _exit(1);
        }
        p += w;
        n -= (size_t)w;
    }
}

static void full_read(int fd, void* buf, size_t n) {
    char* p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r <= 0) {
            perror("read");
            _exit(1);
        }
        p += r;
        n -= (size_t)r;
    }
}

static void wait_all(void) {
    while (wait(NULL) > 0) {
    }
}

/* fork + _exit + waitpid */
static void process_start_join(void) {
    long n = scaled(2000, 20);
    double t0 = now();
    for (long i = 0; i < n; ++i) {
        pid_t pid = fork();
        if (pid == 0) _exit(0);
        waitpid(pid, NULL, 0);
    }
    report("process_start_join", 1, n, now() - t0);
}

/* 8-byte ping-pong over two pipes */
static void pipe_round_trip(void) {
    long n = scaled(20000, 100);
    int down[2], up[2];
    if (pipe(down) || pipe(up)) exit(1);
    if (fork() == 0) {
        uint64_t v;
        for (long i = 0; i < n; ++i) {
            full_read(down[0], &v, sizeof v);
            full_write(up[1], &v, sizeof v);
        }
        _exit(0);
    }
    double t0 = now();
    for (uint64_t i = 0; i < (uint64_t)n; ++i) {
        uint64_t v = i;
        full_write(down[1], &v, sizeof v);
        full_read(up[0], &v, sizeof v);
    }
    report("pipe_round_trip", 1, n, now() - t0);
    wait_all();
    close(down[0]), close(down[1]), close(up[0]), close(up[1]);
}

/* ping-pong on one shared atomic word, both sides spinning */
static void spin_round_trip(void) {
    long n = scaled(200000, 1000);
    _Atomic uint64_t* turn = shared_map(4096);
    atomic_store(turn, 0);
    if (fork() == 0) {
        for (uint64_t i = 0; i < (uint64_t)n; ++i) {
            unsigned spins = 0;
            while (atomic_load_explicit(turn, memory_order_acquire) != 2 * i + 1) relax(&spins);
            atomic_store_explicit(turn, 2 * i + 2, memory_order_release);
        }
        _exit(0);
    }
    double t0 = now();
    for (uint64_t i = 0; i < (uint64_t)n; ++i) {
        atomic_store_explicit(turn, 2 * i + 1, memory_order_release);
        unsigned spins = 0;
        while (atomic_load_explicit(turn, memory_order_acquire) != 2 * i + 2) relax(&spins);
    }
    report("spin_round_trip", 1, n, now() - t0);
    wait_all();
    munmap(turn, 4096);
}

/* Messages of one size written whole by a child and read whole by the parent. */
static void pipe_throughput(void) {
    static const long sizes[] = {64, 1024, 16384, 65536, 1048576};
    char* buf = malloc(1048576);
    memset(buf, 0, 1048576);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; ++k) {
        long size = sizes[k];
        long cap = (256L << 20) / size;
        long n = scaled(cap < 200000 ? cap : 200000, 4);
        int fds[2];
        if (pipe(fds)) exit(1);
        double t0 = now();
        if (fork() == 0) {
            close(fds[0]);
            for (long i = 0; i < n; ++i) full_write(fds[1], buf, (size_t)size);
            _exit(0);
        }
        close(fds[1]);
        for (long i = 0; i < n; ++i) full_read(fds[0], buf, (size_t)size);
        report("pipe_throughput", size, n, now() - t0);
        close(fds[0]);
        wait_all();
    }
    free(buf);
}

/* A bounded multi-producer multi-consumer ring of uint64 in shared memory: every cell carries
 * a sequence number that says whether it is free for the producer of ticket t (seq == t) or
 * full for the consumer of ticket t (seq == t + 1). One producer and one consumer is the
 * 1->1 case of the same code. */
enum { kRing = 4096 };
struct Cell {
    _Atomic uint64_t seq;
    uint64_t value;
};
struct Ring {
    _Alignas(64) _Atomic uint64_t head; /* next ticket to put */
    _Alignas(64) _Atomic uint64_t tail; /* next ticket to get */
    _Alignas(64) struct Cell cells[kRing];
    _Alignas(64) double ends[2];
    uint64_t sums[2];
};

static void ring_put(struct Ring* r, uint64_t v) {
    uint64_t t = atomic_fetch_add_explicit(&r->head, 1, memory_order_relaxed);
    struct Cell* c = &r->cells[t % kRing];
    unsigned spins = 0;
    while (atomic_load_explicit(&c->seq, memory_order_acquire) != t) relax(&spins);
    c->value = v;
    atomic_store_explicit(&c->seq, t + 1, memory_order_release);
}

static uint64_t ring_get(struct Ring* r) {
    uint64_t t = atomic_fetch_add_explicit(&r->tail, 1, memory_order_relaxed);
    struct Cell* c = &r->cells[t % kRing];
    unsigned spins = 0;
    while (atomic_load_explicit(&c->seq, memory_order_acquire) != t + 1) relax(&spins);
    uint64_t v = c->value;
    atomic_store_explicit(&c->seq, t + kRing, memory_order_release);
    return v;
}

static void queue_throughput(void) {
    for (int n = 1; n <= 2; ++n) {
        long total = scaled(20000000, 1000) / 2 * 2;
        struct Ring* r = shared_map(sizeof *r);
        atomic_store(&r->head, 0);
        atomic_store(&r->tail, 0);
        for (uint64_t i = 0; i < kRing; ++i) atomic_store(&r->cells[i].seq, i);
        double t0 = now();
        for (int k = 0; k < n; ++k) {
            if (fork() == 0) {
                uint64_t sum = 0;
                for (long i = 0; i < total / n; ++i) sum += ring_get(r);
                r->ends[k] = now();
                r->sums[k] = sum;
                _exit(0);
            }
            if (fork() == 0) {
                for (long i = 0; i < total / n; ++i) ring_put(r, (uint64_t)i);
                _exit(0);
            }
        }
        wait_all();
        double end = n == 1 || r->ends[0] > r->ends[1] ? r->ends[0] : r->ends[1];
        const uint64_t each = (uint64_t)(total / n), want = (uint64_t)n * (each * (each - 1) / 2);
        if (r->sums[0] + (n == 2 ? r->sums[1] : 0) != want) {
            fprintf(stderr, "queue_throughput: items lost or duplicated\n");
            exit(1);
        }
        report("queue_throughput", n, total, end - t0);
        munmap(r, sizeof *r);
    }
}

/* Two processes, one process-shared mutex around an increment. */
static void lock_contended(void) {
    long each = scaled(2000000, 1000);
    struct Shared {
        pthread_mutex_t m;
        long counter;
    }* s = shared_map(sizeof *s);
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->m, &a);
    s->counter = 0;
    double t0 = now();
    for (int k = 0; k < 2; ++k) {
        if (fork() == 0) {
            for (long i = 0; i < each; ++i) {
                pthread_mutex_lock(&s->m);
                s->counter++;
                pthread_mutex_unlock(&s->m);
            }
            _exit(0);
        }
    }
    wait_all();
    double dt = now() - t0;
    if (s->counter != 2 * each) {
        fprintf(stderr, "lock_contended: counter %ld, want %ld\n", s->counter, 2 * each);
        exit(1);
    }
    report("lock_contended", 2, 2 * each, dt);
    pthread_mutex_destroy(&s->m);
    munmap(s, sizeof *s);
}

/* A serial dependency chain (an LCG), so the compiler cannot vectorize or fold it. */
static uint64_t work(uint64_t from, uint64_t to) {
    uint64_t x = 1;
    for (uint64_t i = from; i < to; ++i) x = x * 6364136223846793005ull + i;
    return x;
}

struct Slice {
    uint64_t from, to, result;
};

static void* thread_work(void* arg) {
    struct Slice* s = arg;
    s->result = work(s->from, s->to);
    return NULL;
}

static void speedup(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t n = (uint64_t)scaled(300000000, 1000000);
    uint64_t* sink = shared_map(4096);
    for (long p = 1; p <= cores; ++p) {
        double t0 = now();
        for (long k = 0; k < p; ++k) {
            if (fork() == 0) {
                sink[k % 512] = work(n * k / p, n * (k + 1) / p);
                _exit(0);
            }
        }
        wait_all();
        report("speedup_processes", p, (long)n, now() - t0);
    }
    for (long p = 1; p <= cores; ++p) {
        pthread_t th[256];
        struct Slice sl[256];
        long np = p < 256 ? p : 256;
        double t0 = now();
        for (long k = 0; k < np; ++k) {
            sl[k].from = n * k / np;
            sl[k].to = n * (k + 1) / np;
            pthread_create(&th[k], NULL, thread_work, &sl[k]);
        }
        for (long k = 0; k < np; ++k) pthread_join(th[k], NULL);
        report("speedup_threads", np, (long)n, now() - t0);
        sink[0] += sl[0].result;
    }
    munmap(sink, 4096);
}

int main(int argc, char** argv) {
    if (argc > 1) g_scale = atof(argv[1]);
    if (g_scale <= 0) g_scale = 1.0;
    process_start_join();
    pipe_round_trip();
    spin_round_trip();
    pipe_throughput();
    queue_throughput();
    lock_contended();
    speedup();
    return 0;
}
