// What client.c and probe.c share: a clock read in nanoseconds, and the comparison qsort needs for their percentiles.
#ifndef STALLS_CLOCK_H
#define STALLS_CLOCK_H
#include <time.h>

static long clock_ns(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return x < y ? -1 : x > y;
}
#endif
