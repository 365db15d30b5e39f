package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.home.resilience.StubbedDownstreams.BANNERS;
import static dev.hearth.home.resilience.StubbedDownstreams.BUDGET;
import static dev.hearth.home.resilience.StubbedDownstreams.MARGIN;
import static dev.hearth.home.resilience.StubbedDownstreams.PROFILE;
import static dev.hearth.home.resilience.StubbedDownstreams.assertNothingLeftRunning;
import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.hearth.home.resilience.StubbedDownstreams.Downstream;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Timed;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of downstream fault, against the whole application ({@link StubbedDownstreams}: marketing and core
 * banking stubbed, the rest the sandbox). Each cell checks the section's status and reason, that the answer came
 * within the home screen's budget plus a generous margin, and that afterwards nothing of the request still runs: no
 * port call in flight and no connection leased from either pool. Breakers off, so every cell sees its own fault
 * rather than an open circuit.
 *
 * <p>The policies at work on top of these faults have files of their own: {@link CircuitBreakerIT}, {@link RetryIT},
 * {@link SheddingIT}, {@link BulkheadIT}, {@link ConfigReloadIT} and {@link ScreenFilesIT}.
 */
class FaultMatrixIT {
    @RegisterExtension
    static final StubbedDownstreams STUBS = new StubbedDownstreams("""
            ports:
              defaults:
                circuitBreaker: { enabled: false }
              banners: { timeout: 250ms }
            """);
    static final HearthApp APP = STUBS.app;
    static final Downstream marketing = STUBS.marketing;
    static final Downstream core = STUBS.core;

    /** The cells: what the downstream does, and the reason the section must report ("OK" for none). */
    enum Cell {
        LATENCY_UNDER_DEADLINE("OK"),
        LATENCY_OVER_DEADLINE("TIMEOUT"),
        HANG("TIMEOUT"),
        STATUS_500("ERROR"),
        STATUS_503_RETRY_AFTER("ERROR"),
        CONNECTION_REFUSED("ERROR"),
        CONNECTION_RESET("ERROR"),
        MALFORMED_JSON("BAD_RESPONSE"),
        WRONG_SHAPE("BAD_RESPONSE"),
        HUGE_BODY("BAD_RESPONSE"),
        SLOW_DRIBBLE("TIMEOUT");

        final String reason;

        Cell(String reason) {
            this.reason = reason;
        }

        /** How the endpoint answers; empty for CONNECTION_REFUSED (the server is stopped instead). */
        ResponseDefinitionBuilder answer(String validBody) {
            return switch (this) {
                case LATENCY_UNDER_DEADLINE -> okJson(validBody).withFixedDelay(50);
                case LATENCY_OVER_DEADLINE -> okJson(validBody).withFixedDelay(1_500);
                case HANG -> okJson(validBody).withFixedDelay(15_000);
                case STATUS_500 -> aResponse().withStatus(500).withBody("{\"detail\":\"boom\"}");
                case STATUS_503_RETRY_AFTER -> aResponse().withStatus(503).withHeader("Retry-After", "1");
                case CONNECTION_REFUSED -> null;
                case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
                case MALFORMED_JSON -> okJson(validBody.substring(0, validBody.length() / 2));
                case WRONG_SHAPE -> okJson("[{\"unexpected\": true}]");
                case HUGE_BODY -> okJson("{\"padding\": \"" + "x".repeat((1 << 20) + (1 << 18)) + "\"}"); // over the 1 MiB limit
                case SLOW_DRIBBLE -> okJson(validBody).withChunkedDribbleDelay(20, 4_000);
            };
        }
    }

    static Stream<Arguments> cells() {
        return Stream.of(Cell.values()).map(Arguments::of);
    }

    @ParameterizedTest(name = "optional banners: {0}")
    @MethodSource("cells")
    void optionalBanners(Cell cell) {
        inject(marketing, BANNERS, cell, "{\"banners\": [{\"id\": \"b1\", \"title\": \"Hi\", \"imageUrl\": \"https://x/y.png\", \"link\": \"https://x\"}]}");

        Timed timed = APP.timed("/v1/home", "alice");

        assertThat(timed.took()).as("answered within budget + margin").isLessThan(BUDGET.plus(MARGIN));
        assertThat(timed.response().statusCode()).isEqualTo(200);
        JsonNode banners = section(timed.json(), "banners");
        if (cell.reason.equals("OK")) {
            assertThat(banners.get("status").asText()).isEqualTo("OK");
            assertThat(banners.get("data")).hasSize(1);
        } else {
            assertThat(banners.get("status").asText()).isEqualTo("FALLBACK");
            assertThat(banners.get("reason").asText()).isEqualTo(cell.reason);
            assertThat(banners.get("data")).isEmpty();
        }
        assertThat(section(timed.json(), "accounts").get("status").asText()).isEqualTo("OK");
        assertNothingLeftRunning(APP);
    }

    @ParameterizedTest(name = "required profile: {0}")
    @MethodSource("cells")
    void requiredProfile(Cell cell) {
        inject(core, PROFILE, cell, "{\"customerId\": \"alice\", \"displayName\": \"Alice Example\", \"segment\": \"PREMIUM\"}");
        // With core banking refused, the required accounts section fails at the same moment as profile, and the
        // 503 may name either; the section refetch runs profile alone.
        String path = cell == Cell.CONNECTION_REFUSED ? "/v1/screens/home/sections/profile" : "/v1/home";

        Timed timed = APP.timed(path, "alice");

        assertThat(timed.took()).as("answered within budget + margin").isLessThan(BUDGET.plus(MARGIN));
        if (cell.reason.equals("OK")) {
            assertThat(timed.response().statusCode()).isEqualTo(200);
            assertThat(section(timed.json(), "profile").get("status").asText()).isEqualTo("OK");
        } else {
            assertThat(timed.response().statusCode()).isEqualTo(503);
            assertThat(timed.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(timed.json().get("detail").asText()).contains("'profile'").contains("(" + cell.reason + ")");
        }
        assertNothingLeftRunning(APP);
    }

    private static void inject(Downstream downstream, String path, Cell cell, String validBody) {
        if (cell == Cell.CONNECTION_REFUSED) {
            downstream.server.stop();
        } else {
            downstream.server.stubFor(get(urlPathEqualTo(path)).atPriority(1).willReturn(cell.answer(validBody)));
        }
    }
}
