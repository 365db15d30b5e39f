package dev.hearth.home.adapter.in.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The API's first filter, registered ahead of every other on the application context: notes how long the request
 * queued since Jetty began it before Hearth's code ran ({@link Arrival#queued}). Authentication (a key-set fetch on key
 * rotation), Jersey and a fresh instance's cold classes come after it, so they never make a request look late to the
 * decision to answer at once; the budget still counts the whole wait (docs/adr/031-answer-on-time.md).
 */
public final class ArrivalFilter implements Filter {
    /** Its name on the application context. */
    public static final String NAME = "hearth-arrival";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(Arrival.QUEUED, Arrival.waited(request));
        chain.doFilter(request, response);
    }
}
