package dev.hearth.home.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up before ready (docs/adr/018-probes-warm-up-and-drain.md): {@code homes} home screens built, {@code
 * concurrency} at a time, each by {@code home} (given the home's number, it answers the HTTP status). Until it is done,
 * or gave up after {@code timeout}, {@link #warmed()} is false and the instance is not ready. A home that fails counts
 * and the warm-up goes on: it warms the code, it does not test the downstreams. Thread-safe.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private final int homes;
    private final int concurrency;
    private final Duration timeout;
    private volatile boolean warmed;
    private volatile String status;

    public WarmUp(int homes, int concurrency, Duration timeout) {
        if (homes < 0 || concurrency < 1) {
            throw new IllegalArgumentException("warmUp.homes must be >= 0 and warmUp.concurrency >= 1, not " + homes
                    + " and " + concurrency);
        }
        this.homes = homes;
        this.concurrency = concurrency;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.warmed = homes == 0;
        this.status = homes == 0 ? "off (warmUp.homes: 0)" : "not started: waits for the server to start";
    }

    /** Whether the warm-up is over (done, given up, or off): from then on it never holds readiness back. */
    public boolean warmed() {
        return warmed;
    }

    /** What it is doing or did, one line, for the health check's message. */
    public String status() {
        return status;
    }

    /** Gives the warm-up up before it built anything: the instance is ready without it. */
    public void skip(String why) {
        status = why;
        warmed = true;
    }

    /** Builds the homes on virtual threads (as requests run), then marks the instance warmed, whatever happened. */
    public void run(IntUnaryOperator home) {
        if (warmed) {
            return;
        }
        long started = System.nanoTime();
        status = "building " + homes + " homes";
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long deadline = started + timeout.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int t = 0; t < concurrency; t++) {
            Thread.ofVirtual().name("hearth-warm-up-" + t).start(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < homes && System.nanoTime() < deadline;
                            i = next.getAndIncrement()) {
                        try {
                            if (home.applyAsInt(i) != 200) {
                                failed.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            LOG.debug("warm-up home {} failed", i, e);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            if (!done.await(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Warm-up: still running after warmUp.timeout {}; reporting ready anyway", asConfigured(timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int built = Math.min(next.get(), homes);
        String took = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
        if (built < homes) {
            status = "gave up after warmUp.timeout " + asConfigured(timeout) + ": " + built + " of " + homes + " homes in " + took;
            LOG.warn("Warm-up {}; ready anyway", status);
        } else {
            status = "done: " + homes + " homes in " + took + (failed.get() > 0 ? ", " + failed.get() + " not 200" : "");
            LOG.info("Warm-up {}: ready", status);
        }
        warmed = true;
    }

    /** As config.yml writes it: {@code 60s}, {@code 300ms}. */
    static String asConfigured(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
