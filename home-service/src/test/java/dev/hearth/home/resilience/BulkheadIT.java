package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.home.observability.PrometheusText.sample;
import static dev.hearth.home.resilience.StubbedDownstreams.BANNERS;
import static dev.hearth.home.resilience.StubbedDownstreams.BUDGET;
import static dev.hearth.home.resilience.StubbedDownstreams.MARGIN;
import static dev.hearth.home.resilience.StubbedDownstreams.assertNothingLeftRunning;
import static dev.hearth.home.testing.Await.awaitTrue;
import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Timed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full bulkhead, seen from outside: banners may make one call at a time and never wait for a place. A request for
 * the one-section offers screen holds that place on a slow banners call while others ask for home at once.
 */
class BulkheadIT {
    /** Banners alone, with room for a slow call: the one holding the bulkhead's place. */
    static final String OFFERS = """
            screen: offers
            budget: 8s
            sections:
              - id: banners
                port: banners
                from: customer
                optional: true
                fallback: { value: [] }
            """;
    static final String BANNER = "{\"banners\": [{\"id\": \"b1\", \"title\": \"Hi\", \"imageUrl\": \"https://x/y.png\", \"link\": \"https://x\"}]}";
    @RegisterExtension
    static final StubbedDownstreams STUBS = new StubbedDownstreams("""
            ports:
              defaults:
                circuitBreaker: { enabled: false }
              banners:
                timeout: 8s
                bulkhead: { maxConcurrent: 1, maxWait: 0ms }
            """, Map.of("offers.yml", OFFERS));
    static final HearthApp APP = STUBS.app;
    static final StubbedDownstreams.Downstream marketing = STUBS.marketing;

    @Test
    void callsBeyondAFullBulkheadFallBackAsBulkheadFullAreCountedAndThePlaceIsGivenBack() throws Exception {
        marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1)
                .willReturn(okJson(BANNER).withFixedDelay(4_000)));
        double rejectedBefore = sample(APP.prometheus(), "hearth_port_calls_total", "port", "banners", "outcome", "bulkhead_full")
                .orElseThrow();

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Timed> holder = clients.submit(() -> APP.timed("/v1/screens/offers", "alice"));
            awaitTrue("the slow banners call holds the bulkhead's only place", Duration.ofSeconds(10),
                    () -> APP.gauge(ResilienceMetrics.leasedConnections("marketing")).equals(1));

            List<Future<Timed>> crowd = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                crowd.add(clients.submit(() -> APP.timed("/v1/home", "alice")));
            }
            for (Future<Timed> request : crowd) {
                Timed timed = request.get(30, TimeUnit.SECONDS);
                assertThat(timed.response().statusCode()).as(timed.response().body()).isEqualTo(200);
                assertThat(timed.took()).as("refused at once, not queued").isLessThan(BUDGET.plus(MARGIN));
                JsonNode banners = section(timed.json(), "banners");
                assertThat(banners.get("status").asText()).isEqualTo("FALLBACK");
                assertThat(banners.get("reason").asText()).isEqualTo("BULKHEAD_FULL");
                assertThat(banners.get("data")).isEmpty();
                assertThat(section(timed.json(), "accounts").get("status").asText()).isEqualTo("OK");
            }

            Timed held = holder.get(30, TimeUnit.SECONDS);
            assertThat(section(held.json(), "banners").get("status").asText()).as("the holder's own call")
                    .isEqualTo("OK");
        }
        assertThat(marketing.requests(BANNERS)).as("a refused call never reaches the downstream").isEqualTo(1);

        marketing.reset();
        assertThat(section(APP.json("/v1/home", "alice"), "banners").get("status").asText()).as("the place was given back")
                .isEqualTo("OK");
        String text = APP.prometheus();
        assertThat(sample(text, "hearth_port_calls_total", "port", "banners", "outcome", "bulkhead_full"))
                .as("each refusal counted once").contains(rejectedBefore + 3);
        assertThat(sample(text, "hearth_section_results_total", "screen", "home", "section", "banners",
                "status", "FALLBACK", "reason", "BULKHEAD_FULL")).hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(3));
        assertThat(sample(text, "hearth_port_calls_total", "port", "banners", "outcome", "error"))
                .as("a refusal is not an error").contains(0.0);
        assertNothingLeftRunning(APP);
    }
}
