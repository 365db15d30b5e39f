package dev.hearth.home.migration.plan;

import dev.hearth.ports.domain.model.LatencyHistogram;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationLease;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import dev.hearth.ports.domain.port.out.MigrationLeasePort;
import dev.hearth.ports.domain.port.out.RolloutPlanStorePort;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** In-memory fakes of the ports the autopilot uses, on a clock the test moves. */
final class Fakes {
    private Fakes() {
    }

    /** A tally of {@code instance} over {@code [from, from + 1 s)}, every home built in {@code latency}. */
    static MigrationTally tally(String instance, Instant from, long served, long fallbacks, long compared,
            long mismatched, Map<String, Long> bySection, Duration latency) {
        List<Long> counts = new ArrayList<>(LatencyHistogram.empty().counts());
        counts.set(LatencyHistogram.bucketOf(latency), served);
        LatencyHistogram histogram = new LatencyHistogram(counts);
        return new MigrationTally(instance, from, from.plusSeconds(1), served, fallbacks, compared, mismatched,
                bySection, histogram);
    }

    static final class Figures implements MigrationFiguresPort {
        final List<MigrationTally> tallies = new ArrayList<>();

        @Override
        public synchronized void add(MigrationTally tally) {
            tallies.add(tally);
        }

        @Override
        public synchronized MigrationFigures between(Instant since, Instant until) {
            return MigrationFigures.sum(since, until, tallies.stream()
                    .filter(t -> t.to().isAfter(since) && !t.to().isAfter(until)).toList());
        }

        @Override
        public synchronized int expire(Instant cutoff, int batch) {
            return 0;
        }
    }

    static final class Rollouts implements RolloutStorePort {
        private final Clock clock;
        RolloutSettings stored;
        final List<RolloutChange> history = new ArrayList<>();

        Rollouts(Clock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized Optional<RolloutSettings> load() {
            return Optional.ofNullable(stored);
        }

        @Override
        public synchronized Changed change(UnaryOperator<RolloutSettings> change, RolloutSettings ifNone, String actor,
                Optional<String> reason) {
            RolloutSettings before = stored == null ? ifNone : stored;
            RolloutSettings next = change.apply(before);
            stored = new RolloutSettings(next.percent(), next.allowList(), next.shadowRate(), before.version() + 1,
                    clock.instant(), actor);
            RolloutChange entry = RolloutChange.between(before, stored, actor, reason);
            history.addFirst(entry);
            return new Changed(stored, entry);
        }

        @Override
        public synchronized Initialized initialize(RolloutSettings initial, String actor, Optional<String> reason) {
            if (stored != null) {
                return new Initialized(stored, Optional.empty());
            }
            stored = new RolloutSettings(initial.percent(), initial.allowList(), initial.shadowRate(), 0,
                    clock.instant(), actor);
            RolloutChange entry = RolloutChange.between(null, stored, actor, reason);
            history.addFirst(entry);
            return new Initialized(stored, Optional.of(entry));
        }

        @Override
        public synchronized List<RolloutChange> history(int limit) {
            return List.copyOf(history.subList(0, Math.min(limit, history.size())));
        }
    }

    static final class Plans implements RolloutPlanStorePort {
        RolloutPlan stored;

        @Override
        public synchronized Optional<RolloutPlan> load() {
            return Optional.ofNullable(stored);
        }

        @Override
        public synchronized Optional<RolloutPlan> save(RolloutPlan plan) {
            long current = stored == null ? 0 : stored.version();
            if (plan.version() != current) {
                return Optional.empty();
            }
            stored = new RolloutPlan(plan.steps(), plan.step(), plan.stepStartedAt(), plan.dwell(), plan.gates(),
                    plan.state(), plan.why(), plan.startedBy(), plan.startedAt(), plan.appliedVersion(), current + 1);
            return Optional.of(stored);
        }
    }

    static final class Lease implements MigrationLeasePort {
        private final Clock clock;
        MigrationLease held;

        Lease(Clock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized boolean acquire(String name, String holder, Duration ttl) {
            Instant now = clock.instant();
            if (held == null || held.holder().equals(holder) || held.expiresAt().isBefore(now)) {
                held = new MigrationLease(name, holder, now.plus(ttl));
                return true;
            }
            return false;
        }

        @Override
        public synchronized void release(String name, String holder) {
            if (held != null && held.holder().equals(holder)) {
                held = null;
            }
        }

        @Override
        public synchronized Optional<MigrationLease> current(String name) {
            return Optional.ofNullable(held);
        }
    }
}
