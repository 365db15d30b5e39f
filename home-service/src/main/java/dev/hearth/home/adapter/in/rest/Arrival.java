package dev.hearth.home.adapter.in.rest;

import jakarta.servlet.ServletRequest;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * How long a request has waited since it arrived: since Jetty began it (its core request's
 * {@code getBeginNanoTime()}, taken when Jetty started to read the request). Two readings (docs/adr/031-answer-on-time.md):
 * {@link #waited} when the resource takes the request, the whole wait, which the screen's budget counts from; and
 * {@link #queued}, taken by {@link ArrivalFilter} before any of Hearth's code ran (authentication, Jersey), which the
 * decision to answer at once uses, so that Hearth's own cold path on a fresh instance is not taken for a queue.
 */
final class Arrival {
    /** The request attribute {@link ArrivalFilter} stores the queued time in (a {@link Duration}). */
    static final String QUEUED = Arrival.class.getName() + ".queued";

    private Arrival() {
    }

    /**
     * Since Jetty began {@code request}; {@link Duration#ZERO} for a request Jetty did not make (the warm-up, a
     * wrapper Jetty does not know).
     */
    static Duration waited(ServletRequest request) {
        if (request == null) {
            return Duration.ZERO;
        }
        ServletContextRequest jetty;
        try {
            jetty = ServletContextRequest.getServletContextRequest(request);
        } catch (IllegalStateException notJettys) {
            return Duration.ZERO; // not Jetty's request: it has waited for nothing Hearth can see
        }
        if (jetty == null) {
            return Duration.ZERO;
        }
        long waited = System.nanoTime() - jetty.getBeginNanoTime();
        return waited > 0 ? Duration.ofNanos(waited) : Duration.ZERO;
    }

    /**
     * How long {@code request} had queued when {@link ArrivalFilter}, the first filter of the API, began it;
     * {@link Duration#ZERO} when it did not pass the filter (the warm-up).
     */
    static Duration queued(ServletRequest request) {
        return request != null && request.getAttribute(QUEUED) instanceof Duration queued ? queued : Duration.ZERO;
    }
}
