package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.home.resilience.StubbedDownstreams.BUDGET;
import static dev.hearth.home.resilience.StubbedDownstreams.MARGIN;
import static dev.hearth.home.resilience.StubbedDownstreams.POLICIES;
import static dev.hearth.home.resilience.StubbedDownstreams.PROFILE;
import static dev.hearth.home.resilience.StubbedDownstreams.assertNothingLeftRunning;
import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Timed;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Profile's retries against the whole application ({@link StubbedDownstreams}, {@link StubbedDownstreams#POLICIES}):
 * they stop at the screen's deadline, wait what Retry-After asks when it fits the deadline, and give up when it does
 * not. The patient screen (profile alone, 3 s) has room for a Retry-After of a second.
 */
class RetryIT {
    @RegisterExtension
    static final StubbedDownstreams STUBS = new StubbedDownstreams(POLICIES);
    static final HearthApp APP = STUBS.app;
    static final StubbedDownstreams.Downstream core = STUBS.core;

    @Test
    void retriesAgainstASlow503StopAtTheDeadline() throws InterruptedException {
        core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withFixedDelay(150)));

        Timed timed = APP.timed("/v1/home", "alice");

        assertThat(timed.took()).isLessThan(BUDGET.plus(MARGIN));
        assertThat(timed.response().statusCode()).isEqualTo(503);
        assertThat(timed.json().get("detail").asText()).contains("'profile'");
        assertNothingLeftRunning(APP);
        int attempts = core.requests(PROFILE);
        // 800 ms of budget, 150 ms per attempt plus 20-100 ms pauses: more than one try, never all ten
        assertThat(attempts).isBetween(2, 7);
        Thread.sleep(500);
        assertThat(core.requests(PROFILE)).as("no attempt after the answer").isEqualTo(attempts);
    }

    @Test
    void retryAfterIsHonouredWhenItFitsTheDeadline() {
        core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ready")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1).inScenario("busy")
                .whenScenarioStateIs("ready")
                .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + STUBS.sandboxPort)));

        Timed timed = APP.timed("/v1/screens/patient", "alice");

        assertThat(timed.response().statusCode()).isEqualTo(200);
        assertThat(section(timed.json(), "profile").get("status").asText()).isEqualTo("OK");
        assertThat(core.requests(PROFILE)).isEqualTo(2);
        assertThat(timed.took()).as("waited what Retry-After asked").isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retryAfterBeyondTheDeadlineIsNotWaitedFor() {
        core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));

        Timed timed = APP.timed("/v1/screens/patient", "alice");

        assertThat(timed.response().statusCode()).isEqualTo(503);
        assertThat(timed.json().get("detail").asText()).contains("'profile'").contains("(ERROR)");
        assertThat(core.requests(PROFILE)).as("gave up instead of waiting 30 s").isEqualTo(1);
        assertThat(timed.took()).isLessThan(Duration.ofMillis(2500));
    }
}
