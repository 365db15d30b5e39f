package dev.hearth.home.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configuration file's {@code ports:} and the screen files when they change on disk, as
 * {@code POST /tasks/reload} does, without anyone calling it: every {@code reload.watchInterval} it hashes the files'
 * content and, when the hash differs from the last one it saw, runs the reload. Polling a content hash, not a
 * WatchService: a Kubernetes ConfigMap mount changes by swapping the {@code ..data} link, which directory watches
 * miss or report as a burst of creates and deletes, and a hash also ignores a touch that changed nothing
 * (docs/adr/021-fleet-config.md).
 *
 * <p>A rejected change (bad YAML, a bad value, a broken screen) leaves the running definition, is logged once by the
 * reload (it is not tried again until the files change again) and stays visible through {@link #rejected()} until a
 * later change is applied. Thread-safe; checks never overlap.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** What one check did. */
    public enum Outcome {
        UNCHANGED, RELOADED, REJECTED
    }

    /**
     * The files on disk were changed and the change was rejected: this instance still runs what it ran before.
     *
     * @param files  the hash of the rejected files
     * @param reason why, as the reload task would answer
     * @param at     when the change was seen
     */
    public record Rejection(String files, String reason, Instant at) {
    }

    private final Supplier<String> fingerprint;
    private final Supplier<List<String>> reload;
    private final Clock clock;
    /** The hash of the files as last seen (applied or rejected); guarded by {@code this}. */
    private String seen;
    private volatile Rejection rejected;
    private volatile ScheduledExecutorService poller;

    /**
     * @param fingerprint the hash of the files now ({@link #fingerprint}); never throws
     * @param reload      reloads them (ConfigReloader::reload): throws {@link ConfigReloader.RejectedException}
     *                    when nothing changed
     */
    public ConfigWatcher(Supplier<String> fingerprint, Supplier<List<String>> reload, Clock clock) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.reload = Objects.requireNonNull(reload, "reload");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seen = fingerprint.get();
    }

    /**
     * The hash of the configuration file and the screen files: the first 12 hex digits of a SHA-256 over the file's
     * bytes and {@link ScreensVersion} of the screens directory. When either cannot be read the hash is of the error,
     * so a vanished file is a change too (which the reload then rejects, saying why).
     */
    public static Supplier<String> fingerprint(ConfigSource source, Supplier<java.nio.file.Path> screens) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(screens, "screens");
        return () -> {
            MessageDigest sha = ContentHash.sha256();
            try {
                sha.update(source.read());
            } catch (Exception e) {
                sha.update(("config unreadable: " + e).getBytes(StandardCharsets.UTF_8));
            }
            sha.update((byte) 0);
            try {
                sha.update(ScreensVersion.of(screens.get()).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                sha.update(("screens unreadable: " + e).getBytes(StandardCharsets.UTF_8));
            }
            return ContentHash.version(sha);
        };
    }

    /** Compares the files with the last ones seen and reloads when they differ. */
    public synchronized Outcome check() {
        String now = fingerprint.get();
        if (now.equals(seen)) {
            return Outcome.UNCHANGED;
        }
        seen = now;
        try {
            reload.get(); // logs what it changed, or (once: these files are not tried again) why not
            rejected = null;
            return Outcome.RELOADED;
        } catch (ConfigReloader.RejectedException e) {
            rejected = new Rejection(now, e.getMessage(), clock.instant());
            return Outcome.REJECTED;
        }
    }

    /** The change on disk that was rejected, while the files are as they were then. */
    public Optional<Rejection> rejected() {
        return Optional.ofNullable(rejected);
    }

    /** Checks every {@code interval} on a daemon thread of its own, until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the watch interval must be positive, not " + interval);
        }
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("config-watcher").factory());
        executor.scheduleWithFixedDelay(this::checkLogged, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        poller = executor;
        LOG.info("Watching the configuration file and the screen files for changes every {}", interval);
    }

    private void checkLogged() {
        try {
            check();
        } catch (RuntimeException e) { // never let one failure end the schedule
            LOG.warn("Checking the configuration files for changes failed; trying again at the next interval", e);
        }
    }

    /** Stops watching, waiting (up to 5 s) for a check in progress. */
    @Override
    public void close() {
        ScheduledExecutorService executor = poller;
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The configuration watcher did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
