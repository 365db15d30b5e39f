package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.adapter.in.rest.Problem;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.home.testing.RawHttp;
import dev.hearth.ports.domain.model.CustomerId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document (served at GET /openapi.yaml) against real answers of the whole application: every status the
 * API promises, body, content type and headers. A response that does not match the document fails the test.
 */
class OpenApiContractIT {
    // Card details in batches of 5 (issue 28's batching), so half of the calls failing leaves some of carol's cards
    // but not all (all or none would be 1 in 10^6), as with one call per card.
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().override("ports.cardDetails.batchSize", "5");
    static OpenApiInteractionValidator validator;

    /** Reads the document from the running service, so what is tested is what clients get. */
    @BeforeAll
    static void readTheServedDocument() throws Exception {
        HttpResponse<String> served = APP.getAnonymous("/openapi.yaml");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        assertThat(served.body()).isEqualTo(Files.readString(Path.of("src", "main", "resources", "openapi.yaml")));
        // Combinators resolved: each problem response is the Problem schema (no other property allowed) allOf its own
        // type enum, which only a merged schema reads as meant (aResponseThatDoesNotMatchTheDocumentIsReported).
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(served.body())
                .withResolveCombinators(true).build();
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
    void anOldAppsHomeNamesItsVariantInTheBodyAndTheHeader() throws Exception {
        Exchange home = send("/v1/home", token("alice"), Map.of("X-App-Platform", "ios", "X-App-Version", "1.4"));
        Exchange screen = send("/v1/screens/home", token("alice"), Map.of("X-App-Version", "2.0"));

        assertValid(home);
        assertValid(screen);
        assertThat(home.body()).contains("\"variant\":\"legacy-apps\"").doesNotContain("\"openBanking\"");
        assertThat(home.response().getHeaderValues("X-Hearth-Variant")).containsExactly("legacy-apps");
        assertThat(screen.body()).contains("\"variant\":\"default\"").contains("\"openBanking\"");
        assertThat(screen.response().getHeaderValues("X-Hearth-Variant")).containsExactly("default");
        assertThat(report("/v1/screens/home", screen.status(), "application/json",
                screen.body().replace("\"variant\":\"default\"", "\"variant\":\"Default!\""), true))
                .as("a variant that is no variant name").isNotEmpty();
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
    void aHomeWithSomeCardsMissingSaysHowManyItAskedForAndReturned() throws Exception {
        APP.sandboxFault("cardDetails", "errorRate", "0.5");

        Exchange home = get("/v1/home", "carol");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("\"items\":{\"asked\":100,\"returned\":");
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

    // --- what a hostile or careless client gets (issue 27), sent over a plain socket as it is ---

    @Test
    void aHundredKilobyteTokenIs431() {
        Exchange tooLarge = raw("GET", "/v1/home", Map.of("Authorization", "Bearer " + "a".repeat(100 * 1024)));

        assertThat(tooLarge.status()).isEqualTo(431);
        assertValidResponse(tooLarge, "/v1/home", "header-too-large");
    }

    @Test
    void aTenKilobyteAccountIdIs414() {
        Exchange tooLong = raw("GET", "/v1/screens/account-detail?accountId=" + "1".repeat(10 * 1024), bearer("alice"));

        assertThat(tooLong.status()).isEqualTo(414);
        assertValidResponse(tooLong, "/v1/screens/account-detail", "uri-too-long");
    }

    @Test
    void anAmbiguousPathIs400() {
        Exchange ambiguous = raw("GET", "/v1/screens/..%2Fhome", bearer("alice"));

        assertThat(ambiguous.status()).isEqualTo(400);
        assertValidResponse(ambiguous, "/v1/screens/..%2Fhome", "ambiguous-path");
    }

    @Test
    void aControlCharacterInThePathIs400() {
        Exchange suspicious = raw("GET", "/v1/screens/home%18", bearer("alice"));

        assertThat(suspicious.status()).isEqualTo(400);
        assertValidResponse(suspicious, "/v1/screens/home%18", "suspicious-path-character");
    }

    @Test
    void aMalformedAcceptIs400() {
        Map<String, String> headers = new LinkedHashMap<>(bearer("alice"));
        headers.put("Accept", ";;;");

        Exchange malformed = raw("GET", "/v1/home", headers);

        assertThat(malformed.status()).isEqualTo(400);
        assertValidResponse(malformed, "/v1/home", "malformed-header");
    }

    @Test
    void anAcceptTheApiCannotAnswerIs406() {
        Map<String, String> headers = new LinkedHashMap<>(bearer("alice"));
        headers.put("Accept", "text/html");

        Exchange notAcceptable = raw("GET", "/v1/screens/home", headers);

        assertThat(notAcceptable.status()).isEqualTo(406);
        assertValidResponse(notAcceptable, "/v1/screens/home", "not-acceptable");
    }

    /**
     * OpenAPI describes the methods a path has, not the ones it refuses: a 405 is in the document as a response of
     * the path's GET, which is where it is checked.
     */
    @Test
    void traceAndAWrongMethodAre405() {
        Exchange trace = raw("TRACE", "/v1/home", bearer("alice"));
        Map<String, String> post = new LinkedHashMap<>(bearer("alice"));
        post.put("Content-Length", "0");
        Exchange wrong = raw("POST", "/v1/screens/home/sections/cards", post);

        assertThat(trace.status()).isEqualTo(405);
        assertThat(wrong.status()).isEqualTo(405);
        assertValidResponse(trace, "/v1/home", "method-not-allowed");
        assertValidResponse(wrong, "/v1/screens/home/sections/cards", "method-not-allowed");
    }

    /**
     * A path the API does not have has no operation in the document to check against: its answer must be the
     * document's NotFound, checked as an unknown screen's (which gets the same).
     */
    @Test
    void anUnknownPathIs404() {
        Exchange unknown = raw("GET", "/v1/nope", bearer("alice"));

        assertThat(unknown.status()).isEqualTo(404);
        assertValidResponse(unknown, "/v1/screens/nope", "not-found");
    }

    /** The test has teeth: answers that differ from the document are reported. */
    @Test
    void aResponseThatDoesNotMatchTheDocumentIsReported() throws Exception {
        Exchange home = get("/v1/home", "alice");
        String body = home.body();
        String problem = "{\"type\":\"https://hearth.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"nothing here\"}";
        assertThat(report(home.path(), home.status(), "application/json", body, true)).as("the answer as it is").isEmpty();
        assertThat(report(home.path(), 404, Problem.MEDIA_TYPE, problem, true)).as("a problem as it is").isEmpty();

        assertThat(report(home.path(), 404, Problem.MEDIA_TYPE, problem.replace("not-found", "uri-too-long"), true))
                .as("another kind's type").isNotEmpty();
        assertThat(report(home.path(), 404, Problem.MEDIA_TYPE, problem.replace("{", "{\"debug\":1,"), true))
                .as("a property the Problem has not").isNotEmpty();
        assertThat(report(home.path(), 404, Problem.MEDIA_TYPE, problem.replace(",\"detail\":\"nothing here\"", ""), true))
                .as("without detail").isNotEmpty();
        assertThat(report(home.path(), 404, Problem.MEDIA_TYPE, problem.replace("https://hearth.dev/problems/not-found",
                "about:blank"), true)).as("about:blank").isNotEmpty();
        assertThat(errors(validator.validateResponse(home.path(), Request.Method.GET,
                new SimpleResponse.Builder(200).withContentType("application/json").withHeader("X-Request-Id", "r-1")
                        .withHeader("X-Hearth-Served-By", "hearth").withHeader("X-Hearth-Complete", "true")
                        .withBody(body).build())))
                .as("without Cache-Control").isNotEmpty();
        assertThat(errors(validator.validateResponse(home.path(), Request.Method.GET,
                new SimpleResponse.Builder(405).withContentType(Problem.MEDIA_TYPE).withHeader("X-Request-Id", "r-1")
                        .withHeader("Cache-Control", "no-store").withBody(problem.replace("not-found", "method-not-allowed")
                                .replace("404", "405")).build())))
                .as("a 405 without Allow").isNotEmpty();
        assertThat(report(home.path(), home.status(), "application/json",
                body.replaceFirst("\"status\":\"OK\"", "\"status\":\"FINE\""), true)).isNotEmpty();
        assertThat(report(home.path(), home.status(), "application/json",
                body.replaceFirst("\"screen\":\"home\"", "\"screen\":\"home\",\"debug\":1"), true)).isNotEmpty();
        assertThat(report("/v1/screens/home", home.status(), "application/json", body, true))
                .as("GET /v1/screens/home as it is").isEmpty();
        assertThat(report("/v1/screens/home", home.status(), "application/json", body, false))
                .as("without X-Hearth-Complete (required on a screen, optional on the home)").isNotEmpty();
        assertThat(errors(validator.validateResponse("/v1/screens/home", Request.Method.GET,
                new SimpleResponse.Builder(200).withContentType("application/json").withHeader("X-Request-Id", "r-1")
                        .withHeader("Cache-Control", "no-store").withHeader("X-Hearth-Complete", "true")
                        .withBody(body).build())))
                .as("without X-Hearth-Variant (required on a screen, optional on the home)").isNotEmpty();
        assertThat(report(home.path(), 404, "application/json", "{\"error\":\"nope\"}", true)).isNotEmpty();
    }

    /** An answer with every header its path's 200 needs, so that each variant fails for its own reason only. */
    private static String report(String path, int status, String contentType, String body, boolean completeHeader) {
        SimpleResponse.Builder response = new SimpleResponse.Builder(status).withContentType(contentType)
                .withHeader("X-Request-Id", "r-1").withHeader("Cache-Control", "no-store")
                .withHeader("X-Hearth-Served-By", "hearth").withBody(body);
        if (completeHeader) {
            response.withHeader("X-Hearth-Complete", "true").withHeader("X-Hearth-Variant", "default");
        }
        return errors(validator.validateResponse(path, Request.Method.GET, response.build()));
    }

    private static void assertValid(Exchange exchange) {
        ValidationReport report = validator.validate(exchange.request(), exchange.response());
        assertThat(errors(report)).as("%s %s: %s", exchange.path(), exchange.status(), exchange.body()).isEmpty();
    }

    /**
     * The answer to a request the validator cannot model (a 100 KB header, {@code %18} in the path, a method the path
     * has no operation for) checked against what the document says {@code path}'s GET answers with its status, and
     * its problem {@code type} the kind expected.
     */
    private static void assertValidResponse(Exchange exchange, String path, String kind) {
        ValidationReport report = validator.validateResponse(path, Request.Method.GET, exchange.response());
        assertThat(errors(report)).as("%s %s: %s", exchange.path(), exchange.status(), exchange.body()).isEmpty();
        assertThat(exchange.response().getContentType()).hasValue(Problem.MEDIA_TYPE);
        assertThat(Http.json(exchange.body()).get("type").asText()).isEqualTo(Problem.TYPE_BASE + kind);
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

    /** One request over a plain socket, exactly as written; the answer in the validator's terms. */
    private static Exchange raw(String method, String target, Map<String, String> headers) {
        RawHttp.Answer answer = RawHttp.send(APP.api(), method, target, headers);
        SimpleResponse.Builder response = new SimpleResponse.Builder(answer.status()).withBody(answer.body());
        answer.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                response.withContentType(values.getFirst());
            } else {
                response.withHeader(name, values);
            }
        });
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        return new Exchange(method + " " + path, answer.status(), answer.body(), null, response.build());
    }

    private static Map<String, String> bearer(String customer) {
        return Map.of("Authorization", "Bearer " + token(customer));
    }

    private static Exchange get(String pathAndQuery, String customer) throws Exception {
        return send(pathAndQuery, customer == null ? null : token(customer));
    }

    private static Exchange send(String pathAndQuery, String token) throws Exception {
        return send(pathAndQuery, token, Map.of());
    }

    private static Exchange send(String pathAndQuery, String token, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder http = Http.request(APP.api(pathAndQuery));
        URI uri = URI.create(pathAndQuery);
        SimpleRequest.Builder request = SimpleRequest.Builder.get(uri.getPath());
        headers.forEach((name, value) -> {
            http.header(name, value);
            request.withHeader(name, value);
        });
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
