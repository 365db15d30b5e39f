package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import dev.hearth.home.runtime.ContentHash;
import com.codahale.metrics.MetricRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    private final MetricRegistry metrics;
    /** The actor of the first write of config.yml's rollout (vocabulary: {@link RolloutChange}). */
    public static final String CONFIG = "config";
    static final String CONFIG_REASON = "migration.initialPercent in config.yml, stored by the first instance that "
            + "started on this database";
    static final String NOT_STORED = "config (not stored yet: the database has not been read)";

    /**
     * @param initial config.yml's rollout: written to the database (actor {@code config}) by the first instance that
     *                starts on one with no rollout; followed here until the database is read
     */
    public Rollout(RolloutStorePort store, RolloutSettings initial, Duration pollInterval, Clock clock,
            MetricRegistry metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.initial = Objects.requireNonNull(initial, "initial");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // Until the database is read: config.yml's rollout as of now, saying it is not stored (never the epoch).
        this.current = new AtomicReference<>(new RolloutSettings(initial.percent(), initial.allowList(),
                initial.shadowRate(), initial.version(), clock.instant(), NOT_STORED));
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
        return ContentHash.version(text);
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
        return change(change, by, Optional.empty());
    }

    /**
     * Applies {@code change} for every instance, stored with its history entry ({@code actor}, {@code reason}), and
     * follows the result here at once; logs the change (INFO: actor, from → to, reason) and counts it
     * ({@link MigrationMetrics#rolloutChanges(String)} by the actor's kind).
     *
     * @param actor who changes it (vocabulary: {@link RolloutChange})
     * @throws IllegalArgumentException when the change makes an invalid rollout; nothing is stored
     */
    public RolloutSettings change(UnaryOperator<RolloutSettings> change, String actor, Optional<String> reason) {
        RolloutStorePort.Changed saved = store.change(change, initial, actor, reason);
        follow(saved.settings());
        recorded(saved.change());
        return saved.settings();
    }

    /** The newest {@code limit} changes of the rollout, newest first (every instance's, from the database). */
    public List<RolloutChange> history(int limit) {
        return store.history(limit);
    }

    private void recorded(RolloutChange change) {
        LOG.info("Rollout changed: {}", change.describe());
        metrics.counter(MigrationMetrics.rolloutChanges(change.actorKind())).inc();
    }

    /**
     * Reads the stored rollout now; keeps the last known one when that fails. With nothing stored, config.yml's is
     * stored first (actor {@code config}), so that every instance follows one rollout with a real time and author. The
     * rollout plan's driver calls it before it judges, so it never acts on a rollout a second old.
     */
    public void refresh() {
        try {
            Optional<RolloutSettings> stored = store.load();
            if (stored.isEmpty()) {
                RolloutStorePort.Initialized written = store.initialize(initial, CONFIG, Optional.of(CONFIG_REASON));
                written.written().ifPresent(this::recorded);
                stored = Optional.of(written.settings());
            }
            stored.ifPresent(this::follow);
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
