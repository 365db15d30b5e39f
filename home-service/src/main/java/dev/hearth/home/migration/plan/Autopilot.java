package dev.hearth.home.migration.plan;

import dev.hearth.home.migration.Rollout;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationLease;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.MigrationLeasePort;
import dev.hearth.ports.domain.port.out.RolloutPlanStorePort;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the rollout plan and the automatic rollback, on the one instance of the fleet that holds the lease
 * {@value #LEASE}. Every instance runs one and {@link #tick() ticks} every second: it takes or renews the lease, and only
 * the holder reads the plan and the fleet's figures and changes the rollout (actor {@code plan} or {@code auto}, with a
 * reason holding the figures). When the holder dies, its lease expires after {@code ttl} and the next instance to tick
 * continues from the plan as stored: its step and the time the step began. Rollout changes by a person pause a running
 * plan, which never fights one. docs/adr/026-rollout-plan-lease.md
 */
public final class Autopilot implements AutoCloseable {
    /** The lease's name in the fleet. */
    public static final String LEASE = "rollout-plan";
    /** The actors of this class's rollout changes (vocabulary: {@link RolloutChange}). */
    public static final String PLAN = "plan";
    public static final String AUTO = "auto";
    private static final Logger LOG = LoggerFactory.getLogger(Autopilot.class);

    private final String holder;
    private final MigrationLeasePort lease;
    private final Duration ttl;
    private final RolloutPlanStorePort plans;
    private final Rollout rollout;
    private final Function<Instant, MigrationFigures> figuresSince;
    private final AutoRollbackPolicy autoRollback;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean holding;
    private volatile Judged lastPlanVerdict;
    private volatile Judged lastAutoVerdict;
    private volatile PercentSince percentSince;
    private ScheduledExecutorService ticker;

    /** A verdict and when it was reached. */
    public record Judged(Instant at, Verdict verdict) {
    }

    /**
     * @param holder       this instance's name in the fleet (host name and a start id): unique per start
     * @param figuresSince the fleet's figures from an instant until now
     */
    public Autopilot(String holder, MigrationLeasePort lease, Duration ttl, RolloutPlanStorePort plans, Rollout rollout,
            Function<Instant, MigrationFigures> figuresSince, AutoRollbackPolicy autoRollback, Clock clock) {
        this.holder = Objects.requireNonNull(holder, "holder");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.figuresSince = Objects.requireNonNull(figuresSince, "figuresSince");
        this.autoRollback = Objects.requireNonNull(autoRollback, "autoRollback");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("the lease's ttl is renewed every second, so it is at least 2s (e.g. "
                    + "3s), not " + ttl);
        }
    }

    /** Ticks every {@code interval} on a daemon thread of its own until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rollout-autopilot")
                    .factory());
            ticker.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Takes or renews the lease; if this instance holds it, drives the plan one step (when one runs) and judges the
     * automatic rollback. A failure (the database) is counted and logged; the next tick tries again.
     */
    public void tick() {
        try {
            percentSince(rollout.current()); // on every instance, so that a new holder knows it too
            boolean held = holding;
            holding = false; // until the database says so: a lease that cannot be renewed is not held for long
            holding = lease.acquire(LEASE, holder, ttl);
            if (holding != held) {
                LOG.info(holding ? "This instance ({}) holds the rollout lease: it drives the rollout plan and the "
                        + "automatic rollback" : "This instance ({}) no longer holds the rollout lease", holder);
            }
            if (!holding) {
                return;
            }
            rollout.refresh(); // the freshest rollout: a person's change of a moment ago pauses the plan
            Instant now = clock.instant();
            Optional<RolloutPlan> plan = plans.load();
            if (plan.isPresent() && plan.get().state() == RolloutPlan.State.RUNNING) {
                drive(plan.get(), now);
            }
            judgeAutoRollback(now);
            failures.set(0);
        } catch (RuntimeException e) {
            long times = failures.incrementAndGet();
            if (times == 1 || times % 60 == 0) {
                LOG.warn("The rollout autopilot could not run ({} times in a row); trying again in a second", times, e);
            }
        }
    }

    private void drive(RolloutPlan plan, Instant now) {
        RolloutSettings settings = rollout.current();
        if (plan.appliedVersion() < 0) {
            apply(plan, now, -1); // just started or resumed by a person
            return;
        }
        if (settings.version() < plan.appliedVersion()) {
            return; // this instance has not read the plan's own change yet: judge on the next tick
        }
        if (settings.version() > plan.appliedVersion()) {
            stopForAChange(plan, settings);
            return;
        }
        Verdict verdict = figuresSince.andThen(figures -> Gates.judge(figures, plan.gates()))
                .apply(plan.stepStartedAt());
        lastPlanVerdict = new Judged(now, verdict);
        String step = "plan step " + (plan.step() + 1) + " of " + plan.steps().size() + " ("
                + plain(plan.percent()) + " %)";
        switch (verdict) {
            case Verdict.RollBack rollBack -> {
                String reason = step + " failed its " + rollBack.gate() + " gate: " + rollBack.says();
                rollout.change(s -> s.withPercent(BigDecimal.ZERO), PLAN, Optional.of(reason));
                save(plan.in(RolloutPlan.State.ROLLED_BACK, "rolled back to 0 % at " + now + ": " + reason));
            }
            case Verdict.Advance advance when !now.isBefore(plan.dwellEnds()) -> {
                if (plan.lastStep()) {
                    save(plan.in(RolloutPlan.State.DONE, "done at " + now + ": " + step + " " + advance.says()));
                } else {
                    save(plan.onStep(plan.step() + 1, now, step + " " + advance.says()))
                            .ifPresent(next -> apply(next, now, plan.appliedVersion()));
                }
            }
            default -> {
                // within the dwell, or too few samples: hold
            }
        }
    }

    /**
     * Sets the rollout to the plan's step; the step's time starts now. With {@code expected} 0 or more, only if the
     * stored rollout is still that version (checked in the change's own transaction): else someone changed it meanwhile.
     */
    private void apply(RolloutPlan plan, Instant now, long expected) {
        String reason = "plan step " + (plan.step() + 1) + " of " + plan.steps().size() + ": " + plain(plan.percent())
                + " % (plan started by " + plan.startedBy() + "); " + plan.why();
        RolloutSettings applied;
        try {
            applied = rollout.change(s -> {
                if (expected >= 0 && s.version() != expected) {
                    throw new ChangedMeanwhile(s);
                }
                return s.withPercent(plan.percent());
            }, PLAN, Optional.of(reason));
        } catch (ChangedMeanwhile changed) {
            stopForAChange(plan, changed.settings);
            return;
        }
        save(plan.applied(applied.version(), now));
    }

    /** Someone changed the rollout since the plan did: a person pauses it, the automatic rollback ends it. */
    private void stopForAChange(RolloutPlan plan, RolloutSettings settings) {
        String change = "version " + settings.version() + " by " + settings.changedBy() + " at "
                + settings.changedAt() + " (" + plain(settings.percent()) + " %)";
        String kind = RolloutChange.actorKind(settings.changedBy());
        if (kind.equals(AUTO)) {
            save(plan.in(RolloutPlan.State.ROLLED_BACK, "the automatic rollback set the rollout to 0: " + change
                    + "; GET /migration/history says why"));
        } else if (kind.equals(PLAN) && settings.percent().signum() == 0) {
            // the plan's own rollback, whose plan row was not written (the database failed, or its driver died)
            save(plan.in(RolloutPlan.State.ROLLED_BACK, "a gate failed and the plan set the rollout to 0: " + change
                    + "; GET /migration/history says why"));
        } else {
            save(plan.in(RolloutPlan.State.PAUSED, "paused: the rollout was changed by someone else, " + change
                    + "; the plan never fights a person. POST /tasks/rollout-plan-resume goes on from step "
                    + (plan.step() + 1) + " (" + plain(plan.percent()) + " %), /tasks/rollout-plan-abort ends it"));
        }
    }

    /**
     * With the rollout above 0: the fleet's figures since the later of now - window and the rollout's last change; a
     * failed gate sets it to 0 (actor {@code auto}) and ends a plan that runs or waits paused.
     */
    private void judgeAutoRollback(Instant now) {
        RolloutSettings settings = rollout.current();
        if (!autoRollback.enabled() || settings.percent().signum() == 0) {
            lastAutoVerdict = null;
            return;
        }
        Instant windowStart = now.minus(autoRollback.window());
        Instant percentSince = percentSince(settings);
        Instant since = percentSince.isAfter(windowStart) ? percentSince : windowStart;
        Verdict verdict = Gates.judge(figuresSince.apply(since), autoRollback.gates());
        lastAutoVerdict = new Judged(now, verdict);
        if (verdict instanceof Verdict.RollBack rollBack) {
            String reason = "automatic rollback: " + rollBack.says();
            rollout.change(s -> s.withPercent(BigDecimal.ZERO), AUTO, Optional.of(reason));
            LOG.warn("The rollout went to 0 % by itself; only a person raises it again: {}", reason);
            plans.load().filter(plan -> !plan.state().finished())
                    .ifPresent(plan -> save(plan.in(RolloutPlan.State.ROLLED_BACK, "rolled back to 0 % at " + now
                            + " by the automatic rollback: " + rollBack.says())));
        }
    }

    /**
     * When the rollout's percent took its current value, as far as this instance has seen: a change of the sampling
     * rate or the allow-list (a person investigating) does not restart the automatic rollback's window. An instance
     * that has seen only one version takes its change time (a shorter window: it judges later, never sooner).
     */
    Instant percentSince(RolloutSettings settings) {
        PercentSince known = percentSince;
        if (known == null || known.percent().compareTo(settings.percent()) != 0 || settings.version() < known.version()) {
            known = new PercentSince(settings.percent(), settings.version(), settings.changedAt());
            percentSince = known;
        }
        return known.since();
    }

    private record PercentSince(BigDecimal percent, long version, Instant since) {
    }

    private Optional<RolloutPlan> save(RolloutPlan plan) {
        Optional<RolloutPlan> saved = plans.save(plan);
        if (saved.isEmpty()) {
            LOG.info("The rollout plan changed meanwhile (a task on another instance); judging it again next tick");
        } else {
            LOG.info("Rollout {}", saved.get().describe());
        }
        return saved;
    }

    /** Whether this instance held the lease at its last tick. */
    public boolean holding() {
        return holding;
    }

    public String holder() {
        return holder;
    }

    /** This instance's last judgement of the running plan's step (only the holder judges), if any. */
    public Optional<Judged> lastPlanVerdict() {
        return Optional.ofNullable(lastPlanVerdict);
    }

    /** This instance's last judgement for the automatic rollback (only the holder judges), if any. */
    public Optional<Judged> lastAutoVerdict() {
        return Optional.ofNullable(lastAutoVerdict);
    }

    /** Who holds the lease now, as stored (possibly expired: then nobody drives until an instance takes it). */
    public Optional<MigrationLease> lease() {
        return lease.current(LEASE);
    }

    public AutoRollbackPolicy autoRollback() {
        return autoRollback;
    }

    /** Stops ticking (waiting up to 5 s for a tick under way) and gives up the lease, so another takes over at once. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker = null;
        }
        try {
            lease.release(LEASE, holder);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the rollout lease; another instance takes it when it expires", e);
        }
        holding = false;
    }

    private static String plain(BigDecimal percent) {
        return percent.stripTrailingZeros().toPlainString();
    }

    /** The stored rollout was changed by someone else since the plan's last change. */
    private static final class ChangedMeanwhile extends RuntimeException {
        private final transient RolloutSettings settings;

        ChangedMeanwhile(RolloutSettings settings) {
            super(null, null, false, false);
            this.settings = settings;
        }
    }
}
