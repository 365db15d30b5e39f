package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.LatencyHistogram;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's migration counts, added to the fleet's store ({@link MigrationFiguresPort}) as one
 * {@link MigrationTally} every {@code migration.tallyInterval}: homes Hearth served (with how long each took to build)
 * and fallbacks to legacy, counted by {@link HomeMigration} on the request path with {@link LongAdder}s (no lock, no
 * allocation), and shadow samples compared and mismatched (per section), counted by {@link ShadowComparison} off it.
 *
 * <p>A tally the store refuses is kept and added again first at the next flush, with its own interval: nothing is lost
 * while the database is away, up to {@link #MAX_PENDING} tallies (then the oldest two are summed into one, so memory
 * stays bounded and only the time resolution of the oldest suffers). Failures are counted ({@link #flushFailures}) and
 * logged at most once a minute. Tallies older than {@code migration.keepTalliesFor} are deleted every
 * {@link #EXPIRE_EVERY} by every instance, in bounded batches.
 */
public final class MigrationTallies implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationTallies.class);
    /** Mismatch paths that start so name their section ({@code sections[accounts].items[0]}); others have none. */
    static final String SECTIONS = "sections[";
    /** Sections counted per interval; the rest are counted under {@link #OTHER}. */
    static final int MAX_SECTIONS = 63;
    /** Where sections past {@link #MAX_SECTIONS} of an interval are counted. */
    public static final String OTHER = "other";
    /** Unwritten tallies kept while the store fails: 10 minutes at one a second. */
    static final int MAX_PENDING = 600;
    static final Duration EXPIRE_EVERY = Duration.ofMinutes(1);
    static final int EXPIRE_BATCH = 1_000;
    static final int EXPIRE_MAX_BATCHES = 50;

    private final MigrationFiguresPort store;
    private final Clock clock;
    private final String instance;
    private final Duration interval;
    private final Duration keepFor;

    private final LongAdder served = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder[] latency = new LongAdder[LatencyHistogram.BOUNDS_MS.size() + 1];
    /** Comparisons: counted under this lock (off the request path), so a tally's sections never exceed mismatched. */
    private final Object comparisons = new Object();
    private long compared;
    private long mismatched;
    private Map<String, Long> bySection = new HashMap<>();

    private final Object flushing = new Object();
    private final Deque<MigrationTally> pending = new ArrayDeque<>();
    private Instant from;
    private Instant nextExpiry;
    private final AtomicLong flushFailures = new AtomicLong();
    private final AtomicLong flushed = new AtomicLong();
    private final LogBudget logs = new LogBudget(System::nanoTime, Duration.ofMinutes(1));
    private ScheduledExecutorService timer;

    /**
     * @param instance this instance's name in the fleet (host name and a start id)
     * @param interval how often a tally is added ({@code migration.tallyInterval})
     * @param keepFor  how long tallies are kept ({@code migration.keepTalliesFor})
     */
    public MigrationTallies(MigrationFiguresPort store, Clock clock, String instance, Duration interval,
            Duration keepFor) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.keepFor = Objects.requireNonNull(keepFor, "keepFor");
        if (interval.isNegative() || interval.isZero() || keepFor.isNegative() || keepFor.isZero()) {
            throw new IllegalArgumentException("migration.tallyInterval and migration.keepTalliesFor must be positive, "
                    + "not " + interval + " and " + keepFor);
        }
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new LongAdder();
        }
        this.from = clock.instant();
        this.nextExpiry = from;
    }

    public String instance() {
        return instance;
    }

    /** A home routed to Hearth and answered by it, built in {@code nanos}. Lock-free and allocation-free. */
    public void hearthServed(long nanos) {
        served.increment();
        latency[LatencyHistogram.bucketOfNanos(nanos)].increment();
    }

    /**
     * A home routed to Hearth that it could not build, answered (or attempted) by legacy in its place; not one shed
     * while overloaded (docs/adr/026-rollout-plan-lease.md).
     */
    public void fallback() {
        fallbacks.increment();
    }

    /** A shadow sample compared, with its mismatches (none: it matched); each section counts once per sample. */
    public void compared(Collection<Difference> mismatches) {
        Set<String> sections = mismatches.isEmpty() ? Set.of() : sectionsOf(mismatches);
        synchronized (comparisons) {
            compared++;
            if (mismatches.isEmpty()) {
                return;
            }
            mismatched++;
            Set<String> keys = new HashSet<>(); // sections folded into OTHER still count once for the sample
            for (String section : sections) {
                keys.add(bySection.containsKey(section) || bySection.size() + keys.size() < MAX_SECTIONS ? section
                        : OTHER);
            }
            keys.forEach(key -> bySection.merge(key, 1L, Long::sum));
        }
    }

    /** The section ids of {@code mismatches}' paths ({@code sections[accounts].items[0]} is in {@code accounts}). */
    static Set<String> sectionsOf(Collection<Difference> mismatches) {
        Set<String> sections = new HashSet<>();
        for (Difference difference : mismatches) {
            String path = difference.path();
            int end = path.indexOf(']');
            if (path.startsWith(SECTIONS) && end > SECTIONS.length()) {
                sections.add(path.substring(SECTIONS.length(), end));
            }
        }
        return sections;
    }

    /**
     * Adds what was counted since the last flush as one tally ending now (nothing when nothing was counted), after the
     * tallies still pending from failed flushes; every {@link #EXPIRE_EVERY} deletes tallies older than keepFor.
     * Called by the timer; tests call it with a controlled clock.
     */
    public void flush() {
        synchronized (flushing) {
            Instant now = clock.instant();
            MigrationTally tally = take(from, now);
            from = now;
            if (!tally.isEmpty()) {
                pending.addLast(tally);
                while (pending.size() > MAX_PENDING) {
                    pending.addFirst(merge(pending.pollFirst(), pending.pollFirst()));
                }
            }
            while (!pending.isEmpty()) {
                try {
                    store.add(pending.peekFirst());
                } catch (RuntimeException e) {
                    long failures = flushFailures.incrementAndGet();
                    logs.take("flush").ifPresent(skipped -> LOG.warn("Could not add this instance's migration "
                            + "figures to the database ({} failure(s) so far; {} tally(ies) kept for the next try, "
                            + "every {}): {}", failures, pending.size(), interval, e.toString()));
                    return;
                }
                pending.pollFirst();
                flushed.incrementAndGet();
            }
            if (!now.isBefore(nextExpiry)) {
                nextExpiry = now.plus(EXPIRE_EVERY);
                expire(now);
            }
        }
    }

    private MigrationTally take(Instant start, Instant end) {
        long hearth = served.sumThenReset();
        long fell = fallbacks.sumThenReset();
        List<Long> counts = new ArrayList<>(latency.length);
        long latencies = 0;
        for (LongAdder bucket : latency) {
            long count = bucket.sumThenReset();
            counts.add(count);
            latencies += count;
        }
        // a home counted between the two reads above is in the buckets but not served, or the reverse: the next
        // tally has the rest, and the window's sums agree
        long comparedNow;
        long mismatchedNow;
        Map<String, Long> sections;
        synchronized (comparisons) {
            comparedNow = compared;
            mismatchedNow = mismatched;
            sections = bySection;
            compared = 0;
            mismatched = 0;
            bySection = new HashMap<>();
        }
        return new MigrationTally(instance, start, end.isBefore(start) ? start : end, hearth, fell, comparedNow,
                mismatchedNow, sections, latencies == 0 ? LatencyHistogram.empty() : new LatencyHistogram(counts));
    }

    private static MigrationTally merge(MigrationTally older, MigrationTally newer) {
        Map<String, Long> both = new HashMap<>(older.mismatchedBySection());
        newer.mismatchedBySection().forEach((section, count) -> both.merge(section, count, Long::sum));
        Map<String, Long> sections = both;
        if (sections.size() > MAX_SECTIONS + 1) {
            Map<String, Long> folded = new HashMap<>();
            sections.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(entry -> folded.merge(folded.size() < MAX_SECTIONS ? entry.getKey() : OTHER,
                            entry.getValue(), Long::sum));
            sections = folded;
        }
        long mismatched = older.mismatched() + newer.mismatched();
        sections.replaceAll((section, count) -> Math.min(count, mismatched));
        return new MigrationTally(older.instance(), older.from(), newer.to(),
                older.hearthServed() + newer.hearthServed(), older.fallbacks() + newer.fallbacks(),
                older.compared() + newer.compared(), mismatched, sections,
                older.hearthLatency().plus(newer.hearthLatency()));
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(keepFor);
        try {
            int total = 0;
            for (int i = 0; i < EXPIRE_MAX_BATCHES; i++) {
                int deleted = store.expire(cutoff, EXPIRE_BATCH);
                total += deleted;
                if (deleted < EXPIRE_BATCH) {
                    break;
                }
            }
            if (total > 0) {
                LOG.debug("Deleted {} migration tally(ies) that ended before {}", total, cutoff);
            }
        } catch (RuntimeException e) {
            logs.take("expire").ifPresent(skipped -> LOG.warn("Could not delete migration tallies older than {}; "
                    + "trying again in {}: {}", keepFor, EXPIRE_EVERY, e.toString()));
        }
    }

    /** Flushes that failed since the start (the tallies were kept). */
    public long flushFailures() {
        return flushFailures.get();
    }

    /** Tallies kept for the next flush. */
    public int pending() {
        synchronized (flushing) {
            return pending.size();
        }
    }

    /** Flushes every interval on a daemon thread of its own. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        synchronized (flushing) {
            from = clock.instant();
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("migration-tallies")
                .factory());
        timer.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Migration tallies: flush failed", e);
        }
    }

    /** Stops the timer and flushes once more, so the last interval's counts are in the store. */
    @Override
    public void close() {
        synchronized (this) {
            if (timer != null) {
                timer.shutdown();
                try {
                    timer.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                timer = null;
            }
        }
        flush();
    }
}
