package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.home.observability.PrometheusText.sample;
import static dev.hearth.home.resilience.StubbedDownstreams.BANNERS;
import static dev.hearth.home.resilience.StubbedDownstreams.POLICIES;
import static dev.hearth.home.resilience.StubbedDownstreams.assertNothingLeftRunning;
import static dev.hearth.home.testing.Await.awaitTrue;
import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Timed;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The banners' circuit breaker against the whole application ({@link StubbedDownstreams}, {@link
 * StubbedDownstreams#POLICIES}): it opens on failures, fails fast without calling, half-opens after its openDelay and
 * closes on good trial calls, or opens again on a bad one.
 */
class CircuitBreakerIT {
    @RegisterExtension
    static final StubbedDownstreams STUBS = new StubbedDownstreams(POLICIES);
    static final HearthApp APP = STUBS.app;
    static final StubbedDownstreams.Downstream marketing = STUBS.marketing;
    /** {@link dev.hearth.home.observability.PortMetrics}' numbers for the circuit in Prometheus. */
    static final double CLOSED = 0, HALF_OPEN = 1, OPEN = 2;

    @Test
    void theBreakerOpensFailsFastWithoutCallingHalfOpensAndCloses() {
        marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1).willReturn(aResponse().withStatus(500)));

        openTheBreaker();
        assertThat(APP.gauge(ResilienceMetrics.circuit("banners"))).isEqualTo("OPEN");

        int calls = marketing.requests(BANNERS);
        Timed open = APP.timed("/v1/home", "alice");
        assertThat(section(open.json(), "banners").get("reason").asText()).isEqualTo("CIRCUIT_OPEN");
        assertThat(marketing.requests(BANNERS)).as("no downstream call while open").isEqualTo(calls);
        assertThat(section(open.json(), "profile").get("status").asText()).isEqualTo("OK");
        String whileOpen = APP.prometheus();
        assertThat(sample(whileOpen, "hearth_port_circuit_state", "port", "banners")).contains(OPEN);
        assertThat(sample(whileOpen, "hearth_port_calls_total", "port", "banners", "outcome", "circuit_open"))
                .as("calls refused by the open circuit").hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(2));

        marketing.reset(); // banners answer again
        awaitTrue("the breaker half-opens after openDelay and lets a good trial call through", Duration.ofSeconds(20),
                () -> section(APP.json("/v1/home", "alice"), "banners").get("status").asText().equals("OK"));
        assertThat(APP.gauge(ResilienceMetrics.circuit("banners"))).as("one good trial call of two")
                .isEqualTo("HALF_OPEN");
        assertThat(sample(APP.prometheus(), "hearth_port_circuit_state", "port", "banners")).contains(HALF_OPEN);

        assertThat(section(APP.json("/v1/home", "alice"), "banners").get("status").asText()).isEqualTo("OK");
        assertThat(APP.gauge(ResilienceMetrics.circuit("banners"))).as("both trial calls good").isEqualTo("CLOSED");
        assertThat(sample(APP.prometheus(), "hearth_port_circuit_state", "port", "banners")).contains(CLOSED);
        assertThat(marketing.requests(BANNERS)).isEqualTo(2);
        assertNothingLeftRunning(APP);
    }

    @Test
    void aFailedTrialCallReopensTheBreaker() {
        marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1).willReturn(aResponse().withStatus(500)));
        openTheBreaker();

        // Requests fail fast until openDelay has passed; the first one after it is a trial call, and it fails.
        int calls = marketing.requests(BANNERS);
        String[] trial = new String[1];
        awaitTrue("a trial call after openDelay", Duration.ofSeconds(20), () -> {
            trial[0] = section(APP.json("/v1/home", "alice"), "banners").get("reason").asText();
            return marketing.requests(BANNERS) > calls;
        });
        assertThat(trial[0]).as("the trial call's own failure").isEqualTo("ERROR");
        assertThat(marketing.requests(BANNERS)).as("one trial call").isEqualTo(calls + 1);
        // The circuit stays OPEN until a call after openDelay, so these hold however slow the machine is.
        assertThat(APP.gauge(ResilienceMetrics.circuit("banners"))).as("re-opened").isEqualTo("OPEN");
        assertThat(sample(APP.prometheus(), "hearth_port_circuit_state", "port", "banners")).contains(OPEN);

        Timed again = APP.timed("/v1/home", "alice");
        assertThat(section(again.json(), "banners").get("reason").asText()).as("fails fast again")
                .isEqualTo("CIRCUIT_OPEN");
        assertThat(marketing.requests(BANNERS)).isEqualTo(calls + 1);

        marketing.reset();
        awaitTrue("closed again by two good trial calls", Duration.ofSeconds(20), () -> {
            APP.json("/v1/home", "alice");
            return APP.gauge(ResilienceMetrics.circuit("banners")).equals("CLOSED");
        });
        assertNothingLeftRunning(APP);
    }

    /** Fails banners until the breaker opens (at least minimumCalls, whatever earlier tests left in the window). */
    private void openTheBreaker() {
        String reason = "ERROR";
        for (int i = 0; i < 60 && !reason.equals("CIRCUIT_OPEN"); i++) {
            reason = section(APP.json("/v1/home", "alice"), "banners").get("reason").asText();
        }
        assertThat(reason).isEqualTo("CIRCUIT_OPEN");
    }
}
