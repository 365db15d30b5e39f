package dev.hearth.home.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.google.inject.name.Named;
import dev.hearth.home.application.bindings.ScreenBindings;
import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.ScreenListeners;
import dev.hearth.home.trace.CallSpans;
import dev.hearth.home.trace.OpenTelemetrySetup;
import dev.hearth.home.trace.Tracing;
import io.dropwizard.lifecycle.Managed;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry tracing: the SDK as the {@code OTEL_*} environment configures it ({@link OpenTelemetrySetup}: nothing
 * exported unless an exporter or OTLP endpoint is set), shut down with the server; the request's server span
 * ({@code TraceContextFilter}, bound by {@link RestModule}) and the spans of its sections and port calls
 * ({@link CallSpans}, hearing the engine). Tests add span processors ({@code Set<SpanProcessor>}) and properties
 * ({@code @Named("otel") Map<String, String>}) through modules of their own.
 */
public final class TracingModule extends AbstractModule {
    public static final String PROPERTIES = "otel";

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), SpanProcessor.class);
        MapBinder.newMapBinder(binder(), String.class, String.class, com.google.inject.name.Names.named(PROPERTIES));
    }

    @Provides
    @Singleton
    OpenTelemetrySdk openTelemetry(@Named(PROPERTIES) Map<String, String> properties, Set<SpanProcessor> extra) {
        return OpenTelemetrySetup.create(properties, List.copyOf(extra));
    }

    @Provides
    @Singleton
    Tracing tracing(OpenTelemetrySdk sdk) {
        return new Tracing(sdk);
    }

    /** Hears every call, retry and screen request; the engine's ports start their call spans through it. */
    @Provides
    @Singleton
    CallSpans callSpans(Tracing tracing, Clock clock, CallListeners calls, ScreenListeners screens) {
        CallSpans spans = new CallSpans(tracing, clock, ScreenBindings.TRACEPARENT);
        calls.add(spans);
        screens.add(spans);
        return spans;
    }

    /** Flushes the spans still batched, then stops exporting. */
    @ProvidesIntoSet
    Managed shutdown(OpenTelemetrySdk sdk) {
        return new Managed() {
            @Override
            public void stop() {
                sdk.shutdown().join(5, TimeUnit.SECONDS);
            }
        };
    }
}
