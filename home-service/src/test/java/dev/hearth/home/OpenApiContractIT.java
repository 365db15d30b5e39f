package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.ports.domain.model.CustomerId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document (served at GET /openapi.yaml) against real answers of the whole application: every status the
 * API promises, body, content type and headers. A response that does not match the document fails the test.
 */
class OpenApiContractIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig();
    static OpenApiInteractionValidator validator;

    /** Reads the document from the running service, so what is tested is what clients get. */
    @BeforeAll
    static void readTheServedDocument() throws Exception {
        HttpResponse<String> served = APP.getAnonymous("/openapi.yaml");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        assertThat(served.body()).isEqualTo(Files.readString(Path.of("src", "main", "resources", "openapi.yaml")));
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(served.body()).build();
    }

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
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
        APP.sandboxFault("balance", "errorRate", "1");
        APP.sandboxFault("banners", "errorRate", "1");

        Exchange home = get("/v1/home", "alice");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("\"PARTIAL\"").contains("\"degraded\"").contains("\"FALLBACK\"");
        assertValid(home);
    }

    @Test
    void accountDetailIs200() throws Exception {
        JsonNode home = Http.json(get("/v1/home", "alice").body());
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
        APP.sandboxFault("profile", "errorRate", "1");
        APP.sandboxFault("legacyHome", "errorRate", "1"); // else legacy answers

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
        HttpRequest.Builder http = Http.request(APP.api(pathAndQuery));
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
        HttpResponse<String> answer = Http.send(http.build());
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

    static TokenIssuer issuer() {
        return APP.issuer();
    }

    static String token(String customer) {
        return APP.token(customer);
    }
}
