package dev.hearth.home.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.HomeConfiguration;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What ops see of Hearth on the admin port — Prometheus metrics, health checks — and in the logs: the request id on
 * every line of a request, no secrets. The whole application against its sandbox, with a breaker on banners.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ObservabilityIT {
    static final DropwizardAppExtension<HomeConfiguration> APP = new DropwizardAppExtension<>(HomeApplication.class,
            ResourceHelpers.resourceFilePath("observability-config.yml"));
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void resetSandbox() {
        admin("sandbox-reset", Map.of());
    }

    @Test
    void prometheusCountsTimeoutsErrorsRetriesAndSectionStatusesPerPort() {
        admin("sandbox-fault", Map.of("port", "cardList", "hang", "true"));
        assertThat(section(get("/v1/home", "alice"), "cardList").get("reason").asText()).isEqualTo("TIMEOUT");
        admin("sandbox-reset", Map.of());
        admin("sandbox-fault", Map.of("port", "balance", "errorRate", "1"));
        assertThat(section(get("/v1/home", "alice"), "accounts").get("status").asText()).isEqualTo("PARTIAL");

        String text = prometheus();

        assertThat(value(text, "hearth_port_cardList_timeouts")).isGreaterThan(0);
        assertThat(value(text, "hearth_port_balance_errors_ERROR")).isGreaterThan(0);
        assertThat(value(text, "hearth_port_balance_retries")).as("balance retries once").isGreaterThan(0);
        assertThat(value(text, "hearth_port_accounts_calls_count")).isGreaterThan(0);
        assertThat(value(text, "hearth_port_banners_circuit_state")).as("CLOSED or OPEN").isIn(0.0, 2.0);
        assertThat(value(text, "hearth_screen_home_section_cardList_status_FALLBACK")).isGreaterThan(0);
        assertThat(value(text, "hearth_screen_home_section_accounts_status_PARTIAL")).isGreaterThan(0);
        assertThat(value(text, "hearth_screen_home_section_accounts_latency_count")).isGreaterThan(0);
        assertThat(value(text, "hearth_screen_home_outcome_degraded")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "hearth_screen_home_latency_count")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "hearth_screen_home_in_flight")).isZero();
    }

    @Test
    void healthChecksNameTheDatabaseTheScreensAndADownstreamWhoseCircuitIsOpen() {
        JsonNode healthy = health(200);
        assertThat(healthy.get("database").get("healthy").asBoolean()).isTrue();
        assertThat(healthy.get("screens").get("message").asText()).isEqualTo("2 loaded [account-detail, home]");
        assertThat(healthy.get("downstream.marketing").get("healthy").asBoolean()).isTrue();

        admin("sandbox-fault", Map.of("port", "banners", "errorRate", "1"));
        for (int i = 0; i < 4; i++) {
            get("/v1/home", "alice");
        }

        JsonNode unhealthy = health(500);
        JsonNode marketing = unhealthy.get("downstream.marketing");
        assertThat(marketing.get("healthy").asBoolean()).isFalse();
        assertThat(marketing.get("message").asText()).contains("circuit OPEN for [banners]");
        assertThat(unhealthy.get("downstream.coreBanking").get("healthy").asBoolean()).isTrue();
        assertThat(unhealthy.get("database").get("healthy").asBoolean()).isTrue();
        assertThat(unhealthy.get("screens").get("healthy").asBoolean()).isTrue();
    }

    @Test
    void theRequestIdAndTheCallersTraceIdAreOnLinesLoggedFromPortCallThreads() {
        admin("sandbox-fault", Map.of("port", "balance", "errorRate", "1"));

        List<CapturedLogs.Line> lines;
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            Response response = request("/v1/home", "alice", Map.of("X-Request-Id", "obs-it-42",
                    "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            assertThat(response.getStatus()).isEqualTo(200);
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
        String token = token("bob");
        admin("sandbox-fault", Map.of("port", "balance", "errorRate", "1"));
        admin("sandbox-fault", Map.of("port", "cardDetails", "errorRate", "1"));

        List<CapturedLogs.Line> lines;
        try (CapturedLogs logs = CapturedLogs.start(Map.of("dev.hearth", Level.DEBUG))) {
            assertThat(request("/v1/home", token).getStatus()).isEqualTo(200);
            String account = section(body(request("/v1/home", token)), "accounts").get("data").get(0).get("id").asText();
            assertThat(request("/v1/screens/account-detail?accountId=" + account, token).getStatus())
                    .as("its required balance fails").isEqualTo(503);
            assertThat(request("/v1/home?access_token=" + token, token).getStatus()).isEqualTo(400);
            assertThat(request("/v1/home", token.substring(0, token.length() - 4) + "AAAA").getStatus()).isEqualTo(401);
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

    /** The value of the sample {@code name} (or {@code name_total}) without labels; fails when there is none. */
    static double value(String text, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(?:_total)? (\\S+)$", Pattern.MULTILINE).matcher(text);
        if (m.find()) {
            return Double.parseDouble(m.group(1));
        }
        String prefix = name.substring(0, name.lastIndexOf('_'));
        throw new AssertionError("no sample " + name + " in /prometheus; near it:\n" + String.join("\n",
                text.lines().filter(l -> l.startsWith(prefix)).toList()));
    }

    static String prometheus() {
        try (Response response = APP.client().target(adminUrl("/prometheus")).request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            return response.readEntity(String.class);
        }
    }

    static JsonNode health(int status) {
        try (Response response = APP.client().target(adminUrl("/healthcheck")).request().get()) {
            String text = response.readEntity(String.class);
            assertThat(response.getStatus()).as(text).isEqualTo(status);
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String adminUrl(String path) {
        return "http://127.0.0.1:" + APP.getAdminPort() + path;
    }

    static String token(String customer) {
        HomeConfiguration config = APP.getConfiguration();
        return new TokenIssuer(config.getSandbox().getSigningKey(), config.getAuth().getIssuer(),
                config.getAuth().getAudience()).issue(new CustomerId(customer), "home:read", Instant.now(),
                Duration.ofMinutes(5));
    }

    static JsonNode get(String path, String customer) {
        return body(request(path, token(customer)));
    }

    static Response request(String path, String token) {
        return request(path, token, Map.of());
    }

    static Response request(String path, String customerOrToken, Map<String, String> headers) {
        String token = customerOrToken.contains(".") ? customerOrToken : token(customerOrToken);
        var request = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path).request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        for (var header : headers.entrySet()) {
            request = request.header(header.getKey(), header.getValue());
        }
        Response response = request.get();
        response.bufferEntity();
        return response;
    }

    static JsonNode body(Response response) {
        String text = response.readEntity(String.class);
        assertThat(response.getStatus()).as(text).isEqualTo(200);
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static JsonNode section(JsonNode screen, String id) {
        return StreamSupport.stream(screen.get("sections").spliterator(), false)
                .filter(section -> section.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no section " + id + " in " + screen));
    }

    static void admin(String task, Map<String, String> params) {
        var target = APP.client().target(adminUrl("/tasks/" + task));
        for (var param : params.entrySet()) {
            target = target.queryParam(param.getKey(), param.getValue());
        }
        try (Response response = target.request().post(Entity.text(""))) {
            assertThat(response.getStatus()).as("admin task %s", task).isEqualTo(200);
        }
    }
}
