package dev.hearth.home.hostile;

import static dev.hearth.home.testing.Http.contentType;
import static dev.hearth.home.testing.Http.header;
import static dev.hearth.home.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.adapter.in.rest.Problem;
import dev.hearth.home.migration.MigrationMetrics;
import dev.hearth.home.observability.MetricNames;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Side;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Identity, probed as a hostile or careless client would (issue 27): a validly signed token for a customer the bank
 * does not know, more than one {@code Authorization} header, a token issued in the future, a token in the query
 * string. Each answer is checked for its exact status, problem {@code type}, {@code Content-Type} and
 * {@code X-Request-Id}; the unknown customer also for what it must not do: count as a downstream failure, move a
 * circuit breaker, fall back to legacy.
 */
class HostileIdentityIT {
    /** A subject whose token is validly signed, and whom the sandbox's core banking (DemoBank) does not know. */
    static final String MALLORY = "mallory";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String UNKNOWN_CUSTOMER = Problem.TYPE_BASE + "unknown-customer";
    static final String MULTIPLE_AUTHORIZATION = Problem.TYPE_BASE + "multiple-authorization-headers";
    /** The ports a screen calls first for the customer, whose breakers must not move for an unknown one. */
    static final List<String> CUSTOMER_PORTS = List.of("profile", "accounts", "account");

    /** Breakers on the customer's ports that would open after 3 calls of which half failed, were they counted. */
    @RegisterExtension
    static final HearthApp APP = breakers(HearthApp.onTestConfig());

    private static HearthApp breakers(HearthApp app) {
        for (String port : CUSTOMER_PORTS) {
            String breaker = "ports." + port + ".circuitBreaker.";
            app.override(breaker + "enabled", "true")
                    .override(breaker + "minimumCalls", "3")
                    .override(breaker + "failureRateThreshold", "50")
                    .override(breaker + "window", "1m")
                    .override(breaker + "openDelay", "10m")
                    .override(breaker + "halfOpenCalls", "1");
        }
        return app;
    }

    @AfterEach
    void everyoneOnHearth() {
        APP.task("rollout", Map.of("percent", "100"));
    }

    // --- an unknown customer ------------------------------------------------------------------------------------

    @Test
    void anUnknownCustomersHomeIs403UnknownCustomerNotA503() {
        assertUnknownCustomer(send("/v1/home", List.of(bearer(MALLORY))));
    }

    @Test
    void anUnknownCustomersHomeScreenIs403UnknownCustomer() {
        assertUnknownCustomer(send("/v1/screens/home", List.of(bearer(MALLORY))));
    }

    @Test
    void anUnknownCustomersAccountDetailIs403UnknownCustomerNotAnUnknownAccount() {
        assertUnknownCustomer(send("/v1/screens/account-detail?accountId=alice-acc-1", List.of(bearer(MALLORY))));
    }

    @Test
    void anUnknownCustomersSectionIs403UnknownCustomer() {
        assertUnknownCustomer(send("/v1/screens/home/sections/profile", List.of(bearer(MALLORY))));
    }

    /**
     * The ports that answer "not found" for the customer (profile on home, account on account-detail) count it as
     * that, not as a failure; no breaker moves, though each would open after 3 counted failures. Nor does the call
     * the engine abandons once the screen has failed (accounts still running when profile answered, or the reverse)
     * count as a failure of any of the customer's ports.
     */
    @Test
    void anUnknownCustomerIsNoDownstreamFailureAndMovesNoBreaker() {
        List<String> answering = List.of("profile", "account");
        Map<String, Long> failures = perPort(CUSTOMER_PORTS, port -> APP.environment().metrics()
                .meter(MetricNames.portFailures(port)).getCount());
        Map<String, Long> errors = perPort(CUSTOMER_PORTS, port -> APP.counter(MetricNames.portErrors(port, "ERROR")));
        Map<String, Long> notFound = perPort(answering, port -> APP.counter(MetricNames.portNotFound(port)));
        Map<String, Object> circuits = perPort(CUSTOMER_PORTS, port -> APP.gauge(MetricNames.portCircuitState(port)));
        assertThat(circuits).as("breakers enabled and closed").containsOnlyKeys(CUSTOMER_PORTS).allSatisfy(
                (port, state) -> assertThat(state).as(port).isEqualTo(0));

        for (int i = 0; i < 5; i++) { // more than minimumCalls, all of them failed were they counted
            assertThat(send("/v1/screens/home", List.of(bearer(MALLORY))).statusCode()).isEqualTo(403);
            assertThat(send("/v1/screens/account-detail?accountId=alice-acc-1", List.of(bearer(MALLORY))).statusCode())
                    .isEqualTo(403);
        }

        assertThat(perPort(CUSTOMER_PORTS, port -> APP.environment().metrics().meter(MetricNames.portFailures(port))
                .getCount())).as("failures (the downstream health checks' input)").isEqualTo(failures);
        assertThat(perPort(CUSTOMER_PORTS, port -> APP.counter(MetricNames.portErrors(port, "ERROR")))).as("errors")
                .isEqualTo(errors);
        assertThat(perPort(answering, port -> APP.counter(MetricNames.portNotFound(port)) - notFound.get(port)))
                .as("counted as what it is: a not-found answer").isEqualTo(Map.of("profile", 5L, "account", 5L));
        assertThat(perPort(CUSTOMER_PORTS, port -> APP.gauge(MetricNames.portCircuitState(port)))).as("circuits")
                .isEqualTo(circuits);
    }

    @Test
    void anUnknownCustomerDoesNotFallBackToLegacy() {
        long fallbacks = APP.counter(MigrationMetrics.served(Side.LEGACY_FALLBACK));
        long legacyFailures = APP.counter(MigrationMetrics.LEGACY_FAILURES);

        HttpResponse<String> response = send("/v1/home", List.of(bearer(MALLORY)));

        assertUnknownCustomer(response);
        assertThat(header(response, Side.HEADER)).isNull();
        assertThat(APP.counter(MigrationMetrics.served(Side.LEGACY_FALLBACK))).isEqualTo(fallbacks);
        assertThat(APP.counter(MigrationMetrics.LEGACY_FAILURES)).isEqualTo(legacyFailures);
    }

    @Test
    void anUnknownCustomerTheRolloutSendsToLegacyIsTheSame403NotALegacyFailure() {
        APP.task("rollout", Map.of("percent", "0"));
        long legacyFailures = APP.counter(MigrationMetrics.LEGACY_FAILURES);

        assertUnknownCustomer(send("/v1/home", List.of(bearer(MALLORY))));
        assertThat(APP.counter(MigrationMetrics.LEGACY_FAILURES)).isEqualTo(legacyFailures);
        assertThat(send("/v1/home", List.of(bearer("alice"))).statusCode()).as("a known customer still gets legacy's")
                .isEqualTo(200);
    }

    @Test
    void aKnownCustomerStillGetsTheirHome() {
        HttpResponse<String> response = send("/v1/home", List.of(bearer("alice")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(header(response, Side.HEADER)).isEqualTo("hearth");
    }

    // --- more than one Authorization header ---------------------------------------------------------------------

    @Test
    void twoValidTokensOfTwoCustomersAre400NotTheFirstCustomersHome() {
        assertMultipleAuthorization(send("/v1/home", List.of(bearer("alice"), bearer("bob"))));
    }

    @Test
    void aValidTokenThenGarbageIs400() {
        assertMultipleAuthorization(send("/v1/home", List.of(bearer("alice"), "Bearer garbage")));
    }

    @Test
    void garbageThenAValidTokenIs400() {
        assertMultipleAuthorization(send("/v1/screens/home", List.of("Bearer garbage", bearer("alice"))));
    }

    @Test
    void theSameTokenTwiceIs400() {
        String token = bearer("alice");
        assertMultipleAuthorization(send("/v1/screens/account-detail?accountId=alice-acc-1", List.of(token, token)));
    }

    // --- a token issued in the future ----------------------------------------------------------------------------

    @Test
    void aTokenIssuedAnHourInTheFutureIs401EveryTime() {
        String early = "Bearer " + APP.issuer().issue(new CustomerId("alice"), "home:read",
                Instant.now().plus(Duration.ofHours(1)), Duration.ofHours(2));
        for (int i = 0; i < 2; i++) { // the second time too: the verified-token cache never held it
            assertUnauthorized(send("/v1/home", List.of(early)));
        }
    }

    @Test
    void aTokenIssuedJustBeyondTheSkewIs401() {
        Duration skew = Duration.ofSeconds(APP.configuration().getAuth().getClockSkew().toSeconds());
        String early = "Bearer " + APP.issuer().issue(new CustomerId("alice"), "home:read",
                Instant.now().plus(skew).plusSeconds(20), Duration.ofMinutes(5));
        assertUnauthorized(send("/v1/screens/home", List.of(early)));
    }

    @Test
    void aTokenIssuedInTheFutureWithinTheSkewIsAccepted() {
        String early = "Bearer " + APP.issuer().issue(new CustomerId("alice"), "home:read",
                Instant.now().plusSeconds(5), Duration.ofMinutes(5));
        HttpResponse<String> response = send("/v1/screens/home", List.of(early));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    // --- a token in the query string (QueryTokenFilter) ----------------------------------------------------------

    @Test
    void aTokenInTheQueryStringIs400() {
        HttpResponse<String> response = send("/v1/home?access_token=" + APP.token("alice"), List.of());
        assertProblem(response, 400, Problem.TYPE_BASE + "token-in-query");
        assertThat(json(response.body()).get("detail").asText()).contains("access_token");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static String bearer(String customer) {
        return "Bearer " + APP.token(customer);
    }

    /** {@code GET path} with these {@code Authorization} headers, in order, and a request id of its own. */
    private static HttpResponse<String> send(String pathAndQuery, List<String> authorization) {
        HttpRequest.Builder request = Http.request(APP.api(pathAndQuery))
                .header("X-Request-Id", "hostile-" + UUID.randomUUID());
        authorization.forEach(value -> request.header("Authorization", value));
        return Http.send(request.GET().build());
    }

    private static <T> Map<String, T> perPort(List<String> ports, Function<String, T> read) {
        return ports.stream().collect(Collectors.toMap(port -> port, read));
    }

    private static void assertUnknownCustomer(HttpResponse<String> response) {
        JsonNode problem = assertProblem(response, 403, UNKNOWN_CUSTOMER);
        assertThat(problem.get("title").asText()).isEqualTo("Unknown customer"); // the kind's title (Problem.Type)
        assertThat(problem.get("detail").asText()).contains("does not know the customer")
                .doesNotContain(MALLORY);
    }

    private static void assertMultipleAuthorization(HttpResponse<String> response) {
        JsonNode problem = assertProblem(response, 400, MULTIPLE_AUTHORIZATION);
        assertThat(problem.get("detail").asText()).contains("more than one Authorization header");
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertProblem(response, 401, Problem.TYPE_BASE + "unauthorized");
        assertThat(header(response, "WWW-Authenticate")).isEqualTo("Bearer realm=\"hearth\"");
    }

    /** The exact status and problem type, as problem+json, echoing the request id in the header and the body. */
    private static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(contentType(response)).isEqualTo(PROBLEM_JSON);
        String requestId = response.request().headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(header(response, "X-Request-Id")).isEqualTo(requestId);
        JsonNode problem = json(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("requestId").asText()).isEqualTo(requestId);
        return problem;
    }
}
