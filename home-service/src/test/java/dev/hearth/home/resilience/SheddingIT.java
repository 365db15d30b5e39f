package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.home.resilience.StubbedDownstreams.BANNERS;
import static dev.hearth.home.resilience.StubbedDownstreams.assertNothingLeftRunning;
import static dev.hearth.home.testing.Await.awaitTrue;
import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.observability.MetricNames;
import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Timed;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Overload: the engine's call slots (config.yml {@code engine:}) shed optional calls before required ones. Ten
 * slots, optional calls stop at five; five hanging banners calls take those, then home is asked for.
 */
class SheddingIT {
    @RegisterExtension
    static final StubbedDownstreams STUBS = new StubbedDownstreams("""
            ports:
              defaults:
                circuitBreaker: { enabled: false }
              banners: { timeout: 10s }   # a held call is not cut at 250 ms
            engine: { maxInFlightCalls: 10, optionalShare: 0.5 }
            """);
    static final HearthApp APP = STUBS.app;
    static final StubbedDownstreams.Downstream marketing = STUBS.marketing;

    @Test
    void underOverloadOptionalSectionsAreShedWhileRequiredOnesAreServed() throws Exception {
        // Added by a reload, which must keep the engine's limits: one optional banners call, held long.
        Files.writeString(APP.screens().resolve("hold.yml"), """
                screen: hold
                budget: 10s
                sections:
                  - id: banners
                    port: banners
                    optional: true
                    fallback: { value: [] }
                """);
        assertThat(APP.reload().body()).contains("hold");
        // Held until the marketing client's 5 s socket timeout (ERROR): home takes well under a second.
        marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1).willReturn(okJson("{}").withFixedDelay(30_000)));
        List<CompletableFuture<Timed>> held = Stream.generate(() -> CompletableFuture.supplyAsync(
                () -> APP.timed("/v1/screens/hold", "alice"), r -> Thread.ofVirtual().start(r))).limit(5).toList();
        awaitTrue("five banners calls hang, taking every optional slot", Duration.ofSeconds(20),
                () -> APP.gauge(ResilienceMetrics.IN_FLIGHT_CALLS).equals(5));
        long rejected = APP.counter(MetricNames.portBulkheadRejections("banners"));

        Timed home = APP.timed("/v1/home", "alice");

        assertThat(held).as("the five calls were held throughout").noneMatch(CompletableFuture::isDone);
        assertThat(home.response().statusCode()).as(home.response().body()).isEqualTo(200);
        assertThat(section(home.json(), "profile").get("status").asText()).isEqualTo("OK");
        JsonNode accounts = section(home.json(), "accounts");
        assertThat(accounts.get("status").asText()).as("required: served, its optional fields shed").isEqualTo("PARTIAL");
        assertThat(accounts.get("data")).hasSize(3);
        assertThat(accounts.get("degraded")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.get("reason").asText()).isEqualTo("BULKHEAD_FULL"));
        for (String optional : List.of("cardList", "banners")) {
            JsonNode shed = section(home.json(), optional);
            assertThat(shed.get("status").asText()).as(optional).isEqualTo("FALLBACK");
            assertThat(shed.get("reason").asText()).as(optional).isEqualTo("BULKHEAD_FULL");
        }
        assertThat(APP.counter(MetricNames.portBulkheadRejections("banners"))).isEqualTo(rejected + 1);

        CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertNothingLeftRunning(APP);
    }
}
