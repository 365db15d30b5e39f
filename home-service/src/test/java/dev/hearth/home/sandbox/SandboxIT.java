package dev.hearth.home.sandbox;

import dev.hearth.sandbox.Fault;
import dev.hearth.sandbox.SandboxServer;
import dev.hearth.sandbox.SandboxSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.cards.CardHttpAdapter;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.adapters.out.http.legacy.LegacyHomeHttpAdapter;
import dev.hearth.adapters.out.http.marketing.MarketingHttpAdapter;
import dev.hearth.adapters.out.http.openbanking.OpenBankingHttpAdapter;
import dev.hearth.adapters.out.http.partners.PartnerHttpAdapter;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Nickname;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import dev.hearth.ports.domain.port.out.DownstreamException;
import io.dropwizard.client.HttpClientBuilder;
import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every real HTTP adapter against the sandbox: the two sides of the downstream contract agree. */
class SandboxIT {
    private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.sandbox.signature";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    static SandboxServer sandbox;
    static CloseableHttpClient client;
    static ObjectMapper mapper = Jackson.newObjectMapper();
    static final AnswerDeadline DEADLINE = new AnswerDeadline(Duration.ofSeconds(30), Downstreams.HEARTHS_TIMER);
    static CoreBankingHttpAdapter core;
    static PartnerHttpAdapter partners;
    static CardHttpAdapter cards;
    static OpenBankingHttpAdapter openBanking;
    static MarketingHttpAdapter marketing;
    static LegacyHomeHttpAdapter legacy;

    @BeforeAll
    static void start() throws IOException {
        sandbox = SandboxServer.start(new SandboxSettings("127.0.0.1", 0, 0.0, 0.0));
        client = client();
        URI base = sandbox.baseUri();
        core = new CoreBankingHttpAdapter(client, base, DEADLINE, mapper);
        partners = new PartnerHttpAdapter(client, base, DEADLINE, mapper);
        cards = new CardHttpAdapter(client, base, DEADLINE, mapper);
        openBanking = new OpenBankingHttpAdapter(client, base, DEADLINE, mapper);
        marketing = new MarketingHttpAdapter(client, base, DEADLINE, mapper);
        legacy = new LegacyHomeHttpAdapter(client, base, DEADLINE, mapper);
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        sandbox.close();
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().reset();
    }

    @Test
    void servesAliceToEveryRealAdapter() throws Exception {
        CustomerId alice = new CustomerId("alice");
        RequestContext context = context("alice");

        assertThat(core.loadProfile(context, alice).displayName()).isEqualTo("Alice Example");
        List<Account> accounts = core.loadAccounts(context, alice);
        assertThat(accounts).extracting(a -> a.id().value()).containsExactly("alice-acc-1", "alice-acc-2", "alice-acc-3");
        assertThat(accounts).allSatisfy(a -> assertThat(a.owner()).isEqualTo(alice));
        for (Account account : accounts) {
            assertThat(core.loadBalance(context, account.id()).accountId()).isEqualTo(account.id());
            assertThat(core.loadRecentActivities(context, account.id(), 5)).hasSize(5)
                    .allSatisfy(activity -> assertThat(activity.accountId()).isEqualTo(account.id()));
        }
        assertThat(partners.loadPartnership(context, new AccountId("alice-acc-1")).partnerName())
                .isEqualTo("Lufthansa Miles & More");
        assertThatThrownBy(() -> partners.loadPartnership(context, new AccountId("alice-acc-2")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        List<CardSummary> cardList = cards.loadCards(context, alice);
        assertThat(cardList).hasSize(2);
        for (CardSummary card : cardList) {
            CardDetail detail = cards.loadCardDetail(context, card.id());
            assertThat(detail.maskedPan()).isEqualTo(card.maskedPan());
        }
        assertThat(openBanking.loadExternalBalances(context, alice)).hasSize(2);
        assertThat(marketing.loadBanners(context, alice)).isNotEmpty();
    }

    @Test
    void theLegacyHomeAnswersHearthsContractForTheCustomerInTheToken() throws Exception {
        JsonNode home = mapper.readTree(legacy.loadLegacyHome(context("alice")).json());

        assertThat(home.get("screen").asText()).isEqualTo("home");
        assertThat(home.get("complete").asBoolean()).isTrue();
        List<String> ids = new ArrayList<>();
        home.get("sections").forEach(section -> {
            ids.add(section.get("id").asText());
            assertThat(section.get("status").asText()).isEqualTo("OK");
        });
        assertThat(ids).containsExactly("profile", "accounts", "cardList", "cards", "openBanking", "banners");
        JsonNode accounts = section(home, "accounts");
        assertThat(accounts).hasSize(3);
        Account first = core.loadAccounts(context("alice"), new CustomerId("alice")).getFirst();
        JsonNode item = accounts.get(0);
        assertThat(item.get("maskedIban").asText()).isEqualTo(first.maskedIban());
        assertThat(item.get("alias").asText()).isEqualTo(Nickname.defaultFor(first).value());
        assertThat(item.get("balance").get("asOf").isTextual()).as("dates are ISO strings").isTrue();
        assertThat(item.get("partnership").get("partnerName").asText()).isEqualTo("Lufthansa Miles & More");
        assertThat(accounts.get(1).has("partnership")).isFalse();
        assertThat(section(home, "cards")).hasSize(2);
        assertThat(section(home, "openBanking")).hasSize(2);
    }

    @Test
    void theLegacyHomeRefusesACallWithoutBearerToken() throws Exception {
        HttpGet request = new HttpGet(sandbox.baseUri().resolve("/legacy/customers/alice/home"));
        try (ClassicHttpResponse response = client.executeOpen(HttpHost.create(sandbox.baseUri()), request, null)) {
            assertThat(response.getCode()).isEqualTo(401);
            assertThat(response.getFirstHeader("Content-Type").getValue()).isEqualTo("application/problem+json");
            EntityUtils.consume(response.getEntity());
        }
    }

    @Test
    void eachDemoCustomerHasItsAccountsAndCards() throws Exception {
        Map<String, int[]> expected = Map.of("alice", new int[] {3, 2}, "bob", new int[] {8, 10},
                "carol", new int[] {2, 100}, "dave", new int[] {0, 0});
        Set<AccountId> accountIds = new HashSet<>();
        int accountCount = 0;
        for (var entry : expected.entrySet()) {
            CustomerId customer = new CustomerId(entry.getKey());
            RequestContext context = context(entry.getKey());
            List<Account> accounts = core.loadAccounts(context, customer);
            List<CardSummary> cardList = cards.loadCards(context, customer);

            assertThat(accounts).as(entry.getKey() + "'s accounts").hasSize(entry.getValue()[0]);
            assertThat(cardList).as(entry.getKey() + "'s cards").hasSize(entry.getValue()[1]);
            assertThat(core.loadProfile(context, customer).id()).isEqualTo(customer);
            assertThat(marketing.loadBanners(context, customer)).isNotEmpty();
            assertThat(accounts).allSatisfy(a -> assertThat(a.maskedIban()).contains("****").matches(".*\\d{4}"));
            for (CardSummary card : cardList) {
                assertThat(cards.loadCardDetail(context, card.id()).id()).isEqualTo(card.id());
            }
            accounts.forEach(a -> accountIds.add(a.id()));
            accountCount += accounts.size();
        }
        assertThat(accountIds).as("account ids are globally unique").hasSize(accountCount);
        assertThat(openBanking.loadExternalBalances(context("bob"), new CustomerId("bob"))).hasSize(1);
        assertThat(openBanking.loadExternalBalances(context("dave"), new CustomerId("dave"))).isEmpty();
    }

    @Test
    void anUnknownCustomerOrAnAccountOfNobodyIsNotFound() {
        CustomerId mallory = new CustomerId("mallory");

        assertThatThrownBy(() -> core.loadProfile(context("mallory"), mallory))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> core.loadAccounts(context("mallory"), mallory))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> legacy.loadLegacyHome(context("mallory")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> core.loadBalance(context("alice"), new AccountId("mallory-acc-1")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> cards.loadCardDetail(context("alice"), new dev.hearth.ports.domain.model.CardId("x-card-1")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void aFaultWithErrorRateOneFailsThatPortOnlyUntilReset() throws Exception {
        CustomerId alice = new CustomerId("alice");
        AccountId account = new AccountId("alice-acc-1");
        sandbox.faults().set("balance", Fault.failing(1.0));

        assertThatThrownBy(() -> core.loadBalance(context("alice"), account))
                .isInstanceOfSatisfying(DownstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("503");
                });
        assertThat(core.loadAccounts(context("alice"), alice)).hasSize(3);
        assertThat(core.loadRecentActivities(context("alice"), account, 3)).hasSize(3);

        sandbox.faults().reset();

        assertThat(sandbox.faults().find("balance")).isEmpty();
        assertThat(core.loadBalance(context("alice"), account).accountId()).isEqualTo(account);
    }

    @Test
    void aHangingPortBlocksUntilTheCallerIsInterrupted() throws InterruptedException {
        sandbox.faults().set("banners", Fault.hanging());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();

        Thread call = Thread.ofVirtual().start(() -> {
            try {
                marketing.loadBanners(context("alice"), new CustomerId("alice"));
            } catch (Throwable e) {
                thrown.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        assertThat(call.join(Duration.ofMillis(300))).as("still hanging after 300 ms").isFalse();
        call.interrupt();

        assertThat(call.join(Duration.ofSeconds(2))).as("ended within 2 s of the interrupt").isTrue();
        assertThat(interruptedAfter).isTrue();
        assertThat(thrown.get()).isInstanceOfSatisfying(DownstreamException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void anUnknownPortNameIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> sandbox.faults().set("balances", Fault.failing(1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'balances'")
                .hasMessageContaining("balance").hasMessageContaining("cardDetails").hasMessageContaining("legacyHome");
        assertThat(sandbox.faults().portNames()).containsExactly("profile", "accounts", "balance", "activities",
                "partnership", "cardList", "cardDetails", "openBanking", "banners", "legacyHome");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "port=balance&errorrate=1 | sandbox-fault has no parameter 'errorrate'; its parameters are [port, latencyMs, errorRate, hang, moving, legacyDifference] (names are case-sensitive)",
        "port=banners&hang=yes    | hang must be true or false, not 'yes'",
        "port=banners&hang=TRUE   | hang must be true or false, not 'TRUE'",
        "port=banners&latencyMs=-5  | latencyMs must be a whole number of milliseconds >= 0, not '-5'",
        "port=banners&latencyMs=1.5 | latencyMs must be a whole number of milliseconds >= 0, not '1.5'",
        "port=banners&errorRate=1.5 | errorRate must be a number from 0 to 1 (0.25 = a quarter of calls fail), not '1.5'",
        "port=banners&errorRate=NaN | errorRate must be a number from 0 to 1 (0.25 = a quarter of calls fail), not 'NaN'",
        "port=banners&errorRate=-0.0 | errorRate must be a number from 0 to 1 (0.25 = a quarter of calls fail), not '-0.0'",
        "port=balances&errorRate=1  | the sandbox has no port 'balances'; its ports are [profile, accounts, balance, activities, partnership, cardList, cardDetails, openBanking, banners, legacyHome]",
        "errorRate=1                | Say which port: ?port=NAME, one of [profile, accounts, balance, activities, partnership, cardList, cardDetails, openBanking, banners, legacyHome]"})
    void aBadFaultRequestIsRefusedSayingWhatWasWrongAndNothingChanges(String query, String message) throws Exception {
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            parameters.put(pair.substring(0, pair.indexOf('=')), List.of(pair.substring(pair.indexOf('=') + 1)));
        }
        var task = sandbox.tasks().stream().filter(t -> t.getName().equals("sandbox-fault")).findFirst().orElseThrow();

        assertThatThrownBy(() -> task.execute(parameters, new PrintWriter(new StringWriter())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        HttpResponse<String> overHttp = postTask("sandbox-fault?" + query);
        assertThat(overHttp.statusCode()).isEqualTo(400);
        assertThat(overHttp.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(mapper.readTree(overHttp.body()).get("detail").asText()).isEqualTo(message);
        assertThat(sandbox.faults().portNames()).allSatisfy(port -> assertThat(sandbox.faults().find(port)).isEmpty());
    }

    @Test
    void theSandboxsOwnPortTakesTheFaultTasks() throws Exception {
        HttpResponse<String> injected = postTask("sandbox-fault?port=balance&errorRate=1&hang=false");

        assertThat(injected.statusCode()).isEqualTo(200);
        assertThat(injected.body()).isEqualTo("sandbox port balance: latency 0 ms, error rate 1.000, hang false, moving false, "
                + "legacy difference false\n");
        assertThat(sandbox.faults().find("balance")).contains(Fault.failing(1.0));
        assertThat(postTask("sandbox-reset").body()).isEqualTo("sandbox faults cleared\n");
        assertThat(sandbox.faults().find("balance")).isEmpty();
        assertThat(postTask("sandbox-nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void theCallsTaskCountsEachPortsRequestsAsTheDownstreamWouldBillThem() throws Exception {
        long before = mapper.readTree(postTask("sandbox-calls").body()).get("openBanking").asLong();
        RequestContext context = context("alice");

        openBanking.loadExternalBalances(context, new CustomerId("alice"));
        openBanking.loadExternalBalances(context, new CustomerId("bob"));
        HttpResponse<String> calls = postTask("sandbox-calls");

        assertThat(calls.statusCode()).isEqualTo(200);
        JsonNode byPort = mapper.readTree(calls.body());
        assertThat(byPort.get("openBanking").asLong()).isEqualTo(before + 2);
        assertThat(byPort.get("openBanking").asLong()).isEqualTo(sandbox.calls("openBanking"));
        assertThat(byPort.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(sandbox.faults().portNames());
        HttpResponse<String> refused = postTask("sandbox-calls?port=openBanking");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(refused.body()).get("detail").asText()).contains("takes no parameters");
    }

    static HttpResponse<String> postTask(String task) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(sandbox.baseUri().resolve("/tasks/" + task))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void faultsAndSettingsRejectImpossibleValues() {
        assertThatThrownBy(() -> new Fault(Duration.ofMillis(-1), 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault(Duration.ZERO, 1.5, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault(Duration.ZERO, Double.NaN, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxSettings("127.0.0.1", 70_000, 1, 0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxSettings("127.0.0.1", 0, -1, 0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SandboxSettings.defaults()).isEqualTo(new SandboxSettings("127.0.0.1", 9090, 1.0, 0.3));
    }

    @Test
    void aFaultsLatencyIsAddedToItsPort() throws Exception {
        sandbox.faults().set("profile", Fault.slow(Duration.ofMillis(300)));

        long started = System.nanoTime();
        core.loadProfile(context("alice"), new CustomerId("alice"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void theLegacyHomeTakesTheSumOfItsPartsWhileOneCallTakesOnlyItsOwn() throws Exception {
        try (SandboxServer realistic = SandboxServer.start(new SandboxSettings("127.0.0.1", 0, 1.0, 0.0))) {
            var slowLegacy = new LegacyHomeHttpAdapter(client, realistic.baseUri(), DEADLINE, mapper);
            var slowCore = new CoreBankingHttpAdapter(client, realistic.baseUri(), DEADLINE, mapper);

            long started = System.nanoTime();
            slowLegacy.loadLegacyHome(context("alice"));
            Duration legacyTook = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            slowCore.loadProfile(context("alice"), new CustomerId("alice"));
            Duration profileTook = Duration.ofNanos(System.nanoTime() - started);

            // alice: legacy 15 + profile 20 + accounts 30 + 3 x (balance 25 + partnership 30) + cardList 25
            //        + 2 x cardDetails 40 + openBanking 80 + banners 30 = 445 ms, one after another
            assertThat(legacyTook).isGreaterThanOrEqualTo(Duration.ofMillis(440));
            assertThat(profileTook).isGreaterThanOrEqualTo(Duration.ofMillis(19)).isLessThan(Duration.ofMillis(400));
        }
    }

    @Test
    void closingEndsAHangingCallPromptly() throws Exception {
        SandboxServer doomed = SandboxServer.start(new SandboxSettings("127.0.0.1", 0, 0.0, 0.0));
        doomed.faults().set("profile", Fault.hanging());
        var adapter = new CoreBankingHttpAdapter(client, doomed.baseUri(), DEADLINE, mapper);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread call = Thread.ofVirtual().start(() -> {
            try {
                adapter.loadProfile(context("alice"), new CustomerId("alice"));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        assertThat(call.join(Duration.ofMillis(200))).isFalse();

        long started = System.nanoTime();
        doomed.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(call.join(Duration.ofSeconds(2))).isTrue();
        assertThat(thrown.get()).isInstanceOfSatisfying(DownstreamException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    private static JsonNode section(JsonNode home, String id) {
        for (JsonNode section : home.get("sections")) {
            if (section.get("id").asText().equals(id)) {
                return section.get("data");
            }
        }
        throw new AssertionError("no section " + id);
    }

    private static RequestContext context(String customer) {
        return new RequestContext("sandbox-it", new CustomerId(customer), Optional.of(TOKEN));
    }

    private static CloseableHttpClient client() {
        HttpClientConfiguration configuration = new HttpClientConfiguration();
        configuration.setTimeout(io.dropwizard.util.Duration.seconds(30));
        configuration.setConnectionTimeout(io.dropwizard.util.Duration.seconds(1));
        configuration.setConnectionRequestTimeout(io.dropwizard.util.Duration.seconds(1));
        configuration.setKeepAlive(io.dropwizard.util.Duration.seconds(30));
        configuration.setMaxConnectionsPerRoute(64);
        configuration.setRetries(0);
        return new HttpClientBuilder(new MetricRegistry()).using(configuration).build("sandbox-it-" + CLIENTS.incrementAndGet());
    }
}
