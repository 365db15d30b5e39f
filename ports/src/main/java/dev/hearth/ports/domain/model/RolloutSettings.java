package dev.hearth.ports.domain.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who the home screen is served by, as every instance reads it from the database.
 *
 * <p>A customer is served by Hearth when the rollout is on ({@code percent > 0}) and they are on the {@code allowList}
 * (staff first) or their {@link #bucket(CustomerId) bucket}, a stable hash of their id, falls below {@code percent}.
 * Raising the percentage only adds customers, so nobody flips back and forth during a ramp-up. {@code 0} is the kill
 * switch: everyone, allow-list included, is served by legacy.
 *
 * @param percent    0 to 100, at most 4 decimals (0.0001 % is one customer in a million)
 * @param allowList  customer ids always served by Hearth while the rollout is on
 * @param shadowRate the share of home requests (0 to 1) whose other side is also computed and compared
 * @param version    increases with every change; 0 is "never changed, config.yml's initial percentage"
 */
public record RolloutSettings(BigDecimal percent, Set<String> allowList, double shadowRate, long version,
        Instant changedAt, String changedBy) {
    /** Buckets per hundred percent: a bucket is a ten-thousandth of a percent. */
    static final long BUCKETS = 1_000_000;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** The most customers an allow-list holds (it is read by every instance every second). */
    public static final int MAX_ALLOW_LIST = 200;

    public RolloutSettings {
        Objects.requireNonNull(percent, "percent");
        if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0 || percent.stripTrailingZeros().scale() > 4) {
            throw new IllegalArgumentException("percent must be from 0 to 100 with at most 4 decimals (e.g. 5, 0.5, "
                    + "0.0001), not " + percent.toPlainString());
        }
        allowList = Set.copyOf(new TreeSet<>(Objects.requireNonNull(allowList, "allowList")));
        if (allowList.size() > MAX_ALLOW_LIST) {
            throw new IllegalArgumentException("the allow-list holds at most " + MAX_ALLOW_LIST
                    + " customers (it is for staff and testers), not " + allowList.size());
        }
        allowList.forEach(CustomerId::new); // each a valid customer id, or a message naming it
        if (!(shadowRate >= 0.0 && shadowRate <= 1.0)) {
            throw new IllegalArgumentException("the shadow sampling rate must be from 0 to 1 (0.01 = one request in "
                    + "a hundred), not " + shadowRate);
        }
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(changedBy, "changedBy");
    }

    /** What an instance follows before anyone changed the rollout: {@code percent} from config.yml, no sampling. */
    public static RolloutSettings initial(BigDecimal percent) {
        return new RolloutSettings(percent, Set.of(), 0.0, 0, Instant.EPOCH, "config.yml");
    }

    /** Which side serves {@code customer}. */
    public Side sideFor(CustomerId customer) {
        if (percent.signum() == 0) {
            return Side.LEGACY;
        }
        if (allowList.contains(customer.value())) {
            return Side.HEARTH;
        }
        long threshold = percent.movePointRight(4).longValueExact(); // buckets below it are in
        return bucket(customer) < threshold ? Side.HEARTH : Side.LEGACY;
    }

    /**
     * The customer's place in the rollout, 0 to 999,999: the first 8 bytes of SHA-256 of their id, modulo a million.
     * The same on every instance, every JVM and every release.
     */
    public static long bucket(CustomerId customer) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("hearth-home-rollout:" + customer.value()).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return Long.remainderUnsigned(value, BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public RolloutSettings withPercent(BigDecimal newPercent) {
        return new RolloutSettings(newPercent, allowList, shadowRate, version, changedAt, changedBy);
    }

    public RolloutSettings withAllowList(Set<String> newAllowList) {
        return new RolloutSettings(percent, newAllowList, shadowRate, version, changedAt, changedBy);
    }

    /**
     * The allow-list with {@code add} added and {@code remove} taken off (an id in both is refused: which one was
     * meant?); the customers named in neither stay.
     */
    public RolloutSettings withAllowListChanged(Set<String> add, Set<String> remove) {
        Set<String> both = new TreeSet<>(add);
        both.retainAll(remove);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("customers both added to and removed from the allow-list: " + both);
        }
        Set<String> changed = new TreeSet<>(allowList);
        changed.removeAll(remove);
        changed.addAll(add);
        return withAllowList(changed);
    }

    public RolloutSettings withShadowRate(double newShadowRate) {
        return new RolloutSettings(percent, allowList, newShadowRate, version, changedAt, changedBy);
    }

    /** One line for the admin task and the log. */
    public String describe() {
        return "rollout " + percent.stripTrailingZeros().toPlainString() + " % (allow-list " + new TreeSet<>(allowList)
                + "), shadow sampling " + shadowRate + ", version " + version + " by " + changedBy + " at " + changedAt;
    }
}
