package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout this instance follows: read from the database every {@code pollInterval}, so a change made on any
 * instance is followed by all of them within that interval (plus one query). When the database cannot be read, the
 * last known rollout stays and the failure is counted and logged; nothing waits on the database on the request path.
 */
public final class Rollout implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rollout.class);

    private final RolloutStorePort store;
    private final RolloutSettings initial;
    private final AtomicReference<RolloutSettings> current;
    private final AtomicLong refreshFailures = new AtomicLong();
    private final ScheduledExecutorService poller;

    public Rollout(RolloutStorePort store, RolloutSettings initial, Duration pollInterval) {
        this.store = Objects.requireNonNull(store, "store");
        this.initial = Objects.requireNonNull(initial, "initial");
        this.current = new AtomicReference<>(initial);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("migration.pollInterval must be positive, e.g. 1s; not " + pollInterval);
        }
        refresh();
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rollout-poller")
                .factory());
        poller.scheduleWithFixedDelay(this::refresh, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A short hash of what the rollout followed now decides: the percentage, the allow-list and the shadow sampling rate,
     * as read from the database (not who changed it or when). Every instance on one database shows the same one within
     * {@code pollInterval} of a change (docs/adr/021-fleet-config.md).
     */
    public String contentVersion() {
        return contentVersion(current.get());
    }

    static String contentVersion(RolloutSettings settings) {
        String text = "percent=" + settings.percent().stripTrailingZeros().toPlainString()
                + "\nallowList=" + String.join(",", new TreeSet<>(settings.allowList()))
                + "\nshadowRate=" + settings.shadowRate() + "\n";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rollout followed now. */
    public RolloutSettings current() {
        return current.get();
    }

    public Side sideFor(CustomerId customer) {
        return current.get().sideFor(customer);
    }

    /**
     * Applies {@code change} to the stored rollout for every instance, and follows the result here at once.
     *
     * @throws IllegalArgumentException when the change makes an invalid rollout; nothing is stored
     */
    public RolloutSettings change(UnaryOperator<RolloutSettings> change, String by) {
        RolloutSettings saved = store.update(change, initial, by);
        follow(saved);
        LOG.info("Home migration changed: {}", saved.describe());
        return saved;
    }

    /** Reads the stored rollout now; keeps the last known one when that fails. */
    void refresh() {
        try {
            store.load().ifPresent(this::follow);
        } catch (RuntimeException e) {
            long failures = refreshFailures.incrementAndGet();
            if (failures == 1 || failures % 60 == 0) {
                LOG.warn("Cannot read the home rollout from the database ({} times in a row); following {}",
                        failures, current.get().describe(), e);
            }
            return;
        }
        refreshFailures.set(0);
    }

    private void follow(RolloutSettings stored) {
        RolloutSettings before = current.getAndUpdate(known -> stored.version() >= known.version() ? stored : known);
        if (stored.version() > before.version()) {
            LOG.info("Following home migration {}", stored.describe());
        }
    }

    /** How many reads in a row have failed (0 when the last one worked). */
    public long refreshFailures() {
        return refreshFailures.get();
    }

    /** Stops polling, waiting (up to 5 s) for a read in progress, so none runs after the database is closed. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            if (!poller.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The rollout poller did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
