package dev.hearth.adapters.out.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * The plumbing every HTTP adapter shares: a blocking {@code GET} of a JSON document with the
 * request id, the call's {@code traceparent} as the request context carries it (made by OpenTelemetry's propagator
 * in home-service: this module knows no tracing library) and, where
 * asked, the caller's bearer token forwarded, a bounded read of the body,
 * and the mapping of every way it can go wrong onto {@link DownstreamException}:
 * <ul>
 *   <li>404 &rarr; {@link Kind#NOT_FOUND};</li>
 *   <li>no pooled connection free within the client's {@code connectionRequestTimeout} &rarr; {@link Kind#REFUSED}
 *       (nothing was sent);</li>
 *   <li>503 or 429 with a {@code Retry-After} header (seconds or HTTP-date) &rarr; {@link Kind#UNAVAILABLE}
 *       carrying {@link DownstreamException#retryAfter()};</li>
 *   <li>any other non-2xx status, a refused or reset connection, no whole answer within the
 *       {@link AnswerDeadline} or another I/O failure &rarr; {@link Kind#UNAVAILABLE} (the message names the
 *       status, never a body, token or account number);</li>
 *   <li>malformed JSON, a wrong shape, a value a domain record rejects, or a body larger than the
 *       limit &rarr; {@link Kind#BAD_RESPONSE}.</li>
 * </ul>
 * An interrupted call (the engine's deadline) ends promptly: on a virtual thread the interrupt
 * closes the socket; this class keeps the thread's interrupt flag set and throws
 * {@link Kind#UNAVAILABLE}. Every response is closed on every path: read to its end it returns its
 * connection to the pool, abandoned part-way (too large, interrupted, past its deadline) its connection is discarded.
 *
 * <p>Immutable and thread-safe; one instance per downstream, shared by all calls.
 */
public final class JsonHttp {
    /** The largest body read by default: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** How much of an error response is read so its connection can be reused; beyond it, it is dropped. */
    private static final int DRAIN_LIMIT_BYTES = 16 * 1024;
    private static final String REQUEST_ID = "X-Request-Id";
    private static final String TRACEPARENT = "traceparent";
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    private final String downstream;
    private final CloseableHttpClient client;
    private final URI baseUrl;
    private final HttpHost target;
    private final AnswerDeadline deadline;
    private final ObjectMapper mapper;
    private final int maxBodyBytes;
    private final Clock clock;

    /**
     * @param downstream the system's name, as error messages and metrics show it (e.g. {@code coreBanking})
     * @param client     its connection pool; Hearth builds it with no socket timeout ({@link AnswerDeadline} says why)
     * @param baseUrl    scheme, host, port and an optional path prefix; paths are appended to it
     * @param deadline   the longest a call waits for its whole answer
     */
    public JsonHttp(String downstream, CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper) {
        this(downstream, client, baseUrl, deadline, mapper, DEFAULT_MAX_BODY_BYTES, Clock.systemUTC());
    }

    /** @param clock what "now" is when a {@code Retry-After} HTTP-date is turned into a wait */
    JsonHttp(String downstream, CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper,
            int maxBodyBytes, Clock clock) {
        this.downstream = requireText(downstream, "downstream");
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException(downstream + " baseUrl must be an absolute http(s) URL such as "
                    + "http://127.0.0.1:9090, not '" + baseUrl + "'");
        }
        this.baseUrl = baseUrl;
        this.target = HttpHost.create(baseUrl);
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, not " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The downstream's name, as it appears in {@link DownstreamException#downstream()}. */
    public String downstream() {
        return downstream;
    }

    /**
     * Builds a path from segments, each percent-encoded, so an id can never add a segment or a query.
     * {@code path("core", "accounts", id, "balance")} is {@code /core/accounts/<id>/balance}.
     *
     * @throws DownstreamException NOT_FOUND for a segment that is {@code .} or {@code ..}: no such
     *                             resource can exist, and the request would address another one
     */
    public String path(String... segments) throws DownstreamException {
        for (String segment : segments) {
            requireText(segment, "path segment");
            if (segment.equals(".") || segment.equals("..")) {
                throw new DownstreamException(downstream, Kind.NOT_FOUND, "no resource named '" + segment + "'");
            }
        }
        return Arrays.stream(segments)
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/", "/", ""));
    }

    /**
     * GETs {@code pathAndQuery}, reads the body as {@code dtoType} and maps it to the domain.
     * Anything {@code toDomain} throws (a record constructor rejecting a value, a missing field) is
     * a {@link Kind#BAD_RESPONSE}.
     */
    public <D, R> R get(RequestContext context, String pathAndQuery, Class<D> dtoType, Function<? super D, ? extends R> toDomain)
            throws DownstreamException {
        return get(context, pathAndQuery, mapper.constructType(dtoType), toDomain, false);
    }

    /** As {@link #get(RequestContext, String, Class, Function)}, also forwarding the caller's bearer token. */
    public <D, R> R getForwardingBearer(RequestContext context, String pathAndQuery, Class<D> dtoType,
            Function<? super D, ? extends R> toDomain) throws DownstreamException {
        return get(context, pathAndQuery, mapper.constructType(dtoType), toDomain, true);
    }

    /**
     * GETs {@code pathAndQuery}, forwarding the caller's bearer token, and returns the body unchanged
     * once it is known to be one well-formed JSON document.
     */
    public String getRawJsonForwardingBearer(RequestContext context, String pathAndQuery) throws DownstreamException {
        byte[] body = fetch(context, pathAndQuery, true);
        try {
            mapper.readTree(body); // only validates: the caller passes the original text through
        } catch (IOException e) {
            throw badResponse(pathAndQuery, "is not well-formed JSON", e);
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private <D, R> R get(RequestContext context, String pathAndQuery, JavaType dtoType,
            Function<? super D, ? extends R> toDomain, boolean forwardBearer) throws DownstreamException {
        byte[] body = fetch(context, pathAndQuery, forwardBearer);
        D dto;
        try {
            dto = mapper.readValue(body, dtoType);
        } catch (JsonProcessingException e) {
            throw badResponse(pathAndQuery, "is not the JSON its contract promises (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw badResponse(pathAndQuery, "could not be parsed", e);
        }
        if (dto == null) {
            throw badResponse(pathAndQuery, "is JSON null", null);
        }
        try {
            R result = toDomain.apply(dto);
            return Objects.requireNonNull(result, "mapped result");
        } catch (RuntimeException e) {
            throw badResponse(pathAndQuery, "holds a value the domain rejects (" + e.getMessage() + ")", e);
        }
    }

    /** Sends the request and returns the whole body of a 2xx answer; maps everything else. */
    private byte[] fetch(RequestContext context, String pathAndQuery, boolean forwardBearer) throws DownstreamException {
        Objects.requireNonNull(context, "context");
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(pathAndQuery, null);
        }
        HttpGet request = new HttpGet(resolve(pathAndQuery));
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        request.setHeader(REQUEST_ID, context.requestId());
        context.traceparent().ifPresent(traceparent -> request.setHeader(TRACEPARENT, traceparent));
        if (forwardBearer) {
            String token = context.bearerToken().orElseThrow(() -> new DownstreamException(downstream, Kind.UNAVAILABLE,
                    "GET " + pathAndQuery + " needs the caller's bearer token, and the request context has none"));
            request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        Runnable disarm = deadline.arm(request::cancel); // closes the connection, which ends a read under way
        try {
            ClassicHttpResponse response = client.executeOpen(target, request, null);
            boolean readToEnd = false;
            try {
                int status = response.getCode();
                if (status < 200 || status > 299) {
                    readToEnd = drain(response.getEntity());
                    if (status == 404) {
                        throw new DownstreamException(downstream, Kind.NOT_FOUND, "GET " + pathAndQuery + " answered 404");
                    }
                    String what = "GET " + pathAndQuery + " answered " + status;
                    if (status == 503 || status == 429) {
                        Optional<Duration> retryAfter = retryAfter(response.getFirstHeader(HttpHeaders.RETRY_AFTER));
                        if (retryAfter.isPresent()) {
                            throw new DownstreamException(downstream, Kind.UNAVAILABLE,
                                    what + " (Retry-After " + retryAfter.get().toMillis() + " ms)", null, retryAfter.get());
                        }
                    }
                    throw new DownstreamException(downstream, Kind.UNAVAILABLE, what);
                }
                byte[] body = readBounded(response.getEntity(), pathAndQuery);
                readToEnd = true;
                return body;
            } finally {
                close(response, readToEnd);
            }
        } catch (DownstreamException e) {
            throw e;
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException) {
                throw interrupted(pathAndQuery, e);
            }
            if (request.isCancelled()) {
                throw new DownstreamException(downstream, Kind.UNAVAILABLE, "GET " + pathAndQuery + " had no whole answer "
                        + "within " + deadline.limit().toMillis() + " ms, the client's timeout", e);
            }
            if (e instanceof ConnectionRequestTimeoutException) {
                throw new DownstreamException(downstream, Kind.REFUSED, "GET " + pathAndQuery + " was not sent: no "
                        + "pooled connection came free within the client's connectionRequestTimeout", e);
            }
            throw new DownstreamException(downstream, Kind.UNAVAILABLE, "GET " + pathAndQuery + " failed: " + describe(e), e);
        } finally {
            disarm.run();
        }
    }

    /**
     * {@code Retry-After} as RFC 9110 defines it: a whole number of seconds, or an HTTP-date (a date in
     * the past means "now"). Anything else is ignored, as if the header were absent. Capped at a day so
     * a nonsensical value cannot overflow anything downstream of it.
     */
    Optional<Duration> retryAfter(Header header) {
        if (header == null || header.getValue() == null) {
            return Optional.empty();
        }
        String value = header.getValue().trim();
        if (value.matches("[0-9]{1,9}")) {
            return Optional.of(cap(Duration.ofSeconds(Long.parseLong(value))));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : cap(wait));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration cap(Duration wait) {
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    /**
     * A response read to its end has already handed its connection back to the pool. One abandoned
     * part-way is closed IMMEDIATE: a graceful close would read the rest of a huge or endless body.
     */
    private static void close(ClassicHttpResponse response, boolean readToEnd) throws IOException {
        if (!readToEnd && response instanceof ModalCloseable modal) {
            modal.close(CloseMode.IMMEDIATE);
        } else {
            response.close();
        }
    }

    private URI resolve(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + pathAndQuery);
        }
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    /** Reads at most {@code maxBodyBytes}; a larger body is refused without reading (or buffering) the rest. */
    private byte[] readBounded(HttpEntity entity, String pathAndQuery) throws IOException, DownstreamException {
        if (entity == null) {
            throw badResponse(pathAndQuery, "has no body", null);
        }
        long length = entity.getContentLength();
        if (length > maxBodyBytes) {
            throw tooLarge(pathAndQuery);
        }
        InputStream in = entity.getContent(); // not closed here: closing it would read whatever is left
        if (length >= 0) {
            // The usual case: exactly the declared bytes, into an array of that size; readNBytes(max) would fill
            // 16 KiB chunks and copy them, 16 KiB of garbage per call. A body that ends early is an IOException.
            return in.readNBytes((int) length);
        }
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) { // fewer bytes than asked means the end, which hands the connection back
            throw tooLarge(pathAndQuery);
        }
        return body;
    }

    /**
     * Reads a small error body to its end so its connection is reused; says whether it did. A large or
     * unsized one is left for {@link #close} to drop with its connection.
     */
    private static boolean drain(HttpEntity entity) throws IOException {
        if (entity == null) {
            return true;
        }
        long length = entity.getContentLength();
        if (length < 0 || length > DRAIN_LIMIT_BYTES) {
            return false;
        }
        // Exactly the declared bytes (readBounded's reason: readNBytes(max) allocates 16 KiB whatever the length).
        return entity.getContent().readNBytes((int) length).length == length;
    }

    private DownstreamException tooLarge(String pathAndQuery) {
        return badResponse(pathAndQuery, "is larger than the " + maxBodyBytes + " bytes allowed", null);
    }

    private DownstreamException badResponse(String pathAndQuery, String what, Throwable cause) {
        return new DownstreamException(downstream, Kind.BAD_RESPONSE, "the answer to GET " + pathAndQuery + " " + what, cause);
    }

    /** Keeps the interrupt visible to the caller: the engine interrupted this call at its deadline. */
    private DownstreamException interrupted(String pathAndQuery, Throwable cause) {
        Thread.currentThread().interrupt();
        return new DownstreamException(downstream, Kind.UNAVAILABLE, "GET " + pathAndQuery + " was interrupted", cause);
    }

    private static String describe(IOException e) {
        String kind = switch (e) {
            case ConnectException c -> "connection refused";
            case SocketTimeoutException t -> "timed out";
            case InterruptedIOException i -> "aborted";
            default -> e.getClass().getSimpleName();
        };
        return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
