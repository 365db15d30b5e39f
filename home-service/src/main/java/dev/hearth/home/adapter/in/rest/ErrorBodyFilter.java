package dev.hearth.home.adapter.in.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An error Jersey answers without a body becomes a problem. Jersey answers a request header it cannot parse (a
 * malformed {@code Accept}, {@code Content-Type}, ...) with a bare 400 that no exception mapper sees; this names the
 * header ({@link Problem.Type#MALFORMED_HEADER}). Any other bodiless error gets the general problem of its status.
 */
public final class ErrorBodyFilter implements ContainerResponseFilter {
    private static final Annotation[] NONE = {};
    private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);
    /** The headers Jersey parses, each with a way to make it parse them. */
    private static final Map<String, Function<ContainerRequestContext, Object>> PARSED = new LinkedHashMap<>();

    static {
        PARSED.put("Accept", ContainerRequestContext::getAcceptableMediaTypes);
        PARSED.put("Content-Type", ContainerRequestContext::getMediaType);
        PARSED.put("Accept-Language", ContainerRequestContext::getAcceptableLanguages);
        PARSED.put("Content-Language", ContainerRequestContext::getLanguage);
        PARSED.put("Cookie", ContainerRequestContext::getCookies);
        PARSED.put("Date", ContainerRequestContext::getDate);
        PARSED.put("Content-Length", ContainerRequestContext::getLength);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || response.hasEntity()) {
            return;
        }
        String requestId = RequestIdFilter.of(request);
        Response.StatusType status = response.getStatusInfo();
        Optional<String> malformed = status.getStatusCode() == 400 ? malformedHeader(request) : Optional.empty();
        Problem problem = malformed
                .map(header -> Problem.of(Problem.Type.MALFORMED_HEADER, "The " + header + " header cannot be parsed."
                        + (header.equals("Accept") ? " This API answers application/json (errors "
                        + "application/problem+json): send 'Accept: application/json', or no Accept header." : ""),
                        requestId))
                .orElseGet(() -> Problem.of(status.getStatusCode(), status.getReasonPhrase(),
                        "HTTP " + status.getStatusCode() + " " + status.getReasonPhrase() + ".", requestId));
        response.setEntity(problem, NONE, PROBLEM);
    }

    /** The first header Jersey cannot parse, if one is the reason for the 400. */
    static Optional<String> malformedHeader(ContainerRequestContext request) {
        for (Map.Entry<String, Function<ContainerRequestContext, Object>> header : PARSED.entrySet()) {
            if (request.getHeaderString(header.getKey()) == null) {
                continue;
            }
            try {
                header.getValue().apply(request);
            } catch (RuntimeException unparsable) {
                return Optional.of(header.getKey());
            }
        }
        return Optional.empty();
    }
}
