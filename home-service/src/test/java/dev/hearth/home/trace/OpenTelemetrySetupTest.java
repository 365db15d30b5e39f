package dev.hearth.home.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenTelemetrySetupTest {
    @Test
    void tracesGoNowhereUnlessAnExporterOrAnEndpointIsSet() {
        assertThat(exporter(Map.of())).containsEntry("otel.traces.exporter", "none");
        assertThat(exporter(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318"))).isEmpty();
        assertThat(exporter(Map.of("otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces"))).isEmpty();
        assertThat(exporter(Map.of("otel.traces.exporter", "console"))).isEmpty();
    }

    @Test
    void otlpIsHttpProtobufAndOnlyTracesAreExportedByDefault() {
        assertThat(OpenTelemetrySetup.DEFAULTS).containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
                .containsEntry("otel.metrics.exporter", "none").containsEntry("otel.logs.exporter", "none")
                .containsEntry("otel.service.name", "hearth");
    }

    @Test
    void withNothingExportedSpansStillHaveIds() {
        try (OpenTelemetrySdk sdk = OpenTelemetrySetup.create(Map.of(), List.of())) {
            SpanContext span = sdk.getTracer("test").spanBuilder("s").startSpan().getSpanContext();
            assertThat(span.isValid()).as("%s", span).isTrue();
        }
    }

    private static Map<String, String> exporter(Map<String, String> properties) {
        return OpenTelemetrySetup.tracesExporter(DefaultConfigProperties.createFromMap(properties));
    }
}
