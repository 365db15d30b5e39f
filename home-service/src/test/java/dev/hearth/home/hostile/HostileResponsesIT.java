package dev.hearth.home.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.RawHttp;
import dev.hearth.home.testing.RawHttp.Answer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a hostile or careless client gets (issue 27): each probe over a plain socket, as sent, with the exact status,
 * problem {@code type}, {@code Content-Type: application/problem+json}, {@code X-Request-Id} (also when Jetty answers
 * before Jersey sees the request), {@code Cache-Control: no-store}, and {@code Allow} on a 405. None is a 500 and none
 * is Jetty's HTML. docs/SECURITY.md, "Responses", lists the kinds.
 */
class HostileResponsesIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig();

    static final String TYPES = "https://hearth.dev/problems/";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String WELL_FORMED_ID = "[A-Za-z0-9._:-]{1,128}";

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void aHundredKilobyteTokenIs431HeaderTooLarge() {
        Answer answer = get("/v1/home", Map.of("Authorization", "Bearer " + "a".repeat(100 * 1024)));

        assertProblem(answer, 431, "header-too-large");
    }

    @Test
    void aTenKilobyteAccountIdIs414UriTooLong() {
        Answer answer = get("/v1/screens/account-detail?accountId=" + "1".repeat(10 * 1024), bearer("alice"));

        assertProblem(answer, 414, "uri-too-long");
    }

    @Test
    void anEncodedSlashAfterDotDotIs400AmbiguousPath() {
        Answer answer = get("/v1/screens/..%2Fhome", bearer("alice"));

        assertProblem(answer, 400, "ambiguous-path");
        assertThat(answer.json().get("detail").asText()).contains("Ambiguous URI path separator");
    }

    @Test
    void anEncodedDotDotSegmentIs400AmbiguousPath() {
        assertProblem(get("/v1/%2e%2e/openapi.yaml", Map.of()), 400, "ambiguous-path");
    }

    @Test
    void aControlCharacterInAPathSegmentIs400SuspiciousPathCharacter() {
        Answer answer = get("/v1/screens/home%18", bearer("alice"));

        assertProblem(answer, 400, "suspicious-path-character");
    }

    @Test
    void aMalformedAcceptIs400MalformedHeaderNamingIt() {
        Map<String, String> headers = new LinkedHashMap<>(bearer("alice"));
        headers.put("Accept", ";;;");

        Answer answer = get("/v1/home", headers);

        assertProblem(answer, 400, "malformed-header");
        assertThat(answer.json().get("detail").asText()).startsWith("The Accept header cannot be parsed.");
    }

    @Test
    void anAcceptTheApiCannotAnswerIs406NotAcceptable() {
        Map<String, String> headers = new LinkedHashMap<>(bearer("alice"));
        headers.put("Accept", "text/html");

        assertProblem(get("/v1/home", headers), 406, "not-acceptable");
    }

    @Test
    void traceIs405WithAllow() {
        Answer answer = RawHttp.send(APP.api(), "TRACE", "/v1/home", bearer("alice"));

        assertProblem(answer, 405, "method-not-allowed");
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void aMethodHttpDoesNotKnowIs405WithAllow() {
        Answer answer = RawHttp.send(APP.api(), "PROPFIND", "/v1/screens/home", bearer("alice"));

        assertProblem(answer, 405, "method-not-allowed");
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void aWrongMethodIs405WithTheMethodsThePathAnswers() {
        Map<String, String> headers = new LinkedHashMap<>(bearer("alice"));
        headers.put("Content-Type", "application/json");
        headers.put("Content-Length", "0");

        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            Answer answer = RawHttp.send(APP.api(), method, "/v1/home", headers);

            assertProblem(answer, 405, "method-not-allowed");
            assertThat(answer.header("Allow")).as(method).isEqualTo("GET,OPTIONS");
        }
    }

    @Test
    void anUnknownPathIs404NotFound() {
        assertProblem(get("/v1/nope", bearer("alice")), 404, "not-found");
        assertProblem(get("/admin", Map.of()), 404, "not-found");
    }

    @Test
    void aRequestWithoutHostIs400MalformedRequest() {
        Answer answer = RawHttp.sendRaw(APP.api(), "GET /v1/home HTTP/1.1\r\nConnection: close\r\n\r\n");

        assertProblem(answer, 400, "malformed-request");
    }

    @Test
    void aRequestLineThatIsNotHttpIs400MalformedRequest() {
        assertProblem(RawHttp.sendRaw(APP.api(), "garbage\r\n\r\n"), 400, "malformed-request");
    }

    @Test
    void anOverlongUtf8EncodingInThePathIs400InvalidUri() {
        Answer answer = get("/v1/screens/home%C0%AF", bearer("alice"));

        assertProblem(answer, 400, "invalid-uri");
        assertThat(answer.json().get("detail").asText()).contains("Bad UTF-8 encoding");
    }

    @Test
    void anHttpVersionOtherThan1Is505() {
        Answer answer = RawHttp.sendRaw(APP.api(), "GET /v1/home HTTP/3.0\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertProblem(answer, 505, "http-version-not-supported");
    }

    /** A HEAD probe Jetty refuses gets the problem's headers and no body. */
    @Test
    void aHeadProbeGetsTheHeadersWithoutABody() {
        Answer answer = RawHttp.send(APP.api(), "HEAD", "/v1/screens/home%18", Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo(PROBLEM_JSON);
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.header("X-Request-Id")).matches(WELL_FORMED_ID);
        assertThat(answer.body()).isEmpty();
    }

    /** Jetty refuses a bad request line before it reads the headers: those answers always carry a new id. */
    @Test
    void jettysOwnErrorsEchoAWellFormedRequestIdAndReplaceAnotherOne() {
        Answer echoed = RawHttp.send(APP.api(), "TRACE", "/v1/home", Map.of("X-Request-Id", "probe-405.a:b_c"));
        Answer replaced = RawHttp.send(APP.api(), "TRACE", "/v1/home", Map.of("X-Request-Id", "<script>"));
        Answer beforeTheHeaders = get("/v1/screens/home%18", Map.of("X-Request-Id", "probe-18"));

        assertProblem(echoed, 405, "method-not-allowed");
        assertThat(echoed.header("X-Request-Id")).isEqualTo("probe-405.a:b_c");
        assertProblem(replaced, 405, "method-not-allowed");
        assertThat(replaced.header("X-Request-Id")).isNotEqualTo("<script>");
        assertProblem(beforeTheHeaders, 400, "suspicious-path-character");
        assertThat(beforeTheHeaders.header("X-Request-Id")).isNotEqualTo("probe-18");
    }

    @Test
    void screenAndSectionAnswersAreNeverStored() {
        for (String path : new String[] {"/v1/home", "/v1/screens/home", "/v1/screens/home/sections/cards",
                "/v1/screens/account-detail?accountId=alice-acc-1"}) {
            Answer answer = get(path, bearer("alice"));

            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.header("Content-Type")).as(path).isEqualTo("application/json");
            assertThat(answer.header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(answer.header("X-Request-Id")).as(path).matches(WELL_FORMED_ID);
        }
    }

    @Test
    void screenErrorsAreNeverStoredEither() {
        assertProblem(get("/v1/home", Map.of()), 401, "unauthorized");
        assertProblem(get("/v1/screens/account-detail?accountId=bob-acc-1", bearer("alice")), 404, "not-found");
        assertProblem(get("/v1/screens/nope/sections/cards", bearer("alice")), 404, "not-found");
        assertProblem(get("/v1/screens/account-detail", bearer("alice")), 400, "missing-parameter");
        assertProblem(get("/v1/home?access_token=x", Map.of()), 400, "token-in-query");

        APP.sandboxFault("profile", "errorRate", "1");
        APP.sandboxFault("legacyHome", "errorRate", "1"); // else the legacy home answers
        assertProblem(get("/v1/home", bearer("alice")), 503, "unavailable");
        assertProblem(get("/v1/screens/home/sections/profile", bearer("alice")), 503, "unavailable");
    }

    // --- helpers ---

    private static Answer get(String target, Map<String, String> headers) {
        return RawHttp.send(APP.api(), "GET", target, headers);
    }

    private static Map<String, String> bearer(String customer) {
        return Map.of("Authorization", "Bearer " + APP.token(customer));
    }

    /** The answer is exactly the problem {@code kind} with {@code status}, with every header a problem carries. */
    static void assertProblem(Answer answer, int status, String kind) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).isEqualTo(PROBLEM_JSON);
        assertThat(answer.header("Cache-Control")).as(answer.toString()).isEqualTo("no-store");
        String requestId = answer.header("X-Request-Id");
        assertThat(requestId).matches(WELL_FORMED_ID);
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asText()).as(answer.body()).isEqualTo(TYPES + kind);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("requestId").asText()).isEqualTo(requestId);
        if (status == 405) {
            assertThat(answer.headerValues("Allow")).as("Allow").hasSize(1);
        }
    }
}
