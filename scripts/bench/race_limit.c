/* The raw C limit for the course's race scenario: the same work (P processes, N increments
 * each of a counter in MAP_SHARED memory, first without a lock, then with a process-shared
 * semaphore around each increment) with nothing but fork(), mmap() and sem_wait/sem_post.
 * bench_race.py times it beside forklab and CPython. The unlocked increment is a volatile
 * load, add and store, so updates are lost as in the Python version. */
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared_block {
    volatile int sin;
    volatile int con;
    sem_t candado;
};

static void run_children(int procs, void (*work)(struct shared_block*, int), struct shared_block* b, int n) {
    for (int i = 0; i < procs; i++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); exit(1); }
        if (pid == 0) { work(b, n); _exit(0); }
    }
    for (int i = 0; i < procs; i++) wait(NULL);
}

static void sumar_sin(struct shared_block* b, int n) {
    for (int i = 0; i < n; i++) { int v = b->sin; b->sin = v + 1; }
}

static void sumar_con(struct shared_block* b, int n) {
    for (int i = 0; i < n; i++) {
        sem_wait(&b->candado);
        int v = b->con;
        b->con = v + 1;
        sem_post(&b->candado);
    }
}

int main(int argc, char** argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200000;
    int procs = argc > 2 ? atoi(argv[2]) : 4;
    struct shared_block* b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (b == MAP_FAILED) { perror("mmap"); return 1; }
    b->sin = 0;
    b->con = 0;
    sem_init(&b->candado, 1, 1);
    run_children(procs, sumar_sin, b, n);
    printf("sin lock: %d de %d\n", b->sin, n * procs);
    run_children(procs, sumar_con, b, n);
    printf("con lock: %d de %d\n", b->con, n * procs);
    sem_destroy(&b->candado);
    munmap(b, sizeof *b);
    return 0;
}
