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
import dev.hearth.home.application.ScreenQuery;
import dev.hearth.home.application.ScreenQueryException;
import dev.hearth.home.application.ScreenService;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.LegacyHome;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.LoadLegacyHomePort;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home screen during the move off the legacy monolith: routes each customer to Hearth or legacy by the
 * {@link Rollout}, answers with legacy when Hearth cannot build the screen, and offers a sample of requests to
 * {@link ShadowComparison}. Only {@code GET /v1/home} goes through here; the other endpoints are Hearth's alone.
 */
public final class HomeMigration {
    private static final Logger LOG = LoggerFactory.getLogger(HomeMigration.class);

    /** The answer: a Hearth screen (possibly a failed one: 503), or the legacy home's JSON to pass through. */
    public record Answer(Side side, Optional<ScreenResult> screen, Optional<LegacyHome> legacy) {
        static Answer hearth(ScreenResult screen) {
            return new Answer(Side.HEARTH, Optional.of(screen), Optional.empty());
        }

        static Answer legacy(Side side, LegacyHome home) {
            return new Answer(side, Optional.empty(), Optional.of(home));
        }
    }

    /** The legacy home could not be had (failed, timed out, or answered something unusable). */
    public static final class LegacyUnavailableException extends RuntimeException {
        LegacyUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Function<CustomerId, Side> sides;
    private final ScreenService screens;
    private final LoadLegacyHomePort legacy;
    private final Duration legacyTimeout;
    private final ShadowComparison shadow;
    private final Function<ScreenResult, JsonNode> render;
    private final ObjectMapper mapper;
    private final MetricRegistry metrics;

    /**
     * @param sides  which side serves a customer ({@link Rollout#sideFor})
     * @param render Hearth's screen as the app receives it (the response body), for comparison with legacy's
     */
    public HomeMigration(Function<CustomerId, Side> sides, ScreenService screens, LoadLegacyHomePort legacy, Duration legacyTimeout,
            ShadowComparison shadow, Function<ScreenResult, JsonNode> render, ObjectMapper mapper,
            MetricRegistry metrics) {
        this.sides = Objects.requireNonNull(sides, "sides");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.legacyTimeout = Objects.requireNonNull(legacyTimeout, "legacyTimeout");
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        this.render = Objects.requireNonNull(render, "render");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        for (Side side : Side.values()) {
            metrics.counter(MigrationMetrics.served(side));
        }
    }

    /**
     * Serves the home screen of {@code query}'s customer.
     *
     * @throws ScreenQueryException when the query itself is wrong (never answered by legacy: it is the caller's error)
     * @throws LegacyUnavailableException when the customer is routed to legacy and legacy fails
     */
    public Answer serve(ScreenQuery query) {
        if (sides.apply(query.customer()) == Side.LEGACY) {
            LegacyHome home = legacyHome(query);
            served(Side.LEGACY);
            if (shadow.sampled()) {
                shadow.offer(query.requestId(), Side.LEGACY, sample(query, () -> hearthHome(shadowQuery(query)),
                        () -> parse(home)));
            }
            return Answer.legacy(Side.LEGACY, home);
        }
        ScreenResult result;
        try {
            result = screens.show(query);
        } catch (ScreenQueryException e) {
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
                return Answer.hearth(result); // the 503 naming Hearth's failed section
            }
        }
        served(Side.HEARTH);
        if (shadow.sampled() && result.failure().isEmpty()) {
            shadow.offer(query.requestId(), Side.HEARTH, sample(query, () -> render.apply(result),
                    () -> parse(legacyHome(query))));
        }
        return Answer.hearth(result);
    }

    private Answer fallback(ScreenQuery query, String reason, String detail, RuntimeException error) {
        metrics.counter(MigrationMetrics.fallback(reason)).inc();
        LOG.warn("Home of request {} answered by legacy ({}): {}", query.requestId(), reason, detail, error);
        LegacyHome home;
        try {
            home = legacyHome(query);
        } catch (LegacyUnavailableException legacyToo) {
            LOG.warn("Legacy fallback failed too for request {}: {}", query.requestId(), legacyToo.getMessage());
            if (error != null) {
                throw error;
            }
            throw legacyToo;
        }
        served(Side.LEGACY_FALLBACK);
        return Answer.legacy(Side.LEGACY_FALLBACK, home);
    }

    private ShadowComparison.Sample sample(ScreenQuery query, Compute hearth, Compute legacyServed) {
        return new ShadowComparison.Sample() {
            @Override
            public JsonNode hearth() throws Exception {
                return hearth.get();
            }

            @Override
            public JsonNode legacy() throws Exception {
                return legacyServed.get();
            }

            @Override
            public JsonNode legacyAgain() {
                return parse(legacyHome(query));
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
                query.params(), query.section(), query.traceparent());
    }

    /** The legacy home for the customer, forwarding their token, within {@code legacyTimeout}. */
    private LegacyHome legacyHome(ScreenQuery query) {
        RequestContext context = new RequestContext(query.requestId(), query.customer(),
                Optional.of(query.bearerToken()), query.traceparent());
        try {
            return Failsafe.with(Timeout.<LegacyHome>builder(legacyTimeout).withInterrupt().build())
                    .get(() -> legacy.loadLegacyHome(context));
        } catch (TimeoutExceededException e) {
            metrics.counter(MigrationMetrics.LEGACY_FAILURES).inc();
            throw new LegacyUnavailableException("the legacy home did not answer within " + legacyTimeout.toMillis()
                    + " ms", e);
        } catch (FailsafeException e) {
            metrics.counter(MigrationMetrics.LEGACY_FAILURES).inc();
            Throwable cause = e.getCause() == null ? e : e.getCause();
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
