package dev.hearth.home.adapter.in.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.trace.Trace;
import dev.hearth.home.trace.TraceJson;
import dev.hearth.home.trace.TraceRecorder;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The admin port's traces: {@code GET /traces} (kept traces, most recent first; {@code ?screen=}, {@code ?status=}
 * ({@code complete}, {@code degraded}, {@code failed}) and {@code ?requestId=} (a part of it) keep only those that
 * match), {@code GET /traces/{requestId}}
 * (one trace with its calls) and {@code GET /traces/view} (a self-contained page drawing a trace as a waterfall).
 */
public final class TracesServlet extends HttpServlet {
    /** Mapped by the application under these patterns. */
    public static final String[] MAPPINGS = {"/traces", "/traces/*"};
    private static final String VIEW = "traces-view.html";
    /** The page brings everything it needs and may only talk back to this admin port. */
    private static final String VIEW_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    private final transient TraceRecorder traces;
    private final transient ObjectMapper mapper;
    private final byte[] view;

    @Inject
    public TracesServlet(TraceRecorder traces, ObjectMapper mapper) {
        this.traces = Objects.requireNonNull(traces, "traces");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.view = readView();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            Predicate<Trace> wanted = filter(request);
            json(response, HttpServletResponse.SC_OK,
                    traces.traces().stream().filter(wanted).map(TraceJson::summary).toList());
        } else if (path.equals("/view")) {
            response.setContentType("text/html; charset=utf-8");
            response.setHeader("Content-Security-Policy", VIEW_POLICY);
            response.getOutputStream().write(view);
        } else {
            String requestId = path.substring(1);
            var trace = traces.trace(requestId);
            if (trace.isPresent()) {
                json(response, HttpServletResponse.SC_OK, TraceJson.detail(trace.get()));
            } else {
                json(response, HttpServletResponse.SC_NOT_FOUND, Map.of("status", 404, "detail",
                        "No trace is kept for request '" + requestId + "': only the slowest and the most recent "
                                + "degraded requests are. GET /traces lists them."));
            }
        }
    }

    /** Every given, non-blank filter must match. */
    static Predicate<Trace> filter(HttpServletRequest request) {
        Predicate<Trace> wanted = trace -> true;
        String screen = param(request, "screen");
        if (screen != null) {
            wanted = wanted.and(trace -> trace.screenId().equals(screen));
        }
        String status = param(request, "status");
        if (status != null) {
            wanted = wanted.and(trace -> trace.status().equalsIgnoreCase(status));
        }
        String requestId = param(request, "requestId");
        if (requestId != null) {
            wanted = wanted.and(trace -> trace.requestId().contains(requestId));
        }
        return wanted;
    }

    private static String param(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        mapper.writeValue(response.getOutputStream(), body);
    }

    private static byte[] readView() {
        try (InputStream in = TracesServlet.class.getResourceAsStream(VIEW)) {
            if (in == null) {
                throw new IllegalStateException(VIEW + " is missing from the classpath next to " + TracesServlet.class);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
