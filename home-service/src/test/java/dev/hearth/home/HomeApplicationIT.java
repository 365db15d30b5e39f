package dev.hearth.home;

import static dev.hearth.home.testing.Http.body;
import static dev.hearth.home.testing.Http.contentType;
import static dev.hearth.home.testing.Http.header;
import static dev.hearth.home.testing.Http.section;
import static dev.hearth.home.testing.Http.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.ports.domain.model.CustomerId;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole application on random ports against its sandbox downstreams, through real HTTP and real JWTs. */
class HomeApplicationIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig();
    /** The home screen's budget in screens/home.yml; answers must come within it plus a generous margin. */
    static final Duration HOME_BUDGET = Duration.ofMillis(800);
    static final Duration MARGIN = Duration.ofMillis(1500);

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void alicesHomeHasEverySectionOk() {
        HttpResponse<String> response = get("/v1/home", token("alice"));
        JsonNode home = body(response, 200);

        assertThat(header(response, "X-Hearth-Complete")).isEqualTo("true");
        assertThat(header(response, "X-Request-Id")).isNotBlank();
        assertThat(home.get("screen").asText()).isEqualTo("home");
        assertThat(home.get("complete").asBoolean()).isTrue();
        assertThat(statuses(home)).containsExactly(
                Map.entry("profile", "OK"), Map.entry("accounts", "OK"), Map.entry("cardList", "OK"),
                Map.entry("cards", "OK"), Map.entry("openBanking", "OK"), Map.entry("banners", "OK"));
        JsonNode accounts = section(home, "accounts").get("data");
        assertThat(accounts).hasSize(3);
        for (JsonNode account : accounts) {
            assertThat(account.get("id").asText()).startsWith("alice");
            assertThat(account.get("balance").get("available").get("amount")).isNotNull();
            assertThat(account.get("alias").asText()).contains("··");
        }
        assertThat(section(home, "cards").get("data")).hasSize(2);
        assertThat(section(home, "profile").get("data").get("id").asText()).isEqualTo("alice");
    }

    @Test
    void fanOutServesEveryCardOfEveryDemoCustomer() {
        assertThat(section(body(get("/v1/home", token("bob")), 200), "cards").get("data")).hasSize(10);
        // Carol's first home opens about 100 new connections to the sandbox on a cold JVM, which on a slow machine
        // took longer than the cards section's 400 ms deadline (27 of 100 cards in time): the second one is asserted.
        get("/v1/home", token("carol"));
        assertThat(section(body(get("/v1/home", token("carol")), 200), "cards").get("data")).hasSize(100);
        JsonNode dave = body(get("/v1/home", token("dave")), 200);
        assertThat(section(dave, "accounts").get("data")).isEmpty();
        assertThat(section(dave, "cards").get("data")).isEmpty();
    }

    @Test
    void aHangingOptionalPortDegradesOnlyItsSectionWithinTheBudget() {
        APP.sandboxFault("banners", "hang", "true");

        long started = System.nanoTime();
        HttpResponse<String> response = get("/v1/home", token("alice"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        JsonNode home = body(response, 200);

        assertThat(took).isLessThan(HOME_BUDGET.plus(MARGIN));
        assertThat(header(response, "X-Hearth-Complete")).isEqualTo("false");
        JsonNode banners = section(home, "banners");
        assertThat(banners.get("status").asText()).isEqualTo("FALLBACK");
        assertThat(banners.get("reason").asText()).isEqualTo("TIMEOUT");
        assertThat(banners.get("data")).isEmpty();
        assertThat(section(home, "accounts").get("status").asText()).isEqualTo("OK");
    }

    @Test
    void aFailingRequiredPortAnswers503NamingTheSectionWhenLegacyCannotAnswerEither() {
        APP.sandboxFault("profile", "errorRate", "1");
        APP.sandboxFault("legacyHome", "errorRate", "1"); // else legacy answers (MigrationIT)

        HttpResponse<String> response = get("/v1/home", token("alice"));
        JsonNode problem = body(response, 503);

        assertThat(contentType(response)).startsWith("application/problem+json");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).contains("'profile'");
    }

    @Test
    void aFailingBalanceDegradesOneFieldPerAccountNotTheList() {
        APP.sandboxFault("balance", "errorRate", "1");

        JsonNode accounts = section(body(get("/v1/home", token("alice")), 200), "accounts");

        assertThat(accounts.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(accounts.get("data")).hasSize(3);
        // Only the balances are asserted: on a cold machine another field (alias, 200 ms) may degrade too.
        Map<String, String> balances = new TreeMap<>();
        accounts.get("degraded").forEach(d -> {
            if (d.get("path").asText().endsWith(".balance")) {
                balances.put(d.get("path").asText(), d.get("reason").asText());
            }
        });
        assertThat(balances).containsExactly(Map.entry("accounts[0].balance", "ERROR"),
                Map.entry("accounts[1].balance", "ERROR"), Map.entry("accounts[2].balance", "ERROR"));
        accounts.get("data").forEach(account -> assertThat(account.get("balance").isNull()).isTrue());
    }

    @ParameterizedTest(name = "{0} failing: {2} is {3} {4}")
    @CsvSource({
        "cardList,    /v1/home,                                        cardList,    FALLBACK, ERROR",
        "cardList,    /v1/home,                                        cards,       FALLBACK, DEPENDENCY_FAILED",
        "cardDetails, /v1/home,                                        cards,       FALLBACK, ERROR",
        "banners,     /v1/home,                                        banners,     FALLBACK, ERROR",
        "activities,  /v1/screens/account-detail?accountId=alice-acc-1, activities,  FALLBACK, ERROR",
        "openBanking, /v1/screens/account-detail?accountId=alice-acc-1, openBanking, OMITTED,  ERROR",
    })
    void aFailingOptionalPortDegradesExactlyItsSection(String port, String path, String section, String status,
            String reason) {
        APP.sandboxFault(port, "errorRate", "1");

        HttpResponse<String> response = get(path, token("alice"));
        JsonNode screen = body(response, 200);

        assertThat(section(screen, section).get("status").asText()).isEqualTo(status);
        assertThat(section(screen, section).get("reason").asText()).isEqualTo(reason);
        assertThat(header(response, "X-Hearth-Complete")).isEqualTo("false");
        JsonNode first = screen.get("sections").get(0);
        assertThat(first.get("status").asText()).as("the required first section").isEqualTo("OK");
    }

    @ParameterizedTest(name = "{0} failing: every account''s {1} degrades")
    @CsvSource({"balance, balance", "partnership, partnership"})
    void aFailingFieldPortDegradesThatFieldOfEveryItem(String port, String field) {
        APP.sandboxFault(port, "errorRate", "1");

        JsonNode accounts = section(body(get("/v1/home", token("alice")), 200), "accounts");

        assertThat(accounts.get("status").asText()).isEqualTo("PARTIAL");
        List<String> reasons = new ArrayList<>();
        accounts.get("degraded").forEach(d -> {
            if (d.get("path").asText().endsWith("." + field)) {
                reasons.add(d.get("reason").asText());
            }
        });
        assertThat(reasons).containsExactly("ERROR", "ERROR", "ERROR");
    }

    @ParameterizedTest(name = "{0} failing: 503 naming it")
    @CsvSource({"profile", "accounts"})
    void aFailingRequiredPortIs503NamingItsSection(String port) {
        APP.sandboxFault(port, "errorRate", "1");

        // /v1/screens/home is Hearth's alone: no legacy fallback there (that is /v1/home's, see MigrationIT)
        assertThat(body(get("/v1/screens/home", token("alice")), 503).get("detail").asText())
                .contains("'" + port + "'");
    }

    @Test
    void openBankingIsCalledAtMostOncePerFreshnessWindowOnHomeButLiveOnAccountDetail() {
        String token = token("bob");
        String account = firstAccountId("bob");

        long beforeHome = sandboxCalls("openBanking");
        JsonNode last = null;
        for (int i = 0; i < 3; i++) {
            last = body(get("/v1/home", token), 200);
        }
        long homeCalls = sandboxCalls("openBanking") - beforeHome;
        long beforeDetail = sandboxCalls("openBanking");
        for (int i = 0; i < 3; i++) {
            body(get("/v1/screens/account-detail?accountId=" + account, token), 200);
        }
        long detailCalls = sandboxCalls("openBanking") - beforeDetail;

        assertThat(homeCalls).as("home: freshness 30s").isZero(); // firstAccountId already fetched it
        assertThat(section(last, "openBanking").get("status").asText()).isEqualTo("OK");
        assertThat(section(last, "openBanking").get("asOf")).as("served from the freshness cache").isNotNull();
        assertThat(detailCalls).as("account-detail: always live").isEqualTo(3);
    }

    static long sandboxCalls(String port) {
        return (Long) APP.gauge("hearth.sandbox.calls." + port);
    }

    @Test
    void oneSectionCanBeRefetched() {
        JsonNode cards = body(get("/v1/screens/home/sections/cards", token("bob")), 200);

        assertThat(statuses(cards)).containsExactly(Map.entry("cards", "OK"));
        assertThat(section(cards, "cards").get("data")).hasSize(10);
    }

    @Test
    void unknownScreenOrSectionIs404Problem() {
        assertThat(body(get("/v1/screens/nope", token("alice")), 404).get("detail").asText())
                .contains("no screen 'nope'").contains("home");
        assertThat(body(get("/v1/screens/home/sections/nope", token("alice")), 404).get("detail").asText())
                .contains("no section 'nope'");
    }

    @Nested
    class AccountDetail {
        @Test
        void showsTheCustomersOwnAccount() {
            String accountId = firstAccountId("alice");

            JsonNode detail = body(get("/v1/screens/account-detail?accountId=" + accountId, token("alice")), 200);

            assertThat(section(detail, "account").get("data").get("id").asText()).isEqualTo(accountId);
            assertThat(section(detail, "account").get("data").get("balance")).isNotNull();
            assertThat(section(detail, "activities").get("status").asText()).isEqualTo("OK");
        }

        @Test
        void anotherCustomersAccountIsNotFoundNotLeaked() {
            String bobsAccount = firstAccountId("bob");

            HttpResponse<String> bobs = get("/v1/screens/account-detail?accountId=" + bobsAccount, token("alice"));
            HttpResponse<String> none = get("/v1/screens/account-detail?accountId=no-such-account", token("alice"));

            assertThat(contentType(bobs)).startsWith("application/problem+json");
            String bobsDetail = body(bobs, 404).get("detail").asText();
            String noneDetail = body(none, 404).get("detail").asText();
            // Indistinguishable from an account that does not exist: nothing of bob's account comes back.
            assertThat(bobsDetail).isEqualTo(noneDetail.replace("no-such-account", bobsAccount));
            assertThat(bobs.body()).doesNotContain("balance").doesNotContain("maskedIban");
        }

        @Test
        void aMissingAccountIdIs400SayingWhatToSend() {
            JsonNode problem = body(get("/v1/screens/account-detail", token("alice")), 400);

            assertThat(problem.get("detail").asText()).contains("accountId");
        }
    }

    @Nested
    class Authentication {
        @Test
        void missingTokenIs401Problem() {
            HttpResponse<String> response = APP.getAnonymous("/v1/home");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(contentType(response)).startsWith("application/problem+json");
            assertThat(header(response, "WWW-Authenticate")).startsWith("Bearer");
        }

        @Test
        void forgedTokenIs401() {
            String otherKeyWithOurKid = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"sandbox-2026-11\","
                    + "\"x\":\"rAMyDVIPBfezZymx0lCIJqVG7xOEtQ-TlnTwDQKTOI8\",\"y\":\"T2oxUhDnqmcKz1O7a8A4Mjs4Z4KlwVBB4i2gamH9Olc\","
                    + "\"d\":\"PBxUd88Sp6HKKy0VYeSacqu1UE3pGFsvKJf9gZA1UJ0\"}";
            String forged = new TokenIssuer(otherKeyWithOurKid, "https://sandbox.hearth.local", "hearth-home")
                    .issue(new CustomerId("alice"), "home:read", Instant.now(), Duration.ofMinutes(5));

            assertThat(get("/v1/home", forged).statusCode()).isEqualTo(401);
        }

        @Test
        void expiredTokenIs401() {
            String expired = issuer().issue(new CustomerId("alice"), "home:read",
                    Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(5));

            assertThat(get("/v1/home", expired).statusCode()).isEqualTo(401);
        }

        @Test
        void tokenForAnotherAudienceIs401() {
            String elsewhere = issuer().issue(new CustomerId("alice"), "home:read", Instant.now(),
                    Duration.ofMinutes(5), "payments-api");

            assertThat(get("/v1/home", elsewhere).statusCode()).isEqualTo(401);
        }

        @Test
        void garbageTokenIs401() {
            assertThat(get("/v1/home", "not.a.jwt").statusCode()).isEqualTo(401);
        }

        @Test
        void tokenWithoutTheHomeScopeIs403Problem() {
            String noScope = issuer().issue(new CustomerId("alice"), "payments:write", Instant.now(), Duration.ofMinutes(5));

            HttpResponse<String> response = get("/v1/home", noScope);

            assertThat(body(response, 403).get("detail").asText()).contains("scope");
        }

        @Test
        void tokenInTheQueryStringIsRejected() {
            HttpResponse<String> response = APP.getAnonymous("/v1/home?access_token=" + token("alice"));

            JsonNode problem = body(response, 400);
            assertThat(problem.get("detail").asText()).contains("Authorization");
        }
    }

    static String firstAccountId(String customer) {
        return section(body(get("/v1/home", token(customer)), 200), "accounts").get("data").get(0).get("id").asText();
    }

    static TokenIssuer issuer() {
        return APP.issuer();
    }

    static String token(String customer) {
        return APP.token(customer);
    }

    static HttpResponse<String> get(String path, String token) {
        return APP.get(path, token);
    }
}
