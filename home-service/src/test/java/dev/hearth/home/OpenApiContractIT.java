package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document (served at GET /openapi.yaml) against real answers of the whole application: every status the
 * API promises, body, content type and headers. A response that does not match the document fails the test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiContractIT {
    static final DropwizardAppExtension<HomeConfiguration> APP = new DropwizardAppExtension<>(HomeApplication.class,
            ResourceHelpers.resourceFilePath("test-config.yml"));
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static OpenApiInteractionValidator validator;

    /** Reads the document from the running service, so what is tested is what clients get. */
    @BeforeAll
    static void readTheServedDocument() throws Exception {
        HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(URI.create(url("/openapi.yaml"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        assertThat(served.body()).isEqualTo(Files.readString(Path.of("src", "main", "resources", "openapi.yaml")));
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(served.body()).build();
    }

    @AfterEach
    void resetSandbox() throws Exception {
        admin("sandbox-reset", Map.of());
    }

    @Test
    void homeIs200WithTheScreenContract() throws Exception {
        Exchange home = get("/v1/home", "alice");

        assertThat(home.status()).isEqualTo(200);
        assertValid(home);
        assertThat(home.response().getHeaderValues("X-Hearth-Complete")).containsExactly("true");
        assertThat(home.response().getHeaderValues("X-Request-Id")).hasSize(1);
    }

    @Test
    void aDegradedHomeIs200WithStatusesReasonsAndDegradedPaths() throws Exception {
        admin("sandbox-fault", Map.of("port", "balance", "errorRate", "1"));
        admin("sandbox-fault", Map.of("port", "banners", "errorRate", "1"));

        Exchange home = get("/v1/home", "alice");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("\"PARTIAL\"").contains("\"degraded\"").contains("\"FALLBACK\"");
        assertValid(home);
    }

    @Test
    void accountDetailIs200() throws Exception {
        JsonNode home = JSON.readTree(get("/v1/home", "alice").body());
        String account = null;
        for (JsonNode section : home.get("sections")) {
            if (section.get("id").asText().equals("accounts")) {
                account = section.get("data").get(0).get("id").asText();
            }
        }

        Exchange detail = get("/v1/screens/account-detail?accountId=" + account, "alice");

        assertThat(detail.status()).isEqualTo(200);
        assertValid(detail);
        assertValid(get("/v1/screens/home/sections/cards", "alice"));
    }

    @Test
    void noTokenIs401() throws Exception {
        Exchange unauthorized = get("/v1/home", null);

        assertThat(unauthorized.status()).isEqualTo(401);
        assertValid(unauthorized);
    }

    @Test
    void aTokenWithoutTheScopeIs403() throws Exception {
        String noScope = issuer().issue(new CustomerId("alice"), "payments:write", Instant.now(), Duration.ofMinutes(5));

        Exchange forbidden = send("/v1/home", noScope);

        assertThat(forbidden.status()).isEqualTo(403);
        assertValid(forbidden);
    }

    @Test
    void anUnknownScreenAndAnotherCustomersAccountAre404() throws Exception {
        Exchange unknown = get("/v1/screens/nope", "alice");
        Exchange notYours = get("/v1/screens/account-detail?accountId=bob-acc-1", "alice");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(notYours.status()).isEqualTo(404);
        assertValid(unknown);
        assertValid(notYours);
    }

    @Test
    void aMissingParameterIs400() throws Exception {
        Exchange missing = get("/v1/screens/account-detail", "alice");

        assertThat(missing.status()).isEqualTo(400);
        assertValid(missing);
    }

    @Test
    void aFailedRequiredSectionIs503() throws Exception {
        admin("sandbox-fault", Map.of("port", "profile", "errorRate", "1"));
        admin("sandbox-fault", Map.of("port", "legacyHome", "errorRate", "1")); // else legacy answers

        Exchange unavailable = get("/v1/home", "alice");

        assertThat(unavailable.status()).isEqualTo(503);
        assertValid(unavailable);
    }

    /** The test has teeth: answers that differ from the document are reported. */
    @Test
    void aResponseThatDoesNotMatchTheDocumentIsReported() throws Exception {
        Exchange home = get("/v1/home", "alice");
        String body = home.body();

        assertThat(report(home.path(), home.status(), "application/json",
                body.replaceFirst("\"status\":\"OK\"", "\"status\":\"FINE\""), true)).isNotEmpty();
        assertThat(report(home.path(), home.status(), "application/json",
                body.replaceFirst("\"screen\":\"home\"", "\"screen\":\"home\",\"debug\":1"), true)).isNotEmpty();
        assertThat(report(home.path(), home.status(), "application/json", body, false))
                .as("without X-Hearth-Complete").isNotEmpty();
        assertThat(report(home.path(), 404, "application/json", "{\"error\":\"nope\"}", true)).isNotEmpty();
    }

    private static String report(String path, int status, String contentType, String body, boolean completeHeader) {
        SimpleResponse.Builder response = new SimpleResponse.Builder(status).withContentType(contentType)
                .withHeader("X-Request-Id", "r-1").withBody(body);
        if (completeHeader) {
            response.withHeader("X-Hearth-Complete", "true");
        }
        return errors(validator.validateResponse(path, Request.Method.GET, response.build()));
    }

    private static void assertValid(Exchange exchange) {
        ValidationReport report = validator.validate(exchange.request(), exchange.response());
        assertThat(errors(report)).as("%s %s: %s", exchange.path(), exchange.status(), exchange.body()).isEmpty();
    }

    private static String errors(ValidationReport report) {
        StringBuilder out = new StringBuilder();
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> out.append(m.getKey()).append(": ").append(m.getMessage()).append('\n'));
        return out.toString();
    }

    /** One real request and its answer, in the validator's terms. */
    record Exchange(String path, int status, String body, Request request,
            com.atlassian.oai.validator.model.Response response) {
    }

    private static Exchange get(String pathAndQuery, String customer) throws Exception {
        return send(pathAndQuery, customer == null ? null : token(customer));
    }

    private static Exchange send(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(url(pathAndQuery)));
        URI uri = URI.create(pathAndQuery);
        SimpleRequest.Builder request = SimpleRequest.Builder.get(uri.getPath());
        if (token != null) {
            http.header("Authorization", "Bearer " + token);
            request.withAuthorization("Bearer " + token);
        }
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        HttpResponse<String> answer = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        SimpleResponse.Builder response = new SimpleResponse.Builder(answer.statusCode()).withBody(answer.body());
        answer.headers().map().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                response.withContentType(values.getFirst());
            } else {
                response.withHeader(name, values);
            }
        });
        return new Exchange(uri.getPath(), answer.statusCode(), answer.body(), request.build(), response.build());
    }

    private static void admin(String task, Map<String, String> params) throws Exception {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=').append(v));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort()
                + "/tasks/" + task + query)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("admin task %s", task).isEqualTo(200);
    }

    static TokenIssuer issuer() {
        HomeConfiguration config = APP.getConfiguration();
        return new TokenIssuer(config.getSandbox().getSigningKey(), config.getAuth().getIssuer(), config.getAuth().getAudience());
    }

    static String token(String customer) {
        return issuer().issue(new CustomerId(customer), "home:read", Instant.now(), Duration.ofMinutes(5));
    }

    static String url(String path) {
        return "http://127.0.0.1:" + APP.getLocalPort() + path;
    }
}
