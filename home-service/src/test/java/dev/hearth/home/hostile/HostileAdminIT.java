package dev.hearth.home.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.auth.AdminPassword;
import dev.hearth.home.config.AdminAccessFactory;
import dev.hearth.home.testing.Http;
import dev.hearth.home.testing.HearthApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin port as an attacker or a careless operator meets it: every probe with the exact status and headers. */
class HostileAdminIT {
    static final String PASSWORD = "correct horse battery staple";
    static final String HASH = AdminPassword.hash(PASSWORD.toCharArray(), AdminPassword.MIN_ITERATIONS);
    static final String REFUSED = "https://hearth.dev/problems/admin-task-refused-value";

    /** Start-up refusals: each test starts its own application. */
    @Nested
    class StartUp {
        HearthApp app;

        @AfterEach
        void stop() {
            if (app != null) {
                app.stop();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10"})
        void anAdminPortBeyondLoopbackWithoutAPasswordRefusesToStartWithOneLine(String bindHost) {
            app = HearthApp.onTestConfig().override("server.adminConnectors[0].bindHost", bindHost);

            assertThatThrownBy(app::start).satisfies(thrown -> {
                Throwable refusal = rootCause(thrown);
                assertThat(refusal).isInstanceOf(AdminAccessFactory.AdminPortRefused.class);
                assertThat(refusal.toString()).isEqualTo("the admin port is open to the network: "
                        + "server.adminConnectors[0].bindHost is " + bindHost + " and admin.passwordHash is not set; set "
                        + "it to a hash from ./hearth admin-hash (passwordHash: ${HEARTH_ADMIN_PASSWORD_HASH:-}, the hash "
                        + "in that environment variable) or bind the admin port to 127.0.0.1").doesNotContain("\n");
                assertThat(refusal.getStackTrace()).isEmpty();
            });
        }

        @Test
        void anAdminPortWithNoBindHostListensEverywhereAndIsRefusedToo() {
            app = HearthApp.onTestConfig().edit(config -> config.replaceFirst(
                    "(?s)(adminConnectors:\\s*\\n\\s*- type: http\\s*\\n)\\s*bindHost: 127.0.0.1\\s*\\n", "$1"));

            assertThatThrownBy(app::start).satisfies(thrown -> assertThat(rootCause(thrown).getMessage())
                    .contains("server.adminConnectors[0].bindHost is not set (every interface)"));
        }

        @Test
        void aMalformedHashRefusesToStartNamingTheKeyWithoutRepeatingIt() {
            app = HearthApp.onTestConfig().override("admin.passwordHash", "hunter2-in-clear");

            assertThatThrownBy(app::start).satisfies(thrown -> assertThat(rootCause(thrown).getMessage())
                    .startsWith("admin.passwordHash is not a pbkdf2-sha256$<iterations>$<salt>$<hash> hash")
                    .doesNotContain("hunter2"));
        }

        @Test
        void onLoopbackWithoutAHashTheAdminPortStaysOpenAsBefore() throws Exception {
            app = HearthApp.onTestConfig();
            app.start();

            assertThat(app.adminGet("/metrics").statusCode()).isEqualTo(200);
        }
    }

    /**
     * Admin on every interface, protected by a password. Its own nested class: overrides are system properties, so
     * this application must not run while the start-up tests start theirs.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithAPassword {
        @RegisterExtension
        final HearthApp app = HearthApp.onTestConfig()
                .override("server.adminConnectors[0].bindHost", "0.0.0.0")
                .override("admin.passwordHash", HASH);

        @ParameterizedTest
        @ValueSource(strings = {"/tasks/rollout", "/metrics", "/prometheus", "/threads", "/traces", "/migration", "/",
                "/tasks/sandbox-fault", "/nothing-here", "/healthcheck/x"})
        void noCredentialsIs401WithABasicChallenge(String path) {
            HttpResponse<String> response = send(path, "POST", null);

            assertUnauthorized(response);
        }

        @Test
        void aWrongPasswordOrUserIsRefusedLikeNone() {
            assertUnauthorized(send("/tasks/rollout", "POST", basic("admin", "correct horse battery stapler")));
            assertUnauthorized(send("/tasks/rollout", "POST", basic("root", PASSWORD)));
            assertUnauthorized(send("/tasks/rollout", "POST", "Basic not-base64!"));
            assertUnauthorized(send("/tasks/rollout", "POST", "Bearer " + PASSWORD));
        }

        @Test
        void theRightPasswordIsLetIn() {
            HttpResponse<String> task = send("/tasks/rollout", "POST", basic("admin", PASSWORD));
            assertThat(task.statusCode()).as(task.body()).isEqualTo(200);
            assertThat(task.body()).startsWith("rollout ");
            assertThat(send("/metrics", "GET", basic("admin", PASSWORD)).statusCode()).isEqualTo(200);
        }

        @Test
        void aChangeIsRecordedAsTheAuthenticatedAdminUsers() throws Exception {
            HttpResponse<String> task = send("/tasks/rollout?percent=100&by=bob&reason=OPS-9", "POST",
                    basic("admin", PASSWORD));
            assertThat(task.statusCode()).as(task.body()).isEqualTo(200);

            HttpResponse<String> history = send("/migration/history?limit=1", "GET", basic("admin", PASSWORD));
            assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
            JsonNode newest = Http.JSON.readTree(history.body()).get("changes").get(0);
            assertThat(newest.get("actor").asText()).isEqualTo("admin admin by bob");
            assertThat(newest.get("reason").asText()).isEqualTo("OPS-9");
            assertUnauthorized(send("/migration/history", "GET", null));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/health-check?type=alive", "/health-check?type=ready", "/healthcheck", "/ping"})
        void theProbesKubernetesCallsNeedNoCredentials(String path) {
            // 500/503: a check unhealthy, still answered
            assertThat(send(path, "GET", null).statusCode()).isIn(200, 500, 503);
            assertUnauthorized(send(path, "POST", null));
        }

        @Test
        void aRefusedTaskValueIs400ProblemNamingTheParameterAndTheAcceptedValues() throws Exception {
            HttpResponse<String> response = task("rollout", "percent=lots");

            JsonNode problem = assertRefused(response);
            assertThat(problem.get("detail").asText())
                    .isEqualTo("percent must be a number from 0 to 100 (e.g. 5 or 0.5), not 'lots'");
        }

        @Test
        void aMisspeltParameterIs400ListingTheTasksParameters() throws Exception {
            JsonNode problem = assertRefused(task("sandbox-fault", "port=balance&errorrate=1"));

            assertThat(problem.get("detail").asText()).isEqualTo("sandbox-fault has no parameter 'errorrate'; its "
                    + "parameters are [port, latencyMs, errorRate, hang, moving, legacyDifference] (names are case-sensitive)");
        }

        @Test
        void aRepeatedParameterIs400AndNothingChanges() throws Exception {
            JsonNode problem = assertRefused(task("sandbox-fault", "port=banners&port=profile&errorRate=1"));

            assertThat(problem.get("detail").asText()).isEqualTo("port is given 2 times [banners, profile]; give it once");
            assertThat(task("sandbox-reset", "").statusCode()).isEqualTo(200);
        }

        @Test
        void aSignedZeroErrorRateIs400() throws Exception {
            JsonNode problem = assertRefused(task("sandbox-fault", "port=banners&errorRate=-0.0"));

            assertThat(problem.get("detail").asText()).isEqualTo("errorRate must be a number from 0 to 1 (0.25 = a quarter "
                    + "of calls fail), not '-0.0'");
        }

        @Test
        void aSignedZeroSamplingRateIs400() throws Exception {
            JsonNode problem = assertRefused(task("shadow-sampling", "rate=-0.0"));

            assertThat(problem.get("detail").asText()).startsWith("rate must be a number from 0 to 1");
        }

        @Test
        void anAllowListOver4000CharactersWorksAndABadIdInItIs400WithoutSql() throws Exception {
            // 200 ids (the allow-list's limit) of 24 characters: 4,999 characters with the commas.
            String ids = IntStream.range(0, 200).mapToObj(i -> "customer-%015d".formatted(i))
                    .collect(Collectors.joining(","));
            assertThat(ids.length()).isGreaterThan(4_000);

            HttpResponse<String> stored = task("rollout", "percent=100&allow=" + ids);
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            assertThat(stored.body()).contains("customer-000000000000199");

            HttpResponse<String> bad = task("rollout", "allow=" + ids + ",not%20an%20id!");
            JsonNode problem = assertRefused(bad);
            assertThat(problem.get("detail").asText()).isEqualTo("allow takes customer ids separated by commas, each 1 "
                    + "to 64 of A-Z a-z 0-9 . _ -; not 'not an id!'");
            assertNoSql(bad);

            HttpResponse<String> tooLong = task("rollout", "allowAdd=" + "x".repeat(5_000));
            assertThat(assertRefused(tooLong).get("detail").asText()).startsWith("allowAdd takes customer ids")
                    .hasSizeLessThan(300);
            assertNoSql(tooLong);
        }

        @Test
        void addingAndRemovingChangeOnlyTheNamedCustomers() throws Exception {
            assertThat(task("rollout", "allow=bob,carol").statusCode()).isEqualTo(200);

            HttpResponse<String> changed = task("rollout", "allowAdd=dave&allowRemove=bob");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(changed.body()).contains("allow-list [carol, dave]");
            assertRefused(task("rollout", "allow=bob&allowAdd=dave"));
            assertRefused(task("rollout", "allowAdd=dave&allowRemove=dave"));
        }

        @Test
        void aTaskAnswersGetWith405AndAllow() {
            HttpResponse<String> response = send("/tasks/rollout", "GET", basic("admin", PASSWORD));

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains("POST");
            assertThat(Http.contentType(response)).startsWith("application/problem+json");
        }

        HttpResponse<String> task(String name, String query) {
            return send("/tasks/" + name + (query.isEmpty() ? "" : "?" + query), "POST", basic("admin", PASSWORD));
        }

        HttpResponse<String> send(String path, String method, String authorization) {
            HttpRequest.Builder request = Http.request(URI.create(app.admin() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return Http.send(request.build());
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm=\"hearth-admin\""));
        assertThat(Http.contentType(response)).startsWith("application/problem+json");
    }

    static JsonNode assertRefused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.contentType(response)).startsWith("application/problem+json");
        JsonNode problem = Http.JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(REFUSED);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertNoSql(response);
        return problem;
    }

    static void assertNoSql(HttpResponse<String> response) {
        assertThat(response.body()).doesNotContainIgnoringCase("select ").doesNotContainIgnoringCase("update ")
                .doesNotContainIgnoringCase("insert ").doesNotContain("home_rollout").doesNotContain("Value too long")
                .doesNotContain("Exception");
    }

    static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
