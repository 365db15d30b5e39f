package dev.hearth.home.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.List;
import java.util.Map;

/**
 * The OpenTelemetry SDK as autoconfigure builds it from the standard {@code OTEL_*} environment variables and
 * {@code otel.*} system properties, with Hearth's defaults below them:
 * <ul>
 *   <li>{@code otel.service.name=hearth};</li>
 *   <li>traces exported nowhere ({@code otel.traces.exporter=none}) unless {@code otel.traces.exporter} or an OTLP
 *       endpoint ({@code otel.exporter.otlp.endpoint}, {@code otel.exporter.otlp.traces.endpoint}) is set: then OTLP,
 *       over {@code http/protobuf} unless {@code otel.exporter.otlp.protocol} says otherwise;</li>
 *   <li>no OpenTelemetry metrics or logs exported ({@code otel.metrics.exporter=none}, {@code otel.logs.exporter=none}):
 *       metrics are Prometheus's, logs Logback's, unless those properties say otherwise.</li>
 * </ul>
 * Not registered as the global OpenTelemetry: Hearth passes its SDK explicitly (several instances can share a JVM in
 * tests), and closes it with the server, which flushes the spans still batched.
 */
public final class OpenTelemetrySetup {
    static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "hearth",
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    /**
     * A processor that does nothing. With no processor at all (the embedded default, nothing exported) the SDK makes
     * no ids: every span is invalid, all zeros. Hearth needs the ids anyway, for {@code X-Trace-Id}, the log lines'
     * {@code traceId}, the {@code traceparent} sent downstream and the waterfall page.
     */
    private static final SpanProcessor IDS = new SpanProcessor() {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    };

    private OpenTelemetrySetup() {
    }

    /**
     * @param overrides properties above everything else (tests: an OTLP endpoint of their own); empty in production
     * @param extra     span processors beside the configured exporter's (tests: an in-memory exporter)
     */
    public static OpenTelemetrySdk create(Map<String, String> overrides, List<SpanProcessor> extra) {
        Map<String, String> fixed = Map.copyOf(overrides);
        List<SpanProcessor> processors = List.copyOf(extra);
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                .addPropertiesCustomizer(config -> fixed)
                .addPropertiesCustomizer(OpenTelemetrySetup::tracesExporter)
                .addTracerProviderCustomizer((tracer, config) -> {
                    tracer.addSpanProcessor(IDS);
                    processors.forEach(tracer::addSpanProcessor);
                    return tracer;
                })
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /** {@code none} when nothing says where traces go: the embedded default exports nothing. */
    static Map<String, String> tracesExporter(ConfigProperties config) {
        boolean told = config.getString("otel.traces.exporter") != null
                || config.getString("otel.exporter.otlp.endpoint") != null
                || config.getString("otel.exporter.otlp.traces.endpoint") != null;
        return told ? Map.of() : Map.of("otel.traces.exporter", "none");
    }
}
