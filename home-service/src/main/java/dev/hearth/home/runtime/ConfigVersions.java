package dev.hearth.home.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What this instance runs, for {@code GET /version} and {@code hearth_config_info}: the build, when it started, and
 * the content hashes of the screens, the port policies and the rollout. Instances showing different hashes have
 * drifted (docs/adr/021-fleet-config.md).
 */
public final class ConfigVersions {
    /** The three content hashes, each the first 12 hex digits of a SHA-256. */
    public record Versions(String screens, String ports, String rollout) {
    }

    private final Supplier<String> screens;
    private final Supplier<String> ports;
    private final Supplier<String> rollout;
    private final Optional<ConfigWatcher> watcher;
    private final Optional<Duration> watchInterval;
    private final String build;
    private final Instant startedAt;

    /**
     * @param watcher       the file watcher, or empty when {@code reload.watchInterval} is 0
     * @param watchInterval its interval, empty when off
     */
    public ConfigVersions(Supplier<String> screens, Supplier<String> ports, Supplier<String> rollout,
            Optional<ConfigWatcher> watcher, Optional<Duration> watchInterval, String build, Instant startedAt) {
        this.screens = Objects.requireNonNull(screens, "screens");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.watcher = Objects.requireNonNull(watcher, "watcher");
        this.watchInterval = Objects.requireNonNull(watchInterval, "watchInterval");
        this.build = Objects.requireNonNull(build, "build");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    }

    public Versions now() {
        return new Versions(screens.get(), ports.get(), rollout.get());
    }

    /** The project version this was built as (Maven's, from build.properties), or {@code unknown}. */
    public String build() {
        return build;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Optional<Duration> watchInterval() {
        return watchInterval;
    }

    /** A change of the files on disk that was rejected: the instance runs the definition from before it. */
    public Optional<ConfigWatcher.Rejection> rejected() {
        return watcher.flatMap(ConfigWatcher::rejected);
    }

    /** The version Maven wrote into {@code dev/hearth/home/build.properties}, or {@code unknown} without one. */
    public static String buildVersion() {
        try (InputStream in = ConfigVersions.class.getResourceAsStream("/dev/hearth/home/build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
