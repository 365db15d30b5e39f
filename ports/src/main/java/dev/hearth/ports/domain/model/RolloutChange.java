package dev.hearth.ports.domain.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One change of the rollout, as the history keeps it: when, by whom, from what to what, and why.
 *
 * <p>The {@code actor} is a free string whose first word is its {@linkplain #actorKind(String) kind}:
 * <ul>
 *   <li>{@code admin <user>}: an admin task called by the admin port's user ({@code admin.username}), e.g.
 *       {@code admin hearth}; {@code admin (open admin port)} when the port has no password (loopback only). Either
 *       may end in {@code by <name>}: the task's {@code by=} parameter, the person behind a shared account.</li>
 *   <li>{@code config}: config.yml's {@code migration.initialPercent}, written by the first instance that started on
 *       a database with no rollout.</li>
 *   <li>{@code plan}, {@code auto}: a rollout plan's step, an automatic rollback (issue 29).</li>
 * </ul>
 * Any other first word is kind {@code other}.
 *
 * @param version   the rollout's version this change made
 * @param from      the rollout before, empty for the change that first wrote it
 * @param reason    why, as given; empty when none was
 */
public record RolloutChange(long version, Instant changedAt, String actor, Optional<String> reason,
        Optional<BigDecimal> fromPercent, BigDecimal toPercent, Optional<Double> fromShadowRate, double toShadowRate,
        Set<String> allowAdded, Set<String> allowRemoved) {
    /** The kinds of actor, a closed list (a metric's label). */
    public static final List<String> ACTOR_KINDS = List.of("admin", "config", "plan", "auto", "other");
    /** The most characters of a reason kept. */
    public static final int MAX_REASON = 500;

    public RolloutChange {
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fromPercent, "fromPercent");
        Objects.requireNonNull(toPercent, "toPercent");
        Objects.requireNonNull(fromShadowRate, "fromShadowRate");
        allowAdded = Set.copyOf(allowAdded);
        allowRemoved = Set.copyOf(allowRemoved);
    }

    /** The change from {@code before} (null when nothing was stored) to {@code after}. */
    public static RolloutChange between(RolloutSettings before, RolloutSettings after, String actor,
            Optional<String> reason) {
        Set<String> added = new TreeSet<>(after.allowList());
        Set<String> removed = new TreeSet<>();
        if (before != null) {
            added.removeAll(before.allowList());
            removed.addAll(before.allowList());
            removed.removeAll(after.allowList());
        }
        return new RolloutChange(after.version(), after.changedAt(), actor, reason,
                Optional.ofNullable(before).map(RolloutSettings::percent), after.percent(),
                Optional.ofNullable(before).map(RolloutSettings::shadowRate), after.shadowRate(), added, removed);
    }

    /** {@code actor}'s kind: its first word if one of {@link #ACTOR_KINDS}, else {@code other}. */
    public static String actorKind(String actor) {
        String first = actor.strip().split("[^A-Za-z]", 2)[0].toLowerCase(Locale.ROOT);
        return ACTOR_KINDS.contains(first) ? first : "other";
    }

    public String actorKind() {
        return actorKind(actor);
    }

    /** One line for the log: actor, from → to, reason. */
    public String describe() {
        StringBuilder line = new StringBuilder("rollout version ").append(version).append(" by ").append(actor)
                .append(": ").append(fromPercent.map(RolloutChange::plain).orElse("(none)")).append(" % → ")
                .append(plain(toPercent)).append(" %");
        if (!fromShadowRate.equals(Optional.of(toShadowRate))) {
            line.append(", shadow sampling ").append(fromShadowRate.map(String::valueOf).orElse("(none)"))
                    .append(" → ").append(toShadowRate);
        }
        if (!allowAdded.isEmpty()) {
            line.append(", allow-list +").append(new TreeSet<>(allowAdded));
        }
        if (!allowRemoved.isEmpty()) {
            line.append(", allow-list -").append(new TreeSet<>(allowRemoved));
        }
        return line.append(", reason: ").append(reason.orElse("(none given)")).toString();
    }

    private static String plain(BigDecimal percent) {
        return percent.stripTrailingZeros().toPlainString();
    }
}
