// How steady this machine's memory is. Every 2 ms, reads the same number of random bytes of a 64 MiB buffer (most of
// them miss the caches) and records how much CPU time of its own thread that took. The work never changes, and time the
// thread spends descheduled is not counted, so a read that took several times the median one was slowed from outside
// the process: by a neighbour or the host sharing the memory, or a kernel thread scanning it. A JVM server feels such
// a moment as a stall; a C server answering from its caches barely does (docs/PERFORMANCE.md, "The machine").
// Usage: probe SECONDS [OUT]. Prints the median read and the share of reads over 3x it; with OUT, also each read's
// start (CLOCK_MONOTONIC, ns) and CPU time (ns), one per line.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"

#define SIZE (64UL << 20)
#define READS 2000
#define PERIOD_NS 2000000L

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: probe SECONDS [OUT]\n");
        return 2;
    }
    long n = (long) (atof(argv[1]) * 1e9 / PERIOD_NS), done = 0;
    unsigned char *buffer = malloc(SIZE);
    long *at = malloc(n * sizeof(long)), *took = malloc(n * sizeof(long)), *sorted = malloc(n * sizeof(long));
    if (n < 1 || !buffer || !at || !took || !sorted) {
        fprintf(stderr, "probe: SECONDS must be positive, and 64 MiB free\n");
        return 2;
    }
    for (size_t i = 0; i < SIZE; i++) buffer[i] = (unsigned char) (i * 2654435761u >> 24);
    unsigned long x = 88172645463325252UL, sum = 0;
    for (long next = clock_ns(CLOCK_MONOTONIC); done < n; next += PERIOD_NS) {
        long wait = next - clock_ns(CLOCK_MONOTONIC);
        if (wait > 0) nanosleep(&(struct timespec) {0, wait}, NULL);
        long started = clock_ns(CLOCK_MONOTONIC), cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        for (int i = 0; i < READS; i++) {  // xorshift: the next address is not known before the loop gets there
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            sum += buffer[x % SIZE];
        }
        at[done] = started;
        took[done] = sorted[done] = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
        done++;
    }
    if (argc > 2) {
        FILE *out = fopen(argv[2], "w");
        for (long i = 0; out && i < n; i++) fprintf(out, "%ld %ld\n", at[i], took[i]);
        if (out) fclose(out);
    }
    qsort(sorted, n, sizeof(long), by_value);
    long median = sorted[n / 2], slow = 0;
    for (long i = 0; i < n; i++) slow += took[i] > 3 * median;
    printf("%ld reads of %d random bytes: median %.1f us, p99 %.1f us; %.1f %% over 3x the median%s\n", n, READS,
           median / 1e3, sorted[n * 99 / 100] / 1e3, 100.0 * slow / n, sum == 42 ? " " : "");
    return 0;
}
