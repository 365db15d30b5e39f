package dev.hearth.home.observability;

import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What ops see of Hearth on the admin port — Prometheus metrics, health checks — and in the logs: the request id on
 * every line of a request, no secrets. The whole application against its sandbox, with a breaker on banners.
 */
class ObservabilityIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onResource("observability-config.yml");

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void prometheusCountsTimeoutsErrorsRetriesAndSectionStatusesPerPort() {
        APP.sandboxFault("cardList", "hang", "true");
        assertThat(section(get("/v1/home", "alice"), "cardList").get("reason").asText()).isEqualTo("TIMEOUT");
        APP.sandboxReset();
        APP.sandboxFault("balance", "errorRate", "1");
        assertThat(section(get("/v1/home", "alice"), "accounts").get("status").asText()).isEqualTo("PARTIAL");

        String text = APP.prometheus();

        assertThat(value(text, "hearth_port_calls_total", "port", "cardList", "outcome", "timeout")).isGreaterThan(0);
        assertThat(value(text, "hearth_port_calls_total", "port", "balance", "outcome", "error")).isGreaterThan(0);
        assertThat(value(text, "hearth_port_retries_total", "port", "balance")).as("balance retries once")
                .isGreaterThan(0);
        assertThat(value(text, "hearth_port_call_duration_seconds_count", "port", "accounts", "outcome", "ok"))
                .isGreaterThan(0);
        assertThat(value(text, "hearth_port_call_duration_seconds_sum", "port", "accounts", "outcome", "ok"))
                .as("seconds, not nanoseconds").isBetween(0.0, 60.0 * value(text,
                        "hearth_port_call_duration_seconds_count", "port", "accounts", "outcome", "ok"));
        assertThat(value(text, "hearth_port_call_duration_seconds_bucket", "port", "cardList", "outcome", "timeout",
                "le", "+Inf")).isGreaterThan(0);
        // banners' circuit is OPEN (for 10 minutes) once the health check test has run, CLOSED before
        String circuit = bannersCircuit();
        assertThat(value(text, "hearth_port_circuit_state", "port", "banners")).as(circuit)
                .isEqualTo(circuit.equals("OPEN") ? 2.0 : 0.0);
        assertThat(value(text, "hearth_port_circuit_open", "port", "banners")).as(circuit)
                .isEqualTo(circuit.equals("OPEN") ? 1.0 : 0.0);
        assertThat(value(text, "hearth_section_results_total", "screen", "home", "section", "cardList",
                "status", "FALLBACK", "reason", "TIMEOUT")).isGreaterThan(0);
        assertThat(value(text, "hearth_section_results_total", "screen", "home", "section", "accounts",
                "status", "PARTIAL", "reason", "none")).isGreaterThan(0);
        assertThat(value(text, "hearth_section_duration_seconds_count", "screen", "home", "section", "accounts",
                "status", "PARTIAL")).isGreaterThan(0);
        assertThat(value(text, "hearth_screen_duration_seconds_count", "screen", "home", "outcome", "degraded"))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(text, "hearth_screen_duration_seconds_bucket", "screen", "home", "outcome", "degraded",
                "le", "5.0")).as("the largest bucket holds every degraded home of these tests").isGreaterThanOrEqualTo(2);
        assertThat(value(text, "hearth_screen_in_flight", "screen", "home")).isZero();
        assertThat(value(text, "hearth_downstream_leased_connections", "downstream", "coreBanking"))
                .isGreaterThanOrEqualTo(0);
        assertThat(value(text, "hearth_engine_in_flight_calls")).isGreaterThanOrEqualTo(0);
        assertThat(value(text, "hearth_engine_scheduler_lag_seconds")).isBetween(0.0, 60.0);
        assertThat(text).as("the port is a label, not part of the name")
                .doesNotContain("hearth_port_cardList_").doesNotContain("hearth_screen_home_")
                .doesNotContain("_downstream_cards_").doesNotContain("HttpConnectionFactory");
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE hearth_") && l.endsWith(" summary")))
                .as("no summary of Hearth's: instances must add up").isEmpty();
        assertThat(text).as("no quantiles, which cannot be added up").doesNotContain("quantile=");
        assertThat(text).containsPattern("(?m)^hearth_screens_info\\{screens_version=\"[0-9a-f]{12}\"} 1(\\.0)?$");
        assertThat(value(text, "process_cpu_seconds_total")).as("standard process metrics").isPositive();
        assertThat(value(text, "jvm_memory_used_bytes", "area", "heap")).as("standard JVM metrics").isPositive();
    }

    @Test
    void twoPortsSamplesShareOneFamilyAndNoFamilyIsExportedTwice() {
        APP.sandboxFault("cardList", "hang", "true");
        APP.sandboxFault("banners", "hang", "true");
        get("/v1/home", "alice");

        String text = APP.prometheus();

        assertThat(value(text, "hearth_port_calls_total", "port", "cardList", "outcome", "timeout")).isGreaterThan(0);
        assertThat(value(text, "hearth_port_calls_total", "port", "banners", "outcome", "timeout")).isGreaterThan(0);
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE hearth_port_calls_total ")).toList())
                .containsExactly("# TYPE hearth_port_calls_total counter");
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE hearth_port_call_duration_seconds ")).toList())
                .containsExactly("# TYPE hearth_port_call_duration_seconds histogram");
        List<String> families = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        assertThat(families).as("each family once").doesNotHaveDuplicates();
    }

    @Test
    void noLabelCarriesACustomerARequestIdOrAnUnknownScreen() {
        String account = section(get("/v1/home", "alice"), "accounts").get("data").get(0).get("id").asText();
        request("/v1/screens/account-detail?accountId=" + account, "alice", Map.of("X-Request-Id", "obs-it-label-7"));
        assertThat(request("/v1/screens/no-such-screen-x9", "alice").statusCode()).isIn(400, 404);

        String text = APP.prometheus();

        assertThat(text).as("the account screen was counted")
                .containsPattern("(?m)^hearth_screen_duration_seconds_count\\{outcome=\"[a-z]+\",screen=\"account-detail\"}");
        assertThat(text).doesNotContain("alice").doesNotContain(account).doesNotContain("obs-it-label-7")
                .doesNotContain("no-such-screen-x9");
    }

    @Test
    void aPartnershipThatIsNotFoundIsCountedAsNotFoundNotAsAnError() {
        // alice-acc-2 has no partner programme in the sandbox: the partnership port answers 404 for it
        String before = APP.prometheus();
        double errorsBefore = value(before, "hearth_port_calls_total", "port", "partnership", "outcome", "error");
        double notFoundBefore = value(before, "hearth_port_calls_total", "port", "partnership", "outcome", "not_found");
        long failuresBefore = partnershipFailures();

        assertThat(section(get("/v1/home", "alice"), "accounts").get("status").asText()).isIn("OK", "PARTIAL");

        String after = APP.prometheus();
        assertThat(value(after, "hearth_port_calls_total", "port", "partnership", "outcome", "not_found"))
                .isGreaterThan(notFoundBefore);
        assertThat(value(after, "hearth_port_calls_total", "port", "partnership", "outcome", "error"))
                .as("not found is not an error").isEqualTo(errorsBefore);
        assertThat(partnershipFailures()).as("nor a failure for the partners health check").isEqualTo(failuresBefore);
    }

    @Test
    void healthChecksNameTheDatabaseTheScreensAndADownstreamWhoseCircuitIsOpen() {
        // Not a 200 overall: other tests' failing balance and cardDetails calls (breakers disabled) may still be half
        // of their ports' last 30 s, which makes coreBanking and cards unhealthy (DownstreamHealthCheckTest).
        JsonNode healthy = health();
        assertThat(healthy.get("database").get("healthy").asBoolean()).isTrue();
        assertThat(healthy.get("screens").get("message").asText()).isEqualTo("2 loaded [account-detail, home]");
        assertThat(healthy.get("downstream.marketing").get("healthy").asBoolean()).isTrue();

        APP.sandboxFault("banners", "errorRate", "1");
        // Failing calls until the circuit opens: 3 at least (minimumCalls), more when other tests' banners calls in
        // the breaker's one-minute window were successes (a timeout while this busy JVM ran late counts as one).
        for (int i = 0; i < 20 && !"OPEN".equals(bannersCircuit()); i++) {
            get("/v1/home", "alice");
        }

        JsonNode unhealthy = health(500);
        JsonNode marketing = unhealthy.get("downstream.marketing");
        assertThat(marketing.get("healthy").asBoolean()).isFalse();
        assertThat(marketing.get("message").asText()).contains("circuit OPEN for [banners]");
        assertThat(unhealthy.get("downstream.openBanking").get("healthy").asBoolean()).isTrue();
        assertThat(unhealthy.get("database").get("healthy").asBoolean()).isTrue();
        assertThat(unhealthy.get("screens").get("healthy").asBoolean()).isTrue();

        assertThat(section(get("/v1/home", "alice"), "banners").get("reason").asText()).isEqualTo("CIRCUIT_OPEN");
        String text = APP.prometheus();
        assertThat(value(text, "hearth_port_circuit_state", "port", "banners")).as("OPEN").isEqualTo(2.0);
        assertThat(value(text, "hearth_port_circuit_open", "port", "banners")).isEqualTo(1.0);
        assertThat(value(text, "hearth_port_calls_total", "port", "banners", "outcome", "circuit_open")).isPositive();
    }

    @Test
    void theRequestIdAndTheCallersTraceIdAreOnLinesLoggedFromPortCallThreads() {
        APP.sandboxFault("balance", "errorRate", "1");

        List<CapturedLogs.Line> lines;
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            HttpResponse<String> response = request("/v1/home", "alice", Map.of("X-Request-Id", "obs-it-42",
                    "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            assertThat(response.statusCode()).isEqualTo(200);
            lines = logs.lines();
        }

        List<CapturedLogs.Line> fromCalls = lines.stream().filter(l -> l.thread().startsWith("hearth-call-")).toList();
        assertThat(fromCalls).as("lines logged on port-call threads: %s", lines).isNotEmpty();
        assertThat(fromCalls).allSatisfy(line -> assertThat(line.mdc()).containsEntry("requestId", "obs-it-42")
                .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(fromCalls).anySatisfy(line -> assertThat(line.text()).contains("port 'balance'"));
    }

    @Test
    void logsHoldNeitherTheBearerTokenNorAFullAccountNumber() {
        String token = APP.token("bob");
        APP.sandboxFault("balance", "errorRate", "1");
        APP.sandboxFault("cardDetails", "errorRate", "1");

        List<CapturedLogs.Line> lines;
        try (CapturedLogs logs = CapturedLogs.start(Map.of("dev.hearth", Level.DEBUG))) {
            assertThat(request("/v1/home", token).statusCode()).isEqualTo(200);
            String account = section(body(request("/v1/home", token)), "accounts").get("data").get(0).get("id").asText();
            assertThat(request("/v1/screens/account-detail?accountId=" + account, token).statusCode())
                    .as("its required balance fails").isEqualTo(503);
            assertThat(request("/v1/home?access_token=" + token, token).statusCode()).isEqualTo(400);
            assertThat(request("/v1/home", token.substring(0, token.length() - 4) + "AAAA").statusCode()).isEqualTo(401);
            lines = logs.lines();
        }

        assertThat(lines).as("the failing ports were logged").isNotEmpty();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        Pattern fullIban = Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\\b");
        for (CapturedLogs.Line line : lines) {
            assertThat(line.toString()).as("a log line").doesNotContain(token).doesNotContain(signature);
            assertThat(fullIban.matcher(line.toString()).find()).as("a full IBAN in: %s", line).isFalse();
        }
    }

    /**
     * The value of the sample {@code name} whose labels are exactly {@code labels} (name, value, name, value, ...; in
     * any order); fails when there is none.
     */
    static double value(String text, String name, String... labels) {
        return PrometheusText.sample(text, name, labels).orElseThrow(() -> new AssertionError("no sample " + name
                + PrometheusText.labels(labels) + " in /prometheus; near it:\n" + String.join("\n",
                        text.lines().filter(l -> l.startsWith(name.substring(0, name.lastIndexOf('_')))).toList())));
    }

    static String bannersCircuit() {
        return (String) APP.gauge("hearth.port.banners.circuit");
    }

    static long partnershipFailures() {
        return APP.environment().metrics().meter(MetricNames.portFailures("partnership")).getCount();
    }

    static JsonNode health(int status) {
        return Http.body(APP.adminGet("/healthcheck"), status);
    }

    /** Every check's result, whatever the overall status. */
    static JsonNode health() {
        HttpResponse<String> response = APP.adminGet("/healthcheck");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 500);
        return Http.json(response.body());
    }

    static JsonNode get(String path, String customer) {
        return APP.json(path, customer);
    }

    static HttpResponse<String> request(String path, String customerOrToken) {
        return APP.get(path, customerOrToken);
    }

    static HttpResponse<String> request(String path, String customerOrToken, Map<String, String> headers) {
        return APP.get(path, customerOrToken, headers);
    }

    static JsonNode body(HttpResponse<String> response) {
        return Http.body(response, 200);
    }
}
