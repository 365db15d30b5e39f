package dev.hearth.home.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.multibindings.Multibinder;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.testing.HearthApp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The spans of a request, as the SDK's in-memory exporter receives them. */
class OpenTelemetrySpansIT {
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    /** Hearth with every span also handed to {@link #SPANS}. */
    public static final class InMemory extends HomeApplication {
        public InMemory() {
            super(List.of(binder -> Multibinder.newSetBinder(binder, SpanProcessor.class).addBinding()
                    .toInstance(SimpleSpanProcessor.create(SPANS))));
        }
    }

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().application(InMemory.class)
            .override("ports.balance.retry.maxAttempts", "2");

    @BeforeEach
    void clear() {
        SPANS.reset();
    }

    @AfterEach
    void reset() {
        APP.sandboxReset();
    }

    @Test
    void aHomeIsOneServerSpanContinuingTheCallersTraceWithItsSectionsAndCallsAsChildren() throws Exception {
        HttpResponse<String> response = APP.get("/v1/home", "alice", Map.of("X-Request-Id", "otel-it-1",
                "traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Trace-Id")).contains(CALLER_TRACE);

        SpanData server = await(s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getName()).isEqualTo("GET /v1/home");
        assertThat(server.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(server.getAttributes().get(CallSpans.SCREEN)).isEqualTo("home");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("hearth.served_by"))).isEqualTo("hearth");
        assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/v1/home");

        List<String> sections = new ArrayList<>();
        JSON.readTree(response.body()).get("sections").forEach(s -> sections.add(s.get("id").asText()));
        List<SpanData> sectionSpans = awaitAll(s -> s.getName().startsWith("section "), sections.size());
        assertThat(sectionSpans).extracting(s -> s.getAttributes().get(CallSpans.SECTION))
                .containsExactlyInAnyOrderElementsOf(sections);
        assertThat(sectionSpans).allSatisfy(s -> {
            assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(s.getTraceId()).isEqualTo(CALLER_TRACE);
            assertThat(s.getAttributes().get(CallSpans.STATUS)).isNotNull();
        });

        SpanData profile = await(s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("profile"));
        assertThat(profile.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(profile.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(profile.getAttributes().get(CallSpans.PORT)).isEqualTo("profile");
        assertThat(profile.getAttributes().get(CallSpans.DEADLINE_MS)).isPositive();
        assertThat(profile.getAttributes().get(CallSpans.OUTCOME)).isEqualTo("success");
        assertThat(profile.getAttributes().get(CallSpans.RETRY_ATTEMPT)).as("one attempt").isEqualTo(1L);
        SpanData nickname = await(s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("nickname"));
        assertThat(nickname.getParentSpanId()).as("the database call too").isEqualTo(server.getSpanId());

        assertThat(SPANS.getFinishedSpanItems()).as("no customer id, no token in any attribute").allSatisfy(span ->
                assertThat(span.getAttributes().asMap().values()).allSatisfy(value ->
                        assertThat(value.toString()).doesNotContain("alice").doesNotContain(APP.token("alice"))));
    }

    @Test
    void aTimedOutCallEndsAtItsDeadlineWithItsReason() {
        APP.sandboxFault("banners", "hang", "true");

        HttpResponse<String> response = APP.get("/v1/home", "alice", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);

        SpanData banners = await(s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("banners"));
        long deadline = banners.getAttributes().get(CallSpans.DEADLINE_MS);
        assertThat(deadline).as("the port's 250 ms timeout, less what the engine took to start it")
                .isBetween(150L, 250L);
        assertThat(banners.getAttributes().get(CallSpans.REASON)).isEqualTo("TIMEOUT");
        assertThat(banners.getAttributes().get(CallSpans.OUTCOME)).isEqualTo("failure");
        assertThat(banners.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        long took = Duration.ofNanos(banners.getEndEpochNanos() - banners.getStartEpochNanos()).toMillis();
        assertThat(took).as("ended at its deadline").isBetween(deadline - 5, deadline + 150);
        assertThat(banners.getTraceId()).isEqualTo(response.headers().firstValue("X-Trace-Id").orElseThrow());

        SpanData section = await(s -> "banners".equals(s.getAttributes().get(CallSpans.SECTION))
                && s.getName().startsWith("section "));
        assertThat(section.getAttributes().get(CallSpans.STATUS)).isNotEqualTo("OK");
        assertThat(section.getAttributes().get(CallSpans.REASON)).isEqualTo("TIMEOUT");
    }

    @Test
    void aRetriedCallIsOneSpanNamingItsLastAttemptWithAnEventPerRetry() {
        APP.sandboxFault("balance", "errorRate", "1");

        assertThat(APP.get("/v1/home", "alice", Map.of()).statusCode()).isEqualTo(200);

        SpanData balance = await(s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("balance")
                && "failure".equals(s.getAttributes().get(CallSpans.OUTCOME)));
        assertThat(balance.getAttributes().get(CallSpans.RETRY_ATTEMPT)).isEqualTo(2L);
        assertThat(balance.getEvents()).extracting(e -> e.getName()).containsExactly("retry");
        assertThat(balance.getAttributes().get(CallSpans.REASON)).isEqualTo("ERROR");
    }

    @Test
    void aRefetchedSectionNamesItsRouteScreenAndSection() {
        HttpResponse<String> response = APP.get("/v1/screens/home/sections/banners", "alice", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);

        SpanData server = await(s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getName()).isEqualTo("GET /v1/screens/{screen}/sections/{section}");
        assertThat(server.getAttributes().get(CallSpans.SCREEN)).isEqualTo("home");
        assertThat(server.getAttributes().get(CallSpans.SECTION)).isEqualTo("banners");
        assertThat(server.getParentSpanId()).as("a new trace").isEqualTo("0000000000000000");
    }

    @Test
    void aMalformedTraceparentStartsANewTraceAndIsNotRefused() {
        HttpResponse<String> response = APP.get("/v1/home", "alice",
                Map.of("traceparent", "00-" + "0".repeat(32) + "-" + CALLER_SPAN + "-01"));
        assertThat(response.statusCode()).isEqualTo(200);
        String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(await(s -> s.getKind() == SpanKind.SERVER).getTraceId()).isEqualTo(traceId);
    }

    @Test
    void aHomeLegacyAnswersHasAClientSpanForTheLegacyCallWhoseTraceparentLegacyReceives() {
        APP.task("rollout", Map.of("percent", "0"));
        try {
            HttpResponse<String> response = APP.get("/v1/home", "alice", Map.of("X-Request-Id", "otel-it-legacy"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Hearth-Served-By")).contains("legacy");

            SpanData server = await(s -> s.getKind() == SpanKind.SERVER);
            SpanData legacy = await(s -> s.getName().equals("legacyHome"));
            assertThat(legacy.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(legacy.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(legacy.getTraceId()).isEqualTo(server.getTraceId());
            assertThat(legacy.getAttributes().get(CallSpans.OUTCOME)).isEqualTo("OK");
        } finally {
            APP.task("rollout", Map.of("percent", "100"));
        }
    }

    static SpanData await(Predicate<SpanData> which) {
        return awaitAll(which, 1).getFirst();
    }

    static List<SpanData> awaitAll(Predicate<SpanData> which, int count) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<SpanData> found;
        do {
            found = SPANS.getFinishedSpanItems().stream().filter(which).toList();
            if (found.size() >= count) {
                return found;
            }
            sleep();
        } while (System.nanoTime() - until < 0);
        throw new AssertionError("expected " + count + " span(s), found " + found + " among " + names());
    }

    private static List<String> names() {
        return SPANS.getFinishedSpanItems().stream().map(s -> s.getKind() + " " + s.getName()).toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
