package dev.hearth.home.adapter.in.rest;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.application.port.in.LateRequestException;
import dev.hearth.ports.domain.model.Side;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's first filter, registered ahead of every other on the application context. It notes how long a request
 * queued since Jetty began it before Hearth's code ran ({@link Arrival#queued}), and lets a screen request into
 * Hearth's hands when the {@link BuildLimit} has room, waiting for it, newest first, at most what is left of
 * {@code overload.answerAtOnceAfter} (docs/adr/032-limit-on-screens-built-at-once.md). A request that found no room in
 * time has queued longer than that and is answered at once (docs/adr/031-answer-on-time.md): a home goes on, without
 * room, to be answered by legacy, while fewer than {@code overload.concurrency.lateToLegacy} such homes are at legacy;
 * the rest get the 503 {@code overloaded} with {@code Retry-After} here, before authentication and Jersey, which
 * would cost the CPU the homes being built wait for (a 503 says nothing about anyone). Authentication (a key-set
 * fetch on key rotation), Jersey and a fresh instance's cold classes come after this filter, so they never make a
 * request look late; the budget still counts the whole wait.
 */
public final class ArrivalFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ArrivalFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Its name on the application context. */
    public static final String NAME = "hearth-arrival";

    private final BuildLimit limit;
    private final Duration answerAtOnceAfter;
    private final Semaphore lateToLegacy;
    private final Counter unavailable;
    private final Function<String, OptionalLong> logs;

    /**
     * @param limit             the room for screen requests; {@link BuildLimit#OFF} lets every one in
     * @param answerAtOnceAfter the longest a request may queue before Hearth begins it; 0: the limit is not applied
     *                          (a request without room would have nowhere to go but in)
     * @param lateToLegacy      homes without room that may be at legacy at once; 0: none, every one gets the 503
     * @param unavailable       counts the 503s answered here ({@code hearth_late_unavailable_total})
     * @param logs              whether a line may be written now, and how many were left out since (one a second)
     */
    public ArrivalFilter(BuildLimit limit, Duration answerAtOnceAfter, int lateToLegacy, Counter unavailable,
            Function<String, OptionalLong> logs) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.answerAtOnceAfter = Objects.requireNonNull(answerAtOnceAfter, "answerAtOnceAfter");
        if (lateToLegacy < 0) {
            throw new IllegalArgumentException("overload.concurrency.lateToLegacy must be 0 or more, got " + lateToLegacy);
        }
        this.lateToLegacy = new Semaphore(lateToLegacy);
        this.unavailable = Objects.requireNonNull(unavailable, "unavailable");
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Duration queued = Arrival.waited(request);
        String path = screenPath(request);
        if (!limit.on() || answerAtOnceAfter.isZero() || path == null) {
            request.setAttribute(Arrival.QUEUED, queued);
            chain.doFilter(request, response);
            return;
        }
        long asked = System.nanoTime();
        Optional<BuildLimit.Permit> permit = limit.acquire(answerAtOnceAfter.minus(queued));
        Duration withRoom = queued.plusNanos(System.nanoTime() - asked);
        Duration waited = Arrival.waited(request);
        queued = waited.compareTo(withRoom) > 0 ? waited : withRoom;
        request.setAttribute(Arrival.QUEUED, queued);
        if (permit.isPresent()) {
            withRoom(permit.get(), request, response, chain);
        } else if (queued.compareTo(answerAtOnceAfter) > 0 && path.equals(HOME) && lateToLegacy.tryAcquire()) {
            try {
                chain.doFilter(request, response); // queued past answerAtOnceAfter: legacy answers it, or the 503
            } finally {
                lateToLegacy.release();
            }
        } else {
            overloaded((HttpServletRequest) request, (HttpServletResponse) response, queued);
        }
    }

    /** Runs the request holding its room, given back however it ends; a sample only if Hearth built the answer. */
    private static void withRoom(BuildLimit.Permit permit, ServletRequest request, ServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        boolean built = false;
        try {
            chain.doFilter(request, response);
            built = builtByHearth(response);
        } finally {
            if (built) {
                permit.built();
            } else {
                permit.notBuilt();
            }
        }
    }

    /** A 200 that Hearth built: a screen, or a home not served by legacy ({@value Side#HEADER}). */
    static boolean builtByHearth(ServletResponse response) {
        if (!(response instanceof HttpServletResponse http) || http.getStatus() != HttpServletResponse.SC_OK) {
            return false;
        }
        String servedBy = http.getHeader(Side.HEADER);
        return servedBy == null || servedBy.equals(Side.HEARTH.label());
    }

    private static final String HOME = "/v1/home";

    /**
     * The path of a request that builds a screen ({@code /v1/home}, {@code /v1/screens/...}, as the servlet container
     * decoded and normalised it, a trailing {@code /} as Jersey ignores it); else null.
     */
    static String screenPath(ServletRequest request) {
        if (!(request instanceof HttpServletRequest http)) {
            return null;
        }
        String path = http.getPathInfo() != null ? http.getPathInfo() : http.getServletPath();
        if (path == null) {
            return null;
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(HOME) || path.startsWith("/v1/screens/") ? path : null;
    }

    private void overloaded(HttpServletRequest request, HttpServletResponse response, Duration queued)
            throws IOException {
        unavailable.inc();
        String requestId = RequestIdFilter.acceptOrCreate(request.getHeader(RequestIdFilter.HEADER));
        String detail = queued.compareTo(answerAtOnceAfter) > 0
                ? LateRequestException.answeredAtOnce("This request waited " + LateRequestException.millisUp(queued)
                        + " ms before Hearth could begin it (in the server's queue, or for room among the "
                        + limit.limit() + " screen requests Hearth takes at once now: overload.concurrency), longer "
                        + "than overload.answerAtOnceAfter (" + answerAtOnceAfter.toMillis() + " ms)")
                : "This request's wait for room among the screen requests Hearth takes at once was interrupted: the "
                        + "server is stopping. " + LateRequestException.tryAgain();
        logs.apply("no-room").ifPresent(skipped -> LOG.warn("Request {} for {} answered 503 at once: {} "
                        + "(docs/RUNBOOK.md, \"Requests answered at once\"){}", requestId, request.getRequestURI(),
                detail, skipped == 0 ? "" : " [" + skipped + " more like it since the last such line, not logged]"));
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader("Retry-After", Long.toString(LateRequestException.RETRY_AFTER.toSeconds()));
        response.setHeader("Cache-Control", NoStoreFilter.NO_STORE);
        response.setHeader(RequestIdFilter.HEADER, requestId);
        response.getOutputStream().write(JSON.writeValueAsBytes(Problem.of(Problem.Type.OVERLOADED, detail, requestId)));
    }
}
