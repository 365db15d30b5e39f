package dev.hearth.home.adapter.in.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Optional;

/**
 * An RFC 9457 problem document: what went wrong, for a person and for a program. Every kind of error has a stable
 * {@code type} URI under {@link #TYPE_BASE} ({@link Type}); docs/SECURITY.md ("Responses") and openapi.yaml list them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String requestId) {
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The one place the problem type URIs are spelled: each is this base and the kind's slug. */
    public static final String TYPE_BASE = "https://hearth.dev/problems/";
    /** RFC 9457's type for a status with no kind of Hearth's own: the status and its reason phrase say it all. */
    public static final String NO_KIND = "about:blank";

    /** Each kind of error the service answers, with its status. */
    public enum Type {
        BAD_REQUEST(400, "bad-request", "Bad request"),
        MALFORMED_REQUEST(400, "malformed-request", "Malformed HTTP request"),
        MALFORMED_HEADER(400, "malformed-header", "Malformed request header"),
        AMBIGUOUS_PATH(400, "ambiguous-path", "Ambiguous URI path"),
        SUSPICIOUS_PATH_CHARACTER(400, "suspicious-path-character", "Suspicious character in the URI path"),
        INVALID_URI(400, "invalid-uri", "Invalid URI"),
        MISSING_PARAMETER(400, "missing-parameter", "Missing parameter"),
        TOKEN_IN_QUERY(400, "token-in-query", "Token in the query string"),
        MULTIPLE_AUTHORIZATION_HEADERS(400, "multiple-authorization-headers", "More than one Authorization header"),
        UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
        FORBIDDEN(403, "forbidden", "Forbidden"),
        UNKNOWN_CUSTOMER(403, "unknown-customer", "Unknown customer"),
        NOT_FOUND(404, "not-found", "Not found"),
        METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
        NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
        REQUEST_TIMEOUT(408, "request-timeout", "Request timeout"),
        CONTENT_TOO_LARGE(413, "content-too-large", "Content too large"),
        URI_TOO_LONG(414, "uri-too-long", "URI too long"),
        UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
        HEADER_TOO_LARGE(431, "header-too-large", "Request header fields too large"),
        INTERNAL_ERROR(500, "internal-error", "Internal error"),
        NOT_IMPLEMENTED(501, "not-implemented", "Not implemented"),
        UNAVAILABLE(503, "unavailable", "Service unavailable"),
        /** A request that waited too long to be built in time, answered at once, with Retry-After (ADR 031). */
        OVERLOADED(503, "overloaded", "Overloaded"),
        HTTP_VERSION_NOT_SUPPORTED(505, "http-version-not-supported", "HTTP version not supported");

        private final int status;
        private final String slug;
        private final String title;

        Type(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String uri() {
            return TYPE_BASE + slug;
        }

        public String title() {
            return title;
        }

        /** The general kind of a status (the first listed with it), when nothing more specific is known. */
        public static Optional<Type> of(int status) {
            return Arrays.stream(values()).filter(t -> t.status == status).findFirst();
        }
    }

    /** A problem of the given kind. */
    public static Problem of(Type type, String detail, String requestId) {
        return new Problem(type.uri(), type.title(), type.status(), detail, requestId);
    }

    /** The general problem of a status: its kind when it has one, else {@value #NO_KIND} and the reason phrase. */
    public static Problem of(int status, String reasonPhrase, String detail, String requestId) {
        return Type.of(status).map(type -> of(type, detail, requestId))
                .orElseGet(() -> new Problem(NO_KIND, reasonPhrase, status, detail, requestId));
    }

    public static Response response(Type type, String detail, String requestId) {
        return response(of(type, detail, requestId));
    }

    public static Response response(Response.StatusType status, String detail) {
        return response(status, detail, null);
    }

    /** The general problem of {@code status} ({@link Type#of}). */
    public static Response response(Response.StatusType status, String detail, String requestId) {
        return response(of(status.getStatusCode(), status.getReasonPhrase(), detail, requestId));
    }

    private static Response response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
    }
}
