package dev.hearth.home.trace;

import dev.hearth.ports.domain.model.LegacyHome;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadLegacyHomePort;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The legacy home's call as a CLIENT span ({@value #NAME}), child of the request's server span, whose own
 * {@code traceparent} legacy receives. The engine's port calls get theirs from {@link CallSpans}; the legacy home is
 * called by the migration, outside the engine. Routed, fallback and shadow calls alike.
 */
public final class TracedLegacyHome implements LoadLegacyHomePort {
    static final String NAME = "legacyHome";

    private final LoadLegacyHomePort legacy;
    private final Tracing tracing;

    public TracedLegacyHome(LoadLegacyHomePort legacy, Tracing tracing) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    @Override
    public LegacyHome loadLegacyHome(RequestContext context) throws DownstreamException {
        Context parent = context.traceparent()
                .map(traceparent -> tracing.extract(Map.of(Tracing.TRACEPARENT, traceparent)))
                .orElse(Context.root());
        Span span = tracing.tracer().spanBuilder(NAME).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute(CallSpans.PORT, NAME)
                .setAttribute(CallSpans.REQUEST_ID, context.requestId())
                .startSpan();
        RequestContext traced = new RequestContext(context.requestId(), context.customer(), context.bearerToken(),
                Optional.ofNullable(tracing.headers(parent.with(span)).get(Tracing.TRACEPARENT)));
        try {
            LegacyHome home = legacy.loadLegacyHome(traced);
            span.setAttribute(CallSpans.OUTCOME, "OK");
            return home;
        } catch (DownstreamException e) {
            span.setAttribute(CallSpans.OUTCOME, e.kind().name()).setStatus(StatusCode.ERROR);
            throw e;
        } catch (RuntimeException e) {
            span.setAttribute(CallSpans.OUTCOME, "ERROR").setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
