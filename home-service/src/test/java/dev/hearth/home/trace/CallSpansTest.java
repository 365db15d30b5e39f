package dev.hearth.home.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.CallRecord;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallSpansTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SERVER = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final CallSpans spans = new CallSpans(new Tracing(sdk), Clock.systemUTC(), "traceparent");
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void eachCallSendsItsOwnSpanAChildOfTheRequestsAndEndsWithTheEnginesRecord() throws Exception {
        PortRegistry<String> ports = spans.decorate(PortRegistry.<String>builder()
                .register(PortDefinition.<String, String, String>of("profile", String.class, String.class,
                        (input, call) -> {
                            received.add(call.attribute("traceparent").orElseThrow());
                            spans.retrying("profile", 2);
                            return "ok";
                        }).withTimeout(Duration.ofMillis(300)))
                .build());
        assertThat(ports.find("profile").orElseThrow().timeout()).as("kept").contains(Duration.ofMillis(300));
        Instant deadline = Instant.now().plusMillis(300);

        for (String path : List.of("profile", "accounts[0].profile")) {
            ports.find("profile").orElseThrow().call("alice", call(path, deadline));
        }
        assertThat(exported.getFinishedSpanItems()).as("open until the engine reports the call").isEmpty();
        Instant end = Instant.now();
        spans.callFinished(new CallRecord("req-1", "home", "profile", "profile", end.minusMillis(10), end, deadline,
                true, Optional.empty()));
        spans.callFinished(new CallRecord("req-1", "home", "accounts[0].profile", "profile", end.minusMillis(10), end,
                deadline, false, Optional.of(Reason.TIMEOUT)));

        assertThat(received).hasSize(2).allSatisfy(traceparent -> assertThat(traceparent)
                .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").isNotEqualTo(SERVER));
        assertThat(received.get(0)).as("a span id per call").isNotEqualTo(received.get(1));
        List<SpanData> finished = exported.getFinishedSpanItems();
        assertThat(finished).hasSize(2).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(span.getAttributes().get(CallSpans.RETRY_ATTEMPT)).isEqualTo(2L);
            assertThat(span.getAttributes().get(CallSpans.DEADLINE_MS)).isBetween(250L, 300L);
            assertThat(span.getEndEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(end.getEpochSecond()) + end.getNano());
        });
        assertThat(finished).extracting(s -> "00-" + TRACE_ID + "-" + s.getSpanId() + "-01")
                .containsExactlyInAnyOrderElementsOf(received);
        assertThat(finished).extracting(s -> s.getAttributes().get(CallSpans.REASON))
                .containsExactlyInAnyOrder(null, "TIMEOUT");
    }

    private static CallContext<String> call(String path, Instant deadline) {
        return new CallContext<>("req-1", "alice", Map.of("traceparent", SERVER, "authorization", "t"), path, deadline);
    }
}
