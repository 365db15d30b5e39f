package dev.hearth.home.migration;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.hearth.dsl.ScreenFailure;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.home.application.port.in.HomeAnswer;
import dev.hearth.home.application.port.in.LateRequestException;
import dev.hearth.home.application.port.in.LegacyUnavailableException;
import dev.hearth.home.application.port.in.ScreenQuery;
import dev.hearth.home.application.port.in.ScreenQueryException;
import dev.hearth.home.application.port.in.ServeHomeUseCase;
import dev.hearth.home.application.port.in.ShowScreenUseCase;
import dev.hearth.home.application.port.in.UnknownCustomerException;
import dev.hearth.home.migration.compare.VariantSections;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.LegacyHome;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadLegacyHomePort;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home screen during the move off the legacy monolith: routes each customer to Hearth or legacy by the
 * {@link Rollout}, answers with legacy when Hearth cannot build the screen, and offers a sample of requests to
 * {@link ShadowComparison}. Only {@code GET /v1/home} goes through here; the other endpoints are Hearth's alone. Each
 * fallback is counted; its log line is written at most once a second per reason, saying how many were left out.
 *
 * <p>While Hearth runs late by {@code fallbackWhenLateBy} or more (its threads have waited that long for a CPU all along
 * for the last half second: an overload, not one pause),
 * new homes are answered by legacy before any port is called, and no shadow work starts. A home costs Hearth sixteen
 * calls and a legacy home one, so the backlog drains instead of every request in it slowing down together; the
 * requests already in flight finish as they were (docs/adr/010-overload-fallback-to-legacy.md).
 *
 * <p>A home that waited too long since it arrived to be built in time ({@link LateRequestException}, thrown before
 * any port is called) is answered by legacy at once while legacy has room, else with the 503 it is
 * (docs/adr/031-answer-on-time.md). Both sheds are for capacity: neither counts as a fallback of the migration's
 * figures (ADR 026).
 */
public final class HomeMigration implements ServeHomeUseCase {
    private static final Logger LOG = LoggerFactory.getLogger(HomeMigration.class);
    /** The fallback reason while Hearth is overloaded. */
    static final String OVERLOADED = "overloaded";
    /** The fallback reason of a home that waited too long since it arrived to be built in time (ADR 031). */
    static final String LATE = "late";
    /**
     * A late home answered by legacy is on time within its budget + this since it arrived (ADR 031): legacy is asked
     * for what is left of it.
     */
    static final Duration LATE_SLACK = Duration.ofMillis(100);

    private final Function<CustomerId, Side> sides;
    private final ShowScreenUseCase screens;
    private final LoadLegacyHomePort legacy;
    private final Duration legacyTimeout;
    private final ShadowComparison shadow;
    private final Function<ScreenResult, JsonNode> render;
    private final ObjectMapper mapper;
    private final MetricRegistry metrics;
    private final Supplier<Duration> lateness;
    private final Duration fallbackWhenLateBy;
    private final BooleanSupplier legacyHasRoom;
    private final AtomicBoolean shedding = new AtomicBoolean();
    private final LogBudget logs;
    private final MigrationTallies tallies;

    /**
     * @param sides  which side serves a customer ({@link Rollout#sideFor})
     * @param render Hearth's screen as the app receives it (the response body), for comparison with legacy's
     * @param lateness           how late Hearth's threads have run all along, lately ({@code SchedulerLag#standingInLast})
     * @param fallbackWhenLateBy from this lateness on, new homes go to legacy; {@link Duration#ZERO} never
     * @param legacyHasRoom      whether legacy can take one more home now (a free connection in its pool): an
     *                           overload is shed only while it can, or the shed homes would fail instead of waiting
     * @param tallies            counts the homes routed to Hearth (served, with their build time, or fallen back) for
     *                           the fleet's figures
     */
    public HomeMigration(Function<CustomerId, Side> sides, ShowScreenUseCase screens, LoadLegacyHomePort legacy, Duration legacyTimeout,
            ShadowComparison shadow, Function<ScreenResult, JsonNode> render, ObjectMapper mapper,
            MetricRegistry metrics, Supplier<Duration> lateness, Duration fallbackWhenLateBy,
            BooleanSupplier legacyHasRoom, MigrationTallies tallies) {
        this(sides, screens, legacy, legacyTimeout, shadow, render, mapper, metrics, lateness, fallbackWhenLateBy,
                legacyHasRoom, tallies, new LogBudget(System::nanoTime, Duration.ofSeconds(1)));
    }

    /** @param logs how many fallback lines are written: at most one a second per reason in production */
    HomeMigration(Function<CustomerId, Side> sides, ShowScreenUseCase screens, LoadLegacyHomePort legacy, Duration legacyTimeout,
            ShadowComparison shadow, Function<ScreenResult, JsonNode> render, ObjectMapper mapper,
            MetricRegistry metrics, Supplier<Duration> lateness, Duration fallbackWhenLateBy,
            BooleanSupplier legacyHasRoom, MigrationTallies tallies, LogBudget logs) {
        this.logs = Objects.requireNonNull(logs, "logs");
        this.tallies = Objects.requireNonNull(tallies, "tallies");
        this.sides = Objects.requireNonNull(sides, "sides");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.legacyTimeout = Objects.requireNonNull(legacyTimeout, "legacyTimeout");
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        this.render = Objects.requireNonNull(render, "render");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lateness = Objects.requireNonNull(lateness, "lateness");
        this.fallbackWhenLateBy = Objects.requireNonNull(fallbackWhenLateBy, "fallbackWhenLateBy");
        this.legacyHasRoom = Objects.requireNonNull(legacyHasRoom, "legacyHasRoom");
        for (Side side : Side.values()) {
            metrics.counter(MigrationMetrics.served(side));
        }
    }

    /**
     * Serves the home screen of {@code query}'s customer.
     *
     * @throws ScreenQueryException when the query itself is wrong (never answered by legacy: it is the caller's error)
     * @throws UnknownCustomerException when core banking does not know the customer (never answered by legacy: it
     *                                  reads the same core banking, and the answer must not depend on the rollout),
     *                                  or legacy, asked for the customer's home, answers "not found"
     * @throws LegacyUnavailableException when the customer is routed to legacy, or Hearth is overloaded, and legacy fails
     */
    @Override
    public HomeAnswer serve(ScreenQuery query) {
        boolean overloaded = overloaded();
        if (sides.apply(query.customer()) == Side.LEGACY) {
            LegacyHome home = legacyHome(query);
            served(Side.LEGACY);
            if (!overloaded && shadow.sampled()) {
                shadow.offer(query.requestId(), Side.LEGACY, sample(query, () -> hearthHome(shadowQuery(query)),
                        () -> parse(home)));
            }
            return HomeAnswer.legacy(Side.LEGACY, home);
        }
        if (overloaded) {
            if (legacyHasRoom.getAsBoolean()) {
                // Shed for capacity (ADR 010), not a home Hearth failed to build: no gate's fallback (ADR 026)
                metrics.counter(MigrationMetrics.fallback(OVERLOADED)).inc();
                return legacyFallback(query);
            }
            metrics.counter(MigrationMetrics.OVERLOADED_LEGACY_FULL).inc(); // built by Hearth, late, rather than refused by legacy
        }
        ScreenResult result;
        long start = System.nanoTime();
        try {
            result = screens.show(query);
        } catch (LateRequestException late) {
            return late(query, late);
        } catch (ScreenQueryException | UnknownCustomerException e) {
            throw e;
        } catch (RuntimeException e) {
            return fallback(query, "unexpected-error", "Hearth failed: " + e, e);
        }
        Optional<ScreenFailure> failure = result.failure().filter(f -> !f.notFound());
        if (failure.isPresent()) {
            try {
                return fallback(query, "required-section-failed", "required section '" + failure.get().sectionId()
                        + "' failed (" + failure.get().reason() + ")", null);
            } catch (LegacyUnavailableException legacyToo) {
                served(Side.HEARTH);
                return HomeAnswer.hearth(result); // the 503 naming Hearth's failed section
            }
        }
        served(Side.HEARTH);
        tallies.hearthServed(System.nanoTime() - start);
        if (shadow.sampled() && result.failure().isEmpty()) {
            shadow.offer(query.requestId(), Side.HEARTH, sample(query, () -> render.apply(result),
                    () -> parse(legacyHome(query))));
        }
        return HomeAnswer.hearth(result);
    }

    /**
     * A home that cannot be built in time (ADR 031): legacy while it has room, as the overload fallback asks it (ADR
     * 010), and like it a shed for capacity, not a home Hearth failed to build (no tally: ADR 026); else the 503. Legacy
     * gets only what is left of the budget + {@link #LATE_SLACK} since the request arrived (never more than
     * {@code legacyTimeout}): a late home legacy cannot answer on time is the same fast 503 as one legacy has no room for.
     */
    private HomeAnswer late(ScreenQuery query, LateRequestException late) {
        if (!legacyHasRoom.getAsBoolean()) {
            throw late; // legacy has no free connection: the fast 503 with Retry-After (counted where it is answered)
        }
        Duration left = late.budget().plus(LATE_SLACK).minus(query.waited());
        if (left.isNegative() || left.isZero()) {
            throw late; // nothing left to ask legacy with
        }
        Duration within = left.compareTo(legacyTimeout) < 0 ? left : legacyTimeout;
        LegacyHome home;
        try {
            home = legacyHome(query, within);
        } catch (LegacyUnavailableException notInTime) {
            logs.take("late-legacy-failed").ifPresent(skipped -> LOG.warn("Late home of request {} not answered by "
                    + "legacy either ({}): answered 503 overloaded with Retry-After{}", query.requestId(),
                    notInTime.getMessage(), leftOut(skipped)));
            throw late;
        }
        metrics.counter(MigrationMetrics.fallback(LATE)).inc();
        served(Side.LEGACY_FALLBACK);
        return HomeAnswer.legacy(Side.LEGACY_FALLBACK, home);
    }

    private HomeAnswer fallback(ScreenQuery query, String reason, String detail, RuntimeException error) {
        metrics.counter(MigrationMetrics.fallback(reason)).inc();
        tallies.fallback(); // legacy failing too is still a home Hearth could not build
        logs.take(reason).ifPresent(skipped -> LOG.warn("Home of request {} answered by legacy ({}): {}{}",
                query.requestId(), reason, detail, leftOut(skipped), error));
        try {
            return legacyFallback(query);
        } catch (LegacyUnavailableException legacyToo) {
            logs.take("legacy-failed-too").ifPresent(skipped -> LOG.warn("Legacy fallback failed too for request {}: {}{}",
                    query.requestId(), legacyToo.getMessage(), leftOut(skipped)));
            if (error != null) {
                throw error;
            }
            throw legacyToo;
        }
    }

    private static String leftOut(long skipped) {
        return skipped == 0 ? "" : " [" + skipped + " more like it since the last such line, not logged]";
    }

    private HomeAnswer legacyFallback(ScreenQuery query) {
        LegacyHome home = legacyHome(query);
        served(Side.LEGACY_FALLBACK);
        return HomeAnswer.legacy(Side.LEGACY_FALLBACK, home);
    }

    /** Whether Hearth runs late by {@code fallbackWhenLateBy} or more; logs when that starts and when it ends. */
    private boolean overloaded() {
        if (fallbackWhenLateBy.isZero()) {
            return false;
        }
        Duration late = lateness.get();
        boolean overloaded = late.compareTo(fallbackWhenLateBy) >= 0;
        if (shedding.get() != overloaded && shedding.compareAndSet(!overloaded, overloaded)) {
            if (overloaded) {
                LOG.warn("Hearth is overloaded: its threads have waited {} ms or more for a CPU for half a second "
                        + "(migration.fallbackWhenLateBy is {} ms). New homes are answered by legacy until it catches up, "
                        + "while legacy has a free connection; counted in {} (built by Hearth for want of one: {})",
                        late.toMillis(), fallbackWhenLateBy.toMillis(), MigrationMetrics.fallback(OVERLOADED),
                        MigrationMetrics.OVERLOADED_LEGACY_FULL);
            } else {
                LOG.info("Hearth caught up (its threads wait under {} ms for a CPU): it builds new homes again",
                        fallbackWhenLateBy.toMillis());
            }
        }
        return overloaded;
    }

    /**
     * The sample's sides; the legacy answers without the sections Hearth's variant leaves out on purpose (an old
     * app's home has no openBanking), so only what the app would see from both is compared ({@link VariantSections}).
     */
    private ShadowComparison.Sample sample(ScreenQuery query, Compute hearth, Compute legacyServed) {
        return new ShadowComparison.Sample() {
            private volatile JsonNode hearthJson;

            @Override
            public JsonNode hearth() throws Exception {
                hearthJson = hearth.get();
                return hearthJson;
            }

            @Override
            public JsonNode legacy() throws Exception {
                return VariantSections.comparable(legacyServed.get(), hearthJson);
            }

            @Override
            public JsonNode legacyAgain() {
                return VariantSections.comparable(parse(legacyHome(query)), hearthJson);
            }
        };
    }

    @FunctionalInterface
    private interface Compute {
        JsonNode get() throws Exception;
    }

    /** Hearth's screen for a shadow sample; a screen Hearth could not build is no comparison. */
    private JsonNode hearthHome(ScreenQuery query) {
        ScreenResult result = screens.show(query);
        if (result.failure().isPresent()) {
            throw new IllegalStateException("Hearth could not build the screen: " + result.failure().get().message());
        }
        return render.apply(result);
    }

    private static ScreenQuery shadowQuery(ScreenQuery query) {
        return new ScreenQuery(query.screen(), query.customer(), query.requestId() + "-shadow", query.bearerToken(),
                query.params(), query.section(), query.traceparent(), query.client());
    }

    /** The legacy home for the customer, forwarding their token, within {@code legacyTimeout}. */
    private LegacyHome legacyHome(ScreenQuery query) {
        return legacyHome(query, legacyTimeout);
    }

    /**
     * The legacy home for the customer, forwarding their token, within {@code timeout}. Not answering within a
     * {@code timeout} shorter than {@code legacyTimeout} (a late home's) is no failure of legacy's.
     */
    private LegacyHome legacyHome(ScreenQuery query, Duration timeout) {
        RequestContext context = new RequestContext(query.requestId(), query.customer(),
                Optional.of(query.bearerToken()), query.traceparent());
        try {
            return Failsafe.with(Timeout.<LegacyHome>builder(timeout).withInterrupt().build())
                    .get(() -> legacy.loadLegacyHome(context));
        } catch (TimeoutExceededException e) {
            if (timeout.compareTo(legacyTimeout) >= 0) {
                metrics.counter(MigrationMetrics.LEGACY_FAILURES).inc();
            }
            throw new LegacyUnavailableException("the legacy home did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof DownstreamException d && d.kind() == DownstreamException.Kind.NOT_FOUND) {
                throw new UnknownCustomerException(); // an answer of a healthy legacy, not one of its failures
            }
            metrics.counter(MigrationMetrics.LEGACY_FAILURES).inc();
            throw new LegacyUnavailableException("the legacy home failed: " + cause.getMessage(), cause);
        } catch (RuntimeException e) {
            metrics.counter(MigrationMetrics.LEGACY_FAILURES).inc();
            throw new LegacyUnavailableException("the legacy home failed: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(LegacyHome home) {
        try {
            return mapper.readTree(home.json());
        } catch (IOException e) {
            throw new LegacyUnavailableException("the legacy home answered JSON Hearth cannot read", e);
        }
    }

    private void served(Side side) {
        metrics.counter(MigrationMetrics.served(side)).inc();
    }
}
