package dev.hearth.adapters.out.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link JsonHttp} maps every way a downstream can fail, shown through a real adapter and a real
 * HTTP server. The plumbing is shared, so what holds for core banking's profile holds for every adapter.
 */
class HttpErrorMappingTest {
    private static final String PATH = "/core/customers/alice/profile";
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final String PROFILE = """
            {"customerId": "alice", "displayName": "Alice Example", "segment": "PREMIUM"}""";

    static DownstreamStub stub;
    static CoreBankingHttpAdapter adapter;

    @BeforeAll
    static void start() {
        stub = DownstreamStub.start();
        adapter = new CoreBankingHttpAdapter(stub.client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.server.resetAll();
    }

    @Test
    void status404IsNotFound() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404}")));

        assertThat(failure()).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.downstream()).isEqualTo("coreBanking");
        });
    }

    @Test
    void status500IsUnavailableNamingTheStatusButNotTheBody() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withBody("{\"detail\":\"IBAN DE89370400440532013000 locked\"}")));

        DownstreamException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("500").doesNotContain("DE89370400440532013000");
    }

    @Test
    void status503IsUnavailable() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));

        assertThat(failure()).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("503");
        });
    }

    @Test
    void malformedJsonIsABadResponse() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"customerId\": \"alice\", \"displayN")));

        assertThat(failure().kind()).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void aDocumentOfTheWrongShapeIsABadResponse() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("[{\"customerId\": \"alice\"}]")));

        assertThat(failure().kind()).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void aMissingFieldIsABadResponse() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"customerId\": \"alice\", \"segment\": \"PREMIUM\"}")));

        assertThat(failure()).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("displayName");
        });
    }

    @Test
    void aValueTheDomainRejectsIsABadResponse() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(
                okJson("{\"customerId\": \"alice\", \"displayName\": \"  \", \"segment\": \"PREMIUM\"}")));

        assertThat(failure().kind()).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void jsonNullIsABadResponse() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("null")));

        assertThat(failure().kind()).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void anAnswerAboutAnotherCustomerIsABadResponse() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(
                okJson("{\"customerId\": \"bob\", \"displayName\": \"Bob\", \"segment\": \"RETAIL\"}")));

        assertThat(failure().kind()).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void everyAnswerReadToItsEndHandsTheOnlyConnectionBack() throws DownstreamException {
        // The pool holds one connection: an answer whose connection is not handed back would make the next call wait
        // out the 1 s connectionRequestTimeout and fail. Sized bodies are read exactly, unsized ones to their end.
        var profile = new CustomerProfile(ALICE, "Alice Example", "PREMIUM");
        for (ResponseDefinitionBuilder answer : java.util.List.of(okJson(PROFILE), okJson(PROFILE).withChunkedDribbleDelay(3, 10))) {
            stub.server.resetAll();
            stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(answer));
            for (int call = 0; call < 3; call++) {
                assertThat(adapter.loadProfile(context("alice"), ALICE)).isEqualTo(profile);
            }
        }
    }

    @Test
    void aBodyOverTheLimitIsABadResponseAndTheNextCallStillGetsAConnection() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(hugeProfile())));

        assertThat(failure()).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("larger than");
        });
        assertThat(profileAfterReset()).isNotNull();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithoutReadingItAll() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(hugeProfile()).withChunkedDribbleDelay(8, 200)));

        assertThat(failure().kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(profileAfterReset()).isNotNull();
    }

    @Test
    void aCompressedBodyIsLimitedByWhatItInflatesTo() throws IOException {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(hugeProfile())));
        try (CloseableHttpClient gzip = DownstreamStub.client(true)) {
            var adapter = new CoreBankingHttpAdapter(gzip, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

            assertThatThrownBy(() -> adapter.loadProfile(context("alice"), ALICE))
                    .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        }
        stub.server.verify(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Accept-Encoding", containing("gzip")));
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (CloseableHttpClient client = DownstreamStub.client()) {
            var nowhere = new CoreBankingHttpAdapter(client, URI.create("http://127.0.0.1:" + closedPort),
                    DownstreamStub.DEADLINE, stub.mapper);

            assertThatThrownBy(() -> nowhere.loadProfile(context("alice"), ALICE))
                    .isInstanceOfSatisfying(DownstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("connection refused");
                    });
        }
    }

    @Test
    void aResetConnectionIsUnavailable() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(failure().kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(profileAfterReset()).isNotNull();
    }

    @Test
    void anEmptyResponseIsUnavailable() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThat(failure().kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void responsesAreClosedOnEveryPathSoTheOneConnectionPoolNeverRunsDry() {
        String bigProblem = "{\"detail\":\"" + "x".repeat(64 * 1024) + "\"}";
        Map<ResponseDefinitionBuilder, Kind> failures = new LinkedHashMap<>();
        failures.put(aResponse().withStatus(404), Kind.NOT_FOUND);
        failures.put(aResponse().withStatus(500).withBody(bigProblem), Kind.UNAVAILABLE);
        failures.put(aResponse().withStatus(503).withBody("{}"), Kind.UNAVAILABLE);
        failures.put(okJson("{oops"), Kind.BAD_RESPONSE);
        failures.put(okJson("[]"), Kind.BAD_RESPONSE);
        failures.put(okJson(hugeProfile()), Kind.BAD_RESPONSE);
        failures.put(okJson(hugeProfile()).withChunkedDribbleDelay(4, 50), Kind.BAD_RESPONSE);
        failures.forEach((response, kind) -> {
            stub.server.resetAll();
            stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(response));
            assertThat(failure().kind()).isEqualTo(kind);
        });

        assertThat(profileAfterReset()).isEqualTo(new CustomerProfile(ALICE, "Alice Example", "PREMIUM"));
    }

    @Test
    void aCallThatGetsNoPooledConnectionInTimeIsRefusedAndNothingIsSent() throws InterruptedException {
        // the stub's client has one connection and waits 1 s for it; the answer takes 4 s
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE).withFixedDelay(4_000)));
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        Runnable call = () -> {
            try {
                outcomes.put(Thread.currentThread().getName(), adapter.loadProfile(context("alice"), ALICE));
            } catch (Throwable e) {
                outcomes.put(Thread.currentThread().getName(), e);
            }
        };
        Thread first = Thread.ofVirtual().name("first").start(call);
        Thread second = Thread.ofVirtual().name("second").start(call);

        assertThat(first.join(Duration.ofSeconds(20)) && second.join(Duration.ofSeconds(20))).isTrue();
        assertThat(outcomes.values()).as("one got the connection, the other was refused")
                .containsOnlyOnce(new CustomerProfile(ALICE, "Alice Example", "PREMIUM"))
                .filteredOn(DownstreamException.class::isInstance).singleElement()
                .isInstanceOfSatisfying(DownstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
                    assertThat(e.getMessage()).isEqualTo("coreBanking: GET " + PATH + " was not sent: no pooled "
                            + "connection came free within the client's connectionRequestTimeout");
                });
        assertThat(stub.server.findAll(getRequestedFor(urlPathEqualTo(PATH)))).as("sent once").hasSize(1);
    }

    @Test
    void anInterruptedCallEndsPromptlyAndLeavesTheInterruptVisible() throws InterruptedException {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE).withFixedDelay(10_000)));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();

        Thread call = Thread.ofVirtual().start(() -> {
            try {
                adapter.loadProfile(context("alice"), ALICE);
            } catch (Throwable e) {
                thrown.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        Thread.sleep(200);
        long interruptedAt = System.nanoTime();
        call.interrupt();

        assertThat(call.join(Duration.ofSeconds(2))).as("the call ended within 2 s of the interrupt").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(interruptedAfter).isTrue();
        assertThat(thrown.get()).isInstanceOfSatisfying(DownstreamException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void aCallOnAnAlreadyInterruptedThreadDoesNotGoOut() {
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        Thread.currentThread().interrupt();
        try {
            assertThat(failure().kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(stub.server.getAllServeEvents()).isEmpty();
    }

    private static DownstreamException failure() {
        try {
            CustomerProfile profile = adapter.loadProfile(context("alice"), ALICE);
            throw new AssertionError("expected a DownstreamException, got " + profile);
        } catch (DownstreamException e) {
            return e;
        }
    }

    private static CustomerProfile profileAfterReset() {
        stub.server.resetAll();
        stub.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        try {
            return adapter.loadProfile(context("alice"), ALICE);
        } catch (DownstreamException e) {
            throw new AssertionError("the next call failed: the previous response kept the only connection", e);
        }
    }

    /** 2 MiB of valid JSON: too big for the 1 MiB limit only because of its size. */
    private static String hugeProfile() {
        return "{\"customerId\": \"alice\", \"displayName\": \"Alice\", \"segment\": \"PREMIUM\", \"padding\": \""
                + "x".repeat(2 * 1024 * 1024) + "\"}";
    }
}
