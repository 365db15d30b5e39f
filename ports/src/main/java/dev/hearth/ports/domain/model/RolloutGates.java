package dev.hearth.ports.domain.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds a rollout step, or the automatic rollback, judges the fleet's {@link MigrationFigures} against.
 * Immutable.
 *
 * @param maxFallbackRate  the most legacy fallbacks over homes routed to Hearth, 0 to 1 (0.05 = 5 %)
 * @param maxMismatchRate  the most mismatched over compared shadow samples, 0 to 1
 * @param maxP99           the slowest 99th percentile of the homes Hearth built
 * @param minSamples       the fewest homes routed to Hearth (fallback rate, p99) and the fewest compared samples
 *                         (mismatch rate) before a gate is judged
 */
public record RolloutGates(double maxFallbackRate, double maxMismatchRate, Duration maxP99, long minSamples) {
    public RolloutGates {
        Objects.requireNonNull(maxP99, "maxP99");
        if (!(maxFallbackRate >= 0 && maxFallbackRate <= 1)) {
            throw new IllegalArgumentException("maxFallbackRate is a share from 0 to 1 (0.05 = 5 % of the homes routed "
                    + "to Hearth answered by legacy), not " + maxFallbackRate);
        }
        if (!(maxMismatchRate >= 0 && maxMismatchRate <= 1)) {
            throw new IllegalArgumentException("maxMismatchRate is a share from 0 to 1 (0.05 = 5 % of compared samples "
                    + "mismatched), not " + maxMismatchRate);
        }
        if (maxP99.isNegative() || maxP99.isZero()) {
            throw new IllegalArgumentException("maxP99 is a positive duration (e.g. 1s or 800ms), not " + maxP99);
        }
        if (maxP99.toMillis() > LatencyHistogram.BOUNDS_MS.getLast()) {
            throw new IllegalArgumentException("maxP99 is at most " + LatencyHistogram.BOUNDS_MS.getLast() / 1000
                    + "s (the fleet's latency buckets end there, so a larger one could never fail), not " + maxP99);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples is 1 or more (e.g. 100), not " + minSamples);
        }
    }

    /** One line: the thresholds as a person reads them. */
    public String describe() {
        return "fallback rate <= " + percent(maxFallbackRate) + ", mismatch rate <= " + percent(maxMismatchRate)
                + ", p99 <= " + maxP99.toMillis() + " ms, judged from " + minSamples + " samples";
    }

    /** A share as a percentage with up to 2 decimals: {@code 0.0512 -> "5.12 %"}. */
    public static String percent(double share) {
        return java.math.BigDecimal.valueOf(share * 100).setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + " %";
    }
}
