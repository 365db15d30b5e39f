package dev.hearth.adapters.out.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each call waits for its whole answer until its {@link AnswerDeadline} and no longer, whoever calls it, with no
 * interrupt and no socket timeout needed: the stub's client has a 30 s socket timeout and one pooled connection, so a
 * call ended by anything but the deadline would take 30 s, and a connection it failed to give back would fail the
 * next call.
 */
class AnswerDeadlineTest {
    private static final String PATH = "/core/customers/alice/profile";
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final String PROFILE = """
            {"customerId": "alice", "displayName": "Alice Example", "segment": "PREMIUM"}""";
    private static final Duration LIMIT = Duration.ofMillis(300);

    @RegisterExtension
    static final DownstreamStub STUB = new DownstreamStub();

    private final CoreBankingHttpAdapter adapter = new CoreBankingHttpAdapter(STUB.client, STUB.baseUrl(),
            DownstreamStub.deadline(LIMIT), STUB.mapper);

    @Test
    void aDownstreamThatDoesNotAnswerIsLeftAtTheDeadlineAndTheNextCallGetsTheConnection() throws Exception {
        assertEndsAtTheDeadline(okJson(PROFILE).withFixedDelay(10_000));

        STUB.server.resetAll();
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        assertThat(adapter.loadProfile(context("alice"), ALICE))
                .isEqualTo(new CustomerProfile(ALICE, "Alice Example", "PREMIUM"));
    }

    @Test
    void theDeadlineCoversTheBodyNotOnlyTheHeaders() {
        // the status line and headers at once, the body in 20 pieces over 10 s
        assertEndsAtTheDeadline(okJson(PROFILE).withChunkedDribbleDelay(20, 10_000));
    }

    @Test
    void aCallThatAnswersInTimeCancelsItsDeadline() throws Exception {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        List<Duration> scheduled = new ArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        AnswerDeadline recorded = new AnswerDeadline(LIMIT, (delay, task) -> {
            scheduled.add(delay);
            return cancelled::incrementAndGet;
        });
        var recordedAdapter = new CoreBankingHttpAdapter(STUB.client, STUB.baseUrl(), recorded, STUB.mapper);

        recordedAdapter.loadProfile(context("alice"), ALICE);
        recordedAdapter.loadProfile(context("alice"), ALICE);

        assertThat(scheduled).containsExactly(LIMIT, LIMIT);
        assertThat(cancelled).hasValue(2);
    }

    @Test
    void aDeadlineMustBePositive() {
        AnswerDeadline.Scheduler never = (delay, task) -> () -> { };
        assertThatThrownBy(() -> new AnswerDeadline(Duration.ZERO, never))
                .hasMessage("the answer deadline must be positive, not 0 ms");
    }

    private void assertEndsAtTheDeadline(ResponseDefinitionBuilder slow) {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(slow));
        long started = System.nanoTime();

        assertThatThrownBy(() -> adapter.loadProfile(context("alice"), ALICE))
                .isInstanceOfSatisfying(DownstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("coreBanking: GET " + PATH
                            + " had no whole answer within 300 ms, the client's timeout");
                });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("not before the deadline").isGreaterThanOrEqualTo(LIMIT);
        assertThat(took).as("at the deadline, generously: the answer would take 10 s").isLessThan(Duration.ofSeconds(5));
        assertThat(Thread.currentThread().isInterrupted()).as("nobody interrupted the caller").isFalse();
    }
}
