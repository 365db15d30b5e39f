package dev.hearth.adapters.out.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.Objects;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client's one retry: a read (GET, HEAD: HTTP's safe methods) sent on a pooled connection that had already carried an
 * answer, and that the downstream had closed while it sat idle in the pool, is sent once more, at once, on another
 * connection (docs/adr/020-jwks-uri-and-stale-connections.md). Only these failures, which show the request was never
 * answered because the connection was dead: no response at all ({@link NoHttpResponseException}), the connection
 * closed or reset by the peer. Never:
 * <ul>
 *   <li>a write (POST, PUT, PATCH, DELETE, even the idempotent ones): it may have been applied, and Hearth's writes
 *       are never retried (resilience/PortPolicies);</li>
 *   <li>a request on a connection opened for it: that downstream refuses or drops requests, which the port's own retry
 *       policy decides about (resilience/Retrier), not the transport;</li>
 *   <li>after the thread was interrupted (the engine's deadline for the call) or the request cancelled (its
 *       {@link AnswerDeadline}; the client checks that one itself before asking);</li>
 *   <li>a second time, or on an answer (any status is the port's to judge).</li>
 * </ul>
 * Stale connections are why: a validation after inactivity ({@code validateAfterInactivityPeriod}) finds those closed
 * long ago, but not one closed a moment before it is leased, nor one closed after the check. Thread-safe.
 */
public final class StaleConnectionRetry implements HttpRequestRetryStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(StaleConnectionRetry.class);

    private final String downstream;
    private final Runnable beforeRetry;

    /**
     * @param downstream  the system's name, for the log
     * @param beforeRetry run before every retry: counts it, and closes the pool's idle connections, which the downstream
     *                    most likely closed too (else the retry would take one of them and fail the same way)
     */
    public StaleConnectionRetry(String downstream, Runnable beforeRetry) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.beforeRetry = Objects.requireNonNull(beforeRetry, "beforeRetry");
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException failure, int execCount, HttpContext context) {
        if (execCount > 1 || Thread.currentThread().isInterrupted() || !Method.isSafe(request.getMethod())
                || !stale(failure) || !reused(context)) {
            return false;
        }
        LOG.debug("{}: {} {} found its pooled connection closed by the downstream ({}); sent again on another", downstream,
                request.getMethod(), request.getPath(), failure.toString());
        beforeRetry.run();
        return true;
    }

    /** The failures of a connection the peer had closed: no answer, or closed or reset under the request. */
    static boolean stale(IOException failure) {
        return failure instanceof NoHttpResponseException || failure instanceof ConnectionClosedException
                || (failure instanceof SocketException && !(failure instanceof ConnectException)
                        && !(failure instanceof NoRouteToHostException));
    }

    /** Whether the connection had carried an answer before this request: it came from the pool, not opened for it. */
    private static boolean reused(HttpContext context) {
        EndpointDetails endpoint = HttpCoreContext.cast(context).getEndpointDetails();
        return endpoint != null && endpoint.getResponseCount() > 0;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }

    @Override
    public TimeValue getRetryInterval(HttpRequest request, IOException failure, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }
}
