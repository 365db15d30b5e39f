package dev.hearth.adapters.out.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the client sends a request again: once, a GET, on a reused connection found closed, not interrupted. */
class StaleConnectionRetryTest {
    private final AtomicInteger retries = new AtomicInteger();
    private final StaleConnectionRetry strategy = new StaleConnectionRetry("thingService", retries::incrementAndGet);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** A connection that has carried {@code answered} answers. */
    private static HttpCoreContext connectionWith(long answered) {
        HttpCoreContext context = HttpCoreContext.create();
        context.setEndpointDetails(new EndpointDetails(null, null, Timeout.ZERO_MILLISECONDS) {
            @Override
            public long getRequestCount() {
                return answered + 1;
            }

            @Override
            public long getResponseCount() {
                return answered;
            }

            @Override
            public long getSentBytesCount() {
                return 0;
            }

            @Override
            public long getReceivedBytesCount() {
                return 0;
            }
        });
        return context;
    }

    private boolean retried(HttpRequest request, IOException failure, int execCount, HttpCoreContext context) {
        return strategy.retryRequest(request, failure, execCount, context);
    }

    @Test
    void aGetOnAReusedConnectionClosedByTheDownstreamIsSentOnceMore() {
        HttpGet get = new HttpGet("http://127.0.0.1/thing");

        assertThat(retried(get, new NoHttpResponseException("failed to respond"), 1, connectionWith(3))).isTrue();
        assertThat(retried(get, new SocketException("Connection reset"), 1, connectionWith(1))).isTrue();
        assertThat(retries).hasValue(2);
        assertThat(retried(get, new NoHttpResponseException("failed to respond"), 2, connectionWith(3)))
                .as("only once").isFalse();
    }

    @Test
    void neverAWrite() {
        assertThat(retried(new HttpPost("http://127.0.0.1/nickname"), new NoHttpResponseException("x"), 1,
                connectionWith(3))).isFalse();
        assertThat(retried(new HttpPut("http://127.0.0.1/nickname"), new NoHttpResponseException("x"), 1,
                connectionWith(3))).isFalse();
        assertThat(retries).hasValue(0);
    }

    @Test
    void neverOnAConnectionOpenedForTheRequest() {
        assertThat(retried(new HttpGet("http://127.0.0.1/thing"), new NoHttpResponseException("x"), 1, connectionWith(0)))
                .isFalse();
        assertThat(retried(new HttpGet("http://127.0.0.1/thing"), new NoHttpResponseException("x"), 1,
                HttpCoreContext.create())).as("no connection at all").isFalse();
    }

    @Test
    void neverAfterTheCallsDeadlineInterruptedIt() {
        Thread.currentThread().interrupt();

        assertThat(retried(new HttpGet("http://127.0.0.1/thing"), new SocketException("Closed by interrupt"), 1,
                connectionWith(3))).isFalse();
    }

    @Test
    void neverOnAFailureThatIsNotADeadConnection() {
        HttpGet get = new HttpGet("http://127.0.0.1/thing");

        assertThat(retried(get, new SocketTimeoutException("Read timed out"), 1, connectionWith(3))).isFalse();
        assertThat(retried(get, new ConnectException("Connection refused"), 1, connectionWith(3))).isFalse();
        assertThat(retried(get, new IOException("something else"), 1, connectionWith(3))).isFalse();
        assertThat(retries).hasValue(0);
    }
}
