package dev.hearth.home.application;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A value stored in the database that this instance follows (the rollout, the kill switches, the experiments): read
 * once at construction, then every {@code pollInterval} on a thread of its own, so a change made through any instance is
 * followed by all of them within that interval (plus one query). Requests read memory only.
 *
 * <p>When the database cannot be read, the last known value stays and the failures in a row are counted; the first
 * and every 60th after are logged (WARN: a minute apart at 1 s), and so is the read that works again (INFO). A change
 * of the value is logged (INFO: "Following ..."). {@link #close()} stops the polling and waits up to 5 s for a read in
 * progress, so none runs after the database is closed.
 *
 * <p>One thread each, not one shared: sharing saves a few wake-ups a second, too few to show in the CPU per home, and
 * would need its own guard so that a hung read does not hold the others back.
 *
 * @param <T> the value followed, immutable, compared with {@code equals}
 */
public final class DatabaseFollower<T> implements AutoCloseable {
    /** A warning for the first failed read in a row and for every this many after. */
    static final int WARN_EVERY = 60;
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** What a follower reads, and how its value reads in the log. */
    public interface Source<T> {
        /** The stored value, read now; throws when the database cannot be read. */
        T read();

        /** The value as the log says it ({@code following <this>}). */
        String describe(T value);

        /** What to follow, given what is known and what was read or changed here: by default what was read. */
        default T newer(T known, T read) {
            return read;
        }

        /** The source that reads with {@code read} and describes with {@code describe}. */
        static <T> Source<T> of(Supplier<T> read, Function<T, String> describe) {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(describe, "describe");
            return new Source<>() {
                @Override
                public T read() {
                    return read.get();
                }

                @Override
                public String describe(T value) {
                    return describe.apply(value);
                }
            };
        }
    }

    private final String what;
    private final Logger log;
    private final Source<T> source;
    private final Duration pollInterval;
    private final AtomicReference<T> current;
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService poller;

    /**
     * Reads the value once (a failure is tolerated: {@code initial} is followed until a read works), then every
     * {@code pollInterval} on a daemon thread named {@code thread}.
     *
     * @param what         what is followed, for the log ("the kill switches")
     * @param intervalKey  the config key of {@code pollInterval}, for the error when it is not positive
     * @param log          the owner's logger, so the lines keep its name
     * @throws IllegalArgumentException when {@code pollInterval} is not positive
     */
    public DatabaseFollower(String what, String intervalKey, Logger log, T initial, Source<T> source,
            Duration pollInterval, String thread) {
        this.what = Objects.requireNonNull(what, "what");
        this.log = Objects.requireNonNull(log, "log");
        this.source = Objects.requireNonNull(source, "source");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(intervalKey + " must be positive, e.g. 1s; not " + pollInterval);
        }
        refresh();
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(thread).factory());
        poller.scheduleWithFixedDelay(this::refresh, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The value followed now: memory only. */
    public T current() {
        return current.get();
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** How many reads in a row have failed (0 when the last one worked). */
    public long refreshFailures() {
        return failures.get();
    }

    /** Reads the value now; keeps the last known one when that fails. */
    public void refresh() {
        T read;
        try {
            read = source.read();
        } catch (RuntimeException e) {
            long failed = failures.incrementAndGet();
            if (failed == 1 || failed % WARN_EVERY == 0) {
                log.warn("Cannot read {} from the database ({} times in a row); following {}", what, failed,
                        source.describe(current.get()), e);
            }
            return;
        }
        follow(read);
        long failed = failures.getAndSet(0);
        if (failed > 0) {
            log.info("Reading {} from the database again after {} failed reads", what, failed);
        }
    }

    /** Follows {@code value} (read, or just stored here) at once, unless {@link Source#newer} keeps what is known. */
    public void follow(T value) {
        T before;
        T after;
        do {
            before = current.get();
            after = source.newer(before, value);
        } while (!current.compareAndSet(before, after));
        if (!after.equals(before)) {
            log.info("Following {}: {}", what, source.describe(after));
        }
    }

    /** Stops polling, waiting (up to 5 s) for a read in progress, so none runs after the database is closed. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            if (!poller.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Reading {} from the database did not stop within {} s", what, CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
