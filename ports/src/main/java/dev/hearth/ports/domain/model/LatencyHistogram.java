package dev.hearth.ports.domain.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Latencies counted in fixed buckets that every instance shares, so that histograms of a fleet add up and a fleet-wide
 * quantile is read from their sum. Bucket {@code i} counts latencies up to {@link #BOUNDS_MS}{@code [i]} ms (and over
 * the previous bound); the last bucket counts those over the largest bound. Immutable.
 *
 * @param counts one count per bucket: {@code BOUNDS_MS.size() + 1} of them, none negative
 */
public record LatencyHistogram(List<Long> counts) {
    /** Upper bounds of the buckets, in milliseconds: about 25 % apart from 10 ms to 10 s. */
    public static final List<Long> BOUNDS_MS = List.of(1L, 2L, 3L, 5L, 7L, 10L, 13L, 16L, 20L, 25L, 32L, 40L, 50L,
            63L, 80L, 100L, 125L, 160L, 200L, 250L, 320L, 400L, 500L, 630L, 800L, 1000L, 1250L, 1600L, 2000L, 2500L,
            3200L, 4000L, 5000L, 6300L, 8000L, 10000L);
    private static final long[] BOUNDS_NANOS = BOUNDS_MS.stream().mapToLong(ms -> ms * 1_000_000L).toArray();

    public LatencyHistogram {
        counts = List.copyOf(counts);
        if (counts.size() != BOUNDS_MS.size() + 1) {
            throw new IllegalArgumentException("a latency histogram has " + (BOUNDS_MS.size() + 1) + " buckets, not "
                    + counts.size());
        }
        if (counts.stream().anyMatch(count -> count < 0)) {
            throw new IllegalArgumentException("a bucket's count cannot be negative: " + counts);
        }
    }

    /** No latency counted. */
    public static LatencyHistogram empty() {
        return new LatencyHistogram(java.util.Collections.nCopies(BOUNDS_MS.size() + 1, 0L));
    }

    /** The bucket that counts {@code latency}. */
    public static int bucketOf(Duration latency) {
        if (latency.compareTo(Duration.ofMillis(BOUNDS_MS.getLast())) > 0) {
            return BOUNDS_MS.size(); // also those too long for toNanos() (292 years)
        }
        return bucketOfNanos(latency.toNanos());
    }

    /** The bucket that counts a latency of {@code nanos} (1.2 ms is over 1 ms); no allocation, for a hot path. */
    public static int bucketOfNanos(long nanos) {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            if (nanos <= BOUNDS_NANOS[i]) {
                return i;
            }
        }
        return BOUNDS_NANOS.length;
    }

    /** This histogram with {@code latency} counted once more. */
    public LatencyHistogram with(Duration latency) {
        List<Long> next = new ArrayList<>(counts);
        int bucket = bucketOf(latency);
        next.set(bucket, next.get(bucket) + 1);
        return new LatencyHistogram(next);
    }

    /** The sum of this and {@code other}, bucket by bucket. */
    public LatencyHistogram plus(LatencyHistogram other) {
        List<Long> sum = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            sum.add(counts.get(i) + other.counts.get(i));
        }
        return new LatencyHistogram(sum);
    }

    /** How many latencies are counted. */
    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The {@code quantile} (0 to 1, e.g. 0.99) as the upper bound of the bucket it falls in, so never under the true
     * value; over the largest bound it is that bound (read "at least"). Empty when nothing is counted.
     */
    public Optional<Duration> quantile(double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("a quantile is over 0 and at most 1, e.g. 0.99; not " + quantile);
        }
        long total = total();
        if (total == 0) {
            return Optional.empty();
        }
        // the smallest rank with rank >= quantile * total; the tolerance keeps 0.07 * 100 (7.000000000000001 in
        // doubles) at rank 7, not 8
        long rank = Math.max(1, (long) Math.ceil(quantile * total - 1e-9 * total));
        long seen = 0;
        for (int i = 0; i < counts.size(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Optional.of(Duration.ofMillis(BOUNDS_MS.get(Math.min(i, BOUNDS_MS.size() - 1))));
            }
        }
        throw new IllegalStateException("unreachable: the rank is within the total");
    }
}
