package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.adapters.out.http.JsonHttp;
import dev.hearth.home.config.DownstreamFactory;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pooled keep-alive connections that the downstream closes when idle (a raw-socket HTTP/1.1 server closing a connection
 * after 50 ms idle, silently) never fail a call: the client as config.yml builds it (DownstreamFactory, Hearth's
 * defaults) sends a GET once more when its pooled connection turns out closed. The calls are spaced beyond the idle
 * timeout, so every reused connection is a closed one.
 */
class StaleConnectionsTest {
    private static final Duration IDLE = Duration.ofMillis(50);
    private static final Duration SPACING = Duration.ofMillis(150);
    private static final RequestContext CONTEXT = RequestContext.of("stale-test", new CustomerId("alice"));

    private final MetricRegistry metrics = new MetricRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private IdleClosingDownstream downstream() throws IOException {
        IdleClosingDownstream downstream = new IdleClosingDownstream(IDLE);
        closing.add(downstream);
        return downstream;
    }

    private JsonHttp client(IdleClosingDownstream downstream, Map<String, Object> clientSettings) {
        DownstreamFactory factory = Jackson.newObjectMapper().convertValue(Map.of("client", clientSettings),
                DownstreamFactory.class);
        CloseableHttpClient client = factory.buildClient("partners", metrics);
        closing.add(client);
        return new JsonHttp("partners", client, downstream.baseUrl(),
                factory.answerDeadline("partners", Downstreams.HEARTHS_TIMER), Jackson.newObjectMapper());
    }

    private static boolean call(JsonHttp http) {
        try {
            JsonNode answer = http.get(CONTEXT, "/thing", JsonNode.class, node -> node);
            return answer.get("ok").asBoolean();
        } catch (DownstreamException e) {
            return false;
        }
    }

    private long staleRetries() {
        return metrics.counter(DownstreamFactory.staleConnectionRetries("partners")).getCount();
    }

    @Test
    void sequentialCallsSpacedBeyondTheIdleTimeoutNeverFail() throws Exception {
        IdleClosingDownstream downstream = downstream();
        JsonHttp http = client(downstream, Map.of());
        int failed = 0;

        for (int i = 0; i < 20; i++) {
            if (!call(http)) {
                failed++;
            }
            Thread.sleep(SPACING);
        }

        assertThat(failed).isZero();
        assertThat(downstream.closedIdle.get()).as("the downstream did close idle connections").isGreaterThanOrEqualTo(19);
        assertThat(staleRetries()).as("each call after the first found its connection closed").isGreaterThanOrEqualTo(19);
    }

    @Test
    void concurrentCallsSpacedBeyondTheIdleTimeoutNeverFail() throws Exception {
        IdleClosingDownstream downstream = downstream();
        JsonHttp http = client(downstream, Map.of());
        AtomicInteger failed = new AtomicInteger();

        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 10; round++) {
                List<Future<Boolean>> calls = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    calls.add(callers.submit(() -> call(http)));
                }
                for (Future<Boolean> ok : calls) {
                    if (!ok.get()) {
                        failed.incrementAndGet();
                    }
                }
                Thread.sleep(SPACING);
            }
        }

        assertThat(failed.get()).isZero();
        assertThat(downstream.requests.get()).isGreaterThanOrEqualTo(300);
        assertThat(staleRetries()).as("pooled connections were found closed").isPositive();
    }

    /** With the check after inactivity shorter than the downstream's idle timeout, the pool finds them before use. */
    @Test
    void aValidationAfterInactivityShorterThanTheDownstreamsIdleTimeoutFindsClosedConnectionsBeforeUse() throws Exception {
        IdleClosingDownstream downstream = downstream();
        JsonHttp http = client(downstream, Map.of("validateAfterInactivityPeriod", "10ms"));
        int failed = 0;

        for (int i = 0; i < 10; i++) {
            if (!call(http)) {
                failed++;
            }
            Thread.sleep(SPACING);
        }

        assertThat(failed).isZero();
        assertThat(staleRetries()).as("none sent on a closed connection").isZero();
        assertThat(downstream.connections.get()).isEqualTo(10);
    }
}
