package dev.hearth.sandbox;

import java.util.Objects;

/**
 * Where the sandbox listens and how slow it is.
 *
 * @param host         the address to bind, normally loopback ({@code 127.0.0.1})
 * @param port         the port to bind; 0 picks a free one (see {@link SandboxServer#baseUri()})
 * @param latencyScale multiplies every endpoint's base latency; 0 answers at once (tests)
 * @param jitter       random spread around each latency as a fraction: 0.3 is ±30 %
 */
public record SandboxSettings(String host, int port, double latencyScale, double jitter) {
    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("sandbox host must not be blank; use 127.0.0.1 for loopback");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sandbox port must be 0 (any free port) to 65535, not " + port);
        }
        if (!(latencyScale >= 0.0) || Double.isInfinite(latencyScale)) {
            throw new IllegalArgumentException("sandbox latencyScale must be a number >= 0 (1.0 = realistic, 0 = none), not "
                    + latencyScale);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("sandbox jitter must be from 0 to 1 (0.3 = ±30 %), not " + jitter);
        }
    }

    /** Loopback port 9090, realistic latencies, ±30 % jitter. */
    public static SandboxSettings defaults() {
        return new SandboxSettings("127.0.0.1", 9090, 1.0, 0.3);
    }
}
