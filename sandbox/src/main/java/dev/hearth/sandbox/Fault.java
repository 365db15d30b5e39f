package dev.hearth.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault injected into one sandbox endpoint.
 *
 * @param latency   added to the endpoint's own latency on every call
 * @param errorRate the fraction of calls answered with HTTP 503 (0 = none, 1 = all)
 * @param hang      when true, calls never answer: they block until the sandbox closes (at most 10 minutes)
 * @param moving    when true, every answer's amounts differ from the last (a balance that moves between calls), for
 *                  Hearth and the legacy home alike: shadow comparison must see them as volatile, not as mismatches
 * @param legacyDifference when true, the legacy home sees this port's data differently from Hearth: text gets
 *                  " (legacy)" appended and amounts 1.00 added ({@link Drift}); shadow comparison must report it
 */
public record Fault(Duration latency, double errorRate, boolean hang, boolean moving, boolean legacyDifference) {
    public Fault {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("fault latency must be >= 0, not " + latency);
        }
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException("fault errorRate must be from 0 to 1 (0.25 = a quarter of calls fail), not "
                    + errorRate);
        }
    }

    public Fault(Duration latency, double errorRate, boolean hang) {
        this(latency, errorRate, hang, false, false);
    }

    /** Calls take {@code latency} longer. */
    public static Fault slow(Duration latency) {
        return new Fault(latency, 0.0, false);
    }

    /** {@code errorRate} of the calls answer 503. */
    public static Fault failing(double errorRate) {
        return new Fault(Duration.ZERO, errorRate, false);
    }

    /** Calls never answer. */
    public static Fault hanging() {
        return new Fault(Duration.ZERO, 0.0, true);
    }
}
