package dev.hearth.home.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.home.wiring.HealthModule;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probes of docs/adr/018-probes-warm-up-and-drain.md on the whole application (test-config.yml's health block, as
 * shipped but faster): Dropwizard's health servlet on the admin port, readiness that only the warm-up and the drain
 * decide (never a downstream, never a customer's own 404), and a warm-up that calls no downstream.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbesIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().withoutFirstHomes();

    @Test
    @Order(1)
    void theWarmUpCalledNoDownstreamAndCountsInNoCustomerMetric() {
        // first test: nothing but the warm-up (20 homes, HearthApp waited for it) has run
        Map<String, Object> sandboxCalls = APP.environment().metrics().getGauges((name, metric) ->
                name.startsWith("hearth.sandbox.calls.")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((Gauge<?>) e.getValue()).getValue()));
        List<String> ports = List.copyOf(APP.environment().metrics().getTimers((name, metric) ->
                name.startsWith("hearth.port.") && name.endsWith(".calls")).keySet());

        assertThat(warmed().get("message").asText()).startsWith("warm-up done: 20 homes in ");
        assertThat(sandboxCalls).as("calls the application's sandbox (its downstreams) answered").isNotEmpty()
                .allSatisfy((name, calls) -> assertThat(calls).as(name).isEqualTo(0L));
        assertThat(ports).isNotEmpty().allSatisfy(timer -> assertThat(
                APP.environment().metrics().timer(timer).getCount()).as(timer).isZero());
        assertThat(APP.prometheus()).doesNotContainPattern("(?m)^hearth_screen_duration_seconds_count\\{.*} [1-9]");
    }

    @Test
    void livenessAndReadinessAnswerOnTheAdminPortAndNotOnTheApi() {
        assertThat(probe("alive").statusCode()).isEqualTo(200);
        assertThat(awaitReady().statusCode()).isEqualTo(200);

        HttpResponse<String> onTheApi = Http.send(Http.request(APP.api("/health-check?type=ready")).GET().build());
        assertThat(onTheApi.statusCode()).as(onTheApi.body()).isNotEqualTo(200);
    }

    @Test
    void aDownstreamOutageNeverMakesTheInstanceUnready() {
        APP.sandboxFault("banners", "errorRate", "1");
        try {
            for (int i = 0; i < 25; i++) {
                assertThat(APP.get("/v1/home", "alice").statusCode()).isEqualTo(200); // banners degraded, home served
            }

            awaitReady();
            JsonNode marketing = Http.json(APP.adminGet("/healthcheck").body()).get("downstream.marketing");
            assertThat(marketing.get("healthy").asBoolean()).as(marketing.toString()).isFalse();
            for (int i = 0; i < 5; i++) { // the readiness checks run every 100 ms: half a second of them
                assertThat(probe("ready").statusCode()).as("ready while marketing is down").isEqualTo(200);
                sleep(100);
            }
        } finally {
            APP.sandboxReset();
        }
    }

    @Test
    void anotherCustomersAccountIsNoFailureOfAnyDownstream() {
        // alice asks for bob's account: core banking answers 404, and the account screen's other calls (open banking,
        // the slowest) are abandoned; none of it is a downstream's failure (issue 25)
        Map<String, Long> failuresBefore = failures();

        for (int i = 0; i < 30; i++) {
            HttpResponse<String> notYours = APP.get("/v1/screens/account-detail?accountId=bob-acc-1", "alice");
            assertThat(notYours.statusCode()).as(notYours.body()).isEqualTo(404);
        }

        assertThat(failures()).as("failed calls per port").isEqualTo(failuresBefore);
        JsonNode health = Http.json(APP.adminGet("/healthcheck").body());
        for (String downstream : List.of("coreBanking", "openBanking", "partners")) {
            JsonNode check = health.get("downstream." + downstream);
            assertThat(check.get("healthy").asBoolean()).as(check.toString()).isTrue();
        }
        assertThat(health.get("downstream.openBanking").get("message").asText())
                .containsPattern("openBanking: circuit \\w+, 0 failed of [1-9]\\d* calls in the last 30 s");
        assertThat(probe("ready").statusCode()).isEqualTo(200);
    }

    static Map<String, Long> failures() {
        return APP.environment().metrics().getMeters((name, metric) -> name.startsWith("hearth.port.") && name.endsWith(".failures"))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getCount()));
    }

    /** Readiness once the health module has run its warm-up check (every 100 ms) since the warm-up ended. */
    static HttpResponse<String> awaitReady() {
        return awaitReady(APP);
    }

    static HttpResponse<String> awaitReady(HearthApp app) {
        HttpResponse<String> ready = app.adminGet("/health-check?type=ready");
        for (int i = 0; i < 100 && ready.statusCode() != 200; i++) {
            sleep(50);
            ready = app.adminGet("/health-check?type=ready");
        }
        return ready;
    }

    static JsonNode warmed() {
        return Http.json(APP.adminGet("/healthcheck").body()).get(HealthModule.WARMED);
    }

    static HttpResponse<String> probe(String type) {
        return APP.adminGet("/health-check?type=" + type);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
