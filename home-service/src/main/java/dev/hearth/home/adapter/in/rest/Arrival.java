package dev.hearth.home.adapter.in.rest;

import jakarta.servlet.ServletRequest;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * How long a request has waited since it arrived: since Jetty began it (its core request's
 * {@code getBeginNanoTime()}, taken when Jetty started to read the request), so the time it spent queued for a
 * thread or a CPU before Hearth's code ran counts against its screen's budget (docs/adr/031-answer-on-time.md).
 */
final class Arrival {
    private Arrival() {
    }

    /** Since Jetty began {@code request}; {@link Duration#ZERO} for a request Jetty did not make (the warm-up). */
    static Duration waited(ServletRequest request) {
        ServletContextRequest jetty = request == null ? null : ServletContextRequest.getServletContextRequest(request);
        if (jetty == null) {
            return Duration.ZERO;
        }
        long waited = System.nanoTime() - jetty.getBeginNanoTime();
        return waited > 0 ? Duration.ofNanos(waited) : Duration.ZERO;
    }
}
