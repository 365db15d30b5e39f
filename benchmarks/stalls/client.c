// An open-loop HTTP client in C, so that it has no pauses of its own: request i is due at start + i / rate and timed
// from that due time (a stall delays every request behind it, and each counts it). CONNECTIONS=n (default 1) spreads
// the requests over n keep-alive connections, one thread each, request i on connection i mod n: enough of them that
// one is free when a request is due, or a slow answer delays the next (which is then counted, not hidden).
// Usage: client PORT PATH RATE SECONDS [BEARER]. Prints p50/p90/p99/p99.9/max; with DUMP=file, also each request's
// due time (CLOCK_MONOTONIC, ns) and latency (us), one per line.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

static int port, connections = 1, length, n;
static long period, start, *latency;
static char request[4096];

/** Sends requests c, c + connections, c + 2 connections, ... on one connection of its own. */
static void *connection(void *arg) {
    long c = (long) arg;
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(0x7f000001)};
    if (connect(s, (struct sockaddr *) &to, sizeof to) != 0) {
        perror("connect");
        exit(1);
    }
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char *in = malloc(65536);
    for (int i = c; i < n; i += connections) {
        long due = start + i * period;
        struct timespec at = {due / 1000000000L, due % 1000000000L};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
        if (write(s, request, length) != length) {
            perror("write");
            exit(1);
        }
        long got = 0, whole = -1;
        while (whole < 0 || got < whole) { // the head, then Content-Length bytes of body
            long r = read(s, in + got, 65535 - got);
            if (r <= 0) {
                fprintf(stderr, "the server closed the connection or failed\n");
                exit(1);
            }
            got += r;
            in[got] = 0;
            char *end = strstr(in, "\r\n\r\n"), *cl = strcasestr(in, "\r\nContent-Length:");
            if (whole < 0 && end != NULL) {
                whole = (end + 4 - in) + (cl != NULL && cl < end ? atol(cl + 17) : 0);
            }
        }
        latency[i] = clock_ns(CLOCK_MONOTONIC) - due;
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: [CONNECTIONS=n] client PORT PATH RATE SECONDS [BEARER]\n");
        return 2;
    }
    port = atoi(argv[1]);
    int rate = atoi(argv[3]);
    n = rate * atoi(argv[4]);
    if (getenv("CONNECTIONS") != NULL) {
        connections = atoi(getenv("CONNECTIONS"));
    }
    length = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s\r\n", argv[2],
                      argc > 5 ? "Authorization: Bearer " : "", argc > 5 ? argv[5] : "", argc > 5 ? "\r\n" : "");
    latency = malloc(n * sizeof(long));
    period = 1000000000L / rate;
    start = clock_ns(CLOCK_MONOTONIC) + 1000000000L;
    pthread_t threads[connections];
    for (long c = 0; c < connections; c++) {
        pthread_create(&threads[c], NULL, connection, (void *) c);
    }
    for (int c = 0; c < connections; c++) {
        pthread_join(threads[c], NULL);
    }
    if (getenv("DUMP") != NULL) {
        FILE *f = fopen(getenv("DUMP"), "w");
        for (int i = 0; i < n; i++) {
            fprintf(f, "%ld %ld\n", start + i * period, latency[i] / 1000);
        }
        fclose(f);
    }
    qsort(latency, n, sizeof(long), by_value);
    printf("%d requests: p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f ms\n", n, latency[n / 2] / 1e6,
           latency[n * 9 / 10] / 1e6, latency[n * 99 / 100] / 1e6, latency[n * 999 / 1000] / 1e6, latency[n - 1] / 1e6);
    return 0;
}
